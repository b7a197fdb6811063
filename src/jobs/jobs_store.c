#include "jobs/jobs_store.h"

#include <string.h>

#include "audit/audit.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

struct job_write {
    const struct kh_ctx *ctx;
    int64_t id;
    const char *kind, *state, *params, *task, *phase;
    int max_attempts;
    int64_t done, total, at;
    const char *summary, *file, *file_name, *content_type;
    int64_t file_size;
    const struct kh_err *failure;
};

/* Insert a job row; created_by is the acting user (NULL for the system). */
static enum kh_status insert_job(struct db_conn *c, struct job_write *j, struct kh_err *err)
{
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO jobs (kind, state, created_by, created_at, params, due_at, attempts, "
           "max_attempts, task) VALUES ($1, $2, $3, $4, $5, $4, $6, $7, $8) RETURNING id");
    bool inline_run = strcmp(j->state, "running") == 0;
    db_bind_text(s, 1, j->kind);
    db_bind_text(s, 2, j->state);
    db_bind_id(s, 3, j->ctx->actor.user_id);
    db_bind_int(s, 4, now);
    db_bind_text(s, 5, j->params ? j->params : "");
    db_bind_int(s, 6, inline_run ? 1 : 0);
    db_bind_int(s, 7, j->max_attempts > 0 ? j->max_attempts : 1);
    db_bind_text(s, 8, j->task ? j->task : "");
    return db_exec_int(s, &j->id, err);
}

static enum kh_status create_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    return insert_job(c, arg, err);
}

enum kh_status jobs_store_create(const struct kh_ctx *ctx, const struct job_kind *kind,
                                 const char *params, bool running, int64_t *id_out,
                                 struct kh_err *err)
{
    struct job_write j = {.ctx = ctx,
                          .kind = kind->name,
                          .state = running ? "running" : "queued",
                          .params = params,
                          .max_attempts = kind->max_attempts};
    enum kh_status st = db_write(ctx->db, create_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

struct claim_write {
    const struct kh_ctx *ctx;
    const char *owner;
    int64_t lease_until;
    struct job_claim *out;
    bool found;
};

static void read_claim(struct db_stmt *s, struct arena *a, struct job_claim *out)
{
    out->id = db_col_int(s, 0);
    out->kind = arena_strdup(a, db_col_text(s, 1));
    out->params = arena_strdup(a, db_col_text(s, 2));
    out->created_by = db_col_int(s, 3);
    out->attempts = (int)db_col_int(s, 4);
    out->max_attempts = (int)db_col_int(s, 5);
}

/*
 * A job is due when it is queued and its time has come (JOB_DUE), or when it
 * runs under a lease another server let expire (JOB_STALE: it stopped
 * without recovering its jobs) and has attempts left; a stale one with none
 * left is failed. $1: now, $2: this server.
 */
#define JOB_DUE "state = 'queued' AND due_at <= $1"
#define JOB_STALE "state = 'running' AND lease_until < $1 AND lease_owner <> $2"
#define JOB_CLAIMABLE "((" JOB_DUE ") OR (" JOB_STALE " AND attempts < max_attempts)) "

static enum kh_status claim_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct claim_write *w = arg;
    int64_t now = ctx_now(w->ctx);
    /*
     * The next due job, taken in one conditional statement: the UPDATE
     * checks again that the row it changes is still claimable, so of two
     * servers picking the same job one changes it and the other no row (it
     * finds nothing this time and looks again at its next poll).
     * First, a job whose server stopped (its lease expired) with no
     * attempt left is failed, as a starting sole server fails it (recover).
     */
    struct db_stmt *s =
        db_prepare(c, "UPDATE jobs SET state = 'failed', lease_owner = '', lease_until = 0, "
                      "error_zh = '运行任务的服务已停止，且没有剩余的尝试次数', "
                      "error_en = 'the server running the job stopped, and no attempt was left', "
                      "finished_at = $1 WHERE " JOB_STALE " AND attempts >= max_attempts");
    db_bind_int(s, 1, now);
    db_bind_text(s, 2, w->owner);
    enum kh_status fs = db_exec_stmt(s, err);
    if (fs)
        return fs;
    s = db_prepare(c,
                   "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $2, "
                   "lease_until = $3 WHERE id = (SELECT id FROM jobs WHERE " JOB_DUE
                   " UNION ALL SELECT id FROM jobs WHERE " JOB_STALE
                   " AND attempts < max_attempts ORDER BY 1 LIMIT 1) AND " JOB_CLAIMABLE
                   "RETURNING id, kind, params, coalesce(created_by, 0), attempts, max_attempts");
    db_bind_int(s, 1, now);
    db_bind_text(s, 2, w->owner);
    db_bind_int(s, 3, w->lease_until);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_ROW)
        read_claim(s, w->ctx->arena, w->out);
    enum kh_status st = r == DB_ROW ? db_exec_stmt(s, err) : KH_OK;
    w->found = r == DB_ROW && st == KH_OK;
    return st;
}

