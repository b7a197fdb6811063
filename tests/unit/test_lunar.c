/* Lunar dates 农历 (R-INT-7): the generated table against dates published by the State Council and
 * CMA. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar/lunar.h"
#include "core/clock.h"

static int64_t day(int y, unsigned m, unsigned d)
{
    return days_from_civil(y, m, d);
}

static void check(int64_t solar, int year, int month, bool leap, int dd, const char *text)
{
    struct lunar_date l;
    assert_true(lunar_from_solar(solar, &l));
    assert_int_equal(l.year, year);
    assert_int_equal(l.month, month);
    assert_int_equal(l.leap, leap);
    assert_int_equal(l.day, dd);
    char buf[48];
    assert_string_equal(lunar_text(&l, buf), text);
    int64_t back = 0;
    assert_true(lunar_to_solar(&l, &back));
    assert_int_equal(back, solar);
}

static void r_int_7_issue_13_item_1_known_dates(void **state)
{
    (void)state;
    check(day(2026, 2, 17), 2026, 1, false, 1, "丙午年正月初一");  /* Spring Festival 2026 */
    check(day(2026, 9, 25), 2026, 8, false, 15, "丙午年八月十五"); /* Mid-Autumn 2026 */
    check(day(2024, 2, 9), 2023, 12, false, 30, "癸卯年腊月三十"); /* New Year's Eve 2024 */
    check(day(2025, 6, 25), 2025, 6, false, 1, "乙巳年六月初一");
    check(day(2025, 7, 25), 2025, 6, true, 1, "乙巳年闰六月初一"); /* 2025's leap month */
    check(day(2023, 3, 22), 2023, 2, true, 1, "癸卯年闰二月初一");
    check(day(2033, 12, 22), 2033, 11, true, 1, "癸丑年闰冬月初一"); /* the "2033 problem" */
    check(day(1900, 1, 31), 1900, 1, false, 1, "庚子年正月初一");    /* the table's first day */
    assert_int_equal(lunar_leap_month(2025), 6);
    assert_int_equal(lunar_leap_month(2026), 0);
    assert_string_equal(lunar_zodiac(2026), "马");
    /* outside the table */
    struct lunar_date l;
    assert_false(lunar_from_solar(day(1900, 1, 30), &l));
    assert_true(lunar_from_solar(lunar_last_day(), &l));
    assert_int_equal(l.year, 2100);
    assert_false(lunar_from_solar(lunar_last_day() + 1, &l));
    assert_int_equal(lunar_last_day(), day(2101, 1, 28));
}

static void r_int_7_issue_13_item_1_every_day_round_trips(void **state)
{
    (void)state;
    struct lunar_date prev = {0}, l;
    for (int64_t d = lunar_first_day(); d <= lunar_last_day(); d++) {
        assert_true(lunar_from_solar(d, &l));
        int64_t back = 0;
        assert_true(lunar_to_solar(&l, &back));
        assert_int_equal(back, d);
        if (d > lunar_first_day() && l.day == 1) /* the month before was whole */
            assert_true(prev.day == 29 || prev.day == 30);
        prev = l;
    }
}

