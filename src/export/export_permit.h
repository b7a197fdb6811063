#ifndef KH_EXPORT_EXPORT_PERMIT_H
#define KH_EXPORT_EXPORT_PERMIT_H

/*
 * Approved exports of personal data (R-SEC-6). Every customer export holds
 * personal data (names, phones, addresses), so an export needs either the
 * permission to approve exports (export.approve: the general manager and
 * the customer-information supervisor, who are its approvers) or an
 * approved request of kind "export.personal" naming exactly what is
 * exported: the list's filter, format and encoding, or one customer's file.
 *
 * An approved request is a permit for one export, by its requester, of what
 * was approved (not of what they ask for later). The export job that starts
 * from it takes the permit (export_permits, in its own write, before the
 * file is made); a second job finds it taken and fails, so the export is
 * produced once. A job that fails gives the permit back, so a full disk
 * does not spend an approval. The file is watermarked and registered as a
 * loan like every export, with the request's number in the loan's reason.
 *
 * The server's operator (kehu export) exports without a permit: the
 * command runs on the server, where the database itself is at hand.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"
#include "export/export.h"

extern const struct kh_perm export_perm_approve;
extern const struct kh_perm *const export_perms[];
extern const struct approval_kind export_approval_personal;

/* The acting user exports without a request (export.approve). */
bool export_may_export_directly(const struct kh_ctx *ctx);

/*
 * Ask for an export: of the list (customer_id 0: req's filter, format and
 * encoding) or of one customer's file. The requester must be able to export
 * it now (their scope; one customer they read, not through a grant).
 * reason required; purpose required. *approval_id: the new request.
 * KH_E_VALIDATION naming "reason" or "purpose"; the approvals engine's
 * refusals.
 */
KH_NODISCARD enum kh_status export_permit_request(const struct kh_ctx *ctx,
                                                  const struct export_request *req,
                                                  int64_t customer_id, const char *reason,
                                                  const char *purpose, int64_t *approval_id,
                                                  struct kh_err *err);

/*
 * Start the export an approved request allows: the acting user must be its
 * requester (KH_E_NOT_FOUND otherwise, as for a request they cannot see);
 * KH_E_CONFLICT "approval_id" when it is not approved (yet) or its export
 * was produced already; KH_E_VALIDATION "approval_id" when customer_id
 * (>= 0: 0 a list, else that customer's file; -1: whichever was approved)
 * is not what the request approved. *job_id: the export job.
 */
KH_NODISCARD enum kh_status export_permit_start(const struct kh_ctx *ctx, int64_t approval_id,
                                                int64_t customer_id, int64_t *job_id,
                                                struct kh_err *err);

/* The acting user's export requests, newest first (at most 50), with their use. */
struct export_permit {
    int64_t approval_id;
    const char *state; /* the request's: pending | returned | approved | rejected | withdrawn */
    const char *summary_zh, *summary_en;
    int64_t customer_id; /* one customer's file; 0: a list */
    int64_t created_at, decided_at;
    int64_t job_id;   /* the job that produced it (0: not produced) */
    int64_t taken_at; /* when that job started */
};
KH_NODISCARD enum kh_status export_permits_mine(const struct kh_ctx *ctx,
                                                struct export_permit **out, int *count,
                                                struct kh_err *err);

/* For the export job: take the permit (again, for a job run again) or refuse; give it back. */
KH_NODISCARD enum kh_status export__permit_take(const struct kh_ctx *ctx, int64_t approval_id,
                                                int64_t job_id, struct kh_err *err);
void export__permit_release(const struct kh_ctx *ctx, int64_t approval_id, int64_t job_id);

#endif