/*
 * Whether claim_fn would find anything to do (a job to claim, or one to
 * fail), read without the writer. Each idle worker polls every second: were
 * each poll a write, it would take the writer from whoever holds it, and a
 * long background write (the reclaim, a catch-up) that gives way to waiting
 * callers would end early at each poll. The write checks again.
 */
static bool claim_worth(const struct kh_ctx *ctx, const char *owner, int64_t now)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT 1 FROM jobs WHERE (" JOB_DUE ") OR (" JOB_STALE ") LIMIT 1");
    db_bind_int(s, 1, now);
    db_bind_text(s, 2, owner);
    int64_t any = 0;
    struct kh_err err;
    enum kh_status st = db_exec_int(s, &any, &err);
    db_read_end(ctx->db, c);
    return st || any; /* an error: the write reports it */
}

enum kh_status jobs_store_claim(const struct kh_ctx *ctx, const char *owner, int64_t lease_s,
                                struct job_claim *out, bool *found, struct kh_err *err)
{
    *found = false;
    memset(out, 0, sizeof(*out));
    if (!claim_worth(ctx, owner, ctx_now(ctx)))
        return KH_OK;
    struct claim_write w = {ctx, owner, ctx_now(ctx) + lease_s, out, false};
    enum kh_status st = db_write(ctx->db, claim_fn, &w, err);
    *found = !st && w.found;
    return st;
}

static enum kh_status retry_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    const struct kh_err *f = j->failure;
    struct db_stmt *s = db_prepare(
        c, "UPDATE jobs SET state = 'queued', due_at = $2, lease_owner = '', lease_until = 0, "
           "error_field = $3, error_zh = $4, error_en = $5 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->at);
    db_bind_text(s, 3, f->field);
    db_bind_text(s, 4, f->msg_zh);
    db_bind_text(s, 5, f->msg_en);
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_retry(const struct kh_ctx *ctx, int64_t id, int64_t due_at,
                                const struct kh_err *failure, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx, .id = id, .at = due_at, .failure = failure};
    return db_write(ctx->db, retry_fn, &j, err);
}

static enum kh_status requeue_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(
        c, "UPDATE jobs SET state = 'queued', due_at = $2, lease_owner = '', lease_until = 0, "
           "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, params = coalesce($3, "
           "params), error_field = '', "
           "error_zh = $4, error_en = $5 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->at);
    if (j->params)
        db_bind_text(s, 3, j->params);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, j->failure->msg_zh);
    db_bind_text(s, 5, j->failure->msg_en);
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_requeue(const struct kh_ctx *ctx, int64_t id, int64_t due_at,
                                  const char *params, const struct kh_err *why, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx, .id = id, .at = due_at, .params = params, .failure = why};
    return db_write(ctx->db, requeue_fn, &j, err);
}

struct task_write {
    struct job_write job;
    const char *period;
    bool queued;
};

static enum kh_status task_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct task_write *w = arg;
    int64_t now = ctx_now(w->job.ctx);
    /* The period is claimed and its job inserted together: once per period, on any server. */
    struct db_stmt *s =
        db_prepare(c, "INSERT INTO task_runs (task, period, at) VALUES ($1, $2, $3) "
                      "ON CONFLICT (task) DO UPDATE SET period = excluded.period, at = excluded.at "
                      "WHERE task_runs.period <> excluded.period");
    db_bind_text(s, 1, w->job.task);
    db_bind_text(s, 2, w->period);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st || db_changes(c) == 0)
        return st;
    if ((st = insert_job(c, &w->job, err)))
        return st;
    s = db_prepare(c, "UPDATE task_runs SET job_id = $2 WHERE task = $1");
    db_bind_text(s, 1, w->job.task);
    db_bind_int(s, 2, w->job.id);
    st = db_exec_stmt(s, err);
    w->queued = st == KH_OK;
    return st;
}

