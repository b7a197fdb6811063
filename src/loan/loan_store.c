#include "loan/loan_store.h"

#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"

#define LOAN_COLS                                                                                  \
    "SELECT l.id, l.borrower_id, coalesce(u.display_name, ''), l.kind, l.items, l.item_count, "    \
    "l.reason, l.job_id, l.lent_at, l.confirmed_at, l.due_at, coalesce(l.returned_at, 0), "        \
    "coalesce(l.returned_by, 0), coalesce(r.display_name, ''), l.return_note "                     \
    "FROM loans l LEFT JOIN users u ON u.id = l.borrower_id "                                      \
    "LEFT JOIN users r ON r.id = l.returned_by "

static void read_loan(struct db_stmt *s, struct arena *a, struct loan *l, int64_t now)
{
    memset(l, 0, sizeof(*l));
    l->id = db_col_int(s, 0);
    l->borrower_id = db_col_int(s, 1);
    l->borrower_name = arena_strdup(a, db_col_text(s, 2));
    l->kind = arena_strdup(a, db_col_text(s, 3));
    l->items = arena_strdup(a, db_col_text(s, 4));
    l->item_count = db_col_int(s, 5);
    l->reason = arena_strdup(a, db_col_text(s, 6));
    l->job_id = db_col_int(s, 7);
    l->lent_at = db_col_int(s, 8);
    l->confirmed_at = db_col_int(s, 9);
    l->due_at = db_col_int(s, 10);
    l->returned_at = db_col_int(s, 11);
    l->returned_by = db_col_int(s, 12);
    l->returned_by_name = arena_strdup(a, db_col_text(s, 13));
    l->return_note = arena_strdup(a, db_col_text(s, 14));
    l->overdue = !l->returned_at && now >= l->due_at;
    l->overdue_days = l->overdue ? (now - l->due_at) / 86400 + 1 : 0;
}

struct insert_job {
    const struct kh_ctx *ctx;
    const struct loan *l;
    const char *detail;
    const struct audit_event *also;
    int64_t id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct insert_job *j = arg;
    const struct loan *l = j->l;
    /* A job's loan once, however often the job runs (a restart runs an export again). */
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO loans (borrower_id, kind, items, item_count, reason, job_id, lent_at, "
           "confirmed_at, due_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE $6 = 0 OR "
           "NOT EXISTS (SELECT 1 FROM loans WHERE job_id = $6) RETURNING id");
    db_bind_int(s, 1, l->borrower_id);
    db_bind_text(s, 2, l->kind);
    db_bind_text(s, 3, l->items);
    db_bind_int(s, 4, l->item_count);
    db_bind_text(s, 5, l->reason);
    db_bind_int(s, 6, l->job_id);
    db_bind_int(s, 7, l->lent_at);
    db_bind_int(s, 8, l->confirmed_at);
    db_bind_int(s, 9, l->due_at);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return KH_OK; /* the job's loan is registered already */
    j->id = db_col_int(s, 0);
    enum kh_status st = KH_OK;
    for (int i = 0; i < l->ncustomer_ids && !st; i++) {
        s = db_prepare(c, "INSERT INTO loan_items (loan_id, customer_id) VALUES ($1, $2) "
                          "ON CONFLICT (loan_id, customer_id) DO NOTHING");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, l->customer_ids[i]);
        st = db_exec_stmt(s, err);
    }
    struct audit_event ev = {strcmp(l->kind, "export") ? "loan.checkout" : "loan.export", "loan",
                             j->id, j->detail};
    if (!st)
        st = audit_store_append(c, &j->ctx->actor, l->lent_at, &ev, err);
    return st || !j->also ? st : audit_store_append(c, &j->ctx->actor, l->lent_at, j->also, err);
}

enum kh_status loan_store_insert(const struct kh_ctx *ctx, const struct loan *l, const char *detail,
                                 const struct audit_event *also, int64_t *id_out,
                                 struct kh_err *err)
{
    struct insert_job j = {ctx, l, detail, also, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id_out = j.id;
    return st;
}

enum kh_status loan_store_get(const struct kh_ctx *ctx, int64_t id, struct loan *out,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, LOAN_COLS "WHERE l.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW)
        read_loan(s, ctx->arena, out, ctx_now(ctx));
    else if (r == DB_DONE)
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "没有这笔外借", "no such loan");
    else
        st = err->code;
    db_read_end(ctx->db, c);
    return st;
}

