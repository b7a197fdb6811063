/*
 * The audit log's export: the entries a filter of GET /audit selects, every
 * page of them, as CSV with headers in the requester's language. A
 * background job like the customer export; asking for it is audited.
 */
#include "export/export_audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "core/arena.h"
#include "core/tz.h"
#include "export/export_internal.h"
#include "export/export_json.h"
#include "files/files.h"
#include "jobs/jobs.h"

#define NCOLS 9

static const char *const heads_zh[NCOLS] = {"编号",     "时间",     "操作人",   "地址", "动作",
                                            "动作代码", "对象类型", "对象编号", "详情"};
static const char *const heads_en[NCOLS] = {"ID",          "Time",      "Actor",
                                            "Address",     "Action",    "Action code",
                                            "Target type", "Target ID", "Detail"};

static void row_cells(struct kh_ctx *ctx, bool english, const struct audit_row *e,
                      const char **cells)
{
    const struct kh_audit_action *act = registry_audit_action(e->action);
    char at[40];
    time_format_iso(ctx_tz(ctx), e->at, at, sizeof(at));
    cells[0] = arena_printf(ctx->arena, "%lld", (long long)e->id);
    cells[1] = arena_strdup(ctx->arena, at);
    cells[2] = e->actor_id ? e->actor_name : english ? "System" : "系统";
    cells[3] = e->address;
    cells[4] = act ? (english ? act->label_en : act->label_zh) : e->action;
    cells[5] = e->action;
    cells[6] = e->target_type;
    cells[7] = e->target_id;
    cells[8] = e->detail;
}

/* Every page of the filter into w; *rows gets the entries written. */
static enum kh_status write_entries(struct job_run *run, const struct audit_filter *filter,
                                    bool english, struct export_writer *w, int64_t *rows,
                                    struct kh_err *err)
{
    struct kh_ctx *ctx = &run->ctx;
    enum kh_status st = w->ops->row(w, english ? heads_en : heads_zh, NCOLS, err);
    struct audit_filter f = *filter;
    f.limit = 200;
    f.with_total = false;
    while (!st) {
        struct audit_page page;
        if ((st = audit_list(ctx, &f, &page, err)))
            break;
        for (int i = 0; !st && i < page.count; i++) {
            const char *cells[NCOLS];
            row_cells(ctx, english, &page.rows[i], cells);
            st = w->ops->row(w, cells, NCOLS, err);
            ++*rows;
        }
        job_progress(run, *rows, 0);
        if (!page.next_cursor)
            break;
        f.cursor = page.next_cursor;
    }
    return st;
}

static enum kh_status run_audit_export(struct job_run *run, struct kh_err *err)
{
    struct kh_ctx *ctx = &run->ctx;
    struct audit_filter f;
    bool english = false;
    if (!export_json_audit_decode(ctx->arena, run->params, &f, &english))
        return kh_err_set(err, KH_E_INTERNAL, "params", "审计日志导出任务参数无效",
                          "the audit export job's parameters are not valid");
    if (!ctx->files)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "没有文件存储，无法导出",
                          "no file store to export into");
    struct file_writer *fw = NULL;
    enum kh_status st = files_begin(ctx->files, 0, &fw, err);
    if (st)
        return st;
    struct export_writer *w = NULL;
    int64_t rows = 0;
    st = export__csv_open(files_writer_path(fw), false, &w, err);
    if (!st)
        st = write_entries(run, &f, english, w, &rows, err);
    return export__job_file(run, st, w, fw, "audit-", english ? "audit-log" : "审计日志", "csv",
                            "text/csv; charset=utf-8", rows, err);
}

const struct job_kind export_audit_job_kind = {"audit_export", "导出审计日志", "Audit log export",
                                               run_audit_export, 2};

enum kh_status export_audit_start(const struct kh_ctx *ctx, const struct audit_filter *f,
                                  bool english, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    if (!ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看审计日志的权限",
                          "not allowed to read the audit log");
    uint64_t room = 0;
    enum kh_status st = files_room(ctx, 0, &room, err); /* the disk's reserve is not for exports */
    if (st)
        return st;
    char *params = export_json_audit(f, english);
    st = jobs_submit(ctx, &export_audit_job_kind, params, job_id, err);
    if (!st) {
        struct audit_event ev = {"audit.export", "job", *job_id, params};
        st = audit_record(ctx, &ev, err);
    }
    free(params);
    return st;
}
