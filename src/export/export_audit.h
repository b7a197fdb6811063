#ifndef KH_EXPORT_EXPORT_AUDIT_H
#define KH_EXPORT_EXPORT_AUDIT_H

/*
 * Export of the audit log (for the auditor): the entries an audit_filter
 * selects (limit and cursor ignored), newest first, as UTF-8 CSV (with a
 * BOM) whose headers and action words are in one language (english or
 * zh-CN). Needs audit.read (KH_E_FORBIDDEN). Runs as a background job
 * (kind "audit_export"); its summary is {"rows":N}, its file the CSV. The
 * request is audited as "audit.export" with its filter as the detail.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "audit/audit.h"
#include "core/err.h"

extern const struct job_kind export_audit_job_kind;

KH_NODISCARD enum kh_status export_audit_start(const struct kh_ctx *ctx,
                                               const struct audit_filter *f, bool english,
                                               int64_t *job_id, struct kh_err *err);

#endif
