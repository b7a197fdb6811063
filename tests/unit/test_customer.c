/*
 * Customer rules that need no server: numbering (R-ARC-1), visibility
 * (R-SEC-1), and the cache of custom field definitions each database keeps.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "customer/customer.h"
#include "secrecy/secrecy.h"
#include "customer/customer_internal.h"
#include "db_fixture.h"

static const int64_t jan5 = 1767574800; /* 2026-01-05 09:00 +08:00 */

static void r_arc_1_code_follows_the_rule(void **state)
{
    (void)state;
    struct numbering_rule rule = {"KH", "yyyymm", 5, true};
    char code[64];
    customer_code_format(tz_default(), &rule, "SH", jan5, 42, code, sizeof(code));
    assert_string_equal(code, "KH-SH-202601-00042");
    rule.per_branch = false;
    customer_code_format(tz_default(), &rule, "SH", jan5, 7, code, sizeof(code));
    assert_string_equal(code, "KH-202601-00007");
    struct numbering_rule plain = {"", "none", 3, false};
    customer_code_format(tz_default(), &plain, "SH", jan5, 5, code, sizeof(code));
    assert_string_equal(code, "005");
    struct numbering_rule daily = {"C", "yyyymmdd", 4, true};
    customer_code_format(tz_default(), &daily, "HQ", jan5, 12345, code, sizeof(code));
    assert_string_equal(code, "C-HQ-20260105-12345");
}

