#include "commplan/commplan_store.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"
#include "followup/task_store.h"

/* ---- plans ---- */

struct plan_job {
    const struct kh_ctx *ctx;
    const struct commplan *p;
    int64_t id;
};

static void bind_fields(struct db_stmt *s, const struct commplan *p)
{
    db_bind_text(s, 2, p->name);
    db_bind_text(s, 3, p->goal);
    db_bind_text(s, 4, p->segment);
    db_bind_text(s, 5, p->channel);
    db_bind_text(s, 6, p->content);
    db_bind_text(s, 7, p->unit);
    db_bind_int(s, 8, p->every);
    db_bind_text(s, 9, p->start_day);
    db_bind_text(s, 10, p->end_day);
}

static const char *detail_of(struct arena *a, const struct commplan *p)
{
    return arena_printf(a, "name=%s channel=%s every=%lld %s from=%s to=%s segment=%s", p->name,
                        p->channel, (long long)p->every, p->unit, p->start_day, p->end_day,
                        p->segment);
}

static enum kh_status create_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct plan_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO comm_plans (created_by, name, goal, segment, channel, content, unit, "
           "every, start_day, end_day, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
           "$8, $9, $10, $11, $11) RETURNING id");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    bind_fields(s, j->p);
    db_bind_int(s, 11, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    struct audit_event ev = {"commplan.create", "comm_plan", j->id, detail_of(j->ctx->arena, j->p)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status commplan_store_create(const struct kh_ctx *ctx, const struct commplan *p,
                                     int64_t *id, struct kh_err *err)
{
    struct plan_job j = {ctx, p, 0};
    enum kh_status st = db_write(ctx->db, create_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

static enum kh_status update_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct plan_job *j = arg;
    int64_t now = ctx_now(j->ctx), done = 0;
    struct db_stmt *s = db_prepare(
        c, "UPDATE comm_plans SET name = $2, goal = $3, segment = $4, channel = $5, content = $6, "
           "unit = $7, every = $8, start_day = $9, end_day = $10, updated_at = $11 WHERE id = $1 "
           "AND state IN ('draft', 'paused') RETURNING id");
    db_bind_int(s, 1, j->p->id);
    bind_fields(s, j->p);
    db_bind_int(s, 11, now);
    enum kh_status st = db_exec_int(s, &done, err);
    if (st)
        return st;
    if (!done)
        return kh_err_set(err, KH_E_CONFLICT, "state", "只有草稿或已暂停的计划可以修改",
                          "only a draft or paused plan can be changed");
    struct audit_event ev = {"commplan.update", "comm_plan", j->p->id,
                             detail_of(j->ctx->arena, j->p)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status commplan_store_update(const struct kh_ctx *ctx, const struct commplan *p,
                                     struct kh_err *err)
{
    struct plan_job j = {ctx, p, 0};
    return db_write(ctx->db, update_fn, &j, err);
}

struct move_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const char *to, *from[3], *action;
};

static enum kh_status move_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct move_job *j = arg;
    int64_t now = ctx_now(j->ctx), done = 0;
    struct db_stmt *s = db_prepare(
        c, "UPDATE comm_plans SET state = $2, updated_at = $6, activated_at = CASE WHEN $2 = "
           "'active' THEN $6 ELSE activated_at END, ended_at = CASE WHEN $2 = 'ended' THEN $6 ELSE "
           "ended_at END WHERE id = $1 AND state IN ($3, $4, $5) RETURNING id");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->to);
    for (int i = 0; i < 3; i++)
        db_bind_text(s, 3 + i, j->from[i] ? j->from[i] : "");
    db_bind_int(s, 6, now);
    enum kh_status st = db_exec_int(s, &done, err);
    if (st)
        return st;
    if (!done)
        return kh_err_set(err, KH_E_CONFLICT, "state", "计划当前的状态不能这样变更",
                          "the plan's state does not allow this change");
    struct audit_event ev = {j->action, "comm_plan", j->id,
                             arena_printf(j->ctx->arena, "state=%s", j->to)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status commplan_store_move(const struct kh_ctx *ctx, int64_t id, const char *to,
                                   const char *from_a, const char *from_b, const char *from_c,
                                   const char *action, struct kh_err *err)
{
    struct move_job j = {ctx, id, to, {from_a, from_b, from_c}, action};
    return db_write(ctx->db, move_fn, &j, err);
}

#define PLAN_COLS                                                                                  \
    "SELECT p.id, p.name, p.goal, p.segment, p.channel, p.content, p.unit, p.every, p.start_day, " \
    "p.end_day, p.state, p.created_by, coalesce(u.display_name, ''), p.created_at, p.updated_at, " \
    "p.activated_at, p.ended_at FROM comm_plans p LEFT JOIN users u ON u.id = p.created_by "

static void read_plan(struct db_stmt *s, struct arena *a, void *row)
{
    struct commplan *p = row;
    p->id = db_col_int(s, 0);
    const char **texts[] = {&p->name, &p->goal, &p->segment, &p->channel, &p->content, &p->unit};
    for (int i = 0; i < 6; i++)
        *texts[i] = arena_strdup(a, db_col_text(s, 1 + i));
    p->every = db_col_int(s, 7);
    p->start_day = arena_strdup(a, db_col_text(s, 8));
    p->end_day = arena_strdup(a, db_col_text(s, 9));
    p->state = arena_strdup(a, db_col_text(s, 10));
    p->created_by = db_col_int(s, 11);
    p->created_by_name = arena_strdup(a, db_col_text(s, 12));
    p->created_at = db_col_int(s, 13);
    p->updated_at = db_col_int(s, 14);
    p->activated_at = db_col_int(s, 15);
    p->ended_at = db_col_int(s, 16);
}

enum kh_status commplan_store_get(const struct kh_ctx *ctx, int64_t id, struct commplan *out,
                                  struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, PLAN_COLS "WHERE p.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_plan(s, ctx->arena, out);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个沟通计划",
                                    "no such communication plan");
}

enum kh_status commplan_store_list(const struct kh_ctx *ctx, const struct commplan_filter *f,
                                   const struct list_page *page, struct commplan **out, int *count,
                                   const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("comm_plans", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, PLAN_COLS "WHERE ($1 = '' OR p.state = $1) AND ($2 = 0 OR "
                                                "p.id < $2) ORDER BY p.id DESC LIMIT $3");
    db_bind_text(s, 1, f->state ? f->state : "");
    db_bind_int(s, 2, after.id);
    db_bind_int(s, 3, page->limit + 1);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct commplan), read_plan, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    struct commplan *items = rows.items;
    *out = items;
    *count = cursor_page_end(
        ctx->arena, tag, rows.count, page->limit,
        rows.count ? items[rows.count > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

enum kh_status commplan_store_active(const struct kh_ctx *ctx, struct commplan **out, int *count,
                                     struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, PLAN_COLS "WHERE p.state = 'active' ORDER BY p.id LIMIT 1000");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct commplan), read_plan, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

/* ---- periods ---- */

struct period_job {
    const struct kh_ctx *ctx;
    int64_t id, period;
    const char *day;
    struct commplan_run *out;
};

static enum kh_status period_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct period_job *j = arg;
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO comm_plan_periods (plan_id, period, day, started_at) VALUES ($1, $2, $3, "
           "$4) ON CONFLICT DO NOTHING");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->period);
    db_bind_text(s, 3, j->day);
    db_bind_int(s, 4, ctx_now(j->ctx));
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "SELECT d.scanned_to, d.finished_at, (SELECT count(*) FROM comm_plan_tasks t "
                      "WHERE t.plan_id = d.plan_id AND t.period = d.period) FROM comm_plan_periods "
                      "d WHERE d.plan_id = $1 AND d.period = $2");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->period);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *j->out = (struct commplan_run){db_col_int(s, 0), db_col_int(s, 2), db_col_int(s, 1) > 0};
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status commplan_store_period(const struct kh_ctx *ctx, int64_t id, int64_t period,
                                     const char *day, struct commplan_run *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct period_job j = {ctx, id, period, day, out};
    return db_write(ctx->db, period_fn, &j, err);
}

struct batch_job {
    const struct kh_ctx *ctx;
    const struct commplan_batch *b;
    int64_t added;
};

static enum kh_status batch_tasks(struct db_conn *c, struct batch_job *j, int64_t now,
                                  struct kh_err *err)
{
    const struct commplan_batch *b = j->b;
    for (int i = 0; i < b->n; i++) {
        const struct task_input *t = &b->tasks[i];
        char source[96];
        snprintf(source, sizeof(source), "plan:%lld:%lld:%lld", (long long)b->plan_id,
                 (long long)b->period, (long long)t->customer_id);
        int64_t task = 0;
        enum kh_status st = task_store_insert_on(c, j->ctx, t, source, false, &task, err);
        if (st)
            return st;
        if (!task)
            continue;
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO comm_plan_tasks (plan_id, period, customer_id, task_id, made_at) "
               "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING");
        db_bind_int(s, 1, b->plan_id);
        db_bind_int(s, 2, b->period);
        db_bind_int(s, 3, t->customer_id);
        db_bind_int(s, 4, task);
        db_bind_int(s, 5, now);
        if ((st = db_exec_stmt(s, err)))
            return st;
        j->added++;
    }
    return KH_OK;
}

