/* Choices, field validation, duplicate keys and search tokens of a customer. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/str.h"
#include "core/utf8.h"
#include "calendar/lunar.h"
#include "customer/customer_internal.h"
#include "customer/customer_json.h"
#include "db/db.h" /* struct db_slot_key; the store calls db_slot */
#include "region/region.h"
#include "text/tokenize.h"
#include "vault/vault.h"
#include "text/validate.h"

static const struct kh_choice kinds[] = {
    {"individual", "个人", "Individual"}, {"organization", "企业", "Organisation"}, {0}};
static const struct kh_choice categories[] = {
    {"general", "一般客户", "General"}, {"special", "特殊客户", "Special"}, {0}};
static const struct kh_choice grades[] = {{"A", "A级（需求大且急）", "A (large, urgent demand)"},
                                          {"B", "B级（一般需求）", "B (ordinary demand)"},
                                          {"C", "C级（潜在需求）", "C (latent demand)"},
                                          {0}};
static const struct kh_choice tiers[] = {{"strategic", "战略客户", "Strategic"},
                                         {"important", "重要客户", "Important"},
                                         {"general", "一般客户", "General"},
                                         {"potential", "潜在客户", "Potential"},
                                         {0}};
static const struct kh_choice stages[] = {{"prospect", "潜在", "Prospect"},
                                          {"customer", "成交客户", "Customer"},
                                          {"loyal", "忠诚客户", "Loyal"},
                                          {"at_risk", "流失风险", "At risk"},
                                          {"lost", "已流失", "Lost"},
                                          {"won_back", "已挽回", "Won back"},
                                          {0}};
static const struct kh_choice activity[] = {
    {"high", "高", "High"}, {"medium", "中", "Medium"}, {"low", "低", "Low"}, {0}};
static const struct kh_choice sources[] = {{"exhibition", "展会", "Exhibition"},
                                           {"trade_press", "行业媒体", "Trade press"},
                                           {"internet", "互联网", "Internet"},
                                           {"association", "行业协会", "Industry association"},
                                           {"store", "门店/商场", "Store / mall"},
                                           {"partner", "合作伙伴", "Partner"},
                                           {"referral", "客户推荐", "Referral"},
                                           {"walk_in", "自然到店", "Walk-in"},
                                           {"call_in", "来电咨询", "Call-in"},
                                           {"other", "其他", "Other"},
                                           {0}};
static const struct kh_choice industries[] = {
    {"农、林、牧、渔业", "农、林、牧、渔业", "Agriculture"},
    {"采矿业", "采矿业", "Mining"},
    {"制造业", "制造业", "Manufacturing"},
    {"电力、热力、燃气及水生产和供应业", "电力、热力、燃气及水生产和供应业", "Utilities"},
    {"建筑业", "建筑业", "Construction"},
    {"批发和零售业", "批发和零售业", "Wholesale and retail"},
    {"交通运输、仓储和邮政业", "交通运输、仓储和邮政业", "Transport and logistics"},
    {"住宿和餐饮业", "住宿和餐饮业", "Hotels and catering"},
    {"信息传输、软件和信息技术服务业", "信息传输、软件和信息技术服务业", "Information technology"},
    {"金融业", "金融业", "Finance"},
    {"房地产业", "房地产业", "Real estate"},
    {"租赁和商务服务业", "租赁和商务服务业", "Leasing and business services"},
    {"科学研究和技术服务业", "科学研究和技术服务业", "Research and technical services"},
    {"水利、环境和公共设施管理业", "水利、环境和公共设施管理业",
     "Water, environment and public facilities"},
    {"居民服务、修理和其他服务业", "居民服务、修理和其他服务业", "Personal services and repair"},
    {"教育", "教育", "Education"},
    {"卫生和社会工作", "卫生和社会工作", "Health and social work"},
    {"文化、体育和娱乐业", "文化、体育和娱乐业", "Culture, sports and entertainment"},
    {"公共管理、社会保障和社会组织", "公共管理、社会保障和社会组织", "Public administration"},
    {"国际组织", "国际组织", "International organisations"},
    {"其他", "其他", "Other"},
    {0}};
