#include "order/order_store.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"
#include "followup/rule.h"
#include "order/receivable_store.h"

#define ORDER_COLS                                                                                 \
    "SELECT o.id, o.code, o.customer_id, c.code, c.name, c.secrecy, o.opportunity_id, "            \
    "coalesce(p.title, ''), o.state, o.ordered_at, o.delivered_at, o.delivery_due, o.notes, "      \
    "o.cancel_reason, o.amount_fen, coalesce(o.owner_id, 0), coalesce(u.display_name, ''), "       \
    "coalesce(o.created_by, 0), coalesce(k.display_name, ''), o.created_at, o.updated_at "         \
    "FROM orders o JOIN customers c ON c.id = o.customer_id "                                      \
    "LEFT JOIN opportunities p ON p.id = o.opportunity_id LEFT JOIN users u ON u.id = o.owner_id " \
    "LEFT JOIN users k ON k.id = o.created_by "

static const char *col_text(struct arena *a, struct db_stmt *s, int i)
{
    return arena_strdup(a, db_col_text(s, i));
}

static void read_order(struct db_stmt *s, struct arena *a, void *row)
{
    struct order *o = row;
    memset(o, 0, sizeof(*o));
    o->id = db_col_int(s, 0);
    o->code = col_text(a, s, 1);
    o->customer_id = db_col_int(s, 2);
    o->customer_code = col_text(a, s, 3);
    o->customer_name = col_text(a, s, 4);
    o->customer_secrecy = (int)db_col_int(s, 5);
    o->opportunity_id = db_col_int(s, 6);
    o->opportunity_title = col_text(a, s, 7);
    o->state = col_text(a, s, 8);
    o->ordered_at = db_col_int(s, 9);
    o->delivered_at = db_col_int(s, 10);
    o->delivery_due = col_text(a, s, 11);
    o->notes = col_text(a, s, 12);
    o->cancel_reason = col_text(a, s, 13);
    o->amount_fen = db_col_int(s, 14);
    o->owner_id = db_col_int(s, 15);
    o->owner_name = col_text(a, s, 16);
    o->created_by = db_col_int(s, 17);
    o->created_by_name = col_text(a, s, 18);
    o->created_at = db_col_int(s, 19);
    o->updated_at = db_col_int(s, 20);
}

static void read_line(struct db_stmt *s, struct arena *a, void *row)
{
    struct order_line *l = row;
    l->product_id = db_col_int(s, 0);
    l->code = col_text(a, s, 1);
    l->name = col_text(a, s, 2);
    l->unit = col_text(a, s, 3);
    l->description = col_text(a, s, 4);
    l->quantity = db_col_int(s, 5);
    l->price_fen = db_col_int(s, 6);
    l->discount_fen = db_col_int(s, 7);
    l->amount_fen = db_col_int(s, 8);
}

enum kh_status order_store_get(const struct kh_ctx *ctx, int64_t id, bool lines, struct order *out,
                               struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, ORDER_COLS "WHERE o.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_order(s, ctx->arena, out);
    enum kh_status st = r == DB_ERROR ? err->code : KH_OK;
    if (!st && r == DB_ROW && lines) {
        s = db_prepare(c, "SELECT coalesce(l.product_id, 0), coalesce(p.code, ''), "
                          "coalesce(p.name, ''), coalesce(p.unit, ''), l.description, l.quantity, "
                          "l.price_fen, l.discount_fen, l.amount_fen FROM order_lines l LEFT JOIN "
                          "products p ON p.id = l.product_id WHERE l.order_id = $1 ORDER BY "
                          "l.position");
        db_bind_int(s, 1, id);
        struct db_rows rows;
        if (!(st = db_rows_collect(s, ctx->arena, sizeof(struct order_line), read_line, &rows,
                                   err))) {
            out->lines = rows.items;
            out->nlines = rows.count;
        }
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个订单，或您无权查看",
                                    "no such order, or not yours to see");
}

/* ---- writes ---- */

struct write_job {
    const struct kh_ctx *ctx;
    struct order_write *w;
    int64_t id;
};

