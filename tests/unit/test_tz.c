/*
 * Time zones from the system's zoneinfo (package tzdata): reading TZif
 * files, offsets across daylight-saving changes (from the file's
 * transitions and, past them, from its POSIX rule), local times back to
 * instants, and refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/tz.h"

/* Instant of a UTC calendar time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
}

/* Local (wall clock) time as Unix seconds. */
static int64_t local(int y, int mo, int d, int h, int mi)
{
    return utc(y, mo, d, h, mi, 0);
}

static struct kh_tz *load(const char *name)
{
    struct kh_tz *tz = NULL;
    struct kh_err err;
    enum kh_status st = tz_load(KH_TZ_DIR, name, &tz, &err);
    if (st)
        fail_msg("%s: %s (is tzdata installed?)", name, err.msg_en);
    return tz;
}

static void iso(const struct kh_tz *tz, int64_t t, const char *want)
{
    char got[40];
    time_format_iso(tz, t, got, sizeof(got));
    assert_string_equal(got, want);
    int64_t back = 0;
    assert_true(time_parse_iso(tz, got, &back));
    assert_int_equal(back, t);
}

static void berlin_moves_to_summer_time_on_2026_03_29(void **state)
{
    (void)state;
    struct kh_tz *berlin = load("Europe/Berlin");
    assert_string_equal(tz_name(berlin), "Europe/Berlin");
    /* At 01:00 UTC the clocks go from 02:00 CET to 03:00 CEST. */
    assert_int_equal(tz_offset(berlin, utc(2026, 3, 29, 0, 59, 59)), 3600);
    assert_int_equal(tz_offset(berlin, utc(2026, 3, 29, 1, 0, 0)), 7200);
    iso(berlin, utc(2026, 3, 29, 0, 59, 59), "2026-03-29T01:59:59+01:00");
    iso(berlin, utc(2026, 3, 29, 1, 0, 0), "2026-03-29T03:00:00+02:00");
    /* Local times back to instants: 02:30 does not exist that day and lands at 03:30. */
    assert_int_equal(tz_from_local(berlin, local(2026, 3, 29, 1, 30)), utc(2026, 3, 29, 0, 30, 0));
    assert_int_equal(tz_from_local(berlin, local(2026, 3, 29, 3, 0)), utc(2026, 3, 29, 1, 0, 0));
    assert_int_equal(tz_from_local(berlin, local(2026, 3, 29, 2, 30)), utc(2026, 3, 29, 1, 30, 0));
    iso(berlin, utc(2026, 3, 29, 1, 30, 0), "2026-03-29T03:30:00+02:00");
    /* The day has 23 hours: midnight to midnight. */
    int64_t day = 0;
    assert_true(time_parse_iso(berlin, "2026-03-29", &day));
    assert_int_equal(day, utc(2026, 3, 28, 23, 0, 0));
    assert_int_equal(time_day_after(berlin, day) - day, 23 * 3600);
    char d[16];
    time_format_date(berlin, utc(2026, 3, 28, 23, 0, 0), d, sizeof(d));
    assert_string_equal(d, "2026-03-29");
    tz_free(berlin);
}

static void berlin_repeats_an_hour_on_2026_10_25(void **state)
{
    (void)state;
    struct kh_tz *berlin = load("Europe/Berlin");
    /* At 01:00 UTC the clocks go from 03:00 CEST back to 02:00 CET: 02:30 happens twice. */
    iso(berlin, utc(2026, 10, 25, 0, 30, 0), "2026-10-25T02:30:00+02:00");
    iso(berlin, utc(2026, 10, 25, 1, 30, 0), "2026-10-25T02:30:00+01:00");
    assert_int_equal(tz_from_local(berlin, local(2026, 10, 25, 2, 30)),
                     utc(2026, 10, 25, 0, 30, 0));
    int64_t day = 0;
    assert_true(time_parse_iso(berlin, "2026-10-25", &day));
    assert_int_equal(time_day_after(berlin, day) - day, 25 * 3600);
    tz_free(berlin);
}

/* Past the file's transitions (2037 in a "fat" file, earlier in a "slim" one) the rule decides. */
static void the_footer_rule_continues_the_transitions(void **state)
{
    (void)state;
    struct kh_tz *berlin = load("Europe/Berlin");
    /* Last Sunday of March and of October, 01:00 UTC, every year. */
    for (int y = 2026; y <= 2100; y++) {
        int64_t mar = days_from_civil(y, 3, 31), oct = days_from_civil(y, 10, 31);
        mar -= ((mar + 4) % 7 + 7) % 7; /* back to Sunday (1970-01-01 was a Thursday) */
        oct -= ((oct + 4) % 7 + 7) % 7;
        assert_int_equal(tz_offset(berlin, mar * 86400 + 3600 - 1), 3600);
        assert_int_equal(tz_offset(berlin, mar * 86400 + 3600), 7200);
        assert_int_equal(tz_offset(berlin, oct * 86400 + 3600 - 1), 7200);
        assert_int_equal(tz_offset(berlin, oct * 86400 + 3600), 3600);
    }
    tz_free(berlin);
    /* The southern hemisphere: summer time across the new year. */
    struct kh_tz *sydney = load("Australia/Sydney");
    assert_int_equal(tz_offset(sydney, utc(2090, 1, 15, 0, 0, 0)), 11 * 3600);
    assert_int_equal(tz_offset(sydney, utc(2090, 7, 15, 0, 0, 0)), 10 * 3600);
    assert_int_equal(tz_offset(sydney, utc(2026, 1, 15, 0, 0, 0)), 11 * 3600);
    tz_free(sydney);
    struct kh_tz *ny = load("America/New_York");
    iso(ny, utc(2026, 1, 5, 14, 0, 0), "2026-01-05T09:00:00-05:00");
    iso(ny, utc(2099, 7, 4, 16, 0, 0), "2099-07-04T12:00:00-04:00");
    tz_free(ny);
}

