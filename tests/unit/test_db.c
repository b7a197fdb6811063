/*
 * The storage layer: group commit, savepoints per write, deferred work,
 * async writes, held reads, the statement cache, per-database slots.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/mem.h"
#include "db/db.h"
#include "db/migrations.h"
#include "db_fixture.h"

static int setup(void **state)
{
    *state = db_fixture_open("db");
    return 0;
}

static int teardown(void **state)
{
    db_fixture_close(*state);
    return 0;
}

static enum kh_status put(struct db_conn *c, const char *key, const char *value, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "INSERT INTO settings (key, value) VALUES ($1, $2)");
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, value);
    return db_exec_stmt(s, err);
}

static const char *get(struct db_fixture *f, const char *key, char *out, size_t cap)
{
    struct kh_err err;
    struct db_conn *c = db_read_begin(f->db);
    struct db_stmt *s = db_prepare(c, "SELECT value FROM settings WHERE key = $1");
    db_bind_text(s, 1, key);
    const char *r = NULL;
    if (db_step(s, &err) == DB_ROW) {
        kh_strlcpy(out, db_col_text(s, 0), cap);
        r = out;
    }
    db_read_end(f->db, c);
    return r;
}

static enum kh_status deferred_put(struct db_conn *c, void *arg, struct kh_err *err)
{
    return put(c, arg, "deferred", err);
}

struct job {
    const char *key;
    bool fail_after;
    bool defer;
};

static enum kh_status job_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct job *j = arg;
    enum kh_status st = put(c, j->key, "now", err);
    if (!st && j->defer) {
        static char deferred_key[64];
        snprintf(deferred_key, sizeof(deferred_key), "%s.later", j->key);
        db_defer(c, deferred_put, deferred_key);
    }
    if (!st && j->fail_after)
        return kh_err_set(err, KH_E_VALIDATION, "x", "失败", "failed");
    return st;
}

static void a_failed_write_leaves_nothing_and_drops_its_deferred_work(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct job bad = {"bad", true, true};
    assert_int_equal(db_write(f->db, job_fn, &bad, &err), KH_E_VALIDATION);
    char v[32];
    assert_null(get(f, "bad", v, sizeof(v)));
    assert_null(get(f, "bad.later", v, sizeof(v)));
}

static void deferred_work_runs_before_the_commit(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct job good = {"good", false, true};
    assert_int_equal(db_write(f->db, job_fn, &good, &err), KH_OK);
    char v[32];
    assert_string_equal(get(f, "good", v, sizeof(v)), "now");
    assert_string_equal(get(f, "good.later", v, sizeof(v)), "deferred");
}

static void a_duplicate_is_a_conflict(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct job a = {"dup", false, false};
    assert_int_equal(db_write(f->db, job_fn, &a, &err), KH_OK);
    assert_int_equal(db_write(f->db, job_fn, &a, &err), KH_E_CONFLICT);
}

struct returning_job {
    int64_t id, none;
};

static enum kh_status returning_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct returning_job *j = arg;
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO branches (code, name, created_at) VALUES ($1, $1, 0) RETURNING id");
    db_bind_text(s, 1, "RET");
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    s = db_prepare(c, "UPDATE branches SET name = 'x' WHERE id = $1 RETURNING id");
    db_bind_int(s, 1, -1);
    j->none = -1;
    return db_exec_int(s, &j->none, err);
}

/* issue 11 item 1: the id of a new row comes from its INSERT's RETURNING, and the insert runs once.
 */
static void an_insert_returns_its_id_once_and_a_missed_update_returns_zero(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct returning_job j = {0, 0};
    assert_int_equal(db_write(f->db, returning_fn, &j, &err), KH_OK);
    assert_true(j.id > 0);
    assert_int_equal(j.none, 0);
    struct db_conn *c = db_read_begin(f->db);
    struct db_stmt *s = db_prepare(c, "SELECT count(*), max(id) FROM branches WHERE code = 'RET'");
    assert_int_equal(db_step(s, &err), DB_ROW);
    assert_int_equal(db_col_int(s, 0), 1);
    assert_int_equal(db_col_int(s, 1), j.id);
    db_read_end(f->db, c);
}

