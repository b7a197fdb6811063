#ifndef KH_COMMPLAN_COMMPLAN_H
#define KH_COMMPLAN_COMMPLAN_H

/*
 * Communication plans 沟通计划 (R-INT-9): for a customer segment, a plan
 * with a goal, a channel, the content to convey and a frequency; its
 * results measured.
 *
 * A plan: a name, a goal (目标), a segment (the customer list's filter:
 * grade, category, value tier, stage, tag, region, branch, owner ...; kept
 * as the JSON object of its keys and read by the list's one parser,
 * customer_list_spec), a channel (task_channels), the content (talking
 * points, at most 2,000 characters), a frequency (every N days, weeks or
 * months from the start day), an optional end day. States: draft ->
 * active <-> paused -> ended (ended from any state, for good). Holders of
 * commplan.manage (sales managers, customer service managers, the general
 * manager) see every plan, make, edit (while draft or paused), activate,
 * pause and end them; every change is audited ("commplan.*").
 *
 * Periods: period k starts on start day + k * N units (a month's day the
 * month lacks becomes its last). The morning job (commplan.generate, daily
 * from 06:50 company time for a quarter of an hour) takes each active plan
 * whose current period (the latest that has begun, not after the end day)
 * is not yet done, and walks the segment as the plan's creator sees it
 * (customer_walk: a manager's plan reaches only the customers the manager
 * sees, at the time of the run) in batches of 500, each one write: one task
 * (kind comm_plan, the plan's name as title, its goal as purpose, its
 * channel) per customer for the customer's owner, start now, due at 18:00
 * of the period's day (of the run's day when that is later); customers
 * without an owner are skipped and counted. At most comm_plan_max_tasks
 * (setting, 5,000) tasks per plan and period: the rest of the segment is
 * left out, and the period says so (capped). Each task carries source
 * "plan:<id>:<period>:<customer>", so a rerun, a retried job or a second
 * node never makes one twice. A period missed entirely (the server off for
 * all of it) is not made up; the plan goes on with the current one. A plan
 * whose creator left (inactive) or no longer holds commplan.manage makes
 * nothing until someone else activates a copy.
 *
 * Results (computed from the records each time, never stored counters):
 * tasks made, done, skipped, open, overdue; contacted: tasks whose customer
 * had an interaction on the plan's channel logged at or after the task was
 * made; responded: tasks whose customer, at or after it, had an inbound
 * interaction (direction in) or one with an outcome written, on any
 * channel; purchases: purchases of the plan's customers dated at or after
 * the first task the plan made for that customer (count, customers, amount
 * in fen). Per period the same counts but purchases, with the customers
 * reached, the owners missing and whether the cap stopped it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct job_kind;
struct job_task;
struct kh_setting;
struct customer_ref_kind;

extern const struct kh_perm commplan_perm_manage;
extern const struct kh_setting commplan_setting_max_tasks;
extern const struct job_kind commplan_generate_kind;
extern const struct job_task commplan_generate_task;
extern const struct customer_ref_kind commplan_customer_ref;
extern const struct kh_choice commplan_units[];
extern const struct kh_choice commplan_states[];

#define COMMPLAN_NAME_MAX 100
#define COMMPLAN_GOAL_MAX 500
#define COMMPLAN_CONTENT_MAX 2000
#define COMMPLAN_SEGMENT_MAX 4000 /* bytes of the segment's JSON text */
#define COMMPLAN_PREVIEW 20

/* What a client gives; NULL members of a change are left as they are. */
struct commplan_input {
    const char *name;    /* 1 .. 100 characters */
    const char *goal;    /* 1 .. 500 */
    const char *segment; /* JSON object text of customer list filter keys ("{}": every customer) */
    const char *channel; /* task_channels */
    const char *content; /* 1 .. 2000 */
    const char *unit;    /* days | weeks | months */
    int64_t every;       /* 1 .. 365 days, 52 weeks, 12 months; 0: unchanged (a change) */
    const char *start_day; /* YYYY-MM-DD, company time */
    const char *end_day;   /* "" none; else not before start_day */
};

