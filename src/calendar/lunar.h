#ifndef KH_CALENDAR_LUNAR_H
#define KH_CALENDAR_LUNAR_H

/*
 * The Chinese lunisolar calendar 农历 for lunar years 1900-2100 (solar
 * 1900-01-31 … 2101-01-28), from a table generated at build time
 * (gen_lunar.c, DECISIONS §122). Days are day numbers: days since
 * 1970-01-01. A lunar date has a year (named by the solar year its 正月初一
 * falls in), a month 1-12, whether it is the leap month 闰月 that follows
 * the month of that number, and a day 1-30.
 */

#include <stdbool.h>
#include <stdint.h>

#include "calendar/lunar_table.h"

struct lunar_date {
    int year, month, day;
    bool leap;
};

/* The first and last solar day the table covers. */
int64_t lunar_first_day(void);
int64_t lunar_last_day(void);

/* The lunar date of a solar day; false outside the table. */
bool lunar_from_solar(int64_t day, struct lunar_date *out);
/* The days of a lunar month (29 or 30); 0 when the year has no such month. */
int lunar_month_days(int year, int month, bool leap);
/* The leap month of a year (1-12), 0 if none or outside the table. */
int lunar_leap_month(int year);
/* The solar day of a lunar date; false when that date does not exist. */
bool lunar_to_solar(const struct lunar_date *d, int64_t *out);
/*
 * The first solar day on or after from on which a yearly lunar date (a 农历
 * birthday, a festival) falls, as Chinese families keep it: a leap-month date
 * falls in the leap month when the year has it, in the month of that number
 * otherwise; day 30 falls on day 29 of a short month. False past the table.
 */
bool lunar_next(int64_t from, int month, int day, bool leap, int64_t *out);

/*
 * A birthday as Kehu keeps it in a birthday field: "YYYY-MM-DD" (solar), or
 * "农历YYYY-MM-DD" for a lunar one 农历生日, with "闰" before the month for
 * one born in a leap month ("农历2025-闰06-10"). Parsing checks that the
 * date exists (a lunar one in the table).
 */
struct birthday {
    bool lunar, leap;
    int year, month, day;
};
bool birthday_parse(const char *s, struct birthday *out);
/*
 * The first day on or after from on which it is kept: a solar 29 February
 * on the 28th in other years; a lunar one as lunar_next. False past the table.
 */
bool birthday_next(const struct birthday *b, int64_t from, int64_t *out);

/*
 * Chinese text: "丙午" (the year's stem and branch 干支), "马" (its zodiac
 * animal 生肖), "闰六月", "初一", "廿九", and the whole "丙午年闰六月初一".
 */
const char *lunar_ganzhi(int year, char out[8]);
const char *lunar_zodiac(int year);
const char *lunar_month_name(int month, bool leap, char out[16]);
const char *lunar_day_name(int day);
const char *lunar_text(const struct lunar_date *d, char out[48]);

#endif
