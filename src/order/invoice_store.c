#include "order/invoice_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

#define TITLE_COLS                                                                                 \
    "SELECT id, customer_id, kind, name, tax_number, address, phone, bank, account, is_default, "  \
    "created_at, updated_at FROM invoice_titles "

static void read_title(struct db_stmt *s, struct arena *a, void *row)
{
    struct invoice_title *t = row;
    t->id = db_col_int(s, 0);
    t->customer_id = db_col_int(s, 1);
    const char **texts[] = {&t->kind,  &t->name, &t->tax_number, &t->address,
                            &t->phone, &t->bank, &t->account};
    for (int i = 0; i < 7; i++)
        *texts[i] = arena_strdup(a, db_col_text(s, 2 + i));
    t->is_default = db_col_int(s, 9) != 0;
    t->created_at = db_col_int(s, 10);
    t->updated_at = db_col_int(s, 11);
}

enum kh_status invoice_store_titles(const struct kh_ctx *ctx, int64_t customer_id,
                                    struct invoice_title **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, TITLE_COLS "WHERE customer_id = $1 ORDER BY id");
    db_bind_int(s, 1, customer_id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct invoice_title), read_title, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

enum kh_status invoice_store_title(const struct kh_ctx *ctx, int64_t id, struct invoice_title *out,
                                   struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, TITLE_COLS "WHERE id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_title(s, ctx->arena, out);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个发票抬头，或您无权查看",
                                    "no such invoice title, or not yours to see");
}

static const char *title_detail(struct arena *a, const struct invoice_title *t)
{
    return arena_printf(a, "customer=%lld kind=%s name=%s tax_number=%s default=%d",
                        (long long)t->customer_id, t->kind, t->name, t->tax_number,
                        t->is_default ? 1 : 0);
}

struct title_job {
    const struct kh_ctx *ctx;
    struct invoice_title *t;
};

