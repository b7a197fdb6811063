#include "retention/retention_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/mem.h"
#include "customer/customer.h"
#include "db/db.h"

static void read_rule(struct db_stmt *s, struct arena *a, void *row)
{
    struct retention_rule *r = row;
    r->category = arena_strdup(a, db_col_text(s, 0));
    r->stage = arena_strdup(a, db_col_text(s, 1));
    r->months = db_col_int(s, 2);
}

enum kh_status retention_store_rules(const struct kh_ctx *ctx, struct retention_rule **out,
                                     int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT category, stage, months FROM retention_rules ORDER BY CASE WHEN category = '*' "
           "THEN 1 ELSE 0 END, CASE WHEN stage = '*' THEN 1 ELSE 0 END, category, stage");
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(**out), read_rule, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

struct rules_job {
    const struct kh_ctx *ctx;
    const struct retention_rule *rules;
    int n;
    const char *detail;
};

static enum kh_status rules_put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct rules_job *j = arg;
    enum kh_status st = db_exec_stmt(db_prepare(c, "DELETE FROM retention_rules"), err);
    for (int i = 0; !st && i < j->n; i++) {
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO retention_rules (category, stage, months) VALUES ($1, $2, $3)");
        db_bind_text(s, 1, j->rules[i].category);
        db_bind_text(s, 2, j->rules[i].stage);
        db_bind_int(s, 3, j->rules[i].months);
        st = db_exec_stmt(s, err);
    }
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_VALIDATION, "rules", "同一类别和阶段只能有一条规则",
                          "one rule per category and stage");
    if (!st)
        st = customer_retention_recompute_on(c, err);
    if (!st) {
        struct audit_event ev = {"retention.rules", "", 0, j->detail};
        st = audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
    }
    return st;
}

enum kh_status retention_store_rules_put(const struct kh_ctx *ctx,
                                         const struct retention_rule *rules, int n,
                                         const char *detail, struct kh_err *err)
{
    struct rules_job j = {ctx, rules, n, detail};
    return db_write(ctx->db, rules_put_fn, &j, err);
}

enum kh_status retention_store_register_add_on(struct db_conn *c, const struct destruction *d,
                                               int64_t requested_by, int64_t approved_by,
                                               struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO destructions (customer_code, category, stage, secrecy, archived_at, "
           "request_id, reason, requested_by, approved_by, destroyed_at) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
    db_bind_text(s, 1, d->code);
    db_bind_text(s, 2, d->category);
    db_bind_text(s, 3, d->stage);
    db_bind_int(s, 4, d->secrecy);
    db_bind_int(s, 5, d->archived_at);
    db_bind_int(s, 6, d->request_id);
    db_bind_text(s, 7, d->reason);
    db_bind_id(s, 8, requested_by);
    db_bind_id(s, 9, approved_by);
    db_bind_int(s, 10, d->destroyed_at);
    return db_exec_stmt(s, err);
}

static void read_entry(struct db_stmt *s, struct arena *a, void *row)
{
    struct destruction *d = row;
    d->id = db_col_int(s, 0);
    d->code = arena_strdup(a, db_col_text(s, 1));
    d->category = arena_strdup(a, db_col_text(s, 2));
    d->stage = arena_strdup(a, db_col_text(s, 3));
    d->secrecy = (int)db_col_int(s, 4);
    d->archived_at = db_col_int(s, 5);
    d->request_id = db_col_int(s, 6);
    d->reason = arena_strdup(a, db_col_text(s, 7));
    d->requested_by = arena_strdup(a, db_col_text(s, 8));
    d->approved_by = arena_strdup(a, db_col_text(s, 9));
    d->destroyed_at = db_col_int(s, 10);
    d->wiped_at = db_col_int(s, 11);
}

enum kh_status retention_store_register(const struct kh_ctx *ctx, int64_t before, int limit,
                                        struct destruction_page *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c,
        "SELECT d.id, d.customer_code, d.category, d.stage, d.secrecy, d.archived_at, "
        "d.request_id, d.reason, coalesce(rq.display_name, ''), coalesce(ap.display_name, ''), "
        "d.destroyed_at, d.wiped_at FROM destructions d "
        "LEFT JOIN users rq ON rq.id = d.requested_by LEFT JOIN users ap ON ap.id = d.approved_by "
        "WHERE ($1 = 0 OR d.id < $1) ORDER BY d.id DESC LIMIT $2");
    db_bind_int(s, 1, before);
    db_bind_int(s, 2, limit + 1);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct destruction), read_entry, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    out->items = rows.items;
    out->count = rows.count > limit ? limit : rows.count;
    out->next_before = rows.count > limit ? out->items[limit - 1].id : 0;
    return KH_OK;
}

enum kh_status retention_store_unwiped(const struct kh_ctx *ctx, int64_t *newest,
                                       struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT coalesce(max(id), 0) FROM destructions WHERE wiped_at = 0");
    enum db_step_result r = db_step(s, err);
    *newest = r == DB_ROW ? db_col_int(s, 0) : 0;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct wiped_job {
    int64_t newest, now;
};

static enum kh_status wiped_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct wiped_job *j = arg;
    struct db_stmt *s =
        db_prepare(c, "UPDATE destructions SET wiped_at = $2 WHERE id <= $1 AND wiped_at = 0");
    db_bind_int(s, 1, j->newest);
    db_bind_int(s, 2, j->now);
    return db_exec_stmt(s, err);
}

/* Every table a destruction deletes from (customer_destroy_on), for the engine's wipe. */
static const char *const wiped_tables[] = {
    "customers",     "contacts",        "customer_keys",   "owner_history",     "field_history",
    "customer_tags", "customer_grants", "customer_search", "approval_requests",
};

enum kh_status retention_store_wipe(const struct kh_ctx *ctx, int64_t newest, struct kh_err *err)
{
    enum kh_status st = db_wipe_free(ctx->db, wiped_tables,
                                     (int)(sizeof(wiped_tables) / sizeof(wiped_tables[0])), err);
    struct wiped_job j = {newest, ctx_now(ctx)};
    return st ? st : db_write(ctx->db, wiped_fn, &j, err);
}