static const struct kh_choice credit[] = {{"good", "良好", "Good"},
                                          {"normal", "一般", "Normal"},
                                          {"poor", "较差", "Poor"},
                                          {"unknown", "未知", "Unknown"},
                                          {0}};
static const struct kh_choice genders[] = {
    {"male", "男", "Male"}, {"female", "女", "Female"}, {"unknown", "未知", "Unknown"}, {0}};
static const struct kh_choice retention[] = {{"due", "到期待销毁", "Due for destruction"}, {0}};
static const struct kh_choice relations[] = {{"spouse", "配偶", "Spouse"},
                                             {"child", "子女", "Child"},
                                             {"parent", "父母", "Parent"},
                                             {"sibling", "兄弟姐妹", "Sibling"},
                                             {"relative", "亲属", "Relative"},
                                             {"colleague", "同事", "Colleague"},
                                             {"assistant", "助理", "Assistant"},
                                             {"other", "其他", "Other"},
                                             {0}};

/* How a customer prefers to be reached (R-INT-6): the values are task channels (followup/task.c).
 */
static const struct kh_choice channels[] = {{"call", "电话", "Phone call"},
                                            {"sms", "短信", "SMS"},
                                            {"email", "电子邮件", "E-mail"},
                                            {"wechat", "微信", "WeChat"},
                                            {"qq", "QQ", "QQ"},
                                            {"visit", "上门拜访", "Visit"},
                                            {"letter", "信函", "Letter"},
                                            {0}};

static const struct {
    const char *name;
    const struct kh_choice *set;
} choice_sets[KH_CHOICE_SET_COUNT] = {
    [KH_CHOICE_KINDS] = {"kinds", kinds},
    [KH_CHOICE_CATEGORIES] = {"categories", categories},
    [KH_CHOICE_GRADES] = {"grades", grades},
    [KH_CHOICE_VALUE_TIERS] = {"value_tiers", tiers},
    [KH_CHOICE_STAGES] = {"stages", stages},
    [KH_CHOICE_ACTIVITY] = {"activity_levels", activity},
    [KH_CHOICE_SOURCES] = {"sources", sources},
    [KH_CHOICE_INDUSTRIES] = {"industries", industries},
    [KH_CHOICE_CREDIT] = {"credit_statuses", credit},
    [KH_CHOICE_GENDERS] = {"genders", genders},
    [KH_CHOICE_RELATIONS] = {"relations", relations},
    [KH_CHOICE_RETENTION] = {"retention", retention},
    [KH_CHOICE_CHANNELS] = {"contact_channels", channels},
};

const struct kh_choice *customer_choice_set(int i, const char **name)
{
    if (i < 0 || i >= KH_CHOICE_SET_COUNT)
        return NULL;
    *name = choice_sets[i].name;
    return choice_sets[i].set;
}

bool customer__choice_ok(int set, const char *value)
{
    if (!value)
        return false;
    for (const struct kh_choice *c = choice_sets[set].set; c->value; c++)
        if (strcmp(c->value, value) == 0)
            return true;
    return false;
}

static bool text_ok(const char *s, size_t max_chars)
{
    size_t n = strlen(s);
    return utf8_valid(s, n) && utf8_count(s, n) <= max_chars;
}

/*
 * Each check adds every failing field's error to err (kh_err_add): a form
 * shows them all at once, an import row lists all its problems.
 */
