#include "http/http.h"

#include "app/list.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonw.h"
#include "core/mem.h"
#include "core/str.h"
#include "files/files.h"

int64_t http_param_id(struct http_req *r, int i)
{
    long long v = 0;
    if (i >= r->nparams || !str_to_i64(str_from(r->params[i]), 1, INT64_MAX, &v)) {
        http_reply_error(r, 404, "not_found", "", "记录不存在", "not found");
        return 0;
    }
    return v;
}

const char *http_query(struct http_req *r, const char *key)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

bool http_parse_int(struct http_req *r, const char *key, const char *v, int64_t *out)
{
    long long n = 0;
    if (!v || !*v)
        return true;
    if (!str_to_i64(str_from(v), 0, INT64_MAX, &n)) {
        http_reply_error(r, 400, "invalid", key, "参数必须是非负整数",
                         "must be a non-negative integer");
        return false;
    }
    *out = n;
    return true;
}

bool http_parse_time(struct http_req *r, const char *key, const char *v, bool end, int64_t *out)
{
    if (!v || !*v)
        return true;
    if (!time_parse_iso(ctx_tz(&r->ctx), v, out)) {
        http_reply_error(r, 400, "invalid", key, "日期格式应为 YYYY-MM-DD 或 RFC 3339",
                         "expected YYYY-MM-DD or an RFC 3339 time");
        return false;
    }
    if (end && strlen(v) == 10)
        *out = time_day_after(ctx_tz(&r->ctx), *out); /* the whole day, 23 to 25 hours */
    return true;
}

bool http_query_int(struct http_req *r, const char *key, int64_t *out)
{
    return http_parse_int(r, key, http_query(r, key), out);
}

bool http_query_time(struct http_req *r, const char *key, bool end, int64_t *out)
{
    return http_parse_time(r, key, http_query(r, key), end, out);
}

const char *http_header(struct http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

static void json_release(void *p)
{
    json_decref(p);
}

json_t *http_body_object(struct http_req *r)
{
    if (r->body_too_large) {
        http_reply_error(r, 413, "too_large", "", "请求内容过大", "request body too large");
        return NULL;
    }
    json_error_t jerr;
    json_t *v =
        json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!v || !json_is_object(v)) {
        json_decref(v);
        http_reply_error(r, 400, "invalid", "", "请求内容必须是 JSON 对象",
                         "the request body must be a JSON object");
        return NULL;
    }
    arena_defer(&r->arena, json_release, v);
    return v;
}

static bool type_error(struct http_req *r, const char *key, const char *zh_type,
                       const char *en_type)
{
    char zh[160], en[160];
    snprintf(zh, sizeof(zh), "字段 %s 必须是%s", key, zh_type);
    snprintf(en, sizeof(en), "field %s must be %s", key, en_type);
    http_reply_error(r, 400, "invalid", key, zh, en);
    return false;
}

bool http_get_str(struct http_req *r, json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return type_error(r, key, "字符串", "a string");
    *out = json_string_value(v);
    if (strlen(*out) != json_string_length(v))
        return type_error(r, key, "不含空字符的字符串", "a string without NUL");
    return true;
}

bool http_get_int(struct http_req *r, json_t *o, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_integer(v))
        return type_error(r, key, "整数", "an integer");
    *out = json_integer_value(v);
    return true;
}

bool http_get_time(struct http_req *r, json_t *o, const char *key, int64_t *out)
{
    *out = 0;
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return type_error(r, key, "ISO 8601 时间文本", "ISO 8601 time text");
    return http_parse_time(r, key, json_string_value(v), false, out);
}

static bool too_many_ids(struct http_req *r, const char *key, int max)
{
    char zh[160], en[160];
    snprintf(zh, sizeof(zh), "%s 最多 %d 个", key, max);
    snprintf(en, sizeof(en), "%s: at most %d ids", key, max);
    http_reply_error(r, 400, "invalid", key, zh, en);
    return false;
}

bool http_get_ids(struct http_req *r, json_t *o, const char *key, int max, int64_t **out, int *n)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_array(v))
        return type_error(r, key, "编号数组", "an array of ids");
    size_t len = json_array_size(v);
    if (len > (size_t)max)
        return too_many_ids(r, key, max);
    int64_t *ids = arena_alloc(r->ctx.arena, sizeof(*ids) * (len ? len : 1));
    for (size_t i = 0; i < len; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_integer(e) || json_integer_value(e) <= 0)
            return type_error(r, key, "正整数编号的数组", "an array of positive integer ids");
        ids[i] = json_integer_value(e);
    }
    *out = ids;
    *n = (int)len;
    return true;
}

bool http_query_ids(struct http_req *r, const char *key, int max, int64_t **out, int *n)
{
    const char *v = http_query(r, key);
    if (!v || !*v)
        return true;
    int64_t *ids = arena_alloc(r->ctx.arena, sizeof(*ids) * (size_t)max);
    int k = 0;
    struct str rest = str_from(v);
    while (rest.len) {
        const char *comma = memchr(rest.ptr, ',', rest.len);
        size_t len = comma ? (size_t)(comma - rest.ptr) : rest.len;
        long long id = 0;
        if (!str_to_i64((struct str){rest.ptr, len}, 1, INT64_MAX, &id)) {
            http_reply_error(r, 400, "invalid", key, "应为逗号分隔的正整数编号",
                             "expected positive integer ids separated by commas");
            return false;
        }
        if (k == max)
            return too_many_ids(r, key, max);
        ids[k++] = id;
        rest = comma ? (struct str){comma + 1, rest.len - len - 1} : (struct str){rest.ptr, 0};
        if (comma && !rest.len) {
            http_reply_error(r, 400, "invalid", key, "应为逗号分隔的正整数编号",
                             "expected positive integer ids separated by commas");
            return false;
        }
    }
    *out = ids;
    *n = k;
    return true;
}

