/* Contracts: the list, one contract, make, change, submit, terminate, renew. */
#include "contract/contract.h"

#include <string.h>

#include "app/registry.h"
#include "core/arena.h"
#include "core/clock.h"
#include "http/http.h"
#include "http/http_list.h"
#include "jobs/jobs.h"
#include "order/receivable.h"

static json_t *ref(int64_t id, const char *code)
{
    return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "code", code) : json_null();
}

static json_t *contract_json(struct http_req *r, const struct contract *k, const char *today,
                             bool needs)
{
    const char *state = contract_state(k, today);
    int64_t left = contract_days_left(k, today);
    json_t *approval = k->approval_id ? json_pack("{s:I, s:s}", "id", (json_int_t)k->approval_id,
                                                  "state", k->approval_state)
                                      : json_null();
    json_t *o = json_pack(
        "{s:I, s:s, s:{s:I, s:s, s:s, s:i}, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, "
        "s:s, s:s, s:o, s:b, s:o, s:o, s:o}",
        "id", (json_int_t)k->id, "code", k->code, "customer", "id", (json_int_t)k->customer_id,
        "code", k->customer_code, "name", k->customer_name, "secrecy", k->customer_secrecy, "kind",
        k->kind, "title", k->title, "amount_fen", (json_int_t)k->amount_fen, "starts_on",
        k->starts_on, "ends_on", k->ends_on, "signed_on", k->signed_on, "our_party", k->our_party,
        "signatory", k->signatory, "notes", k->notes, "order", ref(k->order_id, k->order_code),
        "state", state, "terminate_reason", k->terminate_reason, "approval", approval,
        "needs_approval", needs, "renewal_of", ref(k->renewal_of, k->renewal_of_code), "renewed_by",
        ref(k->renewed_by, k->renewed_by_code), "days_left",
        left >= 0 ? json_integer(left) : json_null());
    json_object_set_new(o, "owner", http_json_ref(k->owner_id, k->owner_name));
    json_object_set_new(o, "created_by", http_json_actor(r, k->created_by, k->created_by_name));
    json_object_set_new(o, "created_at", http_json_time(r, k->created_at));
    json_object_set_new(o, "updated_at", http_json_time(r, k->updated_at));
    return o;
}

/*
 * A contract's payment plan is its order's (DECISIONS 146): its figures, for
 * a reader of receivables; null without an order, or for another reader.
 */
static json_t *receivable_json(struct http_req *r, const struct contract *k)
{
    struct receivable v;
    struct kh_err err;
    kh_err_clear(&err);
    if (!k->order_id || receivable_get(&r->ctx, k->order_id, &v, &err))
        return json_null();
    int overdue = 0;
    const char *today = ctx_today(&r->ctx);
    for (int i = 0; i < v.nplan; i++) {
        int64_t days = 0;
        overdue += !strcmp(installment_state(&v.plan[i], today, &days), "overdue");
    }
    return json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:i, s:i, s:I}", "order_id",
                     (json_int_t)v.order_id, "order_code", v.order_code, "amount_fen",
                     (json_int_t)v.order_amount_fen, "paid_fen", (json_int_t)v.paid_fen,
                     "outstanding_fen", (json_int_t)v.outstanding_fen, "overdue_fen",
                     (json_int_t)v.overdue_fen, "installments", v.nplan, "overdue_installments",
                     overdue, "invoiced_fen", (json_int_t)v.invoiced_fen);
}

static void reply_contract(struct http_req *r, int status, int64_t id)
{
    struct contract k;
    bool needs = false;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, contract_get(&r->ctx, id, &k, &err), &err) &&
        http_reply_status(r, contract_needs_approval(&r->ctx, k.amount_fen, &needs, &err), &err)) {
        json_t *o = contract_json(r, &k, ctx_today(&r->ctx), needs);
        json_object_set_new(o, "receivable", receivable_json(r, &k));
        http_reply_json(r, status, o);
    }
}

static bool read_input(struct http_req *r, json_t *o, struct contract_input *in)
{
    *in = CONTRACT_INPUT_NONE;
    if (!http_get_int(r, o, "customer_id", &in->customer_id) ||
        !http_get_str(r, o, "kind", &in->kind) || !http_get_str(r, o, "title", &in->title) ||
        !http_get_str(r, o, "starts_on", &in->starts_on) ||
        !http_get_str(r, o, "ends_on", &in->ends_on) ||
        !http_get_str(r, o, "signed_on", &in->signed_on) ||
        !http_get_str(r, o, "our_party", &in->our_party) ||
        !http_get_str(r, o, "signatory", &in->signatory) ||
        !http_get_str(r, o, "notes", &in->notes) ||
        !http_get_int(r, o, "amount_fen", &in->amount_fen) ||
        !http_get_int(r, o, "order_id", &in->order_id))
        return false;
    if (json_is_integer(json_object_get(o, "amount_fen")) && in->amount_fen < 0)
        in->amount_fen = -2;
    if (json_is_integer(json_object_get(o, "order_id")) && in->order_id < 0)
        in->order_id = -2;
    return true;
}

