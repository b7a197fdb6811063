/* The error file of an import: every rejected row with its reason, as xlsx. */
#include <stdlib.h>
#include <xlsxwriter.h>

#include "core/log.h"
#include "core/mem.h"
#include "files/files.h"
#include "import/import_internal.h"

struct import_errfile {
    struct file_writer *w; /* libxlsxwriter writes its scratch file by name */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_row_t next;
};

enum kh_status import_errfile_open(struct file_store *fs, bool english, const char *const *headers,
                                   int nheaders, struct import_errfile **out, struct kh_err *err)
{
    *out = NULL;
    if (!fs)
        return KH_OK;
    struct file_writer *w = NULL;
    enum kh_status st = files_begin(fs, 0, &w, err);
    if (st)
        return st;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(files_writer_path(w), &opt);
    if (!wb) {
        files_abort(w);
        return kh_err_set(err, KH_E_INTERNAL, "", "无法创建错误文件",
                          "cannot create the error file");
    }
    struct import_errfile *f = kh_calloc(1, sizeof(*f));
    f->w = w;
    f->wb = wb;
    /* In the language of the user who imports, like the rest of what they see. */
    f->ws = workbook_add_worksheet(wb, english ? "Errors" : "错误");
    worksheet_write_string(f->ws, 0, 0, english ? "Row" : "行号", NULL);
    worksheet_write_string(f->ws, 0, 1, english ? "Reason" : "原因", NULL);
    for (int i = 0; i < nheaders; i++)
        worksheet_write_string(f->ws, 0, (lxw_col_t)(i + 2), headers[i] ? headers[i] : "", NULL);
    f->next = 1;
    *out = f;
    return KH_OK;
}

void import_errfile_row(struct import_errfile *f, int64_t row, const char *reason,
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

const char *import_errfile_finish(struct import_errfile *f, bool keep, struct arena *a)
{
    if (!f)
        return NULL;
    lxw_error e = workbook_close(f->wb);
    struct file_writer *w = f->w;
    free(f);
    if (!keep || e != LXW_NO_ERROR) {
        if (keep)
            log_error("msg=\"writing the error file failed\" err=%d", (int)e);
        files_abort(w);
        return NULL;
    }
    char name[FILES_NAME_MAX];
    struct kh_err err;
    if (files_commit(w, "import-errors-", ".xlsx", name, NULL, &err)) {
        log_error("msg=\"cannot store the error file\" err=\"%s\"", err.msg_en);
        return NULL;
    }
    return arena_strdup(a, name);
}
