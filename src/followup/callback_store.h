#ifndef KH_FOLLOWUP_CALLBACK_STORE_H
#define KH_FOLLOWUP_CALLBACK_STORE_H

/* The SQL of callback lists (migration 045). */

#include "followup/callback.h"
#include "followup/task.h"

/*
 * In one write: the list, its tasks (source callback:<list>:<customer>),
 * one notice to each person given some (shares), one audit entry.
 */
KH_NODISCARD enum kh_status callback_store_create(const struct kh_ctx *ctx,
                                                  const struct callback_input *in,
                                                  const struct task_input *tasks, int ntasks,
                                                  const struct callback_share *shares, int nshares,
                                                  int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status callback_store_lists(const struct kh_ctx *ctx,
                                                 struct callback_list **out, int *count,
                                                 struct kh_err *err);

#endif
