/* One row of cells into a customer input: labels to values, names to codes, dates. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/str.h"
#include "import/import_convert.h"
#include "import/import_store.h"
#include "region/region.h"
#include "sheet/sheet.h"

static bool ieq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* A choice by its value, its zh or en label, or the zh label up to "（" ("A级"). */
static const char *choice_value(int set, const char *text)
{
    const char *name = NULL;
    const struct kh_choice *c = customer_choice_set(set, &name);
    for (; c && c->value; c++) {
        if (ieq(text, c->value) || !strcmp(text, c->zh) || ieq(text, c->en))
            return c->value;
        const char *paren = strstr(c->zh, "（");
        if (paren && strlen(text) == (size_t)(paren - c->zh) && !strncmp(text, c->zh, strlen(text)))
            return c->value;
    }
    return NULL;
}

static const char *extra_kind(const char *t)
{
    if (!strcmp(t, "公司") || !strcmp(t, "单位") || !strcmp(t, "机构") || ieq(t, "company") ||
        ieq(t, "organisation"))
        return "organization";
    if (!strcmp(t, "个体") || ieq(t, "person"))
        return "individual";
    return NULL;
}

/* Excel's day count (1900 system) to YYYY-MM-DD; "" when out of range. */
static const char *excel_date(struct arena *a, double serial)
{
    if (serial < 1 || serial > 2958465)
        return NULL;
    int64_t days = (int64_t)floor(serial) - 25569; /* 1970-01-01 */
    char d[16];
    time_format_date(NULL, days * 86400, d, sizeof(d)); /* a calendar day: no zone */
    return arena_strdup(a, d);
}

/* "2026/1/5", "2026.01.05", "20260105", "2026年1月5日", an Excel serial -> "2026-01-05". */
const char *import__date(struct arena *a, const char *text)
{
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 ||
        sscanf(text, "%4d/%2d/%2d%c", &y, &m, &d, &tail) == 3 ||
        sscanf(text, "%4d.%2d.%2d%c", &y, &m, &d, &tail) == 3 ||
        (strlen(text) == 8 && sscanf(text, "%4d%2d%2d%c", &y, &m, &d, &tail) == 3))
        return arena_printf(a, "%04d-%02d-%02d", y, m, d);
    if (sscanf(text, "%4d年%d月%d日", &y, &m, &d) == 3)
        return arena_printf(a, "%04d-%02d-%02d", y, m, d);
    char *end = NULL;
    double serial = strtod(text, &end);
    if (end && *end == '\0' && end != text) {
        const char *s = excel_date(a, serial);
        if (s)
            return s;
    }
    return text; /* the validator names it */
}

static int region_lookup_slow(int parent, const char *text);

/*
 * Rows repeat the same places: remember recent (parent, name) lookups in a
 * small per-thread direct-mapped cache.
 */
#define REGION_CACHE 1024
static _Thread_local struct {
    int parent, code;
    char name[40];
} region_cache[REGION_CACHE];

static int region_lookup(int parent, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof(region_cache[0].name))
        return region_lookup_slow(parent, text);
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)parent;
    for (const char *p = text; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    size_t slot = h & (REGION_CACHE - 1);
    if (region_cache[slot].code && region_cache[slot].parent == parent &&
        !strcmp(region_cache[slot].name, text))
        return region_cache[slot].code;
    int code = region_lookup_slow(parent, text);
    if (code > 0) {
        region_cache[slot].parent = parent;
        region_cache[slot].code = code;
        memcpy(region_cache[slot].name, text, n + 1);
    }
    return code;
}

/* A region by name (full or without its suffix) or by code, under parent. */
static int region_lookup_slow(int parent, const char *text)
{
    long long code = 0;
    if (str_to_i64(str_from(text), 100000, 999999, &code)) {
        const struct region *r = region_find((int)code);
        return r && (parent == 0 || r->parent == parent) ? (int)code : -1;
    }
    const struct region *kids[128];
    const struct region **list = kids;
    size_t n = region_children(parent, NULL, 0);
    struct arena tmp;
    arena_init(&tmp);
    if (n > 128)
        list = arena_alloc(&tmp, sizeof(*list) * n);
    n = region_children(parent, list, n);
    int found = -1;
    size_t tl = strlen(text);
    for (size_t i = 0; i < n && found < 0; i++) {
        const char *name = list[i]->name;
        if (!strcmp(name, text) || (tl >= 6 && !strncmp(name, text, tl)))
            found = list[i]->code;
    }
    /* A city-level "municipal district" holds a municipality's districts. */
    for (size_t i = 0; i < n && found < 0 && parent % 10000 == 0 && parent; i++) {
        int sub = region_lookup(list[i]->code, text);
        if (sub > 0)
            found = list[i]->code;
    }
    arena_release(&tmp);
    return found;
}

