#include "followup/interaction.h"

#include <stddef.h>
#include <string.h>

#include "account/account.h"
#include "app/customer_ref.h"
#include "audit/audit.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "documents/documents.h"
#include "calendar/calendar.h"
#include "followup/interaction_store.h"
#include "followup/minutes.h"
#include "settings/settings.h"
#include "followup/rule.h"
#include "followup/task.h"

const struct kh_perm interaction_perm_log = {"interaction.log", "记录跟进",
                                             "Log interactions and add tasks"};
/* The capability's permissions and audit actions, tasks' included. */
const struct kh_perm *const followup_perms[] = {&interaction_perm_log, &task_perm_assign,
                                                &followup_perm_rules, NULL};

const struct kh_audit_action followup_audit_actions[] = {
    {"interaction.log", "记录跟进", "Logged an interaction"},
    {"interaction.import", "导入跟进记录", "Imported interactions"},
    {"calendar.feed", "日历订阅被读取", "Calendar subscription read"},
    {"followup.greetings", "生成问候待办", "Made greeting tasks"},
    {"greeting.holiday_save", "保存节日问候设置", "Saved a holiday greeting"},
    {"greeting.send", "向客户发送问候", "Sent a greeting to a customer"},
    {"calendar.feed_create", "生成日历订阅地址", "Made a calendar subscription address"},
    {"calendar.feed_revoke", "停用日历订阅地址", "Revoked the calendar subscription address"},
    {"task.create", "新建待办", "Added a task"},
    {"task.done", "完成待办", "Completed a task"},
    {"task.skip", "跳过待办", "Skipped a task"},
    {"task.assign", "分派待办", "Gave a task to someone"},
    {"followup.rule_create", "新建回访规则", "Added a follow-up rule"},
    {"followup.rule_update", "修改回访规则", "Changed a follow-up rule"},
    {"followup.generate", "按规则生成回访待办", "Made follow-up tasks from a rule"},
    /* Recorded before orders replaced the purchase record (migration 063): old entries keep it. */
    {"purchase.record", "登记购买", "Recorded a purchase"},
    {"callback.create", "制作回访名单", "Made a callback list"},
    {"followup.uncontacted", "提醒未联系的新客户", "Alerted new customers not contacted"},
    {"minutes.submit", "提交会谈纪要", "Submitted meeting minutes"},
    {"minutes.sent", "会谈纪要已发送客户", "Sent meeting minutes to the customer"},
    {"minutes.confirmed", "客户确认收到会谈纪要", "Recorded the customer's receipt of minutes"},
    {0},
};

static const struct kh_choice *interaction_choices(int set, const char **name)
{
    (void)set;
    *name = "channels";
    return task_channels;
}

static const struct list_field interaction_fields[] = {
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct interaction_filter, customer_id),
     .index = "interactions_customer"},
    {"channel", LIST_CHOICE, LIST_OP_EQ, offsetof(struct interaction_filter, channel),
     .choice_set = 0, .index = "checked on the customer's rows"},
    {0},
};

const struct list_spec interaction_list_spec = {
    .name = "interactions", .fields = interaction_fields, .choices = interaction_choices};

