/* Imports and previews as background jobs. */
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "customer/customer.h"
#include "import/import_json.h"
#include "jobs/jobs.h"

struct import_job {
    struct import_options opt;
    char *path, *name, *files_dir;
    struct import_map *mapping;
    char **strings; /* owned copies of the mapping's texts */
    int nstrings;
};

static void job_free(void *arg)
{
    struct import_job *j = arg;
    for (int i = 0; i < j->nstrings; i++)
        free(j->strings[i]);
    free(j->strings);
    free(j->mapping);
    free(j->path);
    free(j->name);
    free(j->files_dir);
    free(j);
}

static enum kh_status job_main(struct job_run *run, struct kh_err *err)
{
    struct import_job *j = run->arg;
    struct import_result res;
    enum kh_status st = import_run(&run->ctx, &j->opt, j->files_dir, run, &res, err);
    char *summary = import_json_summary(&res);
    struct kh_err e2;
    enum kh_status st2 = job_set_result(
        run, summary, res.error_file, res.error_file ? "导入错误 import-errors.xlsx" : NULL,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &e2);
    free(summary);
    return st ? st : st2;
}

static char *keep(struct import_job *j, const char *s)
{
    char *c = kh_strdup(s ? s : "");
    j->strings[j->nstrings++] = c;
    return c;
}

enum kh_status import_start(const struct kh_ctx *ctx, const struct import_options *opt,
                            const char *files_dir, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    if (!ctx_can(ctx, &customer_perm_create))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导入客户的权限",
                          "not allowed to import customers");
    struct import_job *j = kh_calloc(1, sizeof(*j));
    j->opt = *opt;
    j->path = kh_strdup(opt->path);
    j->name = kh_strdup(opt->name ? opt->name : "");
    j->files_dir = kh_strdup(files_dir);
    j->opt.path = j->path;
    j->opt.name = j->name;
    j->strings = kh_calloc((size_t)(opt->nmapping * 2 + 1), sizeof(char *));
    j->mapping = kh_calloc((size_t)(opt->nmapping + 1), sizeof(*j->mapping));
    for (int i = 0; i < opt->nmapping; i++) {
        j->mapping[i].header = keep(j, opt->mapping[i].header);
        j->mapping[i].field = keep(j, opt->mapping[i].field);
    }
    j->opt.mapping = opt->nmapping ? j->mapping : NULL;
    return jobs_submit(ctx, opt->dry_run ? "import_preview" : "import", files_dir, job_main, j,
                       job_free, job_id, err);
}
