#ifndef KH_APPROVAL_APPROVAL_STORE_H
#define KH_APPROVAL_APPROVAL_STORE_H

/* The approvals engine's SQL: requests, their steps and history, the rules, the inbox. */

#include "approval/approval.h"

/* A kind's configured rules (none: *count 0), in ctx->arena. */
KH_NODISCARD enum kh_status approval_store_rules(const struct kh_ctx *ctx, const char *kind,
                                                 struct approval_rule **out, int *count,
                                                 struct kh_err *err);
/* Replace a kind's rules (n 0: none configured), audited with detail. */
KH_NODISCARD enum kh_status approval_store_rules_put(const struct kh_ctx *ctx, const char *kind,
                                                     const struct approval_rule *rules, int n,
                                                     const char *detail, struct kh_err *err);

/* Whether role exists, and whether an active user other than except holds it. */
KH_NODISCARD enum kh_status approval_store_role_holders(const struct kh_ctx *ctx, const char *role,
                                                        int64_t except, bool *exists, bool *held,
                                                        struct kh_err *err);
/* The head of a department (0: none or no such department) and their name. */
KH_NODISCARD enum kh_status approval_store_dept_head(const struct kh_ctx *ctx, int64_t dept,
                                                     int64_t *head, const char **name,
                                                     struct kh_err *err);

/*
 * A new request: r (kind, requester, department, subject, summaries,
 * amount, secrecy, reason, purpose, created_at) with steps[0 .. n), the
 * first one pending; secret kept beside it. History, audit and the first
 * step's approvers' inbox in the same transaction. *id_out: its id.
 */
KH_NODISCARD enum kh_status approval_store_insert(const struct kh_ctx *ctx,
                                                  const struct approval_request *r,
                                                  const char *summary_zh, const char *summary_en,
                                                  const char *secret,
                                                  const struct approval_step *steps, int n,
                                                  int64_t *id_out, struct kh_err *err);

/* The request with its steps and history (ctx->arena); KH_E_NOT_FOUND when there is none. */
KH_NODISCARD enum kh_status approval_store_get(const struct kh_ctx *ctx, int64_t id,
                                               struct approval_request *out, struct kh_err *err);

/*
 * One decision, as the domain decided it may be taken (action, at the
 * request's version and pending step as read): a conditional write
 * (KH_E_CONFLICT when the request moved on since). Approving the last step
 * runs kind->apply in the same transaction. History, audit and the inbox
 * of those concerned with it.
 */
struct approval_decision {
    const struct approval_request *r; /* as read by the domain */
    const struct approval_kind *kind;
    enum approval_action action;
    const char *comment;
    bool last; /* approving the last step */
    /* resubmit: new reason and purpose, and the chain again */
    const char *reason, *purpose;
    const struct approval_step *steps;
    int nsteps;
};
KH_NODISCARD enum kh_status approval_store_decide(const struct kh_ctx *ctx,
                                                  const struct approval_decision *d,
                                                  struct kh_err *err);
/* Submit a returned request again (d->reason, d->purpose, d->steps). */
KH_NODISCARD enum kh_status approval_store_resubmit(const struct kh_ctx *ctx,
                                                    const struct approval_decision *d,
                                                    struct kh_err *err);

/* The secret a kind kept with request id (in ctx->arena; "" when none). */
KH_NODISCARD enum kh_status approval_store_secret(struct db_conn *c, struct arena *a, int64_t id,
                                                  const char **secret, struct kh_err *err);

/*
 * A page of requests (box, state, kind; newest first); *next the cursor of
 * the next page; total (NULL: not counted) the count of all of them.
 */
KH_NODISCARD enum kh_status approval_store_list(const struct kh_ctx *ctx, enum approval_box box,
                                                const struct approval_filter *f,
                                                const struct list_page *page,
                                                struct approval_request **out, int *count,
                                                const char **next, struct list_total *total,
                                                struct kh_err *err);

/* Whether a pending step is due before now and not reminded in the last `every` seconds. */
KH_NODISCARD enum kh_status approval_store_overdue(const struct kh_ctx *ctx, int64_t now,
                                                   int64_t every, bool *any, struct kh_err *err);
/* Remind the approvers of every pending step due before now and not reminded in `every` seconds. */
KH_NODISCARD enum kh_status approval_store_remind(const struct kh_ctx *ctx, int64_t now,
                                                  int64_t every, int *reminded, struct kh_err *err);

KH_NODISCARD enum kh_status approval_store_notifications(const struct kh_ctx *ctx, bool unread_only,
                                                         const struct list_page *page,
                                                         struct notification **out, int *count,
                                                         const char **next, struct kh_err *err);
/* Notifications of every user above after, oldest first, with the user's name (unrendered). */
KH_NODISCARD enum kh_status approval_store_notifications_after(struct db_conn *c, struct arena *a,
                                                               int64_t after, int limit,
                                                               struct notification **out,
                                                               int *count, struct kh_err *err);
KH_NODISCARD enum kh_status approval_store_notification_last(struct db_conn *c, int64_t *id,
                                                             struct kh_err *err);
KH_NODISCARD enum kh_status approval_store_unread(const struct kh_ctx *ctx, int64_t *unread,
                                                  struct kh_err *err);
KH_NODISCARD enum kh_status approval_store_read(const struct kh_ctx *ctx, int64_t id, int64_t up_to,
                                                struct kh_err *err);

/*
 * Departure handover (R-SEC-8): the requests user_id made that are still
 * open plus the steps waiting on them personally; in the handover's write,
 * their requests are withdrawn and their steps pass to `to`.
 */
KH_NODISCARD enum kh_status approval_store_held_count(const struct kh_ctx *ctx, int64_t user_id,
                                                      int64_t *n, struct kh_err *err);
KH_NODISCARD enum kh_status approval_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                        int64_t from, int64_t to,
                                                        const char *reason, int64_t *moved,
                                                        struct kh_err *err);

#endif