static void r_int_7_issue_13_item_1_refused_dates(void **state)
{
    (void)state;
    int64_t out = 0;
    struct lunar_date no_leap = {2026, 6, 1, true}, short_month = {2026, 1, 30, false};
    assert_false(lunar_to_solar(&no_leap, &out)); /* 2026 has no leap month */
    if (lunar_month_days(2026, 1, false) == 29)
        assert_false(lunar_to_solar(&short_month, &out));
    struct lunar_date bad[] = {{1899, 1, 1, false}, {2101, 1, 1, false}, {2026, 13, 1, false},
                               {2026, 0, 1, false}, {2026, 1, 0, false}, {2026, 1, 31, false}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(lunar_to_solar(&bad[i], &out));
}

static void r_int_7_issue_13_item_1_yearly_lunar_dates(void **state)
{
    (void)state;
    int64_t out = 0;
    /* A birthday on 闰六月初十: in the leap month when the year has one … */
    assert_true(lunar_next(day(2025, 7, 1), 6, 10, true, &out));
    assert_int_equal(out, day(2025, 8, 3));
    /* … else on 六月初十 */
    struct lunar_date plain = {2026, 6, 10, false};
    int64_t want = 0;
    assert_true(lunar_to_solar(&plain, &want));
    assert_true(lunar_next(day(2026, 1, 1), 6, 10, true, &out));
    assert_int_equal(out, want);
    /* A 腊月 birthday seen in January falls in the lunar year before. */
    assert_true(lunar_next(day(2026, 1, 5), 12, 20, false, &out));
    assert_int_equal(out, day(2026, 2, 7));
    /* Day 30 of a month that has 29 days this year falls on its 29th. */
    for (int y = 2026; y < 2040; y++) {
        if (lunar_month_days(y, 12, false) != 29)
            continue;
        struct lunar_date last = {y, 12, 29, false};
        assert_true(lunar_to_solar(&last, &want));
        struct lunar_date start = {y, 1, 1, false};
        int64_t from = 0;
        assert_true(lunar_to_solar(&start, &from));
        assert_true(lunar_next(from, 12, 30, false, &out));
        assert_int_equal(out, want);
        break;
    }
    assert_false(lunar_next(lunar_last_day() + 1, 1, 1, false, &out));
    assert_false(lunar_next(day(2026, 1, 1), 13, 1, false, &out));
}

static void r_int_6_issue_13_item_6_birthdays(void **state)
{
    (void)state;
    struct birthday b;
    assert_true(birthday_parse("1985-06-05", &b));
    assert_false(b.lunar);
    assert_true(birthday_parse("农历1990-06-10", &b));
    assert_true(b.lunar && !b.leap && b.year == 1990 && b.month == 6 && b.day == 10);
    assert_true(birthday_parse("农历2025-闰06-10", &b));
    assert_true(b.lunar && b.leap && b.month == 6);
    const char *bad[] = {"",
                         "1985-02-29",
                         "1985-13-01",
                         "农历2026-闰06-10",
                         "农历85-06-10",
                         "农历1985-6-10",
                         "农历1985-06-31",
                         "1985-06-05x",
                         "闰1985-06-05",
                         "lunar"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(birthday_parse(bad[i], &b));
    int64_t out = 0;
    /* a solar one: this year, or next year once passed; 29 February on the 28th otherwise */
    assert_true(birthday_parse("1985-06-05", &b));
    assert_true(birthday_next(&b, day(2026, 6, 5), &out));
    assert_int_equal(out, day(2026, 6, 5));
    assert_true(birthday_next(&b, day(2026, 6, 6), &out));
    assert_int_equal(out, day(2027, 6, 5));
    assert_true(birthday_parse("2000-02-29", &b));
    assert_true(birthday_next(&b, day(2027, 1, 1), &out));
    assert_int_equal(out, day(2027, 2, 28));
    assert_true(birthday_next(&b, day(2028, 1, 1), &out));
    assert_int_equal(out, day(2028, 2, 29));
    /* a lunar leap-month one, as lunar_next keeps it */
    assert_true(birthday_parse("农历2025-闰06-10", &b));
    assert_true(birthday_next(&b, day(2025, 7, 1), &out));
    assert_int_equal(out, day(2025, 8, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_int_7_issue_13_item_1_known_dates),
        cmocka_unit_test(r_int_7_issue_13_item_1_every_day_round_trips),
        cmocka_unit_test(r_int_7_issue_13_item_1_refused_dates),
        cmocka_unit_test(r_int_7_issue_13_item_1_yearly_lunar_dates),
        cmocka_unit_test(r_int_6_issue_13_item_6_birthdays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
