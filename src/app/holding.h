#ifndef KH_APP_HOLDING_H
#define KH_APP_HOLDING_H

/*
 * What a user holds (R-SEC-8): the things that must pass to a successor
 * before the user may be disabled (customers owned, loans not returned,
 * requests waiting on them, posts such as a department's head). Each
 * capability registers its kinds (struct capability .holdings); the
 * departure handover (handover/) passes all of them in one write, and
 * disabling a user who still holds any is refused.
 */

#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct db_conn;

struct holding_kind {
    const char *name; /* "customers" */
    const char *label_zh;
    const char *label_en;
    /* How many the user holds now. */
    enum kh_status (*count)(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                            struct kh_err *err);
    /*
     * Whether the successor `to` (an active user other than `from`) may take
     * what `from` holds; NULL: anyone. Refusals name the field "successors.<name>".
     */
    enum kh_status (*accepts)(const struct kh_ctx *ctx, int64_t from, int64_t to,
                              struct kh_err *err);
    /*
     * In the handover's write: pass every one to `to`, each change recorded
     * as the kind records it (history, audit); *moved: how many.
     */
    enum kh_status (*hand_over)(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                int64_t to, const char *reason, int64_t *moved, struct kh_err *err);
};

/* One kind's count for a user. */
struct holding_count {
    const struct holding_kind *kind;
    int64_t count;
};

/*
 * Every registered kind with what user_id holds of it (zeros too), in
 * registration order; *out in ctx->arena.
 */
KH_NODISCARD enum kh_status holding_counts(const struct kh_ctx *ctx, int64_t user_id,
                                           struct holding_count **out, int *n, struct kh_err *err);

/*
 * KH_OK when user_id holds nothing; else KH_E_CONFLICT, field "active",
 * listing what they hold ("客户 12 位、外借登记 1 项") and asking for the
 * handover first.
 */
KH_NODISCARD enum kh_status holding_none(const struct kh_ctx *ctx, int64_t user_id,
                                         struct kh_err *err);

#endif
