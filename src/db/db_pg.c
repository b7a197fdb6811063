/*
 * PostgreSQL backend (libpq): the same db.h as db_sqlite.c, for several
 * `kehu serve` sharing one database. The only file that includes libpq-fe.h.
 *
 * Connections: a read pool (opt->readers) and a write pool (KEHU_DB_POOL,
 * default 8), plus one connection of the background writer. A read borrow
 * is one REPEATABLE READ READ ONLY transaction (one snapshot, as SQLite's
 * read transaction); a db_write is one READ COMMITTED transaction on a
 * pooled connection, run again (up to PG_WRITE_ATTEMPTS times) when
 * PostgreSQL ends it with a serialization failure or a deadlock. There is
 * no group commit of our own: PostgreSQL flushes the WAL of concurrent
 * commits together. Background writes (db_write_async) keep their
 * meaning: a thread gathers them and commits them together, each in a
 * savepoint.
 *
 * Statements are prepared once per connection, named by their SQL
 * literal's slot, on their first run (so a dropped connection fails the
 * run, not the prepare); a connection that broke is reset when it is next
 * borrowed and prepares its statements again.
 *
 * SQL dialect: Kehu's SQL is written in PostgreSQL form, so statements run
 * as they are, except the search table's `<table> MATCH $n` (SQLite FTS5),
 * which becomes `<table>.doc @@ $n::tsquery` here. Migrations are written
 * for SQLite's types and translated (pg_translate).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/db_backend.h"
#include "db/db_internal.h"
#include "db/migrations.h"

#define PG_POOL_DEFAULT 8
#define PG_POOL_MAX 64
#define PG_PARAMS_MAX 99
#define PG_WRITE_ATTEMPTS 5
#define PG_ASYNC_MAX 4096
#define PG_ASYNC_DELAY_US 5000
#define PG_ASYNC_BATCH 512
#define PG_ASYNC_ATTEMPTS 3
/* A bulk write (an import) ends its transaction after this long (db_write_wanted). */
#define PG_LONG_TX_MS 500
/* The advisory lock that lets one node at a time migrate. */
#define PG_MIGRATE_LOCK 0x6b656875 /* "kehu" */

struct db_stmt {
    const struct db_ops *ops; /* first: db.c dispatches on it */
    const char *key;
    struct db_conn *conn;
    char *text; /* the SQL as sent */
    char name[24];
    bool prepared;
    int nparams;
    char *vals[PG_PARAMS_MAX];
    char kinds[PG_PARAMS_MAX]; /* of each value bound: 'i' integer, 'd' double, 't' text, 0 NULL */
    PGresult *res;
    int row, nrows;
    bool ran;
    /*
     * A search statement (`<table> MATCH $n`): match is n, and gin the same
     * statement driven by the index's matches (search_driven).
     */
    int match;
    struct db_stmt *gin;
    struct db_stmt *next;
};

struct deferred {
    db_write_fn *fn;
    void *arg;
};

struct db_conn {
    const struct db_ops *ops; /* first: db.c dispatches on it */
    struct db *db;
    PGconn *h;
    struct db_index index;
    struct db_stmt *stmts;
    unsigned nstmts;
    bool busy;
    bool in_tx;
    bool tx_failed; /* a statement failed: PostgreSQL ended the transaction's work */
    bool retryable; /* ... with a serialization failure or a deadlock */
    int64_t changes;
    struct timespec tx_start;
    struct deferred *defer;
    int ndefer, capdefer;
    /* db_prepare_detached: a connection of its own, each statement committed at once. */
    struct db_conn *side;
};

struct write_job {
    uint64_t no; /* its number in the queue (db->async_queued_no) */
    db_write_fn *fn;
    void *arg;
    db_free_fn *free_arg;
    struct kh_err err;
    enum kh_status status;
    int attempts;
    bool fault_scoped;
    struct write_job *next;
};

struct pool {
    struct db_conn *conns;
    int n;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

struct db {
    const struct db_ops *ops; /* first: db.c dispatches on it */
    char *url;                /* as given: may hold a password, never logged */
    char *shown;              /* without the password: db_path, logs */
    struct db_slots slots;
    int schema_version;
    struct pool readers, writers;
    bool has_writer;

    /* The background writer (db_write_async). */
    struct db_conn async_conn;
    pthread_t async_thread;
    pthread_mutex_t amu;
    pthread_cond_t acv;
    struct write_job *aq_head, *aq_tail;
    int pending_async, queued_async;
    bool stopping;
    /*
     * Order as on SQLite's one writer: a db_write starts after every
     * background write queued before it has committed (the audit's flush
     * relies on it). Jobs are numbered as queued; done is the highest
     * number of a finished batch (batches run in queue order); urgent ends
     * the background writer's wait for more.
     */
    uint64_t async_queued_no, async_done_no;
    bool urgent;

    /* A scratch database a backup was restored into to be checked: dropped at close. */
    char *drop_name, *drop_server;

    /* db_reachable: its own connection, one check at a time, the last outcome. */
    pthread_mutex_t health_mu;
    PGconn *health;
    _Atomic bool health_ok;
    _Atomic int64_t health_at_ms; /* when the last check ended (monotonic ms) */
};

/* ---- errors ---- */

static bool conn_broken(const struct db_conn *c)
{
    return !c->h || PQstatus(c->h) != CONNECTION_OK;
}

static enum kh_status unreachable(struct kh_err *err)
{
    return kh_err_set(err, KH_E_UNAVAILABLE, "", "无法连接数据库，未保存任何更改，请稍后重试",
                      "the database cannot be reached: nothing was saved, try again later");
}

/* A failed result (or none) as the caller's error; notes what it means for the transaction. */
static enum kh_status pg_err(struct db_conn *c, const PGresult *r, const char *sql,
                             struct kh_err *err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (c->in_tx)
        c->tx_failed = true;
    if (!state || conn_broken(c)) {
        log_error("msg=\"database connection failed\" db=%s err=\"%s\"", c->db->shown,
                  c->h ? PQerrorMessage(c->h) : "");
        return unreachable(err);
    }
    if (!strcmp(state, "23505"))
        return kh_err_set(err, KH_E_CONFLICT, "", "记录已存在", "record already exists");
    if (!strncmp(state, "23", 2))
        return kh_err_set(err, KH_E_VALIDATION, "", "数据不满足约束条件",
                          "data violates a constraint");
    if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03")) {
        c->retryable = true;
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "数据库繁忙，请稍后重试",
                          "database busy, try again");
    }
    if (!strcmp(state, "53100"))
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "磁盘已满，未保存任何更改",
                          "disk full: nothing was saved");
    if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3) || !strncmp(state, "53", 2)) {
        log_error("msg=\"database unavailable\" state=%s err=\"%s\"", state,
                  PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
        return unreachable(err);
    }
    log_error("msg=postgresql state=%s err=\"%s\" sql=\"%.300s\"", state,
              PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), sql ? sql : "");
    return kh_err_set(err, KH_E_INTERNAL, "", "数据库错误", "database error");
}

static enum kh_status tx_failed_err(struct kh_err *err)
{
    return kh_err_set(err, KH_E_UNAVAILABLE, "", "数据库事务已回滚，未保存任何更改，请重试",
                      "the database transaction was rolled back; nothing was saved, try again");
}

/* An injected fault (db.h): the call fails as after an I/O error; the transaction is lost. */
static bool fault_fires(struct db_conn *c, const char *sql, struct kh_err *err)
{
    if (!db__fault_hit())
        return false;
    log_warn("msg=\"injected database fault\" sql=\"%.100s\"", sql);
    if (c->in_tx)
        c->tx_failed = true;
    kh_err_set(err, KH_E_UNAVAILABLE, "", "数据库文件读写出错（I/O 错误），未保存任何更改",
               "the database file could not be read or written (I/O error): nothing was saved");
    return true;
}

/* ---- statements ---- */

static void stmt_clear_result(struct db_stmt *s)
{
    if (s->res)
        PQclear(s->res);
    s->res = NULL;
    s->row = s->nrows = 0;
    s->ran = false;
}

static void stmt_clear_binds(struct db_stmt *s)
{
    for (int i = 0; i < s->nparams; i++) {
        free(s->vals[i]);
        s->vals[i] = NULL;
        s->kinds[i] = 0;
    }
}

/* The highest $N of the SQL (outside quotes): the parameters PostgreSQL expects. */
static int count_params(const char *sql)
{
    int max = 0;
    bool quoted = false;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'')
            quoted = !quoted;
        else if (!quoted && *p == '$' && isdigit((unsigned char)p[1]))
            max = (int)strtol(p + 1, NULL, 10) > max ? (int)strtol(p + 1, NULL, 10) : max;
    }
    return max;
}

