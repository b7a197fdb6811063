#ifndef KH_FOLLOWUP_VISIT_H
#define KH_FOLLOWUP_VISIT_H

/*
 * Visit plans 客户走访单 (R-INT-2). Before a visit its salesperson files a
 * plan: the customer (theirs to work on), the objective and the time. The
 * plan is a request of the approvals engine (kind visit.plan), decided by
 * the requester's department head (the branch manager) unless the company
 * sets another chain; it can be returned, resubmitted, rejected, withdrawn
 * there. Its approval makes the visit a task of the requester (kind visit,
 * due at the planned time). Closing the plan logs the visit as an
 * interaction (channel visit), which completes that task.
 *
 * States: pending, returned, rejected, withdrawn (the request's), approved,
 * done (closed with its interaction).
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct approval_kind;
struct interaction_input;

extern const struct approval_kind visit_approval_plan;

struct visit_plan {
    int64_t id; /* the approval request's */
    int64_t customer_id;
    const char *customer_code, *customer_name;
    int64_t requester_id;
    const char *requester_name;
    const char *objective;
    int64_t planned_at;
    const char *state;
    int64_t task_id, interaction_id, closed_at, created_at;
};

/*
 * File a plan as the acting user (interaction.log, the customer in scope):
 * objective 1-500 characters, planned_at in the future, reason (why the
 * visit, for the approver; may be ""). *id the request's. KH_E_VALIDATION
 * naming customer_id, objective or planned_at; the engine's refusals.
 */
KH_NODISCARD enum kh_status visit_plan_file(const struct kh_ctx *ctx, int64_t customer_id,
                                            const char *objective, int64_t planned_at,
                                            const char *reason, int64_t *id, struct kh_err *err);
/* The actor's plans, newest first (at most 200); with customer_id, that customer's (who reads it).
 */
KH_NODISCARD enum kh_status visit_plan_list(const struct kh_ctx *ctx, int64_t customer_id,
                                            struct visit_plan **out, int *count,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status visit_plan_get(const struct kh_ctx *ctx, int64_t id,
                                           struct visit_plan *out, struct kh_err *err);
/*
 * Close an approved plan of the actor's with the visit's result: in (its
 * customer, channel and task are the plan's) is logged as the interaction.
 * KH_E_CONFLICT "state" unless approved and not closed.
 */
KH_NODISCARD enum kh_status visit_plan_close(const struct kh_ctx *ctx, int64_t id,
                                             const struct interaction_input *in,
                                             int64_t *interaction_id, struct kh_err *err);

#endif
