#include "customer/customer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/str.h"
#include "core/log.h"
#include "core/utf8.h"
#include "customer/customer_internal.h"
#include "customer/customer_pool.h"
#include "customer/customer_share.h"
#include "customer/customer_json.h"
#include "jobs/jobs.h"
#include "secrecy/secrecy.h"
#include "settings/settings.h"
#include "text/tokenize.h"
#include "text/validate.h"

const struct kh_perm customer_perm_create = {"customer.create", "新建客户", "Create customers"};
const struct kh_perm customer_perm_update = {"customer.update", "修改客户", "Edit customers"};
const struct kh_perm customer_perm_grade = {"customer.grade", "评定客户等级", "Grade customers"};
const struct kh_perm customer_perm_transfer = {"customer.transfer", "移交客户",
                                               "Transfer customers"};
const struct kh_perm customer_perm_archive = {"customer.archive", "归档客户", "Archive customers"};
const struct kh_perm customer_perm_profile_manage = {"profile.manage", "管理档案模板与自定义字段",
                                                     "Manage profile templates and custom fields"};
const struct kh_scope_kind customer_scope_kind = {"customers", "客户", "Customers"};

const struct kh_perm *const customer_perms[] = {
    &customer_perm_create,     &customer_perm_update,  &customer_perm_grade,
    &customer_perm_transfer,   &customer_perm_archive, &customer_perm_profile_manage,
    &customer_perm_unmask,     &customer_perm_merge,   &customer_perm_pool_claim,
    &customer_perm_pool_rules, &customer_perm_share,   NULL,
};

const struct kh_scope_kind *const customer_scopes[] = {&customer_scope_kind, NULL};

const struct kh_audit_action customer_audit_actions[] = {
    {"customer.create", "新建客户", "Created a customer"},
    {"customer.read", "查看客户", "Viewed a customer"},
    {"customer.read_denied", "查看客户被拒绝", "Was refused a customer"},
    {"customer.read_granted", "凭查阅申请查看客户", "Viewed a customer through an access request"},
    {"customer.grant", "准予查阅客户", "Granted reads of customers"},
    {"customer.unmask", "查看完整号码", "Showed a number in full"},
    {"customer.merge", "合并重复客户", "Merged a duplicate into a customer"},
    {"customer.merged", "客户被并入另一位客户", "Was merged into another customer"},
    {"customer.update", "修改客户", "Edited a customer"},
    {"customer.share", "设定分公司共享规则", "Set a sharing rule between branches"},
    {"customer.share_revoke", "撤销分公司共享规则", "Revoked a sharing rule between branches"},
    {"customer.archive", "归档客户", "Archived a customer"},
    {"customer.unarchive", "恢复客户", "Restored a customer"},
    {"customer.transfer", "移交客户", "Transferred a customer"},
    {"customer.release", "放入公海", "Released a customer to the pool"},
    {"customer.claim", "从公海领取", "Claimed a customer from the pool"},
    {"customer.reclaim", "收回公海", "Reclaimed a customer to the pool"},
    {"customer.pool_rules", "设置公海规则", "Set the pool's reclaim rules"},
    {"customer.contact_add", "添加联系人", "Added a contact"},
    {"customer.contact_update", "修改联系人", "Edited a contact"},
    {"customer.contact_delete", "删除联系人", "Deleted a contact"},
    {"settings.custom_field_create", "新建自定义字段", "Created a custom field"},
    {"settings.custom_field_update", "修改自定义字段", "Changed a custom field"},
    {"settings.template_create", "新建档案模板", "Created a profile template"},
    {"settings.template_import", "导入档案模板", "Imported a profile template"},
    {0},
};

void customer_input_init(struct customer_input *in)
{
    memset(in, 0, sizeof(*in));
    in->province_code = in->city_code = in->district_code = CUSTOMER_CODE_UNSET;
    in->owner_id = -1;
    in->branch_id = -1;
    in->collector_id = -1;
    in->secrecy = -1;
    in->version = -1;
}

/* ---- visibility (R-SEC-1): the one decision ---- */

int customer_clearance(const struct kh_actor *actor)
{
#ifdef KH_BENCH_NO_GOVERNANCE /* make bench's features-off side: every level readable */
    (void)actor;
    return SECRECY_TOP_SECRET;
#endif
    if (actor->clearance)
        return actor->clearance - 1;
    return actor_scope(actor, &customer_scope_kind) == KH_SCOPE_ALL ? SECRECY_TOP_SECRET
                                                                    : SECRECY_NORMAL;
}

struct customer_scope customer_scope_of(const struct kh_actor *actor)
{
    struct customer_scope s = {actor_scope(actor, &customer_scope_kind), actor->user_id,
                               actor->department_id, customer_clearance(actor)};
    /* Which rows: "all non-secret" is all of them, capped by the clearance below. */
    if (s.scope == KH_SCOPE_ALL_NONSECRET)
        s.scope = KH_SCOPE_ALL;
    return s;
}

const char *customer_scope_param(const struct customer_scope *s, bool reach)
{
    static const char *const text[] = {"none", "own", "department", "all", "all"};
    if (s->scope == KH_SCOPE_DEPARTMENT && reach)
        return "department_reach";
    return (unsigned)s->scope < sizeof(text) / sizeof(text[0]) ? text[s->scope] : "none";
}

bool customer_scope_allows(const struct customer_scope *s, int64_t owner_id, int64_t department_id,
                           int secrecy)
{
    if (secrecy > s->clearance)
        return false;
    switch (s->scope) {
    case KH_SCOPE_ALL:
    case KH_SCOPE_ALL_NONSECRET:
        return true;
    case KH_SCOPE_DEPARTMENT:
        return owner_id == s->user_id || (department_id && department_id == s->department_id);
    case KH_SCOPE_OWN:
        return owner_id && owner_id == s->user_id;
    case KH_SCOPE_NONE:
        break;
    }
    return false;
}

/*
 * The record if the actor may use it: in scope and clearance, or (reads
 * only) through an approved access request in force, each such read
 * audited against its request (R-SEC-3).
 */
static enum kh_status load_checked(const struct kh_ctx *ctx, int64_t id, struct customer *out,
                                   bool read, struct kh_err *err)
{
    enum kh_status st = customer_store_get(ctx, id, out, err);
    if (st == KH_E_NOT_FOUND) /* same answer as a refusal below: existence is not revealed */
        return kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权查看",
                          "customer not found or not visible to you");
    if (st)
        return st;
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    if (customer_scope_allows(&scope, out->owner_id, out->department_id, out->secrecy))
        return KH_OK;
    /* Shared by its branch with the manager's (R-OWN-6): read, never changed. */
    int64_t rule = 0;
    if (scope.scope == KH_SCOPE_DEPARTMENT && out->secrecy <= scope.clearance &&
        (st = customer_store_shared(ctx, ctx->actor.user_id, out->branch_id, out->grade, &rule,
                                    err)))
        return st;
    if (rule && read) {
        out->shared_rule = rule;
        return KH_OK;
    }
    if (rule)
        return kh_err_set(err, KH_E_FORBIDDEN, "",
                          "这位客户由其他分公司共享给您，只能查看，不能修改",
                          "another branch shares this customer with you to read, not to change");
    int64_t request = 0, ends = 0;
    if (read && ctx->actor.user_id &&
        (st =
             customer_store_grant(ctx, ctx->actor.user_id, id, ctx_now(ctx), &request, &ends, err)))
        return st;
    if (request) {
        out->grant_request = request;
        out->grant_ends = ends;
        const char *detail = arena_printf(ctx->arena, "request=%lld", (long long)request);
        struct audit_event ev = {"customer.read_granted", "customer", id, detail};
        return audit_record_read(ctx, &ev, err);
    }
    {
        struct audit_event ev = {"customer.read_denied", "customer", id, NULL};
        struct kh_err e2;
        /*
         * Recorded like a read, never waiting for the writer. The refusal
         * answers 404 even when its entry cannot be queued: a 500 here
         * would confirm that the record exists.
         */
        if (audit_record_read(ctx, &ev, &e2))
            log_error("msg=\"denied read not audited\" customer=%lld err=\"%s\"", (long long)id,
                      e2.msg_en);
        /* 404, not 403: a refusal must not confirm that the record exists. */
        return kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权查看",
                          "customer not found or not visible to you");
    }
}

