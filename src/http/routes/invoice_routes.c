/* Invoice titles of a customer and invoices of an order (the orders capability's second table). */
#include "order/invoice.h"

#include "app/registry.h"
#include "http/http.h"
#include "http/routes/invoice_routes.h"

static json_t *title_json(const struct http_req *r, const struct invoice_title *t)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "id",
                     (json_int_t)t->id, "customer_id", (json_int_t)t->customer_id, "kind", t->kind,
                     "name", t->name, "tax_number", t->tax_number, "address", t->address, "phone",
                     t->phone, "bank", t->bank, "account", t->account, "is_default", t->is_default,
                     "created_at", http_json_time(r, t->created_at), "updated_at",
                     http_json_time(r, t->updated_at));
}

json_t *invoice_json(const struct http_req *r, const struct invoice *x)
{
    return json_pack("{s:I, s:I, s:{s:I, s:s, s:s}, s:s, s:s, s:I, s:s, s:o, s:o}", "id",
                     (json_int_t)x->id, "order_id", (json_int_t)x->order_id, "title", "id",
                     (json_int_t)x->title_id, "name", x->title_name, "tax_number",
                     x->title_tax_number, "kind", x->kind, "number", x->number, "amount_fen",
                     (json_int_t)x->amount_fen, "issued_on", x->issued_on, "created_by",
                     http_json_actor(r, x->created_by, x->created_by_name), "created_at",
                     http_json_time(r, x->created_at));
}

static void reply_title(struct http_req *r, int status, int64_t id)
{
    struct invoice_title t;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, invoice_title_get(&r->ctx, id, &t, &err), &err))
        http_reply_json(r, status, title_json(r, &t));
}

static void get_titles(struct http_req *r)
{
    int64_t customer = http_param_id(r, 0);
    if (!customer)
        return;
    struct invoice_title *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, invoice_titles(&r->ctx, customer, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, title_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static bool read_title(struct http_req *r, json_t *o, struct invoice_title_input *in)
{
    *in = (struct invoice_title_input){.is_default = -1};
    int def = -1;
    if (!http_get_str(r, o, "kind", &in->kind) || !http_get_str(r, o, "name", &in->name) ||
        !http_get_str(r, o, "tax_number", &in->tax_number) ||
        !http_get_str(r, o, "address", &in->address) || !http_get_str(r, o, "phone", &in->phone) ||
        !http_get_str(r, o, "bank", &in->bank) || !http_get_str(r, o, "account", &in->account) ||
        !http_get_bool(r, o, "is_default", &def))
        return false;
    in->is_default = def;
    return true;
}

static void post_title(struct http_req *r)
{
    int64_t customer = http_param_id(r, 0);
    json_t *o = customer ? http_body_object(r) : NULL;
    struct invoice_title_input in;
    if (!o || !read_title(r, o, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, invoice_title_create(&r->ctx, customer, &in, &id, &err), &err))
        reply_title(r, 201, id);
}

static void patch_title(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct invoice_title_input in;
    if (!o || !read_title(r, o, &in))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, invoice_title_update(&r->ctx, id, &in, &err), &err))
        reply_title(r, 200, id);
}

static void delete_title(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, invoice_title_delete(&r->ctx, id, &err), &err))
        http_reply_ok(r);
}

static void post_invoice(struct http_req *r)
{
    int64_t order = http_param_id(r, 0);
    json_t *o = order ? http_body_object(r) : NULL;
    struct invoice_input in = {0};
    if (!o || !http_get_int(r, o, "title_id", &in.title_id) ||
        !http_get_str(r, o, "kind", &in.kind) || !http_get_str(r, o, "number", &in.number) ||
        !http_get_int(r, o, "amount_fen", &in.amount_fen) ||
        !http_get_str(r, o, "issued_on", &in.issued_on))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, invoice_issue(&r->ctx, order, &in, &id, &err), &err))
        return;
    invoice_route_reply(r, order, id);
}

const struct route invoice_routes[] = {
    {"GET", "/api/v1/customers/:id/invoice-titles", get_titles, 0},
    {"POST", "/api/v1/customers/:id/invoice-titles", post_title, 0},
    {"PATCH", "/api/v1/invoice-titles/:id", patch_title, 0},
    {"DELETE", "/api/v1/invoice-titles/:id", delete_title, 0},
    {"POST", "/api/v1/orders/:id/invoices", post_invoice, 0},
    {0},
};
