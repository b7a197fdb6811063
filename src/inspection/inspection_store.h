#ifndef KH_INSPECTION_INSPECTION_STORE_H
#define KH_INSPECTION_INSPECTION_STORE_H

/* The SQL of inspections: runs, their batches, items, owners, the review. */

#include "followup/task.h"
#include "inspection/inspection.h"

/* One customer as a run reads it: which key fields hold a value. */
struct inspection_row {
    int64_t id, owner_id;
    bool organisation;
    bool phone, region, address, gender, birthday, uscc, industry, contact;
    int64_t touched; /* the later of its update and its last interaction */
};

/* A flagged customer of a batch, with its fix-up task. */
struct inspection_flag {
    int64_t customer_id, owner_id;
    int score;
    const char *missing;
    int64_t stale_days;
    struct task_input task;
};

/* A new run of period (KH_E_CONFLICT "period" when that period has one, or a run is unfinished). */
KH_NODISCARD enum kh_status inspection_store_begin(const struct kh_ctx *ctx, const char *period,
                                                   int64_t *id, struct kh_err *err);
/* The run of period, if any (0). */
KH_NODISCARD enum kh_status inspection_store_find(const struct kh_ctx *ctx, const char *period,
                                                  int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status inspection_store_get(const struct kh_ctx *ctx, int64_t id,
                                                 struct inspection *out, int64_t *scanned_to,
                                                 struct kh_err *err);
/* Owned, active customers after `after` in id order, at most limit. */
KH_NODISCARD enum kh_status inspection_store_batch(const struct kh_ctx *ctx, int64_t after,
                                                   int limit, struct inspection_row **out,
                                                   int *count, struct kh_err *err);
/* Record a batch: its flagged customers and their tasks, the counts, the bookmark; in one write. */
KH_NODISCARD enum kh_status inspection_store_apply(const struct kh_ctx *ctx, int64_t id,
                                                   const struct inspection_flag *flags, int n,
                                                   int64_t checked, int64_t upto,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status inspection_store_finish(const struct kh_ctx *ctx, int64_t id,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status inspection_store_list(const struct kh_ctx *ctx, struct inspection **out,
                                                  int *count, struct kh_err *err);
KH_NODISCARD enum kh_status inspection_store_owners(const struct kh_ctx *ctx, int64_t id,
                                                    struct inspection_owner **out, int *count,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status inspection_store_items(const struct kh_ctx *ctx, int64_t id,
                                                   int clearance, const struct inspection_filter *f,
                                                   const struct list_page *page,
                                                   struct inspection_item **out, int *count,
                                                   const char **next, struct kh_err *err);
/* The review (audited); KH_E_CONFLICT "state" while the run is unfinished. */
KH_NODISCARD enum kh_status inspection_store_review(const struct kh_ctx *ctx, int64_t id,
                                                    const char *outcome, struct kh_err *err);
/* customer_ref: a merged customer's items move to the survivor. */
KH_NODISCARD enum kh_status inspection_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                        int64_t from, int64_t to, int64_t *moved,
                                                        struct kh_err *err);

#endif
