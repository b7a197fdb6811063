/* The filter parser, page parameters and totals every list shares (see list.h). */
#include "app/list.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"

#define TEXT_MAX_DEFAULT 200
/* Choice values listed in a refusal up to this length; longer sets are named instead. */
#define CHOICES_TEXT_MAX 100

static void *member(void *filter, size_t offset)
{
    return (char *)filter + offset;
}

static const void *cmember(const void *filter, size_t offset)
{
    return (const char *)filter + offset;
}

/* The int-sized member of an enum (the sort): copied, so its type may be the enum's. */
static void set_int(void *filter, size_t offset, int v)
{
    memcpy(member(filter, offset), &v, sizeof(v));
}

static int get_int(const void *filter, size_t offset)
{
    int v;
    memcpy(&v, cmember(filter, offset), sizeof(v));
    return v;
}

static const char *value_of(const struct list_source *src, const char *key)
{
    const char *v = src->get(src->arg, key);
    return v && *v ? v : NULL;
}

/* The key as an error's field: the key itself when it can be shown, else "". */
static const char *field_name(const char *key)
{
    size_t n = strlen(key);
    return n < sizeof(((struct kh_err *)0)->field) && utf8_valid(key, n) ? key : "";
}

/* ---- keys ---- */

static bool spec_knows(const struct list_spec *spec, const char *key)
{
    for (const struct list_field *f = spec->fields; f->key; f++)
        if (!strcmp(f->key, key) || (f->key_to && !strcmp(f->key_to, key)))
            return true;
    return spec->sorts && (!strcmp(key, "sort") || !strcmp(key, "order"));
}

struct key_check {
    const struct list_spec *spec;
    bool paged;
    const char *unknown;
};

static bool check_key(void *ctx, const char *key)
{
    struct key_check *k = ctx;
    if (!*key) /* "?&limit=5": an empty pair names nothing */
        return true;
    if (spec_knows(k->spec, key) ||
        (k->paged && (!strcmp(key, "limit") || !strcmp(key, "cursor") || !strcmp(key, "total"))))
        return true;
    k->unknown = key;
    return false;
}

static enum kh_status check_keys(const struct list_spec *spec, const struct list_source *src,
                                 struct kh_err *err)
{
    struct key_check k = {spec, src->paged, NULL};
    if (src->keys)
        src->keys(src->arg, check_key, &k);
    if (!k.unknown)
        return KH_OK;
    return kh_err_set(err, KH_E_INVALID, field_name(k.unknown), "不支持的筛选条件",
                      "unknown filter key");
}

/* ---- values ---- */

static enum kh_status read_text(const struct list_field *f, const char *v, void *filter,
                                struct kh_err *err)
{
    size_t n = v ? strlen(v) : 0;
    size_t max = f->max > 0 ? (size_t)f->max : TEXT_MAX_DEFAULT;
    if (n > max || !utf8_valid(v, n))
        return kh_err_setf(err, KH_E_INVALID, f->key, "应为不超过 %zu 字节的 UTF-8 文本",
                           "must be UTF-8 text of at most %zu bytes", max, max);
    *(const char **)member(filter, f->offset) = v;
    return KH_OK;
}

static enum kh_status choice_refusal(const struct list_spec *spec, const struct list_field *f,
                                     struct kh_err *err)
{
    const char *name = "";
    const struct kh_choice *set = spec->choices(f->choice_set, &name);
    struct buf b;
    buf_init(&b, CHOICES_TEXT_MAX);
    for (const struct kh_choice *c = set; c && c->value; c++)
        buf_printf(&b, "%s%s", c == set ? "" : ", ", c->value);
    enum kh_status st = b.overflow ? kh_err_setf(err, KH_E_INVALID, f->key, "不是 %s 中的可选值",
                                                 "not one of the %s", name, name)
                                   : kh_err_setf(err, KH_E_INVALID, f->key, "应为以下值之一：%s",
                                                 "must be one of: %s", buf_cstr(&b), buf_cstr(&b));
    buf_release(&b);
    return st;
}

static enum kh_status read_choice(const struct list_spec *spec, const struct list_field *f,
                                  const char *v, void *filter, struct kh_err *err)
{
    const char *name = "";
    const struct kh_choice *set = v ? spec->choices(f->choice_set, &name) : NULL;
    for (const struct kh_choice *c = set; c && c->value; c++)
        if (!strcmp(c->value, v)) {
            *(const char **)member(filter, f->offset) = c->value;
            return KH_OK;
        }
    if (!v) {
        *(const char **)member(filter, f->offset) = NULL;
        return KH_OK;
    }
    return choice_refusal(spec, f, err);
}