enum kh_status customer__load_visible(const struct kh_ctx *ctx, int64_t id, struct customer *out,
                                      struct kh_err *err)
{
    return load_checked(ctx, id, out, false, err);
}

enum kh_status customer__load_readable(const struct kh_ctx *ctx, int64_t id, struct customer *out,
                                       struct kh_err *err)
{
    return load_checked(ctx, id, out, true, err);
}

/* ---- read grants (R-SEC-3) ---- */

enum kh_status customer_grant_target(const struct kh_ctx *ctx, int64_t id, const char *code,
                                     const char *field, int64_t *id_out, const char **code_out,
                                     int *secrecy, bool *visible, struct kh_err *err)
{
    *id_out = 0;
    enum kh_status st = KH_OK;
    if (!id && code && (st = customer_store_id_by_code(ctx, code, &id, err)))
        return st;
    struct customer c;
    st = id > 0 ? customer_store_get(ctx, id, &c, err) : KH_E_NOT_FOUND;
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_VALIDATION, field, "没有这位客户", "no such customer");
    if (st)
        return st;
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    *visible = customer_scope_allows(&scope, c.owner_id, c.department_id, c.secrecy);
    *id_out = c.id;
    *code_out = c.code;
    *secrecy = c.secrecy;
    return KH_OK;
}

enum kh_status customer_grants_add_on(struct db_conn *c, const struct kh_ctx *ctx,
                                      int64_t request_id, int64_t user_id, const int64_t *ids,
                                      int n, int64_t ends, struct kh_err *err)
{
    return customer_store_grants_add_on(c, ctx, request_id, user_id, ids, n, ctx_now(ctx), ends,
                                        err);
}

enum kh_status customer_grants_mine(const struct kh_ctx *ctx, struct customer_grant **out,
                                    int *count, struct kh_err *err)
{
    return customer_store_grants_of(ctx, ctx->actor.user_id, ctx_now(ctx), out, count, err);
}

/* May the actor see who used record c (customer_access_log)? */
static enum kh_status may_see_log(const struct kh_ctx *ctx, const struct customer *c, bool *may,
                                  struct kh_err *err)
{
    *may = ctx_can(ctx, &audit_perm_read);
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    if (!*may && scope.scope >= KH_SCOPE_DEPARTMENT)
        *may = customer_scope_allows(&scope, c->owner_id, c->department_id, c->secrecy);
    if (*may || c->secrecy <= 0)
        return KH_OK;
    struct secrecy_custodian k[2];
    enum kh_status st = secrecy_custodians(ctx, k, err);
    if (!st)
        *may = k[c->secrecy > 2 ? 1 : c->secrecy - 1].user_id == ctx->actor.user_id;
    return st;
}

int64_t customer_log_request(const char *detail)
{
    long long n = 0;
    if (!detail)
        return 0;
    const char *at = !strncmp(detail, "request=", 8) ? detail : strstr(detail, " request=");
    if (at && *at == ' ')
        at++;
    if (!at)
        return 0;
    const char *end = at + 8;
    while (*end >= '0' && *end <= '9')
        end++;
    return str_to_i64(str_make(at + 8, (size_t)(end - at - 8)), 1, INT64_MAX, &n) ? n : 0;
}

enum kh_status customer_access_log_check(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct customer c;
    bool may = false;
    enum kh_status st = customer_store_get(ctx, id, &c, err);
    if (!st)
        st = may_see_log(ctx, &c, &may, err);
    if (st == KH_E_NOT_FOUND || (!st && !may))
        return kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权查看其使用记录",
                          "customer not found or its use not yours to see");
    return st;
}

enum kh_status customer_access_log(const struct kh_ctx *ctx, int64_t id, const char *cursor,
                                   int limit, struct audit_page *out,
                                   struct customer_grant_of **grants, int *ngrants,
                                   struct kh_err *err)
{
    *grants = NULL;
    *ngrants = 0;
    enum kh_status st = customer_access_log_check(ctx, id, err);
    if (st)
        return st;
    struct audit_filter f = {.target_type = "customer",
                             .target_id = arena_printf(ctx->arena, "%lld", (long long)id),
                             .cursor = cursor,
                             .limit = limit};
    st = audit_list_of_record(ctx, &f, out, err);
    if (!st && !cursor)
        st = customer_store_grants_on(ctx, id, grants, ngrants, err);
    return st;
}

enum kh_status customer_describe(const struct kh_ctx *ctx, int64_t id, bool *visible,
                                 const char **code, const char **name, struct kh_err *err)
{
    *visible = false;
    *code = *name = NULL;
    struct customer c;
    enum kh_status st = customer_store_get(ctx, id, &c, err);
    if (st == KH_E_NOT_FOUND)
        return KH_OK;
    if (st)
        return st;
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    if (!customer_scope_allows(&scope, c.owner_id, c.department_id, c.secrecy))
        return KH_OK;
    *visible = true;
    *code = c.code;
    *name = c.name;
    return KH_OK;
}

/* ---- create ---- */

/*
 * A region code given must be one a region could have (0 clears it): a
 * negative code or one past the int range is refused here, before it is
 * stored as an int; region_check then refuses codes of no region.
 */
static enum kh_status check_region_codes(const struct customer_input *in, struct kh_err *err)
{
    const struct {
        const char *field;
        int64_t code;
    } codes[] = {{"province_code", in->province_code},
                 {"city_code", in->city_code},
                 {"district_code", in->district_code}};
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (codes[i].code != CUSTOMER_CODE_UNSET && (codes[i].code < 0 || codes[i].code > 999999))
            return kh_err_set(err, KH_E_VALIDATION, codes[i].field, "地区代码不存在",
                              "unknown region code");
    return KH_OK;
}

static void apply_input(struct customer *c, const struct customer_input *in)
{
    const char **dst[] = {
        &c->kind,      &c->name,         &c->gender,          &c->birthday,
        &c->mobile,    &c->phone_office, &c->phone_home,      &c->email,
        &c->address,   &c->company,      &c->company_address, &c->position,
        &c->id_number, &c->uscc,         &c->credit_status,   &c->category,
        &c->grade,     &c->value_tier,   &c->stage,           &c->industry,
        &c->source,    &c->notes,        &c->collected_on,    &c->preferred_channel};
    const char *src[] = {
        in->kind,      in->name,         in->gender,          in->birthday,
        in->mobile,    in->phone_office, in->phone_home,      in->email,
        in->address,   in->company,      in->company_address, in->position,
        in->id_number, in->uscc,         in->credit_status,   in->category,
        in->grade,     in->value_tier,   in->stage,           in->industry,
        in->source,    in->notes,        in->collected_on,    in->preferred_channel};
    for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++)
        if (src[i])
            *dst[i] = src[i];
    if (in->province_code != CUSTOMER_CODE_UNSET)
        c->province_code = (int)in->province_code;
    if (in->city_code != CUSTOMER_CODE_UNSET)
        c->city_code = (int)in->city_code;
    if (in->district_code != CUSTOMER_CODE_UNSET)
        c->district_code = (int)in->district_code;
    if (in->tags_set) {
        c->tags = in->tags;
        c->ntags = in->ntags;
    }
    if (in->templates_set) {
        c->templates = in->templates;
        c->ntemplates = in->ntemplates;
    }
    if (in->secrecy >= 0)
        c->secrecy = in->secrecy;
}

/* Merge custom values: given keys replace, CV_NULL removes. */
static void merge_custom(struct arena *a, struct customer *c, const struct customer_input *in)
{
    if (!in->custom_set)
        return;
    struct custom_value *merged =
        arena_alloc(a, sizeof(*merged) * (size_t)(c->ncustom + in->ncustom + 1));
    int n = 0;
    for (int i = 0; i < c->ncustom; i++) {
        bool replaced = false;
        for (int j = 0; j < in->ncustom && !replaced; j++)
            replaced = strcmp(in->custom[j].key, c->custom[i].key) == 0;
        if (!replaced)
            merged[n++] = c->custom[i];
    }
    for (int j = 0; j < in->ncustom; j++)
        merged[n++] = in->custom[j];
    c->custom = merged;
    c->ncustom = n;
}