static void check_texts(const struct customer *c, struct kh_err *err)
{
    const struct {
        const char *field, *value;
        size_t max;
    } texts[] = {
        {"name", c->name, 100},
        {"address", c->address, 200},
        {"company", c->company, 200},
        {"company_address", c->company_address, 200},
        {"position", c->position, 100},
        {"industry", c->industry, 100},
        {"notes", c->notes, 5000},
        {"email", c->email, 254},
        {"mobile", c->mobile, 40},
        {"phone_office", c->phone_office, 40},
        {"phone_home", c->phone_home, 40},
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (!texts[i].value || !text_ok(texts[i].value, texts[i].max))
            kh_err_addf(err, texts[i].field, "内容过长或含无效字符（最多 %zu 字）",
                        "too long or invalid text (at most %zu characters)", texts[i].max,
                        texts[i].max);
    if (c->name && str_trim(str_from(c->name)).len == 0)
        kh_err_add(err, "name", "请填写客户名称", "name is required");
}

static void check_choices(const struct customer *c, struct kh_err *err)
{
    const struct {
        int set;
        const char *field, *value;
    } ch[] = {
        {KH_CHOICE_KINDS, "kind", c->kind},
        {KH_CHOICE_GENDERS, "gender", c->gender},
        {KH_CHOICE_CATEGORIES, "category", c->category},
        {KH_CHOICE_GRADES, "grade", c->grade},
        {KH_CHOICE_VALUE_TIERS, "value_tier", c->value_tier},
        {KH_CHOICE_STAGES, "stage", c->stage},
        {KH_CHOICE_SOURCES, "source", c->source},
        {KH_CHOICE_CREDIT, "credit_status", c->credit_status},
    };
    for (size_t i = 0; i < sizeof(ch) / sizeof(ch[0]); i++)
        if (!customer__choice_ok(ch[i].set, ch[i].value))
            kh_err_add(err, ch[i].field, "不是有效的选项", "not one of the allowed values");
    if (*c->industry && !customer__choice_ok(KH_CHOICE_INDUSTRIES, c->industry))
        kh_err_add(err, "industry", "不是有效的行业", "not one of the allowed industries");
    if (*c->preferred_channel && !customer__choice_ok(KH_CHOICE_CHANNELS, c->preferred_channel))
        kh_err_add(err, "preferred_channel", "首选联系方式不是有效的选项",
                   "preferred_channel is not one of the contact channels");
    if (*c->collected_on &&
        (!date_valid(c->collected_on) || strcmp(c->collected_on, "1900-01-01") < 0))
        kh_err_add(err, "collected_on", "采集日期应为有效日期（YYYY-MM-DD）",
                   "collected_on is a date (YYYY-MM-DD)");
}

/*
 * A landline or other phone in its stored form (phone_canonical), or false.
 * A mobile field takes only a mainland mobile.
 */
static bool phone_store_form(struct arena *a, const char **value, bool mobile_only)
{
    struct buf b;
    buf_init(&b, 64);
    bool ok = mobile_only ? valid_cn_mobile(str_from(*value)) : true;
    ok = ok && phone_canonical(str_from(*value), &b) && !b.overflow;
    if (ok)
        *value = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
    return ok;
}

static void check_contact_fields(const struct kh_ctx *ctx, struct customer *c, struct kh_err *err)
{
    const char *const fields[] = {"mobile", "phone_office", "phone_home", "id_number"};
    const char *const values[] = {c->mobile, c->phone_office, c->phone_home, c->id_number};
    bool refused[4] = {false};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if ((refused[i] = is_masked(values[i])))
            kh_err_add(err, fields[i], CUSTOMER_MASKED_ZH, CUSTOMER_MASKED_EN);
    if (!refused[0] && *c->mobile && !phone_store_form(ctx->arena, &c->mobile, true))
        kh_err_add(err, "mobile", "手机号码格式不正确（应为11位大陆手机号）",
                   "invalid mainland mobile number (11 digits starting with 1)");
    if (!refused[1] && *c->phone_office && !phone_store_form(ctx->arena, &c->phone_office, false))
        kh_err_add(err, "phone_office", "电话号码格式不正确（如 010-12345678 或 0755-1234567）",
                   "invalid phone number (e.g. 010-12345678 or 0755-1234567)");
    if (!refused[2] && *c->phone_home && !phone_store_form(ctx->arena, &c->phone_home, false))
        kh_err_add(err, "phone_home", "电话号码格式不正确（如 010-12345678 或 0755-1234567）",
                   "invalid phone number (e.g. 010-12345678 or 0755-1234567)");
    if (*c->email && !valid_email(str_from(c->email)))
        kh_err_add(err, "email", "邮箱格式不正确", "invalid e-mail address");
    customer__birthday_check(c->birthday, err);
}

static void check_identity(const struct kh_ctx *ctx, struct customer *c, struct kh_err *err)
{
    struct buf b;
    buf_init(&b, 64);
    normalize_upper(str_from(c->id_number), &b);
    c->id_number = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_reset(&b);
    normalize_upper(str_from(c->uscc), &b);
    c->uscc = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_release(&b);
    if (*c->id_number && !is_masked(c->id_number) && !valid_id_card(str_from(c->id_number)))
        kh_err_add(err, "id_number", "身份证号码无效（校验位不符或日期错误）",
                   "invalid ID card number (check digit or date)");
    if (*c->uscc && !valid_uscc(str_from(c->uscc)))
        kh_err_add(err, "uscc", "统一社会信用代码无效（校验码不符）",
                   "invalid unified social credit code (check character)");
    if (*c->id_number && strcmp(c->kind, "organization") == 0)
        kh_err_add(err, "id_number", "企业客户请填写统一社会信用代码",
                   "organisations have a unified social credit code, not an ID number");
}

static void check_tags(struct customer *c, struct kh_err *err)
{
    if (c->ntags > CUSTOMER_MAX_TAGS) {
        kh_err_add(err, "tags", "标签最多20个", "at most 20 tags");
        return;
    }
    for (int i = 0; i < c->ntags; i++)
        if (!*c->tags[i] || !text_ok(c->tags[i], 20)) {
            kh_err_add(err, "tags", "标签不能为空且不超过20字", "tags must be 1-20 characters");
            return;
        }
}

/* Every text is set (an input leaves NULL for "unchanged"; the record fills it). */
static bool texts_set(const struct customer *c)
{
    const char *v[] = {
        c->name,     c->address,   c->company, c->company_address, c->position,         c->industry,
        c->notes,    c->email,     c->mobile,  c->phone_office,    c->phone_home,       c->kind,
        c->birthday, c->id_number, c->uscc,    c->collected_on,    c->preferred_channel};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (!v[i])
            return false;
    return true;
}

enum kh_status customer__validate(const struct kh_ctx *ctx, struct customer *c,
                                  const struct customer_defs *defs, struct kh_err *err)
{
    struct customer_defs loaded;
    enum kh_status st = KH_OK;
    if (!defs) {
        if ((st = customer__defs_load(ctx, &loaded, err)))
            return st;
        defs = &loaded;
    }
    struct kh_err_fields all; /* on the stack: only a record with errors copies it */
    kh_err_collect(err, &all);
    check_texts(c, err);
    if (!texts_set(c)) {
        if (!err->code)
            kh_err_add(err, "", "缺少字段", "a field is missing");
        kh_err_keep(err, ctx->arena);
        return err->code;
    }
    check_choices(c, err);
    check_contact_fields(ctx, c, err);
    check_identity(ctx, c, err);
    check_tags(c, err);
    struct kh_err one;
    kh_err_clear(&one);
    if (region_check(c->province_code, c->city_code, c->district_code, &one))
        kh_err_add_from(err, &one);
    KH_IGNORE(customer__validate_custom(ctx, c, defs, err));
    kh_err_keep(err, ctx->arena);
    return err->code;
}

/* ---- custom values ---- */

static const struct custom_field *find_field(const struct custom_field *defs, int n,
                                             const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(defs[i].key, key) == 0)
            return &defs[i];
    return NULL;
}

