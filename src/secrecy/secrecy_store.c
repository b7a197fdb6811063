#include "secrecy/secrecy_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

enum kh_status secrecy_store_custodians(const struct kh_ctx *ctx, struct secrecy_custodian out[2],
                                        struct kh_err *err)
{
    memset(out, 0, 2 * sizeof(*out));
    out[0].level = 1;
    out[1].level = 2;
    out[0].username = out[0].display_name = out[1].username = out[1].display_name = "";
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT k.level, k.user_id, u.username, u.display_name, "
                                      "k.assigned_at FROM secrecy_custodians k "
                                      "JOIN users u ON u.id = k.user_id ORDER BY k.level");
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t level = db_col_int(s, 0);
        if (level < 1 || level > 2)
            continue;
        struct secrecy_custodian *k = &out[level - 1];
        k->user_id = db_col_int(s, 1);
        k->username = arena_strdup(ctx->arena, db_col_text(s, 2));
        k->display_name = arena_strdup(ctx->arena, db_col_text(s, 3));
        k->assigned_at = db_col_int(s, 4);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status secrecy_store_user(const struct kh_ctx *ctx, int64_t user_id, struct kh_actor *out,
                                  bool *active, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT r.scopes, coalesce(u.clearance, -1), u.active "
                                      "FROM users u JOIN roles r ON r.code = u.role "
                                      "WHERE u.id = $1");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW) {
        out->user_id = user_id;
        (void)actor_scopes_parse(out, db_col_text(s, 0));
        int64_t cl = db_col_int(s, 1);
        out->clearance = cl >= 0 && cl <= 2 ? (unsigned char)(cl + 1) : 0;
        *active = db_col_int(s, 2) != 0;
    } else if (r == DB_DONE) {
        st = kh_err_set(err, KH_E_NOT_FOUND, "custodian_id", "用户不存在", "no such user");
    } else {
        st = err->code;
    }
    db_read_end(ctx->db, c);
    return st;
}

struct custodian_job {
    const struct kh_ctx *ctx;
    int level;
    int64_t user_id;
    const char *detail;
};

static enum kh_status custodian_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct custodian_job *j = arg;
    struct db_stmt *s;
    if (j->user_id) {
        /* The user is still active as the write decides (db.h: a conditional write). */
        s = db_prepare(c, "INSERT INTO secrecy_custodians (level, user_id, assigned_by, "
                          "assigned_at) SELECT $1, u.id, $3, $4 FROM users u "
                          "WHERE u.id = $2 AND u.active = 1 "
                          "ON CONFLICT (level) DO UPDATE SET user_id = excluded.user_id, "
                          "assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at");
        db_bind_int(s, 1, j->level);
        db_bind_int(s, 2, j->user_id);
        db_bind_id(s, 3, j->ctx->actor.user_id);
        db_bind_int(s, 4, ctx_now(j->ctx));
    } else {
        s = db_prepare(c, "DELETE FROM secrecy_custodians WHERE level = $1");
        db_bind_int(s, 1, j->level);
    }
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && j->user_id && db_changes(c) == 0)
        st = kh_err_set(err, KH_E_VALIDATION, "custodian_id", "用户不存在或已停用",
                        "no such active user");
    if (st)
        return st;
    struct audit_event ev = {"secrecy.custodian", "user", j->user_id, j->detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status secrecy_store_custodian_put(const struct kh_ctx *ctx, int level, int64_t user_id,
                                           const char *detail, struct kh_err *err)
{
    struct custodian_job j = {ctx, level, user_id, detail};
    return db_write(ctx->db, custodian_fn, &j, err);
}

/* ---- departure handover (R-SEC-8) ---- */

enum kh_status secrecy_store_custodian_of(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                                          int64_t *top, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT count(*), coalesce(max(level), 0) FROM "
                                      "secrecy_custodians WHERE user_id = $1");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        *n = db_col_int(s, 0);
        *top = db_col_int(s, 1);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status secrecy_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                          int64_t to, const char *reason, int64_t *moved,
                                          struct kh_err *err)
{
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(c, "UPDATE secrecy_custodians SET user_id = $2, assigned_by = "
                                      "$3, assigned_at = $4 WHERE user_id = $1");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, to);
    db_bind_id(s, 3, ctx->actor.user_id);
    db_bind_int(s, 4, now);
    enum kh_status st = db_exec_stmt(s, err);
    *moved = st ? 0 : db_changes(c);
    if (st || !*moved)
        return st;
    const char *detail = arena_printf(ctx->arena, "custodian=%lld from=%lld reason=%s",
                                      (long long)to, (long long)from, reason);
    struct audit_event ev = {"secrecy.custodian", "user", to, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}
