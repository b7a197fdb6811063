#include "order/receivable_store.h"

#include <stdio.h>
#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

/* ---- reading one order's ---- */

static void read_installment(struct db_stmt *s, struct arena *a, void *row)
{
    struct installment *x = row;
    memset(x, 0, sizeof(*x));
    x->id = db_col_int(s, 0);
    x->order_id = db_col_int(s, 1);
    x->seq = (int)db_col_int(s, 2);
    x->due_on = arena_strdup(a, db_col_text(s, 3));
    x->amount_fen = db_col_int(s, 4);
    x->paid_fen = db_col_int(s, 5);
}

static void read_payment(struct db_stmt *s, struct arena *a, void *row)
{
    struct payment *p = row;
    memset(p, 0, sizeof(*p));
    p->id = db_col_int(s, 0);
    p->order_id = db_col_int(s, 1);
    p->received_on = arena_strdup(a, db_col_text(s, 2));
    p->amount_fen = db_col_int(s, 3);
    p->method = arena_strdup(a, db_col_text(s, 4));
    p->reference = arena_strdup(a, db_col_text(s, 5));
    p->notes = arena_strdup(a, db_col_text(s, 6));
    p->created_by = db_col_int(s, 7);
    p->created_by_name = arena_strdup(a, db_col_text(s, 8));
    p->created_at = db_col_int(s, 9);
}

struct alloc_row {
    int64_t payment_id, plan_id, amount_fen;
    int seq;
};

static void read_alloc(struct db_stmt *s, struct arena *a, void *row)
{
    (void)a;
    struct alloc_row *x = row;
    x->payment_id = db_col_int(s, 0);
    x->plan_id = db_col_int(s, 1);
    x->seq = (int)db_col_int(s, 2);
    x->amount_fen = db_col_int(s, 3);
}

#define PLAN_COLS                                                                                  \
    "SELECT p.id, p.order_id, p.seq, p.due_on, p.amount_fen, p.paid_fen FROM receivable_plans p "

enum kh_status receivable_store_get(const struct kh_ctx *ctx, int64_t order_id,
                                    struct receivable *out, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, PLAN_COLS "WHERE p.order_id = $1 ORDER BY p.seq");
    db_bind_int(s, 1, order_id);
    struct db_rows plan, pays, allocs;
    enum kh_status st =
        db_rows_collect(s, a, sizeof(struct installment), read_installment, &plan, err);
    if (!st) {
        s = db_prepare(c, "SELECT y.id, y.order_id, y.received_on, y.amount_fen, y.method, "
                          "y.reference, y.notes, coalesce(y.created_by, 0), "
                          "coalesce(u.display_name, ''), y.created_at FROM payments y LEFT JOIN "
                          "users u ON u.id = y.created_by WHERE y.order_id = $1 ORDER BY "
                          "y.received_on, y.id");
        db_bind_int(s, 1, order_id);
        st = db_rows_collect(s, a, sizeof(struct payment), read_payment, &pays, err);
    }
    if (!st) {
        s = db_prepare(c, "SELECT l.payment_id, l.plan_id, p.seq, l.amount_fen FROM "
                          "payment_allocations l JOIN receivable_plans p ON p.id = l.plan_id "
                          "WHERE p.order_id = $1 ORDER BY l.payment_id, p.seq");
        db_bind_int(s, 1, order_id);
        st = db_rows_collect(s, a, sizeof(struct alloc_row), read_alloc, &allocs, err);
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    out->plan = plan.items;
    out->nplan = plan.count;
    out->payments = pays.items;
    out->npayments = pays.count;
    const struct alloc_row *al = allocs.items;
    for (int i = 0; i < pays.count; i++) {
        struct payment *p = &out->payments[i];
        p->allocations = arena_alloc(a, sizeof(struct allocation) * (size_t)(allocs.count + 1));
        for (int k = 0; k < allocs.count; k++)
            if (al[k].payment_id == p->id)
                p->allocations[p->nallocations++] =
                    (struct allocation){al[k].plan_id, al[k].seq, al[k].amount_fen};
        out->paid_fen += p->amount_fen;
    }
    return KH_OK;
}

/* ---- the matching ---- */

/*
 * Match order_id's payments to its installments again: in the order they
 * were received, each fills the earliest due installment not yet full.
 */
