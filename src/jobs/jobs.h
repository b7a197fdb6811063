#ifndef KH_JOBS_JOBS_H
#define KH_JOBS_JOBS_H

/*
 * Background jobs: work longer than a request (import, export, backup) runs
 * on a worker thread of `kehu serve`; the request answers 202 with the job
 * id, the UI polls GET /api/v1/jobs/{id} for progress and downloads the
 * result file. From the CLI (ctx->jobs == NULL) a job runs inline, with the
 * same record, progress and result.
 *
 * A job's record (table jobs) holds its kind, state, progress, a summary
 * (JSON text made by the capability's codec), an error, and the result file.
 * Only the user who started a job (or the system) sees it.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct db;
struct jobs;

/* What a job's function gets. ctx is the submitting user's, with its own arena. */
struct job_run {
    struct kh_ctx ctx;
    int64_t id;
    const char *files_dir; /* where result files go (exists) */
    void *arg;
    struct jobs *jobs; /* NULL when inline */
    int64_t last_saved_us;
    int64_t done, total;
};

typedef enum kh_status job_fn(struct job_run *run, struct kh_err *err);
typedef void job_free_fn(void *arg);

/* Report progress; saved to the record at most every 500 ms. Never blocks long. */
void job_progress(struct job_run *run, int64_t done, int64_t total);
/*
 * Set the job's outcome before returning: summary is JSON text (may be
 * NULL); file_path a file under files_dir (NULL if none) with the name and
 * content type the download uses.
 */
KH_NODISCARD enum kh_status job_set_result(struct job_run *run, const char *summary,
                                           const char *file_path, const char *file_name,
                                           const char *content_type, struct kh_err *err);

/* Start the worker threads of the server. files_dir is created if missing. */
KH_NODISCARD enum kh_status jobs_start(struct db *db, const struct kh_clock *clock,
                                       const char *files_dir, int workers, struct jobs **out,
                                       struct kh_err *err);
/* Let running jobs finish (queued ones are marked failed: "server stopped"), stop. */
void jobs_stop(struct jobs *jobs);
const char *jobs_files_dir(const struct jobs *jobs);

/*
 * Create the job record and run fn: queued on ctx->jobs, or inline when
 * ctx->jobs is NULL (then returns after fn, with fn's status). arg is freed
 * with free_arg after the run (free_arg may be NULL). files_dir is used for
 * inline runs.
 */
KH_NODISCARD enum kh_status jobs_submit(const struct kh_ctx *ctx, const char *kind,
                                        const char *files_dir, job_fn *fn, void *arg,
                                        job_free_fn *free_arg, int64_t *id_out, struct kh_err *err);

struct job_info {
    int64_t id;
    const char *kind;
    const char *state; /* queued running done failed */
    int64_t done, total;
    const char *summary; /* JSON text or "" */
    const char *error_zh, *error_en, *error_field;
    const char *file_path, *file_name, *content_type; /* "" when none */
    int64_t created_by, created_at, finished_at;
};

/* A job the acting user started (NOT_FOUND otherwise). */
KH_NODISCARD enum kh_status jobs_get(const struct kh_ctx *ctx, int64_t id, struct job_info *out,
                                     struct kh_err *err);

#endif
