/* Receivables: payment plans, payments, the overdue list and its alerts. */
#include "order/receivable.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "calendar/calendar.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/cursor.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "jobs/jobs.h"
#include "order/invoice_store.h"
#include "order/order.h"
#include "order/receivable_store.h"

const struct kh_perm receivable_perm_read = {"receivable.read", "查看回款",
                                             "Read receivables and payments"};
const struct kh_perm receivable_perm_plan = {"receivable.plan", "设置回款计划",
                                             "Set orders' payment plans"};
const struct kh_perm payment_perm_record = {"payment.record", "登记回款", "Record payments"};
const struct kh_scope_kind receivable_scope_kind = {"receivables", "回款", "Receivables"};

const struct kh_setting receivable_setting_terms = {
    "payment_terms_days",
    30,
    0,
    365,
    "天",
    "days",
    "新订单的默认账期（交货或下单后几天内付款）",
    "Default payment term of a new order (days after delivery or ordering)"};

const struct kh_choice payment_methods[] = {
    {"bank", "银行转账", "Bank transfer"},
    {"cash", "现金", "Cash"},
    {"wechat", "微信支付", "WeChat Pay"},
    {"alipay", "支付宝", "Alipay"},
    {"cheque", "支票", "Cheque"},
    {"other", "其他", "Other"},
    {0},
};

static const struct kh_choice receivable_states[] = {
    {"open", "未收清", "Not fully paid"},
    {"overdue", "逾期", "Overdue"},
    {"paid", "已收清", "Paid"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice *receivable_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return receivable_states;
}

static const struct list_field receivable_fields[] = {
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct receivable_filter, state), .choice_set = 0,
     .index = "receivable_plans_open (due_on, id) where not fully paid"},
    {"owner_id", LIST_ID, LIST_OP_EQ, offsetof(struct receivable_filter, owner_id),
     .index = "checked on each row of the walk"},
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct receivable_filter, customer_id),
     .index = "checked on each row of the walk"},
    {"order_id", LIST_ID, LIST_OP_EQ, offsetof(struct receivable_filter, order_id),
     .index = "receivable_plans_order (order_id, seq)"},
    {"due_from", LIST_TEXT, LIST_OP_EQ, offsetof(struct receivable_filter, due_from), .max = 10,
     .index = "the walk's due_on order"},
    {"due_to", LIST_TEXT, LIST_OP_EQ, offsetof(struct receivable_filter, due_to), .max = 10,
     .index = "the walk's due_on order"},
    {0},
};

const struct list_spec receivable_list_spec = {
    .name = "receivables", .fields = receivable_fields, .choices = receivable_choices};

struct kh_ctx receivable_reader(const struct kh_ctx *ctx)
{
    struct kh_ctx r = *ctx;
    enum kh_scope mine = actor_scope(&ctx->actor, &customer_scope_kind);
    enum kh_scope fin = actor_scope(&ctx->actor, &receivable_scope_kind);
    if (fin > mine)
        actor_set_scope(&r.actor, &customer_scope_kind, fin);
    return r;
}

const char *installment_state(const struct installment *x, const char *today, int64_t *days)
{
    *days = 0;
    if (x->paid_fen >= x->amount_fen)
        return "paid";
    int y, m, d, ty, tm, td;
    if (strcmp(x->due_on, today) >= 0 || sscanf(x->due_on, "%d-%d-%d", &y, &m, &d) != 3 ||
        sscanf(today, "%d-%d-%d", &ty, &tm, &td) != 3)
        return "open";
    *days = days_from_civil(ty, (unsigned)tm, (unsigned)td) -
            days_from_civil(y, (unsigned)m, (unsigned)d);
    return "overdue";
}

/* The order, read as the actor may read orders for receivables; NOT_FOUND names nothing. */
static enum kh_status open_order(const struct kh_ctx *ctx, int64_t order_id, struct order *o,
                                 struct kh_err *err)
{
    struct kh_ctx r = receivable_reader(ctx);
    return order_get(&r, order_id, o, err);
}

static enum kh_status need(const struct kh_ctx *ctx, const struct kh_perm *p, const char *zh,
                           const char *en, struct kh_err *err)
{
    if (ctx_can(ctx, p) && ctx->actor.user_id)
        return KH_OK;
    return kh_err_set(err, KH_E_FORBIDDEN, "", zh, en);
}