enum kh_status jobs_store_task_queue(const struct kh_ctx *ctx, const struct job_task *task,
                                     const char *period, bool *queued, struct kh_err *err)
{
    *queued = false;
    /*
     * The tick asks every second while a task is due: a write only for a
     * period not yet taken (a failed read leaves the answer to the write).
     */
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM task_runs WHERE task = $1 AND period = $2");
    db_bind_text(s, 1, task->name);
    db_bind_text(s, 2, period);
    int64_t taken = 0;
    struct kh_err rerr;
    enum kh_status rs = db_exec_int(s, &taken, &rerr);
    db_read_end(ctx->db, c);
    if (!rs && taken)
        return KH_OK;
    struct task_write w = {.job = {.ctx = ctx,
                                   .kind = task->kind->name,
                                   .state = "queued",
                                   .task = task->name,
                                   .max_attempts = task->kind->max_attempts},
                           .period = period};
    enum kh_status st = db_write(ctx->db, task_fn, &w, err);
    *queued = !st && w.queued;
    return st;
}

bool jobs_store_can_write(void)
{
    return !db_on_writer_thread();
}

static enum kh_status progress_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s =
        db_prepare(c, "UPDATE jobs SET done = $2, total = $3, phase = $5, "
                      "lease_until = CASE WHEN lease_until < $4 THEN $4 ELSE lease_until END "
                      "WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->done);
    db_bind_int(s, 3, j->total);
    db_bind_int(s, 4, j->at);
    db_bind_text(s, 5, j->phase ? j->phase : "");
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_progress(const struct kh_ctx *ctx, int64_t id, int64_t done,
                                   int64_t total, int64_t lease_until, const char *phase,
                                   struct kh_err *err)
{
    struct job_write j = {
        .ctx = ctx, .id = id, .done = done, .total = total, .at = lease_until, .phase = phase};
    return db_write(ctx->db, progress_fn, &j, err);
}

static enum kh_status result_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(c, "UPDATE jobs SET summary = $2, file = $3, "
                                      "file_name = $4, content_type = $5, file_size = $6 "
                                      "WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->summary ? j->summary : "");
    db_bind_text(s, 3, j->file ? j->file : "");
    db_bind_text(s, 4, j->file_name ? j->file_name : "");
    db_bind_text(s, 5, j->content_type ? j->content_type : "");
    db_bind_int(s, 6, j->file_size);
    return db_exec_stmt(s, err);
}

enum kh_status jobs_store_result(const struct kh_ctx *ctx, int64_t id, const char *summary,
                                 const char *file, int64_t file_size, const char *file_name,
                                 const char *content_type, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx,
                          .id = id,
                          .summary = summary,
                          .file = file,
                          .file_name = file_name,
                          .content_type = content_type,
                          .file_size = file_size};
    return db_write(ctx->db, result_fn, &j, err);
}

enum kh_status jobs_store_files_bytes(const struct kh_ctx *ctx, int64_t user_id, int64_t *bytes,
                                      struct kh_err *err)
{
    *bytes = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT coalesce(sum(file_size), 0) FROM jobs "
                                      "WHERE created_by = $1 AND file <> ''");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *bytes = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
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

enum kh_status jobs_active(const struct kh_ctx *ctx, const char *const *kinds, int n, bool *any,
                           struct kh_err *err)
{
    *any = false;
    enum kh_status st = KH_OK;
    struct db_conn *c = db_read_begin(ctx->db);
    for (int i = 0; i < n && !st && !*any; i++) {
        /* along jobs_due: the few jobs queued or running */
        struct db_stmt *s = db_prepare(
            c, "SELECT CASE WHEN EXISTS (SELECT 1 FROM jobs WHERE state IN ('queued', 'running') "
               "AND kind = $1) THEN 1 ELSE 0 END");
        db_bind_text(s, 1, kinds[i]);
        int64_t v = 0;
        st = db_exec_int(s, &v, err);
        *any = v != 0;
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status jobs_store_get(const struct kh_ctx *ctx, int64_t id, struct job_info *out,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT id, kind, state, done, total, summary, error_zh, error_en, error_field, "
           "file, file_name, content_type, coalesce(created_by, 0), created_at, "
           "coalesce(finished_at, 0), attempts, phase FROM jobs "
           "WHERE id = $1 AND coalesce(created_by, 0) = $2");
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
        out->file = arena_strdup(a, db_col_text(s, 9));
        out->file_name = arena_strdup(a, db_col_text(s, 10));
        out->content_type = arena_strdup(a, db_col_text(s, 11));
        out->created_by = db_col_int(s, 12);
        out->created_at = db_col_int(s, 13);
        out->finished_at = db_col_int(s, 14);
        out->attempts = (int)db_col_int(s, 15);
        out->phase = arena_strdup(a, db_col_text(s, 16));
    } else {
        st = r == DB_ERROR ? err->code
                           : kh_err_set(err, KH_E_NOT_FOUND, "", "任务不存在", "job not found");
    }
    db_read_end(ctx->db, c);
    return st;
}

