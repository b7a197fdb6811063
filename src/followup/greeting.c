/* Birthday greetings (R-INT-6): solar and lunar birthdays of customers and contacts become tasks.
 */
#include "followup/greeting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/lunar.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "followup/greeting_store.h"
#include "followup/interaction.h"
#include "followup/task.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "notify/notify_store.h"
#include "settings/settings.h"

const struct kh_choice greeting_audiences[] = {
    {"buyers", "成交客户", "Customers who bought"},
    {"all", "全部客户", "Every customer"},
    {"grades", "指定等级", "Customers of some grades"},
    {0},
};

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

/* ---- holidays ---- */

/* "MM-DD" or "农历MM-DD": whether lunar, the month and the day; false if malformed. */
static bool holiday_day_parse(const char *day, bool *lunar, int *month, int *dd)
{
    static const char prefix[] = "农历";
    *lunar = !strncmp(day, prefix, sizeof(prefix) - 1);
    const char *p = *lunar ? day + sizeof(prefix) - 1 : day;
    if (strlen(p) != 5 || p[2] != '-')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (p[i] < '0' || p[i] > '9'))
            return false;
    *month = (p[0] - '0') * 10 + (p[1] - '0');
    *dd = (p[3] - '0') * 10 + (p[4] - '0');
    static const int solar_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*month < 1 || *month > 12 || *dd < 1)
        return false;
    return *lunar ? *dd <= 30 : *dd <= solar_days[*month - 1]; /* no 29 February holiday */
}

bool greeting_holiday_next(const char *day, int64_t from, int64_t *out)
{
    *out = 0;
    bool lunar = false;
    int month = 0, dd = 0;
    if (!holiday_day_parse(day, &lunar, &month, &dd))
        return false;
    if (lunar)
        return lunar_next(from, month, dd, false, out);
    struct kh_civil c;
    civil_of_day(from, &c);
    for (int64_t y = c.year; y <= c.year + 1; y++) {
        int64_t d = days_from_civil(y, (unsigned)month, (unsigned)dd);
        if (d >= from) {
            *out = d;
            return true;
        }
    }
    return false;
}

const char *greeting_fill(struct arena *a, const char *tmpl, const char *name)
{
    static const char key[] = "{name}";
    struct buf b;
    buf_init(&b, 64 * 1024);
    for (const char *p = tmpl, *hit; *p; p = hit + sizeof(key) - 1) {
        hit = strstr(p, key);
        if (!hit) {
            buf_puts(&b, p);
            break;
        }
        buf_append(&b, p, (size_t)(hit - p));
        buf_puts(&b, name);
    }
    const char *out = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
    return out;
}

static enum kh_status must_manage(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &settings_perm_manage)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理节日问候的权限",
                            "not allowed to manage holiday greetings");
}

enum kh_status greeting_holidays_list(const struct kh_ctx *ctx, struct greeting_holiday **out,
                                      int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    enum kh_status st = must_manage(ctx, err);
    return st ? st : greeting_store_holidays(ctx, false, out, count, err);
}

enum kh_status greeting_holiday_get(const struct kh_ctx *ctx, int64_t id,
                                    struct greeting_holiday *out, struct kh_err *err)
{
    enum kh_status st = must_manage(ctx, err);
    return st ? st : greeting_store_holiday_get(ctx, id, out, err);
}

/* The grade letters of g (some of "ABC", each once); false otherwise. */
static bool grades_ok(const char *g)
{
    if (!g || !*g || strlen(g) > 3)
        return false;
    for (const char *p = g; *p; p++)
        if (!strchr("ABC", *p) || strchr(p + 1, *p))
            return false;
    return true;
}

