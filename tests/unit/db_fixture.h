#ifndef KH_TESTS_UNIT_DB_FIXTURE_H
#define KH_TESTS_UNIT_DB_FIXTURE_H

/*
 * A fresh database in /tmp for one test, with a request-like context: the
 * system actor, an arena and a settable clock at 2026-01-05 09:00 +08:00.
 * Include after <cmocka.h>.
 */

#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "account/account.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "vault/vault.h"

struct db_fixture {
    char path[64];
    struct db *db;
    struct arena arena;
    struct kh_clock clock;
    struct kh_ctx ctx;
};

static inline void db_fixture_remove(const char *path)
{
    char p[80];
    /* Read audit spill files ("<db>-audit-spill-<gen>") go with their database. */
    glob_t g;
    snprintf(p, sizeof(p), "%s-audit-spill-*", path);
    if (glob(p, 0, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++)
            unlink(g.gl_pathv[i]);
        globfree(&g);
    }
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

/* name: a word for the file name ("audit" -> /tmp/kehu-test-audit-<pid>.db). */
static inline struct db_fixture *db_fixture_open(const char *name)
{
    struct db_fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    snprintf(f->path, sizeof(f->path), "/tmp/kehu-test-%s-%d.db", name, (int)getpid());
    db_fixture_remove(f->path);
    struct kh_err err;
    assert_int_equal(crypto_init(&err), KH_OK);
    struct db_options opt = {.path = f->path, .readers = 2};
    assert_int_equal(db_open(&opt, &f->db, &err), KH_OK);
    arena_init(&f->arena);
    clock_init(&f->clock, true);
    clock_set(&f->clock, 1767574800);
    f->ctx = (struct kh_ctx){f->db, &f->arena, &f->clock, {0}};
    account_system_actor(&f->ctx.actor, "test");
    unsigned char master[32];
    crypto_random_bytes(master, sizeof(master));
    assert_int_equal(vault_use_key(&f->ctx, master, &err), KH_OK); /* sensitive fields sealed */
    return f;
}

static inline void db_fixture_close(struct db_fixture *f)
{
    vault_close();
    arena_release(&f->arena);
    db_close(f->db);
    db_fixture_remove(f->path);
    free(f);
}

/* The rows of a query on the fixture's file, a line each, columns separated by spaces. */
static inline void db_fixture_query(const struct db_fixture *f, const char *sql, char *out,
                                    size_t cap)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
    size_t len = 0;
    out[0] = '\0';
    while (sqlite3_step(s) == SQLITE_ROW)
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            const unsigned char *v = sqlite3_column_text(s, i);
            len += (size_t)snprintf(out + len, cap - len, "%s%c", v ? (const char *)v : "",
                                    i + 1 < sqlite3_column_count(s) ? ' ' : '\n');
        }
    sqlite3_finalize(s);
    sqlite3_close(h);
}

/* The first column of the first row of a query, as a number. */
static inline int64_t db_fixture_int(const struct db_fixture *f, const char *sql)
{
    char out[64];
    db_fixture_query(f, sql, out, sizeof(out));
    return strtoll(out, NULL, 10);
}

#endif
