#ifndef KH_JOBS_JOBS_STORE_H
#define KH_JOBS_JOBS_STORE_H

/* The jobs table's SQL. */

#include "jobs/jobs.h"

/* A new job, queued (due now) or already running (an inline run, first attempt). */
KH_NODISCARD enum kh_status jobs_store_create(const struct kh_ctx *ctx, const struct job_kind *kind,
                                              const char *params, bool running, int64_t *id_out,
                                              struct kh_err *err);

struct job_claim {
    int64_t id;
    const char *kind, *params; /* in ctx->arena */
    int64_t created_by;
    int attempts; /* counting the run being started */
    int max_attempts;
};

/*
 * Take the next due job (queued and due, or running under another owner's
 * expired lease): it becomes running under owner until now + lease_s, its
 * attempts counted. *found is false when none is due.
 */
KH_NODISCARD enum kh_status jobs_store_claim(const struct kh_ctx *ctx, const char *owner,
                                             int64_t lease_s, struct job_claim *out, bool *found,
                                             struct kh_err *err);
/* Queue a failed run again at due_at, keeping the failure as the last error. */
KH_NODISCARD enum kh_status jobs_store_retry(const struct kh_ctx *ctx, int64_t id, int64_t due_at,
                                             const struct kh_err *failure, struct kh_err *err);
/*
 * Queue a run that the server's stop interrupted again at due_at, without
 * counting it as an attempt; params (NULL: unchanged) replace the job's
 * parameters (where to resume); why is kept as its last message.
 */
KH_NODISCARD enum kh_status jobs_store_requeue(const struct kh_ctx *ctx, int64_t id, int64_t due_at,
                                               const char *params, const struct kh_err *why,
                                               struct kh_err *err);
/*
 * Queue task's job for period unless that period already has one (the
 * period is recorded in the same transaction). *queued tells which.
 */
KH_NODISCARD enum kh_status jobs_store_task_queue(const struct kh_ctx *ctx,
                                                  const struct job_task *task, const char *period,
                                                  bool *queued, struct kh_err *err);
/* False inside a write (progress must then stay in memory). */
bool jobs_store_can_write(void);
/* Progress in phase (NULL: ""), and the lease extended to lease_until. */
KH_NODISCARD enum kh_status jobs_store_progress(const struct kh_ctx *ctx, int64_t id, int64_t done,
                                                int64_t total, int64_t lease_until,
                                                const char *phase, struct kh_err *err);
KH_NODISCARD enum kh_status jobs_store_result(const struct kh_ctx *ctx, int64_t id,
                                              const char *summary, const char *file,
                                              int64_t file_size, const char *file_name,
                                              const char *content_type, struct kh_err *err);
/* Bytes of the result files user_id's jobs keep in the file store. */
KH_NODISCARD enum kh_status jobs_store_files_bytes(const struct kh_ctx *ctx, int64_t user_id,
                                                   int64_t *bytes, struct kh_err *err);
/* Final state: done, or failed with the error. */
KH_NODISCARD enum kh_status jobs_store_finish(const struct kh_ctx *ctx, int64_t id,
                                              const struct kh_err *failure, struct kh_err *err);
KH_NODISCARD enum kh_status jobs_store_get(const struct kh_ctx *ctx, int64_t id,
                                           struct job_info *out, struct kh_err *err);
/* Up to max jobs finished before `before` that still have a file: their ids and files. */
KH_NODISCARD enum kh_status jobs_store_files_expired(const struct kh_ctx *ctx, int64_t before,
                                                     int max, int64_t **ids, const char ***files,
                                                     int *n, struct kh_err *err);
/*
 * Delete up to max rows of periodic-task jobs (clean-ups, backups) that
 * finished before `before`, have no file and are not their task's last run;
 * *n is how many went. Users' own jobs are never deleted here.
 */
KH_NODISCARD enum kh_status jobs_store_task_jobs_prune(const struct kh_ctx *ctx, int64_t before,
                                                       int max, int *n, struct kh_err *err);
/* The jobs ids[0..n) no longer have a file (its download name stays). */
KH_NODISCARD enum kh_status jobs_store_files_forget(const struct kh_ctx *ctx, const int64_t *ids,
                                                    int n, struct kh_err *err);
/*
 * At start (one server per SQLite database): jobs left running by a stopped
 * server are queued again, or failed when they used their last attempt.
 * *count gets how many were found.
 */
KH_NODISCARD enum kh_status jobs_store_recover(const struct kh_ctx *ctx, int64_t *count,
                                               struct kh_err *err);

/* The last run of periodic task `task` into *x (jobs_task_list). */
KH_NODISCARD enum kh_status jobs_store_task_status(const struct kh_ctx *ctx,
                                                   const struct job_task *task,
                                                   struct job_task_status *x, struct kh_err *err);
/*
 * Queue a job of `task` now, as the system, audited as the actor's, and make
 * it the task's last run (its period kept); CONFLICT while its last job is
 * queued or running.
 */
KH_NODISCARD enum kh_status jobs_store_task_run(const struct kh_ctx *ctx,
                                                const struct job_task *task, int64_t *job_id,
                                                struct kh_err *err);

#endif
