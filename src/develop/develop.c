/* New-customer development: the stages, their checklists, the score, admission. */
#include "app/field.h"
#include "develop/develop.h"

#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "approval/approval.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "develop/develop_store.h"
#include "documents/documents.h"
#include "text/validate.h"

const struct kh_perm candidate_perm_manage = {"candidate.manage", "开发新客户",
                                              "Develop new customers"};
const struct kh_perm candidate_perm_criteria = {"candidate.criteria", "设置新客户评分标准",
                                                "Set the selection criteria's weights"};

static const char *const stages[] = {"candidate", "general",    "site",     "application",
                                     "approved",  "contracted", "admitted", NULL};

const char *candidate_next_stage(const char *stage)
{
    for (int i = 0; stages[i]; i++)
        if (!strcmp(stages[i], stage))
            return stages[i + 1];
    return NULL;
}

/* The stage's number (0 candidate … 6 admitted; 7 dropped or unknown). */
static int stage_index(const char *stage)
{
    for (int i = 0; stages[i]; i++)
        if (!strcmp(stages[i], stage))
            return i;
    return 7;
}

static enum kh_status not_found(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个候选客户，或您无权查看",
                      "no such candidate, or not yours to see");
}

/* Whether the actor works on candidates of owner (their own, the department's, everyone's). */
static enum kh_status open_candidate(const struct kh_ctx *ctx, int64_t id, bool full,
                                     struct candidate *c, struct kh_err *err)
{
    if (!ctx_can(ctx, &candidate_perm_manage) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要开发新客户的权限",
                          "developing new customers is needed");
    enum kh_status st = develop_store_get(ctx, id, full, c, err);
    if (st)
        return st;
    /* Their own; a department manager's department's people's; everyone's for the whole company. */
    struct customer_scope s = customer_scope_of(&ctx->actor);
    if (s.scope == KH_SCOPE_ALL || c->owner_id == ctx->actor.user_id)
        return KH_OK;
    struct user owner;
    if (s.scope == KH_SCOPE_DEPARTMENT && s.department_id && c->owner_id &&
        !account_user_get(ctx, c->owner_id, &owner, err) && owner.department_id == s.department_id)
        return KH_OK;
    return not_found(err);
}

/* One field of the input: its name, the stage it belongs to, its limit, and where it goes. */
struct field {
    const char *name;
    int stage; /* the stage (stage_index) from which it may be filled */
    size_t max;
    bool date;
    const char *zh, *en;
};