static enum kh_status bad(struct kh_err *err, const char *field, const char *zh, const char *en)
{
    return kh_err_set(err, KH_E_VALIDATION, field, zh, en);
}

enum kh_status import__regions(const char *prov, const char *city, const char *dist,
                               struct customer_input *in, struct kh_err *err)
{
    int p = 0, c = 0, d = 0;
    if (prov && *prov && (p = region_lookup(0, prov)) < 0)
        return bad(err, "province_code", "找不到该省份", "unknown province");
    if (city && *city && (c = region_lookup(p, city)) < 0)
        return bad(err, "city_code", "找不到该城市（或不属于所填省份）",
                   "unknown city (or not in the province given)");
    if (dist && *dist) {
        if (c == 0 && p) {
            /* Municipalities: the district may be given without the city. */
            const struct region *kids[8];
            size_t n = region_children(p, kids, 8);
            for (size_t i = 0; i < n && c == 0; i++)
                if (region_lookup(kids[i]->code, dist) > 0)
                    c = kids[i]->code;
        }
        if ((d = region_lookup(c, dist)) < 0 || c == 0)
            return bad(err, "district_code", "找不到该区县（或不属于所填城市）",
                       "unknown district (or not in the city given)");
    }
    if (c && !p) {
        const struct region *r = region_find(c);
        p = r ? r->parent : 0;
    }
    in->province_code = p;
    in->city_code = c;
    in->district_code = d;
    return KH_OK;
}

/* Split "a、b,c；d" into a list. */
static void split_list(struct arena *a, const char *text, const char ***items, int *n)
{
    int cap = 1;
    for (const char *p = text; *p; p++)
        cap += (*p == ',' || *p == ';' || (unsigned char)*p == 0xe3 || (unsigned char)*p == 0xef);
    const char **list = arena_alloc(a, sizeof(char *) * (size_t)(cap + 1));
    int k = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        size_t sep = 0;
        if (*p == ',' || *p == ';' || *p == '\0')
            sep = 1;
        else if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3))
            sep = 3;
        if (!sep)
            continue;
        struct str t = str_trim(str_make(start, (size_t)(p - start)));
        if (t.len && k < cap)
            list[k++] = arena_str(a, t);
        if (!*p)
            break;
        p += sep - 1;
        start = p + 1;
    }
    *items = list;
    *n = k;
}

