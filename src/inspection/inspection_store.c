#include "inspection/inspection_store.h"

#include <stdio.h>
#include <string.h>

#include "app/list.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"
#include "followup/task_store.h"

struct begin_job {
    const struct kh_ctx *ctx;
    const char *period;
    int64_t id;
};

static enum kh_status begin_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct begin_job *j = arg;
    int64_t open = 0, now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM inspections WHERE finished_at = 0");
    enum kh_status st = db_exec_int(s, &open, err);
    if (st)
        return st;
    if (open)
        return kh_err_set(err, KH_E_CONFLICT, "period", "已有一次检查正在进行，请等它完成",
                          "an inspection is running: wait for it to finish");
    s = db_prepare(c, "INSERT INTO inspections (period, started_by, created_at) VALUES ($1, $2, "
                      "$3) RETURNING id");
    db_bind_text(s, 1, j->period);
    db_bind_id(s, 2, j->ctx->actor.user_id);
    db_bind_int(s, 3, now);
    st = db_exec_int(s, &j->id, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, "period", "这一期的检查已做过",
                          "this period was inspected already");
    if (st)
        return st;
    struct audit_event ev = {"inspection.start", "inspection", j->id,
                             arena_printf(j->ctx->arena, "period=%s", j->period)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status inspection_store_begin(const struct kh_ctx *ctx, const char *period, int64_t *id,
                                      struct kh_err *err)
{
    struct begin_job j = {ctx, period, 0};
    enum kh_status st = db_write(ctx->db, begin_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

enum kh_status inspection_store_find(const struct kh_ctx *ctx, const char *period, int64_t *id,
                                     struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT id FROM inspections WHERE period = $1");
    db_bind_text(s, 1, period);
    enum kh_status st = db_exec_int(s, id, err);
    db_read_end(ctx->db, c);
    return st;
}

#define RUN_COLS                                                                                   \
    "SELECT n.id, n.period, coalesce(n.started_by, 0), coalesce(a.display_name, ''), "             \
    "n.created_at, n.finished_at, n.customers, n.flagged, n.tasks, coalesce(n.reviewed_by, 0), "   \
    "coalesce(r.display_name, ''), n.reviewed_at, n.outcome, n.scanned_to FROM inspections n "     \
    "LEFT JOIN users a ON a.id = n.started_by LEFT JOIN users r ON r.id = n.reviewed_by "

static void read_run(struct db_stmt *s, struct arena *a, void *row)
{
    struct inspection *x = row;
    x->id = db_col_int(s, 0);
    x->period = arena_strdup(a, db_col_text(s, 1));
    x->started_by = db_col_int(s, 2);
    x->started_by_name = arena_strdup(a, db_col_text(s, 3));
    x->created_at = db_col_int(s, 4);
    x->finished_at = db_col_int(s, 5);
    x->customers = db_col_int(s, 6);
    x->flagged = db_col_int(s, 7);
    x->tasks = db_col_int(s, 8);
    x->reviewed_by = db_col_int(s, 9);
    x->reviewed_by_name = arena_strdup(a, db_col_text(s, 10));
    x->reviewed_at = db_col_int(s, 11);
    x->outcome = arena_strdup(a, db_col_text(s, 12));
}

enum kh_status inspection_store_get(const struct kh_ctx *ctx, int64_t id, struct inspection *out,
                                    int64_t *scanned_to, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, RUN_COLS "WHERE n.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        read_run(s, ctx->arena, out);
        if (scanned_to)
            *scanned_to = db_col_int(s, 13);
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW
               ? KH_OK
               : kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这次检查", "no such inspection");
}

enum kh_status inspection_store_list(const struct kh_ctx *ctx, struct inspection **out, int *count,
                                     struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, RUN_COLS "ORDER BY n.id DESC LIMIT 100");
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(**out), read_run, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

static void read_row(struct db_stmt *s, struct arena *a, void *row)
{
    (void)a;
    struct inspection_row *x = row;
    x->id = db_col_int(s, 0);
    x->organisation = !strcmp(db_col_text(s, 1), "organization");
    x->owner_id = db_col_int(s, 2);
    bool *flags[] = {&x->phone,    &x->region, &x->address,  &x->gender,
                     &x->birthday, &x->uscc,   &x->industry, &x->contact};
    for (int i = 0; i < 8; i++)
        *flags[i] = db_col_int(s, 3 + i) != 0;
    int64_t updated = db_col_int(s, 11), contacted = db_col_int(s, 12);
    x->touched = updated > contacted ? updated : contacted;
}

enum kh_status inspection_store_batch(const struct kh_ctx *ctx, int64_t after, int limit,
                                      struct inspection_row **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    /* Empty values are never sealed: emptiness reads the same in the sealed columns. */
    struct db_stmt *s = db_prepare(
        c,
        "SELECT c.id, c.kind, c.owner_id, CASE WHEN c.mobile <> '' OR c.phone_office <> '' OR "
        "c.phone_home <> '' THEN 1 ELSE 0 END, CASE WHEN c.province_code <> 0 THEN 1 ELSE 0 END, "
        "CASE WHEN c.address <> '' THEN 1 ELSE 0 END, CASE WHEN c.gender <> 'unknown' AND "
        "c.gender <> '' THEN 1 ELSE 0 END, CASE WHEN c.birthday <> '' THEN 1 ELSE 0 END, CASE "
        "WHEN c.uscc <> '' THEN 1 ELSE 0 END, CASE WHEN c.industry <> '' THEN 1 ELSE 0 END, "
        "CASE WHEN EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = c.id) THEN 1 ELSE 0 "
        "END, c.updated_at, (SELECT coalesce(max(i.occurred_at), 0) FROM interactions i WHERE "
        "i.customer_id = c.id) FROM customers c WHERE c.id > $1 AND c.owner_id IS NOT NULL AND "
        "c.archived = 0 AND c.merged_into = 0 ORDER BY c.id LIMIT $2");
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, limit);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(**out), read_row, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

struct apply_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const struct inspection_flag *flags;
    int n;
    int64_t checked, upto;
};

static enum kh_status apply_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct apply_job *j = arg;
    enum kh_status st = KH_OK;
    int64_t tasks = 0, flagged = 0;
    for (int i = 0; i < j->n && !st; i++) {
        const struct inspection_flag *f = &j->flags[i];
        char source[64];
        snprintf(source, sizeof(source), "inspection:%lld:%lld", (long long)j->id,
                 (long long)f->customer_id);
        int64_t task = 0;
        if ((st = task_store_insert_on(c, j->ctx, &f->task, source, false, &task, err)))
            break;
        tasks += task ? 1 : 0;
        struct db_stmt *s = db_prepare(
            c,
            "INSERT INTO inspection_items (inspection_id, customer_id, owner_id, score, missing, "
            "stale_days, task_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, f->customer_id);
        db_bind_id(s, 3, f->owner_id);
        db_bind_int(s, 4, f->score);
        db_bind_text(s, 5, f->missing);
        db_bind_int(s, 6, f->stale_days);
        db_bind_int(s, 7, task);
        if (!(st = db_exec_stmt(s, err)))
            flagged += db_changes(c);
    }
    if (st)
        return st;
    struct db_stmt *s = db_prepare(
        c,
        "UPDATE inspections SET customers = customers + $2, flagged = flagged + $3, tasks = tasks "
        "+ $4, scanned_to = $5 WHERE id = $1 AND scanned_to < $5");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->checked);
    db_bind_int(s, 3, flagged);
    db_bind_int(s, 4, tasks);
    db_bind_int(s, 5, j->upto);
    return db_exec_stmt(s, err);
}

enum kh_status inspection_store_apply(const struct kh_ctx *ctx, int64_t id,
                                      const struct inspection_flag *flags, int n, int64_t checked,
                                      int64_t upto, struct kh_err *err)
{
    struct apply_job j = {ctx, id, flags, n, checked, upto};
    return db_write(ctx->db, apply_fn, &j, err);
}

struct finish_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const char *outcome;
};

