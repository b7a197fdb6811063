#include "customer/customer_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/jsonw.h"
#include "core/mem.h"
#include "secrecy/secrecy.h"

static char *dump(json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    json_decref(v);
    return s ? s : kh_strdup("null");
}

static json_t *strings_to(const char *const *items, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

char *customer_json_strings_encode(const char *const *items, int n)
{
    return dump(strings_to(items, n));
}

static json_t *value_to(const struct custom_value *v)
{
    switch (v->kind) {
    case CV_STRING:
        return json_string(v->s);
    case CV_NUMBER:
        if (v->n == floor(v->n) && fabs(v->n) < 9e15)
            return json_integer((json_int_t)v->n);
        return json_real(v->n);
    case CV_BOOL:
        return json_boolean(v->b);
    case CV_LIST:
        return strings_to(v->items, v->nitems);
    case CV_NULL:
        break;
    }
    return json_null();
}

static json_t *custom_to(const struct custom_value *v, int n)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++)
        if (v[i].kind != CV_NULL)
            json_object_set_new(o, v[i].key, value_to(&v[i]));
    return o;
}

char *customer_json_custom_encode(const struct custom_value *v, int n)
{
    return dump(custom_to(v, n));
}

char *customer_json_numbering_encode(const struct numbering_rule *r)
{
    return dump(json_pack("{s:s, s:s, s:i, s:b}", "prefix", r->prefix, "date_part", r->date_part,
                          "digits", r->digits, "per_branch", r->per_branch));
}

bool customer_json_strings_from(struct arena *a, json_t *arr, const char ***items, int *n)
{
    *items = NULL;
    *n = 0;
    if (!json_is_array(arr))
        return false;
    size_t len = json_array_size(arr);
    const char **list = arena_alloc(a, sizeof(*list) * (len + 1));
    for (size_t i = 0; i < len; i++) {
        json_t *s = json_array_get(arr, i);
        if (!json_is_string(s))
            return false;
        list[i] = arena_strdup(a, json_string_value(s));
    }
    *items = list;
    *n = (int)len;
    return true;
}

static bool value_from(struct arena *a, json_t *v, struct custom_value *out)
{
    if (json_is_null(v)) {
        out->kind = CV_NULL;
    } else if (json_is_string(v)) {
        out->kind = CV_STRING;
        out->s = arena_strdup(a, json_string_value(v));
    } else if (json_is_number(v)) {
        out->kind = CV_NUMBER;
        out->n = json_number_value(v);
    } else if (json_is_boolean(v)) {
        out->kind = CV_BOOL;
        out->b = json_is_true(v);
    } else if (json_is_array(v)) {
        out->kind = CV_LIST;
        if (!customer_json_strings_from(a, v, &out->items, &out->nitems))
            return false;
    } else {
        return false;
    }
    return true;
}

bool customer_json_custom_from(struct arena *a, json_t *o, struct custom_value **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (!json_is_object(o))
        return false;
    struct custom_value *list = arena_alloc(a, sizeof(*list) * (json_object_size(o) + 1));
    const char *key;
    json_t *v;
    int i = 0;
    json_object_foreach (o, key, v) {
        list[i].key = arena_strdup(a, key);
        if (!value_from(a, v, &list[i])) {
            list[i].kind = CV_STRING; /* marks the key for the validator */
            list[i].s = NULL;
        }
        i++;
    }
    *out = list;
    *n = i;
    return true;
}

bool customer_json_strings_decode(struct arena *a, const char *text, const char ***items, int *n)
{
    if (text && !strcmp(text, "[]")) { /* most records: no parse for an empty list */
        *items = arena_alloc(a, sizeof(char *));
        *n = 0;
        return true;
    }
    json_t *v = json_loads(text, 0, NULL);
    bool ok = customer_json_strings_from(a, v, items, n);
    json_decref(v);
    return ok;
}

bool customer_json_custom_decode(struct arena *a, const char *text, struct custom_value **out,
                                 int *n)
{
    json_t *v = json_loads(text, 0, NULL);
    bool ok = customer_json_custom_from(a, v, out, n);
    json_decref(v);
    return ok;
}

