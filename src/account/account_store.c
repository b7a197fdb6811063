#include "account/account_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_store.h"
#include "crypto/crypto.h"
#include "core/mem.h"
#include "customer/customer.h"
#include "db/db.h"

#define USER_COLS                                                                                  \
    "u.id, u.username, u.display_name, u.role, u.department_id, u.branch_id, "                     \
    "u.active, u.created_at, u.password_hash, u.must_change_password, "                            \
    "coalesce(u.clearance, -1), (SELECT r.scopes FROM roles r WHERE r.code = u.role), "            \
    "u.organization, u.credential"

static void read_user(struct db_stmt *s, struct arena *a, struct user_row *r)
{
    r->user.id = db_col_int(s, 0);
    r->user.username = arena_strdup(a, db_col_text(s, 1));
    r->user.display_name = arena_strdup(a, db_col_text(s, 2));
    r->user.role = arena_strdup(a, db_col_text(s, 3));
    r->user.department_id = db_col_int(s, 4);
    r->user.branch_id = db_col_int(s, 5);
    r->user.active = db_col_int(s, 6) != 0;
    r->user.created_at = db_col_int(s, 7);
    r->password_hash = arena_strdup(a, db_col_text(s, 8));
    r->user.must_change_password = db_col_int(s, 9) != 0;
    r->user.clearance_own = (int)db_col_int(s, 10);
    struct kh_actor as = {0};
    (void)actor_scopes_parse(&as, db_col_text(s, 11));
    as.clearance = r->user.clearance_own >= 0 ? (unsigned char)(r->user.clearance_own + 1) : 0;
    r->user.clearance = customer_clearance(&as);
    r->user.organization = arena_strdup(a, db_col_text(s, 12));
    r->user.credential = arena_strdup(a, db_col_text(s, 13));
}

static enum kh_status one_user(const struct kh_ctx *ctx, struct db_conn *c, struct db_stmt *s,
                               struct user_row *out, struct kh_err *err)
{
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW)
        read_user(s, ctx->arena, out);
    else if (r == DB_DONE)
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "用户不存在", "user not found");
    else
        st = err->code;
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status account_store_user_by_name(const struct kh_ctx *ctx, const char *username,
                                          struct user_row *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT " USER_COLS " FROM users u WHERE u.username = $1");
    db_bind_text(s, 1, username);
    return one_user(ctx, c, s, out, err);
}

enum kh_status account_store_user_by_id(const struct kh_ctx *ctx, int64_t id, struct user_row *out,
                                        struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT " USER_COLS " FROM users u WHERE u.id = $1");
    db_bind_int(s, 1, id);
    return one_user(ctx, c, s, out, err);
}

static void read_list_user(struct db_stmt *s, struct arena *a, void *row)
{
    struct user_row r;
    read_user(s, a, &r);
    *(struct user *)row = r.user;
}

enum kh_status account_store_user_list(const struct kh_ctx *ctx, struct user **out, int *count,
                                       struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT " USER_COLS " FROM users u ORDER BY u.id");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct user), read_list_user, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

/* ---- writes ---- */

struct user_job {
    const struct kh_ctx *ctx;
    const struct user_input *in;
    int64_t id;
    const char *detail;
    struct user *answer;
};

/* The row as the write left it, for the request's answer: read before the commit. */
static enum kh_status answer_on(struct db_conn *c, struct user_job *j, struct kh_err *err)
{
    if (!j->answer)
        return KH_OK;
    struct db_stmt *s = db_prepare(c, "SELECT " USER_COLS " FROM users u WHERE u.id = $1");
    db_bind_int(s, 1, j->id);
    enum db_step_result r = db_step(s, err);
    if (r != DB_ROW)
        return r == DB_ERROR ? err->code
                             : kh_err_set(err, KH_E_NOT_FOUND, "", "用户不存在", "user not found");
    struct user_row row;
    read_user(s, j->ctx->arena, &row);
    *j->answer = row.user;
    return KH_OK;
}

static enum kh_status user_insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct user_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO users (username, display_name, password_hash, role, department_id, "
           "branch_id, active, created_at, updated_at, must_change_password, organization, "
           "credential) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11) RETURNING id");
    db_bind_text(s, 1, j->in->username);
    db_bind_text(s, 2, j->in->display_name);
    db_bind_text(s, 3, j->in->password);
    db_bind_text(s, 4, j->in->role);
    db_bind_id(s, 5, j->in->department_id > 0 ? j->in->department_id : 0);
    db_bind_id(s, 6, j->in->branch_id > 0 ? j->in->branch_id : 0);
    db_bind_int(s, 7, j->in->active != 0);
    db_bind_int(s, 8, now);
    db_bind_int(s, 9, j->in->must_change_password > 0);
    db_bind_text(s, 10, j->in->organization ? j->in->organization : "");
    db_bind_text(s, 11, j->in->credential ? j->in->credential : "");
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, "username", "用户名已存在",
                          "username already exists");
    if (st)
        return st;
    char detail[160];
    snprintf(detail, sizeof(detail), "username=%s role=%s", j->in->username, j->in->role);
    struct audit_event ev = {"user.create", "user", j->id, j->detail ? j->detail : detail};
    st = audit_store_append(c, &j->ctx->actor, now, &ev, err);
    return st ? st : answer_on(c, j, err);
}

