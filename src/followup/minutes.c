#include "followup/minutes.h"

#include <string.h>

#include "account/account.h"
#include "approval/approval.h"
#include "core/log.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/followup_json.h"
#include "followup/minutes_store.h"
#include "followup/task.h"

const struct kh_setting minutes_setting_working_days = {
    "minutes_working_days",
    2,
    1,
    30,
    "个工作日",
    "working days",
    "会谈纪要须在会谈后几个工作日内提交",
    "Working days after a meeting by which its minutes are due"};

bool minutes_needed(const char *channel)
{
    return channel && (!strcmp(channel, "meeting") || !strcmp(channel, "visit"));
}

static enum kh_status no_such(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这份会谈纪要，或您无权查看",
                      "no such minutes, or not yours to see");
}

enum kh_status minutes_get(const struct kh_ctx *ctx, int64_t interaction_id, struct minutes *out,
                           struct kh_err *err)
{
    struct minutes *items = NULL;
    int n = 0;
    struct minutes_filter f = {0};
    enum kh_status st = minutes_store_list(ctx, &f, interaction_id, 0, &items, &n, err);
    if (st)
        return st;
    if (!n)
        return no_such(err);
    struct customer_brief c;
    if (items[0].author_id != ctx->actor.user_id &&
        (st = customer_open(ctx, items[0].customer_id, false, &c, err)))
        return st == KH_E_NOT_FOUND ? no_such(err) : st;
    *out = items[0];
    return KH_OK;
}

/* Whose minutes a manager may list: as the team view, their department's (everyone's for all). */
static enum kh_status check_overseer(const struct kh_ctx *ctx, int64_t *dept, struct kh_err *err)
{
    if (!ctx_can(ctx, &task_perm_assign))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只能查看自己的会谈纪要",
                          "you see your own minutes only");
    enum kh_scope scope = ctx_scope(ctx, &customer_scope_kind);
    *dept = scope == KH_SCOPE_ALL || scope == KH_SCOPE_ALL_NONSECRET
                ? 0
                : (ctx->actor.department_id ? ctx->actor.department_id : -1);
    return KH_OK;
}

enum kh_status minutes_list(const struct kh_ctx *ctx, const struct minutes_filter *f,
                            struct minutes **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct minutes_filter q = *f;
    enum kh_status st = KH_OK;
    int64_t dept = 0;
    if (q.customer_id) {
        struct customer_brief c;
        st = customer_open(ctx, q.customer_id, false, &c, err);
    } else if (q.author_id && q.author_id != ctx->actor.user_id) {
        struct user u;
        st = check_overseer(ctx, &dept, err);
        if (!st && dept &&
            ((st = account_user_get(ctx, q.author_id, &u, err)) || u.department_id != dept))
            st = st && st != KH_E_NOT_FOUND
                     ? st
                     : kh_err_set(err, KH_E_FORBIDDEN, "author_id", "只能查看本部门人员的会谈纪要",
                                  "you see the minutes of your department's staff only");
    } else {
        q.author_id = ctx->actor.user_id;
    }
    static const char *const states[] = {"",         "late",     "due",  "submitted", "returned",
                                         "rejected", "approved", "sent", "confirmed"};
    bool known = false;
    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        known = known || !strcmp(q.state ? q.state : "", states[i]);
    if (!st && !known)
        st = kh_err_set(err, KH_E_INVALID, "state", "状态无效",
                        "state is late, due, submitted, returned, rejected, approved, sent or "
                        "confirmed");
    return st ? st : minutes_store_list(ctx, &q, 0, 0, out, count, err);
}

static enum kh_status own_minutes(const struct kh_ctx *ctx, int64_t id, struct minutes *m,
                                  struct kh_err *err)
{
    enum kh_status st = minutes_get(ctx, id, m, err);
    if (!st && m->author_id != ctx->actor.user_id)
        st = kh_err_set(err, KH_E_FORBIDDEN, "", "会谈纪要由会谈记录人编写",
                        "the minutes are written by the one who logged the meeting");
    return st;
}

static enum kh_status wrong_state(struct kh_err *err, const char *zh, const char *en)
{
    return kh_err_set(err, KH_E_CONFLICT, "state", zh, en);
}

