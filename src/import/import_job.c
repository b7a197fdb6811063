/* Imports and previews as background jobs. */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "customer/customer.h"
#include "import/import_json.h"
#include "jobs/jobs.h"

/* The outcome of an import whose rows an earlier run committed. */
static enum kh_status published_result(struct job_run *run, const struct import_options *opt,
                                       int64_t rows, struct kh_err *err)
{
    struct import_result res;
    memset(&res, 0, sizeof(res));
    res.rows = res.valid = res.created = rows;
    res.imported = true;
    import_search_catch_up(&run->ctx, opt, run, &res); /* what the cut-short run left */
    char *summary = import_json_summary(&res);
    enum kh_status st = job_set_result(run, summary, NULL, NULL, NULL, err);
    free(summary);
    return st;
}

static enum kh_status job_main(struct job_run *run, struct kh_err *err)
{
    struct import_options opt;
    if (!import_json_params_decode(run->ctx.arena, run->params, &opt))
        return kh_err_set(err, KH_E_INTERNAL, "params", "导入任务参数无效",
                          "the import job's parameters are not valid");
    /*
     * An all-or-nothing import or a preview commits nothing until it ends, so
     * a run cut short by a restart runs again. Batches commit as they go: a
     * second run would meet its own first rows as duplicates, so it stops.
     * A server's stop pauses it between two batches instead: that run is
     * not an attempt, and the next resumes after its rows (opt.resume).
     */
    if (run->attempt > 1 && opt.mode == IMPORT_VALID_ROWS && !opt.dry_run)
        return kh_err_set(err, KH_E_CONFLICT, "",
                          "服务在分批导入时重启，已导入的批次已保存；请检查后重新导入其余行",
                          "the server restarted during a batched import; the batches stored so far "
                          "are kept, import the remaining rows again");
    struct import_result res;
    enum kh_status st = KH_OK;
    if (run->attempt > 1 && opt.mode == IMPORT_ALL_OR_NOTHING && !opt.dry_run) {
        /*
         * Its rows may be committed already (published, then cut short before
         * the outcome was written): say so instead of importing them again,
         * which would meet every row as its own duplicate and report failure.
         */
        bool found = false;
        int64_t rows = 0;
        st = customer_bulk_published(&run->ctx, run->id, &found, &rows, err);
        if (st || found)
            return st ? st : published_result(run, &opt, rows, err);
    }
    st = import_run(&run->ctx, &opt, run, &res, err);
    char *summary = import_json_summary(&res);
    struct kh_err e2;
    enum kh_status st2 = job_set_result(
        run, summary, res.error_file, res.error_file ? "导入错误 import-errors.xlsx" : NULL,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &e2);
    free(summary);
    return st ? st : st2;
}

const struct job_kind import_job_kind = {"import", "导入客户", "Customer import", job_main, 2};
const struct job_kind import_preview_job_kind = {"import_preview", "导入预览", "Import preview",
                                                 job_main, 2};

enum kh_status import_start(const struct kh_ctx *ctx, const struct import_options *opt,
                            int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    if (!ctx_can(ctx, &customer_perm_create))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导入客户的权限",
                          "not allowed to import customers");
    enum kh_status checked = import_values_check(ctx, opt->values, opt->nvalues, err);
    if (checked)
        return checked;
    char *params = import_json_params(opt);
    enum kh_status st = jobs_submit(ctx, opt->dry_run ? &import_preview_job_kind : &import_job_kind,
                                    params, job_id, err);
    free(params);
    return st;
}
