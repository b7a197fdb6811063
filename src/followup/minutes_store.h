#ifndef KH_FOLLOWUP_MINUTES_STORE_H
#define KH_FOLLOWUP_MINUTES_STORE_H

/* The SQL of meeting minutes (migration 047, with the engine's approval_requests). */

#include "followup/minutes.h"

KH_NODISCARD enum kh_status minutes_store_open_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                  int64_t interaction_id, int64_t customer_id,
                                                  int64_t due_at, int64_t task_id,
                                                  struct kh_err *err);
/* One (interaction_id), or f's: an author's or a customer's, of department dept (0: any). */
KH_NODISCARD enum kh_status
minutes_store_list(const struct kh_ctx *ctx, const struct minutes_filter *f, int64_t interaction_id,
                   int64_t dept, struct minutes **out, int *count, struct kh_err *err);
/*
 * Keep body (and request, when not 0: a new submission, the first time
 * recorded as submitted_at) on minutes not yet approved, complete their
 * task, audit; KH_E_CONFLICT "state" when approved meanwhile.
 */
KH_NODISCARD enum kh_status minutes_store_write(const struct kh_ctx *ctx, int64_t interaction_id,
                                                const char *body, int64_t request,
                                                struct kh_err *err);
/* what: "sent" (approved, not sent) or "confirmed" (sent, not confirmed, with note). */
KH_NODISCARD enum kh_status minutes_store_mark(const struct kh_ctx *ctx, int64_t interaction_id,
                                               const char *what, const char *note,
                                               struct kh_err *err);
/* In the approving write of request: the minutes approved (KH_E_CONFLICT when there are none). */
KH_NODISCARD enum kh_status minutes_store_approve_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                     int64_t request, struct kh_err *err);
KH_NODISCARD enum kh_status minutes_store_counts(const struct kh_ctx *ctx, int64_t dept,
                                                 int64_t from, struct minutes_count **out,
                                                 int *count, struct kh_err *err);

#endif
