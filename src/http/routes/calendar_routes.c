/* The business calendar (R-INT-7): the listed days of a year, changes, import, and counting. */
#include "calendar/calendar.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "calendar/lunar.h"
#include "core/clock.h"
#include "http/http.h"

/* {"year":2026,"month":1,"leap":false,"day":1,"ganzhi":"丙午","zodiac":"马",…,"text":…} */
static json_t *lunar_json(const struct lunar_date *l)
{
    char gz[8], mn[16], text[48];
    return json_pack("{s:i, s:i, s:b, s:i, s:s, s:s, s:s, s:s, s:s}", "year", l->year, "month",
                     l->month, "leap", l->leap, "day", l->day, "ganzhi", lunar_ganzhi(l->year, gz),
                     "zodiac", lunar_zodiac(l->year), "month_name",
                     lunar_month_name(l->month, l->leap, mn), "day_name", lunar_day_name(l->day),
                     "text", lunar_text(l, text));
}

static json_t *day_json(const struct calendar_day *d)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", d->date, "kind", d->kind, "name_zh",
                          d->name_zh ? d->name_zh : "", "name_en", d->name_en ? d->name_en : "",
                          "source", d->source ? d->source : "");
    struct lunar_date l;
    if (!calendar_lunar_of(d->date, &l, NULL))
        json_object_set_new(o, "lunar", json_string(lunar_text(&l, (char[48]){0})));
    return o;
}

static json_t *hhmm(int minute)
{
    char s[16];
    unsigned m = minute < 0 ? 0u : minute > 1440 ? 1440u : (unsigned)minute;
    snprintf(s, sizeof(s), "%02u:%02u", m / 60, m % 60);
    return json_string(s);
}

/* GET /api/v1/calendar?year=2026 */
static void get_calendar(struct http_req *r)
{
    struct kh_civil now;
    time_civil(ctx_tz(&r->ctx), ctx_now(&r->ctx), &now);
    int64_t year = now.year;
    if (!http_query_int(r, "year", &year))
        return;
    struct calendar_week w;
    struct calendar_day *days = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = calendar_week_get(&r->ctx, &w, &err);
    if (!st)
        st = calendar_year(&r->ctx, (int)(year < 0 || year > 9999 ? 0 : year), &days, &n, &err);
    if (!http_reply_status(r, st, &err))
        return;
    json_t *week = json_array();
    for (int i = 0; i < 7; i++)
        if ((w.mask >> i) & 1u)
            json_array_append_new(week, json_integer(i + 1));
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, day_json(&days[i]));
    http_reply_json(r, 200,
                    json_pack("{s:I, s:o, s:o, s:o, s:o}", "year", (json_int_t)year, "work_week",
                              week, "work_start", hhmm(w.start_minute), "work_end",
                              hhmm(w.end_minute), "days", a));
}

static bool day_from(struct http_req *r, json_t *o, const char *date, struct calendar_day *d)
{
    memset(d, 0, sizeof(*d));
    d->date = date;
    return http_get_str(r, o, "kind", &d->kind) && http_get_str(r, o, "name_zh", &d->name_zh) &&
           http_get_str(r, o, "name_en", &d->name_en);
}

/* PUT /api/v1/calendar/days/2026-12-31 {"kind":"holiday","name_zh":"公司年会","name_en":"…"} */
static void put_day(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct calendar_day d;
    if (!o || !day_from(r, o, r->nparams > 0 ? r->params[0] : NULL, &d))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, calendar_day_put(&r->ctx, &d, &err), &err)) {
        d.source = "";
        http_reply_json(r, 200, day_json(&d));
    }
}

static void delete_day(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(
            r, calendar_day_delete(&r->ctx, r->nparams > 0 ? r->params[0] : NULL, &err), &err))
        http_reply_ok(r);
}