enum kh_status receivable_get(const struct kh_ctx *ctx, int64_t order_id, struct receivable *out,
                              struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    enum kh_status st = need(ctx, &receivable_perm_read, "需要查看回款的权限",
                             "reading receivables is needed", err);
    struct order o;
    if (!st)
        st = open_order(ctx, order_id, &o, err);
    if (!st)
        st = receivable_store_get(ctx, order_id, out, err);
    if (!st)
        st = invoice_store_list(ctx, order_id, &out->invoices, &out->ninvoices, err);
    if (st)
        return st;
    for (int i = 0; i < out->ninvoices; i++)
        out->invoiced_fen += out->invoices[i].amount_fen;
    out->order_id = o.id;
    out->order_code = o.code;
    out->order_state = o.state;
    out->order_amount_fen = o.amount_fen;
    out->customer_id = o.customer_id;
    out->customer_code = o.customer_code;
    out->customer_name = o.customer_name;
    const char *today = ctx_today(ctx);
    bool cancelled = !strcmp(o.state, "cancelled");
    out->outstanding_fen = cancelled ? 0 : o.amount_fen - out->paid_fen;
    for (int i = 0; i < out->nplan && !cancelled; i++) {
        int64_t days;
        if (!strcmp(installment_state(&out->plan[i], today, &days), "overdue"))
            out->overdue_fen += out->plan[i].amount_fen - out->plan[i].paid_fen;
    }
    return KH_OK;
}

enum kh_status receivable_plan(const struct kh_ctx *ctx, int64_t order_id,
                               const struct installment_input *in, int n, struct kh_err *err)
{
    enum kh_status st = need(ctx, &receivable_perm_plan, "需要设置回款计划的权限",
                             "setting payment plans is needed", err);
    if (st)
        return st;
    if (n < 1 || n > RECEIVABLE_INSTALLMENTS_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "installments", "回款计划为 1 到 %d 期",
                           "a payment plan has 1 to %d installments", RECEIVABLE_INSTALLMENTS_MAX,
                           RECEIVABLE_INSTALLMENTS_MAX);
    for (int i = 0; i < n; i++) {
        if (!in[i].due_on || !date_valid(in[i].due_on))
            return kh_err_setf(err, KH_E_VALIDATION, "installments",
                               "第 %d 期：到期日格式为 YYYY-MM-DD，且须是有效日期",
                               "installment %d: the due day is YYYY-MM-DD and must exist", i + 1,
                               i + 1);
        if (i && strcmp(in[i].due_on, in[i - 1].due_on) <= 0)
            return kh_err_setf(err, KH_E_VALIDATION, "installments", "第 %d 期：到期日须晚于上一期",
                               "installment %d: due after the one before", i + 1, i + 1);
        if (in[i].amount_fen <= 0 || in[i].amount_fen > ORDER_AMOUNT_MAX)
            return kh_err_setf(err, KH_E_VALIDATION, "installments", "第 %d 期：金额（分）须大于 0",
                               "installment %d: the amount is above 0", i + 1, i + 1);
    }
    struct order o;
    if ((st = open_order(ctx, order_id, &o, err)))
        return st;
    return receivable_store_plan(ctx, order_id, in, n, err);
}

