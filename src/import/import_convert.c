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
#include "core/utf8.h"
#include "import/import_convert.h"
#include "import/import_store.h"
#include "region/region.h"
#include "sheet/sheet.h"
#include "text/validate.h"

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

/* text in normalize_compact form into out; false when it does not fit in cap. */
static bool fold(const char *text, char *out, size_t cap)
{
    struct buf b;
    buf_init(&b, cap - 1);
    normalize_compact(str_from(text), &b);
    bool ok = !b.overflow;
    if (ok)
        kh_strlcpy(out, buf_cstr(&b), cap);
    buf_release(&b);
    return ok;
}

static bool fold_eq(const char *folded, const char *other)
{
    char f[256];
    return fold(other, f, sizeof(f)) && !strcmp(folded, f);
}

/* A choice by fold()ed value or label, or label up to its parenthesis. */
static const char *choice_folded(int set, const char *folded)
{
    const char *name = NULL;
    for (const struct kh_choice *c = customer_choice_set(set, &name); c && c->value; c++) {
        if (fold_eq(folded, c->value) || fold_eq(folded, c->zh) || fold_eq(folded, c->en))
            return c->value;
        char zh[256];
        if (!fold(c->zh, zh, sizeof(zh)))
            continue;
        char *paren = strchr(zh, '(');
        if (!paren)
            continue;
        *paren = '\0'; /* "A级(需求大且急)" is also written "A级" */
        if (!strcmp(folded, zh))
            return c->value;
    }
    return NULL;
}

/*
 * Built-in synonyms, written as normalize_compact leaves them (no spaces,
 * ASCII upper-case): words offices use for the allowed values.
 */
