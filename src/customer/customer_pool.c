/* The public pool 公海 (R-OWN-7): release, the pool's list, claims with caps, reclaim rules. */
#include "customer/customer_pool.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "customer/customer_internal.h"
#include "customer/customer_pool_store.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_perm customer_perm_pool_claim = {"pool.claim", "从公海领取客户",
                                                 "Claim customers from the public pool"};
const struct kh_perm customer_perm_pool_rules = {"pool.rules", "设置公海收回规则",
                                                 "Set the public pool's reclaim rules"};

const struct kh_setting customer_setting_pool_max_owned = {
    "pool_max_owned",
    1000,
    1,
    1000000,
    "位",
    "customers",
    "领取公海客户时拥有客户数上限",
    "Customers a salesperson may own and still claim from the pool"};
const struct kh_setting customer_setting_pool_claims_per_day = {
    "pool_claims_per_day",
    20,
    1,
    1000,
    "位/天",
    "a day",
    "每人每天可从公海领取的客户数",
    "Customers one person may claim from the pool a day"};

static const struct list_field pool_fields[] = {
    {"grade", LIST_TEXT, LIST_OP_EQ, offsetof(struct pool_filter, grade), .max = 20,
     .index = "checked on the rows of customers_pool"},
    {"since", LIST_DATE_RANGE, LIST_OP_RANGE, offsetof(struct pool_filter, since_from),
     .key_to = "since_to", .offset_to = offsetof(struct pool_filter, since_to),
     .index = "customers_pool (pool_since)"},
    {0},
};

const struct list_spec pool_list_spec = {.name = "pool", .fields = pool_fields};

enum kh_status customer_pool_release(const struct kh_ctx *ctx, int64_t id, const char *reason,
                                     struct kh_err *err)
{
    if (!utf8_text_ok(reason, POOL_REASON_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请说明放入公海的原因（200字以内）",
                          "say why the customer goes to the pool (at most 200 characters)");
    struct customer c;
    enum kh_status st = customer__load_visible(ctx, id, &c, err);
    if (!st)
        st = customer__not_merged(&c, err);
    if (st)
        return st;
    if (c.archived)
        return kh_err_set(err, KH_E_CONFLICT, "archived", "已归档的客户不能放入公海",
                          "an archived customer does not go to the pool");
    if (!c.owner_id)
        return kh_err_set(err, KH_E_CONFLICT, "owner_id", "这位客户没有负责人（已在公海或待分配）",
                          "the customer has no owner (in the pool or waiting to be assigned)");
    if (c.owner_id != ctx->actor.user_id && !ctx_can(ctx, &customer_perm_transfer))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有负责人或可移交客户的经理能放入公海",
                          "only the owner or a manager who may transfer it releases a customer");
    return pool_store_release(ctx, id, c.owner_id, reason, err);
}

static bool may_see_pool(const struct kh_ctx *ctx)
{
    return ctx_can(ctx, &customer_perm_pool_claim) || ctx_can(ctx, &customer_perm_transfer);
}

enum kh_status customer_pool_list(const struct kh_ctx *ctx, const struct pool_filter *f,
                                  const struct list_page *page, struct pool_customer **out,
                                  int *count, const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    if (!may_see_pool(ctx))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看公海的权限",
                          "not allowed to see the public pool");
    return pool_store_list(ctx, ctx->actor.branch_id, customer_clearance(&ctx->actor), f, page, out,
                           count, next, err);
}

enum kh_status customer_pool_claim(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_pool_claim) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有从公海领取客户的权限",
                          "not allowed to claim customers from the pool");
    struct pool_entry e;
    enum kh_status st = pool_store_get(ctx, id, &e, err);
    if (!st && (!e.in_pool || e.secrecy > customer_clearance(&ctx->actor) ||
                (ctx->actor.branch_id && e.branch_id && e.branch_id != ctx->actor.branch_id)))
        st = KH_E_NOT_FOUND;
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "公海中没有这位客户",
                          "no such customer in the pool");
    if (st)
        return st;
    int64_t max_owned = 0, per_day = 0;
    if ((st = settings_int(ctx, &customer_setting_pool_max_owned, &max_owned, err)) ||
        (st = settings_int(ctx, &customer_setting_pool_claims_per_day, &per_day, err)))
        return st;
    int64_t now = ctx_now(ctx);
    int64_t day_start = time_day_after(ctx_tz(ctx), now) - 86400; /* today, company time */
    return pool_store_claim(ctx, id, ctx->actor.department_id, max_owned, per_day, day_start, err);
}

