/* Invoice titles and invoices: checks and rights. */
#include "app/field.h"
#include "order/invoice.h"

#include <string.h>

#include "app/customer_ref.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "order/invoice_store.h"
#include "order/order.h"
#include "order/receivable.h"
#include "text/validate.h"

/* The customer, if the actor may read its titles (write: keep them). */
static enum kh_status open_customer(const struct kh_ctx *ctx, int64_t customer_id, bool write,
                                    struct kh_err *err)
{
    bool sales = ctx_can(ctx, &order_perm_manage), finance = ctx_can(ctx, &payment_perm_record);
    bool reads =
        sales || finance || ctx_can(ctx, &order_perm_read) || ctx_can(ctx, &receivable_perm_read);
    if (!ctx->actor.user_id || (write ? !(sales || finance) : !reads))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理发票抬头的权限",
                          "not allowed to keep invoice titles");
    struct customer_brief c;
    enum kh_status st = KH_E_NOT_FOUND;
    if (sales) /* a salesperson keeps the titles of customers they may change */
        st = customer_open(ctx, customer_id, write, &c, err);
    if (st == KH_E_NOT_FOUND && (finance || !write)) {
        struct kh_ctx r = receivable_reader(ctx);
        st = customer_open(&r, customer_id, false, &c, err);
    }
    return st == KH_E_NOT_FOUND ? kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权查看",
                                             "customer not found or not visible to you")
                                : st;
}

enum kh_status invoice_titles(const struct kh_ctx *ctx, int64_t customer_id,
                              struct invoice_title **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    enum kh_status st = open_customer(ctx, customer_id, false, err);
    return st ? st : invoice_store_titles(ctx, customer_id, out, count, err);
}

enum kh_status invoice_title_get(const struct kh_ctx *ctx, int64_t id, struct invoice_title *out,
                                 struct kh_err *err)
{
    enum kh_status st = invoice_store_title(ctx, id, out, err);
    if (!st)
        st = open_customer(ctx, out->customer_id, false, err);
    return st == KH_E_NOT_FOUND
               ? kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个发票抬头，或您无权查看",
                            "no such invoice title, or not yours to see")
               : st;
}

static enum kh_status text_field(struct arena *a, const char *in, const char *field, size_t max,
                                 const char *zh, const char *en, const char **out,
                                 struct kh_err *err)
{
    if (!in)
        return KH_OK;
    const char *t = field_trim(a, in);
    if (!utf8_text_ok(t, max, false))
        return kh_err_setf(err, KH_E_VALIDATION, field, "%s最多 %zu 字",
                           "%s is at most %zu characters", zh, max, en, max);
    *out = t;
    return KH_OK;
}