static bool parse_bool(const char *t, bool *out)
{
    static const char *const yes[] = {"是", "有", "1", "true", "yes", "y", "√"};
    static const char *const no[] = {"否", "无", "0", "false", "no", "n", "×"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (ieq(t, yes[i])) {
            *out = true;
            return true;
        }
        if (ieq(t, no[i])) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* A custom value from its cell; the customer rules check it against the type. */
static void custom_value(struct arena *a, const struct custom_field *f, const char *text,
                         struct custom_value *v)
{
    v->key = f->key;
    v->kind = CV_STRING;
    v->s = text;
    char *end = NULL;
    if (!strcmp(f->type, "number") || !strcmp(f->type, "money")) {
        double n = strtod(text, &end);
        if (end && *end == '\0' && end != text) {
            v->kind = CV_NUMBER;
            /* Money columns are in yuan, stored in fen. */
            v->n = !strcmp(f->type, "money") ? round(n * 100) : n;
        }
    } else if (!strcmp(f->type, "bool")) {
        bool b;
        if (parse_bool(text, &b)) {
            v->kind = CV_BOOL;
            v->b = b;
        }
    } else if (!strcmp(f->type, "date")) {
        v->s = import__date(a, text);
    } else if (!strcmp(f->type, "multi_choice")) {
        v->kind = CV_LIST;
        split_list(a, text, &v->items, &v->nitems);
    }
}

static void add_template(struct arena *a, struct customer_input *in, const char *code)
{
    for (int i = 0; i < in->ntemplates; i++)
        if (!strcmp(in->templates[i], code))
            return;
    const char **list = arena_alloc(a, sizeof(char *) * (size_t)(in->ntemplates + 1));
    if (in->ntemplates)
        memcpy(list, in->templates, sizeof(char *) * (size_t)in->ntemplates);
    list[in->ntemplates++] = code;
    in->templates = list;
    in->templates_set = true;
}

static enum kh_status set_choice(int set, const char *field, const char *text, const char **dst,
                                 struct kh_err *err)
{
    const char *v = choice_value(set, text);
    if (!v)
        return kh_err_setf(err, KH_E_VALIDATION, field, "「%s」不是有效的选项",
                           "\"%s\" is not one of the allowed values", text, text);
    *dst = v;
    return KH_OK;
}

static enum kh_status set_templates(const struct import_convert *cv, const char *text,
                                    struct customer_input *in, struct kh_err *err)
{
    const char **items = NULL;
    int n = 0;
    split_list(cv->arena, text, &items, &n);
    for (int i = 0; i < n; i++) {
        const char *code = NULL;
        for (int t = 0; t < cv->ntpls && !code; t++)
            if (!strcmp(items[i], cv->tpls[t].code) || !strcmp(items[i], cv->tpls[t].name_zh) ||
                ieq(items[i], cv->tpls[t].name_en))
                code = cv->tpls[t].code;
        if (!code)
            return kh_err_setf(err, KH_E_VALIDATION, "templates", "档案模板不存在：%s",
                               "unknown profile template: %s", items[i], items[i]);
        add_template(cv->arena, in, code);
    }
    return KH_OK;
}

/* The owner or the collector, by username or display name. */
static enum kh_status set_user(const struct import_convert *cv, enum import_target t,
                               const char *text, struct customer_input *in, struct kh_err *err)
{
    int64_t id = 0;
    enum kh_status st = import_store_user_by_name(cv->ctx, text, &id, err);
    if (st)
        return st;
    if (!id && t == T_COLLECTOR)
        return kh_err_setf(err, KH_E_VALIDATION, "collector", "找不到采集人「%s」",
                           "no user \"%s\" who collected the customer", text, text);
    if (!id)
        return kh_err_setf(err, KH_E_VALIDATION, "owner", "找不到归属人「%s」",
                           "no user \"%s\" to own the customer", text, text);
    *(t == T_COLLECTOR ? &in->collector_id : &in->owner_id) = id;
    return KH_OK;
}

/* Columns that are plain text fields of the input. */
static const char **text_slot(struct customer_input *in, struct contact *ct, enum import_target t)
{
    switch (t) {
    case T_NAME:
        return &in->name;
    case T_MOBILE:
        return &in->mobile;
    case T_PHONE_OFFICE:
        return &in->phone_office;
    case T_PHONE_HOME:
        return &in->phone_home;
    case T_EMAIL:
        return &in->email;
    case T_ADDRESS:
        return &in->address;
    case T_COMPANY:
        return &in->company;
    case T_COMPANY_ADDRESS:
        return &in->company_address;
    case T_POSITION:
        return &in->position;
    case T_ID_NUMBER:
        return &in->id_number;
    case T_USCC:
        return &in->uscc;
    case T_NOTES:
        return &in->notes;
    case T_CONTACT_NAME:
        return &ct->name;
    case T_CONTACT_MOBILE:
        return &ct->mobile;
    case T_CONTACT_POSITION:
        return &ct->position;
    default:
        return NULL;
    }
}

static enum kh_status convert_cell(const struct import_convert *cv, const struct import_colmap *m,
                                   const char *text, struct customer_input *in, struct contact *ct,
                                   const char **region, struct kh_err *err)
{
    const char **slot = text_slot(in, ct, m->target);
    if (slot) {
        *slot = text;
        return KH_OK;
    }
    switch (m->target) {
    case T_KIND: {
        const char *k = extra_kind(text);
        if (k) {
            in->kind = k;
            return KH_OK;
        }
        return set_choice(KH_CHOICE_KINDS, "kind", text, &in->kind, err);
    }
    case T_GENDER:
        return set_choice(KH_CHOICE_GENDERS, "gender", text, &in->gender, err);
    case T_CREDIT:
        return set_choice(KH_CHOICE_CREDIT, "credit_status", text, &in->credit_status, err);
    case T_CATEGORY:
        return set_choice(KH_CHOICE_CATEGORIES, "category", text, &in->category, err);
    case T_GRADE:
        return set_choice(KH_CHOICE_GRADES, "grade", text, &in->grade, err);
    case T_VALUE_TIER:
        return set_choice(KH_CHOICE_VALUE_TIERS, "value_tier", text, &in->value_tier, err);
    case T_STAGE:
        return set_choice(KH_CHOICE_STAGES, "stage", text, &in->stage, err);
    case T_SOURCE:
        return set_choice(KH_CHOICE_SOURCES, "source", text, &in->source, err);
    case T_INDUSTRY:
        return set_choice(KH_CHOICE_INDUSTRIES, "industry", text, &in->industry, err);
    case T_CONTACT_RELATION:
        return set_choice(KH_CHOICE_RELATIONS, "relation", text, &ct->relation, err);
    case T_BIRTHDAY:
        in->birthday = import__date(cv->arena, text);
        return KH_OK;
    case T_PROVINCE:
        region[0] = text;
        return KH_OK;
    case T_CITY:
        region[1] = text;
        return KH_OK;
    case T_DISTRICT:
        region[2] = text;
        return KH_OK;
    case T_TAGS:
        split_list(cv->arena, text, &in->tags, &in->ntags);
        in->tags_set = true;
        return KH_OK;
    case T_TEMPLATES:
        return set_templates(cv, text, in, err);
    case T_CODE:
        in->code = text;
        return KH_OK;
    case T_OWNER:
    case T_COLLECTOR:
        return set_user(cv, m->target, text, in, err);
    case T_BRANCH: {
        int64_t id = 0;
        enum kh_status st = import_store_branch_by_name(cv->ctx, text, &id, err);
        if (st)
            return st;
        if (!id)
            return kh_err_setf(err, KH_E_VALIDATION, "branch", "找不到分公司「%s」",
                               "no branch \"%s\"", text, text);
        in->branch_id = id;
        return KH_OK;
    }
    case T_CUSTOM: {
        struct custom_value *v = &in->custom[in->ncustom++];
        custom_value(cv->arena, m->custom, text, v);
        in->custom_set = true;
        add_template(cv->arena, in, m->custom->template_code);
        return KH_OK;
    }
    default:
        return KH_OK;
    }
}

/*
 * Free text keeps its spaces and line ends, so an exported value comes back
 * exactly; names, numbers, choices and codes are trimmed (a stray space in
 * a hand-made sheet is no part of them).
 */
static bool keeps_spaces(const struct import_colmap *m)
{
    switch (m->target) {
    case T_NOTES:
    case T_ADDRESS:
    case T_COMPANY_ADDRESS:
        return true;
    case T_CUSTOM:
        return !strcmp(m->custom->type, "text");
    default:
        return false;
    }
}

/*
 * A cell that cannot be read. A value problem joins the row's list when the
 * caller collects (kh_err_collect) and the row's other cells are still
 * read; anything else ends the row. True to stop.
 */
static bool cell_failed(int col, const struct kh_err *one, int *bad_column, struct kh_err *err)
{
    if (one->code != KH_E_VALIDATION || !err->fields || col < 0) {
        *bad_column = col;
        *err = *one;
        return true;
    }
    if (*bad_column < 0)
        *bad_column = col;
    kh_err_add_from(err, one);
    return false;
}

enum kh_status import__convert(const struct import_convert *cv, const char *const *cells,
                               int ncells, struct customer_input *in, struct contact *ct,
                               int *bad_column, struct kh_err *err)
{
    customer_input_init(in);
    memset(ct, 0, sizeof(*ct));
    in->custom = arena_alloc(cv->arena, sizeof(struct custom_value) * (size_t)(cv->ncols + 1));
    const char *region[3] = {NULL, NULL, NULL};
    int region_col[3] = {-1, -1, -1};
    *bad_column = -1;
    for (int i = 0; i < cv->ncols && i < ncells; i++) {
        const char *cell = cv->csv ? sheet_csv_unguard(cells[i]) : cells[i];
        struct str t = str_trim(str_from(cell));
        if (!t.len || cv->cols[i].target == T_IGNORE)
            continue;
        const char *text = keeps_spaces(&cv->cols[i]) ? cell : arena_str(cv->arena, t);
        enum import_target tg = cv->cols[i].target;
        if (tg >= T_PROVINCE && tg <= T_DISTRICT)
            region_col[tg - T_PROVINCE] = i;
        struct kh_err one;
        kh_err_clear(&one);
        enum kh_status st = convert_cell(cv, &cv->cols[i], text, in, ct, region, &one);
        if (st && cell_failed(i, &one, bad_column, err))
            return st;
    }
    if (!in->kind)
        in->kind = in->uscc && *in->uscc ? "organization" : "individual";
    if (region[0] || region[1] || region[2]) {
        struct kh_err one;
        kh_err_clear(&one);
        enum kh_status st = import__regions(region[0], region[1], region[2], in, &one);
        if (st) {
            int col = !strcmp(one.field, "province_code") ? region_col[0]
                      : !strcmp(one.field, "city_code")   ? region_col[1]
                                                          : region_col[2];
            if (cell_failed(col, &one, bad_column, err))
                return st;
        }
    }
    return err->code;
}
