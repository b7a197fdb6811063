#include "followup/callback.h"

#include <string.h>

#include "account/account.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/callback_store.h"
#include "followup/rule.h"
#include "followup/task.h"
#include "followup/task_store.h"

const struct kh_choice callback_methods[] = {
    {"random", "随机抽样", "Random sample"},
    {"rarely_contacted", "联系较少", "Rarely contacted"},
    {"low_satisfaction", "满意度低", "Low satisfaction"},
    {"needs_service", "需要进一步服务", "Needs further service"},
    {0},
};

#define CALLBACK_MAX_ASSIGNEES 50

static enum kh_status must_assign(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &task_perm_assign)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "没有制作回访名单的权限",
                            "not allowed to make callback lists");
}

#define CALLBACK_SINCE_DAYS 90
#define CALLBACK_MAX_SATISFACTION 2

static bool uses_days(const char *method)
{
    return !strcmp(method, "rarely_contacted") || !strcmp(method, "low_satisfaction");
}

static enum kh_status check_method(const char *method, int since_days, int max_satisfaction,
                                   struct kh_err *err)
{
    if (!method || !kh_choice_has(callback_methods, method))
        return kh_err_set(err, KH_E_VALIDATION, "method",
                          "抽取方法为：随机抽样、联系较少、满意度低或需要进一步服务",
                          "method is random, rarely_contacted, low_satisfaction or needs_service");
    if (uses_days(method) && (since_days < 7 || since_days > 3650))
        return kh_err_set(err, KH_E_VALIDATION, "since_days", "天数应在 7 到 3650 之间",
                          "since_days is 7 to 3650");
    if (!strcmp(method, "low_satisfaction") && (max_satisfaction < 1 || max_satisfaction > 4))
        return kh_err_set(err, KH_E_VALIDATION, "max_satisfaction",
                          "满意度上限应在 1 到 4 之间（5 为很满意）",
                          "max_satisfaction is 1 to 4 (5 is very satisfied)");
    return KH_OK;
}

/* What the method asks of the customers' interactions. */
static struct customer_sample_by sample_by(const struct kh_ctx *ctx, const struct callback_draw *x)
{
    struct customer_sample_by by = {0};
    int64_t since = ctx_now(ctx) - x->since_days * 86400LL;
    if (!strcmp(x->method, "rarely_contacted"))
        by.not_since = since;
    else if (!strcmp(x->method, "low_satisfaction"))
        by = (struct customer_sample_by){.max_satisfaction = x->max_satisfaction,
                                         .rated_since = since};
    else if (!strcmp(x->method, "needs_service"))
        by.needs_service = true;
    return by;
}

