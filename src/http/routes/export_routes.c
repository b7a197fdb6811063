/* Exports: the customer list (xlsx or csv) and one customer's full file, as jobs. */
#include "export/export.h"
#include "export/export_audit.h"
#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"
#include "jobs/jobs.h"

static void reply_job(struct http_req *r, enum kh_status st, int64_t job_id,
                      const struct kh_err *err)
{
    if (st)
        http_reply_err(r, err);
    else
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)job_id));
}

static void post_export(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *format = "xlsx", *encoding = "utf-8";
    if (!o || !http_get_str(r, o, "format", &format) || !http_get_str(r, o, "encoding", &encoding))
        return;
    struct export_request req = {.english = r->english};
    if (!export_format_parse(format, &req.format)) {
        http_reply_error(r, 400, "invalid", "format", "导出格式应为 xlsx 或 csv",
                         "format must be xlsx or csv");
        return;
    }
    if (!export_encoding_parse(encoding, &req.encoding)) {
        http_reply_error(r, 400, "invalid", "encoding", "编码应为 utf-8、gbk 或 gb18030",
                         "encoding must be utf-8, gbk or gb18030");
        return;
    }
    if (!http_list_json(r, &customer_list_spec, json_object_get(o, "filter"), &req.filter))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = export_start(&r->ctx, &req, &id, &err);
    reply_job(r, st, id, &err);
}

static void post_customer_export(struct http_req *r)
{
    int64_t cid = http_param_id(r, 0);
    if (!cid)
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = export_customer_start(&r->ctx, cid, r->english, &id, &err);
    reply_job(r, st, id, &err);
}

static const struct route export_routes[] = {
    {"POST", "/api/v1/exports", post_export, 0},
    {"POST", "/api/v1/customers/:id/export", post_customer_export, 0},
    {0},
};

const struct capability exports_capability = {
    .name = "exports",
    .label_zh = "导出",
    .label_en = "Export",
    .routes = {export_routes},
    .job_kinds = (const struct job_kind *const[]){&export_job_kind, &export_audit_job_kind, NULL},
    .audit_actions = export_audit_actions,
};