enum kh_status account_store_user_insert_on(struct db_conn *c, const struct kh_ctx *ctx,
                                            const struct user_input *in, const char *detail,
                                            int64_t *id_out, struct kh_err *err)
{
    struct user_job j = {ctx, in, 0, detail, NULL};
    enum kh_status st = user_insert_fn(c, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

enum kh_status account_store_user_insert(const struct kh_ctx *ctx, const struct user_input *in,
                                         int64_t *id_out, struct user *answer, struct kh_err *err)
{
    struct user_job j = {ctx, in, 0, NULL, answer};
    enum kh_status st = db_write(ctx->db, user_insert_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

/* The user's notice about this change, in its transaction. */
static enum kh_status notice_add(struct db_conn *c, struct user_job *j, int64_t now,
                                 struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "INSERT INTO notices (user_id, kind, role, by_user, "
                                      "by_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->in->notice);
    db_bind_text(s, 3, j->in->role ? j->in->role : "");
    db_bind_id(s, 4, j->ctx->actor.user_id);
    /* A person by the name colleagues know them by; the system by what it is ("cli"). */
    db_bind_text(s, 5, j->ctx->actor.user_id ? j->ctx->actor.name : j->ctx->actor.username);
    db_bind_int(s, 6, now);
    return db_exec_stmt(s, err);
}

/*
 * A new password ends every session and API token of the user: whoever
 * knew the old one keeps nothing. The acting user changing their own keeps
 * the session (or token) of this request.
 */
static enum kh_status end_credentials(struct db_conn *c, struct user_job *j, int64_t now,
                                      struct kh_err *err)
{
    const struct kh_actor *a = &j->ctx->actor;
    bool self = j->id == a->user_id;
    struct db_stmt *s = db_prepare(
        c, "DELETE FROM sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) <> $2");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, self ? a->session_id : "");
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "UPDATE api_tokens SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 "
                      "AND revoked_at IS NULL");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, self ? a->token_id : 0);
    db_bind_int(s, 3, now);
    return db_exec_stmt(s, err);
}

/* Why a conditional update of a user changed no row: gone, or not as the change was decided on. */
static enum kh_status user_update_missed(struct db_conn *c, const struct user_job *j,
                                         struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM users WHERE id = $1");
    db_bind_int(s, 1, j->id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "用户不存在", "user not found");
    if (j->in->expect_password_hash)
        return kh_err_set(err, KH_E_CONFLICT, "old_password", "密码刚在别处被修改，请重新输入",
                          "the password was just changed elsewhere; enter it again");
    return kh_err_set(err, KH_E_CONFLICT, "", "该用户已被他人修改，请刷新后重试",
                      "the user was changed by someone else; reload and try again");
}

static enum kh_status user_update_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct user_job *j = arg;
    const struct user_input *in = j->in;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE users SET display_name = coalesce($2, display_name), role = coalesce($3, role), "
           "department_id = CASE WHEN $4 < 0 THEN department_id WHEN $4 = 0 THEN NULL ELSE $4 END, "
           "branch_id = CASE WHEN $5 < 0 THEN branch_id WHEN $5 = 0 THEN NULL ELSE $5 END, "
           "active = CASE WHEN $6 < 0 THEN active ELSE $6 END, "
           "password_hash = coalesce($7, password_hash), updated_at = $8, "
           "must_change_password = CASE WHEN $9 < 0 THEN must_change_password ELSE $9 END, "
           "clearance = CASE WHEN $14 = 0 THEN clearance WHEN $14 = 1 THEN NULL ELSE $14 - 2 END, "
           "organization = coalesce($16, organization), credential = coalesce($17, credential) "
           "WHERE id = $1 AND ((role = $10 AND coalesce(department_id, 0) = $11 AND "
           "coalesce(branch_id, 0) = $12) OR $10 IS NULL) AND (password_hash = $13 OR $13 IS NULL) "
           "AND ($15 = 0 OR coalesce(clearance, -1) = $15 - 2)");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, in->display_name);
    db_bind_text(s, 3, in->role);
    db_bind_int(s, 4, in->department_id);
    db_bind_int(s, 5, in->branch_id);
    db_bind_int(s, 6, in->active);
    db_bind_text(s, 7, in->password);
    db_bind_int(s, 8, now);
    db_bind_int(s, 9, in->must_change_password);
    db_bind_text(s, 10, in->expect_role);
    db_bind_int(s, 11, in->expect_department_id);
    db_bind_int(s, 12, in->expect_branch_id);
    db_bind_text(s, 13, in->expect_password_hash);
    db_bind_int(s, 14, in->clearance);
    db_bind_int(s, 15, in->expect_clearance);
    db_bind_text(s, 16, in->organization);
    db_bind_text(s, 17, in->credential);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0)
        return user_update_missed(c, j, err);
    if (in->password && (st = end_credentials(c, j, now, err)))
        return st;
    if (in->active == 0) {
        s = db_prepare(c, "DELETE FROM sessions WHERE user_id = $1");
        db_bind_int(s, 1, j->id);
        if ((st = db_exec_stmt(s, err)))
            return st;
    }
    const char *action = in->role || in->clearance ? "permission.change" : "user.update";
    struct audit_event ev = {action, "user", j->id, j->detail};
    st = audit_store_append(c, &j->ctx->actor, now, &ev, err);
    if (!st && in->notice)
        st = notice_add(c, j, now, err);
    return st ? st : answer_on(c, j, err);
}

