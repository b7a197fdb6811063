#ifndef KH_CUSTOMER_CUSTOMER_POOL_H
#define KH_CUSTOMER_CUSTOMER_POOL_H

/*
 * The public pool 公海 (R-OWN-7). A customer enters it without an owner:
 * released by its owner (or a manager who may transfer it) with a reason,
 * or reclaimed by the daily job from an owner who logged no interaction on
 * it for the days its grade's rule sets (and, when set, recorded no
 * purchase): the rules are off until an administrator sets them. The
 * customer keeps its department, so its managers still see it.
 *
 * Holders of pool.claim (salespeople, sales managers) list the pool of
 * their branch (everyone's when they have none) with its fields for
 * deciding (code, name, kind, grade, category, region, since when and why,
 * the last interaction) and claim a customer: it becomes theirs, within
 * pool_max_owned customers owned and pool_claims_per_day claims a day
 * (settings), and at most their clearance. Every release, claim and
 * reclaim is in the customer's owner history and audited.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct job_kind;
struct job_task;

extern const struct kh_perm customer_perm_pool_claim;
extern const struct kh_perm customer_perm_pool_rules;
extern const struct kh_setting customer_setting_pool_max_owned;
extern const struct kh_setting customer_setting_pool_claims_per_day;
extern const struct job_kind customer_reclaim_kind;
extern const struct job_task customer_reclaim_task;

#define POOL_REASON_MAX 200

struct pool_customer {
    int64_t id;
    const char *code, *name, *kind, *grade, *category;
    int province_code, city_code;
    int64_t pool_since;
    const char *pool_reason;
    int64_t last_contact; /* the last interaction logged on it (0: none) */
};

struct pool_filter {
    const char *grade;
    int64_t since_from, since_to; /* in the pool since: from <= pool_since < to (0: open) */
};
extern const struct list_spec pool_list_spec;

struct pool_rule {
    const char *grade;    /* "" for any grade without its own rule */
    int no_followup_days; /* 0: off; 1 .. 3650 */
    int no_deal_days;     /* 0: not asked; 1 .. 3650 */
};

/* Release customer id to the pool with a reason (1 .. 200 characters). */
KH_NODISCARD enum kh_status customer_pool_release(const struct kh_ctx *ctx, int64_t id,
                                                  const char *reason, struct kh_err *err);
/* The pool of the actor's branch, longest there first (a page). */
KH_NODISCARD enum kh_status customer_pool_list(const struct kh_ctx *ctx,
                                               const struct pool_filter *f,
                                               const struct list_page *page,
                                               struct pool_customer **out, int *count,
                                               const char **next, struct kh_err *err);
/*
 * Claim a pool customer: KH_E_CONFLICT "pool" when it left the pool
 * meanwhile, "max_owned" or "claims_per_day" at a cap (the message says
 * which and how many).
 */
KH_NODISCARD enum kh_status customer_pool_claim(const struct kh_ctx *ctx, int64_t id,
                                                struct kh_err *err);
KH_NODISCARD enum kh_status customer_pool_rules(const struct kh_ctx *ctx, struct pool_rule **out,
                                                int *count, struct kh_err *err);
/* Replace the rules (pool.rules): grades unique, days within range; KH_E_VALIDATION "rules[i].…".
 */
KH_NODISCARD enum kh_status customer_pool_rules_put(const struct kh_ctx *ctx,
                                                    const struct pool_rule *rules, int n,
                                                    struct kh_err *err);
/* The daily job: reclaim what the rules say; *n customers put back in the pool. */
KH_NODISCARD enum kh_status customer_pool_reclaim(const struct kh_ctx *ctx, int *n,
                                                  struct kh_err *err);

#endif
