#ifndef KH_SECRECY_SECRECY_H
#define KH_SECRECY_SECRECY_H

/*
 * Secrecy levels 密级 (R-SEC-2): each customer is normal, confidential
 * 机密 or top secret 绝密; a user reads records up to their clearance
 * (customer_scope_of decides, customer/customer.h); each level above
 * normal has a named custodian 专人.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

enum { SECRECY_NORMAL = 0, SECRECY_CONFIDENTIAL = 1, SECRECY_TOP_SECRET = 2, SECRECY_LEVELS = 3 };

/* The levels in order (value "normal", "confidential", "top_secret"), ending with {0}. */
extern const struct kh_choice secrecy_levels[];

/* The level's name ("normal" for one out of range). */
const char *secrecy_name(int level);
/* The level of a name, or -1. */
int secrecy_parse(const char *name);

/* The levels a user keeps as custodian, handed over when they leave (R-SEC-8). */
struct holding_kind;
extern const struct holding_kind secrecy_holding;

/* Name custodians and set users' clearances (the latter through the two-person rule). */
extern const struct kh_perm secrecy_perm_manage;
/* Set customers' secrecy levels (up to one's own clearance). */
extern const struct kh_perm secrecy_perm_classify;
extern const struct kh_perm *const secrecy_perms[];
extern const struct kh_audit_action secrecy_audit_actions[];

struct secrecy_custodian {
    int level;
    int64_t user_id; /* 0: none named */
    const char *username, *display_name;
    int64_t assigned_at;
};

/* The custodians of levels 1 and 2 (out[0], out[1]; user_id 0 where none), in ctx->arena. */
KH_NODISCARD enum kh_status secrecy_custodians(const struct kh_ctx *ctx,
                                               struct secrecy_custodian out[2], struct kh_err *err);

/*
 * Name user_id (0: nobody) custodian of level (1 or 2). Needs
 * secrecy.manage; the custodian must be an active user cleared for the
 * level. Audited.
 */
KH_NODISCARD enum kh_status secrecy_custodian_set(const struct kh_ctx *ctx, int level,
                                                  int64_t user_id, struct kh_err *err);

#endif
