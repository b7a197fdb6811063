#include "followup/rule.h"

#include <string.h>

#include "account/account.h"
#include "app/customer_ref.h"
#include "calendar/calendar.h"
#include "calendar/lunar.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/interaction.h"
#include "followup/rule_store.h"
#include "followup/task.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_perm followup_perm_rules = {"followup.rules", "设置回访规则",
                                            "Set the follow-up rules"};

const struct kh_choice followup_triggers[] = {
    {"customer_created", "新建客户", "Customer created"},
    {"first_purchase", "首次购买", "First purchase"},
    {"purchase", "每次购买", "Each purchase"},
    {"complaint_written", "收到书面投诉", "Written complaint received"},
    {"complaint_resolved", "投诉处理完毕", "Complaint resolved"},
    {"date_field", "客户日期字段", "A date of the customer's"},
    {0},
};

const struct kh_choice followup_audiences[] = {
    {"all", "全部客户", "All customers"},
    {"buyers", "已购买客户", "Buyers"},
    {"non_buyers", "未购买客户", "Non-buyers"},
    {0},
};

const struct kh_choice followup_units[] = {
    {"days", "天", "days"},
    {"working_days", "工作日", "working days"},
    {"months", "个月", "months"},
    {0},
};

const struct kh_choice followup_purposes[] = {
    {"explanation", "解释回访", "Explanation"},
    {"promotion", "宣传回访", "Promotion"},
    {"emotional", "情感回访", "Emotional care"},
    {"mediation", "调解回访", "Mediation"},
    {"advice", "提议回访", "Advice"},
    {"guidance", "指导回访", "Guidance"},
    {0},
};

enum kh_status followup_rules_list(const struct kh_ctx *ctx, struct followup_rule **out, int *count,
                                   struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx_can(ctx, &followup_perm_rules) && !ctx_can(ctx, &interaction_perm_log))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看回访规则的权限",
                          "not allowed to see the follow-up rules");
    return rule_store_list(ctx, out, count, err);
}

enum kh_status followup_rule_get(const struct kh_ctx *ctx, int64_t id, struct followup_rule *out,
                                 struct kh_err *err)
{
    struct followup_rule *all = NULL;
    int n = 0;
    enum kh_status st = followup_rules_list(ctx, &all, &n, err);
    for (int i = 0; !st && i < n; i++)
        if (all[i].id == id) {
            *out = all[i];
            return KH_OK;
        }
    return st ? st : kh_err_set(err, KH_E_NOT_FOUND, "", "没有这条回访规则", "no such rule");
}

static int unit_max(const char *unit)
{
    return !strcmp(unit, "months") ? 120 : !strcmp(unit, "working_days") ? 1000 : 3650;
}

/* A role whose holders see customers (they can be given work on them). */
static enum kh_status check_role(const struct kh_ctx *ctx, const char *code, struct kh_err *err)
{
    if (!code || !*code)
        return KH_OK;
    struct role *roles = NULL;
    int n = 0;
    enum kh_status st = account_role_list(ctx, &roles, &n, err);
    for (int i = 0; !st && i < n; i++) {
        if (strcmp(roles[i].code, code))
            continue;
        struct kh_actor a;
        memset(&a, 0, sizeof(a));
        (void)actor_scopes_parse(&a, roles[i].scopes);
        if (actor_scope(&a, &customer_scope_kind) != KH_SCOPE_NONE)
            return KH_OK;
    }
    return st ? st
              : kh_err_set(err, KH_E_VALIDATION, "assignee_role",
                           "执行角色须为能查看客户的角色（留空则由客户负责人执行）",
                           "the assignee role must be one that sees customers (empty: the "
                           "customer's owner)");
}

enum kh_status followup_date_fields(const struct kh_ctx *ctx, struct kh_choice **out, int *n,
                                    struct kh_err *err)
{
    return rule_store_date_fields(ctx, out, n, err);
}

static enum kh_status check_date_field(const struct kh_ctx *ctx, const char *field,
                                       struct kh_err *err)
{
    if (!field || !*field)
        return kh_err_set(err, KH_E_VALIDATION, "date_field", "请选择日期字段",
                          "choose the date field");
    struct kh_choice *fields = NULL;
    int n = 0;
    enum kh_status st = rule_store_date_fields(ctx, &fields, &n, err);
    if (st || kh_choice_has(fields, field))
        return st;
    return kh_err_set(err, KH_E_VALIDATION, "date_field",
                      "日期字段为：生日、信息收集日期或日期型自定义字段",
                      "date_field is birthday, collected_on or custom:<key> of a date field");
}

