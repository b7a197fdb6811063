/* A communication plan's segment: the customer list's filter as a JSON object. */
#include "commplan/commplan_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/list.h"
#include "commplan/commplan.h"
#include "core/arena.h"
#include "customer/customer.h"

struct seg_src {
    struct arena *a;
    json_t *o;
};

static const char *seg_get(void *arg, const char *key)
{
    struct seg_src *j = arg;
    json_t *v = json_object_get(j->o, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(j->a, "%lld", (long long)json_integer_value(v));
    if (json_is_boolean(v))
        return json_is_true(v) ? "true" : "false";
    return NULL;
}

static void seg_keys(void *arg, list_key_fn *fn, void *ctx)
{
    struct seg_src *j = arg;
    const char *key;
    json_t *v;
    json_object_foreach (j->o, key, v) {
        if (!fn(ctx, key))
            return;
    }
}

/* The first key a segment refuses by itself: a value no filter holds, a search, retention. */
static enum kh_status check_keys(struct arena *a, json_t *o, struct kh_err *err)
{
    const char *key;
    json_t *v;
    json_object_foreach (o, key, v) {
        const char *field = arena_printf(a, "segment.%s", key);
        if (!json_is_null(v) && !json_is_string(v) && !json_is_integer(v) && !json_is_boolean(v))
            return kh_err_set(err, KH_E_VALIDATION, field, "筛选值须为字符串、整数或布尔值",
                              "segment values are strings, integers or booleans");
        if (!strcmp(key, "q") || !strcmp(key, "retention") || !strcmp(key, "archived") ||
            !strcmp(key, "sort") || !strcmp(key, "order"))
            return kh_err_set(err, KH_E_VALIDATION, field,
                              "客户群按客户分类字段划定，不能用搜索词、归档、保管期限或排序",
                              "a segment is made of the customers' fields: no search, archive, "
                              "retention or sort");
    }
    return KH_OK;
}

/* Parse object o into f, and its canonical text into *canon (may be NULL). */
static enum kh_status read_object(const struct kh_ctx *ctx, json_t *o, struct customer_filter *f,
                                  const char **canon, struct kh_err *err)
{
    enum kh_status st = check_keys(ctx->arena, o, err);
    if (st)
        return st;
    struct seg_src j = {ctx->arena, o};
    struct list_source src = {seg_get, seg_keys, &j, false, ctx_tz(ctx)};
    struct kh_err e;
    kh_err_clear(&e);
    if (list_parse(&customer_list_spec, &src, f, &e))
        return kh_err_set(err, KH_E_VALIDATION, arena_printf(ctx->arena, "segment.%s", e.field),
                          e.msg_zh, e.msg_en);
    /* Strings of f point into o: keep copies in the arena, which outlives o. */
    const char **strs[] = {&f->kind,     &f->category, &f->grade,         &f->value_tier, &f->stage,
                           &f->industry, &f->source,   &f->credit_status, &f->tag};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        if (*strs[i])
            *strs[i] = arena_strdup(ctx->arena, *strs[i]);
    f->q = NULL;
    f->cursor = NULL;
    f->retention = NULL;
    if (canon) {
        char *c = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        *canon = arena_strdup(ctx->arena, c ? c : "{}");
        free(c);
    }
    return KH_OK;
}

enum kh_status commplan_json_segment(const struct kh_ctx *ctx, const char *text,
                                     struct customer_filter *f, const char **canon,
                                     struct kh_err *err)
{
    memset(f, 0, sizeof(*f));
    if (canon)
        *canon = NULL;
    if (!text || !*text)
        text = "{}";
    if (strlen(text) > COMMPLAN_SEGMENT_MAX)
        return kh_err_set(err, KH_E_VALIDATION, "segment", "客户群条件过长",
                          "the segment is too long");
    json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    enum kh_status st = json_is_object(o)
                            ? read_object(ctx, o, f, canon, err)
                            : kh_err_set(err, KH_E_VALIDATION, "segment", "客户群须为筛选条件对象",
                                         "the segment is an object of customer list filters");
    json_decref(o);
    return st;
}
