#ifndef KH_FOLLOWUP_RULE_H
#define KH_FOLLOWUP_RULE_H

/*
 * Follow-up rules 回访规则 (R-INT-4) and the minimal purchase record.
 *
 * A rule makes a task (kind follow_up, its channel and purpose, for the
 * customer's owner or for the least loaded user of a role) some time after
 * a trigger: a customer created, a customer's first purchase, any
 * purchase, a written complaint received, a complaint resolved
 * (complaint/complaint.h), or a date of the customer's (birthday, the day
 * the information was collected, a custom date field; yearly: each year's
 * anniversary), for which the window may start and end before the date
 * (negative offsets, in days or months). The task may be done from offset_from after the trigger
 * and is due at offset_to, counted in days, working days (the business calendar) or calendar
 * months: "within 3 days" is 0 .. 3 days, "at 4-6 months" 4 .. 6 months. audience: all customers,
 * only buyers (a purchase recorded) or only non-buyers, decided when the task is made; a purchase
 * skips the open tasks of non-buyer rules ("the customer has bought").
 *
 * The periodic job followup.generate (hourly, and on each scheduler tick in
 * tests) applies every enabled rule to the triggers since it last read,
 * never to triggers before the rule was switched on; each task's source
 * ("rule:<rule>:<record>") is unique, so a rerun makes no second task. A
 * date rule reads every customer once a company day (its first run of the
 * day): a customer whose window (its first day, from 00:00, to its last,
 * until 23:59:59) holds today and is not over gets its task, source
 * "rule:<rule>:c<customer>:d<day number of the date>", so each date (each
 * year's, for a yearly one) makes one task; switching it on reaches the
 * windows already open.
 * The defaults of the source policies are shipped (migration 043).
 *
 * Reading the rules needs interaction.log or followup.rules; changing them
 * followup.rules. Everything audited.
 *
 * Purchases: the purchase facts the rules, greetings, the pool and the
 * communication plans read (table purchases: customer, when, amount, what)
 * are written by orders (order/order.h) in each order's write: placing one
 * is a purchase, changing it changes the purchase, cancelling it removes
 * it. The minimal purchase record of issue 13 is replaced by orders
 * (migration 063 turned each recorded purchase into an order).
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct job_kind;
struct job_task;
struct customer_ref_kind;

extern const struct kh_perm followup_perm_rules;
extern const struct job_kind followup_generate_kind;
extern const struct job_task followup_generate_task;
extern const struct customer_ref_kind purchase_customer_ref;

extern const struct kh_choice followup_triggers[];
extern const struct kh_choice followup_audiences[];
extern const struct kh_choice followup_units[];
/* Callback purposes (R-INT-5): explanation, promotion, emotional, mediation, advice, guidance. */
extern const struct kh_choice followup_purposes[];

struct followup_rule {
    int64_t id;
    const char *name_zh, *name_en;
    const char *trigger, *audience, *unit;
    int offset_from, offset_to;
    const char *channel, *assignee_role, *purpose;
    bool enabled;
    int64_t active_from; /* 0: not applied yet (from the job's next run) */
    int64_t scanned_to;  /* the last trigger record the job read */
    int position;
    int64_t created_at, updated_at;
    /* Trigger date_field: birthday, collected_on or custom:<key>; yearly: each year's anniversary.
     */
    const char *date_field;
    bool yearly;
};

/* The rules in their order; followup_rule_save checks and writes one (id 0: a new one). */
KH_NODISCARD enum kh_status followup_rules_list(const struct kh_ctx *ctx,
                                                struct followup_rule **out, int *count,
                                                struct kh_err *err);
/*
 * KH_E_VALIDATION naming name_zh (1-100 characters), name_en (at most 100),
 * trigger, audience, unit, offset_from / offset_to (0 .. 3650 days, 1000
 * working days or 120 months, from <= to), channel, assignee_role (a role
 * that sees customers, or "" for the owner), purpose. Switching a rule on
 * (a new one, or enabled again) starts it now: earlier triggers are left.
 */
KH_NODISCARD enum kh_status followup_rule_save(const struct kh_ctx *ctx,
                                               const struct followup_rule *in, int64_t *id,
                                               struct kh_err *err);
KH_NODISCARD enum kh_status followup_rule_get(const struct kh_ctx *ctx, int64_t id,
                                              struct followup_rule *out, struct kh_err *err);

/* The date fields a date rule may name ({value, zh, en}, ending with {0}). */
KH_NODISCARD enum kh_status followup_date_fields(const struct kh_ctx *ctx, struct kh_choice **out,
                                                 int *n, struct kh_err *err);

/* Apply every enabled rule now (what the job does); *made the tasks made. */
KH_NODISCARD enum kh_status followup_generate(const struct kh_ctx *ctx, int64_t *made,
                                              struct kh_err *err);

/*
 * New customers not contacted (R-OWN-4): a customer whose owner logged no
 * interaction on it within uncontacted_days (a setting, 7 by default) of
 * its creation is reported once, to the owner and to their department's
 * head, who may reassign it. The daily job followup.uncontacted checks the
 * customers created since its last run (fewer than 8 days ago at most).
 */
extern const struct kh_setting followup_setting_uncontacted_days;
extern const struct job_kind followup_uncontacted_kind;
extern const struct job_task followup_uncontacted_task;
KH_NODISCARD enum kh_status followup_uncontacted(const struct kh_ctx *ctx, int *alerted,
                                                 struct kh_err *err);

/* ---- purchases, written by orders ---- */

struct db_conn;
/*
 * In order order_id's write: the order is the customer's purchase at
 * purchased_at for amount_fen of products (a summary, at most 500
 * characters): added when new, else changed to these values. A new one
 * skips the customer's open tasks of non-buyer rules ("the customer has
 * bought"); *skipped how many.
 */
KH_NODISCARD enum kh_status purchase_put_on(struct db_conn *c, const struct kh_ctx *ctx,
                                            int64_t order_id, int64_t customer_id,
                                            int64_t purchased_at, int64_t amount_fen,
                                            const char *products, int *skipped, struct kh_err *err);
/* In a cancellation's write: order order_id is no longer a purchase. */
KH_NODISCARD enum kh_status purchase_drop_on(struct db_conn *c, int64_t order_id,
                                             struct kh_err *err);

#endif