bool http_get_bool(struct http_req *r, json_t *o, const char *key, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return true;
    if (!json_is_boolean(v))
        return type_error(r, key, "布尔值", "a boolean");
    *out = json_is_true(v) ? 1 : 0;
    return true;
}

void http_reply_json(struct http_req *r, int status, json_t *v)
{
    free(r->resp_body);
    r->resp_body = json_dumps(v, JSON_COMPACT);
    r->resp_len = r->resp_body ? strlen(r->resp_body) : 0;
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    json_decref(v);
}

void http_reply_buf(struct http_req *r, int status, struct buf *b)
{
    free(r->resp_body);
    r->resp_body = buf_detach(b, &r->resp_len);
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
}

void http_reply_text(struct http_req *r, int status, const char *content_type, struct buf *b)
{
    http_reply_buf(r, status, b);
    r->content_type = content_type;
}

void http_reply_error(struct http_req *r, int status, const char *code, const char *field,
                      const char *zh, const char *en)
{
    json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", code, "field", field ? field : "",
                          "message", r->english ? en : zh, "message_zh", zh, "message_en", en);
    http_reply_json(r, status, json_pack("{s:o}", "error", e));
}

bool http_reply_status(struct http_req *r, enum kh_status st, const struct kh_err *err)
{
    if (st)
        http_reply_err(r, err);
    return st == KH_OK;
}

/* Every field's error of a check that collects them (kh_err_collect). */
static json_t *field_errors(const struct http_req *r, const struct kh_err_fields *fields)
{
    json_t *a = json_array();
    for (int i = 0; i < fields->n; i++) {
        const struct kh_field_err *f = &fields->items[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "field", f->field, "message",
                                           r->english ? f->msg_en : f->msg_zh, "message_zh",
                                           f->msg_zh, "message_en", f->msg_en));
    }
    return a;
}

void http_reply_err(struct http_req *r, const struct kh_err *err)
{
    json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", kh_status_name(err->code), "field",
                          err->field, "message", r->english ? err->msg_en : err->msg_zh,
                          "message_zh", err->msg_zh, "message_en", err->msg_en);
    if (err->detail[0]) {
        json_t *d = json_loads(err->detail, 0, NULL);
        if (d)
            json_object_set_new(e, "existing", d);
    }
    if (err->fields && err->fields->n > 0)
        json_object_set_new(e, "errors", field_errors(r, err->fields));
    http_reply_json(r, kh_status_http(err->code), json_pack("{s:o}", "error", e));
}

void http_reply_stored(struct http_req *r, struct file_store *fs, const char *file,
                       const char *name, const char *content_type)
{
    int fd = -1;
    int64_t size = 0;
    struct kh_err err;
    if (!fs || files_open(fs, file, &fd, &size, &err) != KH_OK) {
        http_reply_error(r, 404, "not_found", "", "文件不存在", "file not found");
        return;
    }
    http_reply_fd(r, fd, size, name, content_type);
}

void http_reply_fd(struct http_req *r, int fd, int64_t size, const char *name,
                   const char *content_type)
{
    r->resp_fd = fd;
    r->resp_size = (uint64_t)size;
    r->status = 200;
    r->content_type = content_type && *content_type ? content_type : "application/octet-stream";
    /* filename*=UTF-8''<percent-encoded> so Chinese names survive */
    struct buf b;
    buf_init(&b, sizeof(r->disposition) - 1);
    buf_puts(&b, "attachment; filename=\"download\"; filename*=UTF-8''");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '.' || *p == '-' || *p == '_')
            buf_putc(&b, (char)*p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    kh_strlcpy(r->disposition, b.overflow ? "attachment" : buf_cstr(&b), sizeof(r->disposition));
    buf_release(&b);
}

void http_reply_ok(struct http_req *r)
{
    http_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
}

json_t *http_json_time(const struct http_req *r, int64_t t)
{
    if (!t)
        return json_null();
    char s[40];
    time_format_iso(ctx_tz(&r->ctx), t, s, sizeof(s));
    return json_string(s);
}

void http_jw_time(struct buf *b, const struct http_req *r, const char *key, int64_t t)
{
    jw_key(b, key);
    if (!t) {
        jw_null(b);
        return;
    }
    char s[40];
    time_format_iso(ctx_tz(&r->ctx), t, s, sizeof(s));
    jw_str(b, s);
}

json_t *http_json_written(struct buf *b)
{
    json_t *o = json_loadb(b->data, b->len, 0, NULL);
    buf_release(b);
    return o ? o : json_object();
}

void http_jw_actor(struct buf *b, const struct http_req *r, const char *key, int64_t id,
                   const char *name)
{
    jw_key(b, key);
    buf_putc(b, '{');
    if (id)
        jw_kint(b, "id", id);
    else {
        jw_key(b, "id");
        jw_null(b);
    }
    jw_kstr(b, "name", id ? (name ? name : "") : http_text(r, "系统", "System"));
    buf_putc(b, '}');
}

json_t *http_json_ref(int64_t id, const char *name)
{
    if (!id)
        return json_null();
    return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name ? name : "");
}

const char *http_text(const struct http_req *r, const char *zh, const char *en)
{
    return r->english ? en : zh;
}

json_t *http_json_actor(const struct http_req *r, int64_t id, const char *name)
{
    if (id)
        return http_json_ref(id, name);
    return json_pack("{s:n, s:s}", "id", "name", http_text(r, "系统", "System"));
}

json_t *http_json_choices(const struct kh_choice *set)
{
    json_t *a = json_array();
    for (const struct kh_choice *c = set; c->value; c++)
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s}", "value", c->value, "zh", c->zh, "en", c->en));
    return a;
}
