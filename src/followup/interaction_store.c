#include "followup/interaction_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"
#include "followup/minutes.h"

#define INTERACTION_COLS                                                                           \
    "SELECT i.id, i.customer_id, i.channel, i.direction, i.occurred_at, i.summary, i.outcome, "    \
    "i.next_step, i.next_at, i.task_id, i.done_task_id, coalesce(i.created_by, 0), "               \
    "coalesce(u.display_name, ''), i.created_at, i.satisfaction, i.needs_service "                 \
    "FROM interactions i "                                                                         \
    "LEFT JOIN users u ON u.id = i.created_by "

static void read_interaction(struct db_stmt *s, struct arena *a, struct interaction *x)
{
    memset(x, 0, sizeof(*x));
    x->id = db_col_int(s, 0);
    x->customer_id = db_col_int(s, 1);
    x->channel = arena_strdup(a, db_col_text(s, 2));
    x->direction = arena_strdup(a, db_col_text(s, 3));
    x->occurred_at = db_col_int(s, 4);
    x->summary = arena_strdup(a, db_col_text(s, 5));
    x->outcome = arena_strdup(a, db_col_text(s, 6));
    x->next_step = arena_strdup(a, db_col_text(s, 7));
    x->next_at = db_col_int(s, 8);
    x->task_id = db_col_int(s, 9);
    x->done_task_id = db_col_int(s, 10);
    x->created_by = db_col_int(s, 11);
    x->created_by_name = arena_strdup(a, db_col_text(s, 12));
    x->created_at = db_col_int(s, 13);
    x->satisfaction = (int)db_col_int(s, 14);
    x->needs_service = db_col_int(s, 15) != 0;
}

struct insert_job {
    const struct kh_ctx *ctx;
    const struct interaction_input *in;
    const struct task_input *next;
    int64_t id, task, done;
};

