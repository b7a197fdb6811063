#include "followup/visit_store.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "followup/followup_json.h"

enum kh_status visit_store_insert_on(struct db_conn *c, int64_t request_id, int64_t customer_id,
                                     int64_t requester_id, const char *objective,
                                     int64_t planned_at, int64_t task_id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO visit_plans (request_id, customer_id, requester_id, objective, planned_at, "
           "task_id) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(s, 1, request_id);
    db_bind_int(s, 2, customer_id);
    db_bind_int(s, 3, requester_id);
    db_bind_text(s, 4, objective);
    db_bind_int(s, 5, planned_at);
    db_bind_int(s, 6, task_id);
    return db_exec_stmt(s, err);
}

/* A plan not approved yet is only its request: the customer's code and name looked up. */
static enum kh_status fill_pending(struct db_conn *c, struct arena *a, struct visit_plan *p,
                                   const char *subject, struct kh_err *err)
{
    if (!followup_json_visit_read(a, subject, &p->customer_id, &p->objective, &p->planned_at))
        return KH_OK;
    struct db_stmt *s = db_prepare(c, "SELECT code, name FROM customers WHERE id = $1");
    db_bind_int(s, 1, p->customer_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        p->customer_code = arena_strdup(a, db_col_text(s, 0));
        p->customer_name = arena_strdup(a, db_col_text(s, 1));
        r = db_step(s, err);
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status visit_store_list(const struct kh_ctx *ctx, int64_t requester, int64_t customer_id,
                                int64_t id, struct visit_plan **out, int *count, struct kh_err *err)
{
    enum { MAX = 200 };
    struct arena *a = ctx->arena;
    struct visit_plan *items = arena_alloc(a, sizeof(*items) * MAX);
    const char **subjects = arena_alloc(a, sizeof(*subjects) * MAX);
    int n = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT r.id, r.state, r.requester_id, coalesce(u.display_name, ''), r.subject, "
           "r.created_at, coalesce(v.customer_id, 0), coalesce(v.objective, ''), "
           "coalesce(v.planned_at, 0), coalesce(v.task_id, 0), coalesce(v.interaction_id, 0), "
           "coalesce(v.closed_at, 0), coalesce(c.code, ''), coalesce(c.name, '') "
           "FROM approval_requests r LEFT JOIN visit_plans v ON v.request_id = r.id "
           "LEFT JOIN customers c ON c.id = v.customer_id LEFT JOIN users u ON u.id = "
           "r.requester_id WHERE r.kind = 'visit.plan' AND ($1 = 0 OR r.requester_id = $1) AND "
           "($2 = 0 OR v.customer_id = $2) AND ($3 = 0 OR r.id = $3) ORDER BY r.id DESC LIMIT 200");
    db_bind_int(s, 1, requester);
    db_bind_int(s, 2, customer_id);
    db_bind_int(s, 3, id);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < MAX) {
        struct visit_plan *p = &items[n];
        memset(p, 0, sizeof(*p));
        p->id = db_col_int(s, 0);
        const char *state = db_col_text(s, 1);
        p->requester_id = db_col_int(s, 2);
        p->requester_name = arena_strdup(a, db_col_text(s, 3));
        subjects[n] = arena_strdup(a, db_col_text(s, 4));
        p->created_at = db_col_int(s, 5);
        p->customer_id = db_col_int(s, 6);
        p->objective = arena_strdup(a, db_col_text(s, 7));
        p->planned_at = db_col_int(s, 8);
        p->task_id = db_col_int(s, 9);
        p->interaction_id = db_col_int(s, 10);
        p->closed_at = db_col_int(s, 11);
        p->customer_code = arena_strdup(a, db_col_text(s, 12));
        p->customer_name = arena_strdup(a, db_col_text(s, 13));
        p->state = arena_strdup(a, strcmp(state, "approved") ? state
                                   : p->closed_at            ? "done"
                                                             : "approved");
        n++;
    }
    enum kh_status st = r == DB_ERROR ? err->code : KH_OK;
    for (int i = 0; i < n && !st; i++)
        if (!items[i].customer_id)
            st = fill_pending(c, a, &items[i], subjects[i], err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : items;
    *count = st ? 0 : n;
    return st;
}