static const struct field fields[] = {
    {"name", 0, CANDIDATE_NAME_MAX, false, "名称", "the name"},
    {"uscc", 0, 18, false, "统一社会信用代码", "the unified social credit code"},
    {"contact", 0, CANDIDATE_SHORT_MAX, false, "联系人", "the contact"},
    {"phone", 0, 40, false, "电话", "the phone"},
    {"history", 1, CANDIDATE_TEXT_MAX, false, "企业沿革", "the company's history"},
    {"profile", 1, CANDIDATE_TEXT_MAX, false, "企业概况", "the company's profile"},
    {"annual_accounts", 1, CANDIDATE_TEXT_MAX, false, "最新年度决算", "the latest annual accounts"},
    {"catalogue", 1, CANDIDATE_TEXT_MAX, false, "产品指南与目录", "the product catalogue"},
    {"talks", 1, CANDIDATE_TEXT_MAX, false, "与负责人的商谈", "the talks with its heads"},
    {"site_visited_on", 2, 10, true, "实地调查日期", "the day of the site visit"},
    {"site_team", 2, CANDIDATE_SHORT_MAX, false, "调查小组", "the investigation team"},
    {"site_findings", 2, CANDIDATE_TEXT_MAX, false, "实地调查结果", "the site findings"},
    {"reason", 3, CANDIDATE_TEXT_MAX, false, "交易理由", "the reason to trade"},
    {"trading_policy", 3, CANDIDATE_TEXT_MAX, false, "交易方针", "the trading policy"},
    {"goods_amounts", 3, CANDIDATE_TEXT_MAX, false, "交易商品与金额", "the goods and amounts"},
    {"findings", 3, CANDIDATE_TEXT_MAX, false, "调查资料与结果", "the investigation results"},
    {"supply_signed_on", 4, 10, true, "供货合同签订日期", "the day the supply contract was signed"},
    {"quality_signed_on", 4, 10, true, "质量保证合同签订日期",
     "the day the quality-assurance contract was signed"},
    {"payment_terms", 4, CANDIDATE_SHORT_MAX, false, "付款方式", "the payment terms"},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const char **input_slot(const struct candidate_input *in, size_t i)
{
    const char *const *v[] = {&in->name,
                              &in->uscc,
                              &in->contact,
                              &in->phone,
                              &in->history,
                              &in->profile,
                              &in->annual_accounts,
                              &in->catalogue,
                              &in->talks,
                              &in->site_visited_on,
                              &in->site_team,
                              &in->site_findings,
                              &in->reason,
                              &in->trading_policy,
                              &in->goods_amounts,
                              &in->findings,
                              &in->supply_signed_on,
                              &in->quality_signed_on,
                              &in->payment_terms};
    return (const char **)v[i];
}

static const char **row_slot(struct candidate *c, size_t i)
{
    const char **v[] = {&c->name,
                        &c->uscc,
                        &c->contact,
                        &c->phone,
                        &c->history,
                        &c->profile,
                        &c->annual_accounts,
                        &c->catalogue,
                        &c->talks,
                        &c->site_visited_on,
                        &c->site_team,
                        &c->site_findings,
                        &c->reason,
                        &c->trading_policy,
                        &c->goods_amounts,
                        &c->findings,
                        &c->supply_signed_on,
                        &c->quality_signed_on,
                        &c->payment_terms};
    return v[i];
}

static enum kh_status apply_input(const struct kh_ctx *ctx, const struct candidate_input *in,
                                  struct candidate *c, struct kh_err *err)
{
    int at = stage_index(c->stage);
    char today[16];
    time_format_date(ctx_tz(ctx), ctx_now(ctx), today, sizeof(today));
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *v = *input_slot(in, i);
        if (!v)
            continue;
        const struct field *f = &fields[i];
        if (f->stage > at || at >= 6)
            return kh_err_setf(err, KH_E_CONFLICT, f->name, "现阶段还不能填写%s", "%s comes later",
                               f->zh, f->en);
        const char *t = field_trim(ctx->arena, v);
        if (!utf8_text_ok(t, f->max, false) ||
            (f->date && *t && (!date_valid(t) || strcmp(t, today) > 0)))
            return kh_err_setf(err, KH_E_VALIDATION, f->name,
                               f->date ? "%s须为不晚于今天的日期（YYYY-MM-DD）" : "%s最多 %zu 字",
                               f->date ? "%s is a day (YYYY-MM-DD) not after today"
                                       : "%s is at most %zu characters",
                               f->zh, f->max, f->en, f->max);
        *row_slot(c, i) = t;
    }
    if (!*c->name)
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写候选客户名称",
                          "give the candidate's name");
    if (*c->uscc) {
        char *u = (char *)c->uscc;
        for (char *p = u; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        if (!valid_uscc(str_from(u)))
            return kh_err_set(err, KH_E_VALIDATION, "uscc", "统一社会信用代码无效",
                              "not a valid unified social credit code");
    }
    return KH_OK;
}

enum kh_status candidate_create(const struct kh_ctx *ctx, const struct candidate_input *in,
                                int64_t *id, struct kh_err *err)
{
    *id = 0;
    if (!ctx_can(ctx, &candidate_perm_manage) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要开发新客户的权限",
                          "developing new customers is needed");
    struct candidate c = {.stage = "candidate", .owner_id = ctx->actor.user_id, .drop_reason = ""};
    for (size_t i = 0; i < NFIELDS; i++)
        *row_slot(&c, i) = "";
    enum kh_status st = apply_input(ctx, in, &c, err);
    if (!st)
        st = develop_store_put(ctx, &c, NULL, "", "candidate.create", err);
    *id = st ? 0 : c.id;
    return st;
}

