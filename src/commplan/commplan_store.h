#ifndef KH_COMMPLAN_COMMPLAN_STORE_H
#define KH_COMMPLAN_COMMPLAN_STORE_H

/* The SQL of communication plans (migration 053): plans, their periods and tasks, the results. */

#include "commplan/commplan.h"
#include "followup/task.h"

struct db_conn;

/* Insert a checked draft by the actor, audited; *id its number. */
KH_NODISCARD enum kh_status commplan_store_create(const struct kh_ctx *ctx,
                                                  const struct commplan *p, int64_t *id,
                                                  struct kh_err *err);
/* Replace the fields of plan p->id while it is draft or paused (CONFLICT "state"), audited. */
KH_NODISCARD enum kh_status commplan_store_update(const struct kh_ctx *ctx,
                                                  const struct commplan *p, struct kh_err *err);
/*
 * The state becomes `to` when it is one of from (a space-separated list),
 * audited as action; CONFLICT "state" otherwise.
 */
KH_NODISCARD enum kh_status commplan_store_move(const struct kh_ctx *ctx, int64_t id,
                                                const char *to, const char *from_a,
                                                const char *from_b, const char *from_c,
                                                const char *action, struct kh_err *err);
KH_NODISCARD enum kh_status commplan_store_get(const struct kh_ctx *ctx, int64_t id,
                                               struct commplan *out, struct kh_err *err);
KH_NODISCARD enum kh_status commplan_store_list(const struct kh_ctx *ctx,
                                                const struct commplan_filter *f,
                                                const struct list_page *page, struct commplan **out,
                                                int *count, const char **next, struct kh_err *err);
/* The active plans (at most 1000, oldest first). */
KH_NODISCARD enum kh_status commplan_store_active(const struct kh_ctx *ctx, struct commplan **out,
                                                  int *count, struct kh_err *err);

/* A period's run as recorded. */
struct commplan_run {
    int64_t scanned_to, made;
    bool finished;
};
/* Begin (or find) period `period` of plan id starting on day; its bookmark and tasks made so far.
 */
KH_NODISCARD enum kh_status commplan_store_period(const struct kh_ctx *ctx, int64_t id,
                                                  int64_t period, const char *day,
                                                  struct commplan_run *out, struct kh_err *err);

/* One batch of a period's walk, written at once. */
struct commplan_batch {
    int64_t plan_id, period;
    const char *day;
    const struct task_input *tasks; /* n tasks, one customer each */
    int n;
    int64_t upto;             /* the last customer id walked */
    int64_t reached, unowned; /* customers of the batch, those of them without an owner */
    bool capped, finish;      /* the cap stopped it; the period is done (audited then) */
};
/* *added: tasks made (a task of the same source made before is not made again). */
KH_NODISCARD enum kh_status commplan_store_batch(const struct kh_ctx *ctx,
                                                 const struct commplan_batch *b, int64_t *added,
                                                 struct kh_err *err);

/* The results of plan p at now; with_periods: the per-period rows too. */
KH_NODISCARD enum kh_status commplan_store_results(const struct kh_ctx *ctx,
                                                   const struct commplan *p, int64_t now,
                                                   bool with_periods, struct commplan_results *out,
                                                   struct kh_err *err);

/* customer_ref: a merged customer's plan tasks move to the survivor. */
KH_NODISCARD enum kh_status commplan_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t from, int64_t to, int64_t *moved,
                                                      struct kh_err *err);

#endif
