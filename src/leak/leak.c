#include "leak/leak.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "calendar/calendar.h"
#include "jobs/jobs.h"
#include "app/customer_ref.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "leak/leak_store.h"

const struct kh_perm leak_perm_manage = {"leak.manage", "处理泄露报告",
                                         "Handle leak reports and their remedial actions"};
const struct kh_perm *const leak_perms[] = {&leak_perm_manage, NULL};

const struct kh_audit_action leak_audit_actions[] = {
    {"leak.report", "报告疑似泄露", "Reported a suspected leak"},
    {"leak.action", "布置整改措施", "Set a remedial action"},
    {"leak.action_done", "完成整改措施", "Completed a remedial action"},
    {"leak.close", "泄露报告结案", "Closed a leak report"},
    {0},
};

static const struct kh_choice leak_states[] = {
    {"open", "处理中", "Open"},
    {"closed", "已结案", "Closed"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice *leak_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return leak_states;
}

static const struct list_field leak_fields[] = {
    {"id", LIST_ID, LIST_OP_EQ, offsetof(struct leak_filter, id), .index = "the primary key"},
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct leak_filter, state), .choice_set = 0,
     .index = "checked on the rows of the page's walk (a few reports a year)"},
    {0},
};

const struct list_spec leak_list_spec = {
    .name = "leak_reports", .fields = leak_fields, .choices = leak_choices};

/* Text of at most max characters; required ones must not be empty. */
static bool text_ok(const char *s, size_t max, bool required)
{
    if (!s || !*s)
        return !required;
    size_t n = strlen(s);
    return utf8_valid(s, n) && utf8_count(s, n) <= max;
}

enum kh_status leak_report(const struct kh_ctx *ctx, const struct leak_input *in, int64_t *id,
                           struct kh_err *err)
{
    *id = 0;
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "泄露报告须由具体的人提出",
                          "a leak is reported by a person");
    if (!text_ok(in->summary, 200, true))
        return kh_err_set(err, KH_E_VALIDATION, "summary", "请简述发生了什么（200字以内）",
                          "say briefly what happened (at most 200 characters)");
    if (!text_ok(in->details, 4000, false))
        return kh_err_set(err, KH_E_VALIDATION, "details", "详细经过最多4000字",
                          "the details are at most 4,000 characters");
    if (in->occurred_at < 0 || in->occurred_at > ctx_now(ctx))
        return kh_err_set(err, KH_E_VALIDATION, "occurred_at", "发生时间不能晚于现在",
                          "it cannot have happened in the future");
    if (in->ncustomers > LEAK_MAX_CUSTOMERS)
        return kh_err_set(err, KH_E_VALIDATION, "customer_ids", "一次最多列出50位客户",
                          "name at most 50 customers");
    /* The records named: those the reporter reads (others answer as unknown). */
    for (int i = 0; i < in->ncustomers; i++) {
        bool visible = false;
        const char *code = NULL, *name = NULL;
        enum kh_status st =
            customer_describe(ctx, in->customer_ids[i], &visible, &code, &name, err);
        if (st == KH_E_NOT_FOUND || (!st && !visible))
            return kh_err_setf(err, KH_E_VALIDATION, "customer_ids", "客户 %lld 不存在或您无权查看",
                               "customer %lld does not exist or is not yours to see",
                               (long long)in->customer_ids[i], (long long)in->customer_ids[i]);
        if (st)
            return st;
    }
    return leak_store_insert(ctx, in, id, err);
}

/* Its reporter, the owner of one of its actions, and the handlers (leak.manage). */
static bool may_see(const struct kh_ctx *ctx, const struct leak_report *r)
{
    for (int i = 0; i < r->nactions; i++)
        if (r->actions[i].owner_id == ctx->actor.user_id)
            return true;
    return r->reporter_id == ctx->actor.user_id || ctx_can(ctx, &leak_perm_manage);
}

enum kh_status leak_get(const struct kh_ctx *ctx, int64_t id, struct leak_report *out,
                        struct kh_err *err)
{
    enum kh_status st = leak_store_get(ctx, id, out, err);
    if (!st && !may_see(ctx, out))
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "没有这份泄露报告", "no such leak report");
    return st;
}

enum kh_status leak_list(const struct kh_ctx *ctx, const struct leak_filter *f,
                         const struct list_page *page, struct leak_report **out, int *count,
                         const char **next, struct kh_err *err)
{
    int64_t only = ctx_can(ctx, &leak_perm_manage) ? 0 : ctx->actor.user_id;
    return leak_store_list(ctx, f, only, page, out, count, next, err);
}

