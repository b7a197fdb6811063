#ifndef KH_JOBS_JOBS_STORE_H
#define KH_JOBS_JOBS_STORE_H

/* The jobs table's SQL. */

#include "jobs/jobs.h"

KH_NODISCARD enum kh_status jobs_store_create(const struct kh_ctx *ctx, const char *kind,
                                              int64_t *id_out, struct kh_err *err);
KH_NODISCARD enum kh_status jobs_store_state(const struct kh_ctx *ctx, int64_t id,
                                             const char *state, struct kh_err *err);
/* False inside a write (progress must then stay in memory). */
bool jobs_store_can_write(void);
KH_NODISCARD enum kh_status jobs_store_progress(const struct kh_ctx *ctx, int64_t id, int64_t done,
                                                int64_t total, struct kh_err *err);
KH_NODISCARD enum kh_status jobs_store_result(const struct kh_ctx *ctx, int64_t id,
                                              const char *summary, const char *file_path,
                                              const char *file_name, const char *content_type,
                                              struct kh_err *err);
/* Final state: done, or failed with the error. */
KH_NODISCARD enum kh_status jobs_store_finish(const struct kh_ctx *ctx, int64_t id,
                                              const struct kh_err *failure, struct kh_err *err);
KH_NODISCARD enum kh_status jobs_store_get(const struct kh_ctx *ctx, int64_t id,
                                           struct job_info *out, struct kh_err *err);
/* Jobs left queued or running by a stopped server are failed at start. */
KH_NODISCARD enum kh_status jobs_store_fail_unfinished(const struct kh_ctx *ctx,
                                                       struct kh_err *err);

#endif
