/* The product catalogue: list, one product, add, change, deactivate, import. */
#include "product/product.h"

#include <string.h>

#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"
#include "http/routes/import_route.h"
#include "jobs/jobs.h"

static json_t *product_json(struct http_req *r, const struct product *p)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:b, s:o, s:o, s:o}", "id", (json_int_t)p->id,
        "code", p->code, "name", p->name, "model", p->model, "category", p->category, "unit",
        p->unit, "price_fen", (json_int_t)p->price_fen, "warranty_months",
        (json_int_t)p->warranty_months, "active", p->active, "created_by",
        http_json_actor(r, p->created_by, p->created_by_name), "created_at",
        http_json_time(r, p->created_at), "updated_at", http_json_time(r, p->updated_at));
}

static void reply_product(struct http_req *r, int status, int64_t id)
{
    struct product p;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, product_get(&r->ctx, id, &p, &err), &err))
        http_reply_json(r, status, product_json(r, &p));
}

static void get_products(struct http_req *r)
{
    struct product_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &product_list_spec, &f, &pg))
        return;
    struct product *items = NULL;
    const char **cats = NULL;
    int n = 0, ncats = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, product_list(&r->ctx, &f, &pg, &items, &n, &next, &cats, &ncats, &err), &err))
        return;
    json_t *a = json_array(), *c = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, product_json(r, &items[i]));
    for (int i = 0; i < ncats; i++)
        json_array_append_new(c, json_string(cats[i]));
    json_t *o = json_pack("{s:o, s:o}", "items", a, "categories", c);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

/* The body's fields: absent ones stay NULL or -1 (a change leaves them as they are). */
static bool read_input(struct http_req *r, json_t *o, struct product_input *in)
{
    *in = PRODUCT_INPUT_NONE;
    int active = -1;
    if (!http_get_str(r, o, "code", &in->code) || !http_get_str(r, o, "name", &in->name) ||
        !http_get_str(r, o, "model", &in->model) ||
        !http_get_str(r, o, "category", &in->category) || !http_get_str(r, o, "unit", &in->unit) ||
        !http_get_int(r, o, "price_fen", &in->price_fen) ||
        !http_get_int(r, o, "warranty_months", &in->warranty_months) ||
        !http_get_bool(r, o, "active", &active))
        return false;
    in->active = active;
    /* A negative number given is refused by the checks, not read as "not given". */
    if (json_is_integer(json_object_get(o, "price_fen")) && in->price_fen < 0)
        in->price_fen = -2;
    if (json_is_integer(json_object_get(o, "warranty_months")) && in->warranty_months < 0)
        in->warranty_months = -2;
    return true;
}

static void post_product(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct product_input in;
    if (!o || !read_input(r, o, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, product_create(&r->ctx, &in, &id, &err), &err))
        reply_product(r, 201, id);
}

static void get_product(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_product(r, 200, id);
}

static void patch_product(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct product_input in;
    if (!o || !read_input(r, o, &in))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, product_update(&r->ctx, id, &in, &err), &err))
        reply_product(r, 200, id);
}

/* POST /products/imports {file_id, dry_run}: an import (or its preview) of an upload. */
static void post_import(struct http_req *r)
{
    import_route_table(r, product_import_start);
}

static const struct route product_routes[] = {
    {"GET", "/api/v1/products", get_products, 0},
    {"POST", "/api/v1/products", post_product, 0},
    {"POST", "/api/v1/products/imports", post_import, 0},
    {"GET", "/api/v1/products/:id", get_product, 0},
    {"PATCH", "/api/v1/products/:id", patch_product, 0},
    {0},
};

static const struct kh_perm *const product_perms[] = {&product_perm_read, &product_perm_manage,
                                                      NULL};

static const struct kh_audit_action product_audit_actions[] = {
    {"product.create", "新增产品", "Product added"},
    {"product.update", "修改产品", "Product changed"},
    {"product.import", "导入产品", "Products imported"},
    {0},
};

const struct capability products_capability = {
    .name = "products",
    .label_zh = "产品目录",
    .label_en = "Product catalogue",
    .routes = {product_routes},
    .perms = product_perms,
    .audit_actions = product_audit_actions,
    .job_kinds =
        (const struct job_kind *const[]){&product_import_kind, &product_import_preview_kind, NULL},
    .table_imports = (const struct table_import *const[]){&product_import_table, NULL},
};