static enum kh_status title_put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct title_job *j = arg;
    struct invoice_title *t = j->t;
    int64_t now = ctx_now(j->ctx), others = 0;
    bool created = !t->id;
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM invoice_titles WHERE customer_id = $1 "
                                      "AND id <> $2");
    db_bind_int(s, 1, t->customer_id);
    db_bind_int(s, 2, t->id);
    enum kh_status st = db_exec_int(s, &others, err);
    if (st)
        return st;
    if (created && others >= INVOICE_TITLES_MAX)
        return kh_err_setf(err, KH_E_CONFLICT, "name", "每位客户最多 %d 个发票抬头",
                           "a customer has at most %d invoice titles", INVOICE_TITLES_MAX,
                           INVOICE_TITLES_MAX);
    if (!others)
        t->is_default = true; /* a customer's only title is its default */
    if (t->is_default) {
        s = db_prepare(c, "UPDATE invoice_titles SET is_default = 0 WHERE customer_id = $1 AND "
                          "id <> $2");
        db_bind_int(s, 1, t->customer_id);
        db_bind_int(s, 2, t->id);
        if ((st = db_exec_stmt(s, err)))
            return st;
    }
    if (created) {
        s = db_prepare(c, "INSERT INTO invoice_titles (customer_id, kind, name, tax_number, "
                          "address, phone, bank, account, is_default, created_at, updated_at, "
                          "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) "
                          "RETURNING id");
        db_bind_id(s, 11, j->ctx->actor.user_id);
    } else {
        s = db_prepare(c, "UPDATE invoice_titles SET customer_id = $1, kind = $2, name = $3, "
                          "tax_number = $4, address = $5, phone = $6, bank = $7, account = $8, "
                          "is_default = $9, updated_at = $10 WHERE id = $11 RETURNING id");
        db_bind_int(s, 11, t->id);
    }
    db_bind_int(s, 1, t->customer_id);
    const char *texts[] = {t->kind,  t->name, t->tax_number, t->address,
                           t->phone, t->bank, t->account};
    for (int i = 0; i < 7; i++)
        db_bind_text(s, 2 + i, texts[i]);
    db_bind_int(s, 9, t->is_default ? 1 : 0);
    db_bind_int(s, 10, now);
    if ((st = db_exec_int(s, &t->id, err)))
        return st;
    struct audit_event ev = {created ? "invoice_title.create" : "invoice_title.update",
                             "invoice_title", t->id, title_detail(j->ctx->arena, t)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status invoice_store_title_put(const struct kh_ctx *ctx, struct invoice_title *t,
                                       struct kh_err *err)
{
    struct title_job j = {ctx, t};
    return db_write(ctx->db, title_put_fn, &j, err);
}

static enum kh_status title_delete_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct title_job *j = arg;
    int64_t used = 0, now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM invoices WHERE title_id = $1");
    db_bind_int(s, 1, j->t->id);
    enum kh_status st = db_exec_int(s, &used, err);
    if (st)
        return st;
    if (used)
        return kh_err_setf(err, KH_E_CONFLICT, "id", "已有 %lld 张发票开给这个抬头，不能删除",
                           "%lld invoices were issued to this title: it cannot be deleted",
                           (long long)used, (long long)used);
    s = db_prepare(c, "DELETE FROM invoice_titles WHERE id = $1");
    db_bind_int(s, 1, j->t->id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    if (j->t->is_default) { /* the oldest left takes its place */
        s = db_prepare(c, "UPDATE invoice_titles SET is_default = 1 WHERE id = (SELECT min(id) "
                          "FROM invoice_titles WHERE customer_id = $1)");
        db_bind_int(s, 1, j->t->customer_id);
        if ((st = db_exec_stmt(s, err)))
            return st;
    }
    struct audit_event ev = {"invoice_title.delete", "invoice_title", j->t->id,
                             title_detail(j->ctx->arena, j->t)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status invoice_store_title_delete(const struct kh_ctx *ctx, const struct invoice_title *t,
                                          struct kh_err *err)
{
    struct title_job j = {ctx, (struct invoice_title *)t};
    return db_write(ctx->db, title_delete_fn, &j, err);
}

static void read_invoice(struct db_stmt *s, struct arena *a, void *row)
{
    struct invoice *x = row;
    x->id = db_col_int(s, 0);
    x->order_id = db_col_int(s, 1);
    x->title_id = db_col_int(s, 2);
    x->title_name = arena_strdup(a, db_col_text(s, 3));
    x->title_tax_number = arena_strdup(a, db_col_text(s, 4));
    x->kind = arena_strdup(a, db_col_text(s, 5));
    x->number = arena_strdup(a, db_col_text(s, 6));
    x->amount_fen = db_col_int(s, 7);
    x->issued_on = arena_strdup(a, db_col_text(s, 8));
    x->created_by = db_col_int(s, 9);
    x->created_by_name = arena_strdup(a, db_col_text(s, 10));
    x->created_at = db_col_int(s, 11);
}

enum kh_status invoice_store_list(const struct kh_ctx *ctx, int64_t order_id, struct invoice **out,
                                  int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT i.id, i.order_id, i.title_id, t.name, t.tax_number, i.kind, i.number, "
           "i.amount_fen, i.issued_on, coalesce(i.created_by, 0), coalesce(u.display_name, ''), "
           "i.created_at FROM invoices i JOIN invoice_titles t ON t.id = i.title_id LEFT JOIN "
           "users u ON u.id = i.created_by WHERE i.order_id = $1 ORDER BY i.id");
    db_bind_int(s, 1, order_id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct invoice), read_invoice, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

struct issue_job {
    const struct kh_ctx *ctx;
    int64_t order_id;
    const struct invoice_input *in;
    int64_t id;
};

static enum kh_status issue_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct issue_job *j = arg;
    int64_t now = ctx_now(j->ctx), amount = 0, invoiced = 0, taken = 0;
    struct db_stmt *s = db_prepare(c, "SELECT o.state, o.amount_fen, (SELECT coalesce(sum("
                                      "i.amount_fen), 0) FROM invoices i WHERE i.order_id = o.id) "
                                      "FROM orders o WHERE o.id = $1");
    db_bind_int(s, 1, j->order_id);
    enum db_step_result r = db_step(s, err);
    bool cancelled = false;
    if (r == DB_ROW) {
        cancelled = !strcmp(db_col_text(s, 0), "cancelled");
        amount = db_col_int(s, 1);
        invoiced = db_col_int(s, 2);
    }
    if (r == DB_ERROR)
        return err->code;
    if (r != DB_ROW)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个订单，或您无权查看",
                          "no such order, or not yours to see");
    if (cancelled)
        return kh_err_set(err, KH_E_CONFLICT, "state", "这个订单已取消，不能开票",
                          "this order is cancelled: no invoice is issued for it");
    if (j->in->amount_fen > amount - invoiced)
        return kh_err_setf(
            err, KH_E_VALIDATION, "amount_fen", "超过订单未开票金额（%lld.%02lld 元）",
            "more than the order's amount not yet invoiced (%lld.%02lld yuan)",
            (long long)((amount - invoiced) / 100), (long long)((amount - invoiced) % 100),
            (long long)((amount - invoiced) / 100), (long long)((amount - invoiced) % 100));
    s = db_prepare(c, "SELECT count(*) FROM invoices WHERE kind = $1 AND number = $2");
    db_bind_text(s, 1, j->in->kind);
    db_bind_text(s, 2, j->in->number);
    enum kh_status st = db_exec_int(s, &taken, err);
    if (st)
        return st;
    if (taken)
        return kh_err_setf(err, KH_E_CONFLICT, "number", "发票号码 %s 已经登记过",
                           "invoice number %s is recorded already", j->in->number, j->in->number);
    s = db_prepare(c, "INSERT INTO invoices (order_id, customer_id, title_id, kind, number, "
                      "amount_fen, issued_on, created_by, created_at) SELECT $1, customer_id, $2, "
                      "$3, $4, $5, $6, $7, $8 FROM orders WHERE id = $1 RETURNING id");
    db_bind_int(s, 1, j->order_id);
    db_bind_int(s, 2, j->in->title_id);
    db_bind_text(s, 3, j->in->kind);
    db_bind_text(s, 4, j->in->number);
    db_bind_int(s, 5, j->in->amount_fen);
    db_bind_text(s, 6, j->in->issued_on);
    db_bind_id(s, 7, j->ctx->actor.user_id);
    db_bind_int(s, 8, now);
    if ((st = db_exec_int(s, &j->id, err)))
        return st;
    struct audit_event ev = {
        "invoice.issue", "order", j->order_id,
        arena_printf(j->ctx->arena, "invoice=%lld kind=%s number=%s amount_fen=%lld title=%lld",
                     (long long)j->id, j->in->kind, j->in->number, (long long)j->in->amount_fen,
                     (long long)j->in->title_id)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status invoice_store_issue(const struct kh_ctx *ctx, int64_t order_id,
                                   const struct invoice_input *in, int64_t *id, struct kh_err *err)
{
    struct issue_job j = {ctx, order_id, in, 0};
    enum kh_status st = db_write(ctx->db, issue_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

enum kh_status invoice_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                        int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    int64_t n = 0;
    /* The survivor keeps its default; the duplicate's titles come as others. */
    enum kh_status st = db_repoint(c, NULL,
                                   "UPDATE invoice_titles SET customer_id = $2, is_default = CASE "
                                   "WHEN EXISTS (SELECT 1 FROM invoice_titles d WHERE "
                                   "d.customer_id = $2) THEN 0 ELSE is_default END WHERE "
                                   "customer_id = $1",
                                   from, to, moved, err);
    if (!st)
        st = db_repoint(c, NULL, "UPDATE invoices SET customer_id = $2 WHERE customer_id = $1",
                        from, to, &n, err);
    return st;
}

enum kh_status invoice_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                       struct kh_err *err)
{
    (void)ctx;
    static const char *const sql[] = {
        "DELETE FROM invoices WHERE customer_id = $1",
        "DELETE FROM invoice_titles WHERE customer_id = $1",
    };
    enum kh_status st = KH_OK;
    for (size_t i = 0; !st && i < sizeof(sql) / sizeof(sql[0]); i++) {
        struct db_stmt *s = db_prepare(c, sql[i]);
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    return st;
}
