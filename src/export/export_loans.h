#ifndef KH_EXPORT_EXPORT_LOANS_H
#define KH_EXPORT_EXPORT_LOANS_H

/*
 * The lending register's export (R-SEC-5): the loans a filter of GET
 * /loans selects, every page, as an xlsx sheet with headers in the
 * requester's language. Needs loan.manage. A background job (kind
 * "loan_export"), its request audited as "loan.export_register".
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"
#include "loan/loan.h"

extern const struct job_kind export_loans_job_kind;

KH_NODISCARD enum kh_status export_loans_start(const struct kh_ctx *ctx,
                                               const struct loan_filter *f, bool english,
                                               int64_t *job_id, struct kh_err *err);

#endif
