#include "followup/visit.h"

#include <string.h>

#include "approval/approval.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/interaction.h"
#include "followup/task.h"
#include "followup/followup_json.h"
#include "followup/visit_store.h"

#define KIND "visit.plan"

/* At submission, as the requester: their customer, an objective, a time to come. */
static enum kh_status plan_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                 struct kh_err *err)
{
    int64_t customer_id = 0, planned_at = 0;
    const char *objective = NULL;
    if (!followup_json_visit_read(ctx->arena, d->subject, &customer_id, &objective, &planned_at))
        return kh_err_set(err, KH_E_VALIDATION, "subject", "走访单内容不完整",
                          "the plan needs customer_id, objective and planned_at");
    if (!ctx_can(ctx, &interaction_perm_log))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有记录跟进的权限",
                          "not allowed to plan visits");
    if (customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择客户", "choose the customer");
    if (!utf8_text_ok(objective, 500, true))
        return kh_err_set(err, KH_E_VALIDATION, "objective", "请填写走访目的（500字以内）",
                          "give the visit's objective (at most 500 characters)");
    if (planned_at <= ctx_now(ctx))
        return kh_err_set(err, KH_E_VALIDATION, "planned_at", "走访时间须晚于现在",
                          "the visit must be planned for a time to come");
    struct customer_brief c;
    enum kh_status st = customer_open(ctx, customer_id, true, &c, err);
    if (st)
        return st;
    char when[32];
    time_format_iso(ctx_tz(ctx), planned_at, when, sizeof(when));
    when[16] = '\0'; /* to the minute */
    when[10] = ' ';
    d->summary_zh =
        arena_printf(ctx->arena, "走访 %s %s（%s）：%s", c.code, c.name, when, objective);
    d->summary_en =
        arena_printf(ctx->arena, "Visit %s %s (%s): %s", c.code, c.name, when, objective);
    d->secrecy = c.secrecy;
    return KH_OK;
}

/* The last approval: the plan kept, the visit a task of the requester. */
static enum kh_status plan_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                 const struct approval_request *r, struct kh_err *err)
{
    int64_t customer_id = 0, planned_at = 0;
    const char *objective = NULL;
    if (!followup_json_visit_read(ctx->arena, r->subject, &customer_id, &objective, &planned_at))
        return kh_err_set(err, KH_E_INTERNAL, "", "走访单内容无法读取",
                          "the plan's subject cannot be read");
    struct task_input t = {.customer_id = customer_id,
                           .kind = "visit",
                           .title = arena_printf(ctx->arena, "走访：%s", objective),
                           .channel = "visit",
                           .assignee_id = r->requester_id,
                           .start_at = ctx_now(ctx) < planned_at ? ctx_now(ctx) : planned_at,
                           .due_at = planned_at};
    if (utf8_count(t.title, strlen(t.title)) > TASK_TITLE_MAX)
        t.title = "走访客户";
    int64_t task = 0;
    const char *source = arena_printf(ctx->arena, "visit:%lld", (long long)r->id);
    enum kh_status st = task_add_on(c, ctx, &t, source, &task, err);
    return st ? st
              : visit_store_insert_on(c, r->id, customer_id, r->requester_id, objective, planned_at,
                                      task, err);
}

/* The branch manager: the requester's department head. */
static const struct approval_rule plan_rules[] = {
    {.approver = "dept_head", .hours = 24},
    {0},
};

const struct approval_kind visit_approval_plan = {
    .name = KIND,
    .label_zh = "客户走访单",
    .label_en = "Visit plan",
    .defaults = plan_rules,
    .not_direct = true,
    .check = plan_check,
    .apply = plan_apply,
};

enum kh_status visit_plan_file(const struct kh_ctx *ctx, int64_t customer_id, const char *objective,
                               int64_t planned_at, const char *reason, int64_t *id,
                               struct kh_err *err)
{
    *id = 0;
    struct approval_draft d = {
        .kind = &visit_approval_plan,
        .subject = followup_json_visit(ctx->arena, customer_id, objective, planned_at),
        .reason = reason && *reason ? reason : "拜访客户 / a customer visit",
        .purpose = objective ? objective : "",
    };
    return approval_submit_kind(ctx, &d, id, err);
}

enum kh_status visit_plan_list(const struct kh_ctx *ctx, int64_t customer_id,
                               struct visit_plan **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (customer_id) {
        struct customer_brief c;
        enum kh_status st = customer_open(ctx, customer_id, false, &c, err);
        if (st)
            return st;
    }
    return visit_store_list(ctx, customer_id ? 0 : ctx->actor.user_id, customer_id, 0, out, count,
                            err);
}

enum kh_status visit_plan_get(const struct kh_ctx *ctx, int64_t id, struct visit_plan *out,
                              struct kh_err *err)
{
    struct visit_plan *items = NULL;
    int n = 0;
    enum kh_status st = visit_store_list(ctx, 0, 0, id, &items, &n, err);
    if (st)
        return st;
    struct customer_brief c;
    if (n && (items[0].requester_id == ctx->actor.user_id ||
              !customer_open(ctx, items[0].customer_id, false, &c, err))) {
        *out = items[0];
        return KH_OK;
    }
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这份走访单，或您无权查看",
                      "no such visit plan, or not yours to see");
}

enum kh_status visit_plan_close(const struct kh_ctx *ctx, int64_t id,
                                const struct interaction_input *in, int64_t *interaction_id,
                                struct kh_err *err)
{
    *interaction_id = 0;
    struct visit_plan p;
    enum kh_status st = visit_plan_get(ctx, id, &p, err);
    if (st)
        return st;
    if (p.requester_id != ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "走访单由提交人结案",
                          "the plan is closed by the one who filed it");
    if (strcmp(p.state, "approved"))
        return kh_err_set(err, KH_E_CONFLICT, "state", "只有已批准、未结案的走访单可以结案",
                          "only an approved plan not closed yet can be closed");
    struct interaction_input x = *in;
    x.customer_id = p.customer_id;
    x.channel = "visit";
    struct task t;
    x.task_id = p.task_id && !task_get(ctx, p.task_id, &t, err) && !strcmp(t.state, "open")
                    ? p.task_id
                    : 0; /* done or skipped by hand meanwhile: the plan closes all the same */
    x.visit_plan_id = p.id;
    int64_t task = 0, done = 0;
    return interaction_log(ctx, &x, interaction_id, &task, &done, err);
}