/* Drop removed (null) custom values before storing. */
static void compact_custom(struct customer *c)
{
    int n = 0;
    for (int i = 0; i < c->ncustom; i++)
        if (c->custom[i].kind != CV_NULL)
            c->custom[n++] = c->custom[i];
    c->ncustom = n;
}

static enum kh_status load_rule(const struct kh_ctx *ctx, struct numbering_rule *rule,
                                struct kh_err *err)
{
    return customer_numbering_get(ctx, rule, err);
}

/* Whether u's role sees any customers: only such a user can own them. */
static bool sees_customers(const struct owner_user *u)
{
    struct kh_actor a;
    memset(&a, 0, sizeof(a));
    (void)actor_scopes_parse(&a, u->scopes);
    return actor_scope(&a, &customer_scope_kind) != KH_SCOPE_NONE;
}

/*
 * The rule for an owner-to-be: an active user whose role sees customers
 * (the auditor, the administrator and roles without customer records own
 * none), and for a department-scoped actor one of their own department.
 */
static enum kh_status owner_acceptable(const struct kh_ctx *ctx, const struct owner_memo *u,
                                       struct kh_err *err)
{
    if (!u->active)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "负责人账号已停用",
                          "the owner's account is disabled");
    if (!u->sees_customers)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id",
                          "该用户的角色不能查看客户，不能做负责人",
                          "this user's role sees no customers, so they cannot own any");
    if (ctx_scope(ctx, &customer_scope_kind) == KH_SCOPE_DEPARTMENT &&
        u->department_id != ctx->actor.department_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "owner_id", "只能分配给本部门人员",
                          "you can only assign to people of your department");
    return KH_OK;
}

static struct owner_memo owner_memo_of(const struct owner_user *u)
{
    return (struct owner_memo){u->id, u->department_id, u->branch_id, u->active, sees_customers(u)};
}

/* owner_acceptable for the user owner (remembered in memo when not NULL). */
static enum kh_status check_new_owner(const struct kh_ctx *ctx, struct owner_memo *memo,
                                      int64_t owner, int64_t *dept, int64_t *branch,
                                      struct kh_err *err)
{
    struct owner_memo m;
    if (memo && memo->id == owner) {
        m = *memo;
    } else {
        struct owner_user u;
        enum kh_status st = customer_store_user(ctx, owner, &u, err);
        if (st)
            return st;
        m = owner_memo_of(&u);
        if (memo)
            *memo = m;
    }
    *dept = m.department_id;
    *branch = m.branch_id;
    return owner_acceptable(ctx, &m, err);
}

/*
 * Whether the actor places customers: records them for someone else, or
 * moves them between branches (managers and the company-wide roles; a
 * salesperson's customers stay with their own branch).
 */
static bool may_place(const struct kh_ctx *ctx)
{
    enum kh_scope scope = ctx_scope(ctx, &customer_scope_kind);
    return ctx_can(ctx, &customer_perm_transfer) || scope == KH_SCOPE_ALL ||
           scope == KH_SCOPE_ALL_NONSECRET;
}

/* A branch other than the one a record has (or would take from its owner) moves it. */
static enum kh_status check_branch_move(const struct kh_ctx *ctx, int64_t from, int64_t to,
                                        struct kh_err *err)
{
    if (from == to || may_place(ctx))
        return KH_OK;
    return kh_err_set(err, KH_E_FORBIDDEN, "branch_id", "只有经理可以把客户移到其他分公司",
                      "only a manager can move a customer to another branch");
}

static enum kh_status resolve_owner(const struct kh_ctx *ctx, struct owner_memo *memo,
                                    const struct customer_input *in, struct customer *c,
                                    struct kh_err *err)
{
    int64_t owner = ctx->actor.user_id;
    bool may_assign = may_place(ctx);
    if (in->owner_id > 0 && in->owner_id != owner) {
        if (!may_assign)
            return kh_err_set(err, KH_E_FORBIDDEN, "owner_id", "无权为他人登记客户",
                              "not allowed to record customers for someone else");
        owner = in->owner_id;
    }
    c->owner_id = owner;
    c->collector_id = ctx->actor.user_id ? ctx->actor.user_id : owner;
    if (in->collector_id > 0 && in->collector_id != c->collector_id) {
        if (!may_assign)
            return kh_err_set(err, KH_E_FORBIDDEN, "collector_id", "无权以他人名义登记客户",
                              "not allowed to record customers as collected by someone else");
        c->collector_id = in->collector_id;
    }
    if (!owner)
        return KH_OK;
    int64_t dept = 0, branch = 0;
    enum kh_status st = check_new_owner(ctx, memo, owner, &dept, &branch, err);
    if (st)
        return st;
    c->department_id = dept;
    if (in->branch_id > 0 && (st = check_branch_move(ctx, branch, in->branch_id, err)))
        return st;
    if (!c->branch_id)
        c->branch_id = branch;
    return KH_OK;
}

enum kh_status customer_dup_error(const struct customer_dup *hit, struct kh_err *err)
{
    static const struct {
        const char *kind, *zh, *en;
    } names[] = {
        {"phone", "电话号码", "phone number"},
        {"id_number", "身份证号码", "ID number"},
        {"uscc", "统一社会信用代码", "unified social credit code"},
        {"name_company", "姓名+公司", "name and company"},
    };
    const char *zh = "", *en = "";
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(names[i].kind, hit->match)) {
            zh = names[i].zh;
            en = names[i].en;
        }
    const char *field = !strcmp(hit->match, "phone")          ? "mobile"
                        : !strcmp(hit->match, "name_company") ? "name"
                                                              : hit->match;
    if (!hit->code[0]) { /* above the writer's clearance (R-SEC-2): that it exists, no more */
        kh_err_setf(err, KH_E_CONFLICT, field, "客户已存在：%s与一位密级客户相同（无权查看）",
                    "duplicate customer: same %s as a customer above your clearance", zh, en);
        customer_json_dup_detail(hit, err->detail, sizeof(err->detail));
        return KH_E_CONFLICT;
    }
    kh_err_setf(err, KH_E_CONFLICT, field, "客户已存在：%s与客户 %s 相同，负责人：%s",
                "duplicate customer: same %s as %s, owned by %s", zh, hit->code,
                hit->owner_name[0] ? hit->owner_name : "（无）", en, hit->code,
                hit->owner_name[0] ? hit->owner_name : "nobody");
    customer_json_dup_detail(hit, err->detail, sizeof(err->detail));
    return KH_E_CONFLICT;
}

static enum kh_status store_new(const struct kh_ctx *ctx, struct customer *c, int64_t *id_out,
                                struct customer *answer, struct kh_err *err)
{
    struct numbering_rule rule;
    enum kh_status st = load_rule(ctx, &rule, err);
    if (st)
        return st;
    struct customer_key *keys = NULL;
    int nkeys = 0;
    struct search_doc doc;
    c->code = ""; /* the store assigns it inside the write */
    customer__keys(ctx, c, &keys, &nkeys);
    char *tags = customer_json_strings_encode(c->tags, c->ntags);
    char *tpls = customer_json_strings_encode(c->templates, c->ntemplates);
    char *custom = customer_json_custom_encode(c->custom, c->ncustom);
    struct customer_write w = {.c = c,
                               .tags_json = tags,
                               .templates_json = tpls,
                               .custom_json = custom,
                               .keys = keys,
                               .nkeys = nkeys,
                               .doc = &doc,
                               .rule = &rule,
                               .clearance = customer_clearance(&ctx->actor),
                               .answer = answer};
    /* The code is part of the search document: tokens are made after numbering. */
    customer__search_doc(ctx, c, &doc);
    st = customer_store_insert(ctx, &w, id_out, err);
    if (st == KH_E_CONFLICT && w.hit.id)
        st = customer_dup_error(&w.hit, err);
    free(tags);
    free(tpls);
    free(custom);
    return st;
}

