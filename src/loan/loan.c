#include "loan/loan.h"

#include <stdio.h>
#include <string.h>

#include "app/customer_ref.h"
#include "app/holding.h"
#include "app/registry.h"
#include "calendar/calendar.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "jobs/jobs.h"
#include "loan/loan_store.h"
#include "settings/settings.h"

const struct kh_perm loan_perm_manage = {"loan.manage", "管理外借登记册",
                                         "Keep the lending register"};
const struct kh_perm *const loan_perms[] = {&loan_perm_manage, NULL};

const struct kh_audit_action loan_audit_actions[] = {
    {"loan.checkout", "借出客户资料", "Checked out customer files"},
    {"loan.export", "导出登记为外借", "Registered an export as a loan"},
    {"loan.handover", "离职交接外借", "Handed loans over to a successor"},
    {"loan.return", "归还（注销）外借", "Registered a return"},
    {"loan.export_register", "导出外借登记册", "Exported the lending register"},
    {0},
};

const struct kh_setting loan_setting_max_days = {
    "loan_max_days", 3, 1, 30, "天", "days", "外借最长期限", "Longest loan of customer files"};
const struct kh_setting *const loan_settings[] = {&loan_setting_max_days, NULL};

static const struct kh_choice loan_states[] = {
    {"open", "未归还", "Not returned"},
    {"overdue", "逾期未还", "Overdue"},
    {"returned", "已归还", "Returned"},
    {"all", "全部", "All"},
    {0},
};
static const struct kh_choice loan_kinds[] = {
    {"file", "借阅客户资料", "Customer files"},
    {"export", "导出", "Export"},
    {0},
};

static const struct kh_choice *loan_choices(int set, const char **name)
{
    *name = set ? "kinds" : "states";
    return set ? loan_kinds : loan_states;
}

static const struct list_field loan_fields[] = {
    {"id", LIST_ID, LIST_OP_EQ, offsetof(struct loan_filter, id), .index = "the primary key"},
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct loan_filter, state), .choice_set = 0,
     .index = "loans_open"},
    {"kind", LIST_CHOICE, LIST_OP_EQ, offsetof(struct loan_filter, kind), .choice_set = 1,
     .index = "checked on the rows of the page's walk"},
    {"borrower_id", LIST_ID, LIST_OP_EQ, offsetof(struct loan_filter, borrower_id),
     .index = "loans_borrower"},
    {"lent_from", LIST_DATE_RANGE, LIST_OP_RANGE, offsetof(struct loan_filter, lent_from),
     .key_to = "lent_to", .offset_to = offsetof(struct loan_filter, lent_to),
     .index = "checked on the rows of the page's walk"},
    {0},
};

const struct list_spec loan_list_spec = {
    .name = "loans", .fields = loan_fields, .choices = loan_choices};

static enum kh_status max_days(const struct kh_ctx *ctx, int64_t *days, struct kh_err *err)
{
    *days = 3;
    return settings_int(ctx, &loan_setting_max_days, days, err);
}

static bool text_ok(const char *s, size_t max)
{
    return s && *s && utf8_valid(s, strlen(s)) && utf8_count(s, strlen(s)) <= max;
}

enum kh_status loan_checkout(const struct kh_ctx *ctx, const struct loan_checkout *in,
                             struct loan *out, struct kh_err *err)
{
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "借出须由具体的人登记",
                          "a checkout is registered by a person");
    if (in->ncustomers < 1 || in->ncustomers > LOAN_MAX_ITEMS)
        return kh_err_set(err, KH_E_VALIDATION, "customer_ids", "请指明借出的客户（最多200位）",
                          "name the customers checked out (at most 200)");
    if (!text_ok(in->reason, 500))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请填写借出理由（500字以内）",
                          "give the reason (at most 500 characters)");
    if (!in->confirm)
        return kh_err_set(err, KH_E_VALIDATION, "confirm", "请由借阅人确认已领取并按期归还",
                          "the borrower confirms receipt and the return date");
    int64_t max = 3;
    enum kh_status st = max_days(ctx, &max, err);
    if (st)
        return st;
    int64_t days = in->days < 0 ? max : in->days;
    if (days < 1 || days > max)
        return kh_err_setf(err, KH_E_VALIDATION, "days", "借出期限应为 1 到 %lld 天",
                           "a loan runs 1 to %lld days", (long long)max, (long long)max);
    /* Each record through the one visibility check (a grant counts: read is what a loan is). */
    struct buf items;
    buf_init(&items, 256);
    for (int i = 0; i < in->ncustomers && !st; i++) {
        struct customer c;
        st = customer_get(ctx, in->customer_ids[i], &c, err);
        if (st == KH_E_NOT_FOUND)
            kh_err_set(err, KH_E_VALIDATION, "customer_ids", "客户不存在或无权查看",
                       "customer not found or not visible to you");
        if (st)
            break;
        buf_printf(&items, "%s%s %s", i ? "；" : "", c.code, c.name);
    }
    if (st) {
        buf_release(&items);
        return st == KH_E_NOT_FOUND ? KH_E_VALIDATION : st;
    }
    int64_t now = ctx_now(ctx);
    struct loan l = {.borrower_id = ctx->actor.user_id,
                     .kind = "file",
                     .items = arena_strdup(ctx->arena, buf_cstr(&items)),
                     .item_count = in->ncustomers,
                     .reason = in->reason,
                     .lent_at = now,
                     .confirmed_at = now,
                     .due_at = now + days * 86400,
                     .customer_ids = in->customer_ids,
                     .ncustomer_ids = in->ncustomers};
    buf_release(&items);
    int64_t id = 0;
    const char *detail =
        arena_printf(ctx->arena, "customers=%d days=%lld", in->ncustomers, (long long)days);
    st = loan_store_insert(ctx, &l, detail, NULL, &id, err);
    return st ? st : loan_store_get(ctx, id, out, err);
}

