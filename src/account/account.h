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

struct audit_event;

#define KH_SESSION_COOKIE "kehu_session"
/* Over HTTPS: Secure, no Domain, Path=/, which the __Host- prefix makes browsers enforce. */
#define KH_SESSION_COOKIE_SECURE "__Host-kehu_session"
/* Password length in characters (ASVS 2.1.1, 2.1.2); account_password_check has the rest. */
#define KH_PASSWORD_MIN 12
#define KH_PASSWORD_MAX 128

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
    /* R-SEC-2: the highest secrecy level read, and the user's own (-1: the role's applies). */
    int clearance, clearance_own;
    /* R-SEC-4, visitors: their organisation and introduction letter / work-ID number. */
    const char *organization, *credential;
};

/* The role of outside persons (R-SEC-4): reads only what an access request grants them. */
#define ACCOUNT_ROLE_VISITOR "visitor"

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
    int64_t head_id;   /* departments only: its head (approvals), 0 for none */
    const char *head_name;
};

/* Input for creating or updating a user; NULL / -1 fields are left unchanged on update. */
#define USER_CLEARANCE_ROLE 1
#define USER_CLEARANCE(level) ((level) + 2)
struct user_input {
    const char *username;
    const char *display_name;
    const char *role;
    int64_t department_id; /* -1: unchanged, 0: none */
    int64_t branch_id;     /* -1: unchanged, 0: none */
    int active;            /* -1: unchanged */
    const char *password;
    const char *organization, *credential; /* visitors (R-SEC-4); NULL: unchanged */
    /*
     * Create only: the password is a published login (the demo users, the
     * administrator `kehu init` prints), not one chosen for this person by
     * someone else, so no change is demanded at the first login.
     */
    bool password_published;
    /*
     * The user's own clearance (R-SEC-2): 0 unchanged, USER_CLEARANCE_ROLE
     * (the role's default applies), or USER_CLEARANCE(level).
     */
    int clearance;
    /* Decided by the rules, not by callers: -1 unchanged, 0 no, 1 yes. */
    int must_change_password;
    /*
     * Decided by the rules: a notice for the user about this change (NOTICE_*
     * kind), written with it; NULL for none.
     */
    const char *notice;
    /*
     * Decided by the rules: the stored state a change was decided on, which
     * the update requires of the row (else KH_E_CONFLICT, nothing written).
     * expect_role not NULL: the role, department and branch (0: none) the
     * role and unit rules were checked against; expect_password_hash not
     * NULL: the hash a password change verified the old password with.
     */
    const char *expect_role;
    int64_t expect_department_id, expect_branch_id;
    int expect_clearance; /* 0: not checked, else as clearance */
    const char *expect_password_hash;
};

/*
 * What an account is told at its next sign-in about a change someone else
 * made to it (kind: "role_granted", "password_reset"). The approvals
 * engine's inbox will carry these later; until then they are the account's
 * own list, shown once after sign-in and then acknowledged.
 */
struct account_notice {
    int64_t id;
    const char *kind;
    const char *role; /* role_granted: the new role's code */
    int64_t by_id;    /* 0: the system (the command line on the server) */
    const char *by_name;
    int64_t at;
};

/* The two-person rule's kind of approval request (approval/approval.h). */
extern const struct approval_kind account_approval_change, account_approval_create;

extern const struct kh_perm account_perm_user_manage;
extern const struct kh_perm account_perm_user_list;
extern const struct kh_perm *const account_perms[];
/* The login rules' numbers (settings_int): session length and failed-login limits. */
extern const struct kh_setting account_setting_session_hours, account_setting_session_idle,
    account_setting_login_window, account_setting_login_pair_failures,
    account_setting_login_user_failures, account_setting_login_addr_failures,
    account_setting_login_hash_slots, account_setting_login_known_days;
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
 * try again. user_agent (may be NULL) is kept with the session for its
 * owner's list of sessions. Audited in every case (an entry the database cannot take waits
 * in memory for the next login's write).
 */
KH_NODISCARD enum kh_status account_login(const struct kh_ctx *ctx, const char *username,
                                          const char *password, const char *user_agent,
                                          struct login_result *out, struct kh_err *err);
/* Password checks run so far (crypto_password_runs), running now, and most at once (tests). */
struct login_stats {
    unsigned long long password_runs;
    int checks_active, checks_most;
};
void account_login_stats(const struct kh_ctx *ctx, struct login_stats *out);

/*
 * Resolve a session cookie; fills actor (with actor->session_id) and the
 * session's CSRF token. A session ends at its absolute expiry (setting
 * session_hours) or after session_idle_minutes without a request; its last
 * use is recorded at most once a minute, without waiting for the write.
 */
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

/*
 * Create an API token for the acting user; token_out gets the secret once.
 * A request signed in with an API token cannot create one (KH_E_FORBIDDEN):
 * a leaked token must not be able to outlive its own revocation.
 */
KH_NODISCARD enum kh_status account_token_create(const struct kh_ctx *ctx, const char *name,
                                                 int64_t *id_out, char *token_out, size_t cap,
                                                 struct kh_err *err);