/* issue 11 item 1: each engine has at most one text per migration number; SQLite runs its own. */
static void each_engine_has_one_migration_per_number(void **state)
{
    struct db_fixture *f = *state;
    int last = 0;
    for (size_t i = 0; i < kh_migrations_count; i++) {
        const struct kh_migration *m = &kh_migrations[i];
        int sqlite = 0, pg = 0, both = 0;
        for (size_t k = 0; k < kh_migrations_count; k++) {
            if (kh_migrations[k].version != m->version)
                continue;
            sqlite += kh_migrations[k].engine == KH_MIGRATION_SQLITE;
            pg += kh_migrations[k].engine == KH_MIGRATION_PG;
            both += kh_migrations[k].engine == KH_MIGRATION_BOTH;
        }
        assert_true(sqlite + both == 1);
        assert_true(pg <= 1); /* a .pg.sql takes the place of a shared text */
        if (m->engine != KH_MIGRATION_PG && m->version > last)
            last = m->version;
    }
    assert_int_equal(db_schema_version(f->db), last);
    struct kh_err err;
    struct db_conn *c = db_read_begin(f->db);
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM customer_tags");
    assert_int_equal(db_step(s, &err), DB_ROW);
    db_read_end(f->db, c);
}

static void async_writes_land_by_the_next_synchronous_write(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    for (int i = 0; i < 50; i++) {
        /* the job first, its key inside the same allocation: free() releases both */
        struct async_job {
            struct job j;
            char key[16];
        } *a = kh_calloc(1, sizeof(*a));
        snprintf(a->key, sizeof(a->key), "async%d", i);
        a->j.key = a->key;
        assert_int_equal(db_write_async(f->db, job_fn, a, free, &err), KH_OK);
    }
    struct job barrier = {"barrier", false, false};
    assert_int_equal(db_write(f->db, job_fn, &barrier, &err), KH_OK);
    char v[32];
    assert_string_equal(get(f, "async49", v, sizeof(v)), "now");
}

static void a_held_read_is_one_snapshot_until_released(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct job a = {"before", false, false}, b = {"after", false, false};
    assert_int_equal(db_write(f->db, job_fn, &a, &err), KH_OK);
    db_read_hold(f->db);
    char v[32];
    assert_string_equal(get(f, "before", v, sizeof(v)), "now");
    assert_int_equal(db_write(f->db, job_fn, &b, &err), KH_OK);
    assert_null(get(f, "after", v, sizeof(v))); /* still the snapshot of the first read */
    db_read_release(f->db);
    assert_string_equal(get(f, "after", v, sizeof(v)), "now");
}

struct other_read {
    struct db *db;
    atomic_bool done;
};

static void *read_on_another_thread(void *arg)
{
    struct other_read *o = arg;
    struct db_conn *c = db_read_begin(o->db); /* waits while the only connection is borrowed */
    db_read_end(o->db, c);
    atomic_store(&o->done, true);
    return NULL;
}

static void a_hold_that_reads_nothing_borrows_no_connection(void **state)
{
    struct db_fixture *f = *state;
    struct db *db = NULL;
    struct kh_err err;
    struct db_options opt = {.path = f->path, .readers = 1, .no_writer = true};
    assert_int_equal(db_open(&opt, &db, &err), KH_OK);
    db_read_hold(db); /* as a request does before it knows whether it reads */
    struct other_read o = {.db = db};
    atomic_init(&o.done, false);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, read_on_another_thread, &o), 0);
    for (int i = 0; i < 500 && !atomic_load(&o.done); i++)
        usleep(10000);
    bool read_meanwhile = atomic_load(&o.done);
    db_read_release(db); /* lets a waiting reader go either way, so the test ends */
    pthread_join(t, NULL);
    assert_true(read_meanwhile);
    db_close(db);
}

