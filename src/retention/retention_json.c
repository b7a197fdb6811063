#include "retention/retention_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum kh_status retention_json_subject_read(struct arena *a, const char *text,
                                           struct destroy_subject *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    json_t *o = json_loads(text ? text : "", 0, NULL);
    json_t *ids = json_object_get(o, "customer_ids"), *codes = json_object_get(o, "codes");
    enum kh_status st = KH_OK;
    if (!json_is_object(o))
        st = kh_err_set(err, KH_E_VALIDATION, "subject", "申请对象格式不正确",
                        "subject must be a JSON object");
    else if (!json_is_array(ids) || json_array_size(ids) < 1)
        st = kh_err_set(err, KH_E_VALIDATION, "subject.customer_ids", "请列出要销毁的客户",
                        "list the customers to destroy");
    else if (json_array_size(ids) > RETENTION_MAX_RECORDS)
        st = kh_err_setf(err, KH_E_VALIDATION, "subject.customer_ids", "一次最多销毁 %d 位客户",
                         "at most %d customers in one request", RETENTION_MAX_RECORDS,
                         RETENTION_MAX_RECORDS);
    size_t i;
    json_t *v;
    json_array_foreach (ids, i, v) {
        if (st)
            break;
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            st = kh_err_set(err, KH_E_VALIDATION, "subject.customer_ids", "须为客户编号",
                            "must be customer ids");
        else
            out->ids[out->nids++] = json_integer_value(v);
    }
    json_array_foreach (codes, i, v) {
        if (st || out->ncodes >= RETENTION_MAX_RECORDS)
            break;
        if (json_is_string(v))
            out->codes[out->ncodes++] = arena_strdup(a, json_string_value(v));
    }
    json_decref(o);
    return st;
}

const char *retention_json_subject_write(struct arena *a, const struct destroy_subject *s)
{
    json_t *ids = json_array(), *codes = json_array();
    for (int i = 0; i < s->nids; i++)
        json_array_append_new(ids, json_integer(s->ids[i]));
    for (int i = 0; i < s->ncodes; i++)
        json_array_append_new(codes, json_string(s->codes[i]));
    json_t *o = json_pack("{s:o, s:o}", "customer_ids", ids, "codes", codes);
    char *text = json_dumps(o, JSON_COMPACT);
    const char *out = arena_strdup(a, text ? text : "{}");
    free(text);
    json_decref(o);
    return out;
}