enum kh_status candidate_update(const struct kh_ctx *ctx, int64_t id,
                                const struct candidate_input *in, struct kh_err *err)
{
    struct candidate c;
    enum kh_status st = open_candidate(ctx, id, false, &c, err);
    if (st)
        return st;
    if (!strcmp(c.stage, "application") && !strcmp(c.approval_state, "pending"))
        return kh_err_set(err, KH_E_CONFLICT, "stage", "认定申请审批中，不能修改",
                          "the admission application awaits its decision");
    if ((st = apply_input(ctx, in, &c, err)))
        return st;
    return develop_store_put(ctx, &c, NULL, "", "candidate.update", err);
}

static void score_of(struct candidate *c)
{
    int64_t sum = 0, weights = 0;
    c->score_x10 = -1;
    for (int i = 0; i < c->ncriteria; i++) {
        if (c->criteria[i].score < 0)
            return;
        sum += (int64_t)c->criteria[i].score * c->criteria[i].weight;
        weights += c->criteria[i].weight;
    }
    if (weights > 0)
        c->score_x10 = (int)((sum * 10 + weights / 2) / weights);
}

enum kh_status candidate_get(const struct kh_ctx *ctx, int64_t id, struct candidate *out,
                             struct kh_err *err)
{
    enum kh_status st = open_candidate(ctx, id, true, out, err);
    if (!st)
        score_of(out);
    return st;
}

enum kh_status candidate_score(const struct kh_ctx *ctx, int64_t id, const char *const *codes,
                               const int64_t *scores, int n, struct kh_err *err)
{
    struct candidate c;
    enum kh_status st = open_candidate(ctx, id, true, &c, err);
    if (st)
        return st;
    if (stage_index(c.stage) < 2 || stage_index(c.stage) > 3 ||
        (!strcmp(c.stage, "application") && !strcmp(c.approval_state, "pending")))
        return kh_err_set(err, KH_E_CONFLICT, "stage", "评分在实地调查后、提出认定申请时进行",
                          "the criteria are scored after the site visit, with the application");
    int64_t *ids = arena_alloc(ctx->arena, sizeof(int64_t) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        ids[i] = 0;
        for (int k = 0; k < c.ncriteria; k++)
            if (!strcmp(c.criteria[k].code, codes[i]))
                ids[i] = c.criteria[k].id;
        if (!ids[i])
            return kh_err_setf(err, KH_E_VALIDATION, "scores", "没有评分标准 %s", "no criterion %s",
                               codes[i], codes[i]);
        if (scores[i] < 0 || scores[i] > 10)
            return kh_err_setf(err, KH_E_VALIDATION, "scores", "%s 的评分为 0 到 10",
                               "the score of %s is 0 to 10", codes[i], codes[i]);
    }
    return develop_store_scores(ctx, id, ids, scores, n, err);
}

/* The names of the checklist fields of stage (stage_index) still empty, comma-separated. */
static const char *missing(struct arena *a, struct candidate *c, int stage, bool *any)
{
    const char *out = "";
    *any = false;
    for (size_t i = 0; i < NFIELDS; i++) {
        if (fields[i].stage != stage || !strcmp(fields[i].name, "payment_terms") ||
            !strcmp(fields[i].name, "site_team") || !strcmp(fields[i].name, "talks"))
            continue;
        if (!**row_slot(c, i)) {
            out = arena_printf(a, "%s%s%s", out, *any ? "," : "", fields[i].name);
            *any = true;
        }
    }
    return out;
}

static enum kh_status admit(const struct kh_ctx *ctx, struct candidate *c, const char *note,
                            struct kh_err *err)
{
    struct customer_input in;
    customer_input_init(&in);
    in.kind = "organization";
    in.name = c->name;
    if (*c->uscc)
        in.uscc = c->uscc;
    in.stage = "customer";
    in.source = "other";
    in.notes = arena_printf(ctx->arena, "新客户开发认定（候选 #%lld）", (long long)c->id);
    in.owner_id = c->owner_id;
    int64_t customer = 0;
    struct customer made;
    enum kh_status st = customer_create(ctx, &in, &customer, &made, err);
    if (st)
        return st;
    c->customer_id = customer;
    c->customer_code = made.code;
    return develop_store_put(ctx, c, "admitted", note, "candidate.admit", err);
}