static enum kh_status read_number(const struct list_field *f, const char *v, void *filter,
                                  struct kh_err *err)
{
    long long min = f->type == LIST_ID ? 1 : f->min;
    long long max = f->type == LIST_ID || f->max == 0 ? INT64_MAX : f->max;
    long long n = 0;
    if (v && !str_to_i64(str_from(v), min, max, &n)) {
        if (f->type == LIST_ID)
            return kh_err_set(err, KH_E_INVALID, f->key, "应为记录编号（正整数）",
                              "must be a record id (a positive whole number)");
        if (max == INT64_MAX)
            return kh_err_setf(err, KH_E_INVALID, f->key, "应为不小于 %lld 的整数",
                               "must be a whole number of at least %lld", min, min);
        return kh_err_setf(err, KH_E_INVALID, f->key, "应为 %lld 到 %lld 之间的整数",
                           "must be a whole number from %lld to %lld", min, max, min, max);
    }
    *(int64_t *)member(filter, f->offset) = n;
    return KH_OK;
}

static enum kh_status read_time(const struct kh_tz *tz, const char *key, const char *v, bool end,
                                int64_t *out, struct kh_err *err)
{
    *out = 0;
    if (!v)
        return KH_OK;
    struct kh_civil c = {0};
    if (time_parse_iso(tz, v, out))
        time_civil(tz, *out, &c);
    if (c.year < 1900 || c.year > 2200) { /* also in company time, so it prints back */
        *out = 0;
        return kh_err_set(err, KH_E_INVALID, key, "日期格式应为 YYYY-MM-DD 或 RFC 3339",
                          "expected YYYY-MM-DD or an RFC 3339 time");
    }
    if (end && strlen(v) == 10)
        *out = time_day_after(tz, *out); /* a date as the end of a range includes that day */
    return KH_OK;
}

static enum kh_status read_range(const struct list_field *f, const struct list_source *src,
                                 void *filter, struct kh_err *err)
{
    int64_t *from = member(filter, f->offset), *to = member(filter, f->offset_to);
    enum kh_status st = read_time(src->tz, f->key, value_of(src, f->key), false, from, err);
    if (!st)
        st = read_time(src->tz, f->key_to, value_of(src, f->key_to), true, to, err);
    if (!st && *from && *to && *to <= *from)
        st = kh_err_setf(err, KH_E_INVALID, f->key_to, "应晚于 %s", "must be after %s", f->key,
                         f->key);
    return st;
}

static enum kh_status read_bool(const struct list_field *f, const char *v, void *filter,
                                struct kh_err *err)
{
    int b = 0;
    if (!v || !strcmp(v, "false"))
        b = 0;
    else if (!strcmp(v, "true"))
        b = 1;
    else if (f->all && !strcmp(v, "all"))
        b = 2;
    else if (f->all)
        return kh_err_set(err, KH_E_INVALID, f->key, "应为 false、true 或 all",
                          "must be false, true or all");
    else
        return kh_err_set(err, KH_E_INVALID, f->key, "应为 true 或 false", "must be true or false");
    *(int *)member(filter, f->offset) = b;
    return KH_OK;
}

static enum kh_status read_field(const struct list_spec *spec, const struct list_field *f,
                                 const struct list_source *src, void *filter, struct kh_err *err)
{
    const char *v = value_of(src, f->key);
    switch (f->type) {
    case LIST_TEXT:
        return read_text(f, v, filter, err);
    case LIST_CHOICE:
        return read_choice(spec, f, v, filter, err);
    case LIST_INT:
    case LIST_ID:
        return read_number(f, v, filter, err);
    case LIST_DATE_RANGE:
        return read_range(f, src, filter, err);
    case LIST_BOOL:
        return read_bool(f, v, filter, err);
    }
    return kh_err_set(err, KH_E_INTERNAL, f->key, "筛选条件定义有误", "bad filter definition");
}

/* ---- sort ---- */

static enum kh_status read_sort(const struct list_spec *spec, const struct list_source *src,
                                void *filter, struct kh_err *err)
{
    const char *s = value_of(src, "sort"), *o = value_of(src, "order");
    int sort = spec->default_sort ? spec->default_sort(filter) : 0;
    if (s) {
        sort = -1;
        for (int i = 0; spec->sorts[i].name && sort < 0; i++)
            if (!strcmp(spec->sorts[i].name, s))
                sort = i;
        if (sort < 0)
            return kh_err_set(err, KH_E_INVALID, "sort", "不支持的排序字段",
                              "unsupported sort field");
    }
    bool desc = spec->sorts[sort].desc;
    if (o && strcmp(o, "asc") && strcmp(o, "desc"))
        return kh_err_set(err, KH_E_INVALID, "order", "排序方向应为 asc 或 desc",
                          "order must be asc or desc");
    if (o)
        desc = !strcmp(o, "desc");
    set_int(filter, spec->sort_offset, sort);
    *(bool *)member(filter, spec->desc_offset) = desc;
    return KH_OK;
}

enum kh_status list_parse(const struct list_spec *spec, const struct list_source *src, void *filter,
                          struct kh_err *err)
{
    enum kh_status st = check_keys(spec, src, err);
    for (const struct list_field *f = spec->fields; f->key && !st; f++)
        st = read_field(spec, f, src, filter, err);
    if (!st && spec->sorts)
        st = read_sort(spec, src, filter, err);
    return st;
}

