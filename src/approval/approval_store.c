#include "approval/approval_store.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit_store.h"
#include "core/cursor.h"
#include "core/mem.h"
#include "db/db.h"
#include "vault/vault.h"

/* ---- rules ---- */

static void read_rule(struct db_stmt *s, struct arena *a, void *row)
{
    struct approval_rule *r = row;
    r->approver = arena_strdup(a, db_col_text(s, 0));
    r->role = arena_strdup(a, db_col_text(s, 1));
    r->min_amount = db_col_int(s, 2);
    r->max_amount = db_col_int(s, 3);
    r->min_secrecy = (int)db_col_int(s, 4);
    r->hours = (int)db_col_int(s, 5);
}

enum kh_status approval_store_rules(const struct kh_ctx *ctx, const char *kind,
                                    struct approval_rule **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT approver, role, min_amount, max_amount, min_secrecy, "
                      "hours FROM approval_rules WHERE kind = $1 ORDER BY position");
    db_bind_text(s, 1, kind);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct approval_rule), read_rule, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

struct rules_job {
    const struct kh_ctx *ctx;
    const char *kind;
    const struct approval_rule *rules;
    int n;
    const char *detail;
};

static enum kh_status rules_put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct rules_job *j = arg;
    struct db_stmt *s = db_prepare(c, "DELETE FROM approval_rules WHERE kind = $1");
    db_bind_text(s, 1, j->kind);
    enum kh_status st = db_exec_stmt(s, err);
    for (int i = 0; i < j->n && !st; i++) {
        const struct approval_rule *r = &j->rules[i];
        s = db_prepare(c,
                       "INSERT INTO approval_rules (kind, position, approver, role, min_amount, "
                       "max_amount, min_secrecy, hours) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        db_bind_text(s, 1, j->kind);
        db_bind_int(s, 2, i + 1);
        db_bind_text(s, 3, r->approver);
        db_bind_text(s, 4, r->role ? r->role : "");
        db_bind_int(s, 5, r->min_amount);
        db_bind_int(s, 6, r->max_amount);
        db_bind_int(s, 7, r->min_secrecy);
        db_bind_int(s, 8, r->hours);
        st = db_exec_stmt(s, err);
    }
    if (st)
        return st;
    struct audit_event ev = {"approval.rules", "approval_kind", 0, j->detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status approval_store_rules_put(const struct kh_ctx *ctx, const char *kind,
                                        const struct approval_rule *rules, int n,
                                        const char *detail, struct kh_err *err)
{
    struct rules_job j = {ctx, kind, rules, n, detail};
    return db_write(ctx->db, rules_put_fn, &j, err);
}

enum kh_status approval_store_role_holders(const struct kh_ctx *ctx, const char *role,
                                           int64_t except, bool *exists, bool *held,
                                           struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM roles WHERE code = $1");
    db_bind_text(s, 1, role);
    enum db_step_result r = db_step(s, err);
    *exists = r == DB_ROW;
    *held = false;
    if (r == DB_ROW) {
        s = db_prepare(c, "SELECT 1 FROM users WHERE role = $1 AND active = 1 AND id <> $2 "
                          "LIMIT 1");
        db_bind_text(s, 1, role);
        db_bind_int(s, 2, except);
        r = db_step(s, err);
        *held = r == DB_ROW;
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status approval_store_dept_head(const struct kh_ctx *ctx, int64_t dept, int64_t *head,
                                        const char **name, struct kh_err *err)
{
    *head = 0;
    *name = "";
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT u.id, u.display_name FROM departments d JOIN users u ON u.id = "
                      "d.head_id WHERE d.id = $1 AND u.active = 1");
    db_bind_int(s, 1, dept);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        *head = db_col_int(s, 0);
        *name = arena_strdup(ctx->arena, db_col_text(s, 1));
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- the inbox, history and audit of one action, on the write's connection ---- */

struct note {
    const char *kind; /* notification kind */
    int64_t request_id;
    const char *request_kind;
    const char *by_name;
    int64_t now;
};

static enum kh_status notify_user(struct db_conn *c, int64_t user_id, const struct note *n,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO notifications (user_id, kind, subject_id, request_kind, by_name, "
           "created_at) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, n->kind);
    db_bind_int(s, 3, n->request_id);
    db_bind_text(s, 4, n->request_kind);
    db_bind_text(s, 5, n->by_name);
    db_bind_int(s, 6, n->now);
    return db_exec_stmt(s, err);
}

enum kh_status notification_add_on(struct db_conn *c, int64_t user_id, const char *kind,
                                   int64_t subject_id, const char *text_zh, const char *text_en,
                                   const char *link, int64_t now, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO notifications (user_id, kind, subject_id, created_at, text_zh, text_en, "
           "link) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, kind);
    db_bind_int(s, 3, subject_id);
    db_bind_int(s, 4, now);
    db_bind_text(s, 5, text_zh);
    db_bind_text(s, 6, text_en);
    db_bind_text(s, 7, link ? link : "");
    return db_exec_stmt(s, err);
}

enum kh_status notification_add_role_on(struct db_conn *c, const char *role, int64_t except,
                                        const char *kind, int64_t subject_id, const char *text_zh,
                                        const char *text_en, const char *link, int64_t now,
                                        struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO notifications (user_id, kind, subject_id, created_at, text_zh, text_en, "
           "link) SELECT u.id, $2, $3, $4, $5, $6, $7 FROM users u WHERE u.role = $1 AND "
           "u.active = 1 AND u.id <> $8");
    db_bind_text(s, 1, role);
    db_bind_text(s, 2, kind);
    db_bind_int(s, 3, subject_id);
    db_bind_int(s, 4, now);
    db_bind_text(s, 5, text_zh);
    db_bind_text(s, 6, text_en);
    db_bind_text(s, 7, link ? link : "");
    db_bind_int(s, 8, except);
    return db_exec_stmt(s, err);
}

/*
 * Tell whoever may decide a step: its user, or every active holder of its
 * role, never the requester nor anyone who decided another step of it.
 */
static enum kh_status notify_step(struct db_conn *c, const struct approval_step *step,
                                  int64_t requester, const struct note *n, struct kh_err *err)
{
    if (step->user_id)
        return step->user_id == requester ? KH_OK : notify_user(c, step->user_id, n, err);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO notifications (user_id, kind, subject_id, request_kind, by_name, "
           "created_at) SELECT u.id, $2, $3, $4, $5, $6 FROM users u WHERE u.role = $1 AND "
           "u.active = 1 AND u.id <> $7 AND NOT EXISTS (SELECT 1 FROM approval_steps d WHERE "
           "d.request_id = $3 AND d.decided_by = u.id)");
    db_bind_text(s, 1, step->role);
    db_bind_text(s, 2, n->kind);
    db_bind_int(s, 3, n->request_id);
    db_bind_text(s, 4, n->request_kind);
    db_bind_text(s, 5, n->by_name);
    db_bind_int(s, 6, n->now);
    db_bind_int(s, 7, requester);
    return db_exec_stmt(s, err);
}

static enum kh_status event_add(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                const char *action, int position, const char *comment, int64_t now,
                                struct kh_err *err)
{
    const struct kh_actor *a = &ctx->actor;
    struct db_stmt *s =
        db_prepare(c, "INSERT INTO approval_events (request_id, at, actor_id, actor_name, action, "
                      "position, comment) VALUES ($1, $2, $3, $4, $5, $6, $7)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, now);
    db_bind_id(s, 3, a->user_id);
    db_bind_text(s, 4, a->user_id ? a->name : "system");
    db_bind_text(s, 5, action);
    db_bind_int(s, 6, position);
    db_bind_text(s, 7, comment ? comment : "");
    return db_exec_stmt(s, err);
}

/* The event, and the audit entry "approval.<action>" naming the kind. */
static enum kh_status record(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             const char *kind, const char *action, int position,
                             const char *comment, int64_t now, struct kh_err *err)
{
    enum kh_status st = event_add(c, ctx, id, action, position, comment, now, err);
    if (st)
        return st;
    char name[48];
    snprintf(name, sizeof(name), "approval.%s", action);
    struct audit_event ev = {name, "approval", id, kind};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

static enum kh_status steps_insert(struct db_conn *c, int64_t id, const struct approval_step *steps,
                                   int n, int64_t now, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        const struct approval_step *p = &steps[i];
        struct db_stmt *s =
            db_prepare(c, "INSERT INTO approval_steps (request_id, position, approver, role, "
                          "user_id, state, hours, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, i + 1);
        db_bind_text(s, 3, p->approver);
        db_bind_text(s, 4, p->role ? p->role : "");
        db_bind_id(s, 5, p->user_id);
        db_bind_text(s, 6, i == 0 ? "pending" : "waiting");
        db_bind_int(s, 7, p->hours);
        db_bind_int(s, 8, i == 0 ? now + (int64_t)p->hours * 3600 : 0);
        st = db_exec_stmt(s, err);
    }
    return st;
}

/* ---- submit ---- */

struct insert_job {
    const struct kh_ctx *ctx;
    const struct approval_request *r;
    const char *summary_zh, *summary_en, *secret;
    const struct approval_step *steps;
    int n;
    int64_t id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct insert_job *j = arg;
    const struct approval_request *r = j->r;
    int64_t now = r->created_at;
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO approval_requests (kind, state, requester_id, department_id, subject, "
           "summary_zh, summary_en, secret, amount, secrecy, reason, purpose, step, created_at, "
           "updated_at, version) VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10, "
           "$11, 1, $12, $12, 1) RETURNING id");
    db_bind_text(s, 1, r->kind);
    db_bind_int(s, 2, r->requester_id);
    db_bind_id(s, 3, r->department_id);
    db_bind_text(s, 4, r->subject);
    db_bind_text(s, 5, j->summary_zh);
    db_bind_text(s, 6, j->summary_en);
    db_bind_text(s, 7, vault_seal(j->ctx->arena, "approval_requests.secret", j->secret));
    db_bind_int(s, 8, r->amount);
    db_bind_int(s, 9, r->secrecy);
    db_bind_text(s, 10, r->reason);
    db_bind_text(s, 11, r->purpose ? r->purpose : "");
    db_bind_int(s, 12, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (!st)
        st = steps_insert(c, j->id, j->steps, j->n, now, err);
    if (!st)
        st = record(c, j->ctx, j->id, r->kind, "submit", 0, NULL, now, err);
    struct note n = {"approval.todo", j->id, r->kind, j->ctx->actor.name, now};
    return st ? st : notify_step(c, &j->steps[0], r->requester_id, &n, err);
}

enum kh_status approval_store_insert(const struct kh_ctx *ctx, const struct approval_request *r,
                                     const char *summary_zh, const char *summary_en,
                                     const char *secret, const struct approval_step *steps, int n,
                                     int64_t *id_out, struct kh_err *err)
{
    struct insert_job j = {ctx, r, summary_zh, summary_en, secret, steps, n, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

/* ---- read ---- */

#define REQUEST_COLS                                                                               \
    "r.id, r.kind, r.state, r.requester_id, coalesce(u.display_name, ''), "                        \
    "coalesce(r.department_id, 0), r.subject, r.summary_zh, r.summary_en, r.amount, r.secrecy, "   \
    "r.reason, r.purpose, r.step, r.created_at, r.updated_at, coalesce(r.decided_at, 0), "         \
    "r.version "

static void read_request(struct db_stmt *s, struct arena *a, void *row)
{
    struct approval_request *r = row;
    r->id = db_col_int(s, 0);
    r->kind = arena_strdup(a, db_col_text(s, 1));
    r->state = arena_strdup(a, db_col_text(s, 2));
    r->requester_id = db_col_int(s, 3);
    r->requester_name = arena_strdup(a, db_col_text(s, 4));
    r->department_id = db_col_int(s, 5);
    r->subject = arena_strdup(a, db_col_text(s, 6));
    r->summary_zh = arena_strdup(a, db_col_text(s, 7));
    r->summary_en = arena_strdup(a, db_col_text(s, 8));
    r->secret = "";
    r->amount = db_col_int(s, 9);
    r->secrecy = (int)db_col_int(s, 10);
    r->reason = arena_strdup(a, db_col_text(s, 11));
    r->purpose = arena_strdup(a, db_col_text(s, 12));
    r->step = (int)db_col_int(s, 13);
    r->created_at = db_col_int(s, 14);
    r->updated_at = db_col_int(s, 15);
    r->decided_at = db_col_int(s, 16);
    r->version = db_col_int(s, 17);
}

static void read_step(struct db_stmt *s, struct arena *a, void *row)
{
    struct approval_step *p = row;
    p->position = (int)db_col_int(s, 0);
    p->approver = arena_strdup(a, db_col_text(s, 1));
    p->role = arena_strdup(a, db_col_text(s, 2));
    p->user_id = db_col_int(s, 3);
    p->user_name = arena_strdup(a, db_col_text(s, 4));
    p->state = arena_strdup(a, db_col_text(s, 5));
    p->hours = (int)db_col_int(s, 6);
    p->due_at = db_col_int(s, 7);
    p->decided_by = db_col_int(s, 8);
    p->decided_by_name = arena_strdup(a, db_col_text(s, 9));
    p->decided_at = db_col_int(s, 10);
    p->comment = arena_strdup(a, db_col_text(s, 11));
}

static void read_event(struct db_stmt *s, struct arena *a, void *row)
{
    struct approval_event *e = row;
    e->id = db_col_int(s, 0);
    e->at = db_col_int(s, 1);
    e->actor_id = db_col_int(s, 2);
    e->actor_name = arena_strdup(a, db_col_text(s, 3));
    e->action = arena_strdup(a, db_col_text(s, 4));
    e->position = (int)db_col_int(s, 5);
    e->comment = arena_strdup(a, db_col_text(s, 6));
}

/* The request with its steps and history, on c. */
static enum kh_status get_on(struct db_conn *c, struct arena *a, int64_t id,
                             struct approval_request *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_stmt *s = db_prepare(c, "SELECT " REQUEST_COLS "FROM approval_requests r LEFT JOIN "
                                      "users u ON u.id = r.requester_id WHERE r.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "审批申请不存在", "approval request not found");
    read_request(s, a, out);
    s = db_prepare(c,
                   "SELECT s.position, s.approver, s.role, coalesce(s.user_id, 0), "
                   "coalesce(u.display_name, ''), s.state, s.hours, s.due_at, "
                   "coalesce(s.decided_by, 0), coalesce(d.display_name, ''), "
                   "coalesce(s.decided_at, 0), s.comment FROM approval_steps s LEFT JOIN users u "
                   "ON u.id = s.user_id LEFT JOIN users d ON d.id = s.decided_by WHERE "
                   "s.request_id = $1 ORDER BY s.position");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, a, sizeof(struct approval_step), read_step, &rows, err);
    if (st)
        return st;
    out->steps = rows.items;
    out->nsteps = rows.count;
    s = db_prepare(c, "SELECT id, at, coalesce(actor_id, 0), actor_name, action, position, comment "
                      "FROM approval_events WHERE request_id = $1 ORDER BY id");
    db_bind_int(s, 1, id);
    st = db_rows_collect(s, a, sizeof(struct approval_event), read_event, &rows, err);
    if (st)
        return st;
    out->events = rows.items;
    out->nevents = rows.count;
    return KH_OK;
}

enum kh_status approval_store_get(const struct kh_ctx *ctx, int64_t id,
                                  struct approval_request *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = get_on(c, ctx->arena, id, out, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status approval_store_secret(struct db_conn *c, struct arena *a, int64_t id,
                                     const char **secret, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT secret FROM approval_requests WHERE id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    *secret = r == DB_ROW ? vault_unseal(a, "approval_requests.secret", db_col_text(s, 0)) : "";
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- decide ---- */

struct decide_job {
    const struct kh_ctx *ctx;
    const struct approval_decision *d;
};

static enum kh_status moved_on(struct kh_err *err)
{
    return kh_err_set(err, KH_E_CONFLICT, "version", "该申请刚被他人处理，请刷新后再看",
                      "the request was just acted on by someone else; reload it");
}

/* The request's new state: a conditional write on the version the decision was made at. */
static enum kh_status request_move(struct db_conn *c, const struct approval_request *r,
                                   const char *state, int step, bool decided, int64_t now,
                                   struct kh_err *err)
{
    struct db_stmt *s =
        db_prepare(c, "UPDATE approval_requests SET state = $3, step = $4, updated_at = $5, "
                      "decided_at = CASE WHEN $6 = 1 THEN $5 ELSE decided_at END, "
                      "secret = CASE WHEN $6 = 1 THEN '' ELSE secret END, version = version + 1 "
                      "WHERE id = $1 AND version = $2");
    db_bind_int(s, 1, r->id);
    db_bind_int(s, 2, r->version);
    db_bind_text(s, 3, state);
    db_bind_int(s, 4, step);
    db_bind_int(s, 5, now);
    db_bind_int(s, 6, decided ? 1 : 0);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        st = moved_on(err);
    return st;
}

static enum kh_status step_decide(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                  int position, const char *state, const char *comment, int64_t now,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "UPDATE approval_steps SET state = $3, decided_by = $4, decided_at = $5, comment = $6 "
           "WHERE request_id = $1 AND position = $2 AND state = 'pending'");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, position);
    db_bind_text(s, 3, state);
    db_bind_id(s, 4, ctx->actor.user_id);
    db_bind_int(s, 5, now);
    db_bind_text(s, 6, comment ? comment : "");
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        st = moved_on(err);
    return st;
}

static const char *const action_names[] = {
    [APPROVAL_APPROVE] = "approve",
    [APPROVAL_REJECT] = "reject",
    [APPROVAL_RETURN] = "return",
    [APPROVAL_WITHDRAW] = "withdraw",
};

static enum kh_status decide_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct decide_job *j = arg;
    const struct approval_decision *d = j->d;
    const struct approval_request *r = d->r;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct note n = {"", r->id, r->kind, ctx->actor.user_id ? ctx->actor.name : "system", now};
    const struct approval_step *pending =
        r->step > 0 && r->step <= r->nsteps ? &r->steps[r->step - 1] : NULL;
    enum kh_status st = KH_OK;
    switch (d->action) {
    case APPROVAL_APPROVE:
        if (!d->last) {
            const struct approval_step *next = &r->steps[r->step];
            st = request_move(c, r, "pending", r->step + 1, false, now, err);
            if (!st)
                st = step_decide(c, ctx, r->id, r->step, "approved", d->comment, now, err);
            if (!st) {
                struct db_stmt *s =
                    db_prepare(c, "UPDATE approval_steps SET state = 'pending', due_at = $3 WHERE "
                                  "request_id = $1 AND position = $2");
                db_bind_int(s, 1, r->id);
                db_bind_int(s, 2, r->step + 1);
                db_bind_int(s, 3, now + (int64_t)next->hours * 3600);
                st = db_exec_stmt(s, err);
            }
            n.kind = "approval.todo";
            if (!st)
                st = notify_step(c, next, r->requester_id, &n, err);
            break;
        }
        {
            struct approval_request applied = *r;
            st = approval_store_secret(c, ctx->arena, r->id, &applied.secret, err);
            if (!st)
                st = request_move(c, r, "approved", 0, true, now, err);
            if (!st)
                st = step_decide(c, ctx, r->id, r->step, "approved", d->comment, now, err);
            if (!st && d->kind->apply)
                st = d->kind->apply(c, ctx, &applied, err);
        }
        n.kind = "approval.approved";
        if (!st)
            st = notify_user(c, r->requester_id, &n, err);
        break;
    case APPROVAL_REJECT:
    case APPROVAL_RETURN: {
        bool reject = d->action == APPROVAL_REJECT;
        st = request_move(c, r, reject ? "rejected" : "returned", 0, reject, now, err);
        if (!st)
            st = step_decide(c, ctx, r->id, r->step, reject ? "rejected" : "returned", d->comment,
                             now, err);
        n.kind = reject ? "approval.rejected" : "approval.returned";
        if (!st)
            st = notify_user(c, r->requester_id, &n, err);
        break;
    }
    case APPROVAL_WITHDRAW:
        st = request_move(c, r, "withdrawn", 0, true, now, err);
        if (!st && pending) {
            struct db_stmt *s = db_prepare(c, "UPDATE approval_steps SET state = 'withdrawn' "
                                              "WHERE request_id = $1 AND state = 'pending'");
            db_bind_int(s, 1, r->id);
            st = db_exec_stmt(s, err);
            n.kind = "approval.withdrawn";
            if (!st && !strcmp(r->state, "pending"))
                st = notify_step(c, pending, r->requester_id, &n, err);
        }
        break;
    }
    if (st)
        return st;
    return record(c, ctx, r->id, r->kind, action_names[d->action],
                  d->action == APPROVAL_WITHDRAW ? 0 : r->step, d->comment, now, err);
}

enum kh_status approval_store_decide(const struct kh_ctx *ctx, const struct approval_decision *d,
                                     struct kh_err *err)
{
    struct decide_job j = {ctx, d};
    return db_write(ctx->db, decide_fn, &j, err);
}

static enum kh_status resubmit_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct decide_job *j = arg;
    const struct approval_decision *d = j->d;
    const struct approval_request *r = d->r;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE approval_requests SET state = 'pending', step = 1, reason = $3, purpose = $4, "
           "updated_at = $5, version = version + 1 WHERE id = $1 AND version = $2 AND "
           "state = 'returned'");
    db_bind_int(s, 1, r->id);
    db_bind_int(s, 2, r->version);
    db_bind_text(s, 3, d->reason);
    db_bind_text(s, 4, d->purpose);
    db_bind_int(s, 5, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return moved_on(err);
    s = db_prepare(c, "DELETE FROM approval_steps WHERE request_id = $1");
    db_bind_int(s, 1, r->id);
    if (!st)
        st = db_exec_stmt(s, err);
    if (!st)
        st = steps_insert(c, r->id, d->steps, d->nsteps, now, err);
    if (!st)
        st = record(c, j->ctx, r->id, r->kind, "resubmit", 0, d->comment, now, err);
    struct note n = {"approval.todo", r->id, r->kind, j->ctx->actor.name, now};
    return st ? st : notify_step(c, &d->steps[0], r->requester_id, &n, err);
}

enum kh_status approval_store_resubmit(const struct kh_ctx *ctx, const struct approval_decision *d,
                                       struct kh_err *err)
{
    struct decide_job j = {ctx, d};
    return db_write(ctx->db, resubmit_fn, &j, err);
}

/* ---- lists ---- */

/*
 * One statement per box, each walking its own index newest first: the
 * requester's (approval_requests_requester), the steps waiting for a role
 * or a user (approval_steps_role, approval_steps_user), the decided ones,
 * every request (the primary key).
 */
#define BOX_WHERE                                                                                  \
    "AND ($2 = 0 OR r.id < $2) AND ($3 = '' OR r.state = $3) AND ($4 = '' OR r.kind = $4) "
#define BOX_FILTERS BOX_WHERE "ORDER BY r.id DESC LIMIT $5"
#define BOX_FROM "FROM approval_requests r LEFT JOIN users u ON u.id = r.requester_id "
#define BOX_TODO                                                                                   \
    "JOIN approval_steps s ON s.request_id = r.id AND s.position = r.step WHERE r.state = "        \
    "'pending' AND s.state = 'pending' AND (s.user_id = $1 OR (s.role = $6 AND s.role <> '')) "    \
    "AND r.requester_id <> $1 AND NOT EXISTS (SELECT 1 FROM approval_steps d WHERE d.request_id "  \
    "= r.id AND d.decided_by = $1) "
#define BOX_DONE                                                                                   \
    "WHERE EXISTS (SELECT 1 FROM approval_steps d WHERE d.request_id = r.id AND d.decided_by = "   \
    "$1) "
/* The count stops after $5 (list.h: LIST_COUNT_CAP + 1). */
#define BOX_COUNT(cond) "SELECT count(*) FROM (SELECT 1 " BOX_FROM cond BOX_WHERE "LIMIT $5) AS n"

static const char *const box_sql[] = {
    [APPROVAL_BOX_MINE] = "SELECT " REQUEST_COLS BOX_FROM "WHERE r.requester_id = $1 " BOX_FILTERS,
    [APPROVAL_BOX_TODO] = "SELECT " REQUEST_COLS BOX_FROM BOX_TODO BOX_FILTERS,
    [APPROVAL_BOX_DONE] = "SELECT " REQUEST_COLS BOX_FROM BOX_DONE BOX_FILTERS,
    [APPROVAL_BOX_ALL] = "SELECT " REQUEST_COLS BOX_FROM "WHERE $1 >= 0 " BOX_FILTERS,
};

static const char *const box_count_sql[] = {
    [APPROVAL_BOX_MINE] = BOX_COUNT("WHERE r.requester_id = $1 "),
    [APPROVAL_BOX_TODO] = BOX_COUNT(BOX_TODO),
    [APPROVAL_BOX_DONE] = BOX_COUNT(BOX_DONE),
    [APPROVAL_BOX_ALL] = BOX_COUNT("WHERE $1 >= 0 "),
};

static uint32_t box_tag(enum approval_box box)
{
    return cursor_tag("approvals", (unsigned)box);
}

enum kh_status approval_store_list(const struct kh_ctx *ctx, enum approval_box box,
                                   const struct approval_filter *f, const struct list_page *page,
                                   struct approval_request **out, int *count, const char **next,
                                   struct list_total *total, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    struct cursor after = {0};
    if (page->cursor &&
        cursor_decode(ctx->arena, str_from(page->cursor), box_tag(box), "", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, box_sql[box]);
    db_bind_int(s, 1, ctx->actor.user_id);
    db_bind_int(s, 2, after.id);
    db_bind_text(s, 3, f->state ? f->state : "");
    db_bind_text(s, 4, f->kind ? f->kind : "");
    db_bind_int(s, 5, page->limit + 1);
    if (box == APPROVAL_BOX_TODO)
        db_bind_text(s, 6, ctx->actor.role);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct approval_request), read_request, &rows, err);
    if (!st && total) { /* on the first page, when asked (as every list) */
        s = db_prepare(c, box_count_sql[box]);
        db_bind_int(s, 1, ctx->actor.user_id);
        db_bind_int(s, 2, 0);
        db_bind_text(s, 3, f->state ? f->state : "");
        db_bind_text(s, 4, f->kind ? f->kind : "");
        db_bind_int(s, 5, LIST_COUNT_CAP + 1);
        if (box == APPROVAL_BOX_TODO)
            db_bind_text(s, 6, ctx->actor.role);
        enum db_step_result r = db_step(s, err);
        *total = list_total_of(r == DB_ROW ? db_col_int(s, 0) : 0);
        st = r == DB_ERROR ? err->code : KH_OK;
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    struct approval_request *items = rows.items;
    *out = items;
    *count = cursor_page_end(
        ctx->arena, box_tag(box), rows.count, page->limit,
        rows.count ? items[rows.count > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

/* ---- reminders ---- */

struct remind_job {
    const struct kh_ctx *ctx;
    int64_t now, every;
    int reminded;
};

struct due_step {
    int64_t request_id;
    int position;
    struct approval_step step;
    const char *kind;
    int64_t requester_id;
};

static void read_due(struct db_stmt *s, struct arena *a, void *row)
{
    struct due_step *d = row;
    d->request_id = db_col_int(s, 0);
    d->position = (int)db_col_int(s, 1);
    d->step.role = arena_strdup(a, db_col_text(s, 2));
    d->step.user_id = db_col_int(s, 3);
    d->kind = arena_strdup(a, db_col_text(s, 4));
    d->requester_id = db_col_int(s, 5);
}

enum kh_status approval_store_overdue(const struct kh_ctx *ctx, int64_t now, int64_t every,
                                      bool *any, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM approval_steps WHERE state = 'pending' AND "
                                      "due_at <= $1 AND reminded_at <= $2 LIMIT 1");
    db_bind_int(s, 1, now);
    db_bind_int(s, 2, now - every);
    enum db_step_result r = db_step(s, err);
    *any = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

static enum kh_status remind_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct remind_job *j = arg;
    j->reminded = 0;
    struct db_stmt *s = db_prepare(
        c, "SELECT s.request_id, s.position, s.role, coalesce(s.user_id, 0), r.kind, "
           "r.requester_id FROM approval_steps s JOIN approval_requests r ON r.id = s.request_id "
           "WHERE s.state = 'pending' AND s.due_at <= $1 AND s.reminded_at <= $2 "
           "ORDER BY s.request_id LIMIT 500");
    db_bind_int(s, 1, j->now);
    db_bind_int(s, 2, j->now - j->every);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, j->ctx->arena, sizeof(struct due_step), read_due, &rows, err);
    struct due_step *due = rows.items;
    for (int i = 0; !st && i < rows.count; i++) {
        struct note n = {"approval.reminder", due[i].request_id, due[i].kind, "", j->now};
        st = notify_step(c, &due[i].step, due[i].requester_id, &n, err);
        if (!st) {
            s = db_prepare(c, "UPDATE approval_steps SET reminded_at = $3 WHERE request_id = $1 "
                              "AND position = $2");
            db_bind_int(s, 1, due[i].request_id);
            db_bind_int(s, 2, due[i].position);
            db_bind_int(s, 3, j->now);
            st = db_exec_stmt(s, err);
        }
        if (!st)
            st = event_add(c, j->ctx, due[i].request_id, "remind", due[i].position, NULL, j->now,
                           err);
        if (!st)
            j->reminded++;
    }
    return st;
}

enum kh_status approval_store_remind(const struct kh_ctx *ctx, int64_t now, int64_t every,
                                     int *reminded, struct kh_err *err)
{
    struct remind_job j = {ctx, now, every, 0};
    enum kh_status st = db_write(ctx->db, remind_fn, &j, err);
    *reminded = st ? 0 : j.reminded;
    return st;
}

/* ---- the inbox ---- */

static void read_notification(struct db_stmt *s, struct arena *a, void *row)
{
    struct notification *n = row;
    n->id = db_col_int(s, 0);
    n->kind = arena_strdup(a, db_col_text(s, 1));
    n->subject_id = db_col_int(s, 2);
    n->request_kind = arena_strdup(a, db_col_text(s, 3));
    n->by_name = arena_strdup(a, db_col_text(s, 4));
    n->created_at = db_col_int(s, 5);
    n->read_at = db_col_int(s, 6);
    n->text_zh = arena_strdup(a, db_col_text(s, 7));
    n->text_en = arena_strdup(a, db_col_text(s, 8));
    n->link = arena_strdup(a, db_col_text(s, 9));
}

enum kh_status approval_store_notifications(const struct kh_ctx *ctx, bool unread_only,
                                            const struct list_page *page, struct notification **out,
                                            int *count, const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("notifications", unread_only ? 1 : 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT id, kind, subject_id, request_kind, by_name, created_at, "
                      "coalesce(read_at, 0), text_zh, text_en, link FROM notifications "
                      "WHERE user_id = $1 AND "
                      "($2 = 0 OR id < $2) AND ($3 = 0 OR read_at IS NULL) ORDER BY id DESC "
                      "LIMIT $4");
    db_bind_int(s, 1, ctx->actor.user_id);
    db_bind_int(s, 2, after.id);
    db_bind_int(s, 3, unread_only ? 1 : 0);
    db_bind_int(s, 4, page->limit + 1);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct notification), read_notification, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    struct notification *items = rows.items;
    *out = items;
    *count = cursor_page_end(
        ctx->arena, tag, rows.count, page->limit,
        rows.count ? items[rows.count > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

static void read_notification_of(struct db_stmt *s, struct arena *a, void *row)
{
    read_notification(s, a, row);
    struct notification *n = row;
    n->user_id = db_col_int(s, 10);
    n->user_name = arena_strdup(a, db_col_text(s, 11));
}

enum kh_status approval_store_notifications_after(struct db_conn *c, struct arena *a, int64_t after,
                                                  int limit, struct notification **out, int *count,
                                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c,
        "SELECT n.id, n.kind, n.subject_id, n.request_kind, n.by_name, n.created_at, "
        "coalesce(n.read_at, 0), n.text_zh, n.text_en, n.link, n.user_id, u.display_name FROM "
        "notifications n JOIN users u ON u.id = n.user_id WHERE n.id > $1 ORDER BY n.id LIMIT $2");
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, limit);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, a, sizeof(struct notification), read_notification_of, &rows, err);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

enum kh_status approval_store_notification_last(struct db_conn *c, int64_t *id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT coalesce(max(id), 0) FROM notifications");
    return db_exec_int(s, id, err);
}

enum kh_status approval_store_unread(const struct kh_ctx *ctx, int64_t *unread, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL");
    db_bind_int(s, 1, ctx->actor.user_id);
    enum db_step_result r = db_step(s, err);
    *unread = r == DB_ROW ? db_col_int(s, 0) : 0;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct read_job {
    const struct kh_ctx *ctx;
    int64_t id, up_to;
};

static enum kh_status read_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct read_job *j = arg;
    struct db_stmt *s = j->id ? db_prepare(c, "UPDATE notifications SET read_at = $3 WHERE "
                                              "user_id = $1 AND id = $2 AND read_at IS NULL")
                              : db_prepare(c, "UPDATE notifications SET read_at = $3 WHERE "
                                              "user_id = $1 AND id <= $2 AND read_at IS NULL");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_int(s, 2, j->id ? j->id : j->up_to);
    db_bind_int(s, 3, ctx_now(j->ctx));
    return db_exec_stmt(s, err);
}

enum kh_status approval_store_read(const struct kh_ctx *ctx, int64_t id, int64_t up_to,
                                   struct kh_err *err)
{
    struct read_job j = {ctx, id, up_to};
    return db_write(ctx->db, read_fn, &j, err);
}

/* ---- departure handover (R-SEC-8) ---- */

enum kh_status approval_store_held_count(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                                         struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT (SELECT count(*) FROM approval_requests WHERE requester_id = $1 AND state IN "
           "('pending', 'returned')) + (SELECT count(*) FROM approval_steps WHERE user_id = $1 "
           "AND state IN ('pending', 'waiting'))");
    db_bind_int(s, 1, user_id);
    enum kh_status st = db_exec_int(s, n, err);
    db_read_end(ctx->db, c);
    return st;
}

/* The ids of rows a one-column query returns for from (in ctx's arena). */
static enum kh_status ids_of(struct db_conn *c, const struct kh_ctx *ctx, const char *sql,
                             int64_t from, int64_t **ids, const char ***kinds, int *n,
                             struct kh_err *err)
{
    *n = 0;
    int cap = 16;
    *ids = arena_alloc(ctx->arena, sizeof(**ids) * (size_t)cap);
    *kinds = arena_alloc(ctx->arena, sizeof(**kinds) * (size_t)cap);
    struct db_stmt *s = db_prepare(c, sql);
    db_bind_int(s, 1, from);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (*n == cap) {
            int64_t *more = arena_alloc(ctx->arena, sizeof(*more) * (size_t)cap * 2);
            const char **kmore = arena_alloc(ctx->arena, sizeof(*kmore) * (size_t)cap * 2);
            memcpy(more, *ids, sizeof(*more) * (size_t)cap);
            memcpy(kmore, *kinds, sizeof(*kmore) * (size_t)cap);
            *ids = more;
            *kinds = kmore;
            cap *= 2;
        }
        (*ids)[*n] = db_col_int(s, 0);
        (*kinds)[(*n)++] = arena_strdup(ctx->arena, db_col_text(s, 1));
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status approval_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                           int64_t from, int64_t to, const char *reason,
                                           int64_t *moved, struct kh_err *err)
{
    *moved = 0;
    int64_t now = ctx_now(ctx);
    int64_t *ids = NULL;
    const char **kinds = NULL;
    int n = 0;
    /* The leaver's own open requests end: withdrawn, each in its history. */
    enum kh_status st = ids_of(c, ctx,
                               "SELECT id, kind FROM approval_requests WHERE requester_id = $1 "
                               "AND state IN ('pending', 'returned') ORDER BY id",
                               from, &ids, &kinds, &n, err);
    for (int i = 0; i < n && !st; i++) {
        struct db_stmt *s = db_prepare(
            c, "UPDATE approval_requests SET state = 'withdrawn', step = 0, updated_at = $2, "
               "decided_at = $2, secret = '', version = version + 1 WHERE id = $1");
        db_bind_int(s, 1, ids[i]);
        db_bind_int(s, 2, now);
        st = db_exec_stmt(s, err);
        if (!st) {
            s = db_prepare(c, "UPDATE approval_steps SET state = 'withdrawn' WHERE request_id = "
                              "$1 AND state IN ('pending', 'waiting')");
            db_bind_int(s, 1, ids[i]);
            st = db_exec_stmt(s, err);
        }
        if (!st)
            st = record(c, ctx, ids[i], kinds[i], "withdraw", 0, reason, now, err);
    }
    *moved += n;
    /* Steps the leaver was to decide (as a department's head) pass to the successor. */
    if (!st)
        st = ids_of(c, ctx,
                    "SELECT DISTINCT s.request_id, r.kind FROM approval_steps s JOIN "
                    "approval_requests r ON r.id = s.request_id WHERE s.user_id = $1 AND "
                    "s.state IN ('pending', 'waiting') ORDER BY s.request_id",
                    from, &ids, &kinds, &n, err);
    if (!st && n) {
        struct db_stmt *s = db_prepare(c, "UPDATE approval_steps SET user_id = $2 WHERE user_id = "
                                          "$1 AND state IN ('pending', 'waiting')");
        db_bind_int(s, 1, from);
        db_bind_int(s, 2, to);
        st = db_exec_stmt(s, err);
        *moved += db_changes(c);
    }
    for (int i = 0; i < n && !st; i++)
        st = record(c, ctx, ids[i], kinds[i], "handover", 0, reason, now, err);
    return st;
}
