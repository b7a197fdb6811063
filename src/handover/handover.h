#ifndef KH_HANDOVER_HANDOVER_H
#define KH_HANDOVER_HANDOVER_H

/*
 * Departure handover 离职交接 (R-SEC-8). A user who holds anything (every
 * registered holding kind, app/holding.h: customers owned, loans not
 * returned, open requests and approvals, department headships, secrecy
 * custodianships) cannot be disabled; a handover passes all of it to named
 * successors (one for everything, or one per kind) in one write, with one
 * audit entry "user.handover" beside each kind's own records, after which
 * disabling succeeds. Needs user.manage.
 */

#include <stdint.h>

#include "app/ctx.h"
#include "app/holding.h"
#include "core/err.h"

extern const struct kh_audit_action handover_audit_actions[];

/* A successor for one kind. */
struct handover_successor {
    const char *kind; /* a holding kind's name */
    int64_t to;
};

struct handover_input {
    int64_t to; /* the successor of every kind not named below (0: none) */
    const struct handover_successor *successors;
    int nsuccessors;
    const char *reason; /* required, at most 500 characters */
};

/* What was passed on, per kind: the kind, how many and to whom. */
struct handover_moved {
    const struct holding_kind *kind;
    int64_t count;
    int64_t to;
};

/* What user_id holds now, per kind (user.manage; KH_E_NOT_FOUND for no such user). */
KH_NODISCARD enum kh_status handover_holdings(const struct kh_ctx *ctx, int64_t user_id,
                                              struct holding_count **out, int *n,
                                              struct kh_err *err);

/*
 * Pass everything user_id holds to the successors. Refusals, before
 * anything changes: KH_E_VALIDATION "reason"; "successors.<kind>" for an
 * unknown kind, a kind held with no successor, a successor that is the
 * leaver, not an active user, or one the kind does not accept (e.g. a
 * clearance below the customers' levels); KH_E_CONFLICT when the user holds
 * nothing. *moved (ctx->arena): what moved, per kind held.
 */
KH_NODISCARD enum kh_status handover_run(const struct kh_ctx *ctx, int64_t user_id,
                                         const struct handover_input *in,
                                         struct handover_moved **moved, int *n, struct kh_err *err);

#endif
