/* Settings: numbering rule, custom fields, profile templates. */
#include <string.h>

#include "core/mem.h"
#include "customer/customer.h"
#include "customer/customer_json.h"
#include "app/registry.h"
#include "http/http.h"

static void reply_numbering(struct http_req *r, const struct numbering_rule *rule)
{
    char example[64];
    customer_code_format(ctx_tz(&r->ctx), rule, "HQ", ctx_now(&r->ctx), 42, example,
                         sizeof(example));
    http_reply_json(r, 200,
                    json_pack("{s:s, s:s, s:i, s:b, s:s}", "prefix", rule->prefix, "date_part",
                              rule->date_part, "digits", rule->digits, "per_branch",
                              rule->per_branch, "example", example));
}

static void get_numbering(struct http_req *r)
{
    struct numbering_rule rule;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_numbering_get(&r->ctx, &rule, &err), &err))
        reply_numbering(r, &rule);
}

static void put_numbering(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    struct numbering_rule rule;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_numbering_get(&r->ctx, &rule, &err), &err))
        return;
    const char *prefix = NULL, *date_part = NULL;
    int64_t digits = rule.digits;
    int per_branch = rule.per_branch;
    if (!http_get_str(r, o, "prefix", &prefix) || !http_get_str(r, o, "date_part", &date_part) ||
        !http_get_int(r, o, "digits", &digits) || !http_get_bool(r, o, "per_branch", &per_branch))
        return;
    if ((prefix && strlen(prefix) >= sizeof(rule.prefix)) ||
        (date_part && strlen(date_part) >= sizeof(rule.date_part)) || digits < 0 || digits > 100) {
        const char *field = prefix && strlen(prefix) >= sizeof(rule.prefix)            ? "prefix"
                            : date_part && strlen(date_part) >= sizeof(rule.date_part) ? "date_part"
                                                                                       : "digits";
        http_reply_error(r, 422, "validation", field, "取值过长或超出范围",
                         "value too long or out of range");
        return;
    }
    if (prefix)
        kh_strlcpy(rule.prefix, prefix, sizeof(rule.prefix));
    if (date_part)
        kh_strlcpy(rule.date_part, date_part, sizeof(rule.date_part));
    rule.digits = (int)digits;
    rule.per_branch = per_branch != 0;
    /* Answered with the rule just stored: no read after the write can fail a kept change. */
    if (http_reply_status(r, customer_numbering_set(&r->ctx, &rule, &err), &err))
        reply_numbering(r, &rule);
}

