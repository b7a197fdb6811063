#ifndef KH_ORDER_ORDER_STORE_H
#define KH_ORDER_ORDER_STORE_H

/* Orders in the database: one write per change, its purchase and audit inside. */

#include "customer/customer.h"
#include "order/order.h"

struct db_conn;

/* A change, checked (order.c). */
struct order_write {
    const char *action;    /* order.create, order.update, order.deliver, order.cancel */
    struct order o;        /* the row as it is to be (id 0: a new one) */
    const char *old_state; /* the state it was read in (NULL: new) */
    bool lines_changed;    /* write o.lines in place of the old ones */
    const char *products;  /* the purchase's summary of the lines (NULL: cancelled) */
    const char *detail;    /* the audit entry's */
    const char *first_due; /* a new order: its one installment's due day (receivable.h) */
    int skipped;           /* out: the non-buyer calls a new purchase skipped */
};

KH_NODISCARD enum kh_status order_store_write(const struct kh_ctx *ctx, struct order_write *w,
                                              int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status order_store_get(const struct kh_ctx *ctx, int64_t id, bool lines,
                                            struct order *out, struct kh_err *err);
/*
 * A page of f among the customers of scope, newest first, after the
 * (ordered_at, id) of the cursor (0, 0: the first page); pattern an
 * upper-case LIKE pattern of f->q ("" none).
 */
KH_NODISCARD enum kh_status order_store_list(const struct kh_ctx *ctx,
                                             const struct customer_scope *scope,
                                             const struct order_filter *f, const char *pattern,
                                             int64_t before_at, int64_t before_id, int limit,
                                             struct order **out, int *count, struct kh_err *err);

KH_NODISCARD enum kh_status order_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                   int64_t from, int64_t to, int64_t *moved,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status order_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                  int64_t id, struct kh_err *err);

#endif
