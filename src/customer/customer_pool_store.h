#ifndef KH_CUSTOMER_CUSTOMER_POOL_STORE_H
#define KH_CUSTOMER_CUSTOMER_POOL_STORE_H

/* The public pool's SQL (migration 048, with customers and owner_history). */

#include "customer/customer_pool.h"

struct pool_entry {
    bool in_pool;
    int64_t branch_id;
    int secrecy;
};

/* The owner from gives id to the pool (reason); KH_E_CONFLICT when the owner changed meanwhile. */
KH_NODISCARD enum kh_status pool_store_release(const struct kh_ctx *ctx, int64_t id, int64_t from,
                                               const char *reason, struct kh_err *err);
/* KH_E_NOT_FOUND for no such customer (merged and staged ones included). */
KH_NODISCARD enum kh_status pool_store_get(const struct kh_ctx *ctx, int64_t id,
                                           struct pool_entry *out, struct kh_err *err);
/* branch 0: every branch's pool; customers above clearance left out. */
KH_NODISCARD enum kh_status pool_store_list(const struct kh_ctx *ctx, int64_t branch, int clearance,
                                            const struct pool_filter *f,
                                            const struct list_page *page,
                                            struct pool_customer **out, int *count,
                                            const char **next, struct kh_err *err);
/* The acting user takes id into department dept, the caps checked in the same write. */
KH_NODISCARD enum kh_status pool_store_claim(const struct kh_ctx *ctx, int64_t id, int64_t dept,
                                             int64_t max_owned, int64_t per_day, int64_t day_start,
                                             struct kh_err *err);
KH_NODISCARD enum kh_status pool_store_rules(const struct kh_ctx *ctx, struct pool_rule **out,
                                             int *count, struct kh_err *err);
KH_NODISCARD enum kh_status pool_store_rules_put(const struct kh_ctx *ctx,
                                                 const struct pool_rule *rules, int n,
                                                 struct kh_err *err);
/*
 * The next batch of customers r reclaims, after id *after (moved on to the
 * last one looked at): each to the pool, its owners told. *read: candidates
 * read (0: none left; batch when the write ended early, so the caller goes
 * on); *n: reclaimed. The writer keeps a large page cache from the first
 * batch until pool_store_reclaim_end.
 */
KH_NODISCARD enum kh_status pool_store_reclaim(const struct kh_ctx *ctx, const struct pool_rule *r,
                                               int batch, int64_t *after, int *read, int *n,
                                               struct kh_err *err);
/* The run's batches are over: the writer's page cache back to its usual size. */
void pool_store_reclaim_end(const struct kh_ctx *ctx);

#endif
