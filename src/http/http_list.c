/* Lists over HTTP: query strings and JSON filters into app/list.h, and the answer's tail. */
#include "http/http_list.h"

#include <microhttpd.h>

#include "core/jsonw.h"

/* ---- the query string ---- */

static const char *query_get(void *arg, const char *key)
{
    return http_query(arg, key);
}

struct key_walk {
    list_key_fn *fn;
    void *ctx;
};

static enum MHD_Result query_key(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    (void)value;
    struct key_walk *w = cls;
    return w->fn(w->ctx, key) ? MHD_YES : MHD_NO;
}

static void query_keys(void *arg, list_key_fn *fn, void *ctx)
{
    struct http_req *r = arg;
    struct key_walk w = {fn, ctx};
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_key, &w);
}

bool http_list_from(struct http_req *r, const struct list_spec *spec, const struct list_source *src,
                    void *filter, struct list_page *page)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (list_parse(spec, src, filter, &err) || list_page_parse(src, page, &err)) {
        http_reply_err(r, &err);
        return false;
    }
    return true;
}

bool http_list_query(struct http_req *r, const struct list_spec *spec, void *filter,
                     struct list_page *page)
{
    struct list_source src = {query_get, query_keys, r, true, ctx_tz(&r->ctx)};
    return http_list_from(r, spec, &src, filter, page);
}

/* ---- a JSON object ---- */

struct json_src {
    struct http_req *r;
    json_t *o;
};

static const char *json_get(void *arg, const char *key)
{
    struct json_src *j = arg;
    json_t *v = json_object_get(j->o, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(&j->r->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v))
        return json_is_true(v) ? "true" : "false";
    return NULL;
}

static void json_keys(void *arg, list_key_fn *fn, void *ctx)
{
    struct json_src *j = arg;
    const char *key;
    json_t *v;
    json_object_foreach (j->o, key, v) {
        if (!fn(ctx, key))
            return;
    }
}

/* A key whose value no source of text could give (an array, an object, a fraction). */
static const char *bad_value_key(json_t *o)
{
    const char *key;
    json_t *v;
    json_object_foreach (o, key, v) {
        if (!json_is_null(v) && !json_is_string(v) && !json_is_integer(v) && !json_is_boolean(v))
            return key;
    }
    return NULL;
}

bool http_list_json(struct http_req *r, const struct list_spec *spec, json_t *o, void *filter)
{
    if (o && !json_is_null(o) && !json_is_object(o)) {
        http_reply_error(r, 400, "invalid", "filter", "filter 必须是对象",
                         "filter must be an object");
        return false;
    }
    json_t *obj = json_is_object(o) ? o : NULL;
    const char *bad = obj ? bad_value_key(obj) : NULL;
    if (bad) {
        http_reply_error(r, 400, "invalid", bad, "筛选值必须是字符串、整数或布尔值",
                         "filter values must be strings, integers or booleans");
        return false;
    }
    struct json_src j = {r, obj};
    struct list_source src = {json_get, obj ? json_keys : NULL, &j, false, ctx_tz(&r->ctx)};
    struct kh_err err;
    kh_err_clear(&err);
    if (list_parse(spec, &src, filter, &err)) {
        http_reply_err(r, &err);
        return false;
    }
    return true;
}

/* ---- the answer ---- */

void http_list_write_tail(struct buf *b, const char *next_cursor, const struct list_total *t)
{
    jw_key(b, "next_cursor");
    if (next_cursor)
        jw_str(b, next_cursor);
    else
        jw_null(b);
    if (!t)
        return;
    jw_kint(b, "total", t->count);
    if (t->capped) {
        jw_key(b, "total_capped");
        jw_bool(b, true);
    }
}

void http_list_set_tail(json_t *o, const char *next_cursor, const struct list_total *t)
{
    json_object_set_new(o, "next_cursor", next_cursor ? json_string(next_cursor) : json_null());
    if (!t)
        return;
    json_object_set_new(o, "total", json_integer(t->count));
    if (t->capped)
        json_object_set_new(o, "total_capped", json_true());
}
