#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/tz.h"
#include "core/err.h"
#include "core/jsonw.h"
#include "core/str.h"
#include "core/utf8.h"

static void test_buf_cap(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 8);
    buf_puts(&b, "1234");
    assert_false(b.overflow);
    buf_puts(&b, "56789");
    assert_true(b.overflow);
    assert_string_equal(buf_cstr(&b), "1234");
    buf_release(&b);
}

static void test_arena(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *s = arena_printf(&a, "%s-%d", "kehu", 42);
    assert_string_equal(s, "kehu-42");
    char *big = arena_alloc(&a, 100000);
    big[99999] = 'x';
    arena_release(&a);
}

static void test_str_to_i64(void **state)
{
    (void)state;
    long long v = 0;
    assert_true(str_to_i64(str_from("42"), 0, 100, &v));
    assert_int_equal(v, 42);
    assert_false(str_to_i64(str_from("4x"), 0, 100, &v));
    assert_false(str_to_i64(str_from("101"), 0, 100, &v));
    assert_false(str_to_i64(str_from(""), 0, 100, &v));
    assert_false(str_to_i64(str_from("99999999999999999999"), 0, 100, &v));
}

static void test_time_roundtrip(void **state)
{
    (void)state;
    int64_t t = 0;
    assert_true(time_parse_iso(tz_default(), "2026-01-05T09:00:00+08:00", &t));
    assert_int_equal(t, 1767574800);
    char out[40];
    time_format_iso(tz_default(), t, out, sizeof(out));
    assert_string_equal(out, "2026-01-05T09:00:00+08:00");
    assert_true(time_parse_iso(tz_default(), "2026-01-05T01:00:00Z", &t));
    assert_int_equal(t, 1767574800);
    assert_false(time_parse_iso(tz_default(), "2026-02-30", &t));
    assert_true(date_valid("2024-02-29"));
    assert_false(date_valid("2023-02-29"));
    assert_false(date_valid("2023-13-01"));
}

/* The hand-written formatter agrees with the C library across 1970-2100. */
static void test_time_format_matches_libc(void **state)
{
    (void)state;
    for (int64_t t = 0; t < 4102444800LL; t += 7919 * 3607) {
        time_t local = (time_t)(t + 8 * 3600);
        struct tm tm;
        gmtime_r(&local, &tm);
        char want[40], got[40];
        strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S+08:00", &tm);
        time_format_iso(tz_default(), t, got, sizeof(got));
        assert_string_equal(got, want);
        int64_t back = 0;
        assert_true(time_parse_iso(tz_default(), got, &back));
        assert_int_equal(back, t);
    }
}

static void test_test_clock(void **state)
{
    (void)state;
    struct kh_clock real, test;
    clock_init(&real, false);
    clock_init(&test, true);
    assert_false(clock_set(&real, 1000));
    assert_true(clock_set(&test, 1000));
    assert_int_equal(clock_now(&test), 1000);
    assert_true(clock_advance(&test, 3 * 86400));
    assert_int_equal(clock_now(&test), 1000 + 3 * 86400);
}

static void test_err_table(void **state)
{
    (void)state;
    struct kh_err err;
    kh_err_clear(&err);
    assert_int_equal(kh_err_set(&err, KH_E_CONFLICT, "mobile", "重复", "duplicate"), KH_E_CONFLICT);
    assert_string_equal(err.field, "mobile");
    assert_int_equal(kh_status_http(KH_E_CONFLICT), 409);
    assert_string_equal(kh_status_name(KH_E_VALIDATION), "validation");
}

/* The writer's text is what json_dumps(JSON_COMPACT) writes for the same values. */
static void test_json_writer_matches_jansson(void **state)
{
    (void)state;
    const char *text = "张伟 \"quoted\" back\\slash\nline\ttab\x01\x1f end/";
    struct buf b;
    buf_init(&b, 0);
    buf_putc(&b, '{');
    jw_kstr(&b, "s", text);
    jw_kint(&b, "n", -9007199254740991LL);
    jw_kint(&b, "z", 0);
    jw_key(&b, "a");
    buf_putc(&b, '[');
    jw_item(&b);
    jw_bool(&b, true);
    jw_item(&b);
    jw_null(&b);
    jw_item(&b);
    jw_str(&b, NULL);
    buf_puts(&b, "]}");
    json_t *v = json_pack("{s:s, s:I, s:i, s:[b, n, s]}", "s", text, "n",
                          (json_int_t)-9007199254740991LL, "z", 0, "a", 1, "");
    char *want = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(buf_cstr(&b), want);
    free(want);
    json_decref(v);
    buf_release(&b);
}

static void utf8_cut_never_splits_a_character(void **state)
{
    (void)state;
    const char *s = "客户A😀"; /* 3 + 3 + 1 + 4 bytes */
    assert_int_equal(utf8_cut(s, 11), 11);
    assert_int_equal(utf8_cut(s, 10), 7); /* inside the emoji */
    assert_int_equal(utf8_cut(s, 8), 7);
    assert_int_equal(utf8_cut(s, 7), 7);
    assert_int_equal(utf8_cut(s, 5), 3); /* inside 户 */
    assert_int_equal(utf8_cut(s, 4), 3);
    assert_int_equal(utf8_cut(s, 1), 0);
    assert_int_equal(utf8_cut(s, 0), 0);
    assert_int_equal(utf8_cut("ab", 2), 2);
}

