#ifndef KH_ACCOUNT_ACCOUNT_H
#define KH_ACCOUNT_ACCOUNT_H

/*
 * Accounts: users, roles with their permissions and customer scope,
 * departments and branches, login sessions, API tokens, login throttling.
 * Every change is audited in its own transaction.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

#define KH_SESSION_COOKIE "kehu_session"
#define KH_PASSWORD_MIN 10

struct user {
    int64_t id;
    const char *username;
    const char *display_name;
    const char *role;
    int64_t department_id;
    int64_t branch_id;
    bool active;
    int64_t created_at;
    bool must_change_password; /* set by someone else: to be changed at the next login */
};

struct role {
    const char *code;
    const char *name_zh;
    const char *name_en;
    const char *scopes;      /* space-separated kind:level pairs ("customers:own") */
    const char *permissions; /* space-separated names */
};

struct org_unit { /* a department or a branch */
    int64_t id;
    const char *code; /* branches only */
    const char *name;
    int64_t branch_id; /* departments only */
};

/* Input for creating or updating a user; NULL / -1 fields are left unchanged on update. */
struct user_input {
    const char *username;
    const char *display_name;
    const char *role;
    int64_t department_id; /* -1: unchanged, 0: none */
    int64_t branch_id;     /* -1: unchanged, 0: none */
    int active;            /* -1: unchanged */
    const char *password;
    /*
     * Create only: the password is a published login (the demo users, the
     * administrator `kehu init` prints), not one chosen for this person by
     * someone else, so no change is demanded at the first login.
     */
    bool password_published;
    /* Decided by the rules, not by callers: -1 unchanged, 0 no, 1 yes. */
    int must_change_password;
};

extern const struct kh_perm account_perm_user_manage;
extern const struct kh_perm account_perm_user_list;
extern const struct kh_perm *const account_perms[];
/* The login rules' numbers (settings_int): session length and failed-login limits. */
extern const struct kh_setting account_setting_session_hours, account_setting_login_window,
    account_setting_login_pair_failures, account_setting_login_user_failures,
    account_setting_login_addr_failures, account_setting_login_hash_slots;
extern const struct kh_setting *const account_settings[];
extern const struct kh_audit_action account_audit_actions[];

/* ---- sessions and tokens ---- */

struct login_result {
    char session_token[80]; /* the cookie value: shown once, stored hashed */
    char csrf_token[80];
    struct kh_actor actor;
    int64_t retry_after; /* seconds, for a 429 or 503 answer (0: none) */
};

/*
 * Check a username and password and create a session. Throttled per
 * (address, account) pair, per account and per address (ctx->actor.address),
 * in memory: the account and address limits do not apply where the account
 * signed in before (a known place). The check and the count are one step.
 * One argon2id run whether the account exists or not, in one of a few
 * slots. Answers: KH_E_UNAUTH with one text for a wrong password and an
 * unknown user; KH_E_THROTTLED when a limit is reached; KH_E_UNAVAILABLE
 * when no slot came free, or when the login cannot be recorded (the same
 * answer for a right and a wrong password). out->retry_after says when to
 * try again. Audited in every case (an entry the database cannot take waits
 * in memory for the next login's write).
 */
KH_NODISCARD enum kh_status account_login(const struct kh_ctx *ctx, const char *username,
                                          const char *password, struct login_result *out,
                                          struct kh_err *err);
/* Password checks run so far (crypto_password_runs), running now, and most at once (tests). */
struct login_stats {
    unsigned long long password_runs;
    int checks_active, checks_most;
};
void account_login_stats(const struct kh_ctx *ctx, struct login_stats *out);

/* Resolve a session cookie; fills actor and the session's CSRF token. */
KH_NODISCARD enum kh_status account_session_resolve(const struct kh_ctx *ctx, const char *token,
                                                    struct kh_actor *actor, char *csrf,
                                                    size_t csrf_cap, struct kh_err *err);
