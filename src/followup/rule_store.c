#include "followup/rule_store.h"

#include <stdio.h>
#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"
#include "followup/task_store.h"
#include "customer/customer.h"
#include "vault/vault.h"

#include <jansson.h>

#define RULE_COLS                                                                                  \
    "SELECT id, name_zh, name_en, trigger_kind, audience, unit, offset_from, offset_to, channel, " \
    "assignee_role, purpose, enabled, active_from, scanned_to, position, created_at, updated_at, " \
    "date_field, yearly FROM followup_rules "

enum kh_status rule_store_list(const struct kh_ctx *ctx, struct followup_rule **out, int *count,
                               struct kh_err *err)
{
    enum { MAX = 200 };
    *out = arena_alloc(ctx->arena, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, RULE_COLS "ORDER BY position, id");
    enum db_step_result r;
    struct arena *a = ctx->arena;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX) {
        struct followup_rule *x = &(*out)[(*count)++];
        x->id = db_col_int(s, 0);
        x->name_zh = arena_strdup(a, db_col_text(s, 1));
        x->name_en = arena_strdup(a, db_col_text(s, 2));
        x->trigger = arena_strdup(a, db_col_text(s, 3));
        x->audience = arena_strdup(a, db_col_text(s, 4));
        x->unit = arena_strdup(a, db_col_text(s, 5));
        x->offset_from = (int)db_col_int(s, 6);
        x->offset_to = (int)db_col_int(s, 7);
        x->channel = arena_strdup(a, db_col_text(s, 8));
        x->assignee_role = arena_strdup(a, db_col_text(s, 9));
        x->purpose = arena_strdup(a, db_col_text(s, 10));
        x->enabled = db_col_int(s, 11) != 0;
        x->active_from = db_col_int(s, 12);
        x->scanned_to = db_col_int(s, 13);
        x->position = (int)db_col_int(s, 14);
        x->created_at = db_col_int(s, 15);
        x->updated_at = db_col_int(s, 16);
        x->date_field = arena_strdup(a, db_col_text(s, 17));
        x->yearly = db_col_int(s, 18) != 0;
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* The last record a rule on this trigger has to leave: every one there is now. */
static const char *const last_record_sql[] = {
    "SELECT coalesce(max(id), 0) FROM customers",
    "SELECT coalesce(max(id), 0) FROM purchases",
    "SELECT coalesce(max(id), 0) FROM complaint_events",
};

/* The table of the trigger's records: 0 customers, 1 purchases, 2 complaint events; -1 a date. */
static int trigger_table(const char *trigger)
{
    if (!strcmp(trigger, "customer_created"))
        return 0;
    if (!strcmp(trigger, "date_field"))
        return -1;
    return strncmp(trigger, "complaint_", 10) ? 1 : 2;
}

/* A date rule's scanned_to is the last company day it read its customers on: 0, not yet. */
static enum kh_status last_record(struct db_conn *c, const char *trigger, int64_t *out,
                                  struct kh_err *err)
{
    int table = trigger_table(trigger);
    *out = 0;
    return table < 0 ? KH_OK : db_exec_int(db_prepare(c, last_record_sql[table]), out, err);
}

struct save_job {
    const struct kh_ctx *ctx;
    const struct followup_rule *in, *old;
    int64_t id;
};

static enum kh_status save_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct save_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    const struct followup_rule *in = j->in;
    int64_t now = ctx_now(ctx);
    /* Switched on now (new, enabled again, or another trigger): from now on, nothing before. */
    bool restart = in->enabled && (!j->old || !j->old->enabled ||
                                   strcmp(j->old->trigger, in->trigger) || !j->old->active_from);
    int64_t active = restart ? now : j->old->active_from, scanned = j->old ? j->old->scanned_to : 0;
    enum kh_status st = KH_OK;
    if (restart || trigger_table(in->trigger) < 0) /* a date rule changed reads today again */
        st = last_record(c, in->trigger, &scanned, err);
    if (st)
        return st;
    struct db_stmt *s;
    if (j->old) {
        s = db_prepare(c,
                       "UPDATE followup_rules SET name_zh = $2, name_en = $3, trigger_kind = $4, "
                       "audience = $5, unit = $6, offset_from = $7, offset_to = $8, channel = "
                       "$9, assignee_role = $10, purpose = $11, enabled = $12, active_from = "
                       "$13, scanned_to = $14, position = $15, updated_at = $16, date_field = $17, "
                       "yearly = $18 WHERE id = $1 RETURNING id");
        db_bind_int(s, 1, in->id);
    } else {
        s = db_prepare(c,
                       "INSERT INTO followup_rules (name_zh, name_en, trigger_kind, audience, "
                       "unit, offset_from, offset_to, channel, assignee_role, purpose, enabled, "
                       "active_from, scanned_to, position, updated_at, created_at, date_field, "
                       "yearly) VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                       "$15, $16, $16, $17, $18) RETURNING id");
        db_bind_int(s, 1, 0);
    }
    db_bind_text(s, 2, in->name_zh);
    db_bind_text(s, 3, in->name_en ? in->name_en : "");
    db_bind_text(s, 4, in->trigger);
    db_bind_text(s, 5, in->audience);
    db_bind_text(s, 6, in->unit);
    db_bind_int(s, 7, in->offset_from);
    db_bind_int(s, 8, in->offset_to);
    db_bind_text(s, 9, in->channel);
    db_bind_text(s, 10, in->assignee_role ? in->assignee_role : "");
    db_bind_text(s, 11, in->purpose ? in->purpose : "");
    db_bind_int(s, 12, in->enabled ? 1 : 0);
    db_bind_int(s, 13, active);
    db_bind_int(s, 14, scanned);
    db_bind_int(s, 15, in->position);
    db_bind_int(s, 16, now);
    db_bind_text(s, 17, in->date_field ? in->date_field : "");
    db_bind_int(s, 18, in->yearly ? 1 : 0);
    if ((st = db_exec_int(s, &j->id, err)))
        return st;
    if (!j->id)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这条回访规则", "no such rule");
    const char *detail = arena_printf(
        ctx->arena, "trigger=%s%s%s%s audience=%s %s=%d..%d channel=%s enabled=%d", in->trigger,
        in->date_field && *in->date_field ? " date_field=" : "",
        in->date_field ? in->date_field : "", in->yearly ? " yearly" : "", in->audience, in->unit,
        in->offset_from, in->offset_to, in->channel, in->enabled ? 1 : 0);
    struct audit_event ev = {j->old ? "followup.rule_update" : "followup.rule_create",
                             "followup_rule", j->id, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status rule_store_save(const struct kh_ctx *ctx, const struct followup_rule *in,
                               const struct followup_rule *old, int64_t *id, struct kh_err *err)
{
    struct save_job j = {ctx, in, old, 0};
    enum kh_status st = db_write(ctx->db, save_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

struct start_job {
    const struct kh_ctx *ctx;
    struct followup_rule *r;
};

static enum kh_status start_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct start_job *j = arg;
    int64_t now = ctx_now(j->ctx), last = 0;
    enum kh_status st = last_record(c, j->r->trigger, &last, err);
    if (st)
        return st;
    struct db_stmt *s = db_prepare(
        c, "UPDATE followup_rules SET active_from = $2, scanned_to = $3 WHERE id = $1 AND "
           "active_from = 0");
    db_bind_int(s, 1, j->r->id);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, last);
    if ((st = db_exec_stmt(s, err)))
        return st;
    j->r->active_from = now;
    j->r->scanned_to = last;
    return KH_OK;
}

enum kh_status rule_store_start(const struct kh_ctx *ctx, struct followup_rule *r,
                                struct kh_err *err)
{
    struct start_job j = {ctx, r};
    return db_write(ctx->db, start_fn, &j, err);
}

/*
 * $1 after this record, $2 batch, $3 active_from, $4 audience, $5 the
 * rule wants the owner (1) or a role (0). Column 3: whether the rule
 * applies. A customer: published (not of an import still pending), not
 * merged or archived, with an owner when the owner is to do it; a buyer has
 * a purchase.
 */
#define BUYER "EXISTS (SELECT 1 FROM purchases b WHERE b.customer_id = c.id)"
#define APPLIES                                                                                    \
    "c.merged_into = 0 AND c.archived = 0 AND ($5 = 0 OR c.owner_id IS NOT NULL) AND "             \
    "($4 = 'all' OR ($4 = 'buyers' AND " BUYER ") OR ($4 = 'non_buyers' AND NOT " BUYER "))"

static const char *const trigger_sql[] = {
    /* customer_created */
    "SELECT c.id, c.id, c.created_at, CASE WHEN c.created_at >= $3 AND (c.import_batch = 0 OR "
    "EXISTS (SELECT 1 FROM import_batches ib WHERE ib.id = c.import_batch AND ib.state = "
    "'published')) AND " APPLIES " THEN 1 ELSE 0 END FROM customers c WHERE c.id > $1 AND $6 = $6 "
    "ORDER BY c.id LIMIT $2",
    /* first_purchase ($6 1) and purchase ($6 0): recorded since active_from */
    "SELECT p.id, p.customer_id, p.purchased_at, CASE WHEN p.created_at >= $3 AND ($6 = 0 OR NOT "
    "EXISTS (SELECT 1 FROM purchases e WHERE e.customer_id = p.customer_id AND (e.purchased_at < "
    "p.purchased_at OR (e.purchased_at = p.purchased_at AND e.id < p.id)))) AND " APPLIES
    " THEN 1 ELSE 0 END FROM purchases p JOIN customers c ON c.id = p.customer_id WHERE p.id > $1 "
    "ORDER BY p.id LIMIT $2",
    /* complaint_written ($6 1: received in writing) and complaint_resolved ($6 0) */
    "SELECT e.id, e.customer_id, e.at, CASE WHEN e.at >= $3 AND (($6 = 1 AND e.kind = 'received' "
    "AND e.written = 1) OR ($6 = 0 AND e.kind = 'resolved')) AND " APPLIES
    " THEN 1 ELSE 0 END FROM complaint_events e JOIN customers c ON c.id = e.customer_id WHERE "
    "e.id > $1 ORDER BY e.id LIMIT $2",
};

/* $6 of the trigger's statement. */
static int trigger_flag(const char *trigger)
{
    return !strcmp(trigger, "first_purchase") || !strcmp(trigger, "complaint_written") ? 1 : 0;
}

/* The first customer of an import still pending (its records are read once published). */
static enum kh_status pending_from(struct db_conn *c, int64_t *out, struct kh_err *err)
{
    return db_exec_int(
        db_prepare(c, "SELECT coalesce(min((SELECT min(x.id) FROM customers x WHERE "
                      "x.import_batch = ib.id AND x.import_batch <> 0)), 0) FROM import_batches "
                      "ib WHERE ib.state = 'pending'"),
        out, err);
}

enum kh_status rule_store_triggers(const struct kh_ctx *ctx, const struct followup_rule *r,
                                   int batch, struct rule_trigger **out, int *n, int64_t *upto,
                                   bool *more, struct kh_err *err)
{
    *out = arena_alloc(ctx->arena, sizeof(**out) * (size_t)batch);
    *n = 0;
    *upto = r->scanned_to;
    *more = false;
    int table = trigger_table(r->trigger);
    if (table < 0)
        return kh_err_set(err, KH_E_INTERNAL, "", "日期规则按日读取", "a date rule reads by day");
    struct db_conn *c = db_read_begin(ctx->db);
    int64_t stop = 0;
    enum kh_status st = table == 0 ? pending_from(c, &stop, err) : KH_OK;
    struct db_stmt *s = st ? NULL : db_prepare(c, trigger_sql[table]);
    if (s) {
        db_bind_int(s, 1, r->scanned_to);
        db_bind_int(s, 2, batch);
        db_bind_int(s, 3, r->active_from);
        db_bind_text(s, 4, r->audience);
        db_bind_int(s, 5, *r->assignee_role ? 0 : 1);
        db_bind_int(s, 6, trigger_flag(r->trigger));
        int read = 0;
        enum db_step_result x;
        while ((x = db_step(s, err)) == DB_ROW) {
            int64_t id = db_col_int(s, 0);
            if (stop && id >= stop) { /* an import not yet published: wait for it */
                read = 0;
                break;
            }
            read++;
            *upto = id;
            if (db_col_int(s, 3))
                (*out)[(*n)++] = (struct rule_trigger){id, db_col_int(s, 1), db_col_int(s, 2)};
        }
        if (x == DB_ERROR)
            st = err->code;
        *more = read == batch;
    }
    db_read_end(ctx->db, c);
    return st;
}

/* ---- dates of the customers' (trigger date_field) ---- */

#define DATE_ROWS(col, extra)                                                                      \
    "SELECT c.id, " col ", CASE WHEN " APPLIES " THEN 1 ELSE 0 END FROM customers c WHERE c.id > " \
    "$1 AND " col " <> '' " extra "AND $3 = $3 AND $6 = $6 AND " CUSTOMER_VISIBLE                  \
    "ORDER BY c.id LIMIT $2"

/* The profile's value of key (a date custom field), sealed at rest: opened and read here. */
static void custom_value(struct arena *a, const char *stored, const char *key, char *out,
                         size_t cap)
{
    out[0] = '\0';
    const char *text = vault_unseal(a, "customers.custom", stored);
    json_t *o = json_loads(text, 0, NULL);
    const char *v = json_string_value(json_object_get(o, key));
    if (v && strlen(v) < cap)
        memcpy(out, v, strlen(v) + 1);
    json_decref(o);
}

enum kh_status rule_store_dates(const struct kh_ctx *ctx, struct arena *a,
                                const struct followup_rule *r, int64_t after, int batch,
                                struct rule_date **out, int *n, int64_t *last, bool *more,
                                struct kh_err *err)
{
    *out = arena_alloc(a, sizeof(**out) * (size_t)batch);
    *n = 0;
    *last = after;
    *more = false;
    const char *field = r->date_field, *key = NULL;
    const char *sql = !strcmp(field, "birthday")       ? DATE_ROWS("c.birthday", "")
                      : !strcmp(field, "collected_on") ? DATE_ROWS("c.collected_on", "")
                                                       : NULL;
    if (!sql && !strncmp(field, "custom:", 7)) {
        key = field + 7;
        sql = DATE_ROWS("c.custom", "AND c.custom <> '{}' ");
    }
    if (!sql)
        return kh_err_set(err, KH_E_VALIDATION, "date_field", "没有这个日期字段",
                          "no such date field");
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, sql);
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, batch);
    db_bind_int(s, 3, 0);
    db_bind_text(s, 4, r->audience);
    db_bind_int(s, 5, *r->assignee_role ? 0 : 1);
    db_bind_int(s, 6, 0);
    int read = 0;
    enum db_step_result x;
    while ((x = db_step(s, err)) == DB_ROW) {
        read++;
        struct rule_date *d = &(*out)[*n];
        d->customer_id = *last = db_col_int(s, 0);
        d->applies = db_col_int(s, 2) != 0;
        const char *v = db_col_text(s, 1);
        if (key)
            custom_value(a, v, key, d->value, sizeof(d->value));
        else if (strlen(v) < sizeof(d->value))
            memcpy(d->value, v, strlen(v) + 1);
        else
            d->value[0] = '\0';
        if (d->applies && d->value[0])
            (*n)++;
    }
    db_read_end(ctx->db, c);
    *more = read == batch;
    return x == DB_ERROR ? err->code : KH_OK;
}

