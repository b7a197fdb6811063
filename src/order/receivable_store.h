#ifndef KH_ORDER_RECEIVABLE_STORE_H
#define KH_ORDER_RECEIVABLE_STORE_H

/* Payment plans and payments in the database; the matching is redone in every write. */

#include "customer/customer.h"
#include "order/receivable.h"

struct db_conn;

KH_NODISCARD enum kh_status receivable_store_get(const struct kh_ctx *ctx, int64_t order_id,
                                                 struct receivable *out, struct kh_err *err);
/* Replace the plan (checked against the order's amount here, in the write). */
KH_NODISCARD enum kh_status receivable_store_plan(const struct kh_ctx *ctx, int64_t order_id,
                                                  const struct installment_input *in, int n,
                                                  struct kh_err *err);
/* Record a payment unless it is more than the order still owes (VALIDATION amount_fen). */
KH_NODISCARD enum kh_status receivable_store_pay(const struct kh_ctx *ctx, int64_t order_id,
                                                 const struct payment_input *in, int64_t *id,
                                                 struct kh_err *err);

/* In an order's write: a new order's plan, one installment of amount due on due_on. */
KH_NODISCARD enum kh_status receivable_store_start_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t order_id, const char *due_on,
                                                      int64_t amount_fen, struct kh_err *err);
/*
 * In an order's write: its amount is now amount_fen; the last installment
 * takes the difference (VALIDATION "lines" when that leaves it empty, or
 * when the payments received are more than the new amount).
 */
KH_NODISCARD enum kh_status receivable_store_resize_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                       int64_t order_id, int64_t amount_fen,
                                                       struct kh_err *err);
/* In a cancellation's write: CONFLICT "state" when the order has payments. */
KH_NODISCARD enum kh_status receivable_store_unpaid_on(struct db_conn *c, int64_t order_id,
                                                       struct kh_err *err);

struct receivable_query {
    struct customer_scope scope;
    const struct receivable_filter *f;
    const char *today;
};
KH_NODISCARD enum kh_status receivable_store_list(const struct kh_ctx *ctx,
                                                  const struct receivable_query *q,
                                                  const char *after_due, int64_t after_id,
                                                  int limit, struct installment **out, int *count,
                                                  struct kh_err *err);
KH_NODISCARD enum kh_status receivable_store_summary(const struct kh_ctx *ctx,
                                                     const struct receivable_query *q,
                                                     const char *in_30_days,
                                                     struct receivable_summary *out,
                                                     struct kh_err *err);

/* calendar_alerts: overdue installments not alerted on day (the company's day number). */
KH_NODISCARD enum kh_status receivable_store_alert_due(const struct kh_ctx *ctx, int64_t now,
                                                       int64_t day, bool *any, struct kh_err *err);
KH_NODISCARD enum kh_status receivable_store_alert(const struct kh_ctx *ctx, int64_t now,
                                                   int64_t day, int *n, struct kh_err *err);

#endif