enum kh_status callback_preview(const struct kh_ctx *ctx, const struct callback_draw *d,
                                struct callback_pick **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct callback_draw x = *d;
    if (!x.since_days && x.method && uses_days(x.method))
        x.since_days = CALLBACK_SINCE_DAYS;
    if (!x.max_satisfaction)
        x.max_satisfaction = CALLBACK_MAX_SATISFACTION;
    enum kh_status st = must_assign(ctx, err);
    if (!st)
        st = check_method(x.method, x.since_days, x.max_satisfaction, err);
    int64_t *ids = NULL;
    int n = 0;
    if (!st) {
        struct customer_sample_by by = sample_by(ctx, &x);
        st = customer_sample(ctx, x.filter, x.size, &by, &ids, &n, err);
    }
    if (st)
        return st;
    struct callback_pick *picks = arena_alloc(ctx->arena, sizeof(*picks) * (size_t)(n ? n : 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        struct customer_brief c;
        st = customer_open(ctx, ids[i], true, &c, err);
        if (st == KH_E_NOT_FOUND)
            continue; /* changed since it was drawn */
        if (st)
            return st;
        picks[k++] = (struct callback_pick){c.id, c.code, c.name, c.owner_id, c.owner_name};
    }
    *out = picks;
    *count = k;
    return KH_OK;
}

static enum kh_status check_input(const struct kh_ctx *ctx, const struct callback_input *in,
                                  struct kh_err *err)
{
    if (in->ncustomers < 1 || in->ncustomers > CUSTOMER_SAMPLE_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "customer_ids", "请选择 1 到 500 位客户",
                          "choose 1 to 500 customers");
    if (!utf8_text_ok(in->title, TASK_TITLE_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "title", "请填写回访名单的标题（200字以内）",
                          "give the list a title (at most 200 characters)");
    if (!kh_choice_has(followup_purposes, in->purpose))
        return kh_err_set(err, KH_E_VALIDATION, "purpose",
                          "请选择回访目的：解释、宣传、情感、调解、提议或指导",
                          "purpose is explanation, promotion, emotional, mediation, advice or "
                          "guidance");
    if (in->channel && *in->channel && !task_channel_valid(in->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel", "联络方式无效",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    if (in->due_at <= ctx_now(ctx))
        return kh_err_set(err, KH_E_VALIDATION, "due_at", "完成期限须晚于现在",
                          "the due time must be in the future");
    if (in->nassignees > CALLBACK_MAX_ASSIGNEES)
        return kh_err_set(err, KH_E_VALIDATION, "assignee_ids", "最多分给50人",
                          "at most 50 people");
    for (int i = 0; i < in->nassignees; i++) {
        struct user u;
        enum kh_status st = account_user_get(ctx, in->assignee_ids[i], &u, err);
        if (st == KH_E_NOT_FOUND || (!st && !u.active))
            return kh_err_setf(err, KH_E_VALIDATION, "assignee_ids", "用户 %lld 不存在或已停用",
                               "user %lld does not exist or is not active",
                               (long long)in->assignee_ids[i], (long long)in->assignee_ids[i]);
        if (st)
            return st;
    }
    return in->method && *in->method
               ? check_method(in->method, in->since_days ? in->since_days : CALLBACK_SINCE_DAYS,
                              CALLBACK_MAX_SATISFACTION, err)
               : KH_OK;
}

enum kh_status callback_create(const struct kh_ctx *ctx, const struct callback_input *in,
                               int64_t *id, struct callback_share **shares, int *nshares,
                               struct kh_err *err)
{
    *id = 0;
    *shares = NULL;
    *nshares = 0;
    enum kh_status st = must_assign(ctx, err);
    if (!st)
        st = check_input(ctx, in, err);
    if (st)
        return st;
    int na = in->nassignees;
    int64_t *load = arena_alloc(ctx->arena, sizeof(*load) * (size_t)(na + 1));
    if (na && (st = task_store_open_counts(ctx, in->assignee_ids, na, load, err)))
        return st;
    struct callback_share *sh = arena_alloc(ctx->arena, sizeof(*sh) * (size_t)(na + 1));
    for (int i = 0; i < na; i++)
        sh[i] = (struct callback_share){in->assignee_ids[i], "", 0};
    sh[na] = (struct callback_share){0, "", 0}; /* the customers' owners */
    struct task_input *tasks = arena_alloc(ctx->arena, sizeof(*tasks) * (size_t)in->ncustomers);
    int nt = 0;
    for (int i = 0; i < in->ncustomers; i++) {
        bool again = false; /* named twice: one task */
        for (int k = 0; k < i && !again; k++)
            again = in->customer_ids[k] == in->customer_ids[i];
        if (again)
            continue;
        struct customer_brief c;
        if ((st = customer_open(ctx, in->customer_ids[i], true, &c, err))) {
            if (st == KH_E_NOT_FOUND)
                return kh_err_setf(err, KH_E_VALIDATION, "customer_ids",
                                   "客户 %lld 不存在或您无权查看",
                                   "customer %lld does not exist or is not yours to see",
                                   (long long)in->customer_ids[i], (long long)in->customer_ids[i]);
            return st;
        }
        int best = -1; /* the least loaded member who sees it */
        for (int a = 0; a < na; a++) {
            bool sees = false;
            if ((st = customer_user_sees(ctx, &c, in->assignee_ids[a], &sees, err)))
                return st;
            if (sees && (best < 0 || load[a] < load[best]))
                best = a;
        }
        if (best < 0 && !c.owner_id)
            return kh_err_setf(
                err, KH_E_VALIDATION, "assignee_ids", "客户 %s 没有负责人，所选人员也都看不到它",
                "customer %s has no owner and none of the people chosen sees it", c.code, c.code);
        tasks[nt++] =
            (struct task_input){.customer_id = c.id,
                                .kind = "callback",
                                .title = in->title,
                                .purpose = in->purpose,
                                .channel = in->channel && *in->channel ? in->channel : "call",
                                .assignee_id = best < 0 ? 0 : in->assignee_ids[best],
                                .start_at = ctx_now(ctx),
                                .due_at = in->due_at};
        if (best >= 0)
            load[best]++;
        sh[best < 0 ? na : best].tasks++;
    }
    int n = 0;
    for (int i = 0; i <= na; i++) {
        if (!sh[i].tasks)
            continue;
        struct user u;
        if (sh[i].user_id && !account_user_get(ctx, sh[i].user_id, &u, err))
            sh[i].name = u.display_name;
        sh[n++] = sh[i];
    }
    if ((st = callback_store_create(ctx, in, tasks, nt, sh, n, id, err)))
        return st;
    *shares = sh;
    *nshares = n;
    return KH_OK;
}

enum kh_status callback_lists(const struct kh_ctx *ctx, struct callback_list **out, int *count,
                              struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    enum kh_status st = must_assign(ctx, err);
    return st ? st : callback_store_lists(ctx, out, count, err);
}