static bool option_ok(const struct custom_field *f, const char *v)
{
    for (int i = 0; i < f->noptions; i++)
        if (strcmp(f->options[i], v) == 0)
            return true;
    return false;
}

static bool value_ok(const struct custom_field *f, const struct custom_value *v)
{
    const char *t = f->type;
    if (v->kind == CV_STRING && !v->s)
        return false;
    if (!strcmp(t, "text"))
        return v->kind == CV_STRING && text_ok(v->s, 1000);
    if (!strcmp(t, "number"))
        return v->kind == CV_NUMBER;
    if (!strcmp(t, "money"))
        return v->kind == CV_NUMBER && v->n == (double)(long long)v->n && v->n >= 0 && v->n < 1e15;
    if (!strcmp(t, "date"))
        return v->kind == CV_STRING && date_valid(v->s);
    if (!strcmp(t, "bool"))
        return v->kind == CV_BOOL;
    if (!strcmp(t, "phone"))
        return v->kind == CV_STRING && valid_phone_any(str_from(v->s));
    if (!strcmp(t, "choice"))
        return v->kind == CV_STRING && option_ok(f, v->s);
    if (!strcmp(t, "multi_choice")) {
        if (v->kind != CV_LIST)
            return false;
        for (int i = 0; i < v->nitems; i++)
            if (!option_ok(f, v->items[i]))
                return false;
        return true;
    }
    return false;
}

