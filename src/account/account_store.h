#ifndef KH_ACCOUNT_ACCOUNT_STORE_H
#define KH_ACCOUNT_ACCOUNT_STORE_H

/* SQL of the account capability. Writes carry their audit event. */

#include "account/account.h"
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

/* Failures for key at or after since. */
KH_NODISCARD enum kh_status account_store_failures(const struct kh_ctx *ctx, const char *key,
                                                   int64_t since, int64_t *count,
                                                   struct kh_err *err);
/* Record a failed login for both keys and audit it, in one write. */
KH_NODISCARD enum kh_status account_store_failure_add(const struct kh_ctx *ctx,
                                                      const char *user_key, const char *addr_key,
                                                      const struct audit_event *ev,
                                                      struct kh_err *err);
/*
 * The time of the failure of key at position offset (0: the oldest) among
 * those at or after since; *at is 0 when there are not that many.
 */
KH_NODISCARD enum kh_status account_store_failure_at(const struct kh_ctx *ctx, const char *key,
                                                     int64_t since, int64_t offset, int64_t *at,
                                                     struct kh_err *err);
/* Insert a session, clear the user's failures, audit the login: one write. */
KH_NODISCARD enum kh_status
account_store_session_insert(const struct kh_ctx *ctx, const char *token_hash, int64_t user_id,
                             const char *csrf, int64_t expires_at, const char *user_key,
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

#endif
