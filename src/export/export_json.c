#include "export/export_json.h"

#include <jansson.h>
#include <string.h>

/*
 * The filter's text and number fields, by name, for both directions: every
 * field of customer_list_spec (customer_filter.c) but the page's, or the job
 * would export more than the filter that was approved selects.
 */
// clang-format off
#define TEXT_FIELDS(X) \
    X(q) X(kind) X(category) X(grade) X(value_tier) X(stage) X(industry) X(source) \
    X(credit_status) X(tag) X(retention)
#define INT_FIELDS(X) \
    X(owner_id) X(branch_id) X(province_code) X(city_code) X(district_code) \
    X(created_from) X(created_to) X(updated_from) X(updated_to) X(unowned) X(entry_late)
// clang-format on

char *export_json_params(const struct export_request *req, int64_t customer_id)
{
    const struct customer_filter *f = &req->filter;
    json_t *o = json_object();
    json_object_set_new(o, "customer_id", json_integer(customer_id));
    json_object_set_new(o, "format", json_integer(req->format));
    json_object_set_new(o, "encoding", json_integer(req->encoding));
    json_object_set_new(o, "archived", json_integer(f->archived));
    json_object_set_new(o, "sort", json_integer(f->sort));
    json_object_set_new(o, "desc", json_boolean(f->desc));
    json_object_set_new(o, "english", json_boolean(req->english));
    if (req->approval_id)
        json_object_set_new(o, "approval_id", json_integer(req->approval_id));
#define PUT_TEXT(n)                                                                                \
    if (f->n)                                                                                      \
        json_object_set_new(o, #n, json_string(f->n));
#define PUT_INT(n) json_object_set_new(o, #n, json_integer(f->n));
    TEXT_FIELDS(PUT_TEXT)
    INT_FIELDS(PUT_INT)
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

char *export_json_bad_cells(const struct export_bad_cell *cells, int n, int64_t count)
{
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s}", "row",
                                              (json_int_t)cells[i].row, "column", cells[i].column,
                                              "code", cells[i].code, "chars", cells[i].chars));
    json_t *o = json_pack("{s:i, s:s, s:I, s:o}", "rows", 0, "encoding", "gbk", "unencodable_count",
                          (json_int_t)count, "unencodable", list);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

static int64_t get_int(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static const char *get_text(struct arena *a, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

bool export_json_params_decode(struct arena *a, const char *text, struct export_request *req,
                               int64_t *customer_id)
{
    memset(req, 0, sizeof(*req));
    *customer_id = 0;
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return false;
    }
    struct customer_filter *f = &req->filter;
    *customer_id = get_int(o, "customer_id");
    req->format = (enum export_format)get_int(o, "format");
    req->encoding = (enum export_encoding)get_int(o, "encoding");
    f->archived = (int)get_int(o, "archived");
    f->sort = (enum customer_sort)get_int(o, "sort");
    f->desc = json_is_true(json_object_get(o, "desc"));
    req->english = json_is_true(json_object_get(o, "english"));
    req->approval_id = get_int(o, "approval_id");
#define GET_TEXT(n) f->n = get_text(a, o, #n);
#define GET_INT(n) f->n = (__typeof__(f->n))get_int(o, #n);
    TEXT_FIELDS(GET_TEXT)
    INT_FIELDS(GET_INT)
    json_decref(o);
    return true;
}

char *export_json_audit(const struct audit_filter *f, bool english)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:b}", "actor_id", (json_int_t)f->actor_id, "from",
                          (json_int_t)f->from, "to", (json_int_t)f->to, "english", english);
    if (f->action)
        json_object_set_new(o, "action", json_string(f->action));
    if (f->target_type)
        json_object_set_new(o, "target_type", json_string(f->target_type));
    if (f->target_id)
        json_object_set_new(o, "target_id", json_string(f->target_id));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

bool export_json_audit_decode(struct arena *a, const char *text, struct audit_filter *f,
                              bool *english)
{
    memset(f, 0, sizeof(*f));
    *english = false;
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return false;
    }
    f->actor_id = get_int(o, "actor_id");
    f->from = get_int(o, "from");
    f->to = get_int(o, "to");
    f->action = get_text(a, o, "action");
    f->target_type = get_text(a, o, "target_type");
    f->target_id = get_text(a, o, "target_id");
    *english = json_is_true(json_object_get(o, "english"));
    json_decref(o);
    return true;
}

char *export_json_loans(const struct loan_filter *f, bool english)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:b}", "id", (json_int_t)f->id, "borrower_id",
                          (json_int_t)f->borrower_id, "lent_from", (json_int_t)f->lent_from,
                          "lent_to", (json_int_t)f->lent_to, "english", english);
    if (f->state)
        json_object_set_new(o, "state", json_string(f->state));
    if (f->kind)
        json_object_set_new(o, "kind", json_string(f->kind));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

bool export_json_loans_decode(struct arena *a, const char *text, struct loan_filter *f,
                              bool *english)
{
    memset(f, 0, sizeof(*f));
    *english = false;
    json_t *o = json_loads(text, 0, NULL);
    if (!json_is_object(o)) {
        json_decref(o);
        return false;
    }
    f->id = get_int(o, "id");
    f->borrower_id = get_int(o, "borrower_id");
    f->lent_from = get_int(o, "lent_from");
    f->lent_to = get_int(o, "lent_to");
    f->state = get_text(a, o, "state");
    f->kind = get_text(a, o, "kind");
    *english = json_is_true(json_object_get(o, "english"));
    json_decref(o);
    return true;
}
