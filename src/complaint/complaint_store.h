#ifndef KH_COMPLAINT_COMPLAINT_STORE_H
#define KH_COMPLAINT_COMPLAINT_STORE_H

/* Complaints in the database; each write audited and its event appended inside. */

#include "complaint/complaint.h"
#include "customer/customer.h"

struct db_conn;

/* Insert a checked complaint (in->received_at set, in->written 0 or 1). */
KH_NODISCARD enum kh_status complaint_store_insert(const struct kh_ctx *ctx,
                                                   const struct complaint_input *in,
                                                   const struct customer_brief *c, int64_t *id,
                                                   struct kh_err *err);
/* Resolve id when open: KH_E_CONFLICT "state" when it is not. */
KH_NODISCARD enum kh_status complaint_store_resolve(const struct kh_ctx *ctx, int64_t id,
                                                    const char *resolution, struct kh_err *err);
/* One complaint by id, whoever may see it (the caller checks); *found. */
KH_NODISCARD enum kh_status complaint_store_get(const struct kh_ctx *ctx, int64_t id,
                                                struct complaint *out, bool *found,
                                                struct kh_err *err);
/*
 * Up to limit complaints with id below before (0: from the newest), newest
 * first, state "" any: customer_id's (customer > 0, visibility checked by
 * the caller) or those of the customers in scope.
 */
KH_NODISCARD enum kh_status complaint_store_list(const struct kh_ctx *ctx,
                                                 const struct customer_scope *scope,
                                                 int64_t customer, const char *state,
                                                 int64_t before, int limit, struct complaint **out,
                                                 int *count, struct kh_err *err);

KH_NODISCARD enum kh_status complaint_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                       int64_t from, int64_t to, int64_t *moved,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status complaint_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t id, struct kh_err *err);

#endif
