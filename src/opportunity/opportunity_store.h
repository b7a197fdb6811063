#ifndef KH_OPPORTUNITY_OPPORTUNITY_STORE_H
#define KH_OPPORTUNITY_OPPORTUNITY_STORE_H

/* Opportunities and their stages in the database: one write per change, its audit inside. */

#include "customer/customer.h"
#include "opportunity/opportunity.h"

struct task_input;

struct db_conn;

/* The change a write makes, checked (opportunity.c). */
struct opp_write {
    const char *action;    /* the audit action: opportunity.create, .update, .stage ... */
    struct opportunity o;  /* the row as it is to be (id 0: a new one) */
    int64_t old_stage_id;  /* the stage it was in (0: new) */
    const char *old_state; /* the state it was in (NULL: new) */
    bool lines_changed;    /* write o.lines in place of the old ones */
    const char *detail;    /* the audit entry's detail */
    const struct task_input *next_task; /* its next step as a task of the owner, or NULL */
    const char *next_source;            /* that task's day: once per opportunity and day */
};

KH_NODISCARD enum kh_status opp_store_write(const struct kh_ctx *ctx, struct opp_write *w,
                                            int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status opp_store_get(const struct kh_ctx *ctx, int64_t id, bool full,
                                          struct opportunity *out, struct kh_err *err);

/* The scope a list binds (customer/customer.h) and the filter, f's texts checked. */
struct opp_query {
    struct customer_scope scope;
    const struct opp_filter *f;
    const char *pattern; /* an upper-case LIKE pattern of f->q, "" for none */
};
KH_NODISCARD enum kh_status opp_store_list(const struct kh_ctx *ctx, const struct opp_query *q,
                                           const char *after_close, int64_t after_id, int limit,
                                           struct opportunity **out, int *count,
                                           struct kh_err *err);
/*
 * The open ones per stage into stages[i].sum (each stage's id set), and
 * those won and lost on a day in [closed_from, closed_to] (YYYY-MM-DD).
 */
KH_NODISCARD enum kh_status opp_store_sums(const struct kh_ctx *ctx, const struct opp_query *q,
                                           const char *closed_from, const char *closed_to,
                                           struct opp_board_column *stages, int nstages,
                                           struct opp_sum *won, struct opp_sum *lost,
                                           struct kh_err *err);
/*
 * The forecast's rows for the months from `from` to `to` (YYYY-MM,
 * inclusive): open ones by the month of their expected close, won ones by
 * the month they were won in; by "month", "owner" or "department".
 */
KH_NODISCARD enum kh_status opp_store_forecast(const struct kh_ctx *ctx, const struct opp_query *q,
                                               const char *by, const char *from, const char *to,
                                               struct opp_forecast_row **out, int *count,
                                               struct kh_err *err);

/* counted: each stage's open_count (every open one walked), else -1 */
KH_NODISCARD enum kh_status opp_store_stages(const struct kh_ctx *ctx, bool all, bool counted,
                                             struct opp_stage **out, int *count,
                                             struct kh_err *err);
KH_NODISCARD enum kh_status opp_store_stage_get(const struct kh_ctx *ctx, int64_t id,
                                                struct opp_stage *out, struct kh_err *err);
/* Insert (s->id 0) or update stage s; position moves the others to make room. */
KH_NODISCARD enum kh_status opp_store_stage_put(const struct kh_ctx *ctx, struct opp_stage *s,
                                                const char *detail, struct kh_err *err);
KH_NODISCARD enum kh_status opp_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                 int64_t from, int64_t to, int64_t *moved,
                                                 struct kh_err *err);
KH_NODISCARD enum kh_status opp_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                int64_t id, struct kh_err *err);

#endif
