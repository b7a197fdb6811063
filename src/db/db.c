/*
 * db.h's functions: each finds the backend of its object (db_backend.h) and
 * hands the call to it. db_open picks the backend from the database
 * setting: a postgresql:// (or postgres://) URL means PostgreSQL, anything
 * else is the path of an SQLite file.
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/mem.h"

#include "db/db_backend.h"

#define OPS(x) (((const struct db_head *)(const void *)(x))->ops)

bool db_is_url(const char *setting)
{
    return setting &&
           (!strncmp(setting, "postgresql://", 13) || !strncmp(setting, "postgres://", 11));
}

void db_local_dir(const char *setting, char *out, size_t cap)
{
    if (db_is_url(setting)) {
        const char *v = getenv("KEHU_DATA_DIR");
        kh_strlcpy(out, v && *v ? v : "./data", cap);
        return;
    }
    char *copy = kh_strdup(setting);
    kh_strlcpy(out, dirname(copy), cap);
    free(copy);
}

void db_local_prefix(const char *setting, char *out, size_t cap)
{
    if (!db_is_url(setting)) {
        kh_strlcpy(out, setting, cap);
        return;
    }
    char dir[4096];
    db_local_dir(setting, dir, sizeof(dir));
    snprintf(out, cap, "%s/kehu", dir);
}

enum kh_status db_open(const struct db_options *opt, struct db **out, struct kh_err *err)
{
    if (db_is_url(opt->path))
        return db_pg_open(opt, out, err);
    return db_sqlite_open(opt, out, err);
}

void db_close(struct db *db)
{
    if (db)
        OPS(db)->close(db);
}

const char *db_path(const struct db *db)
{
    return OPS(db)->path(db);
}

const char *db_setting(const struct db *db)
{
    return OPS(db)->setting(db);
}

enum kh_status db_open_backup(const char *file, const char *server, struct db **out,
                              struct kh_err *err)
{
    *out = NULL;
    if (!db_pg_is_dump(file)) {
        struct db_options opt = {.path = file, .readers = 1, .no_writer = true};
        return db_open(&opt, out, err);
    }
    if (!db_is_url(server))
        return kh_err_set(err, KH_E_INVALID, "file",
                          "这是 PostgreSQL 数据库的备份：请用 --db 指定 PostgreSQL 服务器来检查",
                          "this is a backup of a PostgreSQL database: name a PostgreSQL server "
                          "(--db) to check it on");
    return db_pg_open_dump(file, server, out, err);
}

enum kh_status db_put_in_place(struct db *backup, const char *url, char *kept, size_t cap,
                               struct kh_err *err)
{
    if (OPS(backup) != &db_pg_ops || !db_is_url(url)) {
        db_close(backup);
        return kh_err_set(err, KH_E_INVALID, "db", "只有 PostgreSQL 数据库的备份这样恢复",
                          "only a backup of a PostgreSQL database is restored this way");
    }
    return db_pg_put_in_place(backup, url, kept, cap, err);
}

int db_schema_version(struct db *db)
{
    return OPS(db)->schema_version(db);
}

/*
 * The read transaction this thread holds (db_read_hold), shared by nested reads. It begins at
 * the first read, not at the hold: a request that reads nothing (the health check, a refusal
 * before any read) takes no connection and, on PostgreSQL, sends no BEGIN and COMMIT.
 */
static _Thread_local struct db_conn *held;
static _Thread_local struct db *held_db;

struct db_conn *db_read_begin(struct db *db)
{
    if (held_db != db)
        return OPS(db)->read_begin(db);
    if (!held)
        held = OPS(db)->read_begin(db);
    return held;
}

void db_read_end(struct db *db, struct db_conn *c)
{
    if (!c || c == held)
        return; /* a held transaction ends with db_read_release */
    OPS(db)->read_end(db, c);
}

void db_read_hold(struct db *db)
{
    if (held_db)
        return;
    held = NULL;
    held_db = db;
}

