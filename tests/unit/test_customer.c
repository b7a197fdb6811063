/* Customer rules that need no server: numbering (R-ARC-1) and visibility (R-SEC-1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "customer/customer.h"

static const int64_t jan5 = 1767574800; /* 2026-01-05 09:00 +08:00 */

static void r_arc_1_code_follows_the_rule(void **state)
{
    (void)state;
    struct numbering_rule rule = {"KH", "yyyymm", 5, true};
    char code[64];
    customer_code_format(&rule, "SH", jan5, 42, code, sizeof(code));
    assert_string_equal(code, "KH-SH-202601-00042");
    rule.per_branch = false;
    customer_code_format(&rule, "SH", jan5, 7, code, sizeof(code));
    assert_string_equal(code, "KH-202601-00007");
    struct numbering_rule plain = {"", "none", 3, false};
    customer_code_format(&plain, "SH", jan5, 5, code, sizeof(code));
    assert_string_equal(code, "005");
    struct numbering_rule daily = {"C", "yyyymmdd", 4, true};
    customer_code_format(&daily, "HQ", jan5, 12345, code, sizeof(code));
    assert_string_equal(code, "C-HQ-20260105-12345");
}

static void r_arc_1_sequences_count_per_branch_and_period(void **state)
{
    (void)state;
    struct numbering_rule rule = {"KH", "yyyymm", 5, true};
    char a[64], b[64], c[64];
    customer_code_scope(&rule, "SH", jan5, a, sizeof(a));
    customer_code_scope(&rule, "HQ", jan5, b, sizeof(b));
    customer_code_scope(&rule, "SH", jan5 + 40 * 86400, c, sizeof(c));
    assert_string_not_equal(a, b);
    assert_string_not_equal(a, c);
    /* Company time, not UTC: 2026-01-31 23:30 in Shanghai is still January. */
    customer_code_scope(&rule, "SH", 1769873400, c, sizeof(c));
    assert_string_equal(a, c);
}

static void r_sec_1_salesperson_sees_only_own(void **state)
{
    (void)state;
    struct kh_actor a = {.user_id = 7, .department_id = 1};
    actor_set_scope(&a, &customer_scope_kind, KH_SCOPE_OWN);
    struct customer_scope s = customer_scope_of(&a);
    assert_true(customer_scope_allows(&s, 7, 1));
    assert_false(customer_scope_allows(&s, 8, 1));
    assert_false(customer_scope_allows(&s, 0, 1));
}

static void r_sec_1_manager_sees_department(void **state)
{
    (void)state;
    struct kh_actor a = {.user_id = 5, .department_id = 1};
    actor_set_scope(&a, &customer_scope_kind, KH_SCOPE_DEPARTMENT);
    struct customer_scope s = customer_scope_of(&a);
    assert_true(customer_scope_allows(&s, 7, 1));
    assert_true(customer_scope_allows(&s, 5, 2));
    assert_false(customer_scope_allows(&s, 9, 2));
    assert_false(customer_scope_allows(&s, 9, 0));
}

static void r_sec_1_roles_without_scope_see_nothing(void **state)
{
    (void)state;
    struct kh_actor none = {.user_id = 3};
    struct kh_actor all = {.user_id = 2};
    actor_set_scope(&all, &customer_scope_kind, KH_SCOPE_ALL_NONSECRET);
    struct customer_scope s = customer_scope_of(&none);
    assert_false(customer_scope_allows(&s, 3, 0));
    s = customer_scope_of(&all);
    assert_true(customer_scope_allows(&s, 99, 4));
}

static void choices_have_both_languages(void **state)
{
    (void)state;
    for (int i = 0; i < KH_CHOICE_SET_COUNT; i++) {
        const char *name = NULL;
        const struct kh_choice *set = customer_choice_set(i, &name);
        assert_non_null(set);
        assert_non_null(name);
        for (; set->value; set++) {
            assert_true(strlen(set->zh) > 0);
            assert_true(strlen(set->en) > 0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_arc_1_code_follows_the_rule),
        cmocka_unit_test(r_arc_1_sequences_count_per_branch_and_period),
        cmocka_unit_test(r_sec_1_salesperson_sees_only_own),
        cmocka_unit_test(r_sec_1_manager_sees_department),
        cmocka_unit_test(r_sec_1_roles_without_scope_see_nothing),
        cmocka_unit_test(choices_have_both_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
