#include "customer/customer_pool_store.h"

#include <stdlib.h>
#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"

/* Published customers only (an import's pending rows are seen by nobody). */
#define POOL_VISIBLE                                                                               \
    "(c.import_batch = 0 OR EXISTS (SELECT 1 FROM import_batches ib WHERE ib.id = "                \
    "c.import_batch AND ib.state = 'published')) "

/* On c: customer id leaves owner from for the pool (by: 0 for the system), history and audit. */
static enum kh_status to_pool_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                 int64_t from, const char *reason, const char *action,
                                 struct kh_err *err)
{
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE customers SET owner_id = NULL, pool_since = $3, pool_reason = $4, updated_at = "
           "$3, version = version + 1 WHERE id = $1 AND owner_id = $2 AND pool_since = 0 AND "
           "merged_into = 0");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, from);
    db_bind_int(s, 3, now);
    db_bind_text(s, 4, reason);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "owner_id", "客户归属已变化，请刷新后重试",
                          "the owner changed meanwhile; reload and try again");
    s = db_prepare(c, "INSERT INTO owner_history (customer_id, from_user, to_user, by_user, "
                      "reason, at) VALUES ($1, $2, NULL, $3, $4, $5)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, from);
    db_bind_id(s, 3, ctx->actor.user_id);
    db_bind_text(s, 4, arena_printf(ctx->arena, "公海 / pool: %s", reason));
    db_bind_int(s, 5, now);
    if (!st)
        st = db_exec_stmt(s, err);
    const char *detail = arena_printf(ctx->arena, "from=%lld reason=%s", (long long)from, reason);
    struct audit_event ev = {action, "customer", id, detail};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

struct release_job {
    const struct kh_ctx *ctx;
    int64_t id, from;
    const char *reason;
};

static enum kh_status release_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct release_job *j = arg;
    return to_pool_on(c, j->ctx, j->id, j->from, j->reason, "customer.release", err);
}

enum kh_status pool_store_release(const struct kh_ctx *ctx, int64_t id, int64_t from,
                                  const char *reason, struct kh_err *err)
{
    struct release_job j = {ctx, id, from, reason};
    return db_write(ctx->db, release_fn, &j, err);
}

enum kh_status pool_store_get(const struct kh_ctx *ctx, int64_t id, struct pool_entry *out,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT CASE WHEN c.pool_since > 0 AND c.owner_id IS NULL AND c.archived = 0 THEN 1 "
           "ELSE 0 END, coalesce(c.branch_id, 0), c.secrecy FROM customers c WHERE c.id = $1 AND "
           "c.merged_into = 0 AND " POOL_VISIBLE);
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *out = (struct pool_entry){db_col_int(s, 0) != 0, db_col_int(s, 1), (int)db_col_int(s, 2)};
    db_read_end(ctx->db, c);
    return r == DB_ROW ? KH_OK : r == DB_DONE ? KH_E_NOT_FOUND : err->code;
}

enum kh_status pool_store_list(const struct kh_ctx *ctx, int64_t branch, int clearance,
                               const struct pool_filter *f, const struct list_page *page,
                               struct pool_customer **out, int *count, const char **next,
                               struct kh_err *err)
{
    uint32_t tag = cursor_tag("pool", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "i", &after, err))
        return err->code;
    struct arena *a = ctx->arena;
    struct db_conn *c = db_read_begin(ctx->db);
    /* Longest in the pool first, along customers_pool; $5/$6 the cursor (pool_since, id). */
    struct db_stmt *s = db_prepare(
        c, "SELECT c.id, c.code, c.name, c.kind, c.grade, c.category, c.province_code, "
           "c.city_code, c.pool_since, c.pool_reason, (SELECT coalesce(max(i.occurred_at), 0) FROM "
           "interactions i WHERE i.customer_id = c.id) FROM customers c WHERE c.pool_since > 0 AND "
           "c.owner_id IS NULL AND c.archived = 0 AND c.merged_into = 0 AND c.secrecy <= $2 AND "
           "($1 = 0 OR c.branch_id = $1 OR c.branch_id IS NULL) AND ($3 IS NULL OR c.grade = $3) "
           "AND c.pool_since >= $7 AND ($8 = 0 OR c.pool_since < $8) AND " POOL_VISIBLE
           "AND ($6 = 0 OR c.pool_since > $5 OR (c.pool_since = $5 AND c.id > "
           "$6)) ORDER BY c.pool_since, c.id LIMIT $4");
    db_bind_int(s, 1, branch);
    db_bind_int(s, 2, clearance);
    db_bind_text(s, 3, f->grade && *f->grade ? f->grade : NULL);
    db_bind_int(s, 4, page->limit + 1);
    db_bind_int(s, 5, after.nkeys ? after.keys[0].i : 0);
    db_bind_int(s, 6, after.id);
    db_bind_int(s, 7, f->since_from);
    db_bind_int(s, 8, f->since_to);
    struct pool_customer *items = arena_alloc(a, sizeof(*items) * (size_t)(page->limit + 1));
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n <= page->limit) {
        struct pool_customer *x = &items[n++];
        x->id = db_col_int(s, 0);
        x->code = arena_strdup(a, db_col_text(s, 1));
        x->name = arena_strdup(a, db_col_text(s, 2));
        x->kind = arena_strdup(a, db_col_text(s, 3));
        x->grade = arena_strdup(a, db_col_text(s, 4));
        x->category = arena_strdup(a, db_col_text(s, 5));
        x->province_code = (int)db_col_int(s, 6);
        x->city_code = (int)db_col_int(s, 7);
        x->pool_since = db_col_int(s, 8);
        x->pool_reason = arena_strdup(a, db_col_text(s, 9));
        x->last_contact = db_col_int(s, 10);
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *next = NULL;
    if (n > page->limit) /* the last row kept starts the next page */
        n = cursor_page_end_int(a, tag, n, page->limit, items[page->limit - 1].pool_since,
                                items[page->limit - 1].id, next);
    *out = items;
    *count = n;
    return KH_OK;
}

