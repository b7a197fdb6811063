/*
 * Bulk creation (imports, R-PLT-3): a batch of twenty thousand records
 * commits with every index of customers intact and usable; a batch that
 * fails at its end leaves the table and its indexes exactly as they were.
 */
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
#include "crypto/crypto.h"
#include "customer/customer.h"
#include "db/db.h"

/* Past the point where the search rows are flushed several times (4,096). */
#define ROWS 20100

struct fixture {
    char path[64];
    struct db *db;
    struct arena arena;
    struct kh_clock clock;
    struct kh_ctx ctx;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    snprintf(f->path, sizeof(f->path), "/tmp/kehu-test-bulk-%d.db", (int)getpid());
    unlink(f->path);
    struct kh_err err;
    assert_int_equal(crypto_init(&err), KH_OK);
    struct db_options opt = {.path = f->path, .readers = 2};
    assert_int_equal(db_open(&opt, &f->db, &err), KH_OK);
    arena_init(&f->arena);
    clock_init(&f->clock, true);
    clock_set(&f->clock, 1767574800);
    f->ctx = (struct kh_ctx){f->db, &f->arena, &f->clock, {0}};
    account_system_actor(&f->ctx.actor, "test");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_release(&f->arena);
    db_close(f->db);
    char p[80];
    unlink(f->path);
    snprintf(p, sizeof(p), "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* One line per index of customers: name and SQL, straight from the file. */
static void indexes_of_customers(const char *path, char *out, size_t cap)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                        "AND tbl_name = 'customers' ORDER BY name",
                                        -1, &s, NULL),
                     SQLITE_OK);
    out[0] = '\0';
    size_t len = 0;
    while (sqlite3_step(s) == SQLITE_ROW)
        len += (size_t)snprintf(out + len, cap - len, "%s %s\n", sqlite3_column_text(s, 0),
                                sqlite3_column_text(s, 1) ? (const char *)sqlite3_column_text(s, 1)
                                                          : "");
    sqlite3_finalize(s);
    sqlite3_close(h);
}

static int64_t count_customers(const char *path)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM customers", -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return n;
}

struct load {
    struct customer_bulk *bk;
    const struct kh_ctx *ctx;
    bool fail_at_end;
};

static enum kh_status load_fn(struct customer_batch *b, void *arg, struct kh_err *err)
{
    struct load *l = arg;
    for (int i = 0; i < ROWS; i++) {
        struct arena a;
        arena_init(&a);
        struct kh_ctx row = *l->ctx;
        row.arena = &a;
        char name[32], mobile[16];
        snprintf(name, sizeof(name), "批量%d", i);
        snprintf(mobile, sizeof(mobile), "139%08d", i);
        struct customer_input in;
        customer_input_init(&in);
        in.kind = "individual";
        in.name = name;
        in.mobile = mobile;
        in.grade = i % 2 ? "A" : "B";
        struct customer_new *n = NULL;
        struct customer_dup hit;
        int64_t id = 0;
        enum kh_status st = customer_bulk_prepare(l->bk, &row, &in, &n, err);
        if (!st)
            st = customer_batch_insert(b, &row, n, &id, &hit, err);
        arena_release(&a);
        if (st)
            return st;
    }
    if (l->fail_at_end)
        return kh_err_set(err, KH_E_VALIDATION, "file", "最后一行有误", "the last row is bad");
    return KH_OK;
}

static void r_plt_3_a_big_batch_rebuilds_every_index(void **state)
{
    struct fixture *f = *state;
    struct kh_err err;
    char before[4096], after[4096];
    indexes_of_customers(f->path, before, sizeof(before));
    struct load l = {NULL, &f->ctx, false};
    assert_int_equal(customer_bulk_open(&f->ctx, &l.bk, &err), KH_OK);
    assert_int_equal(customer_bulk_run(l.bk, load_fn, &l, &err), KH_OK);
    indexes_of_customers(f->path, after, sizeof(after));
    assert_string_equal(after, before);
    assert_int_equal(count_customers(f->path), ROWS);
    /* The rebuilt indexes answer: a filtered list finds grade A only. */
    struct customer_filter flt = {.grade = "A", .sort = SORT_UPDATED, .desc = true, .limit = 20};
    struct customer_page page;
    assert_int_equal(customer_list(&f->ctx, &flt, &page, &err), KH_OK);
    assert_int_equal(page.count, 20);
    for (int i = 0; i < page.count; i++)
        assert_string_equal(page.items[i].grade, "A");
}

static void r_plt_3_a_failed_big_batch_leaves_the_table_and_its_indexes(void **state)
{
    struct fixture *f = *state;
    struct kh_err err;
    char before[4096], after[4096];
    indexes_of_customers(f->path, before, sizeof(before));
    struct load l = {NULL, &f->ctx, true};
    assert_int_equal(customer_bulk_open(&f->ctx, &l.bk, &err), KH_OK);
    assert_int_equal(customer_bulk_run(l.bk, load_fn, &l, &err), KH_E_VALIDATION);
    indexes_of_customers(f->path, after, sizeof(after));
    assert_string_equal(after, before);
    assert_int_equal(count_customers(f->path), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(r_plt_3_a_big_batch_rebuilds_every_index, setup, teardown),
        cmocka_unit_test_setup_teardown(r_plt_3_a_failed_big_batch_leaves_the_table_and_its_indexes,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