static const struct import_synonym synonyms[] = {
    {KH_CHOICE_SOURCES, "网络", "internet"},
    {KH_CHOICE_SOURCES, "网上", "internet"},
    {KH_CHOICE_SOURCES, "线上", "internet"},
    {KH_CHOICE_SOURCES, "网站", "internet"},
    {KH_CHOICE_SOURCES, "官网", "internet"},
    {KH_CHOICE_SOURCES, "网络推广", "internet"},
    {KH_CHOICE_SOURCES, "网络广告", "internet"},
    {KH_CHOICE_SOURCES, "搜索引擎", "internet"},
    {KH_CHOICE_SOURCES, "百度", "internet"},
    {KH_CHOICE_SOURCES, "微信", "internet"},
    {KH_CHOICE_SOURCES, "ONLINE", "internet"},
    {KH_CHOICE_SOURCES, "WEB", "internet"},
    {KH_CHOICE_SOURCES, "WEBSITE", "internet"},
    {KH_CHOICE_SOURCES, "合作伙伴介绍", "partner"},
    {KH_CHOICE_SOURCES, "合作伙伴推荐", "partner"},
    {KH_CHOICE_SOURCES, "合作方介绍", "partner"},
    {KH_CHOICE_SOURCES, "合作方", "partner"},
    {KH_CHOICE_SOURCES, "渠道", "partner"},
    {KH_CHOICE_SOURCES, "代理商", "partner"},
    {KH_CHOICE_SOURCES, "经销商", "partner"},
    {KH_CHOICE_SOURCES, "朋友介绍", "referral"},
    {KH_CHOICE_SOURCES, "熟人介绍", "referral"},
    {KH_CHOICE_SOURCES, "亲友介绍", "referral"},
    {KH_CHOICE_SOURCES, "客户介绍", "referral"},
    {KH_CHOICE_SOURCES, "老客户介绍", "referral"},
    {KH_CHOICE_SOURCES, "老客户推荐", "referral"},
    {KH_CHOICE_SOURCES, "转介绍", "referral"},
    {KH_CHOICE_SOURCES, "介绍", "referral"},
    {KH_CHOICE_SOURCES, "推荐", "referral"},
    {KH_CHOICE_SOURCES, "口碑", "referral"},
    {KH_CHOICE_SOURCES, "展销会", "exhibition"},
    {KH_CHOICE_SOURCES, "展览会", "exhibition"},
    {KH_CHOICE_SOURCES, "博览会", "exhibition"},
    {KH_CHOICE_SOURCES, "交易会", "exhibition"},
    {KH_CHOICE_SOURCES, "会展", "exhibition"},
    {KH_CHOICE_SOURCES, "TRADESHOW", "exhibition"},
    {KH_CHOICE_SOURCES, "行业杂志", "trade_press"},
    {KH_CHOICE_SOURCES, "杂志", "trade_press"},
    {KH_CHOICE_SOURCES, "报纸", "trade_press"},
    {KH_CHOICE_SOURCES, "媒体", "trade_press"},
    {KH_CHOICE_SOURCES, "协会", "association"},
    {KH_CHOICE_SOURCES, "商会", "association"},
    {KH_CHOICE_SOURCES, "门店", "store"},
    {KH_CHOICE_SOURCES, "商场", "store"},
    {KH_CHOICE_SOURCES, "店面", "store"},
    {KH_CHOICE_SOURCES, "到店", "walk_in"},
    {KH_CHOICE_SOURCES, "上门", "walk_in"},
    {KH_CHOICE_SOURCES, "自然客流", "walk_in"},
    {KH_CHOICE_SOURCES, "来电", "call_in"},
    {KH_CHOICE_SOURCES, "电话", "call_in"},
    {KH_CHOICE_SOURCES, "电话咨询", "call_in"},
    {KH_CHOICE_SOURCES, "400电话", "call_in"},
    {KH_CHOICE_SOURCES, "其它", "other"},
    {KH_CHOICE_GENDERS, "男性", "male"},
    {KH_CHOICE_GENDERS, "先生", "male"},
    {KH_CHOICE_GENDERS, "M", "male"},
    {KH_CHOICE_GENDERS, "女性", "female"},
    {KH_CHOICE_GENDERS, "女士", "female"},
    {KH_CHOICE_GENDERS, "F", "female"},
    {KH_CHOICE_GENDERS, "不详", "unknown"},
    {KH_CHOICE_KINDS, "个人客户", "individual"},
    {KH_CHOICE_KINDS, "个体", "individual"},
    {KH_CHOICE_KINDS, "企业客户", "organization"},
    {KH_CHOICE_KINDS, "单位客户", "organization"},
    {KH_CHOICE_KINDS, "公司", "organization"},
    {KH_CHOICE_KINDS, "单位", "organization"},
    {KH_CHOICE_KINDS, "机构", "organization"},
    {KH_CHOICE_KINDS, "PERSON", "individual"},
    {KH_CHOICE_KINDS, "ORGANISATION", "organization"},
    {KH_CHOICE_KINDS, "COMPANY", "organization"},
    {KH_CHOICE_CATEGORIES, "一般", "general"},
    {KH_CHOICE_CATEGORIES, "普通", "general"},
    {KH_CHOICE_CATEGORIES, "普通客户", "general"},
    {KH_CHOICE_CATEGORIES, "特殊", "special"},
    {KH_CHOICE_GRADES, "A类", "A"},
    {KH_CHOICE_GRADES, "B类", "B"},
    {KH_CHOICE_GRADES, "C类", "C"},
    {KH_CHOICE_GRADES, "甲", "A"},
    {KH_CHOICE_GRADES, "乙", "B"},
    {KH_CHOICE_GRADES, "丙", "C"},
    {KH_CHOICE_VALUE_TIERS, "战略", "strategic"},
    {KH_CHOICE_VALUE_TIERS, "重要", "important"},
    {KH_CHOICE_VALUE_TIERS, "重点客户", "important"},
    {KH_CHOICE_VALUE_TIERS, "一般", "general"},
    {KH_CHOICE_VALUE_TIERS, "普通客户", "general"},
    {KH_CHOICE_VALUE_TIERS, "潜在", "potential"},
    {KH_CHOICE_STAGES, "潜在客户", "prospect"},
    {KH_CHOICE_STAGES, "意向客户", "prospect"},
    {KH_CHOICE_STAGES, "成交", "customer"},
    {KH_CHOICE_STAGES, "已成交", "customer"},
    {KH_CHOICE_STAGES, "签约客户", "customer"},
    {KH_CHOICE_STAGES, "忠诚", "loyal"},
    {KH_CHOICE_STAGES, "老客户", "loyal"},
    {KH_CHOICE_STAGES, "流失", "lost"},
    {KH_CHOICE_STAGES, "挽回", "won_back"},
    {KH_CHOICE_CREDIT, "好", "good"},
    {KH_CHOICE_CREDIT, "优", "good"},
    {KH_CHOICE_CREDIT, "优秀", "good"},
    {KH_CHOICE_CREDIT, "中", "normal"},
    {KH_CHOICE_CREDIT, "普通", "normal"},
    {KH_CHOICE_CREDIT, "差", "poor"},
    {KH_CHOICE_CREDIT, "不详", "unknown"},
    {KH_CHOICE_RELATIONS, "妻子", "spouse"},
    {KH_CHOICE_RELATIONS, "丈夫", "spouse"},
    {KH_CHOICE_RELATIONS, "爱人", "spouse"},
    {KH_CHOICE_RELATIONS, "老公", "spouse"},
    {KH_CHOICE_RELATIONS, "老婆", "spouse"},
    {KH_CHOICE_RELATIONS, "儿子", "child"},
    {KH_CHOICE_RELATIONS, "女儿", "child"},
    {KH_CHOICE_RELATIONS, "父亲", "parent"},
    {KH_CHOICE_RELATIONS, "母亲", "parent"},
    {KH_CHOICE_RELATIONS, "兄弟", "sibling"},
    {KH_CHOICE_RELATIONS, "姐妹", "sibling"},
    {KH_CHOICE_RELATIONS, "秘书", "assistant"},
    {KH_CHOICE_INDUSTRIES, "农业", "农、林、牧、渔业"},
    {KH_CHOICE_INDUSTRIES, "制造", "制造业"},
    {KH_CHOICE_INDUSTRIES, "建筑", "建筑业"},
    {KH_CHOICE_INDUSTRIES, "零售", "批发和零售业"},
    {KH_CHOICE_INDUSTRIES, "批发", "批发和零售业"},
    {KH_CHOICE_INDUSTRIES, "物流", "交通运输、仓储和邮政业"},
    {KH_CHOICE_INDUSTRIES, "餐饮", "住宿和餐饮业"},
    {KH_CHOICE_INDUSTRIES, "酒店", "住宿和餐饮业"},
    {KH_CHOICE_INDUSTRIES, "互联网", "信息传输、软件和信息技术服务业"},
    {KH_CHOICE_INDUSTRIES, "软件", "信息传输、软件和信息技术服务业"},
    {KH_CHOICE_INDUSTRIES, "IT", "信息传输、软件和信息技术服务业"},
    {KH_CHOICE_INDUSTRIES, "银行", "金融业"},
    {KH_CHOICE_INDUSTRIES, "保险", "金融业"},
    {KH_CHOICE_INDUSTRIES, "证券", "金融业"},
    {KH_CHOICE_INDUSTRIES, "金融", "金融业"},
    {KH_CHOICE_INDUSTRIES, "房地产", "房地产业"},
    {KH_CHOICE_INDUSTRIES, "医疗", "卫生和社会工作"},
    {KH_CHOICE_INDUSTRIES, "教育培训", "教育"},
};

