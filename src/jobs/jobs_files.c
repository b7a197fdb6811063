/* Expiry of jobs' result files, and of scratch files stopped writers left in the store. */
#include "jobs/jobs.h"

#include "core/log.h"
#include "files/files.h"
#include "jobs/jobs_store.h"
#include "settings/settings.h"

#define JOB_FILE_KEEP_HOURS 24

const struct kh_setting jobs_setting_file_keep_hours = {"job_file_keep_hours",
                                                        JOB_FILE_KEEP_HOURS,
                                                        1,
                                                        2160,
                                                        "小时",
                                                        "hours",
                                                        "导出文件与错误文件保留时长",
                                                        "Keep export and error files for"};
/* Days a periodic task's finished job row is kept (the task's last run always is). */
const struct kh_setting jobs_setting_task_keep_days = {"task_job_keep_days",
                                                       30,
                                                       1,
                                                       3650,
                                                       "天",
                                                       "days",
                                                       "定时任务运行记录保留天数",
                                                       "Keep runs of scheduled tasks for"};
/* What the result files (exports, error files) of one user's jobs may take at once. */
const struct kh_setting jobs_setting_files_quota_mb = {
    "job_files_quota_mb",
    1024,
    1,
    1048576,
    "MB",
    "MB",
    "每个用户的导出与错误文件空间上限",
    "Space for one user's export and error files"};

enum kh_status jobs_files_quota_check(const struct kh_ctx *ctx, struct kh_err *err)
{
    int64_t mb = 0, used = 0;
    enum kh_status st = settings_int(ctx, &jobs_setting_files_quota_mb, &mb, err);
    if (!st)
        st = jobs_store_files_bytes(ctx, ctx->actor.user_id, &used, err);
    if (st || used < mb * 1024 * 1024)
        return st;
    return kh_err_setf(
        err, KH_E_CONFLICT, "files",
        "您的导出文件已占用 %lld MB，达到每人 %lld MB 的上限；请等待旧文件过期后再导出",
        "your export files take %lld MB, the limit per user is %lld MB: wait for "
        "older files to expire, then export again",
        (long long)(used >> 20), (long long)mb, (long long)(used >> 20), (long long)mb);
}

#define EXPIRE_BATCH 200
/* A scratch file this old belongs to no running writer. */
#define SCRATCH_AGE (24 * 3600)

/* Delete the files first, then forget them: a crash in between leaves no orphan file. */
static enum kh_status expire_batch(const struct kh_ctx *ctx, int64_t before, int *n,
                                   struct kh_err *err)
{
    int64_t *ids = NULL;
    const char **files = NULL;
    enum kh_status st = jobs_store_files_expired(ctx, before, EXPIRE_BATCH, &ids, &files, n, err);
    for (int i = 0; i < *n && !st; i++) {
        st = files_delete(ctx->files, files[i], err);
        if (st == KH_E_INVALID) /* not a name this store could hold: nothing to delete */
            st = KH_OK;
    }
    if (!st && *n)
        st = jobs_store_files_forget(ctx, ids, *n, err);
    return st;
}

/* Result files of jobs past job_file_keep_hours, and old scratch files; none without a store. */
static enum kh_status expire_files(const struct kh_ctx *ctx, int64_t *removed, int *scratch,
                                   struct kh_err *err)
{
    *removed = 0;
    *scratch = 0;
    if (!ctx->files)
        return KH_OK;
    int64_t hours = 0;
    enum kh_status st = settings_int(ctx, &jobs_setting_file_keep_hours, &hours, err);
    for (int n = EXPIRE_BATCH; !st && n == EXPIRE_BATCH;) {
        st = expire_batch(ctx, ctx_now(ctx) - hours * 3600, &n, err);
        *removed += st ? 0 : n;
    }
    if (!st)
        *scratch = files_sweep_scratch(ctx->files, SCRATCH_AGE);
    return st;
}

/* The scheduler's own runs (this one's included) past task_job_keep_days: two rows an hour. */
static enum kh_status prune_task_jobs(const struct kh_ctx *ctx, int64_t *pruned, struct kh_err *err)
{
    *pruned = 0;
    int64_t days = 0;
    enum kh_status st = settings_int(ctx, &jobs_setting_task_keep_days, &days, err);
    for (int n = EXPIRE_BATCH; !st && n == EXPIRE_BATCH;) {
        st = jobs_store_task_jobs_prune(ctx, ctx_now(ctx) - days * 86400, EXPIRE_BATCH, &n, err);
        *pruned += st ? 0 : n;
    }
    return st;
}

static enum kh_status run_files_expire(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int64_t removed = 0, pruned = 0;
    int scratch = 0;
    enum kh_status st = expire_files(ctx, &removed, &scratch, err);
    if (!st)
        st = prune_task_jobs(ctx, &pruned, err);
    if (st)
        return st;
    if (removed || scratch || pruned)
        log_info("msg=\"expired job files deleted\" count=%lld scratch=%d task_jobs=%lld",
                 (long long)removed, scratch, (long long)pruned);
    const char *summary =
        arena_printf(ctx->arena, "{\"removed\":%lld,\"scratch\":%d,\"task_jobs\":%lld}",
                     (long long)removed, scratch, (long long)pruned);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

const struct job_kind jobs_files_expire_kind = {"job_files_expire", "清理过期任务文件",
                                                "Expired job files cleanup", run_files_expire, 2};

static bool files_expire_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    (void)ctx;
    return job_hourly_due(now, 30, 600, period, cap);
}

const struct job_task jobs_files_expire_task = {"jobs.files_expire", "清理过期任务文件",
                                                "Delete expired job files", &jobs_files_expire_kind,
                                                files_expire_due};
