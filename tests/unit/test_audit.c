/* R-SEC-10: the audit log is hash-chained and verification finds tampering. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "account/account.h"
#include "audit/audit.h"
#include "audit/audit_store.h"
#include "core/mem.h"
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

/*
 * Every read, whether its entry is its own or a batch's (DECISIONS 156): the
 * entry, the record, the reads' own detail and how many times it was read.
 */
#define READS_CTE                                                                                  \
    "WITH reads(id, target, detail, n) AS (SELECT id, CAST(target_id AS INTEGER), detail, 1 FROM " \
    "audit_log WHERE target_id <> '' UNION ALL SELECT l.id, r.target_id, substr(l.detail, 1, "     \
    "instr(l.detail, ' reads=') - 1), r.n FROM (SELECT entry_id, target_id, n FROM audit_reads "   \
    "UNION ALL SELECT entry_id, target_id, n FROM audit_reads_recent) r JOIN audit_log l ON l.id " \
    "= r.entry_id) "

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
    /* 9,000 reads, each named once; one entry per user and second names many of them. */
    int64_t entries = db_fixture_int(f, "SELECT count(*) FROM audit_log WHERE detail = 'batched' "
                                        "OR detail LIKE 'batched reads=%'");
    assert_true(entries < 9000);
    assert_int_equal(res.entries, 5 + entries + 51);
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT sum(n) FROM reads WHERE detail = "
                                                 "'batched'"),
                     9000);
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT count(DISTINCT target) FROM reads WHERE "
                                                 "detail = 'batched' AND n = 1"),
                     9000);
    assert_int_equal(db_fixture_int(f, "SELECT max(id) FROM audit_log WHERE detail = 'last'"),
                     db_fixture_int(f, "SELECT max(id) FROM audit_log"));
    /* Each reader's reads are in the order it made them: no entry names one made before the
     * last one an earlier entry names. */
    assert_int_equal(db_fixture_int(f, READS_CTE
                                    ", e AS (SELECT id, target / 100000 AS p, min(target) AS lo, "
                                    "max(target) AS hi FROM reads WHERE detail = 'batched' GROUP "
                                    "BY id, p) SELECT count(*) FROM (SELECT lo, max(hi) OVER "
                                    "(PARTITION BY p ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING "
                                    "AND 1 PRECEDING) AS before FROM e) WHERE lo < before"),
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
    assert_int_equal(audit_verify(&g->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    assert_int_equal(db_fixture_int(g, READS_CTE "SELECT count(*) FROM reads WHERE detail = "
                                                 "'apart' AND target % 2 = 1"),
                     100);
    assert_int_equal(
        db_fixture_int(g, READS_CTE "SELECT count(*) FROM reads WHERE detail = 'apart'"), 100);
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT count(*) FROM reads WHERE detail = "
                                                 "'apart' AND target % 2 = 0"),
                     100);
    assert_int_equal(
        db_fixture_int(f, READS_CTE "SELECT count(*) FROM reads WHERE detail = 'apart'"), 100);
    db_fixture_close(g);
}

/* A write that holds the writer until released: what a long import does. */
struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool entered, open;
    struct db *db;
};

static enum kh_status gate_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)c;
    (void)err;
    struct gate *g = arg;
    pthread_mutex_lock(&g->mu);
    g->entered = true;
    pthread_cond_broadcast(&g->cv);
    while (!g->open)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
    return KH_OK;
}

static void *gate_main(void *arg)
{
    struct gate *g = arg;
    struct kh_err err;
    KH_IGNORE(db_write(g->db, gate_fn, g, &err));
    return NULL;
}

static void gate_close(struct gate *g, struct db *db, pthread_t *t)
{
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->entered = g->open = false;
    g->db = db;
    assert_int_equal(pthread_create(t, NULL, gate_main, g), 0);
    pthread_mutex_lock(&g->mu);
    while (!g->entered)
        pthread_cond_wait(&g->cv, &g->mu);
    pthread_mutex_unlock(&g->mu);
}

static void gate_open(struct gate *g, pthread_t t)
{
    pthread_mutex_lock(&g->mu);
    g->open = true;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(t, NULL);
}

struct spill_arg {
    struct kh_ctx *ctx;
    int count;
};

static void *spill_reader_main(void *p)
{
    struct spill_arg *a = p;
    struct kh_err err;
    for (int i = 1; i <= a->count; i++) {
        struct audit_event ev = {"customer.read", "customer", i, "while busy"};
        assert_int_equal(audit_record_read(a->ctx, &ev, &err), KH_OK);
    }
    return NULL;
}