void db_read_release(struct db *db)
{
    if (held_db != db)
        return;
    struct db_conn *c = held;
    held = NULL;
    held_db = NULL;
    if (c)
        OPS(db)->read_end(db, c);
}

enum kh_status db_write(struct db *db, db_write_fn *fn, void *arg, struct kh_err *err)
{
    return OPS(db)->write(db, fn, arg, 0, err);
}

enum kh_status db_write_once(struct db *db, db_write_fn *fn, void *arg, struct kh_err *err)
{
    return OPS(db)->write(db, fn, arg, DB_WRITE_ONCE, err);
}

enum kh_status db_write_alone(struct db *db, db_write_fn *fn, void *arg, struct kh_err *err)
{
    return OPS(db)->write(db, fn, arg, DB_WRITE_ALONE, err);
}

enum kh_status db_write_async(struct db *db, db_write_fn *fn, void *arg, db_free_fn *free_arg,
                              struct kh_err *err)
{
    return OPS(db)->write_async(db, fn, arg, free_arg, err);
}

void db_defer(struct db_conn *c, db_write_fn *fn, void *arg)
{
    OPS(c)->defer(c, fn, arg);
}

void *db_slot(struct db *db, const struct db_slot_key *key)
{
    return OPS(db)->slot(db, key);
}

void db_bulk_cache(struct db_conn *c, bool on)
{
    OPS(c)->bulk_cache(c, on);
}

static enum kh_status bulk_release_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)arg;
    (void)err;
    db_bulk_cache(c, false);
    return KH_OK;
}

void db_bulk_cache_release(struct db *db)
{
    struct kh_err e;
    KH_IGNORE(db_write(db, bulk_release_fn, NULL, &e));
}

bool db_write_wanted(struct db_conn *c)
{
    return OPS(c)->write_wanted(c);
}

struct db_stmt *db_prepare(struct db_conn *c, const char *sql)
{
    return OPS(c)->prepare(c, sql);
}

struct db_stmt *db_prepare_detached(struct db_conn *c, const char *sql)
{
    return OPS(c)->prepare_detached(c, sql);
}

void db_bind_int(struct db_stmt *s, int idx, int64_t v)
{
    OPS(s)->bind_int(s, idx, v);
}

void db_bind_double(struct db_stmt *s, int idx, double v)
{
    OPS(s)->bind_double(s, idx, v);
}

void db_bind_text(struct db_stmt *s, int idx, const char *text)
{
    if (text)
        OPS(s)->bind_textn(s, idx, text, strlen(text));
    else
        OPS(s)->bind_null(s, idx);
}

void db_bind_textn(struct db_stmt *s, int idx, const char *text, size_t len)
{
    OPS(s)->bind_textn(s, idx, text, len);
}

void db_bind_null(struct db_stmt *s, int idx)
{
    OPS(s)->bind_null(s, idx);
}

void db_bind_id(struct db_stmt *s, int idx, int64_t v)
{
    if (v)
        OPS(s)->bind_int(s, idx, v);
    else
        OPS(s)->bind_null(s, idx);
}

enum db_step_result db_step(struct db_stmt *s, struct kh_err *err)
{
    return OPS(s)->step(s, err);
}

enum kh_status db_exec_stmt(struct db_stmt *s, struct kh_err *err)
{
    return OPS(s)->exec_stmt(s, err);
}

int64_t db_col_int(struct db_stmt *s, int col)
{
    return OPS(s)->col_int(s, col);
}

double db_col_double(struct db_stmt *s, int col)
{
    return OPS(s)->col_double(s, col);
}

const char *db_col_text(struct db_stmt *s, int col)
{
    return OPS(s)->col_text(s, col);
}

size_t db_col_len(struct db_stmt *s, int col)
{
    return OPS(s)->col_len(s, col);
}

bool db_col_is_null(struct db_stmt *s, int col)
{
    return OPS(s)->col_is_null(s, col);
}