bool customer_json_numbering_decode(const char *text, struct numbering_rule *out)
{
    json_t *v = json_loads(text, 0, NULL);
    const char *prefix = NULL, *date_part = NULL;
    int digits = 0, per_branch = 0;
    bool ok = v && json_unpack(v, "{s:s, s:s, s:i, s:b}", "prefix", &prefix, "date_part",
                               &date_part, "digits", &digits, "per_branch", &per_branch) == 0;
    if (ok) {
        kh_strlcpy(out->prefix, prefix, sizeof(out->prefix));
        kh_strlcpy(out->date_part, date_part, sizeof(out->date_part));
        out->digits = digits;
        out->per_branch = per_branch != 0;
    }
    json_decref(v);
    return ok;
}

static void write_strings(struct buf *b, const char *key, const char *const *items, int n)
{
    jw_key(b, key);
    buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
        jw_item(b);
        jw_str(b, items[i]);
    }
    buf_putc(b, ']');
}

void customer_json_write_open(struct buf *b, const struct kh_tz *tz, const struct customer *c,
                              bool full)
{
    buf_putc(b, '{');
    jw_kint(b, "id", c->id);
    jw_kstr(b, "code", c->code);
#define KV(k, v)                                                                                   \
    {                                                                                              \
        k, sizeof(k) - 1, v                                                                        \
    }
    const struct {
        const char *key;
        size_t len;
        const char *val;
    } strs[] = {
        KV("kind", c->kind),
        KV("name", c->name),
        KV("gender", c->gender),
        KV("birthday", c->birthday),
        KV("mobile", c->mobile),
        KV("phone_office", c->phone_office),
        KV("phone_home", c->phone_home),
        KV("email", c->email),
        KV("region_name", c->region_name),
        KV("address", c->address),
        KV("company", c->company),
        KV("company_address", c->company_address),
        KV("position", c->position),
        KV("id_number", c->id_number),
        KV("uscc", c->uscc),
        KV("credit_status", c->credit_status),
        KV("category", c->category),
        KV("grade", c->grade),
        KV("value_tier", c->value_tier),
        KV("stage", c->stage),
        KV("activity", c->activity),
        KV("industry", c->industry),
        KV("source", c->source),
        KV("notes", c->notes),
        KV("collected_on", c->collected_on ? c->collected_on : ""),
        KV("preferred_channel", c->preferred_channel ? c->preferred_channel : ""),
    };
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        jw_keyn(b, strs[i].key, strs[i].len);
        jw_str(b, strs[i].val);
    }
#undef KV
    jw_kint(b, "province_code", c->province_code);
    jw_kint(b, "city_code", c->city_code);
    jw_kint(b, "district_code", c->district_code);
    write_strings(b, "tags", c->tags, c->ntags);
    jw_ref(b, "owner", c->owner_id, c->owner_name);
    jw_ref(b, "collector", c->collector_id, c->collector_name);
    jw_ref(b, "branch", c->branch_id, c->branch_name);
    jw_key(b, "archived");
    jw_bool(b, c->archived);
    jw_kstr(b, "secrecy", secrecy_name(c->secrecy));
    jw_key(b, "entry_late"); /* entered after the entry deadline (R-ARC-10) */
    jw_bool(b, c->entry_late);
    if (c->shared_rule) { /* read through a branch's sharing rule (R-OWN-6): read-only */
        jw_key(b, "shared");
        jw_bool(b, true);
        if (c->shared_rule > 0)
            jw_kint(b, "share_id", c->shared_rule);
    }
    if (c->merged_into) /* a duplicate merged into that customer (R-ARC-8) */
        jw_kint(b, "merged_into", c->merged_into);
    if (c->archived && c->archived_at) { /* when, and when it falls due for destruction (R-SEC-7) */
        char at[40];
        time_format_iso(tz, c->archived_at, at, sizeof(at));
        jw_kstr(b, "archived_at", at);
        if (c->destroy_due_at) {
            time_format_iso(tz, c->destroy_due_at, at, sizeof(at));
            jw_kstr(b, "destroy_due_at", at);
        }
    }
    if (c->masked) { /* phones and ID number masked for this reader (R-SEC-13) */
        jw_key(b, "masked");
        jw_bool(b, true);
    }
    if (c->grant_request) { /* read through an access request: read only, until its end */
        char until[40];
        time_format_iso(tz, c->grant_ends, until, sizeof(until));
        buf_puts(b, ",\"read_through\":{");
        jw_kint(b, "request_id", c->grant_request);
        jw_kstr(b, "ends_at", until);
        buf_putc(b, '}');
    }
    char t[40];
    time_format_iso(tz, c->created_at, t, sizeof(t));
    jw_kstr(b, "created_at", t);
    time_format_iso(tz, c->updated_at, t, sizeof(t));
    jw_kstr(b, "updated_at", t);
    jw_kint(b, "version", c->version);
    if (full) {
        write_strings(b, "templates", c->templates, c->ntemplates);
        /* Typed custom values keep jansson's number formatting. */
        char *custom = customer_json_custom_encode(c->custom, c->ncustom);
        jw_key(b, "custom");
        buf_puts(b, custom ? custom : "{}");
        free(custom);
    }
}