enum kh_status account_store_user_update_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                            const struct user_input *in, const char *detail,
                                            struct kh_err *err)
{
    struct user_job j = {ctx, in, id, detail, NULL};
    return user_update_fn(c, &j, err);
}

enum kh_status account_store_user_update(const struct kh_ctx *ctx, int64_t id,
                                         const struct user_input *in, const char *detail,
                                         struct user *answer, struct kh_err *err)
{
    struct user_job j = {ctx, in, id, detail, answer};
    return db_write(ctx->db, user_update_fn, &j, err);
}

/* username, display_name, role, scopes, permissions, department_id, branch_id,
 * must_change_password, clearance (-1: the role's) from column col on. */
static void read_actor(struct db_stmt *s, int col, struct kh_actor *actor)
{
    kh_strlcpy(actor->username, db_col_text(s, col), sizeof(actor->username));
    kh_strlcpy(actor->name, db_col_text(s, col + 1), sizeof(actor->name));
    kh_strlcpy(actor->role, db_col_text(s, col + 2), sizeof(actor->role));
    actor_role_parse(actor, db_col_text(s, col + 3), db_col_text(s, col + 4));
    actor->department_id = db_col_int(s, col + 5);
    actor->branch_id = db_col_int(s, col + 6);
    actor->must_change_password = db_col_int(s, col + 7) != 0;
    int64_t clearance = db_col_int(s, col + 8);
    actor->clearance = clearance >= 0 && clearance <= 2 ? (unsigned char)(clearance + 1) : 0;
}