static enum kh_status must_manage(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &leak_perm_manage)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "没有处理泄露报告的权限",
                            "not allowed to handle leak reports");
}

enum kh_status leak_action_add(const struct kh_ctx *ctx, int64_t id, const char *action,
                               int64_t owner_id, int64_t due_at, int64_t *action_id,
                               struct kh_err *err)
{
    *action_id = 0;
    struct leak_report r;
    enum kh_status st = must_manage(ctx, err);
    if (!st)
        st = leak_get(ctx, id, &r, err);
    if (st)
        return st;
    if (!text_ok(action, 500, true))
        return kh_err_set(err, KH_E_VALIDATION, "action", "请填写整改措施（500字以内）",
                          "describe the action (at most 500 characters)");
    struct user owner;
    st = owner_id > 0 ? account_user_get(ctx, owner_id, &owner, err) : KH_E_NOT_FOUND;
    if (st == KH_E_NOT_FOUND || (!st && !owner.active))
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "负责人须为在职用户",
                          "the owner must be an active user");
    if (st)
        return st;
    if (due_at <= ctx_now(ctx))
        return kh_err_set(err, KH_E_VALIDATION, "due_at", "完成期限须晚于现在",
                          "the due time must be in the future");
    return leak_store_action_add(ctx, id, action, owner_id, due_at, action_id, err);
}

enum kh_status leak_action_done(const struct kh_ctx *ctx, int64_t id, int64_t action_id,
                                const char *note, struct kh_err *err)
{
    if (!text_ok(note, 500, false))
        return kh_err_set(err, KH_E_VALIDATION, "note", "说明最多500字",
                          "the note is at most 500 characters");
    struct leak_report r;
    enum kh_status st = leak_store_get(ctx, id, &r, err);
    if (st)
        return st;
    const struct leak_action *a = NULL;
    for (int i = 0; i < r.nactions; i++)
        if (r.actions[i].id == action_id)
            a = &r.actions[i];
    bool mine = a && a->owner_id == ctx->actor.user_id;
    if (!a || !may_see(ctx, &r))
        return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这项整改措施", "no such action");
    if (!mine && !ctx_can(ctx, &leak_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有措施负责人或泄露报告处理人可以办结",
                          "only the action's owner or a handler of leak reports completes it");
    return leak_store_action_done(ctx, id, action_id, note, err);
}

enum kh_status leak_close(const struct kh_ctx *ctx, int64_t id, const char *conclusion,
                          struct kh_err *err)
{
    struct leak_report r;
    enum kh_status st = must_manage(ctx, err);
    if (!st)
        st = leak_get(ctx, id, &r, err);
    if (st)
        return st;
    if (!text_ok(conclusion, 2000, true))
        return kh_err_set(err, KH_E_VALIDATION, "conclusion", "请填写结论（2000字以内）",
                          "give the conclusion (at most 2,000 characters)");
    return leak_store_close(ctx, id, conclusion, err);
}

/* A merged customer's leak reports name the survivor (R-ARC-8). */
const struct customer_ref_kind leak_customer_ref = {"leak_reports", leak_store_repoint_customer_on};

/* ---- overdue actions (a periodic task) ---- */

/* Besides the action's owner, those told of leaks at once (R-SEC-9) hear of late actions. */
static const char *const watcher_roles[] = {"info_supervisor", "cs_manager", NULL};

static enum kh_status alert(const struct kh_ctx *ctx, int64_t now, int64_t day, int *n,
                            struct kh_err *err)
{
    return leak_store_alert(ctx, now, day, watcher_roles, n, err);
}

/* Every working day of the business calendar until done. */
static const struct calendar_alerts overdue_alerts = {leak_store_alert_due, alert};

static enum kh_status overdue_run(struct job_run *run, struct kh_err *err)
{
    return calendar_alerts_run(run, &overdue_alerts, err);
}

const struct job_kind leak_overdue_kind = {"leak.overdue", "泄露整改逾期提醒",
                                           "Overdue leak action alerts", overdue_run, 3};

static bool overdue_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return calendar_alerts_due(ctx, &overdue_alerts, now, period, cap);
}

const struct job_task leak_overdue_task = {"leak.overdue", "提醒逾期的泄露整改",
                                           "Alert overdue leak actions", &leak_overdue_kind,
                                           overdue_due};
