#ifndef KH_FOLLOWUP_VISIT_STORE_H
#define KH_FOLLOWUP_VISIT_STORE_H

/* The SQL of visit plans (migration 044, with the engine's approval_requests). */

#include "followup/visit.h"

struct db_conn;

/* In the approving write: the plan kept with the task of its visit. */
KH_NODISCARD enum kh_status visit_store_insert_on(struct db_conn *c, int64_t request_id,
                                                  int64_t customer_id, int64_t requester_id,
                                                  const char *objective, int64_t planned_at,
                                                  int64_t task_id, struct kh_err *err);
/* Plans newest first: a requester's (requester), a customer's (customer_id) or one (id). */
KH_NODISCARD enum kh_status visit_store_list(const struct kh_ctx *ctx, int64_t requester,
                                             int64_t customer_id, int64_t id,
                                             struct visit_plan **out, int *count,
                                             struct kh_err *err);

#endif
