#ifndef KH_ORDER_INVOICE_STORE_H
#define KH_ORDER_INVOICE_STORE_H

/* Invoice titles and invoices in the database; each write audited inside. */

#include "order/invoice.h"

struct db_conn;

KH_NODISCARD enum kh_status invoice_store_titles(const struct kh_ctx *ctx, int64_t customer_id,
                                                 struct invoice_title **out, int *count,
                                                 struct kh_err *err);
KH_NODISCARD enum kh_status invoice_store_title(const struct kh_ctx *ctx, int64_t id,
                                                struct invoice_title *out, struct kh_err *err);
/* Insert (t->id 0) or update t; is_default clears the customer's others; the first is default. */
KH_NODISCARD enum kh_status invoice_store_title_put(const struct kh_ctx *ctx,
                                                    struct invoice_title *t, struct kh_err *err);
KH_NODISCARD enum kh_status invoice_store_title_delete(const struct kh_ctx *ctx,
                                                       const struct invoice_title *t,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status invoice_store_list(const struct kh_ctx *ctx, int64_t order_id,
                                               struct invoice **out, int *count,
                                               struct kh_err *err);
/* Issue, checking in the write the order's state and what is not yet invoiced. */
KH_NODISCARD enum kh_status invoice_store_issue(const struct kh_ctx *ctx, int64_t order_id,
                                                const struct invoice_input *in, int64_t *id,
                                                struct kh_err *err);

KH_NODISCARD enum kh_status invoice_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                     int64_t from, int64_t to, int64_t *moved,
                                                     struct kh_err *err);
KH_NODISCARD enum kh_status invoice_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                    int64_t id, struct kh_err *err);

#endif
