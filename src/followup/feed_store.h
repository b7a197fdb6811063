#ifndef KH_FOLLOWUP_FEED_STORE_H
#define KH_FOLLOWUP_FEED_STORE_H

/* The SQL of calendar subscriptions. */

#include "followup/feed.h"

KH_NODISCARD enum kh_status feed_store_status(const struct kh_ctx *ctx, int64_t user_id,
                                              struct feed_status *out, struct kh_err *err);
/* Replace the user's token hash (audited calendar.feed_create). */
KH_NODISCARD enum kh_status feed_store_put(const struct kh_ctx *ctx, const char *hash,
                                           struct kh_err *err);
/* Delete it (audited calendar.feed_revoke); KH_E_NOT_FOUND when there was none. */
KH_NODISCARD enum kh_status feed_store_delete(const struct kh_ctx *ctx, struct kh_err *err);
/* The active user of a token hash (0: none), its use recorded at most once a minute. */
KH_NODISCARD enum kh_status feed_store_resolve(const struct kh_ctx *ctx, const char *hash,
                                               int64_t *user_id, struct kh_err *err);

#endif
