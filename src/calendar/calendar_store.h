#ifndef KH_CALENDAR_CALENDAR_STORE_H
#define KH_CALENDAR_CALENDAR_STORE_H

/* The SQL of the business calendar. */

#include "calendar/calendar.h"

/* Listed days from first to last (inclusive, "YYYY-MM-DD"), in date order. */
KH_NODISCARD enum kh_status calendar_store_range(const struct kh_ctx *ctx, const char *first,
                                                 const char *last, struct calendar_day **out,
                                                 int *count, struct kh_err *err);
/* Put days (replacing), all in one write audited as action with detail. */
KH_NODISCARD enum kh_status calendar_store_put(const struct kh_ctx *ctx,
                                               const struct calendar_day *days, int n,
                                               const char *action, const char *detail,
                                               struct kh_err *err);
/* Delete a listed day, audited; KH_E_NOT_FOUND when it is not listed. */
KH_NODISCARD enum kh_status calendar_store_delete(const struct kh_ctx *ctx, const char *date,
                                                  struct kh_err *err);

#endif