static bool template_chosen(const struct customer *c, const char *code)
{
    for (int i = 0; i < c->ntemplates; i++)
        if (strcmp(c->templates[i], code) == 0)
            return true;
    return false;
}

/*
 * The definitions change rarely (an administrator adds a field) and every
 * create and update needs them, so each database keeps the version it last
 * loaded, in a cache of its own (customer_store_slot), never in a global.
 *
 * A version is immutable and reference counted. The cache holds one
 * reference to its current version; a request that loads it holds another
 * until its arena is released. A newer version replaces the current one,
 * and a replaced version is freed when the last request holding it ends,
 * so memory stays bounded however often the definitions change.
 *
 * A change made through this process bumps the cache's generation, and the
 * next load on any thread reloads. After DEFS_TTL seconds a load reloads
 * anyway, for changes made by another process sharing the database.
 *
 * The cache counts its references too (the database's slot and each
 * version), so a version released after db_close still finds it.
 */
#define DEFS_TTL 10

struct defs_cache {
    atomic_int refs;              /* the database's slot, and each version */
    atomic_uint generation;       /* bumped by every change */
    atomic_int live;              /* versions allocated: current and held */
    pthread_mutex_t mu;           /* guards current, and taking a reference to it */
    struct defs_version *current; /* NULL, or holds one reference */
};

struct defs_version {
    atomic_int refs;
    struct defs_cache *cache;
    unsigned generation;
    int64_t loaded_at;
    struct arena arena;
    struct customer_defs defs;
};

static void *defs_cache_new(void)
{
    struct defs_cache *dc = kh_calloc(1, sizeof(*dc));
    atomic_init(&dc->refs, 1);
    atomic_init(&dc->generation, 0);
    atomic_init(&dc->live, 0);
    pthread_mutex_init(&dc->mu, NULL);
    return dc;
}

static void defs_cache_unref(struct defs_cache *dc)
{
    if (atomic_fetch_sub(&dc->refs, 1) != 1)
        return;
    pthread_mutex_destroy(&dc->mu);
    free(dc);
}

static void defs_version_unref(void *arg)
{
    struct defs_version *v = arg;
    if (!v || atomic_fetch_sub(&v->refs, 1) != 1)
        return;
    struct defs_cache *dc = v->cache;
    arena_release(&v->arena);
    free(v);
    atomic_fetch_sub(&dc->live, 1);
    defs_cache_unref(dc);
}

/* At db_close: drop the current version and the slot's reference. */
static void defs_cache_release(void *arg)
{
    struct defs_cache *dc = arg;
    pthread_mutex_lock(&dc->mu);
    struct defs_version *v = dc->current;
    dc->current = NULL;
    pthread_mutex_unlock(&dc->mu);
    defs_version_unref(v);
    defs_cache_unref(dc);
}

static const struct db_slot_key defs_cache_key = {defs_cache_new, defs_cache_release};

static struct defs_cache *defs_cache_of(const struct kh_ctx *ctx)
{
    return customer_store_slot(ctx, &defs_cache_key);
}

void customer__defs_changed(const struct kh_ctx *ctx)
{
    atomic_fetch_add(&defs_cache_of(ctx)->generation, 1);
}

int customer__defs_live(const struct kh_ctx *ctx)
{
    return atomic_load(&defs_cache_of(ctx)->live);
}

static enum kh_status defs_read(const struct kh_ctx *ctx, struct customer_defs *defs,
                                struct kh_err *err)
{
    memset(defs, 0, sizeof(*defs));
    enum kh_status st = customer_store_fields(ctx, &defs->fields, &defs->nfields, err);
    if (!st)
        st = customer_store_templates(ctx, &defs->tpls, &defs->ntpls, err);
    if (!st)
        st = customer_numbering_get(ctx, &defs->rule, err);
    return st;
}

/* A reference to the current version if it is still good, else NULL. */
static struct defs_version *defs_take_current(struct defs_cache *dc, unsigned gen, int64_t now)
{
    pthread_mutex_lock(&dc->mu);
    struct defs_version *v = dc->current;
    if (v && v->generation == gen && now >= v->loaded_at && now - v->loaded_at < DEFS_TTL)
        atomic_fetch_add(&v->refs, 1);
    else
        v = NULL;
    pthread_mutex_unlock(&dc->mu);
    return v;
}