/* POST /api/v1/calendar/import {"days":[{"date","kind","name_zh","name_en"}, …]}: all or none. */
static void post_import(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    json_t *a = json_object_get(o, "days");
    if (!json_is_array(a)) {
        http_reply_error(r, 400, "invalid", "days", "days 须为数组", "days must be an array");
        return;
    }
    size_t n = json_array_size(a);
    if (n > CALENDAR_MAX_IMPORT)
        n = CALENDAR_MAX_IMPORT + 1; /* refused by calendar_import, naming the limit */
    struct calendar_day *days = arena_alloc(&r->arena, sizeof(*days) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(a, i);
        const char *date = NULL;
        if (!json_is_object(x) || !http_get_str(r, x, "date", &date) ||
            !day_from(r, x, date, &days[i]))
            return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, calendar_import(&r->ctx, days, (int)n, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I}", "imported", (json_int_t)n));
}

/* GET /api/v1/calendar/add?from=…&working_days=2 (or &minutes=90): the due time a rule gets. */
static void get_add(struct http_req *r)
{
    int64_t from = ctx_now(&r->ctx), days = -1, minutes = -1;
    if (!http_query_time(r, "from", false, &from) || !http_query_int(r, "working_days", &days) ||
        !http_query_int(r, "minutes", &minutes))
        return;
    if ((days < 0) == (minutes < 0)) {
        http_reply_error(r, 400, "invalid", "working_days", "请给出 working_days 或 minutes 之一",
                         "give one of working_days and minutes");
        return;
    }
    int64_t out = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st =
        days >= 0
            ? calendar_add_working_days(&r->ctx, from, days > 100000 ? -1 : (int)days, &out, &err)
            : calendar_add_business_minutes(&r->ctx, from, minutes, &out, &err);
    if (http_reply_status(r, st, &err))
        http_reply_json(r, 200,
                        json_pack("{s:o, s:o}", "from", http_json_time(r, from), "result",
                                  http_json_time(r, out)));
}

/* leap=true|1|false|0 (absent: false); false after replying 400 */
static bool query_leap(struct http_req *r, bool *out)
{
    const char *v = http_query(r, "leap");
    *out = v && (!strcmp(v, "true") || !strcmp(v, "1"));
    if (!v || *out || !strcmp(v, "false") || !strcmp(v, "0"))
        return true;
    http_reply_error(r, 400, "invalid", "leap", "leap 须为 true 或 false",
                     "leap must be true or false");
    return false;
}

static void reply_lunar(struct http_req *r, const char *date, const struct lunar_date *l)
{
    http_reply_json(r, 200, json_pack("{s:s, s:o}", "date", date, "lunar", lunar_json(l)));
}

static int clamp_int(int64_t v)
{
    return v < -1 ? -1 : v > 100000 ? 100000 : (int)v;
}

/*
 * GET /api/v1/calendar/lunar?date=2026-02-17: the lunar date of a day;
 * GET /api/v1/calendar/lunar?year=2025&month=6&leap=true&day=1: the day of a lunar date.
 */
static void get_lunar(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    struct lunar_date l = {0};
    const char *date = http_query(r, "date");
    char solar[11] = "";
    if (date) {
        if (http_reply_status(r, calendar_lunar_of(date, &l, &err), &err))
            reply_lunar(r, date, &l);
        return;
    }
    int64_t year = -1, month = -1, day = -1;
    if (!http_query_int(r, "year", &year) || !http_query_int(r, "month", &month) ||
        !http_query_int(r, "day", &day) || !query_leap(r, &l.leap))
        return;
    if (year < 0) {
        http_reply_error(r, 400, "invalid", "date", "请给出 date，或农历的 year、month、day",
                         "give date, or the lunar year, month and day");
        return;
    }
    l.year = clamp_int(year), l.month = clamp_int(month), l.day = clamp_int(day);
    if (http_reply_status(r, calendar_solar_of(&l, solar, &err), &err))
        reply_lunar(r, solar, &l);
}

/* GET /api/v1/calendar/lunar/next?from=2026-01-01&month=6&day=10&leap=true: a lunar birthday's next
 * day. */
static void get_lunar_next(struct http_req *r)
{
    struct kh_civil now;
    time_civil(ctx_tz(&r->ctx), ctx_now(&r->ctx), &now);
    char today[11], at[11];
    snprintf(today, sizeof(today), "%04d-%02d-%02d", now.year, now.month, now.day);
    const char *from = http_query(r, "from");
    int64_t month = -1, day = -1;
    bool leap = false;
    if (!http_query_int(r, "month", &month) || !http_query_int(r, "day", &day) ||
        !query_leap(r, &leap))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    struct lunar_date l;
    if (http_reply_status(r,
                          calendar_lunar_next(from ? from : today, clamp_int(month), clamp_int(day),
                                              leap, at, &err),
                          &err) &&
        http_reply_status(r, calendar_lunar_of(at, &l, &err), &err))
        reply_lunar(r, at, &l);
}

static const struct route calendar_routes[] = {
    {"GET", "/api/v1/calendar", get_calendar, 0},
    {"GET", "/api/v1/calendar/add", get_add, 0},
    {"GET", "/api/v1/calendar/lunar", get_lunar, 0},
    {"GET", "/api/v1/calendar/lunar/next", get_lunar_next, 0},
    {"PUT", "/api/v1/calendar/days/:date", put_day, 0},
    {"DELETE", "/api/v1/calendar/days/:date", delete_day, 0},
    {"POST", "/api/v1/calendar/import", post_import, 0},
    {0},
};

const struct capability calendar_capability = {
    .name = "calendar",
    .label_zh = "工作日历",
    .label_en = "Business calendar",
    .routes = {calendar_routes},
    .audit_actions = calendar_audit_actions,
    .settings = calendar_settings,
};
