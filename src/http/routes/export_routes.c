#include <string.h>

/*
 * Exports: the customer list (xlsx or csv) and one customer's full file, as
 * jobs; the requests that allow them (R-SEC-6).
 */
#include "export/export.h"
#include "export/export_audit.h"
#include "export/export_permit.h"
#include "approval/approval.h"
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

/* format, encoding and filter of a list export (defaults: xlsx, UTF-8, every customer seen). */
static bool read_request(struct http_req *r, json_t *o, struct export_request *req)
{
    const char *format = "xlsx", *encoding = "utf-8";
    if (!http_get_str(r, o, "format", &format) || !http_get_str(r, o, "encoding", &encoding))
        return false;
    *req = (struct export_request){.english = r->english};
    if (!export_format_parse(format, &req->format) || req->format == EXPORT_PDF) {
        http_reply_error(r, 400, "invalid", "format",
                         "导出格式应为 xlsx、csv 或 vcf（pdf 用于打印一位客户的档案）",
                         "format must be xlsx, csv or vcf (pdf prints one customer's file)");
        return false;
    }
    if (!export_encoding_parse(encoding, &req->encoding)) {
        http_reply_error(r, 400, "invalid", "encoding", "编码应为 utf-8、gbk 或 gb18030",
                         "encoding must be utf-8, gbk or gb18030");
        return false;
    }
    return http_list_json(r, &customer_list_spec, json_object_get(o, "filter"), &req->filter);
}

/*
 * An approved request decides what is exported: a body naming it names
 * nothing else (a changed filter would be an export nobody approved).
 */
static bool only_approval(struct http_req *r, json_t *o, int64_t *approval_id)
{
    *approval_id = 0;
    if (!http_get_int(r, o, "approval_id", approval_id))
        return false;
    if (!*approval_id)
        return true;
    static const char *const others[] = {"filter", "format", "encoding"};
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
        if (json_object_get(o, others[i])) {
            http_reply_error(r, 400, "invalid", others[i], "按审批导出时，导出内容以批准的申请为准",
                             "an approved export is what its request names: give nothing else");
            return false;
        }
    return true;
}

static void post_export(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t approval_id = 0;
    if (!o || !only_approval(r, o, &approval_id))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (approval_id) {
        enum kh_status st = export_permit_start(&r->ctx, approval_id, -1, &id, &err);
        reply_job(r, st, id, &err);
        return;
    }
    struct export_request req;
    if (!read_request(r, o, &req))
        return;
    enum kh_status st = export_start(&r->ctx, &req, &id, &err);
    reply_job(r, st, id, &err);
}

/* A customer file's format: xlsx (the default) or pdf (printed); false when answered. */
static bool read_file_format(struct http_req *r, json_t *o, enum export_format *format)
{
    const char *name = "xlsx";
    *format = EXPORT_XLSX;
    if (o && !http_get_str(r, o, "format", &name))
        return false;
    if (!export_format_parse(name, format) || (*format != EXPORT_XLSX && *format != EXPORT_PDF)) {
        http_reply_error(r, 400, "invalid", "format",
                         "客户档案的格式应为 xlsx（导出）或 pdf（打印）",
                         "a customer's file is xlsx (an export) or pdf (a print)");
        return false;
    }
    return true;
}

static void post_customer_export(struct http_req *r)
{
    int64_t cid = http_param_id(r, 0);
    if (!cid)
        return;
    /* The body is optional here: {} or none exports directly, {"approval_id": N} by a request. */
    json_t *o = r->body.len ? http_body_object(r) : NULL;
    int64_t approval_id = 0;
    enum export_format format = EXPORT_XLSX;
    if ((r->body.len && !o) || (o && !only_approval(r, o, &approval_id)) ||
        !read_file_format(r, o, &format))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = approval_id
                            ? export_permit_start(&r->ctx, approval_id, cid, &id, &err)
                            : export_customer_start(&r->ctx, cid, r->english, format, &id, &err);
    reply_job(r, st, id, &err);
}

/* Ask for an export: {customer_id, format xlsx|pdf} (one customer's file) or {filter, format,
 * encoding}, with reason and purpose. */
static void post_export_request(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *reason = NULL, *purpose = NULL;
    int64_t customer_id = 0;
    if (!o || !http_get_str(r, o, "reason", &reason) || !http_get_str(r, o, "purpose", &purpose) ||
        !http_get_int(r, o, "customer_id", &customer_id))
        return;
    struct export_request req = {.english = r->english};
    if (customer_id < 0) {
        http_reply_error(r, 400, "invalid", "customer_id", "客户编号无效",
                         "customer_id must be a customer's id");
        return;
    }
    if (customer_id && json_object_get(o, "filter")) {
        http_reply_error(r, 400, "invalid", "filter", "导出一位客户的档案时不用筛选条件",
                         "one customer's file takes no filter");
        return;
    }
    if (!customer_id && !read_request(r, o, &req))
        return;
    if (customer_id && !read_file_format(r, o, &req.format))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    struct approval_request q;
    enum kh_status st =
        export_permit_request(&r->ctx, &req, customer_id, reason, purpose, &id, &err);
    if (!st)
        st = approval_get(&r->ctx, id, &q, &err);
    if (!http_reply_status(r, st, &err))
        return;
    http_reply_json(r, 201,
                    json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)q.id, "state", q.state,
                              "summary", http_text(r, q.summary_zh, q.summary_en), "secrecy",
                              q.secrecy));
}

static void get_export_requests(struct http_req *r)
{
    struct export_permit *p = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, export_permits_mine(&r->ctx, &p, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b}", "id",
                         (json_int_t)p[i].approval_id, "state", p[i].state, "summary",
                         http_text(r, p[i].summary_zh, p[i].summary_en), "customer_id",
                         p[i].customer_id ? json_integer(p[i].customer_id) : json_null(),
                         "created_at", http_json_time(r, p[i].created_at), "decided_at",
                         http_json_time(r, p[i].decided_at), "job_id",
                         p[i].job_id ? json_integer(p[i].job_id) : json_null(), "produced_at",
                         http_json_time(r, p[i].taken_at), "ready",
                         !strcmp(p[i].state, "approved") && !p[i].job_id));
    http_reply_json(
        r, 200, json_pack("{s:o, s:b}", "items", a, "direct", export_may_export_directly(&r->ctx)));
}

static const struct route export_routes[] = {
    {"POST", "/api/v1/exports", post_export, 0},
    {"POST", "/api/v1/customers/:id/export", post_customer_export, 0},
    {"POST", "/api/v1/export-requests", post_export_request, 0},
    {"GET", "/api/v1/export-requests", get_export_requests, 0},
    {0},
};

const struct capability exports_capability = {
    .name = "exports",
    .label_zh = "导出",
    .label_en = "Export",
    .routes = {export_routes},
    .job_kinds = (const struct job_kind *const[]){&export_job_kind, &export_audit_job_kind, NULL},
    .audit_actions = export_audit_actions,
    .perms = export_perms,
    .approval_kinds = (const struct approval_kind *const[]){&export_approval_personal, NULL},
};