static enum kh_status finish_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct finish_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c,
        "UPDATE inspections SET finished_at = $2 WHERE id = $1 AND finished_at = 0 RETURNING id");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    int64_t done = 0;
    enum kh_status st = db_exec_int(s, &done, err);
    if (st || !done)
        return st;
    struct audit_event ev = {"inspection.finish", "inspection", j->id, ""};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status inspection_store_finish(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct finish_job j = {ctx, id, NULL};
    return db_write(ctx->db, finish_fn, &j, err);
}

static void read_owner(struct db_stmt *s, struct arena *a, void *row)
{
    struct inspection_owner *o = row;
    o->owner_id = db_col_int(s, 0);
    o->owner_name = arena_strdup(a, db_col_text(s, 1));
    o->flagged = db_col_int(s, 2);
    o->stale = db_col_int(s, 3);
    o->avg_score = (int)db_col_int(s, 4);
}

enum kh_status inspection_store_owners(const struct kh_ctx *ctx, int64_t id,
                                       struct inspection_owner **out, int *count,
                                       struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT coalesce(i.owner_id, 0), coalesce(u.display_name, ''), count(*), sum(CASE WHEN "
           "i.stale_days > 0 THEN 1 ELSE 0 END), sum(i.score) / count(*) FROM inspection_items i "
           "LEFT JOIN users u ON u.id = i.owner_id WHERE i.inspection_id = $1 GROUP BY i.owner_id, "
           "u.display_name ORDER BY 3 DESC, 1 LIMIT 500");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(**out), read_owner, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

static void read_item(struct db_stmt *s, struct arena *a, void *row)
{
    struct inspection_item *x = row;
    x->customer_id = db_col_int(s, 0);
    x->code = arena_strdup(a, db_col_text(s, 1));
    x->name = arena_strdup(a, db_col_text(s, 2));
    x->owner_id = db_col_int(s, 3);
    x->owner_name = arena_strdup(a, db_col_text(s, 4));
    x->score = (int)db_col_int(s, 5);
    x->missing = arena_strdup(a, db_col_text(s, 6));
    x->stale_days = db_col_int(s, 7);
    x->task_id = db_col_int(s, 8);
    x->task_state = arena_strdup(a, db_col_text(s, 9));
}

enum kh_status inspection_store_items(const struct kh_ctx *ctx, int64_t id, int clearance,
                                      const struct inspection_filter *f,
                                      const struct list_page *page, struct inspection_item **out,
                                      int *count, const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("inspection_items", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c,
        "SELECT i.customer_id, c.code, c.name, coalesce(i.owner_id, 0), coalesce(u.display_name, "
        "''), i.score, i.missing, i.stale_days, i.task_id, coalesce(t.state, '') FROM "
        "inspection_items i JOIN customers c ON c.id = i.customer_id LEFT JOIN users u ON u.id = "
        "i.owner_id LEFT JOIN tasks t ON t.id = i.task_id WHERE i.inspection_id = $1 AND ($2 = 0 "
        "OR i.owner_id = $2) AND c.secrecy <= $3 AND i.customer_id > $4 ORDER BY i.customer_id "
        "LIMIT $5");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, f->owner_id);
    db_bind_int(s, 3, clearance);
    db_bind_int(s, 4, after.id);
    db_bind_int(s, 5, page->limit + 1);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct inspection_item), read_item, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    struct inspection_item *items = rows.items;
    *out = items;
    *count = cursor_page_end(
        ctx->arena, tag, rows.count, page->limit,
        rows.count ? items[rows.count > page->limit ? page->limit - 1 : 0].customer_id : 0, next);
    return KH_OK;
}

