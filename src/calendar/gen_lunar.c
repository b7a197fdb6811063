/*
 * Build-time generator of the Chinese lunisolar calendar table 农历
 * (lunar_table.c, DECISIONS §122): for each lunar year 1900-2100 the solar
 * date of its first day 正月初一, its leap month 闰月 (0 if none) and the
 * length of each of its months. The source is ICU's Chinese calendar
 * (Debian's libicu, under the Unicode License), which follows the rules of
 * the national standard GB/T 33661-2017: months begin on the day of the new
 * moon in China Standard Time (UTC+8; before 1929 Beijing local time), and a
 * leap month is the first month without a principal solar term.
 *
 * Usage: gen-lunar OUT.c. Only the build runs it; Kehu itself does not link ICU.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucal.h>
#include <unicode/uclean.h>

#define FIRST 1900
#define LAST 2100

struct year_row {
    int new_year; /* days since 1970-01-01 of 正月初一 */
    int leap;     /* 1-12: the leap month follows this month; 0: none */
    int nmonths;  /* 12 or 13 */
    int len[13];  /* days of each month in order (the leap month after its namesake) */
};

static struct year_row rows[LAST - FIRST + 2];

static int die(const char *what, UErrorCode st)
{
    fprintf(stderr, "gen-lunar: %s: %s\n", what, u_errorName(st));
    return 1;
}

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: gen-lunar OUT.c\n", stderr);
        return 2;
    }
    UErrorCode st = U_ZERO_ERROR;
    static const UChar zone[] = {'A', 's', 'i', 'a', '/', 'S', 'h',
                                 'a', 'n', 'g', 'h', 'a', 'i', 0};
    UCalendar *cal = ucal_open(zone, -1, "zh_CN@calendar=chinese", UCAL_DEFAULT, &st);
    if (U_FAILURE(st))
        return die("ucal_open", st);

    /* Walk every day from 1899-12-01 to 2101-03-31 at noon, Beijing time. */
    int from = days_from_civil(FIRST - 1, 12, 1), to = days_from_civil(LAST + 1, 3, 31);
    int cur_year = -1, month_start = 0, prev_month = -1, prev_leap = 0, nyears = 0;
    for (int day = from; day <= to; day++) {
        ucal_setMillis(cal, ((double)day * 86400.0 + 4 * 3600.0) * 1000.0, &st);
        int month = ucal_get(cal, UCAL_MONTH, &st) + 1;
        int leap = ucal_get(cal, UCAL_IS_LEAP_MONTH, &st);
        int date = ucal_get(cal, UCAL_DATE, &st);
        if (U_FAILURE(st))
            return die("ucal_get", st);
        if (date != 1)
            continue;
        /* A month begins: close the one before. */
        if (cur_year >= 0 && prev_month > 0) {
            struct year_row *y = &rows[cur_year];
            if (y->nmonths >= 13) {
                fprintf(stderr, "gen-lunar: more than 13 months in %d\n", FIRST + cur_year);
                return 1;
            }
            y->len[y->nmonths++] = day - month_start;
            if (prev_leap)
                y->leap = prev_month;
        }
        if (month == 1 && !leap) { /* 正月初一: a new lunar year */
            int gy = 0;
            /* the solar year it falls in names the lunar year (in late Jan or Feb) */
            for (gy = FIRST - 1; gy <= LAST + 1 && days_from_civil(gy + 1, 1, 1) <= day; gy++)
                ;
            if (gy >= FIRST && gy <= LAST + 1) {
                cur_year = gy - FIRST;
                rows[cur_year].new_year = day;
                nyears = cur_year + 1;
            } else {
                cur_year = -1;
            }
        }
        month_start = day;
        prev_month = month;
        prev_leap = leap;
    }
    ucal_close(cal);
    u_cleanup(); /* ICU's caches: the generator leaks nothing under ASan either */
    if (nyears != LAST - FIRST + 2) {
        fprintf(stderr, "gen-lunar: %d years found, %d expected\n", nyears, LAST - FIRST + 2);
        return 1;
    }
    for (int i = 0; i <= LAST - FIRST; i++) {
        struct year_row *y = &rows[i];
        int sum = 0;
        for (int m = 0; m < y->nmonths; m++)
            sum += y->len[m];
        if (y->nmonths != (y->leap ? 13 : 12) || sum != rows[i + 1].new_year - y->new_year) {
            fprintf(stderr, "gen-lunar: year %d does not add up\n", FIRST + i);
            return 1;
        }
    }

    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    fprintf(f,
            "/* Generated at build time by gen-lunar from ICU's Chinese calendar: do not edit. */\n"
            "#include \"calendar/lunar_table.h\"\n\n"
            "const struct lunar_year lunar_years[LUNAR_LAST - LUNAR_FIRST + 2] = {\n");
    for (int i = 0; i <= LAST - FIRST + 1; i++) {
        unsigned bits = 0; /* bit m: month m (0-based, in order) has 30 days */
        for (int m = 0; m < rows[i].nmonths; m++)
            bits |= (unsigned)(rows[i].len[m] == 30) << m;
        fprintf(f, "    {%d, %d, 0x%04x}, /* %d */\n", rows[i].new_year, rows[i].leap,
                i <= LAST - FIRST ? bits : 0, FIRST + i);
    }
    fputs("};\n", f);
    return fclose(f) ? 1 : 0;
}