/*
 * The one dialect rewrite of statements: `<table> MATCH $n` (the search
 * table, db_search.h) -> `<table>.doc @@ $n::tsquery`, or, driven by the
 * GIN index's matches (gin true), `<table>.rowid = ANY (ARRAY(SELECT
 * kh_m.rowid FROM <table> kh_m WHERE kh_m.doc @@ $n::tsquery))`. *match
 * gets n (0: no MATCH).
 */
static char *pg_statement_text(const char *sql, bool gin, int *match)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    const char *p = sql;
    const char *m;
    *match = 0;
    while ((m = strstr(p, " MATCH $")) != NULL) {
        const char *t = m;
        while (t > p && (isalnum((unsigned char)t[-1]) || t[-1] == '_'))
            t--;
        int n = (int)strtol(m + strlen(" MATCH $"), NULL, 10);
        *match = n;
        buf_append(&b, p, (size_t)(t - p));
        if (gin)
            buf_printf(&b,
                       "%.*s.rowid = ANY (ARRAY(SELECT kh_m.rowid FROM %.*s kh_m WHERE "
                       "kh_m.doc @@ $%d::tsquery))",
                       (int)(m - t), t, (int)(m - t), t, n);
        else
            buf_printf(&b, "%.*s.doc @@ $%d::tsquery", (int)(m - t), t, n);
        p = m + strlen(" MATCH $");
        while (isdigit((unsigned char)*p))
            p++;
    }
    buf_puts(&b, p);
    char *out = kh_strdup(b.data ? b.data : "");
    buf_release(&b);
    return out;
}

static struct db_stmt *pg_prepare(struct db_conn *c, const char *sql)
{
    struct db_stmt *s = db__index_find(&c->index, sql);
    if (!s) {
        s = kh_calloc(1, sizeof(*s));
        s->ops = &db_pg_ops;
        s->key = sql;
        s->conn = c;
        s->text = pg_statement_text(sql, false, &s->match);
        s->nparams = count_params(sql);
        if (s->nparams > PG_PARAMS_MAX) {
            log_error("msg=\"too many parameters\" sql=\"%.200s\"", sql);
            abort();
        }
        snprintf(s->name, sizeof(s->name), "k%u", ++c->nstmts);
        s->next = c->stmts;
        c->stmts = s;
        db__index_add(&c->index, sql, s);
        if (s->match) {
            struct db_stmt *g = kh_calloc(1, sizeof(*g));
            int ignored = 0;
            g->ops = &db_pg_ops;
            g->key = sql;
            g->conn = c;
            g->text = pg_statement_text(sql, true, &ignored);
            g->nparams = s->nparams;
            snprintf(g->name, sizeof(g->name), "k%u", ++c->nstmts);
            g->next = c->stmts; /* freed and re-prepared with the others */
            c->stmts = g;
            s->gin = g;
        }
    }
    stmt_clear_result(s);
    stmt_clear_binds(s);
    return s;
}

static enum kh_status conn_connect(struct db *db, struct db_conn *c, struct kh_err *err);
static void conn_heal(struct db_conn *c);

/*
 * The connection beside c for db_prepare_detached: every statement its own
 * transaction, committed without waiting for its WAL flush (the write on c
 * commits after it and flushes the WAL up to its own commit, which covers
 * this one); a lock it waits for too long fails it rather than hanging.
 */
static struct db_conn *side_of(struct db_conn *c)
{
    if (!c->side) {
        c->side = kh_calloc(1, sizeof(*c->side));
        struct kh_err e;
        if (!conn_connect(c->db, c->side, &e))
            PQclear(PQexec(c->side->h, "SET synchronous_commit = off; SET lock_timeout = '10s'"));
    } else if (conn_broken(c->side)) {
        conn_heal(c->side);
        if (!conn_broken(c->side))
            PQclear(PQexec(c->side->h, "SET synchronous_commit = off; SET lock_timeout = '10s'"));
    }
    return c->side;
}

static struct db_stmt *pg_prepare_detached(struct db_conn *c, const char *sql)
{
    return pg_prepare(side_of(c), sql);
}

static void set_val(struct db_stmt *s, int idx, char *v, char kind)
{
    if (idx < 1 || idx > s->nparams) {
        log_error("msg=\"parameter out of range\" idx=%d sql=\"%.200s\"", idx, s->key);
        abort();
    }
    free(s->vals[idx - 1]);
    s->vals[idx - 1] = v;
    s->kinds[idx - 1] = kind;
}

static void pg_bind_int(struct db_stmt *s, int idx, int64_t v)
{
    char tmp[24];
    snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
    set_val(s, idx, kh_strdup(tmp), 'i');
}

static void pg_bind_double(struct db_stmt *s, int idx, double v)
{
    char tmp[40];
    snprintf(tmp, sizeof(tmp), "%.17g", v);
    set_val(s, idx, kh_strdup(tmp), 'd');
}

static void pg_bind_textn(struct db_stmt *s, int idx, const char *text, size_t len)
{
    char *v = kh_malloc(len + 1);
    memcpy(v, text, len);
    v[len] = '\0';
    set_val(s, idx, v, 't');
}

static void pg_bind_null(struct db_stmt *s, int idx)
{
    set_val(s, idx, NULL, 0);
}

/* PostgreSQL's type of a parameter, from the value bound to it (text when NULL). */
static Oid kind_type(char kind)
{
    return kind == 'i' ? 20 /* int8 */ : kind == 'd' ? 701 /* float8 */ : 25 /* text */;
}

/*
 * Prepare s on its connection. A parameter bound to a number is declared
 * as one (bigint, double precision): PostgreSQL would otherwise infer the
 * type from its first use, `$6 = 0` making it a 32-bit integer that a Unix
 * time or an id past 2^31 overflows. Text and NULL parameters are left to
 * PostgreSQL to infer (text can become any type). A parameter whose uses
 * say nothing of its type (`$5 IS NULL OR c.grade = $5`, $5 bound NULL) is
 * then given the type of its value (a NULL: text, or bigint when compared
 * with a number), and the statement prepared again. Should the declared
 * numbers not fit where the SQL uses them, it is prepared once more with
 * every type left to inference. Each attempt runs in a savepoint inside a
 * transaction, as a refused prepare would end it.
 */
static bool stmt_prepare(struct db_stmt *s, struct kh_err *err)
{
    struct db_conn *c = s->conn;
    Oid types[PG_PARAMS_MAX] = {0};
    for (int i = 0; i < s->nparams; i++)
        if (s->kinds[i] == 'i' || s->kinds[i] == 'd')
            types[i] = kind_type(s->kinds[i]);
    bool declared = true; /* the numbers' types are declared */
    int guessed = 0;      /* the parameter typed last, 1-based */
    bool in_tx = PQtransactionStatus(c->h) == PQTRANS_INTRANS;
    for (int tries = 0; tries <= 2 * s->nparams + 2; tries++) {
        if (in_tx)
            PQclear(PQexec(c->h, "SAVEPOINT kh_prepare"));
        PGresult *r = PQprepare(c->h, s->name, s->text, s->nparams, types);
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            PQclear(r);
            if (in_tx)
                PQclear(PQexec(c->h, "RELEASE SAVEPOINT kh_prepare"));
            s->prepared = true;
            return true;
        }
        if (in_tx)
            PQclear(PQexec(c->h, "ROLLBACK TO SAVEPOINT kh_prepare"));
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        const char *dollar = msg ? strchr(msg, '$') : NULL;
        int k = dollar ? (int)strtol(dollar + 1, NULL, 10) : 0;
        bool untyped = state && (!strcmp(state, "42P18") || !strcmp(state, "42P08"));
        bool mismatch = state && (!strcmp(state, "42883") || !strcmp(state, "42804"));
        if (untyped && k >= 1 && k <= s->nparams && !types[k - 1]) {
            types[k - 1] = kind_type(s->kinds[k - 1]);
            guessed = k;
        } else if (mismatch && guessed && types[guessed - 1] == 25 && !s->kinds[guessed - 1]) {
            types[guessed - 1] = 20; /* a NULL compared with a number */
        } else if (mismatch && declared) {
            declared = false; /* the SQL uses a number as something else: let it infer */
            guessed = 0;
            memset(types, 0, sizeof(types));
        } else {
            pg_err(c, r, s->text, err);
            PQclear(r);
            return false;
        }
        PQclear(r);
    }
    log_error("msg=\"statement does not prepare\" sql=\"%.300s\"", s->text);
    kh_err_set(err, KH_E_INTERNAL, "", "数据库错误", "database error");
    return false;
}

