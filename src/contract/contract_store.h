#ifndef KH_CONTRACT_CONTRACT_STORE_H
#define KH_CONTRACT_CONTRACT_STORE_H

/* Contracts in the database: one write per change, its audit inside. */

#include "contract/contract.h"
#include "customer/customer.h"

struct db_conn;

KH_NODISCARD enum kh_status contract_store_get(const struct kh_ctx *ctx, int64_t id,
                                               struct contract *out, struct kh_err *err);
/* Insert k (its code made from the day and number); *id its number. */
KH_NODISCARD enum kh_status contract_store_insert(const struct kh_ctx *ctx,
                                                  const struct contract *k, const char *action,
                                                  const char *detail, int64_t *id,
                                                  struct kh_err *err);
/*
 * Write k's fields and stored state over the row, only while it is still in
 * old_state with approval old_approval (else CONFLICT "state").
 */
KH_NODISCARD enum kh_status contract_store_update(const struct kh_ctx *ctx,
                                                  const struct contract *k, const char *old_state,
                                                  int64_t old_approval, const char *action,
                                                  const char *detail, struct kh_err *err);
/* In the approval's write: the contract active (CONFLICT when it is no longer waiting for it). */
KH_NODISCARD enum kh_status contract_store_activate_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                       int64_t id, int64_t approval_id,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status
contract_store_list(const struct kh_ctx *ctx, const struct customer_scope *scope,
                    const struct contract_filter *f, const char *pattern, const char *today,
                    const char *until, const char *after_ends, int64_t after_id, int limit,
                    struct contract **out, int *count, struct kh_err *err);
/* The expiry reminders of contracts ending on or before until (today .. until); *n how many. */
KH_NODISCARD enum kh_status contract_store_remind(const struct kh_ctx *ctx, const char *today,
                                                  const char *until, int *n, struct kh_err *err);

KH_NODISCARD enum kh_status contract_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t from, int64_t to, int64_t *moved,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status contract_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                     int64_t id, struct kh_err *err);

#endif