void customer_json_write(struct buf *b, const struct kh_tz *tz, const struct customer *c, bool full)
{
    customer_json_write_open(b, tz, c, full);
    buf_putc(b, '}');
}

void customer_json_write_contact(struct buf *b, const struct contact *c)
{
    buf_putc(b, '{');
    jw_kint(b, "id", c->id);
    jw_kstr(b, "name", c->name);
    jw_kstr(b, "relation", c->relation);
    jw_kstr(b, "position", c->position);
    jw_key(b, "is_decision_maker");
    jw_bool(b, c->is_decision_maker);
    jw_kstr(b, "mobile", c->mobile);
    jw_kstr(b, "email", c->email);
    jw_kstr(b, "birthday", c->birthday);
    jw_kstr(b, "interests", c->interests);
    jw_kstr(b, "notes", c->notes);
    buf_putc(b, '}');
}

json_t *customer_json_field(const struct custom_field *f)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:i, s:b, s:b}", "id",
                     (json_int_t)f->id, "key", f->key, "label_zh", f->label_zh, "label_en",
                     f->label_en, "type", f->type, "options", strings_to(f->options, f->noptions),
                     "required", f->required, "template", f->template_code, "position", f->position,
                     "retired", f->retired, "sensitive", f->sensitive);
}

char *customer_json_value_text(struct arena *a, const struct custom_value *v)
{
    if (!v)
        return arena_strdup(a, "");
    switch (v->kind) {
    case CV_STRING:
        return arena_strdup(a, v->s ? v->s : "");
    case CV_NUMBER: {
        json_t *n = value_to(v);
        char *s = json_dumps(n, JSON_ENCODE_ANY);
        char *r = arena_strdup(a, s ? s : "");
        free(s);
        json_decref(n);
        return r;
    }
    case CV_BOOL:
        return arena_strdup(a, v->b ? "true" : "false");
    case CV_LIST: {
        struct buf b;
        buf_init(&b, 0);
        for (int i = 0; i < v->nitems; i++) {
            if (i)
                buf_puts(&b, "、");
            buf_puts(&b, v->items[i]);
        }
        char *r = arena_strdup(a, buf_cstr(&b));
        buf_release(&b);
        return r;
    }
    case CV_NULL:
        break;
    }
    return arena_strdup(a, "");
}

void customer_json_dup_detail(const struct customer_dup *hit, char *out, size_t cap)
{
    /* A record above the writer's clearance comes without code (R-SEC-2): without its id too. */
    json_t *d =
        json_pack("{s:I, s:s, s:I, s:s, s:s}", "id", (json_int_t)(hit->code[0] ? hit->id : 0),
                  "code", hit->code, "owner_id", (json_int_t)hit->owner_id, "owner_name",
                  hit->owner_name, "match", hit->match);
    char *s = json_dumps(d, JSON_COMPACT);
    kh_strlcpy(out, s ? s : "", cap);
    free(s);
    json_decref(d);
}

json_t *customer_json_template_file(const struct profile_template *t,
                                    const struct custom_field *fields, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:b}", "key", fields[i].key, "label_zh",
                         fields[i].label_zh, "label_en", fields[i].label_en, "type", fields[i].type,
                         "options", strings_to(fields[i].options, fields[i].noptions), "required",
                         fields[i].required, "sensitive", fields[i].sensitive));
    return json_pack("{s:s, s:i, s:{s:s, s:s, s:s}, s:o}", "format", CUSTOMER_TEMPLATE_FILE_FORMAT,
                     "version", CUSTOMER_TEMPLATE_FILE_VERSION, "template", "code", t->code,
                     "name_zh", t->name_zh, "name_en", t->name_en, "fields", a);
}

