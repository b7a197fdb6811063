/* Orders: checks, rights, the list. */
#include "app/field.h"
#include "order/order.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/customer_ref.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/cursor.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "documents/documents.h"
#include "opportunity/opportunity.h"
#include "order/order_store.h"
#include "order/receivable.h"
#include "product/product.h"
#include "settings/settings.h"

const struct kh_perm order_perm_read = {"order.read", "查看订单", "Read orders"};
const struct kh_perm order_perm_manage = {"order.manage", "管理订单",
                                          "Place, change, deliver and cancel orders"};

static const struct kh_choice order_states[] = {
    {"confirmed", "已确认", "Confirmed"},
    {"delivered", "已交付", "Delivered"},
    {"cancelled", "已取消", "Cancelled"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice *order_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return order_states;
}

static const struct list_field order_fields[] = {
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct order_filter, state), .choice_set = 0,
     .index = "checked on each row of the walk"},
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct order_filter, customer_id),
     .index = "orders_customer (customer_id, ordered_at, id)"},
    {"owner_id", LIST_ID, LIST_OP_EQ, offsetof(struct order_filter, owner_id),
     .index = "orders_owner (owner_id, ordered_at, id)"},
    {"department_id", LIST_ID, LIST_OP_EQ, offsetof(struct order_filter, department_id),
     .index = "orders_owner, for each of the department's people"},
    {"q", LIST_TEXT, LIST_OP_MATCH, offsetof(struct order_filter, q), .max = 100,
     .index = "checked on each row of the walk"},
    {"ordered_from", LIST_DATE_RANGE, LIST_OP_RANGE, offsetof(struct order_filter, ordered_from),
     .key_to = "ordered_to", .offset_to = offsetof(struct order_filter, ordered_to),
     .index = "orders_placed (ordered_at, id)"},
    {0},
};

const struct list_spec order_list_spec = {
    .name = "orders", .fields = order_fields, .choices = order_choices};

static enum kh_status need(const struct kh_ctx *ctx, const struct kh_perm *p, struct kh_err *err)
{
    if (ctx_can(ctx, p) && ctx->actor.user_id)
        return KH_OK;
    return p == &order_perm_read ? kh_err_set(err, KH_E_FORBIDDEN, "", "需要查看订单的权限",
                                              "reading orders is needed")
                                 : kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理订单的权限",
                                              "placing and changing orders is needed");
}

static enum kh_status not_found(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个订单，或您无权查看",
                      "no such order, or not yours to see");
}

static enum kh_status line_error(struct kh_err *err, int i, const char *zh, const char *en)
{
    return kh_err_setf(err, KH_E_VALIDATION, "lines", "第 %d 行：%s", "line %d: %s", i + 1, zh,
                       i + 1, en);
}

/* The lines as given, checked and priced; o->amount_fen their sum. */
static enum kh_status check_lines(const struct kh_ctx *ctx, const struct order_input *in,
                                  const struct order *old, struct order *o, struct kh_err *err)
{
    if (in->nlines < 1 || in->nlines > ORDER_LINES_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "lines", "订单须有 1 到 %d 行",
                           "an order has 1 to %d lines", ORDER_LINES_MAX, ORDER_LINES_MAX);
    struct order_line *lines = arena_alloc(ctx->arena, sizeof(*lines) * (size_t)in->nlines);
    int64_t total = 0;
    for (int i = 0; i < in->nlines; i++) {
        struct order_line l = in->lines[i];
        l.description = field_trim(ctx->arena, l.description ? l.description : "");
        if (!utf8_text_ok(l.description, ORDER_DESCRIPTION_MAX, false))
            return line_error(err, i, "说明最多 200 字",
                              "the description is at most 200 characters");
        l.code = l.name = l.unit = "";
        int64_t list_price = 0;
        if (l.product_id) {
            struct product p;
            enum kh_status st = product_get(ctx, l.product_id, &p, err);
            bool kept = false; /* a deactivated product the order already names stays */
            for (int k = 0; old && k < old->nlines; k++)
                kept = kept || old->lines[k].product_id == l.product_id;
            if (st == KH_E_NOT_FOUND || (!st && !p.active && !kept))
                return line_error(err, i, "没有这个产品，或它已停用",
                                  "no such product, or it is deactivated");
            if (st)
                return st;
            l.code = p.code;
            l.name = p.name;
            l.unit = p.unit;
            list_price = p.price_fen;
        } else if (!*l.description) {
            return line_error(err, i, "请选择产品或填写说明",
                              "choose a product or describe the line");
        }
        if (l.quantity < 1 || l.quantity > ORDER_QUANTITY_MAX)
            return line_error(err, i, "数量为 1 到 1000000", "the quantity is 1 to 1000000");
        if (l.price_fen == -1) {
            if (!l.product_id)
                return line_error(err, i, "请填写单价", "give the unit price");
            l.price_fen = list_price;
        }
        if (l.discount_fen == -1)
            l.discount_fen = 0;
        if (l.price_fen < 0 || l.price_fen > ORDER_AMOUNT_MAX)
            return line_error(err, i, "单价（分）为 0 到 1000000000000",
                              "price_fen is 0 to 1000000000000");
        if (l.quantity > ORDER_AMOUNT_MAX / (l.price_fen ? l.price_fen : 1) ||
            l.quantity * l.price_fen > ORDER_AMOUNT_MAX)
            return line_error(err, i, "金额超过上限", "the amount is past the largest one");
        if (l.discount_fen < 0 || l.discount_fen > l.quantity * l.price_fen)
            return line_error(err, i, "折扣（分）为 0 到该行金额",
                              "discount_fen is 0 to the line's amount");
        l.amount_fen = l.quantity * l.price_fen - l.discount_fen;
        total += l.amount_fen;
        if (total > ORDER_AMOUNT_MAX)
            return line_error(err, i, "订单合计超过上限",
                              "the order's total is past the largest one");
        lines[i] = l;
    }
    o->lines = lines;
    o->nlines = in->nlines;
    o->amount_fen = total;
    return KH_OK;
}

