/* Contracts: checks, rights, submission through the approvals engine, expiry reminders. */
#include "app/field.h"
#include "contract/contract.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/customer_ref.h"
#include "app/registry.h"
#include "approval/approval.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/cursor.h"
#include "core/log.h"
#include "core/str.h"
#include "core/utf8.h"
#include "contract/contract_store.h"
#include "customer/customer.h"
#include "documents/documents.h"
#include "jobs/jobs.h"
#include "order/order.h"
#include "settings/settings.h"

const struct kh_perm contract_perm_read = {"contract.read", "查看合同", "Read contracts"};
const struct kh_perm contract_perm_manage = {"contract.manage", "管理合同",
                                             "Make, submit, terminate and renew contracts"};

const struct kh_setting contract_setting_approval_fen = {
    "contract_approval_fen",
    10000000,
    0,
    1000000000000LL,
    "分",
    "fen",
    "合同金额达到多少（分）须经审批",
    "Contract amount (fen) from which signing needs approval"};
const struct kh_setting contract_setting_expiry_days = {
    "contract_expiry_days",
    30,
    1,
    365,
    "天",
    "days",
    "合同到期前几天提醒负责人",
    "Days before a contract ends that its owner is reminded"};

static const struct kh_choice contract_kinds[] = {
    {"supply", "供货合同", "Supply contract"},
    {"quality", "质量保证协议", "Quality-assurance agreement"},
    {"service", "维修服务合同", "Maintenance/service contract"},
    {0},
};

static const struct kh_choice contract_states[] = {
    {"draft", "草稿", "Draft"},
    {"pending", "审批中", "Awaiting approval"},
    {"returned", "已退回", "Returned"},
    {"active", "生效", "Active"},
    {"expired", "已到期", "Expired"},
    {"terminated", "已终止", "Terminated"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice *contract_choices(int set, const char **name)
{
    *name = set ? "kinds" : "states";
    return set ? contract_kinds : contract_states;
}

static const struct list_field contract_fields[] = {
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct contract_filter, state), .choice_set = 0,
     .index = "contracts_ends (state, ends_on, id)"},
    {"kind", LIST_CHOICE, LIST_OP_EQ, offsetof(struct contract_filter, kind), .choice_set = 1,
     .index = "checked on each row of the walk"},
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct contract_filter, customer_id),
     .index = "contracts_customer (customer_id, ends_on, id)"},
    {"owner_id", LIST_ID, LIST_OP_EQ, offsetof(struct contract_filter, owner_id),
     .index = "checked on each row of the walk"},
    {"q", LIST_TEXT, LIST_OP_MATCH, offsetof(struct contract_filter, q), .max = 100,
     .index = "checked on each row of the walk"},
    {"expiring_within", LIST_INT, LIST_OP_EQ, offsetof(struct contract_filter, expiring_within),
     .min = 1, .max = 3650, .index = "contracts_ends (state, ends_on, id)"},
    {0},
};

const struct list_spec contract_list_spec = {
    .name = "contracts", .fields = contract_fields, .choices = contract_choices};

const char *contract_state(const struct contract *k, const char *today)
{
    if (!strcmp(k->stored_state, "terminated"))
        return "terminated";
    if (!strcmp(k->stored_state, "active"))
        return strcmp(k->ends_on, today) < 0 ? "expired" : "active";
    if (!strcmp(k->stored_state, "pending")) {
        if (!k->approval_id || !strcmp(k->approval_state, "pending"))
            return "pending";
        if (!strcmp(k->approval_state, "returned"))
            return "returned";
    }
    return "draft";
}

/* A date n days after date (YYYY-MM-DD) into out. */
static void day_plus(const struct kh_ctx *ctx, const char *date, int64_t n, char out[16])
{
    int64_t t = 0;
    if (!time_parse_iso(ctx_tz(ctx), date, &t))
        t = ctx_now(ctx);
    time_format_date(ctx_tz(ctx), t + n * 86400 + 12 * 3600, out, 16);
}

