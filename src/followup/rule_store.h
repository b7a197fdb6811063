#ifndef KH_FOLLOWUP_RULE_STORE_H
#define KH_FOLLOWUP_RULE_STORE_H

/* The SQL of follow-up rules and purchases (migration 043). */

#include "followup/rule.h"
#include "followup/task.h"

KH_NODISCARD enum kh_status rule_store_list(const struct kh_ctx *ctx, struct followup_rule **out,
                                            int *count, struct kh_err *err);
/* Insert (old NULL) or update, with its audit entry; switched on now: active from now. */
KH_NODISCARD enum kh_status rule_store_save(const struct kh_ctx *ctx,
                                            const struct followup_rule *in,
                                            const struct followup_rule *old, int64_t *id,
                                            struct kh_err *err);
/* A rule applied for the first time: active from now, triggers recorded until now left. */
KH_NODISCARD enum kh_status rule_store_start(const struct kh_ctx *ctx, struct followup_rule *r,
                                             struct kh_err *err);

/* A trigger the rule applies to: its record, customer and time; a date's day number (0: none). */
struct rule_trigger {
    int64_t record_id, customer_id, at, occurrence;
};
/*
 * The next at most batch trigger records after r->scanned_to, and of them
 * those the rule applies to (*out, *n); *upto the last record read (the
 * next scan starts after it; records of an import not yet published stop
 * it). *more: a full batch was read.
 */
KH_NODISCARD enum kh_status rule_store_triggers(const struct kh_ctx *ctx,
                                                const struct followup_rule *r, int batch,
                                                struct rule_trigger **out, int *n, int64_t *upto,
                                                bool *more, struct kh_err *err);
/* A customer's value of a date rule's field, and whether the rule applies to the customer. */
struct rule_date {
    int64_t customer_id;
    char value[48];
    bool applies;
};
/*
 * The next at most batch customers after id `after` (published, their
 * field r->date_field not empty), in a: their value of it (a profile value
 * opened and read from its JSON). *last the last id read; *more: a full
 * batch.
 */
struct arena;
KH_NODISCARD enum kh_status rule_store_dates(const struct kh_ctx *ctx, struct arena *a,
                                             const struct followup_rule *r, int64_t after,
                                             int batch, struct rule_date **out, int *n,
                                             int64_t *last, bool *more, struct kh_err *err);
/* The date fields a rule may name: birthday, collected_on, custom:<key> of a date field. */
KH_NODISCARD enum kh_status rule_store_date_fields(const struct kh_ctx *ctx, struct kh_choice **out,
                                                   int *n, struct kh_err *err);

/*
 * In one write: the tasks (a role's least loaded active user, or the
 * owner), those already made skipped (their source), the rule read up to
 * upto, one audit entry for the batch. *added the tasks made.
 */
KH_NODISCARD enum kh_status rule_store_add_tasks(const struct kh_ctx *ctx,
                                                 const struct followup_rule *r,
                                                 const struct rule_trigger *t,
                                                 const struct task_input *tasks, int n,
                                                 int64_t upto, int *added, struct kh_err *err);

/*
 * Customers created in (from, to] with an owner who logged no interaction
 * on them, not alerted yet: each alerted (owner and department head told,
 * remembered), the mark moved to `to`, one audit entry; *n how many.
 */
#define UNCONTACTED_BATCH_FULL 1000
KH_NODISCARD enum kh_status rule_store_uncontacted(const struct kh_ctx *ctx, int64_t to, int days,
                                                   int *n, struct kh_err *err);

struct db_conn;
KH_NODISCARD enum kh_status purchase_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t from, int64_t to, int64_t *moved,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status purchase_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                     int64_t id, struct kh_err *err);

/* A run's writes are over: the writer's page cache back to its usual size. */
void rule_store_generate_end(const struct kh_ctx *ctx);

#endif
