/* The audit log: list and chain verification. */
#include <string.h>

#include "audit/audit.h"
#include "core/str.h"
#include "app/registry.h"
#include "http/http.h"

static void get_audit(struct http_req *r)
{
    struct audit_filter f;
    memset(&f, 0, sizeof(f));
    int64_t limit = 50, cursor = 0;
    if (!http_query_int(r, "actor_id", &f.actor_id) || !http_query_int(r, "limit", &limit) ||
        !http_query_int(r, "cursor", &cursor) || !http_query_time(r, "from", false, &f.from) ||
        !http_query_time(r, "to", true, &f.to))
        return;
    if (limit < 1 || limit > 200) {
        http_reply_error(r, 400, "invalid", "limit", "limit 应在 1 到 200 之间",
                         "limit must be 1-200");
        return;
    }
    f.limit = (int)limit;
    f.before_id = cursor;
    f.action = http_query(r, "action");
    f.target_type = http_query(r, "target_type");
    f.target_id = http_query(r, "target_id");
    struct audit_page page;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, audit_list(&r->ctx, &f, &page, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < page.count; i++) {
        const struct audit_row *e = &page.rows[i];
        json_array_append_new(
            a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id,
                         "at", http_json_time(r, e->at), "actor",
                         e->actor_id ? http_json_ref(e->actor_id, e->actor_name)
                                     : json_pack("{s:n, s:s}", "id", "name", e->actor_name),
                         "address", e->address, "action", e->action, "target_type", e->target_type,
                         "target_id", e->target_id, "detail", e->detail, "hash", e->hash));
    }
    json_t *next =
        page.next_before_id ? json_sprintf("%lld", (long long)page.next_before_id) : json_null();
    http_reply_json(r, 200, json_pack("{s:o, s:o}", "items", a, "next_cursor", next));
}

static void get_verify(struct http_req *r)
{
    struct audit_verify_result res;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, audit_verify(&r->ctx, &res, &err), &err))
        return;
    json_t *o = json_pack("{s:b, s:I}", "ok", res.ok, "entries", (json_int_t)res.entries);
    if (!res.ok) {
        json_object_set_new(o, "first_bad_id", json_integer(res.first_bad_id));
        json_object_set_new(o, "reason", json_string(res.reason));
    }
    http_reply_json(r, 200, o);
}

static const struct route audit_routes[] = {
    {"GET", "/api/v1/audit", get_audit, 0},
    {"GET", "/api/v1/audit/verify", get_verify, 0},
    {0},
};

const struct capability audit_capability = {
    .name = "audit",
    .label_zh = "审计日志",
    .label_en = "Audit log",
    .routes = {audit_routes},
    .perms = audit_perms,
};