enum kh_status candidate_advance(const struct kh_ctx *ctx, int64_t id, const char *note,
                                 struct kh_err *err)
{
    struct candidate c;
    enum kh_status st = open_candidate(ctx, id, true, &c, err);
    if (st)
        return st;
    score_of(&c);
    const char *to = candidate_next_stage(c.stage);
    int at = stage_index(c.stage);
    if (!to || at >= 6)
        return kh_err_set(err, KH_E_CONFLICT, "stage", "这个候选客户已认定或已放弃",
                          "this candidate is admitted or dropped already");
    if (note && !utf8_text_ok(note, 500, false))
        return kh_err_set(err, KH_E_VALIDATION, "note", "说明最多 500 字",
                          "the note is at most 500 characters");
    bool any = false;
    const char *gaps = missing(ctx->arena, &c, at == 0 ? -1 : at, &any);
    if (at == 3 && c.score_x10 < 0)
        gaps = arena_printf(ctx->arena, "%s%sscores", gaps, any ? "," : ""), any = true;
    if (any)
        return kh_err_setf(err, KH_E_CONFLICT, "stage", "本阶段清单未完成：%s",
                           "this stage's checklist is not complete: %s", gaps, gaps);
    if (at == 3) { /* the admission application goes to the market head */
        if (!strcmp(c.approval_state, "pending"))
            return kh_err_set(err, KH_E_CONFLICT, "stage", "认定申请正在审批",
                              "the admission application awaits its decision");
        struct approval_draft d = {
            .kind = &candidate_approval_admit,
            .subject = arena_printf(ctx->arena, "{\"candidate_id\":%lld}", (long long)id),
            .reason = *c.reason ? c.reason : "新客户认定",
            .purpose = c.trading_policy,
        };
        int64_t request = 0;
        if ((st = approval_submit_kind(ctx, &d, &request, err)))
            return st;
        c.approval_id = request;
        return develop_store_put(ctx, &c, NULL, note, "candidate.apply", err);
    }
    if (at == 5)
        return admit(ctx, &c, note, err);
    return develop_store_put(ctx, &c, to, note, "candidate.advance", err);
}

enum kh_status candidate_drop(const struct kh_ctx *ctx, int64_t id, const char *reason,
                              struct kh_err *err)
{
    const char *why = field_trim(ctx->arena, reason ? reason : "");
    if (!*why || !utf8_text_ok(why, CANDIDATE_TEXT_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请说明放弃原因",
                          "say why the candidate is dropped");
    struct candidate c;
    enum kh_status st = open_candidate(ctx, id, false, &c, err);
    if (st)
        return st;
    if (stage_index(c.stage) >= 6)
        return kh_err_set(err, KH_E_CONFLICT, "stage", "这个候选客户已认定或已放弃",
                          "this candidate is admitted or dropped already");
    c.drop_reason = why;
    return develop_store_put(ctx, &c, "dropped", why, "candidate.drop", err);
}

enum kh_status candidate_list(const struct kh_ctx *ctx, const char *stage, struct candidate **out,
                              int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx_can(ctx, &candidate_perm_manage) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要开发新客户的权限",
                          "developing new customers is needed");
    if (stage && *stage && stage_index(stage) == 7 && strcmp(stage, "dropped"))
        return kh_err_set(err, KH_E_VALIDATION, "stage", "没有这个阶段", "no such stage");
    struct customer_scope s = customer_scope_of(&ctx->actor);
    int64_t owner = s.scope == KH_SCOPE_ALL ? 0 : ctx->actor.user_id;
    int64_t dept = s.scope == KH_SCOPE_DEPARTMENT ? s.department_id : 0;
    return develop_store_list(ctx, owner, dept, stage, out, count, err);
}

enum kh_status candidate_criteria(const struct kh_ctx *ctx, struct criterion **out, int *count,
                                  struct kh_err *err)
{
    if ((!ctx_can(ctx, &candidate_perm_manage) && !ctx_can(ctx, &candidate_perm_criteria)) ||
        !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要开发新客户的权限",
                          "developing new customers is needed");
    return develop_store_criteria(ctx, 0, out, count, err);
}

