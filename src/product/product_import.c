/* Importing the product catalogue 产品导入 from a sheet: by code, new or changed (product.h). */
#include <string.h>

#include "core/arena.h"
#include "import/import.h"
#include "jobs/jobs.h"
#include "product/product.h"
#include "product/product_store.h"

enum col { C_CODE, C_NAME, C_MODEL, C_CATEGORY, C_UNIT, C_PRICE, C_WARRANTY, C_STATE, C_COUNT };

static const struct table_column columns[C_COUNT] = {
    [C_CODE] = {"code", {"产品编码", "编码", "产品编号", "物料编码", "code", "product code"}},
    [C_NAME] = {"name", {"产品名称", "名称", "品名", "name", "product name", "product"}},
    [C_MODEL] = {"model", {"型号", "规格型号", "规格", "model"}},
    [C_CATEGORY] = {"category", {"类别", "产品类别", "分类", "category"}},
    [C_UNIT] = {"unit", {"单位", "计量单位", "unit"}},
    [C_PRICE] = {"price_fen", {"单价", "单价(元)", "单价（元）", "价格", "售价", "price"}},
    [C_WARRANTY] = {"warranty_months",
                    {"保修期(月)", "保修期（月）", "保修期", "保修月数", "warranty",
                     "warranty months"}},
    [C_STATE] = {"active", {"状态", "state", "status"}},
};

static const int required[] = {C_CODE, C_NAME, -1};

/* A present, non-empty cell of an optional text column, else NULL (left as it is). */
static const char *given(struct arena *a, const struct table_row *row, int c)
{
    const char *t = table_cell(a, row, c);
    return *t ? t : NULL;
}

static enum kh_status row_input(const struct kh_ctx *ctx, const struct table_row *row,
                                struct product_input *in, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    *in = PRODUCT_INPUT_NONE;
    in->code = table_cell(a, row, C_CODE);
    in->name = table_cell(a, row, C_NAME);
    in->model = given(a, row, C_MODEL);
    in->category = given(a, row, C_CATEGORY);
    in->unit = given(a, row, C_UNIT);
    const char *text = given(a, row, C_PRICE);
    if (text && !import_money_fen(text, PRODUCT_PRICE_MAX, &in->price_fen))
        return kh_err_set(err, KH_E_VALIDATION, "price_fen",
                          "单价应为以元计的金额，最多两位小数（如 1280.50）",
                          "the price is an amount in yuan with at most two decimals (e.g. "
                          "1280.50)");
    if ((text = given(a, row, C_WARRANTY))) {
        size_t n = strlen(text);
        static const char *const tails[] = {"\xe4\xb8\xaa\xe6\x9c\x88", "\xe6\x9c\x88", NULL};
        for (int i = 0; tails[i]; i++) /* "12个月", "12月" */
            if (n > strlen(tails[i]) && !strcmp(text + n - strlen(tails[i]), tails[i])) {
                n -= strlen(tails[i]);
                break;
            }
        int64_t months = 0;
        bool ok = n > 0 && n <= 4;
        for (size_t i = 0; i < n && ok; i++)
            if ((ok = text[i] >= '0' && text[i] <= '9'))
                months = months * 10 + (text[i] - '0');
        if (!ok || months > PRODUCT_WARRANTY_MAX)
            return kh_err_setf(err, KH_E_VALIDATION, "warranty_months",
                               "保修期应为 0 到 %d 的整数（月）",
                               "the warranty is a whole number of months, 0 to %d",
                               PRODUCT_WARRANTY_MAX, PRODUCT_WARRANTY_MAX);
        in->warranty_months = months;
    }
    if ((text = given(a, row, C_STATE))) {
        static const char *const on[] = {"在用", "启用", "有效", "正常", "active", NULL};
        static const char *const off[] = {"停用", "已停用", "无效", "inactive", NULL};
        for (int i = 0; on[i] && in->active < 0; i++)
            if (!strcmp(text, on[i]))
                in->active = 1;
        for (int i = 0; off[i] && in->active < 0; i++)
            if (!strcmp(text, off[i]))
                in->active = 0;
        if (in->active < 0)
            return kh_err_set(err, KH_E_VALIDATION, "active", "状态应为“在用”或“停用”",
                              "the state is active or inactive");
    }
    return KH_OK;
}

static enum kh_status one_row(const struct kh_ctx *ctx, const struct table_row *row, bool dry_run,
                              enum table_outcome *out, struct kh_err *err)
{
    struct product_input in;
    struct product p, old;
    bool found = false;
    enum kh_status st = row_input(ctx, row, &in, err);
    if (!st)
        st = product_check(ctx, &in, NULL, &p, err); /* the code, upper-cased */
    if (!st)
        st = product_store_by_code(ctx, p.code, &old, &found, err);
    if (st)
        return st;
    *out = found ? TABLE_UPDATED : TABLE_CREATED;
    if (!found) {
        int64_t id = 0;
        return dry_run ? KH_OK : product_create(ctx, &in, &id, err);
    }
    in.code = NULL; /* found by it */
    if ((st = product_check(ctx, &in, &old, &p, err)))
        return st;
    if (old.active == p.active && !strcmp(old.name, p.name) && !strcmp(old.model, p.model) &&
        !strcmp(old.category, p.category) && !strcmp(old.unit, p.unit) &&
        old.price_fen == p.price_fen && old.warranty_months == p.warranty_months) {
        *out = TABLE_SKIPPED; /* as it is: the same file imported again */
        return KH_OK;
    }
    return dry_run ? KH_OK : product_update(ctx, old.id, &in, err);
}

static enum kh_status job_main(struct job_run *run, struct kh_err *err)
{
    return table_import_run(run, &product_import_table, err);
}

const struct job_kind product_import_kind = {"product_import", "导入产品", "Product import",
                                             job_main, 1};
const struct job_kind product_import_preview_kind = {"product_import_preview", "产品导入预览",
                                                     "Product import preview", job_main, 2};

const struct table_import product_import_table = {
    .kind = &product_import_kind,
    .preview_kind = &product_import_preview_kind,
    .perm = &product_perm_manage,
    .audit_action = "product.import",
    .columns = columns,
    .ncolumns = C_COUNT,
    .required = required,
    .max_rows = PRODUCT_IMPORT_MAX_ROWS,
    .noun_zh = "产品",
    .noun_en = "products",
    .errfile_name = "产品导入错误 product-import-errors.xlsx",
    .default_field = "code",
    .row = one_row,
};

enum kh_status product_import_start(const struct kh_ctx *ctx, const char *file_id, bool dry_run,
                                    bool english, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    if (!ctx_can(ctx, &product_perm_manage) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理产品目录的权限",
                          "managing the product catalogue is needed");
    return table_import_start(ctx, &product_import_table, file_id, dry_run, english, job_id, err);
}