static enum kh_status file_part_bad(struct kh_err *err, const char *field)
{
    return kh_err_set(err, KH_E_VALIDATION, field, "模板文件缺少此项或类型不对",
                      "missing or of the wrong type in the template file");
}

/* A string member of o, copied; NULL when absent or not a string. */
static const char *member_str(struct arena *a, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

static enum kh_status field_from(struct arena *a, json_t *o, int i, struct custom_field *f,
                                 struct kh_err *err)
{
    char name[64];
    const char *const keys[] = {"key", "label_zh", "label_en", "type"};
    const char **dst[] = {&f->key, &f->label_zh, &f->label_en, &f->type};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
        if (!(*dst[k] = member_str(a, o, keys[k]))) {
            snprintf(name, sizeof(name), "fields[%d].%s", i, keys[k]);
            return file_part_bad(err, name);
        }
    json_t *opts = json_object_get(o, "options");
    if (opts && !json_is_null(opts) &&
        !customer_json_strings_from(a, opts, &f->options, &f->noptions)) {
        snprintf(name, sizeof(name), "fields[%d].options", i);
        return file_part_bad(err, name);
    }
    json_t *req = json_object_get(o, "required");
    if (req && !json_is_null(req) && !json_is_boolean(req)) {
        snprintf(name, sizeof(name), "fields[%d].required", i);
        return file_part_bad(err, name);
    }
    f->required = json_is_true(req);
    json_t *sens = json_object_get(o, "sensitive"); /* files from before the flag lack it */
    if (sens && !json_is_null(sens) && !json_is_boolean(sens)) {
        snprintf(name, sizeof(name), "fields[%d].sensitive", i);
        return file_part_bad(err, name);
    }
    f->sensitive = json_is_true(sens);
    return KH_OK;
}

enum kh_status customer_json_template_file_from(struct arena *a, json_t *o,
                                                struct profile_template *t,
                                                struct custom_field **fields, int *n,
                                                struct kh_err *err)
{
    memset(t, 0, sizeof(*t));
    *fields = NULL;
    *n = 0;
    json_t *format = json_object_get(o, "format");
    if (!json_is_string(format) || strcmp(json_string_value(format), CUSTOMER_TEMPLATE_FILE_FORMAT))
        return kh_err_set(err, KH_E_VALIDATION, "format", "不是Kehu档案模板文件",
                          "not a Kehu profile template file");
    json_t *version = json_object_get(o, "version");
    if (!json_is_integer(version) || json_integer_value(version) != CUSTOMER_TEMPLATE_FILE_VERSION)
        return kh_err_setf(err, KH_E_VALIDATION, "version", "不支持的模板文件版本（应为%d）",
                           "unsupported template file version (expected %d)",
                           CUSTOMER_TEMPLATE_FILE_VERSION, CUSTOMER_TEMPLATE_FILE_VERSION);
    json_t *tpl = json_object_get(o, "template");
    if (!json_is_object(tpl))
        return file_part_bad(err, "template");
    if (!(t->code = member_str(a, tpl, "code")))
        return file_part_bad(err, "template.code");
    if (!(t->name_zh = member_str(a, tpl, "name_zh")))
        return file_part_bad(err, "template.name_zh");
    if (!(t->name_en = member_str(a, tpl, "name_en")))
        return file_part_bad(err, "template.name_en");
    json_t *arr = json_object_get(o, "fields");
    if (!json_is_array(arr))
        return file_part_bad(err, "fields");
    size_t len = json_array_size(arr);
    if (len > CUSTOMER_TEMPLATE_FIELDS_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "fields", "一个模板最多%d个字段",
                           "a template has at most %d fields", CUSTOMER_TEMPLATE_FIELDS_MAX,
                           CUSTOMER_TEMPLATE_FIELDS_MAX);
    struct custom_field *list = arena_alloc(a, sizeof(*list) * (len + 1));
    memset(list, 0, sizeof(*list) * (len + 1));
    for (size_t i = 0; i < len; i++) {
        json_t *f = json_array_get(arr, i);
        char name[32];
        snprintf(name, sizeof(name), "fields[%d]", (int)i);
        if (!json_is_object(f))
            return file_part_bad(err, name);
        enum kh_status st = field_from(a, f, (int)i, &list[i], err);
        if (st)
            return st;
    }
    *fields = list;
    *n = (int)len;
    return KH_OK;
}