static enum kh_status apply_input(const struct kh_ctx *ctx, const struct order_input *in,
                                  const struct order *old, struct order *o, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    int64_t now = ctx_now(ctx);
    if (in->ordered_at != -1) {
        if (in->ordered_at < 0 || in->ordered_at > now)
            return kh_err_set(err, KH_E_VALIDATION, "ordered_at", "下单时间不能晚于现在",
                              "an order cannot be placed in the future");
        o->ordered_at = in->ordered_at ? in->ordered_at : now;
    }
    if (in->delivery_due) {
        const char *d = field_trim(a, in->delivery_due);
        if (*d && !date_valid(d))
            return kh_err_set(err, KH_E_VALIDATION, "delivery_due",
                              "交货日期格式为 YYYY-MM-DD，且须是有效日期",
                              "the delivery date is YYYY-MM-DD and must exist");
        o->delivery_due = d;
    }
    if (in->notes) {
        const char *t = field_trim(a, in->notes);
        if (!utf8_text_ok(t, ORDER_NOTES_MAX, false))
            return kh_err_set(err, KH_E_VALIDATION, "notes", "备注最多 2000 字",
                              "the notes are at most 2000 characters");
        o->notes = t;
    }
    if (in->has_lines || !old) {
        enum kh_status st = check_lines(ctx, in, old, o, err);
        if (st)
            return st;
    }
    return KH_OK;
}

/* The purchase's summary of the lines: "净水器 A1×2，安装费" (at most 500 characters). */
static const char *products_text(struct arena *a, const struct order *o)
{
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i < o->nlines; i++) {
        const struct order_line *l = &o->lines[i];
        const char *what = *l->name ? l->name : l->description;
        if (i)
            buf_puts(&b, "，");
        buf_puts(&b, what);
        if (l->quantity != 1)
            buf_printf(&b, "×%lld", (long long)l->quantity);
    }
    const char *s = buf_cstr(&b);
    size_t n = strlen(s), cut = 0;
    for (int chars = 0; cut < n && chars < ORDER_PRODUCTS_TEXT_MAX; chars++) {
        uint32_t cp;
        size_t k = utf8_decode(s + cut, n - cut, &cp);
        cut += k ? k : 1;
    }
    const char *out = arena_strndup(a, s, utf8_cut(s, cut));
    buf_release(&b);
    return out;
}

static bool lines_differ(const struct order *x, const struct order *y)
{
    if (x->nlines != y->nlines)
        return true;
    for (int i = 0; i < x->nlines; i++) {
        const struct order_line *a = &x->lines[i], *b = &y->lines[i];
        if (a->product_id != b->product_id || strcmp(a->description, b->description) ||
            a->quantity != b->quantity || a->price_fen != b->price_fen ||
            a->discount_fen != b->discount_fen)
            return true;
    }
    return false;
}

static const char *detail_of(struct arena *a, const struct order *o, const char *extra)
{
    return arena_printf(a, "%scustomer=%lld state=%s amount_fen=%lld lines=%d", extra,
                        (long long)o->customer_id, o->state, (long long)o->amount_fen, o->nlines);
}

