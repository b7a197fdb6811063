/* The audit log: list and chain verification. */
#include <string.h>

#include "audit/audit.h"
#include "core/str.h"
#include "http/http.h"

static bool query_int(struct http_req *r, const char *key, int64_t *out)
{
    const char *v = http_query(r, key);
    long long n = 0;
    if (!v || !*v)
        return true;
    if (!str_to_i64(str_from(v), 0, INT64_MAX, &n)) {
        http_reply_error(r, 400, "invalid", key, "参数必须是非负整数",
                         "must be a non-negative integer");
        return false;
    }
    *out = n;
    return true;
}

static bool query_time(struct http_req *r, const char *key, int64_t *out)
{
    const char *v = http_query(r, key);
    if (!v || !*v)
        return true;
    if (!time_parse_iso(v, out)) {
        http_reply_error(r, 400, "invalid", key, "日期格式应为 YYYY-MM-DD 或 RFC 3339",
                         "expected YYYY-MM-DD or an RFC 3339 time");
        return false;
    }
    return true;
}

static void get_audit(struct http_req *r)
{
    struct audit_filter f;
    memset(&f, 0, sizeof(f));
    int64_t limit = 50, cursor = 0;
    if (!query_int(r, "actor_id", &f.actor_id) || !query_int(r, "limit", &limit) ||
        !query_int(r, "cursor", &cursor) || !query_time(r, "from", &f.from) ||
        !query_time(r, "to", &f.to))
        return;
    if (limit < 1 || limit > 200) {
        http_reply_error(r, 400, "invalid", "limit", "limit 应在 1 到 200 之间",
                         "limit must be 1-200");
        return;
    }
    const char *to_raw = http_query(r, "to");
    if (f.to && to_raw && strlen(to_raw) == 10)
        f.to += 86400; /* a date means the whole day */
    f.limit = (int)limit;
    f.before_id = cursor;
    f.action = http_query(r, "action");
    f.target_type = http_query(r, "target_type");
    f.target_id = http_query(r, "target_id");
    struct audit_page page;
    struct kh_err err;
    kh_err_clear(&err);
    if (audit_list(&r->ctx, &f, &page, &err)) {
        http_reply_err(r, &err);
        return;
    }
    json_t *a = json_array();
    for (int i = 0; i < page.count; i++) {
        const struct audit_row *e = &page.rows[i];
        json_array_append_new(
            a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id,
                         "at", http_json_time(e->at), "actor",
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
    if (audit_verify(&r->ctx, &res, &err)) {
        http_reply_err(r, &err);
        return;
    }
    json_t *o = json_pack("{s:b, s:I}", "ok", res.ok, "entries", (json_int_t)res.entries);
    if (!res.ok) {
        json_object_set_new(o, "first_bad_id", json_integer(res.first_bad_id));
        json_object_set_new(o, "reason", json_string(res.reason));
    }
    http_reply_json(r, 200, o);
}

const struct route audit_routes[] = {
    {"GET", "/api/v1/audit", get_audit, 0},
    {"GET", "/api/v1/audit/verify", get_verify, 0},
    {0},
};