/* Everything customer_create checks, up to the write. */
/* A secrecy level set on a record: by a classifier, and no higher than their own clearance. */
static enum kh_status check_secrecy(const struct kh_ctx *ctx, int level, struct kh_err *err)
{
    if (!ctx_can(ctx, &secrecy_perm_classify))
        return kh_err_set(err, KH_E_FORBIDDEN, "secrecy", "没有设定客户密级的权限",
                          "not allowed to set secrecy levels");
    if (level > customer_clearance(&ctx->actor))
        return kh_err_set(err, KH_E_FORBIDDEN, "secrecy", "不能设定高于自己密级权限的密级",
                          "you cannot set a level above your own clearance");
    return KH_OK;
}

enum kh_status customer__prepare_new(const struct kh_ctx *ctx, const struct customer_defs *defs,
                                     struct owner_memo *memo, const struct customer_input *in,
                                     struct customer *c, struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_create))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有登记客户的权限",
                          "not allowed to create customers");
    if (!in->name)
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写客户名称", "name is required");
    if (!in->kind)
        return kh_err_set(err, KH_E_VALIDATION, "kind", "请选择客户类型（个人/企业）",
                          "kind is required (individual or organization)");
    if (in->grade && strcmp(in->grade, "C") != 0 && !ctx_can(ctx, &customer_perm_grade))
        return kh_err_set(err, KH_E_FORBIDDEN, "grade", "客户等级由销售经理评定",
                          "the grade is set by the sales manager");
    enum kh_status st = in->secrecy > 0 ? check_secrecy(ctx, in->secrecy, err) : KH_OK;
    if (!st)
        st = check_region_codes(in, err);
    if (st)
        return st;
    memset(c, 0, sizeof(*c));
    c->gender = "unknown";
    c->credit_status = "unknown";
    c->category = "general";
    c->grade = "C";
    c->value_tier = "potential";
    c->stage = "prospect";
    c->activity = "low";
    c->source = "other";
    const char *empty = "";
    c->birthday = c->mobile = c->phone_office = c->phone_home = c->email = empty;
    c->address = c->company = c->company_address = c->position = empty;
    c->id_number = c->uscc = c->industry = c->notes = empty;
    c->collected_on = c->preferred_channel = empty;
    apply_input(c, in);
    merge_custom(ctx->arena, c, in);
    c->branch_id = in->branch_id > 0 ? in->branch_id : 0;
    st = customer__validate(ctx, c, defs, err);
    if (!st)
        st = customer__entry_check(ctx, c, ctx_now(ctx), err);
    if (!st)
        st = resolve_owner(ctx, memo, in, c, err);
    if (!st)
        compact_custom(c);
    return st;
}

enum kh_status customer_create(const struct kh_ctx *ctx, const struct customer_input *in,
                               int64_t *id_out, struct customer *answer, struct kh_err *err)
{
    *id_out = 0;
    struct customer c;
    enum kh_status st = customer__prepare_new(ctx, NULL, NULL, in, &c, err);
    if (!st)
        st = store_new(ctx, &c, id_out, answer, err);
    if (!st && answer)
        customer__mask(ctx, answer);
    return st;
}

/* ---- read ---- */

enum kh_status customer_get(const struct kh_ctx *ctx, int64_t id, struct customer *out,
                            struct kh_err *err)
{
    enum kh_status st = customer__load_readable(ctx, id, out, err);
    if (!st)
        st = customer_store_contacts(ctx, id, &out->contacts, &out->ncontacts, err);
    if (st)
        return st;
    customer__mask(ctx, out);
    /* "Who saw this" names the sharing rule a read came through (R-OWN-6). */
    const char *detail = out->shared_rule
                             ? arena_printf(ctx->arena, "share=%lld", (long long)out->shared_rule)
                             : NULL;
    struct audit_event ev = {"customer.read", "customer", id, detail};
    return audit_record_read(ctx, &ev, err);
}

/* ---- update ---- */

static void diff_field(struct arena *a, struct field_change *ch, int *n, const char *field,
                       const char *old_v, const char *new_v)
{
    if (strcmp(old_v ? old_v : "", new_v ? new_v : "") == 0)
        return;
    ch[*n].field = field;
    ch[*n].old_value = arena_strdup(a, old_v ? old_v : "");
    ch[*n].new_value = arena_strdup(a, new_v ? new_v : "");
    (*n)++;
}

static const struct custom_value *find_value(const struct customer *c, const char *key)
{
    for (int i = 0; i < c->ncustom; i++)
        if (strcmp(c->custom[i].key, key) == 0 && c->custom[i].kind != CV_NULL)
            return &c->custom[i];
    return NULL;
}

static void diff_all(struct arena *a, const struct customer *o, const struct customer *c,
                     struct field_change **out, int *n)
{
    struct field_change *ch = arena_alloc(a, sizeof(*ch) * (size_t)(32 + o->ncustom + c->ncustom));
    int k = 0;
    char ob[64], nb[64];
    const struct {
        const char *f, *o, *n;
    } key_fields[] = {
        {"name", o->name, c->name},
        {"kind", o->kind, c->kind},
        {"mobile", o->mobile, c->mobile},
        {"phone_office", o->phone_office, c->phone_office},
        {"phone_home", o->phone_home, c->phone_home},
        {"email", o->email, c->email},
        {"id_number", o->id_number, c->id_number},
        {"uscc", o->uscc, c->uscc},
        {"company", o->company, c->company},
        {"grade", o->grade, c->grade},
        {"category", o->category, c->category},
        {"value_tier", o->value_tier, c->value_tier},
        {"stage", o->stage, c->stage},
        {"credit_status", o->credit_status, c->credit_status},
        {"address", o->address, c->address},
        {"birthday", o->birthday, c->birthday},
        {"collected_on", o->collected_on, c->collected_on},
        {"preferred_channel", o->preferred_channel, c->preferred_channel},
        {"secrecy", secrecy_name(o->secrecy), secrecy_name(c->secrecy)},
    };
    for (size_t i = 0; i < sizeof(key_fields) / sizeof(key_fields[0]); i++)
        diff_field(a, ch, &k, key_fields[i].f, key_fields[i].o, key_fields[i].n);
    snprintf(ob, sizeof(ob), "%d/%d/%d", o->province_code, o->city_code, o->district_code);
    snprintf(nb, sizeof(nb), "%d/%d/%d", c->province_code, c->city_code, c->district_code);
    diff_field(a, ch, &k, "region", ob, nb);
    for (int i = 0; i < c->ncustom; i++) {
        const struct custom_value *old = find_value(o, c->custom[i].key);
        diff_field(a, ch, &k, arena_printf(a, "custom.%s", c->custom[i].key),
                   customer_json_value_text(a, old), customer_json_value_text(a, &c->custom[i]));
    }
    for (int i = 0; i < o->ncustom; i++)
        if (!find_value(c, o->custom[i].key))
            diff_field(a, ch, &k, arena_printf(a, "custom.%s", o->custom[i].key),
                       customer_json_value_text(a, &o->custom[i]), "");
    *out = ch;
    *n = k;
}

static enum kh_status check_update_rights(const struct kh_ctx *ctx, const struct customer *old,
                                          const struct customer_input *in, struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_update))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有修改客户的权限",
                          "not allowed to change customers");
    enum kh_status st = customer__not_merged(old, err);
    if (st)
        return st;
    if (in->grade && strcmp(in->grade, old->grade) != 0 && !ctx_can(ctx, &customer_perm_grade))
        return kh_err_set(err, KH_E_FORBIDDEN, "grade", "客户等级由销售经理评定",
                          "the grade is set by the sales manager");
    if (in->secrecy >= 0 && in->secrecy != old->secrecy &&
        (st = check_secrecy(ctx, in->secrecy, err)))
        return st;
    if (in->owner_id >= 0 && in->owner_id != old->owner_id)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "请使用“转移负责人”更换负责人",
                          "use the transfer action to change the owner");
    if (in->version >= 0 && in->version != old->version)
        return kh_err_set(err, KH_E_CONFLICT, "version", "该客户已被他人修改，请刷新后重试",
                          "the customer was changed by someone else; reload and try again");
    return KH_OK;
}

