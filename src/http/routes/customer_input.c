/* A customer's fields from a request body (see customer_input.h). */
#include "http/routes/customer_input.h"

#include "customer/customer_json.h"

bool customer_input_any_known(struct http_req *r, json_t *o)
{
    const char *key;
    json_t *v;
    const char *unknown = NULL;
    json_object_foreach (o, key, v) {
        if (customer_input_known_key(key))
            return true;
        if (!unknown)
            unknown = key;
    }
    if (!unknown)
        return true;
    http_reply_error(r, 400, "invalid", unknown, "未知字段，没有可修改的客户字段",
                     "unknown field: the request changes no customer field");
    return false;
}

bool customer_input_from_json(struct http_req *r, json_t *o, struct customer_input *in)
{
    struct kh_err err;
    kh_err_clear(&err);
    return http_reply_status(r, customer_input_parse(&r->arena, o, in, &err), &err);
}
