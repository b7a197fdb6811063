#include "retention/retention.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "approval/approval.h"
#include "audit/audit.h"
#include "audit/audit_store.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "customer/customer.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "retention/retention_json.h"
#include "retention/retention_store.h"
#include "settings/settings.h"

const struct kh_perm customer_perm_destroy = {"customer.destroy", "申请销毁客户档案",
                                              "Ask to destroy customer records"};

const struct kh_audit_action retention_audit_actions[] = {
    {"customer.destroy", "销毁客户档案", "Destroyed a customer record"},
    {"retention.rules", "修改保管期限", "Changed the retention periods"},
    {"retention.wipe", "清除已销毁记录的残留数据", "Wiped destroyed records from the files"},
    {0},
};

/* ---- rules ---- */

enum kh_status retention_rules(const struct kh_ctx *ctx, struct retention_rule **out, int *count,
                               struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx_can(ctx, &customer_perm_destroy) && !ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看保管期限的权限",
                          "not allowed to see the retention periods");
    return retention_store_rules(ctx, out, count, err);
}

static bool in_set(int set, const char *v)
{
    const char *name = NULL;
    const struct kh_choice *c = customer_choice_set(set, &name);
    for (; c && c->value; c++)
        if (!strcmp(c->value, v))
            return true;
    return false;
}

enum kh_status retention_rules_put(const struct kh_ctx *ctx, const struct retention_rule *rules,
                                   int n, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有管理员可以修改保管期限",
                          "only administrators change the retention periods");
    if (n > RETENTION_MAX_RULES)
        return kh_err_setf(err, KH_E_VALIDATION, "rules", "最多 %d 条规则", "at most %d rules",
                           RETENTION_MAX_RULES, RETENTION_MAX_RULES);
    struct buf detail;
    buf_init(&detail, 200);
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        const struct retention_rule *r = &rules[i];
        char field[40];
        if (!r->category ||
            (strcmp(r->category, "*") && !in_set(KH_CHOICE_CATEGORIES, r->category))) {
            snprintf(field, sizeof(field), "rules[%d].category", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "须为客户类别或 *",
                            "must be a customer category or *");
        } else if (!r->stage || (strcmp(r->stage, "*") && !in_set(KH_CHOICE_STAGES, r->stage))) {
            snprintf(field, sizeof(field), "rules[%d].stage", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "须为客户阶段或 *",
                            "must be a lifecycle stage or *");
        } else if (r->months < 0 || r->months > 1200) {
            snprintf(field, sizeof(field), "rules[%d].months", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "月数须在 0 到 1200 之间（0 为永久保存）",
                            "months must be 0-1200 (0: kept for good)");
        }
        for (int j = 0; !st && j < i; j++)
            if (!strcmp(rules[j].category, r->category) && !strcmp(rules[j].stage, r->stage))
                st = kh_err_set(err, KH_E_VALIDATION, "rules", "同一类别和阶段只能有一条规则",
                                "one rule per category and stage");
        if (!st && detail.len < 180)
            buf_printf(&detail, "%s%s/%s=%lld", i ? " " : "", r->category, r->stage,
                       (long long)r->months);
    }
    if (!st)
        st = retention_store_rules_put(ctx, rules, n, buf_cstr(&detail), err);
    buf_release(&detail);
    return st;
}

/* ---- the register ---- */

enum kh_status retention_register(const struct kh_ctx *ctx, int64_t before, int limit,
                                  struct destruction_page *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!ctx_can(ctx, &customer_perm_destroy) && !ctx_can(ctx, &settings_perm_manage) &&
        !ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看销毁登记的权限",
                          "not allowed to see the destruction register");
    if (limit < 1 || limit > 200)
        return kh_err_set(err, KH_E_INVALID, "limit", "每页 1 到 200 条", "limit must be 1-200");
    if (before < 0)
        return kh_err_set(err, KH_E_INVALID, "before", "须为登记编号", "must be an entry id");
    return retention_store_register(ctx, before, limit, out, err);
}

/* ---- the request (approvals engine, kind customer.destroy) ---- */