const struct import_synonym *import__synonyms(size_t *n)
{
    *n = sizeof(synonyms) / sizeof(synonyms[0]);
    return synonyms;
}

const char *import__choice_match(int set, const char *text, const char **how)
{
    *how = "exact";
    const char *v = choice_value(set, text);
    if (v)
        return v;
    char f[256];
    if (!fold(text, f, sizeof(f)) || !*f) {
        *how = NULL;
        return NULL;
    }
    if ((v = choice_folded(set, f)))
        return v;
    *how = "synonym";
    for (size_t i = 0; i < sizeof(synonyms) / sizeof(synonyms[0]); i++)
        if (synonyms[i].set == set && !strcmp(synonyms[i].from, f))
            return synonyms[i].value;
    *how = NULL;
    return NULL;
}

const char *import__custom_match(const struct custom_field *f, const char *text, const char **how)
{
    *how = "exact";
    for (int i = 0; i < f->noptions; i++)
        if (!strcmp(f->options[i], text))
            return f->options[i];
    char t[256];
    if (fold(text, t, sizeof(t)) && *t)
        for (int i = 0; i < f->noptions; i++)
            if (fold_eq(t, f->options[i]))
                return f->options[i];
    *how = NULL;
    return NULL;
}

const char *import__value_mapped(const struct import_value_map *m, int n, const char *field,
                                 const char *text)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(m[i].from, text) && !strcmp(m[i].field, field))
            return m[i].to;
    return NULL;
}

