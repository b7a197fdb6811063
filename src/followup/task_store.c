#include "followup/task_store.h"

#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"

/* The doer: the assignee, or the customer's owner when the task follows the owner. */
#define TASK_COLS                                                                                  \
    "SELECT t.id, t.customer_id, c.code, c.name, t.kind, t.title, t.purpose, t.channel, "          \
    "coalesce(t.assignee_id, c.owner_id, 0), coalesce(u.display_name, ''), "                       \
    "CASE WHEN t.assignee_id IS NULL THEN 1 ELSE 0 END, t.start_at, t.due_at, t.state, "           \
    "t.done_at, coalesce(t.done_by, 0), coalesce(d.display_name, ''), t.done_interaction_id, "     \
    "t.note, coalesce(t.created_by, 0), coalesce(k.display_name, ''), t.created_at, t.source, "    \
    "t.rule_id, coalesce(r.name_zh, ''), coalesce(r.name_en, '') "                                 \
    "FROM tasks t JOIN customers c ON c.id = t.customer_id "                                       \
    "LEFT JOIN followup_rules r ON r.id = t.rule_id "                                              \
    "LEFT JOIN users u ON u.id = coalesce(t.assignee_id, c.owner_id) "                             \
    "LEFT JOIN users d ON d.id = t.done_by LEFT JOIN users k ON k.id = t.created_by "

static void read_task(struct db_stmt *s, struct arena *a, int64_t now, struct task *t)
{
    memset(t, 0, sizeof(*t));
    t->id = db_col_int(s, 0);
    t->customer_id = db_col_int(s, 1);
    t->customer_code = arena_strdup(a, db_col_text(s, 2));
    t->customer_name = arena_strdup(a, db_col_text(s, 3));
    t->kind = arena_strdup(a, db_col_text(s, 4));
    t->title = arena_strdup(a, db_col_text(s, 5));
    t->purpose = arena_strdup(a, db_col_text(s, 6));
    t->channel = arena_strdup(a, db_col_text(s, 7));
    t->assignee_id = db_col_int(s, 8);
    t->assignee_name = arena_strdup(a, db_col_text(s, 9));
    t->follows_owner = db_col_int(s, 10) != 0;
    t->start_at = db_col_int(s, 11);
    t->due_at = db_col_int(s, 12);
    t->state = arena_strdup(a, db_col_text(s, 13));
    t->done_at = db_col_int(s, 14);
    t->done_by = db_col_int(s, 15);
    t->done_by_name = arena_strdup(a, db_col_text(s, 16));
    t->done_interaction_id = db_col_int(s, 17);
    t->note = arena_strdup(a, db_col_text(s, 18));
    t->created_by = db_col_int(s, 19);
    t->created_by_name = arena_strdup(a, db_col_text(s, 20));
    t->created_at = db_col_int(s, 21);
    t->source = arena_strdup(a, db_col_text(s, 22));
    t->rule_id = db_col_int(s, 23);
    t->rule_name_zh = arena_strdup(a, db_col_text(s, 24));
    t->rule_name_en = arena_strdup(a, db_col_text(s, 25));
    t->overdue = !strcmp(t->state, "open") && t->due_at <= now;
}

static enum kh_status notify_assignee(struct db_conn *c, const struct kh_ctx *ctx, int64_t user,
                                      int64_t id, const char *title, int64_t now,
                                      struct kh_err *err)
{
    if (!user || user == ctx->actor.user_id || !ctx->actor.user_id)
        return KH_OK;
    const char *zh = arena_printf(ctx->arena, "%s 交给您一项待办：%s", ctx->actor.name, title);
    const char *en = arena_printf(ctx->arena, "%s gave you a task: %s", ctx->actor.name, title);
    const char *link = arena_printf(ctx->arena, "/tasks?id=%lld", (long long)id);
    return notification_add_on(c, user, "task.assigned", id, zh, en, link, now, err);
}

/*
 * A task of a batch is inserted without RETURNING: on SQLite a RETURNING
 * clause (like a trigger) makes the INSERT keep a statement journal, and
 * inside a write of many tasks each statement's end walks that journal
 * from its start (DECISIONS §136). Its id is read back by its source, a
 * point probe of tasks_source on the page just written.
 */