KH_NODISCARD enum kh_status account_token_list(const struct kh_ctx *ctx, struct api_token **out,
                                               int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_token_revoke(const struct kh_ctx *ctx, int64_t id,
                                                 struct kh_err *err);

/*
 * End every session and revoke every API token, with ev audited in the same
 * write (a restore does this to the restored database). The system only
 * (the actor of the server's own start-up): KH_E_FORBIDDEN for a user.
 */
KH_NODISCARD enum kh_status account_end_all_sessions(const struct kh_ctx *ctx,
                                                     const struct audit_event *ev,
                                                     struct kh_err *err);

/* A signed-in session of the acting user, as its owner sees it. */
struct user_session {
    char id[17]; /* public id: the first 16 hex digits of the token's hash */
    int64_t created_at;
    int64_t last_seen_at;
    int64_t expires_at; /* the absolute end; the idle end is last_seen_at + the idle limit */
    const char *address;
    const char *user_agent;
    bool current; /* the session of this request */
};

/* The acting user's live sessions (not expired, not idle too long), newest first. */
KH_NODISCARD enum kh_status account_session_list(const struct kh_ctx *ctx,
                                                 struct user_session **out, int *count,
                                                 struct kh_err *err);
/* End one of the acting user's sessions by its public id (another's: KH_E_NOT_FOUND); audited. */
KH_NODISCARD enum kh_status account_session_revoke(const struct kh_ctx *ctx, const char *id,
                                                   struct kh_err *err);
/* End every session of the acting user but this request's; *ended says how many. Audited. */
KH_NODISCARD enum kh_status account_session_revoke_others(const struct kh_ctx *ctx, int64_t *ended,
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
 * the old); this lifts a demand to change a preset password. Every other
 * session and every API token of the user ends with it; the session or token
 * of this request stays.
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
/* A role's name in each language (*zh and *en are the code for no such role). */
void account_role_names(const struct kh_ctx *ctx, const char *code, const char **zh,
                        const char **en);
KH_NODISCARD enum kh_status account_department_list(const struct kh_ctx *ctx, struct org_unit **out,
                                                    int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_department_create(const struct kh_ctx *ctx, const char *name,
                                                      int64_t branch_id, int64_t *id_out,
                                                      struct kh_err *err);
/* Set a department's head (user.manage; head_id 0 clears it): an active member of it. */
KH_NODISCARD enum kh_status account_department_set_head(const struct kh_ctx *ctx, int64_t id,
                                                        int64_t head_id, struct kh_err *err);
KH_NODISCARD enum kh_status account_branch_list(const struct kh_ctx *ctx, struct org_unit **out,
                                                int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_branch_create(const struct kh_ctx *ctx, const char *code,
                                                  const char *name, int64_t *id_out,
                                                  struct kh_err *err);

/*
 * Separation of user administration from data access. Giving a user a
 * role that sees more records than the one they have (creating a user with
 * such a role counts: from none), and setting another user's password, need
 * a second person's approval: either hands one administrator the records
 * of every customer. Until the approvals engine exists only the system
 * makes these changes (the command line on the server, actor id 0: the
 * operator of the machine is the second person), audited, and the user is
 * told at their next sign-in (struct account_notice). A person gets
 * KH_E_APPROVAL, naming the field ("role" or "password") and the command
 * that does it. account_user_create and account_user_update apply this;
 * the approvals engine replaces the refusal with a request.
 */

/* The acting user's unacknowledged notices, oldest first (in ctx->arena). */
KH_NODISCARD enum kh_status account_notice_list(const struct kh_ctx *ctx,
                                                struct account_notice **out, int *count,
                                                struct kh_err *err);
/* Acknowledge the acting user's notices up to and including id up_to. */
KH_NODISCARD enum kh_status account_notice_ack(const struct kh_ctx *ctx, int64_t up_to,
                                               struct kh_err *err);
/* A notice's text in zh-CN and English (in ctx->arena). */
void account_notice_text(const struct kh_ctx *ctx, const struct account_notice *n, const char **zh,
                         const char **en);

/* The CLI's actor: the operator of the machine, with every permission. */
void account_system_actor(struct kh_actor *actor, const char *what);

/*
 * KH_OK when the actor may use the system; KH_E_PASSWORD_CHANGE while the
 * account must first replace a password someone else set (only the
 * routes marked for it stay open: change the password, read oneself, sign out).
 */
KH_NODISCARD enum kh_status account_actor_ready(const struct kh_actor *actor, struct kh_err *err);

/*
 * The password policy, for every place a password is set (create, reset,
 * change, the command line): 12 to 128 characters, not containing the
 * username, not one character or a short group repeated ("aaaaaaaaaaaa",
 * "abcabcabcabc"), not a run like "123456789012", and not one of the 10,000
 * most common passwords, also with digits or symbols added before or after
 * it ("password2026!"). Answers KH_E_VALIDATION naming field and the reason.
 */
KH_NODISCARD enum kh_status account_password_check(const char *password, const char *username,
                                                   const char *field, struct kh_err *err);

/* Build an actor for a user id (used after login and by the CLI). */
KH_NODISCARD enum kh_status account_actor_load(const struct kh_ctx *ctx, int64_t user_id,
                                               struct kh_actor *actor, struct kh_err *err);

/*
 * The active visitors (R-SEC-4), for staff filing an access request on a
 * visitor's behalf: any signed-in user but a visitor. Strings in ctx->arena.
 */
KH_NODISCARD enum kh_status account_visitors(const struct kh_ctx *ctx, struct user **out,
                                             int *count, struct kh_err *err);

/* The departments a user heads, handed over when they leave (R-SEC-8). */
struct holding_kind;
extern const struct holding_kind account_holding_heads;

#endif
