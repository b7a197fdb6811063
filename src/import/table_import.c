/* A table import (import.h): one kind of record per row of an uploaded sheet, as a job. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/str.h"
#include "import/import.h"
#include "import/import_json.h"
#include "jobs/jobs.h"
#include "sheet/sheet.h"

const char *table_cell(struct arena *a, const struct table_row *row, int c)
{
    int i = row->at[c];
    const char *text = i >= 0 && i < row->cells->ncells ? row->cells->cells[i] : "";
    struct str t = str_trim(str_from(text));
    return arena_strndup(a, t.ptr, t.len);
}

struct run {
    const struct table_import *t;
    bool dry_run, english;
    int *at;
    const char **headers;
    int nheaders;
    struct import_errfile *ef;
    struct table_result res;
    struct table_error *errors;
    struct arena *keep; /* the job's: what outlives a row */
};

/* The row's refusal: into the summary (the first ones) and the error file. */
static void reject(struct run *r, const struct table_row *row, const char *field, const char *zh,
                   const char *en)
{
    const struct table_import *t = r->t;
    r->res.invalid++;
    int c = t->column_of ? t->column_of(row, field) : -1;
    for (int k = 0; c < 0 && k < t->ncolumns; k++)
        if (!strcmp(t->columns[k].field, field))
            c = k;
    const char *column = c >= 0 && r->at[c] >= 0 ? r->headers[r->at[c]] : "";
    if (r->res.nerrors < TABLE_IMPORT_ERRORS)
        r->errors[r->res.nerrors++] = (struct table_error){
            row->cells->number, arena_strdup(r->keep, column), arena_strdup(r->keep, field),
            arena_strdup(r->keep, zh), arena_strdup(r->keep, en)};
    char reason[1200];
    snprintf(reason, sizeof(reason), "%s%s%s", column, *column ? ": " : "", r->english ? en : zh);
    import_errfile_row(r->ef, row->cells->number, reason, row->cells->cells, row->cells->ncells);
}

static enum kh_status one_row(struct run *r, const struct kh_ctx *ctx,
                              const struct sheet_row *cells, struct kh_err *err)
{
    struct table_row row = {cells, r->at};
    enum table_outcome out = TABLE_CREATED;
    struct kh_err e;
    kh_err_clear(&e);
    enum kh_status st = r->t->row(ctx, &row, r->dry_run, &out, &e);
    if (st == KH_E_VALIDATION || st == KH_E_NOT_FOUND || st == KH_E_FORBIDDEN) {
        reject(r, &row, e.field[0] ? e.field : r->t->default_field, e.msg_zh, e.msg_en);
        return KH_OK;
    }
    if (st) {
        *err = e;
        return st;
    }
    if (out == TABLE_SKIPPED) {
        r->res.skipped++; /* there already: the same file imported again */
        return KH_OK;
    }
    r->res.valid++;
    if (!r->dry_run)
        out == TABLE_UPDATED ? r->res.updated++ : r->res.created++;
    return KH_OK;
}

static bool row_blank(const struct sheet_row *row)
{
    for (int i = 0; i < row->ncells; i++)
        if (row->cells[i][0] && str_trim(str_from(row->cells[i])).len)
            return false;
    return true;
}

static int column_of(const struct table_import *t, const char *header)
{
    for (int c = 0; c < t->ncolumns; c++)
        for (int i = 0; i < 7 && t->columns[c].headers[i]; i++)
            if (import_header_eq(header, t->columns[c].headers[i]))
                return c;
    return -1;
}

static enum kh_status read_header(struct run *r, struct arena *a, struct sheet *sh,
                                  struct kh_err *err)
{
    const struct table_import *t = r->t;
    struct sheet_row row;
    bool has = false;
    enum kh_status st;
    while (!(st = sheet_next(sh, &row, &has, err)) && has && row_blank(&row))
        ;
    if (st)
        return st;
    if (!has)
        return kh_err_set(err, KH_E_VALIDATION, "file", "文件是空的", "the file is empty");
    r->at = arena_alloc(a, sizeof(int) * (size_t)t->ncolumns);
    for (int c = 0; c < t->ncolumns; c++)
        r->at[c] = -1;
    r->nheaders = row.ncells;
    r->headers = arena_alloc(a, sizeof(char *) * (size_t)(row.ncells ? row.ncells : 1));
    for (int i = 0; i < row.ncells; i++) {
        r->headers[i] = arena_strdup(a, row.cells[i]);
        int c = column_of(t, row.cells[i]);
        if (c >= 0 && r->at[c] < 0)
            r->at[c] = i;
    }
    if (t->header_check && (st = t->header_check(r->at, err)))
        return st;
    for (const int *c = t->required; c && *c >= 0; c++)
        if (r->at[*c] < 0)
            return kh_err_setf(err, KH_E_VALIDATION, "file", "表头缺少“%s”列",
                               "the header has no \"%s\" column", t->columns[*c].headers[0],
                               t->columns[*c].headers[0]);
    return KH_OK;
}

