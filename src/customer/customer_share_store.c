/* Sharing between branches (R-OWN-6): the rules' SQL. */
#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "customer/customer_share.h"
#include "customer/customer_store.h"
#include "db/db.h"

enum kh_status customer_store_shares(const struct kh_ctx *ctx, bool with_revoked, int64_t id,
                                     struct branch_share **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT s.id, s.from_branch_id, s.to_branch_id, coalesce(f.name, ''), "
           "coalesce(t.name, ''), s.grade, s.note, coalesce(s.created_by, 0), "
           "coalesce(u.display_name, ''), s.created_at, s.revoked_at FROM branch_shares s "
           "LEFT JOIN branches f ON f.id = s.from_branch_id "
           "LEFT JOIN branches t ON t.id = s.to_branch_id "
           "LEFT JOIN users u ON u.id = s.created_by "
           "WHERE ($1 = 1 OR s.revoked_at = 0) AND ($2 = 0 OR s.id = $2) "
           "ORDER BY CASE WHEN s.revoked_at = 0 THEN 0 ELSE 1 END, s.id DESC LIMIT 500");
    db_bind_int(s, 1, with_revoked ? 1 : 0);
    db_bind_int(s, 2, id);
    int cap = 16, n = 0;
    struct branch_share *v = arena_alloc(ctx->arena, sizeof(*v) * (size_t)cap);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (n == cap) {
            struct branch_share *w = arena_alloc(ctx->arena, sizeof(*v) * (size_t)cap * 2);
            memcpy(w, v, sizeof(*v) * (size_t)n);
            v = w;
            cap *= 2;
        }
        struct arena *a = ctx->arena;
        v[n++] = (struct branch_share){db_col_int(s, 0),
                                       db_col_int(s, 1),
                                       db_col_int(s, 2),
                                       arena_strdup(a, db_col_text(s, 3)),
                                       arena_strdup(a, db_col_text(s, 4)),
                                       arena_strdup(a, db_col_text(s, 5)),
                                       arena_strdup(a, db_col_text(s, 6)),
                                       db_col_int(s, 7),
                                       arena_strdup(a, db_col_text(s, 8)),
                                       db_col_int(s, 9),
                                       db_col_int(s, 10)};
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *out = v;
    *count = n;
    return KH_OK;
}

struct add_job {
    const struct kh_ctx *ctx;
    int64_t from, to;
    const char *grade, *note;
    int64_t id;
};

static enum kh_status branch_exists(struct db_conn *c, int64_t id, const char *field,
                                    struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM branches WHERE id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_VALIDATION, field, "分公司不存在", "no such branch");
}

static enum kh_status add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct add_job *j = arg;
    enum kh_status st = branch_exists(c, j->from, "from_branch_id", err);
    if (!st)
        st = branch_exists(c, j->to, "to_branch_id", err);
    if (st)
        return st;
    struct db_stmt *s = db_prepare(
        c, "SELECT id FROM branch_shares WHERE from_branch_id = $1 AND to_branch_id = $2 AND "
           "grade = $3 AND revoked_at = 0");
    db_bind_int(s, 1, j->from);
    db_bind_int(s, 2, j->to);
    db_bind_text(s, 3, j->grade);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_ROW)
        return kh_err_set(err, KH_E_CONFLICT, "to_branch_id", "相同的共享规则已在生效中",
                          "the same sharing rule is in force already");
    int64_t now = ctx_now(j->ctx);
    s = db_prepare(c, "INSERT INTO branch_shares (from_branch_id, to_branch_id, grade, note, "
                      "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
    db_bind_int(s, 1, j->from);
    db_bind_int(s, 2, j->to);
    db_bind_text(s, 3, j->grade);
    db_bind_text(s, 4, j->note);
    db_bind_id(s, 5, j->ctx->actor.user_id);
    db_bind_int(s, 6, now);
    if ((st = db_exec_int(s, &j->id, err)))
        return st;
    const char *detail =
        arena_printf(j->ctx->arena, "from=%lld to=%lld grade=%s", (long long)j->from,
                     (long long)j->to, *j->grade ? j->grade : "*");
    struct audit_event ev = {"customer.share", "branch_share", j->id, detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status customer_store_share_add(const struct kh_ctx *ctx, int64_t from, int64_t to,
                                        const char *grade, const char *note, int64_t *id,
                                        struct kh_err *err)
{
    struct add_job j = {ctx, from, to, grade, note, 0};
    enum kh_status st = db_write(ctx->db, add_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

struct revoke_job {
    const struct kh_ctx *ctx;
    int64_t id;
};

static enum kh_status revoke_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct revoke_job *j = arg;
    struct db_stmt *s = db_prepare(c, "SELECT revoked_at FROM branch_shares WHERE id = $1");
    db_bind_int(s, 1, j->id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "共享规则不存在", "no such sharing rule");
    if (db_col_int(s, 0))
        return kh_err_set(err, KH_E_CONFLICT, "state", "这条共享规则已撤销",
                          "the sharing rule is revoked already");
    int64_t now = ctx_now(j->ctx);
    s = db_prepare(c, "UPDATE branch_shares SET revoked_at = $2, revoked_by = $3 WHERE id = $1 "
                      "AND revoked_at = 0");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    db_bind_id(s, 3, j->ctx->actor.user_id);
    enum kh_status st = db_exec_stmt(s, err);
    struct audit_event ev = {"customer.share_revoke", "branch_share", j->id, NULL};
    return st ? st : audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status customer_store_share_revoke(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct revoke_job j = {ctx, id};
    return db_write(ctx->db, revoke_fn, &j, err);
}

enum kh_status customer_store_shared(const struct kh_ctx *ctx, int64_t user_id, int64_t branch,
                                     const char *grade, int64_t *rule, struct kh_err *err)
{
    *rule = 0;
    if (!branch)
        return KH_OK;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT bs.id FROM branch_shares bs JOIN users u ON u.id = $1 "
           "WHERE bs.to_branch_id = u.branch_id AND bs.from_branch_id = $2 AND bs.revoked_at = 0 "
           "AND (bs.grade = '' OR bs.grade = $3) ORDER BY bs.id LIMIT 1");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, branch);
    db_bind_text(s, 3, grade ? grade : "");
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *rule = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}
