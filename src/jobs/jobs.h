#ifndef KH_JOBS_JOBS_H
#define KH_JOBS_JOBS_H

/*
 * The scheduler: durable background jobs and periodic tasks.
 *
 * Work longer than a request (import, export, backup) is a job: a row of
 * the jobs table with its kind, parameters (JSON text made by the
 * capability's codec), state, due time, attempts and lease. The request
 * answers 202 with the job id; the UI polls GET /api/v1/jobs/{id} for
 * progress and downloads the result file, kept in the context's file store
 * (files/files.h) under a generated name.
 *
 * In `kehu serve`, worker threads claim due jobs from the table (a lease:
 * owner and expiry), run the kind's function and record the outcome. A job
 * that fails with KH_E_UNAVAILABLE or KH_E_INTERNAL is queued again after
 * a delay while it has attempts left; other failures are final. Because
 * the queue is the table, a restart loses nothing: jobs that were running
 * when a server stopped are queued again (their function must therefore be
 * idempotent) unless they used their last attempt. From the CLI
 * (ctx->jobs == NULL) a job runs inline, with the same record.
 *
 * Periodic tasks (struct job_task) are declared by capabilities: each says
 * which period is due at a given time ("the day 2026-01-05, from 03:00
 * company time for an hour"). A pass of the scheduler queues one job for
 * every task whose period is due and not yet queued, and records the
 * period in the same transaction, so a task runs once per period even with
 * several servers. All times come from the context clock: tests move the
 * clock and run a pass (jobs_tick) instead of sleeping.
 *
 * Only the user who started a job (or the system) sees it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct db;
struct jobs;

/* What a job's function gets. ctx is the submitting user's, with its own arena. */
struct job_run {
    struct kh_ctx ctx;
    int64_t id;
    const char *params; /* the parameters given at submission ("" for none) */
    int attempt;        /* 1 on the first run */
    struct jobs *jobs;  /* NULL when inline */
    int64_t last_saved_us;
    int64_t done, total;
    const char *phase;         /* job_phase's, NULL for a job of one phase */
    const char *resume_params; /* job_resume_at: the parameters of the next run, or NULL */
};

typedef enum kh_status job_fn(struct job_run *run, struct kh_err *err);

/* A kind of job, registered by its capability (app/registry.h). */
struct job_kind {
    const char *name; /* "import", "export", "backup" */
    const char *label_zh;
    const char *label_en;
    job_fn *fn;
    int max_attempts; /* runs (first + retries + resumptions after a restart), >= 1 */
};

/*
 * The period of a task due at now: fills period (at most cap bytes, e.g.
 * "2026-01-05") and returns true; false when nothing is due now. ctx is the
 * system's (settings can be read).
 */
typedef bool job_due_fn(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap);

/* A periodic task: queues a job of its kind (as the system, no parameters) once per period. */
struct job_task {
    const char *name; /* "backup.daily" */
    const char *label_zh;
    const char *label_en;
    const struct job_kind *kind;
    job_due_fn *due;
};

/*
 * A daily period: true when now is within grace seconds after hour:minute
 * of its day in the company zone tz (ctx_tz); period gets that day
 * ("2026-01-05"). On a day that skips hour:minute (daylight saving
 * starts) it is due from the same moment an hour later on the new clock;
 * on a day that repeats it, from its first occurrence.
 */
bool job_daily_due(const struct kh_tz *tz, int64_t now, int hour, int minute, int64_t grace,
                   char *period, size_t cap);
/*
 * An hourly period: true when now is within grace seconds after minute
 * `minute` of its hour on the UTC clock (the company's hour in zones a whole
 * number of hours from UTC); period gets that hour ("2026-01-05T01Z", UTC,
 * so a repeated hour at the end of daylight saving is still a new period).
 */
bool job_hourly_due(int64_t now, int minute, int64_t grace, char *period, size_t cap);

/*
 * Result files of jobs (exports, import error files) are kept
 * job_file_keep_hours (setting, default 24) after their job finished; this
 * periodic task (hourly, at half past) deletes older ones from the file
 * store, and the job's download then answers 404 saying so. It also removes
 * scratch files that stopped writers left in the store (a day old).
 */
extern const struct job_kind jobs_files_expire_kind;
extern const struct job_task jobs_files_expire_task;
/* Hours a finished job's file (export, error file) is kept (settings_int). */
extern const struct kh_setting jobs_setting_file_keep_hours;
/* MB the result files of one user's jobs may take (settings_int; default 1024). */
extern const struct kh_setting jobs_setting_files_quota_mb;
/*
 * Before a job that makes a result file is submitted for the acting user:
 * KH_E_CONFLICT (field "files", naming the limit) when the files of their
 * jobs still kept (job_file_keep_hours) take job_files_quota_mb or more.
 */
KH_NODISCARD enum kh_status jobs_files_quota_check(const struct kh_ctx *ctx, struct kh_err *err);
/* Days a periodic task's finished job row is kept (settings_int). */
extern const struct kh_setting jobs_setting_task_keep_days;