static void a_lone_async_write_is_committed_without_another_write(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct async_job {
        struct job j;
        char key[16];
    } *a = kh_calloc(1, sizeof(*a));
    snprintf(a->key, sizeof(a->key), "lone");
    a->j.key = a->key;
    assert_int_equal(db_write_async(f->db, job_fn, a, free, &err), KH_OK);
    /* The writer gathers background writes for a few milliseconds, then commits. */
    char v[32];
    const char *got = NULL;
    for (int i = 0; i < 400 && !got; i++) {
        usleep(5000);
        got = get(f, "lone", v, sizeof(v));
    }
    assert_non_null(got);
}

/*
 * More statements than the old cache's 192 slots, on one connection, while
 * the first is held mid-result: the cache must neither move nor finalize a
 * statement a caller holds. The key is the SQL's address, so 300 strings in
 * one static array are 300 distinct statements.
 */
#define MANY_STATEMENTS 300
static char many_sql[MANY_STATEMENTS][48];

static void a_held_statement_survives_hundreds_of_others(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    for (int i = 0; i < MANY_STATEMENTS; i++)
        snprintf(many_sql[i], sizeof(many_sql[i]), "SELECT %d UNION ALL SELECT $1", i);
    struct db_conn *c = db_read_begin(f->db);
    struct db_stmt *first = db_prepare(c, many_sql[0]);
    db_bind_int(first, 1, -1);
    assert_int_equal(db_step(first, &err), DB_ROW);
    for (int i = 1; i < MANY_STATEMENTS; i++) {
        struct db_stmt *s = db_prepare(c, many_sql[i]);
        assert_int_equal(db_step(s, &err), DB_ROW);
        assert_int_equal(db_col_int(s, 0), i);
    }
    /* Still the first statement, still on its first row. */
    assert_int_equal(db_col_int(first, 0), 0);
    assert_int_equal(db_step(first, &err), DB_ROW);
    assert_int_equal(db_col_int(first, 0), -1);
    assert_int_equal(db_step(first, &err), DB_DONE);
    /* Every statement is still cached: preparing again returns the same one. */
    assert_ptr_equal(db_prepare(c, many_sql[0]), first);
    for (int i = 0; i < MANY_STATEMENTS; i += 37) {
        struct db_stmt *s = db_prepare(c, many_sql[i]);
        assert_ptr_equal(db_prepare(c, many_sql[i]), s);
        db_bind_int(s, 1, 7);
        assert_int_equal(db_step(s, &err), DB_ROW);
        assert_int_equal(db_col_int(s, 0), i);
    }
    db_read_end(f->db, c);
}

/* ---- per-database slots ---- */

static atomic_int counters_made, counters_released, counter_at_release;

static void *counter_new(void)
{
    atomic_fetch_add(&counters_made, 1);
    return kh_calloc(1, sizeof(atomic_int));
}

static void counter_free(void *arg)
{
    atomic_int *n = arg;
    atomic_store(&counter_at_release, atomic_load(n));
    atomic_fetch_add(&counters_released, 1);
    free(n);
}

static const struct db_slot_key counter_key = {counter_new, counter_free};

struct slot_race {
    struct db *db;
    void *got;
};

static void *slot_main(void *arg)
{
    struct slot_race *r = arg;
    r->got = db_slot(r->db, &counter_key);
    return NULL;
}

static void each_database_makes_its_own_slot_object_once(void **state)
{
    struct db_fixture *f = *state;
    atomic_store(&counters_made, 0);
    atomic_store(&counters_released, 0);
    struct slot_race r[8];
    pthread_t t[8];
    for (int i = 0; i < 8; i++) {
        r[i] = (struct slot_race){f->db, NULL};
        assert_int_equal(pthread_create(&t[i], NULL, slot_main, &r[i]), 0);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    for (int i = 1; i < 8; i++)
        assert_ptr_equal(r[i].got, r[0].got);
    assert_int_equal(atomic_load(&counters_made), 1);
    struct db_fixture *g = db_fixture_open("db-second");
    void *other = db_slot(g->db, &counter_key);
    assert_ptr_not_equal(other, r[0].got);
    assert_ptr_equal(db_slot(g->db, &counter_key), other);
    assert_int_equal(atomic_load(&counters_made), 2);
    db_fixture_close(g);
    assert_int_equal(atomic_load(&counters_released), 1);
    assert_ptr_equal(db_slot(f->db, &counter_key), r[0].got);
}

static enum kh_status count_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)c;
    (void)err;
    atomic_fetch_add((atomic_int *)arg, 1);
    return KH_OK;
}