static enum kh_status check_holiday(const struct greeting_holiday *in, struct kh_err *err)
{
    bool lunar = false;
    int m = 0, d = 0;
    if (!utf8_text_ok(in->name_zh, 50, true))
        return kh_err_set(err, KH_E_VALIDATION, "name_zh", "请填写节日名称（50字以内）",
                          "name_zh is required, at most 50 characters");
    if (!utf8_text_ok(in->name_en, 100, false))
        return kh_err_set(err, KH_E_VALIDATION, "name_en", "英文名称最多100字",
                          "name_en is at most 100 characters");
    if (!in->day || !holiday_day_parse(in->day, &lunar, &m, &d))
        return kh_err_set(err, KH_E_VALIDATION, "day",
                          "日期格式为 MM-DD（公历）或 农历MM-DD（农历），如 10-01、农历08-15",
                          "day is MM-DD (solar) or the lunar prefix followed by MM-DD, e.g. 10-01");
    if (!kh_choice_has(greeting_audiences, in->audience))
        return kh_err_set(err, KH_E_VALIDATION, "audience",
                          "问候对象为：成交客户、全部客户或指定等级",
                          "audience is buyers, all or grades");
    if (!strcmp(in->audience, "grades") && !grades_ok(in->grades))
        return kh_err_set(err, KH_E_VALIDATION, "grades", "请选择客户等级（A、B、C）",
                          "grades is some of A, B and C, e.g. \"AB\"");
    if (!in->channel || !task_channel_valid(in->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel", "联络方式无效",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    if (!utf8_text_ok(in->template, GREETING_TEMPLATE_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "template",
                          "请填写问候语（300字以内，{name} 代表客户名称）",
                          "template is required, at most 300 characters ({name}: the customer)");
    return KH_OK;
}

enum kh_status greeting_holiday_save(const struct kh_ctx *ctx, const struct greeting_holiday *in,
                                     int64_t *id, struct kh_err *err)
{
    *id = 0;
    enum kh_status st = must_manage(ctx, err);
    if (!st)
        st = check_holiday(in, err);
    if (st)
        return st;
    struct greeting_holiday v = *in;
    if (strcmp(v.audience, "grades"))
        v.grades = "";
    return greeting_store_holiday_save(ctx, &v, id, err);
}

/* The first max characters of s (UTF-8), in a. */
static const char *first_chars(struct arena *a, const char *s, size_t max)
{
    size_t n = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max)
            break;
    return s[i] ? arena_strndup(a, s, i) : s;
}

/* ---- sending a greeting ---- */

static bool starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* The greeting proposed for t (to addressee), and an e-mail's subject. */
static enum kh_status proposed_text(const struct kh_ctx *ctx, const struct task *t,
                                    const char *customer_name, const char **text,
                                    const char **subject, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    const char *who = customer_name;
    if (starts(t->source, "holiday:") && *t->purpose) {
        *text = t->purpose; /* the holiday's message, filled when the task was made */
        const char *cut = strstr(t->title, "：");
        *subject = cut ? arena_strndup(a, t->title, (size_t)(cut - t->title)) : "节日问候";
        return KH_OK;
    }
    if (starts(t->source, "greeting:k")) { /* a contact's birthday */
        char *end = NULL;
        long long contact = strtoll(t->source + strlen("greeting:k"), &end, 10);
        const char *name = "";
        enum kh_status st = greeting_store_contact_name(ctx, contact, &name, err);
        if (st)
            return st;
        if (*name)
            who = name;
    }
    *subject = "生日快乐 / Happy birthday";
    *text = starts(t->source, "greeting:")
                ? arena_printf(a, "%s您好，祝您生日快乐，身体健康，万事如意！", who)
                : arena_printf(a, "%s您好，感谢您一直以来的支持，祝您万事如意！", who);
    return KH_OK;
}

