#ifndef KH_CORE_CLOCK_H
#define KH_CORE_CLOCK_H

/*
 * The context clock: the only source of "now" for domain code. A real clock
 * reads the system time; a test clock (server started with KEHU_TEST_CLOCK=1)
 * can be set and advanced, and then stays where it was put.
 * Times are Unix seconds (UTC). Thread-safe.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kh_clock {
    bool settable;
    _Atomic int64_t fixed; /* 0: follow the system clock */
};

void clock_init(struct kh_clock *c, bool settable);
int64_t clock_now(const struct kh_clock *c);
/* Only for a settable clock; returns false otherwise. */
bool clock_set(struct kh_clock *c, int64_t now);
bool clock_advance(struct kh_clock *c, int64_t seconds);
/*
 * A test clock that no test has set or advanced yet: it reads the system
 * time, but what happens at a time of day (the scheduler's periodic tasks)
 * waits until a test puts the clock somewhere, so that a test run never
 * depends on the hour it starts at.
 */
bool clock_test_unset(const struct kh_clock *c);

/*
 * Microseconds on the system's monotonic clock: for measuring how long work
 * takes (request times, progress pacing, a bulk write's share of the
 * writer), never for a time rule, which reads the context clock.
 */
int64_t clock_mono_us(void);

/*
 * Calendar times in a time zone (core/tz.h): the company's, which domain
 * code gets from its context (ctx_tz), or NULL for UTC.
 */
struct kh_tz;

/* "2026-01-05T09:00:00+08:00" (NULL zone: "…Z") into out (at least 32 bytes). */
void time_format_iso(const struct kh_tz *tz, int64_t t, char *out, size_t cap);
/* The calendar fields of t in the zone. */
struct kh_civil {
    int year, month, day, hour, minute, second;
};
void time_civil(const struct kh_tz *tz, int64_t t, struct kh_civil *out);
/* The instant of a calendar time in the zone (see tz_from_local for skipped and repeated times). */
int64_t time_from_civil(const struct kh_tz *tz, const struct kh_civil *c);
/* "2026-01-05" in the zone into out (at least 11 bytes). */
void time_format_date(const struct kh_tz *tz, int64_t t, char *out, size_t cap);
/* The start (midnight) of the day after t's day in the zone: 23, 24 or 25 hours on. */
int64_t time_day_after(const struct kh_tz *tz, int64_t t);
/*
 * Parse RFC 3339 ("2026-01-05T09:00:00+08:00", "...Z", fraction ignored) or a
 * plain date (its midnight in the zone). Returns false on bad input.
 */
bool time_parse_iso(const struct kh_tz *tz, const char *s, int64_t *out);
/* Strict calendar date "YYYY-MM-DD" (checks month lengths and leap years). */
bool date_valid(const char *s);
/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
/* The civil date (at 00:00) of a day number, days since 1970-01-01: days_from_civil's inverse. */
void civil_of_day(int64_t day, struct kh_civil *out);

#endif