static enum kh_status write_lines(struct db_conn *c, int64_t id, const struct order *o,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "DELETE FROM order_lines WHERE order_id = $1");
    db_bind_int(s, 1, id);
    enum kh_status st = db_exec_stmt(s, err);
    for (int i = 0; !st && i < o->nlines; i++) {
        const struct order_line *l = &o->lines[i];
        s = db_prepare(c, "INSERT INTO order_lines (order_id, position, product_id, description, "
                          "quantity, price_fen, discount_fen, amount_fen) VALUES ($1, $2, $3, $4, "
                          "$5, $6, $7, $8)");
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, i + 1);
        db_bind_id(s, 3, l->product_id);
        db_bind_text(s, 4, l->description);
        db_bind_int(s, 5, l->quantity);
        db_bind_int(s, 6, l->price_fen);
        db_bind_int(s, 7, l->discount_fen);
        db_bind_int(s, 8, l->amount_fen);
        st = db_exec_stmt(s, err);
    }
    return st;
}

static enum kh_status write_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    struct order_write *w = j->w;
    const struct order *o = &w->o;
    const struct kh_ctx *ctx = j->ctx;
    struct db_stmt *s;
    enum kh_status st;
    if (!o->id) {
        /* The code names the day placed and the number, known once the row is in. */
        s = db_prepare(c, "INSERT INTO orders (code, customer_id, owner_id, opportunity_id, "
                          "state, ordered_at, delivery_due, delivered_at, amount_fen, notes, "
                          "cancel_reason, created_by, created_at, updated_at) VALUES ('', $1, $2, "
                          "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id");
        db_bind_int(s, 1, o->customer_id);
        db_bind_id(s, 2, o->owner_id);
        db_bind_int(s, 3, o->opportunity_id);
        db_bind_text(s, 4, o->state);
        db_bind_int(s, 5, o->ordered_at);
        db_bind_text(s, 6, o->delivery_due);
        db_bind_int(s, 7, o->delivered_at);
        db_bind_int(s, 8, o->amount_fen);
        db_bind_text(s, 9, o->notes);
        db_bind_text(s, 10, o->cancel_reason);
        db_bind_id(s, 11, ctx->actor.user_id);
        db_bind_int(s, 12, o->updated_at);
        if ((st = db_exec_int(s, &j->id, err)))
            return st;
        char day[16], code[48];
        time_format_date(ctx_tz(ctx), o->ordered_at, day, sizeof(day));
        snprintf(code, sizeof(code), "SO%.4s%.2s%.2s%06lld", day, day + 5, day + 8,
                 (long long)j->id);
        s = db_prepare(c, "UPDATE orders SET code = $2 WHERE id = $1");
        db_bind_int(s, 1, j->id);
        db_bind_text(s, 2, code);
        if ((st = db_exec_stmt(s, err)))
            return st;
        w->o.code = arena_strdup(ctx->arena, code);
        if ((st = receivable_store_start_on(c, ctx, j->id, w->first_due, o->amount_fen, err)))
            return st;
    } else {
        /* A cancelled order owes nothing: one with payments waits for their refund. */
        if (!strcmp(o->state, "cancelled") && (st = receivable_store_unpaid_on(c, o->id, err)))
            return st;
        /* Only from the state it was read in: a delivery or cancellation meanwhile refuses it. */
        s = db_prepare(c, "UPDATE orders SET state = $2, ordered_at = $3, delivery_due = $4, "
                          "delivered_at = $5, amount_fen = $6, notes = $7, cancel_reason = $8, "
                          "updated_at = $9 WHERE id = $1 AND state = $10 RETURNING id");
        db_bind_int(s, 1, o->id);
        db_bind_text(s, 2, o->state);
        db_bind_int(s, 3, o->ordered_at);
        db_bind_text(s, 4, o->delivery_due);
        db_bind_int(s, 5, o->delivered_at);
        db_bind_int(s, 6, o->amount_fen);
        db_bind_text(s, 7, o->notes);
        db_bind_text(s, 8, o->cancel_reason);
        db_bind_int(s, 9, o->updated_at);
        db_bind_text(s, 10, w->old_state);
        if ((st = db_exec_int(s, &j->id, err)))
            return st;
        if (!j->id)
            return kh_err_set(err, KH_E_CONFLICT, "state",
                              "这个订单刚被别人交付或取消了，请刷新后再试",
                              "someone has just delivered or cancelled this order; reload it and "
                              "try again");
    }
    if (w->lines_changed && (st = write_lines(c, j->id, o, err)))
        return st;
    if (w->lines_changed && w->old_state &&
        (st = receivable_store_resize_on(c, ctx, j->id, o->amount_fen, err)))
        return st;
    /* The order is the customer's purchase for the follow-up rules, or no longer is. */
    st = w->products ? purchase_put_on(c, ctx, j->id, o->customer_id, o->ordered_at, o->amount_fen,
                                       w->products, &w->skipped, err)
                     : purchase_drop_on(c, j->id, err);
    if (st)
        return st;
    struct audit_event ev = {w->action, "order", j->id, w->detail};
    return audit_store_append(c, &ctx->actor, o->updated_at, &ev, err);
}

