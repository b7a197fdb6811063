/* Leak reports (R-SEC-9): report, list, read, remedial actions, close. */
#include "leak/leak.h"
#include "app/registry.h"
#include "http/http.h"
#include "jobs/jobs.h"
#include "http/http_list.h"

static json_t *report_json(const struct http_req *r, const struct leak_report *x, bool full)
{
    json_t *o = json_pack(
        "{s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:i}", "id", (json_int_t)x->id,
        "reporter", http_json_actor(r, x->reporter_id, x->reporter_name), "reported_at",
        http_json_time(r, x->reported_at), "occurred_at", http_json_time(r, x->occurred_at),
        "summary", x->summary, "details", x->details, "state", x->state, "closed_at",
        http_json_time(r, x->closed_at), "closed_by",
        x->closed_by ? http_json_actor(r, x->closed_by, x->closed_by_name) : json_null(),
        "conclusion", x->conclusion, "actions_open", x->actions_open);
    if (!full)
        return o;
    json_t *cs = json_array();
    for (int i = 0; i < x->ncustomers; i++)
        json_array_append_new(cs, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)x->customers[i].id,
                                            "code", x->customers[i].code, "name",
                                            x->customers[i].name));
    json_object_set_new(o, "customers", cs);
    json_t *as = json_array();
    for (int i = 0; i < x->nactions; i++) {
        const struct leak_action *a = &x->actions[i];
        json_array_append_new(
            as,
            json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:b}", "id", (json_int_t)a->id,
                      "action", a->action, "owner", http_json_actor(r, a->owner_id, a->owner_name),
                      "due_at", http_json_time(r, a->due_at), "created_at",
                      http_json_time(r, a->created_at), "done_at", http_json_time(r, a->done_at),
                      "done_by",
                      a->done_by ? http_json_actor(r, a->done_by, a->done_by_name) : json_null(),
                      "note", a->note, "overdue", a->overdue));
    }
    json_object_set_new(o, "actions", as);
    return o;
}

static void reply_report(struct http_req *r, int status, int64_t id)
{
    struct leak_report x;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, leak_get(&r->ctx, id, &x, &err), &err))
        http_reply_json(r, status, report_json(r, &x, true));
}

static void post_report(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct leak_input in = {0};
    int64_t *ids = NULL;
    int n = 0;
    if (!o || !http_get_str(r, o, "summary", &in.summary) ||
        !http_get_str(r, o, "details", &in.details) ||
        !http_get_ids(r, o, "customer_ids", LEAK_MAX_CUSTOMERS, &ids, &n) ||
        !http_get_time(r, o, "occurred_at", &in.occurred_at))
        return;
    in.customer_ids = ids;
    in.ncustomers = n;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, leak_report(&r->ctx, &in, &id, &err), &err))
        reply_report(r, 201, id);
}

static void get_reports(struct http_req *r)
{
    struct leak_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &leak_list_spec, &f, &pg))
        return;
    struct leak_report *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, leak_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, report_json(r, &items[i], false));
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void get_report(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_report(r, 200, id);
}

static void post_action(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *action = NULL;
    int64_t owner = 0, due = 0, aid = 0;
    if (!o || !http_get_str(r, o, "action", &action) || !http_get_int(r, o, "owner_id", &owner) ||
        !http_get_time(r, o, "due_at", &due))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, leak_action_add(&r->ctx, id, action, owner, due, &aid, &err), &err))
        reply_report(r, 201, id);
}

static void post_action_done(struct http_req *r)
{
    int64_t id = http_param_id(r, 0), aid = id ? http_param_id(r, 1) : 0;
    json_t *o = aid ? http_body_object(r) : NULL;
    const char *note = NULL;
    if (!o || !http_get_str(r, o, "note", &note))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, leak_action_done(&r->ctx, id, aid, note, &err), &err))
        reply_report(r, 200, id);
}

static void post_close(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *conclusion = NULL;
    if (!o || !http_get_str(r, o, "conclusion", &conclusion))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, leak_close(&r->ctx, id, conclusion, &err), &err))
        reply_report(r, 200, id);
}

static const struct route leak_routes[] = {
    {"POST", "/api/v1/leak-reports", post_report, 0},
    {"GET", "/api/v1/leak-reports", get_reports, 0},
    {"GET", "/api/v1/leak-reports/:id", get_report, 0},
    {"POST", "/api/v1/leak-reports/:id/actions", post_action, 0},
    {"POST", "/api/v1/leak-reports/:id/actions/:aid/done", post_action_done, 0},
    {"POST", "/api/v1/leak-reports/:id/close", post_close, 0},
    {0},
};

const struct capability leaks_capability = {
    .name = "leaks",
    .label_zh = "泄露报告",
    .label_en = "Leak reports",
    .routes = {leak_routes},
    .perms = leak_perms,
    .audit_actions = leak_audit_actions,
    .customer_refs = (const struct customer_ref_kind *const[]){&leak_customer_ref, NULL},
    .job_kinds = (const struct job_kind *const[]){&leak_overdue_kind, NULL},
    .tasks = (const struct job_task *const[]){&leak_overdue_task, NULL},
};