enum kh_status candidate_criteria_put(const struct kh_ctx *ctx, const char *const *codes,
                                      const int64_t *weights, int n, struct kh_err *err)
{
    if (!ctx_can(ctx, &candidate_perm_criteria) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要设置评分标准的权限",
                          "setting the selection criteria is needed");
    struct criterion *all = NULL;
    int m = 0;
    enum kh_status st = develop_store_criteria(ctx, 0, &all, &m, err);
    if (st)
        return st;
    int64_t *ids = arena_alloc(ctx->arena, sizeof(int64_t) * (size_t)(n + 1)), total = 0;
    for (int i = 0; i < n; i++) {
        ids[i] = 0;
        for (int k = 0; k < m; k++)
            if (!strcmp(all[k].code, codes[i]))
                ids[i] = all[k].id;
        if (!ids[i])
            return kh_err_setf(err, KH_E_VALIDATION, "weights", "没有评分标准 %s",
                               "no criterion %s", codes[i], codes[i]);
        if (weights[i] < 0 || weights[i] > 100)
            return kh_err_setf(err, KH_E_VALIDATION, "weights", "%s 的权重为 0 到 100",
                               "the weight of %s is 0 to 100", codes[i], codes[i]);
    }
    for (int k = 0; k < m; k++) { /* the weights after the change, all of them */
        int64_t w = all[k].weight;
        for (int i = 0; i < n; i++)
            if (ids[i] == all[k].id)
                w = weights[i];
        total += w;
    }
    if (!total)
        return kh_err_set(err, KH_E_VALIDATION, "weights", "权重不能全部为 0",
                          "the weights cannot all be 0");
    return develop_store_weights(ctx, ids, weights, n, err);
}

/* ---- the approval kind: the market head decides the admission application ---- */

static int64_t subject_id(const char *subject)
{
    long long id = 0;
    return subject && sscanf(subject, "{\"candidate_id\":%lld}", &id) == 1 ? id : 0;
}

static enum kh_status admit_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                  struct kh_err *err)
{
    struct candidate c;
    int64_t id = subject_id(d->subject);
    enum kh_status st = id ? open_candidate(ctx, id, true, &c, err) : not_found(err);
    if (st)
        return st;
    if (strcmp(c.stage, "application"))
        return kh_err_set(err, KH_E_CONFLICT, "stage", "候选客户尚未到认定申请阶段",
                          "the candidate has not reached the admission application");
    score_of(&c);
    d->summary_zh = arena_printf(ctx->arena, "新客户认定：%s（评分 %d.%d）", c.name,
                                 c.score_x10 / 10, c.score_x10 % 10);
    d->summary_en = arena_printf(ctx->arena, "New customer admission: %s (score %d.%d)", c.name,
                                 c.score_x10 / 10, c.score_x10 % 10);
    return KH_OK;
}

static enum kh_status admit_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                  const struct approval_request *r, struct kh_err *err)
{
    int64_t id = subject_id(r->subject);
    if (!id)
        return kh_err_set(err, KH_E_INTERNAL, "", "审批内容无法读取",
                          "the request's subject cannot be read");
    return develop_store_move_on(c, ctx, id, "application", "approved", r->id, err);
}

/* The market head: the requester's department head (the sales department's manager). */
static const struct approval_rule admit_rules[] = {
    {.approver = "dept_head", .hours = 72},
    {0},
};

const struct approval_kind candidate_approval_admit = {
    .name = "candidate.admit",
    .label_zh = "新客户认定",
    .label_en = "New customer admission",
    .defaults = admit_rules,
    .not_direct = true,
    .check = admit_check,
    .apply = admit_apply,
};

/* A candidate's investigation files (history, accounts, catalogue, the signed contracts). */
static enum kh_status document_owner(const struct kh_ctx *ctx, int64_t id, bool write,
                                     int64_t *customer_id, struct kh_err *err)
{
    (void)write;
    struct candidate c;
    enum kh_status st = open_candidate(ctx, id, false, &c, err);
    if (st)
        return st == KH_E_NOT_FOUND
                   ? kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这个候选客户，或您无权查看",
                                "no such candidate, or not yours to see")
                   : st;
    *customer_id = c.customer_id;
    return KH_OK;
}

const struct document_kind candidate_document_kind = {"candidate", document_owner};