/*
 * Which plan a search statement runs. PostgreSQL's GIN index gives a
 * query's matches as an unordered bitmap, and its planner, which prices the
 * tsvector test far below what it costs, often prefers walking the table
 * newest first and testing every row until a page is full: right for a
 * common word, ruinous for a rare one (a name that matches nothing reads
 * every document). Kehu decides instead: the planner's own estimate of the
 * matches (EXPLAIN of the bare match: planning only, from the column's
 * statistics of frequent lexemes) picks the plan. With no more than
 * SEARCH_FEW, the statement is driven by the matches themselves (its gin
 * variant: every match fetched once, then ordered); with more, a page fills
 * within the first rows of the ordered walk, the planner's plan. DECISIONS
 * §107.
 */
#define SEARCH_FEW 4000

static bool search_few(struct db_conn *c, const char *query, bool *few, struct kh_err *err)
{
    const char *vals[1] = {query};
    PGresult *r = PQexecParams(c->h,
                               "EXPLAIN (FORMAT JSON) SELECT 1 FROM customer_search WHERE doc @@ "
                               "$1::tsquery",
                               1, NULL, vals, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
        pg_err(c, r, "EXPLAIN search", err);
        PQclear(r);
        return false;
    }
    const char *rows = strstr(PQgetvalue(r, 0, 0), "\"Plan Rows\":");
    *few = rows && strtod(rows + strlen("\"Plan Rows\":"), NULL) <= SEARCH_FEW;
    PQclear(r);
    return true;
}

