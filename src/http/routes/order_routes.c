/* Orders: the list, one order, place, change, deliver, cancel. */
#include "order/invoice.h"
#include "order/order.h"
#include "order/receivable.h"

#include <string.h>

#include "app/registry.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/jsonw.h"
#include "http/http.h"
#include "http/http_list.h"
#include "http/routes/invoice_routes.h"
#include "jobs/jobs.h"

/* An order as JSON, written straight to b (a page of 50 is the customer page's orders tab). */
static void order_write(struct buf *b, struct http_req *r, const struct order *o, const char *today)
{
    buf_putc(b, '{');
    jw_kint(b, "id", o->id);
    jw_kstr(b, "code", o->code);
    jw_key(b, "customer");
    buf_putc(b, '{');
    jw_kint(b, "id", o->customer_id);
    jw_kstr(b, "code", o->customer_code);
    jw_kstr(b, "name", o->customer_name);
    jw_kint(b, "secrecy", o->customer_secrecy);
    buf_putc(b, '}');
    jw_key(b, "opportunity");
    if (o->opportunity_id) {
        buf_putc(b, '{');
        jw_kint(b, "id", o->opportunity_id);
        jw_kstr(b, "title", o->opportunity_title);
        buf_putc(b, '}');
    } else {
        jw_null(b);
    }
    jw_kstr(b, "state", o->state);
    http_jw_time(b, r, "ordered_at", o->ordered_at);
    jw_kstr(b, "delivery_due", o->delivery_due);
    http_jw_time(b, r, "delivered_at", o->delivered_at);
    jw_kint(b, "amount_fen", o->amount_fen);
    jw_kstr(b, "notes", o->notes);
    jw_kstr(b, "cancel_reason", o->cancel_reason);
    jw_ref(b, "owner", o->owner_id, o->owner_name);
    http_jw_actor(b, r, "created_by", o->created_by, o->created_by_name);
    http_jw_time(b, r, "created_at", o->created_at);
    http_jw_time(b, r, "updated_at", o->updated_at);
    jw_key(b, "overdue_delivery");
    jw_bool(b, !strcmp(o->state, "confirmed") && *o->delivery_due &&
                   strcmp(o->delivery_due, today) < 0);
    buf_putc(b, '}');
}

static json_t *order_json(struct http_req *r, const struct order *o, const char *today)
{
    struct buf b;
    buf_init(&b, 0);
    order_write(&b, r, o, today);
    return http_json_written(&b);
}

static void reply_order(struct http_req *r, int status, int64_t id, int skipped)
{
    struct order o;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, order_get(&r->ctx, id, &o, &err), &err))
        return;
    json_t *j = order_json(r, &o, ctx_today(&r->ctx));
    json_t *lines = json_array();
    for (int i = 0; i < o.nlines; i++) {
        const struct order_line *l = &o.lines[i];
        json_array_append_new(
            lines, json_pack("{s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "product_id",
                             l->product_id ? json_integer(l->product_id) : json_null(), "code",
                             l->code, "name", l->name, "description", l->description, "unit",
                             l->unit, "quantity", (json_int_t)l->quantity, "price_fen",
                             (json_int_t)l->price_fen, "discount_fen", (json_int_t)l->discount_fen,
                             "amount_fen", (json_int_t)l->amount_fen));
    }
    json_object_set_new(j, "lines", lines);
    if (status == 201)
        json_object_set_new(j, "skipped_tasks", json_integer(skipped));
    http_reply_json(r, status, j);
}

/* The body's lines: [{product_id?, description?, quantity, price_fen?, discount_fen?}]. */
static bool read_lines(struct http_req *r, json_t *o, struct order_input *in)
{
    json_t *a = json_object_get(o, "lines");
    if (!a || json_is_null(a))
        return true;
    if (!json_is_array(a) || json_array_size(a) > ORDER_LINES_MAX) {
        http_reply_error(r, 400, "invalid", "lines", "订单行为数组，最多 200 行",
                         "lines is an array of at most 200 lines");
        return false;
    }
    size_t n = json_array_size(a);
    struct order_line *lines = arena_alloc(r->ctx.arena, sizeof(*lines) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(a, i);
        json_t *p = json_object_get(e, "product_id"), *d = json_object_get(e, "description"),
               *q = json_object_get(e, "quantity"), *price = json_object_get(e, "price_fen"),
               *disc = json_object_get(e, "discount_fen");
        bool ok = json_is_object(e) && json_is_integer(q) &&
                  (!p || json_is_null(p) || json_is_integer(p)) &&
                  (!d || json_is_null(d) || json_is_string(d)) &&
                  (!price || json_is_null(price) || json_is_integer(price)) &&
                  (!disc || json_is_null(disc) || json_is_integer(disc));
        if (!ok) {
            http_reply_error(r, 400, "invalid", "lines",
                             "每行须有整数 quantity；product_id、price_fen、discount_fen 为整数，"
                             "description 为文字",
                             "each line has a whole-number quantity; product_id, price_fen and "
                             "discount_fen are whole numbers, description text");
            return false;
        }
        /* Absent: the defaults (-1); a negative number given is refused by the checks. */
        int64_t pf = json_is_integer(price) ? json_integer_value(price) : -1;
        int64_t df = json_is_integer(disc) ? json_integer_value(disc) : -1;
        int64_t pid = json_is_integer(p) ? json_integer_value(p) : 0;
        lines[i] = (struct order_line){.product_id = pid < 0 ? -1 : pid,
                                       .description = json_is_string(d) ? json_string_value(d) : "",
                                       .quantity = json_integer_value(q),
                                       .price_fen = json_is_integer(price) && pf < 0 ? -2 : pf,
                                       .discount_fen = json_is_integer(disc) && df < 0 ? -2 : df};
    }
    in->lines = lines;
    in->nlines = (int)n;
    in->has_lines = true;
    return true;
}