static enum kh_status reallocate_on(struct db_conn *c, struct arena *a, int64_t order_id,
                                    struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, PLAN_COLS "WHERE p.order_id = $1 ORDER BY p.due_on, p.seq");
    db_bind_int(s, 1, order_id);
    struct db_rows plan, pays;
    enum kh_status st =
        db_rows_collect(s, a, sizeof(struct installment), read_installment, &plan, err);
    if (st)
        return st;
    s = db_prepare(c, "SELECT y.id, y.order_id, y.received_on, y.amount_fen, y.method, "
                      "y.reference, y.notes, 0, '', y.created_at FROM payments y WHERE "
                      "y.order_id = $1 ORDER BY y.received_on, y.id");
    db_bind_int(s, 1, order_id);
    if ((st = db_rows_collect(s, a, sizeof(struct payment), read_payment, &pays, err)))
        return st;
    s = db_prepare(c, "DELETE FROM payment_allocations WHERE payment_id IN (SELECT id FROM "
                      "payments WHERE order_id = $1)");
    db_bind_int(s, 1, order_id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    struct installment *x = plan.items;
    const struct payment *p = pays.items;
    for (int i = 0; i < plan.count; i++)
        x[i].paid_fen = 0;
    int k = 0;
    for (int i = 0; !st && i < pays.count; i++) {
        int64_t left = p[i].amount_fen;
        while (!st && left > 0 && k < plan.count) {
            int64_t take = x[k].amount_fen - x[k].paid_fen;
            if (take > left)
                take = left;
            if (take > 0) {
                s = db_prepare(c, "INSERT INTO payment_allocations (payment_id, plan_id, "
                                  "amount_fen) VALUES ($1, $2, $3)");
                db_bind_int(s, 1, p[i].id);
                db_bind_int(s, 2, x[k].id);
                db_bind_int(s, 3, take);
                st = db_exec_stmt(s, err);
                x[k].paid_fen += take;
                left -= take;
            }
            if (x[k].paid_fen >= x[k].amount_fen)
                k++;
        }
    }
    for (int i = 0; !st && i < plan.count; i++) {
        s = db_prepare(c, "UPDATE receivable_plans SET paid_fen = $2 WHERE id = $1");
        db_bind_int(s, 1, x[i].id);
        db_bind_int(s, 2, x[i].paid_fen);
        st = db_exec_stmt(s, err);
    }
    return st;
}

