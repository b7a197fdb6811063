/*
 * Verified updates (R-ARC-12): an owner's change to a key field of an
 * A-grade customer waits for the manager's confirmation, through the
 * approvals engine (kind "customer.key_change"), before it takes effect.
 * The request's subject names the customer, the version changed and the
 * fields (what approvers see); the values themselves are its secret, kept
 * out of sight until the last approval applies them in its own write.
 */
#include <stdlib.h>
#include <string.h>

#include "approval/approval.h"
#include "core/buf.h"
#include "core/mem.h"
#include "customer/customer_internal.h"
#include "customer/customer_json.h"
#include "settings/settings.h"

#define KIND "customer.key_change"

extern const struct approval_kind customer_approval_key_change;

const struct kh_setting customer_setting_confirm_a_grade = {
    "customer_confirm_a_grade",
    1,
    0,
    1,
    "（1 开，0 关）",
    "(1 on, 0 off)",
    "A级客户关键字段变更须经理确认",
    "Key-field changes to A-grade customers need the manager's confirmation"};

/* The changed fields that need confirmation: every recorded change but custom values'. */
static int key_changes(const struct customer_write *w, const char **fields, int cap)
{
    int n = 0;
    for (int i = 0; i < w->nchanges && n < cap; i++)
        if (strncmp(w->changes[i].field, "custom.", 7) != 0)
            fields[n++] = w->changes[i].field;
    return n;
}

enum kh_status customer__needs_confirmation(const struct kh_ctx *ctx,
                                            const struct customer_write *w, bool *needed,
                                            struct kh_err *err)
{
    *needed = false;
    const char *fields[40];
    if (w->unchanged || strcmp(w->c->grade, "A") != 0 || !ctx->actor.user_id ||
        w->c->owner_id != ctx->actor.user_id || ctx_can(ctx, &customer_perm_grade) ||
        !key_changes(w, fields, 40))
        return KH_OK;
    int64_t on = 1;
    enum kh_status st = settings_get_int(ctx, customer_setting_confirm_a_grade.key,
                                         customer_setting_confirm_a_grade.def, &on, err);
    *needed = !st && on;
    return st;
}

enum kh_status customer__ask_confirmation(const struct kh_ctx *ctx, const struct customer_write *w,
                                          const struct customer_input *in, int64_t *approval_id,
                                          struct kh_err *err)
{
    const char *fields[40];
    int n = key_changes(w, fields, 40);
    struct buf list;
    buf_init(&list, 120);
    for (int i = 0; i < n; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", fields[i]);
    char *subject = customer_json_key_change_subject(w->c->id, w->expect_version, fields, n);
    char *secret = customer_input_dump(in);
    struct approval_draft d = {
        .kind = &customer_approval_key_change,
        .subject = arena_strdup(ctx->arena, subject ? subject : ""),
        .secret = arena_strdup(ctx->arena, secret ? secret : ""),
        .summary_zh = arena_printf(ctx->arena, "修改A级客户 %s %s 的关键字段：%s", w->c->code,
                                   w->c->name, buf_cstr(&list)),
        .summary_en = arena_printf(ctx->arena, "Change key fields of A-grade customer %s %s: %s",
                                   w->c->code, w->c->name, buf_cstr(&list)),
        .secrecy = w->c->secrecy,
        .reason = "A级客户关键字段变更须经理确认 / a key-field change to an A-grade customer "
                  "needs the manager's confirmation",
        .purpose = "",
    };
    free(subject);
    free(secret);
    buf_release(&list);
    return approval_submit_kind(ctx, &d, approval_id, err);
}

/* Submitted by customer_update only: the summary and secrecy are the update's. */
static enum kh_status key_change_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                       struct kh_err *err)
{
    (void)ctx;
    int64_t id = 0, version = 0;
    if (!customer_json_key_change_read(d->subject, &id, &version) || !d->secret || !*d->secret)
        return kh_err_set(err, KH_E_VALIDATION, "subject", "要修改的客户无法读取",
                          "the customer to change cannot be read");
    return KH_OK;
}

/*
 * The last approval: the change as the owner made it, on the version they
 * saw (a change since: KH_E_CONFLICT, and the approval is not recorded).
 */
static enum kh_status key_change_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                       const struct approval_request *r, struct kh_err *err)
{
    int64_t id = 0, version = 0;
    struct customer_input in;
    enum kh_status st = customer_json_key_change_read(r->subject, &id, &version)
                            ? customer_input_parse_text(ctx->arena, r->secret, &in, err)
                            : kh_err_set(err, KH_E_INTERNAL, "", "待确认的修改无法读取",
                                         "the change waiting for confirmation cannot be read");
    struct customer_write w;
    if (!st) {
        in.version = version;
        st = customer__prepare_update(ctx, NULL, id, &in, false, &w, err);
    }
    if (!st && !w.unchanged) {
        w.request_id = r->id;
        st = customer_store_update_on(c, ctx, &w, err);
        if (st == KH_E_CONFLICT && w.hit.id)
            st = customer_dup_error(&w.hit, err);
    }
    return st;
}

/* The department head of the owner confirms (the sales manager of a salesperson). */
static const struct approval_rule key_change_rules[] = {
    {.approver = "dept_head", .hours = 24},
    {0},
};

const struct approval_kind customer_approval_key_change = {
    .name = KIND,
    .label_zh = "A级客户关键字段变更",
    .label_en = "Key-field change to an A-grade customer",
    .defaults = key_change_rules,
    .not_direct = true,
    .check = key_change_check,
    .apply = key_change_apply,
};