static enum kh_status add_people(struct db_conn *c, struct insert_job *j, struct kh_err *err)
{
    const struct interaction_input *in = j->in;
    enum kh_status st = KH_OK;
    for (int i = 0; i < in->nusers && !st; i++) {
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO interaction_people (interaction_id, user_id, contact_id, name) "
               "SELECT $1, u.id, 0, u.display_name FROM users u WHERE u.id = $2 "
               "ON CONFLICT (interaction_id, user_id, contact_id) DO NOTHING");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, in->user_ids[i]);
        st = db_exec_stmt(s, err);
    }
    for (int i = 0; i < in->ncontacts && !st; i++) {
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO interaction_people (interaction_id, user_id, contact_id, name) "
               "SELECT $1, 0, k.id, k.name FROM contacts k WHERE k.id = $2 AND k.customer_id = $3 "
               "ON CONFLICT (interaction_id, user_id, contact_id) DO NOTHING");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, in->contact_ids[i]);
        db_bind_int(s, 3, in->customer_id);
        st = db_exec_stmt(s, err);
        if (!st && db_changes(c) == 0) {
            /* Not this customer's contact (or named twice: harmless, but said once). */
            struct db_stmt *q =
                db_prepare(c, "SELECT 1 FROM contacts WHERE id = $1 AND customer_id = $2");
            db_bind_int(q, 1, in->contact_ids[i]);
            db_bind_int(q, 2, in->customer_id);
            enum db_step_result r = db_step(q, err);
            if (r == DB_ERROR)
                return err->code;
            if (r == DB_DONE)
                return kh_err_setf(err, KH_E_VALIDATION, "contact_ids",
                                   "联系人 %lld 不是这位客户的联系人",
                                   "contact %lld is not one of this customer's contacts",
                                   (long long)in->contact_ids[i], (long long)in->contact_ids[i]);
        }
    }
    return st;
}

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct insert_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    const struct interaction_input *in = j->in;
    int64_t now = ctx_now(ctx);
    j->id = j->task = j->done = 0;
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO interactions (customer_id, channel, direction, occurred_at, summary, "
           "outcome, next_step, next_at, created_by, created_at, satisfaction, needs_service) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
    db_bind_int(s, 1, in->customer_id);
    db_bind_text(s, 2, in->channel);
    db_bind_text(s, 3, in->direction);
    db_bind_int(s, 4, in->occurred_at);
    db_bind_text(s, 5, in->summary);
    db_bind_text(s, 6, in->outcome ? in->outcome : "");
    db_bind_text(s, 7, in->next_step ? in->next_step : "");
    db_bind_int(s, 8, in->next_at);
    db_bind_id(s, 9, ctx->actor.user_id);
    db_bind_int(s, 10, now);
    db_bind_int(s, 11, in->satisfaction);
    db_bind_int(s, 12, in->needs_service ? 1 : 0);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (!st)
        st = add_people(c, j, err);
    /* First the task it is for, then the one its next step opens (never itself completed). */
    if (!st)
        st = task_complete_on(c, ctx, in->customer_id, in->task_id, ctx->actor.user_id,
                              in->occurred_at, j->id, &j->done, err);
    if (!st && j->next) {
        const char *source = arena_printf(ctx->arena, "interaction:%lld", (long long)j->id);
        st = task_add_on(c, ctx, j->next, source, &j->task, err);
    }
    if (!st && (j->task || j->done)) {
        s = db_prepare(c, "UPDATE interactions SET task_id = $2, done_task_id = $3 WHERE id = $1");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, j->task);
        db_bind_int(s, 3, j->done);
        st = db_exec_stmt(s, err);
    }
    if (!st && in->minutes_due_at) /* face to face: minutes due (R-INT-3) */
        st = minutes_open_on(c, ctx, j->id, in->customer_id, in->minutes_due_at, err);
    if (!st && in->visit_plan_id) { /* the plan it closes: once */
        s = db_prepare(c, "UPDATE visit_plans SET interaction_id = $2, closed_at = $3 WHERE "
                          "request_id = $1 AND interaction_id = 0");
        db_bind_int(s, 1, in->visit_plan_id);
        db_bind_int(s, 2, j->id);
        db_bind_int(s, 3, now);
        st = db_exec_stmt(s, err);
        if (!st && db_changes(c) == 0)
            st = kh_err_set(err, KH_E_CONFLICT, "state", "这份走访单已结案",
                            "the visit plan is closed already");
    }
    if (st)
        return st;
    const char *detail = arena_printf(ctx->arena, "customer=%lld channel=%s satisfaction=%d%s",
                                      (long long)in->customer_id, in->channel, in->satisfaction,
                                      in->needs_service ? " needs_service" : "");
    struct audit_event ev = {"interaction.log", "interaction", j->id, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status interaction_store_insert_on(struct db_conn *c, const struct kh_ctx *ctx,
                                           const struct interaction_input *in,
                                           const struct task_input *next, int64_t *id,
                                           int64_t *task, int64_t *done, struct kh_err *err)
{
    struct insert_job j = {ctx, in, next, 0, 0, 0};
    enum kh_status st = insert_fn(c, &j, err);
    *id = st ? 0 : j.id;
    *task = st ? 0 : j.task;
    *done = st ? 0 : j.done;
    return st;
}

enum kh_status interaction_store_insert(const struct kh_ctx *ctx,
                                        const struct interaction_input *in,
                                        const struct task_input *next, int64_t *id, int64_t *task,
                                        int64_t *done, struct kh_err *err)
{
    struct insert_job j = {ctx, in, next, 0, 0, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id = st ? 0 : j.id;
    *task = st ? 0 : j.task;
    *done = st ? 0 : j.done;
    return st;
}

/*
 * The participants of items[0 .. n), one customer's, in one statement: the
 * page's own stretch of interactions_customer, from its oldest (occurred_at,
 * id) to its newest, each with its people.
 */
static enum kh_status read_people(struct db_conn *c, struct arena *a, struct interaction *items,
                                  int n, struct kh_err *err)
{
    if (!n)
        return KH_OK;
    const struct interaction *lo = &items[0], *hi = &items[0];
    for (int i = 1; i < n; i++) {
        const struct interaction *x = &items[i];
        if (x->occurred_at < lo->occurred_at ||
            (x->occurred_at == lo->occurred_at && x->id < lo->id))
            lo = x;
        if (x->occurred_at > hi->occurred_at ||
            (x->occurred_at == hi->occurred_at && x->id > hi->id))
            hi = x;
    }
    struct db_stmt *s = db_prepare(
        c, "SELECT p.interaction_id, p.user_id, p.contact_id, p.name FROM interactions i "
           "JOIN interaction_people p ON p.interaction_id = i.id WHERE i.customer_id = $1 AND "
           "(i.occurred_at, i.id) >= ($2, $3) AND (i.occurred_at, i.id) <= ($4, $5) "
           "ORDER BY p.interaction_id, p.contact_id, p.user_id");
    db_bind_int(s, 1, items[0].customer_id);
    db_bind_int(s, 2, lo->occurred_at);
    db_bind_int(s, 3, lo->id);
    db_bind_int(s, 4, hi->occurred_at);
    db_bind_int(s, 5, hi->id);
    for (int i = 0; i < n; i++)
        items[i].people =
            arena_alloc(a, sizeof(struct interaction_person) * (2 * INTERACTION_PEOPLE_MAX));
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t iid = db_col_int(s, 0);
        for (int i = 0; i < n; i++)
            if (items[i].id == iid && items[i].npeople < 2 * INTERACTION_PEOPLE_MAX)
                items[i].people[items[i].npeople++] = (struct interaction_person){
                    db_col_int(s, 1), db_col_int(s, 2), arena_strdup(a, db_col_text(s, 3))};
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status interaction_store_get(const struct kh_ctx *ctx, int64_t id, struct interaction *out,
                                     struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, INTERACTION_COLS "WHERE i.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW) {
        read_interaction(s, ctx->arena, out);
        st = read_people(c, ctx->arena, out, 1, err);
    } else {
        st = r == DB_DONE
                 ? kh_err_set(err, KH_E_NOT_FOUND, "", "没有这条跟进记录", "no such interaction")
                 : err->code;
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status interaction_store_list(const struct kh_ctx *ctx, const struct interaction_filter *f,
                                      const struct list_page *page, struct interaction **out,
                                      int *count, const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("interactions", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "i", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    /*
     * Newest first along interactions_customer, from the cursor ($3, $4) =
     * (occurred_at, id) down: an index bound, so a later page starts where
     * the last ended instead of walking the newer ones again.
     */
    struct db_stmt *s = db_prepare(
        c, INTERACTION_COLS "WHERE i.customer_id = $1 AND ($2 IS NULL OR i.channel = $2) AND "
                            "(i.occurred_at, i.id) < ($3, $4) "
                            "ORDER BY i.occurred_at DESC, i.id DESC LIMIT $5");
    db_bind_int(s, 1, f->customer_id);
    db_bind_text(s, 2, f->channel && *f->channel ? f->channel : NULL);
    db_bind_int(s, 3, after.id ? after.keys[0].i : INT64_MAX);
    db_bind_int(s, 4, after.id ? after.id : INT64_MAX);
    db_bind_int(s, 5, page->limit + 1);
    struct interaction *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)(page->limit + 1));
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n <= page->limit)
        read_interaction(s, ctx->arena, &items[n++]);
    enum kh_status st = r == DB_ERROR ? err->code : KH_OK;
    if (!st && n > page->limit) /* the last row kept starts the next page */
        n = cursor_page_end_int(ctx->arena, tag, n, page->limit, items[page->limit - 1].occurred_at,
                                items[page->limit - 1].id, next);
    if (!st)
        st = read_people(c, ctx->arena, items, n, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = items;
    *count = n;
    return KH_OK;
}

enum kh_status interaction_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                            int64_t from, int64_t to, int64_t *moved,
                                            struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c, NULL, "UPDATE interactions SET customer_id = $2 WHERE customer_id = $1",
                      from, to, moved, err);
}

enum kh_status interaction_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                           struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s = db_prepare(c, "DELETE FROM interaction_people WHERE interaction_id IN "
                                      "(SELECT id FROM interactions WHERE customer_id = $1)");
    db_bind_int(s, 1, id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "DELETE FROM interactions WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}

enum kh_status interaction_store_exists(const struct kh_ctx *ctx, int64_t customer_id,
                                        int64_t occurred_at, const char *channel,
                                        const char *summary, bool *found, struct kh_err *err)
{
    *found = false;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT 1 FROM interactions WHERE customer_id = $1 AND occurred_at = $2 AND "
                      "channel = $3 AND summary = $4 LIMIT 1");
    db_bind_int(s, 1, customer_id);
    db_bind_int(s, 2, occurred_at);
    db_bind_text(s, 3, channel);
    db_bind_text(s, 4, summary);
    enum db_step_result r = db_step(s, err);
    *found = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status interaction_store_user_named(const struct kh_ctx *ctx, const char *text, int64_t *id,
                                            struct kh_err *err)
{
    *id = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c,
        "SELECT id, CASE WHEN username = $1 THEN 0 ELSE 1 END AS by_name FROM users "
        "WHERE active = 1 AND (username = $1 OR display_name = $1) ORDER BY by_name, id LIMIT 2");
    db_bind_text(s, 1, text);
    enum db_step_result r = db_step(s, err);
    int64_t first = 0, by_name = 0;
    int n = 0;
    while (r == DB_ROW) {
        if (!n++) {
            first = db_col_int(s, 0);
            by_name = db_col_int(s, 1);
        }
        r = db_step(s, err);
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    /* A username is one person; a name shared by two is nobody in particular. */
    if (n == 1 || (n > 1 && !by_name))
        *id = first;
    return KH_OK;
}
