#include "followup/minutes_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

enum kh_status minutes_store_open_on(struct db_conn *c, const struct kh_ctx *ctx,
                                     int64_t interaction_id, int64_t customer_id, int64_t due_at,
                                     int64_t task_id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO meeting_minutes (interaction_id, customer_id, author_id, due_at, task_id) "
           "VALUES ($1, $2, $3, $4, $5)");
    db_bind_int(s, 1, interaction_id);
    db_bind_int(s, 2, customer_id);
    db_bind_int(s, 3, ctx->actor.user_id);
    db_bind_int(s, 4, due_at);
    db_bind_int(s, 5, task_id);
    return db_exec_stmt(s, err);
}

/*
 * The state: marked steps first, then the review request's; a withdrawn
 * request leaves the minutes due. Late: submitted after due, or not
 * submitted and past due ($1 now).
 */
#define MINUTES_ROWS                                                                               \
    "SELECT m.interaction_id, m.customer_id, coalesce(c.code, ''), coalesce(c.name, ''), "         \
    "m.author_id, coalesce(u.display_name, ''), coalesce(i.occurred_at, 0), m.due_at, m.body, "    \
    "CASE WHEN m.confirmed_at > 0 THEN 'confirmed' WHEN m.sent_at > 0 THEN 'sent' "                \
    "WHEN m.approved_at > 0 THEN 'approved' WHEN m.request_id = 0 OR r.state = 'withdrawn' "       \
    "THEN 'due' WHEN r.state = 'pending' THEN 'submitted' ELSE r.state END AS st, m.note, "        \
    "CASE WHEN m.submitted_at > m.due_at OR (m.submitted_at = 0 AND m.due_at < $1) THEN 1 ELSE "   \
    "0 END AS late, m.task_id, m.request_id, m.submitted_at, m.approved_at, m.sent_at, "           \
    "m.confirmed_at FROM meeting_minutes m LEFT JOIN customers c ON c.id = m.customer_id "         \
    "LEFT JOIN users u ON u.id = m.author_id LEFT JOIN interactions i ON i.id = "                  \
    "m.interaction_id LEFT JOIN approval_requests r ON r.id = m.request_id "

enum kh_status minutes_store_list(const struct kh_ctx *ctx, const struct minutes_filter *f,
                                  int64_t interaction_id, int64_t dept, struct minutes **out,
                                  int *count, struct kh_err *err)
{
    enum { MAX = 200 };
    struct arena *a = ctx->arena;
    struct minutes *items = arena_alloc(a, sizeof(*items) * MAX);
    int n = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT * FROM (" MINUTES_ROWS
           "WHERE ($2 = 0 OR m.interaction_id = $2) AND ($3 = 0 OR m.author_id = $3) AND "
           "($4 = 0 OR m.customer_id = $4) AND ($5 = 0 OR u.department_id = $5)) x "
           "WHERE ($6 = '' OR x.st = $6 OR ($6 = 'late' AND x.late = 1)) "
           "ORDER BY x.due_at DESC LIMIT 200");
    db_bind_int(s, 1, ctx_now(ctx));
    db_bind_int(s, 2, interaction_id);
    db_bind_int(s, 3, interaction_id ? 0 : f->author_id);
    db_bind_int(s, 4, interaction_id ? 0 : f->customer_id);
    db_bind_int(s, 5, dept);
    db_bind_text(s, 6, f->state ? f->state : "");
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < MAX) {
        struct minutes *m = &items[n++];
        memset(m, 0, sizeof(*m));
        m->interaction_id = db_col_int(s, 0);
        m->customer_id = db_col_int(s, 1);
        m->customer_code = arena_strdup(a, db_col_text(s, 2));
        m->customer_name = arena_strdup(a, db_col_text(s, 3));
        m->author_id = db_col_int(s, 4);
        m->author_name = arena_strdup(a, db_col_text(s, 5));
        m->occurred_at = db_col_int(s, 6);
        m->due_at = db_col_int(s, 7);
        m->body = arena_strdup(a, db_col_text(s, 8));
        m->state = arena_strdup(a, db_col_text(s, 9));
        m->note = arena_strdup(a, db_col_text(s, 10));
        m->late = db_col_int(s, 11) != 0;
        m->task_id = db_col_int(s, 12);
        m->request_id = db_col_int(s, 13);
        m->submitted_at = db_col_int(s, 14);
        m->approved_at = db_col_int(s, 15);
        m->sent_at = db_col_int(s, 16);
        m->confirmed_at = db_col_int(s, 17);
    }
    db_read_end(ctx->db, c);
    *out = r == DB_ERROR ? NULL : items;
    *count = r == DB_ERROR ? 0 : n;
    return r == DB_ERROR ? err->code : KH_OK;
}