/* A new order's one installment: due the payment term after delivery (else after it was placed). */
static enum kh_status first_due(const struct kh_ctx *ctx, const struct order *o, const char **out,
                                struct kh_err *err)
{
    int64_t days = 0, from = o->ordered_at;
    enum kh_status st = settings_int(ctx, &receivable_setting_terms, &days, err);
    if (st)
        return st;
    if (*o->delivery_due && !time_parse_iso(ctx_tz(ctx), o->delivery_due, &from))
        from = o->ordered_at;
    char *d = arena_alloc(ctx->arena, 16);
    time_format_date(ctx_tz(ctx), from + days * 86400 + 12 * 3600, d, 16);
    *out = d;
    return KH_OK;
}

enum kh_status order_create(const struct kh_ctx *ctx, const struct order_input *in, int64_t *id,
                            int *skipped, struct kh_err *err)
{
    *id = 0;
    *skipped = 0;
    enum kh_status st = need(ctx, &order_perm_manage, err);
    if (st)
        return st;
    if (in->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择客户",
                          "say which customer (customer_id)");
    struct customer_brief c;
    if ((st = customer_open(ctx, in->customer_id, true, &c, err)))
        return st == KH_E_NOT_FOUND ? kh_err_set(err, KH_E_VALIDATION, "customer_id",
                                                 "没有这位客户，或您不能为其下单",
                                                 "no such customer, or not yours to work on")
                                    : st;
    int64_t now = ctx_now(ctx);
    struct order_write w = {.action = "order.create", .lines_changed = true};
    struct order *o = &w.o;
    *o = (struct order){.customer_id = c.id,
                        .owner_id = c.owner_id ? c.owner_id : ctx->actor.user_id,
                        .state = "confirmed",
                        .ordered_at = now,
                        .delivery_due = "",
                        .notes = "",
                        .cancel_reason = "",
                        .created_at = now,
                        .updated_at = now};
    if (in->opportunity_id) {
        struct opportunity p;
        st = in->opportunity_id > 0 ? opportunity_get(ctx, in->opportunity_id, &p, err)
                                    : KH_E_NOT_FOUND;
        if (st == KH_E_NOT_FOUND || st == KH_E_FORBIDDEN ||
            (!st && p.customer_id != in->customer_id))
            return kh_err_set(err, KH_E_VALIDATION, "opportunity_id", "没有这位客户的这个商机",
                              "no such opportunity of this customer");
        if (st)
            return st;
        o->opportunity_id = p.id;
    }
    if ((st = apply_input(ctx, in, NULL, o, err)))
        return st;
    w.products = products_text(ctx->arena, o);
    w.detail = detail_of(ctx->arena, o, "");
    if ((st = first_due(ctx, o, &w.first_due, err)))
        return st;
    st = order_store_write(ctx, &w, id, err);
    *skipped = st ? 0 : w.skipped;
    return st;
}

/* The order if the actor may change it: manage, its customer theirs to change. */
static enum kh_status open_for_change(const struct kh_ctx *ctx, int64_t id, struct order *o,
                                      struct kh_err *err)
{
    enum kh_status st = need(ctx, &order_perm_manage, err);
    if (!st)
        st = order_store_get(ctx, id, true, o, err);
    if (st)
        return st;
    struct customer_brief c;
    st = customer_open(ctx, o->customer_id, true, &c, err);
    if (st)
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    if (strcmp(o->state, "confirmed"))
        return kh_err_set(err, KH_E_CONFLICT, "state", "这个订单已交付或已取消，不能再修改",
                          "this order is delivered or cancelled and cannot be changed");
    return KH_OK;
}

static enum kh_status write_change(const struct kh_ctx *ctx, struct order_write *w,
                                   struct kh_err *err)
{
    int64_t got;
    w->o.updated_at = ctx_now(ctx);
    return order_store_write(ctx, w, &got, err);
}

enum kh_status order_update(const struct kh_ctx *ctx, int64_t id, const struct order_input *in,
                            struct kh_err *err)
{
    struct order old;
    enum kh_status st = open_for_change(ctx, id, &old, err);
    if (st)
        return st;
    struct order_write w = {.action = "order.update", .old_state = old.state};
    w.o = old;
    if ((st = apply_input(ctx, in, &old, &w.o, err)))
        return st;
    w.lines_changed = in->has_lines && lines_differ(&old, &w.o);
    if (!w.lines_changed && w.o.ordered_at == old.ordered_at &&
        !strcmp(w.o.delivery_due, old.delivery_due) && !strcmp(w.o.notes, old.notes))
        return KH_OK;
    w.products = products_text(ctx->arena, &w.o);
    w.detail = detail_of(ctx->arena, &w.o, w.lines_changed ? "lines_changed=1 " : "");
    return write_change(ctx, &w, err);
}

