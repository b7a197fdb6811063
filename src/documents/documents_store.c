#include "documents/documents_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

#define DOC_COLS                                                                                   \
    "SELECT d.id, d.owner_kind, d.owner_id, d.customer_id, d.name, d.content_type, d.size, "       \
    "coalesce(d.uploaded_by, 0), coalesce(u.display_name, ''), d.uploaded_at, d.file "             \
    "FROM documents d LEFT JOIN users u ON u.id = d.uploaded_by "

static void read_doc(struct db_stmt *s, struct arena *a, struct document *d)
{
    *d = (struct document){.id = db_col_int(s, 0),
                           .kind = arena_strdup(a, db_col_text(s, 1)),
                           .owner_id = db_col_int(s, 2),
                           .customer_id = db_col_int(s, 3),
                           .name = arena_strdup(a, db_col_text(s, 4)),
                           .content_type = arena_strdup(a, db_col_text(s, 5)),
                           .size = db_col_int(s, 6),
                           .uploaded_by = db_col_int(s, 7),
                           .uploaded_by_name = arena_strdup(a, db_col_text(s, 8)),
                           .uploaded_at = db_col_int(s, 9),
                           .file = arena_strdup(a, db_col_text(s, 10))};
}

struct add_job {
    const struct kh_ctx *ctx;
    const struct document *d;
    int64_t id;
};

static enum kh_status add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct add_job *j = arg;
    const struct document *d = j->d;
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO documents (owner_kind, owner_id, customer_id, name, file, size, "
           "content_type, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
           "RETURNING id");
    db_bind_text(s, 1, d->kind);
    db_bind_int(s, 2, d->owner_id);
    db_bind_int(s, 3, d->customer_id);
    db_bind_text(s, 4, d->name);
    db_bind_text(s, 5, d->file);
    db_bind_int(s, 6, d->size);
    db_bind_text(s, 7, d->content_type);
    db_bind_id(s, 8, j->ctx->actor.user_id);
    db_bind_int(s, 9, d->uploaded_at);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    const char *detail =
        arena_printf(j->ctx->arena, "%s=%lld customer=%lld size=%lld", d->kind,
                     (long long)d->owner_id, (long long)d->customer_id, (long long)d->size);
    struct audit_event ev = {"document.add", "document", j->id, detail};
    return audit_store_append(c, &j->ctx->actor, d->uploaded_at, &ev, err);
}

enum kh_status documents_store_add(const struct kh_ctx *ctx, const struct document *d, int64_t *id,
                                   struct kh_err *err)
{
    struct add_job j = {ctx, d, 0};
    enum kh_status st = db_write(ctx->db, add_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

enum kh_status documents_store_list(const struct kh_ctx *ctx, const char *kind, int64_t owner_id,
                                    struct document **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, DOC_COLS "WHERE d.owner_kind = $1 AND d.owner_id = $2 AND "
                                               "d.deleted_at = 0 ORDER BY d.id LIMIT 200");
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, owner_id);
    struct document *v = arena_alloc(ctx->arena, sizeof(*v) * 200);
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < 200)
        read_doc(s, ctx->arena, &v[n++]);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *out = v;
    *count = n;
    return KH_OK;
}

enum kh_status documents_store_counts(const struct kh_ctx *ctx, const char *kind,
                                      const int64_t *ids, int n, int *counts, struct kh_err *err)
{
    memset(counts, 0, sizeof(*counts) * (size_t)(n > 0 ? n : 0));
    if (n <= 0)
        return KH_OK;
    /* One probe of documents_owner per record: the records of a page are not a range of ids. */
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        struct db_stmt *s =
            db_prepare(c, "SELECT count(*) FROM documents WHERE owner_kind = $1 AND "
                          "owner_id = $2 AND deleted_at = 0");
        db_bind_text(s, 1, kind);
        db_bind_int(s, 2, ids[i]);
        int64_t k = 0;
        st = db_exec_int(s, &k, err);
        counts[i] = (int)k;
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status documents_store_get(const struct kh_ctx *ctx, int64_t id, struct document *out,
                                   struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, DOC_COLS "WHERE d.id = $1 AND d.deleted_at = 0");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_doc(s, ctx->arena, out);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "", "附件不存在或无权查看",
                                    "no such document, or not yours to see");
}

struct del_job {
    const struct kh_ctx *ctx;
    int64_t id;
};

static enum kh_status del_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct del_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(c, "UPDATE documents SET deleted_at = $2, deleted_by = $3 "
                                      "WHERE id = $1 AND deleted_at = 0");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    db_bind_id(s, 3, j->ctx->actor.user_id);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "附件不存在或已删除",
                          "no such document, or deleted already");
    struct audit_event ev = {"document.delete", "document", j->id, NULL};
    return st ? st : audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status documents_store_delete(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct del_job j = {ctx, id};
    return db_write(ctx->db, del_fn, &j, err);
}

enum kh_status documents_store_unpurged(const struct kh_ctx *ctx, int n, int64_t *ids,
                                        const char **files, int *count, struct kh_err *err)
{
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT id, file FROM documents WHERE purged = 0 AND "
                                      "deleted_at > 0 ORDER BY id LIMIT $1");
    db_bind_int(s, 1, n);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < n) {
        ids[*count] = db_col_int(s, 0);
        files[(*count)++] = arena_strdup(ctx->arena, db_col_text(s, 1));
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

static enum kh_status purged_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct del_job *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE documents SET purged = 1 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    return db_exec_stmt(s, err);
}

enum kh_status documents_store_purged(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct del_job j = {ctx, id};
    return db_write(ctx->db, purged_fn, &j, err);
}

enum kh_status documents_store_move_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                       int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s =
        db_prepare(c, "UPDATE documents SET customer_id = $2 WHERE customer_id = $1");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, to);
    enum kh_status st = db_exec_stmt(s, err);
    *moved = st ? 0 : db_changes(c);
    return st;
}

enum kh_status documents_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                         struct kh_err *err)
{
    /* The names go now; the files at the next purge, which finds them deleted. */
    struct db_stmt *s = db_prepare(
        c, "UPDATE documents SET name = '', deleted_at = CASE WHEN deleted_at = 0 THEN $2 ELSE "
           "deleted_at END WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, ctx_now(ctx));
    return db_exec_stmt(s, err);
}