static bool same_strings(const char *const *a, int na, const char *const *b, int nb)
{
    if (na != nb)
        return false;
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

/*
 * True when c stores what o holds: diff_all found no change among the
 * fields it records, and the others (which have no history) are equal too.
 */
static bool same_record(const struct customer *o, const struct customer *c, int nchanges)
{
    const char *pairs[][2] = {{o->gender, c->gender},     {o->company_address, c->company_address},
                              {o->position, c->position}, {o->industry, c->industry},
                              {o->source, c->source},     {o->notes, c->notes}};
    if (nchanges != 0 || o->branch_id != c->branch_id)
        return false;
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        if (strcmp(pairs[i][0], pairs[i][1]) != 0)
            return false;
    return same_strings(o->tags, o->ntags, c->tags, c->ntags) &&
           same_strings(o->templates, o->ntemplates, c->templates, c->ntemplates);
}

enum kh_status customer__prepare_update(const struct kh_ctx *ctx, const struct customer_defs *defs,
                                        int64_t id, const struct customer_input *in, bool must_own,
                                        struct customer_write *w, struct kh_err *err)
{
    memset(w, 0, sizeof(*w));
    struct arena *a = ctx->arena;
    struct customer *old = arena_alloc(a, sizeof(*old));
    struct customer *c = arena_alloc(a, sizeof(*c));
    enum kh_status st = check_region_codes(in, err);
    if (!st)
        st = customer__load_visible(ctx, id, old, err);
    if (!st)
        st = check_update_rights(ctx, old, in, err);
    if (st)
        return st;
    in = customer__unmask_input(ctx, old, in);
    if (must_own && old->owner_id != ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只能更新自己负责的客户",
                          "you can only update customers you own");
    *c = *old;
    apply_input(c, in);
    if (in->templates_set)
        customer__prune_custom(ctx, c);
    merge_custom(a, c, in);
    if (in->branch_id >= 0) {
        if ((st = check_branch_move(ctx, old->branch_id, in->branch_id, err)))
            return st;
        c->branch_id = in->branch_id;
    }
    if ((st = customer__validate(ctx, c, defs, err)))
        return st;
    if (strcmp(old->collected_on, c->collected_on) &&
        (st = customer__entry_check(ctx, c, old->created_at, err)))
        return st;
    compact_custom(c);
    struct field_change *changes = NULL;
    int nchanges = 0;
    diff_all(a, old, c, &changes, &nchanges);
    struct customer_key *keys = NULL;
    int nkeys = 0;
    struct search_doc *doc = arena_alloc(a, sizeof(*doc));
    customer__keys(ctx, c, &keys, &nkeys);
    customer__search_doc(ctx, c, doc);
    *w = (struct customer_write){
        .c = c,
        .tags_json = customer__arena_text(a, customer_json_strings_encode(c->tags, c->ntags)),
        .templates_json =
            customer__arena_text(a, customer_json_strings_encode(c->templates, c->ntemplates)),
        .custom_json = customer__arena_text(a, customer_json_custom_encode(c->custom, c->ncustom)),
        .keys = keys,
        .nkeys = nkeys,
        .clearance = customer_clearance(&ctx->actor),
        .doc = doc,
        .changes = changes,
        .nchanges = nchanges,
        .expect_version = old->version,
        .unchanged = same_record(old, c, nchanges)};
    return KH_OK;
}

enum kh_status customer_update(const struct kh_ctx *ctx, int64_t id,
                               const struct customer_input *in, struct customer *answer,
                               int64_t *pending, struct kh_err *err)
{
    *pending = 0;
    struct customer_write w;
    enum kh_status st = customer__prepare_update(ctx, NULL, id, in, false, &w, err);
    bool confirm = false;
    if (!st)
        st = customer__needs_confirmation(ctx, &w, &confirm, err);
    if (!st && confirm) /* R-ARC-12: it waits for the manager; nothing changes now */
        return customer__ask_confirmation(ctx, &w, in, pending, err);
    if (st)
        return st;
    if (w.unchanged) /* nothing to store: no new version, no history, no change entry */
        return customer_get(ctx, id, answer, err);
    w.answer = answer;
    st = customer_store_update(ctx, &w, err);
    if (st == KH_E_CONFLICT && w.hit.id)
        st = customer_dup_error(&w.hit, err);
    if (!st && answer)
        customer__mask(ctx, answer);
    return st;
}

enum kh_status customer_set_archived(const struct kh_ctx *ctx, int64_t id, bool archived,
                                     struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer__load_visible(ctx, id, &c, err);
    if (st)
        return st;
    if (!ctx_can(ctx, &customer_perm_archive))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有归档客户的权限",
                          "not allowed to archive customers");
    if (c.archived == archived)
        return KH_OK;
    if (c.merged_into) /* its keys went to the survivor: it would come back as a duplicate */
        return kh_err_set(err, KH_E_CONFLICT, "", "该客户已并入另一位客户，不能恢复",
                          "this customer was merged into another one and cannot be restored");
    return customer_store_set_archived(ctx, id, archived, err);
}

/* The checks of a transfer before its customers and owner: permission and reason. */
static enum kh_status transfer_precheck(const struct kh_ctx *ctx, const char *reason,
                                        struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_transfer))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有销售经理可以转移客户",
                          "only a sales manager can transfer customers");
    if (!reason || !*str_trim(str_from(reason)).ptr || str_trim(str_from(reason)).len == 0)
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请填写转移原因", "a reason is required");
    if (!utf8_valid(reason, strlen(reason)) || utf8_count(reason, strlen(reason)) > 500)
        return kh_err_set(err, KH_E_VALIDATION, "reason", "原因不超过500字",
                          "reason: at most 500 characters");
    return KH_OK;
}

enum kh_status customer_transfer(const struct kh_ctx *ctx, int64_t id, int64_t new_owner,
                                 const char *reason, struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer__load_visible(ctx, id, &c, err);
    if (st)
        return st;
    if ((st = transfer_precheck(ctx, reason, err)) || (st = customer__not_merged(&c, err)))
        return st;
    if (new_owner <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "请选择新的负责人",
                          "choose the new owner");
    if (new_owner == c.owner_id)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "新负责人与当前负责人相同",
                          "the new owner is the current owner");
    int64_t dept = 0, branch = 0;
    if ((st = check_new_owner(ctx, NULL, new_owner, &dept, &branch, err)))
        return st;
    return customer_store_transfer(ctx, id, c.owner_id, new_owner, dept, reason, err);
}

/*
 * The customers of ids (duplicates once) with their owners, each one the
 * caller sees; *out in ctx's arena.
 */
static enum kh_status load_transfer_set(const struct kh_ctx *ctx, const int64_t *ids, int n,
                                        struct transfer_item **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (n <= 0 || n > CUSTOMER_TRANSFER_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "ids", "请选择 1 到 %d 个客户",
                           "choose 1 to %d customers", CUSTOMER_TRANSFER_MAX,
                           CUSTOMER_TRANSFER_MAX);
    struct transfer_item *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)n);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (ids[i] <= 0)
            return kh_err_set(err, KH_E_VALIDATION, "ids", "客户编号无效", "invalid customer id");
        bool seen = false;
        for (int j = 0; j < k && !seen; j++)
            seen = items[j].id == ids[i];
        if (seen)
            continue;
        struct customer c;
        enum kh_status st = customer__load_visible(ctx, ids[i], &c, err);
        if (st == KH_E_NOT_FOUND)
            return kh_err_setf(err, KH_E_NOT_FOUND, "ids", "客户 %lld 不存在或无权查看",
                               "customer %lld not found or not visible to you", (long long)ids[i],
                               (long long)ids[i]);
        if (!st && c.merged_into)
            st = kh_err_setf(err, KH_E_CONFLICT, "ids", "客户 %s 已并入另一位客户",
                             "customer %s was merged into another one", c.code, c.code);
        if (st)
            return st;
        items[k++] = (struct transfer_item){c.id, c.owner_id};
    }
    *out = items;
    *count = k;
    return KH_OK;
}

/* How many of the set u already owns. */
static int owned_by(const struct transfer_item *items, int n, int64_t user)
{
    int owned = 0;
    for (int i = 0; i < n; i++)
        owned += items[i].from_owner == user;
    return owned;
}