static enum kh_status check_rule(const struct kh_ctx *ctx, const struct followup_rule *r,
                                 struct kh_err *err)
{
    if (!utf8_text_ok(r->name_zh, 100, true))
        return kh_err_set(err, KH_E_VALIDATION, "name_zh", "请填写规则名称（100字以内）",
                          "give the rule a name (at most 100 characters)");
    if (!utf8_text_ok(r->name_en, 100, false))
        return kh_err_set(err, KH_E_VALIDATION, "name_en", "英文名称最多100字",
                          "the English name is at most 100 characters");
    if (!kh_choice_has(followup_triggers, r->trigger))
        return kh_err_set(err, KH_E_VALIDATION, "trigger",
                          "触发条件为：新建客户、首次购买、每次购买、收到书面投诉、投诉处理完毕或"
                          "客户日期字段",
                          "trigger is customer_created, first_purchase, purchase, "
                          "complaint_written, complaint_resolved or date_field");
    bool dated = !strcmp(r->trigger, "date_field");
    enum kh_status st = dated ? check_date_field(ctx, r->date_field, err) : KH_OK;
    if (st)
        return st;
    if (!dated && ((r->date_field && *r->date_field) || r->yearly))
        return kh_err_set(err, KH_E_VALIDATION, "date_field", "只有日期字段规则可以指定日期字段",
                          "only a rule on a date field names one");
    if (!kh_choice_has(followup_audiences, r->audience))
        return kh_err_set(err, KH_E_VALIDATION, "audience", "适用客户为：全部、已购买或未购买",
                          "audience is all, buyers or non_buyers");
    if (!kh_choice_has(followup_units, r->unit))
        return kh_err_set(err, KH_E_VALIDATION, "unit", "时间单位为：天、工作日或月",
                          "unit is days, working_days or months");
    int max = unit_max(r->unit);
    /* Before a date (a birthday, a contract's end): negative, in days or months. */
    int min = dated && strcmp(r->unit, "working_days") ? -max : 0;
    if (r->offset_from < min || r->offset_from > max)
        return kh_err_setf(err, KH_E_VALIDATION, "offset_from", "开始时间须在 %d 到 %d 之间",
                           "offset_from is %d to %d", min, max, min, max);
    if (r->offset_to < r->offset_from || r->offset_to > max)
        return kh_err_setf(err, KH_E_VALIDATION, "offset_to",
                           "到期时间须不早于开始时间，且不超过 %d",
                           "offset_to is offset_from to %d", max, max);
    if (!r->channel || !*r->channel || !task_channel_valid(r->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel", "联络方式无效",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    if (r->purpose && *r->purpose && !kh_choice_has(followup_purposes, r->purpose))
        return kh_err_set(err, KH_E_VALIDATION, "purpose",
                          "回访目的为：解释、宣传、情感、调解、提议或指导",
                          "purpose is explanation, promotion, emotional, mediation, advice or "
                          "guidance");
    return check_role(ctx, r->assignee_role, err);
}

enum kh_status followup_rule_save(const struct kh_ctx *ctx, const struct followup_rule *in,
                                  int64_t *id, struct kh_err *err)
{
    *id = 0;
    if (!ctx_can(ctx, &followup_perm_rules))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有设置回访规则的权限",
                          "not allowed to set the follow-up rules");
    struct followup_rule old = {0};
    enum kh_status st = in->id ? followup_rule_get(ctx, in->id, &old, err) : KH_OK;
    if (st)
        return st;
    if ((st = check_rule(ctx, in, err)))
        return st;
    return rule_store_save(ctx, in, in->id ? &old : NULL, id, err);
}

/* ---- the generating job ---- */

/* The task's start and due time: offset_from and offset_to after the trigger, in the rule's unit.
 */
static enum kh_status when(const struct kh_ctx *ctx, const struct followup_rule *r, int64_t at,
                           int64_t *start, int64_t *due, struct kh_err *err)
{
    if (!strcmp(r->unit, "months")) {
        *start = calendar_add_months(ctx, at, r->offset_from);
        *due = calendar_add_months(ctx, at, r->offset_to);
        return KH_OK;
    }
    if (!strcmp(r->unit, "working_days")) {
        enum kh_status st = calendar_add_working_days(ctx, at, r->offset_from, start, err);
        return st ? st : calendar_add_working_days(ctx, at, r->offset_to, due, err);
    }
    *start = at + (int64_t)r->offset_from * 86400;
    *due = at + (int64_t)r->offset_to * 86400;
    return KH_OK;
}

/*
 * Records read per batch, their tasks written in one write with the import's
 * page cache (rule_store_add_tasks, to rule_store_generate_end): a catch-up after a large import
 * inserts millions of tasks into the doer indexes at every salesperson's place.
 */
#define GENERATE_BATCH 5000

static enum kh_status apply_rule(const struct kh_ctx *ctx, struct followup_rule *r, int64_t *made,
                                 struct kh_err *err)
{
    enum kh_status st = KH_OK;
    if (!r->active_from && (st = rule_store_start(ctx, r, err)))
        return st;
    int64_t now = ctx_now(ctx);
    for (bool more = true; more;) {
        struct rule_trigger *t = NULL;
        int n = 0;
        int64_t upto = 0;
        if ((st = rule_store_triggers(ctx, r, GENERATE_BATCH, &t, &n, &upto, &more, err)))
            return st;
        if (upto <= r->scanned_to)
            return KH_OK;
        struct task_input *tasks = arena_alloc(ctx->arena, sizeof(*tasks) * (size_t)(n ? n : 1));
        int keep = 0;
        for (int i = 0; i < n && !st; i++) {
            struct task_input x = {.customer_id = t[i].customer_id,
                                   .kind = "follow_up",
                                   .title = r->name_zh,
                                   .purpose = r->purpose,
                                   .channel = r->channel,
                                   .rule_id = r->id};
            st = when(ctx, r, t[i].at, &x.start_at, &x.due_at, err);
            if (!st && x.due_at > now) { /* a task already past due helps nobody */
                t[keep] = t[i];
                tasks[keep++] = x;
            }
        }
        int added = 0;
        if (!st)
            st = rule_store_add_tasks(ctx, r, t, tasks, keep, upto, &added, err);
        if (st)
            return st;
        *made += added;
        r->scanned_to = upto;
    }
    return KH_OK;
}

/* The last instant of the company day that starts at t. */
static int64_t day_end(const struct kh_ctx *ctx, int64_t t)
{
    return time_day_after(ctx_tz(ctx), t) - 1;
}

/* The window of the date on day number `day`: from its first day at 00:00 to the end of its last.
 */
static enum kh_status date_window(const struct kh_ctx *ctx, const struct followup_rule *r,
                                  int64_t day, int64_t *start, int64_t *due, struct kh_err *err)
{
    struct kh_civil c;
    civil_of_day(day, &c);
    enum kh_status st = when(ctx, r, time_from_civil(ctx_tz(ctx), &c), start, due, err);
    if (!st)
        *due = day_end(ctx, *due);
    return st;
}

/* Days from the date back to the last start of a window of the rule's: "how far back to look". */
static int64_t reach_days(const struct followup_rule *r)
{
    int64_t to = r->offset_to;
    if (!strcmp(r->unit, "months"))
        return to * 31 + 1;
    if (!strcmp(r->unit, "working_days"))
        return to * 3 + 15; /* a week of holidays and its weekends between worked days */
    return to;
}

/* The first day of the date to look at: a yearly one's anniversary whose window may still be open.
 */
static bool first_day(const struct followup_rule *r, const struct birthday *b, int64_t today,
                      int64_t *day)
{
    if (r->yearly)
        return birthday_next(b, today - reach_days(r) - 1, day);
    if (b->lunar)
        return lunar_to_solar(&(struct lunar_date){b->year, b->month, b->day, b->leap}, day);
    *day = days_from_civil(b->year, (unsigned)b->month, (unsigned)b->day);
    return true;
}

#define DATE_BATCH 5000

/*
 * A date rule (trigger date_field), once a company day: each customer's date
 * whose window holds today and is not over gets its task (one per date, one
 * per year for a yearly one); scanned_to becomes today when all are read.
 */
static enum kh_status apply_date_rule(const struct kh_ctx *ctx, struct followup_rule *r,
                                      int64_t *made, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    if (!r->active_from && (st = rule_store_start(ctx, r, err)))
        return st;
    int64_t now = ctx_now(ctx), today = calendar_local_day(ctx, now), today_end = day_end(ctx, now);
    if (r->scanned_to >= today)
        return KH_OK;
    int64_t after = 0;
    for (bool more = true; more && !st;) {
        struct arena scratch;
        arena_init(&scratch);
        struct rule_date *rows = NULL;
        int n = 0;
        st = rule_store_dates(ctx, &scratch, r, after, DATE_BATCH, &rows, &n, &after, &more, err);
        struct rule_trigger *t = arena_alloc(&scratch, sizeof(*t) * (size_t)(n ? n : 1) * 3);
        struct task_input *tasks = arena_alloc(&scratch, sizeof(*tasks) * (size_t)(n ? n : 1) * 3);
        int keep = 0;
        for (int i = 0; i < n && !st; i++) {
            struct birthday b;
            if (!birthday_parse(rows[i].value, &b))
                continue; /* not a date (a value typed before the field was a date) */
            int64_t day = 0;
            bool found = first_day(r, &b, today, &day);
            /* A yearly date: this year's anniversary and the next, whichever windows are open. */
            for (int k = 0; found && k < 3 && !st; k++) {
                int64_t start = 0, due = 0;
                st = date_window(ctx, r, day, &start, &due, err);
                if (st || start > today_end)
                    break;
                if (due > now) {
                    t[keep] = (struct rule_trigger){0, rows[i].customer_id, start, day};
                    tasks[keep++] = (struct task_input){.customer_id = rows[i].customer_id,
                                                        .kind = "follow_up",
                                                        .title = r->name_zh,
                                                        .purpose = r->purpose,
                                                        .channel = r->channel,
                                                        .rule_id = r->id,
                                                        .start_at = start,
                                                        .due_at = due};
                }
                if (!r->yearly)
                    break;
                found = birthday_next(&b, day + 1, &day);
            }
        }
        int added = 0;
        if (!st && keep)
            st = rule_store_add_tasks(ctx, r, t, tasks, keep, 0, &added, err);
        arena_release(&scratch);
        *made += added;
    }
    int added = 0;
    if (!st && (st = rule_store_add_tasks(ctx, r, NULL, NULL, 0, today, &added, err)) == KH_OK)
        r->scanned_to = today;
    return st;
}

enum kh_status followup_generate(const struct kh_ctx *ctx, int64_t *made, struct kh_err *err)
{
    *made = 0;
    struct followup_rule *rules = NULL;
    int n = 0;
    enum kh_status st = rule_store_list(ctx, &rules, &n, err);
    for (int i = 0; i < n && !st; i++)
        if (rules[i].enabled)
            st = strcmp(rules[i].trigger, "date_field")
                     ? apply_rule(ctx, &rules[i], made, err)
                     : apply_date_rule(ctx, &rules[i], made, err);
    rule_store_generate_end(ctx);
    return st;
}

static enum kh_status generate_run(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int64_t made = 0;
    enum kh_status st = followup_generate(ctx, &made, err);
    if (st)
        return st;
    if (made)
        log_info("msg=\"follow-up tasks made\" count=%lld", (long long)made);
    return job_set_result(run, arena_printf(ctx->arena, "{\"tasks\":%lld}", (long long)made), NULL,
                          NULL, NULL, err);
}

const struct job_kind followup_generate_kind = {"followup.generate", "生成回访待办",
                                                "Follow-up tasks from the rules", generate_run, 3};

static bool generate_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    (void)ctx;
    return job_hourly_due(now, 5, 600, period, cap);
}

