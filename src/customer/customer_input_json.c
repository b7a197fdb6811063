/*
 * A customer's fields as JSON (the body of POST /customers and PATCH
 * /customers/:id, and a change kept while it waits for approval): read into
 * a struct customer_input, and written back from one.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "customer/customer_internal.h"
#include "customer/customer_json.h"
#include "secrecy/secrecy.h"

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
    STR_KEY(source),    STR_KEY(notes),        STR_KEY(collected_on),    STR_KEY(preferred_channel),
};
#undef STR_KEY

static const char *const other_keys[] = {"province_code", "city_code", "district_code", "owner_id",
                                         "branch_id",     "version",   "tags",          "templates",
                                         "custom",        "secrecy"};

static const char **str_slot(struct customer_input *in, size_t i)
{
    return (const char **)(void *)((char *)in + str_keys[i].offset);
}

bool customer_input_known_key(const char *key)
{
    for (size_t i = 0; i < sizeof(str_keys) / sizeof(str_keys[0]); i++)
        if (!strcmp(str_keys[i].key, key))
            return true;
    for (size_t i = 0; i < sizeof(other_keys) / sizeof(other_keys[0]); i++)
        if (!strcmp(other_keys[i], key))
            return true;
    return false;
}

static enum kh_status type_error(const char *key, const char *zh_type, const char *en_type,
                                 struct kh_err *err)
{
    return kh_err_setf(err, KH_E_INVALID, key, "字段 %s 必须是%s", "field %s must be %s", key,
                       zh_type, key, en_type);
}

/* Absent or null leaves *out as it is. */
static enum kh_status get_str(json_t *o, const char *key, const char **out, struct kh_err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return KH_OK;
    if (!json_is_string(v))
        return type_error(key, "字符串", "a string", err);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return type_error(key, "不含空字符的字符串", "a string without NUL", err);
    *out = json_string_value(v);
    return KH_OK;
}

static enum kh_status get_int(json_t *o, const char *key, int64_t *out, struct kh_err *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return KH_OK;
    if (!json_is_integer(v))
        return type_error(key, "整数", "an integer", err);
    *out = json_integer_value(v);
    return KH_OK;
}

/* A region code: null clears it (0); a client's value equal to "unset" is refused like any
 * negative one. */
static enum kh_status get_code(json_t *o, const char *key, int64_t *out, struct kh_err *err)
{
    json_t *v = json_object_get(o, key);
    if (v && json_is_null(v)) {
        *out = 0;
        return KH_OK;
    }
    enum kh_status st = get_int(o, key, out, err);
    if (!st && v && *out == CUSTOMER_CODE_UNSET)
        *out = -1;
    return st;
}

static enum kh_status get_lists(struct arena *a, json_t *o, struct customer_input *in,
                                struct kh_err *err)
{
    json_t *tags = json_object_get(o, "tags");
    if (tags && !json_is_null(tags)) {
        if (!customer_json_strings_from(a, tags, &in->tags, &in->ntags))
            return kh_err_set(err, KH_E_INVALID, "tags", "标签必须是字符串数组",
                              "tags must be an array of strings");
        in->tags_set = true;
    }
    json_t *tpl = json_object_get(o, "templates");
    if (tpl && !json_is_null(tpl)) {
        if (!customer_json_strings_from(a, tpl, &in->templates, &in->ntemplates))
            return kh_err_set(err, KH_E_INVALID, "templates", "模板必须是字符串数组",
                              "templates must be an array of strings");
        in->templates_set = true;
    }
    json_t *custom = json_object_get(o, "custom");
    if (custom && !json_is_null(custom)) {
        if (!customer_json_custom_from(a, custom, &in->custom, &in->ncustom))
            return kh_err_set(err, KH_E_INVALID, "custom", "custom 必须是对象",
                              "custom must be an object");
        in->custom_set = true;
    }
    return KH_OK;
}

