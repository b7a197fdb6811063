#include "secrecy/secrecy.h"

#include <string.h>

#include "app/holding.h"
#include "core/arena.h"
#include "customer/customer.h"
#include "secrecy/secrecy_store.h"

const struct kh_choice secrecy_levels[] = {
    {"normal", "普通", "Normal"},
    {"confidential", "机密", "Confidential"},
    {"top_secret", "绝密", "Top secret"},
    {0},
};

const struct kh_perm secrecy_perm_manage = {"secrecy.manage", "指定密级专人、设置用户密级权限",
                                            "Name custodians and set clearances"};
const struct kh_perm secrecy_perm_classify = {"customer.classify", "设定客户密级",
                                              "Set customers' secrecy levels"};
const struct kh_perm *const secrecy_perms[] = {&secrecy_perm_manage, &secrecy_perm_classify, NULL};

const struct kh_audit_action secrecy_audit_actions[] = {
    {"secrecy.custodian", "指定密级专人", "Custodian named"},
    {0},
};

const char *secrecy_name(int level)
{
    return level > 0 && level < SECRECY_LEVELS ? secrecy_levels[level].value : "normal";
}

int secrecy_parse(const char *name)
{
    for (int i = 0; name && i < SECRECY_LEVELS; i++)
        if (!strcmp(name, secrecy_levels[i].value))
            return i;
    return -1;
}

enum kh_status secrecy_custodians(const struct kh_ctx *ctx, struct secrecy_custodian out[2],
                                  struct kh_err *err)
{
    return secrecy_store_custodians(ctx, out, err);
}

enum kh_status secrecy_custodian_set(const struct kh_ctx *ctx, int level, int64_t user_id,
                                     struct kh_err *err)
{
    if (!ctx_can(ctx, &secrecy_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有指定密级专人的权限",
                          "not allowed to name custodians");
    if (level != SECRECY_CONFIDENTIAL && level != SECRECY_TOP_SECRET)
        return kh_err_set(err, KH_E_VALIDATION, "level", "只有机密和绝密两级设专人",
                          "only the confidential and top-secret levels have a custodian");
    if (user_id < 0)
        return kh_err_set(err, KH_E_VALIDATION, "custodian_id", "专人应为用户编号或 null",
                          "the custodian must be a user id or null");
    if (user_id) {
        struct kh_actor who = {0};
        bool active = false;
        enum kh_status st = secrecy_store_user(ctx, user_id, &who, &active, err);
        if (st == KH_E_NOT_FOUND || (!st && !active))
            return kh_err_set(err, KH_E_VALIDATION, "custodian_id", "用户不存在或已停用",
                              "no such active user");
        if (st)
            return st;
        if (customer_clearance(&who) < level)
            return kh_err_set(err, KH_E_VALIDATION, "custodian_id",
                              "此人的密级权限低于该密级，不能担任专人",
                              "this user is not cleared for the level, so cannot keep it");
    }
    const char *detail = arena_printf(ctx->arena, "level=%s custodian=%lld", secrecy_name(level),
                                      (long long)user_id);
    return secrecy_store_custodian_put(ctx, level, user_id, detail, err);
}

/* ---- departure handover (R-SEC-8) ---- */

static enum kh_status kept(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                           struct kh_err *err)
{
    int64_t top = 0;
    return secrecy_store_custodian_of(ctx, user_id, n, &top, err);
}

/* The successor keeps the levels only if cleared for the highest of them. */
static enum kh_status custodian_accepts(const struct kh_ctx *ctx, int64_t from, int64_t to,
                                        struct kh_err *err)
{
    int64_t n = 0, top = 0;
    enum kh_status st = secrecy_store_custodian_of(ctx, from, &n, &top, err);
    if (st || !n)
        return st;
    struct kh_actor who = {0};
    bool active = false;
    if ((st = secrecy_store_user(ctx, to, &who, &active, err)))
        return st;
    if (customer_clearance(&who) < top)
        return kh_err_setf(err, KH_E_VALIDATION, "successors.custodian",
                           "接手人的查阅级别低于%s，不能担任专人",
                           "the successor is not cleared for %s, so cannot keep it",
                           secrecy_levels[top].zh, secrecy_levels[top].en);
    return KH_OK;
}

const struct holding_kind secrecy_holding = {
    .name = "custodian",
    .label_zh = "密级专人",
    .label_en = "Custodian of a secrecy level",
    .count = kept,
    .accepts = custodian_accepts,
    .hand_over = secrecy_store_hand_over_on,
};
