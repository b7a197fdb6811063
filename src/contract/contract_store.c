#include "contract/contract_store.h"

#include <stdio.h>
#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/db.h"

#define CONTRACT_COLS                                                                              \
    "SELECT k.id, k.code, k.customer_id, c.code, c.name, c.secrecy, coalesce(k.owner_id, 0), "     \
    "coalesce(u.display_name, ''), k.kind, k.title, k.amount_fen, k.starts_on, k.ends_on, "        \
    "k.signed_on, k.our_party, k.signatory, k.notes, k.order_id, coalesce(o.code, ''), "           \
    "k.renewal_of, coalesce(p.code, ''), coalesce(n.id, 0), coalesce(n.code, ''), k.state, "       \
    "k.approval_id, coalesce(r.state, ''), k.terminate_reason, coalesce(k.created_by, 0), "        \
    "coalesce(b.display_name, ''), k.created_at, k.updated_at "                                    \
    "FROM contracts k JOIN customers c ON c.id = k.customer_id "                                   \
    "LEFT JOIN users u ON u.id = k.owner_id LEFT JOIN users b ON b.id = k.created_by "             \
    "LEFT JOIN orders o ON o.id = k.order_id AND k.order_id > 0 "                                  \
    "LEFT JOIN contracts p ON p.id = k.renewal_of AND k.renewal_of > 0 "                           \
    "LEFT JOIN contracts n ON n.id = (SELECT min(x.id) FROM contracts x WHERE x.renewal_of = "     \
    "k.id) LEFT JOIN approval_requests r ON r.id = k.approval_id AND k.approval_id > 0 "

static const char *col(struct arena *a, struct db_stmt *s, int i)
{
    return arena_strdup(a, db_col_text(s, i));
}

static void read_contract(struct db_stmt *s, struct arena *a, void *row)
{
    struct contract *k = row;
    memset(k, 0, sizeof(*k));
    k->id = db_col_int(s, 0);
    k->code = col(a, s, 1);
    k->customer_id = db_col_int(s, 2);
    k->customer_code = col(a, s, 3);
    k->customer_name = col(a, s, 4);
    k->customer_secrecy = (int)db_col_int(s, 5);
    k->owner_id = db_col_int(s, 6);
    k->owner_name = col(a, s, 7);
    k->kind = col(a, s, 8);
    k->title = col(a, s, 9);
    k->amount_fen = db_col_int(s, 10);
    const char **texts[] = {&k->starts_on, &k->ends_on,   &k->signed_on,
                            &k->our_party, &k->signatory, &k->notes};
    for (int i = 0; i < 6; i++)
        *texts[i] = col(a, s, 11 + i);
    k->order_id = db_col_int(s, 17);
    k->order_code = col(a, s, 18);
    k->renewal_of = db_col_int(s, 19);
    k->renewal_of_code = col(a, s, 20);
    k->renewed_by = db_col_int(s, 21);
    k->renewed_by_code = col(a, s, 22);
    k->stored_state = col(a, s, 23);
    k->approval_id = db_col_int(s, 24);
    k->approval_state = col(a, s, 25);
    k->terminate_reason = col(a, s, 26);
    k->created_by = db_col_int(s, 27);
    k->created_by_name = col(a, s, 28);
    k->created_at = db_col_int(s, 29);
    k->updated_at = db_col_int(s, 30);
}

enum kh_status contract_store_get(const struct kh_ctx *ctx, int64_t id, struct contract *out,
                                  struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, CONTRACT_COLS "WHERE k.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_contract(s, ctx->arena, out);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "", "没有这份合同，或您无权查看",
                                    "no such contract, or not yours to see");
}

/* $2 … $13: the row's fields. */
static void bind_fields(struct db_stmt *s, const struct contract *k)
{
    db_bind_text(s, 2, k->kind);
    db_bind_text(s, 3, k->title);
    db_bind_int(s, 4, k->amount_fen);
    db_bind_text(s, 5, k->starts_on);
    db_bind_text(s, 6, k->ends_on);
    db_bind_text(s, 7, k->signed_on);
    db_bind_text(s, 8, k->our_party);
    db_bind_text(s, 9, k->signatory);
    db_bind_text(s, 10, k->notes);
    db_bind_int(s, 11, k->order_id);
    db_bind_text(s, 12, k->stored_state);
    db_bind_int(s, 13, k->approval_id);
}

