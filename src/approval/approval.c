#include "approval/approval.h"

#include <stdio.h>
#include <string.h>

#include "app/holding.h"
#include "app/registry.h"
#include "approval/approval_json.h"
#include "approval/approval_store.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "jobs/jobs.h"
#include "settings/settings.h"
#include "core/utf8.h"

const struct kh_perm approval_perm_read = {"approval.read", "查看全部审批申请",
                                           "Read every approval request"};
const struct kh_perm approval_perm_rules = {"approval.rules", "设置审批流程",
                                            "Set who approves each kind of request"};
const struct kh_perm *const approval_perms[] = {&approval_perm_read, &approval_perm_rules, NULL};

const struct kh_audit_action approval_audit_actions[] = {
    {"approval.submit", "提交审批申请", "Submitted an approval request"},
    {"approval.approve", "审批通过", "Approved a step of a request"},
    {"approval.reject", "审批驳回", "Rejected a request"},
    {"approval.return", "退回修改", "Returned a request for changes"},
    {"approval.withdraw", "撤回审批申请", "Withdrew a request"},
    {"approval.resubmit", "重新提交审批申请", "Submitted a returned request again"},
    {"approval.rules", "修改审批流程", "Changed who approves a kind of request"},
    {"approval.handover", "离职交接审批步骤", "Passed a leaver's approval step to a successor"},
    {0},
};

#define TEXT_MAX 1000
#define RULES_MAX 10
#define HOURS_MAX 720

const struct approval_kind *approval_kind_find(const char *name)
{
    return name ? registry_approval_kind(name) : NULL;
}

/* ---- chains ---- */

static bool rule_applies(const struct approval_rule *r, int64_t amount, int secrecy)
{
    return amount >= r->min_amount && (r->max_amount <= 0 || amount < r->max_amount) &&
           secrecy >= r->min_secrecy;
}

enum kh_status approval_rules_get(const struct kh_ctx *ctx, const struct approval_kind *kind,
                                  struct approval_rule **out, int *count, bool *configured,
                                  struct kh_err *err)
{
    enum kh_status st = approval_store_rules(ctx, kind->name, out, count, err);
    if (st)
        return st;
    *configured = *count > 0;
    if (!*configured) {
        int n = 0;
        while (kind->defaults && kind->defaults[n].approver)
            n++;
        *out = (struct approval_rule *)kind->defaults;
        *count = n;
    }
    return KH_OK;
}

static enum kh_status no_one(const char *zh, const char *en, struct kh_err *err)
{
    return kh_err_set(err, KH_E_CONFLICT, "rules", zh, en);
}

/*
 * The chain of a request by the acting user: one step per rule that
 * applies. A department-head step is left out when the requester is that
 * head (nobody endorses their own request); a step nobody but the
 * requester could take refuses the request (it could never be decided).
 */
static enum kh_status resolve(const struct kh_ctx *ctx, const struct approval_kind *kind,
                              int64_t amount, int secrecy, struct approval_step **out, int *count,
                              struct kh_err *err)
{
    struct approval_rule *rules = NULL;
    int nrules = 0;
    bool configured = false;
    enum kh_status st = approval_rules_get(ctx, kind, &rules, &nrules, &configured, err);
    if (st)
        return st;
    struct approval_step *steps =
        arena_alloc(ctx->arena, sizeof(*steps) * (size_t)(nrules > 0 ? nrules : 1));
    int n = 0;
    for (int i = 0; i < nrules; i++) {
        const struct approval_rule *r = &rules[i];
        if (!rule_applies(r, amount, secrecy))
            continue;
        struct approval_step s = {.approver = r->approver, .role = "", .hours = r->hours};
        if (!strcmp(r->approver, "dept_head")) {
            int64_t head = 0;
            const char *name = "";
            if (ctx->actor.department_id &&
                (st = approval_store_dept_head(ctx, ctx->actor.department_id, &head, &name, err)))
                return st;
            if (head == ctx->actor.user_id)
                continue;
            if (!head)
                return no_one("此申请需要部门负责人审批，但您的部门没有设置负责人：请联系管理员",
                              "this request needs your department head's approval, but your "
                              "department has no head set: ask the administrator",
                              err);
            s.user_id = head;
            s.user_name = name;
        } else {
            bool exists = false, held = false;
            if ((st = approval_store_role_holders(ctx, r->role, ctx->actor.user_id, &exists, &held,
                                                  err)))
                return st;
            if (!held)
                return kh_err_setf(err, KH_E_CONFLICT, "rules",
                                   "此申请需要「%s」审批，但没有其他在职用户担任该角色",
                                   "this request needs the approval of role \"%s\", which no "
                                   "other active user holds",
                                   r->role, r->role);
            s.role = r->role;
        }
        steps[n++] = s;
    }
    if (n == 0)
        return no_one("没有适用于此申请的审批步骤：请管理员检查审批流程设置",
                      "no approval step applies to this request: ask the administrator to check "
                      "the approval rules",
                      err);
    *out = steps;
    *count = n;
    return KH_OK;
}

