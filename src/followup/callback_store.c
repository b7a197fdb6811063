#include "followup/callback_store.h"

#include <stdio.h>
#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"
#include "followup/task_store.h"

struct create_job {
    const struct kh_ctx *ctx;
    const struct callback_input *in;
    const struct task_input *tasks;
    int ntasks;
    const struct callback_share *shares;
    int nshares;
    int64_t id;
};

static enum kh_status create_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct create_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    const struct callback_input *in = j->in;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO callback_lists (title, method, purpose, channel, filter, since_days, "
           "due_at, tasks, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
           "$10) RETURNING id");
    db_bind_text(s, 1, in->title);
    db_bind_text(s, 2, in->method && *in->method ? in->method : "picked");
    db_bind_text(s, 3, in->purpose);
    db_bind_text(s, 4, in->channel && *in->channel ? in->channel : "call");
    db_bind_text(s, 5, in->filter ? in->filter : "");
    db_bind_int(s, 6, in->since_days);
    db_bind_int(s, 7, in->due_at);
    db_bind_int(s, 8, j->ntasks);
    db_bind_id(s, 9, ctx->actor.user_id);
    db_bind_int(s, 10, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    for (int i = 0; i < j->ntasks && !st; i++) {
        char source[64];
        snprintf(source, sizeof(source), "callback:%lld:%lld", (long long)j->id,
                 (long long)j->tasks[i].customer_id);
        int64_t tid = 0;
        st = task_store_insert_on(c, ctx, &j->tasks[i], source, false, &tid, err);
    }
    for (int i = 0; i < j->nshares && !st; i++) {
        const struct callback_share *x = &j->shares[i];
        if (!x->user_id || x->user_id == ctx->actor.user_id)
            continue;
        const char *zh = arena_printf(ctx->arena, "%s 交给您 %d 项回访：%s", ctx->actor.name,
                                      x->tasks, in->title);
        const char *en = arena_printf(ctx->arena, "%s gave you %d callback task(s): %s",
                                      ctx->actor.name, x->tasks, in->title);
        st = notification_add_on(c, x->user_id, "task.assigned", j->id, zh, en, "/tasks", now, err);
    }
    if (st)
        return st;
    const char *detail =
        arena_printf(ctx->arena, "tasks=%d people=%d purpose=%s method=%s", j->ntasks, j->nshares,
                     in->purpose, in->method && *in->method ? in->method : "picked");
    struct audit_event ev = {"callback.create", "callback_list", j->id, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status callback_store_create(const struct kh_ctx *ctx, const struct callback_input *in,
                                     const struct task_input *tasks, int ntasks,
                                     const struct callback_share *shares, int nshares, int64_t *id,
                                     struct kh_err *err)
{
    struct create_job j = {ctx, in, tasks, ntasks, shares, nshares, 0};
    enum kh_status st = db_write(ctx->db, create_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

enum kh_status callback_store_lists(const struct kh_ctx *ctx, struct callback_list **out,
                                    int *count, struct kh_err *err)
{
    enum { MAX = 100 };
    struct arena *a = ctx->arena;
    *out = arena_alloc(a, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    /* A list's tasks are the range of sources "callback:<id>:" ... "callback:<id>;" (tasks_source).
     */
    struct db_stmt *s = db_prepare(
        c,
        "SELECT l.id, l.title, l.method, l.purpose, l.channel, l.filter, l.since_days, l.due_at, "
        "l.tasks, (SELECT count(*) FROM tasks t WHERE t.source >= 'callback:' || l.id || ':' "
        "AND t.source < 'callback:' || l.id || ';' AND t.state = 'done'), "
        "coalesce(l.created_by, 0), coalesce(u.display_name, ''), l.created_at "
        "FROM callback_lists l LEFT JOIN users u ON u.id = l.created_by "
        "ORDER BY l.id DESC LIMIT 100");
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX) {
        struct callback_list *x = &(*out)[(*count)++];
        x->id = db_col_int(s, 0);
        x->title = arena_strdup(a, db_col_text(s, 1));
        x->method = arena_strdup(a, db_col_text(s, 2));
        x->purpose = arena_strdup(a, db_col_text(s, 3));
        x->channel = arena_strdup(a, db_col_text(s, 4));
        x->filter = arena_strdup(a, db_col_text(s, 5));
        x->since_days = (int)db_col_int(s, 6);
        x->due_at = db_col_int(s, 7);
        x->tasks = (int)db_col_int(s, 8);
        x->done = (int)db_col_int(s, 9);
        x->created_by = db_col_int(s, 10);
        x->created_by_name = arena_strdup(a, db_col_text(s, 11));
        x->created_at = db_col_int(s, 12);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}