static void keep_arg(void *arg)
{
    (void)arg;
}

static void queued_writes_may_use_slot_objects_until_the_close(void **state)
{
    (void)state;
    struct db_fixture *g = db_fixture_open("db-slot-close");
    atomic_int *n = db_slot(g->db, &counter_key);
    struct kh_err err;
    for (int i = 0; i < 100; i++)
        assert_int_equal(db_write_async(g->db, count_fn, n, keep_arg, &err), KH_OK);
    atomic_store(&counter_at_release, -1);
    db_fixture_close(g);
    assert_int_equal(atomic_load(&counter_at_release), 100);
}

/* Readers outnumbering the pool: each borrows one connection at a time, some nest with a hold. */
static void *borrower_main(void *arg)
{
    struct db_fixture *f = arg;
    for (int i = 0; i < 300; i++) {
        bool hold = (i % 3) == 0;
        if (hold)
            db_read_hold(f->db);
        struct db_conn *c = db_read_begin(f->db);
        struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM settings");
        struct kh_err err;
        assert_int_equal(db_step(s, &err), DB_ROW);
        if (hold) {
            /* A nested read on a held transaction shares its connection. */
            assert_ptr_equal(db_read_begin(f->db), c);
            db_read_end(f->db, c);
        }
        db_read_end(f->db, c);
        if (hold)
            db_read_release(f->db);
    }
    return NULL;
}

static void more_borrowers_than_connections_never_deadlock(void **state)
{
    struct db_fixture *f = *state; /* a pool of 2 */
    enum { N = 12 };
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, borrower_main, f), 0);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60;
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_timedjoin_np(t[i], NULL, &until), 0);
}

static void a_second_borrow_on_one_thread_aborts(void **state)
{
    struct db_fixture *f = *state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The child opens its own handle (the parent's threads are not here). */
        struct db *db = NULL;
        struct kh_err err;
        struct db_options opt = {.path = f->path, .readers = 3, .no_writer = true};
        if (db_open(&opt, &db, &err))
            _exit(3);
        struct db_conn *a = db_read_begin(db);
        struct db_conn *b = db_read_begin(db); /* aborts */
        (void)a;
        (void)b;
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void the_default_pool_has_a_connection_per_core_and_two_more(void **state)
{
    (void)state;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int want = (int)cores + 2;
    want = want < 4 ? 4 : want > 16 ? 16 : want;
    assert_int_equal(db_default_readers(), want);
}

/* ---- a long write hears a waiting one; checkpoints beside the writer (DECISIONS §48) ---- */

struct long_write {
    atomic_bool started, wanted;
    enum kh_status status; /* alone_main: how the write ended */
};

static enum kh_status long_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)err;
    struct long_write *lw = arg;
    atomic_store(&lw->started, true);
    for (int i = 0; i < 10000 && !atomic_load(&lw->wanted); i++) { /* at most 10 s */
        atomic_store(&lw->wanted, db_write_wanted(c));
        if (!atomic_load(&lw->wanted))
            usleep(1000);
    }
    return KH_OK;
}

static void *long_main(void *arg)
{
    struct db_fixture *f = ((void **)arg)[0];
    struct kh_err err;
    KH_IGNORE(db_write(f->db, long_fn, ((void **)arg)[1], &err));
    return NULL;
}

static enum kh_status put_short(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)arg;
    return put(c, "short", "write", err);
}

