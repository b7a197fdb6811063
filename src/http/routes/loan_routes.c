/* The lending register (R-SEC-5): loans, checkouts and returns. */
#include <stdlib.h>

#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"
#include "export/export_loans.h"
#include "http/routes/loan_json.h"
#include "loan/loan.h"

json_t *loan_json(const struct http_req *r, const struct loan *l)
{
    return json_pack(
        "{s:I, s:o, s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:b, s:I}", "id",
        (json_int_t)l->id, "borrower", http_json_ref(l->borrower_id, l->borrower_name), "kind",
        l->kind, "items", l->items, "item_count", (json_int_t)l->item_count, "reason", l->reason,
        "job_id", l->job_id ? json_integer(l->job_id) : json_null(), "lent_at",
        http_json_time(r, l->lent_at), "confirmed_at", http_json_time(r, l->confirmed_at), "due_at",
        http_json_time(r, l->due_at), "returned_at", http_json_time(r, l->returned_at),
        "returned_by",
        l->returned_by ? http_json_ref(l->returned_by, l->returned_by_name) : json_null(),
        "return_note", l->return_note, "overdue", l->overdue, "overdue_days",
        (json_int_t)l->overdue_days);
}

static void get_loans(struct http_req *r)
{
    struct loan_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &loan_list_spec, &f, &pg))
        return;
    struct loan *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, loan_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, loan_json(r, &items[i]));
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void get_loan(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct loan l;
    struct kh_err err;
    if (id && http_reply_status(r, loan_get(&r->ctx, id, &l, &err), &err))
        http_reply_json(r, 200, loan_json(r, &l));
}

static void post_loan(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    json_t *ids = json_object_get(o, "customer_ids");
    if (!json_is_array(ids) || json_array_size(ids) > LOAN_MAX_ITEMS) {
        http_reply_error(r, 400, "invalid", "customer_ids",
                         "customer_ids 应为最多200个客户编号的数组",
                         "customer_ids must be an array of at most 200 customer ids");
        return;
    }
    int64_t *list = calloc(json_array_size(ids) + 1, sizeof(*list));
    size_t i;
    json_t *v;
    json_array_foreach (ids, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            free(list);
            http_reply_error(r, 400, "invalid", "customer_ids", "customer_ids 应为客户编号",
                             "customer_ids must be customer ids");
            return;
        }
        list[i] = json_integer_value(v);
    }
    struct loan_checkout in = {
        .customer_ids = list, .ncustomers = (int)json_array_size(ids), .days = -1};
    int confirm = 0;
    if (!http_get_str(r, o, "reason", &in.reason) || !http_get_int(r, o, "days", &in.days) ||
        !http_get_bool(r, o, "confirm", &confirm)) {
        free(list);
        return;
    }
    in.confirm = confirm == 1;
    struct loan l;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = loan_checkout(&r->ctx, &in, &l, &err);
    free(list);
    if (http_reply_status(r, st, &err))
        http_reply_json(r, 201, loan_json(r, &l));
}

static void post_return(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    if (!o)
        return;
    const char *note = NULL;
    if (!http_get_str(r, o, "note", &note))
        return;
    struct loan l;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, loan_return(&r->ctx, id, note, &l, &err), &err))
        http_reply_json(r, 200, loan_json(r, &l));
}

/* The register as an xlsx file (loan.manage): the filter of GET /loans, a background job. */
static void post_export(struct http_req *r)
{
    struct loan_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &loan_list_spec, &f, &pg))
        return;
    int64_t job = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, export_loans_start(&r->ctx, &f, r->english, &job, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)job));
}

static const struct route loan_routes[] = {
    {"POST", "/api/v1/loans/export", post_export, 0},
    {"GET", "/api/v1/loans", get_loans, 0},
    {"POST", "/api/v1/loans", post_loan, 0},
    {"GET", "/api/v1/loans/:id", get_loan, 0},
    {"POST", "/api/v1/loans/:id/return", post_return, 0},
    {0},
};

const struct capability loans_capability = {
    .name = "loans",
    .label_zh = "外借登记",
    .label_en = "Lending register",
    .routes = {loan_routes},
    .perms = loan_perms,
    .audit_actions = loan_audit_actions,
    .job_kinds = (const struct job_kind *const[]){&loan_overdue_kind, &export_loans_job_kind, NULL},
    .tasks = (const struct job_task *const[]){&loan_overdue_task, NULL},
    .settings = loan_settings,
    .holdings = (const struct holding_kind *const[]){&loan_holding, NULL},
    .customer_refs = (const struct customer_ref_kind *const[]){&loan_customer_ref, NULL},
};