enum kh_status account_store_actor(const struct kh_ctx *ctx, int64_t user_id,
                                   struct kh_actor *actor, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT u.username, u.display_name, u.role, r.scopes, r.permissions, u.department_id, "
           "u.branch_id, u.must_change_password, coalesce(u.clearance, -1), u.active FROM users u "
           "JOIN roles r ON r.code = u.role WHERE u.id = $1");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW && db_col_int(s, 9)) {
        actor->user_id = user_id;
        read_actor(s, 0, actor);
    } else if (r == DB_ERROR) {
        st = err->code;
    } else {
        st = kh_err_set(err, KH_E_UNAUTH, "", "账号不存在或已停用", "account missing or disabled");
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status account_store_role_exists(const struct kh_ctx *ctx, const char *code, bool *exists,
                                         struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM roles WHERE code = $1");
    db_bind_text(s, 1, code);
    enum db_step_result r = db_step(s, err);
    *exists = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status account_store_unit_exists(const struct kh_ctx *ctx, bool branch, int64_t id,
                                         bool *exists, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = branch ? db_prepare(c, "SELECT 1 FROM branches WHERE id = $1")
                               : db_prepare(c, "SELECT 1 FROM departments WHERE id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    *exists = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- login throttling and sessions ---- */

static void *login_state_make(void)
{
    return account_throttle_new();
}

static const struct db_slot_key login_state_key = {login_state_make, account_throttle_free};

struct login_state *account_store_login_state(const struct kh_ctx *ctx)
{
    return db_slot(ctx->db, &login_state_key);
}

/*
 * Failed-login entries that waited for the database, appended before the
 * write's own entries; the caller returns them to the wait when its write
 * fails (nothing of it was kept).
 */
struct pending_take {
    struct login_event *evs;
    size_t n;
    int64_t lost;
    bool taken;
};

/* How long a failed login's rows stay: longer than the longest window login_window_seconds allows.
 */
#define LOGIN_FAILURE_KEEP_S (7 * 86400)

/*
 * A failed login's rows in login_failures, the count every server sees
 * (account_store_failures_count): its address, and for an account its id
 * and the pair; rows of the key older than a week go.
 */
static enum kh_status failure_rows(struct db_conn *c, const struct login_event *e,
                                   struct kh_err *err)
{
    char keys[3][96];
    int n = 0;
    snprintf(keys[n++], sizeof(keys[0]), "addr:%s", e->address);
    if (e->target_id) {
        snprintf(keys[n++], sizeof(keys[0]), "user:%lld", (long long)e->target_id);
        snprintf(keys[n++], sizeof(keys[0]), "pair:%lld@%s", (long long)e->target_id, e->address);
    }
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        struct db_stmt *s = db_prepare(c, "DELETE FROM login_failures WHERE key = $1 AND at < $2");
        db_bind_text(s, 1, keys[i]);
        db_bind_int(s, 2, e->at - LOGIN_FAILURE_KEEP_S);
        if ((st = db_exec_stmt(s, err)))
            break;
        s = db_prepare(c, "INSERT INTO login_failures (key, at) VALUES ($1, $2)");
        db_bind_text(s, 1, keys[i]);
        db_bind_int(s, 2, e->at);
        st = db_exec_stmt(s, err);
    }
    return st;
}

enum kh_status account_store_failures_count(const struct kh_ctx *ctx, int64_t user_id,
                                            const char *address, int64_t since, int64_t pair_since,
                                            struct login_failure_counts *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    char pair[96], user[48], addr[80];
    snprintf(pair, sizeof(pair), "pair:%lld@%s", (long long)user_id, address);
    snprintf(user, sizeof(user), "user:%lld", (long long)user_id);
    snprintf(addr, sizeof(addr), "addr:%s", address);
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT (SELECT count(*) FROM login_failures WHERE key = $1 AND at >= $4), "
                      "(SELECT min(at) FROM login_failures WHERE key = $1 AND at >= $4), "
                      "(SELECT count(*) FROM login_failures WHERE key = $2 AND at >= $5), "
                      "(SELECT min(at) FROM login_failures WHERE key = $2 AND at >= $5), "
                      "(SELECT count(*) FROM login_failures WHERE key = $3 AND at >= $5), "
                      "(SELECT min(at) FROM login_failures WHERE key = $3 AND at >= $5)");
    db_bind_text(s, 1, user_id ? pair : "");
    db_bind_text(s, 2, user_id ? user : "");
    db_bind_text(s, 3, addr);
    db_bind_int(s, 4, pair_since);
    db_bind_int(s, 5, since);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        out->pair = db_col_int(s, 0);
        out->pair_oldest = db_col_int(s, 1);
        out->user = db_col_int(s, 2);
        out->user_oldest = db_col_int(s, 3);
        out->addr = db_col_int(s, 4);
        out->addr_oldest = db_col_int(s, 5);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

static enum kh_status pending_append(struct db_conn *c, const struct kh_ctx *ctx,
                                     struct pending_take *p, struct kh_err *err)
{
    if (!p->taken) { /* a run again (the first was rolled back) appends the same entries */
        p->evs = account_throttle_pending_take(account_store_login_state(ctx), &p->n, &p->lost);
        p->taken = true;
    }
    enum kh_status st = KH_OK;
    for (size_t i = 0; i < p->n && !st; i++) {
        const struct login_event *e = &p->evs[i];
        struct kh_actor actor = {0};
        kh_strlcpy(actor.address, e->address, sizeof(actor.address));
        struct audit_event ev = {e->action, "user", e->target_id, e->detail};
        st = audit_store_append(c, &actor, e->at, &ev, err);
        if (!st && !strcmp(e->action, "auth.login_failed"))
            st = failure_rows(c, e, err);
    }
    if (!st && p->lost) {
        char detail[64];
        snprintf(detail, sizeof(detail), "unrecorded=%lld", (long long)p->lost);
        struct audit_event ev = {"auth.login_failed", "user", 0, detail};
        st = audit_store_append(c, &ctx->actor, ctx_now(ctx), &ev, err);
    }
    return st;
}

/* After the write: entries it kept are done; those of a failed write wait again. */
static void pending_settle(const struct kh_ctx *ctx, struct pending_take *p, enum kh_status st)
{
    if (!p->taken)
        return;
    if (st && (p->n || p->lost))
        account_throttle_pending_return(account_store_login_state(ctx), p->evs, p->n, p->lost);
    else
        free(p->evs);
}

enum kh_status account_store_place_seen(const struct kh_ctx *ctx, const char *username,
                                        const char *address, int64_t *last_at, struct kh_err *err)
{
    *last_at = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT p.last_at FROM login_places p JOIN users u ON u.id = p.user_id "
                      "WHERE u.username = $1 AND p.address = $2");
    db_bind_text(s, 1, username);
    db_bind_text(s, 2, address);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *last_at = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct failure_job {
    const struct kh_ctx *ctx;
    struct pending_take pending;
};

static enum kh_status failure_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct failure_job *j = arg;
    return pending_append(c, j->ctx, &j->pending, err);
}

enum kh_status account_store_failure_record(const struct kh_ctx *ctx, const struct login_event *ev,
                                            struct kh_err *err)
{
    account_throttle_pending_push(account_store_login_state(ctx), ev);
    struct failure_job j = {ctx, {0}};
    enum kh_status st = db_write(ctx->db, failure_fn, &j, err);
    pending_settle(ctx, &j.pending, st);
    return st;
}

struct session_job {
    const struct kh_ctx *ctx;
    const char *hash;
    int64_t user_id;
    const char *csrf;
    int64_t expires_at;
    const char *user_agent;
    int64_t places_since;
    struct pending_take pending;
};

static enum kh_status place_note(struct db_conn *c, const struct session_job *j, int64_t now,
                                 struct kh_err *err)
{
    /* Two logins from one place at once: the later time stays, whichever commits last. */
    struct db_stmt *s = db_prepare(
        c,
        "INSERT INTO login_places (user_id, address, last_at) VALUES ($1, $2, $3) "
        "ON CONFLICT (user_id, address) DO UPDATE SET last_at = CASE WHEN "
        "login_places.last_at < excluded.last_at THEN excluded.last_at ELSE login_places.last_at "
        "END");
    db_bind_int(s, 1, j->user_id);
    db_bind_text(s, 2, j->ctx->actor.address);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "DELETE FROM login_places WHERE user_id = $1 AND last_at < $2");
    db_bind_int(s, 1, j->user_id);
    db_bind_int(s, 2, j->places_since);
    return db_exec_stmt(s, err);
}

static enum kh_status session_insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct session_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s =
        db_prepare(c, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                      "expires_at, address, last_seen_at, user_agent) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $4, $7)");
    db_bind_text(s, 1, j->hash);
    db_bind_int(s, 2, j->user_id);
    db_bind_text(s, 3, j->csrf);
    db_bind_int(s, 4, now);
    db_bind_int(s, 5, j->expires_at);
    db_bind_text(s, 6, j->ctx->actor.address);
    db_bind_text(s, 7, j->user_agent ? j->user_agent : "");
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if ((st = pending_append(c, j->ctx, &j->pending, err)) || (st = place_note(c, j, now, err)))
        return st;
    s = db_prepare(c, "DELETE FROM sessions WHERE expires_at < $1");
    db_bind_int(s, 1, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    struct audit_event ev = {"auth.login", "user", j->user_id, NULL};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status account_store_session_insert(const struct kh_ctx *ctx, const char *token_hash,
                                            int64_t user_id, const char *csrf, int64_t expires_at,
                                            int64_t places_since, const char *user_agent,
                                            struct kh_err *err)
{
    struct session_job j = {.ctx = ctx,
                            .hash = token_hash,
                            .user_id = user_id,
                            .csrf = csrf,
                            .expires_at = expires_at,
                            .user_agent = user_agent,
                            .places_since = places_since};
    enum kh_status st = db_write(ctx->db, session_insert_fn, &j, err);
    pending_settle(ctx, &j.pending, st);
    return st;
}

enum kh_status account_store_session_get(const struct kh_ctx *ctx, const char *token_hash,
                                         int64_t *user_id, char *csrf, size_t cap,
                                         int64_t *expires_at, int64_t *last_seen_at,
                                         struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT user_id, csrf_token, expires_at, "
                                      "CASE WHEN last_seen_at > 0 THEN last_seen_at "
                                      "ELSE created_at END FROM sessions WHERE token_hash = $1");
    db_bind_text(s, 1, token_hash);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW) {
        *user_id = db_col_int(s, 0);
        kh_strlcpy(csrf, db_col_text(s, 1), cap);
        *expires_at = db_col_int(s, 2);
        *last_seen_at = db_col_int(s, 3);
    } else {
        st = r == DB_ERROR ? err->code
                           : kh_err_set(err, KH_E_UNAUTH, "", "请先登录", "please log in");
    }
    db_read_end(ctx->db, c);
    return st;
}

