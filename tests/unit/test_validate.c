#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/str.h"
#include "text/validate.h"

#define S(lit) str_from(lit)

static void check_norm_phone(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    normalize_phone(str_from(in), &b);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

static void check_norm_upper(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    normalize_upper(str_from(in), &b);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

/* An 18-character ID number from 17 digits and their computed check character. */
static void id_with_check(const char *first17, char out[19])
{
    memcpy(out, first17, 17);
    out[17] = id_card_check_char(first17);
    out[18] = '\0';
}

static void r_arc_8_normalize_phone(void **state)
{
    (void)state;
    check_norm_phone("13800138000", "13800138000");
    check_norm_phone("+86 138-0013-8000", "13800138000");
    check_norm_phone("+86 (138) 0013 8000", "13800138000");
    check_norm_phone("0086 13800138000", "13800138000");
    check_norm_phone("8613800138000", "13800138000");
    check_norm_phone("１３８ ００１３ ８０００", "13800138000");
    check_norm_phone("010-6552 9988", "01065529988");
    check_norm_phone("86 10 6552 9988", "861065529988"); /* not a mobile: kept */
    check_norm_phone("", "");
    check_norm_phone("abc", "");
}

static void r_arc_7_mobile(void **state)
{
    (void)state;
    assert_true(valid_cn_mobile(S("13800138000")));
    assert_true(valid_cn_mobile(S("19912345678")));
    assert_true(valid_cn_mobile(S("+86 138 0013 8000")));
    assert_true(valid_cn_mobile(S("+86-138-0013-8000")));
    assert_true(valid_cn_mobile(S("0086 13800138000")));
    assert_true(valid_cn_mobile(S("138-0013-8000")));
    assert_false(valid_cn_mobile(S("12800138000")));  /* 12x is not a mobile prefix */
    assert_false(valid_cn_mobile(S("1380013800")));   /* 10 digits */
    assert_false(valid_cn_mobile(S("138001380001"))); /* 12 digits */
    assert_false(valid_cn_mobile(S("23800138000")));
    assert_false(valid_cn_mobile(S("1380013800a")));
    assert_false(valid_cn_mobile(S("tel:13800138000")));
    assert_false(valid_cn_mobile(S("138+00138000")));
    assert_false(valid_cn_mobile(S("+44 13800138000")));
    assert_false(valid_cn_mobile(S("")));
}

/* issue 9 item 3: a foreign number after '+' is not read as a mainland mobile. */
static void r_arc_7_issue_9_item_3_foreign_is_no_mobile(void **state)
{
    (void)state;
    assert_false(valid_cn_mobile(S("+1 415 555 0100")));
    assert_false(valid_cn_mobile(S("+14155550100")));
    assert_true(valid_cn_mobile(S("(+86) 138 0013 8000")));
}

static void check_canonical(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    bool ok = phone_canonical(str_from(in), &b);
    if (want) {
        assert_true(ok);
        assert_string_equal(buf_cstr(&b), want);
    } else {
        assert_false(ok);
        assert_int_equal(b.len, 0);
    }
    buf_release(&b);
}

/* issue 9 item 3: one stored form for every common way of typing a phone. */
static void r_arc_7_issue_9_item_3_phone_canonical(void **state)
{
    (void)state;
    check_canonical("+86 137 0013 7000", "13700137000");
    check_canonical("139-0013-9000", "13900139000");
    check_canonical("0086 13700137000", "13700137000");
    check_canonical("86-137-0013-7000", "13700137000");
    check_canonical("\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x97 0013 7000", "13700137000"); /* １３７ */
    check_canonical("(010) 6552 9988", "010-65529988");
    check_canonical("010-6552-9988", "010-65529988");
    check_canonical("+86 10 65529988", "010-65529988");
    check_canonical("021.6543.2100", "021-65432100");
    check_canonical("0755 2345678", "0755-2345678");
    check_canonical("(0755)23456789", "0755-23456789");
    check_canonical("0755-2345678 \xE8\xBD\xAC 801", "0755-2345678-801"); /* 转 */
    check_canonical("010-65529988-801", "010-65529988-801");
    check_canonical("010 65529988 ext. 12", "010-65529988-12");
    check_canonical("400-800-1234", "4008001234");
    check_canonical("6552 9988", "65529988");
    check_canonical("  13700137000  ", "13700137000");
    check_canonical("abc", NULL);
    check_canonical("12345", NULL);
    check_canonical("+1 415 555 0100", NULL);
    check_canonical("", NULL);
}

static void r_arc_7_phone_any(void **state)
{
    (void)state;
    assert_true(valid_phone_any(S("13800138000")));
    assert_true(valid_phone_any(S("010-65529988")));
    assert_true(valid_phone_any(S("(010) 6552 9988")));
    assert_true(valid_phone_any(S("0755-8765432")));
    assert_true(valid_phone_any(S("010-65529988-801")));
    assert_true(valid_phone_any(S("010-65529988 转 801")));
    assert_true(valid_phone_any(S("010-65529988 ext. 801")));
    assert_true(valid_phone_any(S("010-65529988#801")));
    assert_true(valid_phone_any(S("+86 10 6552 9988")));
    assert_true(valid_phone_any(S("65529988")));
    assert_true(valid_phone_any(S("400-810-8888")));
    assert_false(valid_phone_any(S("12345")));
    assert_false(valid_phone_any(S("0000-12345678")));
    assert_false(valid_phone_any(S("010-65529988-1234567"))); /* extension too long */
    assert_false(valid_phone_any(S("010-6552998a")));
    assert_false(valid_phone_any(S("call me")));
    assert_false(valid_phone_any(S("")));
    assert_false(valid_phone_any(S("0123456789012345678")));
}

static void r_arc_7_email(void **state)
{
    (void)state;
    assert_true(valid_email(S("zhang.wei@example.com")));
    assert_true(valid_email(S("zw+crm@mail.example.com.cn")));
    assert_true(valid_email(S("12345@qq.com")));
    assert_true(valid_email(S("a_b-c@xn--fiqs8s.xn--fiqs8s")));
    assert_false(valid_email(S("zhangwei")));
    assert_false(valid_email(S("zhang wei@example.com")));
    assert_false(valid_email(S("zw@example")));
    assert_false(valid_email(S("zw@@example.com")));
    assert_false(valid_email(S("zw@a@example.com")));
    assert_false(valid_email(S(".zw@example.com")));
    assert_false(valid_email(S("z..w@example.com")));
    assert_false(valid_email(S("zw.@example.com")));
    assert_false(valid_email(S("zw@-example.com")));
    assert_false(valid_email(S("zw@example..com")));
    assert_false(valid_email(S("zw@example.c")));
    assert_false(valid_email(S("zw@example.c0m")));
    assert_false(valid_email(S("@example.com")));
    assert_false(valid_email(S("张伟@example.com")));
    assert_false(valid_email(S("")));
    char longmail[300];
    memset(longmail, 'a', sizeof(longmail));
    memcpy(longmail + 250, "@b.cn", 6);
    assert_false(valid_email(S(longmail)));
}

static void r_arc_7_id_card_check_digit(void **state)
{
    (void)state;
    /* a published sample (Beijing Chaoyang, 1949-12-31) */
    assert_int_equal(id_card_check_char("11010519491231002"), 'X');
    assert_true(valid_id_card(S("11010519491231002X")));
    assert_true(valid_id_card(S("11010519491231002x")));
    char id[19];
    id_with_check("44030119900101123", id);
    assert_string_equal(id, "440301199001011234");
    assert_true(valid_id_card(S(id)));
    id_with_check("31011520000229123", id); /* 2000 is a leap year */
    assert_true(valid_id_card(S(id)));
    assert_int_equal(id_card_check_char("1101051949123100a"), '\0');
}

static void r_arc_7_id_card_invalid(void **state)
{
    (void)state;
    assert_false(valid_id_card(S("110105194912310020"))); /* wrong check digit */
    assert_false(valid_id_card(S("11010519491231002")));  /* 17 characters */
    assert_false(valid_id_card(S("11010519491231002X1")));
    assert_false(valid_id_card(S(" 11010519491231002X")));
    assert_false(valid_id_card(S("1101051949123100AX")));
    assert_false(valid_id_card(S("")));
    char id[19];
    id_with_check("31011519000229123", id); /* 1900 is not a leap year */
    assert_false(valid_id_card(S(id)));
    id_with_check("44030119901301123", id); /* month 13 */
    assert_false(valid_id_card(S(id)));
    id_with_check("44030119900431123", id); /* 31 April */
    assert_false(valid_id_card(S(id)));
    id_with_check("44030118991231123", id); /* before 1900 */
    assert_false(valid_id_card(S(id)));
    id_with_check("44030121010101123", id); /* after 2100 */
    assert_false(valid_id_card(S(id)));
    id_with_check("99030119900101123", id); /* no province 99 */
    assert_false(valid_id_card(S(id)));
    id_with_check("16030119900101123", id); /* no province 16 */
    assert_false(valid_id_card(S(id)));
    id_with_check("82030119900101123", id); /* Macao */
    assert_true(valid_id_card(S(id)));
}

static void r_arc_7_uscc_check_char(void **state)
{
    (void)state;
    assert_int_equal(uscc_check_char("91350100M000100Y4"), '3');
    assert_true(valid_uscc(S("91350100M000100Y43")));
    assert_true(valid_uscc(S("91350100m000100y43")));
    assert_int_equal(uscc_check_char("91110000100000000"), 'R');
    assert_true(valid_uscc(S("91110000100000000R")));
    /* a weighted sum divisible by 31 gives 31 - 0 = 31, written '0' */
    assert_int_equal(uscc_check_char("91350100M000100Y3"), '0');
    assert_true(valid_uscc(S("91350100M000100Y30")));
    assert_int_equal(uscc_check_char("I1350100M000100Y4"), '\0'); /* I is not in the alphabet */
}

static void r_arc_7_uscc_invalid(void **state)
{
    (void)state;
    assert_false(valid_uscc(S("91350100M000100Y44"))); /* one character changed */
    assert_false(valid_uscc(S("91350100M000101Y43")));
    assert_false(valid_uscc(S("91350100M000100Y4")));
    assert_false(valid_uscc(S("91350100M000100Y433")));
    assert_false(valid_uscc(S("9135010OM000100Y43"))); /* O is not in the alphabet */
    assert_false(valid_uscc(S("91A50100M000100Y43"))); /* division code not digits */
    assert_false(valid_uscc(S("")));
    /* every single-character change of a valid code is caught */
    char code[] = "91350100M000100Y43";
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (size_t i = 0; i < 18; i++) {
        char orig = code[i];
        for (size_t a = 0; a < sizeof(alphabet) - 1; a++) {
            if (alphabet[a] == orig)
                continue;
            code[i] = alphabet[a];
            assert_false(valid_uscc(S(code)));
        }
        code[i] = orig;
    }
    assert_true(valid_uscc(S(code)));
}

static void r_arc_8_normalize_upper(void **state)
{
    (void)state;
    check_norm_upper("  11010519491231002x \n", "11010519491231002X");
    check_norm_upper("91350100m000100y43", "91350100M000100Y43");
    check_norm_upper("９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43");
    check_norm_upper("", "");
    check_norm_upper("   ", "");
}

static void check_norm_compact(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    normalize_compact(str_from(in), &b);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

static void r_plt_3_issue_9_item_9_normalize_compact(void **state)
{
    (void)state;
    check_norm_compact("Ｔｒａｄｅ  press", "TRADEPRESS");
    check_norm_compact(" 高中 / 中专\t", "高中/中专");
    check_norm_compact("合作\u3000伙伴", "合作伙伴");
    check_norm_compact("A级（需求大且急）", "A级(需求大且急)");
    check_norm_compact("", "");
}

static void check_mask(bool id, const char *in, const char *want)
{
    char out[MASK_SIZE(64)];
    assert_true(strlen(in) < 64);
    size_t n = (id ? mask_id_number : mask_phone)(str_from(in), out);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
    assert_true(n < MASK_SIZE(strlen(in)));
    assert_true(!*want || is_masked(out));
}

static void r_sec_13_issue_12_item_9_masked_forms(void **state)
{
    (void)state;
    check_mask(false, "13800138000", "138****8000");
    check_mask(false, "010-65529988", "010-****9988");
    check_mask(false, "0755-2345678-801", "0755-***5678-801");
    check_mask(false, "4008001234", "400***1234");
    check_mask(false, "65529988", "****9988");
    check_mask(false, "", "");
    check_mask(false, "电话12345678", "****");
    check_mask(true, "11010519491231002X", "1101**********002X");
    check_mask(true, "110105194912310", "1101*******2310");
    check_mask(true, "1234", "**34");
    assert_false(is_masked("13800138000"));
    assert_false(is_masked(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_arc_8_normalize_phone),
        cmocka_unit_test(r_arc_7_mobile),
        cmocka_unit_test(r_arc_7_phone_any),
        cmocka_unit_test(r_arc_7_email),
        cmocka_unit_test(r_arc_7_id_card_check_digit),
        cmocka_unit_test(r_arc_7_id_card_invalid),
        cmocka_unit_test(r_arc_7_uscc_check_char),
        cmocka_unit_test(r_arc_7_uscc_invalid),
        cmocka_unit_test(r_arc_8_normalize_upper),
        cmocka_unit_test(r_arc_7_issue_9_item_3_foreign_is_no_mobile),
        cmocka_unit_test(r_arc_7_issue_9_item_3_phone_canonical),
        cmocka_unit_test(r_plt_3_issue_9_item_9_normalize_compact),
        cmocka_unit_test(r_sec_13_issue_12_item_9_masked_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
