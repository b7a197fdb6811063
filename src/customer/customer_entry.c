/*
 * The entry deadline (R-ARC-10): collected customer information is entered
 * within entry_deadline_working_days working days (2 by default) of its
 * collection, counted on the business calendar; a record entered later is
 * flagged entry_late. The collection day defaults to the day of entry.
 */
#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "customer/customer_internal.h"
#include "settings/settings.h"

const struct kh_setting customer_setting_entry_deadline = {
    "entry_deadline_working_days",
    2,
    0,
    30,
    "个工作日",
    "working days",
    "客户信息采集后须在几个工作日内录入（逾期录入的记录被标记）",
    "Working days within which collected customer information must be entered (later entries "
    "are flagged)"};

enum kh_status customer__entry_check(const struct kh_ctx *ctx, struct customer *c,
                                     int64_t entered_at, struct kh_err *err)
{
    char today[16];
    time_format_date(ctx_tz(ctx), entered_at, today, sizeof(today));
    if (!c->collected_on || !*c->collected_on)
        c->collected_on = arena_strdup(ctx->arena, today);
    c->entry_late = false;
    if (strcmp(c->collected_on, today) > 0)
        return kh_err_set(err, KH_E_VALIDATION, "collected_on", "采集日期不能晚于录入日期",
                          "collected_on cannot be after the day the record was entered");
    if (!strcmp(c->collected_on, today))
        return KH_OK;
    int64_t days = 0;
    enum kh_status st = settings_int(ctx, &customer_setting_entry_deadline, &days, err);
    if (st)
        return st;
    struct kh_civil cv = {0};
    if (sscanf(c->collected_on, "%4d-%2d-%2d", &cv.year, &cv.month, &cv.day) != 3)
        return kh_err_set(err, KH_E_VALIDATION, "collected_on",
                          "采集日期应为有效日期（YYYY-MM-DD）",
                          "collected_on is a date (YYYY-MM-DD)");
    cv.hour = 12; /* midday: the day itself whatever the offset */
    int64_t due = 0;
    if ((st = calendar_add_working_days(ctx, time_from_civil(ctx_tz(ctx), &cv), (int)days, &due,
                                        err)))
        return st;
    c->entry_late = calendar_local_day(ctx, entered_at) > calendar_local_day(ctx, due);
    return KH_OK;
}