enum kh_status order_store_write(const struct kh_ctx *ctx, struct order_write *w, int64_t *id,
                                 struct kh_err *err)
{
    struct write_job j = {ctx, w, 0};
    enum kh_status st = db_write(ctx->db, write_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

/* ---- the list ---- */

/*
 * The customer scope ($1 … $4, the one scope filter), $5 the state ("all"
 * any), $6 customer, $7 owner, $8 the owner's department (0: any), $9 a
 * LIKE pattern on the code or the customer's name, [$10, $11) the time
 * placed (0: open-ended), ($12, $13) the (ordered_at, id) the page starts
 * before, $14 the limit.
 */
#define LIST_SQL(lead)                                                                             \
    ORDER_COLS "WHERE " lead CUSTOMER_SCOPE_SQL(                                                   \
        "$1", "$2", "$3",                                                                          \
        "$4") "AND ($5 = 'all' OR o.state = $5) AND ($6 = 0 OR o.customer_id = $6) "               \
              "AND ($7 = 0 OR o.owner_id = $7) "                                                   \
              "AND ($8 = 0 OR o.owner_id IN (SELECT du.id FROM users du WHERE du.department_id = " \
              "$8)) "                                                                              \
              "AND ($9 = '' OR o.code LIKE $9 ESCAPE '\\' OR upper(c.name) LIKE $9 ESCAPE '\\') "  \
              "AND ($10 = 0 OR o.ordered_at >= $10) AND ($11 = 0 OR o.ordered_at < $11) "          \
              "AND ($12 = 0 OR (o.ordered_at, o.id) < ($12, $13)) ORDER BY o.ordered_at DESC, "    \
              "o.id DESC "                                                                         \
              "LIMIT $14"

enum kh_status order_store_list(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                const struct order_filter *f, const char *pattern,
                                int64_t before_at, int64_t before_id, int limit, struct order **out,
                                int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    /* One customer's orders walk orders_customer (the literal equality lets the planner see it). */
    static const char *const sql[2] = {LIST_SQL(""), LIST_SQL("o.customer_id = $6 AND ")};
    struct db_stmt *s = db_prepare(c, sql[f->customer_id > 0]);
    db_bind_text(s, 1, customer_scope_param(scope, false));
    db_bind_int(s, 2, scope->user_id);
    db_bind_int(s, 3, scope->department_id);
    db_bind_int(s, 4, scope->clearance);
    db_bind_text(s, 5, f->state && *f->state ? f->state : "all");
    db_bind_int(s, 6, f->customer_id);
    db_bind_int(s, 7, f->owner_id);
    db_bind_int(s, 8, f->department_id);
    db_bind_text(s, 9, pattern);
    db_bind_int(s, 10, f->ordered_from);
    db_bind_int(s, 11, f->ordered_to);
    db_bind_int(s, 12, before_at);
    db_bind_int(s, 13, before_id);
    db_bind_int(s, 14, limit);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct order), read_order, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

/* ---- merge and destruction ---- */

enum kh_status order_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                      int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    int64_t n = 0;
    enum kh_status st = db_repoint(
        c, NULL, "UPDATE orders SET customer_id = $2 WHERE customer_id = $1", from, to, moved, err);
    if (!st) /* their plans and payments with them */
        st = db_repoint(c, NULL,
                        "UPDATE receivable_plans SET customer_id = $2 WHERE customer_id = $1", from,
                        to, &n, err);
    if (!st)
        st = db_repoint(c, NULL, "UPDATE payments SET customer_id = $2 WHERE customer_id = $1",
                        from, to, &n, err);
    return st;
}

enum kh_status order_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                     struct kh_err *err)
{
    (void)ctx;
    static const char *const sql[] = {
        ("DELETE FROM payment_allocations WHERE payment_id IN (SELECT id FROM payments WHERE "
         "customer_id = $1)"),
        "DELETE FROM payments WHERE customer_id = $1",
        "DELETE FROM receivable_plans WHERE customer_id = $1",
        "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE customer_id = $1)",
        "DELETE FROM orders WHERE customer_id = $1",
    };
    enum kh_status st = KH_OK;
    for (size_t i = 0; !st && i < sizeof(sql) / sizeof(sql[0]); i++) {
        struct db_stmt *s = db_prepare(c, sql[i]);
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    return st;
}