enum kh_status rule_store_date_fields(const struct kh_ctx *ctx, struct kh_choice **out, int *n,
                                      struct kh_err *err)
{
    enum { MAX = 202 };
    struct arena *a = ctx->arena;
    *out = arena_alloc(a, sizeof(**out) * (MAX + 1));
    (*out)[0] = (struct kh_choice){"birthday", "生日", "Birthday"};
    (*out)[1] = (struct kh_choice){"collected_on", "信息收集日期", "Date collected"};
    *n = 2;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT key, label_zh, label_en FROM custom_fields WHERE "
                                      "type = 'date' ORDER BY position, id");
    enum db_step_result x;
    while ((x = db_step(s, err)) == DB_ROW && *n < MAX) {
        const char *en = db_col_text(s, 2);
        (*out)[(*n)++] = (struct kh_choice){arena_printf(a, "custom:%s", db_col_text(s, 0)),
                                            arena_strdup(a, db_col_text(s, 1)),
                                            arena_strdup(a, *en ? en : db_col_text(s, 1))};
    }
    db_read_end(ctx->db, c);
    (*out)[*n] = (struct kh_choice){0};
    return x == DB_ERROR ? err->code : KH_OK;
}

struct add_job {
    const struct kh_ctx *ctx;
    const struct followup_rule *r;
    const struct rule_trigger *t;
    const struct task_input *tasks;
    int n;
    int64_t upto;
    int added;
};

