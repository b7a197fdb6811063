/* The customers a leaving owner hands over (R-SEC-8): a holding kind of the customer archive. */
#include <string.h>

#include "app/holding.h"
#include "customer/customer.h"
#include "customer/customer_store.h"
#include "secrecy/secrecy.h"

static enum kh_status owned(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                            struct kh_err *err)
{
    return customer_store_owned_count(ctx, user_id, -1, n, err);
}

/*
 * The successor must be able to own customers (their role sees customers)
 * and read every one of them: none above their clearance.
 */
static enum kh_status accepts(const struct kh_ctx *ctx, int64_t from, int64_t to,
                              struct kh_err *err)
{
    struct owner_user u;
    enum kh_status st = customer_store_user(ctx, to, &u, err);
    if (st)
        return st;
    struct kh_actor a;
    memset(&a, 0, sizeof(a));
    (void)actor_scopes_parse(&a, u.scopes);
    if (actor_scope(&a, &customer_scope_kind) == KH_SCOPE_NONE)
        return kh_err_setf(
            err, KH_E_VALIDATION, "successors.customers", "%s 的角色不能查看客户，不能接手客户",
            "%s's role sees no customers, so they cannot take customers over", u.name, u.name);
    a.clearance = (unsigned char)u.clearance;
    int level = customer_clearance(&a);
    int64_t above = 0;
    if ((st = customer_store_owned_count(ctx, from, level, &above, err)))
        return st;
    if (above)
        return kh_err_setf(err, KH_E_VALIDATION, "successors.customers",
                           "其中 %lld 位客户的密级高于 %s 的查阅级别（%s）",
                           "%lld of the customers are kept above %s's clearance (%s)",
                           (long long)above, u.name, secrecy_levels[level].zh, (long long)above,
                           u.name, secrecy_levels[level].en);
    return KH_OK;
}

static enum kh_status hand_over(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                int64_t to, const char *reason, int64_t *moved, struct kh_err *err)
{
    return customer_store_hand_over_on(c, ctx, from, to, reason, moved, err);
}

const struct holding_kind customer_holding = {
    .name = "customers",
    .label_zh = "负责的客户",
    .label_en = "Customers owned",
    .count = owned,
    .accepts = accepts,
    .hand_over = hand_over,
};