static enum kh_status recover_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job_write *j = arg;
    struct db_stmt *s = db_prepare(
        c, "UPDATE jobs SET state = CASE WHEN attempts < max_attempts THEN 'queued' "
           "ELSE 'failed' END, lease_owner = '', lease_until = 0, due_at = $1, "
           "error_zh = CASE WHEN attempts < max_attempts THEN error_zh "
           "ELSE '服务重启，任务已中止' END, "
           "error_en = CASE WHEN attempts < max_attempts THEN error_en "
           "ELSE 'the server restarted; the job was stopped' END, "
           "finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE $1::bigint END "
           "WHERE state = 'running'");
    db_bind_int(s, 1, ctx_now(j->ctx));
    enum kh_status st = db_exec_stmt(s, err);
    if (!st)
        j->done = db_changes(c);
    return st;
}

enum kh_status jobs_store_recover(const struct kh_ctx *ctx, int64_t *count, struct kh_err *err)
{
    struct job_write j = {.ctx = ctx};
    enum kh_status st = db_write(ctx->db, recover_fn, &j, err);
    *count = st ? 0 : j.done;
    return st;
}

enum kh_status jobs_store_files_expired(const struct kh_ctx *ctx, int64_t before, int max,
                                        int64_t **ids, const char ***files, int *n,
                                        struct kh_err *err)
{
    *n = 0;
    *ids = arena_alloc(ctx->arena, sizeof(int64_t) * (size_t)(max + 1));
    *files = arena_alloc(ctx->arena, sizeof(char *) * (size_t)(max + 1));
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT id, file FROM jobs WHERE file <> '' AND "
                                      "finished_at < $1 ORDER BY finished_at LIMIT $2");
    db_bind_int(s, 1, before);
    db_bind_int(s, 2, max);
    enum db_step_result r = DB_DONE;
    int k = 0;
    while (k < max && (r = db_step(s, err)) == DB_ROW) {
        (*ids)[k] = db_col_int(s, 0);
        (*files)[k] = arena_strdup(ctx->arena, db_col_text(s, 1));
        k++;
    }
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *n = k;
    return KH_OK;
}

struct forget_write {
    const int64_t *ids;
    int n;
};

static enum kh_status forget_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct forget_write *w = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; i < w->n && !st; i++) {
        struct db_stmt *s = db_prepare(c, "UPDATE jobs SET file = '' WHERE id = $1");
        db_bind_int(s, 1, w->ids[i]);
        st = db_exec_stmt(s, err);
    }
    return st;
}

enum kh_status jobs_store_files_forget(const struct kh_ctx *ctx, const int64_t *ids, int n,
                                       struct kh_err *err)
{
    struct forget_write w = {ids, n};
    return db_write(ctx->db, forget_fn, &w, err);
}

struct prune_write {
    int64_t before;
    int max, n;
};

static enum kh_status prune_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct prune_write *w = arg;
    struct db_stmt *s =
        db_prepare(c, "DELETE FROM jobs WHERE id IN (SELECT j.id FROM jobs j WHERE j.task <> '' "
                      "AND j.state IN ('done', 'failed') AND j.finished_at < $1 AND j.file = '' "
                      "AND NOT EXISTS (SELECT 1 FROM task_runs t WHERE t.job_id = j.id) "
                      "ORDER BY j.id LIMIT $2)");
    db_bind_int(s, 1, w->before);
    db_bind_int(s, 2, w->max);
    enum kh_status st = db_exec_stmt(s, err);
    w->n = st ? 0 : db_changes(c);
    return st;
}

