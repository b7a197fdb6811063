/* The audit log: list and chain verification. */
#include "audit/audit.h"
#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"

static void get_audit(struct http_req *r)
{
    struct audit_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &audit_list_spec, &f, &pg))
        return;
    f.limit = pg.limit;
    f.cursor = pg.cursor;
    /* Counted when asked, on a first page (DECISIONS §43): a count can cost far more than a page.
     */
    f.with_total = !f.cursor && pg.total;
    struct audit_page page;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, audit_list(&r->ctx, &f, &page, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < page.count; i++) {
        const struct audit_row *e = &page.rows[i];
        json_array_append_new(a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                                           (json_int_t)e->id, "at", http_json_time(r, e->at),
                                           "actor", http_json_actor(r, e->actor_id, e->actor_name),
                                           "address", e->address, "action", e->action,
                                           "target_type", e->target_type, "target_id", e->target_id,
                                           "detail", e->detail, "hash", e->hash));
    }
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, page.next_cursor, f.with_total ? &page.total : NULL);
    http_reply_json(r, 200, o);
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
