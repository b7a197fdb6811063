/* The audit log: list and chain verification. */
#include "audit/audit.h"

#include <stdint.h>
#include <string.h>

#include "app/registry.h"
#include "core/str.h"
#include "customer/customer.h"
#include "export/export_audit.h"
#include "http/http.h"
#include "http/http_list.h"

/*
 * The entry's target for reading: {"type":"customer","id":"42","code":…,"name":…}
 * with code and name only when the reader may see that customer.
 */
static bool target_json(struct http_req *r, const struct audit_row *e, json_t **out)
{
    *out = json_null();
    if (!e->target_type || !*e->target_type)
        return true;
    json_t *t = json_pack("{s:s, s:s}", "type", e->target_type, "id", e->target_id);
    *out = t;
    long long id = 0;
    if (strcmp(e->target_type, "customer") ||
        !str_to_i64(str_from(e->target_id), 1, INT64_MAX, &id))
        return true;
    bool visible = false;
    const char *code = NULL, *name = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_describe(&r->ctx, id, &visible, &code, &name, &err), &err))
        return false;
    if (visible) {
        json_object_set_new(t, "code", json_string(code));
        json_object_set_new(t, "name", json_string(name));
    }
    return true;
}

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
        json_t *target = NULL;
        if (!target_json(r, e, &target)) {
            json_decref(target);
            json_decref(a);
            return;
        }
        const struct kh_audit_action *act = registry_audit_action(e->action);
        json_array_append_new(
            a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:s?, s:s, s:s, s:o, s:s, s:s, s:i}", "id",
                         (json_int_t)e->id, "at", http_json_time(r, e->at), "actor",
                         http_json_actor(r, e->actor_id, e->actor_name), "address", e->address,
                         "action", e->action, "action_label",
                         act ? http_text(r, act->label_zh, act->label_en) : NULL, "target_type",
                         e->target_type, "target_id", e->target_id, "target", target, "detail",
                         e->detail, "hash", e->hash, "reads", e->reads));
    }
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, page.next_cursor, f.with_total ? &page.total : NULL);
    http_reply_json(r, 200, o);
}

/* The filter of GET /audit, from the query string; answers 202 with the export's job. */
static void post_audit_export(struct http_req *r)
{
    struct audit_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &audit_list_spec, &f, &pg))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, export_audit_start(&r->ctx, &f, r->english, &id, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)id));
}

static void get_verify(struct http_req *r)
{
    struct audit_verify_result res;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, audit_verify(&r->ctx, &res, &err), &err))
        return;
    json_t *o = json_pack("{s:b, s:I, s:i}", "ok", res.ok, "entries", (json_int_t)res.entries,
                          "checkpoints", res.checkpoints);
    if (!res.ok) {
        json_object_set_new(o, "first_bad_id", json_integer(res.first_bad_id));
        json_object_set_new(o, "reason", json_string(res.reason));
    }
    http_reply_json(r, 200, o);
}

static const struct route audit_routes[] = {
    {"GET", "/api/v1/audit", get_audit, 0},
    {"GET", "/api/v1/audit/verify", get_verify, 0},
    {"POST", "/api/v1/audit/exports", post_audit_export, 0},
    {0},
};

const struct capability audit_capability = {
    .name = "audit",
    .label_zh = "审计日志",
    .label_en = "Audit log",
    .routes = {audit_routes},
    .perms = audit_perms,
    .job_kinds = (const struct job_kind *const[]){&audit_checkpoint_kind, NULL},
    .tasks = (const struct job_task *const[]){&audit_checkpoint_task, NULL},
    .audit_actions = audit_audit_actions,
};