int import__choice_set(enum import_target t)
{
    switch (t) {
    case T_KIND:
        return KH_CHOICE_KINDS;
    case T_GENDER:
        return KH_CHOICE_GENDERS;
    case T_CREDIT:
        return KH_CHOICE_CREDIT;
    case T_CATEGORY:
        return KH_CHOICE_CATEGORIES;
    case T_GRADE:
        return KH_CHOICE_GRADES;
    case T_VALUE_TIER:
        return KH_CHOICE_VALUE_TIERS;
    case T_STAGE:
        return KH_CHOICE_STAGES;
    case T_SOURCE:
        return KH_CHOICE_SOURCES;
    case T_INDUSTRY:
        return KH_CHOICE_INDUSTRIES;
    case T_CONTACT_RELATION:
        return KH_CHOICE_RELATIONS;
    case T_PREFERRED_CHANNEL:
        return KH_CHOICE_CHANNELS;
    default:
        return -1;
    }
}

static bool option_allowed(const struct custom_field *f, const char *v)
{
    for (int i = 0; i < f->noptions; i++)
        if (!strcmp(f->options[i], v))
            return true;
    return false;
}

static bool value_allowed(int set, const char *v)
{
    const char *name = NULL;
    for (const struct kh_choice *c = customer_choice_set(set, &name); c && c->value; c++)
        if (!strcmp(c->value, v))
            return true;
    return false;
}

/* The entry's place in a request: values.<field>.<text>. */
static enum kh_status value_entry_bad(const struct import_value_map *m, struct kh_err *err)
{
    struct buf b;
    buf_init(&b, 256);
    buf_printf(&b, "values.%s.%s", m->field, m->from);
    kh_strlcpy(err->field, buf_cstr(&b), sizeof(err->field));
    buf_release(&b);
    return err->code;
}

enum kh_status import_values_check(const struct kh_ctx *ctx, const struct import_value_map *values,
                                   int n, struct kh_err *err)
{
    struct custom_field *defs = NULL;
    int ndefs = 0;
    for (int i = 0; i < n && !defs; i++)
        if (!strncmp(values[i].field, "custom.", 7)) {
            enum kh_status st = customer_fields(ctx, &defs, &ndefs, err);
            if (st)
                return st;
            break;
        }
    if (n > IMPORT_VALUE_MAP_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "values", "值映射最多%d项",
                           "at most %d value mappings", IMPORT_VALUE_MAP_MAX, IMPORT_VALUE_MAP_MAX);
    for (int i = 0; i < n; i++) {
        const struct import_value_map *m = &values[i];
        const struct custom_field *cf = NULL;
        enum import_target t = import__target_by_field(m->field, defs, ndefs, &cf);
        int set = import__choice_set(t);
        bool custom_choice = t == T_CUSTOM && cf && import__custom_is_choice(cf);
        if (set < 0 && !custom_choice) {
            kh_err_setf(err, KH_E_VALIDATION, "", "「%s」不是选择类字段，不能映射取值",
                        "%s is not a choice field: its values cannot be mapped", m->field,
                        m->field);
            return value_entry_bad(m, err);
        }
        if (!*m->from || strlen(m->from) > IMPORT_VALUE_TEXT_MAX * 4 ||
            !utf8_valid(m->from, strlen(m->from))) {
            kh_err_set(err, KH_E_VALIDATION, "", "文件中的取值为空、过长或含无效字符",
                       "the file's value is empty, too long or invalid text");
            return value_entry_bad(m, err);
        }
        if (*m->to && (custom_choice ? !option_allowed(cf, m->to) : !value_allowed(set, m->to))) {
            kh_err_setf(err, KH_E_VALIDATION, "", "「%s」不是该字段的可选值",
                        "\"%s\" is not an allowed value of the field", m->to, m->to);
            return value_entry_bad(m, err);
        }
    }
    return KH_OK;
}