static void shanghai_is_utc_plus_8_and_keeps_its_history(void **state)
{
    (void)state;
    struct kh_tz *sh = load("Asia/Shanghai");
    iso(sh, 1767574800, "2026-01-05T09:00:00+08:00");
    iso(sh, utc(2026, 7, 1, 4, 0, 0), "2026-07-01T12:00:00+08:00");
    /* China kept summer time from 1986 to 1991. */
    assert_int_equal(tz_offset(sh, utc(1988, 7, 1, 0, 0, 0)), 9 * 3600);
    /* The built-in default agrees for today's times. */
    for (int64_t t = utc(1992, 1, 1, 0, 0, 0); t < utc(2100, 1, 1, 0, 0, 0); t += 86400 * 97 + 3601)
        assert_int_equal(tz_offset(sh, t), tz_offset(tz_default(), t));
    tz_free(sh);
    assert_string_equal(tz_name(tz_default()), "Asia/Shanghai");
    assert_string_equal(tz_name(NULL), "UTC");
    iso(NULL, 1767574800, "2026-01-05T01:00:00Z");
    tz_free((struct kh_tz *)(uintptr_t)tz_default()); /* never freed: a constant */
}

static void unknown_and_unusable_zones_are_refused(void **state)
{
    (void)state;
    struct kh_tz *tz = NULL;
    struct kh_err err;
    assert_int_equal(tz_load(KH_TZ_DIR, "Mars/Olympus_Mons", &tz, &err), KH_E_NOT_FOUND);
    assert_string_equal(err.field, "timezone");
    assert_non_null(strstr(err.msg_en, "unknown time zone"));
    assert_non_null(strstr(err.msg_zh, "未知的时区"));
    assert_int_equal(tz_load(KH_TZ_DIR, "Asia", &tz, &err), KH_E_NOT_FOUND); /* a folder */
    const char *bad[] = {
        "../etc/passwd", "/etc/localtime", "Asia//Shanghai", "Asia/", "Asia/../UTC", "", "-x",
        "Asia/Sh anghai"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(tz_name_ok(bad[i]));
        assert_int_equal(tz_load(KH_TZ_DIR, bad[i], &tz, &err), KH_E_INVALID);
    }
    assert_true(tz_name_ok("Etc/GMT+8"));
    assert_true(tz_name_ok("America/Argentina/Buenos_Aires"));
    /* A file that is not a zone. */
    char dir[64], file[96];
    snprintf(dir, sizeof(dir), "/tmp/kehu-test-tz-%d", (int)getpid());
    mkdir(dir, 0700);
    snprintf(file, sizeof(file), "%s/Bogus", dir);
    FILE *b = fopen(file, "wb");
    assert_non_null(b);
    fputs("not a zone\n", b);
    fclose(b);
    assert_int_equal(tz_load(dir, "Bogus", &tz, &err), KH_E_INVALID);
    assert_null(tz);
    assert_non_null(strstr(err.msg_en, "not a valid time zone file"));
    unlink(file);
    rmdir(dir);
    /* A cut-off zone file. */
    char path[256];
    snprintf(path, sizeof(path), "%s/Europe/Berlin", KH_TZ_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char data[4096];
    size_t n = fread(data, 1, sizeof(data), f);
    fclose(f);
    for (size_t cut = 0; cut < n; cut += 97)
        assert_int_equal(tz_parse("Europe/Berlin", data, cut, &tz, &err), KH_E_INVALID);
    assert_int_equal(tz_parse("Europe/Berlin", data, n, &tz, &err), KH_OK);
    tz_free(tz);
}

/* A "slim" file with no transitions at all: only the rule. */
static void a_zone_of_only_a_rule(void **state)
{
    (void)state;
    static const char rule[] = "\nCET-1CEST,M3.5.0,M10.5.0/3\n";
    unsigned char data[256] = {0};
    size_t n = 0;
    for (int v = 0; v < 2; v++) {
        memcpy(data + n, "TZif2", 5);
        n += 20;
        const unsigned char counts[24] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 4};
        memcpy(data + n, counts, sizeof(counts)); /* one type, four characters */
        n += sizeof(counts);
        const unsigned char type[6] = {0, 0, 0x0e, 0x10, 0, 0}; /* +3600, standard, "CET" */
        memcpy(data + n, type, sizeof(type));
        n += sizeof(type);
        memcpy(data + n, "CET", 4);
        n += 4;
    }
    memcpy(data + n, rule, sizeof(rule) - 1);
    n += sizeof(rule) - 1;
    struct kh_tz *tz = NULL;
    struct kh_err err;
    assert_int_equal(tz_parse("Test/Rule", data, n, &tz, &err), KH_OK);
    assert_int_equal(tz_offset(tz, utc(2026, 3, 29, 0, 59, 59)), 3600);
    assert_int_equal(tz_offset(tz, utc(2026, 3, 29, 1, 0, 0)), 7200);
    assert_int_equal(tz_offset(tz, utc(2026, 10, 25, 0, 59, 59)), 7200);
    assert_int_equal(tz_offset(tz, utc(2026, 10, 25, 1, 0, 0)), 3600);
    tz_free(tz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(berlin_moves_to_summer_time_on_2026_03_29),
        cmocka_unit_test(berlin_repeats_an_hour_on_2026_10_25),
        cmocka_unit_test(the_footer_rule_continues_the_transitions),
        cmocka_unit_test(shanghai_is_utc_plus_8_and_keeps_its_history),
        cmocka_unit_test(unknown_and_unusable_zones_are_refused),
        cmocka_unit_test(a_zone_of_only_a_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