static void post_contract(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct contract_input in;
    if (!o || !read_input(r, o, &in))
        return;
    if (in.amount_fen == -1)
        in.amount_fen = 0;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, contract_create(&r->ctx, &in, &id, &err), &err))
        reply_contract(r, 201, id);
}

static void get_contract(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_contract(r, 200, id);
}

static void patch_contract(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct contract_input in;
    if (!o || !read_input(r, o, &in))
        return;
    if (json_object_get(o, "customer_id")) {
        http_reply_error(r, 400, "invalid", "customer_id", "合同的客户不能更改",
                         "a contract's customer cannot be changed");
        return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, contract_update(&r->ctx, id, &in, &err), &err))
        reply_contract(r, 200, id);
}

/* POST …/submit and …/terminate: {reason}. */
static void post_with_reason(struct http_req *r, bool submit)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *reason = NULL;
    if (!o || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = submit ? contract_submit(&r->ctx, id, reason, &err)
                               : contract_terminate(&r->ctx, id, reason, &err);
    if (http_reply_status(r, st, &err))
        reply_contract(r, 200, id);
}

static void post_submit(struct http_req *r)
{
    post_with_reason(r, true);
}

static void post_terminate(struct http_req *r)
{
    post_with_reason(r, false);
}

static void post_renew(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    int64_t renewed = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, contract_renew(&r->ctx, id, &renewed, &err), &err))
        reply_contract(r, 201, renewed);
}

static void get_contracts(struct http_req *r)
{
    struct contract_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &contract_list_spec, &f, &pg))
        return;
    struct contract *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, contract_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    const char *today = ctx_today(&r->ctx);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        bool needs = false;
        if (!http_reply_status(
                r, contract_needs_approval(&r->ctx, items[i].amount_fen, &needs, &err), &err)) {
            json_decref(a);
            return;
        }
        json_array_append_new(a, contract_json(r, &items[i], today, needs));
    }
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static const struct route contract_routes[] = {
    {"GET", "/api/v1/contracts", get_contracts, ROUTE_FAST_ONE_CUSTOMER},
    {"POST", "/api/v1/contracts", post_contract, 0},
    {"GET", "/api/v1/contracts/:id", get_contract, 0},
    {"PATCH", "/api/v1/contracts/:id", patch_contract, 0},
    {"POST", "/api/v1/contracts/:id/submit", post_submit, 0},
    {"POST", "/api/v1/contracts/:id/terminate", post_terminate, 0},
    {"POST", "/api/v1/contracts/:id/renew", post_renew, 0},
    {0},
};

static const struct kh_perm *const contract_perms[] = {&contract_perm_read, &contract_perm_manage,
                                                       NULL};

static const struct kh_audit_action contract_audit_actions[] = {
    {"contract.create", "新建合同", "Contract drafted"},
    {"contract.update", "修改合同", "Contract changed"},
    {"contract.submit", "提交合同", "Contract submitted"},
    {"contract.activate", "合同审批通过生效", "Contract approved and in force"},
    {"contract.terminate", "终止合同", "Contract terminated"},
    {"contract.renew", "续签合同", "Contract renewed"},
    {0},
};

const struct capability contracts_capability = {
    .name = "contracts",
    .label_zh = "合同",
    .label_en = "Contracts",
    .routes = {contract_routes},
    .perms = contract_perms,
    .audit_actions = contract_audit_actions,
    .settings = (const struct kh_setting *const[]){&contract_setting_approval_fen,
                                                   &contract_setting_expiry_days, NULL},
    .job_kinds = (const struct job_kind *const[]){&contract_expiry_kind, NULL},
    .tasks = (const struct job_task *const[]){&contract_expiry_task, NULL},
    .approval_kinds = (const struct approval_kind *const[]){&contract_approval_sign, NULL},
    .customer_refs = (const struct customer_ref_kind *const[]){&contract_customer_ref, NULL},
    .document_kinds = (const struct document_kind *const[]){&contract_document_kind, NULL},
};
