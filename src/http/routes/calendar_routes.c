/* The business calendar (R-INT-7): the listed days of a year, changes, import, and counting. */
#include "calendar/calendar.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "core/clock.h"
#include "http/http.h"

static json_t *day_json(const struct calendar_day *d)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", d->date, "kind", d->kind, "name_zh",
                     d->name_zh ? d->name_zh : "", "name_en", d->name_en ? d->name_en : "",
                     "source", d->source ? d->source : "");
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

static const struct route calendar_routes[] = {
    {"GET", "/api/v1/calendar", get_calendar, 0},
    {"GET", "/api/v1/calendar/add", get_add, 0},
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
