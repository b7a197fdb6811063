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

/* Company time zone offset in seconds (Asia/Shanghai, no DST). */
#define KH_TZ_OFFSET (8 * 3600)

/* "2026-01-05T09:00:00+08:00" into out (at least 32 bytes). */
void time_format_iso(int64_t t, char *out, size_t cap);
/* The calendar fields of t in the company time zone. */
struct kh_civil {
    int year, month, day, hour, minute, second;
};
void time_civil(int64_t t, struct kh_civil *out);
/* The calendar fields of t in UTC. */
void time_civil_utc(int64_t t, struct kh_civil *out);
/* "2026-01-05" (company time zone) into out (at least 11 bytes). */
void time_format_date(int64_t t, char *out, size_t cap);
/*
 * Parse RFC 3339 ("2026-01-05T09:00:00+08:00", "...Z", fraction ignored) or a
 * plain date (midnight in the company time zone). Returns false on bad input.
 */
bool time_parse_iso(const char *s, int64_t *out);
/* Strict calendar date "YYYY-MM-DD" (checks month lengths and leap years). */
bool date_valid(const char *s);
/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