static enum db_step_result run_stmt(struct db_stmt *s, struct kh_err *err)
{
    struct db_conn *c = s->conn;
    s->ran = true;
    if (c->in_tx && c->tx_failed) {
        tx_failed_err(err);
        return DB_ERROR;
    }
    if (fault_fires(c, s->key, err))
        return DB_ERROR;
    if (conn_broken(c)) {
        if (c->in_tx)
            c->tx_failed = true;
        unreachable(err);
        return DB_ERROR;
    }
    struct db_stmt *run = s;
    if (s->gin && s->vals[s->match - 1]) {
        bool few = false;
        if (!search_few(c, s->vals[s->match - 1], &few, err))
            return DB_ERROR;
        if (few) {
            run = s->gin;
            memcpy(run->kinds, s->kinds, sizeof(s->kinds));
        }
    }
    if (!run->prepared && !stmt_prepare(run, err))
        return DB_ERROR;
    s->res =
        PQexecPrepared(c->h, run->name, s->nparams, (const char *const *)s->vals, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(s->res);
    if (st == PGRES_TUPLES_OK) {
        s->nrows = PQntuples(s->res);
        s->row = -1;
        const char *n = PQcmdTuples(s->res);
        c->changes = *n ? strtoll(n, NULL, 10) : 0;
        return DB_ROW;
    }
    if (st == PGRES_COMMAND_OK) {
        const char *n = PQcmdTuples(s->res);
        c->changes = *n ? strtoll(n, NULL, 10) : 0;
        s->nrows = 0;
        s->row = -1;
        return DB_DONE;
    }
    pg_err(c, s->res, s->text, err);
    stmt_clear_result(s);
    s->ran = true;
    return DB_ERROR;
}

static enum db_step_result pg_step(struct db_stmt *s, struct kh_err *err)
{
    if (!s->ran) {
        enum db_step_result r = run_stmt(s, err);
        if (r != DB_ROW) {
            if (r == DB_ERROR)
                stmt_clear_result(s);
            return r;
        }
    }
    if (!s->res)
        return DB_DONE;
    if (s->row + 1 < s->nrows) {
        s->row++;
        return DB_ROW;
    }
    return DB_DONE;
}

static enum kh_status pg_exec_stmt(struct db_stmt *s, struct kh_err *err)
{
    enum db_step_result r;
    while ((r = pg_step(s, err)) == DB_ROW)
        ;
    if (r == DB_ERROR)
        return err ? err->code : KH_E_INTERNAL;
    stmt_clear_result(s);
    return KH_OK;
}

static const char *cell(struct db_stmt *s, int col)
{
    if (!s->res || s->row < 0 || s->row >= s->nrows || col >= PQnfields(s->res))
        return NULL;
    if (PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

static int64_t pg_col_int(struct db_stmt *s, int col)
{
    const char *v = cell(s, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1; /* a boolean expression */
    if (v[0] == 'f' && !v[1])
        return 0;
    return strtoll(v, NULL, 10);
}

static double pg_col_double(struct db_stmt *s, int col)
{
    const char *v = cell(s, col);
    return v ? strtod(v, NULL) : 0;
}

static const char *pg_col_text(struct db_stmt *s, int col)
{
    const char *v = cell(s, col);
    return v ? v : "";
}

static size_t pg_col_len(struct db_stmt *s, int col)
{
    const char *v = cell(s, col);
    return v ? (size_t)PQgetlength(s->res, s->row, col) : 0;
}

static bool pg_col_is_null(struct db_stmt *s, int col)
{
    return cell(s, col) == NULL;
}

static int64_t pg_changes(struct db_conn *c)
{
    return c->changes;
}

static void reset_all(struct db_conn *c)
{
    for (struct db_stmt *s = c->stmts; s; s = s->next) {
        stmt_clear_result(s);
        stmt_clear_binds(s);
    }
}

/* ---- connections ---- */

static enum kh_status conn_connect(struct db *db, struct db_conn *c, struct kh_err *err)
{
    c->ops = &db_pg_ops;
    c->db = db;
    c->h = PQconnectdb(db->url);
    if (PQstatus(c->h) != CONNECTION_OK) {
        char msg[512];
        kh_strlcpy(msg, PQerrorMessage(c->h), sizeof(msg));
        for (char *p = msg; *p; p++)
            if (*p == '\n' || *p == '"')
                *p = ' ';
        PQfinish(c->h);
        c->h = NULL;
        return kh_err_setf(err, KH_E_UNAVAILABLE, "db", "无法连接 PostgreSQL 数据库 %s：%s",
                           "cannot connect to the PostgreSQL database %s: %s", db->shown, msg,
                           db->shown, msg);
    }
    PGresult *r = PQexec(c->h, "SET client_min_messages = warning; SET TIME ZONE 'UTC'; "
                               "SET default_transaction_isolation = 'read committed'");
    PQclear(r);
    return KH_OK;
}

/* A connection that broke is made again; its statements prepare again on their next run. */
static void conn_heal(struct db_conn *c)
{
    if (c->h && PQstatus(c->h) == CONNECTION_OK)
        return;
    if (c->h)
        PQreset(c->h);
    else {
        struct kh_err e;
        KH_IGNORE(conn_connect(c->db, c, &e));
    }
    for (struct db_stmt *s = c->stmts; s; s = s->next)
        s->prepared = false;
}

static void conn_close(struct db_conn *c)
{
    if (c->side) {
        conn_close(c->side);
        free(c->side);
        c->side = NULL;
    }
    for (struct db_stmt *s = c->stmts, *next; s; s = next) {
        next = s->next;
        stmt_clear_result(s);
        stmt_clear_binds(s);
        free(s->text);
        free(s);
    }
    c->stmts = NULL;
    db__index_free(&c->index);
    free(c->defer);
    c->defer = NULL;
    if (c->h)
        PQfinish(c->h);
    c->h = NULL;
}

static enum kh_status pg_exec_script(struct db_conn *c, const char *sql, struct kh_err *err)
{
    if (c->in_tx && c->tx_failed)
        return tx_failed_err(err);
    if (fault_fires(c, sql, err))
        return err->code;
    if (conn_broken(c)) {
        if (c->in_tx)
            c->tx_failed = true;
        return unreachable(err);
    }
    PGresult *r = PQexec(c->h, sql);
    ExecStatusType st = PQresultStatus(r);
    enum kh_status out = KH_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
        out = pg_err(c, r, sql, err);
    PQclear(r);
    return out;
}

/* BEGIN / COMMIT / ROLLBACK outside the fault hook's count for ROLLBACK. */
static enum kh_status tx_exec(struct db_conn *c, const char *sql, struct kh_err *err)
{
    if (conn_broken(c))
        return unreachable(err);
    PGresult *r = PQexec(c->h, sql);
    enum kh_status out = KH_OK;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        out = pg_err(c, r, sql, err);
    PQclear(r);
    return out;
}

static void tx_rollback(struct db_conn *c)
{
    struct kh_err ig;
    reset_all(c);
    c->ndefer = 0;
    bool was = c->in_tx;
    c->in_tx = false;
    if (was && !conn_broken(c) && PQtransactionStatus(c->h) != PQTRANS_IDLE)
        KH_IGNORE(tx_exec(c, "ROLLBACK", &ig));
}

/* ---- pools ---- */

static void pool_init(struct pool *p, int n)
{
    p->n = n;
    p->conns = kh_calloc((size_t)n, sizeof(*p->conns));
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
}

static enum kh_status pool_connect(struct db *db, struct pool *p, struct kh_err *err)
{
    for (int i = 0; i < p->n; i++) {
        enum kh_status st = conn_connect(db, &p->conns[i], err);
        if (st)
            return st;
    }
    return KH_OK;
}

static struct db_conn *pool_take(struct pool *p)
{
    pthread_mutex_lock(&p->mu);
    struct db_conn *c = NULL;
    for (;;) {
        for (int i = 0; i < p->n && !c; i++)
            if (!p->conns[i].busy)
                c = &p->conns[i];
        if (c)
            break;
        pthread_cond_wait(&p->cv, &p->mu);
    }
    c->busy = true;
    pthread_mutex_unlock(&p->mu);
    conn_heal(c);
    return c;
}

static void pool_give(struct pool *p, struct db_conn *c)
{
    pthread_mutex_lock(&p->mu);
    c->busy = false;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void pool_free(struct pool *p)
{
    for (int i = 0; i < p->n; i++)
        conn_close(&p->conns[i]);
    free(p->conns);
    p->conns = NULL;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

/* ---- reads ---- */

static _Thread_local struct db_conn *borrowed; /* one read borrow per thread (db.h) */

static struct db_conn *pg_read_begin(struct db *db)
{
    if (borrowed && borrowed->db == db) {
        log_error("msg=\"a thread borrowed a second read connection\" db=%s", db->shown);
        abort();
    }
    struct db_conn *c = pool_take(&db->readers);
    borrowed = c;
    struct kh_err e;
    enum kh_status st = tx_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &e);
    if (st && conn_broken(c)) {
        conn_heal(c); /* closed while idle (the server restarted): once more, anew */
        st = tx_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &e);
    }
    if (!st) {
        c->in_tx = true;
        c->tx_failed = false;
    }
    return c;
}

static void read_finish(struct db *db, struct db_conn *c)
{
    reset_all(c);
    struct kh_err e;
    if (c->in_tx && !conn_broken(c) && PQtransactionStatus(c->h) != PQTRANS_IDLE)
        KH_IGNORE(tx_exec(c, c->tx_failed ? "ROLLBACK" : "COMMIT", &e));
    c->in_tx = false;
    c->tx_failed = false;
    if (borrowed == c)
        borrowed = NULL;
    pool_give(&db->readers, c);
}

/* A held read (db.c) comes here only when it is released. */
static void pg_read_end(struct db *db, struct db_conn *c)
{
    if (c)
        read_finish(db, c);
}

/* ---- writes ---- */

static void pg_defer(struct db_conn *c, db_write_fn *fn, void *arg)
{
    if (c->ndefer == c->capdefer) {
        c->capdefer = c->capdefer ? c->capdefer * 2 : 16;
        c->defer = kh_realloc(c->defer, sizeof(*c->defer) * (size_t)c->capdefer);
    }
    c->defer[c->ndefer++] = (struct deferred){fn, arg};
}

static enum kh_status run_deferred(struct db_conn *c, int from, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    for (int i = from; i < c->ndefer && !st; i++)
        st = c->defer[i].fn(c, c->defer[i].arg, err);
    c->ndefer = from;
    return st;
}

static enum kh_status tx_begin(struct db_conn *c, struct kh_err *err)
{
    c->ndefer = 0;
    c->tx_failed = c->retryable = false;
    enum kh_status st = tx_exec(c, "BEGIN", err);
    if (st && conn_broken(c)) {
        conn_heal(c); /* closed while idle (the server restarted): once more, anew */
        kh_err_clear(err);
        st = tx_exec(c, "BEGIN", err);
    }
    if (!st) {
        c->in_tx = true;
        clock_gettime(CLOCK_MONOTONIC, &c->tx_start);
    }
    return st;
}

/*
 * fn's status, made honest: a write function that went on after one of its
 * statements failed (PostgreSQL then refuses the rest of the transaction,
 * and COMMIT would roll it back silently) did not write what it says.
 */
static enum kh_status checked(struct db_conn *c, enum kh_status st, struct kh_err *err)
{
    if (!st && c->tx_failed) {
        log_error("msg=\"a write went on after a failed statement; nothing was kept\"");
        return tx_failed_err(err);
    }
    return st;
}

static enum kh_status tx_commit(struct db_conn *c, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    if (c->ndefer)
        st = checked(c, run_deferred(c, 0, err), err);
    reset_all(c);
    if (!st && !fault_fires(c, "COMMIT", err)) {
        bool sent = !conn_broken(c);
        st = tx_exec(c, "COMMIT", err);
        /* The COMMIT went out and no answer came back: it may have been kept. */
        if (st && sent && conn_broken(c))
            st = kh_err_set(err, KH_E_UNAVAILABLE, "",
                            "保存时与数据库的连接中断，更改可能已保存也可能没有：请先查看再重试",
                            "the connection to the database was lost while saving: the change "
                            "may or may not have been kept; check before trying again");
    } else if (!st) {
        st = err->code;
    }
    if (st)
        tx_rollback(c);
    c->in_tx = false;
    return st;
}

/* A little longer after each failed attempt, spread by the clock's nanoseconds. */
static void backoff(int attempt)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct timespec ts = {0, (1 + now.tv_nsec % 4) * 1000000L * attempt};
    nanosleep(&ts, NULL);
}

/* Every write is a transaction of its own here: DB_WRITE_ALONE changes nothing. */
static enum kh_status pg_write(struct db *db, db_write_fn *fn, void *arg, unsigned mode,
                               struct kh_err *err)
{
    bool once = mode & DB_WRITE_ONCE;
    if (!db->has_writer)
        return kh_err_set(err, KH_E_INTERNAL, "", "数据库为只读", "database opened read-only");
    if (db->has_writer && !db_on_writer_thread()) {
        pthread_mutex_lock(&db->amu);
        uint64_t before = db->async_queued_no;
        while (db->async_done_no < before && !db->stopping) {
            db->urgent = true;
            pthread_cond_broadcast(&db->acv);
            pthread_cond_wait(&db->acv, &db->amu);
        }
        pthread_mutex_unlock(&db->amu);
    }
    struct db_conn *c = pool_take(&db->writers);
    enum kh_status st = KH_OK;
    for (int attempt = 1;; attempt++) {
        kh_err_clear(err);
        st = tx_begin(c, err);
        if (!st) {
            db__set_writing(true);
            st = checked(c, fn(c, arg, err), err);
            db__set_writing(false);
            if (!st)
                st = tx_commit(c, err);
            else
                tx_rollback(c);
        }
        if (!st || !c->retryable || once || attempt >= PG_WRITE_ATTEMPTS)
            break;
        backoff(attempt);
    }
    c->retryable = false;
    pool_give(&db->writers, c);
    return st;
}

static void pg_bulk_cache(struct db_conn *c, bool on)
{
    (void)c;
    (void)on; /* PostgreSQL's buffers are its own */
}

/*
 * A long bulk write ends its transaction now and then: on PostgreSQL it
 * holds row locks (a code sequence's row) that concurrent writes of other
 * nodes wait for.
 */
static bool pg_write_wanted(struct db_conn *c)
{
    if (!c->in_tx)
        return false;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms =
        (now.tv_sec - c->tx_start.tv_sec) * 1000 + (now.tv_nsec - c->tx_start.tv_nsec) / 1000000;
    return ms >= PG_LONG_TX_MS || c->db->stopping;
}

/* ---- background writes ---- */

/* One batch of background jobs in one transaction, each in its savepoint. */
static void run_async_batch(struct db *db, struct write_job *jobs)
{
    struct db_conn *c = &db->async_conn;
    conn_heal(c);
    struct kh_err e;
    kh_err_clear(&e);
    bool scoped = false;
    for (struct write_job *j = jobs; j; j = j->next)
        scoped = scoped || j->fault_scoped;
    db__fault_scope_set(scoped);
    enum kh_status st = tx_begin(c, &e);
    for (struct write_job *j = jobs; j; j = j->next) {
        kh_err_clear(&j->err);
        if (st) {
            j->status = kh_err_set(&j->err, e.code, e.field, e.msg_zh, e.msg_en);
            continue;
        }
        db__fault_scope_set(j->fault_scoped);
        int mark = c->ndefer;
        enum kh_status js = tx_exec(c, "SAVEPOINT job", &j->err);
        if (!js) {
            db__set_writing(true);
            js = checked(c, j->fn(c, j->arg, &j->err), &j->err);
            db__set_writing(false);
            reset_all(c);
            struct kh_err ig;
            if (js && !conn_broken(c)) {
                c->tx_failed = false;
                KH_IGNORE(tx_exec(c, "ROLLBACK TO SAVEPOINT job", &ig));
                c->ndefer = mark;
            }
            if (!js)
                js = tx_exec(c, "RELEASE SAVEPOINT job", &j->err);
        }
        j->status = js;
        if (conn_broken(c)) {
            st = unreachable(&e);
        }
    }
    db__fault_scope_set(scoped);
    if (!st)
        st = tx_commit(c, &e);
    else
        tx_rollback(c);
    if (st)
        for (struct write_job *j = jobs; j; j = j->next)
            if (!j->status)
                j->status = kh_err_set(&j->err, e.code, e.field, e.msg_zh, e.msg_en);
    db__fault_scope_set(false);
}

static void async_enqueue(struct db *db, struct write_job *j) /* amu held */
{
    j->next = NULL;
    if (db->aq_tail)
        db->aq_tail->next = j;
    else
        db->aq_head = j;
    db->aq_tail = j;
    db->queued_async++;
    j->no = ++db->async_queued_no;
}

static void *async_main(void *arg)
{
    struct db *db = arg;
    pthread_mutex_lock(&db->amu);
    for (;;) {
        while (!db->aq_head && !db->stopping)
            pthread_cond_wait(&db->acv, &db->amu);
        if (!db->aq_head && db->stopping)
            break;
        if (!db->stopping && !db->urgent && db->queued_async < PG_ASYNC_BATCH) {
            struct timespec dl;
            clock_gettime(CLOCK_MONOTONIC, &dl);
            dl.tv_nsec += PG_ASYNC_DELAY_US * 1000L;
            if (dl.tv_nsec >= 1000000000L) {
                dl.tv_sec++;
                dl.tv_nsec -= 1000000000L;
            }
            while (!db->stopping && !db->urgent && db->queued_async < PG_ASYNC_BATCH)
                if (pthread_cond_timedwait(&db->acv, &db->amu, &dl) == ETIMEDOUT)
                    break;
        }
        db->urgent = false;
        struct write_job *batch = db->aq_head, *last = batch;
        int n = 1;
        while (last->next && n < PG_ASYNC_BATCH) {
            last = last->next;
            n++;
        }
        db->aq_head = last->next;
        if (!db->aq_head)
            db->aq_tail = NULL;
        last->next = NULL;
        db->queued_async -= n;
        uint64_t last_no = last->no;
        pthread_mutex_unlock(&db->amu);

        run_async_batch(db, batch);

        pthread_mutex_lock(&db->amu);
        for (struct write_job *j = batch, *next; j; j = next) {
            next = j->next;
            if ((j->status == KH_E_INTERNAL || j->status == KH_E_UNAVAILABLE) &&
                ++j->attempts < PG_ASYNC_ATTEMPTS) {
                log_warn("msg=\"background write failed, will run again\" attempt=%d err=\"%s\"",
                         j->attempts, j->err.msg_en);
                j->status = KH_OK;
                async_enqueue(db, j);
                continue;
            }
            if (j->status)
                log_error("msg=\"background write failed\" err=\"%s\"", j->err.msg_en);
            pthread_mutex_unlock(&db->amu);
            db__async_free(j->free_arg, j->arg, j->status);
            pthread_mutex_lock(&db->amu);
            free(j);
            db->pending_async--;
        }
        if (last_no > db->async_done_no)
            db->async_done_no = last_no;
        pthread_cond_broadcast(&db->acv);
    }
    pthread_mutex_unlock(&db->amu);
    return NULL;
}

static enum kh_status pg_write_async(struct db *db, db_write_fn *fn, void *arg,
                                     db_free_fn *free_arg, struct kh_err *err)
{
    pthread_mutex_lock(&db->amu);
    bool direct = db->pending_async >= PG_ASYNC_MAX || db->stopping || !db->has_writer;
    if (!direct) {
        struct write_job *j = kh_calloc(1, sizeof(*j));
        j->fn = fn;
        j->arg = arg;
        j->free_arg = free_arg;
        j->fault_scoped = db__fault_scoped();
        db->pending_async++;
        async_enqueue(db, j);
        pthread_cond_signal(&db->acv);
    }
    pthread_mutex_unlock(&db->amu);
    if (!direct)
        return KH_OK;
    enum kh_status st = pg_write(db, fn, arg, false, err);
    db__async_free(free_arg, arg, st);
    return st;
}

/* ---- migrations ---- */

static bool word_at(const char *p, const char *start, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(p, w, n) != 0)
        return false;
    if (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
        return false;
    return !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/*
 * A migration written for SQLite, in PostgreSQL's types: every INTEGER is
 * BIGINT (ids and Unix times outgrow 32 bits), an INTEGER PRIMARY KEY an
 * identity column, TEXT compares byte by byte as SQLite's does (COLLATE
 * "C": the same order of names on both engines), and an FTS5 table is the
 * search table of db_search.h (rowid, doc tsvector, a GIN index). Comments
 * are dropped; quoted text is kept as it is.
 */
static char *pg_translate(const char *sql)
{
    struct buf b;
    buf_init(&b, 16 << 20);
    const char *p = sql;
    while (*p) {
        if (*p == '\'') {
            const char *q = p + 1;
            while (*q && !(*q == '\'' && q[1] != '\''))
                q += (*q == '\'' && q[1] == '\'') ? 2 : 1;
            if (*q)
                q++;
            buf_append(&b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        if (word_at(p, sql, "CREATE VIRTUAL TABLE")) {
            const char *name = p + strlen("CREATE VIRTUAL TABLE ");
            const char *end = name;
            while (isalnum((unsigned char)*end) || *end == '_')
                end++;
            int n = (int)(end - name);
            buf_printf(&b,
                       "CREATE TABLE %.*s (rowid BIGINT PRIMARY KEY, doc tsvector NOT NULL);\n"
                       "CREATE INDEX %.*s_doc ON %.*s USING gin (doc)",
                       n, name, n, name, n, name);
            int depth = 0;
            for (p = end; *p; p++) {
                if (*p == '(')
                    depth++;
                else if (*p == ')' && --depth == 0) {
                    p++;
                    break;
                }
            }
            continue;
        }
        if (word_at(p, sql, "INTEGER PRIMARY KEY")) {
            buf_puts(&b, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
            p += strlen("INTEGER PRIMARY KEY");
            continue;
        }
        if (word_at(p, sql, "INTEGER")) {
            buf_puts(&b, "BIGINT");
            p += strlen("INTEGER");
            continue;
        }
        if (word_at(p, sql, "REAL")) {
            buf_puts(&b, "DOUBLE PRECISION");
            p += strlen("REAL");
            continue;
        }
        if (word_at(p, sql, "TEXT")) {
            buf_puts(&b, "TEXT COLLATE \"C\"");
            p += strlen("TEXT");
            continue;
        }
        buf_putc(&b, *p++);
    }
    char *out = kh_strdup(b.data ? b.data : "");
    buf_release(&b);
    return out;
}

/* A migration for both engines whose number has a PostgreSQL file of its own. */
static bool replaced(const struct kh_migration *m)
{
    if (m->engine != KH_MIGRATION_BOTH)
        return false;
    for (size_t i = 0; i < kh_migrations_count; i++)
        if (kh_migrations[i].version == m->version && kh_migrations[i].engine == KH_MIGRATION_PG)
            return true;
    return false;
}

static enum kh_status migrate(struct db *db, struct db_conn *c, struct kh_err *err)
{
    char lock[96];
    snprintf(lock, sizeof(lock), "SELECT pg_advisory_lock(%d)", PG_MIGRATE_LOCK);
    enum kh_status st = pg_exec_script(c, lock, err);
    if (!st)
        st = pg_exec_script(
            c, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)", err);
    int current = 0;
    if (!st) {
        PGresult *r = PQexec(c->h, "SELECT coalesce(max(version), 0) FROM schema_version");
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
            current = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
    }
    for (size_t i = 0; !st && i < kh_migrations_count; i++) {
        const struct kh_migration *m = &kh_migrations[i];
        if (m->version <= current || m->engine == KH_MIGRATION_SQLITE || replaced(m))
            continue;
        /* Written in SQLite's types (a .pg.sql file too: the types are translated alike). */
        char *sql = pg_translate(m->sql);
        char ins[96];
        snprintf(ins, sizeof(ins), "INSERT INTO schema_version VALUES (%d)", m->version);
        st = pg_exec_script(c, "BEGIN", err);
        if (!st)
            st = pg_exec_script(c, sql, err);
        if (!st)
            st = pg_exec_script(c, ins, err);
        if (!st)
            st = pg_exec_script(c, "COMMIT", err);
        if (st) {
            log_error("msg=\"migration failed\" version=%d", m->version);
            struct kh_err ig;
            KH_IGNORE(tx_exec(c, "ROLLBACK", &ig));
        } else {
            current = m->version;
        }
        free(sql);
    }
    snprintf(lock, sizeof(lock), "SELECT pg_advisory_unlock(%d)", PG_MIGRATE_LOCK);
    struct kh_err ig;
    KH_IGNORE(pg_exec_script(c, lock, &ig));
    db->schema_version = current;
    return st;
}

static int pg_schema_version(struct db *db)
{
    return db->schema_version;
}

/* ---- open, close ---- */

/* The URL without its password (postgresql://user:secret@host -> postgresql://user@host). */
static char *shown_url(const char *url)
{
    char *out = kh_strdup(url);
    for (char *q = strstr(out, "password="); q; q = strstr(q + 9, "password=")) {
        char *e = q + 9;
        while (*e && *e != '&')
            e++;
        memmove(q + 9, e, strlen(e) + 1);
    }
    char *scheme = strstr(out, "://");
    if (!scheme)
        return out;
    char *auth = scheme + 3;
    char *at = strchr(auth, '@');
    char *slash = strchr(auth, '/');
    if (!at || (slash && slash < at))
        return out;
    char *colon = memchr(auth, ':', (size_t)(at - auth));
    if (colon)
        memmove(colon, at, strlen(at) + 1);
    return out;
}

static int pool_size(void)
{
    const char *v = getenv("KEHU_DB_POOL");
    int n = v && *v ? (int)strtol(v, NULL, 10) : PG_POOL_DEFAULT;
    return n < 1 ? 1 : n > PG_POOL_MAX ? PG_POOL_MAX : n;
}

static void pg_close(struct db *db);
static enum kh_status server_exec(const char *url, const char *sql, struct kh_err *err);

enum kh_status db_pg_open(const struct db_options *opt, struct db **out, struct kh_err *err)
{
    *out = NULL;
    struct db *db = kh_calloc(1, sizeof(*db));
    db->ops = &db_pg_ops;
    db->url = kh_strdup(opt->path);
    db->shown = shown_url(opt->path);
    db__slots_init(&db->slots);
    pthread_mutex_init(&db->amu, NULL);
    pthread_mutex_init(&db->health_mu, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&db->acv, &attr);
    pthread_condattr_destroy(&attr);
    db__fault_from_env();
    pool_init(&db->readers, opt->readers > 0 ? opt->readers : db_default_readers());
    pool_init(&db->writers, opt->no_writer ? 1 : pool_size());
    enum kh_status st = conn_connect(db, &db->writers.conns[0], err);
    if (!st)
        st = migrate(db, &db->writers.conns[0], err);
    for (int i = 1; !st && i < db->writers.n; i++)
        st = conn_connect(db, &db->writers.conns[i], err);
    if (!st)
        st = pool_connect(db, &db->readers, err);
    if (!st && !opt->no_writer) {
        st = conn_connect(db, &db->async_conn, err);
        db->has_writer = !st;
        if (!st && pthread_create(&db->async_thread, NULL, async_main, db) != 0) {
            db->has_writer = false;
            st = kh_err_set(err, KH_E_INTERNAL, "", "无法启动写线程", "cannot start writer");
        }
        if (!st)
            pthread_setname_np(db->async_thread, "kehu-pg-async");
    }
    if (st) {
        pg_close(db);
        return st;
    }
    *out = db;
    return KH_OK;
}

static void pg_close(struct db *db)
{
    if (db->has_writer) {
        pthread_mutex_lock(&db->amu);
        db->stopping = true;
        pthread_cond_broadcast(&db->acv);
        pthread_mutex_unlock(&db->amu);
        pthread_join(db->async_thread, NULL);
    }
    conn_close(&db->async_conn);
    pool_free(&db->readers);
    pool_free(&db->writers);
    db__slots_release(&db->slots);
    pthread_cond_destroy(&db->acv);
    pthread_mutex_destroy(&db->amu);
    if (db->health)
        PQfinish(db->health);
    pthread_mutex_destroy(&db->health_mu);
    if (db->drop_name) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db->drop_name);
        struct kh_err ig;
        if (server_exec(db->drop_server, sql, &ig))
            log_warn("msg=\"scratch database not dropped\" name=%s err=\"%s\"", db->drop_name,
                     ig.msg_en);
        free(db->drop_name);
        free(db->drop_server);
    }
    free(db->url);
    free(db->shown);
    free(db);
}

/* ---- PostgreSQL's own tools: pg_dump, pg_restore (backups) ---- */

/*
 * The environment of a tool run for the database at url: the URL's
 * settings as libpq's variables (PGHOST, PGPASSWORD ...), so no secret is on
 * a command line that ps shows; PATH and the locale kept. NULL on a URL
 * libpq cannot read.
 */
static char **tool_env(const char *url, const char *dbname)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &msg);
    if (!opts) {
        PQfreemem(msg);
        return NULL;
    }
    size_t n = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        n++;
    char **env = kh_calloc(n + 8, sizeof(char *));
    size_t k = 0;
    static const char *const keep[] = {"PATH", "HOME", "LANG", "LC_ALL", "TZ"};
    for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
        const char *v = getenv(keep[i]);
        if (v) {
            size_t len = strlen(keep[i]) + strlen(v) + 2;
            env[k] = kh_malloc(len);
            snprintf(env[k++], len, "%s=%s", keep[i], v);
        }
    }
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        const char *v = !strcmp(o->keyword, "dbname") && dbname ? dbname : o->val;
        if (!v || !o->envvar)
            continue;
        size_t len = strlen(o->envvar) + strlen(v) + 2;
        env[k] = kh_malloc(len);
        snprintf(env[k++], len, "%s=%s", o->envvar, v);
    }
    PQconninfoFree(opts);
    return env;
}

static void env_free(char **env)
{
    for (char **e = env; e && *e; e++)
        free(*e);
    free(env);
}

/*
 * Run a tool (argv[0] looked up in PATH) with env; its exit status, or -1
 * when it could not run. Its first line of error output goes into msg.
 */
static int tool_run(char *const argv[], char **env, char *msg, size_t cap)
{
    int pipefd[2];
    msg[0] = '\0';
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    size_t len = 0;
    ssize_t r;
    char buf[512];
    while ((r = read(pipefd[0], buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < r && len + 1 < cap; i++)
            if (buf[i] != '\n' || len > 0)
                msg[len++] = buf[i] == '\n' ? ' ' : buf[i];
    }
    msg[len] = '\0';
    close(pipefd[0]);
    if (rc != 0)
        return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static enum kh_status tool_fail(const char *tool, int rc, const char *msg, struct kh_err *err)
{
    if (rc < 0)
        return kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法运行 %s（请安装 postgresql-client）",
                           "cannot run %s (install postgresql-client)", tool, tool);
    return kh_err_setf(err, KH_E_INVALID, "file", "%s 失败：%.300s", "%s failed: %.300s", tool, msg,
                       tool, msg);
}

/* A backup of a PostgreSQL database: pg_dump's custom format, one consistent snapshot. */
/* VACUUM FULL cannot run in a transaction: a connection of its own, each table in turn. */
static enum kh_status pg_wipe_free(struct db *db, const char *const *tables, int n,
                                   struct kh_err *err)
{
    PGconn *h = PQconnectdb(db->url);
    enum kh_status st = KH_OK;
    if (PQstatus(h) != CONNECTION_OK)
        st = kh_err_set(err, KH_E_UNAVAILABLE, "db", "无法连接数据库", "cannot reach the database");
    for (int i = 0; !st && i < n; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "VACUUM FULL %s", tables[i]);
        PGresult *r = PQexec(h, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            st = kh_err_setf(err, KH_E_INTERNAL, "db", "无法整理表 %s",
                             "cannot vacuum the table %s", tables[i], tables[i]);
        PQclear(r);
    }
    PQfinish(h);
    return st;
}

static enum kh_status pg_backup_to(struct db *db, const char *dest, struct kh_err *err)
{
    char **env = tool_env(db->url, NULL);
    if (!env)
        return kh_err_set(err, KH_E_INVALID, "db", "数据库地址无法解析",
                          "the database URL cannot be read");
    char *argv[] = {(char *)"pg_dump",
                    (char *)"--format=custom",
                    (char *)"--no-owner",
                    (char *)"--no-privileges",
                    (char *)"--file",
                    (char *)dest,
                    NULL};
    char msg[400];
    int rc = tool_run(argv, env, msg, sizeof(msg));
    env_free(env);
    if (rc != 0) {
        remove(dest);
        return tool_fail("pg_dump", rc, msg, err);
    }
    int fd = open(dest, O_RDONLY | O_CLOEXEC);
    bool synced = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    return synced ? KH_OK
                  : kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法写入 %s", "cannot write %s",
                                dest, dest);
}

bool db_pg_is_dump(const char *path)
{
    char head[5] = {0};
    FILE *f = fopen(path, "rb");
    bool dump = f && fread(head, 1, 5, f) == 5 && !memcmp(head, "PGDMP", 5);
    if (f)
        fclose(f);
    return dump;
}

enum kh_status db_pg_check_dump(const char *path, struct kh_err *err)
{
    char *env[] = {NULL, NULL};
    const char *p = getenv("PATH");
    char path_env[4200];
    snprintf(path_env, sizeof(path_env), "PATH=%s", p ? p : "/usr/bin:/bin");
    env[0] = path_env;
    char *argv[] = {(char *)"pg_restore", (char *)"--list", (char *)path, NULL};
    char msg[400];
    int rc = tool_run(argv, env, msg, sizeof(msg));
    if (rc != 0)
        return rc < 0 ? tool_fail("pg_restore", rc, msg, err)
                      : kh_err_setf(err, KH_E_INVALID, "file", "不是完整的 PostgreSQL 备份：%.300s",
                                    "not a complete PostgreSQL backup: %.300s", msg, msg);
    return KH_OK;
}

/* URL-encode v (RFC 3986 unreserved characters kept). */
static void url_put(struct buf *b, const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~')
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

/* The URL of database name on the server of url (its host, port, user, password, TLS ...). */
static char *url_with_db(const char *url, const char *name)
{
    char *msg = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &msg);
    if (!opts) {
        PQfreemem(msg);
        return NULL;
    }
    struct buf b;
    buf_init(&b, 1 << 16);
    buf_puts(&b, "postgresql:///");
    url_put(&b, name);
    char sep = '?';
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !*o->val || !strcmp(o->keyword, "dbname"))
            continue;
        buf_putc(&b, sep);
        sep = '&';
        buf_printf(&b, "%s=", o->keyword);
        url_put(&b, o->val);
    }
    PQconninfoFree(opts);
    char *out = kh_strdup(b.data);
    buf_release(&b);
    return out;
}

