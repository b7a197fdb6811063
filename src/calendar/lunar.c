/* The Chinese lunisolar calendar 农历 from the generated table (lunar.h). */
#include "calendar/lunar.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"

enum { NYEARS = LUNAR_LAST - LUNAR_FIRST + 1 };

int64_t lunar_first_day(void)
{
    return lunar_years[0].new_year;
}

int64_t lunar_last_day(void)
{
    return lunar_years[NYEARS].new_year - 1;
}

static const struct lunar_year *year_of(int year)
{
    return year >= LUNAR_FIRST && year <= LUNAR_LAST ? &lunar_years[year - LUNAR_FIRST] : NULL;
}

/* The position (0-12) of a month in its year's order; -1 if the year has no such month. */
static int position(const struct lunar_year *y, int month, bool leap)
{
    if (month < 1 || month > 12 || (leap && y->leap != month))
        return -1;
    return month - 1 + (y->leap && (month > y->leap || leap));
}

static int length_at(const struct lunar_year *y, int pos)
{
    return y->big >> pos & 1 ? 30 : 29;
}

int lunar_month_days(int year, int month, bool leap)
{
    const struct lunar_year *y = year_of(year);
    int pos = y ? position(y, month, leap) : -1;
    return pos < 0 ? 0 : length_at(y, pos);
}

int lunar_leap_month(int year)
{
    const struct lunar_year *y = year_of(year);
    return y ? y->leap : 0;
}

bool lunar_from_solar(int64_t day, struct lunar_date *out)
{
    if (day < lunar_first_day() || day > lunar_last_day())
        return false;
    /* the year: the last whose first day is not after day (the table is in order) */
    int lo = 0, hi = NYEARS - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (lunar_years[mid].new_year <= day)
            lo = mid;
        else
            hi = mid - 1;
    }
    const struct lunar_year *y = &lunar_years[lo];
    int64_t offset = day - y->new_year;
    int months = y->leap ? 13 : 12, pos = 0;
    while (pos < months - 1 && offset >= length_at(y, pos))
        offset -= length_at(y, pos++);
    out->year = LUNAR_FIRST + lo;
    out->leap = y->leap && pos == y->leap;
    out->month = y->leap && pos >= y->leap ? pos : pos + 1;
    out->day = (int)offset + 1;
    return true;
}

bool lunar_to_solar(const struct lunar_date *d, int64_t *out)
{
    const struct lunar_year *y = year_of(d->year);
    int pos = y ? position(y, d->month, d->leap) : -1;
    if (pos < 0 || d->day < 1 || d->day > length_at(y, pos))
        return false;
    int64_t day = y->new_year;
    for (int i = 0; i < pos; i++)
        day += length_at(y, i);
    *out = day + d->day - 1;
    return true;
}

/* Where a yearly lunar date falls in lunar year year; false outside the table. */
static bool in_year(int year, int month, int day, bool leap, int64_t *out)
{
    const struct lunar_year *y = year_of(year);
    if (!y)
        return false;
    struct lunar_date d = {year, month, day, leap && y->leap == month};
    int len = lunar_month_days(year, month, d.leap);
    if (d.day > len)
        d.day = len;
    return lunar_to_solar(&d, out);
}

bool lunar_next(int64_t from, int month, int day, bool leap, int64_t *out)
{
    if (month < 1 || month > 12 || day < 1 || day > 30)
        return false;
    struct lunar_date now;
    int year = LUNAR_FIRST;
    if (lunar_from_solar(from, &now))
        year = now.year - 1; /* a 腊月 date of the year before may still be ahead */
    else if (from > lunar_last_day())
        return false;
    for (; year <= LUNAR_LAST; year++) {
        int64_t at = 0;
        if (in_year(year, month, day, leap, &at) && at >= from) {
            *out = at;
            return true;
        }
    }
    return false;
}

/* ---- birthdays ---- */

/* "YYYY-MM-DD", the month optionally after "闰" (leap: set when allowed). */
static bool parse_ymd(const char *s, bool allow_leap, struct birthday *b)
{
    int y = 0, m = 0, d = 0, n = 0;
    if (sscanf(s, "%4d-%n", &y, &n) != 1 || n != 5)
        return false;
    s += n;
    if (allow_leap && !strncmp(s, "闰", strlen("闰"))) {
        b->leap = true;
        s += strlen("闰");
    }
    n = 0;
    if (sscanf(s, "%2d-%2d%n", &m, &d, &n) != 2 || n != 5 || s[n])
        return false;
    b->year = y, b->month = m, b->day = d;
    return true;
}

bool birthday_parse(const char *s, struct birthday *out)
{
    *out = (struct birthday){0};
    if (!s)
        return false;
    if (!strncmp(s, "农历", strlen("农历"))) {
        out->lunar = true;
        if (!parse_ymd(s + strlen("农历"), true, out))
            return false;
        struct lunar_date l = {out->year, out->month, out->day, out->leap};
        int64_t at;
        return lunar_to_solar(&l, &at);
    }
    if (!parse_ymd(s, false, out))
        return false;
    char buf[16];
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", out->year, out->month, out->day);
    return date_valid(buf);
}

static bool leap_year(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool birthday_next(const struct birthday *b, int64_t from, int64_t *out)
{
    if (b->lunar)
        return lunar_next(from, b->month, b->day, b->leap, out);
    /* the solar year of from: the day number's civil year, found from an estimate */
    int64_t y = 1970 + from / 366;
    while (days_from_civil(y + 1, 1, 1) <= from)
        y++;
    for (int64_t year = y; year <= y + 1; year++) {
        unsigned d = (unsigned)b->day;
        if (b->month == 2 && d == 29 && !leap_year(year))
            d = 28;
        int64_t at = days_from_civil(year, (unsigned)b->month, d);
        if (at >= from) {
            *out = at;
            return true;
        }
    }
    return false;
}

/* ---- names ---- */

static const char *const stems[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
static const char *const branches[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                       "午", "未", "申", "酉", "戌", "亥"};
static const char *const animals[] = {"鼠", "牛", "虎", "兔", "龙", "蛇",
                                      "马", "羊", "猴", "鸡", "狗", "猪"};
static const char *const month_names[] = {"正", "二", "三", "四", "五", "六",
                                          "七", "八", "九", "十", "冬", "腊"};
static const char *const day_names[] = {
    "初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
    "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
    "廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十"};

/* 1984 was 甲子, the first year of a sixty-year cycle. */
static int cycle(int year, int n)
{
    return ((year - 1984) % n + n) % n;
}

const char *lunar_ganzhi(int year, char out[8])
{
    snprintf(out, 8, "%s%s", stems[cycle(year, 10)], branches[cycle(year, 12)]);
    return out;
}

const char *lunar_zodiac(int year)
{
    return animals[cycle(year, 12)];
}

const char *lunar_month_name(int month, bool leap, char out[16])
{
    if (month < 1 || month > 12) {
        out[0] = '\0';
        return out;
    }
    snprintf(out, 16, "%s%s月", leap ? "闰" : "", month_names[month - 1]);
    return out;
}

const char *lunar_day_name(int day)
{
    return day >= 1 && day <= 30 ? day_names[day - 1] : "";
}

const char *lunar_text(const struct lunar_date *d, char out[48])
{
    char gz[8], mn[16];
    snprintf(out, 48, "%s年%s%s", lunar_ganzhi(d->year, gz),
             lunar_month_name(d->month, d->leap, mn), lunar_day_name(d->day));
    return out;
}