enum kh_status order_deliver(const struct kh_ctx *ctx, int64_t id, int64_t at, struct kh_err *err)
{
    struct order old;
    enum kh_status st = open_for_change(ctx, id, &old, err);
    if (st)
        return st;
    int64_t now = ctx_now(ctx);
    if (!at)
        at = now;
    if (at < old.ordered_at || at > now)
        return kh_err_set(err, KH_E_VALIDATION, "delivered_at", "交付时间须在下单之后、现在之前",
                          "the delivery is after the order was placed and not in the future");
    struct order_write w = {.action = "order.deliver", .old_state = old.state};
    w.o = old;
    w.o.state = "delivered";
    w.o.delivered_at = at;
    w.products = products_text(ctx->arena, &w.o);
    w.detail = detail_of(ctx->arena, &w.o, "");
    return write_change(ctx, &w, err);
}

enum kh_status order_cancel(const struct kh_ctx *ctx, int64_t id, const char *reason,
                            struct kh_err *err)
{
    const char *why = field_trim(ctx->arena, reason ? reason : "");
    if (!*why || !utf8_text_ok(why, ORDER_NOTES_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请说明取消原因（2000 字以内）",
                          "say why the order is cancelled (at most 2000 characters)");
    struct order old;
    enum kh_status st = open_for_change(ctx, id, &old, err);
    if (st)
        return st;
    struct order_write w = {.action = "order.cancel", .old_state = old.state};
    w.o = old;
    w.o.state = "cancelled";
    w.o.cancel_reason = why;
    w.products = NULL; /* no longer a purchase */
    w.detail = detail_of(ctx->arena, &w.o, arena_printf(ctx->arena, "reason=%s ", why));
    return write_change(ctx, &w, err);
}

enum kh_status order_get(const struct kh_ctx *ctx, int64_t id, struct order *out,
                         struct kh_err *err)
{
    enum kh_status st = need(ctx, &order_perm_read, err);
    if (!st)
        st = order_store_get(ctx, id, true, out, err);
    if (st)
        return st;
    struct customer_brief c;
    struct kh_ctx reader = receivable_reader(ctx); /* the accountant reads every non-secret one */
    if ((st = customer_open(&reader, out->customer_id, false, &c, err)))
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    struct audit_event ev = {"customer.read", "customer", out->customer_id,
                             arena_printf(ctx->arena, "part=orders order=%lld", (long long)id)};
    return audit_record_read(ctx, &ev, err);
}

enum kh_status order_list(const struct kh_ctx *ctx, const struct order_filter *f,
                          const struct list_page *page, struct order **out, int *count,
                          const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    enum kh_status st = need(ctx, &order_perm_read, err);
    if (st)
        return st;
    struct kh_ctx reader = receivable_reader(ctx); /* the accountant reads every non-secret one */
    struct customer_scope scope = customer_scope_of(&reader.actor);
    if (scope.scope == KH_SCOPE_NONE)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "您没有可查看的客户", "you see no customers");
    uint32_t tag = cursor_tag("orders", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "i", &after, err))
        return err->code;
    struct order *items = NULL;
    int n = 0;
    st = order_store_list(ctx, &scope, f, field_like_pattern(ctx->arena, f->q),
                          after.nkeys ? after.keys[0].i : 0, after.id, page->limit + 1, &items, &n,
                          err);
    if (st)
        return st;
    if (n > page->limit) {
        n = page->limit;
        struct cursor c = {
            .nkeys = 1, .keys = {{CURSOR_INT, items[n - 1].ordered_at, 0}}, .id = items[n - 1].id};
        *next = cursor_encode(ctx->arena, tag, &c);
    }
    *out = items;
    *count = n;
    return KH_OK;
}

/* ---- what refers to a customer ---- */

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return order_store_forget_on(c, ctx, id, err);
}

/* A merged customer's orders go to the survivor (R-ARC-8); a destroyed one's go (R-SEC-7). */
const struct customer_ref_kind order_customer_ref = {"orders", order_store_repoint_on, forget};

/*
 * An order's files (the signed order, a delivery note): read by whoever
 * reads its customer, attached and deleted by those who may change it.
 */
static enum kh_status document_owner(const struct kh_ctx *ctx, int64_t id, bool write,
                                     int64_t *customer_id, struct kh_err *err)
{
    struct order o;
    enum kh_status st = order_store_get(ctx, id, false, &o, err);
    bool may = ctx_can(ctx, write ? &order_perm_manage : &order_perm_read) && ctx->actor.user_id;
    struct customer_brief c;
    if (!st && may)
        st = customer_open(ctx, o.customer_id, write, &c, err);
    if (st == KH_E_NOT_FOUND || (!st && !may && !write))
        return kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这个订单，或您无权查看",
                          "no such order, or not yours to see");
    if (!st && !may)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理订单的权限，不能添加或删除附件",
                          "not allowed to change orders, so not to attach files either");
    if (st)
        return st;
    *customer_id = o.customer_id;
    return KH_OK;
}

const struct document_kind order_document_kind = {"order", document_owner};