/* The active holder of role with the fewest open tasks. */
static enum kh_status least_loaded(struct db_conn *c, const char *role, int64_t *out,
                                   struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "SELECT u.id FROM users u WHERE u.role = $1 AND u.active = 1 ORDER BY (SELECT "
           "count(*) FROM tasks t WHERE t.doer_id = u.id AND t.assignee_id = u.id AND t.state = "
           "'open'), u.id LIMIT 1");
    db_bind_text(s, 1, role);
    return db_exec_int(s, out, err);
}

/*
 * A batch of at least this many tasks is a catch-up's (an import's customers, a new rule): it
 * takes the large page cache until the run is over (followup_generate) and writes alone.
 */
#define CATCHUP_TASKS 1000

static enum kh_status add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct add_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    j->added = 0;
    enum kh_status st = KH_OK;
    if (j->n >= CATCHUP_TASKS)
        db_bulk_cache(c, true);
    for (int i = 0; i < j->n && !st; i++) {
        struct task_input in = j->tasks[i];
        if (*j->r->assignee_role &&
            (st = least_loaded(c, j->r->assignee_role, &in.assignee_id, err)))
            break;
        if (*j->r->assignee_role && !in.assignee_id)
            continue; /* nobody holds the role now: the next run tries no more (read past) */
        char source[64];
        if (j->t[i].occurrence) /* a date: the customer and the day (each year's its own) */
            snprintf(source, sizeof(source), "rule:%lld:c%lld:d%lld", (long long)j->r->id,
                     (long long)j->t[i].customer_id, (long long)j->t[i].occurrence);
        else
            snprintf(source, sizeof(source), "rule:%lld:%lld", (long long)j->r->id,
                     (long long)j->t[i].record_id);
        st = task_store_insert_on(c, ctx, &in, source, false, NULL, err);
        j->added += !st && db_changes(c) ? 1 : 0;
    }
    if (st)
        return st;
    struct db_stmt *s = db_prepare(c, "UPDATE followup_rules SET scanned_to = $2 WHERE id = $1 "
                                      "AND scanned_to < $2");
    db_bind_int(s, 1, j->r->id);
    db_bind_int(s, 2, j->upto);
    if ((st = db_exec_stmt(s, err)) || !j->added)
        return st;
    const char *detail = arena_printf(ctx->arena, "rule=%lld tasks=%d upto=%lld",
                                      (long long)j->r->id, j->added, (long long)j->upto);
    struct audit_event ev = {"followup.generate", "followup_rule", j->r->id, detail};
    return audit_store_append(c, &ctx->actor, ctx_now(ctx), &ev, err);
}