static bool read_input(struct http_req *r, json_t *o, struct order_input *in)
{
    *in = ORDER_INPUT_NONE;
    int64_t at = 0;
    if (!http_get_int(r, o, "customer_id", &in->customer_id) ||
        !http_get_int(r, o, "opportunity_id", &in->opportunity_id) ||
        !http_get_time(r, o, "ordered_at", &at) ||
        !http_get_str(r, o, "delivery_due", &in->delivery_due) ||
        !http_get_str(r, o, "notes", &in->notes) || !read_lines(r, o, in))
        return false;
    json_t *t = json_object_get(o, "ordered_at");
    if (t && !json_is_null(t))
        in->ordered_at = at < 0 ? -2 : at;
    return true;
}

static void post_order(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct order_input in;
    if (!o || !read_input(r, o, &in))
        return;
    if (!in.has_lines) { /* the checks name it too; an absent array is "no lines" */
        in.has_lines = true;
        in.nlines = 0;
    }
    int64_t id = 0;
    int skipped = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, order_create(&r->ctx, &in, &id, &skipped, &err), &err))
        reply_order(r, 201, id, skipped);
}

static void get_order(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_order(r, 200, id, 0);
}

static void patch_order(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct order_input in;
    if (!o || !read_input(r, o, &in))
        return;
    if (json_object_get(o, "customer_id") || json_object_get(o, "opportunity_id")) {
        http_reply_error(
            r, 400, "invalid", json_object_get(o, "customer_id") ? "customer_id" : "opportunity_id",
            "订单的客户和商机不能更改", "an order's customer and opportunity cannot be changed");
        return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, order_update(&r->ctx, id, &in, &err), &err))
        reply_order(r, 200, id, 0);
}

static void post_deliver(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    int64_t at = 0;
    if (!o || !http_get_time(r, o, "delivered_at", &at))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, order_deliver(&r->ctx, id, at < 0 ? -1 : at, &err), &err))
        reply_order(r, 200, id, 0);
}

static void post_cancel(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *reason = NULL;
    if (!o || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, order_cancel(&r->ctx, id, reason, &err), &err))
        reply_order(r, 200, id, 0);
}

static void get_orders(struct http_req *r)
{
    struct order_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &order_list_spec, &f, &pg))
        return;
    struct order *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, order_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    const char *today = ctx_today(&r->ctx);
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        jw_item(&b);
        order_write(&b, r, &items[i], today);
    }
    buf_putc(&b, ']');
    http_list_write_tail(&b, next, NULL);
    buf_putc(&b, '}');
    http_reply_buf(r, 200, &b);
}

/* ---- receivables ---- */

/*
 * An installment as JSON written straight to b, its object left open for the caller to add
 * to and close: a page of them is the customer page's receivables tab and the overdue list.
 * state: NULL for the installment's own (due, overdue, paid …).
 */
static void installment_write(struct buf *b, const struct installment *x, const char *today,
                              const char *state)
{
    int64_t days = 0;
    const char *own = installment_state(x, today, &days);
    buf_putc(b, '{');
    jw_kint(b, "id", x->id);
    jw_kint(b, "seq", x->seq);
    jw_kstr(b, "due_on", x->due_on);
    jw_kint(b, "amount_fen", x->amount_fen);
    jw_kint(b, "paid_fen", x->paid_fen);
    jw_kint(b, "outstanding_fen", x->amount_fen - x->paid_fen);
    jw_kstr(b, "state", state ? state : own);
    jw_kint(b, "overdue_days", days);
}

