#include "calendar/calendar.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "jobs/jobs.h"
#include "calendar/calendar_store.h"
#include "calendar/lunar.h"
#include "settings/settings.h"

const struct kh_audit_action calendar_audit_actions[] = {
    {"calendar.day_put", "修改工作日历", "Changed a day of the business calendar"},
    {"calendar.day_delete", "从工作日历删除一天", "Removed a day from the business calendar"},
    {"calendar.import", "导入工作日历", "Imported business calendar days"},
    {0},
};

static const struct kh_setting setting_week = {
    "work_week",
    31,
    1,
    127,
    "（周一=1、周二=2、周三=4 … 周日=64 之和）",
    "(sum of Monday 1, Tuesday 2, Wednesday 4 … Sunday 64)",
    "每周工作日",
    "Working days of the week"};
static const struct kh_setting setting_start = {"work_start_minute",
                                                540,
                                                0,
                                                1439,
                                                "分钟（自零点起，540 = 9:00）",
                                                "minutes after midnight (540 = 9:00)",
                                                "上班时间",
                                                "Working hours start"};
static const struct kh_setting setting_end = {"work_end_minute",
                                              1080,
                                              1,
                                              1440,
                                              "分钟（自零点起，1080 = 18:00）",
                                              "minutes after midnight (1080 = 18:00)",
                                              "下班时间",
                                              "Working hours end"};
const struct kh_setting *const calendar_settings[] = {&setting_week, &setting_start, &setting_end,
                                                      NULL};

enum kh_status calendar_week_get(const struct kh_ctx *ctx, struct calendar_week *out,
                                 struct kh_err *err)
{
    int64_t mask = 0, start = 0, end = 0;
    enum kh_status st = settings_get_int(ctx, setting_week.key, setting_week.def, &mask, err);
    if (!st)
        st = settings_get_int(ctx, setting_start.key, setting_start.def, &start, err);
    if (!st)
        st = settings_get_int(ctx, setting_end.key, setting_end.def, &end, err);
    *out = (struct calendar_week){(unsigned)mask & 127u, (int)start, (int)end};
    return st;
}

/* ---- days ---- */

/* The civil date of a day number (days since 1970-01-01). */
static void civil_of(int64_t day, char out[11])
{
    struct kh_civil c;
    time_civil(NULL, day * 86400, &c);
    snprintf(out, 11, "%04d-%02d-%02d", c.year, c.month, c.day);
}

static int64_t day_of(const char *date)
{
    int y = 0, m = 0, d = 0;
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    return days_from_civil(y, (unsigned)m, (unsigned)d);
}

enum kh_status calendar_year(const struct kh_ctx *ctx, int year, struct calendar_day **out,
                             int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (year < 1900 || year > 2200)
        return kh_err_set(err, KH_E_INVALID, "year", "年份须在 1900 到 2200 之间",
                          "year must be 1900-2200");
    char first[16], last[16];
    snprintf(first, sizeof(first), "%04d-01-01", year);
    snprintf(last, sizeof(last), "%04d-12-31", year);
    return calendar_store_range(ctx, first, last, out, count, err);
}

static enum kh_status need_admin(const struct kh_ctx *ctx, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有管理员可以修改工作日历",
                          "only administrators change the business calendar");
    return KH_OK;
}

static bool name_ok(const char *s)
{
    return !s || (utf8_valid(s, strlen(s)) && utf8_count(s, strlen(s)) <= 50);
}

/* The fields of d checked; field names prefixed with prefix ("" or "days[3]."). */
static enum kh_status day_check(const struct calendar_day *d, const char *prefix,
                                struct kh_err *err)
{
    char field[48];
    const char *bad = NULL, *zh = NULL, *en = NULL;
    int y = 0;
    if (!d->date || !date_valid(d->date) || sscanf(d->date, "%d", &y) != 1 || y < 1900 || y > 2200)
        bad = "date", zh = "日期须为 1900 到 2200 年间的 YYYY-MM-DD",
        en = "date must be YYYY-MM-DD, 1900-2200";
    else if (!d->kind || (strcmp(d->kind, "holiday") && strcmp(d->kind, "workday")))
        bad = "kind", zh = "类型须为 holiday（放假）或 workday（上班）",
        en = "kind must be holiday or workday";
    else if (!name_ok(d->name_zh))
        bad = "name_zh", zh = "名称最多 50 个字", en = "the name has at most 50 characters";
    else if (!name_ok(d->name_en))
        bad = "name_en", zh = "名称最多 50 个字", en = "the name has at most 50 characters";
    if (!bad)
        return KH_OK;
    snprintf(field, sizeof(field), "%s%s", prefix, bad);
    return kh_err_set(err, KH_E_VALIDATION, field, zh, en);
}