struct delete_job {
    const struct kh_ctx *ctx;
    const char *hash;
    int64_t id;
};

struct session_touch_job {
    char hash[KH_HASH_HEX];
    int64_t at;
};

static enum kh_status session_touch_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct session_touch_job *j = arg;
    struct db_stmt *s = db_prepare(
        c, "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2");
    db_bind_text(s, 1, j->hash);
    db_bind_int(s, 2, j->at);
    return db_exec_stmt(s, err);
}

void account_store_session_touch(const struct kh_ctx *ctx, const char *token_hash, int64_t now)
{
    struct session_touch_job *j = kh_calloc(1, sizeof(*j));
    kh_strlcpy(j->hash, token_hash, sizeof(j->hash));
    j->at = now;
    struct kh_err ignored;
    KH_IGNORE(db_write_async(ctx->db, session_touch_fn, j, free, &ignored));
}

static void read_session(struct db_stmt *s, struct arena *a, void *row)
{
    struct user_session *u = row;
    kh_strlcpy(u->id, db_col_text(s, 0), sizeof(u->id));
    u->created_at = db_col_int(s, 1);
    u->last_seen_at = db_col_int(s, 2);
    u->expires_at = db_col_int(s, 3);
    u->address = arena_strdup(a, db_col_text(s, 4));
    u->user_agent = arena_strdup(a, db_col_text(s, 5));
}