#define TASK_INSERT                                                                                \
    "INSERT INTO tasks (customer_id, kind, title, purpose, channel, assignee_id, start_at, "       \
    "due_at, created_by, created_at, source, rule_id, doer_id) VALUES ($1, $2, $3, $4, $5, $6, "   \
    "$7, $8, $9, $10, $11, $12, coalesce($6, (SELECT owner_id FROM customers WHERE id = $1))) "    \
    "ON CONFLICT (source) WHERE source <> '' DO NOTHING"

enum kh_status task_store_insert_on(struct db_conn *c, const struct kh_ctx *ctx,
                                    const struct task_input *in, const char *source, bool single,
                                    int64_t *id, struct kh_err *err)
{
    int64_t unused;
    bool want_id = id != NULL;
    if (!want_id)
        id = &unused;
    *id = 0;
    int64_t now = ctx_now(ctx);
    bool batch = !single && source && *source;
    struct db_stmt *s = db_prepare(c, batch ? TASK_INSERT : TASK_INSERT " RETURNING id");
    db_bind_int(s, 1, in->customer_id);
    db_bind_text(s, 2, in->kind && *in->kind ? in->kind : "follow_up");
    db_bind_text(s, 3, in->title);
    db_bind_text(s, 4, in->purpose ? in->purpose : "");
    db_bind_text(s, 5, in->channel ? in->channel : "");
    db_bind_id(s, 6, in->assignee_id);
    db_bind_int(s, 7, in->start_at ? in->start_at : now);
    db_bind_int(s, 8, in->due_at);
    db_bind_id(s, 9, ctx->actor.user_id);
    db_bind_int(s, 10, now);
    db_bind_text(s, 11, source ? source : "");
    db_bind_int(s, 12, in->rule_id);
    enum kh_status st;
    if (batch) {
        if ((st = db_exec_stmt(s, err)) || !db_changes(c) || !want_id)
            return st; /* a task of this source exists already, or no id is asked for */
        s = db_prepare(c, "SELECT id FROM tasks WHERE source = $1 AND source <> ''");
        db_bind_text(s, 1, source);
        return db_exec_int(s, id, err);
    }
    if ((st = db_exec_int(s, id, err)) || !*id)
        return st;
    if (!single)
        return KH_OK;
    if ((st = notify_assignee(c, ctx, in->assignee_id, *id, in->title, now, err)))
        return st;
    const char *detail = arena_printf(ctx->arena, "customer=%lld due=%lld%s%s",
                                      (long long)in->customer_id, (long long)in->due_at,
                                      source && *source ? " source=" : "", source ? source : "");
    struct audit_event ev = {"task.create", "task", *id, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

struct insert_job {
    const struct kh_ctx *ctx;
    const struct task_input *in;
    const char *source;
    int64_t id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct insert_job *j = arg;
    return task_store_insert_on(c, j->ctx, j->in, j->source, true, &j->id, err);
}

enum kh_status task_store_insert(const struct kh_ctx *ctx, const struct task_input *in,
                                 const char *source, int64_t *id, struct kh_err *err)
{
    struct insert_job j = {ctx, in, source, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id = j.id;
    return st;
}

enum kh_status task_store_get(const struct kh_ctx *ctx, int64_t id, struct task *out,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, TASK_COLS "WHERE t.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_task(s, ctx->arena, ctx_now(ctx), out);
    db_read_end(ctx->db, c);
    if (r == DB_ROW)
        return KH_OK;
    return r == DB_DONE ? kh_err_set(err, KH_E_NOT_FOUND, "", "没有这项待办，或您无权查看",
                                     "no such task, or not yours to see")
                        : err->code;
}

/*
 * $1 the customer or the doer, $2 the stored state, $3 due before
 * (exclusive), $4 the kind, $5 clearance, ($6, $7) the (due_at, id) to start
 * after, $8 the limit. Each form walks one index in due order from ($6, $7)
 * and stops at its page: tasks_doer (doer_id, state, due_at, id) for a
 * user's tasks, tasks_doer_kind (doer_id, kind, state, due_at, id) for those
 * of one kind (the week's greetings of "my day"), tasks_customer for a
 * customer's. A form without a state or a kind takes $2 or $4 as NULL.
 */
#define LIST_TAIL                                                                                  \
    "AND t.due_at < $3 AND c.secrecy <= $5 AND (t.due_at, t.id) > ($6, $7) "                       \
    "ORDER BY t.due_at, t.id LIMIT $8"
#define LIST_FORM(key, state, kind) TASK_COLS "WHERE " key " AND " state " AND " kind " " LIST_TAIL

/* [by doer][with state][with kind] */
static const char *const list_sql[2][2][2] = {
    {{LIST_FORM("t.customer_id = $1", "$2 IS NULL", "($4 IS NULL OR t.kind = $4)"),
      LIST_FORM("t.customer_id = $1", "$2 IS NULL", "t.kind = $4")},
     {LIST_FORM("t.customer_id = $1", "t.state = $2", "($4 IS NULL OR t.kind = $4)"),
      LIST_FORM("t.customer_id = $1", "t.state = $2", "t.kind = $4")}},
    {{LIST_FORM("t.doer_id = $1", "$2 IS NULL", "$4 IS NULL"),
      LIST_FORM("t.doer_id = $1", "$2 IS NULL", "t.kind = $4")},
     {LIST_FORM("t.doer_id = $1", "t.state = $2", "$4 IS NULL"),
      LIST_FORM("t.doer_id = $1", "t.state = $2", "t.kind = $4")}},
};

enum kh_status task_store_list(const struct kh_ctx *ctx, const struct task_filter *f, int clearance,
                               const struct list_page *page, struct task **out, int *count,
                               const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("tasks", 0);
    struct cursor after = {.nkeys = 1, .keys = {{CURSOR_INT, INT64_MIN, 0}}, .id = 0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "i", &after, err))
        return err->code;
    int64_t now = ctx_now(ctx);
    const char *state = !strcmp(f->state, "all")       ? NULL
                        : !strcmp(f->state, "overdue") ? "open"
                                                       : f->state;
    /* The due range as index bounds: [from, before). */
    int64_t before = INT64_MAX;
    if (!strcmp(f->state, "overdue"))
        before = now + 1;
    if (f->due_to && f->due_to < before)
        before = f->due_to;
    int64_t from_due = after.keys[0].i, from_id = after.id;
    if (f->due_from && f->due_from > from_due) {
        from_due = f->due_from;
        from_id = 0; /* ids start at 1: due_at >= due_from */
    }
    if (from_id == 0 && from_due > INT64_MIN)
        from_due--, from_id = INT64_MAX; /* (due, id) > (due - 1, max): due_at >= due */
    const char *kind = f->kind && *f->kind ? f->kind : NULL;
    const char *sql = list_sql[f->customer_id ? 0 : 1][state ? 1 : 0][kind ? 1 : 0];
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, sql);
    db_bind_int(s, 1, f->customer_id ? f->customer_id : f->assignee_id);
    db_bind_text(s, 2, state);
    db_bind_int(s, 3, before);
    db_bind_text(s, 4, kind);
    db_bind_int(s, 5, clearance);
    db_bind_int(s, 6, from_due);
    db_bind_int(s, 7, from_id);
    db_bind_int(s, 8, page->limit + 1);
    struct task *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)(page->limit + 1));
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n <= page->limit)
        read_task(s, ctx->arena, now, &items[n++]);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    if (n > page->limit) /* the last row kept starts the next page */
        n = cursor_page_end_int(ctx->arena, tag, n, page->limit, items[page->limit - 1].due_at,
                                items[page->limit - 1].id, next);
    *out = items;
    *count = n;
    return KH_OK;
}

