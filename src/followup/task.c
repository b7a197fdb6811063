#include "followup/task.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "app/customer_ref.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/interaction.h"
#include "followup/task_store.h"
#include "jobs/jobs.h"
#include "notify/notify.h"

const struct kh_perm task_perm_assign = {"task.assign", "分派待办",
                                         "Give tasks to others and see their tasks"};

const struct kh_choice task_kinds[] = {
    {"follow_up", "回访", "Follow-up"},
    {"next_step", "下一步", "Next step"},
    {"callback", "回电", "Callback"},
    {"greeting", "问候", "Greeting"},
    {"fixup", "资料补正", "Record fix-up"},
    {"visit", "走访", "Visit"},
    {"minutes", "会谈纪要", "Meeting minutes"},
    {"comm_plan", "沟通计划", "Communication plan"},
    {"other", "其他", "Other"},
    {0},
};

const struct kh_choice task_channels[] = {
    {"call", "电话", "Phone call"},
    {"visit", "拜访", "Visit"},
    {"meeting", "会面", "Meeting"},
    {"email", "电子邮件", "E-mail"},
    {"sms", "短信", "SMS"},
    {"wechat", "微信", "WeChat"},
    {"qq", "QQ", "QQ"},
    {"letter", "信函", "Letter"},
    {"event", "活动", "Event"},
    {0},
};

static const struct kh_choice task_states[] = {
    {"open", "未完成", "Open"},       {"overdue", "已逾期", "Overdue"}, {"done", "已完成", "Done"},
    {"skipped", "已跳过", "Skipped"}, {"all", "全部", "All"},           {0},
};

bool task_kind_follows_up(const char *kind)
{
    return kind && (!strcmp(kind, "follow_up") || !strcmp(kind, "next_step") ||
                    !strcmp(kind, "callback") || !strcmp(kind, "comm_plan"));
}

bool task_channel_valid(const char *channel)
{
    return !channel || !*channel || kh_choice_has(task_channels, channel);
}

enum { SET_STATES, SET_KINDS };

static const struct kh_choice *task_choices(int set, const char **name)
{
    *name = set == SET_KINDS ? "kinds" : "states";
    return set == SET_KINDS ? task_kinds : task_states;
}

static const struct list_field task_fields[] = {
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct task_filter, customer_id),
     .index = "tasks_customer"},
    {"assignee_id", LIST_ID, LIST_OP_EQ, offsetof(struct task_filter, assignee_id),
     .index = "tasks_assignee, and customers_owner for tasks that follow the owner"},
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct task_filter, state),
     .choice_set = SET_STATES, .index = "tasks_assignee and tasks_customer (state, due_at)"},
    {"kind", LIST_CHOICE, LIST_OP_EQ, offsetof(struct task_filter, kind), .choice_set = SET_KINDS,
     .index = "checked on the rows of the walk"},
    {"due_from", LIST_DATE_RANGE, LIST_OP_RANGE, offsetof(struct task_filter, due_from),
     .key_to = "due_to", .offset_to = offsetof(struct task_filter, due_to),
     .index = "tasks_assignee and tasks_customer (due_at)"},
    {0},
};

const struct list_spec task_list_spec = {
    .name = "tasks", .fields = task_fields, .choices = task_choices};

