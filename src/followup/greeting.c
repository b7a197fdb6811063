/* Birthday greetings (R-INT-6): solar and lunar birthdays of customers and contacts become tasks.
 */
#include "followup/greeting.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calendar/lunar.h"
#include "core/arena.h"
#include "core/clock.h"
#include "followup/greeting_store.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_setting greeting_setting_days_before = {
    "greeting_days_before",
    3,
    0,
    30,
    "天",
    "days",
    "生日问候提前几天生成待办",
    "Days before a birthday its greeting task is made"};
const struct kh_setting greeting_setting_gift_grades = {
    "greeting_gift_grades",
    1,
    0,
    3,
    "级",
    "grades",
    "生日送礼的客户等级（0 不送，1 A级，2 A、B级，3 全部）",
    "Grades whose birthdays get a gift (0 none, 1 A, 2 A and B, 3 all)"};
const struct kh_setting greeting_setting_gift_budget = {
    "greeting_gift_budget_yuan",
    200,
    0,
    100000,
    "元",
    "yuan",
    "生日礼品预算（鲜花、蛋糕）",
    "Budget of a birthday gift (flowers, a cake)"};

/* The civil date of a day number. */
static void civil_of_day(int64_t day, struct kh_civil *c)
{
    time_t t = (time_t)(day * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    *c = (struct kh_civil){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, 0, 0, 0};
}

static void month_day(int64_t day, char out[6])
{
    struct kh_civil c;
    civil_of_day(day, &c);
    unsigned m = (unsigned)c.month % 13u, d = (unsigned)c.day % 32u;
    out[0] = (char)('0' + m / 10), out[1] = (char)('0' + m % 10), out[2] = '-';
    out[3] = (char)('0' + d / 10), out[4] = (char)('0' + d % 10), out[5] = '\0';
}

static int grade_rank(const char *grade)
{
    return !strcmp(grade, "A") ? 1 : !strcmp(grade, "B") ? 2 : !strcmp(grade, "C") ? 3 : 0;
}

enum kh_status greeting_run(const struct kh_ctx *ctx, int *added, struct kh_err *err)
{
    *added = 0;
    struct arena *a = ctx->arena;
    int64_t now = ctx_now(ctx);
    struct kh_civil today_c;
    time_civil(ctx_tz(ctx), now, &today_c);
    int64_t today = days_from_civil(today_c.year, (unsigned)today_c.month, (unsigned)today_c.day);
    int64_t ahead = 0, gift_grades = 0, budget = 0;
    enum kh_status st = settings_int(ctx, &greeting_setting_days_before, &ahead, err);
    if (!st)
        st = settings_int(ctx, &greeting_setting_gift_grades, &gift_grades, err);
    if (!st)
        st = settings_int(ctx, &greeting_setting_gift_budget, &budget, err);
    if (st)
        return st;
    int64_t last = today + ahead;
    /* The solar window as "MM-DD" ranges; a window into the next year is two. */
    char from[6], to[6], from2[6] = "", to2[6] = "";
    month_day(today, from);
    month_day(last, to);
    if (strcmp(from, to) > 0) {
        snprintf(from2, sizeof(from2), "01-01");
        memcpy(to2, to, sizeof(to2));
        snprintf(to, sizeof(to), "12-31");
    }
    if (!strcmp(to, "02-28"))
        snprintf(to, sizeof(to), "02-29"); /* kept on the 28th in other years */
    if (!strcmp(to2, "02-28"))
        snprintf(to2, sizeof(to2), "02-29");
    struct greeting_person *people = NULL;
    int n = 0;
    st = greeting_store_people(ctx, from, to, from2, to2, &people, &n, err);
    if (st)
        return st;
    struct task_input *tasks = arena_alloc(a, sizeof(*tasks) * (size_t)(n + 1));
    const char **sources = arena_alloc(a, sizeof(*sources) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        const struct greeting_person *p = &people[i];
        struct birthday b;
        int64_t day = 0;
        if (!birthday_parse(p->birthday, &b) || !birthday_next(&b, today, &day) || day > last)
            continue;
        struct kh_civil due;
        civil_of_day(day, &due);
        due.hour = 9;
        char lunar[48] = "";
        if (b.lunar) {
            char mn[16];
            snprintf(lunar, sizeof(lunar), "（农历%s%s）", lunar_month_name(b.month, b.leap, mn),
                     lunar_day_name(b.day));
        }
        int rank = grade_rank(p->grade);
        bool gift = gift_grades > 0 && rank > 0 && rank <= gift_grades;
        const char *who =
            p->contact_id ? arena_printf(a, "%s（%s）", p->name, p->customer_name) : p->name;
        tasks[k] = (struct task_input){
            .customer_id = p->customer_id,
            .kind = "greeting",
            .title = arena_printf(a, "%s：%s%s", gift ? "生日送礼" : "生日问候", who, lunar),
            .purpose = gift ? arena_printf(a, "礼品预算 ¥%lld：鲜花、蛋糕等 / gift budget ¥%lld",
                                           (long long)budget, (long long)budget)
                            : "生日问候 / birthday greeting",
            .start_at = now,
            .due_at = time_from_civil(ctx_tz(ctx), &due),
        };
        if (tasks[k].due_at < now)
            tasks[k].due_at = now; /* today's, found after 09:00 */
        sources[k] = arena_printf(a, "greeting:%s%lld:%04d-%02d-%02d", p->contact_id ? "k" : "c",
                                  (long long)(p->contact_id ? p->contact_id : p->customer_id),
                                  due.year, due.month, due.day);
        k++;
    }
    return greeting_store_add(ctx, tasks, sources, k, added, err);
}

static enum kh_status greetings_job(struct job_run *run, struct kh_err *err)
{
    int added = 0;
    enum kh_status st = greeting_run(&run->ctx, &added, err);
    return st ? st
              : job_set_result(run, arena_printf(run->ctx.arena, "{\"tasks\":%d}", added), NULL,
                               NULL, NULL, err);
}

const struct job_kind followup_greetings_kind = {"followup.greetings", "生日问候待办",
                                                 "Birthday greeting tasks", greetings_job, 3};

/* 06:40 company time, for a quarter of an hour. */
static bool greetings_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return job_daily_due(ctx_tz(ctx), now, 6, 40, 900, period, cap);
}

const struct job_task followup_greetings_task = {"followup.greetings", "生成生日问候待办",
                                                 "Make birthday greeting tasks",
                                                 &followup_greetings_kind, greetings_due};
