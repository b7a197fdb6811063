/* New-customer development: candidates, their stages and scores, the selection criteria. */
#include "develop/develop.h"

#include <string.h>

#include "app/registry.h"
#include "core/arena.h"
#include "http/http.h"

static const char *const field_names[] = {"name",
                                          "uscc",
                                          "contact",
                                          "phone",
                                          "history",
                                          "profile",
                                          "annual_accounts",
                                          "catalogue",
                                          "talks",
                                          "site_visited_on",
                                          "site_team",
                                          "site_findings",
                                          "reason",
                                          "trading_policy",
                                          "goods_amounts",
                                          "findings",
                                          "supply_signed_on",
                                          "quality_signed_on",
                                          "payment_terms",
                                          NULL};

static const char *const *candidate_values(const struct candidate *c, const char *out[19])
{
    const char *v[19] = {c->name,
                         c->uscc,
                         c->contact,
                         c->phone,
                         c->history,
                         c->profile,
                         c->annual_accounts,
                         c->catalogue,
                         c->talks,
                         c->site_visited_on,
                         c->site_team,
                         c->site_findings,
                         c->reason,
                         c->trading_policy,
                         c->goods_amounts,
                         c->findings,
                         c->supply_signed_on,
                         c->quality_signed_on,
                         c->payment_terms};
    memcpy(out, v, sizeof(v));
    return out;
}

static json_t *candidate_json(struct http_req *r, const struct candidate *c, bool full)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    const char *v[19];
    candidate_values(c, v);
    for (int i = 0; field_names[i]; i++)
        json_object_set_new(o, field_names[i], json_string(v[i]));
    json_object_set_new(o, "stage", json_string(c->stage));
    json_object_set_new(o, "owner", http_json_ref(c->owner_id, c->owner_name));
    json_object_set_new(o, "approval",
                        c->approval_id ? json_pack("{s:I, s:s}", "id", (json_int_t)c->approval_id,
                                                   "state", c->approval_state)
                                       : json_null());
    json_object_set_new(o, "customer",
                        c->customer_id ? json_pack("{s:I, s:s}", "id", (json_int_t)c->customer_id,
                                                   "code", c->customer_code)
                                       : json_null());
    json_object_set_new(o, "drop_reason", json_string(c->drop_reason));
    json_object_set_new(o, "created_at", http_json_time(r, c->created_at));
    json_object_set_new(o, "updated_at", http_json_time(r, c->updated_at));
    if (!full)
        return o;
    json_t *crit = json_array(), *steps = json_array();
    for (int i = 0; i < c->ncriteria; i++) {
        const struct criterion *x = &c->criteria[i];
        json_array_append_new(crit, json_pack("{s:s, s:s, s:s, s:i, s:o}", "code", x->code, "name",
                                              x->name, "name_en", x->name_en, "weight", x->weight,
                                              "score",
                                              x->score < 0 ? json_null() : json_integer(x->score)));
    }
    for (int i = 0; i < c->nsteps; i++) {
        const struct candidate_step *s = &c->steps[i];
        json_array_append_new(steps,
                              json_pack("{s:s, s:o, s:o, s:s}", "stage", s->stage, "at",
                                        http_json_time(r, s->at), "by",
                                        http_json_ref(s->by_id, s->by_name), "note", s->note));
    }
    json_object_set_new(o, "criteria", crit);
    json_object_set_new(o, "score",
                        c->score_x10 < 0 ? json_null() : json_real(c->score_x10 / 10.0));
    json_object_set_new(o, "steps", steps);
    const char *next = candidate_next_stage(c->stage);
    json_object_set_new(o, "next_stage", next ? json_string(next) : json_null());
    return o;
}

static void reply_candidate(struct http_req *r, int status, int64_t id)
{
    struct candidate c;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_get(&r->ctx, id, &c, &err), &err))
        http_reply_json(r, status, candidate_json(r, &c, true));
}

static bool read_input(struct http_req *r, json_t *o, struct candidate_input *in)
{
    memset(in, 0, sizeof(*in));
    const char **slots[19] = {&in->name,
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
    for (int i = 0; field_names[i]; i++)
        if (!http_get_str(r, o, field_names[i], slots[i]))
            return false;
    return true;
}

static void get_candidates(struct http_req *r)
{
    struct candidate *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, candidate_list(&r->ctx, http_query(r, "stage"), &items, &n, &err),
                           &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, candidate_json(r, &items[i], false));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void post_candidate(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct candidate_input in;
    if (!o || !read_input(r, o, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_create(&r->ctx, &in, &id, &err), &err))
        reply_candidate(r, 201, id);
}

static void get_candidate(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_candidate(r, 200, id);
}

static void patch_candidate(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct candidate_input in;
    if (!o || !read_input(r, o, &in))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_update(&r->ctx, id, &in, &err), &err))
        reply_candidate(r, 200, id);
}