enum kh_status jobs_store_task_jobs_prune(const struct kh_ctx *ctx, int64_t before, int max, int *n,
                                          struct kh_err *err)
{
    struct prune_write w = {before, max, 0};
    enum kh_status st = db_write(ctx->db, prune_fn, &w, err);
    *n = st ? 0 : w.n;
    return st;
}

/* ---- periodic tasks as the administrator sees them (jobs_tasks.c) ---- */

enum kh_status jobs_store_task_status(const struct kh_ctx *ctx, const struct job_task *task,
                                      struct job_task_status *x, struct kh_err *err)
{
    memset(x, 0, sizeof(*x));
    x->task = task;
    x->period = x->job_state = x->summary = x->error_zh = x->error_en = "";
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT r.period, r.at, coalesce(r.job_id, 0), coalesce(j.state, ''), "
                      "coalesce(j.created_at, 0), coalesce(j.finished_at, 0), coalesce(j.done, 0), "
                      "coalesce(j.total, 0), coalesce(j.error_zh, ''), coalesce(j.error_en, ''), "
                      "coalesce(j.summary, '') "
                      "FROM task_runs r LEFT JOIN jobs j ON j.id = r.job_id WHERE r.task = $1");
    db_bind_text(s, 1, task->name);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        x->period = arena_strdup(ctx->arena, db_col_text(s, 0));
        x->at = db_col_int(s, 1);
        x->job_id = db_col_int(s, 2);
        x->job_state = arena_strdup(ctx->arena, db_col_text(s, 3));
        x->job_created_at = db_col_int(s, 4);
        x->job_finished_at = db_col_int(s, 5);
        x->done = db_col_int(s, 6);
        x->total = db_col_int(s, 7);
        x->error_zh = arena_strdup(ctx->arena, db_col_text(s, 8));
        x->error_en = arena_strdup(ctx->arena, db_col_text(s, 9));
        x->summary = arena_strdup(ctx->arena, db_col_text(s, 10));
        r = db_step(s, err);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct run_write {
    const struct kh_ctx *ctx;
    const struct job_task *task;
    int64_t id;
};

static enum kh_status task_run_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct run_write *w = arg;
    const struct kh_ctx *ctx = w->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "SELECT 1 FROM task_runs r JOIN jobs j ON j.id = r.job_id WHERE r.task = $1 AND "
           "j.state IN ('queued', 'running')");
    db_bind_text(s, 1, w->task->name);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_ROW)
        return kh_err_set(err, KH_E_CONFLICT, "task", "这项定时任务正在排队或运行，请等它结束",
                          "the task is queued or running already: wait for it to end");
    /* As the system, as the scheduler queues it (created_by NULL): the job's own rules apply. */
    s = db_prepare(c, "INSERT INTO jobs (kind, state, created_at, params, due_at, attempts, "
                      "max_attempts, task) VALUES ($1, 'queued', $2, '', $2, 0, $3, $4) "
                      "RETURNING id");
    db_bind_text(s, 1, w->task->kind->name);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, w->task->kind->max_attempts > 0 ? w->task->kind->max_attempts : 1);
    db_bind_text(s, 4, w->task->name);
    enum kh_status st = db_exec_int(s, &w->id, err);
    if (st)
        return st;
    /* The last run shown is this one; the period is kept, so the next scheduled one still runs. */
    s = db_prepare(c,
                   "INSERT INTO task_runs (task, period, at, job_id) VALUES ($1, '', $2, $3) "
                   "ON CONFLICT (task) DO UPDATE SET at = excluded.at, job_id = excluded.job_id");
    db_bind_text(s, 1, w->task->name);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, w->id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    const char *detail =
        arena_printf(ctx->arena, "task=%s job=%lld", w->task->name, (long long)w->id);
    struct audit_event ev = {"job.run_now", "job", w->id, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status jobs_store_task_run(const struct kh_ctx *ctx, const struct job_task *task,
                                   int64_t *job_id, struct kh_err *err)
{
    struct run_write w = {ctx, task, 0};
    enum kh_status st = db_write(ctx->db, task_run_fn, &w, err);
    *job_id = st ? 0 : w.id;
    return st;
}
