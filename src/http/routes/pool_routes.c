/* The public pool 公海 (R-OWN-7): release, the pool, claims, the reclaim rules. */
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

const struct route pool_routes[] = {
    {"POST", "/api/v1/customers/:id/release", post_release, 0},
    {"GET", "/api/v1/pool", get_pool, 0},
    {"GET", "/api/v1/pool/rules", get_rules, 0},
    {"PUT", "/api/v1/pool/rules", put_rules, 0},
    {"POST", "/api/v1/pool/:id/claim", post_claim, 0},
    {0},
};
