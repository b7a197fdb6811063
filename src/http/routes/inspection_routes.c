/* The half-yearly inspection of the customer archive (R-ARC-11): runs, owners, items, the review.
 */
#include "inspection/inspection.h"

#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"
#include "jobs/jobs.h"

static json_t *run_json(struct http_req *r, const struct inspection *x)
{
    return json_pack(
        "{s:I, s:s, s:o, s:o, s:o, s:I, s:I, s:I, s:b, s:o, s:o, s:s}", "id", (json_int_t)x->id,
        "period", x->period, "started_by", http_json_actor(r, x->started_by, x->started_by_name),
        "created_at", http_json_time(r, x->created_at), "finished_at",
        http_json_time(r, x->finished_at), "customers", (json_int_t)x->customers, "flagged",
        (json_int_t)x->flagged, "tasks", (json_int_t)x->tasks, "reviewed", x->reviewed_at > 0,
        "reviewed_by",
        x->reviewed_by ? http_json_ref(x->reviewed_by, x->reviewed_by_name) : json_null(),
        "reviewed_at", http_json_time(r, x->reviewed_at), "outcome", x->outcome);
}

static void get_runs(struct http_req *r)
{
    struct inspection *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, inspection_list(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, run_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* POST /inspections {}: a run now, in the background (202 with its job). */
static void post_run(struct http_req *r)
{
    if (!http_body_object(r))
        return;
    int64_t job = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, inspection_start(&r->ctx, &job, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)job));
}

static void get_run(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct inspection x;
    struct inspection_owner *owners = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, inspection_get(&r->ctx, id, &x, &owners, &n, &err), &err))
        return;
    json_t *o = run_json(r, &x);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:o, s:I, s:I, s:i}", "owner",
                                           http_json_ref(owners[i].owner_id, owners[i].owner_name),
                                           "flagged", (json_int_t)owners[i].flagged, "stale",
                                           (json_int_t)owners[i].stale, "avg_score",
                                           owners[i].avg_score));
    json_object_set_new(o, "owners", a);
    http_reply_json(r, 200, o);
}

static void get_items(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct inspection_filter f = {0};
    struct list_page pg;
    if (!id || !http_list_query(r, &inspection_item_spec, &f, &pg))
        return;
    struct inspection_item *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, inspection_items(&r->ctx, id, &f, &pg, &items, &n, &next, &err),
                           &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct inspection_item *x = &items[i];
        json_array_append_new(
            a, json_pack("{s:{s:I, s:s, s:s}, s:o, s:i, s:s, s:I, s:o, s:s}", "customer", "id",
                         (json_int_t)x->customer_id, "code", x->code, "name", x->name, "owner",
                         http_json_ref(x->owner_id, x->owner_name), "score", x->score, "missing",
                         x->missing, "stale_days", (json_int_t)x->stale_days, "task_id",
                         x->task_id ? json_integer(x->task_id) : json_null(), "task_state",
                         x->task_state));
    }
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void post_review(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *outcome = NULL;
    if (!o || !http_get_str(r, o, "outcome", &outcome))
        return;
    struct inspection x;
    struct inspection_owner *owners = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, inspection_review(&r->ctx, id, outcome, &err), &err) &&
        http_reply_status(r, inspection_get(&r->ctx, id, &x, &owners, &n, &err), &err))
        http_reply_json(r, 200, run_json(r, &x));
}

static const struct route inspection_routes[] = {
    {"GET", "/api/v1/inspections", get_runs, 0},
    {"POST", "/api/v1/inspections", post_run, 0},
    {"GET", "/api/v1/inspections/:id", get_run, 0},
    {"GET", "/api/v1/inspections/:id/items", get_items, 0},
    {"POST", "/api/v1/inspections/:id/review", post_review, 0},
    {0},
};

static const struct kh_perm *const inspection_perms[] = {&inspection_perm_manage, NULL};

static const struct kh_audit_action inspection_audit_actions[] = {
    {"inspection.start", "开始客户资料检查", "Customer archive inspection started"},
    {"inspection.finish", "完成客户资料检查", "Customer archive inspection finished"},
    {"inspection.review", "记录检查结论", "Inspection reviewed"},
    {0},
};

const struct capability inspection_capability = {
    .name = "inspection",
    .label_zh = "客户资料检查",
    .label_en = "Archive inspection",
    .routes = {inspection_routes},
    .perms = inspection_perms,
    .audit_actions = inspection_audit_actions,
    .job_kinds = (const struct job_kind *const[]){&inspection_run_kind, NULL},
    .tasks = (const struct job_task *const[]){&inspection_halfyear_task, NULL},
    .settings = (const struct kh_setting *const[]){&inspection_setting_min_score,
                                                   &inspection_setting_stale_months,
                                                   &inspection_setting_fixup_working_days, NULL},
    .customer_refs = (const struct customer_ref_kind *const[]){&inspection_customer_ref, NULL},
};