struct change_job {
    const struct kh_ctx *ctx;
    int64_t id, assignee_id;
    const char *state, *note;
};

static enum kh_status not_open(struct kh_err *err)
{
    return kh_err_set(err, KH_E_CONFLICT, "state", "这项待办已完成或已跳过",
                      "the task is done or skipped already");
}

static enum kh_status finish_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct change_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s =
        db_prepare(c, "UPDATE tasks SET state = $2, note = $3, done_at = $4, done_by = $5 "
                      "WHERE id = $1 AND state = 'open'");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->state);
    db_bind_text(s, 3, j->note ? j->note : "");
    db_bind_int(s, 4, now);
    db_bind_id(s, 5, ctx->actor.user_id);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return not_open(err);
    struct audit_event ev = {strcmp(j->state, "done") ? "task.skip" : "task.done", "task", j->id,
                             j->note && *j->note ? j->note : NULL};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status task_store_finish(const struct kh_ctx *ctx, int64_t id, const char *state,
                                 const char *note, struct kh_err *err)
{
    struct change_job j = {ctx, id, 0, state, note};
    return db_write(ctx->db, finish_fn, &j, err);
}

static enum kh_status assign_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct change_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE tasks SET assignee_id = $2 WHERE id = $1 AND state = 'open' RETURNING title");
    db_bind_int(s, 1, j->id);
    db_bind_id(s, 2, j->assignee_id);
    const char *title = NULL;
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        title = arena_strdup(ctx->arena, db_col_text(s, 0));
    if (r == DB_ROW)
        r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (!title)
        return not_open(err);
    enum kh_status st = notify_assignee(c, ctx, j->assignee_id, j->id, title, now, err);
    const char *detail = arena_printf(ctx->arena, "assignee=%lld", (long long)j->assignee_id);
    struct audit_event ev = {"task.assign", "task", j->id, detail};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status task_store_assign(const struct kh_ctx *ctx, int64_t id, int64_t assignee_id,
                                 struct kh_err *err)
{
    struct change_job j = {ctx, id, assignee_id, NULL, NULL};
    return db_write(ctx->db, assign_fn, &j, err);
}