bool import__custom_is_choice(const struct custom_field *f)
{
    return !strcmp(f->type, "choice") || !strcmp(f->type, "multi_choice");
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
const char *import_date(struct arena *a, const char *text)
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
void import_split_list(struct arena *a, const char *text, const char ***items, int *n)
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

bool import_bool(const char *t, bool *out)
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
        if (import_bool(text, &b)) {
            v->kind = CV_BOOL;
            v->b = b;
        }
    } else if (!strcmp(f->type, "date")) {
        v->s = import_date(a, text);
    } else if (!strcmp(f->type, "multi_choice")) {
        v->kind = CV_LIST;
        import_split_list(a, text, &v->items, &v->nitems);
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

/* The allowed values' labels joined by sep, for a refusal. */
static const char *allowed_list(struct arena *a, int set, bool english)
{
    struct buf b;
    buf_init(&b, 1024);
    const char *name = NULL;
    for (const struct kh_choice *c = customer_choice_set(set, &name); c && c->value; c++)
        buf_printf(&b, "%s%s", b.len ? (english ? ", " : "、") : "", english ? c->en : c->zh);
    const char *out = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
    return out;
}

static const char *options_list(struct arena *a, const struct custom_field *f, bool english)
{
    struct buf b;
    buf_init(&b, 1024);
    for (int i = 0; i < f->noptions; i++)
        buf_printf(&b, "%s%s", i ? (english ? ", " : "、") : "", f->options[i]);
    const char *out = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
    return out;
}

#define MEMO_SLOTS 1024 /* per column, a power of two; half are filled at most */

struct memo_entry {
    uint64_t hash;
    char *text;        /* NULL: free slot */
    const char *value; /* NULL: refused; "": leave the field empty */
};

struct memo_column {
    struct memo_entry *slots;
    int used;
};

struct import_choice_memo {
    int ncols;
    struct memo_column *cols;
};

struct import_choice_memo *import__memo_new(int ncols)
{
    struct import_choice_memo *m = kh_calloc(1, sizeof(*m));
    m->ncols = ncols;
    m->cols = kh_calloc((size_t)ncols + 1, sizeof(*m->cols));
    return m;
}

void import__memo_free(struct import_choice_memo *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->ncols; i++) {
        for (int j = 0; m->cols[i].slots && j < MEMO_SLOTS; j++)
            free(m->cols[i].slots[j].text);
        free(m->cols[i].slots);
    }
    free(m->cols);
    free(m);
}

/* The user's mapping, then the value itself or a synonym (an option for a custom field). */
static const char *resolve_uncached(const struct import_convert *cv, const struct import_colmap *m,
                                    int set, const char *text)
{
    const char *how = NULL;
    const char *v = import__value_mapped(cv->values, cv->nvalues, m->field_name, text);
    if (v)
        return v;
    return m->custom ? import__custom_match(m->custom, text, &how)
                     : import__choice_match(set, text, &how);
}

static uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* What text in column m stands for: an allowed value, "" (leave empty) or NULL (refused). */
static const char *resolve(const struct import_convert *cv, const struct import_colmap *m, int set,
                           const char *text)
{
    struct import_choice_memo *memo = cv->memo;
    int col = (int)(m - cv->cols);
    if (!memo || col < 0 || col >= memo->ncols)
        return resolve_uncached(cv, m, set, text);
    struct memo_column *c = &memo->cols[col];
    if (!c->slots)
        c->slots = kh_calloc(MEMO_SLOTS, sizeof(*c->slots));
    uint64_t h = text_hash(text);
    size_t j = h & (MEMO_SLOTS - 1);
    while (c->slots[j].text) {
        if (c->slots[j].hash == h && !strcmp(c->slots[j].text, text))
            return c->slots[j].value;
        j = (j + 1) & (MEMO_SLOTS - 1);
    }
    const char *v = resolve_uncached(cv, m, set, text);
    if (c->used < MEMO_SLOTS / 2) {
        c->slots[j] = (struct memo_entry){h, kh_strdup(text), v};
        c->used++;
    }
    return v;
}

/*
 * A custom choice field's cell: the user's mapping, then an option ignoring
 * case, spaces and full-width forms; otherwise a refusal listing the
 * options. *text is the option (NULL: leave the field out).
 */
static enum kh_status custom_choice(const struct import_convert *cv, const struct import_colmap *m,
                                    const char **text, struct kh_err *err)
{
    const char *v = resolve(cv, m, -1, *text);
    if (v) {
        *text = *v ? v : NULL;
        return KH_OK;
    }
    return kh_err_setf(err, KH_E_VALIDATION, m->field_name, "「%s」不是有效的选项，可选：%s",
                       "\"%s\" is not one of the allowed values: %s", *text,
                       options_list(cv->arena, m->custom, false), *text,
                       options_list(cv->arena, m->custom, true));
}

/*
 * A custom multiple-choice cell: each item of the list ("微信、电话",
 * "a, b") resolved like a choice cell — the user's mapping, then an option
 * — items mapped to "" dropped, repeats kept once; the first item that
 * matches nothing refuses the cell, listing the options.
 */
static enum kh_status custom_multi(const struct import_convert *cv, const struct import_colmap *m,
                                   const char *text, struct custom_value *v, struct kh_err *err)
{
    const char **items = NULL;
    int n = 0;
    import_split_list(cv->arena, text, &items, &n);
    const char **out = arena_alloc(cv->arena, sizeof(char *) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        const char *to = resolve(cv, m, -1, items[i]);
        if (!to)
            return kh_err_setf(err, KH_E_VALIDATION, m->field_name,
                               "「%s」不是有效的选项，可选：%s",
                               "\"%s\" is not one of the allowed values: %s", items[i],
                               options_list(cv->arena, m->custom, false), items[i],
                               options_list(cv->arena, m->custom, true));
        bool seen = !*to;
        for (int j = 0; j < k && !seen; j++)
            seen = !strcmp(out[j], to);
        if (!seen)
            out[k++] = to;
    }
    v->key = m->custom->key;
    v->kind = CV_LIST;
    v->items = out;
    v->nitems = k;
    return KH_OK;
}

/*
 * The user's mapping of the column's value first, then the value itself or
 * a built-in synonym; otherwise a refusal that lists the allowed values.
 */
static enum kh_status set_choice(const struct import_convert *cv, const struct import_colmap *m,
                                 int set, const char *field, const char *text, const char **dst,
                                 struct kh_err *err)
{
    const char *v = resolve(cv, m, set, text);
    if (v) {
        *dst = *v ? v : NULL;
        return KH_OK;
    }
    return kh_err_setf(err, KH_E_VALIDATION, field, "「%s」不是有效的选项，可选：%s",
                       "\"%s\" is not one of the allowed values: %s", text,
                       allowed_list(cv->arena, set, false), text,
                       allowed_list(cv->arena, set, true));
}

