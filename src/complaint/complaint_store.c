#include "complaint/complaint_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

#define COMPLAINT_COLS                                                                             \
    "SELECT k.id, k.customer_id, c.code, c.name, k.channel, k.category, k.severity, k.written, "   \
    "k.summary, k.received_at, k.state, k.resolution, k.resolved_at, coalesce(k.resolved_by, 0), " \
    "coalesce(r.display_name, ''), coalesce(k.created_by, 0), coalesce(u.display_name, ''), "      \
    "k.created_at FROM complaints k JOIN customers c ON c.id = k.customer_id LEFT JOIN users r "   \
    "ON r.id = k.resolved_by LEFT JOIN users u ON u.id = k.created_by "

static void read_row(struct arena *a, struct db_stmt *s, struct complaint *k)
{
    k->id = db_col_int(s, 0);
    k->customer_id = db_col_int(s, 1);
    k->customer_code = arena_strdup(a, db_col_text(s, 2));
    k->customer_name = arena_strdup(a, db_col_text(s, 3));
    k->channel = arena_strdup(a, db_col_text(s, 4));
    k->category = arena_strdup(a, db_col_text(s, 5));
    k->severity = arena_strdup(a, db_col_text(s, 6));
    k->written = db_col_int(s, 7) != 0;
    k->summary = arena_strdup(a, db_col_text(s, 8));
    k->received_at = db_col_int(s, 9);
    k->state = arena_strdup(a, db_col_text(s, 10));
    k->resolution = arena_strdup(a, db_col_text(s, 11));
    k->resolved_at = db_col_int(s, 12);
    k->resolved_by = db_col_int(s, 13);
    k->resolved_by_name = arena_strdup(a, db_col_text(s, 14));
    k->created_by = db_col_int(s, 15);
    k->created_by_name = arena_strdup(a, db_col_text(s, 16));
    k->created_at = db_col_int(s, 17);
}

/* The event the follow-up rules read (followup/rule_store.c). */
static enum kh_status event_on(struct db_conn *c, int64_t complaint, int64_t customer,
                               const char *kind, bool written, int64_t at, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "INSERT INTO complaint_events (complaint_id, customer_id, "
                                      "kind, written, at) VALUES ($1, $2, $3, $4, $5)");
    db_bind_int(s, 1, complaint);
    db_bind_int(s, 2, customer);
    db_bind_text(s, 3, kind);
    db_bind_int(s, 4, written ? 1 : 0);
    db_bind_int(s, 5, at);
    return db_exec_stmt(s, err);
}

struct insert_job {
    const struct kh_ctx *ctx;
    const struct complaint_input *in;
    const struct customer_brief *cust;
    int64_t id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct insert_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    const struct complaint_input *in = j->in;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO complaints (customer_id, channel, category, severity, written, summary, "
           "received_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
           "RETURNING id");
    db_bind_int(s, 1, in->customer_id);
    db_bind_text(s, 2, in->channel);
    db_bind_text(s, 3, in->category);
    db_bind_text(s, 4, in->severity);
    db_bind_int(s, 5, in->written ? 1 : 0);
    db_bind_text(s, 6, in->summary);
    db_bind_int(s, 7, in->received_at);
    db_bind_id(s, 8, ctx->actor.user_id);
    db_bind_int(s, 9, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (!st)
        st = event_on(c, j->id, in->customer_id, "received", in->written, now, err);
    if (st)
        return st;
    const char *detail =
        arena_printf(ctx->arena, "customer=%s channel=%s category=%s severity=%s written=%d",
                     j->cust->code, in->channel, in->category, in->severity, in->written ? 1 : 0);
    struct audit_event ev = {"complaint.record", "complaint", j->id, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status complaint_store_insert(const struct kh_ctx *ctx, const struct complaint_input *in,
                                      const struct customer_brief *cust, int64_t *id,
                                      struct kh_err *err)
{
    struct insert_job j = {ctx, in, cust, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

struct resolve_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const char *resolution;
};

static enum kh_status resolve_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct resolve_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx), customer = 0;
    struct db_stmt *s = db_prepare(
        c, "UPDATE complaints SET state = 'resolved', resolution = $2, resolved_at = $3, "
           "resolved_by = $4 WHERE id = $1 AND state = 'open' RETURNING customer_id");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->resolution);
    db_bind_int(s, 3, now);
    db_bind_id(s, 4, ctx->actor.user_id);
    enum kh_status st = db_exec_int(s, &customer, err);
    if (st)
        return st;
    if (!customer)
        return kh_err_set(err, KH_E_CONFLICT, "state", "这条投诉已处理完毕",
                          "the complaint is resolved already");
    if ((st = event_on(c, j->id, customer, "resolved", false, now, err)))
        return st;
    struct audit_event ev = {"complaint.resolve", "complaint", j->id, ""};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status complaint_store_resolve(const struct kh_ctx *ctx, int64_t id, const char *resolution,
                                       struct kh_err *err)
{
    struct resolve_job j = {ctx, id, resolution};
    return db_write(ctx->db, resolve_fn, &j, err);
}

enum kh_status complaint_store_get(const struct kh_ctx *ctx, int64_t id, struct complaint *out,
                                   bool *found, struct kh_err *err)
{
    *found = false;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, COMPLAINT_COLS "WHERE k.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        read_row(ctx->arena, s, out);
        *found = true;
        r = db_step(s, err);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status complaint_store_list(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                    int64_t customer, const char *state, int64_t before, int limit,
                                    struct complaint **out, int *count, struct kh_err *err)
{
    *out = arena_alloc(ctx->arena, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    /* One customer's (visibility checked by the caller), or through the one scope filter. */
#define LIST_WHERE "WHERE ($5 = '' OR k.state = $5) AND ($6 = 0 OR k.id < $6) AND $7 = $7 AND "
    struct db_stmt *s =
        db_prepare(c, customer > 0 ? COMPLAINT_COLS LIST_WHERE
                          "k.customer_id = $7 AND $1 = $1 AND $2 = $2 AND $3 = "
                          "$3 AND $4 = $4 ORDER BY k.id DESC LIMIT $8"
                                   : COMPLAINT_COLS LIST_WHERE CUSTOMER_SCOPE_SQL(
                                         "$1", "$2", "$3", "$4") " ORDER BY k.id DESC LIMIT $8");
#undef LIST_WHERE
    db_bind_text(s, 1, customer_scope_param(scope, false));
    db_bind_int(s, 2, scope->user_id);
    db_bind_int(s, 3, scope->department_id);
    db_bind_int(s, 4, scope->clearance);
    db_bind_text(s, 5, state);
    db_bind_int(s, 6, before);
    db_bind_int(s, 7, customer);
    db_bind_int(s, 8, limit);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < limit)
        read_row(ctx->arena, s, &(*out)[(*count)++]);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status complaint_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                          int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    enum kh_status st =
        db_repoint(c, NULL, "UPDATE complaints SET customer_id = $2 WHERE customer_id = $1", from,
                   to, moved, err);
    int64_t events = 0;
    return st ? st
              : db_repoint(c, NULL,
                           "UPDATE complaint_events SET customer_id = $2 WHERE customer_id = $1",
                           from, to, &events, err);
}

enum kh_status complaint_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                         struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s = db_prepare(c, "DELETE FROM complaints WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "DELETE FROM complaint_events WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}
