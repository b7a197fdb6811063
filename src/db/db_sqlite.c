/*
 * SQLite backend: connection pool, statement cache, group-commit writer,
 * migrations. The only file that includes sqlite3.h.
 */
#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db_backend.h"
#include "db/db_internal.h"
#include "db/migrations.h"

#define WRITE_BATCH_MAX 512
#define DB_ASYNC_MAX 4096
/* Page cache per connection, in KiB as PRAGMA cache_size takes it (negative). */
#define DB_CACHE_KIB "-16000"
#define DB_BULK_CACHE_KIB "-262144"
/*
 * WAL pages after which a checkpoint runs (SQLite's default is 1,000;
 * DECISIONS §28). The writer runs it after the commit that crossed the mark
 * has answered, when no caller waits (§48); past this many times the mark
 * it runs even when callers wait, so the WAL stays bounded.
 */
#define DB_WAL_CHECKPOINT_PAGES 8000
#define DB_WAL_WRITER_FACTOR 8
/*
 * When only background writes (read audit entries) are queued, the writer
 * waits up to this long, or until this many are queued, before it commits:
 * a few large commits cost far less than many small ones, and nobody waits
 * for these. A waiting db_write ends the wait at once.
 */
#define DB_ASYNC_DELAY_US 5000
#define DB_ASYNC_BATCH 512
/* Runs of a background write that fails with a database error (sq_write_async). */
#define DB_ASYNC_ATTEMPTS 3

/* The statement cache: db_internal.h (struct db_index); each statement is allocated on its own. */

struct db_stmt {
    const struct db_ops *ops; /* first: db.c dispatches on it */
    const char *key;
    sqlite3_stmt *st;
    struct db_conn *conn;
    struct db_stmt *next; /* every statement of the connection */
};

struct deferred {
    db_write_fn *fn;
    void *arg;
};

struct db_conn {
    const struct db_ops *ops; /* first: db.c dispatches on it */
    struct deferred *defer;   /* writer only: work for the end of the group commit */
    int ndefer, capdefer;
    sqlite3 *h;
    struct db_index index;
    struct db_stmt *stmts; /* list of every statement, for reset and close */
    bool busy;
    bool in_tx; /* writer: inside a group commit's transaction (see tx_lost) */
};

struct write_job {
    db_write_fn *fn;
    void *arg;
    struct kh_err *err;
    enum kh_status status;
    bool done;
    bool fault_scoped;    /* submitted from the armed fault scope (db.h) */
    bool final;           /* in a batch: its status is its outcome (run_tx) */
    bool rerun;           /* in a batch: ran again after a group commit it did not fail */
    bool once;            /* db_write_once: never runs again */
    bool alone;           /* db_write_alone: its own transaction, no savepoint */
    bool ran;             /* in a batch: fn has run */
    int attempts;         /* async jobs: runs so far */
    db_free_fn *free_arg; /* async jobs: the writer owns and frees the job */
    struct write_job *next;
};

struct db {
    const struct db_ops *ops; /* first: db.c dispatches on it */
    char *path;
    struct db_conn *readers;
    int nreaders;
    pthread_mutex_t pool_mu;
    pthread_cond_t pool_cv;

    struct db_conn writer;
    bool has_writer;
    pthread_t writer_thread;
    pthread_mutex_t wmu;
    pthread_cond_t wcv;     /* writer waits for jobs */
    pthread_cond_t done_cv; /* callers wait for their commit */
    struct write_job *queue_head, *queue_tail;
    bool stopping;
    int schema_version;
    int pending_async;             /* background jobs queued or running */
    int queued_sync, queued_async; /* jobs in the queue, not yet taken */
    bool writer_delaying;          /* writer is gathering background jobs */

    /* Writer thread only (§48): the WAL's size after the last commit, a checkpoint due. */
    int wal_pages;
    bool ckpt_due;
    int ckpt_db_pages;     /* the database's pages when the checkpoint fell due; 0: not read yet */
    struct db_slots slots; /* the capabilities' state (sq_slot) */
};

static enum kh_status sq_exec_script(struct db_conn *c, const char *sql, struct kh_err *err);
static bool pragma_text(sqlite3 *h, const char *sql, char *out, size_t cap);
static void sq_close(struct db *db);

static enum kh_status sqlite_err(sqlite3 *h, int rc, struct kh_err *err)
{
    int ext = h ? sqlite3_extended_errcode(h) : rc;
    const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
            return kh_err_set(err, KH_E_CONFLICT, "", "记录已存在", "record already exists");
        return kh_err_set(err, KH_E_VALIDATION, "", "数据不满足约束条件",
                          "data violates a constraint");
    }
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "数据库繁忙，请稍后重试",
                          "database busy, try again");
    if ((rc & 0xff) == SQLITE_FULL)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "磁盘已满，未保存任何更改",
                          "disk full: nothing was saved");
    if ((rc & 0xff) == SQLITE_IOERR) {
        log_error("msg=\"database I/O error\" rc=%d ext=%d err=\"%s\"", rc, ext, msg);
        return kh_err_set(err, KH_E_UNAVAILABLE, "",
                          "数据库文件读写出错（I/O 错误），未保存任何更改",
                          "the database file could not be read or written (I/O error): nothing "
                          "was saved");
    }
    log_error("msg=sqlite rc=%d ext=%d err=\"%s\"", rc, ext, msg);
    return kh_err_set(err, KH_E_INTERNAL, "", "数据库错误", "database error");
}

/*
 * An injected fault (db.h): the call answers SQLITE_IOERR and, as SQLite
 * does after a real I/O error (sqlite3VdbeHalt rolls back the whole
 * transaction for SQLITE_IOERR), the connection's transaction is rolled
 * back with its savepoints. SQLITE_OK when the call is to run. Without
 * -Dfault_injection this is a constant.
 */
static int fault_rc(sqlite3 *h, const char *sql)
{
    if (!db__fault_hit())
        return SQLITE_OK;
    log_warn("msg=\"injected database fault\" sql=\"%.100s\"", sql);
    if (h && !sqlite3_get_autocommit(h))
        sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    return SQLITE_IOERR;
}