static enum kh_status server_exec(const char *url, const char *sql, struct kh_err *err)
{
    PGconn *h = PQconnectdb(url);
    enum kh_status st = KH_OK;
    if (PQstatus(h) != CONNECTION_OK) {
        st = kh_err_set(err, KH_E_UNAVAILABLE, "db", "无法连接 PostgreSQL 服务器",
                        "cannot connect to the PostgreSQL server");
    } else {
        PGresult *r = PQexec(h, sql);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            st = kh_err_setf(err, KH_E_UNAVAILABLE, "db", "PostgreSQL 拒绝了 %.60s：%.200s",
                             "PostgreSQL refused %.60s: %.200s", sql,
                             PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY), sql,
                             PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
        PQclear(r);
    }
    PQfinish(h);
    return st;
}

/*
 * A dump opened to be checked: restored into a new scratch database on the
 * server of `server` (named kehu_check_<pid>_<n>), which db_close drops.
 */
enum kh_status db_pg_open_dump(const char *file, const char *server, struct db **out,
                               struct kh_err *err)
{
    *out = NULL;
    static _Atomic unsigned seq;
    char name[64];
    snprintf(name, sizeof(name), "kehu_check_%ld_%u", (long)getpid(), atomic_fetch_add(&seq, 1));
    char sql[128];
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
    enum kh_status st = server_exec(server, sql, err);
    if (st)
        return st;
    char *scratch = url_with_db(server, name);
    char **env = scratch ? tool_env(scratch, name) : NULL;
    char *argv[] = {(char *)"pg_restore",
                    (char *)"--no-owner",
                    (char *)"--no-privileges",
                    (char *)"--exit-on-error",
                    (char *)"--single-transaction",
                    (char *)"--dbname",
                    name,
                    (char *)file,
                    NULL};
    char msg[400];
    int rc = env ? tool_run(argv, env, msg, sizeof(msg)) : -1;
    env_free(env);
    if (rc != 0)
        st = rc < 0 && !scratch ? kh_err_set(err, KH_E_INVALID, "db", "数据库地址无法解析",
                                             "the database URL cannot be read")
                                : kh_err_setf(err, KH_E_INVALID, "file", "无法恢复备份：%.300s",
                                              "the backup does not restore: %.300s", msg, msg);
    struct db_options opt = {.path = scratch, .readers = 1, .no_writer = true};
    if (!st)
        st = db_pg_open(&opt, out, err);
    if (!st) {
        (*out)->drop_name = kh_strdup(name);
        (*out)->drop_server = kh_strdup(server);
    } else {
        struct kh_err ig;
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
        KH_IGNORE(server_exec(server, sql, &ig));
    }
    free(scratch);
    return st;
}

