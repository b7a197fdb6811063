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
#include <string.h>

#include <cmocka.h>

#include "customer/customer.h"
#include "db_fixture.h"

/* Past the point where the search rows are flushed several times (4,096). */
#define ROWS 20100

static int setup(void **state)
{
    *state = db_fixture_open("bulk");
    return 0;
}

static int teardown(void **state)
{
    db_fixture_close(*state);
    return 0;
}

#define INDEXES_SQL                                                                                \
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' "         \
    "ORDER BY name"

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

/* Load ROWS records in one batch; returns the batch's status, checks the indexes kept. */
static enum kh_status load(struct db_fixture *f, bool fail_at_end)
{
    struct kh_err err;
    char before[4096], after[4096];
    db_fixture_query(f, INDEXES_SQL, before, sizeof(before));
    struct load l = {NULL, &f->ctx, fail_at_end};
    assert_int_equal(customer_bulk_open(&f->ctx, &l.bk, &err), KH_OK);
    enum kh_status st = customer_bulk_run(l.bk, load_fn, &l, &err);
    db_fixture_query(f, INDEXES_SQL, after, sizeof(after));
    assert_string_equal(after, before);
    return st;
}

static void r_plt_3_a_big_batch_commits_with_its_indexes_usable(void **state)
{
    struct db_fixture *f = *state;
    assert_int_equal(load(f, false), KH_OK);
    char n[32];
    db_fixture_query(f, "SELECT count(*) FROM customers", n, sizeof(n));
    assert_string_equal(n, "20100\n");
    /* The indexes answer: a filtered list finds grade A only. */
    struct customer_filter flt = {.grade = "A", .sort = SORT_UPDATED, .desc = true, .limit = 20};
    struct customer_page page;
    struct kh_err err;
    assert_int_equal(customer_list(&f->ctx, &flt, &page, &err), KH_OK);
    assert_int_equal(page.count, 20);
    for (int i = 0; i < page.count; i++)
        assert_string_equal(page.items[i].grade, "A");
    /* Totals: more than LIST_COUNT_CAP matches (10,050 of grade A) answer a capped count. */
    flt.with_total = true;
    assert_int_equal(customer_list(&f->ctx, &flt, &page, &err), KH_OK);
    assert_int_equal(page.total.count, LIST_COUNT_CAP);
    assert_true(page.total.capped);
    struct customer_filter all = {.sort = SORT_NAME, .limit = 5, .with_total = true};
    assert_int_equal(customer_list(&f->ctx, &all, &page, &err), KH_OK);
    assert_int_equal(page.total.count, LIST_COUNT_CAP);
    assert_true(page.total.capped);
}

static void r_plt_3_a_failed_big_batch_leaves_the_table_and_its_indexes(void **state)
{
    struct db_fixture *f = *state;
    assert_int_equal(load(f, true), KH_E_VALIDATION);
    char n[32];
    db_fixture_query(f, "SELECT count(*) FROM customers", n, sizeof(n));
    assert_string_equal(n, "0\n");
}

/* One record through the batch, in a row savepoint kept (what 1) or undone (what 2). */
static enum kh_status one_row(struct customer_batch *b, struct load *l, const char *name,
                              const char *mobile, int what, struct kh_err *err)
{
    struct arena a;
    arena_init(&a);
    struct kh_ctx row = *l->ctx;
    row.arena = &a;
    struct customer_input in;
    customer_input_init(&in);
    in.kind = "individual";
    in.name = name;
    in.mobile = mobile;
    struct customer_new *n = NULL;
    struct customer_dup hit;
    int64_t id = 0;
    enum kh_status st = customer_batch_row(b, 0, err);
    if (!st)
        st = customer_bulk_prepare(l->bk, &row, &in, &n, err);
    if (!st)
        st = customer_batch_insert(b, &row, n, &id, &hit, err);
    if (!st)
        st = customer_batch_row(b, what, err);
    arena_release(&a);
    return st;
}

static enum kh_status undone_then_kept_fn(struct customer_batch *b, void *arg, struct kh_err *err)
{
    struct load *l = arg;
    enum kh_status st = one_row(b, l, "撤回行", "13900000001", 2, err);
    return st ? st : one_row(b, l, "保留行", "13900000002", 1, err);
}

/*
 * issue 11 item 1: the first row of a batch reserves a block of codes and
 * is undone, which takes the reservation back: the batch forgets the block,
 * so the codes it numbers after are reserved again and no later create
 * numbers a code twice.
 */
static void r_plt_4_a_row_undone_after_reserving_codes_leaves_no_code_numbered_twice(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct load l = {NULL, &f->ctx, false};
    assert_int_equal(customer_bulk_open(&f->ctx, &l.bk, &err), KH_OK);
    assert_int_equal(customer_bulk_run(l.bk, undone_then_kept_fn, &l, &err), KH_OK);
    assert_int_equal(db_fixture_int(f, "SELECT count(*) FROM customers"), 1);
    const char *const names[] = {"随后甲", "随后乙", "随后丙"};
    const char *const mobiles[] = {"13900000003", "13900000004", "13900000005"};
    for (int i = 0; i < 3; i++) {
        struct customer_input in;
        customer_input_init(&in);
        in.kind = "individual";
        in.name = names[i];
        in.mobile = mobiles[i];
        int64_t id = 0;
        assert_int_equal(customer_create(&f->ctx, &in, &id, NULL, &err), KH_OK);
    }
    assert_int_equal(db_fixture_int(f, "SELECT count(DISTINCT code) FROM customers"), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(r_plt_3_a_big_batch_commits_with_its_indexes_usable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(r_plt_3_a_failed_big_batch_leaves_the_table_and_its_indexes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            r_plt_4_a_row_undone_after_reserving_codes_leaves_no_code_numbered_twice, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