enum kh_status customer_transfer_many(const struct kh_ctx *ctx, const int64_t *ids, int n,
                                      int64_t new_owner, const char *reason, int *transferred,
                                      int *unchanged, struct kh_err *err)
{
    *transferred = 0;
    *unchanged = 0;
    enum kh_status st = transfer_precheck(ctx, reason, err);
    if (st)
        return st;
    struct transfer_item *items = NULL;
    int count = 0;
    if ((st = load_transfer_set(ctx, ids, n, &items, &count, err)))
        return st;
    if (new_owner <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "请选择新的负责人",
                          "choose the new owner");
    int64_t dept = 0, branch = 0;
    if ((st = check_new_owner(ctx, NULL, new_owner, &dept, &branch, err)))
        return st;
    int same = owned_by(items, count, new_owner);
    if (same == count)
        return kh_err_set(err, KH_E_VALIDATION, "owner_id", "新负责人与当前负责人相同",
                          "the new owner is the current owner");
    int k = 0;
    for (int i = 0; i < count; i++)
        if (items[i].from_owner != new_owner)
            items[k++] = items[i];
    st = customer_store_transfer_many(ctx, items, k, new_owner, dept, reason, err);
    if (!st) {
        *transferred = k;
        *unchanged = same;
    }
    return st;
}

/* The unowned customers of ids, each seen and not merged (load_transfer_set's refusals). */
static enum kh_status load_unowned(const struct kh_ctx *ctx, const int64_t *ids, int n,
                                   struct transfer_item **items, int *count, struct kh_err *err)
{
    enum kh_status st = load_transfer_set(ctx, ids, n, items, count, err);
    for (int i = 0; !st && i < *count; i++)
        if ((*items)[i].from_owner)
            st = kh_err_setf(err, KH_E_VALIDATION, "ids", "客户 %lld 已有负责人，请用移交",
                             "customer %lld has an owner: transfer it instead",
                             (long long)(*items)[i].id, (long long)(*items)[i].id);
    return st;
}

enum kh_status customer_distribution_propose(const struct kh_ctx *ctx, const int64_t *ids, int n,
                                             const struct distribution_member *members,
                                             int nmembers, struct distribution_item **items,
                                             struct distribution_load **loads, struct kh_err *err)
{
    *items = NULL;
    *loads = NULL;
    if (!ctx_can(ctx, &customer_perm_transfer))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有销售经理可以分配客户",
                          "only a sales manager distributes customers");
    if (nmembers < 1 || nmembers > CUSTOMER_DISTRIBUTION_MEMBERS)
        return kh_err_set(err, KH_E_VALIDATION, "members", "请选择 1 到 100 位接收人",
                          "choose 1 to 100 people");
    struct transfer_item *set = NULL;
    int count = 0;
    enum kh_status st = load_unowned(ctx, ids, n, &set, &count, err);
    if (st)
        return st;
    struct distribution_load *l = arena_alloc(ctx->arena, sizeof(*l) * (size_t)nmembers);
    for (int i = 0; i < nmembers; i++) {
        const struct distribution_member *m = &members[i];
        if (m->weight < 1 || m->weight > 1000)
            return kh_err_setf(err, KH_E_VALIDATION, "members",
                               "能力权重应在 1 到 1000 之间（第 %d 位）",
                               "an ability weight is 1 to 1000 (person %d)", i + 1, i + 1);
        for (int k = 0; k < i; k++)
            if (members[k].user_id == m->user_id)
                return kh_err_set(err, KH_E_VALIDATION, "members", "接收人重复",
                                  "a person is named twice");
        int64_t dept = 0, branch = 0;
        struct owner_user u;
        if ((st = check_new_owner(ctx, NULL, m->user_id, &dept, &branch, err)) ||
            (st = customer_store_user(ctx, m->user_id, &u, err)))
            return st;
        l[i] = (struct distribution_load){m->user_id, u.name, m->weight, 0, 0};
        if ((st = customer_store_owned_count(ctx, m->user_id, -1, &l[i].before, err)))
            return st;
    }
    struct distribution_item *out =
        arena_alloc(ctx->arena, sizeof(*out) * (size_t)(count ? count : 1));
    for (int c = 0; c < count; c++) {
        int best = 0;
        for (int i = 1; i < nmembers; i++) {
            /* (owned + given + 1) / weight, compared without division. */
            int64_t a = (l[i].before + l[i].given + 1) * l[best].weight,
                    b = (l[best].before + l[best].given + 1) * l[i].weight;
            int64_t ta = l[i].before + l[i].given, tb = l[best].before + l[best].given;
            if (a < b || (a == b && (ta < tb || (ta == tb && l[i].user_id < l[best].user_id))))
                best = i;
        }
        l[best].given++;
        out[c] = (struct distribution_item){set[c].id, l[best].user_id};
    }
    *items = out;
    *loads = l;
    return KH_OK;
}

enum kh_status customer_distribute(const struct kh_ctx *ctx, const struct distribution_item *items,
                                   int n, const char *reason, int *transferred, struct kh_err *err)
{
    *transferred = 0;
    enum kh_status st = transfer_precheck(ctx, reason, err);
    if (st)
        return st;
    int64_t *ids = arena_alloc(ctx->arena, sizeof(*ids) * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++)
        ids[i] = items[i].customer_id;
    struct transfer_item *set = NULL;
    int count = 0;
    if ((st = load_unowned(ctx, ids, n, &set, &count, err)))
        return st;
    if (count != n)
        return kh_err_set(err, KH_E_VALIDATION, "items", "同一位客户只能分配一次",
                          "a customer is given once");
    struct distribution_target *t = arena_alloc(ctx->arena, sizeof(*t) * (size_t)n);
    struct owner_memo memo = {0};
    for (int i = 0; i < n; i++) {
        int64_t dept = 0, branch = 0;
        if (items[i].user_id <= 0)
            return kh_err_set(err, KH_E_VALIDATION, "owner_id", "请为每位客户选择负责人",
                              "choose an owner for every customer");
        if ((st = check_new_owner(ctx, &memo, items[i].user_id, &dept, &branch, err)))
            return st;
        t[i] = (struct distribution_target){items[i].customer_id, items[i].user_id, dept};
    }
    if ((st = customer_store_distribute(ctx, t, n, reason, err)))
        return st;
    *transferred = n;
    return KH_OK;
}

enum kh_status customer_transfer_targets(const struct kh_ctx *ctx, const int64_t *ids, int n,
                                         struct owner_user **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx_can(ctx, &customer_perm_transfer))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有销售经理可以转移客户",
                          "only a sales manager can transfer customers");
    struct transfer_item *items = NULL;
    int nitems = 0;
    enum kh_status st = load_transfer_set(ctx, ids, n, &items, &nitems, err);
    struct owner_user *users = NULL;
    int nusers = 0;
    if (!st)
        st = customer_store_active_users(ctx, &users, &nusers, err);
    if (st)
        return st;
    int k = 0;
    for (int i = 0; i < nusers; i++) {
        struct owner_memo m = owner_memo_of(&users[i]);
        struct kh_err ignored;
        kh_err_clear(&ignored);
        if (owned_by(items, nitems, users[i].id) == nitems || owner_acceptable(ctx, &m, &ignored))
            continue;
        users[k++] = users[i];
    }
    *out = users;
    *count = k;
    return KH_OK;
}

/* ---- list ---- */

enum kh_status customer_sample(const struct kh_ctx *ctx, const struct customer_filter *f, int n,
                               const struct customer_sample_by *by, int64_t **ids, int *count,
                               struct kh_err *err)
{
    *ids = NULL;
    *count = 0;
    if (f->q && *f->q)
        return kh_err_set(err, KH_E_VALIDATION, "filter.q", "抽样按客户分类筛选，不能用搜索词",
                          "a sample is drawn from a segment's fields, not from a search");
    if (n < 1 || n > CUSTOMER_SAMPLE_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "size", "抽取人数应在 1 到 500 之间",
                          "size is 1 to 500");
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    *ids = arena_alloc(ctx->arena, sizeof(**ids) * (size_t)n);
    if (scope.scope == KH_SCOPE_NONE)
        return KH_OK;
    struct customer_filter ff = *f;
    ff.destroy_due_by = 0;
    ff.own_reach = true; /* work is planned on the team's own customers, not on shared ones */
    return customer_store_sample(ctx, &scope, &ff, n, by, *ids, count, err);
}

