#include "access/access_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static enum kh_status bad(const char *field, const char *zh, const char *en, struct kh_err *err)
{
    return kh_err_set(err, KH_E_VALIDATION, field, zh, en);
}

enum kh_status access_json_subject_read(struct arena *a, const char *text,
                                        struct access_subject *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    json_t *o = json_loads(text ? text : "", 0, NULL);
    enum kh_status st = KH_OK;
    json_t *ids = json_object_get(o, "customer_ids"), *codes = json_object_get(o, "codes");
    json_t *days = json_object_get(o, "days"), *visitor = json_object_get(o, "for_user_id");
    if (!json_is_object(o))
        st = bad("subject", "申请对象格式不正确", "subject must be a JSON object", err);
    else if ((ids && !json_is_array(ids)) || (codes && !json_is_array(codes)))
        st = bad(ids && !json_is_array(ids) ? "subject.customer_ids" : "subject.codes", "须为数组",
                 "must be an array", err);
    else if (json_array_size(ids) > ACCESS_MAX_RECORDS ||
             json_array_size(codes) > ACCESS_MAX_RECORDS)
        st = bad("subject.customer_ids", "一次最多申请查阅50位客户",
                 "at most 50 customers in one request", err);
    else if (days && !json_is_integer(days))
        st = bad("subject.days", "天数须为整数", "days must be a whole number", err);
    else if (visitor && !json_is_null(visitor) &&
             (!json_is_integer(visitor) || json_integer_value(visitor) <= 0))
        st = bad("subject.for_user_id", "须为外部查阅人的用户编号", "must be a visitor's user id",
                 err);
    if (!st && json_is_integer(visitor))
        out->for_user_id = json_integer_value(visitor);
    size_t i;
    json_t *v;
    json_array_foreach (ids, i, v) {
        if (st)
            break;
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            st = bad("subject.customer_ids", "须为客户编号", "must be customer ids", err);
        else
            out->ids[out->nids++] = json_integer_value(v);
    }
    json_array_foreach (codes, i, v) {
        if (st)
            break;
        if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) > 40)
            st = bad("subject.codes", "须为客户编码", "must be customer codes", err);
        else
            out->codes[out->ncodes++] = arena_strdup(a, json_string_value(v));
    }
    if (!st && days) {
        out->days = json_integer_value(days);
        out->days_set = true;
    }
    json_decref(o);
    return st;
}

const char *access_json_subject_write(struct arena *a, const struct access_subject *s)
{
    json_t *ids = json_array(), *codes = json_array();
    for (int i = 0; i < s->nids; i++)
        json_array_append_new(ids, json_integer(s->ids[i]));
    for (int i = 0; i < s->ncodes; i++)
        json_array_append_new(codes, json_string(s->codes[i]));
    json_t *o = json_pack("{s:o, s:o, s:I}", "customer_ids", ids, "codes", codes, "days",
                          (json_int_t)s->days);
    if (s->for_user_id)
        json_object_set_new(o, "for_user_id", json_integer(s->for_user_id));
    char *text = json_dumps(o, JSON_COMPACT);
    const char *out = arena_strdup(a, text ? text : "{}");
    free(text);
    json_decref(o);
    return out;
}
