#ifndef KH_APP_CTX_H
#define KH_APP_CTX_H

/*
 * The context every domain call receives: who acts (for permission checks
 * and audit), the database, a per-request arena, the clock, the file store
 * and the company time zone. Domain code takes "now" only from ctx->clock,
 * shows and reads calendar times only in ctx_tz(ctx), and keeps files only
 * in ctx->files (files/files.h).
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/registry.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/tz.h"

struct db;
struct file_store;
struct jobs;

/* Which records of a scope kind a role may see (R-SEC-1 for customers). */
enum kh_scope {
    KH_SCOPE_NONE = 0,
    KH_SCOPE_OWN,
    KH_SCOPE_DEPARTMENT,
    KH_SCOPE_ALL_NONSECRET,
    KH_SCOPE_ALL,
};

/*
 * The acting user. Permissions are a set over the registry's named
 * permissions (app/registry.h), scopes one level per registered scope kind.
 */
struct kh_actor {
    int64_t user_id; /* 0: the system (CLI init, demo loader) */
    char username[64];
    char name[128];
    char role[32];
    uint64_t perms[KH_PERM_WORDS];
    unsigned char scopes[KH_SCOPE_KINDS_MAX]; /* enum kh_scope by registry_scope_index */
    int64_t department_id;
    int64_t branch_id;
    /*
     * The user's own clearance (R-SEC-2): 0 when they have none and their
     * role's default applies, else the secrecy level + 1. Read it through
     * customer_scope_of (customer/customer.h), the one visibility decision.
     */
    unsigned char clearance;
    char address[64]; /* client address for audit, "cli" for commands */
    /* The password was set by someone else: only changing it is allowed until then. */
    bool must_change_password;
    /* How the request signed in: the session's public id, or the API token's id (else "", 0). */
    char session_id[17];
    int64_t token_id;
};

struct kh_ctx {
    struct db *db;
    struct arena *arena;
    const struct kh_clock *clock;
    struct kh_actor actor;
    struct jobs *jobs; /* background workers of `kehu serve`; NULL in the CLI (jobs run inline) */
    /* Uploads, job results and error files ("<database folder>/files"); NULL: none. */
    struct file_store *files;
    /*
     * The company time zone (setting "timezone"), held for the arena's life
     * (settings_tz_hold); NULL: the built-in default. Read it with ctx_tz.
     */
    const struct kh_tz *tz;
};

/* Whether the acting user holds p (a registered permission). */
bool ctx_can(const struct kh_ctx *ctx, const struct kh_perm *p);
/* The acting user's level for a registered scope kind. */
enum kh_scope ctx_scope(const struct kh_ctx *ctx, const struct kh_scope_kind *k);

bool actor_can(const struct kh_actor *a, const struct kh_perm *p);
enum kh_scope actor_scope(const struct kh_actor *a, const struct kh_scope_kind *k);
void actor_grant(struct kh_actor *a, const struct kh_perm *p);
void actor_set_scope(struct kh_actor *a, const struct kh_scope_kind *k, enum kh_scope level);
/* Every registered permission and scope level "all": the system actor. */
void actor_grant_all(struct kh_actor *a);
/*
 * Grant the permissions named in a space-separated list ("customer.create
 * audit.read"); unknown names are skipped (a role may name a permission of a
 * capability this build does not have). Returns how many were unknown.
 */
int actor_perms_parse(struct kh_actor *a, const char *names);
/*
 * Set scopes from a space-separated list of kind:level pairs
 * ("customers:own tickets:department"); unknown kinds or levels are skipped
 * and counted. Kinds not named stay at none.
 */
int actor_scopes_parse(struct kh_actor *a, const char *pairs);
/*
 * An actor's permissions and scopes from their role's two lists, as the two
 * functions above give them after clearing both. Every request of a signed-in
 * user parses its role's lists: each thread keeps the last few it parsed.
 */
void actor_role_parse(struct kh_actor *a, const char *scopes, const char *perms);

/* "none", "own", "department", "all_nonsecret", "all"; false for another text. */
bool kh_scope_parse(const char *s, enum kh_scope *out);
const char *kh_scope_name(enum kh_scope s);

static inline int64_t ctx_now(const struct kh_ctx *ctx)
{
    return clock_now(ctx->clock);
}

/* The company time zone: every time shown or read as a calendar time uses it. */
static inline const struct kh_tz *ctx_tz(const struct kh_ctx *ctx)
{
    return ctx->tz ? ctx->tz : tz_default();
}

/* Today in the company's time zone by the context clock, "YYYY-MM-DD", in ctx->arena. */
const char *ctx_today(const struct kh_ctx *ctx);

#endif