static json_t *installment_json(const struct installment *x, const char *today, const char *state)
{
    struct buf b;
    buf_init(&b, 0);
    installment_write(&b, x, today, state);
    buf_putc(&b, '}');
    return http_json_written(&b);
}

static void reply_receivable(struct http_req *r, int status, int64_t order_id)
{
    struct receivable x;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, receivable_get(&r->ctx, order_id, &x, &err), &err))
        return;
    const char *today = ctx_today(&r->ctx);
    bool cancelled = !strcmp(x.order_state, "cancelled");
    json_t *plan = json_array(), *pays = json_array();
    for (int i = 0; i < x.nplan; i++)
        json_array_append_new(plan,
                              installment_json(&x.plan[i], today, cancelled ? "cancelled" : NULL));
    for (int i = 0; i < x.npayments; i++) {
        const struct payment *p = &x.payments[i];
        json_t *al = json_array();
        for (int k = 0; k < p->nallocations; k++)
            json_array_append_new(al, json_pack("{s:I, s:i, s:I}", "plan_id",
                                                (json_int_t)p->allocations[k].plan_id, "seq",
                                                p->allocations[k].seq, "amount_fen",
                                                (json_int_t)p->allocations[k].amount_fen));
        json_array_append_new(
            pays, json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
                            (json_int_t)p->id, "order_id", (json_int_t)p->order_id, "received_on",
                            p->received_on, "amount_fen", (json_int_t)p->amount_fen, "method",
                            p->method, "reference", p->reference, "notes", p->notes, "allocations",
                            al, "created_by", http_json_actor(r, p->created_by, p->created_by_name),
                            "created_at", http_json_time(r, p->created_at)));
    }
    json_t *inv = json_array();
    for (int i = 0; i < x.ninvoices; i++)
        json_array_append_new(inv, invoice_json(r, &x.invoices[i]));
    json_t *o = json_pack(
        "{s:{s:I, s:s, s:I, s:s, s:{s:I, s:s, s:s}}, s:o, s:o, s:I, s:I, s:I, s:o, s:I}", "order",
        "id", (json_int_t)x.order_id, "code", x.order_code, "amount_fen",
        (json_int_t)x.order_amount_fen, "state", x.order_state, "customer", "id",
        (json_int_t)x.customer_id, "code", x.customer_code, "name", x.customer_name, "plan", plan,
        "payments", pays, "paid_fen", (json_int_t)x.paid_fen, "outstanding_fen",
        (json_int_t)x.outstanding_fen, "overdue_fen", (json_int_t)x.overdue_fen, "invoices", inv,
        "invoiced_fen", (json_int_t)x.invoiced_fen);
    http_reply_json(r, status, o);
}

void invoice_route_reply(struct http_req *r, int64_t order_id, int64_t id)
{
    struct receivable x;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, receivable_get(&r->ctx, order_id, &x, &err), &err))
        return;
    for (int i = 0; i < x.ninvoices; i++)
        if (x.invoices[i].id == id) {
            http_reply_json(r, 201, invoice_json(r, &x.invoices[i]));
            return;
        }
    http_reply_error(r, 404, "not_found", "", "没有这张发票", "no such invoice");
}

static void get_receivable(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_receivable(r, 200, id);
}

static void put_plan(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    if (!o)
        return;
    json_t *a = json_object_get(o, "installments");
    if (!json_is_array(a) || json_array_size(a) > RECEIVABLE_INSTALLMENTS_MAX) {
        http_reply_error(r, 400, "invalid", "installments", "installments 为数组，最多 24 期",
                         "installments is an array of at most 24");
        return;
    }
    size_t n = json_array_size(a);
    struct installment_input *in = arena_alloc(r->ctx.arena, sizeof(*in) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(a, i), *d = json_object_get(e, "due_on"),
               *m = json_object_get(e, "amount_fen");
        if (!json_is_object(e) || !json_is_string(d) || !json_is_integer(m)) {
            http_reply_error(r, 400, "invalid", "installments",
                             "每期须有 due_on（日期文字）和 amount_fen（整数）",
                             "each installment has due_on (a date) and amount_fen (a whole "
                             "number)");
            return;
        }
        in[i] = (struct installment_input){json_string_value(d), json_integer_value(m)};
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, receivable_plan(&r->ctx, id, in, (int)n, &err), &err))
        reply_receivable(r, 200, id);
}

static void post_payment(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct payment_input in = {.amount_fen = 0};
    if (!o || !http_get_int(r, o, "amount_fen", &in.amount_fen) ||
        !http_get_str(r, o, "received_on", &in.received_on) ||
        !http_get_str(r, o, "method", &in.method) ||
        !http_get_str(r, o, "reference", &in.reference) || !http_get_str(r, o, "notes", &in.notes))
        return;
    int64_t pid = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, payment_record(&r->ctx, id, &in, &pid, &err), &err))
        reply_receivable(r, 201, id);
}