/* The order's state and amount and what it was paid, in the write. */
static enum kh_status order_money_on(struct db_conn *c, int64_t order_id, char state[16],
                                     int64_t *amount, int64_t *paid, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT o.state, o.amount_fen, (SELECT coalesce(sum("
                                      "y.amount_fen), 0) FROM payments y WHERE y.order_id = o.id) "
                                      "FROM orders o WHERE o.id = $1");
    db_bind_int(s, 1, order_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        const char *t = db_col_text(s, 0);
        snprintf(state, 16, "%s", t ? t : "");
        *amount = db_col_int(s, 1);
        *paid = db_col_int(s, 2);
    }
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个订单，或您无权查看",
                                    "no such order, or not yours to see");
}

static enum kh_status refuse_cancelled(struct kh_err *err)
{
    return kh_err_set(err, KH_E_CONFLICT, "state", "这个订单已取消，没有应收款",
                      "this order is cancelled and owes nothing");
}

struct plan_job {
    const struct kh_ctx *ctx;
    int64_t order_id;
    const struct installment_input *in;
    int n;
    const struct payment_input *pay;
    int64_t id;
};

static enum kh_status insert_installment(struct db_conn *c, const struct kh_ctx *ctx,
                                         int64_t order_id, int seq, const char *due_on,
                                         int64_t amount, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO receivable_plans (order_id, customer_id, seq, due_on, amount_fen, "
           "created_by, created_at) SELECT $1, customer_id, $2, $3, $4, $5, $6 FROM orders WHERE "
           "id = $1");
    db_bind_int(s, 1, order_id);
    db_bind_int(s, 2, seq);
    db_bind_text(s, 3, due_on);
    db_bind_int(s, 4, amount);
    db_bind_id(s, 5, ctx->actor.user_id);
    db_bind_int(s, 6, ctx_now(ctx));
    return db_exec_stmt(s, err);
}

static enum kh_status plan_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct plan_job *j = arg;
    struct arena *a = j->ctx->arena;
    char state[16];
    int64_t amount = 0, paid = 0, sum = 0;
    enum kh_status st = order_money_on(c, j->order_id, state, &amount, &paid, err);
    if (st)
        return st;
    if (!strcmp(state, "cancelled"))
        return refuse_cancelled(err);
    for (int i = 0; i < j->n; i++)
        sum += j->in[i].amount_fen;
    if (sum != amount)
        return kh_err_setf(err, KH_E_VALIDATION, "installments",
                           "各期合计 %lld.%02lld 元，订单金额 %lld.%02lld 元，两者须相等",
                           "the installments add up to %lld.%02lld yuan, the order to "
                           "%lld.%02lld yuan: they must be equal",
                           (long long)(sum / 100), (long long)(sum % 100),
                           (long long)(amount / 100), (long long)(amount % 100),
                           (long long)(sum / 100), (long long)(sum % 100),
                           (long long)(amount / 100), (long long)(amount % 100));
    struct db_stmt *s = db_prepare(c, "DELETE FROM payment_allocations WHERE plan_id IN (SELECT id "
                                      "FROM receivable_plans WHERE order_id = $1)");
    db_bind_int(s, 1, j->order_id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    s = db_prepare(c, "DELETE FROM receivable_plans WHERE order_id = $1");
    db_bind_int(s, 1, j->order_id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    for (int i = 0; !st && i < j->n; i++)
        st = insert_installment(c, j->ctx, j->order_id, i + 1, j->in[i].due_on, j->in[i].amount_fen,
                                err);
    if (!st)
        st = reallocate_on(c, a, j->order_id, err);
    if (st)
        return st;
    struct audit_event ev = {
        "receivable.plan", "order", j->order_id,
        arena_printf(a, "installments=%d amount_fen=%lld first_due=%s last_due=%s", j->n,
                     (long long)amount, j->in[0].due_on, j->in[j->n - 1].due_on)};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status receivable_store_plan(const struct kh_ctx *ctx, int64_t order_id,
                                     const struct installment_input *in, int n, struct kh_err *err)
{
    struct plan_job j = {ctx, order_id, in, n, NULL, 0};
    return db_write(ctx->db, plan_fn, &j, err);
}

static enum kh_status pay_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct plan_job *j = arg;
    struct arena *a = j->ctx->arena;
    const struct payment_input *p = j->pay;
    char state[16];
    int64_t amount = 0, paid = 0, now = ctx_now(j->ctx);
    enum kh_status st = order_money_on(c, j->order_id, state, &amount, &paid, err);
    if (st)
        return st;
    if (!strcmp(state, "cancelled"))
        return refuse_cancelled(err);
    if (p->amount_fen > amount - paid)
        return kh_err_setf(
            err, KH_E_VALIDATION, "amount_fen",
            "超过订单未收金额（%lld.%02lld 元）：多收的款项不予登记，请核对后按实际应收登记",
            "more than the order still owes (%lld.%02lld yuan): an overpayment is "
            "not recorded; check it and record what is owed",
            (long long)((amount - paid) / 100), (long long)((amount - paid) % 100),
            (long long)((amount - paid) / 100), (long long)((amount - paid) % 100));
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO payments (order_id, customer_id, received_on, amount_fen, method, "
           "reference, notes, created_by, created_at) SELECT $1, customer_id, $2, $3, $4, $5, $6, "
           "$7, $8 FROM orders WHERE id = $1 RETURNING id");
    db_bind_int(s, 1, j->order_id);
    db_bind_text(s, 2, p->received_on);
    db_bind_int(s, 3, p->amount_fen);
    db_bind_text(s, 4, p->method);
    db_bind_text(s, 5, p->reference);
    db_bind_text(s, 6, p->notes);
    db_bind_id(s, 7, j->ctx->actor.user_id);
    db_bind_int(s, 8, now);
    if ((st = db_exec_int(s, &j->id, err)) || (st = reallocate_on(c, a, j->order_id, err)))
        return st;
    struct audit_event ev = {
        "payment.record", "order", j->order_id,
        arena_printf(a,
                     "payment=%lld amount_fen=%lld received_on=%s method=%s outstanding_fen=%lld",
                     (long long)j->id, (long long)p->amount_fen, p->received_on, p->method,
                     (long long)(amount - paid - p->amount_fen))};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status receivable_store_pay(const struct kh_ctx *ctx, int64_t order_id,
                                    const struct payment_input *in, int64_t *id, struct kh_err *err)
{
    struct plan_job j = {ctx, order_id, NULL, 0, in, 0};
    enum kh_status st = db_write(ctx->db, pay_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

/* ---- in the order's writes ---- */

enum kh_status receivable_store_start_on(struct db_conn *c, const struct kh_ctx *ctx,
                                         int64_t order_id, const char *due_on, int64_t amount_fen,
                                         struct kh_err *err)
{
    return insert_installment(c, ctx, order_id, 1, due_on, amount_fen, err);
}

enum kh_status receivable_store_resize_on(struct db_conn *c, const struct kh_ctx *ctx,
                                          int64_t order_id, int64_t amount_fen, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT coalesce(sum(amount_fen), 0) FROM payments WHERE "
                                      "order_id = $1");
    db_bind_int(s, 1, order_id);
    int64_t paid = 0, sum = 0, last = 0, last_amount = 0;
    enum kh_status st = db_exec_int(s, &paid, err);
    if (st)
        return st;
    if (paid > amount_fen)
        return kh_err_setf(err, KH_E_VALIDATION, "lines",
                           "已收款 %lld.%02lld 元，多于修改后的订单金额",
                           "%lld.%02lld yuan have been received, more than the changed order's "
                           "amount",
                           (long long)(paid / 100), (long long)(paid % 100),
                           (long long)(paid / 100), (long long)(paid % 100));
    s = db_prepare(c, "SELECT id, amount_fen FROM receivable_plans WHERE order_id = $1 ORDER BY "
                      "seq");
    db_bind_int(s, 1, order_id);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        last = db_col_int(s, 0);
        last_amount = db_col_int(s, 1);
        sum += last_amount;
    }
    if (r == DB_ERROR)
        return err->code;
    if (!last || sum == amount_fen)
        return KH_OK;
    int64_t to = last_amount + (amount_fen - sum);
    if (to <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "lines",
                          "修改后的金额少于回款计划前几期之和，请先调整回款计划",
                          "the changed amount is less than the plan's earlier installments: "
                          "change the payment plan first");
    s = db_prepare(c, "UPDATE receivable_plans SET amount_fen = $2 WHERE id = $1");
    db_bind_int(s, 1, last);
    db_bind_int(s, 2, to);
    if ((st = db_exec_stmt(s, err)))
        return st;
    return reallocate_on(c, ctx->arena, order_id, err);
}

enum kh_status receivable_store_unpaid_on(struct db_conn *c, int64_t order_id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM payments WHERE order_id = $1");
    db_bind_int(s, 1, order_id);
    int64_t n = 0;
    enum kh_status st = db_exec_int(s, &n, err);
    if (st || !n)
        return st;
    return kh_err_setf(err, KH_E_CONFLICT, "state",
                       "这个订单已登记 %lld 笔回款，不能取消；请先办理退款",
                       "%lld payments are recorded on this order: it cannot be cancelled before "
                       "they are refunded",
                       (long long)n, (long long)n);
}

/* ---- lists ---- */

#define RECEIVABLE_FROM                                                                            \
    "FROM receivable_plans p JOIN orders o ON o.id = p.order_id JOIN customers c ON c.id = "       \
    "o.customer_id LEFT JOIN users u ON u.id = o.owner_id WHERE o.state <> 'cancelled' "           \
    "AND " CUSTOMER_SCOPE_SQL(                                                                     \
        "$1", "$2", "$3",                                                                          \
        "$4") "AND ($5 = 0 OR o.owner_id = $5) AND ($6 = 0 OR o.customer_id = $6) AND ($7 = 0 OR " \
              "p.order_id = $7) "

static void bind_query(struct db_stmt *s, const struct receivable_query *q)
{
    db_bind_text(s, 1, customer_scope_param(&q->scope, false));
    db_bind_int(s, 2, q->scope.user_id);
    db_bind_int(s, 3, q->scope.department_id);
    db_bind_int(s, 4, q->scope.clearance);
    db_bind_int(s, 5, q->f->owner_id);
    db_bind_int(s, 6, q->f->customer_id);
    db_bind_int(s, 7, q->f->order_id);
}

static void read_listed(struct db_stmt *s, struct arena *a, void *row)
{
    read_installment(s, a, row);
    struct installment *x = row;
    x->order_code = arena_strdup(a, db_col_text(s, 6));
    x->customer_id = db_col_int(s, 7);
    x->customer_code = arena_strdup(a, db_col_text(s, 8));
    x->customer_name = arena_strdup(a, db_col_text(s, 9));
    x->owner_id = db_col_int(s, 10);
    x->owner_name = arena_strdup(a, db_col_text(s, 11));
}

/*
 * The installments of a list. UNPAID and ONE_CUSTOMER written out (not only through $8 and $6)
 * let the planner walk receivable_plans_open, the partial index of what is still owed, or
 * receivable_plans_customer (migration 068), in due order.
 */
#define UNPAID "p.paid_fen < p.amount_fen AND "
#define ONE_CUSTOMER "p.customer_id = $6 AND "
#define LIST_SQL(lead)                                                                             \
    "SELECT p.id, p.order_id, p.seq, p.due_on, p.amount_fen, p.paid_fen, o.code, o.customer_id, "  \
    "c.code, c.name, coalesce(o.owner_id, 0), coalesce(u.display_name, '') " RECEIVABLE_FROM       \
    "AND " lead "($8 = 'all' OR ($8 = 'paid' AND p.paid_fen >= p.amount_fen) OR ($8 IN ('open', "  \
    "'overdue') AND p.paid_fen < p.amount_fen)) AND ($8 <> 'overdue' OR p.due_on < $9) AND ($10 "  \
    "= '' OR p.due_on >= $10) AND ($11 = '' OR p.due_on <= $11) AND (p.due_on, p.id) > ($12, "     \
    "$13) ORDER BY p.due_on, p.id LIMIT $14"

/*
 * $8 the state: open (not fully paid), overdue (and due before $9, today),
 * paid, all; [$10, $11] the due range ("": open-ended); ($12, $13) the
 * (due_on, id) the page starts after; $14 the limit. The open ones walk
 * receivable_plans_open (due_on, id) where not fully paid.
 */
enum kh_status receivable_store_list(const struct kh_ctx *ctx, const struct receivable_query *q,
                                     const char *after_due, int64_t after_id, int limit,
                                     struct installment **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    const char *state = q->f->state && *q->f->state ? q->f->state : "open";
    bool owed = !strcmp(state, "open") || !strcmp(state, "overdue");
    /* One customer's walk receivable_plans_customer; everyone's unpaid, receivable_plans_open. */
    static const char *const sql[2][2] = {{LIST_SQL("1 = 1 AND "), LIST_SQL(UNPAID)},
                                          {LIST_SQL(ONE_CUSTOMER), LIST_SQL(ONE_CUSTOMER UNPAID)}};
    struct db_stmt *s = db_prepare(c, sql[q->f->customer_id > 0][owed]);
    bind_query(s, q);
    const struct receivable_filter *f = q->f;
    db_bind_text(s, 8, state);
    db_bind_text(s, 9, q->today);
    db_bind_text(s, 10, f->due_from ? f->due_from : "");
    db_bind_text(s, 11, f->due_to ? f->due_to : "");
    db_bind_text(s, 12, after_due);
    db_bind_int(s, 13, after_id);
    db_bind_int(s, 14, limit);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct installment), read_listed, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

enum kh_status receivable_store_summary(const struct kh_ctx *ctx, const struct receivable_query *q,
                                        const char *in_30_days, struct receivable_summary *out,
                                        struct kh_err *err)
{
    static const char *const names[4] = {"1-30", "31-60", "61-90", "90+"};
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < 4; i++)
        out->aging[i].name = names[i];
    struct db_conn *c = db_read_begin(ctx->db);
    /* Each unpaid installment's due day and what is left; the buckets are counted here. */
    struct db_stmt *s = db_prepare(c, "SELECT p.due_on, p.amount_fen - p.paid_fen " RECEIVABLE_FROM
                                      "AND p.paid_fen < p.amount_fen");
    bind_query(s, q);
    int64_t today = days_from_civil(0, 1, 1);
    int y, m, d;
    if (sscanf(q->today, "%d-%d-%d", &y, &m, &d) == 3)
        today = days_from_civil(y, (unsigned)m, (unsigned)d);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        const char *due = db_col_text(s, 0);
        int64_t left = db_col_int(s, 1);
        out->outstanding_fen += left;
        if (strcmp(due, q->today) >= 0) {
            if (strcmp(due, in_30_days) <= 0)
                out->due_next_30_fen += left;
            continue;
        }
        out->overdue_fen += left;
        out->overdue_count++;
        int64_t days = 0;
        if (sscanf(due, "%d-%d-%d", &y, &m, &d) == 3)
            days = today - days_from_civil(y, (unsigned)m, (unsigned)d);
        int b = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
        out->aging[b].amount_fen += left;
        out->aging[b].count++;
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- overdue alerts ---- */

enum kh_status receivable_store_alert_due(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                          bool *any, struct kh_err *err)
{
    char today[16];
    time_format_date(ctx_tz(ctx), now, today, sizeof(today));
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM receivable_plans p JOIN orders o ON o.id = "
                                      "p.order_id WHERE p.paid_fen < p.amount_fen AND p.due_on < "
                                      "$1 AND p.last_alert_day < $2 AND o.state <> 'cancelled' "
                                      "LIMIT 1");
    db_bind_text(s, 1, today);
    db_bind_int(s, 2, day);
    enum db_step_result r = db_step(s, err);
    *any = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct alert_job {
    const struct kh_ctx *ctx;
    int64_t now, day;
    int n;
};

static enum kh_status alert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    enum { MAX = 500 };
    struct alert_job *j = arg;
    struct arena *a = j->ctx->arena;
    char today[16];
    time_format_date(ctx_tz(j->ctx), j->now, today, sizeof(today));
    /* The installments to alert, read first: the notifications are written after. */
    struct db_stmt *s = db_prepare(
        c, "SELECT p.id, p.order_id, o.code, coalesce(o.owner_id, 0), c.name, p.seq, p.due_on, "
           "p.amount_fen - p.paid_fen, c.secrecy FROM receivable_plans p JOIN orders o ON o.id = "
           "p.order_id "
           "JOIN customers c ON c.id = o.customer_id WHERE p.paid_fen < p.amount_fen AND p.due_on "
           "< $1 AND p.last_alert_day < $2 AND o.state <> 'cancelled' ORDER BY p.id LIMIT 500");
    db_bind_text(s, 1, today);
    db_bind_int(s, 2, j->day);
    struct {
        int64_t id, order, owner, seq, left, secrecy;
        const char *code, *customer, *due;
    } *due = arena_alloc(a, sizeof(*due) * MAX);
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < MAX) {
        due[n].id = db_col_int(s, 0);
        due[n].order = db_col_int(s, 1);
        due[n].code = arena_strdup(a, db_col_text(s, 2));
        due[n].owner = db_col_int(s, 3);
        due[n].customer = arena_strdup(a, db_col_text(s, 4));
        due[n].seq = db_col_int(s, 5);
        due[n].due = arena_strdup(a, db_col_text(s, 6));
        due[n].left = db_col_int(s, 7);
        due[n].secrecy = db_col_int(s, 8);
        n++;
    }
    if (r == DB_ERROR)
        return err->code;
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        const char *link = arena_printf(a, "/receivables?order_id=%lld", (long long)due[i].order);
        const char *zh =
            arena_printf(a, "%s 的订单 %s 第 %lld 期回款（%s 到期）逾期未收，尚欠 %lld.%02lld 元",
                         due[i].customer, due[i].code, (long long)due[i].seq, due[i].due,
                         (long long)(due[i].left / 100), (long long)(due[i].left % 100));
        const char *en =
            arena_printf(a,
                         "Installment %lld of order %s (%s), due %s, is overdue: "
                         "%lld.%02lld yuan still owed",
                         (long long)due[i].seq, due[i].code, due[i].customer, due[i].due,
                         (long long)(due[i].left / 100), (long long)(due[i].left % 100));
        if (due[i].owner)
            st = notification_add_on(c, due[i].owner, "receivable.overdue", due[i].id, zh, en, link,
                                     j->now, err);
        /* The accountants, except the owner (told above), of the customers their scope reads. */
        if (!st && !due[i].secrecy)
            st = notification_add_role_on(c, "accountant", due[i].owner, "receivable.overdue",
                                          due[i].id, zh, en, link, j->now, err);
        if (!st) {
            struct db_stmt *q =
                db_prepare(c, "UPDATE receivable_plans SET last_alert_day = $2 WHERE id = $1");
            db_bind_int(q, 1, due[i].id);
            db_bind_int(q, 2, j->day);
            st = db_exec_stmt(q, err);
        }
    }
    j->n = n;
    return st;
}

enum kh_status receivable_store_alert(const struct kh_ctx *ctx, int64_t now, int64_t day, int *n,
                                      struct kh_err *err)
{
    struct alert_job j = {ctx, now, day, 0};
    enum kh_status st = db_write(ctx->db, alert_fn, &j, err);
    *n = j.n;
    return st;
}