enum kh_status task_store_complete_on(struct db_conn *c, const struct kh_ctx *ctx,
                                      int64_t customer_id, int64_t task_id, int64_t user_id,
                                      bool any_doer, int64_t at, int64_t interaction_id,
                                      int64_t *done, struct kh_err *err)
{
    *done = 0;
    int64_t now = ctx_now(ctx);
    /* The task named, or the earliest due open follow-up task of that doer started by at. */
    struct db_stmt *s = db_prepare(
        c,
        "UPDATE tasks SET state = 'done', done_at = $5, done_by = $6, "
        "done_interaction_id = $7 WHERE id = (SELECT t.id FROM tasks t JOIN customers c ON "
        "c.id = t.customer_id WHERE t.customer_id = $1 AND t.state = 'open' AND "
        "(($2 <> 0 AND t.id = $2 AND ($8 = 1 OR coalesce(t.assignee_id, c.owner_id) = $3)) OR "
        "($2 = 0 AND coalesce(t.assignee_id, c.owner_id) = $3 AND t.start_at <= $4 AND "
        "t.kind IN ('follow_up', 'next_step', 'callback', 'comm_plan'))) ORDER BY t.due_at, t.id "
        "LIMIT 1) "
        "RETURNING id");
    db_bind_int(s, 1, customer_id);
    db_bind_int(s, 2, task_id);
    db_bind_int(s, 3, user_id);
    db_bind_int(s, 4, at);
    db_bind_int(s, 5, now);
    db_bind_id(s, 6, ctx->actor.user_id);
    db_bind_int(s, 7, interaction_id);
    db_bind_int(s, 8, any_doer ? 1 : 0);
    enum kh_status st = db_exec_int(s, done, err);
    if (st)
        return st;
    if (task_id && !*done)
        return kh_err_set(err, KH_E_CONFLICT, "task_id",
                          "这项待办不存在、已完成，或不属于这位客户或您",
                          "the task is unknown, done already, or not this customer's or yours");
    if (!*done)
        return KH_OK;
    const char *detail = arena_printf(ctx->arena, "interaction=%lld", (long long)interaction_id);
    struct audit_event ev = {"task.done", "task", *done, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status task_store_team(const struct kh_ctx *ctx, int64_t dept, int clearance, int64_t now,
                               int64_t day_end, struct task_load **out, int *count,
                               struct kh_err *err)
{
    enum { MAX = 500 };
    *out = arena_alloc(ctx->arena, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT d.uid, coalesce(u.display_name, ''), count(*), sum(CASE WHEN d.due_at > $3 AND "
           "d.due_at < $4 THEN 1 ELSE 0 END), sum(CASE WHEN d.due_at <= $3 THEN 1 ELSE 0 END) "
           "FROM (SELECT t.doer_id AS uid, t.due_at FROM tasks t JOIN "
           "customers c ON c.id = t.customer_id WHERE t.state = 'open' AND c.secrecy <= $2) d "
           "JOIN users u ON u.id = d.uid WHERE ($1 = 0 OR u.department_id = $1) "
           "GROUP BY d.uid, u.display_name ORDER BY 5 DESC, 3 DESC, d.uid LIMIT 500");
    db_bind_int(s, 1, dept);
    db_bind_int(s, 2, clearance);
    db_bind_int(s, 3, now);
    db_bind_int(s, 4, day_end);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX)
        (*out)[(*count)++] =
            (struct task_load){db_col_int(s, 0), arena_strdup(ctx->arena, db_col_text(s, 1)),
                               db_col_int(s, 2), db_col_int(s, 3), db_col_int(s, 4)};
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status task_store_digest(const struct kh_ctx *ctx, int64_t user_id, int64_t now,
                                 int64_t day_end, struct task_digest *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct arena *a = ctx->arena;
    struct db_conn *c = db_read_begin(ctx->db);
    /* Theirs: assigned to them, or following the owner of a customer they own. */
    struct db_stmt *s =
        db_prepare(c, "SELECT t.title, c.name, t.due_at FROM tasks t JOIN customers c ON c.id = "
                      "t.customer_id WHERE t.doer_id = $1 AND t.state = 'open' AND t.due_at < $2 "
                      "ORDER BY t.due_at, t.id LIMIT 1000");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, day_end);
    struct buf zh, en;
    buf_init(&zh, 0);
    buf_init(&en, 0);
    enum db_step_result r;
    int lines = 0;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t due = db_col_int(s, 2);
        bool late = due <= now;
        if (late)
            out->overdue++;
        else
            out->due_today++;
        if (lines++ < 10) {
            buf_printf(&zh, "\n· %s（%s）%s", db_col_text(s, 0), db_col_text(s, 1),
                       late ? " 已逾期" : "");
            buf_printf(&en, "\n· %s (%s)%s", db_col_text(s, 0), db_col_text(s, 1),
                       late ? " overdue" : "");
        }
    }
    db_read_end(ctx->db, c);
    out->lines_zh = arena_strdup(a, buf_cstr(&zh));
    out->lines_en = arena_strdup(a, buf_cstr(&en));
    buf_release(&zh);
    buf_release(&en);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct tell_job {
    const struct kh_ctx *ctx;
    int64_t user_id;
    const char *kind, *zh, *en, *link;
};

static enum kh_status tell_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct tell_job *j = arg;
    return notification_add_on(c, j->user_id, j->kind, 0, j->zh, j->en, j->link, ctx_now(j->ctx),
                               err);
}

enum kh_status task_store_tell(const struct kh_ctx *ctx, int64_t user_id, const char *kind,
                               const char *zh, const char *en, const char *link, struct kh_err *err)
{
    struct tell_job j = {ctx, user_id, kind, zh, en, link};
    return db_write(ctx->db, tell_fn, &j, err);
}

enum kh_status task_store_open_counts(const struct kh_ctx *ctx, const int64_t *users, int n,
                                      int64_t *open, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        struct db_stmt *s =
            db_prepare(c, "SELECT count(*) FROM tasks WHERE doer_id = $1 AND assignee_id = $1 "
                          "AND state = 'open'");
        db_bind_int(s, 1, users[i]);
        st = db_exec_int(s, &open[i], err);
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status task_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                     int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c, NULL, "UPDATE tasks SET customer_id = $2 WHERE customer_id = $1", from, to,
                      moved, err);
}

enum kh_status task_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                    struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s = db_prepare(c, "DELETE FROM tasks WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}