/* issue 9 item 1: an imported code is kept only when the rule could have given it. */
static void r_arc_1_issue_9_item_1_codes_parse_as_the_rule_formats_them(void **state)
{
    (void)state;
    struct numbering_rule rule = {"KH", "yyyymm", 5, true};
    char scope[64], want[64];
    int64_t seq = 0;
    assert_true(customer_code_parse(&rule, "SH", "KH-SH-202601-00042", scope, sizeof(scope), &seq));
    assert_int_equal(seq, 42);
    customer_code_scope(tz_default(), &rule, "SH", jan5, want, sizeof(want));
    assert_string_equal(scope, want);
    assert_true(
        customer_code_parse(&rule, "SH", "KH-SH-202412-123456", scope, sizeof(scope), &seq));
    assert_int_equal(seq, 123456);
    static const char *const bad[] = {
        "KH-HQ-202601-00042",  /* another branch */
        "KH-SH-202613-00042",  /* no month 13 */
        "KH-SH-202601-0042",   /* fewer digits than the rule */
        "KH-SH-202601-000042", /* a leading zero beyond the width */
        "KH-SH-202601-00000",  /* sequences start at 1 */
        "KH-SH-202601-0004a",  "XX-SH-202601-00042", "KH-SH-20260100042", "", "KH",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(customer_code_parse(&rule, "SH", bad[i], scope, sizeof(scope), &seq));
    struct numbering_rule plain = {"", "none", 3, false};
    assert_true(customer_code_parse(&plain, "SH", "005", scope, sizeof(scope), &seq));
    assert_int_equal(seq, 5);
    struct numbering_rule daily = {"C", "yyyymmdd", 4, true};
    assert_true(
        customer_code_parse(&daily, "HQ", "C-HQ-20240229-0001", scope, sizeof(scope), &seq));
    assert_false(
        customer_code_parse(&daily, "HQ", "C-HQ-20250229-0001", scope, sizeof(scope), &seq));
    /* Every code the rule writes parses back to its scope and number. */
    char code[64];
    customer_code_format(tz_default(), &daily, "HQ", jan5, 77, code, sizeof(code));
    assert_true(customer_code_parse(&daily, "HQ", code, scope, sizeof(scope), &seq));
    assert_int_equal(seq, 77);
    customer_code_scope(tz_default(), &daily, "HQ", jan5, want, sizeof(want));
    assert_string_equal(scope, want);
}

static void r_arc_1_sequences_count_per_branch_and_period(void **state)
{
    (void)state;
    struct numbering_rule rule = {"KH", "yyyymm", 5, true};
    char a[64], b[64], c[64];
    customer_code_scope(tz_default(), &rule, "SH", jan5, a, sizeof(a));
    customer_code_scope(tz_default(), &rule, "HQ", jan5, b, sizeof(b));
    customer_code_scope(tz_default(), &rule, "SH", jan5 + 40 * 86400, c, sizeof(c));
    assert_string_not_equal(a, b);
    assert_string_not_equal(a, c);
    /* Company time, not UTC: 2026-01-31 23:30 in Shanghai is still January. */
    customer_code_scope(tz_default(), &rule, "SH", 1769873400, c, sizeof(c));
    assert_string_equal(a, c);
}

static void r_sec_1_salesperson_sees_only_own(void **state)
{
    (void)state;
    struct kh_actor a = {.user_id = 7, .department_id = 1};
    actor_set_scope(&a, &customer_scope_kind, KH_SCOPE_OWN);
    struct customer_scope s = customer_scope_of(&a);
    assert_true(customer_scope_allows(&s, 7, 1, 0));
    assert_false(customer_scope_allows(&s, 8, 1, 0));
    assert_false(customer_scope_allows(&s, 0, 1, 0));
}

static void r_sec_1_manager_sees_department(void **state)
{
    (void)state;
    struct kh_actor a = {.user_id = 5, .department_id = 1};
    actor_set_scope(&a, &customer_scope_kind, KH_SCOPE_DEPARTMENT);
    struct customer_scope s = customer_scope_of(&a);
    assert_true(customer_scope_allows(&s, 7, 1, 0));
    assert_true(customer_scope_allows(&s, 5, 2, 0));
    assert_false(customer_scope_allows(&s, 9, 2, 0));
    assert_false(customer_scope_allows(&s, 9, 0, 0));
}

static void r_sec_1_roles_without_scope_see_nothing(void **state)
{
    (void)state;
    struct kh_actor none = {.user_id = 3};
    struct kh_actor all = {.user_id = 2};
    actor_set_scope(&all, &customer_scope_kind, KH_SCOPE_ALL_NONSECRET);
    struct customer_scope s = customer_scope_of(&none);
    assert_false(customer_scope_allows(&s, 3, 0, 0));
    s = customer_scope_of(&all);
    assert_true(customer_scope_allows(&s, 99, 4, 0));
}

static void r_sec_2_clearance_caps_every_scope(void **state)
{
    (void)state;
    /* A role that sees every customer reads top secret; "all non-secret" reads normal only. */
    struct kh_actor gm = {.user_id = 1}, cs = {.user_id = 2}, own = {.user_id = 7};
    actor_set_scope(&gm, &customer_scope_kind, KH_SCOPE_ALL);
    actor_set_scope(&cs, &customer_scope_kind, KH_SCOPE_ALL_NONSECRET);
    actor_set_scope(&own, &customer_scope_kind, KH_SCOPE_OWN);
    struct customer_scope s = customer_scope_of(&gm);
    assert_true(customer_scope_allows(&s, 9, 4, SECRECY_TOP_SECRET));
    s = customer_scope_of(&cs);
    assert_true(customer_scope_allows(&s, 9, 4, SECRECY_NORMAL));
    assert_false(customer_scope_allows(&s, 9, 4, SECRECY_CONFIDENTIAL));
    /* An own clearance replaces the role's, upwards or downwards. */
    cs.clearance = SECRECY_CONFIDENTIAL + 1;
    s = customer_scope_of(&cs);
    assert_true(customer_scope_allows(&s, 9, 4, SECRECY_CONFIDENTIAL));
    assert_false(customer_scope_allows(&s, 9, 4, SECRECY_TOP_SECRET));
    gm.clearance = SECRECY_NORMAL + 1;
    s = customer_scope_of(&gm);
    assert_false(customer_scope_allows(&s, 9, 4, SECRECY_CONFIDENTIAL));
    /* Clearance never widens the rows: a salesperson's own customers only. */
    own.clearance = SECRECY_TOP_SECRET + 1;
    s = customer_scope_of(&own);
    assert_true(customer_scope_allows(&s, 7, 0, SECRECY_TOP_SECRET));
    assert_false(customer_scope_allows(&s, 8, 0, SECRECY_NORMAL));
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

/* ---- the definitions cache ---- */

static int db_setup(void **state)
{
    *state = db_fixture_open("customer");
    return 0;
}

static int db_teardown(void **state)
{
    db_fixture_close(*state);
    return 0;
}

/* ctx with its own arena: one request. */
static struct kh_ctx request(const struct db_fixture *f, struct arena *a)
{
    arena_init(a);
    struct kh_ctx ctx = f->ctx;
    ctx.arena = a;
    return ctx;
}

static void add_field(struct db_fixture *f, const char *key)
{
    struct custom_field in = {.key = key,
                              .label_zh = "字段",
                              .label_en = "Field",
                              .type = "text",
                              .template_code = "personal"};
    int64_t id;
    struct kh_err err;
    assert_int_equal(customer_field_create(&f->ctx, &in, &id, &err), KH_OK);
}

static int loaded_fields(struct db_fixture *f)
{
    struct arena a;
    struct kh_ctx ctx = request(f, &a);
    struct customer_defs d;
    struct kh_err err;
    assert_int_equal(customer__defs_load(&ctx, &d, &err), KH_OK);
    arena_release(&a);
    return d.nfields;
}

static void replaced_definitions_are_freed_when_their_last_request_ends(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct arena held_arena;
    struct kh_ctx held = request(f, &held_arena);
    struct customer_defs old;
    assert_int_equal(customer__defs_load(&held, &old, &err), KH_OK);
    assert_int_equal(customer__defs_live(&f->ctx), 1);
    add_field(f, "first_extra");
    for (int i = 0; i < 1000; i++) {
        customer__defs_changed(&f->ctx);
        assert_int_equal(loaded_fields(f), old.nfields + 1);
        /* the held version, and the current one */
        assert_int_equal(customer__defs_live(&f->ctx), 2);
    }
    /* The held version is intact (ASan would see a freed one). */
    for (int i = 0; i < old.nfields; i++)
        assert_string_not_equal(old.fields[i].key, "first_extra");
    for (int i = 0; i < old.ntpls; i++)
        assert_true(strlen(old.tpls[i].code) > 0);
    arena_release(&held_arena);
    assert_int_equal(customer__defs_live(&f->ctx), 1);
}

static void loads_share_the_current_version_until_a_change(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct arena a, b;
    struct kh_ctx ca = request(f, &a), cb = request(f, &b);
    struct customer_defs da, db;
    assert_int_equal(customer__defs_load(&ca, &da, &err), KH_OK);
    assert_int_equal(customer__defs_load(&cb, &db, &err), KH_OK);
    assert_ptr_equal(da.fields, db.fields);
    arena_release(&a);
    arena_release(&b);
    /* Changed by another process: seen once the version is 10 s old. */
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO custom_fields (key, label_zh, label_en, type, "
                                  "template) VALUES ('elsewhere', '别处', 'Elsewhere', 'text', "
                                  "'personal')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    int before = loaded_fields(f);
    clock_set(&f->clock, clock_now(&f->clock) + 11);
    assert_int_equal(loaded_fields(f), before + 1);
    assert_int_equal(customer__defs_live(&f->ctx), 1);
}

static void *add_field_main(void *arg)
{
    struct db_fixture *f = arg;
    struct arena a;
    struct kh_ctx ctx = request(f, &a);
    struct custom_field in = {.key = "from_thread",
                              .label_zh = "线程",
                              .label_en = "Thread",
                              .type = "text",
                              .template_code = "personal"};
    int64_t id;
    struct kh_err err;
    enum kh_status st = customer_field_create(&ctx, &in, &id, &err);
    arena_release(&a);
    return st == KH_OK ? f : NULL;
}

static void a_change_on_another_thread_is_seen_at_once(void **state)
{
    struct db_fixture *f = *state;
    int before = loaded_fields(f);
    pthread_t t;
    void *ok = NULL;
    assert_int_equal(pthread_create(&t, NULL, add_field_main, f), 0);
    pthread_join(t, &ok);
    assert_non_null(ok);
    assert_int_equal(loaded_fields(f), before + 1);
}

static void two_databases_keep_their_own_definitions(void **state)
{
    struct db_fixture *f = *state;
    struct db_fixture *g = db_fixture_open("customer-second");
    int n = loaded_fields(g);
    assert_int_equal(loaded_fields(f), n);
    struct kh_err err;
    struct arena a, b;
    struct kh_ctx ca = request(g, &a), cb = request(g, &b);
    struct customer_defs before, after;
    assert_int_equal(customer__defs_load(&ca, &before, &err), KH_OK);
    add_field(f, "only_here");
    assert_int_equal(loaded_fields(f), n + 1);
    /* f's change did not make g reload: g still has the same version. */
    assert_int_equal(customer__defs_load(&cb, &after, &err), KH_OK);
    assert_ptr_equal(after.fields, before.fields);
    assert_int_equal(after.nfields, n);
    assert_int_equal(customer__defs_live(&g->ctx), 1);
    arena_release(&a);
    arena_release(&b);
    add_field(g, "only_there");
    assert_int_equal(loaded_fields(g), n + 1);
    assert_int_equal(loaded_fields(f), n + 1);
    db_fixture_close(g);
    assert_int_equal(loaded_fields(f), n + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_arc_1_code_follows_the_rule),
        cmocka_unit_test(r_arc_1_sequences_count_per_branch_and_period),
        cmocka_unit_test(r_sec_1_salesperson_sees_only_own),
        cmocka_unit_test(r_sec_1_manager_sees_department),
        cmocka_unit_test(r_sec_1_roles_without_scope_see_nothing),
        cmocka_unit_test(r_sec_2_clearance_caps_every_scope),
        cmocka_unit_test(choices_have_both_languages),
        cmocka_unit_test(r_arc_1_issue_9_item_1_codes_parse_as_the_rule_formats_them),
        cmocka_unit_test_setup_teardown(replaced_definitions_are_freed_when_their_last_request_ends,
                                        db_setup, db_teardown),
        cmocka_unit_test_setup_teardown(loads_share_the_current_version_until_a_change, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(a_change_on_another_thread_is_seen_at_once, db_setup,
                                        db_teardown),
        cmocka_unit_test_setup_teardown(two_databases_keep_their_own_definitions, db_setup,
                                        db_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
