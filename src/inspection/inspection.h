#ifndef KH_INSPECTION_INSPECTION_H
#define KH_INSPECTION_INSPECTION_H

/*
 * The half-yearly inspection 每半年检查 of the customer archive (R-ARC-11).
 *
 * A run (the periodic task inspection.halfyear on 1 January and 1 July, or
 * started by a holder of inspection.manage) walks every owned, active
 * customer in id order, in batches that each commit with the run's
 * bookmark, so a run stopped halfway resumes where it was. Each customer
 * gets a completeness score: the share of its key fields that hold a value
 * (a phone, the region, the address; for a person the gender and birthday;
 * for an organisation the USCC, the industry and a contact person), and the
 * days since it was last updated or contacted. A customer below
 * inspection_min_score, or untouched for inspection_stale_months, is
 * flagged: an item of the run, and a fix-up task for its owner naming what
 * to complete, due in inspection_fixup_working_days (10) working days. The run shows per owner how
 * many were checked and flagged; a manager records the review and its outcome.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct job_kind;
struct job_task;
struct kh_setting;
struct list_spec;
struct list_page;
struct customer_ref_kind;

extern const struct kh_perm inspection_perm_manage;
extern const struct kh_setting inspection_setting_min_score;
extern const struct kh_setting inspection_setting_stale_months;
extern const struct kh_setting inspection_setting_fixup_working_days;
extern const struct job_kind inspection_run_kind;
extern const struct job_task inspection_halfyear_task;
extern const struct customer_ref_kind inspection_customer_ref;

struct inspection {
    int64_t id;
    const char *period; /* "2026-H2", or "manual-<time>" */
    int64_t started_by;
    const char *started_by_name;
    int64_t created_at, finished_at;
    int64_t customers, flagged, tasks;
    int64_t reviewed_by;
    const char *reviewed_by_name;
    int64_t reviewed_at;
    const char *outcome;
};

/* One owner's share of a run. */
struct inspection_owner {
    int64_t owner_id;
    const char *owner_name;
    int64_t flagged, stale;
    int avg_score; /* of the flagged ones */
};

struct inspection_item {
    int64_t customer_id;
    const char *code, *name;
    int64_t owner_id;
    const char *owner_name;
    int score;
    const char *missing; /* field keys, comma separated */
    int64_t stale_days;
    int64_t task_id;
    const char *task_state;
};

struct inspection_filter {
    int64_t owner_id;
};
extern const struct list_spec inspection_item_spec;

KH_NODISCARD enum kh_status inspection_list(const struct kh_ctx *ctx, struct inspection **out,
                                            int *count, struct kh_err *err);
KH_NODISCARD enum kh_status inspection_get(const struct kh_ctx *ctx, int64_t id,
                                           struct inspection *out, struct inspection_owner **owners,
                                           int *nowners, struct kh_err *err);
KH_NODISCARD enum kh_status inspection_items(const struct kh_ctx *ctx, int64_t id,
                                             const struct inspection_filter *f,
                                             const struct list_page *page,
                                             struct inspection_item **out, int *count,
                                             const char **next, struct kh_err *err);
/* Start a run now as a background job (KH_E_CONFLICT "period" while one runs). */
KH_NODISCARD enum kh_status inspection_start(const struct kh_ctx *ctx, int64_t *job_id,
                                             struct kh_err *err);
/* Record the review: the outcome (1-2000 characters), once a run has finished. */
KH_NODISCARD enum kh_status inspection_review(const struct kh_ctx *ctx, int64_t id,
                                              const char *outcome, struct kh_err *err);

#endif