/*
 * The writer's transaction ended under a write: the engine rolled it back
 * (an I/O error, a full disk, no memory). A statement run now would
 * commit on its own, outside the group commit and its savepoints, so every
 * statement fails instead until run_batch starts a new transaction.
 */
static bool tx_lost(const struct db_conn *c)
{
    return c->in_tx && sqlite3_get_autocommit(c->h);
}

static enum kh_status tx_lost_err(struct kh_err *err)
{
    return kh_err_set(err, KH_E_UNAVAILABLE, "", "数据库事务已回滚，未保存任何更改，请重试",
                      "the database transaction was rolled back; nothing was saved, try again");
}

/*
 * Process-wide SQLite settings, made once before the first connection.
 * Memory statistics are off: with them on, every allocation SQLite makes
 * takes one global mutex, which the server's threads queued on (about 4 %
 * of CPU time under concurrent creates went to waiting for it). Kehu reads
 * no SQLite memory statistics.
 */
static void sqlite_setup_once(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int open_handle(const char *path, sqlite3 **h, int flags)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup_once);
    return sqlite3_open_v2(path, h, flags, NULL);
}

static enum kh_status conn_open(const char *path, bool create, struct db_conn *c,
                                struct kh_err *err)
{
    memset(c, 0, sizeof(*c));
    c->ops = &db_sqlite_ops;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = open_handle(path, &c->h, flags);
    if (rc != SQLITE_OK) {
        enum kh_status st = kh_err_setf(err, KH_E_UNAVAILABLE, "", "无法打开数据库 %s",
                                        "cannot open database %s", path, path);
        sqlite3_close(c->h);
        c->h = NULL;
        return st;
    }
    sqlite3_busy_timeout(c->h, 10000);
    sqlite3_extended_result_codes(c->h, 1);
    return sq_exec_script(
        c,
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON; "
        "PRAGMA cache_size=" DB_CACHE_KIB "; PRAGMA wal_autocheckpoint=0;",
        err);
}

static void conn_close(struct db_conn *c)
{
    free(c->defer);
    c->defer = NULL;
    for (struct db_stmt *s = c->stmts, *next; s; s = next) {
        next = s->next;
        sqlite3_finalize(s->st);
        free(s);
    }
    c->stmts = NULL;
    db__index_free(&c->index);
    if (c->h)
        sqlite3_close(c->h);
    c->h = NULL;
}

static enum kh_status sq_exec_script(struct db_conn *c, const char *sql, struct kh_err *err)
{
    if (tx_lost(c))
        return tx_lost_err(err);
    int rc = fault_rc(c->h, sql);
    if (rc != SQLITE_OK)
        return sqlite_err(NULL, rc, err);
    char *msg = NULL;
    rc = sqlite3_exec(c->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("msg=\"script failed\" err=\"%s\"", msg ? msg : "");
        sqlite3_free(msg);
        return sqlite_err(c->h, rc, err);
    }
    return KH_OK;
}

/*
 * SQL in PostgreSQL form to SQLite's: "$12" -> "?12" (SQLite numbers "$N"
 * by order of appearance, not by digit), and type casts "::bigint",
 * "::text[]" dropped (SQL casts a parameter where PostgreSQL cannot infer
 * its type; SQLite's values carry their own).
 */
static char *rewrite_params(const char *sql)
{
    char *out = kh_strdup(sql), *w = out;
    bool quoted = false;
    for (const char *p = sql; *p;) {
        if (*p == '\'')
            quoted = !quoted;
        if (!quoted && p[0] == ':' && p[1] == ':') {
            p += 2;
            while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')
                p++;
            if (p[0] == '[' && p[1] == ']')
                p += 2;
            continue;
        }
        if (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9') {
            *w++ = '?';
            p++;
            continue;
        }
        *w++ = *p++;
    }
    *w = '\0';
    return out;
}

static struct db_stmt *stmt_add(struct db_conn *c, const char *sql)
{
    char *text = rewrite_params(sql);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(c->h, text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        log_error("msg=\"bad sql\" err=\"%s\" sql=\"%s\"", sqlite3_errmsg(c->h), text);
        abort();
    }
    free(text);
    struct db_stmt *s = kh_malloc(sizeof(*s));
    *s = (struct db_stmt){.ops = &db_sqlite_ops, .key = sql, .st = st, .conn = c, .next = c->stmts};
    c->stmts = s;
    db__index_add(&c->index, sql, s);
    return s;
}

static struct db_stmt *sq_prepare(struct db_conn *c, const char *sql)
{
    struct db_stmt *s = db__index_find(&c->index, sql);
    if (!s)
        return stmt_add(c, sql);
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    return s;
}

static void sq_bind_int(struct db_stmt *s, int idx, int64_t v)
{
    sqlite3_bind_int64(s->st, idx, v);
}

static void sq_bind_double(struct db_stmt *s, int idx, double v)
{
    sqlite3_bind_double(s->st, idx, v);
}