void rule_store_generate_end(const struct kh_ctx *ctx)
{
    db_bulk_cache_release(ctx->db);
}

enum kh_status rule_store_add_tasks(const struct kh_ctx *ctx, const struct followup_rule *r,
                                    const struct rule_trigger *t, const struct task_input *tasks,
                                    int n, int64_t upto, int *added, struct kh_err *err)
{
    struct add_job j = {ctx, r, t, tasks, n, upto, 0};
    /* a catch-up's batch in a transaction of its own: no sub-journal to fill (DECISIONS §152) */
    enum kh_status st = n >= CATCHUP_TASKS ? db_write_alone(ctx->db, add_fn, &j, err)
                                           : db_write(ctx->db, add_fn, &j, err);
    *added = st ? 0 : j.added;
    return st;
}

/* ---- new customers not contacted (R-OWN-4) ---- */

#define UNCONTACTED_BATCH UNCONTACTED_BATCH_FULL

struct uncontacted_job {
    const struct kh_ctx *ctx;
    int64_t to;
    int days, n;
};

static enum kh_status alert_one(struct db_conn *c, const struct kh_ctx *ctx, struct db_stmt *row,
                                int days, int64_t now, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    int64_t id = db_col_int(row, 0), owner = db_col_int(row, 3), head = db_col_int(row, 4);
    const char *code = arena_strdup(a, db_col_text(row, 1)),
               *name = arena_strdup(a, db_col_text(row, 2)),
               *owner_name = arena_strdup(a, db_col_text(row, 5));
    struct db_stmt *s = db_prepare(
        c,
        "INSERT INTO uncontacted_alerts (customer_id, owner_id, alerted_at) VALUES ($1, $2, $3)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, owner);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    const char *link = arena_printf(a, "/customers/%lld", (long long)id);
    if (!st)
        st = notification_add_on(
            c, owner, "customer.uncontacted", id,
            arena_printf(a, "新客户 %s %s 建档已 %d 天，您还没有联系过", code, name, days),
            arena_printf(a,
                         "New customer %s %s was entered %d days ago and you have not contacted "
                         "them yet",
                         code, name, days),
            link, now, err);
    if (!st && head && head != owner)
        st = notification_add_on(
            c, head, "customer.uncontacted", id,
            arena_printf(a, "%s 的新客户 %s %s 建档 %d 天未联系，可重新分配", owner_name, code,
                         name, days),
            arena_printf(a,
                         "%s has not contacted new customer %s %s in %d days: you may reassign "
                         "it",
                         owner_name, code, name, days),
            link, now, err);
    return st;
}

static enum kh_status uncontacted_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct uncontacted_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx), from = 0;
    j->n = 0;
    enum kh_status st =
        db_exec_int(db_prepare(c, "SELECT coalesce(max(value), 0) FROM followup_marks WHERE name = "
                                  "'uncontacted_checked_to'"),
                    &from, err);
    if (st)
        return st;
    if (!from) /* the first run: the last day only, never the whole archive */
        from = j->to - 86400;
    if (from >= j->to)
        return KH_OK;
    struct db_stmt *s = db_prepare(
        c, "SELECT c.id, c.code, c.name, c.owner_id, coalesce(d.head_id, 0), u.display_name, "
           "c.created_at FROM customers c JOIN users u ON u.id = c.owner_id LEFT JOIN departments "
           "d ON d.id = u.department_id WHERE c.created_at > $1 AND c.created_at <= $2 AND "
           "c.merged_into = 0 AND c.archived = 0 AND (c.import_batch = 0 OR EXISTS (SELECT 1 FROM "
           "import_batches ib WHERE ib.id = c.import_batch AND ib.state = 'published')) AND NOT "
           "EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND i.created_by = "
           "c.owner_id) AND NOT EXISTS (SELECT 1 FROM uncontacted_alerts x WHERE x.customer_id = "
           "c.id) ORDER BY c.created_at, c.id LIMIT $3");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, j->to);
    db_bind_int(s, 3, UNCONTACTED_BATCH);
    int64_t last = j->to;
    enum db_step_result r;
    while (!st && (r = db_step(s, err)) == DB_ROW) {
        st = alert_one(c, ctx, s, j->days, now, err);
        last = db_col_int(s, 6);
        j->n++;
    }
    if (st || r == DB_ERROR)
        return st ? st : err->code;
    /* A full batch: the next one starts at its last time (the alerted are skipped). */
    s = db_prepare(c, "INSERT INTO followup_marks (name, value) VALUES ('uncontacted_checked_to', "
                      "$1) ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    db_bind_int(s, 1, j->n == UNCONTACTED_BATCH ? last - 1 : j->to);
    if ((st = db_exec_stmt(s, err)) || !j->n)
        return st;
    const char *detail = arena_printf(ctx->arena, "customers=%d days=%d", j->n, j->days);
    struct audit_event ev = {"followup.uncontacted", "customer", 0, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status rule_store_uncontacted(const struct kh_ctx *ctx, int64_t to, int days, int *n,
                                      struct kh_err *err)
{
    struct uncontacted_job j = {ctx, to, days, 0};
    enum kh_status st = db_write(ctx->db, uncontacted_fn, &j, err);
    *n = st ? 0 : j.n;
    return st;
}

/* ---- purchases ---- */

enum kh_status purchase_put_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t order_id,
                               int64_t customer_id, int64_t purchased_at, int64_t amount_fen,
                               const char *products, int *skipped, struct kh_err *err)
{
    *skipped = 0;
    int64_t now = ctx_now(ctx), id = 0;
    struct db_stmt *s = db_prepare(c, "UPDATE purchases SET purchased_at = $2, amount_fen = $3, "
                                      "products = $4 WHERE order_id = $1 RETURNING id");
    db_bind_int(s, 1, order_id);
    db_bind_int(s, 2, purchased_at);
    db_bind_int(s, 3, amount_fen);
    db_bind_text(s, 4, products);
    enum kh_status st = db_exec_int(s, &id, err);
    if (st || id)
        return st;
    s = db_prepare(c, "INSERT INTO purchases (customer_id, purchased_at, amount_fen, products, "
                      "created_by, created_at, order_id) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    db_bind_int(s, 1, customer_id);
    db_bind_int(s, 2, purchased_at);
    db_bind_int(s, 3, amount_fen);
    db_bind_text(s, 4, products);
    db_bind_id(s, 5, ctx->actor.user_id);
    db_bind_int(s, 6, now);
    db_bind_int(s, 7, order_id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    /* The customer has bought: the calls of non-buyer rules are not wanted any more. */
    s = db_prepare(c, "UPDATE tasks SET state = 'skipped', note = $2, done_at = $3 WHERE "
                      "customer_id = $1 AND state = 'open' AND rule_id IN (SELECT id FROM "
                      "followup_rules WHERE audience = 'non_buyers')");
    db_bind_int(s, 1, customer_id);
    db_bind_text(s, 2, "客户已购买 / the customer has bought");
    db_bind_int(s, 3, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    *skipped = (int)db_changes(c);
    return KH_OK;
}

enum kh_status purchase_drop_on(struct db_conn *c, int64_t order_id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "DELETE FROM purchases WHERE order_id = $1");
    db_bind_int(s, 1, order_id);
    return db_exec_stmt(s, err);
}

enum kh_status purchase_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                         int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c, NULL, "UPDATE purchases SET customer_id = $2 WHERE customer_id = $1", from,
                      to, moved, err);
}

enum kh_status purchase_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                        struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s = db_prepare(c, "DELETE FROM purchases WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}
