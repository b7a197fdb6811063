/*
 * The periodic tasks as an administrator sees them: each with its last run
 * (scheduled or started by hand) and its job's state, and "run now" — after
 * a change of rules, or to time a daily job on a copy of the production
 * data. A run by hand is an ordinary job of the task's kind, run as the
 * system like the scheduled ones; the next scheduled period still runs.
 */
#include "account/account.h"
#include "app/registry.h"
#include "core/arena.h"
#include "jobs/jobs.h"
#include "jobs/jobs_store.h"
#include "settings/settings.h"

static enum kh_status may_manage(const struct kh_ctx *ctx, struct kh_err *err)
{
    if (ctx_can(ctx, &settings_perm_manage))
        return KH_OK;
    return kh_err_set(err, KH_E_FORBIDDEN, "", "只有系统管理员能查看和运行定时任务",
                      "only administrators see and run scheduled tasks");
}

enum kh_status jobs_task_list(const struct kh_ctx *ctx, struct job_task_status **out, int *count,
                              struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    enum kh_status st = may_manage(ctx, err);
    if (st)
        return st;
    size_t n = 0;
    const struct job_task *const *tasks = registry_tasks(&n);
    struct job_task_status *items = arena_alloc(ctx->arena, sizeof(*items) * (n ? n : 1));
    for (size_t i = 0; i < n && !st; i++)
        st = jobs_store_task_status(ctx, tasks[i], &items[i], err);
    if (st)
        return st;
    *out = items;
    *count = (int)n;
    return KH_OK;
}

enum kh_status jobs_task_run_now(const struct kh_ctx *ctx, const char *name, int64_t *job_id,
                                 struct kh_err *err)
{
    *job_id = 0;
    enum kh_status st = may_manage(ctx, err);
    if (st)
        return st;
    const struct job_task *task = registry_task(name);
    if (!task)
        return kh_err_set(err, KH_E_NOT_FOUND, "task", "没有这项定时任务",
                          "no such scheduled task");
    if (!ctx->jobs)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "后台任务未启动",
                          "background jobs are not running");
    if ((st = jobs_store_task_run(ctx, task, job_id, err)))
        return st;
    jobs_wake(ctx->jobs);
    return KH_OK;
}
