/* Background jobs: state, progress, summary and result file. */
#include <string.h>

#include "app/registry.h"
#include "http/http.h"
#include "files/files.h"
#include "jobs/jobs.h"

static bool load(struct http_req *r, struct job_info *job)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return false;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, jobs_get(&r->ctx, id, job, &err), &err))
        return false;
    return true;
}

static void get_job(struct http_req *r)
{
    struct job_info job;
    if (!load(r, &job))
        return;
    json_t *summary = *job.summary ? json_loads(job.summary, 0, NULL) : NULL;
    json_t *error = json_null();
    if (!strcmp(job.state, "failed"))
        error = json_pack("{s:s, s:s, s:s, s:s}", "field", job.error_field, "message",
                          r->english ? job.error_en : job.error_zh, "message_zh", job.error_zh,
                          "message_en", job.error_en);
    json_t *file = *job.file ? json_pack("{s:s}", "name", job.file_name) : json_null();
    http_reply_json(r, 200,
                    json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:i, s:o, s:o, s:o, s:o, s:o}", "id",
                              (json_int_t)job.id, "kind", job.kind, "state", job.state, "phase",
                              job.phase, "done", (json_int_t)job.done, "total",
                              (json_int_t)job.total, "attempts", job.attempts, "summary",
                              summary ? summary : json_object(), "error", error, "file", file,
                              "created_at", http_json_time(r, job.created_at), "finished_at",
                              http_json_time(r, job.finished_at)));
}

static void get_job_file(struct http_req *r)
{
    struct job_info job;
    if (!load(r, &job))
        return;
    if (!*job.file && *job.file_name) {
        http_reply_error(r, 404, "not_found", "", "该任务的文件已过保留期，已被删除",
                         "the job's file was deleted after its keeping time");
        return;
    }
    if (!*job.file) {
        http_reply_error(r, 404, "not_found", "", "该任务没有文件", "the job has no file");
        return;
    }
    http_reply_stored(r, r->ctx.files, job.file, job.file_name, job.content_type);
}

/* Test clock only: one scheduler pass now, so tests move the clock instead of sleeping. */
static void post_tick(struct http_req *r)
{
    int queued = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!r->ctx.jobs) {
        http_reply_error(r, 503, "unavailable", "", "后台任务未启动",
                         "background jobs are not running");
        return;
    }
    if (!http_reply_status(r, jobs_tick(r->ctx.jobs, &queued, &err), &err))
        return;
    http_reply_json(r, 200, json_pack("{s:i}", "queued", queued));
}

/* GET /scheduled-tasks: every periodic task with its last run (settings.manage). */
static void get_scheduled_tasks(struct http_req *r)
{
    struct job_task_status *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, jobs_task_list(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct job_task_status *x = &items[i];
        json_t *job = json_null();
        if (x->job_id) {
            int64_t end = x->job_finished_at;
            json_t *summary = *x->summary ? json_loads(x->summary, 0, NULL) : NULL;
            job = json_pack(
                "{s:I, s:s, s:I, s:I, s:o, s:o, s:o, s:s, s:s, s:o}", "id", (json_int_t)x->job_id,
                "state", x->job_state, "done", (json_int_t)x->done, "total", (json_int_t)x->total,
                "created_at", http_json_time(r, x->job_created_at), "finished_at",
                http_json_time(r, end), "seconds",
                end ? json_integer(end - x->job_created_at) : json_null(), "error_zh", x->error_zh,
                "error_en", x->error_en, "summary", summary ? summary : json_object());
        }
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "name", x->task->name,
                                           "label_zh", x->task->label_zh, "label_en",
                                           x->task->label_en, "period", x->period, "last_at",
                                           http_json_time(r, x->at), "job", job));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* POST /scheduled-tasks/:name/run: queue the task's job now (settings.manage). */
static void post_scheduled_task_run(struct http_req *r)
{
    const char *name = r->nparams > 0 ? r->params[0] : "";
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, jobs_task_run_now(&r->ctx, name, &id, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)id));
}

static const struct kh_audit_action job_audit_actions[] = {
    {"job.run_now", "立即运行定时任务", "Scheduled task run now"},
    {0},
};

static const struct route job_routes[] = {
    {"GET", "/api/v1/scheduled-tasks", get_scheduled_tasks, 0},
    {"POST", "/api/v1/scheduled-tasks/:name/run", post_scheduled_task_run, 0},
    {"POST", "/api/v1/_test/scheduler/tick", post_tick, ROUTE_PUBLIC | ROUTE_TEST_CLOCK},
    {"GET", "/api/v1/jobs/:id", get_job, ROUTE_FAST},
    {"GET", "/api/v1/jobs/:id/file", get_job_file, 0},
    {0},
};

const struct capability jobs_capability = {
    .name = "jobs",
    .label_zh = "后台任务",
    .label_en = "Background jobs",
    .routes = {job_routes},
    .audit_actions = job_audit_actions,
    .job_kinds = (const struct job_kind *const[]){&jobs_files_expire_kind, NULL},
    .tasks = (const struct job_task *const[]){&jobs_files_expire_task, NULL},
    .settings =
        (const struct kh_setting *const[]){&jobs_setting_file_keep_hours,
                                           &jobs_setting_task_keep_days, &files_setting_reserve_mb,
                                           &jobs_setting_files_quota_mb, NULL},
};
