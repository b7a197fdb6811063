/* Departure handover (R-SEC-8): what a user holds, and passing it to successors. */
#include "handover/handover.h"
#include "app/registry.h"
#include "http/http.h"

static json_t *kind_json(const struct http_req *r, const struct holding_kind *k, int64_t count)
{
    return json_pack("{s:s, s:s, s:I}", "kind", k->name, "label",
                     http_text(r, k->label_zh, k->label_en), "count", (json_int_t)count);
}

static void get_holdings(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct holding_count *h = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, handover_holdings(&r->ctx, id, &h, &n, &err), &err))
        return;
    json_t *a = json_array();
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        json_array_append_new(a, kind_json(r, h[i].kind, h[i].count));
        total += h[i].count;
    }
    http_reply_json(r, 200,
                    json_pack("{s:I, s:o, s:I}", "user_id", (json_int_t)id, "items", a, "total",
                              (json_int_t)total));
}

#define SUCCESSORS_MAX 16

/* {"to": 7, "successors": {"loans": 8}, "reason": "…"} */
static void post_handover(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct handover_input in = {0};
    if (!o || !http_get_int(r, o, "to", &in.to) || !http_get_str(r, o, "reason", &in.reason))
        return;
    json_t *succ = json_object_get(o, "successors");
    if (succ && !json_is_null(succ) &&
        (!json_is_object(succ) || json_object_size(succ) > SUCCESSORS_MAX)) {
        http_reply_error(r, 400, "invalid", "successors", "successors 须为「事项: 用户编号」的对象",
                         "successors must be an object of kind: user id");
        return;
    }
    struct handover_successor list[SUCCESSORS_MAX];
    const char *key;
    json_t *v;
    if (json_is_object(succ))
        json_object_foreach (succ, key, v) {
            if (!json_is_integer(v)) {
                http_reply_error(r, 400, "invalid", "successors", "接手人须为用户编号",
                                 "a successor must be a user id");
                return;
            }
            list[in.nsuccessors++] =
                (struct handover_successor){key, (int64_t)json_integer_value(v)};
        }
    in.successors = list;
    struct handover_moved *m = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, handover_run(&r->ctx, id, &in, &m, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *k = kind_json(r, m[i].kind, m[i].count);
        json_object_set_new(k, "to", json_integer(m[i].to));
        json_array_append_new(a, k);
    }
    http_reply_json(r, 200, json_pack("{s:I, s:o}", "user_id", (json_int_t)id, "moved", a));
}

static const struct route handover_routes[] = {
    {"GET", "/api/v1/users/:id/holdings", get_holdings, 0},
    {"POST", "/api/v1/users/:id/handover", post_handover, 0},
    {0},
};

const struct capability handover_capability = {
    .name = "handover",
    .label_zh = "离职交接",
    .label_en = "Departure handover",
    .routes = {handover_routes},
    .audit_actions = handover_audit_actions,
};