static void a_long_write_hears_that_another_write_waits(void **state)
{
    struct db_fixture *f = *state;
    struct long_write lw = {0};
    void *args[2] = {f, &lw};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, long_main, args), 0);
    while (!atomic_load(&lw.started))
        usleep(1000);
    assert_false(atomic_load(&lw.wanted)); /* nobody waits yet */
    struct kh_err err;
    assert_int_equal(db_write(f->db, put_short, NULL, &err), KH_OK); /* queued behind long_fn */
    pthread_join(t, NULL);
    assert_true(atomic_load(&lw.wanted));
    char v[16];
    assert_string_equal(get(f, "short", v, sizeof(v)), "write");
    /* Off the writer thread it is always false. */
    struct db_conn *c = db_read_begin(f->db);
    assert_false(db_write_wanted(c));
    db_read_end(f->db, c);
}

/* A write alone that writes a row, hears that another write waits, then fails. */
static enum kh_status alone_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct long_write *lw = arg;
    enum kh_status st = put(c, "alone.row", "kept?", err);
    if (!st)
        st = long_fn(c, lw, err);
    return st ? st : kh_err_set(err, KH_E_VALIDATION, "x", "失败", "failed");
}

static void *alone_main(void *arg)
{
    struct db_fixture *f = ((void **)arg)[0];
    struct kh_err err;
    struct long_write *lw = ((void **)arg)[1];
    lw->status = db_write_alone(f->db, alone_fn, lw, &err);
    return NULL;
}

/*
 * A large write alone (a daily job's batch): its own transaction; what it
 * wrote is kept, with its deferred work, or nothing of it when it fails, and
 * a write queued meanwhile commits on its own, unharmed by that failure.
 */
static void a_write_alone_keeps_all_or_nothing_and_leaves_the_others(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    struct job good = {"alone.good", false, true}, bad = {"alone.bad", true, true};
    assert_int_equal(db_write_alone(f->db, job_fn, &good, &err), KH_OK);
    assert_int_equal(db_write_alone(f->db, job_fn, &bad, &err), KH_E_VALIDATION);
    char v[32];
    assert_string_equal(get(f, "alone.good", v, sizeof(v)), "now");
    assert_string_equal(get(f, "alone.good.later", v, sizeof(v)), "deferred");
    assert_null(get(f, "alone.bad", v, sizeof(v)));
    assert_null(get(f, "alone.bad.later", v, sizeof(v)));

    struct long_write lw = {0};
    void *args[2] = {f, &lw};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, alone_main, args), 0);
    while (!atomic_load(&lw.started))
        usleep(1000);
    assert_int_equal(db_write(f->db, put_short, NULL, &err), KH_OK); /* queued behind it */
    pthread_join(t, NULL);
    assert_true(atomic_load(&lw.wanted));
    assert_int_equal(lw.status, KH_E_VALIDATION);
    assert_null(get(f, "alone.row", v, sizeof(v)));
    assert_string_equal(get(f, "short", v, sizeof(v)), "write");
}

/* A value of about a page (3,000 bytes) of fill. */
#define PAGE_VALUE 3000
static void page_value(char *big, char fill)
{
    memset(big, fill, PAGE_VALUE - 1);
    big[PAGE_VALUE - 1] = 0;
}

static enum kh_status put_pages(struct db_conn *c, void *arg, struct kh_err *err)
{
    int *next = arg;
    char big[PAGE_VALUE];
    page_value(big, 'x');
    enum kh_status st = KH_OK;
    for (int i = 0; i < 100 && !st; i++) {
        char key[32];
        snprintf(key, sizeof(key), "page-%06d", (*next)++);
        st = put(c, key, big, err);
    }
    return st;
}

static void the_wal_is_copied_back_after_the_commit_that_filled_it(void **state)
{
    struct db_fixture *f = *state;
    struct stat before;
    assert_int_equal(stat(f->path, &before), 0);
    /* About 12,000 pages in 120 commits: past the checkpoint mark (8,000 pages). */
    int next = 0;
    struct kh_err err;
    for (int i = 0; i < 120; i++)
        assert_int_equal(db_write(f->db, put_pages, &next, &err), KH_OK);
    /*
     * No commit checkpoints (SQLite's automatic checkpoint is off): the
     * database file grows when the writer has copied the WAL back after a
     * commit, between group commits.
     */
    struct stat now = before;
    for (int i = 0; i < 2000 && now.st_size < before.st_size + 16 * 1024 * 1024; i++) {
        usleep(10000);
        assert_int_equal(stat(f->path, &now), 0);
    }
    assert_true(now.st_size >= before.st_size + 16 * 1024 * 1024);
}

