#ifndef KH_FOLLOWUP_TASK_H
#define KH_FOLLOWUP_TASK_H

/*
 * Tasks 待办 (R-INT-4, R-INT-1): something to do about one customer by a
 * due time. A follow-up rule makes them (a call 3 days after a purchase),
 * an interaction's next step with a date makes one, a user adds one by hand.
 *
 * Who does it: an assignee, or nobody named, and then the customer's owner
 * (the task follows the customer when it is transferred). States: open,
 * done, skipped (with a reason); an open task past its due time is overdue.
 * From start_at (a window "4-6 months" starts at 4 months; else when it was
 * made) an interaction its doer logs on the customer completes it: the
 * earliest due of their open follow-up tasks there (task_complete_on).
 *
 * Visibility follows the customer (customer_open): a customer's tasks are
 * seen by those who read it; a user sees their own tasks, whose customers
 * they see; holders of task.assign also those of users their customer scope
 * covers (their department; everyone with a company-wide scope). Adding a
 * task needs interaction.log; giving one to someone else, task.assign.
 * Every change is audited ("task.*").
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct db_conn;
struct customer_ref_kind;

extern const struct kh_perm task_perm_assign;
extern const struct customer_ref_kind task_customer_ref;

/* Kinds: a rule's follow-up, an interaction's next step, a callback, a greeting, a record fix-up.
 */
extern const struct kh_choice task_kinds[];
/* Whether an interaction completes tasks of this kind (the follow-up kinds). */
bool task_kind_follows_up(const char *kind);
/* Channels of a task and an interaction (call, visit, meeting ...), "" for any. */
extern const struct kh_choice task_channels[];
bool task_channel_valid(const char *channel);

#define TASK_TITLE_MAX 200
#define TASK_TEXT_MAX 500

struct task_input {
    int64_t customer_id;
    const char *kind;    /* task_kinds; default "follow_up" */
    const char *title;   /* required, at most 200 characters */
    const char *purpose; /* at most 500 */
    const char *channel; /* task_channels or "" */
    int64_t assignee_id; /* 0: the customer's owner, whoever it is */
    int64_t start_at;    /* 0: now */
    int64_t due_at;      /* required; not before start_at */
    int64_t rule_id;     /* the follow-up rule making it (followup/rule.h), else 0 */
};

struct task {
    int64_t id, customer_id;
    const char *customer_code, *customer_name;
    const char *kind, *title, *purpose, *channel;
    int64_t assignee_id; /* the one who does it now (the owner when it follows the owner) */
    const char *assignee_name;
    bool follows_owner;
    int64_t start_at, due_at;
    const char *state; /* open | done | skipped */
    bool overdue;
    int64_t done_at, done_by;
    const char *done_by_name;
    int64_t done_interaction_id;
    const char *note; /* what was done, or why it was skipped */
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
    const char *source;
    int64_t rule_id; /* the follow-up rule that made it, with its names; else 0 */
    const char *rule_name_zh, *rule_name_en;
};

struct task_filter {
    int64_t customer_id; /* a customer's tasks (who reads the customer) */
    int64_t assignee_id; /* someone's tasks: 0 the actor's own (task.assign for another's) */
    const char *state;   /* open (default) | overdue | done | skipped | all */
    const char *kind;
    int64_t due_from, due_to; /* due_from <= due_at < due_to */
};
extern const struct list_spec task_list_spec;

/* Add a task by hand; *id its number. KH_E_VALIDATION naming the field. */
KH_NODISCARD enum kh_status task_create(const struct kh_ctx *ctx, const struct task_input *in,
                                        int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status task_get(const struct kh_ctx *ctx, int64_t id, struct task *out,
                                     struct kh_err *err);
/* A page by due time, earliest first. */
KH_NODISCARD enum kh_status task_list(const struct kh_ctx *ctx, const struct task_filter *f,
                                      const struct list_page *page, struct task **out, int *count,
                                      const char **next, struct kh_err *err);
/*
 * An open task the actor may finish: its doer, or a task.assign holder who
 * sees it. NOT_FOUND (not seen), FORBIDDEN (someone else's), CONFLICT
 * "state" (done or skipped).
 */
KH_NODISCARD enum kh_status task_open_own(const struct kh_ctx *ctx, int64_t id, struct task *t,
                                          struct kh_err *err);
/* Done (its doer or a task.assign holder who sees it), with a note (at most 500). */
KH_NODISCARD enum kh_status task_done(const struct kh_ctx *ctx, int64_t id, const char *note,
                                      struct kh_err *err);
/* Skipped, with the reason (required, at most 500). */
KH_NODISCARD enum kh_status task_skip(const struct kh_ctx *ctx, int64_t id, const char *reason,
                                      struct kh_err *err);
/* Give an open task to assignee_id (0: back to following the owner); task.assign. */
KH_NODISCARD enum kh_status task_assign(const struct kh_ctx *ctx, int64_t id, int64_t assignee_id,
                                        struct kh_err *err);

/* One person's open work (a manager's team view). */
struct task_load {
    int64_t user_id;
    const char *name;
    int64_t open, due_today, overdue; /* due_today: due before the end of today, not yet overdue */
};
/*
 * The open tasks of the people a task.assign holder oversees (their
 * department's staff; everyone with a company-wide customer scope), per
 * doer, most overdue first; customers above the reader's clearance left out.
 */
KH_NODISCARD enum kh_status task_team(const struct kh_ctx *ctx, struct task_load **out, int *count,
                                      struct kh_err *err);

/* The daily digest of due and overdue tasks (07:40), for users who asked for it. */
extern const struct job_kind followup_digest_kind;
extern const struct job_task followup_digest_task;

/* ---- for the capabilities that make and complete tasks in their own writes ---- */

/*
 * Check in (as task_create does, without the permission checks: the caller
 * decided) for a task made by something else; source (may be "") makes it
 * once only. *id 0 when a task of that source exists already.
 */
KH_NODISCARD enum kh_status task_check(const struct kh_ctx *ctx, const struct task_input *in,
                                       struct kh_err *err);
KH_NODISCARD enum kh_status task_add_on(struct db_conn *c, const struct kh_ctx *ctx,
                                        const struct task_input *in, const char *source,
                                        int64_t *id, struct kh_err *err);
/*
 * In an interaction's write: complete task_id (the task the user logs the
 * interaction for: open, on that customer, theirs to do or task.assign), or
 * when task_id is 0 the earliest due open follow-up task on customer_id
 * that user_id does and whose start_at is at most at; *done the task
 * completed (0: none). CONFLICT "task_id" when task_id cannot be completed.
 */
KH_NODISCARD enum kh_status task_complete_on(struct db_conn *c, const struct kh_ctx *ctx,
                                             int64_t customer_id, int64_t task_id, int64_t user_id,
                                             int64_t at, int64_t interaction_id, int64_t *done,
                                             struct kh_err *err);

#endif