enum kh_status list_page_parse(const struct list_source *src, struct list_page *out,
                               struct kh_err *err)
{
    out->limit = LIST_LIMIT_DEFAULT;
    out->cursor = value_of(src, "cursor");
    const char *v = value_of(src, "limit");
    long long n = 0;
    if (v && !str_to_i64(str_from(v), 1, LIST_LIMIT_MAX, &n))
        return kh_err_set(err, KH_E_INVALID, "limit", "limit 应在 1 到 200 之间",
                          "limit must be 1-200");
    if (v)
        out->limit = (int)n;
    const char *t = value_of(src, "total");
    out->total = t && (!strcmp(t, "1") || !strcmp(t, "true"));
    if (t && !out->total && strcmp(t, "0") != 0 && strcmp(t, "false") != 0)
        return kh_err_set(err, KH_E_INVALID, "total", "total 应为 true 或 false",
                          "total must be true or false");
    return KH_OK;
}

/* ---- formatting ---- */

/* Bytes a value keeps as they are: the text is also a query string. */
static bool plain(unsigned char ch)
{
    return ch > ' ' && ch != 0x7f && !strchr("%&=+#", ch);
}

/* Append "key=value" (with '&' before all but the first) whole, or not at all. */
static void put_pair(struct buf *out, const char *key, const char *value)
{
    size_t len = out->len;
    buf_printf(out, "%s%s=", len ? "&" : "", key);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (plain(*p))
            buf_putc(out, (char)*p);
        else
            buf_printf(out, "%%%02X", *p);
    if (out->overflow) {
        out->overflow = false;
        out->len = len;
        if (out->data)
            out->data[len] = '\0';
    }
}

static void put_int(struct buf *out, const char *key, int64_t v)
{
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)v);
    put_pair(out, key, num);
}

/*
 * A time at midnight (company time) as its date, as a person gives it; an
 * end as the day before, which the parser makes this midnight again.
 * Others in RFC 3339.
 */
static void put_time(const struct kh_tz *tz, struct buf *out, const char *key, int64_t t, bool end)
{
    char text[40];
    /* An end includes the day before it (23 to 25 hours long): find that day's midnight. */
    struct kh_civil c;
    time_civil(tz, end ? t - 12 * 3600 : t, &c);
    struct kh_civil midnight = {c.year, c.month, c.day, 0, 0, 0};
    int64_t day = time_from_civil(tz, &midnight);
    bool whole = (end ? time_day_after(tz, day) : day) == t;
    if (whole && c.year >= 1900)
        time_format_date(tz, day, text, sizeof(text));
    else
        time_format_iso(tz, t, text, sizeof(text));
    put_pair(out, key, text);
}

static void format_field(const struct list_field *f, const struct kh_tz *tz, const void *filter,
                         struct buf *out)
{
    static const char *const bools[] = {"false", "true", "all"};
    if (f->type == LIST_TEXT || f->type == LIST_CHOICE) {
        const char *v = *(const char *const *)cmember(filter, f->offset);
        if (v && *v)
            put_pair(out, f->key, v);
    } else if (f->type == LIST_INT || f->type == LIST_ID) {
        int64_t v = *(const int64_t *)cmember(filter, f->offset);
        if (v)
            put_int(out, f->key, v);
    } else if (f->type == LIST_DATE_RANGE) {
        int64_t from = *(const int64_t *)cmember(filter, f->offset);
        int64_t to = *(const int64_t *)cmember(filter, f->offset_to);
        if (from)
            put_time(tz, out, f->key, from, false);
        if (to)
            put_time(tz, out, f->key_to, to, true);
    } else if (f->type == LIST_BOOL) {
        int v = *(const int *)cmember(filter, f->offset);
        if (v > 0 && v <= 2)
            put_pair(out, f->key, bools[v]);
    }
}

void list_format(const struct list_spec *spec, const struct kh_tz *tz, const void *filter,
                 struct buf *out)
{
    for (const struct list_field *f = spec->fields; f->key; f++)
        format_field(f, tz, filter, out);
    if (!spec->sorts)
        return;
    int def = spec->default_sort ? spec->default_sort(filter) : 0;
    int sort = get_int(filter, spec->sort_offset);
    bool desc = *(const bool *)cmember(filter, spec->desc_offset);
    if (sort < 0)
        return;
    if (sort != def)
        put_pair(out, "sort", spec->sorts[sort].name);
    if (sort != def || desc != spec->sorts[sort].desc)
        put_pair(out, "order", desc ? "desc" : "asc");
}

struct list_total list_total_of(int64_t counted)
{
    if (counted > LIST_COUNT_CAP)
        return (struct list_total){LIST_COUNT_CAP, true};
    return (struct list_total){counted < 0 ? 0 : counted, false};
}

bool kh_choice_has(const struct kh_choice *set, const char *v)
{
    for (const struct kh_choice *c = set; v && c->value; c++)
        if (!strcmp(c->value, v))
            return true;
    return false;
}
