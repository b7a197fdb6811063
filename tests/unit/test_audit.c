/* R-SEC-10: the audit log is hash-chained and verification finds tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "account/account.h"
#include "audit/audit.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "db_fixture.h"

static int setup(void **state)
{
    struct db_fixture *f = db_fixture_open("audit");
    struct kh_err err;
    for (int i = 1; i <= 5; i++) {
        struct audit_event ev = {"customer.read", "customer", i, "detail"};
        assert_int_equal(audit_record(&f->ctx, &ev, &err), KH_OK);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    db_fixture_close(*state);
    return 0;
}

static void tamper(struct db_fixture *f, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
}

static void r_sec_10_intact_chain_verifies(void **state)
{
    struct db_fixture *f = *state;
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    assert_int_equal(res.entries, 5);
}

static void r_sec_10_edited_entry_is_named(void **state)
{
    struct db_fixture *f = *state;
    tamper(f, "UPDATE audit_log SET target_id = '99' WHERE id = 3");
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_false(res.ok);
    assert_int_equal(res.first_bad_id, 3);
}

static void r_sec_10_removed_entry_is_found(void **state)
{
    struct db_fixture *f = *state;
    tamper(f, "DELETE FROM audit_log WHERE id = 2");
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_false(res.ok);
    assert_int_equal(res.first_bad_id, 3);
}

static void r_sec_10_removed_newest_entry_is_found(void **state)
{
    struct db_fixture *f = *state;
    tamper(f, "DELETE FROM audit_log WHERE id = 5");
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_false(res.ok);
}

static void r_sec_10_rehashed_forgery_breaks_next_link(void **state)
{
    struct db_fixture *f = *state;
    /* Even a forger who recomputes the edited row's hash breaks the next row's link. */
    tamper(f, "UPDATE audit_log SET hash = 'ffff' WHERE id = 2");
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_false(res.ok);
    assert_int_equal(res.first_bad_id, 2);
}

static void r_sec_10_reading_the_log_needs_permission(void **state)
{
    struct db_fixture *f = *state;
    struct kh_ctx c = f->ctx;
    c.actor.perms = 0;
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&c, &res, &err), KH_E_FORBIDDEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(r_sec_10_intact_chain_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_edited_entry_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_removed_entry_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_removed_newest_entry_is_found, setup, teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_rehashed_forgery_breaks_next_link, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_reading_the_log_needs_permission, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