static void long_error_texts_are_cut_at_a_character_boundary(void **state)
{
    (void)state;
    char zh[600];
    size_t n = 0;
    /* 2 ASCII bytes first, so the 3-byte characters straddle the 255-byte limit. */
    zh[n++] = 'x';
    zh[n++] = 'y';
    while (n + 3 < sizeof(zh)) {
        memcpy(zh + n, "客", 3);
        n += 3;
    }
    zh[n] = '\0';
    struct kh_err err;
    kh_err_set(&err, KH_E_VALIDATION, "name", zh, "too long");
    assert_true(utf8_valid(err.msg_zh, strlen(err.msg_zh)));
    assert_int_equal(strlen(err.msg_zh), 254); /* 2 + 84 characters of 3 bytes */
    kh_err_setf(&err, KH_E_VALIDATION, "name", "%s", "%s", zh, zh);
    assert_true(utf8_valid(err.msg_zh, strlen(err.msg_zh)));
    assert_true(utf8_valid(err.msg_en, strlen(err.msg_en)));
}

static void each_language_formats_its_own_arguments(void **state)
{
    (void)state;
    struct kh_err err;
    kh_err_setf(&err, KH_E_VALIDATION, "custom.vip", "「%s」的值不符合字段类型 %s",
                "value of \"%s\" does not fit its type %s", "会员等级", "number", "VIP level",
                "number");
    assert_string_equal(err.msg_zh, "「会员等级」的值不符合字段类型 number");
    assert_string_equal(err.msg_en, "value of \"VIP level\" does not fit its type number");
    kh_err_setf(&err, KH_E_VALIDATION, "file", "有 %lld 行数据有误，第 %d 行起",
                "%lld rows, from row %d", (long long)7, 3, (long long)7, 3);
    assert_string_equal(err.msg_zh, "有 7 行数据有误，第 3 行起");
    assert_string_equal(err.msg_en, "7 rows, from row 3");
    kh_err_setf(&err, KH_E_INVALID, "file", "文件不完整：%ld / %zu 字节",
                "truncated: %ld of %zu bytes", (long)10, (size_t)20, (long)10, (size_t)20);
    assert_string_equal(err.msg_en, "truncated: 10 of 20 bytes");
}

/* issue 9 item 7: a check that collects reports each field once, the first as the error's own. */
static void r_arc_7_collected_errors_keep_each_field_once(void **state)
{
    (void)state;
    struct kh_err err;
    struct kh_err_fields all;
    kh_err_collect(&err, &all);
    assert_int_equal(err.code, KH_OK);
    assert_int_equal(kh_err_add(&err, "mobile", "手机号码格式不正确", "invalid mobile"),
                     KH_E_VALIDATION);
    kh_err_addf(&err, "email", "邮箱「%s」不正确", "e-mail \"%s\" is invalid", "a@", "a@");
    kh_err_add(&err, "mobile", "第二个", "second"); /* a field's later failure is dropped */
    assert_int_equal(err.code, KH_E_VALIDATION);
    assert_string_equal(err.field, "mobile");
    assert_string_equal(err.msg_en, "invalid mobile");
    assert_ptr_equal(err.fields, &all);
    assert_int_equal(all.n, 2);
    assert_string_equal(all.items[1].field, "email");
    assert_string_equal(all.items[1].msg_zh, "邮箱「a@」不正确");
    assert_string_equal(all.items[1].msg_en, "e-mail \"a@\" is invalid");
    /* a new error is a single one again */
    kh_err_set(&err, KH_E_INTERNAL, "", "内部错误", "internal error");
    assert_null(err.fields);
    /* without a list, the first failure is kept */
    kh_err_clear(&err);
    kh_err_add(&err, "name", "请填写", "required");
    kh_err_add(&err, "email", "不正确", "invalid");
    assert_string_equal(err.field, "name");
    assert_null(err.fields);
}

static void a_wrapped_error_keeps_each_language_apart(void **state)
{
    (void)state;
    struct kh_err err;
    kh_err_set(&err, KH_E_NOT_FOUND, "", "文件不存在", "no such file");
    assert_int_equal(
        kh_err_wrap(&err, KH_E_INVALID, "file", "无法打开备份：", "cannot open the backup: "),
        KH_E_INVALID);
    assert_int_equal(err.code, KH_E_INVALID);
    assert_string_equal(err.field, "file");
    assert_string_equal(err.msg_zh, "无法打开备份：文件不存在");
    assert_string_equal(err.msg_en, "cannot open the backup: no such file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_cap),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_str_to_i64),
        cmocka_unit_test(test_time_roundtrip),
        cmocka_unit_test(test_test_clock),
        cmocka_unit_test(test_err_table),
        cmocka_unit_test(utf8_cut_never_splits_a_character),
        cmocka_unit_test(long_error_texts_are_cut_at_a_character_boundary),
        cmocka_unit_test(a_wrapped_error_keeps_each_language_apart),
        cmocka_unit_test(r_arc_7_collected_errors_keep_each_field_once),
        cmocka_unit_test(each_language_formats_its_own_arguments),
        cmocka_unit_test(test_json_writer_matches_jansson),
        cmocka_unit_test(test_time_format_matches_libc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
