#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "import/import_internal.h"
#include "text/validate.h"

static void expect_match(int set, const char *text, const char *value, const char *how)
{
    const char *got_how = NULL;
    const char *got = import__choice_match(set, text, &got_how);
    if (!value) {
        assert_null(got);
        assert_null(got_how);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, value);
    assert_string_equal(got_how, how);
}

/* The issue's examples, English names, and the variants an office types. */
static void r_plt_3_issue_9_item_9_choice_match(void **state)
{
    (void)state;
    expect_match(KH_CHOICE_SOURCES, "网络", "internet", "synonym");
    expect_match(KH_CHOICE_SOURCES, "合作伙伴介绍", "partner", "synonym");
    expect_match(KH_CHOICE_SOURCES, "朋友介绍", "referral", "synonym");
    expect_match(KH_CHOICE_SOURCES, "熟人介绍", "referral", "synonym");
    expect_match(KH_CHOICE_SOURCES, "互联网", "internet", "exact");
    expect_match(KH_CHOICE_SOURCES, "Trade press", "trade_press", "exact");
    expect_match(KH_CHOICE_SOURCES, "ＴＲＡＤＥ　ＰＲＥＳＳ", "trade_press", "exact");
    expect_match(KH_CHOICE_SOURCES, "Trade Show", "exhibition", "synonym");
    expect_match(KH_CHOICE_SOURCES, "合 作 伙 伴", "partner", "exact");
    expect_match(KH_CHOICE_GRADES, "A级(需求大且急)", "A", "exact");
    expect_match(KH_CHOICE_GRADES, "ｂ类", "B", "synonym");
    expect_match(KH_CHOICE_GENDERS, "f", "female", "synonym");
    expect_match(KH_CHOICE_SOURCES, "扫街", NULL, NULL);
    expect_match(KH_CHOICE_SOURCES, "", NULL, NULL);
    expect_match(KH_CHOICE_SOURCES, "   ", NULL, NULL);
}

static bool allowed(int set, const char *v)
{
    const char *name = NULL;
    for (const struct kh_choice *c = customer_choice_set(set, &name); c && c->value; c++)
        if (!strcmp(c->value, v))
            return true;
    return false;
}

/* Every synonym is written as a cell folds, means an allowed value, and is not one itself. */
static void r_plt_3_issue_9_item_9_synonyms_are_consistent(void **state)
{
    (void)state;
    size_t n = 0;
    const struct import_synonym *syn = import__synonyms(&n);
    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        struct buf b;
        buf_init(&b, 0);
        normalize_compact(str_from(syn[i].from), &b);
        assert_string_equal(buf_cstr(&b), syn[i].from);
        buf_release(&b);
        assert_true(allowed(syn[i].set, syn[i].value));
        const char *how = NULL;
        const char *v = import__choice_match(syn[i].set, syn[i].from, &how);
        assert_non_null(v);
        if (!strcmp(how, "exact")) /* an allowed value's own name needs no synonym... */
            assert_string_equal(v, syn[i].value); /* ...and must not contradict it */
        for (size_t k = 0; k < i; k++)            /* one meaning per word and set */
            assert_false(syn[k].set == syn[i].set && !strcmp(syn[k].from, syn[i].from));
    }
}

static void r_plt_3_issue_9_item_9_custom_options(void **state)
{
    (void)state;
    const char *opts[] = {"高中/中专", "本科", "MBA"};
    struct custom_field f = {.key = "education", .type = "choice", .options = opts, .noptions = 3};
    const char *how = NULL;
    assert_string_equal(import__custom_match(&f, "本科", &how), "本科");
    assert_string_equal(how, "exact");
    assert_string_equal(import__custom_match(&f, "高中 / 中专", &how), "高中/中专");
    assert_string_equal(import__custom_match(&f, "ｍｂａ", &how), "MBA");
    assert_null(import__custom_match(&f, "研究生", &how));
    assert_null(how);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_plt_3_issue_9_item_9_choice_match),
        cmocka_unit_test(r_plt_3_issue_9_item_9_synonyms_are_consistent),
        cmocka_unit_test(r_plt_3_issue_9_item_9_custom_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