static int64_t days_between(const char *from, const char *to)
{
    int y, m, d, y2, m2, d2;
    if (sscanf(from, "%d-%d-%d", &y, &m, &d) != 3 || sscanf(to, "%d-%d-%d", &y2, &m2, &d2) != 3)
        return 0;
    return days_from_civil(y2, (unsigned)m2, (unsigned)d2) -
           days_from_civil(y, (unsigned)m, (unsigned)d);
}

int64_t contract_days_left(const struct contract *k, const char *today)
{
    return strcmp(contract_state(k, today), "active") ? -1 : days_between(today, k->ends_on);
}

static enum kh_status not_found(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这份合同，或您无权查看",
                      "no such contract, or not yours to see");
}

static enum kh_status need(const struct kh_ctx *ctx, const struct kh_perm *p, struct kh_err *err)
{
    if (ctx_can(ctx, p) && ctx->actor.user_id)
        return KH_OK;
    return p == &contract_perm_read ? kh_err_set(err, KH_E_FORBIDDEN, "", "需要查看合同的权限",
                                                 "reading contracts is needed")
                                    : kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理合同的权限",
                                                 "working on contracts is needed");
}

static enum kh_status date_field(struct arena *a, const char *in, const char *field, bool required,
                                 const char **out, struct kh_err *err)
{
    if (!in && !required)
        return KH_OK;
    const char *t = field_trim(a, in ? in : "");
    if ((*t || required) && !date_valid(t))
        return kh_err_set(err, KH_E_VALIDATION, field, "日期格式为 YYYY-MM-DD，且须是有效日期",
                          "a date is YYYY-MM-DD and must exist");
    *out = t;
    return KH_OK;
}

/* The contract as in makes it from k (a new one: k preset). */
static enum kh_status apply_input(const struct kh_ctx *ctx, const struct contract_input *in,
                                  bool created, struct contract *k, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    enum kh_status st;
    if (in->kind || created) {
        if (!in->kind || !kh_choice_has(contract_kinds, in->kind))
            return kh_err_set(err, KH_E_VALIDATION, "kind",
                              "合同类型为供货（supply）、质量保证（quality）或维修服务（service）",
                              "the kind is supply, quality or service");
        k->kind = in->kind;
    }
    if ((st = field_text(a, in->title, "title", CONTRACT_TITLE_MAX, created || in->title,
                         "请填写合同名称", "give the contract's title", &k->title, err)) ||
        (st = field_text(a, in->our_party, "our_party", CONTRACT_PARTY_MAX, false, "我方签约单位",
                         "our signing company", &k->our_party, err)) ||
        (st = field_text(a, in->signatory, "signatory", CONTRACT_PARTY_MAX, false, "对方签约人",
                         "the customer's signatory", &k->signatory, err)) ||
        (st = field_text(a, in->notes, "notes", CONTRACT_NOTES_MAX, false, "备注", "the notes",
                         &k->notes, err)) ||
        (st = date_field(a, in->starts_on, "starts_on", created, &k->starts_on, err)) ||
        (st = date_field(a, in->ends_on, "ends_on", created, &k->ends_on, err)) ||
        (st = date_field(a, in->signed_on, "signed_on", false, &k->signed_on, err)))
        return st;
    if (strcmp(k->ends_on, k->starts_on) <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "ends_on", "结束日期须晚于开始日期",
                          "the contract ends after it starts");
    const char *today = ctx_today(ctx);
    if (*k->signed_on && strcmp(k->signed_on, today) > 0)
        return kh_err_set(err, KH_E_VALIDATION, "signed_on", "签订日期不能晚于今天",
                          "it cannot have been signed after today");
    if (in->amount_fen != -1) {
        if (in->amount_fen < 0 || in->amount_fen > CONTRACT_AMOUNT_MAX)
            return kh_err_set(err, KH_E_VALIDATION, "amount_fen",
                              "合同金额（分）须为 0 到 1000000000000 的整数",
                              "amount_fen is a whole number of fen from 0 to 1000000000000");
        k->amount_fen = in->amount_fen;
    }
    if (in->order_id != -1) {
        if (in->order_id) {
            struct order o;
            st = in->order_id > 0 ? order_get(ctx, in->order_id, &o, err) : KH_E_NOT_FOUND;
            if (st == KH_E_NOT_FOUND || st == KH_E_FORBIDDEN ||
                (!st && o.customer_id != k->customer_id))
                return kh_err_set(err, KH_E_VALIDATION, "order_id", "没有这位客户的这个订单",
                                  "no such order of this customer");
            if (st)
                return st;
        }
        k->order_id = in->order_id;
    }
    return KH_OK;
}

