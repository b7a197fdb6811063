/* Communication plans (R-INT-9): plans, their states, the morning job, the results. */
#include "commplan/commplan.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "app/customer_ref.h"
#include "commplan/commplan_json.h"
#include "commplan/commplan_store.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/task.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_perm commplan_perm_manage = {"commplan.manage", "管理沟通计划",
                                             "Manage communication plans"};

const struct kh_setting commplan_setting_max_tasks = {
    "comm_plan_max_tasks",
    5000,
    1,
    100000,
    "条",
    "tasks",
    "每个沟通计划每期最多生成的待办数（超出的客户本期不生成）",
    "Tasks a communication plan makes at most per period (customers beyond it get none that "
    "period)"};

const struct customer_ref_kind commplan_customer_ref = {"comm_plan_tasks",
                                                        commplan_store_repoint_on, NULL};

const struct kh_choice commplan_units[] = {
    {"days", "天", "days"},
    {"weeks", "周", "weeks"},
    {"months", "个月", "months"},
    {0},
};

const struct kh_choice commplan_states[] = {
    {"draft", "草稿", "Draft"},
    {"active", "执行中", "Active"},
    {"paused", "已暂停", "Paused"},
    {"ended", "已结束", "Ended"},
    {0},
};

static const struct kh_choice *plan_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return commplan_states;
}

static const struct list_field plan_fields[] = {
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct commplan_filter, state), .choice_set = 0,
     .index = "comm_plans_state"},
    {0},
};

const struct list_spec commplan_list_spec = {
    .name = "comm_plans", .fields = plan_fields, .choices = plan_choices};

#define GENERATE_BATCH 500
#define DUE_HOUR 18

static enum kh_status need_manage(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &commplan_perm_manage)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理沟通计划的权限",
                            "managing communication plans is needed");
}

/* ---- days ---- */

static bool day_parse(const char *s, int *y, int *m, int *d)
{
    if (!s || !date_valid(s))
        return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return true;
}

static int month_days(int y, int m)
{
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    return (int)(days_from_civil(ny, (unsigned)nm, 1) - days_from_civil(y, (unsigned)m, 1));
}

static void day_format(int64_t days, char *out, size_t cap)
{
    struct kh_civil c;
    time_civil(NULL, days * 86400, &c);
    snprintf(out, cap, "%04d-%02d-%02d", c.year % 10000, c.month % 100, c.day % 100);
}

bool commplan_period_of(const struct commplan *p, const char *today, int64_t *k, char *day,
                        size_t cap)
{
    int sy = 0, sm = 0, sd = 0, ty = 0, tm = 0, td = 0;
    if (!day_parse(p->start_day, &sy, &sm, &sd) || !day_parse(today, &ty, &tm, &td) ||
        strcmp(today, p->start_day) < 0 || p->every < 1)
        return false;
    if (!strcmp(p->unit, "months")) {
        int64_t months = (int64_t)(ty - sy) * 12 + (tm - sm);
        int cd = sd < month_days(ty, tm) ? sd : month_days(ty, tm);
        if (td < cd)
            months--;
        *k = months / p->every;
        int64_t at = (int64_t)sy * 12 + (sm - 1) + *k * p->every;
        int py = (int)(at / 12), pm = (int)(at % 12) + 1;
        int pd = sd < month_days(py, pm) ? sd : month_days(py, pm);
        snprintf(day, cap, "%04d-%02d-%02d", py % 10000, pm % 100, pd % 100);
    } else {
        int64_t step = p->every * (!strcmp(p->unit, "weeks") ? 7 : 1);
        int64_t s0 = days_from_civil(sy, (unsigned)sm, (unsigned)sd);
        *k = (days_from_civil(ty, (unsigned)tm, (unsigned)td) - s0) / step;
        day_format(s0 + *k * step, day, cap);
    }
    return !*p->end_day || strcmp(day, p->end_day) <= 0;
}

/* ---- checks ---- */

static int every_max(const char *unit)
{
    return !strcmp(unit, "months") ? 12 : !strcmp(unit, "weeks") ? 52 : 365;
}