struct return_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const char *note;
};

static enum kh_status return_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct return_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(c, "UPDATE loans SET returned_at = $2, returned_by = $3, "
                                      "return_note = $4 WHERE id = $1 AND returned_at IS NULL");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    db_bind_id(s, 3, j->ctx->actor.user_id);
    db_bind_text(s, 4, j->note);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "", "这笔外借已归还", "this loan was returned");
    struct audit_event ev = {"loan.return", "loan", j->id, NULL};
    return st ? st : audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status loan_store_return(const struct kh_ctx *ctx, int64_t id, const char *note,
                                 struct kh_err *err)
{
    struct return_job j = {ctx, id, note};
    return db_write(ctx->db, return_fn, &j, err);
}

enum kh_status loan_store_list(const struct kh_ctx *ctx, const struct loan_filter *f,
                               int64_t only_borrower, const struct list_page *page,
                               struct loan **out, int *count, const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    const char *state = f->state && *f->state ? f->state : f->id ? "all" : "open";
    uint32_t tag = cursor_tag("loans", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    int64_t now = ctx_now(ctx);
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, LOAN_COLS "WHERE ($1 = 0 OR l.id < $1) AND ($2 = 0 OR l.borrower_id = $2) "
                     "AND ($3 = 0 OR l.borrower_id = $3) AND ($4 IS NULL OR l.kind = $4) "
                     "AND ($5 = 0 OR l.lent_at >= $5) AND ($6 = 0 OR l.lent_at < $6) "
                     "AND ($7 = 'all' OR ($7 = 'returned' AND l.returned_at IS NOT NULL) "
                     "OR ($7 = 'open' AND l.returned_at IS NULL) "
                     "OR ($7 = 'overdue' AND l.returned_at IS NULL AND l.due_at <= $8)) "
                     "AND ($10 = 0 OR l.id = $10) ORDER BY l.id DESC LIMIT $9");
    db_bind_int(s, 1, after.id);
    db_bind_int(s, 2, only_borrower);
    db_bind_int(s, 3, f->borrower_id);
    db_bind_text(s, 4, f->kind && *f->kind ? f->kind : NULL);
    db_bind_int(s, 5, f->lent_from);
    db_bind_int(s, 6, f->lent_to);
    db_bind_text(s, 7, state);
    db_bind_int(s, 8, now);
    db_bind_int(s, 9, page->limit + 1);
    db_bind_int(s, 10, f->id);
    struct loan *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)(page->limit + 1));
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n <= page->limit)
        read_loan(s, ctx->arena, &items[n++], now);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *out = items;
    *count = cursor_page_end(ctx->arena, tag, n, page->limit,
                             n ? items[n > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

enum kh_status loan_store_alert_due(const struct kh_ctx *ctx, int64_t now, int64_t day, bool *any,
                                    struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM loans WHERE returned_at IS NULL AND "
                                      "due_at <= $1 AND last_alert_day < $2 LIMIT 1");
    db_bind_int(s, 1, now);
    db_bind_int(s, 2, day);
    enum db_step_result r = db_step(s, err);
    *any = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct alert_job {
    const struct kh_ctx *ctx;
    int64_t now, day;
    const char *watcher_role;
    int n;
};

static enum kh_status alert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct alert_job *j = arg;
    struct arena *a = j->ctx->arena;
    /* The loans to alert, read first: the notifications are written after. */
    struct db_stmt *s = db_prepare(
        c, "SELECT l.id, l.borrower_id, coalesce(u.display_name, ''), l.item_count, l.due_at "
           "FROM loans l LEFT JOIN users u ON u.id = l.borrower_id WHERE l.returned_at IS NULL "
           "AND l.due_at <= $1 AND l.last_alert_day < $2 ORDER BY l.id LIMIT 500");
    db_bind_int(s, 1, j->now);
    db_bind_int(s, 2, j->day);
    enum { MAX = 500 };
    struct {
        int64_t id, borrower, count, due;
        const char *name;
    } *due = arena_alloc(a, sizeof(*due) * MAX);
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < MAX) {
        due[n].id = db_col_int(s, 0);
        due[n].borrower = db_col_int(s, 1);
        due[n].name = arena_strdup(a, db_col_text(s, 2));
        due[n].count = db_col_int(s, 3);
        due[n].due = db_col_int(s, 4);
        n++;
    }
    if (r == DB_ERROR)
        return err->code;
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        int64_t days = (j->now - due[i].due) / 86400 + 1;
        const char *link = arena_printf(a, "/loans?id=%lld", (long long)due[i].id);
        st = notification_add_on(
            c, due[i].borrower, "loan.overdue", due[i].id,
            arena_printf(a, "您借出的客户资料（%lld 项，外借 #%lld）已逾期 %lld 天，请尽快归还",
                         (long long)due[i].count, (long long)due[i].id, (long long)days),
            arena_printf(a,
                         "The customer records you borrowed (%lld items, loan #%lld) are "
                         "%lld days overdue: return them",
                         (long long)due[i].count, (long long)due[i].id, (long long)days),
            link, j->now, err);
        /* The register's watchers (R-SEC-5), except the borrower (told above). */
        if (!st)
            st = notification_add_role_on(
                c, j->watcher_role, due[i].borrower, "loan.overdue", due[i].id,
                arena_printf(a, "%s 借出的客户资料（外借 #%lld）已逾期 %lld 天", due[i].name,
                             (long long)due[i].id, (long long)days),
                arena_printf(a, "Loan #%lld of %s is %lld days overdue", (long long)due[i].id,
                             due[i].name, (long long)days),
                link, j->now, err);
        if (!st) {
            struct db_stmt *q = db_prepare(c, "UPDATE loans SET last_alert_day = $2 WHERE id = $1");
            db_bind_int(q, 1, due[i].id);
            db_bind_int(q, 2, j->day);
            st = db_exec_stmt(q, err);
        }
    }
    j->n = n;
    return st;
}

