#ifndef KH_FOLLOWUP_MINUTES_H
#define KH_FOLLOWUP_MINUTES_H

/*
 * Meeting minutes 会谈纪要 (R-INT-3). A face-to-face interaction (channel
 * meeting or visit) calls for minutes from its author, due
 * minutes_working_days (a setting) working days after it (the business calendar): in
 * the interaction's own write the minutes are opened with a task of kind
 * minutes. The author writes them and submits them for review: a request
 * of the approvals engine (kind minutes.review; the department head by
 * default), which approves, returns or rejects them; returned minutes are
 * rewritten and submitted again, rejected ones rewritten and submitted as
 * a new request. Approved minutes are marked sent to the
 * customer, then confirmed received. Minutes submitted after their due
 * time, or still not submitted past it, are late; managers see the counts
 * per person.
 *
 * States: due, submitted (under review), returned, rejected, approved,
 * sent, confirmed. Who sees them: whoever reads the customer.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct approval_kind;
struct db_conn;

#define MINUTES_BODY_MAX 10000

extern const struct approval_kind minutes_approval_review;
/* Working days after the meeting by which its minutes are due (2 by default, seed 001). */
extern const struct kh_setting minutes_setting_working_days;

/* Whether an interaction of this channel calls for minutes (face-to-face). */
bool minutes_needed(const char *channel);

struct minutes {
    int64_t interaction_id, customer_id;
    const char *customer_code, *customer_name;
    int64_t author_id;
    const char *author_name;
    int64_t occurred_at, due_at;
    const char *body, *state, *note;
    bool late; /* submitted after due_at, or not submitted and past it */
    int64_t task_id, request_id, submitted_at, approved_at, sent_at, confirmed_at;
};

struct minutes_filter {
    int64_t author_id;   /* 0: the actor's own */
    int64_t customer_id; /* a customer's (who reads it) */
    const char *state;   /* "" every one, "late", or a state */
};

KH_NODISCARD enum kh_status minutes_get(const struct kh_ctx *ctx, int64_t interaction_id,
                                        struct minutes *out, struct kh_err *err);
/* Newest first, at most 200. Someone else's need task.assign and them in the actor's scope. */
KH_NODISCARD enum kh_status minutes_list(const struct kh_ctx *ctx, const struct minutes_filter *f,
                                         struct minutes **out, int *count, struct kh_err *err);
/*
 * The author writes (body 1 .. 10,000 characters) and submits minutes that
 * are due, returned (the same request again) or rejected (a new one). Completes the
 * minutes task. KH_E_CONFLICT "state" otherwise.
 */
KH_NODISCARD enum kh_status minutes_submit(const struct kh_ctx *ctx, int64_t interaction_id,
                                           const char *body, struct kh_err *err);
/* Approved minutes marked sent to the customer; sent ones confirmed received (note <= 500). */
KH_NODISCARD enum kh_status minutes_sent(const struct kh_ctx *ctx, int64_t interaction_id,
                                         struct kh_err *err);
KH_NODISCARD enum kh_status minutes_confirmed(const struct kh_ctx *ctx, int64_t interaction_id,
                                              const char *note, struct kh_err *err);

/* Per author: minutes called for, submitted late, and past due not yet submitted. */
struct minutes_count {
    int64_t author_id;
    const char *author_name;
    int64_t total, late, overdue;
};
/* For task.assign holders, over the people they oversee (as the team view), since from. */
KH_NODISCARD enum kh_status minutes_counts(const struct kh_ctx *ctx, int64_t from,
                                           struct minutes_count **out, int *count,
                                           struct kh_err *err);

/* In the interaction's write (followup/interaction_store.c): open the minutes and their task. */
KH_NODISCARD enum kh_status minutes_open_on(struct db_conn *c, const struct kh_ctx *ctx,
                                            int64_t interaction_id, int64_t customer_id,
                                            int64_t due_at, struct kh_err *err);

#endif