KH_NODISCARD enum kh_status account_logout(const struct kh_ctx *ctx, const char *token,
                                           struct kh_err *err);
/* Resolve a Bearer API token. */
KH_NODISCARD enum kh_status account_token_resolve(const struct kh_ctx *ctx, const char *token,
                                                  struct kh_actor *actor, struct kh_err *err);

struct api_token {
    int64_t id;
    const char *name;
    int64_t created_at;
    int64_t last_used_at;
};

/* Create an API token for the acting user; token_out gets the secret once. */
KH_NODISCARD enum kh_status account_token_create(const struct kh_ctx *ctx, const char *name,
                                                 int64_t *id_out, char *token_out, size_t cap,
                                                 struct kh_err *err);
KH_NODISCARD enum kh_status account_token_list(const struct kh_ctx *ctx, struct api_token **out,
                                               int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_token_revoke(const struct kh_ctx *ctx, int64_t id,
                                                 struct kh_err *err);

/* ---- users and organisation ---- */

/*
 * answer (may be NULL): the user as stored, for the answer to the request,
 * read in the write's own transaction (a kept change is never answered with
 * an error: DECISIONS §46).
 */
KH_NODISCARD enum kh_status account_user_create(const struct kh_ctx *ctx,
                                                const struct user_input *in, int64_t *id_out,
                                                struct user *answer, struct kh_err *err);
KH_NODISCARD enum kh_status account_user_update(const struct kh_ctx *ctx, int64_t id,
                                                const struct user_input *in, struct user *answer,
                                                struct kh_err *err);
KH_NODISCARD enum kh_status account_user_get(const struct kh_ctx *ctx, int64_t id, struct user *out,
                                             struct kh_err *err);
KH_NODISCARD enum kh_status account_user_find(const struct kh_ctx *ctx, const char *username,
                                              struct user *out, struct kh_err *err);
/* Needs user.manage, user.list or audit.read (the audit page's actor picker). */
KH_NODISCARD enum kh_status account_user_list(const struct kh_ctx *ctx, struct user **out,
                                              int *count, struct kh_err *err);
/*
 * The acting user changes their own password (the new one must differ from
 * the old); this lifts a demand to change a preset password.
 */
KH_NODISCARD enum kh_status account_password_change(const struct kh_ctx *ctx,
                                                    const char *old_password,
                                                    const char *new_password, struct kh_err *err);

KH_NODISCARD enum kh_status account_role_list(const struct kh_ctx *ctx, struct role **out,
                                              int *count, struct kh_err *err);
/*
 * A role's name for the command line, "销售员 / Salesperson" (in ctx->arena);
 * the code itself when no such role exists or the roles cannot be read.
 */
const char *account_role_label(const struct kh_ctx *ctx, const char *code);
KH_NODISCARD enum kh_status account_department_list(const struct kh_ctx *ctx, struct org_unit **out,
                                                    int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_department_create(const struct kh_ctx *ctx, const char *name,
                                                      int64_t branch_id, int64_t *id_out,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status account_branch_list(const struct kh_ctx *ctx, struct org_unit **out,
                                                int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_branch_create(const struct kh_ctx *ctx, const char *code,
                                                  const char *name, int64_t *id_out,
                                                  struct kh_err *err);

/* The CLI's actor: the operator of the machine, with every permission. */
void account_system_actor(struct kh_actor *actor, const char *what);

/*
 * KH_OK when the actor may use the system; KH_E_PASSWORD_CHANGE while the
 * account must first replace a password someone else set (only the
 * routes marked for it stay open: change the password, read oneself, sign out).
 */
KH_NODISCARD enum kh_status account_actor_ready(const struct kh_actor *actor, struct kh_err *err);

/* Build an actor for a user id (used after login and by the CLI). */
KH_NODISCARD enum kh_status account_actor_load(const struct kh_ctx *ctx, int64_t user_id,
                                               struct kh_actor *actor, struct kh_err *err);

#endif