enum kh_status payment_record(const struct kh_ctx *ctx, int64_t order_id,
                              const struct payment_input *in, int64_t *id, struct kh_err *err)
{
    *id = 0;
    enum kh_status st =
        need(ctx, &payment_perm_record, "需要登记回款的权限", "recording payments is needed", err);
    if (st)
        return st;
    const char *today = ctx_today(ctx);
    struct payment_input p = *in;
    struct arena *a = ctx->arena;
    if (p.amount_fen <= 0 || p.amount_fen > ORDER_AMOUNT_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "amount_fen", "回款金额（分）须大于 0",
                          "amount_fen is above 0");
    if (!p.received_on || !*p.received_on)
        p.received_on = arena_strdup(a, today);
    if (!date_valid(p.received_on) || strcmp(p.received_on, today) > 0)
        return kh_err_set(err, KH_E_VALIDATION, "received_on",
                          "收款日期格式为 YYYY-MM-DD，且不能晚于今天",
                          "the day received is YYYY-MM-DD and not after today");
    if (!p.method || !kh_choice_has(payment_methods, p.method))
        return kh_err_set(err, KH_E_VALIDATION, "method",
                          "收款方式为 bank、cash、wechat、alipay、cheque 或 other",
                          "the method is bank, cash, wechat, alipay, cheque or other");
    struct str r = str_trim(str_from(p.reference ? p.reference : ""));
    p.reference = arena_strndup(a, r.ptr, r.len);
    if (!utf8_text_ok(p.reference, PAYMENT_REFERENCE_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "reference", "凭证号最多 100 字",
                          "the reference is at most 100 characters");
    struct str nt = str_trim(str_from(p.notes ? p.notes : ""));
    p.notes = arena_strndup(a, nt.ptr, nt.len);
    if (!utf8_text_ok(p.notes, PAYMENT_NOTES_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "notes", "备注最多 500 字",
                          "the notes are at most 500 characters");
    struct order o;
    if ((st = open_order(ctx, order_id, &o, err)))
        return st;
    struct receivable now;
    if ((st = receivable_store_get(ctx, order_id, &now, err)))
        return st;
    if (now.npayments >= PAYMENTS_PER_ORDER_MAX)
        return kh_err_setf(err, KH_E_CONFLICT, "amount_fen", "一个订单最多登记 %d 笔回款",
                           "an order takes at most %d payments", PAYMENTS_PER_ORDER_MAX,
                           PAYMENTS_PER_ORDER_MAX);
    return receivable_store_pay(ctx, order_id, &p, id, err);
}

static bool day_ok(const char *d)
{
    return !d || !*d || date_valid(d);
}

static enum kh_status make_query(const struct kh_ctx *ctx, const struct receivable_filter *f,
                                 struct receivable_query *q, struct kh_err *err)
{
    enum kh_status st = need(ctx, &receivable_perm_read, "需要查看回款的权限",
                             "reading receivables is needed", err);
    if (st)
        return st;
    if (!day_ok(f->due_from) || !day_ok(f->due_to))
        return kh_err_set(err, KH_E_VALIDATION, day_ok(f->due_from) ? "due_to" : "due_from",
                          "日期格式为 YYYY-MM-DD，且须是有效日期",
                          "a date is YYYY-MM-DD and must exist");
    struct kh_ctx r = receivable_reader(ctx);
    *q = (struct receivable_query){customer_scope_of(&r.actor), f, ctx_today(ctx)};
    if (q->scope.scope == KH_SCOPE_NONE)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "您没有可查看的客户", "you see no customers");
    return KH_OK;
}

enum kh_status receivable_list(const struct kh_ctx *ctx, const struct receivable_filter *f,
                               const struct list_page *page, struct installment **out, int *count,
                               const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    struct receivable_query q;
    enum kh_status st = make_query(ctx, f, &q, err);
    if (st)
        return st;
    uint32_t tag = cursor_tag("receivables", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "t", &after, err))
        return err->code;
    struct installment *items = NULL;
    int n = 0;
    if ((st = receivable_store_list(ctx, &q, after.nkeys ? after.keys[0].t : "", after.id,
                                    page->limit + 1, &items, &n, err)))
        return st;
    if (n > page->limit) {
        n = page->limit;
        struct cursor c = {
            .nkeys = 1, .keys = {{CURSOR_TEXT, 0, items[n - 1].due_on}}, .id = items[n - 1].id};
        *next = cursor_encode(ctx->arena, tag, &c);
    }
    *out = items;
    *count = n;
    return KH_OK;
}

enum kh_status receivable_summary(const struct kh_ctx *ctx, int64_t owner_id,
                                  struct receivable_summary *out, struct kh_err *err)
{
    struct receivable_filter f = {.owner_id = owner_id};
    struct receivable_query q;
    char later[16];
    enum kh_status st = make_query(ctx, &f, &q, err);
    if (st)
        return st;
    time_format_date(ctx_tz(ctx), ctx_now(ctx) + 30 * 86400, later, sizeof(later));
    return receivable_store_summary(ctx, &q, later, out, err);
}

/* ---- overdue alerts (a periodic task) ---- */

/* Every working day of the business calendar until paid (R-DEV-5). */
static const struct calendar_alerts overdue_alerts = {receivable_store_alert_due,
                                                      receivable_store_alert};

static enum kh_status overdue_run(struct job_run *run, struct kh_err *err)
{
    return calendar_alerts_run(run, &overdue_alerts, err);
}

const struct job_kind receivable_overdue_kind = {"receivable.overdue", "回款逾期提醒",
                                                 "Overdue receivable alerts", overdue_run, 3};

static bool overdue_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return calendar_alerts_due(ctx, &overdue_alerts, now, period, cap);
}

const struct job_task receivable_overdue_task = {"receivable.overdue", "提醒逾期回款",
                                                 "Alert overdue receivables",
                                                 &receivable_overdue_kind, overdue_due};