enum kh_status loan_store_alert(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                const char *watcher_role, int *n, struct kh_err *err)
{
    struct alert_job j = {ctx, now, day, watcher_role, 0};
    enum kh_status st = db_write(ctx->db, alert_fn, &j, err);
    *n = j.n;
    return st;
}

/* ---- departure handover (R-SEC-8) ---- */

enum kh_status loan_store_open_count(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                                     struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT count(*) FROM loans WHERE borrower_id = $1 AND returned_at IS NULL");
    db_bind_int(s, 1, user_id);
    enum kh_status st = db_exec_int(s, n, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status loan_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                       int64_t to, const char *reason, int64_t *moved,
                                       struct kh_err *err)
{
    *moved = 0;
    struct db_stmt *s = db_prepare(c, "UPDATE loans SET borrower_id = $2 WHERE borrower_id = $1 "
                                      "AND returned_at IS NULL");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, to);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    *moved = db_changes(c);
    if (!*moved)
        return KH_OK;
    const char *detail = arena_printf(ctx->arena, "from=%lld to=%lld loans=%lld reason=%s",
                                      (long long)from, (long long)to, (long long)*moved, reason);
    struct audit_event ev = {"loan.handover", "user", from, detail};
    return audit_store_append(c, &ctx->actor, ctx_now(ctx), &ev, err);
}

enum kh_status loan_store_of_customer(const struct kh_ctx *ctx, int64_t customer_id, int limit,
                                      struct loan **out, int *count, struct kh_err *err)
{
    int64_t now = ctx_now(ctx);
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, LOAN_COLS "WHERE l.id IN (SELECT i.loan_id FROM loan_items i "
                                                "WHERE i.customer_id = $1) ORDER BY l.id DESC "
                                                "LIMIT $2");
    db_bind_int(s, 1, customer_id);
    db_bind_int(s, 2, limit);
    struct loan *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)limit);
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW)
        if (n < limit)
            read_loan(s, ctx->arena, &items[n++], now);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *out = items;
    *count = n;
    return KH_OK;
}

enum kh_status loan_store_repoint_customer_on(struct db_conn *c, const struct kh_ctx *ctx,
                                              int64_t from, int64_t to, int64_t *moved,
                                              struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c,
                      "DELETE FROM loan_items WHERE customer_id = $1 AND loan_id IN "
                      "(SELECT loan_id FROM loan_items WHERE customer_id = $2)",
                      "UPDATE loan_items SET customer_id = $2 WHERE customer_id = $1", from, to,
                      moved, err);
}