static const char *detail_of(struct arena *a, const struct contract *k, const char *extra)
{
    return arena_printf(a, "%scustomer=%lld kind=%s amount_fen=%lld period=%s..%s", extra,
                        (long long)k->customer_id, k->kind, (long long)k->amount_fen, k->starts_on,
                        k->ends_on);
}

enum kh_status contract_create(const struct kh_ctx *ctx, const struct contract_input *in,
                               int64_t *id, struct kh_err *err)
{
    *id = 0;
    enum kh_status st = need(ctx, &contract_perm_manage, err);
    if (st)
        return st;
    if (in->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择客户",
                          "say which customer (customer_id)");
    struct customer_brief c;
    if ((st = customer_open(ctx, in->customer_id, true, &c, err)))
        return st == KH_E_NOT_FOUND ? kh_err_set(err, KH_E_VALIDATION, "customer_id",
                                                 "没有这位客户，或您不能为其签订合同",
                                                 "no such customer, or not yours to work on")
                                    : st;
    struct contract k = {.customer_id = c.id,
                         .owner_id = c.owner_id ? c.owner_id : ctx->actor.user_id,
                         .kind = "",
                         .title = "",
                         .starts_on = "",
                         .ends_on = "",
                         .signed_on = "",
                         .our_party = "",
                         .signatory = "",
                         .notes = "",
                         .stored_state = "draft",
                         .terminate_reason = ""};
    if ((st = apply_input(ctx, in, true, &k, err)))
        return st;
    return contract_store_insert(ctx, &k, "contract.create", detail_of(ctx->arena, &k, ""), id,
                                 err);
}

/* The contract if the actor may change it (manage, its customer theirs to change). */
static enum kh_status open_for_change(const struct kh_ctx *ctx, int64_t id, struct contract *k,
                                      struct kh_err *err)
{
    enum kh_status st = need(ctx, &contract_perm_manage, err);
    if (!st)
        st = contract_store_get(ctx, id, k, err);
    if (st)
        return st;
    struct customer_brief c;
    st = customer_open(ctx, k->customer_id, true, &c, err);
    return st == KH_E_NOT_FOUND ? not_found(err) : st;
}

static enum kh_status wrong_state(struct kh_err *err, const char *shown)
{
    return kh_err_setf(err, KH_E_CONFLICT, "state", "合同当前状态（%s）不允许这样做",
                       "the contract's state (%s) does not allow this", shown, shown);
}

enum kh_status contract_update(const struct kh_ctx *ctx, int64_t id,
                               const struct contract_input *in, struct kh_err *err)
{
    struct contract k;
    enum kh_status st = open_for_change(ctx, id, &k, err);
    if (st)
        return st;
    const char *today = ctx_today(ctx);
    const char *shown = contract_state(&k, today);
    if (strcmp(shown, "draft") && strcmp(shown, "returned"))
        return wrong_state(err, shown);
    const char *old_state = k.stored_state;
    int64_t old_approval = k.approval_id;
    if ((st = apply_input(ctx, in, false, &k, err)))
        return st;
    return contract_store_update(ctx, &k, old_state, old_approval, "contract.update",
                                 detail_of(ctx->arena, &k, ""), err);
}

