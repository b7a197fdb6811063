/* A customer's fields from a request body (see customer_input.h). */
#include "http/routes/customer_input.h"

#include <stddef.h>
#include <string.h>

#include "customer/customer_json.h"
#include "secrecy/secrecy.h"

static bool get_code(struct http_req *r, json_t *o, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (v && json_is_null(v)) {
        *out = 0;
        return true;
    }
    if (!http_get_int(r, o, key, out))
        return false;
    if (v && *out == CUSTOMER_CODE_UNSET) /* a client's code, refused like any negative one */
        *out = -1;
    return true;
}

static bool read_lists(struct http_req *r, json_t *o, struct customer_input *in)
{
    json_t *tags = json_object_get(o, "tags");
    if (tags && !json_is_null(tags)) {
        if (!customer_json_strings_from(&r->arena, tags, &in->tags, &in->ntags)) {
            http_reply_error(r, 400, "invalid", "tags", "标签必须是字符串数组",
                             "tags must be an array of strings");
            return false;
        }
        in->tags_set = true;
    }
    json_t *tpl = json_object_get(o, "templates");
    if (tpl && !json_is_null(tpl)) {
        if (!customer_json_strings_from(&r->arena, tpl, &in->templates, &in->ntemplates)) {
            http_reply_error(r, 400, "invalid", "templates", "模板必须是字符串数组",
                             "templates must be an array of strings");
            return false;
        }
        in->templates_set = true;
    }
    json_t *custom = json_object_get(o, "custom");
    if (custom && !json_is_null(custom)) {
        if (!customer_json_custom_from(&r->arena, custom, &in->custom, &in->ncustom)) {
            http_reply_error(r, 400, "invalid", "custom", "custom 必须是对象",
                             "custom must be an object");
            return false;
        }
        in->custom_set = true;
    }
    return true;
}

#define STR_KEY(k)                                                                                 \
    {                                                                                              \
#k, offsetof(struct customer_input, k)                                                     \
    }
static const struct {
    const char *key;
    size_t offset;
} str_keys[] = {
    STR_KEY(kind),      STR_KEY(name),         STR_KEY(gender),          STR_KEY(birthday),
    STR_KEY(mobile),    STR_KEY(phone_office), STR_KEY(phone_home),      STR_KEY(email),
    STR_KEY(address),   STR_KEY(company),      STR_KEY(company_address), STR_KEY(position),
    STR_KEY(id_number), STR_KEY(uscc),         STR_KEY(credit_status),   STR_KEY(category),
    STR_KEY(grade),     STR_KEY(value_tier),   STR_KEY(stage),           STR_KEY(industry),
    STR_KEY(source),    STR_KEY(notes),
};
#undef STR_KEY

static const char *const other_keys[] = {"province_code", "city_code", "district_code", "owner_id",
                                         "branch_id",     "version",   "tags",          "templates",
                                         "custom",        "secrecy"};

static bool known_key(const char *key)
{
    for (size_t i = 0; i < sizeof(str_keys) / sizeof(str_keys[0]); i++)
        if (!strcmp(str_keys[i].key, key))
            return true;
    for (size_t i = 0; i < sizeof(other_keys) / sizeof(other_keys[0]); i++)
        if (!strcmp(other_keys[i], key))
            return true;
    return false;
}

bool customer_input_any_known(struct http_req *r, json_t *o)
{
    const char *key;
    json_t *v;
    const char *unknown = NULL;
    json_object_foreach (o, key, v) {
        if (known_key(key))
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
    customer_input_init(in);
    for (size_t i = 0; i < sizeof(str_keys) / sizeof(str_keys[0]); i++) {
        const char **dst = (const char **)(void *)((char *)in + str_keys[i].offset);
        if (!http_get_str(r, o, str_keys[i].key, dst))
            return false;
    }
    /* null clears a date */
    if (json_is_null(json_object_get(o, "birthday")))
        in->birthday = "";
    const char *secrecy = NULL;
    if (!http_get_str(r, o, "secrecy", &secrecy))
        return false;
    if (secrecy && (in->secrecy = secrecy_parse(secrecy)) < 0) {
        http_reply_error(r, 422, "validation", "secrecy",
                         "密级应为 normal（普通）、confidential（机密）或 top_secret（绝密）",
                         "secrecy must be normal, confidential or top_secret");
        return false;
    }
    return get_code(r, o, "province_code", &in->province_code) &&
           get_code(r, o, "city_code", &in->city_code) &&
           get_code(r, o, "district_code", &in->district_code) &&
           http_get_int(r, o, "owner_id", &in->owner_id) &&
           get_code(r, o, "branch_id", &in->branch_id) &&
           http_get_int(r, o, "version", &in->version) && read_lists(r, o, in);
}