/* A new version read from the database, with one reference (the caller's). */
static enum kh_status defs_version_load(const struct kh_ctx *ctx, struct defs_cache *dc,
                                        unsigned gen, int64_t now, struct defs_version **out,
                                        struct kh_err *err)
{
    *out = NULL;
    struct defs_version *v = kh_calloc(1, sizeof(*v));
    atomic_init(&v->refs, 1);
    v->cache = dc;
    atomic_fetch_add(&dc->refs, 1);
    atomic_fetch_add(&dc->live, 1);
    v->generation = gen;
    v->loaded_at = now;
    arena_init(&v->arena);
    struct kh_ctx c2 = *ctx;
    c2.arena = &v->arena;
    enum kh_status st = defs_read(&c2, &v->defs, err);
    if (st) {
        defs_version_unref(v);
        return st;
    }
    *out = v;
    return KH_OK;
}

/*
 * Make v the current version, unless a version of a later generation got
 * there first (v was read before a change and is already out of date).
 */
static void defs_install(struct defs_cache *dc, struct defs_version *v)
{
    struct defs_version *old = NULL;
    pthread_mutex_lock(&dc->mu);
    if (!dc->current || v->generation >= dc->current->generation) {
        old = dc->current;
        dc->current = v;
        atomic_fetch_add(&v->refs, 1);
    }
    pthread_mutex_unlock(&dc->mu);
    defs_version_unref(old);
}

enum kh_status customer__defs_load(const struct kh_ctx *ctx, struct customer_defs *defs,
                                   struct kh_err *err)
{
    memset(defs, 0, sizeof(*defs));
    struct defs_cache *dc = defs_cache_of(ctx);
    unsigned gen = atomic_load(&dc->generation);
    int64_t now = ctx_now(ctx);
    struct defs_version *v = defs_take_current(dc, gen, now);
    if (!v) {
        enum kh_status st = defs_version_load(ctx, dc, gen, now, &v, err);
        if (st)
            return st;
        defs_install(dc, v);
    }
    arena_defer(ctx->arena, defs_version_unref, v);
    *defs = v->defs;
    return KH_OK;
}

static bool template_ok(const struct profile_template *tpls, int ntpl, const char *code)
{
    for (int j = 0; j < ntpl; j++)
        if (strcmp(tpls[j].code, code) == 0)
            return true;
    return false;
}

/* The stored form of a custom phone value (phone_canonical). */
static void custom_phone_store_form(struct arena *a, struct custom_value *v)
{
    struct buf b;
    buf_init(&b, 64);
    if (phone_canonical(str_from(v->s), &b) && !b.overflow)
        v->s = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
}

static void check_custom_value(const struct kh_ctx *ctx, struct customer *c,
                               const struct customer_defs *d, struct custom_value *v,
                               struct kh_err *err)
{
    char field[80];
    snprintf(field, sizeof(field), "custom.%.60s", v->key);
    const struct custom_field *f = find_field(d->fields, d->nfields, v->key);
    if (!f) {
        kh_err_addf(err, field, "未定义的档案字段：%s", "undefined profile field: %s", v->key,
                    v->key);
        return;
    }
    if (v->kind == CV_NULL)
        return;
    if (!template_chosen(c, f->template_code))
        kh_err_add(err, field, "该字段所属的档案模板未选用",
                   "the field's profile template is not chosen for this customer");
    else if (!value_ok(f, v))
        kh_err_addf(err, field, "「%s」的值不符合字段类型 %s",
                    "value of \"%s\" does not fit its type %s", f->label_zh, f->type, f->label_en,
                    f->type);
    else if (!strcmp(f->type, "phone"))
        custom_phone_store_form(ctx->arena, v);
}

