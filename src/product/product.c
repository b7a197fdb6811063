/* The product catalogue: checks, rights, the list. */
#include "app/field.h"
#include "product/product.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "core/utf8.h"
#include "product/product_store.h"

const struct kh_perm product_perm_read = {"product.read", "查看产品目录",
                                          "Read the product catalogue"};
const struct kh_perm product_perm_manage = {"product.manage", "管理产品目录",
                                            "Manage the product catalogue"};

static const struct kh_choice product_states[] = {
    {"active", "在用", "Active"},
    {"inactive", "已停用", "Deactivated"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice *product_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return product_states;
}

static const struct list_field product_fields[] = {
    {"q", LIST_TEXT, LIST_OP_MATCH, offsetof(struct product_filter, q), .max = 100,
     .index = "products_code (a scan in code order, stopped at the page)"},
    {"category", LIST_TEXT, LIST_OP_EQ, offsetof(struct product_filter, category), .max = 200,
     .index = "products_category"},
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct product_filter, state), .choice_set = 0,
     .index = "products_code"},
    {0},
};

const struct list_spec product_list_spec = {
    .name = "products", .fields = product_fields, .choices = product_choices};

static enum kh_status need(const struct kh_ctx *ctx, const struct kh_perm *p, struct kh_err *err)
{
    if (ctx_can(ctx, p))
        return KH_OK;
    return p == &product_perm_read ? kh_err_set(err, KH_E_FORBIDDEN, "", "需要查看产品目录的权限",
                                                "reading the product catalogue is needed")
                                   : kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理产品目录的权限",
                                                "managing the product catalogue is needed");
}

/* ---- checks ---- */

static bool code_char(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
           ch == '.' || ch == '/';
}

static enum kh_status check_code(struct arena *a, const char *in, const char **out,
                                 struct kh_err *err)
{
    char *code = (char *)field_trim(a, in);
    size_t n = strlen(code);
    for (size_t i = 0; i < n; i++)
        if (code[i] >= 'a' && code[i] <= 'z')
            code[i] = (char)(code[i] - 'a' + 'A');
    bool ok = n >= 1 && n <= PRODUCT_CODE_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = code_char(code[i]);
    if (!ok)
        return kh_err_setf(err, KH_E_VALIDATION, "code",
                           "产品编码为 1 到 %d 位字母、数字或 - _ . /",
                           "the product code is 1 to %d letters, digits or - _ . /",
                           PRODUCT_CODE_MAX, PRODUCT_CODE_MAX);
    *out = code;
    return KH_OK;
}

enum kh_status product_check(const struct kh_ctx *ctx, const struct product_input *in,
                             const struct product *old, struct product *out, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    if (old)
        *out = *old;
    else
        *out = (struct product){
            .code = "", .name = "", .model = "", .category = "", .unit = "", .active = true};
    enum kh_status st = KH_OK;
    if ((in->code || !old) && (st = check_code(a, in->code ? in->code : "", &out->code, err)))
        return st;
    if ((in->name || !old) &&
        (st = field_text(a, in->name ? in->name : "", "name", PRODUCT_NAME_MAX, true,
                         "请填写产品名称", "give the product's name", &out->name, err)))
        return st;
    if (in->model && (st = field_text(a, in->model, "model", PRODUCT_MODEL_MAX, false, "型号",
                                      "the model", &out->model, err)))
        return st;
    if (in->category && (st = field_text(a, in->category, "category", PRODUCT_CATEGORY_MAX, false,
                                         "类别", "the category", &out->category, err)))
        return st;
    if (in->unit && (st = field_text(a, in->unit, "unit", PRODUCT_UNIT_MAX, false, "单位",
                                     "the unit", &out->unit, err)))
        return st;
    if (in->price_fen != -1) {
        if (in->price_fen < 0 || in->price_fen > PRODUCT_PRICE_MAX)
            return kh_err_set(err, KH_E_VALIDATION, "price_fen",
                              "单价（分）须为 0 到 1000000000000 的整数",
                              "price_fen is a whole number of fen from 0 to 1000000000000");
        out->price_fen = in->price_fen;
    }
    if (in->warranty_months != -1) {
        if (in->warranty_months < 0 || in->warranty_months > PRODUCT_WARRANTY_MAX)
            return kh_err_setf(err, KH_E_VALIDATION, "warranty_months", "保修期须为 0 到 %d 个月",
                               "the warranty is 0 to %d months", PRODUCT_WARRANTY_MAX,
                               PRODUCT_WARRANTY_MAX);
        out->warranty_months = in->warranty_months;
    }
    if (in->active != -1) {
        if (in->active != 0 && in->active != 1)
            return kh_err_set(err, KH_E_VALIDATION, "active", "状态为启用或停用",
                              "active is true or false");
        out->active = in->active == 1;
    }
    return KH_OK;
}