static enum kh_status review_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct finish_job *j = arg;
    int64_t now = ctx_now(j->ctx), id = 0;
    struct db_stmt *s = db_prepare(
        c, "UPDATE inspections SET reviewed_by = $2, reviewed_at = $3, outcome = $4 WHERE id = $1 "
           "AND finished_at > 0 AND reviewed_at = 0 RETURNING id");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->ctx->actor.user_id);
    db_bind_int(s, 3, now);
    db_bind_text(s, 4, j->outcome);
    enum kh_status st = db_exec_int(s, &id, err);
    if (st)
        return st;
    if (!id)
        return kh_err_set(err, KH_E_CONFLICT, "state", "检查尚未完成，完成后再记录评审",
                          "the inspection has not finished: review it when it has");
    struct audit_event ev = {"inspection.review", "inspection", j->id, ""};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status inspection_store_review(const struct kh_ctx *ctx, int64_t id, const char *outcome,
                                       struct kh_err *err)
{
    struct finish_job j = {ctx, id, outcome};
    return db_write(ctx->db, review_fn, &j, err);
}

enum kh_status inspection_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                           int64_t from, int64_t to, int64_t *moved,
                                           struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c,
                      "DELETE FROM inspection_items WHERE customer_id = $1 AND inspection_id IN "
                      "(SELECT inspection_id FROM inspection_items WHERE customer_id = $2)",
                      "UPDATE inspection_items SET customer_id = $2 WHERE customer_id = $1", from,
                      to, moved, err);
}
