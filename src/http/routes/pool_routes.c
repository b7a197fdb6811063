/*
 * The public pool 公海 (R-OWN-7): release, the pool, claims, the reclaim rules; and the
 * balanced distribution of unowned customers (R-OWN-3).
 */
#include "customer/customer.h"
#include "customer/customer_pool.h"
#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"

/* POST /customers/:id/release {reason} */
static void post_release(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *reason = NULL;
    if (!o || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_pool_release(&r->ctx, id, reason, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "in_pool", 1));
}

static void get_pool(struct http_req *r)
{
    struct pool_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &pool_list_spec, &f, &pg))
        return;
    struct pool_customer *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_pool_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct pool_customer *x = &items[i];
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:s, s:o}", "id",
                         (json_int_t)x->id, "code", x->code, "name", x->name, "kind", x->kind,
                         "grade", x->grade, "category", x->category, "province_code",
                         x->province_code, "city_code", x->city_code, "pool_since",
                         http_json_time(r, x->pool_since), "pool_reason", x->pool_reason,
                         "last_contact", http_json_time(r, x->last_contact)));
    }
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void post_claim(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id || !http_body_object(r))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_pool_claim(&r->ctx, id, &err), &err))
        http_reply_json(r, 200,
                        json_pack("{s:I, s:o}", "id", (json_int_t)id, "owner",
                                  http_json_actor(r, r->ctx.actor.user_id, r->ctx.actor.name)));
}

static json_t *rules_json(const struct pool_rule *rules, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:i, s:i}", "grade", rules[i].grade,
                                           "no_followup_days", rules[i].no_followup_days,
                                           "no_deal_days", rules[i].no_deal_days));
    return json_pack("{s:o}", "rules", a);
}

static void get_rules(struct http_req *r)
{
    struct pool_rule *rules = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_pool_rules(&r->ctx, &rules, &n, &err), &err))
        http_reply_json(r, 200, rules_json(rules, n));
}

/* PUT /pool/rules {rules: [{grade, no_followup_days, no_deal_days}]}: the whole set. */
static void put_rules(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    json_t *a = json_object_get(o, "rules");
    if (!json_is_array(a) || json_array_size(a) > 50) {
        http_reply_error(r, 400, "invalid", "rules", "rules 应为最多50条规则的数组",
                         "rules is an array of at most 50 rules");
        return;
    }
    size_t n = json_array_size(a);
    struct pool_rule *rules = arena_alloc(r->ctx.arena, sizeof(*rules) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(a, i);
        const char *grade = "";
        int64_t f = 0, d = 0;
        if (!json_is_object(x) || !http_get_str(r, x, "grade", &grade) ||
            !http_get_int(r, x, "no_followup_days", &f) ||
            !http_get_int(r, x, "no_deal_days", &d)) {
            if (!json_is_object(x))
                http_reply_error(r, 400, "invalid", "rules", "每条规则应为对象",
                                 "each rule is an object");
            return;
        }
        rules[i] = (struct pool_rule){grade ? grade : "", f < 0 || f > 100000 ? -1 : (int)f,
                                      d < 0 || d > 100000 ? -1 : (int)d};
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_pool_rules_put(&r->ctx, rules, (int)n, &err), &err))
        get_rules(r);
}

/* POST /distribution/proposal {customer_ids, members: [{user_id, weight}]} */
static void post_proposal(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t *ids = NULL;
    int n = 0;
    if (!o || !http_get_ids(r, o, "customer_ids", CUSTOMER_TRANSFER_MAX, &ids, &n))
        return;
    json_t *a = json_object_get(o, "members");
    if (!json_is_array(a) || json_array_size(a) > CUSTOMER_DISTRIBUTION_MEMBERS) {
        http_reply_error(r, 400, "invalid", "members", "members 应为最多100人的数组",
                         "members is an array of at most 100 people");
        return;
    }
    size_t nm = json_array_size(a);
    struct distribution_member *m = arena_alloc(r->ctx.arena, sizeof(*m) * (nm ? nm : 1));
    for (size_t i = 0; i < nm; i++) {
        json_t *x = json_array_get(a, i);
        int64_t user = 0, weight = 100;
        if (!json_is_object(x)) {
            http_reply_error(r, 400, "invalid", "members", "每位接收人应为对象",
                             "each member is an object");
            return;
        }
        if (!http_get_int(r, x, "user_id", &user) || !http_get_int(r, x, "weight", &weight))
            return;
        m[i] = (struct distribution_member){user, weight < 0 || weight > 100000 ? 0 : (int)weight};
    }
    struct distribution_item *items = NULL;
    struct distribution_load *loads = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, customer_distribution_propose(&r->ctx, ids, n, m, (int)nm, &items, &loads, &err),
            &err))
        return;
    json_t *ja = json_array(), *jl = json_array();
    for (int i = 0; i < n && items; i++)
        json_array_append_new(ja, json_pack("{s:I, s:I}", "customer_id",
                                            (json_int_t)items[i].customer_id, "user_id",
                                            (json_int_t)items[i].user_id));
    for (size_t i = 0; i < nm; i++)
        json_array_append_new(jl, json_pack("{s:o, s:i, s:I, s:I, s:I}", "user",
                                            http_json_actor(r, loads[i].user_id, loads[i].name),
                                            "weight", loads[i].weight, "before",
                                            (json_int_t)loads[i].before, "given",
                                            (json_int_t)loads[i].given, "after",
                                            (json_int_t)(loads[i].before + loads[i].given)));
    http_reply_json(r, 200, json_pack("{s:o, s:o}", "items", ja, "loads", jl));
}

/* POST /distribution {items: [{customer_id, user_id}], reason}: the (adjusted) proposal, at once.
 */
static void post_distribution(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *reason = NULL;
    if (!o || !http_get_str(r, o, "reason", &reason))
        return;
    json_t *a = json_object_get(o, "items");
    if (!json_is_array(a) || json_array_size(a) < 1 || json_array_size(a) > CUSTOMER_TRANSFER_MAX) {
        http_reply_error(r, 400, "invalid", "items", "items 应为 1 到 200 条分配",
                         "items is an array of 1 to 200 assignments");
        return;
    }
    size_t n = json_array_size(a);
    struct distribution_item *items = arena_alloc(r->ctx.arena, sizeof(*items) * n);
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(a, i);
        int64_t c = 0, u = 0;
        if (!json_is_object(x)) {
            http_reply_error(r, 400, "invalid", "items", "每条分配应为对象",
                             "each assignment is an object");
            return;
        }
        if (!http_get_int(r, x, "customer_id", &c) || !http_get_int(r, x, "user_id", &u))
            return;
        items[i] = (struct distribution_item){c, u};
    }
    int done = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_distribute(&r->ctx, items, (int)n, reason, &done, &err),
                          &err))
        http_reply_json(r, 200, json_pack("{s:i}", "transferred", done));
}

const struct route pool_routes[] = {
    {"POST", "/api/v1/customers/:id/release", post_release, 0},
    {"GET", "/api/v1/pool", get_pool, 0},
    {"GET", "/api/v1/pool/rules", get_rules, 0},
    {"PUT", "/api/v1/pool/rules", put_rules, 0},
    {"POST", "/api/v1/pool/:id/claim", post_claim, 0},
    {"POST", "/api/v1/distribution/proposal", post_proposal, 0},
    {"POST", "/api/v1/distribution", post_distribution, 0},
    {0},
};
