#ifndef KH_CALENDAR_CALENDAR_H
#define KH_CALENDAR_CALENDAR_H

/*
 * The business calendar 工作日历 (R-INT-7, DECISIONS §121): which days are
 * worked and when. A day is worked when the working week says so (setting
 * work_week: bit 0 Monday … bit 6 Sunday), unless the calendar lists it: a
 * public holiday (not worked) or a swapped working day 调休 (worked). Working
 * hours are work_start_minute … work_end_minute of a worked day, in company
 * time. Every rule of Kehu that counts working days or business hours
 * (follow-ups, minutes, overdue loans and leak actions …) asks here.
 *
 * Days are "YYYY-MM-DD" in company time (ctx->tz). Reads need a signed-in
 * user; changes need settings.manage and are audited.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"

/* How far a count may walk: a rule asking for more is refused. */
#define CALENDAR_MAX_WORKING_DAYS 1000
#define CALENDAR_MAX_MINUTES (1000LL * 24 * 60)
#define CALENDAR_MAX_IMPORT 2000

struct calendar_day {
    const char *date; /* YYYY-MM-DD */
    const char *kind; /* "holiday" | "workday" */
    const char *name_zh, *name_en;
    const char *source; /* "gov2026" for a shipped table, "" for the company's own */
};

struct calendar_week {
    unsigned mask;                /* bit 0 Monday … bit 6 Sunday */
    int start_minute, end_minute; /* of a worked day, company time */
};

KH_NODISCARD enum kh_status calendar_week_get(const struct kh_ctx *ctx, struct calendar_week *out,
                                              struct kh_err *err);
/* The listed days of a year (1900-2200), in date order. */
KH_NODISCARD enum kh_status calendar_year(const struct kh_ctx *ctx, int year,
                                          struct calendar_day **out, int *count,
                                          struct kh_err *err);
/*
 * List a day as a holiday or a worked day (replacing what was listed).
 * KH_E_VALIDATION naming "date", "kind", "name_zh" or "name_en" (at most
 * 50 characters); KH_E_FORBIDDEN without settings.manage.
 */
KH_NODISCARD enum kh_status calendar_day_put(const struct kh_ctx *ctx, const struct calendar_day *d,
                                             struct kh_err *err);
/* Take a day off the list (it follows the working week again); KH_E_NOT_FOUND if not listed. */
KH_NODISCARD enum kh_status calendar_day_delete(const struct kh_ctx *ctx, const char *date,
                                                struct kh_err *err);
/* Put many days at once, all or none; the error names "days[i].<field>". */
KH_NODISCARD enum kh_status calendar_import(const struct kh_ctx *ctx,
                                            const struct calendar_day *days, int n,
                                            struct kh_err *err);

/* The company-time day of t as a day number (days since 1970-01-01): "once a day" marks. */
int64_t calendar_local_day(const struct kh_ctx *ctx, int64_t t);
/* Whether the company-time day of t is worked. */
KH_NODISCARD enum kh_status calendar_is_working_day(const struct kh_ctx *ctx, int64_t t, bool *out,
                                                    struct kh_err *err);
/*
 * The same time of day, n (0 … CALENDAR_MAX_WORKING_DAYS) worked days after
 * t's day: "2 working days after a Friday meeting" falls on Tuesday, and
 * after the Friday before a holiday week, on the first worked day after it.
 */
KH_NODISCARD enum kh_status calendar_add_working_days(const struct kh_ctx *ctx, int64_t t, int n,
                                                      int64_t *out, struct kh_err *err);
/*
 * The same time of day n calendar months (0 … 1200) after t, company time;
 * a day the month does not have becomes its last (31 January + 1 month:
 * 28 or 29 February).
 */
int64_t calendar_add_months(const struct kh_ctx *ctx, int64_t t, int n);
/*
 * The instant minutes (0 … CALENDAR_MAX_MINUTES) of working hours after t:
 * time outside working hours does not count. KH_E_VALIDATION "work_start_minute"
 * when the working hours are empty.
 */
KH_NODISCARD enum kh_status calendar_add_business_minutes(const struct kh_ctx *ctx, int64_t t,
                                                          int64_t minutes, int64_t *out,
                                                          struct kh_err *err);

/*
 * Alerts repeated every working day until something is done (overdue loans,
 * late leak actions …): a capability says what waits and how to alert it;
 * its periodic task's due check and job are calendar_alerts_due and
 * calendar_alerts_run (hourly at :10 on working days, once per day and
 * thing, marked by the day number calendar_local_day gives).
 */
struct job_run;
struct calendar_alerts {
    /* Whether something past due at now was not alerted on day. */
    enum kh_status (*pending)(const struct kh_ctx *ctx, int64_t now, int64_t day, bool *any,
                              struct kh_err *err);
    /* Alert each such thing and mark it alerted on day; *n: how many. */
    enum kh_status (*alert)(const struct kh_ctx *ctx, int64_t now, int64_t day, int *n,
                            struct kh_err *err);
};
bool calendar_alerts_due(const struct kh_ctx *ctx, const struct calendar_alerts *a, int64_t now,
                         char *period, size_t cap);
KH_NODISCARD enum kh_status
calendar_alerts_run(struct job_run *run, const struct calendar_alerts *a, struct kh_err *err);

/*
 * Lunar dates 农历 (lunar.h) for callers that take them as text: each
 * refusal is KH_E_VALIDATION naming the field ("date", "year", "month",
 * "leap", "day", "from"). Dates are "YYYY-MM-DD" (out: 11 bytes).
 */
struct lunar_date;
KH_NODISCARD enum kh_status calendar_lunar_of(const char *date, struct lunar_date *out,
                                              struct kh_err *err);
KH_NODISCARD enum kh_status calendar_solar_of(const struct lunar_date *d, char *out,
                                              struct kh_err *err);
/* The next day on or after from on which a yearly lunar date falls (lunar_next). */
KH_NODISCARD enum kh_status calendar_lunar_next(const char *from, int month, int day, bool leap,
                                                char *out, struct kh_err *err);

/* ---- the capability (src/http/routes/calendar_routes.c) ---- */
struct kh_audit_action;
struct kh_setting;
extern const struct kh_audit_action calendar_audit_actions[];
extern const struct kh_setting *const calendar_settings[];

#endif