/* {"<key>": {"code": n, …}}: codes and whole numbers. */
static bool read_map(struct http_req *r, json_t *o, const char *key, const char ***codes,
                     int64_t **values, int *n)
{
    json_t *m = json_object_get(o, key);
    if (!json_is_object(m) || json_object_size(m) > CANDIDATE_CRITERIA_MAX) {
        http_reply_error(r, 400, "invalid", key, "须为“标准代码: 整数”的对象",
                         "an object of criterion code: whole number");
        return false;
    }
    size_t k = json_object_size(m), i = 0;
    *codes = arena_alloc(r->ctx.arena, sizeof(char *) * (k + 1));
    *values = arena_alloc(r->ctx.arena, sizeof(int64_t) * (k + 1));
    const char *name;
    json_t *v;
    json_object_foreach (m, name, v) {
        if (!json_is_integer(v)) {
            http_reply_error(r, 400, "invalid", key, "每项须为整数",
                             "each value is a whole number");
            return false;
        }
        (*codes)[i] = name;
        (*values)[i] = json_integer_value(v);
        i++;
    }
    *n = (int)i;
    return true;
}

static void put_scores(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char **codes = NULL;
    int64_t *values = NULL;
    int n = 0;
    if (!o || !read_map(r, o, "scores", &codes, &values, &n))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_score(&r->ctx, id, codes, values, n, &err), &err))
        reply_candidate(r, 200, id);
}

static void post_advance(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *note = NULL;
    if (!o || !http_get_str(r, o, "note", &note))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_advance(&r->ctx, id, note, &err), &err))
        reply_candidate(r, 200, id);
}

static void post_drop(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *reason = NULL;
    if (!o || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_drop(&r->ctx, id, reason, &err), &err))
        reply_candidate(r, 200, id);
}

static void reply_criteria(struct http_req *r)
{
    struct criterion *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, candidate_criteria(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:s, s:s, s:i, s:i}", "code", items[i].code, "name",
                                        items[i].name, "name_en", items[i].name_en, "weight",
                                        items[i].weight, "position", items[i].position));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_criteria(struct http_req *r)
{
    reply_criteria(r);
}

static void put_criteria(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char **codes = NULL;
    int64_t *values = NULL;
    int n = 0;
    if (!o || !read_map(r, o, "weights", &codes, &values, &n))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, candidate_criteria_put(&r->ctx, codes, values, n, &err), &err))
        reply_criteria(r);
}

static const struct route develop_routes[] = {
    {"GET", "/api/v1/candidates", get_candidates, 0},
    {"POST", "/api/v1/candidates", post_candidate, 0},
    {"GET", "/api/v1/candidates/:id", get_candidate, 0},
    {"PATCH", "/api/v1/candidates/:id", patch_candidate, 0},
    {"PUT", "/api/v1/candidates/:id/scores", put_scores, 0},
    {"POST", "/api/v1/candidates/:id/advance", post_advance, 0},
    {"POST", "/api/v1/candidates/:id/drop", post_drop, 0},
    {"GET", "/api/v1/candidate-criteria", get_criteria, 0},
    {"PUT", "/api/v1/candidate-criteria", put_criteria, 0},
    {0},
};

static const struct kh_perm *const develop_perms[] = {&candidate_perm_manage,
                                                      &candidate_perm_criteria, NULL};

static const struct kh_audit_action develop_audit_actions[] = {
    {"candidate.create", "登记候选客户", "Candidate registered"},
    {"candidate.update", "修改候选客户", "Candidate changed"},
    {"candidate.score", "候选客户评分", "Candidate scored"},
    {"candidate.advance", "候选客户进入下一阶段", "Candidate moved on"},
    {"candidate.apply", "提出新客户认定申请", "Admission applied for"},
    {"candidate.approve", "新客户认定获批", "Admission approved"},
    {"candidate.admit", "新客户认定完成", "New customer admitted"},
    {"candidate.drop", "放弃候选客户", "Candidate dropped"},
    {"candidate.criteria", "修改选择标准权重", "Selection criteria weighted"},
    {0},
};

const struct capability develop_capability = {
    .name = "develop",
    .label_zh = "新客户开发",
    .label_en = "New-customer development",
    .routes = {develop_routes},
    .perms = develop_perms,
    .audit_actions = develop_audit_actions,
    .approval_kinds = (const struct approval_kind *const[]){&candidate_approval_admit, NULL},
    .document_kinds = (const struct document_kind *const[]){&candidate_document_kind, NULL},
};
