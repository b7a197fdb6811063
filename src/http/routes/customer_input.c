/* A customer's fields from a request body (see customer_input.h). */
#include "http/routes/customer_input.h"

#include "customer/customer_json.h"

static bool get_code(struct http_req *r, json_t *o, const char *key, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (v && json_is_null(v)) {
        *out = 0;
        return true;
    }
    return http_get_int(r, o, key, out);
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

bool customer_input_from_json(struct http_req *r, json_t *o, struct customer_input *in)
{
    customer_input_init(in);
    const struct {
        const char *key;
        const char **dst;
    } strs[] = {
        {"kind", &in->kind},
        {"name", &in->name},
        {"gender", &in->gender},
        {"birthday", &in->birthday},
        {"mobile", &in->mobile},
        {"phone_office", &in->phone_office},
        {"phone_home", &in->phone_home},
        {"email", &in->email},
        {"address", &in->address},
        {"company", &in->company},
        {"company_address", &in->company_address},
        {"position", &in->position},
        {"id_number", &in->id_number},
        {"uscc", &in->uscc},
        {"credit_status", &in->credit_status},
        {"category", &in->category},
        {"grade", &in->grade},
        {"value_tier", &in->value_tier},
        {"stage", &in->stage},
        {"industry", &in->industry},
        {"source", &in->source},
        {"notes", &in->notes},
    };
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        if (!http_get_str(r, o, strs[i].key, strs[i].dst))
            return false;
    /* null clears a date */
    if (json_is_null(json_object_get(o, "birthday")))
        in->birthday = "";
    return get_code(r, o, "province_code", &in->province_code) &&
           get_code(r, o, "city_code", &in->city_code) &&
           get_code(r, o, "district_code", &in->district_code) &&
           http_get_int(r, o, "owner_id", &in->owner_id) &&
           get_code(r, o, "branch_id", &in->branch_id) &&
           http_get_int(r, o, "version", &in->version) && read_lists(r, o, in);
}
