#ifndef KH_ACCOUNT_ACCOUNT_STORE_H
#define KH_ACCOUNT_ACCOUNT_STORE_H

/* SQL of the account capability. Writes carry their audit event. */

#include "account/account.h"
#include "account/account_throttle.h"
#include "audit/audit.h"

struct user_row {
    struct user user;
    const char *password_hash;
};

KH_NODISCARD enum kh_status account_store_user_by_name(const struct kh_ctx *ctx,
                                                       const char *username, struct user_row *out,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status account_store_user_by_id(const struct kh_ctx *ctx, int64_t id,
                                                     struct user_row *out, struct kh_err *err);
KH_NODISCARD enum kh_status account_store_user_list(const struct kh_ctx *ctx, struct user **out,
                                                    int *count, struct kh_err *err);
/*
 * in->password is already a hash here (or NULL). answer (may be NULL): the
 * row as written, read in the write's transaction. A new password ends the
 * user's sessions and revokes their API tokens, in the same transaction,
 * except the acting user's own session or token of this request.
 */
KH_NODISCARD enum kh_status account_store_user_insert(const struct kh_ctx *ctx,
                                                      const struct user_input *in, int64_t *id_out,
                                                      struct user *answer, struct kh_err *err);
/* The same update inside another write on c (an approved request's apply), without an answer. */
struct db_conn;
/* Set (head_id 0: clear) a department's head: an active member of it; audited. */
KH_NODISCARD enum kh_status account_store_department_head(const struct kh_ctx *ctx, int64_t id,
                                                          int64_t head_id, struct kh_err *err);
/* The insert inside another write on c (an approved request's apply); detail for the audit. */
KH_NODISCARD enum kh_status account_store_user_insert_on(struct db_conn *c,
                                                         const struct kh_ctx *ctx,
                                                         const struct user_input *in,
                                                         const char *detail, int64_t *id_out,
                                                         struct kh_err *err);
KH_NODISCARD enum kh_status account_store_user_update_on(struct db_conn *c,
                                                         const struct kh_ctx *ctx, int64_t id,
                                                         const struct user_input *in,
                                                         const char *detail, struct kh_err *err);
KH_NODISCARD enum kh_status account_store_user_update(const struct kh_ctx *ctx, int64_t id,
                                                      const struct user_input *in,
                                                      const char *detail, struct user *answer,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status account_store_actor(const struct kh_ctx *ctx, int64_t user_id,
                                                struct kh_actor *actor, struct kh_err *err);
KH_NODISCARD enum kh_status account_store_role_exists(const struct kh_ctx *ctx, const char *code,
                                                      bool *exists, struct kh_err *err);
KH_NODISCARD enum kh_status account_store_unit_exists(const struct kh_ctx *ctx, bool branch,
                                                      int64_t id, bool *exists, struct kh_err *err);

/* The login's state in memory (account_throttle.h), one per database. */
struct login_state *account_store_login_state(const struct kh_ctx *ctx);
/*
 * Record a failed login's audit entry, with every entry that waited for the
 * database before it, in one write. When the write fails the entries wait
 * (in memory) for the next login's write; the status says it failed.
 */
KH_NODISCARD enum kh_status account_store_failure_record(const struct kh_ctx *ctx,
                                                         const struct login_event *ev,
                                                         struct kh_err *err);
/*
 * The failed logins every server recorded (each failed login's audit write
 * adds rows to login_failures): of the pair (user_id at address) since
 * pair_since, of the account user_id and of the address since `since`,
 * each with its oldest time (0 when none). user_id 0: an unknown name (its
 * pair and account counts are 0).
 */
struct login_failure_counts {
    int64_t pair, user, addr;
    int64_t pair_oldest, user_oldest, addr_oldest;
};
KH_NODISCARD enum kh_status account_store_failures_count(const struct kh_ctx *ctx, int64_t user_id,
                                                         const char *address, int64_t since,
                                                         int64_t pair_since,
                                                         struct login_failure_counts *out,
                                                         struct kh_err *err);
/*
 * When the account named username last signed in from address (0: never,
 * or no such account).
 */
KH_NODISCARD enum kh_status account_store_place_seen(const struct kh_ctx *ctx, const char *username,
                                                     const char *address, int64_t *last_at,
                                                     struct kh_err *err);
/*
 * Insert a session (with the browser's user_agent, may be NULL), note the
 * place (ctx->actor.address) of the sign-in and forget the account's places
 * older than places_since, audit the login (after the failed logins that
 * waited): one write.
 */
KH_NODISCARD enum kh_status
account_store_session_insert(const struct kh_ctx *ctx, const char *token_hash, int64_t user_id,
                             const char *csrf, int64_t expires_at, int64_t places_since,
                             const char *user_agent, struct kh_err *err);
/* A session's user, CSRF token, absolute end and last use (its start when never used). */
KH_NODISCARD enum kh_status account_store_session_get(const struct kh_ctx *ctx,
                                                      const char *token_hash, int64_t *user_id,
                                                      char *csrf, size_t cap, int64_t *expires_at,
                                                      int64_t *last_seen_at, struct kh_err *err);
/* Record a session's use at now, without waiting for the write. */
void account_store_session_touch(const struct kh_ctx *ctx, const char *token_hash, int64_t now);
/* The acting user's sessions whose absolute end is after now, newest first. */
KH_NODISCARD enum kh_status account_store_session_list(const struct kh_ctx *ctx,
                                                       struct user_session **out, int *count,
                                                       struct kh_err *err);
/* Delete the acting user's session with this public id, audited; KH_E_NOT_FOUND when none. */
KH_NODISCARD enum kh_status account_store_session_revoke(const struct kh_ctx *ctx, const char *id,
                                                         struct kh_err *err);
/* Delete the acting user's sessions other than actor.session_id, audited; *ended: how many. */
KH_NODISCARD enum kh_status account_store_session_revoke_others(const struct kh_ctx *ctx,
                                                                int64_t *ended, struct kh_err *err);
KH_NODISCARD enum kh_status
account_store_session_delete(const struct kh_ctx *ctx, const char *token_hash, struct kh_err *err);

KH_NODISCARD enum kh_status account_store_token_insert(const struct kh_ctx *ctx, const char *name,
                                                       const char *token_hash, int64_t *id_out,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status account_store_token_list(const struct kh_ctx *ctx,
                                                     struct api_token **out, int *count,
                                                     struct kh_err *err);
KH_NODISCARD enum kh_status account_store_token_revoke(const struct kh_ctx *ctx, int64_t id,
                                                       struct kh_err *err);
/* An unrevoked token of an active user, as an actor; touches last_used_at at most once a minute. */
KH_NODISCARD enum kh_status account_store_token_user(const struct kh_ctx *ctx,
                                                     const char *token_hash, struct kh_actor *actor,
                                                     struct kh_err *err);

KH_NODISCARD enum kh_status account_store_notice_list(const struct kh_ctx *ctx,
                                                      struct account_notice **out, int *count,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status account_store_notice_ack(const struct kh_ctx *ctx, int64_t up_to,
                                                     struct kh_err *err);

KH_NODISCARD enum kh_status account_store_role_list(const struct kh_ctx *ctx, struct role **out,
                                                    int *count, struct kh_err *err);
KH_NODISCARD enum kh_status account_store_unit_list(const struct kh_ctx *ctx, bool branch,
                                                    struct org_unit **out, int *count,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status account_store_unit_insert(const struct kh_ctx *ctx, bool branch,
                                                      const char *code, const char *name,
                                                      int64_t branch_id, int64_t *id_out,
                                                      struct kh_err *err);

/* Delete every session, revoke every token and append ev, in one write. */
KH_NODISCARD enum kh_status account_store_end_all_sessions(const struct kh_ctx *ctx,
                                                           const struct audit_event *ev,
                                                           struct kh_err *err);

/*
 * Departure handover (R-SEC-8): the departments user_id heads (with
 * successor > 0: those of them successor is not a member of); passing them.
 */
KH_NODISCARD enum kh_status account_store_heads_of(const struct kh_ctx *ctx, int64_t user_id,
                                                   int64_t successor, int64_t *n,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status account_store_heads_hand_over_on(struct db_conn *c,
                                                             const struct kh_ctx *ctx, int64_t from,
                                                             int64_t to, const char *reason,
                                                             int64_t *moved, struct kh_err *err);

#endif