struct write_job {
    const struct kh_ctx *ctx;
    const struct contract *k;
    const char *old_state, *action, *detail;
    int64_t old_approval, id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    const struct contract *k = j->k;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO contracts (customer_id, kind, title, amount_fen, starts_on, ends_on, "
           "signed_on, our_party, signatory, notes, order_id, state, approval_id, owner_id, "
           "renewal_of, code, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
           "$7, $8, $9, $10, $11, $12, $13, $14, $15, '', $16, $17, $17) RETURNING id");
    db_bind_int(s, 1, k->customer_id);
    bind_fields(s, k);
    db_bind_id(s, 14, k->owner_id);
    db_bind_int(s, 15, k->renewal_of);
    db_bind_id(s, 16, j->ctx->actor.user_id);
    db_bind_int(s, 17, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    char day[16], code[48];
    time_format_date(ctx_tz(j->ctx), now, day, sizeof(day));
    snprintf(code, sizeof(code), "HT%.4s%.2s%.2s%06lld", day, day + 5, day + 8, (long long)j->id);
    s = db_prepare(c, "UPDATE contracts SET code = $2 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, code);
    if ((st = db_exec_stmt(s, err)))
        return st;
    struct audit_event ev = {j->action, "contract", j->id, j->detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status contract_store_insert(const struct kh_ctx *ctx, const struct contract *k,
                                     const char *action, const char *detail, int64_t *id,
                                     struct kh_err *err)
{
    struct write_job j = {ctx, k, NULL, action, detail, 0, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

static enum kh_status update_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    const struct contract *k = j->k;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE contracts SET kind = $2, title = $3, amount_fen = $4, starts_on = $5, ends_on = "
           "$6, signed_on = $7, our_party = $8, signatory = $9, notes = $10, order_id = $11, state "
           "= $12, approval_id = $13, terminate_reason = $14, updated_at = $15 WHERE id = $1 AND "
           "state = $16 AND approval_id = $17 RETURNING id");
    db_bind_int(s, 1, k->id);
    bind_fields(s, k);
    db_bind_text(s, 14, k->terminate_reason);
    db_bind_int(s, 15, now);
    db_bind_text(s, 16, j->old_state);
    db_bind_int(s, 17, j->old_approval);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    if (!j->id)
        return kh_err_set(err, KH_E_CONFLICT, "state", "这份合同刚被别人改变了状态，请刷新后再试",
                          "someone has just changed this contract's state; reload it and try "
                          "again");
    struct audit_event ev = {j->action, "contract", k->id, j->detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status contract_store_update(const struct kh_ctx *ctx, const struct contract *k,
                                     const char *old_state, int64_t old_approval,
                                     const char *action, const char *detail, struct kh_err *err)
{
    struct write_job j = {ctx, k, old_state, action, detail, old_approval, 0};
    return db_write(ctx->db, update_fn, &j, err);
}

enum kh_status contract_store_activate_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                          int64_t approval_id, struct kh_err *err)
{
    int64_t now = ctx_now(ctx), got = 0;
    struct db_stmt *s = db_prepare(c, "UPDATE contracts SET state = 'active', approval_id = $2, "
                                      "updated_at = $3 WHERE id = $1 AND state = 'pending' AND "
                                      "approval_id IN (0, $2) RETURNING id");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, approval_id);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_int(s, &got, err);
    if (st)
        return st;
    if (!got)
        return kh_err_set(err, KH_E_CONFLICT, "", "这份合同已不在等待这次审批",
                          "the contract is no longer waiting for this approval");
    struct audit_event ev = {"contract.activate", "contract", id,
                             arena_printf(ctx->arena, "approval=%lld", (long long)approval_id)};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

/* ---- the list ---- */

/* The state a row reads as, with $5 today. */
#define SHOWN_STATE                                                                                \
    "(CASE WHEN k.state = 'terminated' THEN 'terminated' WHEN k.state = 'active' THEN CASE WHEN "  \
    "k.ends_on < $5 THEN 'expired' ELSE 'active' END WHEN k.state = 'pending' AND r.state = "      \
    "'pending' THEN 'pending' WHEN k.state = 'pending' AND r.state = 'returned' THEN 'returned' "  \
    "WHEN k.state = 'pending' AND k.approval_id = 0 THEN 'pending' ELSE 'draft' END)"

/*
 * The scope $1 … $4, $5 today, $6 the state shown ("all"), $7 kind (""),
 * $8 customer, $9 owner (0 any), $10 a LIKE pattern on the code, title or
 * customer's name, $11 the last day of "expiring" ("" none), ($12, $13) the
 * (ends_on, id) to start after, $14 the limit.
 */
#define LIST_SQL                                                                                   \
    CONTRACT_COLS "WHERE " CUSTOMER_SCOPE_SQL(                                                     \
        "$1", "$2", "$3",                                                                          \
        "$4") "AND ($6 = 'all' OR " SHOWN_STATE " = $6) AND ($7 = '' OR k.kind = $7) "             \
              "AND ($8 = 0 OR k.customer_id = $8) AND ($9 = 0 OR k.owner_id = $9) "                \
              "AND ($10 = '' OR upper(k.code) LIKE $10 ESCAPE '\\' OR upper(k.title) LIKE $10 "    \
              "ESCAPE '\\' "                                                                       \
              "OR upper(c.name) LIKE $10 ESCAPE '\\') "                                            \
              "AND ($11 = '' OR (k.state = 'active' AND k.ends_on >= $5 AND k.ends_on <= $11)) "   \
              "AND (k.ends_on, k.id) > ($12, $13) ORDER BY k.ends_on, k.id LIMIT $14"

enum kh_status contract_store_list(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                   const struct contract_filter *f, const char *pattern,
                                   const char *today, const char *until, const char *after_ends,
                                   int64_t after_id, int limit, struct contract **out, int *count,
                                   struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, LIST_SQL);
    db_bind_text(s, 1, customer_scope_param(scope, false));
    db_bind_int(s, 2, scope->user_id);
    db_bind_int(s, 3, scope->department_id);
    db_bind_int(s, 4, scope->clearance);
    db_bind_text(s, 5, today);
    db_bind_text(s, 6, f->state && *f->state ? f->state : "all");
    db_bind_text(s, 7, f->kind ? f->kind : "");
    db_bind_int(s, 8, f->customer_id);
    db_bind_int(s, 9, f->owner_id);
    db_bind_text(s, 10, pattern);
    db_bind_text(s, 11, until);
    db_bind_text(s, 12, after_ends);
    db_bind_int(s, 13, after_id);
    db_bind_int(s, 14, limit);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct contract), read_contract, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

/* ---- expiry reminders ---- */

struct remind_job {
    const struct kh_ctx *ctx;
    const char *today, *until;
    int n;
};

static enum kh_status remind_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    enum { MAX = 500 };
    struct remind_job *j = arg;
    struct arena *a = j->ctx->arena;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "SELECT k.id, k.code, k.title, k.ends_on, coalesce(k.owner_id, 0), "
           "coalesce((SELECT d.head_id FROM users ou JOIN departments d ON d.id = "
           "ou.department_id WHERE ou.id = k.owner_id), 0), c.name FROM contracts k JOIN "
           "customers c ON c.id = k.customer_id WHERE k.state = 'active' AND k.ends_on >= $1 AND "
           "k.ends_on <= $2 AND k.reminded_for <> k.ends_on ORDER BY k.ends_on, k.id LIMIT 500");
    db_bind_text(s, 1, j->today);
    db_bind_text(s, 2, j->until);
    struct {
        int64_t id, owner, head;
        const char *code, *title, *ends, *customer;
    } *due = arena_alloc(a, sizeof(*due) * MAX);
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < MAX) {
        due[n].id = db_col_int(s, 0);
        due[n].code = col(a, s, 1);
        due[n].title = col(a, s, 2);
        due[n].ends = col(a, s, 3);
        due[n].owner = db_col_int(s, 4);
        due[n].head = db_col_int(s, 5);
        due[n].customer = col(a, s, 6);
        n++;
    }
    if (r == DB_ERROR)
        return err->code;
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        const char *link = arena_printf(a, "/contracts/%lld", (long long)due[i].id);
        const char *zh = arena_printf(a, "%s 的合同 %s（%s）将于 %s 到期，请及时续签或处理",
                                      due[i].customer, due[i].code, due[i].title, due[i].ends);
        const char *en =
            arena_printf(a, "Contract %s (%s) with %s ends on %s: renew it or close it in time",
                         due[i].code, due[i].title, due[i].customer, due[i].ends);
        int64_t to[2] = {due[i].owner, due[i].head != due[i].owner ? due[i].head : 0};
        for (int k = 0; k < 2 && !st; k++)
            if (to[k])
                st = notification_add_on(c, to[k], "contract.expiring", due[i].id, zh, en, link,
                                         now, err);
        if (!st) {
            struct db_stmt *q =
                db_prepare(c, "UPDATE contracts SET reminded_for = ends_on WHERE id = $1");
            db_bind_int(q, 1, due[i].id);
            st = db_exec_stmt(q, err);
        }
    }
    j->n = n;
    return st;
}

enum kh_status contract_store_remind(const struct kh_ctx *ctx, const char *today, const char *until,
                                     int *n, struct kh_err *err)
{
    struct remind_job j = {ctx, today, until, 0};
    enum kh_status st = db_write(ctx->db, remind_fn, &j, err);
    *n = j.n;
    return st;
}

/* ---- merge and destruction ---- */

enum kh_status contract_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                         int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c, NULL, "UPDATE contracts SET customer_id = $2 WHERE customer_id = $1", from,
                      to, moved, err);
}

enum kh_status contract_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                        struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s = db_prepare(c, "DELETE FROM contracts WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}
