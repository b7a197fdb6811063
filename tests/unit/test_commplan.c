/* Communication plans (R-INT-9): which period of a plan a day falls in, and that period's day. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "commplan/commplan.h"

/* Period k and its day of a plan every `every` unit from start (end: "" none) on today. */
static void check(const char *unit, int64_t every, const char *start, const char *end,
                  const char *today, int64_t k, const char *day)
{
    struct commplan p = {.unit = unit, .every = every, .start_day = start, .end_day = end};
    int64_t got = -1;
    char buf[16] = "";
    bool due = commplan_period_of(&p, today, &got, buf, sizeof(buf));
    if (!day) {
        assert_false(due);
        return;
    }
    assert_true(due);
    assert_int_equal(got, k);
    assert_string_equal(buf, day);
}

static void r_int_9_days_and_weeks(void **state)
{
    (void)state;
    check("weeks", 1, "2026-06-02", "", "2026-06-01", 0, NULL); /* before the start */
    check("weeks", 1, "2026-06-02", "", "2026-06-02", 0, "2026-06-02");
    check("weeks", 1, "2026-06-02", "", "2026-06-08", 0, "2026-06-02");
    check("weeks", 1, "2026-06-02", "", "2026-06-09", 1, "2026-06-09");
    check("weeks", 2, "2026-06-02", "", "2026-06-15", 0, "2026-06-02");
    check("weeks", 2, "2026-06-02", "", "2026-06-16", 1, "2026-06-16");
    check("days", 3, "2026-12-30", "", "2027-01-02", 1, "2027-01-02"); /* across a year */
    check("days", 1, "2028-02-28", "", "2028-02-29", 1, "2028-02-29"); /* a leap day */
}

static void r_int_9_months_keep_the_day_or_the_last(void **state)
{
    (void)state;
    check("months", 1, "2026-01-31", "", "2026-02-27", 0, "2026-01-31");
    check("months", 1, "2026-01-31", "", "2026-02-28", 1, "2026-02-28"); /* February's last */
    check("months", 1, "2026-01-31", "", "2026-03-30", 1, "2026-02-28");
    check("months", 1, "2026-01-31", "", "2026-03-31", 2, "2026-03-31");
    check("months", 1, "2026-01-31", "", "2026-04-30", 3, "2026-04-30");
    check("months", 3, "2026-11-15", "", "2027-02-14", 0, "2026-11-15");
    check("months", 3, "2026-11-15", "", "2027-02-15", 1, "2027-02-15"); /* across a year */
    check("months", 12, "2024-02-29", "", "2025-02-28", 1, "2025-02-28");
}

static void r_int_9_end_day(void **state)
{
    (void)state;
    check("weeks", 1, "2026-06-02", "2026-06-09", "2026-06-09", 1, "2026-06-09"); /* the last */
    check("weeks", 1, "2026-06-02", "2026-06-15", "2026-06-16", 0, NULL); /* would begin after */
    check("weeks", 1, "bad", "", "2026-06-16", 0, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_int_9_days_and_weeks),
        cmocka_unit_test(r_int_9_months_keep_the_day_or_the_last),
        cmocka_unit_test(r_int_9_end_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