const struct job_task followup_generate_task = {"followup.generate", "按回访规则生成待办",
                                                "Make follow-up tasks from the rules",
                                                &followup_generate_kind, generate_due};

/* ---- new customers not contacted (R-OWN-4) ---- */

const struct kh_setting followup_setting_uncontacted_days = {
    "uncontacted_days",
    7,
    1,
    60,
    "天",
    "days",
    "新客户须在几天内联系",
    "Days within which a new customer must be contacted by its owner"};

enum kh_status followup_uncontacted(const struct kh_ctx *ctx, int *alerted, struct kh_err *err)
{
    *alerted = 0;
    int64_t days = 7;
    enum kh_status st = settings_int(ctx, &followup_setting_uncontacted_days, &days, err);
    for (int n = UNCONTACTED_BATCH_FULL; !st && n == UNCONTACTED_BATCH_FULL;) {
        st = rule_store_uncontacted(ctx, ctx_now(ctx) - days * 86400, (int)days, &n, err);
        *alerted += st ? 0 : n;
    }
    return st;
}

static enum kh_status uncontacted_run(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int n = 0;
    enum kh_status st = followup_uncontacted(ctx, &n, err);
    return st ? st
              : job_set_result(run, arena_printf(ctx->arena, "{\"alerted\":%d}", n), NULL, NULL,
                               NULL, err);
}

const struct job_kind followup_uncontacted_kind = {
    "followup.uncontacted", "新客户未联系提醒", "New customers not contacted", uncontacted_run, 3};

static bool uncontacted_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return job_daily_due(ctx_tz(ctx), now, 8, 30, 3600, period, cap);
}

const struct job_task followup_uncontacted_task = {"followup.uncontacted", "提醒未联系的新客户",
                                                   "Alert new customers not contacted",
                                                   &followup_uncontacted_kind, uncontacted_due};

/* ---- purchases ---- */

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return purchase_store_forget_on(c, ctx, id, err);
}

/* A merged customer's purchases go to the survivor; a destroyed one's go. */
const struct customer_ref_kind purchase_customer_ref = {"purchases", purchase_store_repoint_on,
                                                        forget};
