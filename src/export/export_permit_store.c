/* The permits of approved exports (export_permits): taken by one job, given back on failure. */
#include "export/export_permit_store.h"

#include "db/db.h"

struct take_job {
    int64_t approval_id, job_id, now;
    int64_t holder;
};

static enum kh_status take_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct take_job *j = arg;
    struct db_stmt *s = db_prepare(c, "INSERT INTO export_permits (request_id, job_id, taken_at) "
                                      "VALUES ($1, $2, $3) ON CONFLICT (request_id) DO NOTHING");
    db_bind_int(s, 1, j->approval_id);
    db_bind_int(s, 2, j->job_id);
    db_bind_int(s, 3, j->now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "SELECT job_id FROM export_permits WHERE request_id = $1");
    db_bind_int(s, 1, j->approval_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    j->holder = r == DB_ROW ? db_col_int(s, 0) : 0;
    return KH_OK;
}

enum kh_status export_permit_store_take(const struct kh_ctx *ctx, int64_t approval_id,
                                        int64_t job_id, int64_t *holder, struct kh_err *err)
{
    struct take_job j = {approval_id, job_id, ctx_now(ctx), 0};
    enum kh_status st = db_write(ctx->db, take_fn, &j, err);
    *holder = j.holder;
    return st;
}

struct release_job {
    int64_t approval_id, job_id;
};

static enum kh_status release_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct release_job *j = arg;
    struct db_stmt *s =
        db_prepare(c, "DELETE FROM export_permits WHERE request_id = $1 AND job_id = $2");
    db_bind_int(s, 1, j->approval_id);
    db_bind_int(s, 2, j->job_id);
    return db_exec_stmt(s, err);
}

enum kh_status export_permit_store_release(const struct kh_ctx *ctx, int64_t approval_id,
                                           int64_t job_id, struct kh_err *err)
{
    struct release_job j = {approval_id, job_id};
    return db_write(ctx->db, release_fn, &j, err);
}

/* The job that took the permit, 0 when none did. */
enum kh_status export_permit_store_taken_by(const struct kh_ctx *ctx, int64_t approval_id,
                                            int64_t *job_id, int64_t *at, struct kh_err *err)
{
    *job_id = 0;
    *at = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT job_id, taken_at FROM export_permits WHERE request_id = $1");
    db_bind_int(s, 1, approval_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        *job_id = db_col_int(s, 0);
        *at = db_col_int(s, 1);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}