enum kh_status account_store_session_list(const struct kh_ctx *ctx, struct user_session **out,
                                          int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT substr(token_hash, 1, 16), created_at, "
           "CASE WHEN last_seen_at > 0 THEN last_seen_at ELSE created_at END, expires_at, "
           "address, user_agent FROM sessions WHERE user_id = $1 AND expires_at > $2 "
           "ORDER BY sessions.created_at DESC, token_hash");
    db_bind_int(s, 1, ctx->actor.user_id);
    db_bind_int(s, 2, ctx_now(ctx));
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct user_session), read_session, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

static enum kh_status session_revoke_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct delete_job *j = arg;
    struct db_stmt *s =
        db_prepare(c, "DELETE FROM sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) = $2");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_text(s, 2, j->hash);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "会话不存在或已结束",
                          "no such session (it may have ended)");
    struct audit_event ev = {"auth.session_revoke", "user", j->ctx->actor.user_id, j->hash};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status account_store_session_revoke(const struct kh_ctx *ctx, const char *id,
                                            struct kh_err *err)
{
    struct delete_job j = {ctx, id, 0};
    return db_write(ctx->db, session_revoke_fn, &j, err);
}

static enum kh_status session_revoke_others_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct delete_job *j = arg;
    struct db_stmt *s = db_prepare(
        c, "DELETE FROM sessions WHERE user_id = $1 AND substr(token_hash, 1, 16) <> $2");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_text(s, 2, j->ctx->actor.session_id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    j->id = db_changes(c);
    char detail[40];
    snprintf(detail, sizeof(detail), "others=%lld", (long long)j->id);
    struct audit_event ev = {"auth.session_revoke", "user", j->ctx->actor.user_id, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status account_store_session_revoke_others(const struct kh_ctx *ctx, int64_t *ended,
                                                   struct kh_err *err)
{
    struct delete_job j = {ctx, NULL, 0};
    enum kh_status st = db_write(ctx->db, session_revoke_others_fn, &j, err);
    *ended = st ? 0 : j.id;
    return st;
}

static enum kh_status session_delete_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct delete_job *j = arg;
    struct db_stmt *s = db_prepare(c, "DELETE FROM sessions WHERE token_hash = $1");
    db_bind_text(s, 1, j->hash);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    struct audit_event ev = {"auth.logout", "user", j->ctx->actor.user_id, NULL};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status account_store_session_delete(const struct kh_ctx *ctx, const char *token_hash,
                                            struct kh_err *err)
{
    struct delete_job j = {ctx, token_hash, 0};
    return db_write(ctx->db, session_delete_fn, &j, err);
}

/* ---- API tokens ---- */

struct token_job {
    const struct kh_ctx *ctx;
    const char *name;
    const char *hash;
    int64_t id;
};

static enum kh_status token_insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct token_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) "
           "RETURNING id");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_text(s, 2, j->name);
    db_bind_text(s, 3, j->hash);
    db_bind_int(s, 4, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    struct audit_event ev = {"token.create", "api_token", j->id, j->name};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status account_store_token_insert(const struct kh_ctx *ctx, const char *name,
                                          const char *token_hash, int64_t *id_out,
                                          struct kh_err *err)
{
    struct token_job j = {ctx, name, token_hash, 0};
    enum kh_status st = db_write(ctx->db, token_insert_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

static void read_token(struct db_stmt *s, struct arena *a, void *row)
{
    struct api_token *t = row;
    t->id = db_col_int(s, 0);
    t->name = arena_strdup(a, db_col_text(s, 1));
    t->created_at = db_col_int(s, 2);
    t->last_used_at = db_col_int(s, 3);
}

enum kh_status account_store_token_list(const struct kh_ctx *ctx, struct api_token **out,
                                        int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT id, name, created_at, coalesce(last_used_at, 0) FROM api_tokens "
                      "WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id");
    db_bind_int(s, 1, ctx->actor.user_id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct api_token), read_token, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

static enum kh_status token_revoke_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct delete_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(c, "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 "
                                      "AND user_id = $2 AND revoked_at IS NULL");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->ctx->actor.user_id);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "令牌不存在", "token not found");
    struct audit_event ev = {"token.revoke", "api_token", j->id, NULL};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status account_store_token_revoke(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct delete_job j = {ctx, NULL, id};
    return db_write(ctx->db, token_revoke_fn, &j, err);
}

/* Last use of a token, recorded at most once a minute without waiting for it. */
struct touch_job {
    int64_t id, at;
};

static enum kh_status token_touch_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct touch_job *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->at);
    return db_exec_stmt(s, err);
}