/* A connection to the server of url for database-wide commands: its "postgres" database, or
 * "template1". */
static PGconn *maintenance_connect(const char *url)
{
    static const char *const names[] = {"postgres", "template1"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char *u = url_with_db(url, names[i]);
        PGconn *h = u ? PQconnectdb(u) : NULL;
        free(u);
        if (h && PQstatus(h) == CONNECTION_OK)
            return h;
        if (h)
            PQfinish(h);
    }
    return NULL;
}

/* The name of the database url connects to (libpq's defaults applied), or NULL. */
static char *database_name(const char *url)
{
    PGconn *h = PQconnectdb(url);
    char *name = PQstatus(h) == CONNECTION_OK ? kh_strdup(PQdb(h)) : NULL;
    PQfinish(h);
    return name;
}

/* A name not yet taken on the server: "<target>_before_restore_N", N from 1. */
static enum kh_status free_kept_name(PGconn *m, const char *target, char *out, size_t cap,
                                     struct kh_err *err)
{
    for (int n = 1; n < 1000; n++) {
        snprintf(out, cap, "%.40s_before_restore_%d", target, n);
        const char *params[] = {out};
        PGresult *r = PQexecParams(m, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL,
                                   params, NULL, NULL, 0);
        bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        bool taken = ok && PQntuples(r) > 0;
        PQclear(r);
        if (!ok)
            return unreachable(err);
        if (!taken)
            return KH_OK;
    }
    return kh_err_set(err, KH_E_CONFLICT, "db", "保留的旧数据库太多，请先删除一些",
                      "too many databases kept by earlier restores: drop some first");
}