enum kh_status task_check(const struct kh_ctx *ctx, const struct task_input *in, struct kh_err *err)
{
    (void)ctx;
    if (in->kind && *in->kind && !kh_choice_has(task_kinds, in->kind))
        return kh_err_set(
            err, KH_E_VALIDATION, "kind", "待办类型无效",
            "kind is follow_up, next_step, callback, greeting, fixup, visit, minutes or other");
    if (!utf8_text_ok(in->title, TASK_TITLE_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "title", "请填写要做什么（200字以内）",
                          "say what is to be done (at most 200 characters)");
    if (!utf8_text_ok(in->purpose, TASK_TEXT_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "purpose", "目的最多500字",
                          "the purpose is at most 500 characters");
    if (!task_channel_valid(in->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel", "联络方式无效",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    if (in->due_at <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "due_at", "请填写到期时间", "give the due time");
    if (in->start_at < 0 || in->start_at > in->due_at)
        return kh_err_set(err, KH_E_VALIDATION, "start_at", "开始时间不能晚于到期时间",
                          "the start cannot be after the due time");
    return KH_OK;
}

/* An assignee who may be given work on customer c: active, and sees it. */
static enum kh_status check_assignee(const struct kh_ctx *ctx, const struct customer_brief *c,
                                     int64_t user_id, struct kh_err *err)
{
    if (!user_id) {
        if (!c->owner_id)
            return kh_err_set(err, KH_E_VALIDATION, "assignee_id",
                              "这位客户没有负责人，请指定由谁来做",
                              "the customer has no owner: say who does it");
        return KH_OK;
    }
    bool sees = false;
    enum kh_status st =
        user_id > 0 ? customer_user_sees(ctx, c, user_id, &sees, err) : KH_E_VALIDATION;
    if ((st && st != KH_E_VALIDATION) || (!st && sees))
        return st;
    return kh_err_set(err, KH_E_VALIDATION, "assignee_id", "执行人须为能查看这位客户的在职用户",
                      "the assignee must be an active user who sees this customer");
}

enum kh_status task_create(const struct kh_ctx *ctx, const struct task_input *in, int64_t *id,
                           struct kh_err *err)
{
    *id = 0;
    if (!ctx_can(ctx, &interaction_perm_log))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有记录跟进的权限",
                          "not allowed to log interactions or add tasks");
    struct customer_brief c;
    if (in->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择客户", "choose the customer");
    enum kh_status st = customer_open(ctx, in->customer_id, true, &c, err);
    if (st)
        return st;
    struct task_input t = *in;
    if (!t.start_at)
        t.start_at = ctx_now(ctx);
    if (!t.kind || !*t.kind)
        t.kind = "follow_up";
    if ((st = task_check(ctx, &t, err)))
        return st;
    bool other =
        t.assignee_id ? t.assignee_id != ctx->actor.user_id : c.owner_id != ctx->actor.user_id;
    if (other && !ctx_can(ctx, &task_perm_assign))
        return kh_err_set(err, KH_E_FORBIDDEN, "assignee_id", "没有把待办分派给他人的权限",
                          "not allowed to give tasks to others");
    if ((st = check_assignee(ctx, &c, t.assignee_id, err)))
        return st;
    return task_store_insert(ctx, &t, "", id, err);
}

/* The customer's visibility decides; a refusal answers as "no such task". */
static enum kh_status not_found(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这项待办，或您无权查看",
                      "no such task, or not yours to see");
}

enum kh_status task_get(const struct kh_ctx *ctx, int64_t id, struct task *out, struct kh_err *err)
{
    enum kh_status st = task_store_get(ctx, id, out, err);
    if (st)
        return st;
    struct customer_brief c;
    st = customer_open(ctx, out->customer_id, false, &c, err);
    return st == KH_E_NOT_FOUND ? not_found(err) : st;
}

/* Whose tasks a manager (task.assign) may list: users their customer scope covers. */
static enum kh_status check_lister(const struct kh_ctx *ctx, int64_t user_id, struct kh_err *err)
{
    if (!user_id || user_id == ctx->actor.user_id)
        return KH_OK;
    if (!ctx_can(ctx, &task_perm_assign))
        return kh_err_set(err, KH_E_FORBIDDEN, "assignee_id", "只能查看自己的待办",
                          "you see your own tasks only");
    enum kh_scope scope = ctx_scope(ctx, &customer_scope_kind);
    if (scope == KH_SCOPE_ALL || scope == KH_SCOPE_ALL_NONSECRET)
        return KH_OK;
    struct user u;
    enum kh_status st = account_user_get(ctx, user_id, &u, err);
    if (st == KH_E_NOT_FOUND || (!st && (scope != KH_SCOPE_DEPARTMENT || !u.department_id ||
                                         u.department_id != ctx->actor.department_id)))
        return kh_err_set(err, KH_E_FORBIDDEN, "assignee_id", "只能查看本部门人员的待办",
                          "you see the tasks of your department's staff only");
    return st;
}

enum kh_status task_list(const struct kh_ctx *ctx, const struct task_filter *f,
                         const struct list_page *page, struct task **out, int *count,
                         const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    struct task_filter q = *f;
    enum kh_status st;
    if (q.customer_id) {
        struct customer_brief c;
        if ((st = customer_open(ctx, q.customer_id, false, &c, err)))
            return st;
    } else {
        if ((st = check_lister(ctx, q.assignee_id, err)))
            return st;
        if (!q.assignee_id)
            q.assignee_id = ctx->actor.user_id;
    }
    if (!q.state || !*q.state)
        q.state = "open";
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    return task_store_list(ctx, &q, scope.clearance, page, out, count, next, err);
}

enum kh_status task_team(const struct kh_ctx *ctx, struct task_load **out, int *count,
                         struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx_can(ctx, &task_perm_assign))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看团队待办的权限",
                          "not allowed to see the team's tasks");
    enum kh_scope scope = ctx_scope(ctx, &customer_scope_kind);
    int64_t dept = scope == KH_SCOPE_ALL || scope == KH_SCOPE_ALL_NONSECRET
                       ? 0
                       : (ctx->actor.department_id ? ctx->actor.department_id : -1);
    int64_t now = ctx_now(ctx);
    struct customer_scope cs = customer_scope_of(&ctx->actor);
    return task_store_team(ctx, dept, cs.clearance, now, time_day_after(ctx_tz(ctx), now), out,
                           count, err);
}

/* The task if the actor may finish it: its doer, or a task.assign holder who sees it. */
enum kh_status task_open_own(const struct kh_ctx *ctx, int64_t id, struct task *t,
                             struct kh_err *err)
{
    enum kh_status st = task_get(ctx, id, t, err);
    if (st)
        return st;
    if (t->assignee_id != ctx->actor.user_id && !ctx_can(ctx, &task_perm_assign))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "这项待办不由您负责",
                          "this task is someone else's");
    if (strcmp(t->state, "open"))
        return kh_err_set(err, KH_E_CONFLICT, "state", "这项待办已完成或已跳过",
                          "the task is done or skipped already");
    return KH_OK;
}

