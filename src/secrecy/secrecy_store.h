#ifndef KH_SECRECY_SECRECY_STORE_H
#define KH_SECRECY_SECRECY_STORE_H

/* The secrecy module's SQL: custodians. */

#include "secrecy/secrecy.h"

KH_NODISCARD enum kh_status secrecy_store_custodians(const struct kh_ctx *ctx,
                                                     struct secrecy_custodian out[2],
                                                     struct kh_err *err);

/*
 * A user's role scopes, clearance (-1: the role's) and whether they are
 * active; KH_E_NOT_FOUND when there is no such user.
 */
KH_NODISCARD enum kh_status secrecy_store_user(const struct kh_ctx *ctx, int64_t user_id,
                                               struct kh_actor *out, bool *active,
                                               struct kh_err *err);

/* Set (user_id > 0) or clear the custodian of level, audited with detail. */
KH_NODISCARD enum kh_status secrecy_store_custodian_put(const struct kh_ctx *ctx, int level,
                                                        int64_t user_id, const char *detail,
                                                        struct kh_err *err);

struct db_conn;

/* Departure handover (R-SEC-8): the levels user_id keeps (*n, the highest *top); passing them. */
KH_NODISCARD enum kh_status secrecy_store_custodian_of(const struct kh_ctx *ctx, int64_t user_id,
                                                       int64_t *n, int64_t *top,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status secrecy_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                       int64_t from, int64_t to, const char *reason,
                                                       int64_t *moved, struct kh_err *err);

#endif