static enum kh_status set_templates(const struct import_convert *cv, const char *text,
                                    struct customer_input *in, struct kh_err *err)
{
    const char **items = NULL;
    int n = 0;
    import_split_list(cv->arena, text, &items, &n);
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
    case T_KIND:
        return set_choice(cv, m, KH_CHOICE_KINDS, "kind", text, &in->kind, err);
    case T_GENDER:
        return set_choice(cv, m, KH_CHOICE_GENDERS, "gender", text, &in->gender, err);
    case T_CREDIT:
        return set_choice(cv, m, KH_CHOICE_CREDIT, "credit_status", text, &in->credit_status, err);
    case T_CATEGORY:
        return set_choice(cv, m, KH_CHOICE_CATEGORIES, "category", text, &in->category, err);
    case T_GRADE:
        return set_choice(cv, m, KH_CHOICE_GRADES, "grade", text, &in->grade, err);
    case T_VALUE_TIER:
        return set_choice(cv, m, KH_CHOICE_VALUE_TIERS, "value_tier", text, &in->value_tier, err);
    case T_STAGE:
        return set_choice(cv, m, KH_CHOICE_STAGES, "stage", text, &in->stage, err);
    case T_SOURCE:
        return set_choice(cv, m, KH_CHOICE_SOURCES, "source", text, &in->source, err);
    case T_INDUSTRY:
        return set_choice(cv, m, KH_CHOICE_INDUSTRIES, "industry", text, &in->industry, err);
    case T_CONTACT_RELATION:
        return set_choice(cv, m, KH_CHOICE_RELATIONS, "relation", text, &ct->relation, err);
    case T_BIRTHDAY:
        in->birthday = import_date(cv->arena, text);
        return KH_OK;
    case T_COLLECTED_ON:
        in->collected_on = import_date(cv->arena, text);
        return KH_OK;
    case T_PREFERRED_CHANNEL:
        return set_choice(cv, m, KH_CHOICE_CHANNELS, "preferred_channel", text,
                          &in->preferred_channel, err);
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
        import_split_list(cv->arena, text, &in->tags, &in->ntags);
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
        if (!strcmp(m->custom->type, "choice")) {
            enum kh_status st = custom_choice(cv, m, &text, err);
            if (st || !text)
                return st;
        }
        struct custom_value *v = &in->custom[in->ncustom];
        if (!strcmp(m->custom->type, "multi_choice")) {
            enum kh_status st = custom_multi(cv, m, text, v, err);
            if (st)
                return st;
        } else {
            custom_value(cv->arena, m->custom, text, v);
        }
        in->ncustom++;
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

bool import_money_fen(const char *text, int64_t max_fen, int64_t *fen)
{
    char digits[64];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p && n + 1 < sizeof(digits)) {
        if (*p == ' ' || *p == ',') { /* spaces, thousands' separators */
            p++;
        } else if (!strncmp((const char *)p, "\xef\xbf\xa5", 3) || /* ￥ full-width */
                   !strncmp((const char *)p, "\xc2\xa5", 2)) {     /* ¥ */
            p += p[0] == 0xef ? 3 : 2;
        } else if (!strncmp((const char *)p, "\xe5\x85\x83", 3) && !p[3]) { /* 元 at the end */
            p += 3;
        } else if (!strncmp((const char *)p, "\xef\xbc\x8c", 3)) { /* ， full-width comma */
            p += 3;
        } else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) { /* ０-９ */
            digits[n++] = (char)('0' + (p[2] - 0x90));
            p += 3;
        } else if (p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8e) { /* ． */
            digits[n++] = '.';
            p += 3;
        } else if ((*p >= '0' && *p <= '9') || *p == '.') {
            digits[n++] = (char)*p++;
        } else {
            return false;
        }
    }
    if (*p || !n)
        return false;
    digits[n] = 0;
    int64_t yuan = 0, cents = 0;
    int decimals = -1;
    for (size_t i = 0; i < n; i++) {
        if (digits[i] == '.') {
            if (decimals >= 0 || i == 0)
                return false;
            decimals = 0;
        } else if (decimals >= 0) {
            if (++decimals > 2)
                return false;
            cents = cents * 10 + (digits[i] - '0');
        } else {
            if (yuan > max_fen / 10)
                return false;
            yuan = yuan * 10 + (digits[i] - '0');
        }
    }
    if (decimals == 0) /* "12." */
        return false;
    if (decimals == 1)
        cents *= 10;
    if (yuan > (max_fen - cents) / 100)
        return false;
    *fen = yuan * 100 + cents;
    return true;
}