static enum kh_status check_title(const struct kh_ctx *ctx, const struct invoice_title_input *in,
                                  struct invoice_title *t, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    if (in->kind) {
        if (strcmp(in->kind, "company") && strcmp(in->kind, "individual"))
            return kh_err_set(err, KH_E_VALIDATION, "kind",
                              "抬头类型为单位（company）或个人（individual）",
                              "the kind is company or individual");
        t->kind = in->kind;
    }
    enum kh_status st;
    if ((st = text_field(a, in->name, "name", INVOICE_TITLE_NAME_MAX, "名称", "the name", &t->name,
                         err)) ||
        (st = text_field(a, in->address, "address", INVOICE_TITLE_ADDRESS_MAX, "地址",
                         "the address", &t->address, err)) ||
        (st = text_field(a, in->phone, "phone", INVOICE_TITLE_PHONE_MAX, "电话", "the phone",
                         &t->phone, err)) ||
        (st = text_field(a, in->bank, "bank", INVOICE_TITLE_BANK_MAX, "开户行", "the bank",
                         &t->bank, err)) ||
        (st = text_field(a, in->account, "account", INVOICE_TITLE_ACCOUNT_MAX, "账号",
                         "the account", &t->account, err)))
        return st;
    if (!*t->name)
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写抬头名称", "give the title's name");
    if (in->tax_number) {
        char *tax = (char *)field_trim(a, in->tax_number);
        for (char *p = tax; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        t->tax_number = tax;
    }
    if (!strcmp(t->kind, "company") && !valid_uscc(str_from(t->tax_number)))
        return kh_err_set(err, KH_E_VALIDATION, "tax_number",
                          "单位抬头的税号须为有效的 18 位统一社会信用代码",
                          "a company's tax number is a valid 18-character unified social credit "
                          "code");
    if (!strcmp(t->kind, "individual") && *t->tax_number)
        return kh_err_set(err, KH_E_VALIDATION, "tax_number", "个人抬头没有税号",
                          "an individual's title has no tax number");
    if (in->is_default != -1)
        t->is_default = in->is_default == 1;
    return KH_OK;
}

enum kh_status invoice_title_create(const struct kh_ctx *ctx, int64_t customer_id,
                                    const struct invoice_title_input *in, int64_t *id,
                                    struct kh_err *err)
{
    *id = 0;
    enum kh_status st = open_customer(ctx, customer_id, true, err);
    if (st)
        return st;
    struct invoice_title t = {.customer_id = customer_id,
                              .kind = "company",
                              .name = "",
                              .tax_number = "",
                              .address = "",
                              .phone = "",
                              .bank = "",
                              .account = ""};
    if ((st = check_title(ctx, in, &t, err)) || (st = invoice_store_title_put(ctx, &t, err)))
        return st;
    *id = t.id;
    return KH_OK;
}

enum kh_status invoice_title_update(const struct kh_ctx *ctx, int64_t id,
                                    const struct invoice_title_input *in, struct kh_err *err)
{
    struct invoice_title t;
    enum kh_status st = invoice_title_get(ctx, id, &t, err);
    if (!st)
        st = open_customer(ctx, t.customer_id, true, err);
    if (!st)
        st = check_title(ctx, in, &t, err);
    return st ? st : invoice_store_title_put(ctx, &t, err);
}

enum kh_status invoice_title_delete(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct invoice_title t;
    enum kh_status st = invoice_title_get(ctx, id, &t, err);
    if (!st)
        st = open_customer(ctx, t.customer_id, true, err);
    return st ? st : invoice_store_title_delete(ctx, &t, err);
}

static bool number_ok(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n >= 8 && n <= 20;
}

enum kh_status invoice_issue(const struct kh_ctx *ctx, int64_t order_id,
                             const struct invoice_input *in, int64_t *id, struct kh_err *err)
{
    *id = 0;
    if (!ctx_can(ctx, &payment_perm_record) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要登记回款的权限才能开票",
                          "issuing invoices needs the right to record payments");
    struct invoice_input v = *in;
    struct arena *a = ctx->arena;
    if (!v.kind || (strcmp(v.kind, "normal") && strcmp(v.kind, "special")))
        return kh_err_set(err, KH_E_VALIDATION, "kind",
                          "发票种类为普通发票（normal）或专用发票（special）",
                          "the kind is normal or special");
    v.number = field_trim(a, v.number);
    if (!number_ok(v.number))
        return kh_err_set(err, KH_E_VALIDATION, "number", "发票号码为 8 到 20 位数字",
                          "the invoice number is 8 to 20 digits");
    if (v.amount_fen <= 0 || v.amount_fen > ORDER_AMOUNT_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "amount_fen", "开票金额（分）须大于 0",
                          "amount_fen is above 0");
    char today[16];
    time_format_date(ctx_tz(ctx), ctx_now(ctx), today, sizeof(today));
    if (!v.issued_on || !*v.issued_on)
        v.issued_on = arena_strdup(a, today);
    if (!date_valid(v.issued_on) || strcmp(v.issued_on, today) > 0)
        return kh_err_set(err, KH_E_VALIDATION, "issued_on",
                          "开票日期格式为 YYYY-MM-DD，且不能晚于今天",
                          "the day issued is YYYY-MM-DD and not after today");
    struct receivable r;
    enum kh_status st = receivable_get(ctx, order_id, &r, err);
    if (st)
        return st;
    struct invoice_title t;
    st = v.title_id > 0 ? invoice_store_title(ctx, v.title_id, &t, err) : KH_E_NOT_FOUND;
    if (st == KH_E_NOT_FOUND || (!st && t.customer_id != r.customer_id))
        return kh_err_set(err, KH_E_VALIDATION, "title_id", "请选择这位客户的发票抬头",
                          "choose one of this customer's invoice titles");
    if (st)
        return st;
    if (!strcmp(v.kind, "special") &&
        (strcmp(t.kind, "company") || !*t.address || !*t.phone || !*t.bank || !*t.account))
        return kh_err_set(err, KH_E_VALIDATION, "title_id",
                          "专用发票须开给单位抬头，且地址、电话、开户行、账号齐全",
                          "a special VAT invoice goes to a company title with its address, phone, "
                          "bank and account");
    return invoice_store_issue(ctx, order_id, &v, id, err);
}

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return invoice_store_forget_on(c, ctx, id, err);
}

/* A merged customer's titles and invoices go to the survivor; a destroyed one's go. */
const struct customer_ref_kind invoice_customer_ref = {"invoice_titles", invoice_store_repoint_on,
                                                       forget};
