#ifndef KH_PRODUCT_PRODUCT_H
#define KH_PRODUCT_PRODUCT_H

/*
 * The product catalogue 产品目录 (issue 14, "Products"): what opportunities,
 * orders and contracts name. A product: a code 产品编码 (1 to 40 of
 * letters, digits and - _ . /; letters kept upper-case; one product per
 * code), a name (1 to 100 characters), a model 型号 (0-100), a category
 * 类别 (0-50), a unit 单位 (0-20), a list price in fen (0 to 10^12) and a
 * warranty in months (0-600). Nothing about a product is personal data:
 * the selling, customer-archive and management roles and the
 * administrator read the catalogue (product.read; the service and finance
 * roles get it with their capabilities; visitors never); product.manage (the general manager, sales
 * managers, the administrator) adds, changes, deactivates 停用 and imports products. A product is
 * never deleted (an order may name it); a deactivated one stays readable and leaves the pickers.
 * Every change is audited
 * ("product.create", "product.update", "product.import").
 *
 * Import (产品导入): a CSV or .xlsx upload, one product per row, by code:
 * a new code is added, a known one is changed to the row's values (a row
 * that changes nothing is skipped), with the table import's preview and
 * error file (import/import.h). The price column is in yuan ("1,280.50",
 * "¥99", "99元"); a price with more than two decimals is refused.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct job_kind;

extern const struct kh_perm product_perm_read;
extern const struct kh_perm product_perm_manage;
extern const struct job_kind product_import_kind;
extern const struct job_kind product_import_preview_kind;
struct table_import;
extern const struct table_import product_import_table; /* registered: uploads for it */
extern const struct list_spec product_list_spec;

#define PRODUCT_CODE_MAX 40
#define PRODUCT_NAME_MAX 100
#define PRODUCT_MODEL_MAX 100
#define PRODUCT_CATEGORY_MAX 50
#define PRODUCT_UNIT_MAX 20
#define PRODUCT_PRICE_MAX 1000000000000LL /* fen: ten billion yuan */
#define PRODUCT_WARRANTY_MAX 600          /* months */
#define PRODUCT_IMPORT_MAX_ROWS 50000
#define PRODUCT_CATEGORIES_MAX 200 /* the categories a list answers with */

/* What a client gives; NULL texts and negative numbers of a change are left as they are. */
struct product_input {
    const char *code, *name, *model, *category, *unit;
    int64_t price_fen;       /* -1: not given */
    int64_t warranty_months; /* -1: not given */
    int active;              /* -1: not given, 0 deactivate, 1 activate */
};
#define PRODUCT_INPUT_NONE                                                                         \
    (struct product_input)                                                                         \
    {                                                                                              \
        .price_fen = -1, .warranty_months = -1, .active = -1                                       \
    }

struct product {
    int64_t id;
    const char *code, *name, *model, *category, *unit;
    int64_t price_fen, warranty_months;
    bool active;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at, updated_at;
};

struct product_filter {
    const char *q;        /* part of the code, name or model (letters in any case) */
    const char *category; /* exactly */
    const char *state;    /* "active" (NULL too), "inactive" or "all" */
};

/*
 * The product the input describes, checked: VALIDATION naming the field
 * (code, name, model, category, unit, price_fen, warranty_months). For a
 * change, old is the product as it is (its members fill what in leaves
 * out); NULL for a new one (code and name required, the rest default).
 * The code comes back upper-cased in out (texts in ctx's arena).
 */
KH_NODISCARD enum kh_status product_check(const struct kh_ctx *ctx, const struct product_input *in,
                                          const struct product *old, struct product *out,
                                          struct kh_err *err);

/* Add a product; *id its number. CONFLICT "code" when another product has that code. */
KH_NODISCARD enum kh_status product_create(const struct kh_ctx *ctx, const struct product_input *in,
                                           int64_t *id, struct kh_err *err);
/* Change product id (what in gives); the same refusals; NOT_FOUND when there is none. */
KH_NODISCARD enum kh_status product_update(const struct kh_ctx *ctx, int64_t id,
                                           const struct product_input *in, struct kh_err *err);
KH_NODISCARD enum kh_status product_get(const struct kh_ctx *ctx, int64_t id, struct product *out,
                                        struct kh_err *err);
/*
 * A page of the catalogue in code order; *next the cursor of the next page
 * (NULL: none). categories: every category in use (at most
 * PRODUCT_CATEGORIES_MAX, in order), for the filter; may be NULL.
 */
KH_NODISCARD enum kh_status product_list(const struct kh_ctx *ctx, const struct product_filter *f,
                                         const struct list_page *page, struct product **out,
                                         int *count, const char **next, const char ***categories,
                                         int *ncategories, struct kh_err *err);

/* Start an import (or its preview) of upload file_id as a background job. */
KH_NODISCARD enum kh_status product_import_start(const struct kh_ctx *ctx, const char *file_id,
                                                 bool dry_run, bool english, int64_t *job_id,
                                                 struct kh_err *err);

#endif