enum kh_status customer__validate_custom(const struct kh_ctx *ctx, struct customer *c,
                                         const struct customer_defs *d, struct kh_err *err)
{
    const struct custom_field *defs = d->fields;
    int ndefs = d->nfields;
    for (int i = 0; i < c->ntemplates; i++)
        if (!template_ok(d->tpls, d->ntpls, c->templates[i]))
            kh_err_addf(err, "templates", "档案模板不存在：%s", "unknown profile template: %s",
                        c->templates[i], c->templates[i]);
    for (int i = 0; i < c->ncustom; i++)
        check_custom_value(ctx, c, d, &c->custom[i], err);
    char field[80];
    for (int i = 0; i < ndefs; i++) {
        if (!defs[i].required || defs[i].retired || !template_chosen(c, defs[i].template_code))
            continue;
        bool present = false;
        for (int j = 0; j < c->ncustom && !present; j++)
            present = c->custom[j].kind != CV_NULL && strcmp(c->custom[j].key, defs[i].key) == 0;
        if (!present) {
            snprintf(field, sizeof(field), "custom.%.60s", defs[i].key);
            kh_err_addf(err, field, "请填写「%s」", "%s is required", defs[i].label_zh,
                        defs[i].label_en);
        }
    }
    return err->code;
}

void customer__prune_custom(const struct kh_ctx *ctx, struct customer *c)
{
    struct customer_defs d;
    struct kh_err err;
    if (customer__defs_load(ctx, &d, &err))
        return;
    const struct custom_field *defs = d.fields;
    int ndefs = d.nfields;
    int n = 0;
    for (int i = 0; i < c->ncustom; i++) {
        const struct custom_field *f = find_field(defs, ndefs, c->custom[i].key);
        if (!f || template_chosen(c, f->template_code))
            c->custom[n++] = c->custom[i];
    }
    c->ncustom = n;
}

/* ---- duplicate keys and search ---- */

static void add_key(struct arena *a, struct customer_key *keys, int *n, const char *kind,
                    const char *value)
{
    if (!value || !*value)
        return;
    for (int i = 0; i < *n; i++)
        if (!strcmp(keys[i].kind, kind) && !strcmp(keys[i].value, value))
            return;
    keys[*n].kind = kind;
    keys[*n].value = arena_strdup(a, value);
    (*n)++;
}

static void lower_trim(struct str s, struct buf *out)
{
    s = str_trim(s);
    for (size_t i = 0; i < s.len; i++) {
        char ch = s.ptr[i];
        buf_putc(out, ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch);
    }
}

/* Phone and ID-number keys are blind indexes: the number itself is not stored (R-SEC-11). */
static const char *blind(struct arena *a, const char *kind, const char *value)
{
    char h[VAULT_BLIND_HEX];
    vault_blind(kind, value, h);
    return arena_strdup(a, h);
}

void customer__phone_token(struct str digits, char out[TOK_PHONE_TOKEN_MAX], void *arg)
{
    (void)arg;
    char d[TOK_PHONE_TOKEN_MAX * 2];
    size_t n = digits.len < sizeof(d) - 1 ? digits.len : sizeof(d) - 1;
    memcpy(d, digits.ptr, n);
    d[n] = '\0';
    char h[VAULT_BLIND_HEX];
    vault_blind("phone", d, h);
    snprintf(out, TOK_PHONE_TOKEN_MAX, "p%.20s", h);
}

/*
 * The phone column of a search document: for each number, "t" + its last 4
 * digits (suffix search) and, from TOK_PHONE_BLIND_MIN digits, its blind
 * token (exact search); never the number itself.
 */
static void phone_tokens(struct str phone, struct buf *out)
{
    struct buf t;
    buf_init(&t, 256);
    tok_phone(phone, &t);
    size_t i = 0;
    while (i < t.len) {
        size_t j = i;
        while (j < t.len && t.data[j] != ' ')
            j++;
        struct str tok = str_make(t.data + i, j - i);
        if (tok.len && tok.ptr[0] == 't') {
            if (out->len)
                buf_putc(out, ' ');
            buf_append(out, tok.ptr, tok.len);
        } else if (tok.len >= TOK_PHONE_BLIND_MIN) {
            char p[TOK_PHONE_TOKEN_MAX];
            customer__phone_token(tok, p, NULL);
            if (out->len)
                buf_putc(out, ' ');
            buf_puts(out, p);
        }
        i = j + 1;
    }
    buf_release(&t);
}

