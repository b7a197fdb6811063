#include "access/access.h"

#include <string.h>

#include "access/access_json.h"
#include "account/account.h"
#include "core/arena.h"
#include "customer/customer.h"
#include "secrecy/secrecy.h"
#include "settings/settings.h"

const struct kh_setting access_setting_max_days = {"access_max_days",
                                                   7,
                                                   1,
                                                   90,
                                                   "天",
                                                   "days",
                                                   "查阅申请最长期限",
                                                   "Longest access a request grants"};
const struct kh_setting *const access_settings[] = {&access_setting_max_days, NULL};

/* Days asked for, within 1 .. the longest allowed (default: 3, or less when that is less). */
static enum kh_status check_days(const struct kh_ctx *ctx, struct access_subject *s,
                                 struct kh_err *err)
{
    int64_t max = 7;
    enum kh_status st = settings_int(ctx, &access_setting_max_days, &max, err);
    if (st)
        return st;
    if (!s->days_set)
        s->days = max < 3 ? max : 3;
    if (s->days < 1 || s->days > max)
        return kh_err_setf(err, KH_E_VALIDATION, "subject.days", "查阅期限应为 1 到 %lld 天",
                           "access runs 1 to %lld days", (long long)max, (long long)max);
    return KH_OK;
}

/*
 * Kind "access.read": subject {"customer_ids":[…]} and/or {"codes":[…]},
 * "days" (default 3). Each record must exist and be one the requester does
 * not read already; the request carries the highest level among them, so
 * the rules' secrecy steps apply. Kept: the ids with their codes.
 */
static enum kh_status read_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                 struct kh_err *err)
{
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "查阅申请须由具体的人提出",
                          "an access request is made by a person");
    if (!d->purpose || !*d->purpose)
        return kh_err_set(err, KH_E_VALIDATION, "purpose", "请说明查阅目的",
                          "give the purpose of the access");
    struct access_subject asked, kept;
    enum kh_status st = access_json_subject_read(ctx->arena, d->subject, &asked, err);
    if (st || (st = check_days(ctx, &asked, err)))
        return st;
    if (asked.nids + asked.ncodes == 0)
        return kh_err_set(err, KH_E_VALIDATION, "subject.customer_ids", "请指明要查阅的客户",
                          "name the customers to read");
    if (asked.nids + asked.ncodes > ACCESS_MAX_RECORDS)
        return kh_err_set(err, KH_E_VALIDATION, "subject.customer_ids", "一次最多申请查阅50位客户",
                          "at most 50 customers in one request");
    memset(&kept, 0, sizeof(kept));
    kept.days = asked.days;
    /* For an outside person (R-SEC-4): a registered, active visitor. */
    struct user visitor = {0};
    if (asked.for_user_id) {
        st = account_user_get(ctx, asked.for_user_id, &visitor, err);
        if (st == KH_E_NOT_FOUND ||
            (!st && (!visitor.active || strcmp(visitor.role, ACCOUNT_ROLE_VISITOR))))
            return kh_err_set(err, KH_E_VALIDATION, "subject.for_user_id",
                              "须为已登记且在用的外部查阅人",
                              "must be a registered, active visitor");
        if (st)
            return st;
        kept.for_user_id = visitor.id;
    }
    int level = SECRECY_NORMAL;
    for (int i = 0; i < asked.nids + asked.ncodes; i++) {
        bool by_id = i < asked.nids;
        int64_t id = 0;
        const char *code = NULL;
        int secrecy = 0;
        bool visible = false;
        st = customer_grant_target(
            ctx, by_id ? asked.ids[i] : 0, by_id ? NULL : asked.codes[i - asked.nids],
            by_id ? "subject.customer_ids" : "subject.codes", &id, &code, &secrecy, &visible, err);
        if (st)
            return st;
        if (visible && !kept.for_user_id)
            return kh_err_setf(
                err, KH_E_VALIDATION, by_id ? "subject.customer_ids" : "subject.codes",
                "你已可查看客户 %s，无需申请", "you already read customer %s", code, code);
        bool seen = false;
        for (int j = 0; j < kept.nids; j++)
            seen |= kept.ids[j] == id;
        if (seen)
            continue;
        kept.ids[kept.nids] = id;
        kept.codes[kept.nids++] = code;
        kept.ncodes = kept.nids;
        level = secrecy > level ? secrecy : level;
    }
    d->subject = access_json_subject_write(ctx->arena, &kept);
    d->secrecy = level;
    const char *first = kept.codes[0];
    const char *for_zh = "", *for_en = "";
    if (kept.for_user_id) {
        for_zh = arena_printf(ctx->arena, "外部查阅人 %s（%s）", visitor.display_name,
                              visitor.organization);
        for_en = arena_printf(ctx->arena, "Visitor %s (%s): ", visitor.display_name,
                              visitor.organization);
    }
    if (kept.nids == 1) {
        d->summary_zh =
            arena_printf(ctx->arena, "%s查阅客户 %s，%lld 天", for_zh, first, (long long)kept.days);
        d->summary_en = arena_printf(ctx->arena, "%sRead customer %s for %lld days", for_en, first,
                                     (long long)kept.days);
    } else {
        d->summary_zh = arena_printf(ctx->arena, "%s查阅客户 %s 等 %d 位，%lld 天", for_zh, first,
                                     kept.nids, (long long)kept.days);
        d->summary_en = arena_printf(ctx->arena, "%sRead %d customers (%s, …) for %lld days",
                                     for_en, kept.nids, first, (long long)kept.days);
    }
    return KH_OK;
}

static enum kh_status read_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                 const struct approval_request *r, struct kh_err *err)
{
    struct access_subject s;
    if (access_json_subject_read(ctx->arena, r->subject, &s, err) || s.days < 1)
        return kh_err_set(err, KH_E_INTERNAL, "", "审批申请的内容无法读取",
                          "the request's subject cannot be read");
    return customer_grants_add_on(c, ctx, r->id, s.for_user_id ? s.for_user_id : r->requester_id,
                                  s.ids, s.nids, ctx_now(ctx) + s.days * 86400, err);
}

/*
 * Endorsed by the requester's department head, approved by customer service
 * (the information supervisor); a record kept secret (confidential or top
 * secret) also by the CS manager, as the source policy asks for 密级文件.
 */
static const struct approval_rule read_rules[] = {
    {.approver = "dept_head", .hours = 24},
    {.approver = "role", .role = "info_supervisor", .hours = 24},
    {.approver = "role", .role = "cs_manager", .min_secrecy = SECRECY_CONFIDENTIAL, .hours = 24},
    {0},
};

const struct approval_kind access_approval_read = {
    .name = "access.read",
    .label_zh = "查阅客户资料",
    .label_en = "Access to customer records",
    .defaults = read_rules,
    .check = read_check,
    .apply = read_apply,
};
