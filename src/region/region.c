#include "region/region.h"

#include <pthread.h>
#include <string.h>

#include "core/mem.h"

enum region_level { REGION_NONE, REGION_PROVINCE, REGION_CITY, REGION_DISTRICT };

/* The generator checks that the level of every entry follows its code. */
static enum region_level region_level_of(int code)
{
    if (code < 100000 || code > 999999)
        return REGION_NONE;
    if (code % 10000 == 0)
        return REGION_PROVINCE;
    if (code % 100 == 0)
        return REGION_CITY;
    return REGION_DISTRICT;
}

/* Index of the first entry whose code is >= code. */
static size_t region_lower_bound(int code)
{
    size_t lo = 0, hi = region__count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (region__table[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct region *region_find(int code)
{
    size_t i = region_lower_bound(code);
    if (i < region__count && region__table[i].code == code)
        return &region__table[i];
    return NULL;
}

size_t region_count(void)
{
    return region__count;
}

const struct region *region_at(size_t i)
{
    return i < region__count ? &region__table[i] : NULL;
}

size_t region_children(int parent, const struct region **out, size_t cap)
{
    /* Children share the parent's code prefix, so only that range is scanned. */
    size_t begin = 0, end = region__count;
    enum region_level level = region_level_of(parent);
    if (parent != 0) {
        if (level != REGION_PROVINCE && level != REGION_CITY)
            return 0;
        int span = level == REGION_PROVINCE ? 10000 : 100;
        begin = region_lower_bound(parent);
        end = region_lower_bound(parent + span);
    }
    size_t n = 0;
    for (size_t i = begin; i < end; i++) {
        if (region__table[i].parent != parent)
            continue;
        if (n < cap)
            out[n] = &region__table[i];
        n++;
    }
    return n;
}

static bool region_has_children(int code)
{
    return region_children(code, NULL, 0) > 0;
}

/* Known and at the wanted level, or NULL. */
static const struct region *region_find_at(int code, enum region_level level)
{
    return region_level_of(code) == level ? region_find(code) : NULL;
}

static enum kh_status region_check_district(const struct region *c, int district,
                                            struct kh_err *err)
{
    if (district == 0) {
        if (region_has_children(c->code))
            return kh_err_set(err, KH_E_VALIDATION, "district_code", "请选择区县",
                              "a district is required for the selected city");
        return KH_OK;
    }
    const struct region *d = region_find_at(district, REGION_DISTRICT);
    if (!d)
        return kh_err_set(err, KH_E_VALIDATION, "district_code", "区县代码不存在",
                          "unknown district code");
    if (d->parent != c->code)
        return kh_err_set(err, KH_E_VALIDATION, "district_code", "区县不属于所选城市",
                          "district does not belong to the selected city");
    return KH_OK;
}

enum kh_status region_check(int province, int city, int district, struct kh_err *err)
{
    if (province == 0 && city == 0 && district == 0)
        return KH_OK;
    if (province == 0)
        return kh_err_set(err, KH_E_VALIDATION, "province_code", "请选择省份",
                          "a province is required when a city or district is given");
    const struct region *p = region_find_at(province, REGION_PROVINCE);
    if (!p)
        return kh_err_set(err, KH_E_VALIDATION, "province_code", "省份代码不存在",
                          "unknown province code");
    if (city == 0)
        return kh_err_set(err, KH_E_VALIDATION, "city_code", "请选择城市",
                          "a city is required for the selected province");
    const struct region *c = region_find_at(city, REGION_CITY);
    if (!c)
        return kh_err_set(err, KH_E_VALIDATION, "city_code", "城市代码不存在", "unknown city code");
    if (c->parent != p->code)
        return kh_err_set(err, KH_E_VALIDATION, "city_code", "城市不属于所选省份",
                          "city does not belong to the selected province");
    return region_check_district(c, district, err);
}

/* Middle levels that only group districts and are not part of a postal name. */
static bool region_is_placeholder(const char *name)
{
    static const char *const placeholders[] = {
        "市辖区",
        "县",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
    };
    for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
        if (strcmp(name, placeholders[i]) == 0)
            return true;
    }
    return false;
}

void region_full_name(int code, struct buf *out)
{
    const struct region *chain[3];
    size_t n = 0;
    for (const struct region *r = region_find(code); r && n < 3; r = region_find(r->parent))
        chain[n++] = r;
    const char *last = "";
    while (n > 0) {
        const struct region *r = chain[--n];
        if (r->parent != 0 && region_level_of(r->code) == REGION_CITY &&
            region_is_placeholder(r->name))
            continue;
        /* 620201 嘉峪关市 under 620200 嘉峪关市: say it once. */
        if (strcmp(r->name, last) == 0)
            continue;
        buf_puts(out, r->name);
        last = r->name;
    }
}

/* Full names in table order, built on first use: a list page names every row's region. */
static char **full_names;

static void full_names_build(void)
{
    full_names = kh_calloc(region__count, sizeof(char *));
    struct buf b;
    buf_init(&b, 256);
    for (size_t i = 0; i < region__count; i++) {
        buf_reset(&b);
        region_full_name(region__table[i].code, &b);
        full_names[i] = kh_strdup(buf_cstr(&b));
    }
    buf_release(&b);
}

const char *region_full_name_of(int code)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    const struct region *r = region_find(code);
    if (!r)
        return "";
    pthread_once(&once, full_names_build);
    return full_names[r - region__table];
}