enum kh_status calendar_day_put(const struct kh_ctx *ctx, const struct calendar_day *d,
                                struct kh_err *err)
{
    enum kh_status st = need_admin(ctx, err);
    if (!st)
        st = day_check(d, "", err);
    if (st)
        return st;
    const char *detail = arena_printf(ctx->arena, "date=%s kind=%s", d->date, d->kind);
    return calendar_store_put(ctx, d, 1, "calendar.day_put", detail, err);
}

enum kh_status calendar_day_delete(const struct kh_ctx *ctx, const char *date, struct kh_err *err)
{
    enum kh_status st = need_admin(ctx, err);
    if (!st && (!date || !date_valid(date)))
        st = kh_err_set(err, KH_E_VALIDATION, "date", "日期须为 YYYY-MM-DD",
                        "date must be YYYY-MM-DD");
    return st ? st : calendar_store_delete(ctx, date, err);
}

enum kh_status calendar_import(const struct kh_ctx *ctx, const struct calendar_day *days, int n,
                               struct kh_err *err)
{
    enum kh_status st = need_admin(ctx, err);
    if (st)
        return st;
    if (n < 1 || n > CALENDAR_MAX_IMPORT)
        return kh_err_setf(err, KH_E_VALIDATION, "days", "请导入 1 到 %d 天", "import 1 to %d days",
                           CALENDAR_MAX_IMPORT, CALENDAR_MAX_IMPORT);
    for (int i = 0; i < n && !st; i++) {
        char prefix[24];
        snprintf(prefix, sizeof(prefix), "days[%d].", i);
        st = day_check(&days[i], prefix, err);
        for (int j = 0; !st && j < i; j++)
            if (!strcmp(days[j].date, days[i].date))
                st = kh_err_setf(err, KH_E_VALIDATION, "days", "%s 出现了两次",
                                 "%s is listed twice", days[i].date, days[i].date);
    }
    if (st)
        return st;
    const char *detail = arena_printf(ctx->arena, "days=%d first=%s", n, days[0].date);
    return calendar_store_put(ctx, days, n, "calendar.import", detail, err);
}

/* ---- counting ---- */

/* Listed days of a window of day numbers: 0 not listed, 1 holiday, 2 worked. */
struct window {
    int64_t first, last;
    unsigned char *kind;
    struct calendar_week week;
};

enum { WINDOW_DAYS = 400 };

static enum kh_status window_load(const struct kh_ctx *ctx, struct window *w, int64_t first,
                                  struct kh_err *err)
{
    w->first = first;
    w->last = first + WINDOW_DAYS - 1;
    memset(w->kind, 0, WINDOW_DAYS);
    char a[11], b[11];
    civil_of(w->first, a);
    civil_of(w->last, b);
    struct calendar_day *days = NULL;
    int n = 0;
    enum kh_status st = calendar_store_range(ctx, a, b, &days, &n, err);
    for (int i = 0; !st && i < n; i++) {
        int64_t d = day_of(days[i].date) - w->first;
        if (d >= 0 && d < WINDOW_DAYS)
            w->kind[d] = strcmp(days[i].kind, "holiday") ? 2 : 1;
    }
    return st;
}

