#ifndef KH_FOLLOWUP_FEED_H
#define KH_FOLLOWUP_FEED_H

/*
 * Private calendar subscriptions (issue 13 item 11). A user makes a secret
 * address (GET /api/v1/calendar-feed.ics?token=…) that their phone's
 * calendar, Outlook or WeCom's calendar subscribes to: an iCalendar
 * (RFC 5545) of their open tasks due from 30 days ago to 180 days ahead —
 * follow-ups, visits (approved visit plans), meeting minutes — as events at
 * their due time, in UTC. The feed is read as the user: the one scope
 * filter decides what is in it, and each fetch is audited
 * (calendar.feed). Only the token's hash is stored; making a new address
 * replaces the old one, revoking ends it.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct buf;

struct feed_status {
    bool active;
    int64_t created_at, last_used_at;
};

KH_NODISCARD enum kh_status feed_status(const struct kh_ctx *ctx, struct feed_status *out,
                                        struct kh_err *err);
/* A new secret for the acting user (the old one stops working): token gets it, shown once. */
KH_NODISCARD enum kh_status feed_create(const struct kh_ctx *ctx, char *token, size_t cap,
                                        struct kh_err *err);
KH_NODISCARD enum kh_status feed_revoke(const struct kh_ctx *ctx, struct kh_err *err);
/*
 * The user whose token it is, as the actor the feed is read as (actor's
 * address, the caller's, is kept for the audit); KH_E_NOT_FOUND for an
 * unknown or revoked token. Records the use.
 */
KH_NODISCARD enum kh_status feed_resolve(const struct kh_ctx *ctx, const char *token,
                                         struct kh_actor *actor, struct kh_err *err);
/*
 * The acting user's calendar as iCalendar text into out; url_base (may be
 * "") makes each event's link absolute. *events: how many. Audited.
 */
KH_NODISCARD enum kh_status feed_ics(const struct kh_ctx *ctx, const char *url_base,
                                     struct buf *out, int *events, struct kh_err *err);

#endif