enum kh_status customer_walk(const struct kh_ctx *ctx, const struct customer_filter *f,
                             int64_t after, int n, struct customer_walk_row *out, int *count,
                             struct kh_err *err)
{
    *count = 0;
    if (n < 1 || n > CUSTOMER_WALK_MAX)
        return kh_err_set(err, KH_E_INTERNAL, "", "批量大小无效", "bad batch size");
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    if (scope.scope == KH_SCOPE_NONE)
        return KH_OK;
    struct customer_filter ff = *f;
    ff.q = NULL;
    ff.retention = NULL;
    ff.destroy_due_by = 0;
    ff.archived = 0;
    ff.own_reach = true; /* a plan's tasks go to the team's own customers, not to shared ones */
    return customer_store_walk(ctx, &scope, &ff, after, n, out, count, err);
}

enum kh_status customer_list(const struct kh_ctx *ctx, const struct customer_filter *f,
                             struct customer_page *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    struct customer_filter ff = *f;
    ff.destroy_due_by = 0;
    if (ff.retention && !strcmp(ff.retention, "due")) { /* the destruction list (R-SEC-7) */
        ff.destroy_due_by = ctx_now(ctx);
        ff.archived = 1;
    }
    if (ff.limit <= 0 || ff.limit > 200)
        return kh_err_set(err, KH_E_INVALID, "limit", "limit 应在 1 到 200 之间",
                          "limit must be 1-200");
    if (scope.scope == KH_SCOPE_NONE) {
        out->items = arena_alloc(ctx->arena, sizeof(struct customer));
        return KH_OK;
    }
    struct tok_query *q = NULL;
    if (ff.q && *ff.q) {
        if (strlen(ff.q) > 400 || !utf8_valid(ff.q, strlen(ff.q)))
            return kh_err_set(err, KH_E_INVALID, "q", "搜索内容过长或无效",
                              "search text too long or invalid");
        q = arena_alloc(ctx->arena, sizeof(*q));
        if (!tok_query(str_from(ff.q), q)) {
            out->items = arena_alloc(ctx->arena, sizeof(struct customer));
            return KH_OK; /* only punctuation: nothing can match */
        }
        tok_query_blind_phones(q, customer__phone_token, NULL);
    }
    enum kh_status st = customer_store_list(ctx, &scope, &ff, q, out, err);
    if (!st && q)
        st = customer_store_backlog_any(ctx, &out->search_building, err);
    for (int i = 0; !st && ff.with_profile && i < out->count; i++)
        st = customer_store_contacts(ctx, out->items[i].id, &out->items[i].contacts,
                                     &out->items[i].ncontacts, err);
    for (int i = 0; !st && i < out->count; i++) {
        struct customer *c = &out->items[i];
        customer__mask(ctx, c);
        /* In the list through a branch's sharing rule, not the actor's own reach (R-OWN-6). */
        if (scope.scope == KH_SCOPE_DEPARTMENT &&
            !customer_scope_allows(&scope, c->owner_id, c->department_id, c->secrecy))
            c->shared_rule = -1;
    }
    int64_t n = 0;
    if (!st && ff.with_total)
        st = customer_store_count(ctx, &scope, &ff, q, LIST_COUNT_CAP + 1, &n, err);
    out->total = list_total_of(n);
    return st;
}

enum kh_status customer_owner_history(const struct kh_ctx *ctx, int64_t id,
                                      struct owner_change **out, int *count, struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer__load_readable(ctx, id, &c, err);
    if (!st)
        st = customer_store_owner_history(ctx, id, out, count, err);
    for (int i = 0; !st && i < *count; i++)
        (*out)[i].created = !strcmp((*out)[i].reason, CUSTOMER_OWNER_CREATED);
    return st;
}

enum kh_status customer_field_history(const struct kh_ctx *ctx, int64_t id,
                                      struct field_change **out, int *count, struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer__load_readable(ctx, id, &c, err);
    if (!st)
        st = customer_store_field_history(ctx, id, out, count, err);
    if (!st)
        customer__mask_changes(ctx, *out, *count);
    return st;
}

/* ---- search index upgrade ---- */

/*
 * Every customer's search document written again, in pages of their own
 * writes; with keys also their phone and ID-number keys. run (may be NULL):
 * the job whose progress this reports.
 */
static enum kh_status reindex_all(const struct kh_ctx *ctx, bool keys_too, struct job_run *run,
                                  int64_t *count, struct kh_err *err)
{
    enum { PAGE = 2000 };
    int64_t after = 0, done = 0, total = 0;
    int n = 0;
    enum kh_status st = run ? customer_store_count_all(ctx, &total, err) : KH_OK;
    int64_t blind = keys_too ? 1 : 0;
    do {
        struct arena a;
        arena_init(&a);
        struct kh_ctx c2 = *ctx;
        c2.arena = &a;
        int64_t *ids = NULL;
        st = customer_store_ids_after(&c2, after, PAGE, &ids, &n, err);
        struct search_doc *docs = arena_alloc(&a, sizeof(*docs) * (size_t)(n + 1));
        struct customer_key **keys = arena_alloc(&a, sizeof(*keys) * (size_t)(n + 1));
        int *nkeys = arena_alloc(&a, sizeof(*nkeys) * (size_t)(n + 1));
        for (int i = 0; !st && i < n; i++) {
            struct customer cu;
            if (!(st = customer_store_get(&c2, ids[i], &cu, err))) {
                customer__search_doc(&c2, &cu, &docs[i]);
                customer__keys(&c2, &cu, &keys[i], &nkeys[i]);
            }
        }
        if (!st && n)
            st = customer_store_replace_docs(&c2, ids, docs, blind == 1 ? keys : NULL, nkeys, n,
                                             err);
        if (n)
            after = ids[n - 1];
        done += n;
        arena_release(&a);
        if (run)
            job_progress(run, done, total > done ? total : done);
        if (n && done % 100000 == 0)
            log_info("msg=\"search index upgrade\" customers=%lld", (long long)done);
    } while (!st && n == PAGE && !(run && job_stopping(run)));
    if (!st && done) /* the old segments' pages are freed, and zeroed (secure_delete) */
        st = customer_store_search_optimize(ctx, err);
    *count = done;
    return st;
}

