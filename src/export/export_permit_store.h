#ifndef KH_EXPORT_EXPORT_PERMIT_STORE_H
#define KH_EXPORT_EXPORT_PERMIT_STORE_H

/* export_permits: which job took an approved export's permit (export_permit.h). */

#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

/* Take the permit for job_id unless another job holds it; *holder: the job that holds it now. */
KH_NODISCARD enum kh_status export_permit_store_take(const struct kh_ctx *ctx, int64_t approval_id,
                                                     int64_t job_id, int64_t *holder,
                                                     struct kh_err *err);
/* Give it back (only job_id's hold). */
KH_NODISCARD enum kh_status export_permit_store_release(const struct kh_ctx *ctx,
                                                        int64_t approval_id, int64_t job_id,
                                                        struct kh_err *err);
/* The job that holds it (0: none) and when it took it. */
KH_NODISCARD enum kh_status export_permit_store_taken_by(const struct kh_ctx *ctx,
                                                         int64_t approval_id, int64_t *job_id,
                                                         int64_t *at, struct kh_err *err);

#endif
