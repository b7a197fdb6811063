/*
 * The lending register as a spreadsheet: every loan a filter selects, the
 * same rows as the register page, for the information specialist's file.
 */
#include "export/export_loans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/tz.h"
#include "export/export_internal.h"
#include "export/export_json.h"
#include "files/files.h"
#include "jobs/jobs.h"

#define NCOLS 12

static const char *const heads_zh[NCOLS] = {"编号",     "借阅人",   "类型",     "内容",
                                            "数量",     "理由",     "借出时间", "确认时间",
                                            "应还时间", "归还时间", "注销人",   "状态"};
static const char *const heads_en[NCOLS] = {"No.",   "Borrower",    "Kind",        "Items",
                                            "Count", "Reason",      "Lent at",     "Confirmed",
                                            "Due",   "Returned at", "Returned by", "State"};

static const char *when(struct kh_ctx *ctx, int64_t t)
{
    if (!t)
        return "";
    char s[40];
    time_format_iso(ctx_tz(ctx), t, s, sizeof(s));
    return arena_strdup(ctx->arena, s);
}

static void row_cells(struct kh_ctx *ctx, bool en, const struct loan *l, const char **cells)
{
    cells[0] = arena_printf(ctx->arena, "%lld", (long long)l->id);
    cells[1] = l->borrower_name;
    cells[2] = !strcmp(l->kind, "export") ? (en ? "Export" : "导出") : (en ? "Files" : "借阅资料");
    cells[3] = l->items;
    cells[4] = arena_printf(ctx->arena, "%lld", (long long)l->item_count);
    cells[5] = l->reason;
    cells[6] = when(ctx, l->lent_at);
    cells[7] = when(ctx, l->confirmed_at);
    cells[8] = when(ctx, l->due_at);
    cells[9] = when(ctx, l->returned_at);
    cells[10] = l->returned_at ? l->returned_by_name : "";
    cells[11] = l->returned_at ? (en ? "Returned" : "已归还")
                : l->overdue   ? (en ? "Overdue" : "逾期未还")
                               : (en ? "Not returned" : "未归还");
}

static enum kh_status write_loans(struct job_run *run, const struct loan_filter *f, bool en,
                                  struct export_writer *w, int64_t *rows, struct kh_err *err)
{
    struct kh_ctx *ctx = &run->ctx;
    enum kh_status st = w->ops->row(w, en ? heads_en : heads_zh, NCOLS, err);
    struct list_page page = {.limit = LIST_LIMIT_MAX};
    while (!st) {
        struct loan *items = NULL;
        int n = 0;
        const char *next = NULL;
        if ((st = loan_list(ctx, f, &page, &items, &n, &next, err)))
            break;
        for (int i = 0; !st && i < n; i++) {
            const char *cells[NCOLS];
            row_cells(ctx, en, &items[i], cells);
            st = w->ops->row(w, cells, NCOLS, err);
            ++*rows;
        }
        job_progress(run, *rows, 0);
        if (!next)
            break;
        page.cursor = next;
    }
    return st;
}

static enum kh_status run_loans_export(struct job_run *run, struct kh_err *err)
{
    struct kh_ctx *ctx = &run->ctx;
    struct loan_filter f;
    bool en = false;
    if (!export_json_loans_decode(ctx->arena, run->params, &f, &en))
        return kh_err_set(err, KH_E_INTERNAL, "params", "外借登记册导出任务参数无效",
                          "the register export job's parameters are not valid");
    if (!ctx->files)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "没有文件存储，无法导出",
                          "no file store to export into");
    struct file_writer *fw = NULL;
    enum kh_status st = files_begin(ctx->files, 0, &fw, err);
    if (st)
        return st;
    struct export_meta meta = {en ? "Lending register" : "外借登记册", ctx->actor.username, "Kehu"};
    struct export_writer *w = NULL;
    int64_t rows = 0;
    st = export__xlsx_open(files_writer_path(fw), &meta, en ? "Loans" : "外借登记册", &w, err);
    if (!st)
        st = write_loans(run, &f, en, w, &rows, err);
    return export__job_file(
        run, st, w, fw, "loans-", en ? "lending-register" : "外借登记册", "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", rows, err);
}

const struct job_kind export_loans_job_kind = {"loan_export", "导出外借登记册",
                                               "Lending register export", run_loans_export, 2};

enum kh_status export_loans_start(const struct kh_ctx *ctx, const struct loan_filter *f,
                                  bool english, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    if (!ctx_can(ctx, &loan_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导出外借登记册的权限",
                          "not allowed to export the lending register");
    uint64_t room = 0;
    enum kh_status st = files_room(ctx, 0, &room, err);
    if (st)
        return st;
    char *params = export_json_loans(f, english);
    st = jobs_submit(ctx, &export_loans_job_kind, params, job_id, err);
    if (!st) {
        struct audit_event ev = {"loan.export_register", "job", *job_id, params};
        st = audit_record(ctx, &ev, err);
    }
    free(params);
    return st;
}
