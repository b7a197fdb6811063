#ifndef KH_APP_CTX_H
#define KH_APP_CTX_H

/*
 * The context every domain call receives: who acts (for permission checks
 * and audit), the database, a per-request arena and the clock. Domain code
 * takes "now" only from ctx->clock.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/clock.h"

struct db;
struct jobs;

/* Which customers a role may see (R-SEC-1). */
enum kh_scope {
    KH_SCOPE_NONE = 0,
    KH_SCOPE_OWN,
    KH_SCOPE_DEPARTMENT,
    KH_SCOPE_ALL_NONSECRET,
    KH_SCOPE_ALL,
};

/* Permissions, as bits; names in account/account.c. */
enum kh_perm {
    KH_PERM_CUSTOMER_CREATE = 1u << 0,
    KH_PERM_CUSTOMER_UPDATE = 1u << 1,
    KH_PERM_CUSTOMER_GRADE = 1u << 2,
    KH_PERM_CUSTOMER_TRANSFER = 1u << 3,
    KH_PERM_CUSTOMER_ARCHIVE = 1u << 4,
    KH_PERM_AUDIT_READ = 1u << 5,
    KH_PERM_USER_MANAGE = 1u << 6,
    KH_PERM_USER_LIST = 1u << 7,
    KH_PERM_SETTINGS_MANAGE = 1u << 8,
    KH_PERM_PROFILE_MANAGE = 1u << 9,
};

struct kh_actor {
    int64_t user_id; /* 0: the system (CLI init, demo loader) */
    char username[64];
    char name[128];
    char role[32];
    enum kh_scope scope;
    uint32_t perms;
    int64_t department_id;
    int64_t branch_id;
    char address[64]; /* client address for audit, "cli" for commands */
};

struct kh_ctx {
    struct db *db;
    struct arena *arena;
    const struct kh_clock *clock;
    struct kh_actor actor;
    struct jobs *jobs; /* background workers of `kehu serve`; NULL in the CLI (jobs run inline) */
};

static inline bool ctx_can(const struct kh_ctx *ctx, enum kh_perm p)
{
    return (ctx->actor.perms & (uint32_t)p) != 0;
}

static inline int64_t ctx_now(const struct kh_ctx *ctx)
{
    return clock_now(ctx->clock);
}

#endif