static void r_sec_10_reads_never_wait_for_a_busy_writer_and_none_goes_unrecorded(void **state)
{
    struct db_fixture *f = *state;
    struct gate g;
    pthread_t gt, rt;
    gate_close(&g, f->db, &gt);
    /* 10,000 audited reads while the writer is held: none of them may wait for it. */
    struct spill_arg a = {&f->ctx, 10000};
    assert_int_equal(pthread_create(&rt, NULL, spill_reader_main, &a), 0);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60;
    int joined = pthread_timedjoin_np(rt, NULL, &until);
    gate_open(&g, gt);
    if (joined != 0)
        pthread_join(rt, NULL);
    assert_int_equal(joined, 0);
    assert_true(audit_store_spilled(f->db) > 0);
    struct kh_err err;
    struct audit_event last = {"customer.update", "customer", 1, "after"};
    assert_int_equal(audit_record(&f->ctx, &last, &err), KH_OK);
    struct audit_verify_result res;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    /* Each once, in the order they were made, and all before the write that followed. */
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT count(DISTINCT target) FROM reads WHERE "
                                                 "detail = 'while busy' AND n = 1"),
                     10000);
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT count(*) FROM (SELECT target, lag(target) "
                                                 "OVER (ORDER BY id, target) AS prev FROM reads "
                                                 "WHERE detail = 'while busy') WHERE target <> "
                                                 "prev + 1"),
                     0);
    assert_int_equal(db_fixture_int(f, "SELECT max(id) FROM audit_log WHERE detail = 'after'"),
                     db_fixture_int(f, "SELECT max(id) FROM audit_log"));
    /* Taken files are deleted by a later flush. */
    struct audit_event again = {"customer.read", "customer", 1, "again"};
    assert_int_equal(audit_record_read(&f->ctx, &again, &err), KH_OK);
    assert_int_equal(audit_record(&f->ctx, &last, &err), KH_OK);
    char pattern[96];
    snprintf(pattern, sizeof(pattern), "%s-audit-spill-*", f->path);
    glob_t files;
    assert_int_equal(glob(pattern, 0, NULL, &files), GLOB_NOMATCH);
}

static void r_sec_10_spilled_reads_of_a_killed_server_are_recorded_at_the_next_start(void **state)
{
    struct db_fixture *f = *state;
    char path[64];
    kh_strlcpy(path, f->path, sizeof(path));
    db_close(f->db);
    f->db = NULL;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A server whose writer is held while 3,000 reads come in, then killed. */
        struct db *db = NULL;
        struct kh_err err;
        struct db_options opt = {.path = path, .readers = 2};
        if (db_open(&opt, &db, &err))
            _exit(3);
        struct kh_ctx ctx = f->ctx;
        ctx.db = db;
        struct gate g;
        pthread_t gt;
        gate_close(&g, db, &gt);
        struct spill_arg a = {&ctx, 3000};
        spill_reader_main(&a);
        _exit(audit_store_spilled(db) == 3000 - 1024 ? 0 : 4);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    struct db_options opt = {.path = path, .readers = 2};
    struct kh_err err;
    assert_int_equal(db_open(&opt, &f->db, &err), KH_OK);
    f->ctx.db = f->db;
    /* The next run's first read takes the killed run's spill file first. */
    struct audit_event ev = {"customer.read", "customer", 99999, "next run"};
    assert_int_equal(audit_record_read(&f->ctx, &ev, &err), KH_OK);
    struct audit_event last = {"customer.update", "customer", 1, "after"};
    assert_int_equal(audit_record(&f->ctx, &last, &err), KH_OK);
    struct audit_verify_result res;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    /* The 1,024 kept in the killed process's memory are lost (as DECISIONS §14 allows). */
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT sum(n) FROM reads WHERE detail = "
                                                 "'while busy'"),
                     3000 - 1024);
    assert_int_equal(db_fixture_int(f, READS_CTE "SELECT min(target) FROM reads WHERE detail = "
                                                 "'while busy'"),
                     1025);
    assert_true(db_fixture_int(f, READS_CTE "SELECT max(id) FROM reads WHERE detail = 'while "
                                            "busy'") <
                db_fixture_int(f, READS_CTE "SELECT id FROM reads WHERE detail = 'next run'"));
}

