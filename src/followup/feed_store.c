#include "followup/feed_store.h"

#include "audit/audit_store.h"
#include "db/db.h"

enum kh_status feed_store_status(const struct kh_ctx *ctx, int64_t user_id, struct feed_status *out,
                                 struct kh_err *err)
{
    *out = (struct feed_status){0};
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT created_at, last_used_at FROM calendar_feeds WHERE user_id = $1");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *out = (struct feed_status){true, db_col_int(s, 0), db_col_int(s, 1)};
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct put_job {
    const struct kh_ctx *ctx;
    const char *hash;
};

static enum kh_status put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct put_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3) ON "
           "CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = "
           "excluded.created_at, last_used_at = 0");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_text(s, 2, j->hash);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    struct audit_event ev = {"calendar.feed_create", "user", j->ctx->actor.user_id, ""};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status feed_store_put(const struct kh_ctx *ctx, const char *hash, struct kh_err *err)
{
    struct put_job j = {ctx, hash};
    return db_write(ctx->db, put_fn, &j, err);
}

static enum kh_status delete_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    const struct kh_ctx *ctx = arg;
    struct db_stmt *s = db_prepare(c, "DELETE FROM calendar_feeds WHERE user_id = $1");
    db_bind_int(s, 1, ctx->actor.user_id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (!db_changes(c))
        return kh_err_set(err, KH_E_NOT_FOUND, "", "您还没有日历订阅地址",
                          "you have no calendar address");
    struct audit_event ev = {"calendar.feed_revoke", "user", ctx->actor.user_id, ""};
    return audit_store_append(c, &ctx->actor, ctx_now(ctx), &ev, err);
}

enum kh_status feed_store_delete(const struct kh_ctx *ctx, struct kh_err *err)
{
    return db_write(ctx->db, delete_fn, (void *)ctx, err);
}

struct use_job {
    int64_t user_id, now;
};

static enum kh_status use_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct use_job *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE calendar_feeds SET last_used_at = $2 WHERE user_id = "
                                      "$1 AND last_used_at < $2 - 60");
    db_bind_int(s, 1, j->user_id);
    db_bind_int(s, 2, j->now);
    return db_exec_stmt(s, err);
}

enum kh_status feed_store_resolve(const struct kh_ctx *ctx, const char *hash, int64_t *user_id,
                                  struct kh_err *err)
{
    *user_id = 0;
    int64_t last = 0, now = ctx_now(ctx);
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT f.user_id, f.last_used_at FROM calendar_feeds f JOIN users u ON u.id = "
           "f.user_id WHERE f.token_hash = $1 AND u.active = 1");
    db_bind_text(s, 1, hash);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        *user_id = db_col_int(s, 0);
        last = db_col_int(s, 1);
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    if (*user_id && last < now - 60) {
        struct use_job j = {*user_id, now};
        return db_write(ctx->db, use_fn, &j, err);
    }
    return KH_OK;
}