/* ---- submit ---- */

static bool text_ok(const char *s, size_t max_chars)
{
    return utf8_valid(s, strlen(s)) && utf8_count(s, strlen(s)) <= max_chars;
}

static enum kh_status check_texts(const struct kh_ctx *ctx, const char *reason, const char *purpose,
                                  struct kh_err *err)
{
    struct kh_err_fields list;
    kh_err_collect(err, &list);
    if (!reason || !str_trim(str_from(reason)).len)
        kh_err_add(err, "reason", "请填写申请理由", "a reason is required");
    else if (!text_ok(reason, TEXT_MAX))
        kh_err_add(err, "reason", "申请理由不能超过1000字，且须为有效文字",
                   "the reason: valid text of at most 1,000 characters");
    if (purpose && !text_ok(purpose, TEXT_MAX))
        kh_err_add(err, "purpose", "用途不能超过1000字，且须为有效文字",
                   "the purpose: valid text of at most 1,000 characters");
    kh_err_keep(err, ctx->arena);
    return err->code;
}

enum kh_status approval_submit_kind(const struct kh_ctx *ctx, struct approval_draft *d,
                                    int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "审批申请须由用户提出",
                          "an approval request is made by a person");
    enum kh_status st = check_texts(ctx, d->reason, d->purpose, err);
    if (st)
        return st;
    if (!d->subject)
        d->subject = "";
    if (*d->subject && !approval_json_is_object(d->subject))
        return kh_err_set(err, KH_E_VALIDATION, "subject", "申请对象格式不正确",
                          "subject must be a JSON object");
    if (d->amount < 0)
        return kh_err_set(err, KH_E_VALIDATION, "amount", "金额不能为负",
                          "amount must not be negative");
    if (d->kind->check && (st = d->kind->check(ctx, d, err)))
        return st;
    struct approval_step *steps = NULL;
    int n = 0;
    if ((st = resolve(ctx, d->kind, d->amount, d->secrecy, &steps, &n, err)))
        return st;
    struct approval_request r = {
        .kind = d->kind->name,
        .requester_id = ctx->actor.user_id,
        .department_id = ctx->actor.department_id,
        .subject = d->subject,
        .amount = d->amount,
        .secrecy = d->secrecy,
        .reason = d->reason,
        .purpose = d->purpose ? d->purpose : "",
        .created_at = ctx_now(ctx),
    };
    return approval_store_insert(ctx, &r, d->summary_zh ? d->summary_zh : "",
                                 d->summary_en ? d->summary_en : "", d->secret, steps, n, id_out,
                                 err);
}

enum kh_status approval_submit(const struct kh_ctx *ctx, const char *kind, const char *subject,
                               int64_t amount, const char *reason, const char *purpose,
                               int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    const struct approval_kind *k = approval_kind_find(kind);
    if (!k)
        return kh_err_set(err, KH_E_VALIDATION, "kind", "没有这种审批申请",
                          "no such kind of request");
    if (k->not_direct)
        return kh_err_set(err, KH_E_VALIDATION, "kind", "这种申请只能从相应的页面提出",
                          "this kind of request is made from its own page");
    struct approval_draft d = {
        .kind = k, .subject = subject, .amount = amount, .reason = reason, .purpose = purpose};
    return approval_submit_kind(ctx, &d, id_out, err);
}

/* ---- who may see and act ---- */

static bool step_is_mine(const struct kh_ctx *ctx, const struct approval_step *s)
{
    return (s->user_id && s->user_id == ctx->actor.user_id) ||
           (!s->user_id && s->role[0] && !strcmp(s->role, ctx->actor.role));
}

