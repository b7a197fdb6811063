/* Complaints (R-CMP-1, R-CMP-2; the complaint triggers of R-INT-4): record, list, read, resolve. */
#include "app/registry.h"
#include "complaint/complaint.h"
#include "http/http.h"
#include "http/http_list.h"

static json_t *complaint_json(const struct http_req *r, const struct complaint *k)
{
    return json_pack(
        "{s:I, s:{s:I, s:s, s:s}, s:s, s:s, s:s, s:b, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:o}",
        "id", (json_int_t)k->id, "customer", "id", (json_int_t)k->customer_id, "code",
        k->customer_code, "name", k->customer_name, "channel", k->channel, "category", k->category,
        "severity", k->severity, "written", k->written, "summary", k->summary, "received_at",
        http_json_time(r, k->received_at), "state", k->state, "resolution", k->resolution,
        "resolved_at", http_json_time(r, k->resolved_at), "resolved_by",
        k->resolved_by ? http_json_actor(r, k->resolved_by, k->resolved_by_name) : json_null(),
        "created_by", http_json_actor(r, k->created_by, k->created_by_name), "created_at",
        http_json_time(r, k->created_at));
}

static void reply_complaint(struct http_req *r, int status, int64_t id)
{
    struct complaint k;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, complaint_get(&r->ctx, id, &k, &err), &err))
        http_reply_json(r, status, complaint_json(r, &k));
}

static void post_complaint(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct complaint_input in = {.written = -1};
    if (!o || !http_get_int(r, o, "customer_id", &in.customer_id) ||
        !http_get_str(r, o, "channel", &in.channel) ||
        !http_get_str(r, o, "category", &in.category) ||
        !http_get_str(r, o, "severity", &in.severity) ||
        !http_get_bool(r, o, "written", &in.written) ||
        !http_get_str(r, o, "summary", &in.summary) ||
        !http_get_time(r, o, "received_at", &in.received_at))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, complaint_record(&r->ctx, &in, &id, &err), &err))
        reply_complaint(r, 201, id);
}

static void get_complaints(struct http_req *r)
{
    struct complaint_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &complaint_list_spec, &f, &pg))
        return;
    struct complaint *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, complaint_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, complaint_json(r, &items[i]));
    json_t *o = json_pack("{s:o, s:{s:o, s:o, s:o}}", "items", a, "choices", "channels",
                          http_json_choices(complaint_channels), "categories",
                          http_json_choices(complaint_categories), "severities",
                          http_json_choices(complaint_severities));
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void get_complaint(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_complaint(r, 200, id);
}

static void post_resolve(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *resolution = NULL;
    if (!o || !http_get_str(r, o, "resolution", &resolution))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, complaint_resolve(&r->ctx, id, resolution, &err), &err))
        reply_complaint(r, 200, id);
}

static const struct route complaint_routes[] = {
    {"POST", "/api/v1/complaints", post_complaint, 0},
    {"GET", "/api/v1/complaints", get_complaints, ROUTE_FAST_ONE_CUSTOMER},
    {"GET", "/api/v1/complaints/:id", get_complaint, 0},
    {"POST", "/api/v1/complaints/:id/resolve", post_resolve, 0},
    {0},
};

static const struct kh_audit_action complaint_audit_actions[] = {
    {"complaint.record", "登记投诉", "Recorded a complaint"},
    {"complaint.resolve", "投诉处理完毕", "Resolved a complaint"},
    {0},
};

const struct capability complaints_capability = {
    .name = "complaints",
    .label_zh = "客户投诉",
    .label_en = "Complaints",
    .routes = {complaint_routes},
    .perms = (const struct kh_perm *const[]){&complaint_perm_record, NULL},
    .audit_actions = complaint_audit_actions,
    .customer_refs = (const struct customer_ref_kind *const[]){&complaint_customer_ref, NULL},
};