/* Rewrites 10 of 2,000 rows of about a page each: many small writes in a row. */
static enum kh_status rewrite_pages(struct db_conn *c, void *arg, struct kh_err *err)
{
    atomic_int *next = arg;
    char big[PAGE_VALUE];
    page_value(big, 'y');
    enum kh_status st = KH_OK;
    for (int i = 0; i < 10 && !st; i++) {
        int n = atomic_fetch_add(next, 1);
        char key[32];
        snprintf(key, sizeof(key), "row-%04d", n % 2000);
        snprintf(big, 16, "%015d", n); /* a new value: an unchanged row writes no page */
        big[15] = 'y';
        struct db_stmt *s = db_prepare(c, "INSERT INTO settings (key, value) VALUES ($1, $2) "
                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        db_bind_text(s, 1, key);
        db_bind_text(s, 2, big);
        st = db_exec_stmt(s, err);
    }
    return st;
}

struct rewriter {
    struct db_fixture *f;
    atomic_int *next;
    atomic_int *running;
};

static void *rewriter_main(void *arg)
{
    struct rewriter *r = arg;
    struct kh_err err;
    for (int i = 0; i < 600; i++) {
        assert_int_equal(db_write(r->f->db, rewrite_pages, r->next, &err), KH_OK);
        usleep((unsigned)(i * 397 % 500)); /* the next write comes while others commit */
    }
    atomic_fetch_sub(r->running, 1);
    return NULL;
}

/*
 * Writers that always have another write waiting (`kehu demo`'s threads) on
 * a database smaller than the checkpoint mark: the checkpoint is not put
 * off for them, since it copies no more pages than the one due at the mark.
 * Without that, the WAL of this 2,000-page database grew past 10,000 pages.
 */
static void a_small_database_is_checkpointed_whoever_waits(void **state)
{
    struct db_fixture *f = *state;
    char wal[512];
    snprintf(wal, sizeof(wal), "%s-wal", f->path);
    atomic_int next = 0, running = 8;
    struct rewriter r = {f, &next, &running};
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        assert_int_equal(pthread_create(&t[i], NULL, rewriter_main, &r), 0);
    off_t most = 0;
    while (atomic_load(&running) > 0) {
        struct stat st;
        if (stat(wal, &st) == 0 && st.st_size > most)
            most = st.st_size;
        usleep(2000);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    assert_true(atomic_load(&next) == 48000);
    /* The mark (8,000 pages of 4 KiB) and a few group commits past it. */
    assert_true(most < (off_t)10000 * 4096);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_failed_write_leaves_nothing_and_drops_its_deferred_work,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(deferred_work_runs_before_the_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(a_duplicate_is_a_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(
            an_insert_returns_its_id_once_and_a_missed_update_returns_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(each_engine_has_one_migration_per_number, setup, teardown),
        cmocka_unit_test_setup_teardown(async_writes_land_by_the_next_synchronous_write, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_held_read_is_one_snapshot_until_released, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_hold_that_reads_nothing_borrows_no_connection, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_lone_async_write_is_committed_without_another_write,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_held_statement_survives_hundreds_of_others, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(each_database_makes_its_own_slot_object_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(more_borrowers_than_connections_never_deadlock, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_second_borrow_on_one_thread_aborts, setup, teardown),
        cmocka_unit_test(the_default_pool_has_a_connection_per_core_and_two_more),
        cmocka_unit_test_setup_teardown(queued_writes_may_use_slot_objects_until_the_close, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_long_write_hears_that_another_write_waits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_small_database_is_checkpointed_whoever_waits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_wal_is_copied_back_after_the_commit_that_filled_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_write_alone_keeps_all_or_nothing_and_leaves_the_others,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