struct commplan {
    int64_t id;
    const char *name, *goal, *segment, *channel, *content, *unit;
    int64_t every;
    const char *start_day, *end_day, *state;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at, updated_at, activated_at, ended_at;
};

struct commplan_counts {
    int64_t tasks, done, skipped, open, overdue, contacted, responded;
};

struct commplan_period {
    int64_t period;
    const char *day;
    int64_t started_at, finished_at;
    int64_t reached, unowned;
    bool capped;
    struct commplan_counts counts;
};

struct commplan_results {
    struct commplan_counts counts;
    int64_t customers; /* customers given at least one task */
    int64_t purchases, purchase_customers, purchase_fen;
    struct commplan_period *periods; /* newest first, at most 100 */
    int nperiods;
};

struct commplan_filter {
    const char *state; /* one of commplan_states, or NULL: all */
};
extern const struct list_spec commplan_list_spec;

/* A new draft; *id its number. VALIDATION naming the field (segment keys as "segment.<key>"). */
KH_NODISCARD enum kh_status commplan_create(const struct kh_ctx *ctx,
                                            const struct commplan_input *in, int64_t *id,
                                            struct kh_err *err);
/* Change a draft or paused plan (CONFLICT "state" otherwise). */
KH_NODISCARD enum kh_status commplan_update(const struct kh_ctx *ctx, int64_t id,
                                            const struct commplan_input *in, struct kh_err *err);
/*
 * to: "active" (from draft or paused; CONFLICT "state" from ended or
 * active, CONFLICT "end_day" when the end day has passed), "paused" (from
 * active), "ended" (from draft, active or paused).
 */
KH_NODISCARD enum kh_status commplan_move(const struct kh_ctx *ctx, int64_t id, const char *to,
                                          struct kh_err *err);
KH_NODISCARD enum kh_status commplan_get(const struct kh_ctx *ctx, int64_t id, struct commplan *out,
                                         struct commplan_results *res, struct kh_err *err);
/* Plan p's totals (res->periods left empty): for a list of plans. */
KH_NODISCARD enum kh_status commplan_totals(const struct kh_ctx *ctx, const struct commplan *p,
                                            struct commplan_results *res, struct kh_err *err);
/* Newest first. */
KH_NODISCARD enum kh_status commplan_list(const struct kh_ctx *ctx, const struct commplan_filter *f,
                                          const struct list_page *page, struct commplan **out,
                                          int *count, const char **next, struct kh_err *err);

struct commplan_pick {
    int64_t id;
    const char *code, *name, *grade;
    int64_t owner_id;
    const char *owner_name;
};
struct commplan_preview {
    struct list_total total;     /* customers the segment reaches now */
    struct commplan_pick *items; /* the first COMMPLAN_PREVIEW of them, by latest update */
    int count;
    bool shown; /* items are listed (the reader sees them all) */
};
/*
 * What plan id's segment reaches now, as its creator sees it (what the job
 * would walk). The items are listed when the reader is the creator or
 * sees the creator's customers too (a company-wide scope); else only the
 * number.
 */
KH_NODISCARD enum kh_status commplan_preview(const struct kh_ctx *ctx, int64_t id,
                                             struct commplan_preview *out, struct kh_err *err);
/* The same for a segment not saved yet (JSON text), as the reader sees it. */
KH_NODISCARD enum kh_status commplan_preview_segment(const struct kh_ctx *ctx, const char *segment,
                                                     struct commplan_preview *out,
                                                     struct kh_err *err);

/*
 * The current period of p on day today (YYYY-MM-DD): the latest that has
 * begun (start day + k * every units; a month's day the month lacks becomes
 * its last), its number into *k and its day into day (at least 11 bytes).
 * False before the start day, or when that period would begin after the
 * end day. Pure: no context.
 */
bool commplan_period_of(const struct commplan *p, const char *today, int64_t *k, char *day,
                        size_t cap);

/* The job's work: each due plan's current period; *made tasks made. */
KH_NODISCARD enum kh_status commplan_generate(const struct kh_ctx *ctx, int64_t *made,
                                              struct kh_err *err);

#endif
