#include "import/import_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "db/db.h"

enum kh_status import_store_user_by_name(const struct kh_ctx *ctx, const char *name, int64_t *id,
                                         struct kh_err *err)
{
    *id = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT id FROM users WHERE active = 1 AND "
                                      "(username = $1 OR display_name = $1) ORDER BY "
                                      "(username = $1) DESC, id LIMIT 1");
    db_bind_text(s, 1, name);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *id = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status import_store_branch_by_name(const struct kh_ctx *ctx, const char *name, int64_t *id,
                                           struct kh_err *err)
{
    *id = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT id FROM branches WHERE code = $1 OR name = $1 "
                                      "ORDER BY (code = $1) DESC, id LIMIT 1");
    db_bind_text(s, 1, name);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *id = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct upload_job {
    const struct kh_ctx *ctx;
    const char *id, *name, *file;
    int64_t size;
    const char *json;
    int64_t new_id;
    const char *values;
};

static enum kh_status upload_add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct upload_job *j = arg;
    struct db_stmt *s = db_prepare(c, "INSERT INTO uploads (id, user_id, name, file, size, "
                                      "created_at) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_text(s, 1, j->id);
    db_bind_id(s, 2, j->ctx->actor.user_id);
    db_bind_text(s, 3, j->name);
    db_bind_text(s, 4, j->file);
    db_bind_int(s, 5, j->size);
    db_bind_int(s, 6, ctx_now(j->ctx));
    return db_exec_stmt(s, err);
}

enum kh_status import_store_upload_add(const struct kh_ctx *ctx, const char *id, const char *name,
                                       const char *file, int64_t size, struct kh_err *err)
{
    struct upload_job j = {ctx, id, name, file, size, NULL, 0};
    return db_write(ctx->db, upload_add_fn, &j, err);
}

enum kh_status import_store_uploads_size(const struct kh_ctx *ctx, int64_t *bytes,
                                         struct kh_err *err)
{
    *bytes = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT coalesce(sum(size), 0) FROM uploads WHERE coalesce(user_id, 0) = $1");
    db_bind_int(s, 1, ctx->actor.user_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *bytes = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status import_store_upload_get(const struct kh_ctx *ctx, const char *id, int64_t since,
                                       const char **file, const char **name, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT file, name FROM uploads WHERE id = $1 AND "
                                      "coalesce(user_id, 0) = $2 AND created_at >= $3");
    db_bind_text(s, 1, id);
    db_bind_int(s, 2, ctx->actor.user_id);
    db_bind_int(s, 3, since);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW) {
        *file = arena_strdup(ctx->arena, db_col_text(s, 0));
        *name = arena_strdup(ctx->arena, db_col_text(s, 1));
    } else {
        st = r == DB_ERROR ? err->code
                           : kh_err_set(err, KH_E_NOT_FOUND, "file_id", "上传的文件不存在或已过期",
                                        "no such upload (or it expired)");
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status import_store_uploads_expired(const struct kh_ctx *ctx, int64_t before, int max,
                                            const char ***ids, const char ***files, int *n,
                                            struct kh_err *err)
{
    *n = 0;
    *ids = arena_alloc(ctx->arena, sizeof(char *) * (size_t)(max + 1));
    *files = arena_alloc(ctx->arena, sizeof(char *) * (size_t)(max + 1));
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT id, file FROM uploads WHERE created_at < $1 ORDER BY created_at LIMIT $2");
    db_bind_int(s, 1, before);
    db_bind_int(s, 2, max);
    enum db_step_result r = DB_DONE;
    int k = 0;
    while (k < max && (r = db_step(s, err)) == DB_ROW) {
        (*ids)[k] = arena_strdup(ctx->arena, db_col_text(s, 0));
        (*files)[k] = arena_strdup(ctx->arena, db_col_text(s, 1));
        k++;
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *n = k;
    return KH_OK;
}

struct forget_job {
    const char *const *ids;
    int n;
};

static enum kh_status forget_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct forget_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; i < j->n && !st; i++) {
        struct db_stmt *s = db_prepare(c, "DELETE FROM uploads WHERE id = $1");
        db_bind_text(s, 1, j->ids[i]);
        st = db_exec_stmt(s, err);
    }
    return st;
}

enum kh_status import_store_uploads_forget(const struct kh_ctx *ctx, const char *const *ids, int n,
                                           struct kh_err *err)
{
    struct forget_job j = {ids, n};
    return db_write(ctx->db, forget_fn, &j, err);
}

struct mapping_row {
    int64_t id;
    const char *name, *json, *values;
};

static void read_mapping(struct db_stmt *s, struct arena *a, void *row)
{
    struct mapping_row *m = row;
    m->id = db_col_int(s, 0);
    m->name = arena_strdup(a, db_col_text(s, 1));
    m->json = arena_strdup(a, db_col_text(s, 2));
    m->values = arena_strdup(a, db_col_text(s, 3));
}

enum kh_status import_store_mappings(const struct kh_ctx *ctx, int64_t **ids, const char ***names,
                                     const char ***json, const char ***values, int *n,
                                     struct kh_err *err)
{
    *ids = NULL;
    *names = *json = *values = NULL;
    *n = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT id, name, mapping, value_map FROM import_mappings WHERE "
                      "coalesce(user_id, 0) = $1 ORDER BY name");
    db_bind_int(s, 1, ctx->actor.user_id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct mapping_row), read_mapping, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    const struct mapping_row *m = rows.items;
    size_t count = (size_t)rows.count + 1;
    *ids = arena_alloc(ctx->arena, sizeof(int64_t) * count);
    *names = arena_alloc(ctx->arena, sizeof(char *) * count);
    *json = arena_alloc(ctx->arena, sizeof(char *) * count);
    *values = arena_alloc(ctx->arena, sizeof(char *) * count);
    for (int i = 0; i < rows.count; i++) {
        (*ids)[i] = m[i].id;
        (*names)[i] = m[i].name;
        (*json)[i] = m[i].json;
        (*values)[i] = m[i].values;
    }
    *n = rows.count;
    return KH_OK;
}

static enum kh_status mapping_add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct upload_job *j = arg;
    struct db_stmt *s = db_prepare(c, "INSERT INTO import_mappings (user_id, name, mapping, "
                                      "created_at, value_map) VALUES ($1, $2, $3, $4, $5) "
                                      "ON CONFLICT (user_id, name) DO UPDATE SET mapping = "
                                      "excluded.mapping, value_map = excluded.value_map "
                                      "RETURNING id");
    db_bind_id(s, 1, j->ctx->actor.user_id);
    db_bind_text(s, 2, j->name);
    db_bind_text(s, 3, j->json);
    db_bind_int(s, 4, ctx_now(j->ctx));
    db_bind_text(s, 5, j->values);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        j->new_id = db_col_int(s, 0);
    return r == DB_ERROR ? err->code : db_exec_stmt(s, err);
}

enum kh_status import_store_mapping_add(const struct kh_ctx *ctx, const char *name,
                                        const char *json, const char *values, int64_t *id_out,
                                        struct kh_err *err)
{
    struct upload_job j = {ctx, NULL, name, NULL, 0, json, 0, values ? values : "{}"};
    enum kh_status st = db_write(ctx->db, mapping_add_fn, &j, err);
    *id_out = st ? 0 : j.new_id;
    return st;
}