static enum kh_status check_texts(const struct commplan *p, struct kh_err *err)
{
    if (!utf8_text_ok(p->name, COMMPLAN_NAME_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写计划名称（100字以内）",
                          "give the plan a name (at most 100 characters)");
    if (!utf8_text_ok(p->goal, COMMPLAN_GOAL_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "goal", "请填写计划目标（500字以内）",
                          "write the plan's goal (at most 500 characters)");
    if (!p->channel || !*p->channel || !task_channel_valid(p->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel",
                          "沟通方式为：电话、拜访、会面、电子邮件、短信、微信、QQ、信函或活动",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    if (!utf8_text_ok(p->content, COMMPLAN_CONTENT_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "content", "请填写沟通内容（2000字以内）",
                          "write the content to convey (at most 2000 characters)");
    return KH_OK;
}

static enum kh_status check_plan(const struct kh_ctx *ctx, struct commplan *p, struct kh_err *err)
{
    enum kh_status st = check_texts(p, err);
    if (st)
        return st;
    if (!kh_choice_has(commplan_units, p->unit))
        return kh_err_set(err, KH_E_VALIDATION, "unit", "频率单位为：天、周或月",
                          "unit is days, weeks or months");
    int max = every_max(p->unit);
    if (p->every < 1 || p->every > max)
        return kh_err_setf(err, KH_E_VALIDATION, "every", "频率须为每 1 到 %d %s一次",
                           "every is 1 to %d %s", max,
                           !strcmp(p->unit, "months")  ? "个月"
                           : !strcmp(p->unit, "weeks") ? "周"
                                                       : "天",
                           max, p->unit);
    int y = 0, m = 0, d = 0;
    if (!day_parse(p->start_day, &y, &m, &d))
        return kh_err_set(err, KH_E_VALIDATION, "start_day", "开始日期格式为 YYYY-MM-DD",
                          "start_day is a date, YYYY-MM-DD");
    if (p->end_day && *p->end_day &&
        (!day_parse(p->end_day, &y, &m, &d) || strcmp(p->end_day, p->start_day) < 0))
        return kh_err_set(err, KH_E_VALIDATION, "end_day", "结束日期须为不早于开始日期的日期",
                          "end_day is a date not before start_day");
    if (!p->end_day)
        p->end_day = "";
    struct customer_filter f;
    const char *canon = NULL;
    if ((st = commplan_json_segment(ctx, p->segment, &f, &canon, err)))
        return st;
    p->segment = canon;
    return KH_OK;
}

/* ---- plans ---- */

enum kh_status commplan_create(const struct kh_ctx *ctx, const struct commplan_input *in,
                               int64_t *id, struct kh_err *err)
{
    *id = 0;
    enum kh_status st = need_manage(ctx, err);
    if (st)
        return st;
    struct commplan p = {.name = in->name,
                         .goal = in->goal,
                         .segment = in->segment,
                         .channel = in->channel,
                         .content = in->content,
                         .unit = in->unit ? in->unit : "weeks",
                         .every = in->every,
                         .start_day = in->start_day,
                         .end_day = in->end_day};
    if ((st = check_plan(ctx, &p, err)))
        return st;
    return commplan_store_create(ctx, &p, id, err);
}

enum kh_status commplan_update(const struct kh_ctx *ctx, int64_t id,
                               const struct commplan_input *in, struct kh_err *err)
{
    struct commplan p;
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = commplan_store_get(ctx, id, &p, err);
    if (st)
        return st;
    if (strcmp(p.state, "draft") && strcmp(p.state, "paused"))
        return kh_err_set(err, KH_E_CONFLICT, "state", "只有草稿或已暂停的计划可以修改",
                          "only a draft or paused plan can be changed");
    const char **fields[] = {&p.name,    &p.goal, &p.segment,   &p.channel,
                             &p.content, &p.unit, &p.start_day, &p.end_day};
    const char *const given[] = {in->name,    in->goal, in->segment,   in->channel,
                                 in->content, in->unit, in->start_day, in->end_day};
    for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++)
        if (given[i])
            *fields[i] = given[i];
    if (in->every)
        p.every = in->every;
    if ((st = check_plan(ctx, &p, err)))
        return st;
    return commplan_store_update(ctx, &p, err);
}

static void today_of(const struct kh_ctx *ctx, char *out, size_t cap)
{
    time_format_date(ctx_tz(ctx), ctx_now(ctx), out, cap);
}

enum kh_status commplan_move(const struct kh_ctx *ctx, int64_t id, const char *to,
                             struct kh_err *err)
{
    struct commplan p;
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = commplan_store_get(ctx, id, &p, err);
    if (st)
        return st;
    if (!strcmp(to, "active")) {
        char today[16];
        today_of(ctx, today, sizeof(today));
        if (strcmp(p.state, "draft") && strcmp(p.state, "paused"))
            return kh_err_set(err, KH_E_CONFLICT, "state", "只有草稿或已暂停的计划可以启动",
                              "only a draft or paused plan can be activated");
        if (*p.end_day && strcmp(p.end_day, today) < 0)
            return kh_err_set(err, KH_E_CONFLICT, "end_day", "计划的结束日期已过，不能启动",
                              "the plan's end day has passed: it cannot be activated");
        return commplan_store_move(ctx, id, "active", "draft", "paused", NULL, "commplan.activate",
                                   err);
    }
    if (!strcmp(to, "paused"))
        return commplan_store_move(ctx, id, "paused", "active", NULL, NULL, "commplan.pause", err);
    return commplan_store_move(ctx, id, "ended", "draft", "active", "paused", "commplan.end", err);
}

enum kh_status commplan_get(const struct kh_ctx *ctx, int64_t id, struct commplan *out,
                            struct commplan_results *res, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = commplan_store_get(ctx, id, out, err);
    if (st || !res)
        return st;
    return commplan_store_results(ctx, out, ctx_now(ctx), true, res, err);
}

enum kh_status commplan_totals(const struct kh_ctx *ctx, const struct commplan *p,
                               struct commplan_results *res, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    return st ? st : commplan_store_results(ctx, p, ctx_now(ctx), false, res, err);
}

enum kh_status commplan_list(const struct kh_ctx *ctx, const struct commplan_filter *f,
                             const struct list_page *page, struct commplan **out, int *count,
                             const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    enum kh_status st = need_manage(ctx, err);
    return st ? st : commplan_store_list(ctx, f, page, out, count, next, err);
}

/* ---- preview ---- */

/* What f reaches as ctx's actor sees it: the count and the first items. */
static enum kh_status reach(const struct kh_ctx *ctx, const struct customer_filter *seg,
                            struct commplan_preview *out, struct kh_err *err)
{
    struct customer_filter f = *seg;
    f.archived = 0;
    f.limit = COMMPLAN_PREVIEW;
    f.with_total = true;
    f.own_reach = true; /* as the job walks it: without customers another branch only shares */
    f.sort = SORT_UPDATED;
    f.desc = true;
    struct customer_page page;
    enum kh_status st = customer_list(ctx, &f, &page, err);
    if (st)
        return st;
    out->total = page.total;
    out->items = arena_alloc(ctx->arena, sizeof(*out->items) * (size_t)(page.count + 1));
    for (int i = 0; i < page.count; i++) {
        const struct customer *c = &page.items[i];
        out->items[i] =
            (struct commplan_pick){c->id, c->code, c->name, c->grade, c->owner_id, c->owner_name};
    }
    out->count = page.count;
    out->shown = true;
    return KH_OK;
}

enum kh_status commplan_preview_segment(const struct kh_ctx *ctx, const char *segment,
                                        struct commplan_preview *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct customer_filter f;
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = commplan_json_segment(ctx, segment, &f, NULL, err);
    return st ? st : reach(ctx, &f, out, err);
}

enum kh_status commplan_preview(const struct kh_ctx *ctx, int64_t id, struct commplan_preview *out,
                                struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct commplan p;
    struct customer_filter f;
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = commplan_store_get(ctx, id, &p, err);
    if (!st)
        st = commplan_json_segment(ctx, p.segment, &f, NULL, err);
    if (st)
        return st;
    struct kh_ctx as = *ctx; /* the creator's view: what the job walks */
    if (p.created_by != ctx->actor.user_id) {
        st = account_actor_load(ctx, p.created_by, &as.actor, err);
        if (st == KH_E_UNAUTH) /* the creator left: the plan reaches nobody */
            return KH_OK;
        if (st)
            return st;
    }
    if ((st = reach(&as, &f, out, err)))
        return st;
    struct customer_scope mine = customer_scope_of(&ctx->actor);
    struct customer_scope theirs = customer_scope_of(&as.actor);
    out->shown = p.created_by == ctx->actor.user_id ||
                 (mine.scope == KH_SCOPE_ALL && mine.clearance >= theirs.clearance);
    if (!out->shown)
        out->count = 0;
    return KH_OK;
}

/* ---- the morning job ---- */

/* The tasks of one batch of the walk, at most room of them; *reached and *unowned counted. */
static int batch_of(const struct commplan *p, const struct customer_walk_row *rows, int n,
                    int64_t room, int64_t now, int64_t due, struct task_input *tasks, int64_t *upto,
                    int64_t *unowned)
{
    int k = 0;
    for (int i = 0; i < n && k < room; i++) {
        *upto = rows[i].id;
        if (!rows[i].owner_id) {
            (*unowned)++;
            continue;
        }
        tasks[k++] = (struct task_input){.customer_id = rows[i].id,
                                         .kind = "comm_plan",
                                         .title = p->name,
                                         .purpose = p->goal,
                                         .channel = p->channel,
                                         .assignee_id = 0,
                                         .start_at = now,
                                         .due_at = due};
    }
    return k;
}

/* Due at DUE_HOUR on the period's day, or on today when that day is past. */
static int64_t due_of(const struct kh_ctx *ctx, const char *day, const char *today)
{
    int y = 0, m = 0, d = 0;
    (void)day_parse(strcmp(day, today) < 0 ? today : day, &y, &m, &d);
    struct kh_civil c = {y, m, d, DUE_HOUR, 0, 0};
    return time_from_civil(ctx_tz(ctx), &c);
}

/* Walk plan p's segment for period k from its bookmark, as the creator (ctx). */
static enum kh_status walk(const struct kh_ctx *ctx, const struct commplan *p,
                           const struct customer_filter *f, int64_t k, const char *day,
                           const char *today, int64_t cap, int64_t *made, struct kh_err *err)
{
    struct commplan_run run;
    enum kh_status st = commplan_store_period(ctx, p->id, k, day, &run, err);
    if (st || run.finished)
        return st;
    int64_t now = ctx_now(ctx), due = due_of(ctx, day, today), total = run.made;
    for (int64_t after = run.scanned_to;;) {
        struct arena batch;
        arena_init(&batch);
        struct kh_ctx bc = *ctx;
        bc.arena = &batch;
        struct customer_walk_row *rows = arena_alloc(&batch, sizeof(*rows) * GENERATE_BATCH);
        struct task_input *tasks = arena_alloc(&batch, sizeof(*tasks) * GENERATE_BATCH);
        int n = 0;
        st = customer_walk(&bc, f, after, GENERATE_BATCH, rows, &n, err);
        struct commplan_batch b = {.plan_id = p->id, .period = k, .day = day, .upto = after};
        if (!st) {
            b.n = batch_of(p, rows, n, cap - total, now, due, tasks, &b.upto, &b.unowned);
            b.tasks = tasks;
            b.reached = b.n + b.unowned;
            b.capped =
                total + b.n >= cap && (b.upto < (n ? rows[n - 1].id : 0) || n == GENERATE_BATCH);
            b.finish = n < GENERATE_BATCH || b.capped;
        }
        int64_t added = 0;
        if (!st)
            st = commplan_store_batch(&bc, &b, &added, err);
        arena_release(&batch);
        if (st)
            return st;
        *made += added;
        total += b.n;
        after = b.upto;
        if (b.finish)
            return KH_OK;
    }
}

/* One plan's current period, if it is due and not yet made. */
static enum kh_status generate_plan(const struct kh_ctx *ctx, const struct commplan *p,
                                    const char *today, int64_t cap, int64_t *made,
                                    struct kh_err *err)
{
    int64_t k = 0;
    char day[16];
    if (!commplan_period_of(p, today, &k, day, sizeof(day)))
        return KH_OK;
    struct kh_ctx as = *ctx; /* the creator's scope decides whom the plan reaches */
    enum kh_status st = account_actor_load(ctx, p->created_by, &as.actor, err);
    if (st == KH_E_UNAUTH || (!st && !ctx_can(&as, &commplan_perm_manage))) {
        log_info("msg=\"communication plan skipped: its creator cannot run it\" plan=%lld",
                 (long long)p->id);
        kh_err_clear(err);
        return KH_OK;
    }
    struct customer_filter f;
    if (!st)
        st = commplan_json_segment(&as, p->segment, &f, NULL, err);
    return st ? st : walk(&as, p, &f, k, day, today, cap, made, err);
}

enum kh_status commplan_generate(const struct kh_ctx *ctx, int64_t *made, struct kh_err *err)
{
    *made = 0;
    int64_t cap = 0;
    struct commplan *plans = NULL;
    int n = 0;
    enum kh_status st = settings_int(ctx, &commplan_setting_max_tasks, &cap, err);
    if (!st)
        st = commplan_store_active(ctx, &plans, &n, err);
    char today[16];
    today_of(ctx, today, sizeof(today));
    for (int i = 0; i < n && !st; i++)
        st = generate_plan(ctx, &plans[i], today, cap, made, err);
    return st;
}

static enum kh_status generate_run(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int64_t made = 0;
    enum kh_status st = commplan_generate(ctx, &made, err);
    if (st)
        return st;
    if (made)
        log_info("msg=\"communication plan tasks made\" count=%lld", (long long)made);
    return job_set_result(run, arena_printf(ctx->arena, "{\"tasks\":%lld}", (long long)made), NULL,
                          NULL, NULL, err);
}

const struct job_kind commplan_generate_kind = {"commplan.generate", "生成沟通计划待办",
                                                "Communication plan tasks", generate_run, 3};

/* Daily from 06:50 company time, for a quarter of an hour. */
static bool generate_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return job_daily_due(ctx_tz(ctx), now, 6, 50, 900, period, cap);
}

const struct job_task commplan_generate_task = {"commplan.generate", "按沟通计划生成待办",
                                                "Make the communication plans' tasks",
                                                &commplan_generate_kind, generate_due};
