#ifndef KH_FOLLOWUP_CALLBACK_H
#define KH_FOLLOWUP_CALLBACK_H

/*
 * Callback lists 回访名单 (R-INT-5). A manager (task.assign) draws
 * customers by a method: a random sample of a segment (the customer list's
 * filters), or of it the rarely contacted (no interaction for N days), the
 * unsatisfied (their latest interaction rated within N days has a
 * satisfaction of at most max_satisfaction, 1-4, default 2), or those
 * needing further service (their latest interaction says so);
 * previews them; then turns the chosen ones into callback tasks with one
 * purpose (explanation, promotion, emotional, mediation, advice, guidance),
 * spread over the team picked: each customer to the least loaded member who
 * sees it (open tasks, counting those just given), else to its owner. Each
 * member is told once. Satisfaction and "needs further service" are read
 * from interactions until surveys and service tickets exist.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct customer_filter;

extern const struct kh_choice callback_methods[];

struct callback_draw {
    const char *method; /* random | rarely_contacted | low_satisfaction | needs_service */
    const struct customer_filter *filter;
    int size;             /* 1 .. 500 */
    int since_days;       /* rarely_contacted, low_satisfaction: 7 .. 3650 (default 90) */
    int max_satisfaction; /* low_satisfaction: 1 .. 4 (default 2) */
};

struct callback_pick { /* a drawn customer */
    int64_t id;
    const char *code, *name;
    int64_t owner_id;
    const char *owner_name;
};

KH_NODISCARD enum kh_status callback_preview(const struct kh_ctx *ctx,
                                             const struct callback_draw *d,
                                             struct callback_pick **out, int *count,
                                             struct kh_err *err);

struct callback_input {
    const int64_t *customer_ids; /* 1 .. 500, each seen by the maker */
    int ncustomers;
    const char *title;           /* 1 .. 200 */
    const char *purpose;         /* required: followup_purposes */
    const char *channel;         /* default call */
    int64_t due_at;              /* to come */
    const int64_t *assignee_ids; /* 0 .. 50 active users; none: each customer's owner */
    int nassignees;
    const char *method; /* what drew them (for the record) */
    const char *filter; /* the segment, as given (JSON text, for the record) */
    int since_days;
};

struct callback_share { /* tasks given to one person */
    int64_t user_id;    /* 0: customers' owners */
    const char *name;
    int tasks;
};

struct callback_list {
    int64_t id;
    const char *title, *method, *purpose, *channel, *filter;
    int since_days;
    int64_t due_at;
    int tasks, done;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
};

/* *id the list's; shares[0 .. *nshares) who got how many (owners as user 0). */
KH_NODISCARD enum kh_status callback_create(const struct kh_ctx *ctx,
                                            const struct callback_input *in, int64_t *id,
                                            struct callback_share **shares, int *nshares,
                                            struct kh_err *err);
/* The lists made, newest first (at most 100), with their done tasks (task.assign). */
KH_NODISCARD enum kh_status callback_lists(const struct kh_ctx *ctx, struct callback_list **out,
                                           int *count, struct kh_err *err);

#endif