void customer__keys(const struct kh_ctx *ctx, const struct customer *c, struct customer_key **out,
                    int *n)
{
    struct customer_key *keys = arena_alloc(ctx->arena, sizeof(*keys) * 6);
    int k = 0;
    struct buf b;
    buf_init(&b, 1024);
    const char *phones[] = {c->mobile, c->phone_office, c->phone_home};
    for (int i = 0; i < 3; i++) {
        buf_reset(&b);
        normalize_phone(str_from(phones[i]), &b);
        if (b.len >= 7)
            add_key(ctx->arena, keys, &k, "phone", blind(ctx->arena, "phone", buf_cstr(&b)));
    }
    if (*c->id_number)
        add_key(ctx->arena, keys, &k, "id_number", blind(ctx->arena, "id_number", c->id_number));
    add_key(ctx->arena, keys, &k, "uscc", c->uscc);
    if (*c->company) {
        buf_reset(&b);
        lower_trim(str_from(c->name), &b);
        buf_putc(&b, '|');
        lower_trim(str_from(c->company), &b);
        add_key(ctx->arena, keys, &k, "name_company", buf_cstr(&b));
    }
    buf_release(&b);
    *out = keys;
    *n = k;
}

/* Unigrams and character pairs of a text (see tok_bigrams). */
static void tok_both(struct str text, struct buf *out)
{
    tok_text(text, out);
    tok_bigrams(text, out);
}

void customer__search_doc(const struct kh_ctx *ctx, const struct customer *c,
                          struct search_doc *doc)
{
    struct buf b;
    buf_init(&b, 0);
    bool person = strcmp(c->kind, "individual") == 0;
    tok_both(str_from(c->name), &b);
    doc->name = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_reset(&b);
    tok_both(str_from(c->company), &b);
    doc->company = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_reset(&b);
    tok_pinyin(str_from(c->name), person, &b);
    tok_pinyin(str_from(c->company), false, &b);
    doc->py = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_reset(&b);
    phone_tokens(str_from(c->mobile), &b);
    phone_tokens(str_from(c->phone_office), &b);
    phone_tokens(str_from(c->phone_home), &b);
    if (*c->id_number) { /* exact search by ID number: its blind token, as a phone's */
        char low[32], p[TOK_PHONE_TOKEN_MAX];
        size_t n = strlen(c->id_number) < sizeof(low) - 1 ? strlen(c->id_number) : sizeof(low) - 1;
        for (size_t i = 0; i < n; i++)
            low[i] = c->id_number[i] == 'X' ? 'x' : c->id_number[i];
        low[n] = '\0';
        customer__phone_token(str_make(low, n), p, NULL);
        if (b.len)
            buf_putc(&b, ' ');
        buf_puts(&b, p);
    }
    doc->phone = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_reset(&b);
    tok_text(str_from(c->code), &b);
    for (int i = 0; i < c->ntags; i++)
        tok_both(str_from(c->tags[i]), &b);
    tok_text(str_from(c->email), &b);
    struct kh_err e;
    struct customer_defs defs;
    bool have_defs = c->ncustom > 0 && customer__defs_load(ctx, &defs, &e) == KH_OK;
    for (int i = 0; have_defs && i < c->ncustom; i++) {
        const struct custom_field *f = find_field(defs.fields, defs.nfields, c->custom[i].key);
        if (!f || f->sensitive || !strcmp(f->type, "phone"))
            continue; /* sensitive values stay out of the index (R-SEC-11) */
        if (c->custom[i].kind == CV_STRING && c->custom[i].s)
            tok_both(str_from(c->custom[i].s), &b);
        for (int j = 0; c->custom[i].kind == CV_LIST && j < c->custom[i].nitems; j++)
            tok_both(str_from(c->custom[i].items[j]), &b);
    }
    doc->other = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_release(&b);
}

void customer__birthday_check(const char *birthday, struct kh_err *err)
{
    struct birthday bd;
    if (birthday && *birthday && !birthday_parse(birthday, &bd))
        kh_err_add(
            err, "birthday",
            "生日应为有效日期 YYYY-MM-DD；农历生日写作 农历YYYY-MM-DD，闰月如 农历2025-闰06-10",
            "a birthday is a real date, YYYY-MM-DD; a lunar one carries the lunar prefix "
            "and, for a leap month, the leap mark (docs/API.md, birthdays)");
}
