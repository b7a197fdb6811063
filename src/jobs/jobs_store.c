#include "jobs/jobs_store.h"

#include <string.h>

#include "db/db.h"

struct job_write {
    const struct kh_ctx *ctx;
    int64_t id;
    const char *kind, *state;
    int64_t done, total;
    const char *summary, *file_path, *file_name, *content_type;
    const struct kh_err *failure;
};

static enum kh_status create_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(c, "INSERT INTO jobs (kind, state, created_by, created_at) "
                                      "VALUES ($1, 'queued', $2, $3)");
    db_bind_text(s, 1, j->kind);
    db_bind_id(s, 2, j->ctx->actor.user_id);
    db_bind_int(s, 3, ctx_now(j->ctx));
    enum kh_status st = db_exec_stmt(s, err);
    if (!st)
        j->id = db_last_insert_id(c);
    return st;
}

enum kh_status jobs_store_create(const struct kh_ctx *ctx, const char *kind, int64_t *id_out,
                                 struct kh_err *err)
{
    struct job_write j = {.ctx = ctx, .kind = kind};
    enum kh_status st = db_write(ctx->db, create_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

static enum kh_status state_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE jobs SET state = $2 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->state);
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_state(const struct kh_ctx *ctx, int64_t id, const char *state,
                                struct kh_err *err)
{
    struct job_write j = {.ctx = ctx, .id = id, .state = state};
    return db_write(ctx->db, state_fn, &j, err);
}

bool jobs_store_can_write(void)
{
    return !db_on_writer_thread();
}

static enum kh_status progress_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE jobs SET done = $2, total = $3 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->done);
    db_bind_int(s, 3, j->total);
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_progress(const struct kh_ctx *ctx, int64_t id, int64_t done,
                                   int64_t total, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx, .id = id, .done = done, .total = total};
    return db_write(ctx->db, progress_fn, &j, err);
}

static enum kh_status result_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE jobs SET summary = $2, file_path = $3, "
                                      "file_name = $4, content_type = $5 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->summary ? j->summary : "");
    db_bind_text(s, 3, j->file_path ? j->file_path : "");
    db_bind_text(s, 4, j->file_name ? j->file_name : "");
    db_bind_text(s, 5, j->content_type ? j->content_type : "");
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_result(const struct kh_ctx *ctx, int64_t id, const char *summary,
                                 const char *file_path, const char *file_name,
                                 const char *content_type, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx,
                          .id = id,
                          .summary = summary,
                          .file_path = file_path,
                          .file_name = file_name,
                          .content_type = content_type};
    return db_write(ctx->db, result_fn, &j, err);
}

static enum kh_status finish_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    const struct kh_err *f = j->failure;
    struct db_stmt *s = db_prepare(
        c, "UPDATE jobs SET state = $2, error_field = $3, error_zh = $4, error_en = $5, "
           "finished_at = $6, done = CASE WHEN $2 = 'done' AND total > 0 THEN total ELSE done END "
           "WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, f ? "failed" : "done");
    db_bind_text(s, 3, f ? f->field : "");
    db_bind_text(s, 4, f ? f->msg_zh : "");
    db_bind_text(s, 5, f ? f->msg_en : "");
    db_bind_int(s, 6, ctx_now(j->ctx));
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_finish(const struct kh_ctx *ctx, int64_t id, const struct kh_err *failure,
                                 struct kh_err *err)
{
    struct job_write j = {.ctx = ctx, .id = id, .failure = failure};
    return db_write(ctx->db, finish_fn, &j, err);
}

enum kh_status jobs_store_get(const struct kh_ctx *ctx, int64_t id, struct job_info *out,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT id, kind, state, done, total, summary, error_zh, error_en, error_field, "
           "file_path, file_name, content_type, coalesce(created_by, 0), created_at, "
           "coalesce(finished_at, 0) FROM jobs WHERE id = $1 AND coalesce(created_by, 0) = $2");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, ctx->actor.user_id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW) {
        struct arena *a = ctx->arena;
        out->id = db_col_int(s, 0);
        out->kind = arena_strdup(a, db_col_text(s, 1));
        out->state = arena_strdup(a, db_col_text(s, 2));
        out->done = db_col_int(s, 3);
        out->total = db_col_int(s, 4);
        out->summary = arena_strdup(a, db_col_text(s, 5));
        out->error_zh = arena_strdup(a, db_col_text(s, 6));
        out->error_en = arena_strdup(a, db_col_text(s, 7));
        out->error_field = arena_strdup(a, db_col_text(s, 8));
        out->file_path = arena_strdup(a, db_col_text(s, 9));
        out->file_name = arena_strdup(a, db_col_text(s, 10));
        out->content_type = arena_strdup(a, db_col_text(s, 11));
        out->created_by = db_col_int(s, 12);
        out->created_at = db_col_int(s, 13);
        out->finished_at = db_col_int(s, 14);
    } else {
        st = r == DB_ERROR ? err->code
                           : kh_err_set(err, KH_E_NOT_FOUND, "", "任务不存在", "job not found");
    }
    db_read_end(ctx->db, c);
    return st;
}

static enum kh_status fail_unfinished_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s =
        db_prepare(c, "UPDATE jobs SET state = 'failed', error_zh = '服务重启，任务已中止', "
                      "error_en = 'the server restarted; the job was stopped', finished_at = $1 "
                      "WHERE state IN ('queued', 'running')");
    db_bind_int(s, 1, ctx_now(j->ctx));
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_fail_unfinished(const struct kh_ctx *ctx, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx};
    return db_write(ctx->db, fail_unfinished_fn, &j, err);
}
