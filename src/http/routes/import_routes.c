/* Import: upload, fields, preview, import, saved mappings. */
#include <string.h>

#include "app/registry.h"
#include "http/http.h"
#include "http/routes/import_route.h"
#include "import/import.h"
#include "import/import_json.h"
#include "jobs/jobs.h"

static void post_file(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (r->before_body) { /* refused before a byte is read: no right, quota, disk reserve */
        http_reply_status(r, import_upload_room(&r->ctx, r->declared, &r->upload_limit, &err),
                          &err);
        return;
    }
    if (r->upload_failed || !r->upload) {
        http_reply_error(r, 500, "internal", "", "无法保存上传的文件", "cannot store the upload");
        return;
    }
    if (r->upload_size == 0) {
        http_reply_error(r, 422, "validation", "file", "文件为空", "the file is empty");
        return;
    }
    const char *name = http_query(r, "name");
    char id[80];
    struct file_writer *upload = r->upload;
    r->upload = NULL; /* import_upload_keep takes it */
    if (!http_reply_status(
            r, import_upload_keep(&r->ctx, upload, name ? name : "", id, sizeof(id), &err), &err))
        return;
    http_reply_json(r, 201,
                    json_pack("{s:s, s:s, s:I}", "file_id", id, "name", name, "size",
                              (json_int_t)r->upload_size));
}

/* ?size=N: whether an upload of N bytes would be taken, asked before it is sent. */
static void get_room(struct http_req *r)
{
    int64_t size = 0;
    if (!http_query_int(r, "size", &size))
        return;
    if ((uint64_t)size > HTTP_UPLOAD_LIMIT) {
        http_reply_error(r, 413, "too_large", "size", "文件过大：最多 256 MB",
                         "the file is too large: at most 256 MB");
        return;
    }
    uint64_t room = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, import_upload_room(&r->ctx, (uint64_t)size, &room, &err), &err))
        return;
    http_reply_json(r, 200, json_pack("{s:b, s:I}", "ok", 1, "room", (json_int_t)room));
}

static void get_fields(struct http_req *r)
{
    struct import_field_info *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, import_fields(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *h = json_array();
        for (int k = 0; k < list[i].nheaders; k++)
            json_array_append_new(h, json_string(list[i].headers[k]));
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:b}", "field", list[i].field,
                                           "zh", list[i].zh, "en", list[i].en, "headers", h,
                                           "required", list[i].required));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static bool parse_enum(struct http_req *r, json_t *o, const char *key, const char *const *names,
                       int n, int *out)
{
    const char *v = NULL;
    if (!http_get_str(r, o, key, &v))
        return false;
    if (!v)
        return true;
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return true;
        }
    http_reply_error(r, 422, "validation", key, "不是有效的选项", "not one of the allowed values");
    return false;
}

static bool mapping_from_saved(struct http_req *r, int64_t id, struct import_options *opt)
{
    struct import_saved_mapping *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, import_mappings(&r->ctx, &list, &n, &err), &err))
        return false;
    for (int i = 0; i < n; i++)
        if (list[i].id == id) {
            opt->mapping = list[i].entries;
            opt->nmapping = list[i].n;
            if (!opt->nvalues) { /* values given with the request win */
                opt->values = list[i].values;
                opt->nvalues = list[i].nvalues;
            }
            return true;
        }
    http_reply_error(r, 422, "validation", "mapping_id", "映射不存在", "no such saved mapping");
    return false;
}

/* The "values" member (a value mapping) of a body, when given. */
static bool read_values(struct http_req *r, json_t *o, struct import_value_map **values, int *n)
{
    json_t *v = json_object_get(o, "values");
    if (!v || json_is_null(v))
        return true;
    if (import_json_values_from(&r->arena, v, values, n))
        return true;
    http_reply_error(r, 400, "invalid", "values", "values 必须是“字段: {文件中的值: 可选值}”对象",
                     "values must be an object of field: {value in the file: allowed value}");
    return false;
}