enum kh_status minutes_submit(const struct kh_ctx *ctx, int64_t interaction_id, const char *body,
                              struct kh_err *err)
{
    struct minutes m;
    enum kh_status st = own_minutes(ctx, interaction_id, &m, err);
    if (st)
        return st;
    size_t len = body ? strlen(body) : 0;
    if (!len || !utf8_valid(body, len) || utf8_count(body, len) > MINUTES_BODY_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "body", "请填写会谈纪要（10000字以内）",
                          "write the minutes (at most 10,000 characters)");
    if (!strcmp(m.state, "returned")) { /* rewritten, and the same request goes round again */
        if ((st = minutes_store_write(ctx, interaction_id, body, 0, err)))
            return st;
        return approval_resubmit(ctx, m.request_id, NULL, NULL, err);
    }
    if (strcmp(m.state, "due") && strcmp(m.state, "rejected")) /* rejected: a new request */
        return wrong_state(err, "这份会谈纪要正在审阅或已审阅通过",
                           "the minutes are under review or approved already");
    struct approval_draft d = {
        .kind = &minutes_approval_review,
        .subject = followup_json_minutes(ctx->arena, interaction_id),
        .reason = "会谈纪要审阅 / review of meeting minutes",
        .purpose = "",
    };
    int64_t request = 0;
    if ((st = approval_submit_kind(ctx, &d, &request, err)))
        return st;
    st = minutes_store_write(ctx, interaction_id, body, request, err);
    if (st) { /* the minutes were not kept: the request goes too */
        struct kh_err e2;
        kh_err_clear(&e2);
        if (approval_decide(ctx, request, APPROVAL_WITHDRAW, "", 0, &e2))
            log_error(
                "msg=\"review request of unkept minutes not withdrawn\" request=%lld err=\"%s\"",
                (long long)request, e2.msg_en);
    }
    return st;
}

enum kh_status minutes_sent(const struct kh_ctx *ctx, int64_t interaction_id, struct kh_err *err)
{
    struct minutes m;
    enum kh_status st = own_minutes(ctx, interaction_id, &m, err);
    if (!st && strcmp(m.state, "approved"))
        st = wrong_state(err, "只有审阅通过的会谈纪要可以标记为已发送客户",
                         "only approved minutes are marked sent to the customer");
    return st ? st : minutes_store_mark(ctx, interaction_id, "sent", NULL, err);
}

enum kh_status minutes_confirmed(const struct kh_ctx *ctx, int64_t interaction_id, const char *note,
                                 struct kh_err *err)
{
    size_t len = note ? strlen(note) : 0;
    if (len && (!utf8_valid(note, len) || utf8_count(note, len) > 500))
        return kh_err_set(err, KH_E_VALIDATION, "note", "说明最多500字",
                          "the note is at most 500 characters");
    struct minutes m;
    enum kh_status st = own_minutes(ctx, interaction_id, &m, err);
    if (!st && strcmp(m.state, "sent"))
        st = wrong_state(err, "只有已发送客户的会谈纪要可以确认收到",
                         "only minutes sent to the customer are confirmed received");
    return st ? st : minutes_store_mark(ctx, interaction_id, "confirmed", note, err);
}

enum kh_status minutes_counts(const struct kh_ctx *ctx, int64_t from, struct minutes_count **out,
                              int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    int64_t dept = 0;
    enum kh_status st = check_overseer(ctx, &dept, err);
    return st ? st : minutes_store_counts(ctx, dept, from, out, count, err);
}

/* ---- the review: an approval kind ---- */

static enum kh_status review_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                   struct kh_err *err)
{
    int64_t id = 0;
    if (!followup_json_minutes_read(d->subject, &id))
        return kh_err_set(err, KH_E_VALIDATION, "subject", "会谈纪要无法读取",
                          "the minutes cannot be read");
    struct minutes m;
    enum kh_status st = minutes_get(ctx, id, &m, err);
    if (st)
        return st;
    if (m.author_id != ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "会谈纪要由会谈记录人提交",
                          "the minutes are submitted by the one who logged the meeting");
    struct customer_brief c;
    if ((st = customer_open(ctx, m.customer_id, false, &c, err)))
        return st;
    d->summary_zh = arena_printf(ctx->arena, "审阅会谈纪要：%s %s（跟进记录 #%lld）", c.code,
                                 c.name, (long long)id);
    d->summary_en = arena_printf(ctx->arena, "Review meeting minutes: %s %s (interaction #%lld)",
                                 c.code, c.name, (long long)id);
    d->secrecy = c.secrecy;
    return KH_OK;
}

static enum kh_status review_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                   const struct approval_request *r, struct kh_err *err)
{
    return minutes_store_approve_on(c, ctx, r->id, err);
}

/* The department manager reviews (seed 001: "经部门经理审阅"). */
static const struct approval_rule review_rules[] = {
    {.approver = "dept_head", .hours = 24},
    {0},
};

const struct approval_kind minutes_approval_review = {
    .name = "minutes.review",
    .label_zh = "会谈纪要审阅",
    .label_en = "Review of meeting minutes",
    .defaults = review_rules,
    .not_direct = true,
    .check = review_check,
    .apply = review_apply,
};

enum kh_status minutes_open_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t interaction_id,
                               int64_t customer_id, int64_t due_at, struct kh_err *err)
{
    struct task_input t = {.customer_id = customer_id,
                           .kind = "minutes",
                           .title = "编写会谈纪要 / write the meeting minutes",
                           .assignee_id = ctx->actor.user_id,
                           .start_at = ctx_now(ctx) < due_at ? ctx_now(ctx) : due_at,
                           .due_at = due_at};
    int64_t task = 0;
    const char *source = arena_printf(ctx->arena, "minutes:%lld", (long long)interaction_id);
    enum kh_status st = task_add_on(c, ctx, &t, source, &task, err);
    return st ? st : minutes_store_open_on(c, ctx, interaction_id, customer_id, due_at, task, err);
}