enum kh_status task_done(const struct kh_ctx *ctx, int64_t id, const char *note, struct kh_err *err)
{
    if (!utf8_text_ok(note, TASK_TEXT_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "note", "说明最多500字",
                          "the note is at most 500 characters");
    struct task t;
    enum kh_status st = task_open_own(ctx, id, &t, err);
    return st ? st : task_store_finish(ctx, id, "done", note, err);
}

enum kh_status task_skip(const struct kh_ctx *ctx, int64_t id, const char *reason,
                         struct kh_err *err)
{
    if (!utf8_text_ok(reason, TASK_TEXT_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请说明为什么跳过（500字以内）",
                          "say why it is skipped (at most 500 characters)");
    struct task t;
    enum kh_status st = task_open_own(ctx, id, &t, err);
    return st ? st : task_store_finish(ctx, id, "skipped", reason, err);
}

enum kh_status task_assign(const struct kh_ctx *ctx, int64_t id, int64_t assignee_id,
                           struct kh_err *err)
{
    if (!ctx_can(ctx, &task_perm_assign))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有分派待办的权限",
                          "not allowed to give tasks to others");
    if (assignee_id < 0)
        return kh_err_set(err, KH_E_VALIDATION, "assignee_id", "执行人编号无效",
                          "invalid assignee id");
    struct task t;
    enum kh_status st = task_open_own(ctx, id, &t, err);
    if (st)
        return st;
    struct customer_brief c;
    if ((st = customer_open(ctx, t.customer_id, true, &c, err)))
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    if ((st = check_assignee(ctx, &c, assignee_id, err)))
        return st;
    return task_store_assign(ctx, id, assignee_id, err);
}

enum kh_status task_add_on(struct db_conn *c, const struct kh_ctx *ctx, const struct task_input *in,
                           const char *source, int64_t *id, struct kh_err *err)
{
    return task_store_insert_on(c, ctx, in, source, true, id, err);
}

enum kh_status task_complete_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t customer_id,
                                int64_t task_id, int64_t user_id, int64_t at,
                                int64_t interaction_id, int64_t *done, struct kh_err *err)
{
    return task_store_complete_on(c, ctx, customer_id, task_id, user_id,
                                  task_id && ctx_can(ctx, &task_perm_assign), at, interaction_id,
                                  done, err);
}

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return task_store_forget_on(c, ctx, id, err);
}

/* A merged customer's tasks go to the survivor (R-ARC-8); a destroyed one's go (R-SEC-7). */
const struct customer_ref_kind task_customer_ref = {"tasks", task_store_repoint_on, forget};

/* ---- the daily digest (R-INT-8) ---- */

/*
 * Each user who asked for it (notify preferences) gets, when they have
 * tasks due today or overdue, one inbox notification listing them; the
 * outbox e-mails it to those who chose e-mail for it.
 */
static enum kh_status digest_run(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int64_t *users = NULL;
    int n = 0, told = 0;
    enum kh_status st = notify_digest_users(ctx, &users, &n, err);
    int64_t now = ctx_now(ctx), day_end = time_day_after(ctx_tz(ctx), now);
    for (int i = 0; !st && i < n; i++) {
        struct task_digest d;
        if ((st = task_store_digest(ctx, users[i], now, day_end, &d, err)))
            break;
        if (!d.due_today && !d.overdue)
            continue;
        const char *zh = arena_printf(ctx->arena, "今日待办：%lld 项今天到期，%lld 项已逾期%s",
                                      (long long)d.due_today, (long long)d.overdue, d.lines_zh);
        const char *en = arena_printf(ctx->arena, "Today: %lld task(s) due, %lld overdue%s",
                                      (long long)d.due_today, (long long)d.overdue, d.lines_en);
        if (!(st = task_store_tell(ctx, users[i], "task.digest", zh, en, "/my-day", err)))
            told++;
    }
    if (st)
        return st;
    char summary[48];
    snprintf(summary, sizeof(summary), "{\"told\":%d}", told);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

const struct job_kind followup_digest_kind = {"followup.digest", "每日待办摘要",
                                              "Daily digest of tasks", digest_run, 3};

/* 07:40 company time, for a quarter of an hour, when someone asked for the digest. */
static bool digest_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    if (!job_daily_due(ctx_tz(ctx), now, 7, 40, 900, period, cap))
        return false;
    int64_t *users = NULL;
    int n = 0;
    struct kh_err err;
    return !notify_digest_users(ctx, &users, &n, &err) && n > 0;
}

const struct job_task followup_digest_task = {"followup.digest", "发送每日待办摘要",
                                              "Send the daily digest of tasks",
                                              &followup_digest_kind, digest_due};
