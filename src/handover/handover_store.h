#ifndef KH_HANDOVER_HANDOVER_STORE_H
#define KH_HANDOVER_HANDOVER_STORE_H

#include "handover/handover.h"

/*
 * One write: each kind of moved[0..n) passed from `from` to its successor
 * (its count updated to what moved), then the "user.handover" audit entry.
 */
KH_NODISCARD enum kh_status handover_store_run(const struct kh_ctx *ctx, int64_t from,
                                               struct handover_moved *moved, int n,
                                               const char *reason, struct kh_err *err);

#endif