/* The fields alone, before anything is looked up. */
static enum kh_status check_fields(const struct kh_ctx *ctx, const struct interaction_input *in,
                                   struct kh_err *err)
{
    if (in->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择客户", "choose the customer");
    if (!in->channel || !*in->channel || !task_channel_valid(in->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel",
                          "请选择联络方式：电话、拜访、会面、电子邮件、短信、微信、QQ、信函或活动",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    if (in->direction && *in->direction && strcmp(in->direction, "out") &&
        strcmp(in->direction, "in"))
        return kh_err_set(err, KH_E_VALIDATION, "direction",
                          "方向为 out（我方联系）或 in（客户来访/来电）",
                          "direction is out (we reached them) or in (they reached us)");
    if (in->occurred_at < 0 || in->occurred_at > ctx_now(ctx))
        return kh_err_set(err, KH_E_VALIDATION, "occurred_at", "跟进时间不能晚于现在",
                          "the interaction cannot be in the future");
    if (!utf8_text_ok(in->summary, INTERACTION_SUMMARY_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "summary", "请填写沟通内容（2000字以内）",
                          "write what was said (at most 2,000 characters)");
    if (!utf8_text_ok(in->outcome, INTERACTION_TEXT_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "outcome", "结果最多500字",
                          "the outcome is at most 500 characters");
    if (!utf8_text_ok(in->next_step, INTERACTION_TEXT_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "next_step", "下一步最多500字",
                          "the next step is at most 500 characters");
    if (in->next_at && (!in->next_step || !*in->next_step))
        return kh_err_set(err, KH_E_VALIDATION, "next_step", "有下一步时间时请写明下一步做什么",
                          "say what the next step is when it has a date");
    int64_t at = in->occurred_at ? in->occurred_at : ctx_now(ctx);
    if (in->next_at < 0 || (in->next_at && in->next_at <= at))
        return kh_err_set(err, KH_E_VALIDATION, "next_at", "下一步时间须晚于本次跟进时间",
                          "the next step's date must be after the interaction");
    if (in->task_id < 0)
        return kh_err_set(err, KH_E_VALIDATION, "task_id", "待办编号无效", "invalid task id");
    if (in->satisfaction < 0 || in->satisfaction > INTERACTION_SATISFACTION_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "satisfaction",
                          "满意度为 1（很不满意）到 5（很满意），未询问填 0",
                          "satisfaction is 1 (very unhappy) to 5 (very satisfied), 0 not asked");
    if (in->nusers > INTERACTION_PEOPLE_MAX || in->ncontacts > INTERACTION_PEOPLE_MAX)
        return kh_err_set(err, KH_E_VALIDATION,
                          in->nusers > INTERACTION_PEOPLE_MAX ? "user_ids" : "contact_ids",
                          "参与人最多20位", "at most 20 participants of each side");
    return KH_OK;
}

/* Our participants: active users. */
static enum kh_status check_users(const struct kh_ctx *ctx, const struct interaction_input *in,
                                  struct kh_err *err)
{
    for (int i = 0; i < in->nusers; i++) {
        struct user u;
        enum kh_status st = account_user_get(ctx, in->user_ids[i], &u, err);
        if (st == KH_E_NOT_FOUND || (!st && !u.active))
            return kh_err_setf(err, KH_E_VALIDATION, "user_ids", "用户 %lld 不存在或已停用",
                               "user %lld does not exist or is not active",
                               (long long)in->user_ids[i], (long long)in->user_ids[i]);
        if (st)
            return st;
    }
    return KH_OK;
}

enum kh_status interaction_log(const struct kh_ctx *ctx, const struct interaction_input *in,
                               int64_t *id, int64_t *task, int64_t *done, struct kh_err *err)
{
    *id = *task = *done = 0;
    if (!ctx_can(ctx, &interaction_perm_log) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有记录跟进的权限",
                          "not allowed to log interactions");
    enum kh_status st = check_fields(ctx, in, err);
    if (st)
        return st;
    struct customer_brief c;
    if ((st = customer_open(ctx, in->customer_id, true, &c, err)))
        return st;
    if ((st = check_users(ctx, in, err)))
        return st;
    struct interaction_input v = *in;
    if (!v.occurred_at)
        v.occurred_at = ctx_now(ctx);
    if (!v.direction || !*v.direction)
        v.direction = "out";
    struct task_input next = {0};
    if (v.next_at) {
        next = (struct task_input){.customer_id = c.id,
                                   .kind = "next_step",
                                   .title = v.next_step,
                                   .channel = v.channel,
                                   .assignee_id = ctx->actor.user_id,
                                   .start_at = v.occurred_at,
                                   .due_at = v.next_at};
        if ((st = task_check(ctx, &next, err))) /* a next step longer than a title */
            return kh_err_set(err, KH_E_VALIDATION, "next_step", "有日期的下一步最多200字",
                              "a next step with a date is at most 200 characters");
    }
    v.minutes_due_at = 0;
    int64_t days = 0;
    if (minutes_needed(v.channel) &&
        ((st = settings_int(ctx, &minutes_setting_working_days, &days, err)) ||
         (st = calendar_add_working_days(ctx, v.occurred_at, (int)days, &v.minutes_due_at, err))))
        return st;
    if (in->check_only)
        return KH_OK;
    return interaction_store_insert(ctx, &v, v.next_at ? &next : NULL, id, task, done, err);
}

static enum kh_status read_customer(const struct kh_ctx *ctx, int64_t customer_id,
                                    struct kh_err *err)
{
    struct customer_brief c;
    enum kh_status st = customer_open(ctx, customer_id, false, &c, err);
    if (st)
        return st;
    struct audit_event ev = {"customer.read", "customer", customer_id, "part=interactions"};
    return audit_record_read(ctx, &ev, err);
}

enum kh_status interaction_get(const struct kh_ctx *ctx, int64_t id, struct interaction *out,
                               struct kh_err *err)
{
    enum kh_status st = interaction_store_get(ctx, id, out, err);
    if (!st)
        st = read_customer(ctx, out->customer_id, err);
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这条跟进记录，或您无权查看",
                          "no such interaction, or not yours to see");
    return st;
}

enum kh_status interaction_list(const struct kh_ctx *ctx, const struct interaction_filter *f,
                                const struct list_page *page, struct interaction **out, int *count,
                                const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    if (f->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请指定客户",
                          "say whose interactions (customer_id)");
    enum kh_status st = read_customer(ctx, f->customer_id, err);
    return st ? st : interaction_store_list(ctx, f, page, out, count, next, err);
}

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return interaction_store_forget_on(c, ctx, id, err);
}

/* A merged customer's interactions go to the survivor (R-ARC-8); a destroyed one's go (R-SEC-7). */
const struct customer_ref_kind interaction_customer_ref = {"interactions",
                                                           interaction_store_repoint_on, forget};

/*
 * An interaction's attachments (a quote, a photo of the visit, a call's
 * recording): read by whoever reads its customer; attached and deleted by
 * those who log interactions on it.
 */
static enum kh_status document_owner(const struct kh_ctx *ctx, int64_t id, bool write,
                                     int64_t *customer_id, struct kh_err *err)
{
    struct interaction x;
    enum kh_status st = interaction_store_get(ctx, id, &x, err);
    if (st)
        return st == KH_E_NOT_FOUND
                   ? kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这条跟进记录，或您无权查看",
                                "no such interaction, or not yours to see")
                   : st;
    if (write && (!ctx_can(ctx, &interaction_perm_log) || !ctx->actor.user_id))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有记录跟进的权限，不能添加或删除附件",
                          "not allowed to log interactions, so not to attach files either");
    struct customer_brief c;
    if ((st = customer_open(ctx, x.customer_id, write, &c, err)))
        return st == KH_E_NOT_FOUND
                   ? kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这条跟进记录，或您无权查看",
                                "no such interaction, or not yours to see")
                   : st;
    *customer_id = x.customer_id;
    return KH_OK;
}

const struct document_kind interaction_document_kind = {"interaction", document_owner};