/* The body shared by preview and import. */
static bool read_options(struct http_req *r, json_t *o, struct import_options *opt)
{
    static const char *const formats[] = {"auto", "csv", "xlsx"};
    static const char *const encodings[] = {"auto", "utf-8", "gbk", "gb18030"};
    static const char *const modes[] = {"all_or_nothing", "valid_rows"};
    static const char *const dups[] = {"skip", "update_own"};
    memset(opt, 0, sizeof(*opt));
    const char *file_id = NULL;
    int64_t mapping_id = 0;
    int fmt = 0, enc = 0, mode = 0, dup = 0;
    if (!http_get_str(r, o, "file_id", &file_id) || !parse_enum(r, o, "format", formats, 3, &fmt) ||
        !parse_enum(r, o, "encoding", encodings, 4, &enc) ||
        !parse_enum(r, o, "mode", modes, 2, &mode) ||
        !parse_enum(r, o, "duplicates", dups, 2, &dup) ||
        !http_get_int(r, o, "mapping_id", &mapping_id))
        return false;
    opt->format = (enum sheet_format)fmt;
    opt->encoding = (enum sheet_encoding)enc;
    opt->mode = (enum import_mode)mode;
    opt->dups = (enum import_dups)dup;
    struct import_value_map *values = NULL;
    if (!read_values(r, o, &values, &opt->nvalues))
        return false;
    opt->values = values;
    json_t *m = json_object_get(o, "mapping");
    if (m && !json_is_null(m)) {
        struct import_map *entries = NULL;
        int n = 0;
        if (!import_json_mapping_from(&r->arena, m, &entries, &n)) {
            http_reply_error(r, 400, "invalid", "mapping", "mapping 必须是“列名: 字段”对象",
                             "mapping must be an object of header: field");
            return false;
        }
        opt->mapping = entries;
        opt->nmapping = n;
    } else if (mapping_id && !mapping_from_saved(r, mapping_id, opt)) {
        return false;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, import_upload_find(&r->ctx, file_id, &opt->file, &opt->name, &err),
                           &err))
        return false;
    return true;
}

static void start(struct http_req *r, bool dry_run)
{
    json_t *o = http_body_object(r);
    struct import_options opt;
    if (!o || !read_options(r, o, &opt))
        return;
    opt.dry_run = dry_run;
    opt.english = r->english;
    int64_t job = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, import_start(&r->ctx, &opt, &job, &err), &err))
        return;
    http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)job));
}

static void post_preview(struct http_req *r)
{
    start(r, true);
}

static void post_import(struct http_req *r)
{
    start(r, false);
}

static void get_mappings(struct http_req *r)
{
    struct import_saved_mapping *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, import_mappings(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)list[i].id, "name", list[i].name,
                         "mapping", import_json_mapping_to(list[i].entries, list[i].n), "values",
                         import_json_values_to(list[i].values, list[i].nvalues)));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void post_mapping(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *name = NULL;
    if (!o || !http_get_str(r, o, "name", &name))
        return;
    struct import_map *entries = NULL;
    int n = 0;
    json_t *m = json_object_get(o, "mapping");
    if (!import_json_mapping_from(&r->arena, m, &entries, &n)) {
        http_reply_error(r, 400, "invalid", "mapping", "mapping 必须是“列名: 字段”对象",
                         "mapping must be an object of header: field");
        return;
    }
    struct import_value_map *values = NULL;
    int nvalues = 0;
    if (!read_values(r, o, &values, &nvalues))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, import_mapping_save(&r->ctx, name, entries, n, values, nvalues, &id, &err), &err))
        return;
    http_reply_json(r, 201,
                    json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)id, "name", name, "mapping",
                              import_json_mapping_to(entries, n), "values",
                              import_json_values_to(values, nvalues)));
}

static const struct route import_routes[] = {
    {"POST", "/api/v1/imports/files", post_file, ROUTE_RAW_BODY | ROUTE_BEFORE_BODY | ROUTE_UPLOAD},
    {"GET", "/api/v1/imports/room", get_room, 0},
    {"GET", "/api/v1/imports/fields", get_fields, 0},
    {"POST", "/api/v1/imports/preview", post_preview, 0},
    {"POST", "/api/v1/imports", post_import, 0},
    {"GET", "/api/v1/imports/mappings", get_mappings, 0},
    {"POST", "/api/v1/imports/mappings", post_mapping, 0},
    {0},
};

const struct capability imports_capability = {
    .name = "imports",
    .label_zh = "导入",
    .label_en = "Import",
    .routes = {import_routes},
    .job_kinds = (const struct job_kind *const[]){&import_job_kind, &import_preview_job_kind,
                                                  &import_uploads_expire_kind, NULL},
    .tasks = (const struct job_task *const[]){&import_uploads_expire_task, NULL},
    .audit_actions = import_audit_actions,
    .settings = (const struct kh_setting *const[]){&import_setting_upload_keep_hours,
                                                   &import_setting_upload_quota_mb, NULL},
};

void import_route_table(struct http_req *r, table_import_start_fn *start_fn)
{
    json_t *o = http_body_object(r);
    const char *file_id = NULL;
    int dry = 0;
    if (!o || !http_get_str(r, o, "file_id", &file_id) || !http_get_bool(r, o, "dry_run", &dry))
        return;
    int64_t job = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, start_fn(&r->ctx, file_id, dry > 0, r->english, &job, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)job));
}