static bool decided_one(const struct kh_ctx *ctx, const struct approval_request *r)
{
    for (int i = 0; i < r->nsteps; i++)
        if (r->steps[i].decided_by == ctx->actor.user_id)
            return true;
    return false;
}

static bool may_see(const struct kh_ctx *ctx, const struct approval_request *r)
{
    if (r->requester_id == ctx->actor.user_id || ctx_can(ctx, &approval_perm_read))
        return true;
    for (int i = 0; i < r->nsteps; i++)
        if (step_is_mine(ctx, &r->steps[i]) || r->steps[i].decided_by == ctx->actor.user_id)
            return true;
    return false;
}

static bool may_decide(const struct kh_ctx *ctx, const struct approval_request *r)
{
    if (strcmp(r->state, "pending") != 0 || r->step < 1 || r->step > r->nsteps)
        return false;
    return ctx->actor.user_id && r->requester_id != ctx->actor.user_id &&
           step_is_mine(ctx, &r->steps[r->step - 1]) && !decided_one(ctx, r);
}

static bool open_state(const char *state)
{
    return !strcmp(state, "pending") || !strcmp(state, "returned");
}

enum kh_status approval_get(const struct kh_ctx *ctx, int64_t id, struct approval_request *out,
                            struct kh_err *err)
{
    enum kh_status st = approval_store_get(ctx, id, out, err);
    if (st)
        return st;
    if (!may_see(ctx, out))
        return kh_err_set(err, KH_E_NOT_FOUND, "", "审批申请不存在", "approval request not found");
    out->can_decide = may_decide(ctx, out);
    out->can_withdraw = out->requester_id == ctx->actor.user_id && open_state(out->state);
    return KH_OK;
}

enum kh_status approval_decide(const struct kh_ctx *ctx, int64_t id, enum approval_action action,
                               const char *comment, int64_t version, struct kh_err *err)
{
    if (comment && !text_ok(comment, TEXT_MAX))
        return kh_err_set(err, KH_E_VALIDATION, "comment", "意见不能超过1000字",
                          "the comment may have at most 1,000 characters");
    bool needs_comment = action == APPROVAL_REJECT || action == APPROVAL_RETURN;
    if (needs_comment && (!comment || !str_trim(str_from(comment)).len))
        return kh_err_set(err, KH_E_VALIDATION, "comment", "驳回或退回时请写明理由",
                          "say why when rejecting or returning a request");
    struct approval_request r;
    enum kh_status st = approval_get(ctx, id, &r, err);
    if (st)
        return st;
    if (version && version != r.version)
        return kh_err_set(err, KH_E_CONFLICT, "version", "该申请刚被他人处理，请刷新后再看",
                          "the request was just acted on by someone else; reload it");
    const struct approval_kind *kind = approval_kind_find(r.kind);
    if (!kind)
        return kh_err_setf(err, KH_E_INTERNAL, "", "未知的审批类型 %s", "unknown request kind %s",
                           r.kind, r.kind);
    if (action == APPROVAL_WITHDRAW) {
        if (r.requester_id != ctx->actor.user_id)
            return kh_err_set(err, KH_E_FORBIDDEN, "", "只有申请人可以撤回申请",
                              "only the requester may withdraw a request");
        if (!open_state(r.state))
            return kh_err_set(err, KH_E_CONFLICT, "state", "申请已经处理完毕，不能撤回",
                              "the request is already decided and cannot be withdrawn");
    } else {
        if (strcmp(r.state, "pending") != 0)
            return kh_err_set(err, KH_E_CONFLICT, "state", "该申请现在不等待审批",
                              "the request is not waiting for a decision");
        if (r.requester_id == ctx->actor.user_id)
            return kh_err_set(err, KH_E_FORBIDDEN, "", "不能审批自己的申请",
                              "you cannot decide your own request");
        if (decided_one(ctx, &r))
            return kh_err_set(err, KH_E_FORBIDDEN, "", "您已审批过此申请的一步，下一步须由他人审批",
                              "you decided a step of this request already: the next is someone "
                              "else's");
        if (!r.can_decide)
            return kh_err_set(err, KH_E_FORBIDDEN, "", "这一步不由您审批",
                              "this step is not yours to decide");
    }
    struct approval_decision d = {
        .r = &r,
        .kind = kind,
        .action = action,
        .comment = comment ? comment : "",
        .last = action == APPROVAL_APPROVE && r.step == r.nsteps,
    };
    return approval_store_decide(ctx, &d, err);
}

