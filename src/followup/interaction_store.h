#ifndef KH_FOLLOWUP_INTERACTION_STORE_H
#define KH_FOLLOWUP_INTERACTION_STORE_H

/* The interactions' SQL (migration 042). */

#include "followup/interaction.h"
#include "followup/task.h"

/*
 * The interaction, its participants (contacts of another customer refused:
 * VALIDATION "contact_ids"), the task of its next step (next, may be NULL),
 * the task it completes, and the audit entry, in one write.
 */
KH_NODISCARD enum kh_status interaction_store_insert(const struct kh_ctx *ctx,
                                                     const struct interaction_input *in,
                                                     const struct task_input *next, int64_t *id,
                                                     int64_t *task, int64_t *done,
                                                     struct kh_err *err);
struct db_conn;
/* The same in c's write (another capability's: a greeting sent, followup/greeting.h). */
KH_NODISCARD enum kh_status interaction_store_insert_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                        const struct interaction_input *in,
                                                        const struct task_input *next, int64_t *id,
                                                        int64_t *task, int64_t *done,
                                                        struct kh_err *err);
KH_NODISCARD enum kh_status interaction_store_get(const struct kh_ctx *ctx, int64_t id,
                                                  struct interaction *out, struct kh_err *err);
KH_NODISCARD enum kh_status interaction_store_list(const struct kh_ctx *ctx,
                                                   const struct interaction_filter *f,
                                                   const struct list_page *page,
                                                   struct interaction **out, int *count,
                                                   const char **next, struct kh_err *err);
/* Whether the customer has an interaction at that time, on that channel, saying that (imports). */
KH_NODISCARD enum kh_status interaction_store_exists(const struct kh_ctx *ctx, int64_t customer_id,
                                                     int64_t occurred_at, const char *channel,
                                                     const char *summary, bool *found,
                                                     struct kh_err *err);
/* The active user whose username, or else whose name (if only one has it), is text; else 0. */
KH_NODISCARD enum kh_status interaction_store_user_named(const struct kh_ctx *ctx, const char *text,
                                                         int64_t *id, struct kh_err *err);
struct db_conn;
KH_NODISCARD enum kh_status interaction_store_repoint_on(struct db_conn *c,
                                                         const struct kh_ctx *ctx, int64_t from,
                                                         int64_t to, int64_t *moved,
                                                         struct kh_err *err);
KH_NODISCARD enum kh_status interaction_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                        int64_t id, struct kh_err *err);

#endif