enum kh_status account_store_token_user(const struct kh_ctx *ctx, const char *token_hash,
                                        struct kh_actor *actor, struct kh_err *err)
{
    /* One read resolves the token, its user and the role. */
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT t.id, coalesce(t.last_used_at, 0), u.id, u.username, u.display_name, u.role, "
           "r.scopes, r.permissions, coalesce(u.department_id, 0), coalesce(u.branch_id, 0), "
           "u.must_change_password, coalesce(u.clearance, -1) FROM api_tokens t "
           "JOIN users u ON u.id = t.user_id JOIN roles r "
           "ON r.code = u.role "
           "WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1");
    db_bind_text(s, 1, token_hash);
    enum db_step_result r = db_step(s, err);
    int64_t id = 0, last = 0;
    if (r == DB_ROW) {
        id = db_col_int(s, 0);
        last = db_col_int(s, 1);
        actor->user_id = db_col_int(s, 2);
        read_actor(s, 3, actor);
        actor->token_id = id;
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return kh_err_set(err, KH_E_UNAUTH, "", "API 令牌无效", "invalid API token");
    if (ctx_now(ctx) - last >= 60) {
        struct touch_job *j = kh_calloc(1, sizeof(*j));
        *j = (struct touch_job){id, ctx_now(ctx)};
        struct kh_err ignored;
        KH_IGNORE(db_write_async(ctx->db, token_touch_fn, j, free, &ignored));
    }
    return KH_OK;
}

/* ---- notices ---- */

static void read_notice(struct db_stmt *s, struct arena *a, void *row)
{
    struct account_notice *n = row;
    n->id = db_col_int(s, 0);
    n->kind = arena_strdup(a, db_col_text(s, 1));
    n->role = arena_strdup(a, db_col_text(s, 2));
    n->by_id = db_col_int(s, 3);
    n->by_name = arena_strdup(a, db_col_text(s, 4));
    n->at = db_col_int(s, 5);
}

enum kh_status account_store_notice_list(const struct kh_ctx *ctx, struct account_notice **out,
                                         int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT id, kind, role, coalesce(by_user, 0), by_name, created_at FROM notices "
           "WHERE user_id = $1 AND read_at IS NULL ORDER BY id LIMIT 100");
    db_bind_int(s, 1, ctx->actor.user_id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct account_notice), read_notice, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

static enum kh_status notice_ack_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct delete_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(c, "UPDATE notices SET read_at = $3 WHERE user_id = $1 "
                                      "AND id <= $2 AND read_at IS NULL");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_int(s, 2, j->id);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st || db_changes(c) == 0)
        return st;
    struct audit_event ev = {"notice.ack", "user", j->ctx->actor.user_id, NULL};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status account_store_notice_ack(const struct kh_ctx *ctx, int64_t up_to, struct kh_err *err)
{
    struct delete_job j = {ctx, NULL, up_to};
    return db_write(ctx->db, notice_ack_fn, &j, err);
}

/* ---- roles, departments, branches, settings ---- */

static void read_role(struct db_stmt *s, struct arena *a, void *row)
{
    struct role *r = row;
    r->code = arena_strdup(a, db_col_text(s, 0));
    r->name_zh = arena_strdup(a, db_col_text(s, 1));
    r->name_en = arena_strdup(a, db_col_text(s, 2));
    r->scopes = arena_strdup(a, db_col_text(s, 3));
    r->permissions = arena_strdup(a, db_col_text(s, 4));
}