/* The names of the fields where a and b differ, comma-separated ("" when none). */
static const char *changed_fields(struct arena *a, const struct product *x, const struct product *y)
{
    char out[160] = "";
    size_t n = 0;
    const struct {
        const char *name;
        bool differ;
    } f[] = {
        {"code", strcmp(x->code, y->code) != 0},
        {"name", strcmp(x->name, y->name) != 0},
        {"model", strcmp(x->model, y->model) != 0},
        {"category", strcmp(x->category, y->category) != 0},
        {"unit", strcmp(x->unit, y->unit) != 0},
        {"price_fen", x->price_fen != y->price_fen},
        {"warranty_months", x->warranty_months != y->warranty_months},
        {"active", x->active != y->active},
    };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (f[i].differ)
            n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", n ? "," : "", f[i].name);
    return arena_strdup(a, out);
}

/* ---- products ---- */

enum kh_status product_create(const struct kh_ctx *ctx, const struct product_input *in, int64_t *id,
                              struct kh_err *err)
{
    *id = 0;
    struct product p;
    enum kh_status st = need(ctx, &product_perm_manage, err);
    if (!st)
        st = product_check(ctx, in, NULL, &p, err);
    return st ? st : product_store_insert(ctx, &p, id, err);
}

enum kh_status product_update(const struct kh_ctx *ctx, int64_t id, const struct product_input *in,
                              struct kh_err *err)
{
    struct product old, p;
    enum kh_status st = need(ctx, &product_perm_manage, err);
    if (!st)
        st = product_store_get(ctx, id, &old, err);
    if (!st)
        st = product_check(ctx, in, &old, &p, err);
    if (st)
        return st;
    const char *changed = changed_fields(ctx->arena, &old, &p);
    return *changed ? product_store_update(ctx, &p, changed, err) : KH_OK;
}

enum kh_status product_get(const struct kh_ctx *ctx, int64_t id, struct product *out,
                           struct kh_err *err)
{
    enum kh_status st = need(ctx, &product_perm_read, err);
    return st ? st : product_store_get(ctx, id, out, err);
}

enum kh_status product_list(const struct kh_ctx *ctx, const struct product_filter *f,
                            const struct list_page *page, struct product **out, int *count,
                            const char **next, const char ***categories, int *ncategories,
                            struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    enum kh_status st = need(ctx, &product_perm_read, err);
    if (st)
        return st;
    uint32_t tag = cursor_tag("products", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "t", &after, err))
        return err->code;
    const char *from = after.nkeys ? after.keys[0].t : "";
    struct product *items = NULL;
    int n = 0;
    st = product_store_list(ctx, f, field_like_pattern(ctx->arena, f->q), from, page->limit + 1,
                            &items, &n, err);
    if (!st && categories)
        st = product_store_categories(ctx, categories, ncategories, err);
    if (st)
        return st;
    if (n > page->limit) {
        n = page->limit;
        struct cursor c = {
            .nkeys = 1, .keys = {{CURSOR_TEXT, 0, items[n - 1].code}}, .id = items[n - 1].id};
        *next = cursor_encode(ctx->arena, tag, &c);
    }
    *out = items;
    *count = n;
    return KH_OK;
}
