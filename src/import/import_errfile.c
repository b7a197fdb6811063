/* The error file of an import: every rejected row with its reason, as xlsx. */
#include <stdlib.h>
#include <xlsxwriter.h>

#include "core/mem.h"
#include "import/import_internal.h"

struct import_errfile {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_row_t next;
};

enum kh_status import__errfile_open(const char *path, const char *const *headers, int nheaders,
                                    struct import_errfile **out, struct kh_err *err)
{
    *out = NULL;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb)
        return kh_err_set(err, KH_E_INTERNAL, "", "无法创建错误文件",
                          "cannot create the error file");
    struct import_errfile *f = kh_calloc(1, sizeof(*f));
    f->wb = wb;
    f->ws = workbook_add_worksheet(wb, "错误 Errors");
    worksheet_write_string(f->ws, 0, 0, "行号 Row", NULL);
    worksheet_write_string(f->ws, 0, 1, "原因 Reason", NULL);
    for (int i = 0; i < nheaders; i++)
        worksheet_write_string(f->ws, 0, (lxw_col_t)(i + 2), headers[i] ? headers[i] : "", NULL);
    f->next = 1;
    *out = f;
    return KH_OK;
}

void import__errfile_row(struct import_errfile *f, int64_t row, const char *reason,
                         const char *const *cells, int ncells)
{
    if (!f || f->next >= LXW_ROW_MAX)
        return;
    worksheet_write_number(f->ws, f->next, 0, (double)row, NULL);
    worksheet_write_string(f->ws, f->next, 1, reason, NULL);
    for (int i = 0; i < ncells && i < 16000; i++)
        if (cells[i] && *cells[i])
            worksheet_write_string(f->ws, f->next, (lxw_col_t)(i + 2), cells[i], NULL);
    f->next++;
}

enum kh_status import__errfile_close(struct import_errfile *f, struct kh_err *err)
{
    if (!f)
        return KH_OK;
    lxw_error e = workbook_close(f->wb);
    free(f);
    if (e != LXW_NO_ERROR)
        return kh_err_set(err, KH_E_INTERNAL, "", "写入错误文件失败",
                          "writing the error file failed");
    return KH_OK;
}