/* Whether Kehu can send by channel to this customer; else m->field and the reason. */
static void sendable(const struct greeting_address *ad, struct greeting_message *m)
{
    const char *ch = ad->preferred_channel;
    m->sendable = false;
    m->to = "";
    if (!strcmp(ch, "email") || !strcmp(ch, "sms")) {
        bool email = !strcmp(ch, "email");
        const char *addr = email ? ad->email : ad->mobile;
        if (*addr) {
            m->sendable = true;
            m->field = m->reason_zh = m->reason_en = "";
            return;
        }
        m->field = email ? "email" : "mobile";
        m->reason_zh =
            email ? "客户首选电子邮件，但没有填写邮箱" : "客户首选短信，但没有填写手机号";
        m->reason_en = email ? "this customer prefers e-mail but has no e-mail address"
                             : "this customer prefers SMS but has no mobile number";
        return;
    }
    m->field = "preferred_channel";
    if (!*ch) {
        m->reason_zh = "客户没有设置首选联系方式：请打电话或当面问候，并记录跟进";
        m->reason_en = "this customer has no preferred channel: greet them yourself and log it";
        return;
    }
    static const struct {
        const char *ch, *zh, *en;
    } why[] = {
        {"call", "客户希望接到电话：请打电话问候，并记录跟进",
         "this customer prefers a call: make the call and log it"},
        {"visit", "客户希望上门拜访：请当面问候，并记录跟进",
         "this customer prefers a visit: greet them in person and log it"},
        {"meeting", "客户希望见面：请当面问候，并记录跟进",
         "this customer prefers a meeting: greet them in person and log it"},
        {"wechat", "客户首选微信：请用微信问候，并记录跟进",
         "this customer prefers WeChat: send it from WeChat and log it"},
        {"qq", "客户首选 QQ：请用 QQ 问候，并记录跟进",
         "this customer prefers QQ: send it from QQ and log it"},
        {"letter", "客户首选信函：请寄出贺卡，并记录跟进",
         "this customer prefers a letter: post a card and log it"},
        {"event", "客户希望参加活动：请在活动中问候，并记录跟进",
         "this customer prefers an event: greet them there and log it"},
    };
    m->reason_zh = "Kehu 无法通过客户首选的方式发送：请自行问候，并记录跟进";
    m->reason_en = "Kehu cannot send by this customer's preferred channel: greet them and log it";
    for (size_t i = 0; i < sizeof(why) / sizeof(why[0]); i++)
        if (!strcmp(why[i].ch, ch)) {
            m->reason_zh = why[i].zh;
            m->reason_en = why[i].en;
        }
}

static enum kh_status open_greeting(const struct kh_ctx *ctx, int64_t task_id, struct task *t,
                                    struct greeting_address *ad, struct greeting_message *out,
                                    struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!ctx_can(ctx, &interaction_perm_log))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有记录跟进的权限",
                          "not allowed to log interactions");
    enum kh_status st = task_open_own(ctx, task_id, t, err);
    if (st)
        return st;
    if (strcmp(t->kind, "greeting"))
        return kh_err_set(err, KH_E_CONFLICT, "kind", "这不是问候待办",
                          "this is not a greeting task");
    if ((st = greeting_store_address(ctx, t->customer_id, ad, err)))
        return st;
    out->task_id = t->id;
    out->customer_id = t->customer_id;
    out->channel = ad->preferred_channel;
    sendable(ad, out);
    if (out->sendable)
        out->to = notify_address_masked(ctx->arena,
                                        !strcmp(out->channel, "email") ? ad->email : ad->mobile);
    return proposed_text(ctx, t, ad->name, &out->text, &out->subject, err);
}

enum kh_status greeting_message(const struct kh_ctx *ctx, int64_t task_id,
                                struct greeting_message *out, struct kh_err *err)
{
    struct task t;
    struct greeting_address ad;
    return open_greeting(ctx, task_id, &t, &ad, out, err);
}

enum kh_status greeting_send(const struct kh_ctx *ctx, int64_t task_id, const char *text,
                             struct greeting_sent *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct task t;
    struct greeting_address ad;
    struct greeting_message m;
    enum kh_status st = open_greeting(ctx, task_id, &t, &ad, &m, err);
    if (st)
        return st;
    if (text && *text && !utf8_text_ok(text, GREETING_TEXT_MAX, true))
        return kh_err_set(err, KH_E_INVALID, "text", "问候语最多500字",
                          "the greeting is at most 500 characters");
    if (!m.sendable)
        return kh_err_set(err, KH_E_CONFLICT, m.field, m.reason_zh, m.reason_en);
    bool email = !strcmp(m.channel, "email");
    struct notify_channel ch;
    if ((st = notify_customer_channel(ctx, m.channel, &ch, err)))
        return st;
    const char *body = text && *text ? text : m.text;
    struct notify_out msg = {.channel = &ch,
                             .user_id = ctx->actor.user_id,
                             .kind = "greeting",
                             .subject = m.subject,
                             .body = body,
                             .link = ""};
    struct interaction_input in = {.customer_id = t.customer_id,
                                   .channel = m.channel,
                                   .direction = "out",
                                   .occurred_at = ctx_now(ctx),
                                   .summary = body,
                                   .outcome = "sent",
                                   .task_id = t.id};
    st = greeting_store_send(ctx, &msg, email ? ad.email : ad.mobile, &in, &out->outbox_id,
                             &out->interaction_id, err);
    if (st)
        return st;
    out->channel = m.channel;
    out->to = m.to;
    return KH_OK;
}

