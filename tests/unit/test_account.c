/* The password policy (account_password_check): what is refused, and why. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "account/account.h"
#include "account/account_internal.h"

/* KH_OK, or the English reason of the refusal (which names field). */
static const char *refusal(const char *pw, const char *username)
{
    static struct kh_err err;
    kh_err_clear(&err);
    if (account_password_check(pw, username, "new_password", &err) == KH_OK)
        return NULL;
    assert_int_equal(err.code, KH_E_VALIDATION);
    assert_string_equal(err.field, "new_password");
    return err.msg_en;
}

static void refused_for(const char *pw, const char *username, const char *why)
{
    const char *got = refusal(pw, username);
    if (!got || !strstr(got, why))
        fail_msg("%s: expected a refusal for \"%s\", got %s", pw, why, got ? got : "none");
}

static void test_length(void **state)
{
    (void)state;
    refused_for("", NULL, "at least 12");
    refused_for("eleven-char", NULL, "at least 12");
    refused_for("一二三四五六七八九十零", NULL, "at least 12"); /* 11 characters, 33 bytes */
    assert_null(refusal("一二三四五六七八九十零乙", NULL));
    char long_pw[140];
    for (int i = 0; i < 129; i++)
        long_pw[i] = (char)('a' + (i * 7) % 26);
    long_pw[129] = '\0';
    refused_for(long_pw, NULL, "at most 128");
    long_pw[128] = '\0';
    assert_null(refusal(long_pw, NULL));
}

static void test_username(void **state)
{
    (void)state;
    refused_for("xx-zhangwei-xx", "zhangwei", "username");
    refused_for("ZhangWei-1990!", "zhangwei", "username");
    /* usernames of one or two characters are too short to mean anything inside a password */
    assert_null(refusal("limitless journey", "li"));
}

static void test_repeated_and_runs(void **state)
{
    (void)state;
    refused_for("aaaaaaaaaaaa", NULL, "repeated or consecutive");
    refused_for("ABABABABABAB", NULL, "repeated or consecutive");
    refused_for("xyzwxyzwxyzw", NULL, "repeated or consecutive");
    refused_for("123456789012", NULL, "repeated or consecutive");
    refused_for("987654321098", NULL, "repeated or consecutive");
    refused_for("mnopqrstuvwx", NULL, "repeated or consecutive");
    refused_for("yzabcdefghij", NULL, "repeated or consecutive"); /* wraps z -> a */
    assert_null(refusal("abcdeabcdeab", NULL));                   /* a group of five: long enough */
    assert_null(refusal("1234567890ab", NULL));
}

static void test_common(void **state)
{
    (void)state;
    assert_int_equal(account__common_password_count, 10000);
    for (size_t i = 1; i < account__common_password_count; i++)
        assert_true(strcmp(account__common_passwords[i - 1], account__common_passwords[i]) < 0);
    refused_for("1qaz2wsx3edc", NULL, "most common");
    refused_for("QwErTy123456", NULL, "most common");
    refused_for("password2026!", NULL, "most common");
    refused_for("!!2026dragon", NULL, "most common");
    assert_null(refusal("kehu-demo-2026", NULL));
    assert_null(refusal("correct horse battery", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_username),
        cmocka_unit_test(test_repeated_and_runs),
        cmocka_unit_test(test_common),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