static void get_receivables(struct http_req *r)
{
    struct receivable_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &receivable_list_spec, &f, &pg))
        return;
    struct installment *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, receivable_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    const char *today = ctx_today(&r->ctx);
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        const struct installment *x = &items[i];
        jw_item(&b);
        installment_write(&b, x, today, NULL);
        jw_key(&b, "order");
        buf_putc(&b, '{');
        jw_kint(&b, "id", x->order_id);
        jw_kstr(&b, "code", x->order_code);
        buf_putc(&b, '}');
        jw_coded(&b, "customer", x->customer_id, x->customer_code, x->customer_name);
        jw_ref(&b, "owner", x->owner_id, x->owner_name);
        buf_putc(&b, '}');
    }
    buf_putc(&b, ']');
    http_list_write_tail(&b, next, NULL);
    buf_putc(&b, '}');
    http_reply_buf(r, 200, &b);
}

static void get_summary(struct http_req *r)
{
    int64_t owner = 0;
    if (!http_query_int(r, "owner_id", &owner))
        return;
    struct receivable_summary x;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, receivable_summary(&r->ctx, owner, &x, &err), &err))
        return;
    json_t *aging = json_array();
    for (int i = 0; i < 4; i++)
        json_array_append_new(aging, json_pack("{s:s, s:I, s:I}", "bucket", x.aging[i].name,
                                               "amount_fen", (json_int_t)x.aging[i].amount_fen,
                                               "count", (json_int_t)x.aging[i].count));
    http_reply_json(r, 200,
                    json_pack("{s:I, s:I, s:I, s:I, s:o}", "outstanding_fen",
                              (json_int_t)x.outstanding_fen, "overdue_fen",
                              (json_int_t)x.overdue_fen, "overdue_count",
                              (json_int_t)x.overdue_count, "due_next_30_fen",
                              (json_int_t)x.due_next_30_fen, "aging", aging));
}

static const struct route order_routes[] = {
    {"GET", "/api/v1/orders", get_orders, ROUTE_FAST_ONE_CUSTOMER},
    {"POST", "/api/v1/orders", post_order, 0},
    {"GET", "/api/v1/orders/:id", get_order, 0},
    {"PATCH", "/api/v1/orders/:id", patch_order, 0},
    {"POST", "/api/v1/orders/:id/deliver", post_deliver, 0},
    {"POST", "/api/v1/orders/:id/cancel", post_cancel, 0},
    {"GET", "/api/v1/orders/:id/receivable", get_receivable, 0},
    {"PUT", "/api/v1/orders/:id/plan", put_plan, 0},
    {"POST", "/api/v1/orders/:id/payments", post_payment, 0},
    {"GET", "/api/v1/receivables", get_receivables, ROUTE_FAST_ONE_CUSTOMER},
    {"GET", "/api/v1/receivables/summary", get_summary, 0},
    {0},
};

static const struct kh_perm *const order_perms[] = {&order_perm_read,      &order_perm_manage,
                                                    &receivable_perm_read, &receivable_perm_plan,
                                                    &payment_perm_record,  NULL};

static const struct kh_audit_action order_audit_actions[] = {
    {"order.create", "新建订单", "Order placed"},
    {"order.update", "修改订单", "Order changed"},
    {"order.deliver", "订单交付", "Order delivered"},
    {"order.cancel", "取消订单", "Order cancelled"},
    {"receivable.plan", "设置回款计划", "Payment plan set"},
    {"payment.record", "登记回款", "Payment recorded"},
    {"invoice_title.create", "新增发票抬头", "Invoice title added"},
    {"invoice_title.update", "修改发票抬头", "Invoice title changed"},
    {"invoice_title.delete", "删除发票抬头", "Invoice title deleted"},
    {"invoice.issue", "开具发票", "Invoice issued"},
    {0},
};

const struct capability orders_capability = {
    .name = "orders",
    .label_zh = "订单",
    .label_en = "Orders",
    .routes = {order_routes, invoice_routes},
    .perms = order_perms,
    .audit_actions = order_audit_actions,
    .scopes = (const struct kh_scope_kind *const[]){&receivable_scope_kind, NULL},
    .settings = (const struct kh_setting *const[]){&receivable_setting_terms, NULL},
    .job_kinds = (const struct job_kind *const[]){&receivable_overdue_kind, NULL},
    .tasks = (const struct job_task *const[]){&receivable_overdue_task, NULL},
    .customer_refs =
        (const struct customer_ref_kind *const[]){&order_customer_ref, &invoice_customer_ref, NULL},
    .document_kinds = (const struct document_kind *const[]){&order_document_kind, NULL},
};