enum kh_status loan_register_export(const struct kh_ctx *ctx, int64_t job_id, int64_t customer_id,
                                    const char *items, int64_t count, const char *reason,
                                    const struct audit_event *also, struct kh_err *err)
{
    int64_t max = 3;
    enum kh_status st = max_days(ctx, &max, err);
    if (st)
        return st;
    int64_t now = ctx_now(ctx);
    struct loan l = {.borrower_id = ctx->actor.user_id,
                     .kind = "export",
                     .items = items,
                     .item_count = count,
                     .reason = reason && *reason ? reason : "导出 / export",
                     .job_id = job_id,
                     .lent_at = now,
                     .confirmed_at = now,
                     .due_at = now + max * 86400,
                     .customer_ids = customer_id ? &customer_id : NULL,
                     .ncustomer_ids = customer_id ? 1 : 0};
    int64_t id = 0;
    const char *detail =
        arena_printf(ctx->arena, "job=%lld rows=%lld", (long long)job_id, (long long)count);
    return loan_store_insert(ctx, &l, detail, also, &id, err);
}

static bool may_see(const struct kh_ctx *ctx, const struct loan *l)
{
    return l->borrower_id == ctx->actor.user_id || ctx_can(ctx, &loan_perm_manage);
}

enum kh_status loan_get(const struct kh_ctx *ctx, int64_t id, struct loan *out, struct kh_err *err)
{
    enum kh_status st = loan_store_get(ctx, id, out, err);
    if (!st && !may_see(ctx, out))
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "没有这笔外借", "no such loan");
    return st;
}

enum kh_status loan_return(const struct kh_ctx *ctx, int64_t id, const char *note, struct loan *out,
                           struct kh_err *err)
{
    if (note && (!utf8_valid(note, strlen(note)) || utf8_count(note, strlen(note)) > 500))
        return kh_err_set(err, KH_E_VALIDATION, "note", "备注最多500字",
                          "the note is at most 500 characters");
    enum kh_status st = loan_get(ctx, id, out, err);
    if (st)
        return st;
    if (out->returned_at)
        return kh_err_set(err, KH_E_CONFLICT, "", "这笔外借已归还", "this loan was returned");
    st = loan_store_return(ctx, id, note ? note : "", err);
    return st ? st : loan_store_get(ctx, id, out, err);
}

enum kh_status loan_list(const struct kh_ctx *ctx, const struct loan_filter *f,
                         const struct list_page *page, struct loan **out, int *count,
                         const char **next, struct kh_err *err)
{
    int64_t only = ctx_can(ctx, &loan_perm_manage) ? 0 : ctx->actor.user_id;
    return loan_store_list(ctx, f, only, page, out, count, next, err);
}

enum kh_status loan_list_of_customer(const struct kh_ctx *ctx, int64_t id, struct loan **out,
                                     int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    enum kh_status st = customer_access_log_check(ctx, id, err);
    return st ? st : loan_store_of_customer(ctx, id, 100, out, count, err);
}

/* ---- overdue alerts (a periodic task) ---- */

/* Who is alerted of overdue loans besides their borrowers: the information specialists. */
#define LOAN_WATCHER_ROLE "info_specialist"

static enum kh_status alert(const struct kh_ctx *ctx, int64_t now, int64_t day, int *n,
                            struct kh_err *err)
{
    return loan_store_alert(ctx, now, day, LOAN_WATCHER_ROLE, n, err);
}

/* Every working day of the business calendar until returned (R-SEC-5). */
static const struct calendar_alerts overdue_alerts = {loan_store_alert_due, alert};

static enum kh_status overdue_run(struct job_run *run, struct kh_err *err)
{
    return calendar_alerts_run(run, &overdue_alerts, err);
}

const struct job_kind loan_overdue_kind = {"loan.overdue", "外借逾期提醒", "Overdue loan alerts",
                                           overdue_run, 3};

static bool overdue_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return calendar_alerts_due(ctx, &overdue_alerts, now, period, cap);
}

const struct job_task loan_overdue_task = {"loan.overdue", "提醒逾期外借", "Alert overdue loans",
                                           &loan_overdue_kind, overdue_due};

/* ---- departure handover (R-SEC-8) ---- */

static enum kh_status open_loans(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                                 struct kh_err *err)
{
    return loan_store_open_count(ctx, user_id, n, err);
}

/* The successor answers for the files and exports not returned: they become the borrower. */
const struct holding_kind loan_holding = {
    .name = "loans",
    .label_zh = "未归还的外借",
    .label_en = "Loans not returned",
    .count = open_loans,
    .hand_over = loan_store_hand_over_on,
};

/* A merged customer's loans are the survivor's (R-ARC-8): "who saw this" lists them there. */
const struct customer_ref_kind loan_customer_ref = {"loans", loan_store_repoint_customer_on};