enum kh_status contract_get(const struct kh_ctx *ctx, int64_t id, struct contract *out,
                            struct kh_err *err)
{
    enum kh_status st = need(ctx, &contract_perm_read, err);
    if (!st)
        st = contract_store_get(ctx, id, out, err);
    if (st)
        return st;
    struct customer_brief c;
    if ((st = customer_open(ctx, out->customer_id, false, &c, err)))
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    struct audit_event ev = {
        "customer.read", "customer", out->customer_id,
        arena_printf(ctx->arena, "part=contracts contract=%lld", (long long)id)};
    return audit_record_read(ctx, &ev, err);
}

enum kh_status contract_needs_approval(const struct kh_ctx *ctx, int64_t amount_fen, bool *needs,
                                       struct kh_err *err)
{
    int64_t from = 0;
    enum kh_status st = settings_int(ctx, &contract_setting_approval_fen, &from, err);
    *needs = !st && amount_fen >= from;
    return st;
}

enum kh_status contract_submit(const struct kh_ctx *ctx, int64_t id, const char *reason,
                               struct kh_err *err)
{
    struct contract k;
    enum kh_status st = open_for_change(ctx, id, &k, err);
    if (st)
        return st;
    const char *today = ctx_today(ctx);
    const char *shown = contract_state(&k, today);
    if (strcmp(shown, "draft") && strcmp(shown, "returned"))
        return wrong_state(err, shown);
    if (reason && !utf8_text_ok(reason, 500, false))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "说明最多 500 字",
                          "the reason is at most 500 characters");
    bool needs = false;
    if ((st = contract_needs_approval(ctx, k.amount_fen, &needs, err)))
        return st;
    /* A returned request is withdrawn: the changed contract goes as a new one. */
    if (!strcmp(shown, "returned") && (st = approval_decide(ctx, k.approval_id, APPROVAL_WITHDRAW,
                                                            "合同已修改，重新提交", 0, err)))
        return st;
    struct contract next = k;
    if (!needs) {
        next.stored_state = "active";
        next.approval_id = 0;
        return contract_store_update(ctx, &next, k.stored_state, k.approval_id, "contract.submit",
                                     detail_of(ctx->arena, &next, "approval=none "), err);
    }
    /* Waiting first (approval 0), so that the approval's write finds it whatever happens next. */
    next.stored_state = "pending";
    next.approval_id = 0;
    if ((st = contract_store_update(ctx, &next, k.stored_state, k.approval_id, "contract.submit",
                                    detail_of(ctx->arena, &next, "approval=requested "), err)))
        return st;
    struct approval_draft d = {
        .kind = &contract_approval_sign,
        .subject = arena_printf(ctx->arena, "{\"contract_id\":%lld}", (long long)id),
        .reason = reason && *reason ? reason : "合同签订审批 / contract approval",
        .purpose = k.title,
    };
    int64_t request = 0;
    st = approval_submit_kind(ctx, &d, &request, err);
    struct contract after = next;
    if (st) { /* not submitted: back to a draft */
        struct kh_err ignored;
        kh_err_clear(&ignored);
        after.stored_state = "draft";
        if (contract_store_update(ctx, &after, "pending", 0, "contract.update",
                                  detail_of(ctx->arena, &after, "approval=failed "), &ignored))
            log_warn("msg=\"contract left waiting without its request\" contract=%lld",
                     (long long)id); /* it reads as pending until an administrator looks */
        return st;
    }
    after.approval_id = request;
    return contract_store_update(
        ctx, &after, "pending", 0, "contract.submit",
        detail_of(ctx->arena, &after,
                  arena_printf(ctx->arena, "approval=%lld ", (long long)request)),
        err);
}

