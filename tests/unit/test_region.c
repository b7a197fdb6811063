#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "region/region.h"

static void expect_parent(int code, int parent, const char *name)
{
    const struct region *r = region_find(code);
    assert_non_null(r);
    assert_int_equal(r->code, code);
    assert_int_equal(r->parent, parent);
    assert_string_equal(r->name, name);
}

static void expect_refused(int p, int c, int d, const char *field)
{
    struct kh_err err;
    kh_err_clear(&err);
    assert_int_equal(region_check(p, c, d, &err), KH_E_VALIDATION);
    assert_int_equal(err.code, KH_E_VALIDATION);
    assert_string_equal(err.field, field);
    assert_true(err.msg_zh[0] != '\0');
    assert_true(err.msg_en[0] != '\0');
}

static void expect_full_name(int code, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    region_full_name(code, &b);
    assert_string_equal(buf_cstr(&b), want);
    assert_string_equal(region_full_name_of(code), want);
    buf_release(&b);
}

static void r_arc_13_municipality_has_three_levels(void **state)
{
    (void)state;
    expect_parent(110000, 0, "北京市");
    expect_parent(110100, 110000, "市辖区");
    expect_parent(110101, 110100, "东城区");
    assert_int_equal(region_check(110000, 110100, 110101, NULL), KH_OK);
    assert_int_equal(region_check(500000, 500200, 500229, NULL), KH_OK); /* 重庆 城口县 */
    expect_full_name(110101, "北京市东城区");
    expect_full_name(110000, "北京市");
}

static void r_arc_13_province_city_district_chain(void **state)
{
    (void)state;
    expect_parent(440000, 0, "广东省");
    expect_parent(440300, 440000, "深圳市");
    expect_parent(440305, 440300, "南山区");
    assert_int_equal(region_check(440000, 440300, 440305, NULL), KH_OK);
    expect_full_name(440305, "广东省深圳市南山区");
    expect_full_name(440300, "广东省深圳市");
}

static void r_arc_13_county_level_city_under_province(void **state)
{
    (void)state;
    expect_parent(429004, 429000, "仙桃市");
    assert_int_equal(region_find(429000)->parent, 420000);
    assert_int_equal(region_check(420000, 429000, 429004, NULL), KH_OK);
    expect_full_name(429004, "湖北省仙桃市");
    expect_full_name(620201, "甘肃省嘉峪关市");
}

static void r_arc_13_district_may_be_empty_only_without_districts(void **state)
{
    (void)state;
    /* 东莞 has no county level. */
    assert_non_null(region_find(441900));
    assert_int_equal(region_children(441900, NULL, 0), 0);
    assert_int_equal(region_check(440000, 441900, 0, NULL), KH_OK);
    expect_full_name(441900, "广东省东莞市");
    /* 深圳 has districts: one must be chosen. */
    expect_refused(440000, 440300, 0, "district_code");
}

static void r_arc_13_district_must_belong_to_city(void **state)
{
    (void)state;
    struct kh_err err;
    kh_err_clear(&err);
    /* 南山区 is in 深圳, not in 广州. */
    assert_int_equal(region_check(440000, 440100, 440305, &err), KH_E_VALIDATION);
    assert_string_equal(err.field, "district_code");
    assert_string_equal(err.msg_zh, "区县不属于所选城市");
    assert_string_equal(err.msg_en, "district does not belong to the selected city");
    /* A city of another province. */
    expect_refused(110000, 440300, 440305, "city_code");
    /* A district code given as the city. */
    expect_refused(440000, 440305, 0, "city_code");
}

static void r_arc_13_cached_full_names_match_for_every_code(void **state)
{
    (void)state;
    for (size_t i = 0; i < region_count(); i++)
        expect_full_name(region_at(i)->code, region_full_name_of(region_at(i)->code));
    expect_full_name(0, "");
}

static void r_arc_13_unknown_codes_refused(void **state)
{
    (void)state;
    assert_null(region_find(0));
    assert_null(region_find(999999));
    assert_null(region_find(440399));
    assert_null(region_find(-110101));
    expect_refused(990000, 0, 0, "province_code");
    expect_refused(440000, 449900, 0, "city_code");
    expect_refused(440000, 440300, 440399, "district_code");
    expect_refused(440300, 440305, 0, "province_code"); /* city given as province */
    expect_refused(440000, 0, 0, "city_code");
    expect_refused(0, 440300, 440305, "province_code");
    expect_refused(0, 0, 440305, "province_code");
    assert_int_equal(region_check(0, 0, 0, NULL), KH_OK);
    expect_full_name(999999, "");
}

static void r_arc_13_children_and_counts(void **state)
{
    (void)state;
    size_t provinces = 0, cities = 0, districts = 0;
    int prev = 0;
    for (size_t i = 0; i < region_count(); i++) {
        const struct region *r = region_at(i);
        assert_true(r->code > prev); /* sorted, unique */
        prev = r->code;
        assert_ptr_equal(region_find(r->code), r);
        if (r->parent == 0)
            provinces++;
        else if (region_find(r->parent)->parent == 0)
            cities++;
        else
            districts++;
    }
    assert_null(region_at(region_count()));
    assert_true(provinces >= 31);
    assert_true(cities >= 330);
    assert_true(districts >= 2800);

    const struct region *top[64];
    size_t n = region_children(0, top, 64);
    assert_int_equal(n, provinces);
    assert_int_equal(top[0]->code, 110000);
    const struct region *few[2];
    size_t all = region_children(440300, few, 2); /* 深圳: more than 2 districts */
    assert_true(all > 2);
    assert_int_equal(few[0]->parent, 440300);
    assert_int_equal(region_children(440000, NULL, 0), 21); /* 广东's 21 cities */
    assert_int_equal(region_children(440305, NULL, 0), 0);
    assert_int_equal(region_children(123, NULL, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_arc_13_municipality_has_three_levels),
        cmocka_unit_test(r_arc_13_province_city_district_chain),
        cmocka_unit_test(r_arc_13_county_level_city_under_province),
        cmocka_unit_test(r_arc_13_district_may_be_empty_only_without_districts),
        cmocka_unit_test(r_arc_13_district_must_belong_to_city),
        cmocka_unit_test(r_arc_13_unknown_codes_refused),
        cmocka_unit_test(r_arc_13_cached_full_names_match_for_every_code),
        cmocka_unit_test(r_arc_13_children_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
