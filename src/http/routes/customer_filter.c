/* The customer-list filter from a query string or a JSON object (see customer_filter.h). */
#include "http/routes/customer_filter.h"

#include <stdint.h>
#include <string.h>

#include "core/str.h"

static const char *const string_keys[] = {
    "q",     "kind",     "category", "grade",         "value_tier",
    "stage", "industry", "source",   "credit_status", "tag"};
static const char *const int_keys[] = {"owner_id", "branch_id", "province_code", "city_code",
                                       "district_code"};
static const char *const time_keys[] = {"created_from", "created_to", "updated_from", "updated_to"};
static const char *const other_keys[] = {"sort", "order", "archived"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char **string_slot(struct customer_filter *f, size_t i)
{
    const char **slots[] = {
        &f->q,     &f->kind,     &f->category, &f->grade,         &f->value_tier,
        &f->stage, &f->industry, &f->source,   &f->credit_status, &f->tag};
    return slots[i];
}

static int64_t *int_slot(struct customer_filter *f, size_t i)
{
    int64_t *slots[] = {&f->owner_id, &f->branch_id, &f->province_code, &f->city_code,
                        &f->district_code};
    return slots[i];
}

static int64_t *time_slot(struct customer_filter *f, size_t i)
{
    int64_t *slots[] = {&f->created_from, &f->created_to, &f->updated_from, &f->updated_to};
    return slots[i];
}

static bool get_int(struct http_req *r, customer_filter_get_fn *get, void *src, const char *key,
                    int64_t *out)
{
    return http_parse_int(r, key, get(r, src, key), out);
}

static bool get_time(struct http_req *r, customer_filter_get_fn *get, void *src, const char *key,
                     bool end, int64_t *out)
{
    return http_parse_time(r, key, get(r, src, key), end, out);
}

static bool get_sort(struct http_req *r, customer_filter_get_fn *get, void *src,
                     struct customer_filter *f)
{
    static const char *const names[] = {"created_at", "updated_at", "name",
                                        "code",       "grade",      "newest"};
    const char *s = get(r, src, "sort");
    const char *o = get(r, src, "order");
    /* Lists show the latest changes first; searches the newest records (no sort needed). */
    const char *q = get(r, src, "q");
    f->sort = q && *q ? SORT_NEWEST : SORT_UPDATED;
    f->desc = true;
    if (s && *s) {
        bool found = false;
        for (int i = 0; i < 6 && !found; i++)
            if (!strcmp(names[i], s)) {
                f->sort = (enum customer_sort)i;
                found = true;
            }
        if (!found) {
            http_reply_error(r, 400, "invalid", "sort", "不支持的排序字段",
                             "unsupported sort field");
            return false;
        }
        f->desc = f->sort == SORT_CREATED || f->sort == SORT_UPDATED || f->sort == SORT_NEWEST;
    }
    if (o && *o) {
        if (strcmp(o, "asc") && strcmp(o, "desc")) {
            http_reply_error(r, 400, "invalid", "order", "排序方向应为 asc 或 desc",
                             "order must be asc or desc");
            return false;
        }
        f->desc = !strcmp(o, "desc");
    }
    return true;
}

static bool get_archived(struct http_req *r, customer_filter_get_fn *get, void *src,
                         struct customer_filter *f)
{
    const char *a = get(r, src, "archived");
    f->archived = 0;
    if (!a || !*a || !strcmp(a, "false"))
        return true;
    if (!strcmp(a, "true"))
        f->archived = 1;
    else if (!strcmp(a, "all"))
        f->archived = 2;
    else {
        http_reply_error(r, 400, "invalid", "archived", "archived 应为 false、true 或 all",
                         "archived must be false, true or all");
        return false;
    }
    return true;
}

static bool read_filter(struct http_req *r, customer_filter_get_fn *get, void *src,
                        struct customer_filter *f)
{
    for (size_t i = 0; i < COUNT(string_keys); i++)
        *string_slot(f, i) = get(r, src, string_keys[i]);
    for (size_t i = 0; i < COUNT(int_keys); i++)
        if (!get_int(r, get, src, int_keys[i], int_slot(f, i)))
            return false;
    for (size_t i = 0; i < COUNT(time_keys); i++)
        if (!get_time(r, get, src, time_keys[i], i % 2 == 1, time_slot(f, i)))
            return false;
    return get_sort(r, get, src, f) && get_archived(r, get, src, f);
}

static const char *from_query(struct http_req *r, void *src, const char *key)
{
    (void)src;
    return http_query(r, key);
}

bool customer_filter_from_lookup(struct http_req *r, customer_filter_get_fn *get, void *src,
                                 struct customer_filter *f, int64_t *limit)
{
    memset(f, 0, sizeof(*f));
    f->cursor = get(r, src, "cursor");
    if (f->cursor && !*f->cursor)
        f->cursor = NULL;
    return get_int(r, get, src, "limit", limit) && read_filter(r, get, src, f);
}

bool customer_filter_from_query(struct http_req *r, struct customer_filter *f, int64_t *limit)
{
    return customer_filter_from_lookup(r, from_query, NULL, f, limit);
}

static const char *from_json(struct http_req *r, void *src, const char *key)
{
    json_t *v = src ? json_object_get(src, key) : NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v))
        return json_is_true(v) ? "true" : "false";
    return NULL;
}

static bool known_key(const char *key)
{
    const char *const *lists[] = {string_keys, int_keys, time_keys, other_keys};
    const size_t counts[] = {COUNT(string_keys), COUNT(int_keys), COUNT(time_keys),
                             COUNT(other_keys)};
    for (size_t l = 0; l < 4; l++)
        for (size_t i = 0; i < counts[l]; i++)
            if (!strcmp(lists[l][i], key))
                return true;
    return false;
}

bool customer_filter_from_json(struct http_req *r, json_t *o, struct customer_filter *f)
{
    memset(f, 0, sizeof(*f));
    if (o && !json_is_null(o) && !json_is_object(o)) {
        http_reply_error(r, 400, "invalid", "filter", "filter 必须是对象",
                         "filter must be an object");
        return false;
    }
    const char *key;
    json_t *v;
    json_object_foreach (o, key, v) {
        if (!known_key(key)) {
            http_reply_error(r, 400, "invalid", key, "不支持的筛选条件", "unknown filter key");
            return false;
        }
        if (!json_is_null(v) && !json_is_string(v) && !json_is_integer(v) && !json_is_boolean(v)) {
            http_reply_error(r, 400, "invalid", key, "筛选值必须是字符串或整数",
                             "filter values must be strings or integers");
            return false;
        }
    }
    return read_filter(r, from_json, o, f);
}