enum kh_status contract_terminate(const struct kh_ctx *ctx, int64_t id, const char *reason,
                                  struct kh_err *err)
{
    const char *why = field_trim(ctx->arena, reason ? reason : "");
    if (!*why || !utf8_text_ok(why, CONTRACT_NOTES_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请说明终止原因（2000 字以内）",
                          "say why the contract ends (at most 2000 characters)");
    struct contract k;
    enum kh_status st = open_for_change(ctx, id, &k, err);
    if (st)
        return st;
    if (strcmp(k.stored_state, "active")) {
        const char *today = ctx_today(ctx);
        return wrong_state(err, contract_state(&k, today));
    }
    struct contract next = k;
    next.stored_state = "terminated";
    next.terminate_reason = why;
    return contract_store_update(
        ctx, &next, "active", k.approval_id, "contract.terminate",
        detail_of(ctx->arena, &next, arena_printf(ctx->arena, "reason=%s ", why)), err);
}

enum kh_status contract_renew(const struct kh_ctx *ctx, int64_t id, int64_t *new_id,
                              struct kh_err *err)
{
    *new_id = 0;
    struct contract k;
    enum kh_status st = open_for_change(ctx, id, &k, err);
    if (st)
        return st;
    if (strcmp(k.stored_state, "active")) {
        const char *today = ctx_today(ctx);
        return wrong_state(err, contract_state(&k, today));
    }
    if (k.renewed_by)
        return kh_err_setf(err, KH_E_CONFLICT, "id", "这份合同已续签为 %s",
                           "this contract was renewed as %s already", k.renewed_by_code,
                           k.renewed_by_code);
    struct customer_brief c;
    if ((st = customer_open(ctx, k.customer_id, true, &c, err)))
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    struct contract next = k;
    char *starts = arena_alloc(ctx->arena, 16), *ends = arena_alloc(ctx->arena, 16);
    int64_t length = days_between(k.starts_on, k.ends_on);
    day_plus(ctx, k.ends_on, 1, starts);
    day_plus(ctx, starts, length, ends);
    next.starts_on = starts;
    next.ends_on = ends;
    next.signed_on = "";
    next.stored_state = "draft";
    next.approval_id = 0;
    next.terminate_reason = "";
    next.order_id = 0;
    next.renewal_of = k.id;
    next.owner_id = c.owner_id ? c.owner_id : ctx->actor.user_id;
    return contract_store_insert(
        ctx, &next, "contract.renew",
        detail_of(ctx->arena, &next, arena_printf(ctx->arena, "renews=%s ", k.code)), new_id, err);
}

enum kh_status contract_list(const struct kh_ctx *ctx, const struct contract_filter *f,
                             const struct list_page *page, struct contract **out, int *count,
                             const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    enum kh_status st = need(ctx, &contract_perm_read, err);
    if (st)
        return st;
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    if (scope.scope == KH_SCOPE_NONE)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "您没有可查看的客户", "you see no customers");
    const char *today = ctx_today(ctx);
    char until[16] = "";
    if (f->expiring_within > 0)
        day_plus(ctx, today, f->expiring_within, until);
    uint32_t tag = cursor_tag("contracts", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "t", &after, err))
        return err->code;
    struct contract *items = NULL;
    int n = 0;
    if ((st = contract_store_list(ctx, &scope, f, field_like_pattern(ctx->arena, f->q), today,
                                  until, after.nkeys ? after.keys[0].t : "", after.id,
                                  page->limit + 1, &items, &n, err)))
        return st;
    if (n > page->limit) {
        n = page->limit;
        struct cursor c = {
            .nkeys = 1, .keys = {{CURSOR_TEXT, 0, items[n - 1].ends_on}}, .id = items[n - 1].id};
        *next = cursor_encode(ctx->arena, tag, &c);
    }
    *out = items;
    *count = n;
    return KH_OK;
}

/* ---- the approval kind ---- */

static int64_t subject_id(const char *subject)
{
    long long id = 0;
    return subject && sscanf(subject, "{\"contract_id\":%lld}", &id) == 1 ? id : 0;
}