/* Tasks for holiday h on day, up to *budget of them (less what it made). */
static enum kh_status holiday_tasks(const struct kh_ctx *ctx, const struct greeting_holiday *h,
                                    int64_t day, int *budget, int *added, struct kh_err *err)
{
    enum { BATCH = 500 };
    struct arena *a = ctx->arena;
    struct kh_civil due;
    civil_of_day(day, &due);
    due.hour = 9;
    int64_t due_at = time_from_civil(ctx_tz(ctx), &due);
    int64_t now = ctx_now(ctx);
    const char *prefix = arena_printf(a, "holiday:%lld:%04d:", (long long)h->id, due.year);
    const char *title_head = arena_printf(a, "%s问候：", h->name_zh);
    while (*budget > 0) {
        int want = *budget < BATCH ? *budget : BATCH, n = 0, got = 0;
        struct greeting_recipient *people = NULL;
        enum kh_status st = greeting_store_holiday_people(ctx, h, prefix, want, &people, &n, err);
        if (st || !n)
            return st;
        struct task_input *tasks = arena_alloc(a, sizeof(*tasks) * (size_t)n);
        const char **sources = arena_alloc(a, sizeof(*sources) * (size_t)n);
        for (int i = 0; i < n; i++) {
            const char *text = first_chars(a, greeting_fill(a, h->template, people[i].name),
                                           GREETING_TEXT_MAX); /* a task's purpose */
            tasks[i] = (struct task_input){
                .customer_id = people[i].customer_id,
                .kind = "greeting",
                .title = arena_printf(a, "%s%s", title_head, people[i].name),
                .purpose = text,
                .channel = h->channel,
                .start_at = now,
                .due_at = due_at < now ? now : due_at,
            };
            sources[i] = arena_printf(a, "%s%lld", prefix, (long long)people[i].customer_id);
        }
        if ((st = greeting_store_add(ctx, tasks, sources, n, &got, err)))
            return st;
        *added += got;
        *budget -= n;
        if (n < want)
            return KH_OK;
    }
    return KH_OK;
}

/* The active holidays falling from today to last: their tasks, GREETING_HOLIDAY_TASKS_MAX a run. */
static enum kh_status holidays_run(const struct kh_ctx *ctx, int64_t today, int64_t last,
                                   int *added, struct kh_err *err)
{
    *added = 0;
    struct greeting_holiday *hs = NULL;
    int n = 0, budget = GREETING_HOLIDAY_TASKS_MAX;
    enum kh_status st = greeting_store_holidays(ctx, true, &hs, &n, err);
    for (int i = 0; i < n && !st && budget > 0; i++) {
        int64_t day = 0;
        if (greeting_holiday_next(hs[i].day, today, &day) && day <= last)
            st = holiday_tasks(ctx, &hs[i], day, &budget, added, err);
    }
    return st;
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
    st = greeting_store_add(ctx, tasks, sources, k, added, err);
    int more = 0;
    if (!st)
        st = holidays_run(ctx, today, last, &more, err);
    *added += st ? 0 : more;
    return st;
}

static enum kh_status greetings_job(struct job_run *run, struct kh_err *err)
{
    int added = 0;
    enum kh_status st = greeting_run(&run->ctx, &added, err);
    return st ? st
              : job_set_result(run, arena_printf(run->ctx.arena, "{\"tasks\":%d}", added), NULL,
                               NULL, NULL, err);
}

const struct job_kind followup_greetings_kind = {"followup.greetings", "生日与节日问候待办",
                                                 "Birthday and holiday greeting tasks",
                                                 greetings_job, 3};

/* 06:40 company time, for a quarter of an hour. */
static bool greetings_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return job_daily_due(ctx_tz(ctx), now, 6, 40, 900, period, cap);
}

const struct job_task followup_greetings_task = {"followup.greetings", "生成生日问候待办",
                                                 "Make birthday greeting tasks",
                                                 &followup_greetings_kind, greetings_due};
