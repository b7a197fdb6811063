#ifndef KH_CALENDAR_LUNAR_TABLE_H
#define KH_CALENDAR_LUNAR_TABLE_H

/* The generated table of the Chinese lunisolar calendar (gen_lunar.c; read through lunar.h). */

#define LUNAR_FIRST 1900
#define LUNAR_LAST 2100

struct lunar_year {
    int new_year; /* days since 1970-01-01 of 正月初一 */
    int leap;     /* 1-12: a leap month 闰月 follows this month; 0: none */
    unsigned big; /* bit i: the i-th month of the year, in order, has 30 days (else 29) */
};

/* LUNAR_FIRST … LUNAR_LAST, then the first day of LUNAR_LAST + 1 (its other fields 0). */
extern const struct lunar_year lunar_years[LUNAR_LAST - LUNAR_FIRST + 2];

#endif