/* Whether day is worked (moving the window when it lies outside). */
static enum kh_status worked(const struct kh_ctx *ctx, struct window *w, int64_t day, bool *out,
                             struct kh_err *err)
{
    enum kh_status st = KH_OK;
    if (day < w->first || day > w->last)
        st = window_load(ctx, w, day, err);
    if (st)
        return st;
    unsigned char k = w->kind[day - w->first];
    int weekday = (int)(((day + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday; Monday is 0 */
    *out = k ? k == 2 : (w->week.mask >> weekday) & 1u;
    return KH_OK;
}

static enum kh_status window_open(const struct kh_ctx *ctx, struct window *w, struct kh_err *err)
{
    w->kind = arena_alloc(ctx->arena, WINDOW_DAYS);
    w->first = 1;
    w->last = 0; /* empty: the first look loads */
    return calendar_week_get(ctx, &w->week, err);
}

/* The day number and the second of the day of t in company time. */
static void local_of(const struct kh_ctx *ctx, int64_t t, int64_t *day, int64_t *second,
                     struct kh_civil *c)
{
    time_civil(ctx_tz(ctx), t, c);
    *day = days_from_civil(c->year, (unsigned)c->month, (unsigned)c->day);
    *second = c->hour * 3600 + c->minute * 60 + c->second;
}

/* The instant of second s of day number day, company time. */
static int64_t at_local(const struct kh_ctx *ctx, int64_t day, int64_t s)
{
    if (s >= 86400) { /* the end of a day that works until midnight */
        day += s / 86400;
        s %= 86400;
    }
    struct kh_civil c;
    time_civil(NULL, day * 86400, &c);
    c.hour = (int)(s / 3600);
    c.minute = (int)(s / 60 % 60);
    c.second = (int)(s % 60);
    return time_from_civil(ctx_tz(ctx), &c);
}

int64_t calendar_local_day(const struct kh_ctx *ctx, int64_t t)
{
    int64_t day = 0, s = 0;
    struct kh_civil c;
    local_of(ctx, t, &day, &s, &c);
    return day;
}

int64_t calendar_add_months(const struct kh_ctx *ctx, int64_t t, int n)
{
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    struct kh_civil c;
    time_civil(ctx_tz(ctx), t, &c);
    int months = c.year * 12 + (c.month - 1) + n;
    c.year = months / 12;
    c.month = months % 12 + 1;
    bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
    int last = days_in[c.month - 1] + (c.month == 2 && leap ? 1 : 0);
    if (c.day > last)
        c.day = last;
    return time_from_civil(ctx_tz(ctx), &c);
}

enum kh_status calendar_is_working_day(const struct kh_ctx *ctx, int64_t t, bool *out,
                                       struct kh_err *err)
{
    struct window w;
    enum kh_status st = window_open(ctx, &w, err);
    return st ? st : worked(ctx, &w, calendar_local_day(ctx, t), out, err);
}

enum kh_status calendar_add_working_days(const struct kh_ctx *ctx, int64_t t, int n, int64_t *out,
                                         struct kh_err *err)
{
    *out = t;
    if (n < 0 || n > CALENDAR_MAX_WORKING_DAYS)
        return kh_err_setf(err, KH_E_VALIDATION, "working_days", "工作日数须在 0 到 %d 之间",
                           "working days must be 0-%d", CALENDAR_MAX_WORKING_DAYS,
                           CALENDAR_MAX_WORKING_DAYS);
    struct window w;
    enum kh_status st = window_open(ctx, &w, err);
    if (!st && !w.week.mask)
        return kh_err_set(err, KH_E_VALIDATION, "work_week", "每周至少要有一个工作日",
                          "the week needs at least one working day");
    int64_t day = 0, s = 0;
    struct kh_civil c;
    local_of(ctx, t, &day, &s, &c);
    /* A year without a worked day (a mistaken calendar) stops the walk instead of looping. */
    int64_t limit = day + (int64_t)n * 7 + 3660;
    for (int left = n; !st && left > 0;) {
        if (++day > limit)
            return kh_err_set(err, KH_E_VALIDATION, "calendar", "日历中找不到足够的工作日",
                              "the calendar has too few working days");
        bool yes = false;
        st = worked(ctx, &w, day, &yes, err);
        left -= yes;
    }
    if (!st)
        *out = at_local(ctx, day, s);
    return st;
}

enum kh_status calendar_add_business_minutes(const struct kh_ctx *ctx, int64_t t, int64_t minutes,
                                             int64_t *out, struct kh_err *err)
{
    *out = t;
    if (minutes < 0 || minutes > CALENDAR_MAX_MINUTES)
        return kh_err_set(err, KH_E_VALIDATION, "minutes", "时长超出范围",
                          "the duration is out of range");
    struct window w;
    enum kh_status st = window_open(ctx, &w, err);
    if (st)
        return st;
    int64_t open = w.week.start_minute * 60LL, close = w.week.end_minute * 60LL;
    if (close <= open || !w.week.mask)
        return kh_err_set(err, KH_E_VALIDATION, "work_start_minute",
                          "上班时间须早于下班时间，且每周至少一个工作日",
                          "working hours must start before they end, on at least one day");
    int64_t day = 0, s = 0;
    struct kh_civil c;
    local_of(ctx, t, &day, &s, &c);
    int64_t left = minutes * 60, limit = day + minutes / 60 * 7 + 3660;
    for (;;) {
        bool yes = false;
        if ((st = worked(ctx, &w, day, &yes, err)))
            return st;
        if (yes && s < close) {
            if (s < open)
                s = open;
            if (left <= close - s) {
                *out = at_local(ctx, day, s + left);
                return KH_OK;
            }
            left -= close - s;
        }
        if (++day > limit)
            return kh_err_set(err, KH_E_VALIDATION, "calendar", "日历中找不到足够的工作时间",
                              "the calendar has too few working hours");
        s = 0;
    }
}

/* ---- working-day alerts ---- */

bool calendar_alerts_due(const struct kh_ctx *ctx, const struct calendar_alerts *a, int64_t now,
                         char *period, size_t cap)
{
    if (!job_hourly_due(now, 10, 3600, period, cap))
        return false;
    bool working = false, any = false;
    struct kh_err err;
    return !calendar_is_working_day(ctx, now, &working, &err) && working &&
           !a->pending(ctx, now, calendar_local_day(ctx, now), &any, &err) && any;
}

enum kh_status calendar_alerts_run(struct job_run *run, const struct calendar_alerts *a,
                                   struct kh_err *err)
{
    bool working = false;
    int64_t now = ctx_now(&run->ctx);
    int n = 0;
    enum kh_status st = calendar_is_working_day(&run->ctx, now, &working, err);
    if (!st && working) /* the job may run after the day turned: check again */
        st = a->alert(&run->ctx, now, calendar_local_day(&run->ctx, now), &n, err);
    if (st)
        return st;
    char summary[64];
    snprintf(summary, sizeof(summary), "{\"alerted\":%d}", n);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

/* ---- lunar dates ---- */

static enum kh_status solar_day(const char *date, const char *field, int64_t *out,
                                struct kh_err *err)
{
    if (!date || !date_valid(date))
        return kh_err_set(err, KH_E_VALIDATION, field, "日期须为 YYYY-MM-DD",
                          "date must be YYYY-MM-DD");
    *out = day_of(date);
    if (*out < lunar_first_day() || *out > lunar_last_day())
        return kh_err_set(err, KH_E_VALIDATION, field,
                          "农历只换算 1900-01-31 至 2101-01-28 之间的日期",
                          "lunar dates cover 1900-01-31 to 2101-01-28");
    return KH_OK;
}

enum kh_status calendar_lunar_of(const char *date, struct lunar_date *out, struct kh_err *err)
{
    int64_t day = 0;
    enum kh_status st = solar_day(date, "date", &day, err);
    if (!st)
        lunar_from_solar(day, out); /* in the table: solar_day checked the range */
    return st;
}

enum kh_status calendar_solar_of(const struct lunar_date *d, char *out, struct kh_err *err)
{
    if (d->year < LUNAR_FIRST || d->year > LUNAR_LAST)
        return kh_err_set(err, KH_E_VALIDATION, "year", "农历年须在 1900 到 2100 之间",
                          "the lunar year must be 1900-2100");
    if (d->month < 1 || d->month > 12)
        return kh_err_set(err, KH_E_VALIDATION, "month", "农历月须在 1 到 12 之间",
                          "the lunar month must be 1-12");
    if (d->leap && lunar_leap_month(d->year) != d->month)
        return lunar_leap_month(d->year)
                   ? kh_err_setf(err, KH_E_VALIDATION, "leap", "农历 %d 年的闰月是闰 %d 月",
                                 "the leap month of lunar %d is after month %d", d->year,
                                 lunar_leap_month(d->year), d->year, lunar_leap_month(d->year))
                   : kh_err_setf(err, KH_E_VALIDATION, "leap", "农历 %d 年没有闰月",
                                 "lunar %d has no leap month", d->year, d->year);
    int len = lunar_month_days(d->year, d->month, d->leap);
    int64_t day = 0;
    if (d->day < 1 || d->day > len || !lunar_to_solar(d, &day))
        return kh_err_setf(err, KH_E_VALIDATION, "day", "这个月有 %d 天", "that month has %d days",
                           len, len);
    civil_of(day, out);
    return KH_OK;
}

enum kh_status calendar_lunar_next(const char *from, int month, int day, bool leap, char *out,
                                   struct kh_err *err)
{
    int64_t start = 0, at = 0;
    enum kh_status st = solar_day(from, "from", &start, err);
    if (st)
        return st;
    if (month < 1 || month > 12)
        return kh_err_set(err, KH_E_VALIDATION, "month", "农历月须在 1 到 12 之间",
                          "the lunar month must be 1-12");
    if (day < 1 || day > 30)
        return kh_err_set(err, KH_E_VALIDATION, "day", "农历日须在 1 到 30 之间",
                          "the lunar day must be 1-30");
    if (!lunar_next(start, month, day, leap, &at))
        return kh_err_set(err, KH_E_VALIDATION, "from", "2100 年以后的农历日期无法换算",
                          "no lunar date after 2100 can be converted");
    civil_of(at, out);
    return KH_OK;
}