/* ALTER DATABASE from RENAME TO to, as part of the transaction open on m. */
static bool rename_database(PGconn *m, const char *from, const char *to, PGresult **failed)
{
    char *f = PQescapeIdentifier(m, from, strlen(from));
    char *t = PQescapeIdentifier(m, to, strlen(to));
    bool ok = false;
    if (f && t) {
        struct buf b;
        buf_init(&b, 4096);
        buf_printf(&b, "ALTER DATABASE %s RENAME TO %s", f, t);
        PGresult *r = PQexec(m, b.data);
        buf_release(&b);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (ok)
            PQclear(r);
        else
            *failed = r;
    }
    PQfreemem(f);
    PQfreemem(t);
    return ok;
}

enum kh_status db_pg_put_in_place(struct db *backup, const char *url, char *kept, size_t cap,
                                  struct kh_err *err)
{
    kept[0] = '\0';
    if (!backup->drop_name) {
        pg_close(backup);
        return kh_err_set(err, KH_E_INVALID, "db", "这不是从备份恢复出的数据库",
                          "this database was not restored from a backup");
    }
    char *scratch = backup->drop_name, *server = backup->drop_server;
    backup->drop_name = backup->drop_server = NULL; /* closed, not dropped */
    pg_close(backup);
    enum kh_status st = KH_OK;
    char *target = database_name(url);
    PGconn *m = target ? maintenance_connect(url) : NULL;
    if (!m) {
        st = kh_err_set(err, KH_E_UNAVAILABLE, "db", "无法连接 PostgreSQL 服务器",
                        "cannot connect to the PostgreSQL server");
    } else if (!(st = free_kept_name(m, target, kept, cap, err))) {
        PGresult *failed = NULL;
        PQclear(PQexec(m, "BEGIN"));
        bool ok = rename_database(m, target, kept, &failed) &&
                  rename_database(m, scratch, target, &failed);
        PGresult *end = PQexec(m, ok ? "COMMIT" : "ROLLBACK");
        ok = ok && PQresultStatus(end) == PGRES_COMMAND_OK;
        PQclear(end);
        if (!ok) {
            const char *state = failed ? PQresultErrorField(failed, PG_DIAG_SQLSTATE) : NULL;
            if (state && !strcmp(state, "55006"))
                st = kh_err_setf(err, KH_E_CONFLICT, "db",
                                 "还有程序连接着数据库 %s：请先停止所有 kehu serve，再恢复",
                                 "database %s is in use: stop every kehu serve, then restore",
                                 target, target);
            else
                st = kh_err_setf(err, KH_E_UNAVAILABLE, "db", "PostgreSQL 拒绝了恢复：%.200s",
                                 "PostgreSQL refused the restore: %.200s",
                                 failed ? PQresultErrorField(failed, PG_DIAG_MESSAGE_PRIMARY)
                                        : PQerrorMessage(m),
                                 failed ? PQresultErrorField(failed, PG_DIAG_MESSAGE_PRIMARY)
                                        : PQerrorMessage(m));
            kept[0] = '\0';
        }
        PQclear(failed);
    }
    if (m)
        PQfinish(m);
    if (st) {
        char sql[128];
        struct kh_err ig;
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", scratch);
        KH_IGNORE(server_exec(server, sql, &ig));
    } else {
        log_info("msg=\"database restored\" kept=%s", kept);
    }
    free(target);
    free(scratch);
    free(server);
    return st;
}