static enum kh_status batch_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct batch_job *j = arg;
    const struct commplan_batch *b = j->b;
    int64_t now = ctx_now(j->ctx), done = 0;
    j->added = 0;
    /* The bookmark decides: a batch another run wrote already is not written again. */
    struct db_stmt *s = db_prepare(
        c, "UPDATE comm_plan_periods SET scanned_to = $3, reached = reached + $4, unowned = "
           "unowned + $5, capped = $6, finished_at = $7 WHERE plan_id = $1 AND period = $2 AND "
           "finished_at = 0 AND scanned_to <= $3 RETURNING plan_id");
    db_bind_int(s, 1, b->plan_id);
    db_bind_int(s, 2, b->period);
    db_bind_int(s, 3, b->upto);
    db_bind_int(s, 4, b->reached);
    db_bind_int(s, 5, b->unowned);
    db_bind_int(s, 6, b->capped ? 1 : 0);
    db_bind_int(s, 7, b->finish ? now : 0);
    enum kh_status st = db_exec_int(s, &done, err);
    if (st || !done)
        return st;
    if ((st = batch_tasks(c, j, now, err)) || !b->finish)
        return st;
    s = db_prepare(c, "SELECT reached, unowned, (SELECT count(*) FROM comm_plan_tasks t WHERE "
                      "t.plan_id = $1 AND t.period = $2) FROM comm_plan_periods WHERE plan_id = $1 "
                      "AND period = $2");
    db_bind_int(s, 1, b->plan_id);
    db_bind_int(s, 2, b->period);
    enum db_step_result r = db_step(s, err);
    const char *detail =
        r == DB_ROW ? arena_printf(j->ctx->arena,
                                   "period=%lld day=%s reached=%lld tasks=%lld "
                                   "unowned=%lld capped=%d",
                                   (long long)b->period, b->day, (long long)db_col_int(s, 0),
                                   (long long)db_col_int(s, 2), (long long)db_col_int(s, 1),
                                   b->capped ? 1 : 0)
                    : "";
    if (r == DB_ERROR)
        return err->code;
    struct audit_event ev = {"commplan.generate", "comm_plan", b->plan_id, detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status commplan_store_batch(const struct kh_ctx *ctx, const struct commplan_batch *b,
                                    int64_t *added, struct kh_err *err)
{
    struct batch_job j = {ctx, b, 0};
    enum kh_status st = db_write(ctx->db, batch_fn, &j, err);
    *added = st ? 0 : j.added;
    return st;
}

/* ---- results ---- */

/* The counts of a set of plan tasks p joined to their tasks t ($2 the plan's channel, $3 now). */
#define COUNT_COLS                                                                                 \
    "count(t.id), coalesce(sum(CASE WHEN t.state = 'done' THEN 1 ELSE 0 END), 0), "                \
    "coalesce(sum(CASE WHEN t.state = 'skipped' THEN 1 ELSE 0 END), 0), "                          \
    "coalesce(sum(CASE WHEN t.state = 'open' AND t.due_at >= $3 THEN 1 ELSE 0 END), 0), "          \
    "coalesce(sum(CASE WHEN t.state = 'open' AND t.due_at < $3 THEN 1 ELSE 0 END), 0), "           \
    "coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = "           \
    "p.customer_id AND i.channel = $2 AND i.occurred_at >= p.made_at) THEN 1 ELSE 0 END), 0), "    \
    "coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = "           \
    "p.customer_id AND i.occurred_at >= p.made_at AND (i.direction = 'in' OR i.outcome <> '')) "   \
    "THEN 1 ELSE 0 END), 0) "

static void read_counts(struct db_stmt *s, int at, struct commplan_counts *c)
{
    int64_t *v[] = {&c->tasks,   &c->done,      &c->skipped,  &c->open,
                    &c->overdue, &c->contacted, &c->responded};
    for (int i = 0; i < 7; i++)
        *v[i] = db_col_int(s, at + i);
}

static void read_period(struct db_stmt *s, struct arena *a, void *row)
{
    struct commplan_period *p = row;
    p->period = db_col_int(s, 0);
    p->day = arena_strdup(a, db_col_text(s, 1));
    p->started_at = db_col_int(s, 2);
    p->finished_at = db_col_int(s, 3);
    p->reached = db_col_int(s, 4);
    p->unowned = db_col_int(s, 5);
    p->capped = db_col_int(s, 6) != 0;
    read_counts(s, 7, &p->counts);
}

static enum kh_status totals(struct db_conn *c, const struct commplan *p, int64_t now,
                             struct commplan_results *out, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "SELECT " COUNT_COLS ", count(DISTINCT p.customer_id) FROM comm_plan_tasks p JOIN tasks "
           "t ON t.id = p.task_id WHERE p.plan_id = $1");
    db_bind_int(s, 1, p->id);
    db_bind_text(s, 2, p->channel);
    db_bind_int(s, 3, now);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        read_counts(s, 0, &out->counts);
        out->customers = db_col_int(s, 7);
    }
    if (r == DB_ERROR)
        return err->code;
    s = db_prepare(c, "SELECT count(*), count(DISTINCT u.customer_id), coalesce(sum(u.amount_fen), "
                      "0) FROM purchases u JOIN (SELECT customer_id, min(made_at) AS first_at FROM "
                      "comm_plan_tasks WHERE plan_id = $1 GROUP BY customer_id) f ON f.customer_id "
                      "= u.customer_id WHERE u.purchased_at >= f.first_at");
    db_bind_int(s, 1, p->id);
    r = db_step(s, err);
    if (r == DB_ROW) {
        out->purchases = db_col_int(s, 0);
        out->purchase_customers = db_col_int(s, 1);
        out->purchase_fen = db_col_int(s, 2);
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status commplan_store_results(const struct kh_ctx *ctx, const struct commplan *p,
                                      int64_t now, bool with_periods, struct commplan_results *out,
                                      struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = totals(c, p, now, out, err);
    struct db_rows rows = {0};
    if (!st && with_periods) {
        struct db_stmt *s = db_prepare(
            c, "SELECT d.period, d.day, d.started_at, d.finished_at, d.reached, d.unowned, "
               "d.capped, " COUNT_COLS "FROM comm_plan_periods d LEFT JOIN comm_plan_tasks p ON "
               "p.plan_id = d.plan_id AND p.period = d.period LEFT JOIN tasks t ON t.id = "
               "p.task_id WHERE d.plan_id = $1 GROUP BY d.period, d.day, d.started_at, "
               "d.finished_at, d.reached, d.unowned, d.capped ORDER BY d.period DESC LIMIT 100");
        db_bind_int(s, 1, p->id);
        db_bind_text(s, 2, p->channel);
        db_bind_int(s, 3, now);
        st =
            db_rows_collect(s, ctx->arena, sizeof(struct commplan_period), read_period, &rows, err);
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    out->periods = with_periods ? rows.items : arena_alloc(ctx->arena, sizeof(*out->periods));
    out->nperiods = rows.count;
    return KH_OK;
}

enum kh_status commplan_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                         int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    return db_repoint(
        c,
        "DELETE FROM comm_plan_tasks WHERE customer_id = $1 AND EXISTS (SELECT 1 FROM "
        "comm_plan_tasks o WHERE o.customer_id = $2 AND o.plan_id = "
        "comm_plan_tasks.plan_id AND o.period = comm_plan_tasks.period)",
        "UPDATE comm_plan_tasks SET customer_id = $2 WHERE customer_id = $1", from, to, moved, err);
}