static void get_fields(struct http_req *r)
{
    struct custom_field *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_fields(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, customer_json_field(&list[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* Answer with the field as stored (status 201 or 200); a plain OK if it cannot be read back. */
static void reply_field(struct http_req *r, int64_t id, int status, int64_t reindex_job)
{
    struct custom_field *list = NULL;
    int n = 0;
    struct kh_err err;
    if (!customer_fields(&r->ctx, &list, &n, &err))
        for (int i = 0; i < n; i++)
            if (list[i].id == id) {
                json_t *o = customer_json_field(&list[i]);
                if (reindex_job)
                    json_object_set_new(o, "reindex_job_id", json_integer(reindex_job));
                http_reply_json(r, status, o);
                return;
            }
    http_reply_ok(r);
}

static void post_field(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    struct custom_field f;
    memset(&f, 0, sizeof(f));
    int required = 0, sensitive = 0;
    if (!http_get_str(r, o, "key", &f.key) || !http_get_str(r, o, "label_zh", &f.label_zh) ||
        !http_get_str(r, o, "label_en", &f.label_en) || !http_get_str(r, o, "type", &f.type) ||
        !http_get_str(r, o, "template", &f.template_code) ||
        !http_get_bool(r, o, "required", &required) ||
        !http_get_bool(r, o, "sensitive", &sensitive))
        return;
    f.required = required != 0;
    f.sensitive = sensitive == 1;
    json_t *opts = json_object_get(o, "options");
    if (opts && !json_is_null(opts) &&
        !customer_json_strings_from(&r->arena, opts, &f.options, &f.noptions)) {
        http_reply_error(r, 400, "invalid", "options", "选项必须是字符串数组",
                         "options must be an array of strings");
        return;
    }
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_field_create(&r->ctx, &f, &id, &err), &err))
        return;
    reply_field(r, id, 201, 0);
}

static void patch_field(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    if (!o)
        return;
    struct custom_field_change c = {.required = -1, .position = -1, .retired = -1, .sensitive = -1};
    int64_t position = -1;
    if (!http_get_str(r, o, "label_zh", &c.label_zh) ||
        !http_get_str(r, o, "label_en", &c.label_en) ||
        !http_get_bool(r, o, "required", &c.required) ||
        !http_get_bool(r, o, "retired", &c.retired) ||
        !http_get_bool(r, o, "sensitive", &c.sensitive) ||
        !http_get_int(r, o, "position", &position))
        return;
    if (json_object_get(o, "position") && position < 0) {
        http_reply_error(r, 422, "validation", "position", "位置应在 0 到 10000 之间",
                         "position must be 0-10000");
        return;
    }
    c.position = (int)(position > 100000 ? 100000 : position);
    json_t *opts = json_object_get(o, "options");
    if (opts && !json_is_null(opts) &&
        !customer_json_strings_from(&r->arena, opts, &c.options, &c.noptions)) {
        http_reply_error(r, 400, "invalid", "options", "选项必须是字符串数组",
                         "options must be an array of strings");
        return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    int64_t job = 0;
    if (!http_reply_status(r, customer_field_update(&r->ctx, id, &c, &job, &err), &err))
        return;
    reply_field(r, id, 200, job);
}

static void get_templates(struct http_req *r)
{
    struct profile_template *tpls = NULL;
    struct custom_field *fields = NULL;
    int nt = 0, nf = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = customer_templates(&r->ctx, &tpls, &nt, &err);
    if (!st)
        st = customer_fields(&r->ctx, &fields, &nf, &err);
    if (!http_reply_status(r, st, &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < nt; i++) {
        json_t *fl = json_array();
        for (int j = 0; j < nf; j++)
            if (!strcmp(fields[j].template_code, tpls[i].code))
                json_array_append_new(fl, customer_json_field(&fields[j]));
        json_array_append_new(a,
                              json_pack("{s:s, s:s, s:s, s:o}", "code", tpls[i].code, "name_zh",
                                        tpls[i].name_zh, "name_en", tpls[i].name_en, "fields", fl));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void post_template(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    struct profile_template t = {0};
    if (!http_get_str(r, o, "code", &t.code) || !http_get_str(r, o, "name_zh", &t.name_zh) ||
        !http_get_str(r, o, "name_en", &t.name_en))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_template_create(&r->ctx, &t, &err), &err))
        return;
    http_reply_json(r, 201,
                    json_pack("{s:s, s:s, s:s, s:[]}", "code", t.code, "name_zh", t.name_zh,
                              "name_en", t.name_en, "fields"));
}

static void get_template_export(struct http_req *r)
{
    struct profile_template t;
    struct custom_field *fields = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_template_export(&r->ctx, r->params[0], &t, &fields, &n, &err),
                          &err))
        http_reply_json(r, 200, customer_json_template_file(&t, fields, n));
}

/* The template of the file, under the code and names of the query when given. */
static void post_template_import(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    struct profile_template t;
    struct custom_field *fields = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_json_template_file_from(&r->arena, o, &t, &fields, &n, &err),
                           &err))
        return;
    const char *code = http_query(r, "code"), *zh = http_query(r, "name_zh"),
               *en = http_query(r, "name_en");
    t.code = code && *code ? code : t.code;
    t.name_zh = zh && *zh ? zh : t.name_zh;
    t.name_en = en && *en ? en : t.name_en;
    if (!http_reply_status(r, customer_template_import(&r->ctx, &t, fields, n, &err), &err))
        return;
    /* Answered with the stored definitions (their ids); the import is kept either way. */
    struct profile_template kept;
    if (customer_template_export(&r->ctx, t.code, &kept, &fields, &n, &err)) {
        http_reply_ok(r);
        return;
    }
    json_t *fl = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(fl, customer_json_field(&fields[i]));
    http_reply_json(r, 201,
                    json_pack("{s:s, s:s, s:s, s:o}", "code", t.code, "name_zh", t.name_zh,
                              "name_en", t.name_en, "fields", fl));
}

static const struct route settings_routes[] = {
    {"GET", "/api/v1/settings/numbering", get_numbering, 0},
    {"PUT", "/api/v1/settings/numbering", put_numbering, 0},
    {"GET", "/api/v1/custom-fields", get_fields, 0},
    {"POST", "/api/v1/custom-fields", post_field, 0},
    {"PATCH", "/api/v1/custom-fields/:id", patch_field, 0},
    {"GET", "/api/v1/profile-templates", get_templates, 0},
    {"POST", "/api/v1/profile-templates", post_template, 0},
    {"GET", "/api/v1/profile-templates/:code/export", get_template_export, 0},
    {"POST", "/api/v1/profile-templates/import", post_template_import, 0},
    {0},
};

const struct capability customer_settings_capability = {
    .name = "customer_settings",
    .label_zh = "编码规则与档案模板",
    .label_en = "Numbering and profile templates",
    .routes = {settings_routes},
    .job_kinds = (const struct job_kind *const[]){&customer_reindex_job_kind, NULL},
};
