#ifndef KH_APP_CUSTOMER_REF_H
#define KH_APP_CUSTOMER_REF_H

/*
 * What another capability keeps about a customer by its id (a loan's
 * customers, a leak report's): each capability registers its kinds (struct
 * capability .customer_refs), so that merging a duplicate into a survivor
 * (R-ARC-8) carries every attached record with it without the customer
 * module knowing the other capabilities' tables.
 */

#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct db_conn;

struct customer_ref_kind {
    const char *name; /* "loans" */
    /*
     * In the merge's write: every reference to customer `from` becomes one
     * to `to`; a row that would then repeat one `to` already has is dropped.
     * *moved: how many references `from` had.
     */
    enum kh_status (*move)(struct db_conn *c, const struct kh_ctx *ctx, int64_t from, int64_t to,
                           int64_t *moved, struct kh_err *err);
    /*
     * In a destruction's write (R-SEC-7): remove the personal data this
     * capability keeps about customer id (its files, its copies of values).
     * NULL when it keeps only the id, which may stay.
     */
    enum kh_status (*forget)(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err);
};

#endif
