#ifndef KH_FOLLOWUP_INTERACTION_H
#define KH_FOLLOWUP_INTERACTION_H

/*
 * Interactions 跟进记录 (R-INT-1): a call, visit, meeting, e-mail, SMS,
 * WeChat or QQ message, letter or event with a customer, logged against it
 * by a user who works on the customer (interaction.log, and the customer in
 * their scope): when, the channel, who took part (our staff and the
 * customer's contacts), the summary, the outcome and the next step.
 *
 * In the same write: a next step with a date becomes a task of the author
 * (kind next_step, due then); the interaction completes the task it was
 * logged for (task_id), or else the author's earliest due open follow-up
 * task on the customer that has started (followup/task.h).
 *
 * Satisfaction (1-5, 0 not asked) and "needs further service" are what the
 * callback methods low_satisfaction and needs_service draw from (R-INT-5)
 * until surveys and service tickets exist.
 *
 * The customer's timeline lists its interactions newest first, for whoever
 * reads the customer (a read grant included); reading it is audited as a
 * read of the customer ("customer.read", part=interactions).
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct customer_ref_kind;
struct document_kind;

extern const struct kh_perm interaction_perm_log;
/* The capability's (interactions and tasks) permissions and audit actions. */
extern const struct kh_perm *const followup_perms[];
extern const struct kh_audit_action followup_audit_actions[];
extern const struct customer_ref_kind interaction_customer_ref;
/* Attachments of an interaction (documents/documents.h): read with it, added by who may log it. */
extern const struct document_kind interaction_document_kind;

#define INTERACTION_SUMMARY_MAX 2000
#define INTERACTION_TEXT_MAX 500
#define INTERACTION_PEOPLE_MAX 20
#define INTERACTION_SATISFACTION_MAX 5

struct interaction_input {
    int64_t customer_id;
    const char *channel;    /* required: task_channels (call, visit, meeting ...) */
    const char *direction;  /* out (we reached them, the default) | in (they reached us) */
    int64_t occurred_at;    /* 0: now; not in the future */
    const char *summary;    /* required, at most 2,000 characters */
    const char *outcome;    /* at most 500 */
    const char *next_step;  /* at most 500; with next_at it becomes a task */
    int64_t next_at;        /* 0: none; else after occurred_at */
    int64_t task_id;        /* the open task this interaction is for (0: the matching one) */
    int satisfaction;       /* 0 not asked, 1 (very unhappy) .. 5 (very satisfied) */
    bool needs_service;     /* the customer needs further service (callback method, R-INT-5) */
    int64_t visit_plan_id;  /* the visit plan it closes (followup/visit.h sets it), else 0 */
    int64_t minutes_due_at; /* set by interaction_log: face-to-face, minutes due then */
    const int64_t *user_ids, *contact_ids;
    int nusers, ncontacts;
    bool check_only; /* validate everything, write nothing (an import's preview) */
};

struct interaction_person {
    int64_t user_id, contact_id; /* one of them */
    const char *name;
};

struct interaction {
    int64_t id, customer_id;
    const char *channel, *direction;
    int64_t occurred_at;
    const char *summary, *outcome, *next_step;
    int64_t next_at;
    int satisfaction; /* 0 not asked, 1 .. 5 */
    bool needs_service;
    int64_t task_id;      /* the task its next step became (0: none) */
    int64_t done_task_id; /* the task it completed (0: none) */
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
    struct interaction_person *people;
    int npeople;
};

struct interaction_filter {
    int64_t customer_id; /* required */
    const char *channel;
};
extern const struct list_spec interaction_list_spec;

/*
 * Log an interaction; *id its number, *task the task its next step became,
 * *done the task it completed (0: none). KH_E_VALIDATION naming the field.
 */
KH_NODISCARD enum kh_status interaction_log(const struct kh_ctx *ctx,
                                            const struct interaction_input *in, int64_t *id,
                                            int64_t *task, int64_t *done, struct kh_err *err);
KH_NODISCARD enum kh_status interaction_get(const struct kh_ctx *ctx, int64_t id,
                                            struct interaction *out, struct kh_err *err);
/* The customer's timeline, newest first (a page). */
KH_NODISCARD enum kh_status interaction_list(const struct kh_ctx *ctx,
                                             const struct interaction_filter *f,
                                             const struct list_page *page, struct interaction **out,
                                             int *count, const char **next, struct kh_err *err);

#endif