enum kh_status table_import_run(struct job_run *run, const struct table_import *t,
                                struct kh_err *err)
{
    struct arena *a = run->ctx.arena;
    struct import_options opt = {0};
    struct run r = {.t = t, .keep = a};
    if (!import_json_table_params_read(a, run->params, &opt.file, &r.dry_run, &r.english))
        return kh_err_set(err, KH_E_INTERNAL, "params", "导入任务参数无效",
                          "the import job's parameters are not valid");
    r.errors = arena_alloc(a, sizeof(*r.errors) * TABLE_IMPORT_ERRORS);
    struct sheet *sh = NULL;
    enum kh_status st = import_sheet_open(&run->ctx, &opt, &sh, err);
    if (!st)
        st = read_header(&r, a, sh, err);
    if (!st)
        st = import_errfile_open(run->ctx.files, r.english, r.headers, r.nheaders, &r.ef, err);
    struct sheet_row row;
    bool has = false;
    while (!st && !(st = sheet_next(sh, &row, &has, err)) && has) {
        if (row_blank(&row))
            continue;
        if (++r.res.rows > t->max_rows) {
            st = kh_err_setf(err, KH_E_VALIDATION, "file", "一次最多导入 %d 行%s",
                             "at most %d %s in one file", t->max_rows, t->noun_zh, t->max_rows,
                             t->noun_en);
            break;
        }
        struct arena ra; /* a row's texts: the run's arena would grow with the file */
        arena_init(&ra);
        struct kh_ctx rc = run->ctx;
        rc.arena = &ra;
        st = one_row(&r, &rc, &row, err);
        arena_release(&ra);
        if (!(r.res.rows % 100)) {
            uint64_t done = 0, total = 0;
            sheet_progress(sh, &done, &total);
            job_progress(run, (int64_t)done, (int64_t)total);
        }
    }
    r.res.format = sh ? arena_strdup(a, sheet_format_name(sh)) : "";
    const char *errfile = import_errfile_finish(r.ef, !st && r.res.invalid > 0, a);
    if (sh)
        sheet_close(sh);
    if (!st && !r.dry_run) {
        const char *detail =
            arena_printf(a, "rows=%lld created=%lld updated=%lld skipped=%lld invalid=%lld",
                         (long long)r.res.rows, (long long)r.res.created, (long long)r.res.updated,
                         (long long)r.res.skipped, (long long)r.res.invalid);
        struct audit_event ev = {t->audit_action, "job", run->id, detail};
        st = audit_record(&run->ctx, &ev, err);
    }
    if (st)
        return st;
    r.res.imported = !r.dry_run;
    r.res.errors = r.errors;
    char *summary = import_json_table_summary(&r.res);
    st = job_set_result(run, summary, errfile, errfile ? t->errfile_name : NULL,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", err);
    free(summary);
    return st;
}

enum kh_status table_import_start(const struct kh_ctx *ctx, const struct table_import *t,
                                  const char *file_id, bool dry_run, bool english, int64_t *job_id,
                                  struct kh_err *err)
{
    *job_id = 0;
    const char *file = NULL, *name = NULL;
    enum kh_status st = import_upload_find(ctx, file_id, &file, &name, err);
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_VALIDATION, "file_id", "上传的文件不存在或已过期",
                          "no such upload (or it expired)");
    if (st)
        return st;
    char *params = import_json_table_params(file, name, dry_run, english);
    st = jobs_submit(ctx, dry_run ? t->preview_kind : t->kind, params, job_id, err);
    free(params);
    return st;
}