enum kh_status customer_pool_rules(const struct kh_ctx *ctx, struct pool_rule **out, int *count,
                                   struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!may_see_pool(ctx) && !ctx_can(ctx, &customer_perm_pool_rules))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看公海规则的权限",
                          "not allowed to see the pool's rules");
    return pool_store_rules(ctx, out, count, err);
}

#define POOL_RULES_MAX 50

enum kh_status customer_pool_rules_put(const struct kh_ctx *ctx, const struct pool_rule *rules,
                                       int n, struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_pool_rules))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有设置公海规则的权限",
                          "not allowed to set the pool's rules");
    if (n < 0 || n > POOL_RULES_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "rules", "规则最多50条", "at most 50 rules");
    for (int i = 0; i < n; i++) {
        const struct pool_rule *r = &rules[i];
        char field[48];
        bool twice = false;
        for (int k = 0; k < i; k++)
            twice =
                twice || !strcmp(rules[k].grade ? rules[k].grade : "", r->grade ? r->grade : "");
        if (!utf8_text_ok(r->grade, 20, false) || twice) {
            snprintf(field, sizeof(field), "rules[%d].grade", i);
            return twice ? kh_err_set(err, KH_E_VALIDATION, field, "等级重复",
                                      "this grade has a rule already")
                         : kh_err_set(err, KH_E_VALIDATION, field, "等级最多20字",
                                      "a grade is at most 20 characters");
        }
        if (r->no_followup_days < 0 || r->no_followup_days > 3650) {
            snprintf(field, sizeof(field), "rules[%d].no_followup_days", i);
            return kh_err_set(err, KH_E_VALIDATION, field, "未跟进天数应在 0（不收回）到 3650 之间",
                              "no_followup_days is 0 (off) to 3650");
        }
        if (r->no_deal_days < 0 || r->no_deal_days > 3650) {
            snprintf(field, sizeof(field), "rules[%d].no_deal_days", i);
            return kh_err_set(err, KH_E_VALIDATION, field,
                              "未成交天数应在 0（不看成交）到 3650 之间",
                              "no_deal_days is 0 (not asked) to 3650");
        }
    }
    return pool_store_rules_put(ctx, rules, n, err);
}

/*
 * Candidates read per batch: a large write rewrites each page of the task and
 * opportunity indexes once for many customers (the write ends early when
 * someone waits for the writer).
 */
#define RECLAIM_BATCH 5000

enum kh_status customer_pool_reclaim(const struct kh_ctx *ctx, int *n, struct kh_err *err)
{
    *n = 0;
    struct pool_rule *rules = NULL;
    int nr = 0;
    enum kh_status st = pool_store_rules(ctx, &rules, &nr, err);
    for (int i = 0; i < nr && !st; i++) {
        if (!rules[i].no_followup_days)
            continue;
        int64_t after = 0;
        for (int read = RECLAIM_BATCH; !st && read == RECLAIM_BATCH;) {
            int got = 0;
            st = pool_store_reclaim(ctx, &rules[i], RECLAIM_BATCH, &after, &read, &got, err);
            *n += st ? 0 : got;
        }
    }
    pool_store_reclaim_end(ctx);
    return st;
}

static enum kh_status reclaim_run(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int n = 0;
    enum kh_status st = customer_pool_reclaim(ctx, &n, err);
    return st ? st
              : job_set_result(run, arena_printf(ctx->arena, "{\"reclaimed\":%d}", n), NULL, NULL,
                               NULL, err);
}

const struct job_kind customer_reclaim_kind = {"customer.reclaim", "收回公海客户",
                                               "Customers reclaimed to the pool", reclaim_run, 3};

/* Daily at 01:30, company time, while a rule is on (none is, until an administrator sets one). */
static bool reclaim_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    if (!job_daily_due(ctx_tz(ctx), now, 1, 30, 1800, period, cap))
        return false;
    struct pool_rule *rules = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (pool_store_rules(ctx, &rules, &n, &err))
        return true; /* the run reports what fails */
    for (int i = 0; i < n; i++)
        if (rules[i].no_followup_days)
            return true;
    return false;
}

const struct job_task customer_reclaim_task = {"customer.reclaim", "按规则收回公海客户",
                                               "Reclaim customers to the pool by the rules",
                                               &customer_reclaim_kind, reclaim_due};