static enum kh_status sign_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                 struct kh_err *err)
{
    struct contract k;
    int64_t id = subject_id(d->subject);
    enum kh_status st = id ? open_for_change(ctx, id, &k, err) : not_found(err);
    if (st)
        return st;
    if (strcmp(k.stored_state, "pending"))
        return kh_err_set(err, KH_E_CONFLICT, "state", "请通过合同页面提交审批",
                          "a contract is submitted from its page");
    const char *kind = "";
    for (const struct kh_choice *c = contract_kinds; c->value; c++)
        if (!strcmp(c->value, k.kind))
            kind = c->zh;
    d->summary_zh = arena_printf(ctx->arena, "合同 %s %s（%s，%s）%lld.%02lld 元", k.code, k.title,
                                 kind, k.customer_name, (long long)(k.amount_fen / 100),
                                 (long long)(k.amount_fen % 100));
    d->summary_en = arena_printf(ctx->arena, "Contract %s %s (%s, %s) %lld.%02lld yuan", k.code,
                                 k.title, k.kind, k.customer_name, (long long)(k.amount_fen / 100),
                                 (long long)(k.amount_fen % 100));
    d->amount = k.amount_fen;
    d->secrecy = k.customer_secrecy;
    return KH_OK;
}

static enum kh_status sign_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                 const struct approval_request *r, struct kh_err *err)
{
    int64_t id = subject_id(r->subject);
    if (!id)
        return kh_err_set(err, KH_E_INTERNAL, "", "审批内容无法读取",
                          "the request's subject cannot be read");
    return contract_store_activate_on(c, ctx, id, r->id, err);
}

/* The requester's department head; and the general manager from 500,000 yuan. */
static const struct approval_rule sign_rules[] = {
    {.approver = "dept_head", .hours = 48},
    {.approver = "role", .role = "gm", .min_amount = 50000000, .hours = 48},
    {0},
};

const struct approval_kind contract_approval_sign = {
    .name = "contract.sign",
    .label_zh = "合同签订",
    .label_en = "Contract signing",
    .defaults = sign_rules,
    .not_direct = true,
    .check = sign_check,
    .apply = sign_apply,
};

/* ---- expiry reminders (a daily task) ---- */

static enum kh_status expiry_run(struct job_run *run, struct kh_err *err)
{
    const struct kh_ctx *ctx = &run->ctx;
    int64_t days = 0;
    enum kh_status st = settings_int(ctx, &contract_setting_expiry_days, &days, err);
    if (st)
        return st;
    const char *today = ctx_today(ctx);
    char until[16];
    day_plus(ctx, today, days, until);
    int n = 0;
    if ((st = contract_store_remind(ctx, today, until, &n, err)))
        return st;
    char summary[64];
    snprintf(summary, sizeof(summary), "{\"reminded\":%d}", n);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

const struct job_kind contract_expiry_kind = {"contract.expiry", "合同到期提醒",
                                              "Contract expiry reminders", expiry_run, 3};

static bool expiry_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return job_daily_due(ctx_tz(ctx), now, 8, 40, 3600, period, cap);
}

const struct job_task contract_expiry_task = {"contract.expiry", "提醒到期合同",
                                              "Remind contracts about to end",
                                              &contract_expiry_kind, expiry_due};

/* ---- what refers to a customer ---- */

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return contract_store_forget_on(c, ctx, id, err);
}

const struct customer_ref_kind contract_customer_ref = {"contracts", contract_store_repoint_on,
                                                        forget};

/* A contract's signed copies: read by whoever reads its customer, attached by its managers. */
static enum kh_status document_owner(const struct kh_ctx *ctx, int64_t id, bool write,
                                     int64_t *customer_id, struct kh_err *err)
{
    struct contract k;
    enum kh_status st = contract_store_get(ctx, id, &k, err);
    bool may =
        ctx_can(ctx, write ? &contract_perm_manage : &contract_perm_read) && ctx->actor.user_id;
    struct customer_brief c;
    if (!st && may)
        st = customer_open(ctx, k.customer_id, write, &c, err);
    if (st == KH_E_NOT_FOUND || (!st && !may && !write))
        return kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这份合同，或您无权查看",
                          "no such contract, or not yours to see");
    if (!st && !may)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理合同的权限，不能添加或删除附件",
                          "not allowed to work on contracts, so not to attach files either");
    if (st)
        return st;
    *customer_id = k.customer_id;
    return KH_OK;
}

const struct document_kind contract_document_kind = {"contract", document_owner};
