/* R-SEC-10: the audit log is hash-chained and verification finds tampering. */
#include <pthread.h>
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
    memset(c.actor.perms, 0, sizeof(c.actor.perms));
    struct audit_verify_result res;
    struct kh_err err;
    assert_int_equal(audit_verify(&c, &res, &err), KH_E_FORBIDDEN);
}

/* Reads from several threads at once, with writes in between. */
struct reader_arg {
    struct db_fixture *f;
    int base;
};

static void *reader_main(void *p)
{
    struct reader_arg *a = p;
    struct kh_err err;
    for (int i = 0; i < 3000; i++) {
        struct audit_event ev = {"customer.read", "customer", a->base + i, "batched"};
        assert_int_equal(audit_record_read(&a->f->ctx, &ev, &err), KH_OK);
    }
    return NULL;
}

static void r_sec_10_batched_read_entries_keep_the_chain_and_their_order(void **state)
{
    struct db_fixture *f = *state;
    struct reader_arg args[3] = {{f, 100000}, {f, 200000}, {f, 300000}};
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader_main, &args[i]), 0);
    struct kh_err err;
    for (int i = 0; i < 50; i++) {
        struct audit_event ev = {"customer.update", "customer", 1, "write"};
        assert_int_equal(audit_record(&f->ctx, &ev, &err), KH_OK);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    /* A synchronous write lands after every read entry queued before it. */
    struct audit_event last = {"customer.update", "customer", 2, "last"};
    assert_int_equal(audit_record(&f->ctx, &last, &err), KH_OK);
    struct audit_verify_result res;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    assert_int_equal(res.entries, 5 + 9000 + 51);
    assert_int_equal(db_fixture_int(f, "SELECT count(*) FROM audit_log WHERE detail = 'batched'"),
                     9000);
    assert_int_equal(db_fixture_int(f, "SELECT max(id) FROM audit_log WHERE detail = 'last'"),
                     db_fixture_int(f, "SELECT max(id) FROM audit_log"));
    /* Each reader's entries are in the order it made them. */
    assert_int_equal(db_fixture_int(f,
                                    "SELECT count(*) FROM (SELECT CAST(target_id AS INTEGER) AS t, "
                                    "LAG(CAST(target_id AS INTEGER)) OVER (PARTITION BY "
                                    "CAST(target_id AS INTEGER) / 100000 ORDER BY id) AS prev "
                                    "FROM audit_log WHERE detail = 'batched') WHERE t < prev"),
                     0);
}

static void r_sec_10_read_entries_of_two_databases_stay_apart(void **state)
{
    struct db_fixture *f = *state;
    struct db_fixture *g = db_fixture_open("audit-second");
    struct kh_err err;
    for (int i = 0; i < 200; i++) {
        struct audit_event ev = {"customer.read", "customer", 1000 + i, "apart"};
        assert_int_equal(audit_record_read(&(i % 2 ? g : f)->ctx, &ev, &err), KH_OK);
    }
    struct audit_event last = {"customer.update", "customer", 1, "last"};
    assert_int_equal(audit_record(&f->ctx, &last, &err), KH_OK);
    assert_int_equal(audit_record(&g->ctx, &last, &err), KH_OK);
    struct audit_verify_result res;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    assert_int_equal(res.entries, 5 + 100 + 1);
    assert_int_equal(audit_verify(&g->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    assert_int_equal(db_fixture_int(g, "SELECT count(*) FROM audit_log WHERE detail = 'apart' AND "
                                       "CAST(target_id AS INTEGER) % 2 = 1"),
                     100);
    assert_int_equal(db_fixture_int(f, "SELECT count(*) FROM audit_log WHERE detail = 'apart' AND "
                                       "CAST(target_id AS INTEGER) % 2 = 0"),
                     100);
    db_fixture_close(g);
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
        cmocka_unit_test_setup_teardown(
            r_sec_10_batched_read_entries_keep_the_chain_and_their_order, setup, teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_read_entries_of_two_databases_stay_apart, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