static enum kh_status destroy_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                    struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_destroy))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有申请销毁客户档案的权限",
                          "not allowed to ask for the destruction of customer records");
    if (!d->reason || !*d->reason)
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请写明销毁理由（勿写客户姓名）",
                          "give the reason for the destruction (without the customer's name)");
    struct destroy_subject asked, kept;
    enum kh_status st = retention_json_subject_read(ctx->arena, d->subject, &asked, err);
    if (st)
        return st;
    memset(&kept, 0, sizeof(kept));
    int level = 0, due = 0;
    int64_t now = ctx_now(ctx);
    for (int i = 0; i < asked.nids; i++) {
        bool seen = false;
        for (int j = 0; j < kept.nids; j++)
            seen |= kept.ids[j] == asked.ids[i];
        if (seen)
            continue;
        struct customer c;
        if ((st = customer_destroy_target(ctx, asked.ids[i], "subject.customer_ids", &c, err)))
            return st;
        kept.ids[kept.nids++] = c.id;
        kept.codes[kept.ncodes++] = c.code;
        level = c.secrecy > level ? c.secrecy : level;
        due += c.destroy_due_at > 0 && c.destroy_due_at <= now;
    }
    d->subject = retention_json_subject_write(ctx->arena, &kept);
    d->secrecy = level;
    /* Codes only: a summary outlives the records it names. */
    if (kept.nids == 1) {
        d->summary_zh = arena_printf(ctx->arena, "销毁客户档案 %s%s", kept.codes[0],
                                     due ? "（保管期满）" : "（未到保管期限）");
        d->summary_en = arena_printf(ctx->arena, "Destroy customer record %s%s", kept.codes[0],
                                     due ? " (retention ended)" : " (before its retention ended)");
    } else {
        d->summary_zh = arena_printf(ctx->arena, "销毁客户档案 %s 等 %d 位（保管期满 %d 位）",
                                     kept.codes[0], kept.nids, due);
        d->summary_en =
            arena_printf(ctx->arena, "Destroy %d customer records (%s, …; %d past retention)",
                         kept.nids, kept.codes[0], due);
    }
    return KH_OK;
}

/* The last approval: every customer wiped and registered in this write, or none. */
static enum kh_status destroy_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                    const struct approval_request *r, struct kh_err *err)
{
    struct destroy_subject s;
    enum kh_status st = retention_json_subject_read(ctx->arena, r->subject, &s, err);
    if (st)
        return kh_err_set(err, KH_E_INTERNAL, "", "审批申请的内容无法读取",
                          "the request's subject cannot be read");
    int64_t now = ctx_now(ctx);
    for (int i = 0; !st && i < s.nids; i++) {
        struct customer_destroyed out;
        st = customer_destroy_on(c, ctx, s.ids[i], &out, err);
        if (st == KH_E_NOT_FOUND) /* destroyed or gone since the request */
            st = kh_err_setf(err, KH_E_CONFLICT, "subject.customer_ids", "客户 %s 已不存在",
                             "customer %s no longer exists", i < s.ncodes ? s.codes[i] : "?",
                             i < s.ncodes ? s.codes[i] : "?");
        if (st)
            break;
        struct destruction d = {.code = out.code,
                                .category = out.category,
                                .stage = out.stage,
                                .secrecy = out.secrecy,
                                .archived_at = out.archived_at,
                                .request_id = r->id,
                                .reason = r->reason,
                                .destroyed_at = now};
        st = retention_store_register_add_on(c, &d, r->requester_id, ctx->actor.user_id, err);
        if (!st) {
            const char *detail =
                arena_printf(ctx->arena, "code=%s request=%lld", out.code, (long long)r->id);
            struct audit_event ev = {"customer.destroy", "customer", s.ids[i], detail};
            st = audit_store_append(c, &ctx->actor, now, &ev, err);
        }
    }
    return st;
}

/* The general manager approves a destruction. */
static const struct approval_rule destroy_rules[] = {
    {.approver = "role", .role = "gm", .hours = 72},
    {0},
};

const struct approval_kind retention_approval_destroy = {
    .name = "customer.destroy",
    .label_zh = "销毁客户档案",
    .label_en = "Destruction of customer records",
    .defaults = destroy_rules,
    .check = destroy_check,
    .apply = destroy_apply,
};

/* ---- wiping the files after destructions ---- */

static enum kh_status wipe_run(struct job_run *run, struct kh_err *err)
{
    int64_t newest = 0;
    enum kh_status st = retention_store_unwiped(&run->ctx, &newest, err);
    if (!st && newest)
        st = customer_search_compact(&run->ctx, err);
    if (!st && newest)
        st = retention_store_wipe(&run->ctx, newest, err);
    if (!st && newest) {
        const char *detail = arena_printf(run->ctx.arena, "through=%lld", (long long)newest);
        struct audit_event ev = {"retention.wipe", "", 0, detail};
        st = audit_record(&run->ctx, &ev, err);
    }
    if (st)
        return st;
    const char *summary =
        arena_printf(run->ctx.arena, "{\"wiped_through\":%lld}", (long long)newest);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

/* Wiping again what is wiped already costs time only: a cut run runs again. */
const struct job_kind retention_wipe_job_kind = {"retention.wipe", "清除已销毁记录的残留数据",
                                                 "Wipe destroyed records from the files", wipe_run,
                                                 3};

/* Due while a destruction waits to be wiped; one run per newest destruction. */
static bool wipe_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    (void)now;
    int64_t newest = 0;
    struct kh_err err;
    if (retention_store_unwiped(ctx, &newest, &err) || !newest)
        return false;
    snprintf(period, cap, "destruction-%lld", (long long)newest);
    return true;
}

const struct job_task retention_wipe_task = {"retention.wipe", "清除已销毁记录的残留数据",
                                             "Wipe destroyed records from the files",
                                             &retention_wipe_job_kind, wipe_due};