enum kh_status approval_resubmit(const struct kh_ctx *ctx, int64_t id, const char *reason,
                                 const char *purpose, struct kh_err *err)
{
    struct approval_request r;
    enum kh_status st = approval_get(ctx, id, &r, err);
    if (st)
        return st;
    if (r.requester_id != ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有申请人可以重新提交",
                          "only the requester may submit a request again");
    if (strcmp(r.state, "returned") != 0)
        return kh_err_set(err, KH_E_CONFLICT, "state", "只有退回的申请可以重新提交",
                          "only a returned request can be submitted again");
    const char *new_reason = reason ? reason : r.reason;
    const char *new_purpose = purpose ? purpose : r.purpose;
    if ((st = check_texts(ctx, new_reason, new_purpose, err)))
        return st;
    const struct approval_kind *kind = approval_kind_find(r.kind);
    if (!kind)
        return kh_err_setf(err, KH_E_INTERNAL, "", "未知的审批类型 %s", "unknown request kind %s",
                           r.kind, r.kind);
    struct approval_step *steps = NULL;
    int n = 0;
    if ((st = resolve(ctx, kind, r.amount, r.secrecy, &steps, &n, err)))
        return st;
    struct approval_decision d = {.r = &r,
                                  .kind = kind,
                                  .reason = new_reason,
                                  .purpose = new_purpose,
                                  .steps = steps,
                                  .nsteps = n,
                                  .comment = ""};
    return approval_store_resubmit(ctx, &d, err);
}

/* ---- lists ---- */

static const struct kh_choice box_choices[] = {
    {"mine", "我的申请", "My requests"},
    {"todo", "待我审批", "Waiting for me"},
    {"done", "我已审批", "Decided by me"},
    {"all", "全部申请", "All requests"},
    {0},
};

static const struct kh_choice state_choices[] = {
    {"pending", "审批中", "Pending"},     {"returned", "已退回", "Returned"},
    {"approved", "已通过", "Approved"},   {"rejected", "已驳回", "Rejected"},
    {"withdrawn", "已撤回", "Withdrawn"}, {0},
};

static const struct kh_choice *list_choices(int set, const char **name)
{
    *name = set == 0 ? "box" : "state";
    return set == 0 ? box_choices : state_choices;
}

static const struct list_field approval_fields[] = {
    {"box", LIST_CHOICE, LIST_OP_EQ, offsetof(struct approval_filter, box), .choice_set = 0,
     .index = "one statement per box (approval_store.c)"},
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct approval_filter, state), .choice_set = 1,
     .index = "checked on the way"},
    {"kind", LIST_TEXT, LIST_OP_EQ, offsetof(struct approval_filter, kind), .max = 64,
     .index = "checked on the way"},
    {0},
};

const struct list_spec approval_list_spec = {
    .name = "approvals", .fields = approval_fields, .choices = list_choices};