enum kh_status db_ids(struct db_conn *c, struct arena *a, const char *sql, int64_t key,
                      int64_t **ids, int64_t *n, struct kh_err *err)
{
    int64_t cap = 16;
    *n = 0;
    *ids = arena_alloc(a, sizeof(**ids) * (size_t)cap);
    struct db_stmt *s = db_prepare(c, sql);
    db_bind_int(s, 1, key);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (*n == cap) {
            int64_t *more = arena_alloc(a, sizeof(*more) * (size_t)cap * 2);
            memcpy(more, *ids, sizeof(*more) * (size_t)cap);
            *ids = more;
            cap *= 2;
        }
        (*ids)[(*n)++] = db_col_int(s, 0);
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status db_repoint(struct db_conn *c, const char *drop_sql, const char *move_sql,
                          int64_t from, int64_t to, int64_t *moved, struct kh_err *err)
{
    *moved = 0;
    const char *const sqls[] = {drop_sql, move_sql};
    for (int i = 0; i < 2; i++) {
        if (!sqls[i])
            continue;
        struct db_stmt *s = db_prepare(c, sqls[i]);
        db_bind_int(s, 1, from);
        db_bind_int(s, 2, to);
        enum kh_status st = db_exec_stmt(s, err);
        if (st)
            return st;
        *moved += db_changes(c);
    }
    return KH_OK;
}

enum kh_status db_exec_int(struct db_stmt *s, int64_t *out, struct kh_err *err)
{
    *out = 0;
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err ? err->code : KH_E_INTERNAL;
    if (r == DB_DONE)
        return KH_OK; /* never stepped past DONE: on SQLite that would run it again */
    int64_t v = db_col_int(s, 0);
    /* The engine made every change by the first row; the rest are returned rows. */
    enum kh_status st = db_exec_stmt(s, err);
    if (!st)
        *out = v;
    return st;
}

int64_t db_changes(struct db_conn *c)
{
    return OPS(c)->changes(c);
}

enum kh_status db_exec_script(struct db_conn *c, const char *sql, struct kh_err *err)
{
    return OPS(c)->exec_script(c, sql, err);
}

enum kh_status db_search_put(struct db_conn *c, const char *index, int64_t id,
                             const char *const cols[TOK_COLS], struct kh_err *err)
{
    return OPS(c)->search_put(c, index, id, cols, err);
}

enum kh_status db_search_delete(struct db_conn *c, const char *index, int64_t id,
                                struct kh_err *err)
{
    return OPS(c)->search_delete(c, index, id, err);
}

enum kh_status db_search_optimize(struct db_conn *c, const char *index, struct kh_err *err)
{
    return OPS(c)->search_optimize(c, index, err);
}

enum kh_status db_search_bulk(struct db_conn *c, const char *index, bool on, struct kh_err *err)
{
    return OPS(c)->search_bulk(c, index, on, err);
}

enum kh_status db_search_merge(struct db_conn *c, const char *index, int pages, bool *more,
                               struct kh_err *err)
{
    return OPS(c)->search_merge(c, index, pages, more, err);
}

bool db_search_match(struct db_conn *c, const struct tok_query *q, struct buf *out)
{
    return OPS(c)->search_match(c, q, out);
}

bool db_reachable(struct db *db)
{
    return OPS(db)->reachable(db);
}

enum kh_status db_backup_to(struct db *db, const char *dest, struct kh_err *err)
{
    return OPS(db)->backup_to(db, dest, err);
}

enum kh_status db_wipe_free(struct db *db, const char *const *tables, int n, struct kh_err *err)
{
    return OPS(db)->wipe_free(db, tables, n, err);
}

/* ---- thread state shared by the backends ---- */

static _Thread_local bool writing;
static _Thread_local enum kh_status async_status;

void db__set_writing(bool on)
{
    writing = on;
}

bool db_on_writer_thread(void)
{
    return writing;
}

enum kh_status db_async_status(void)
{
    return async_status;
}

void db__async_free(db_free_fn *free_arg, void *arg, enum kh_status st)
{
    async_status = st;
    free_arg(arg);
    async_status = KH_OK;
}

#ifdef KH_FAULT_INJECTION
void db_fault_settle(struct db *db)
{
    OPS(db)->fault_settle(db);
}
#endif