static enum kh_status run_reindex(struct job_run *run, struct kh_err *err)
{
    int64_t done = 0;
    enum kh_status st = reindex_all(&run->ctx, false, run, &done, err);
    if (st)
        return st;
    const char *summary = arena_printf(run->ctx.arena, "{\"customers\":%lld}", (long long)done);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

/* Rewriting every document again is harmless: a run cut short starts over. */
const struct job_kind customer_reindex_job_kind = {"customer.reindex", "重建搜索索引",
                                                   "Search index rebuild", run_reindex, 3};

/* Documents per write of a catch-up (fewer when another write waits). */
#define CATCH_UP_WRITE 20000

enum kh_status customer_search_catch_up(const struct kh_ctx *ctx, struct job_run *run,
                                        void (*progress)(void *arg, int64_t done, int64_t total),
                                        void *arg, int64_t *moved, bool *empty_out,
                                        struct kh_err *err)
{
    *moved = 0;
    *empty_out = false;
    int64_t total = 0, done = 0;
    enum kh_status st = customer_store_backlog_count(ctx, &total, err);
    *empty_out = !st && !total;
    if (st || !total)
        return st;
    if (run)
        job_phase(run, "indexing", total);
    bool bulk = total >= CUSTOMER_BULK_OPTIMIZE_AFTER, empty = false;
    int64_t t0 = clock_mono_us();
    for (bool first = true; !st && !empty; first = false) {
        struct arena a;
        arena_init(&a);
        struct kh_ctx c2 = *ctx;
        c2.arena = &a;
        int n = 0;
        st = customer_store_backlog_move(&c2, CATCH_UP_WRITE, bulk && first, &n, &empty, err);
        arena_release(&a);
        done += n;
        if (run)
            job_progress(run, done, total > done ? total : done);
        if (progress)
            progress(arg, done, total > done ? total : done);
        if (run && job_stopping(run))
            break;
    }
    *moved = done;
    *empty_out = !st && empty;
    if (!st)
        log_info("msg=\"search index caught up\" customers=%lld left=%s ms=%lld", (long long)done,
                 empty ? "none" : "some", (long long)((clock_mono_us() - t0) / 1000));
    return st;
}

/* Pages of merged postings per step: about 2 MB, a write of about a tenth of a second. */
#define MERGE_STEP_PAGES 500

void customer_search_merge(const struct kh_ctx *ctx, int64_t moved)
{
    if (moved < CUSTOMER_BULK_OPTIMIZE_AFTER)
        return;
    /* Every customer is found already: a merge that fails only leaves searches slower. */
    struct kh_err err;
    kh_err_clear(&err);
    int64_t t0 = clock_mono_us();
    int steps = 0;
    enum kh_status st = KH_OK;
    /* In steps of its own writes: other writes wait for one step, not for the whole merge. */
    for (bool more = true; more && !st; steps++)
        st = customer_store_search_merge(ctx, MERGE_STEP_PAGES, &more, &err);
    if (st)
        log_error("msg=\"search index merge after import failed\" err=\"%s\"", err.msg_en);
    else
        log_info("msg=\"search index merged\" steps=%d ms=%lld", steps,
                 (long long)((clock_mono_us() - t0) / 1000));
}

static enum kh_status run_backlog(struct job_run *run, struct kh_err *err)
{
    int64_t moved = 0;
    bool empty = false;
    enum kh_status st = customer_search_catch_up(&run->ctx, run, NULL, NULL, &moved, &empty, err);
    if (!st)
        customer_search_merge(&run->ctx, moved);
    return st ? st
              : job_set_result(
                    run, arena_printf(run->ctx.arena, "{\"customers\":%lld}", (long long)moved),
                    NULL, NULL, NULL, err);
}

/* Moving a document again is harmless: a run cut short leaves the rest for the next. */
const struct job_kind customer_search_backlog_kind = {
    "customer.search_backlog", "建立导入客户的搜索索引", "Search index of imported customers",
    run_backlog, 3};

/*
 * Each minute (its period) while documents wait and neither an import nor
 * this task's last job is queued or running (an import moves its own).
 */
static bool backlog_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    bool any = false;
    struct kh_err err;
    kh_err_clear(&err);
    if (customer_store_backlog_any(ctx, &any, &err) || !any)
        return false;
    static const char *const kinds[] = {"customer.search_backlog", "import"};
    if (jobs_active(ctx, kinds, 2, &any, &err) || any)
        return false;
    snprintf(period, cap, "minute-%lld", (long long)(now / 60));
    return true;
}

const struct job_task customer_search_backlog_task = {
    "customer.search_backlog", "为导入的客户建立搜索索引",
    "Put imported customers into the search index", &customer_search_backlog_kind, backlog_due};

enum kh_status customer_search_upgrade(const struct kh_ctx *ctx, struct kh_err *err)
{
    int64_t reindex = 0, blind = 0, done = 0;
    enum kh_status st = settings_get_int(ctx, "search_reindex", 0, &reindex, err);
    if (!st)
        st = settings_get_int(ctx, "customer_blind_keys", 0, &blind, err);
    if (st || (reindex != 1 && blind != 1))
        return st;
    st = reindex_all(ctx, blind == 1, NULL, &done, err);
    if (!st) {
        const char *const keys[] = {"search_reindex", "customer_blind_keys"};
        const char *const zero[] = {"0", "0"};
        st = settings_put_many(ctx, keys, zero, 2, err);
    }
    if (!st && done)
        log_info("msg=\"search index upgraded\" customers=%lld", (long long)done);
    return st;
}

/* ---- stored phone form upgrade ---- */

/* The stored form of each phone of rows; how many rows changed. Unconvertible ones are logged. */
static int phones_to_store_form(struct arena *a, bool contacts, struct phone_row *rows, int n)
{
    static const char *const names[] = {"mobile", "phone_office", "phone_home"};
    int changed = 0;
    struct buf b;
    buf_init(&b, 64);
    for (int i = 0; i < n; i++) {
        bool row_changed = false;
        for (int k = 0; k < 3; k++) {
            const char *v = rows[i].phone[k];
            if (!*v)
                continue;
            buf_reset(&b);
            if (!phone_canonical(str_from(v), &b) || b.overflow) {
                log_warn("msg=\"phone kept as written: not a phone number\" table=%s id=%lld "
                         "field=%s",
                         contacts ? "contacts" : "customers", (long long)rows[i].id, names[k]);
                continue;
            }
            if (strcmp(v, buf_cstr(&b)) != 0) {
                rows[i].phone[k] = arena_strdup(a, buf_cstr(&b));
                row_changed = true;
            }
        }
        changed += row_changed;
    }
    buf_release(&b);
    return changed;
}

static enum kh_status phone_upgrade_table(const struct kh_ctx *ctx, bool contacts, int64_t *changed,
                                          struct kh_err *err)
{
    enum { PAGE = 2000 };
    int64_t after = 0;
    int n = 0;
    enum kh_status st = KH_OK;
    do {
        struct arena a;
        arena_init(&a);
        struct kh_ctx c2 = *ctx;
        c2.arena = &a;
        struct phone_row *rows = NULL;
        st = customer_store_phones_after(&c2, contacts, after, PAGE, &rows, &n, err);
        if (!st && n) {
            after = rows[n - 1].id;
            int k = phones_to_store_form(&a, contacts, rows, n);
            if (k > 0)
                st = customer_store_phones_put(&c2, contacts, rows, n, err);
            *changed += k;
        }
        arena_release(&a);
    } while (!st && n == PAGE);
    return st;
}

enum kh_status customer_phone_upgrade(const struct kh_ctx *ctx, struct kh_err *err)
{
    int64_t pending = 0;
    enum kh_status st = settings_get_int(ctx, "phone_canonical", 0, &pending, err);
    if (st || pending != 1)
        return st;
    int64_t changed = 0;
    st = phone_upgrade_table(ctx, false, &changed, err);
    if (!st)
        st = phone_upgrade_table(ctx, true, &changed, err);
    if (!st)
        st = settings_put(ctx, "phone_canonical", "0", err);
    if (!st)
        log_info("msg=\"phones stored in one form\" rows=%lld", (long long)changed);
    return st;
}

enum kh_status customer_check_records(const struct kh_ctx *ctx, struct kh_err *err)
{
    int64_t id = 0;
    const char *column = NULL;
    enum kh_status st = customer_store_check_records(ctx, &id, &column, err);
    if (st)
        return st;
    if (column)
        return kh_err_setf(err, KH_E_INVALID, "file", "客户记录 %lld 的“%s”已损坏，无法读出",
                           "customer record %lld is damaged: its %s cannot be read", (long long)id,
                           column, (long long)id, column);
    return KH_OK;
}

/* ---- destruction (R-SEC-7) ---- */

enum kh_status customer_destroy_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                   struct customer_destroyed *out, struct kh_err *err)
{
    return customer_store_destroy_on(c, ctx, id, out, err);
}

enum kh_status customer_retention_recompute_on(struct db_conn *c, struct kh_err *err)
{
    return customer_store_retention_recompute_on(c, err);
}

enum kh_status customer_destroy_target(const struct kh_ctx *ctx, int64_t id, const char *field,
                                       struct customer *out, struct kh_err *err)
{
    enum kh_status st = id > 0 ? customer_store_get(ctx, id, out, err) : KH_E_NOT_FOUND;
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    if (st == KH_E_NOT_FOUND ||
        (!st && !customer_scope_allows(&scope, out->owner_id, out->department_id, out->secrecy)))
        return kh_err_setf(err, KH_E_VALIDATION, field, "没有编号为 %lld 的客户",
                           "no customer with id %lld", (long long)id, (long long)id);
    if (!st && !out->archived)
        return kh_err_setf(err, KH_E_VALIDATION, field, "客户 %s 未归档：只能销毁已归档的客户",
                           "customer %s is not archived: only archived customers are destroyed",
                           out->code, out->code);
    return st;
}

enum kh_status customer_search_compact(const struct kh_ctx *ctx, struct kh_err *err)
{
    return customer_store_search_optimize(ctx, err);
}