enum kh_status approval_list(const struct kh_ctx *ctx, const struct approval_filter *f,
                             const struct list_page *page, struct approval_request **out,
                             int *count, const char **next_cursor, struct list_total *total,
                             struct kh_err *err)
{
    enum approval_box box = APPROVAL_BOX_MINE;
    if (f->box && !strcmp(f->box, "todo"))
        box = APPROVAL_BOX_TODO;
    else if (f->box && !strcmp(f->box, "done"))
        box = APPROVAL_BOX_DONE;
    else if (f->box && !strcmp(f->box, "all"))
        box = APPROVAL_BOX_ALL;
    if (box == APPROVAL_BOX_ALL && !ctx_can(ctx, &approval_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "box", "没有查看全部审批申请的权限",
                          "not allowed to read every approval request");
    if (f->kind && !approval_kind_find(f->kind))
        return kh_err_set(err, KH_E_INVALID, "kind", "没有这种审批申请", "no such kind of request");
    return approval_store_list(ctx, box, f, page, out, count, next_cursor,
                               page->total && !page->cursor ? total : NULL, err);
}

/* ---- rules ---- */

enum kh_status approval_rules_put(const struct kh_ctx *ctx, const struct approval_kind *kind,
                                  const struct approval_rule *rules, int n, struct kh_err *err)
{
    if (!ctx_can(ctx, &approval_perm_rules))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有设置审批流程的权限",
                          "not allowed to set approval rules");
    if (n > RULES_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "rules", "审批步骤最多10步",
                          "at most 10 approval rules");
    struct buf detail;
    buf_init(&detail, 1024);
    buf_printf(&detail, "%s:", kind->name);
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        const struct approval_rule *r = &rules[i];
        char field[48];
        bool role = r->approver && !strcmp(r->approver, "role");
        if (!r->approver || (!role && strcmp(r->approver, "dept_head") != 0)) {
            snprintf(field, sizeof(field), "rules[%d].approver", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "审批人须为角色或部门负责人",
                            "the approver is a role or the department head");
        } else if (role) {
            bool exists = false, held = false;
            snprintf(field, sizeof(field), "rules[%d].role", i);
            if (!r->role || !*r->role)
                st = kh_err_set(err, KH_E_VALIDATION, field, "请选择审批的角色",
                                "choose the role that approves");
            else if (!(st = approval_store_role_holders(ctx, r->role, 0, &exists, &held, err)) &&
                     !exists)
                st = kh_err_set(err, KH_E_VALIDATION, field, "没有这个角色", "no such role");
        }
        if (!st && (r->min_amount < 0 || r->max_amount < 0 ||
                    (r->max_amount > 0 && r->max_amount <= r->min_amount))) {
            snprintf(field, sizeof(field), "rules[%d].max_amount", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "金额范围不正确：上限须大于下限",
                            "the amount range is wrong: the upper bound must be above the lower");
        }
        if (!st && (r->min_secrecy < 0 || r->min_secrecy > 2)) {
            snprintf(field, sizeof(field), "rules[%d].min_secrecy", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "密级须为0（普通）、1（机密）或2（绝密）",
                            "secrecy is 0 (normal), 1 (confidential) or 2 (top secret)");
        }
        if (!st && (r->hours < 1 || r->hours > HOURS_MAX)) {
            snprintf(field, sizeof(field), "rules[%d].hours", i);
            st = kh_err_set(err, KH_E_VALIDATION, field, "审批时限为1到720小时",
                            "the time to decide is 1 to 720 hours");
        }
        if (!st)
            buf_printf(&detail, " %d:%s%s%s", i + 1, r->approver, role ? "=" : "",
                       role ? r->role : "");
    }
    if (!st)
        st = approval_store_rules_put(ctx, kind->name, rules, n, buf_cstr(&detail), err);
    buf_release(&detail);
    return st;
}

/* ---- reminders (a periodic task) ---- */

/* How often the approvers of a step past its time are reminded again (settings_int). */
const struct kh_setting approval_setting_remind_hours = {
    "approval_remind_hours",
    24,
    1,
    168,
    "小时",
    "hours",
    "超时审批的提醒间隔",
    "Remind approvers of an overdue step every"};
const struct kh_setting *const approval_settings[] = {&approval_setting_remind_hours, NULL};

/* Seconds between two reminders of one step. */
static enum kh_status remind_every(const struct kh_ctx *ctx, int64_t *seconds, struct kh_err *err)
{
    int64_t hours = 24;
    enum kh_status st = settings_int(ctx, &approval_setting_remind_hours, &hours, err);
    *seconds = hours * 3600;
    return st;
}

static enum kh_status remind_run(struct job_run *run, struct kh_err *err)
{
    int n = 0;
    int64_t every = 0;
    enum kh_status st = remind_every(&run->ctx, &every, err);
    if (!st)
        st = approval_store_remind(&run->ctx, ctx_now(&run->ctx), every, &n, err);
    if (st)
        return st;
    char summary[64];
    snprintf(summary, sizeof(summary), "{\"reminded\":%d}", n);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

const struct job_kind approval_remind_kind = {"approval.remind", "审批提醒", "Approval reminders",
                                              remind_run, 3};

/* Hourly, and only when a step waits past its time (no job queued for nothing). */
static bool remind_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    if (!job_hourly_due(now, 10, 3600, period, cap))
        return false;
    bool any = false;
    int64_t every = 0;
    struct kh_err err;
    return !remind_every(ctx, &every, &err) &&
           !approval_store_overdue(ctx, now, every, &any, &err) && any;
}

const struct job_task approval_remind_task = {"approval.remind", "提醒审批人", "Remind approvers",
                                              &approval_remind_kind, remind_due};

/* ---- the inbox ---- */