enum kh_status account_store_role_list(const struct kh_ctx *ctx, struct role **out, int *count,
                                       struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT code, name_zh, name_en, scopes, permissions FROM roles ORDER BY position");
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(struct role), read_role, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

static void read_unit(struct db_stmt *s, struct arena *a, void *row)
{
    struct org_unit *u = row;
    u->id = db_col_int(s, 0);
    u->code = arena_strdup(a, db_col_text(s, 1));
    u->name = arena_strdup(a, db_col_text(s, 2));
    u->branch_id = db_col_int(s, 3);
    u->head_id = db_col_int(s, 4);
    u->head_name = arena_strdup(a, db_col_text(s, 5));
}

enum kh_status account_store_unit_list(const struct kh_ctx *ctx, bool branch, struct org_unit **out,
                                       int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        branch ? db_prepare(c, "SELECT id, code, name, 0, 0, '' FROM branches ORDER BY id")
               : db_prepare(c, "SELECT d.id, '', d.name, coalesce(d.branch_id, 0), "
                               "coalesce(d.head_id, 0), coalesce(u.display_name, '') FROM "
                               "departments d LEFT JOIN users u ON u.id = d.head_id ORDER BY d.id");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct org_unit), read_unit, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

struct head_job {
    const struct kh_ctx *ctx;
    int64_t id, head_id;
};

/* The head must be an active member of the department when it is set (a conditional write). */
static enum kh_status head_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct head_job *j = arg;
    struct db_stmt *s = db_prepare(
        c, "UPDATE departments SET head_id = CASE WHEN $2 = 0 THEN NULL ELSE $2 END WHERE id = $1 "
           "AND ($2 = 0 OR EXISTS (SELECT 1 FROM users u WHERE u.id = $2 AND u.active = 1 AND "
           "u.department_id = $1))");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->head_id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0) {
        s = db_prepare(c, "SELECT 1 FROM departments WHERE id = $1");
        db_bind_int(s, 1, j->id);
        enum db_step_result r = db_step(s, err);
        if (r == DB_ERROR)
            return err->code;
        return r == DB_DONE
                   ? kh_err_set(err, KH_E_NOT_FOUND, "", "部门不存在", "department not found")
                   : kh_err_set(err, KH_E_VALIDATION, "head_id", "负责人须为本部门的在职用户",
                                "the head must be an active member of the department");
    }
    char detail[64];
    snprintf(detail, sizeof(detail), "head=%lld", (long long)j->head_id);
    struct audit_event ev = {"department.head", "department", j->id, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status account_store_department_head(const struct kh_ctx *ctx, int64_t id, int64_t head_id,
                                             struct kh_err *err)
{
    struct head_job j = {ctx, id, head_id};
    return db_write(ctx->db, head_fn, &j, err);
}

struct unit_job {
    const struct kh_ctx *ctx;
    bool branch;
    const char *code, *name;
    int64_t branch_id, id;
};

static enum kh_status unit_insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct unit_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s;
    if (j->branch) {
        s = db_prepare(c, "INSERT INTO branches (code, name, created_at) VALUES ($1, $2, $3) "
                          "RETURNING id");
        db_bind_text(s, 1, j->code);
    } else {
        s = db_prepare(c,
                       "INSERT INTO departments (branch_id, name, created_at) VALUES ($1, $2, $3) "
                       "RETURNING id");
        db_bind_id(s, 1, j->branch_id);
    }
    db_bind_text(s, 2, j->name);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, j->branch ? "code" : "name", "名称或代码已存在",
                          "name or code already exists");
    if (st)
        return st;
    struct audit_event ev = {j->branch ? "branch.create" : "department.create",
                             j->branch ? "branch" : "department", j->id, j->name};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status account_store_unit_insert(const struct kh_ctx *ctx, bool branch, const char *code,
                                         const char *name, int64_t branch_id, int64_t *id_out,
                                         struct kh_err *err)
{
    struct unit_job j = {ctx, branch, code, name, branch_id, 0};
    enum kh_status st = db_write(ctx->db, unit_insert_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

struct end_all_job {
    const struct kh_ctx *ctx;
    const struct audit_event *ev;
};

static enum kh_status end_all_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct end_all_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    enum kh_status st = db_exec_stmt(db_prepare(c, "DELETE FROM sessions"), err);
    if (st)
        return st;
    struct db_stmt *s =
        db_prepare(c, "UPDATE api_tokens SET revoked_at = $1 WHERE revoked_at IS NULL");
    db_bind_int(s, 1, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    return audit_store_append(c, &j->ctx->actor, now, j->ev, err);
}

enum kh_status account_store_end_all_sessions(const struct kh_ctx *ctx,
                                              const struct audit_event *ev, struct kh_err *err)
{
    struct end_all_job j = {ctx, ev};
    return db_write(ctx->db, end_all_fn, &j, err);
}

/* ---- departure handover (R-SEC-8) ---- */

enum kh_status account_store_heads_of(const struct kh_ctx *ctx, int64_t user_id, int64_t successor,
                                      int64_t *n, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT count(*) FROM departments d WHERE d.head_id = $1 AND ($2 = 0 OR NOT EXISTS "
           "(SELECT 1 FROM users u WHERE u.id = $2 AND u.department_id = d.id))");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, successor);
    enum kh_status st = db_exec_int(s, n, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status account_store_heads_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                int64_t from, int64_t to, const char *reason,
                                                int64_t *moved, struct kh_err *err)
{
    *moved = 0;
    int64_t now = ctx_now(ctx), *ids = NULL, k = 0;
    enum kh_status st =
        db_ids(c, ctx->arena, "SELECT id FROM departments WHERE head_id = $1 ORDER BY id", from,
               &ids, &k, err);
    if (st || !k)
        return st;
    struct db_stmt *s = db_prepare(c, "UPDATE departments SET head_id = $2 WHERE head_id = $1");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, to);
    if ((st = db_exec_stmt(s, err)))
        return st;
    for (int64_t i = 0; i < k && !st; i++) {
        const char *detail = arena_printf(ctx->arena, "head=%lld from=%lld reason=%s",
                                          (long long)to, (long long)from, reason);
        struct audit_event ev = {"department.head", "department", ids[i], detail};
        st = audit_store_append(c, &ctx->actor, now, &ev, err);
    }
    *moved = k;
    return st;
}
