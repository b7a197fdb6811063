#ifndef KH_FOLLOWUP_TASK_STORE_H
#define KH_FOLLOWUP_TASK_STORE_H

/* The tasks table's SQL (migration 041). */

#include "followup/task.h"

/* Insert in its own write, with its audit entry (and the assignee's notice when not the actor). */
KH_NODISCARD enum kh_status task_store_insert(const struct kh_ctx *ctx, const struct task_input *in,
                                              const char *source, int64_t *id, struct kh_err *err);
/*
 * The same on c; *id 0 when a task of source exists already. single: its
 * own audit entry and notice to the assignee (false: one of a batch, whose
 * maker records and announces the batch). A batch's maker that needs no id
 * passes NULL and asks db_changes(c) whether the task was made (a lookup
 * less per task of a catch-up's millions).
 */
KH_NODISCARD enum kh_status task_store_insert_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                 const struct task_input *in, const char *source,
                                                 bool single, int64_t *id, struct kh_err *err);
/* Open tasks given to each of users[0 .. n) by name (not those following an owner) into open[]. */
KH_NODISCARD enum kh_status task_store_open_counts(const struct kh_ctx *ctx, const int64_t *users,
                                                   int n, int64_t *open, struct kh_err *err);
KH_NODISCARD enum kh_status task_store_get(const struct kh_ctx *ctx, int64_t id, struct task *out,
                                           struct kh_err *err);
/* f->customer_id's tasks, else f->assignee_id's; customers above clearance left out. */
KH_NODISCARD enum kh_status task_store_list(const struct kh_ctx *ctx, const struct task_filter *f,
                                            int clearance, const struct list_page *page,
                                            struct task **out, int *count, const char **next,
                                            struct kh_err *err);
/* An open task becomes state (done | skipped) with note; CONFLICT when it is not open. */
KH_NODISCARD enum kh_status task_store_finish(const struct kh_ctx *ctx, int64_t id,
                                              const char *state, const char *note,
                                              struct kh_err *err);
KH_NODISCARD enum kh_status task_store_assign(const struct kh_ctx *ctx, int64_t id,
                                              int64_t assignee_id, struct kh_err *err);
/* As task_complete_on; any_doer: task_id may be someone else's. */
KH_NODISCARD enum kh_status task_store_complete_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                   int64_t customer_id, int64_t task_id,
                                                   int64_t user_id, bool any_doer, int64_t at,
                                                   int64_t interaction_id, int64_t *done,
                                                   struct kh_err *err);
/* Open tasks per doer of department dept (0: everyone), by overdue count then open count. */
KH_NODISCARD enum kh_status task_store_team(const struct kh_ctx *ctx, int64_t dept, int clearance,
                                            int64_t now, int64_t day_end, struct task_load **out,
                                            int *count, struct kh_err *err);
/*
 * The daily digest of user_id: open tasks due before day_end (counted as
 * overdue when due by now), and the first 10 of them, earliest first.
 */
struct task_digest {
    int64_t due_today, overdue;
    const char *lines_zh, *lines_en; /* "· title（customer）…" */
};
KH_NODISCARD enum kh_status task_store_digest(const struct kh_ctx *ctx, int64_t user_id,
                                              int64_t now, int64_t day_end, struct task_digest *out,
                                              struct kh_err *err);
/* Tell user_id in the inbox, in a write of its own. */
KH_NODISCARD enum kh_status task_store_tell(const struct kh_ctx *ctx, int64_t user_id,
                                            const char *kind, const char *zh, const char *en,
                                            const char *link, struct kh_err *err);
KH_NODISCARD enum kh_status task_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                  int64_t from, int64_t to, int64_t *moved,
                                                  struct kh_err *err);
KH_NODISCARD enum kh_status task_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                 int64_t id, struct kh_err *err);

#endif