/* A notification's text in both languages, from its kind, the request's kind and who acted. */
static void render(const struct kh_ctx *ctx, struct notification *n)
{
    if (n->text_zh && *n->text_zh)
        return; /* written with its text */
    const struct approval_kind *k = approval_kind_find(n->request_kind);
    const char *zh = k ? k->label_zh : n->request_kind;
    const char *en = k ? k->label_en : n->request_kind;
    const char *by = n->by_name;
    struct arena *a = ctx->arena;
    if (!strcmp(n->kind, "approval.todo")) {
        n->text_zh = arena_printf(a, "%s 提交的「%s」等待您审批", by, zh);
        n->text_en = arena_printf(a, "%s asks for your approval: %s", by, en);
    } else if (!strcmp(n->kind, "approval.approved")) {
        n->text_zh = arena_printf(a, "您的「%s」已由 %s 审批通过", zh, by);
        n->text_en = arena_printf(a, "Your request \"%s\" was approved by %s", en, by);
    } else if (!strcmp(n->kind, "approval.rejected")) {
        n->text_zh = arena_printf(a, "您的「%s」被 %s 驳回", zh, by);
        n->text_en = arena_printf(a, "Your request \"%s\" was rejected by %s", en, by);
    } else if (!strcmp(n->kind, "approval.returned")) {
        n->text_zh = arena_printf(a, "您的「%s」被 %s 退回修改", zh, by);
        n->text_en = arena_printf(a, "Your request \"%s\" was returned for changes by %s", en, by);
    } else if (!strcmp(n->kind, "approval.withdrawn")) {
        n->text_zh = arena_printf(a, "%s 撤回了「%s」", by, zh);
        n->text_en = arena_printf(a, "%s withdrew the request \"%s\"", by, en);
    } else if (!strcmp(n->kind, "approval.reminder")) {
        n->text_zh = arena_printf(a, "「%s」等待您审批，已超过时限", zh);
        n->text_en = arena_printf(a, "\"%s\" is waiting for your decision, past its time", en);
    } else {
        n->text_zh = n->text_en = n->kind;
    }
}

static const struct list_field notification_fields[] = {
    {"unread", LIST_BOOL, LIST_OP_EQ, offsetof(struct notification_filter, unread),
     .index = "notifications_unread"},
    {0},
};

const struct list_spec notification_list_spec = {.name = "notifications",
                                                 .fields = notification_fields};

enum kh_status notification_list(const struct kh_ctx *ctx, bool unread_only,
                                 const struct list_page *page, struct notification **out,
                                 int *count, int64_t *unread, const char **next_cursor,
                                 struct kh_err *err)
{
    enum kh_status st =
        approval_store_notifications(ctx, unread_only, page, out, count, next_cursor, err);
    if (!st)
        st = approval_store_unread(ctx, unread, err);
    for (int i = 0; !st && i < *count; i++)
        render(ctx, &(*out)[i]);
    return st;
}

enum kh_status notification_after_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t after,
                                     int limit, struct notification **out, int *count,
                                     struct kh_err *err)
{
    enum kh_status st =
        approval_store_notifications_after(c, ctx->arena, after, limit, out, count, err);
    for (int i = 0; !st && i < *count; i++)
        render(ctx, &(*out)[i]);
    return st;
}

enum kh_status notification_last_on(struct db_conn *c, int64_t *id, struct kh_err *err)
{
    return approval_store_notification_last(c, id, err);
}

enum kh_status notification_unread(const struct kh_ctx *ctx, int64_t *unread, struct kh_err *err)
{
    return approval_store_unread(ctx, unread, err);
}

enum kh_status notification_read(const struct kh_ctx *ctx, int64_t id, int64_t up_to,
                                 struct kh_err *err)
{
    if (id < 0 || up_to < 0 || (!id && !up_to))
        return kh_err_set(err, KH_E_VALIDATION, "up_to", "请给出要标为已读的通知",
                          "give the notification to mark read (id, or up_to for all up to it)");
    return approval_store_read(ctx, id, up_to, err);
}

/* ---- departure handover (R-SEC-8) ---- */

static enum kh_status held(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                           struct kh_err *err)
{
    return approval_store_held_count(ctx, user_id, n, err);
}

/* A leaver's open requests are withdrawn; the steps they were to decide pass to the successor. */
const struct holding_kind approval_holding = {
    .name = "approvals",
    .label_zh = "未结的审批申请和待办审批",
    .label_en = "Open requests and approvals to decide",
    .count = held,
    .hand_over = approval_store_hand_over_on,
};
