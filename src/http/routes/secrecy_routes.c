/* Secrecy levels (R-SEC-2): the levels with their custodians, and naming a custodian. */
#include <string.h>

#include "app/registry.h"
#include "http/http.h"
#include "secrecy/secrecy.h"

static json_t *custodian_json(const struct secrecy_custodian *k)
{
    if (!k || !k->user_id)
        return json_null();
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)k->user_id, "username", k->username,
                     "display_name", k->display_name);
}

static json_t *levels_json(const struct http_req *r, const struct secrecy_custodian k[2])
{
    json_t *a = json_array();
    for (int i = 0; i < SECRECY_LEVELS; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:i, s:s, s:s, s:s, s:o}", "level", secrecy_levels[i].value, "rank",
                         i, "label", http_text(r, secrecy_levels[i].zh, secrecy_levels[i].en),
                         "label_zh", secrecy_levels[i].zh, "label_en", secrecy_levels[i].en,
                         "custodian", custodian_json(i ? &k[i - 1] : NULL)));
    return json_pack("{s:o}", "items", a);
}

static void get_levels(struct http_req *r)
{
    struct secrecy_custodian k[2];
    struct kh_err err;
    if (http_reply_status(r, secrecy_custodians(&r->ctx, k, &err), &err))
        http_reply_json(r, 200, levels_json(r, k));
}

static void put_level(struct http_req *r)
{
    int level = secrecy_parse(r->nparams > 0 ? r->params[0] : NULL);
    if (level < 0) {
        http_reply_error(r, 404, "not_found", "", "没有这个密级", "no such secrecy level");
        return;
    }
    json_t *o = http_body_object(r);
    if (!o)
        return;
    json_t *v = json_object_get(o, "custodian_id");
    if (!v || !(json_is_null(v) || json_is_integer(v))) {
        http_reply_error(r, 400, "invalid", "custodian_id", "custodian_id 应为用户编号或 null",
                         "custodian_id must be a user id or null");
        return;
    }
    int64_t id = json_is_null(v) ? 0 : (int64_t)json_integer_value(v);
    struct kh_err err;
    if (!http_reply_status(r, secrecy_custodian_set(&r->ctx, level, id, &err), &err))
        return;
    struct secrecy_custodian k[2];
    if (http_reply_status(r, secrecy_custodians(&r->ctx, k, &err), &err))
        http_reply_json(r, 200, levels_json(r, k));
}

static const struct route secrecy_routes[] = {
    {"GET", "/api/v1/secrecy-levels", get_levels, 0},
    {"PUT", "/api/v1/secrecy-levels/:level", put_level, 0},
    {0},
};

const struct capability secrecy_capability = {
    .name = "secrecy",
    .label_zh = "密级",
    .label_en = "Secrecy levels",
    .routes = {secrecy_routes},
    .perms = secrecy_perms,
    .audit_actions = secrecy_audit_actions,
    .holdings = (const struct holding_kind *const[]){&secrecy_holding, NULL},
};
