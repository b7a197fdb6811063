/* Orders: the list, one order, place, change, deliver, cancel. */
#include "order/order.h"

#include <string.h>

#include "app/registry.h"
#include "core/arena.h"
#include "core/clock.h"
#include "http/http.h"
#include "http/http_list.h"

static json_t *order_json(struct http_req *r, const struct order *o, const char *today)
{
    json_t *opp = o->opportunity_id ? json_pack("{s:I, s:s}", "id", (json_int_t)o->opportunity_id,
                                                "title", o->opportunity_title)
                                    : json_null();
    return json_pack(
        "{s:I, s:s, s:{s:I, s:s, s:s, s:i}, s:o, s:s, s:o, s:s, s:o, s:I, s:s, s:s, s:o, s:o, "
        "s:o, s:o, s:b}",
        "id", (json_int_t)o->id, "code", o->code, "customer", "id", (json_int_t)o->customer_id,
        "code", o->customer_code, "name", o->customer_name, "secrecy", o->customer_secrecy,
        "opportunity", opp, "state", o->state, "ordered_at", http_json_time(r, o->ordered_at),
        "delivery_due", o->delivery_due, "delivered_at", http_json_time(r, o->delivered_at),
        "amount_fen", (json_int_t)o->amount_fen, "notes", o->notes, "cancel_reason",
        o->cancel_reason, "owner", http_json_ref(o->owner_id, o->owner_name), "created_by",
        http_json_actor(r, o->created_by, o->created_by_name), "created_at",
        http_json_time(r, o->created_at), "updated_at", http_json_time(r, o->updated_at),
        "overdue_delivery",
        !strcmp(o->state, "confirmed") && *o->delivery_due && strcmp(o->delivery_due, today) < 0);
}

static const char *today_of(struct http_req *r)
{
    char *d = arena_alloc(r->ctx.arena, 16);
    time_format_date(ctx_tz(&r->ctx), ctx_now(&r->ctx), d, 16);
    return d;
}

static void reply_order(struct http_req *r, int status, int64_t id, int skipped)
{
    struct order o;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, order_get(&r->ctx, id, &o, &err), &err))
        return;
    json_t *j = order_json(r, &o, today_of(r));
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
    const char *today = today_of(r);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, order_json(r, &items[i], today));
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static const struct route order_routes[] = {
    {"GET", "/api/v1/orders", get_orders, 0},
    {"POST", "/api/v1/orders", post_order, 0},
    {"GET", "/api/v1/orders/:id", get_order, 0},
    {"PATCH", "/api/v1/orders/:id", patch_order, 0},
    {"POST", "/api/v1/orders/:id/deliver", post_deliver, 0},
    {"POST", "/api/v1/orders/:id/cancel", post_cancel, 0},
    {0},
};

static const struct kh_perm *const order_perms[] = {&order_perm_read, &order_perm_manage, NULL};

static const struct kh_audit_action order_audit_actions[] = {
    {"order.create", "新建订单", "Order placed"},
    {"order.update", "修改订单", "Order changed"},
    {"order.deliver", "订单交付", "Order delivered"},
    {"order.cancel", "取消订单", "Order cancelled"},
    {0},
};

const struct capability orders_capability = {
    .name = "orders",
    .label_zh = "订单",
    .label_en = "Orders",
    .routes = {order_routes},
    .perms = order_perms,
    .audit_actions = order_audit_actions,
    .customer_refs = (const struct customer_ref_kind *const[]){&order_customer_ref, NULL},
    .document_kinds = (const struct document_kind *const[]){&order_document_kind, NULL},
};