/* Report progress; saved to the record at most every 500 ms. Never blocks long. */
void job_progress(struct job_run *run, int64_t done, int64_t total);
/*
 * Enter a phase of a job that has several (phase a static string, e.g.
 * "indexing": an import's customers are committed, their search documents
 * go into the index): its progress starts again at 0 of total, saved at
 * once; GET /jobs/{id} shows the phase with it.
 */
void job_phase(struct job_run *run, const char *phase, int64_t total);
/*
 * Set the job's outcome before returning: summary is JSON text (may be
 * NULL); file the name of its result in run->ctx.files (NULL if none), with
 * the name and content type the download uses.
 */
KH_NODISCARD enum kh_status job_set_result(struct job_run *run, const char *summary,
                                           const char *file, const char *file_name,
                                           const char *content_type, struct kh_err *err);

/*
 * Start the scheduler of the server: when it is the database's sole server
 * (sole: it holds the database file's lock), jobs left running by a
 * stopped server are queued again at once (or failed when they had no
 * attempt left); among several servers sharing a database, a job left
 * running is taken over by any of them once its lease has expired (a
 * running server's jobs are not touched). Then workers threads claim due
 * jobs and a pass over the periodic tasks runs every second. Jobs keep
 * their files in files (borrowed: it must outlive the scheduler).
 */
KH_NODISCARD enum kh_status jobs_start(struct db *db, const struct kh_clock *clock,
                                       struct file_store *files, int workers, bool sole,
                                       struct jobs **out, struct kh_err *err);
/*
 * Ask running jobs to stop (job_stopping turns true) and claim no more;
 * returns at once. jobs_stop then waits for them.
 */
void jobs_stop_begin(struct jobs *jobs);
/* Let running jobs finish (or stop where they can, jobs_stop_begin), stop. Queued jobs stay queued.
 */
void jobs_stop(struct jobs *jobs);
/*
 * Whether the server is stopping: a long job checks it between its
 * commits and, when true, returns KH_E_UNAVAILABLE (job_interrupted). Such
 * a run is queued again for the next start without counting as an
 * attempt, with the parameters given to job_resume_at, if any. Always
 * false inline (the CLI).
 */
bool job_stopping(const struct job_run *run);
/*
 * Where the next run of an interrupted job starts: params (copied into the
 * run's arena) replace its parameters when it is queued again.
 */
void job_resume_at(struct job_run *run, const char *params);

/*
 * One pass of the scheduler now (on the context clock): queue the jobs of
 * due periodic tasks, then wake the workers. *queued (may be NULL) gets the
 * number of jobs queued by tasks. Used every second by the server's own
 * thread and by tests after they move the clock.
 */
KH_NODISCARD enum kh_status jobs_tick(struct jobs *jobs, int *queued, struct kh_err *err);
/* Wake the workers: a job was queued outside jobs_submit (a periodic task run by hand). */
void jobs_wake(struct jobs *jobs);

/*
 * Create the job record (params may be NULL) and run it: queued for
 * ctx->jobs' workers, or inline when ctx->jobs is NULL (then returns after
 * the run, with its status, keeping its file in ctx->files).
 */
KH_NODISCARD enum kh_status jobs_submit(const struct kh_ctx *ctx, const struct job_kind *kind,
                                        const char *params, int64_t *id_out, struct kh_err *err);

struct job_info {
    int64_t id;
    const char *kind;
    const char *state; /* queued running done failed */
    int64_t done, total;
    const char *phase; /* "" or the phase a job of several phases is (or ended) in (job_phase) */
    int attempts;
    const char *summary; /* JSON text or "" */
    const char *error_zh, *error_en, *error_field;
    /* The result in the file store, the name its download takes, its type; "" when none. */
    const char *file, *file_name, *content_type;
    int64_t created_by, created_at, finished_at;
};

/* A periodic task and its last run (scheduled, or started by hand), for its page. */
struct job_task_status {
    const struct job_task *task;
    const char *period; /* the last period queued ("" when only run by hand) */
    int64_t at;         /* when its last job was queued, 0: never */
    int64_t job_id;
    const char *job_state; /* queued running done failed, "" when none */
    int64_t job_created_at, job_finished_at, done, total;
    const char *error_zh, *error_en;
    const char *summary; /* the job's summary, JSON text or "" */
};
/* Every periodic task with its last run (settings.manage). */
KH_NODISCARD enum kh_status jobs_task_list(const struct kh_ctx *ctx, struct job_task_status **out,
                                           int *count, struct kh_err *err);
/*
 * Queue a job of periodic task `name` now (settings.manage), as the system,
 * audited as the actor's; *job_id its job. CONFLICT while the task's last
 * job is queued or running; NOT_FOUND for no such task.
 */
KH_NODISCARD enum kh_status jobs_task_run_now(const struct kh_ctx *ctx, const char *name,
                                              int64_t *job_id, struct kh_err *err);

/* Whether a job of one of kinds[0..n) is queued or running (any user's: a task's check). */
KH_NODISCARD enum kh_status jobs_active(const struct kh_ctx *ctx, const char *const *kinds, int n,
                                        bool *any, struct kh_err *err);

/* A job the acting user started (NOT_FOUND otherwise). */
KH_NODISCARD enum kh_status jobs_get(const struct kh_ctx *ctx, int64_t id, struct job_info *out,
                                     struct kh_err *err);

#endif
