#include "core/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/tz.h"

void clock_init(struct kh_clock *c, bool settable)
{
    c->settable = settable;
    c->fixed = 0;
}

int64_t clock_now(const struct kh_clock *c)
{
    int64_t f = c ? c->fixed : 0;
    if (f)
        return f;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

bool clock_set(struct kh_clock *c, int64_t now)
{
    if (!c->settable || now <= 0)
        return false;
    c->fixed = now;
    return true;
}

bool clock_test_unset(const struct kh_clock *c)
{
    return c && c->settable && c->fixed == 0;
}

bool clock_advance(struct kh_clock *c, int64_t seconds)
{
    if (!c->settable)
        return false;
    int64_t cur = clock_now(c);
    c->fixed = cur + seconds;
    return true;
}

/* Howard Hinnant's civil-date algorithms (public domain formulation). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t yy = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

void civil_of_day(int64_t day, struct kh_civil *out)
{
    int y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(day, &y, &m, &d);
    *out = (struct kh_civil){y, (int)m, (int)d, 0, 0, 0};
}

/* The calendar fields of a time already shifted to local. */
static void civil_of(int64_t local, struct kh_civil *out)
{
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int secs = (int)(local - days * 86400);
    unsigned m, d;
    civil_from_days(days, &out->year, &m, &d);
    out->month = (int)m;
    out->day = (int)d;
    out->hour = secs / 3600;
    out->minute = secs / 60 % 60;
    out->second = secs % 60;
}

void time_civil(const struct kh_tz *tz, int64_t t, struct kh_civil *out)
{
    civil_of(t + tz_offset(tz, t), out);
}

int64_t time_from_civil(const struct kh_tz *tz, const struct kh_civil *c)
{
    int64_t local = days_from_civil(c->year, (unsigned)c->month, (unsigned)c->day) * 86400 +
                    (int64_t)c->hour * 3600 + c->minute * 60 + c->second;
    return tz_from_local(tz, local);
}

int64_t time_day_after(const struct kh_tz *tz, int64_t t)
{
    struct kh_civil c;
    time_civil(tz, t, &c);
    int64_t days = days_from_civil(c.year, (unsigned)c.month, (unsigned)c.day);
    return tz_from_local(tz, (days + 1) * 86400);
}

/* "+08:00", "-03:30", or "Z" for UTC itself (NULL zone), into out (7 bytes). */
static void offset_text(const struct kh_tz *tz, int32_t off, char *out)
{
    if (!tz) {
        memcpy(out, "Z", 2);
        return;
    }
    int32_t a = off < 0 ? -off : off;
    int hh = (int)(a / 3600), mm = (int)(a / 60 % 60);
    out[0] = off < 0 ? '-' : '+';
    out[1] = (char)('0' + hh / 10 % 10);
    out[2] = (char)('0' + hh % 10);
    out[3] = ':';
    out[4] = (char)('0' + mm / 10);
    out[5] = (char)('0' + mm % 10);
    out[6] = '\0';
}

void time_format_iso(const struct kh_tz *tz, int64_t t, char *out, size_t cap)
{
    int32_t off = tz_offset(tz, t);
    struct kh_civil c;
    civil_of(t + off, &c);
    char zone[8];
    offset_text(tz, off, zone);
    if (c.year < 0 || c.year > 9999 || cap < 26) { /* outside the fixed-width form */
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%s", c.year, c.month, c.day, c.hour,
                 c.minute, c.second, zone);
        return;
    }
    /* The common case by hand: this runs for every row of every list. */
    char *o = out;
    const int parts[6] = {c.year, c.month, c.day, c.hour, c.minute, c.second};
    const char seps[6] = {'-', '-', 'T', ':', ':', '\0'};
    for (int i = 0; i < 6; i++) {
        int v = parts[i];
        if (i == 0) {
            *o++ = (char)('0' + v / 1000);
            *o++ = (char)('0' + v / 100 % 10);
        }
        *o++ = (char)('0' + v / 10 % 10);
        *o++ = (char)('0' + v % 10);
        if (i < 5)
            *o++ = seps[i];
    }
    memcpy(o, zone, strlen(zone) + 1);
}

void time_format_date(const struct kh_tz *tz, int64_t t, char *out, size_t cap)
{
    struct kh_civil c;
    time_civil(tz, t, &c);
    snprintf(out, cap, "%04d-%02d-%02d", c.year, c.month, c.day);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static unsigned month_days(int y, int m)
{
    static const unsigned len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

static bool parse_date_part(const char *s, int *y, int *m, int *d)
{
    if (!digits(s, 4, y) || s[4] != '-' || !digits(s + 5, 2, m) || s[7] != '-' ||
        !digits(s + 8, 2, d))
        return false;
    return *y >= 1900 && *y <= 2200 && *m >= 1 && *m <= 12 && *d >= 1 &&
           (unsigned)*d <= month_days(*y, *m);
}

bool date_valid(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && parse_date_part(s, &y, &m, &d);
}

static bool parse_offset(const char *p, int *off)
{
    if (p[0] == 'Z' && p[1] == '\0') {
        *off = 0;
        return true;
    }
    int hh, mm;
    if ((p[0] != '+' && p[0] != '-') || !digits(p + 1, 2, &hh) || p[3] != ':' ||
        !digits(p + 4, 2, &mm) || p[6] != '\0' || hh > 23 || mm > 59)
        return false;
    *off = (hh * 3600 + mm * 60) * (p[0] == '-' ? -1 : 1);
    return true;
}

bool time_parse_iso(const struct kh_tz *tz, const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0, off = 0;
    if (!s || strlen(s) < 10 || !parse_date_part(s, &y, &mo, &d))
        return false;
    const char *p = s + 10;
    if (*p == '\0') { /* a date: its midnight in the zone */
        *out = tz_from_local(tz, days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400);
        return true;
    }
    if ((*p != 'T' && *p != ' ') || !digits(p + 1, 2, &h) || p[3] != ':' ||
        !digits(p + 4, 2, &mi) || p[6] != ':' || !digits(p + 7, 2, &se))
        return false;
    if (h > 23 || mi > 59 || se > 60)
        return false;
    p += 9;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (!parse_offset(p, &off))
        return false;
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    *out = days * 86400 + h * 3600 + mi * 60 + se - off;
    return true;
}

int64_t clock_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
