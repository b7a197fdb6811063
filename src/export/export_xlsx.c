/*
 * xlsx writer (libxlsxwriter) in constant-memory mode: rows stream to a
 * temporary file per sheet, so an export of any size needs little memory.
 * Strings are therefore written inline (t="inlineStr"), not shared.
 */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "core/mem.h"
#include "export/export_internal.h"

#define XLSX_CELL_MAX 32767

struct xlsx_writer {
    struct export_writer base;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_row_t row;
};

static enum kh_status add_sheet(struct xlsx_writer *w, const char *name, struct kh_err *err)
{
    w->ws = workbook_add_worksheet(w->wb, name);
    w->row = 0;
    if (!w->ws)
        return kh_err_set(err, KH_E_INTERNAL, "file", "无法创建工作表", "cannot add a worksheet");
    return KH_OK;
}

static enum kh_status xlsx_sheet(struct export_writer *base, const char *name, struct kh_err *err)
{
    return add_sheet((struct xlsx_writer *)base, name, err);
}

static enum kh_status xlsx_row(struct export_writer *base, const char *const *cells, int n,
                               struct kh_err *err)
{
    struct xlsx_writer *w = (struct xlsx_writer *)base;
    if (w->row >= LXW_ROW_MAX)
        return kh_err_set(err, KH_E_TOO_LARGE, "file", "超出 Excel 的最大行数，请改用 CSV",
                          "more rows than Excel allows, export as CSV");
    for (int i = 0; i < n; i++) {
        const char *c = cells[i];
        if (!c || !*c)
            continue;
        lxw_error rc;
        if (strlen(c) > XLSX_CELL_MAX) {
            char *cut = kh_strndup(c, XLSX_CELL_MAX);
            rc = worksheet_write_string(w->ws, w->row, (lxw_col_t)i, cut, NULL);
            free(cut);
        } else {
            rc = worksheet_write_string(w->ws, w->row, (lxw_col_t)i, c, NULL);
        }
        if (rc != LXW_NO_ERROR)
            return kh_err_setf(err, KH_E_INTERNAL, "file", "写入 Excel 失败：%s",
                               "cannot write the xlsx: %s", lxw_strerror(rc), lxw_strerror(rc));
    }
    w->row++;
    return KH_OK;
}

static enum kh_status xlsx_finish(struct export_writer *base, struct kh_err *err)
{
    struct xlsx_writer *w = (struct xlsx_writer *)base;
    lxw_error rc = workbook_close(w->wb);
    free(w);
    if (rc != LXW_NO_ERROR)
        return kh_err_setf(err, KH_E_INTERNAL, "file", "写入 Excel 失败：%s",
                           "cannot write the xlsx: %s", lxw_strerror(rc), lxw_strerror(rc));
    return KH_OK;
}

static void xlsx_abandon(struct export_writer *base)
{
    struct kh_err e;
    KH_IGNORE(xlsx_finish(base, &e));
}

static const struct export_writer_ops xlsx_ops = {xlsx_sheet, xlsx_row, xlsx_finish, xlsx_abandon};

enum kh_status export__xlsx_open(const char *path, const struct export_meta *meta,
                                 const char *first_sheet, struct export_writer **out,
                                 struct kh_err *err)
{
    *out = NULL;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .use_zip64 = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return kh_err_setf(err, KH_E_INTERNAL, "file", "无法创建导出文件 %s",
                           "cannot create the export file %s", path, path);
    /* libxlsxwriter copies the property strings; its struct is not const-correct. */
    lxw_doc_properties props = {
        .title = (char *)meta->title,
        .author = (char *)meta->author,
        .comments = (char *)meta->comments,
        .company = (char *)"Kehu 客户",
    };
    struct xlsx_writer *w = kh_calloc(1, sizeof(*w));
    w->base.ops = &xlsx_ops;
    w->wb = wb;
    enum kh_status st = KH_OK;
    if (workbook_set_properties(wb, &props) != LXW_NO_ERROR)
        st = kh_err_set(err, KH_E_INTERNAL, "file", "无法写入文档属性",
                        "cannot set the document properties");
    if (!st)
        st = add_sheet(w, first_sheet, err);
    if (st) {
        xlsx_abandon(&w->base);
        return st;
    }
    *out = &w->base;
    return KH_OK;
}