struct claim_job {
    const struct kh_ctx *ctx;
    int64_t id, dept, max_owned, per_day, day_start;
};

static enum kh_status claim_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct claim_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t me = ctx->actor.user_id, now = ctx_now(ctx), owned = 0, today = 0;
    struct db_stmt *s = db_prepare(
        c,
        "SELECT count(*) FROM customers WHERE owner_id = $1 AND archived = 0 AND merged_into = 0");
    db_bind_int(s, 1, me);
    enum kh_status st = db_exec_int(s, &owned, err);
    if (st)
        return st;
    if (owned >= j->max_owned)
        return kh_err_setf(
            err, KH_E_CONFLICT, "max_owned", "您已负责 %lld 位客户，达到上限 %lld，不能再领取",
            "you own %lld customers, the cap is %lld: no more claims", (long long)owned,
            (long long)j->max_owned, (long long)owned, (long long)j->max_owned);
    s = db_prepare(c, "SELECT count(*) FROM pool_claims WHERE user_id = $1 AND at >= $2");
    db_bind_int(s, 1, me);
    db_bind_int(s, 2, j->day_start);
    if ((st = db_exec_int(s, &today, err)))
        return st;
    if (today >= j->per_day)
        return kh_err_setf(
            err, KH_E_CONFLICT, "claims_per_day", "今天已领取 %lld 位客户，达到每日上限 %lld",
            "you claimed %lld customers today, the daily cap is %lld", (long long)today,
            (long long)j->per_day, (long long)today, (long long)j->per_day);
    s = db_prepare(c, "UPDATE customers SET owner_id = $2, department_id = $3, pool_since = 0, "
                      "pool_reason = '', updated_at = $4, version = version + 1 WHERE id = $1 AND "
                      "owner_id IS NULL AND pool_since > 0 AND archived = 0");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, me);
    db_bind_id(s, 3, j->dept);
    db_bind_int(s, 4, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    if (db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "pool", "这位客户已被领取或已不在公海",
                          "the customer was claimed meanwhile or left the pool");
    s = db_prepare(c, "INSERT INTO pool_claims (user_id, customer_id, at) VALUES ($1, $2, $3)");
    db_bind_int(s, 1, me);
    db_bind_int(s, 2, j->id);
    db_bind_int(s, 3, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    s = db_prepare(c, "INSERT INTO owner_history (customer_id, from_user, to_user, by_user, "
                      "reason, at) VALUES ($1, NULL, $2, $2, $3, $4)");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, me);
    db_bind_text(s, 3, "从公海领取 / claimed from the pool");
    db_bind_int(s, 4, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    struct audit_event ev = {"customer.claim", "customer", j->id, NULL};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status pool_store_claim(const struct kh_ctx *ctx, int64_t id, int64_t dept,
                                int64_t max_owned, int64_t per_day, int64_t day_start,
                                struct kh_err *err)
{
    struct claim_job j = {ctx, id, dept, max_owned, per_day, day_start};
    return db_write(ctx->db, claim_fn, &j, err);
}

enum kh_status pool_store_rules(const struct kh_ctx *ctx, struct pool_rule **out, int *count,
                                struct kh_err *err)
{
    enum { MAX = 50 };
    *out = arena_alloc(ctx->arena, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT grade, no_followup_days, no_deal_days FROM pool_rules ORDER BY grade");
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX)
        (*out)[(*count)++] = (struct pool_rule){arena_strdup(ctx->arena, db_col_text(s, 0)),
                                                (int)db_col_int(s, 1), (int)db_col_int(s, 2)};
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct rules_job {
    const struct kh_ctx *ctx;
    const struct pool_rule *rules;
    int n;
};

static enum kh_status rules_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct rules_job *j = arg;
    enum kh_status st = db_exec_stmt(db_prepare(c, "DELETE FROM pool_rules"), err);
    for (int i = 0; i < j->n && !st; i++) {
        struct db_stmt *s = db_prepare(
            c,
            "INSERT INTO pool_rules (grade, no_followup_days, no_deal_days) VALUES ($1, $2, $3)");
        db_bind_text(s, 1, j->rules[i].grade ? j->rules[i].grade : "");
        db_bind_int(s, 2, j->rules[i].no_followup_days);
        db_bind_int(s, 3, j->rules[i].no_deal_days);
        st = db_exec_stmt(s, err);
    }
    const char *detail = arena_printf(j->ctx->arena, "rules=%d", j->n);
    struct audit_event ev = {"customer.pool_rules", "settings", 0, detail};
    return st ? st : audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status pool_store_rules_put(const struct kh_ctx *ctx, const struct pool_rule *rules, int n,
                                    struct kh_err *err)
{
    struct rules_job j = {ctx, rules, n};
    return db_write(ctx->db, rules_fn, &j, err);
}

/*
 * Whether customer c falls under the rule ($1 grade, '' any grade without
 * its own rule): owned for the days at least (since the last change of
 * owner, else the creation, before $2); no interaction by the owner since $2;
 * with no_deal_days, no purchase since $3.
 */
#define RECLAIM_WHERE                                                                              \
    "c.owner_id IS NOT NULL AND c.pool_since = 0 AND c.archived = 0 AND c.merged_into = 0 AND "    \
    "((c.grade = $1) OR ($1 = '' AND c.grade NOT IN (SELECT p.grade FROM pool_rules p WHERE "      \
    "p.grade <> ''))) AND coalesce((SELECT max(h.at) FROM owner_history h WHERE h.customer_id = "  \
    "c.id), c.created_at) <= $2 AND NOT EXISTS (SELECT 1 FROM interactions i WHERE "               \
    "i.customer_id = c.id AND i.created_by = c.owner_id AND i.occurred_at >= $2) AND ($3 = 0 OR "  \
    "NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.purchased_at >= $3)) " \
    "AND " POOL_VISIBLE

/* At least this many customers per write, however busy the writer. */
#define RECLAIM_WRITE_MIN 200

struct reclaim_item {
    int64_t id, owner;
    const char *code, *name;
    bool reclaimed;
};

struct reclaim_job {
    const struct kh_ctx *ctx;
    const struct pool_rule *r;
    int64_t since, deal;
    struct reclaim_item *items;
    int n, done, seen; /* seen: the items looked at, from the first (the write may stop early) */
};

static void bind_rule(struct db_stmt *s, const struct reclaim_job *j)
{
    db_bind_text(s, 1, j->r->grade);
    db_bind_int(s, 2, j->since);
    db_bind_int(s, 3, j->deal);
}

static int by_owner(const void *a, const void *b)
{
    const struct reclaim_item *x = a, *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Each owner is told once per write of what went back to the pool: the
 * customer by name when it is one, else how many with the first three (a
 * catch-up run over a large import reclaims hundreds of one salesperson's
 * customers; one message each would bury the inbox and the outbox).
 */
static enum kh_status tell_owners(struct db_conn *c, struct reclaim_job *j, const char *reason,
                                  int64_t now, struct kh_err *err)
{
    struct arena *a = j->ctx->arena;
    qsort(j->items, (size_t)j->seen, sizeof(*j->items), by_owner);
    enum kh_status st = KH_OK;
    for (int i = 0; i < j->seen && !st;) {
        int k = i, n = 0;
        const struct reclaim_item *first[3] = {0};
        for (; k < j->seen && j->items[k].owner == j->items[i].owner; k++)
            if (j->items[k].reclaimed && n++ < 3)
                first[n - 1] = &j->items[k];
        if (n == 1)
            st = notification_add_on(
                c, first[0]->owner, "customer.reclaimed", first[0]->id,
                arena_printf(a, "客户 %s %s 已%s", first[0]->code, first[0]->name, reason),
                arena_printf(a, "Customer %s %s went back to the pool: %s", first[0]->code,
                             first[0]->name, reason),
                "/pool", now, err);
        else if (n > 1) {
            const char *zh = "", *en = "";
            for (int m = 0; m < 3 && first[m]; m++) {
                zh =
                    arena_printf(a, "%s%s%s %s", zh, m ? "、" : "", first[m]->code, first[m]->name);
                en =
                    arena_printf(a, "%s%s%s %s", en, m ? ", " : "", first[m]->code, first[m]->name);
            }
            st = notification_add_on(
                c, first[0]->owner, "customer.reclaimed", 0,
                arena_printf(a, "%d 位客户已%s：%s%s", n, reason, zh, n > 3 ? " 等" : ""),
                arena_printf(a, "%d customers went back to the pool (%s): %s%s", n, reason, en,
                             n > 3 ? arena_printf(a, " and %d more", n - 3) : ""),
                "/pool", now, err);
        }
        i = k;
    }
    return st;
}

/*
 * In the write: each candidate that still falls under the rule goes to the
 * pool. A batch is large (its pages of the task and opportunity indexes are
 * written once for many customers), so the write ends early, after a
 * customer, when another caller waits for the writer; the next write takes
 * the rest of the batch (each is checked again there).
 */
static enum kh_status reclaim_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct reclaim_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    const char *reason =
        arena_printf(ctx->arena, "超过 %d 天未跟进，收回公海 / no follow-up for %d days",
                     j->r->no_followup_days, j->r->no_followup_days);
    enum kh_status st = KH_OK;
    /* the run's writes touch pages all over the task and opportunity indexes (to its end) */
    db_bulk_cache(c, true);
    j->done = j->seen = 0;
    for (int i = 0; i < j->n && !st; i++) {
        if (i >= RECLAIM_WRITE_MIN && db_write_wanted(c))
            break;
        struct reclaim_item *x = &j->items[i];
        j->seen = i + 1;
        x->reclaimed = false;
        struct db_stmt *s = db_prepare(
            c, "SELECT 1 FROM customers c WHERE c.id = $4 AND c.owner_id = $5 AND " RECLAIM_WHERE);
        bind_rule(s, j);
        db_bind_int(s, 4, x->id);
        db_bind_int(s, 5, x->owner);
        enum db_step_result r = db_step(s, err);
        bool still = r == DB_ROW;
        if (still)
            r = db_step(s, err); /* (to its end) */
        if (r == DB_ERROR)
            return err->code;
        if (!still) /* followed up, moved or released since it was read */
            continue;
        st = to_pool_on(c, ctx, x->id, x->owner, reason, "customer.reclaim", err);
        x->reclaimed = !st;
        j->done += st ? 0 : 1;
    }
    if (!st)
        st = tell_owners(c, j, reason, now, err);
    if (st)
        j->done = 0;
    return st;
}

void pool_store_reclaim_end(const struct kh_ctx *ctx)
{
    db_bulk_cache_release(ctx->db);
}

/*
 * The candidates are read outside the write, from the bookmark *after on in
 * id order, so a run over a million customers neither holds the writer while
 * it reads them nor reads the same ones again batch after batch; the write
 * checks each again.
 */
enum kh_status pool_store_reclaim(const struct kh_ctx *ctx, const struct pool_rule *r, int batch,
                                  int64_t *after, int *read, int *n, struct kh_err *err)
{
    *n = *read = 0;
    int64_t now = ctx_now(ctx);
    struct reclaim_job j = {ctx,
                            r,
                            now - (int64_t)r->no_followup_days * 86400,
                            r->no_deal_days ? now - (int64_t)r->no_deal_days * 86400 : 0,
                            NULL,
                            0,
                            0};
    struct reclaim_item *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)batch);
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT c.id, c.owner_id, c.code, c.name FROM customers c "
                      "WHERE c.id > $4 AND " RECLAIM_WHERE "ORDER BY c.id LIMIT $5");
    bind_rule(s, &j);
    db_bind_int(s, 4, *after);
    db_bind_int(s, 5, batch);
    int k = 0;
    enum db_step_result res;
    while ((res = db_step(s, err)) == DB_ROW && k < batch)
        items[k++] = (struct reclaim_item){db_col_int(s, 0), db_col_int(s, 1),
                                           arena_strdup(ctx->arena, db_col_text(s, 2)),
                                           arena_strdup(ctx->arena, db_col_text(s, 3))};
    db_read_end(ctx->db, c);
    if (res == DB_ERROR)
        return err->code;
    *read = k;
    if (!k)
        return KH_OK;
    /* a write that ended early for a waiting caller: the next goes on from the one after */
    for (int off = 0; off < k;) {
        j.items = items + off;
        j.n = k - off;
        enum kh_status st = db_write_alone(ctx->db, reclaim_fn, &j, err);
        if (st)
            return st;
        off += j.seen;
        *n += j.done;
    }
    *after = items[k - 1].id; /* read in id order */
    *read = k;
    return KH_OK;
}