/* "Who saw this record" lists each read of a batch, before its index rows move and after. */
static void r_sec_10_who_saw_lists_each_batched_read_and_verify_checks_its_index(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct kh_ctx b = f->ctx;
    b.actor.user_id = f->ctx.actor.user_id + 1;
    kh_strlcpy(b.actor.username, "second", sizeof(b.actor.username));
    kh_strlcpy(b.actor.address, "10.0.0.2", sizeof(b.actor.address));
    int64_t before = db_fixture_int(f, "SELECT count(*) FROM audit_log WHERE action = "
                                       "'customer.read'");
    for (int i = 1; i <= 40000; i++) {
        struct audit_event ev = {"customer.read", "customer", i, NULL};
        assert_int_equal(audit_record_read(&f->ctx, &ev, &err), KH_OK);
    }
    struct audit_event seven = {"customer.read", "customer", 7, NULL};
    audit_flush_reads(&f->ctx);
    assert_int_equal(audit_record_read(&b, &seven, &err), KH_OK);
    audit_flush_reads(&f->ctx);
    assert_int_equal(audit_record_read(&f->ctx, &seven, &err), KH_OK);
    assert_int_equal(audit_record_read(&f->ctx, &seven, &err), KH_OK);
    audit_flush_reads(&f->ctx);
    /* The first 32,768 index rows moved to audit_reads; the newest wait in the recent table. */
    assert_true(db_fixture_int(f, "SELECT count(*) FROM audit_reads") >= 32768);
    assert_true(db_fixture_int(f, "SELECT count(*) FROM audit_reads_recent") > 0);
    assert_true(db_fixture_int(f, "SELECT count(*) FROM audit_log WHERE action = "
                                  "'customer.read'") < 200);
    struct audit_filter flt = {.target_type = "customer", .target_id = "7", .with_total = true};
    struct audit_page page;
    assert_int_equal(audit_list(&f->ctx, &flt, &page, &err), KH_OK);
    assert_int_equal(page.count, 3);
    assert_int_equal(page.total.count, 3);
    /* Newest first: the two reads of one second, the other user's own entry, the batch's. */
    assert_int_equal(page.rows[0].reads, 2);
    assert_int_equal(page.rows[0].actor_id, f->ctx.actor.user_id);
    assert_string_equal(page.rows[0].target_id, "7");
    assert_string_equal(page.rows[0].detail, "");
    assert_int_equal(page.rows[1].reads, 1);
    assert_int_equal(page.rows[1].actor_id, b.actor.user_id);
    assert_string_equal(page.rows[1].address, "10.0.0.2");
    assert_int_equal(page.rows[2].reads, 1);
    assert_string_equal(page.rows[2].target_id, "7");
    assert_true(page.rows[0].id > page.rows[1].id && page.rows[1].id > page.rows[2].id);
    /* A record read once, found through audit_reads after its row moved there. */
    struct audit_filter one = {.target_id = "30001"};
    assert_int_equal(audit_list(&f->ctx, &one, &page, &err), KH_OK);
    assert_int_equal(page.count, 1);
    assert_int_equal(page.rows[0].reads, 1);
    assert_int_equal(db_fixture_int(f, "SELECT count(*) FROM audit_reads WHERE target_id = 30001"),
                     1);
    /* The batch itself, unfiltered: one entry naming its reads, and the chain holds. */
    struct audit_filter all = {.action = "customer.read", .limit = 200};
    assert_int_equal(audit_list(&f->ctx, &all, &page, &err), KH_OK);
    int64_t named = 0;
    for (int i = 0; i < page.count; i++)
        named += page.rows[i].reads;
    assert_int_equal(named, before + 40003);
    struct audit_verify_result res;
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    /* The index is checked against the batches: a count changed, a row removed. */
    tamper(f, "UPDATE audit_reads SET n = n + 1 WHERE target_id = 30001");
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_false(res.ok);
    assert_non_null(strstr(res.reason, "index of batched reads"));
    tamper(f, "UPDATE audit_reads SET n = n - 1 WHERE target_id = 30001");
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_true(res.ok);
    tamper(f, "DELETE FROM audit_reads_recent WHERE target_id = 7");
    assert_int_equal(audit_verify(&f->ctx, &res, &err), KH_OK);
    assert_false(res.ok);
    assert_non_null(strstr(res.reason, "index of batched reads"));
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
        cmocka_unit_test_setup_teardown(
            r_sec_10_who_saw_lists_each_batched_read_and_verify_checks_its_index, setup, teardown),
        cmocka_unit_test_setup_teardown(
            r_sec_10_reads_never_wait_for_a_busy_writer_and_none_goes_unrecorded, setup, teardown),
        cmocka_unit_test_setup_teardown(
            r_sec_10_spilled_reads_of_a_killed_server_are_recorded_at_the_next_start, setup,
            teardown),
        cmocka_unit_test_setup_teardown(r_sec_10_read_entries_of_two_databases_stay_apart, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