struct write_job {
    const struct kh_ctx *ctx;
    int64_t id, request;
    const char *body, *what, *note;
};

static enum kh_status write_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx), task = 0;
    struct db_stmt *s = db_prepare(
        c, "UPDATE meeting_minutes SET body = $2, request_id = CASE WHEN $3 <> 0 THEN $3 ELSE "
           "request_id END, submitted_at = CASE WHEN submitted_at = 0 THEN $4 ELSE submitted_at "
           "END WHERE interaction_id = $1 AND approved_at = 0 RETURNING task_id");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->body);
    db_bind_int(s, 3, j->request);
    db_bind_int(s, 4, now);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        task = db_col_int(s, 0) ? db_col_int(s, 0) : -1;
    if (r == DB_ROW)
        r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (!task)
        return kh_err_set(err, KH_E_CONFLICT, "state", "这份会谈纪要已审阅通过",
                          "the minutes were approved already");
    s = db_prepare(c, "UPDATE tasks SET state = 'done', done_at = $2, done_by = $3 WHERE id = $1 "
                      "AND state = 'open'");
    db_bind_int(s, 1, task);
    db_bind_int(s, 2, now);
    db_bind_id(s, 3, ctx->actor.user_id);
    enum kh_status st = db_exec_stmt(s, err);
    const char *detail = arena_printf(ctx->arena, "request=%lld", (long long)j->request);
    struct audit_event ev = {"minutes.submit", "interaction", j->id, detail};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status minutes_store_write(const struct kh_ctx *ctx, int64_t interaction_id,
                                   const char *body, int64_t request, struct kh_err *err)
{
    struct write_job j = {ctx, interaction_id, request, body, NULL, NULL};
    return db_write(ctx->db, write_fn, &j, err);
}

static enum kh_status mark_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    bool sent = !strcmp(j->what, "sent");
    struct db_stmt *s = db_prepare(
        c, sent ? "UPDATE meeting_minutes SET sent_at = $2 WHERE interaction_id = $1 AND "
                  "approved_at > 0 AND sent_at = 0 AND $3 = $3"
                : "UPDATE meeting_minutes SET confirmed_at = $2, note = $3 WHERE interaction_id = "
                  "$1 AND sent_at > 0 AND confirmed_at = 0");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    db_bind_text(s, 3, j->note ? j->note : "");
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "state", "会谈纪要的状态已改变",
                          "the minutes' state changed meanwhile");
    struct audit_event ev = {sent ? "minutes.sent" : "minutes.confirmed", "interaction", j->id,
                             NULL};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status minutes_store_mark(const struct kh_ctx *ctx, int64_t interaction_id,
                                  const char *what, const char *note, struct kh_err *err)
{
    struct write_job j = {ctx, interaction_id, 0, NULL, what, note};
    return db_write(ctx->db, mark_fn, &j, err);
}

enum kh_status minutes_store_approve_on(struct db_conn *c, const struct kh_ctx *ctx,
                                        int64_t request, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "UPDATE meeting_minutes SET approved_at = $2 WHERE "
                                      "request_id = $1 AND approved_at = 0");
    db_bind_int(s, 1, request);
    db_bind_int(s, 2, ctx_now(ctx));
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "subject", "这份会谈纪要已不在待审阅状态",
                          "these minutes are no longer waiting for review");
    return st;
}

enum kh_status minutes_store_counts(const struct kh_ctx *ctx, int64_t dept, int64_t from,
                                    struct minutes_count **out, int *count, struct kh_err *err)
{
    enum { MAX = 500 };
    *out = arena_alloc(ctx->arena, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT m.author_id, coalesce(u.display_name, ''), count(*), sum(CASE WHEN "
           "m.submitted_at > m.due_at OR (m.submitted_at = 0 AND m.due_at < $1) THEN 1 ELSE 0 "
           "END), sum(CASE WHEN m.submitted_at = 0 AND m.due_at < $1 THEN 1 ELSE 0 END) FROM "
           "meeting_minutes m JOIN users u ON u.id = m.author_id WHERE m.due_at >= $2 AND ($3 = 0 "
           "OR u.department_id = $3) GROUP BY m.author_id, u.display_name ORDER BY 4 DESC, 3 DESC, "
           "m.author_id LIMIT 500");
    db_bind_int(s, 1, ctx_now(ctx));
    db_bind_int(s, 2, from);
    db_bind_int(s, 3, dept);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX)
        (*out)[(*count)++] =
            (struct minutes_count){db_col_int(s, 0), arena_strdup(ctx->arena, db_col_text(s, 1)),
                                   db_col_int(s, 2), db_col_int(s, 3), db_col_int(s, 4)};
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}