/* ---- search (db_search.h) ---- */

static void search_index_check(const char *index)
{
    if (strcmp(index, "customer_search") != 0) {
        log_error("msg=\"no such search index\" index=\"%s\"", index);
        abort();
    }
}

static enum kh_status pg_search_put(struct db_conn *c, const char *index, int64_t id,
                                    const char *const cols[TOK_COLS], struct kh_err *err)
{
    search_index_check(index);
    struct buf doc;
    buf_init(&doc, 16 << 20);
    db_search_pg_doc(cols, &doc);
    struct db_stmt *s = pg_prepare(c, "INSERT INTO customer_search (rowid, doc) VALUES ($1, "
                                      "$2::tsvector) ON CONFLICT (rowid) DO UPDATE SET doc = "
                                      "excluded.doc");
    pg_bind_int(s, 1, id);
    pg_bind_textn(s, 2, doc.data ? doc.data : "", doc.len);
    buf_release(&doc);
    return pg_exec_stmt(s, err);
}

static enum kh_status pg_search_delete(struct db_conn *c, const char *index, int64_t id,
                                       struct kh_err *err)
{
    search_index_check(index);
    struct db_stmt *s = pg_prepare(c, "DELETE FROM customer_search WHERE rowid = $1");
    pg_bind_int(s, 1, id);
    return pg_exec_stmt(s, err);
}

static enum kh_status pg_search_optimize(struct db_conn *c, const char *index, struct kh_err *err)
{
    (void)c;
    (void)err;
    search_index_check(index); /* the GIN index is kept by VACUUM */
    return KH_OK;
}

static enum kh_status pg_search_bulk(struct db_conn *c, const char *index, bool on,
                                     struct kh_err *err)
{
    (void)c;
    (void)on;
    (void)err;
    search_index_check(index); /* a GIN index takes many rows as they come */
    return KH_OK;
}

static enum kh_status pg_search_merge(struct db_conn *c, const char *index, int pages, bool *more,
                                      struct kh_err *err)
{
    (void)c;
    (void)pages;
    (void)err;
    search_index_check(index); /* VACUUM keeps the GIN index */
    *more = false;
    return KH_OK;
}

static bool pg_search_match(struct db_conn *c, const struct tok_query *q, struct buf *out)
{
    (void)c;
    return db_search_pg_query(q, out);
}

struct pg_conn *db_pg__conn(struct db *db)
{
    return db->ops == &db_pg_ops ? db->writers.conns[0].h : NULL;
}

static const char *pg_path(const struct db *db)
{
    return db->shown;
}

static const char *pg_setting(const struct db *db)
{
    return db->url;
}

static void *pg_slot(struct db *db, const struct db_slot_key *key)
{
    return db__slots_get(&db->slots, key);
}

#ifdef KH_FAULT_INJECTION
static void pg_fault_settle(struct db *db)
{
    for (int i = 0; i < 200; i++) {
        pthread_mutex_lock(&db->amu);
        int pending = db->pending_async;
        pthread_mutex_unlock(&db->amu);
        if (!pending)
            return;
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
}
#endif

/* Connection options added to the database URL for the health check's own connection. */
static const char *const health_keys[] = {"dbname", "connect_timeout", NULL};

/* SELECT 1 on the health connection within ms milliseconds. */
static bool health_query(PGconn *h, int ms)
{
    if (!PQsendQuery(h, "SELECT 1"))
        return false;
    bool ok = true;
    struct pollfd p = {.fd = PQsocket(h), .events = POLLIN};
    while (PQisBusy(h)) {
        if (poll(&p, 1, ms) <= 0 || !PQconsumeInput(h)) {
            ok = false;
            break;
        }
    }
    if (!ok) {
        PQrequestCancel(h);
        return false;
    }
    for (PGresult *r; (r = PQgetResult(h)) != NULL; PQclear(r))
        ok = ok && PQresultStatus(r) == PGRES_TUPLES_OK;
    return ok;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether the last check is under a second old. */
static bool health_fresh(struct db *db)
{
    int64_t at = atomic_load(&db->health_at_ms);
    return at && mono_ms() - at < 1000;
}

/* Checked at most once a second: a load balancer's checks need no more, and cost no query each. */
static bool pg_reachable(struct db *db)
{
    if (health_fresh(db))
        return atomic_load(&db->health_ok);
    /* While another thread checks, the last outcome stands; before the first there is none to
     * give (a node just started would answer 503 to a burst of checks), so wait for it. */
    if (!atomic_load(&db->health_at_ms))
        pthread_mutex_lock(&db->health_mu);
    else if (pthread_mutex_trylock(&db->health_mu) != 0)
        return atomic_load(&db->health_ok);
    if (health_fresh(db)) { /* checked while this one waited */
        pthread_mutex_unlock(&db->health_mu);
        return atomic_load(&db->health_ok);
    }
    if (db->health && PQstatus(db->health) != CONNECTION_OK) {
        PQfinish(db->health);
        db->health = NULL;
    }
    if (!db->health) {
        const char *vals[] = {db->url, "2", NULL};
        db->health = PQconnectdbParams(health_keys, vals, 1);
    }
    bool ok = PQstatus(db->health) == CONNECTION_OK && health_query(db->health, 2000);
    if (!ok && db->health) {
        PQfinish(db->health);
        db->health = NULL;
    }
    atomic_store(&db->health_ok, ok);
    atomic_store(&db->health_at_ms, mono_ms());
    pthread_mutex_unlock(&db->health_mu);
    return ok;
}

const struct db_ops db_pg_ops = {
    .engine = "postgresql",
    .close = pg_close,
    .path = pg_path,
    .setting = pg_setting,
    .schema_version = pg_schema_version,
    .read_begin = pg_read_begin,
    .read_end = pg_read_end,
    .write = pg_write,
    .write_async = pg_write_async,
    .defer = pg_defer,
    .slot = pg_slot,
    .bulk_cache = pg_bulk_cache,
    .write_wanted = pg_write_wanted,
    .prepare = pg_prepare,
    .prepare_detached = pg_prepare_detached,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_textn = pg_bind_textn,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .exec_stmt = pg_exec_stmt,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_len = pg_col_len,
    .col_is_null = pg_col_is_null,
    .changes = pg_changes,
    .exec_script = pg_exec_script,
    .backup_to = pg_backup_to,
    .wipe_free = pg_wipe_free,
    .reachable = pg_reachable,
    .search_put = pg_search_put,
    .search_delete = pg_search_delete,
    .search_optimize = pg_search_optimize,
    .search_bulk = pg_search_bulk,
    .search_merge = pg_search_merge,
    .search_match = pg_search_match,
#ifdef KH_FAULT_INJECTION
    .fault_settle = pg_fault_settle,
#endif
};
