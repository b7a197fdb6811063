/* The business calendar (R-INT-7): working days and business hours over the 2026 holidays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "calendar/calendar.h"
#include "core/clock.h"
#include "db_fixture.h"

/* An instant given in China time (the fixture's company zone is the built-in default, +08:00). */
static int64_t cst(const char *iso)
{
    int64_t t = 0;
    assert_true(time_parse_iso(NULL, iso, &t));
    return t;
}

static void check_days(struct db_fixture *f, const char *from, int n, const char *want)
{
    struct kh_err err;
    int64_t out = 0;
    assert_int_equal(calendar_add_working_days(&f->ctx, cst(from), n, &out, &err), KH_OK);
    assert_int_equal(out, cst(want));
}

static void check_minutes(struct db_fixture *f, const char *from, int64_t m, const char *want)
{
    struct kh_err err;
    int64_t out = 0;
    assert_int_equal(calendar_add_business_minutes(&f->ctx, cst(from), m, &out, &err), KH_OK);
    assert_int_equal(out, cst(want));
}

static void r_int_7_issue_13_item_1_working_days(void **state)
{
    (void)state;
    struct db_fixture *f = db_fixture_open("calendar");
    /* An ordinary week: Friday + 2 is Tuesday. */
    check_days(f, "2026-03-06T15:00:00+08:00", 2, "2026-03-10T15:00:00+08:00");
    check_days(f, "2026-03-06T15:00:00+08:00", 0, "2026-03-06T15:00:00+08:00");
    /* Spring Festival: Saturday 14 February is worked, 15-23 are not. */
    check_days(f, "2026-02-13T10:00:00+08:00", 1, "2026-02-14T10:00:00+08:00");
    check_days(f, "2026-02-13T10:00:00+08:00", 2, "2026-02-24T10:00:00+08:00");
    /* National Day: 30 September + 1 is 8 October; Sunday 20 September is worked. */
    check_days(f, "2026-09-30T09:00:00+08:00", 1, "2026-10-08T09:00:00+08:00");
    check_days(f, "2026-09-18T09:00:00+08:00", 1, "2026-09-20T09:00:00+08:00");
    struct kh_err err;
    bool worked = true;
    assert_int_equal(
        calendar_is_working_day(&f->ctx, cst("2026-10-01T12:00:00+08:00"), &worked, &err), KH_OK);
    assert_false(worked);
    assert_int_equal(
        calendar_is_working_day(&f->ctx, cst("2026-10-10T12:00:00+08:00"), &worked, &err), KH_OK);
    assert_true(worked);
    int64_t out = 0;
    assert_int_equal(calendar_add_working_days(&f->ctx, 0, -1, &out, &err), KH_E_VALIDATION);
    assert_int_equal(
        calendar_add_working_days(&f->ctx, 0, CALENDAR_MAX_WORKING_DAYS + 1, &out, &err),
        KH_E_VALIDATION);
    db_fixture_close(f);
}

static void r_int_7_issue_13_item_1_business_hours(void **state)
{
    (void)state;
    struct db_fixture *f = db_fixture_open("calendar");
    /* 9:00-18:00: an hour before closing plus an hour after the holiday week. */
    check_minutes(f, "2026-09-30T17:00:00+08:00", 120, "2026-10-08T10:00:00+08:00");
    /* Before opening counts from the opening; a weekend counts nothing. */
    check_minutes(f, "2026-03-09T07:30:00+08:00", 30, "2026-03-09T09:30:00+08:00");
    check_minutes(f, "2026-03-07T11:00:00+08:00", 60, "2026-03-09T10:00:00+08:00");
    /* Exactly to the close stays on the day. */
    check_minutes(f, "2026-03-09T17:00:00+08:00", 60, "2026-03-09T18:00:00+08:00");
    /* A company holiday added by hand is skipped too. */
    struct kh_err err;
    struct calendar_day d = {"2026-03-10", "holiday", "公司年会", "Company day", ""};
    assert_int_equal(calendar_day_put(&f->ctx, &d, &err), KH_OK);
    check_minutes(f, "2026-03-09T17:00:00+08:00", 120, "2026-03-11T10:00:00+08:00");
    check_days(f, "2026-03-09T17:00:00+08:00", 1, "2026-03-11T17:00:00+08:00");
    db_fixture_close(f);
}

/* "4-6 months after a purchase": calendar months, a missing day becoming the month's last. */
static void r_int_4_issue_13_item_4_months(void **state)
{
    (void)state;
    struct db_fixture *f = db_fixture_open("calendar_months");
    const struct {
        const char *from;
        int n;
        const char *want;
    } cases[] = {
        {"2026-06-01T09:30:00+08:00", 4, "2026-10-01T09:30:00+08:00"},
        {"2026-01-31T10:00:00+08:00", 1, "2026-02-28T10:00:00+08:00"},
        {"2028-01-31T10:00:00+08:00", 1, "2028-02-29T10:00:00+08:00"},
        {"2026-11-30T23:59:00+08:00", 3, "2027-02-28T23:59:00+08:00"},
        {"2026-12-15T00:00:00+08:00", 12, "2027-12-15T00:00:00+08:00"},
        {"2026-05-05T08:00:00+08:00", 0, "2026-05-05T08:00:00+08:00"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(calendar_add_months(&f->ctx, cst(cases[i].from), cases[i].n),
                         cst(cases[i].want));
    db_fixture_close(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_int_7_issue_13_item_1_working_days),
        cmocka_unit_test(r_int_7_issue_13_item_1_business_hours),
        cmocka_unit_test(r_int_4_issue_13_item_4_months),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