enum kh_status customer_input_parse(struct arena *a, json_t *o, struct customer_input *in,
                                    struct kh_err *err)
{
    customer_input_init(in);
    enum kh_status st = KH_OK;
    for (size_t i = 0; !st && i < sizeof(str_keys) / sizeof(str_keys[0]); i++)
        st = get_str(o, str_keys[i].key, str_slot(in, i), err);
    if (st)
        return st;
    /* null clears a date */
    if (json_is_null(json_object_get(o, "birthday")))
        in->birthday = "";
    if (json_is_null(json_object_get(o, "preferred_channel")))
        in->preferred_channel = "";
    const char *secrecy = NULL;
    if ((st = get_str(o, "secrecy", &secrecy, err)))
        return st;
    if (secrecy && (in->secrecy = secrecy_parse(secrecy)) < 0)
        return kh_err_set(err, KH_E_VALIDATION, "secrecy",
                          "密级应为 normal（普通）、confidential（机密）或 top_secret（绝密）",
                          "secrecy must be normal, confidential or top_secret");
    if ((st = get_code(o, "province_code", &in->province_code, err)) ||
        (st = get_code(o, "city_code", &in->city_code, err)) ||
        (st = get_code(o, "district_code", &in->district_code, err)) ||
        (st = get_int(o, "owner_id", &in->owner_id, err)) ||
        (st = get_code(o, "branch_id", &in->branch_id, err)) ||
        (st = get_int(o, "version", &in->version, err)))
        return st;
    return get_lists(a, o, in, err);
}

/* A JSON text the codec made (malloc'ed), as a value; freed. */
static json_t *loads_owned(char *text)
{
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    free(text);
    return v ? v : json_null();
}

static json_t *input_to_json(const struct customer_input *in)
{
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof(str_keys) / sizeof(str_keys[0]); i++) {
        const char *v = *str_slot((struct customer_input *)in, i);
        if (v)
            json_object_set_new(o, str_keys[i].key, json_string(v));
    }
    const struct {
        const char *key;
        int64_t v;
    } codes[] = {{"province_code", in->province_code},
                 {"city_code", in->city_code},
                 {"district_code", in->district_code}};
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (codes[i].v != CUSTOMER_CODE_UNSET)
            json_object_set_new(o, codes[i].key,
                                codes[i].v ? json_integer(codes[i].v) : json_null());
    if (in->secrecy >= 0)
        json_object_set_new(o, "secrecy", json_string(secrecy_name(in->secrecy)));
    if (in->tags_set)
        json_object_set_new(o, "tags",
                            loads_owned(customer_json_strings_encode(in->tags, in->ntags)));
    if (in->templates_set)
        json_object_set_new(
            o, "templates",
            loads_owned(customer_json_strings_encode(in->templates, in->ntemplates)));
    if (in->custom_set)
        json_object_set_new(o, "custom",
                            loads_owned(customer_json_custom_encode(in->custom, in->ncustom)));
    return o;
}

char *customer_input_dump(const struct customer_input *in)
{
    json_t *o = input_to_json(in);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

enum kh_status customer_input_parse_text(struct arena *a, const char *text,
                                         struct customer_input *in, struct kh_err *err)
{
    json_t *o = text ? json_loads(text, 0, NULL) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return kh_err_set(err, KH_E_INTERNAL, "", "保存的修改无法读取",
                          "the change kept cannot be read");
    }
    enum kh_status st = customer_input_parse(a, o, in, err);
    /* the strings point into o: copy them before it goes */
    const char **slots[sizeof(str_keys) / sizeof(str_keys[0])];
    for (size_t i = 0; !st && i < sizeof(str_keys) / sizeof(str_keys[0]); i++) {
        slots[i] = str_slot(in, i);
        if (*slots[i])
            *slots[i] = arena_strdup(a, *slots[i]);
    }
    json_decref(o);
    return st;
}

char *customer_json_key_change_subject(int64_t customer_id, int64_t version,
                                       const char *const *fields, int n)
{
    json_t *names = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(names, json_string(fields[i]));
    json_t *o = json_pack("{s:I, s:I, s:o}", "customer_id", (json_int_t)customer_id, "version",
                          (json_int_t)version, "fields", names);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    return text;
}

bool customer_json_key_change_read(const char *text, int64_t *customer_id, int64_t *version)
{
    json_t *o = text ? json_loads(text, 0, NULL) : NULL;
    json_int_t i = 0, v = 0;
    bool ok = o && !json_unpack(o, "{s:I, s:I}", "customer_id", &i, "version", &v) && i > 0;
    json_decref(o);
    *customer_id = i;
    *version = v;
    return ok;
}