static void sq_bind_textn(struct db_stmt *s, int idx, const char *text, size_t len)
{
    if (!text)
        sqlite3_bind_null(s->st, idx);
    else
        sqlite3_bind_text64(s->st, idx, text, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_null(struct db_stmt *s, int idx)
{
    sqlite3_bind_null(s->st, idx);
}

static enum db_step_result sq_step(struct db_stmt *s, struct kh_err *err)
{
    if (tx_lost(s->conn)) {
        tx_lost_err(err);
        sqlite3_reset(s->st);
        return DB_ERROR;
    }
    int rc = fault_rc(s->conn->h, s->key);
    bool injected = rc != SQLITE_OK;
    if (!injected)
        rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    sqlite_err(injected ? NULL : s->conn->h, rc, err);
    sqlite3_reset(s->st);
    return DB_ERROR;
}

static enum kh_status sq_exec_stmt(struct db_stmt *s, struct kh_err *err)
{
    enum db_step_result r;
    while ((r = sq_step(s, err)) == DB_ROW)
        ;
    if (r == DB_ERROR)
        return err ? err->code : KH_E_INTERNAL;
    sqlite3_reset(s->st);
    return KH_OK;
}

static int64_t sq_col_int(struct db_stmt *s, int col)
{
    return sqlite3_column_int64(s->st, col);
}

static double sq_col_double(struct db_stmt *s, int col)
{
    return sqlite3_column_double(s->st, col);
}

static const char *sq_col_text(struct db_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s->st, col);
    return t ? (const char *)t : "";
}

static size_t sq_col_len(struct db_stmt *s, int col)
{
    return (size_t)sqlite3_column_bytes(s->st, col);
}

static bool sq_col_is_null(struct db_stmt *s, int col)
{
    return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

static int64_t sq_changes(struct db_conn *c)
{
    return sqlite3_changes64(c->h);
}

int64_t db_sqlite_total_changes(struct db_conn *c)
{
    return sqlite3_total_changes64(c->h);
}

/* Transaction control through the statement cache: no re-parse per request. */
static enum kh_status exec_cached(struct db_conn *c, const char *sql, struct kh_err *err)
{
    return sq_exec_stmt(sq_prepare(c, sql), err);
}

/* Statements left mid-result would keep the snapshot open: reset them all. */
static void reset_all(struct db_conn *c)
{
    for (struct db_stmt *s = c->stmts; s; s = s->next)
        sqlite3_reset(s->st);
}

/* ---- migrations ---- */

static enum kh_status migrate(struct db *db, struct kh_err *err)
{
    struct db_conn *c = &db->writer;
    enum kh_status st = sq_exec_script(
        c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", err);
    if (st)
        return st;
    int current = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(c->h, "SELECT max(version) FROM schema_version", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        current = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    for (size_t i = 0; i < kh_migrations_count; i++) {
        const struct kh_migration *m = &kh_migrations[i];
        if (m->version <= current || m->engine == KH_MIGRATION_PG)
            continue;
        if ((st = sq_exec_script(c, "BEGIN IMMEDIATE", err)))
            return st;
        st = sq_exec_script(c, m->sql, err);
        if (!st) {
            char ins[96];
            snprintf(ins, sizeof(ins), "INSERT INTO schema_version VALUES (%d)", m->version);
            st = sq_exec_script(c, ins, err);
        }
        if (st) {
            log_error("msg=\"migration failed\" version=%d", m->version);
            struct kh_err ignored;
            KH_IGNORE(sq_exec_script(c, "ROLLBACK", &ignored));
            return st;
        }
        if ((st = sq_exec_script(c, "COMMIT", err)))
            return st;
        current = m->version;
    }
    db->schema_version = current;
    return KH_OK;
}

static int sq_schema_version(struct db *db)
{
    return db->schema_version;
}

/* ---- writer thread ---- */

static void sq_defer(struct db_conn *c, db_write_fn *fn, void *arg)
{
    if (c->ndefer == c->capdefer) {
        c->capdefer = c->capdefer ? c->capdefer * 2 : 64;
        c->defer = kh_realloc(c->defer, sizeof(*c->defer) * (size_t)c->capdefer);
    }
    c->defer[c->ndefer++] = (struct deferred){fn, arg};
}

/* The deferred work of the batch, after every job's savepoint is released. */
static enum kh_status run_deferred(struct db_conn *c, struct kh_err *e)
{
    enum kh_status st = KH_OK;
    for (int i = 0; i < c->ndefer && !st; i++)
        st = c->defer[i].fn(c, c->defer[i].arg, e);
    c->ndefer = 0;
    return st;
}

/*
 * The group commit from `from` to `end` (exclusive) ended without keeping
 * anything, through no fault of the writes that had succeeded in it (the
 * BEGIN or the COMMIT failed, or another write of it failed in a way that
 * made the engine roll everything back). Those writes run once more, in
 * the next transaction: true when there is one to run. A write that ran
 * again already fails with e, and so does a write that failed on its own
 * (it keeps its status) and a db_write_once write that ran: nothing of
 * them was kept.
 */
static bool rerun_or_fail(struct write_job *from, const struct write_job *end,
                          const struct kh_err *e)
{
    bool again = false;
    for (struct write_job *j = from; j != end; j = j->next) {
        if (j->final)
            continue;
        if (!j->status && !j->rerun && (!j->once || !j->ran)) {
            j->rerun = true;
            kh_err_clear(j->err);
            again = true;
            continue;
        }
        if (!j->status)
            j->status = kh_err_set(j->err, e->code, e->field, e->msg_zh, e->msg_en);
        j->final = true;
    }
    if (again)
        log_warn("msg=\"group commit rolled back, its other writes run again\" err=\"%s\"",
                 e->msg_en);
    return again;
}

/*
 * One write in its savepoint: its status. *lost when the transaction cannot
 * go on: the engine rolled it back under the write (or the savepoint could
 * not be released); nothing of this write nor of the ones before it in the
 * transaction is kept then.
 */
static enum kh_status run_job(struct db_conn *c, struct write_job *j, bool *lost)
{
    int mark = c->ndefer;
    struct kh_err je, ig;
    kh_err_clear(&je);
    struct kh_err *e = j->err ? j->err : &je;
    db__fault_scope_set(j->fault_scoped);
    enum kh_status st = exec_cached(c, "SAVEPOINT job", e);
    bool in_savepoint = st == KH_OK;
    if (in_savepoint) {
        st = j->fn(c, j->arg, e);
        reset_all(c);
        /* After the engine rolled back there is no savepoint to go back to. */
        if (st && !tx_lost(c)) {
            KH_IGNORE(exec_cached(c, "ROLLBACK TO job", &ig));
            c->ndefer = mark; /* a failed write's deferred work goes with it */
        }
    }
    *lost = tx_lost(c);
    if (!*lost && in_savepoint && exec_cached(c, "RELEASE job", &ig) != KH_OK) {
        *lost = true;
        if (!st)
            st = kh_err_set(e, ig.code, "", ig.msg_zh, ig.msg_en);
    }
    if (*lost && !st)
        st = tx_lost_err(e);
    return st;
}

/* End the writer's transaction without keeping anything (it may be gone already). */
static void tx_abort(struct db_conn *c)
{
    struct kh_err ig;
    reset_all(c);
    c->in_tx = false;
    c->ndefer = 0;
    if (!sqlite3_get_autocommit(c->h))
        KH_IGNORE(sq_exec_script(c, "ROLLBACK", &ig));
}

/* The deferred work, then COMMIT; on a failure (in e) nothing of the transaction is kept. */
static enum kh_status tx_commit(struct db_conn *c, struct kh_err *e)
{
    enum kh_status st = KH_OK;
    if (c->ndefer) {
        st = run_deferred(c, e);
        reset_all(c);
    }
    if (!st)
        st = exec_cached(c, "COMMIT", e);
    if (st)
        tx_abort(c);
    c->in_tx = false;
    return st;
}

/* The jobs of the batch still to run, from `from` on; NULL when none. */
static struct write_job *next_open(struct write_job *from)
{
    while (from && from->final)
        from = from->next;
    return from;
}

/*
 * The jobs from `from` on that have no outcome yet, in one transaction
 * (each in its savepoint, so a failing write leaves the others), then one
 * commit. When the engine rolls the transaction back under a write, that
 * write fails with what happened; the writes before it in the transaction
 * were lost with it through no fault of theirs, so they run once more in a
 * new transaction, with the rest of the batch (rerun_or_fail). The same
 * when the BEGIN or the COMMIT fails. Returns where the next transaction
 * starts, NULL when every job has its outcome.
 */
static struct write_job *run_tx(struct db_conn *c, struct write_job *from, bool scoped)
{
    struct kh_err e;
    kh_err_clear(&e);
    db__fault_scope_set(scoped);
    c->ndefer = 0;
    enum kh_status st = exec_cached(c, "BEGIN IMMEDIATE", &e);
    if (st) {
        tx_abort(c);
        return rerun_or_fail(from, NULL, &e) ? next_open(from) : NULL;
    }
    c->in_tx = true;
    for (struct write_job *j = from; j; j = j->next) {
        if (j->final)
            continue;
        bool lost = false;
        j->ran = true;
        j->status = run_job(c, j, &lost);
        if (lost) {
            tx_abort(c);
            j->final = true; /* the write the engine failed under: its own error */
            tx_lost_err(&e);
            rerun_or_fail(from, j, &e);
            return next_open(from);
        }
    }
    reset_all(c);
    db__fault_scope_set(scoped);
    if (tx_commit(c, &e) == KH_OK) {
        for (struct write_job *j = from; j; j = j->next)
            j->final = true;
        return NULL;
    }
    return rerun_or_fail(from, NULL, &e) ? next_open(from) : NULL;
}

/*
 * A write of its own (db_write_alone): its transaction without a savepoint,
 * so its pages go to no sub-journal; a failure rolls the whole back.
 */
static void run_alone(struct db_conn *c, struct write_job *j)
{
    struct kh_err je;
    kh_err_clear(&je);
    struct kh_err *e = j->err ? j->err : &je;
    db__fault_scope_set(j->fault_scoped);
    c->ndefer = 0;
    j->ran = true;
    enum kh_status st = exec_cached(c, "BEGIN IMMEDIATE", e);
    if (!st) {
        c->in_tx = true;
        st = j->fn(c, j->arg, e);
        reset_all(c);
        if (!st && tx_lost(c))
            st = tx_lost_err(e);
        if (!st)
            st = tx_commit(c, e);
    }
    if (st)
        tx_abort(c);
    j->status = st;
    j->final = true;
    db__fault_scope_set(false);
}

static void run_batch(struct db *db, struct write_job *jobs)
{
    struct db_conn *c = &db->writer;
    bool scoped = false;
    for (struct write_job *j = jobs; j; j = j->next) {
        j->status = KH_OK;
        j->final = j->rerun = j->ran = false;
        scoped = scoped || j->fault_scoped;
    }
    for (struct write_job *rest = jobs; rest;)
        rest = run_tx(c, rest, scoped);
    db__fault_scope_set(false);
}

static void sq_bulk_cache(struct db_conn *c, bool on)
{
    struct kh_err e;
    KH_IGNORE(sq_exec_script(
        c, on ? "PRAGMA cache_size=" DB_BULK_CACHE_KIB : "PRAGMA cache_size=" DB_CACHE_KIB, &e));
}

static _Thread_local bool on_writer;
static _Thread_local struct db *writer_db; /* the database whose writer this thread is */

static bool sq_write_wanted(struct db_conn *c)
{
    struct db *db = writer_db;
    if (!on_writer || !db || c != &db->writer)
        return false;
    pthread_mutex_lock(&db->wmu);
    bool wanted = db->queued_sync > 0 || db->stopping;
    pthread_mutex_unlock(&db->wmu);
    return wanted;
}

/*
 * A background write that failed with a database error runs again in a
 * later group commit (nobody waits for it to report the error), up to
 * DB_ASYNC_ATTEMPTS runs: its function must be safe to run again (db.h).
 * Called with wmu held; true when j went back to the queue.
 */
static bool async_retry(struct db *db, struct write_job *j)
{
    if ((j->status != KH_E_INTERNAL && j->status != KH_E_UNAVAILABLE) ||
        ++j->attempts >= DB_ASYNC_ATTEMPTS)
        return false;
    log_warn("msg=\"background write failed, will run again\" attempt=%d err=\"%s\"", j->attempts,
             j->err ? j->err->msg_en : "");
    kh_err_clear(j->err);
    j->status = KH_OK;
    j->next = NULL;
    if (db->queue_tail)
        db->queue_tail->next = j;
    else
        db->queue_head = j;
    db->queue_tail = j;
    db->queued_async++;
    return true;
}

/* Background jobs only: wait a little for more, unless a caller is waiting. */
static void gather_background(struct db *db)
{
    if (db->queued_sync || db->stopping || db->queued_async >= DB_ASYNC_BATCH)
        return;
    struct timespec dl;
    clock_gettime(CLOCK_MONOTONIC, &dl);
    dl.tv_nsec += DB_ASYNC_DELAY_US * 1000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    db->writer_delaying = true;
    while (!db->queued_sync && !db->stopping && db->queued_async < DB_ASYNC_BATCH)
        if (pthread_cond_timedwait(&db->wcv, &db->wmu, &dl) == ETIMEDOUT)
            break;
    db->writer_delaying = false;
}

static void ckpt_run(struct db *db);

static void *writer_main(void *arg)
{
    struct db *db = arg;
    on_writer = true;
    db__set_writing(true);
    writer_db = db;
    pthread_mutex_lock(&db->wmu);
    for (;;) {
        while (!db->queue_head && !db->stopping)
            pthread_cond_wait(&db->wcv, &db->wmu);
        if (!db->queue_head && db->stopping)
            break;
        gather_background(db);
        /* Take up to WRITE_BATCH_MAX jobs, up to a write alone; or that one write. */
        struct write_job *batch = db->queue_head, *last = batch;
        int n = 1;
        while (!batch->alone && last->next && !last->next->alone && n < WRITE_BATCH_MAX) {
            last = last->next;
            n++;
        }
        db->queue_head = last->next;
        if (!db->queue_head)
            db->queue_tail = NULL;
        last->next = NULL;
        for (struct write_job *j = batch; j; j = j->next) {
            if (j->free_arg)
                db->queued_async--;
            else
                db->queued_sync--;
        }
        pthread_mutex_unlock(&db->wmu);

        if (batch->alone)
            run_alone(&db->writer, batch);
        else
            run_batch(db, batch);

        pthread_mutex_lock(&db->wmu);
        for (struct write_job *j = batch; j;) {
            struct write_job *next = j->next;
            if (j->free_arg && async_retry(db, j)) {
                j = next;
                continue;
            }
            if (j->free_arg) {
                if (j->status)
                    log_error("msg=\"background write failed\" err=\"%s\"",
                              j->err ? j->err->msg_en : "");
                db__async_free(j->free_arg, j->arg, j->status);
                free(j->err);
                free(j);
                db->pending_async--;
            } else {
                j->done = true; /* j belongs to its caller: do not touch after this */
            }
            j = next;
        }
        pthread_cond_broadcast(&db->done_cv);
        ckpt_run(db);
    }
    pthread_mutex_unlock(&db->wmu);
    return NULL;
}

static enum kh_status write_wait(struct db *db, db_write_fn *fn, void *arg, unsigned mode,
                                 struct kh_err *err)
{
    if (!db->has_writer)
        return kh_err_set(err, KH_E_INTERNAL, "", "数据库为只读", "database opened read-only");
    struct write_job job = {.fn = fn,
                            .arg = arg,
                            .err = err,
                            .fault_scoped = db__fault_scoped(),
                            .once = mode & DB_WRITE_ONCE,
                            .alone = mode & DB_WRITE_ALONE};
    pthread_mutex_lock(&db->wmu);
    if (db->stopping) {
        pthread_mutex_unlock(&db->wmu);
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "服务正在关闭", "server is shutting down");
    }
    if (db->queue_tail)
        db->queue_tail->next = &job;
    else
        db->queue_head = &job;
    db->queue_tail = &job;
    db->queued_sync++;
    pthread_cond_signal(&db->wcv);
    while (!job.done)
        pthread_cond_wait(&db->done_cv, &db->wmu);
    pthread_mutex_unlock(&db->wmu);
    return job.status;
}

static enum kh_status sq_write(struct db *db, db_write_fn *fn, void *arg, unsigned mode,
                               struct kh_err *err)
{
    return write_wait(db, fn, arg, mode, err);
}

static enum kh_status sq_write_async(struct db *db, db_write_fn *fn, void *arg,
                                     db_free_fn *free_arg, struct kh_err *err)
{
    pthread_mutex_lock(&db->wmu);
    bool full = db->pending_async >= DB_ASYNC_MAX;
    bool stopping = db->stopping || !db->has_writer;
    pthread_mutex_unlock(&db->wmu);
    if (full || stopping) {
        /* Too far behind (or stopping): write in the caller's time instead. */
        enum kh_status st = write_wait(db, fn, arg, 0, err);
        db__async_free(free_arg, arg, st);
        return st;
    }
    struct write_job *job = kh_calloc(1, sizeof(*job));
    job->fn = fn;
    job->arg = arg;
    job->free_arg = free_arg;
    job->fault_scoped = db__fault_scoped();
    job->err = kh_calloc(1, sizeof(*job->err));
    pthread_mutex_lock(&db->wmu);
    db->pending_async++;
    db->queued_async++;
    if (db->queue_tail)
        db->queue_tail->next = job;
    else
        db->queue_head = job;
    db->queue_tail = job;
    /* A gathering writer wakes by itself, or when the batch is full. */
    if (!db->writer_delaying || db->queued_async >= DB_ASYNC_BATCH)
        pthread_cond_signal(&db->wcv);
    pthread_mutex_unlock(&db->wmu);
    return KH_OK;
}

/* ---- pool ---- */

/*
 * The connections this thread has borrowed, one per database at most. A
 * thread that borrowed a second connection of the same pool could wait
 * for it while holding the first: with every connection so held, no
 * borrower would ever return one. One borrow per thread makes waiting safe
 * (someone else always finishes and returns theirs), so a second borrow is
 * a programming error and aborts: nest reads with db_read_hold instead.
 */
#define BORROWS_MAX 4
static _Thread_local struct {
    struct db *db;
    struct db_conn *conn;
} borrows[BORROWS_MAX];

static void borrow_check(const struct db *db)
{
    for (int i = 0; i < BORROWS_MAX; i++) {
        if (borrows[i].db == db && borrows[i].conn) {
            log_error("msg=\"a thread borrowed a second read connection\" db=%s", db->path);
            abort();
        }
    }
}

static void borrow_note(struct db *db, struct db_conn *c)
{
    for (int i = 0; i < BORROWS_MAX; i++) {
        if (!borrows[i].conn) {
            borrows[i].db = db;
            borrows[i].conn = c;
            return;
        }
    }
    log_error("msg=\"a thread borrowed from too many databases\"");
    abort();
}

static void borrow_forget(struct db_conn *c)
{
    for (int i = 0; i < BORROWS_MAX; i++)
        if (borrows[i].conn == c) {
            borrows[i].conn = NULL;
            borrows[i].db = NULL;
        }
}

int db_default_readers(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = (cores > 0 ? (int)cores : 1) + 2;
    return n < 4 ? 4 : n > 16 ? 16 : n;
}

static struct db_conn *sq_read_begin(struct db *db)
{
    borrow_check(db);
    pthread_mutex_lock(&db->pool_mu);
    struct db_conn *c = NULL;
    for (;;) {
        for (int i = 0; i < db->nreaders; i++) {
            if (!db->readers[i].busy) {
                c = &db->readers[i];
                break;
            }
        }
        if (c)
            break;
        pthread_cond_wait(&db->pool_cv, &db->pool_mu);
    }
    c->busy = true;
    pthread_mutex_unlock(&db->pool_mu);
    borrow_note(db, c);
    struct kh_err e;
    KH_IGNORE(exec_cached(c, "BEGIN", &e));
    return c;
}

static void read_finish(struct db *db, struct db_conn *c)
{
    reset_all(c);
    struct kh_err e;
    /* An I/O error under the read ended its transaction already: nothing to end, nothing to log. */
    if (!sqlite3_get_autocommit(c->h))
        KH_IGNORE(exec_cached(c, "COMMIT", &e));
    borrow_forget(c);
    pthread_mutex_lock(&db->pool_mu);
    c->busy = false;
    pthread_cond_signal(&db->pool_cv);
    pthread_mutex_unlock(&db->pool_mu);
}

/* A held read (db.c) comes here only when it is released. */
static void sq_read_end(struct db *db, struct db_conn *c)
{
    if (c)
        read_finish(db, c);
}

static const char *sq_path(const struct db *db)
{
    return db->path;
}

static const char *sq_setting(const struct db *db)
{
    return db->path;
}

static void *sq_slot(struct db *db, const struct db_slot_key *key)
{
    return db__slots_get(&db->slots, key);
}

/* ---- checkpoints (DECISIONS §48) ---- */

/*
 * Called by SQLite on the writer after each commit with the WAL's size in
 * pages. It only notes that a checkpoint is due: the writer runs it after
 * the commit has answered (ckpt_run), not inside the COMMIT.
 */
static int wal_hook(void *arg, sqlite3 *h, const char *name, int pages)
{
    (void)h;
    (void)name;
    struct db *db = arg;
    db->wal_pages = pages;
    if (pages >= DB_WAL_CHECKPOINT_PAGES && !db->ckpt_due) {
        db->ckpt_due = true;
        db->ckpt_db_pages = 0;
    }
    return SQLITE_OK;
}

/*
 * A checkpoint copies each page once, however many frames it has in the
 * WAL: on a database no larger than the mark it costs no more than the one
 * due at the mark, so it is not put off for waiting callers. (Many small
 * writes in a row, such as `kehu demo`'s, would otherwise grow the WAL of a
 * 4 MB database to 250 MB.)
 */
static bool ckpt_cheap(struct db *db) /* wmu held */
{
    if (!db->ckpt_db_pages) {
        char n[32];
        pthread_mutex_unlock(&db->wmu);
        bool ok = pragma_text(db->writer.h, "PRAGMA page_count", n, sizeof(n));
        pthread_mutex_lock(&db->wmu);
        long pages = ok ? strtol(n, NULL, 10) : 0;
        db->ckpt_db_pages = pages > 0 && pages < INT_MAX ? (int)pages : INT_MAX;
    }
    return db->ckpt_db_pages <= DB_WAL_CHECKPOINT_PAGES;
}

/*
 * After a group commit has answered its callers: copy the WAL back when it
 * is due and no caller waits for the writer, or whoever waits when it has
 * grown DB_WAL_WRITER_FACTOR times past the mark or the database is no
 * larger than the mark (ckpt_cheap). Run between transactions, the
 * checkpoint usually copies every frame, so the next write starts the WAL
 * file again from its beginning.
 */
static void ckpt_run(struct db *db) /* wmu held */
{
    if (!db->ckpt_due)
        return;
    if (db->queued_sync > 0 && db->wal_pages < DB_WAL_CHECKPOINT_PAGES * DB_WAL_WRITER_FACTOR &&
        !ckpt_cheap(db))
        return;
    db->ckpt_due = false;
    pthread_mutex_unlock(&db->wmu);
    int rc = sqlite3_wal_checkpoint_v2(db->writer.h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        log_warn("msg=\"checkpoint failed\" err=\"%s\"", sqlite3_errmsg(db->writer.h));
    pthread_mutex_lock(&db->wmu);
}

enum kh_status db_sqlite_open(const struct db_options *opt, struct db **out, struct kh_err *err)
{
    *out = NULL;
    struct db *db = kh_calloc(1, sizeof(*db));
    db->ops = &db_sqlite_ops;
    db->path = kh_strdup(opt->path);
    db__slots_init(&db->slots);
    pthread_mutex_init(&db->pool_mu, NULL);
    pthread_cond_init(&db->pool_cv, NULL);
    pthread_mutex_init(&db->wmu, NULL);
    pthread_condattr_t wattr;
    pthread_condattr_init(&wattr);
    pthread_condattr_setclock(&wattr, CLOCK_MONOTONIC);
    pthread_cond_init(&db->wcv, &wattr);
    pthread_condattr_destroy(&wattr);
    pthread_cond_init(&db->done_cv, NULL);
    db__fault_from_env();
    enum kh_status st = conn_open(opt->path, true, &db->writer, err);
    if (!st)
        st = migrate(db, err);
    if (st) {
        conn_close(&db->writer);
        db__slots_release(&db->slots);
        free(db->path);
        free(db);
        return st;
    }
    db->nreaders = opt->readers > 0 ? opt->readers : db_default_readers();
    db->readers = kh_calloc((size_t)db->nreaders, sizeof(*db->readers));
    for (int i = 0; i < db->nreaders && !st; i++)
        st = conn_open(opt->path, false, &db->readers[i], err);
    if (!st && !opt->no_writer) {
        sqlite3_wal_hook(db->writer.h, wal_hook, db);
        db->has_writer = true;
        if (pthread_create(&db->writer_thread, NULL, writer_main, db) == 0) {
            pthread_setname_np(db->writer_thread, "kehu-writer"); /* top -H, perf -t */
        } else {
            db->has_writer = false;
            st = kh_err_set(err, KH_E_INTERNAL, "", "无法启动写线程", "cannot start writer");
        }
    }
    if (st) {
        sq_close(db);
        return st;
    }
    *out = db;
    return KH_OK;
}

static void sq_close(struct db *db)
{
    if (!db)
        return;
    if (db->has_writer) {
        pthread_mutex_lock(&db->wmu);
        db->stopping = true;
        pthread_cond_signal(&db->wcv);
        pthread_mutex_unlock(&db->wmu);
        pthread_join(db->writer_thread, NULL);
    }
    for (int i = 0; i < db->nreaders; i++)
        conn_close(&db->readers[i]);
    free(db->readers);
    struct kh_err e;
    /*
     * A small WAL is copied back and emptied, so the file alone is the
     * database; a large one (a bulk import just ended) is left to the next
     * open, which copies it back itself: copying hundreds of megabytes here
     * would outlast the time a stopping server is given (KEHU_STOP_SECONDS).
     */
    if (db->wal_pages <= DB_WAL_CHECKPOINT_PAGES)
        KH_IGNORE(sq_exec_script(&db->writer, "PRAGMA wal_checkpoint(TRUNCATE)", &e));
    else
        log_info("msg=\"large WAL left for the next start\" pages=%d", db->wal_pages);
    conn_close(&db->writer);
    db__slots_release(&db->slots); /* after the writer's last write, which may use them */
    pthread_cond_destroy(&db->done_cv);
    pthread_cond_destroy(&db->wcv);
    pthread_mutex_destroy(&db->wmu);
    pthread_cond_destroy(&db->pool_cv);
    pthread_mutex_destroy(&db->pool_mu);
    free(db->path);
    free(db);
}

#ifdef KH_FAULT_INJECTION
static enum kh_status settle_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)c;
    (void)arg;
    (void)err;
    return KH_OK;
}

static void sq_fault_settle(struct db *db)
{
    for (int i = 0; i < 200 && db->has_writer; i++) {
        struct kh_err ig;
        /* after every write queued before it */
        KH_IGNORE(sq_write(db, settle_fn, NULL, false, &ig));
        pthread_mutex_lock(&db->wmu);
        int pending = db->pending_async;
        pthread_mutex_unlock(&db->wmu);
        if (!pending)
            return;
        sqlite3_sleep(10);
    }
}
#endif

/* One step copying every page (a database call for the fault hook: *injected when it failed). */
static int backup_step(sqlite3_backup *b, bool *injected)
{
    int rc = fault_rc(NULL, "backup step");
    *injected = rc != SQLITE_OK;
    return *injected ? rc : sqlite3_backup_step(b, -1);
}

/* A checkpoint of its own connection: the server's writer may be busy; readers are waited for. */
static enum kh_status sq_wipe_free(struct db *db, const char *const *tables, int n,
                                   struct kh_err *err)
{
    (void)tables;
    (void)n;
    sqlite3 *h = NULL;
    int rc = open_handle(db->path, &h, SQLITE_OPEN_READWRITE);
    int log = -1, done = -1;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(h, 10000);
        /* A new handle knows the file is in WAL mode once it has read it. */
        rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    enum kh_status st = KH_OK;
    if (rc != SQLITE_OK || log < 0 || done != log)
        st = kh_err_set(err, KH_E_INTERNAL, "db", "无法清空预写日志，请在停止服务后重试",
                        "cannot empty the write-ahead log: try again with the server stopped");
    sqlite3_close(h);
    return st;
}

static enum kh_status sq_backup_to(struct db *db, const char *dest, struct kh_err *err)
{
    sqlite3 *out = NULL;
    int rc = open_handle(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (rc != SQLITE_OK) {
        sqlite3_close(out);
        return kh_err_setf(err, KH_E_INVALID, "file", "无法创建备份文件 %s",
                           "cannot create backup file %s", dest, dest);
    }
    struct db_conn *src = db_read_begin(db); /* a held read's, if this thread holds one */
    struct kh_err e;
    KH_IGNORE(sq_exec_script(src, "COMMIT", &e));
    sqlite3_backup *b = sqlite3_backup_init(out, "main", src->h, "main");
    enum kh_status st = KH_OK;
    if (!b) {
        st = sqlite_err(out, sqlite3_errcode(out), err);
    } else {
        bool injected = false;
        while ((rc = backup_step(b, &injected)) == SQLITE_OK || rc == SQLITE_BUSY ||
               rc == SQLITE_LOCKED)
            sqlite3_sleep(5);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
            st = sqlite_err(injected ? NULL : out, rc, err);
    }
    KH_IGNORE(sq_exec_script(src, "BEGIN", &e));
    db_read_end(db, src);
    if (!st)
        st = sq_exec_script(&(struct db_conn){.ops = &db_sqlite_ops, .h = out},
                            "PRAGMA journal_mode=DELETE", err);
    sqlite3_close(out);
    return st;
}

/* The first row of a one-column PRAGMA as text into out; false on an error. */
static bool pragma_text(sqlite3 *h, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    bool ok =
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        kh_strlcpy(out, t ? (const char *)t : "", cap);
    } else {
        kh_strlcpy(out, sqlite3_errmsg(h), cap);
    }
    sqlite3_finalize(st);
    return ok;
}

static enum kh_status check_open_file(sqlite3 *h, const char *path, struct kh_err *err)
{
    char v[256], n[32], sz[32];
    if (!pragma_text(h, "PRAGMA schema_version", v, sizeof(v)))
        return kh_err_setf(err, KH_E_INVALID, "file", "不是有效的数据库文件：%s",
                           "not a valid database file: %s", v, v);
    if (!pragma_text(h, "SELECT max(version) FROM schema_version", v, sizeof(v)) || !*v ||
        !strcmp(v, "0"))
        return kh_err_set(err, KH_E_INVALID, "file", "不是 Kehu 数据库（没有数据表）",
                          "not a Kehu database (no schema)");
    FILE *f = fopen(path, "rb");
    long have = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        have = ftell(f);
    if (f)
        fclose(f);
    if (!pragma_text(h, "PRAGMA page_count", n, sizeof(n)) ||
        !pragma_text(h, "PRAGMA page_size", sz, sizeof(sz)))
        return kh_err_setf(err, KH_E_INVALID, "file", "无法读取数据库：%s",
                           "cannot read the database: %s", n, n);
    long long want = strtoll(n, NULL, 10) * strtoll(sz, NULL, 10);
    if (have < want)
        return kh_err_setf(err, KH_E_INVALID, "file", "文件不完整（被截断）：%ld / %lld 字节",
                           "file is truncated: %ld of %lld bytes", have, want, have, want);
    if (!pragma_text(h, "PRAGMA integrity_check", v, sizeof(v)))
        return kh_err_setf(err, KH_E_INVALID, "file", "完整性检查失败：%s",
                           "integrity check failed: %s", v, v);
    if (strcmp(v, "ok") != 0)
        return kh_err_setf(err, KH_E_INVALID, "file", "完整性检查失败：%s",
                           "integrity check failed: %s", v, v);
    return KH_OK;
}

enum kh_status db_check_file(const char *path, struct kh_err *err)
{
    if (db_pg_is_dump(path))
        return db_pg_check_dump(path, err);
    sqlite3 *h = NULL;
    if (open_handle(path, &h, SQLITE_OPEN_READONLY) != SQLITE_OK) {
        sqlite3_close(h);
        return kh_err_setf(err, KH_E_INVALID, "file", "无法打开文件 %s", "cannot open %s", path,
                           path);
    }
    enum kh_status st = check_open_file(h, path, err);
    sqlite3_close(h);
    return st;
}

static void remove_sidecars(const char *path)
{
    char p[4096];
    if (snprintf(p, sizeof(p), "%s-wal", path) < (int)sizeof(p))
        remove(p);
    if (snprintf(p, sizeof(p), "%s-shm", path) < (int)sizeof(p))
        remove(p);
    if (snprintf(p, sizeof(p), "%s-journal", path) < (int)sizeof(p))
        remove(p);
}

/* A backup of a PostgreSQL database is one file: copied byte for byte, synced, renamed. */
static enum kh_status copy_plain(const char *src, const char *dest, const char *tmp,
                                 struct kh_err *err)
{
    FILE *in = fopen(src, "rb");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = in && fd >= 0;
    char buf[1 << 16];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        ok = write(fd, buf, n) == (ssize_t)n;
    ok = ok && !ferror(in) && fsync(fd) == 0;
    if (in)
        fclose(in);
    if (fd >= 0)
        close(fd);
    if (ok && rename(tmp, dest) == 0)
        return KH_OK;
    remove(tmp);
    return kh_err_setf(err, KH_E_INVALID, "file", "无法复制 %s 到 %s", "cannot copy %s to %s", src,
                       dest, src, dest);
}

enum kh_status db_copy_file(const char *src, const char *dest, struct kh_err *err)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", dest) >= sizeof(tmp))
        return kh_err_set(err, KH_E_INVALID, "file", "路径过长", "path too long");
    remove(tmp);
    remove_sidecars(tmp);
    if (db_pg_is_dump(src))
        return copy_plain(src, dest, tmp, err);
    sqlite3 *in = NULL, *out = NULL;
    enum kh_status st = KH_OK;
    if (open_handle(src, &in, SQLITE_OPEN_READONLY) != SQLITE_OK ||
        open_handle(tmp, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) != SQLITE_OK)
        st = kh_err_setf(err, KH_E_INVALID, "file", "无法打开 %s 或创建 %s",
                         "cannot open %s or create %s", src, tmp, src, tmp);
    sqlite3_backup *b = st ? NULL : sqlite3_backup_init(out, "main", in, "main");
    if (!st && !b)
        st = sqlite_err(out, sqlite3_errcode(out), err);
    if (b) {
        bool injected = false;
        int rc = backup_step(b, &injected);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
            st = sqlite_err(injected ? NULL : out, rc, err);
    }
    if (!st)
        st = sq_exec_script(&(struct db_conn){.ops = &db_sqlite_ops, .h = out},
                            "PRAGMA journal_mode=DELETE", err);
    sqlite3_close(in);
    sqlite3_close(out);
    if (!st) {
        remove_sidecars(dest);
        if (rename(tmp, dest) != 0)
            st = kh_err_setf(err, KH_E_INTERNAL, "file", "无法写入 %s", "cannot write %s", dest,
                             dest);
    }
    if (st)
        remove(tmp);
    return st;
}

static bool sq_reachable(struct db *db)
{
    (void)db;
    return true;
}

const struct db_ops db_sqlite_ops = {
    .engine = "sqlite",
    .close = sq_close,
    .path = sq_path,
    .setting = sq_setting,
    .schema_version = sq_schema_version,
    .read_begin = sq_read_begin,
    .read_end = sq_read_end,
    .write = sq_write,
    .write_async = sq_write_async,
    .defer = sq_defer,
    .slot = sq_slot,
    .bulk_cache = sq_bulk_cache,
    .write_wanted = sq_write_wanted,
    .prepare = sq_prepare,
    .prepare_detached = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_textn = sq_bind_textn,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .exec_stmt = sq_exec_stmt,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_len = sq_col_len,
    .col_is_null = sq_col_is_null,
    .changes = sq_changes,
    .exec_script = sq_exec_script,
    .backup_to = sq_backup_to,
    .wipe_free = sq_wipe_free,
    .reachable = sq_reachable,
    .search_put = db_search_sqlite_put,
    .search_delete = db_search_sqlite_delete,
    .search_optimize = db_search_sqlite_optimize,
    .search_bulk = db_search_sqlite_bulk,
    .search_merge = db_search_sqlite_merge,
    .search_match = db_search_sqlite_match,
#ifdef KH_FAULT_INJECTION
    .fault_settle = sq_fault_settle,
#endif
};
