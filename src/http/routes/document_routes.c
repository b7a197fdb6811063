/* Documents attached to records (documents/documents.h): upload, list, download, delete. */
#include "documents/documents.h"
#include "app/registry.h"
#include "http/http.h"

static json_t *document_json(const struct http_req *r, const struct document *d)
{
    return json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)d->id,
                     "kind", d->kind, "owner_id", (json_int_t)d->owner_id, "customer_id",
                     (json_int_t)d->customer_id, "name", d->name, "content_type", d->content_type,
                     "size", (json_int_t)d->size, "uploaded_by",
                     http_json_actor(r, d->uploaded_by, d->uploaded_by_name), "uploaded_at",
                     http_json_time(r, d->uploaded_at));
}

/* The record a request names: ?kind=interaction&owner_id=12. */
static bool owner_of(struct http_req *r, const char **kind, int64_t *owner_id)
{
    *kind = http_query(r, "kind");
    *owner_id = 0;
    return http_query_int(r, "owner_id", owner_id);
}

/* POST /documents?kind=&owner_id=&name= with the file as the body. */
static void post_document(struct http_req *r)
{
    const char *kind = NULL;
    int64_t owner = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (r->before_body) { /* refused before a byte is read: no right, too large, disk reserve */
        if (owner_of(r, &kind, &owner))
            http_reply_status(
                r, documents_upload_room(&r->ctx, kind, owner, r->declared, &r->upload_limit, &err),
                &err);
        return;
    }
    if (!owner_of(r, &kind, &owner))
        return;
    if (r->upload_failed || !r->upload) {
        http_reply_error(r, 500, "internal", "", "无法保存上传的文件", "cannot store the upload");
        return;
    }
    if (r->upload_size == 0) {
        http_reply_error(r, 422, "validation", "file", "文件为空", "the file is empty");
        return;
    }
    struct file_writer *upload = r->upload;
    r->upload = NULL; /* documents_add takes it */
    struct document d;
    if (http_reply_status(
            r, documents_add(&r->ctx, kind, owner, http_query(r, "name"), upload, &d, &err), &err))
        http_reply_json(r, 201, document_json(r, &d));
}

static void get_documents(struct http_req *r)
{
    const char *kind = NULL;
    int64_t owner = 0;
    if (!owner_of(r, &kind, &owner))
        return;
    struct document *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, documents_list(&r->ctx, kind, owner, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, document_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_document_file(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct document d;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, documents_open(&r->ctx, id, &d, &err), &err))
        http_reply_stored(r, r->ctx.files, d.file, d.name, d.content_type);
}

static void delete_document(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, documents_delete(&r->ctx, id, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

static const struct route document_routes[] = {
    {"POST", "/api/v1/documents", post_document, ROUTE_RAW_BODY | ROUTE_BEFORE_BODY | ROUTE_UPLOAD},
    {"GET", "/api/v1/documents", get_documents, 0},
    {"GET", "/api/v1/documents/:id/file", get_document_file, 0},
    {"DELETE", "/api/v1/documents/:id", delete_document, 0},
    {0},
};

const struct capability documents_capability = {
    .name = "documents",
    .label_zh = "附件",
    .label_en = "Documents",
    .routes = {document_routes},
    .audit_actions = documents_audit_actions,
    .customer_refs = (const struct customer_ref_kind *const[]){&documents_customer_ref, NULL},
    .settings = (const struct kh_setting *const[]){&documents_setting_max_mb, NULL},
    .job_kinds = (const struct job_kind *const[]){&documents_purge_kind, NULL},
    .tasks = (const struct job_task *const[]){&documents_purge_task, NULL},
};
