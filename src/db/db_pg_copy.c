/*
 * Moving a company from SQLite to PostgreSQL (db.h: db_copy_sqlite_to_pg):
 * every table of the SQLite file, in one read snapshot, into the migrated
 * and still empty PostgreSQL database, with COPY, in one transaction; then
 * the counts of both and a sample of customers compared field by field.
 * The one file that includes both engines' headers.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "db/db_backend.h"

#define COPY_CHUNK (256 * 1024)
#define MAX_TABLES 128
#define SAMPLE_CUSTOMERS 200

struct table {
    char name[64];
    bool identity; /* an INTEGER PRIMARY KEY "id": its sequence moves past the copied ids */
    bool done;
    char deps[8][64];
    int ndeps;
};

static enum kh_status fail(struct kh_err *err, const char *what, const char *detail)
{
    char msg[512];
    snprintf(msg, sizeof(msg), "%s: %.400s", what, detail ? detail : "");
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '"')
            *p = ' ';
    return kh_err_setf(err, KH_E_INTERNAL, "", "迁移失败：%s", "migration failed: %s", msg, msg);
}

static enum kh_status pg_run(PGconn *h, const char *sql, struct kh_err *err)
{
    PGresult *r = PQexec(h, sql);
    ExecStatusType st = PQresultStatus(r);
    enum kh_status out = KH_OK;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        out = fail(err, sql, PQresultErrorMessage(r));
    PQclear(r);
    return out;
}

/* One value of a PostgreSQL query as a number (-1 on an error). */
static long long pg_number(PGconn *h, const char *sql)
{
    PGresult *r = PQexec(h, sql);
    long long v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

static long long sq_number(sqlite3 *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The tables to copy, each after the tables it refers to. */
static int list_tables(sqlite3 *s, struct table *t, int cap)
{
    sqlite3_stmt *st = NULL;
    int n = 0;
    sqlite3_prepare_v2(s,
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                       "'sqlite_%' AND name NOT LIKE 'customer_search%' AND name <> "
                       "'schema_version' ORDER BY name",
                       -1, &st, NULL);
    while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
        memset(&t[n], 0, sizeof(t[n]));
        kh_strlcpy(t[n].name, (const char *)sqlite3_column_text(st, 0), sizeof(t[n].name));
        n++;
    }
    sqlite3_finalize(st);
    for (int i = 0; i < n; i++) {
        char q[320];
        snprintf(q, sizeof(q), "SELECT \"table\" FROM pragma_foreign_key_list('%s')", t[i].name);
        if (sqlite3_prepare_v2(s, q, -1, &st, NULL) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW && t[i].ndeps < 8)
                kh_strlcpy(t[i].deps[t[i].ndeps++], (const char *)sqlite3_column_text(st, 0),
                           sizeof(t[i].deps[0]));
        }
        sqlite3_finalize(st);
        snprintf(q, sizeof(q),
                 "SELECT count(*) FROM pragma_table_info('%s') WHERE name = 'id' AND pk = 1 AND "
                 "upper(type) = 'INTEGER'",
                 t[i].name);
        t[i].identity = sq_number(s, q) == 1;
    }
    return n;
}

static bool deps_done(const struct table *t, const struct table *all, int n)
{
    for (int d = 0; d < t->ndeps; d++)
        for (int j = 0; j < n; j++)
            if (!strcmp(all[j].name, t->deps[d]) && !all[j].done && &all[j] != t)
                return false;
    return true;
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
static void copy_text(struct buf *b, const char *v)
{
    for (; v && *v; v++) {
        switch (*v) {
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        default:
            buf_putc(b, *v);
        }
    }
}

/* One value of a row for COPY; NULL is \N. */
static void copy_value(struct buf *b, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        buf_puts(b, "\\N");
    else
        copy_text(b, (const char *)sqlite3_column_text(st, col));
}

/* One row of the SQLite query as a line of COPY's text format (without its newline). */
typedef void copy_row_fn(struct buf *b, sqlite3_stmt *st, void *arg);

/* Every column as it is, tab-separated. */
static void row_as_is(struct buf *b, sqlite3_stmt *st, void *arg)
{
    (void)arg;
    for (int c = 0; c < sqlite3_column_count(st); c++) {
        if (c)
            buf_putc(b, '\t');
        copy_value(b, st, c);
    }
}

/* A search row (rowid and its five token columns) as PostgreSQL's document. */
static void row_as_search_doc(struct buf *b, sqlite3_stmt *st, void *arg)
{
    struct buf *doc = arg;
    const char *cols[TOK_COLS];
    for (int i = 0; i < TOK_COLS; i++)
        cols[i] = (const char *)sqlite3_column_text(st, 1 + i);
    buf_reset(doc);
    db_search_pg_doc(cols, doc);
    buf_printf(b, "%lld\t", (long long)sqlite3_column_int64(st, 0));
    copy_text(b, doc->data ? doc->data : "");
}

/* Every row of the SQLite query, written by row, into "COPY target FROM STDIN". */
static enum kh_status copy_rows(sqlite3 *s, PGconn *h, const char *select, const char *copy,
                                copy_row_fn *row, void *arg, long long *rows, struct kh_err *err)
{
    sqlite3_stmt *st = NULL;
    *rows = 0;
    if (sqlite3_prepare_v2(s, select, -1, &st, NULL) != SQLITE_OK)
        return fail(err, select, sqlite3_errmsg(s));
    PGresult *r = PQexec(h, copy);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        enum kh_status e = fail(err, copy, PQresultErrorMessage(r));
        PQclear(r);
        sqlite3_finalize(st);
        return e;
    }
    PQclear(r);
    struct buf b;
    buf_init(&b, (size_t)COPY_CHUNK * 64);
    bool ok = true;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && ok) {
        row(&b, st, arg);
        buf_putc(&b, '\n');
        (*rows)++;
        if (b.len >= COPY_CHUNK) {
            ok = PQputCopyData(h, b.data, (int)b.len) == 1;
            buf_reset(&b);
        }
    }
    if (ok && b.len)
        ok = PQputCopyData(h, b.data, (int)b.len) == 1;
    buf_release(&b);
    bool read_ok = rc == SQLITE_DONE;
    PQputCopyEnd(h, ok && read_ok ? NULL : "source read failed");
    enum kh_status out = KH_OK;
    while ((r = PQgetResult(h)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !out)
            out = fail(err, copy, PQresultErrorMessage(r));
        PQclear(r);
    }
    if (!out && !read_ok)
        out = fail(err, select, sqlite3_errmsg(s));
    sqlite3_finalize(st);
    return out;
}

/* The search documents: each FTS5 row's five token columns rendered as PostgreSQL's document. */
static enum kh_status copy_search(sqlite3 *s, PGconn *h, long long *rows, struct kh_err *err)
{
    struct buf doc;
    buf_init(&doc, 16 << 20);
    enum kh_status st = copy_rows(
        s, h, "SELECT rowid, name, company, py, phone, other FROM customer_search",
        "COPY customer_search (rowid, doc) FROM STDIN", row_as_search_doc, &doc, rows, err);
    buf_release(&doc);
    return st;
}

/* The columns of an SQLite table, quoted and comma-separated. */
static void column_list(sqlite3 *s, const char *table, struct buf *out)
{
    char q[320];
    snprintf(q, sizeof(q), "SELECT name FROM pragma_table_info('%s') ORDER BY cid", table);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(s, q, -1, &st, NULL);
    for (int i = 0; sqlite3_step(st) == SQLITE_ROW; i++)
        buf_printf(out, "%s\"%s\"", i ? ", " : "", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static enum kh_status copy_all(sqlite3 *s, PGconn *h, struct db_copy_report *rep,
                               struct kh_err *err)
{
    struct table *t = kh_calloc(MAX_TABLES, sizeof(*t));
    int n = list_tables(s, t, MAX_TABLES);
    enum kh_status st = pg_run(h, "BEGIN", err);
    /* The seed rows the migrations wrote (roles, templates, settings) give way to the source's. */
    struct buf sql;
    buf_init(&sql, 1 << 20);
    buf_puts(&sql, "TRUNCATE customer_search");
    for (int i = 0; i < n; i++)
        buf_printf(&sql, ", \"%s\"", t[i].name);
    if (!st)
        st = pg_run(h, sql.data, err);
    for (int round = 0; !st && round < n; round++) {
        for (int i = 0; !st && i < n; i++) {
            if (t[i].done || !deps_done(&t[i], t, n))
                continue;
            buf_reset(&sql);
            column_list(s, t[i].name, &sql);
            char *cols = kh_strdup(sql.data);
            size_t cap = strlen(cols) + 160;
            char *select = kh_malloc(cap), *copy = kh_malloc(cap);
            snprintf(select, cap, "SELECT %s FROM \"%s\"", cols, t[i].name);
            snprintf(copy, cap, "COPY \"%s\" (%s) FROM STDIN", t[i].name, cols);
            long long rows = 0;
            st = copy_rows(s, h, select, copy, row_as_is, NULL, &rows, err);
            if (!st && rep->ntables < DB_COPY_TABLES_MAX) {
                kh_strlcpy(rep->tables[rep->ntables].name, t[i].name, sizeof(rep->tables[0].name));
                rep->tables[rep->ntables++].rows = rows;
            }
            if (!st && t[i].identity) {
                buf_reset(&sql);
                buf_printf(&sql,
                           "SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), "
                           "(SELECT coalesce(max(id), 0) + 1 FROM \"%s\"), false)",
                           t[i].name, t[i].name);
                st = pg_run(h, sql.data, err);
            }
            free(cols);
            free(select);
            free(copy);
            t[i].done = true;
        }
    }
    /* A table left over refers, through others, to itself: never leave it out silently. */
    for (int i = 0; !st && i < n; i++)
        if (!t[i].done)
            st = kh_err_setf(err, KH_E_INTERNAL, "", "表 %s 的外键构成循环，无法按顺序复制",
                             "table %s is in a cycle of foreign keys and cannot be copied in order",
                             t[i].name, t[i].name);
    /* The search documents, made anew from the tokens SQLite's index holds. */
    long long docs = 0;
    if (!st)
        st = copy_search(s, h, &docs, err);
    rep->search_docs = docs;
    if (!st)
        st = pg_run(h, "COMMIT", err);
    else
        PQclear(PQexec(h, "ROLLBACK"));
    buf_release(&sql);
    free(t);
    return st;
}

/* Counts compared table by table, then a sample of customers field by field. */
static void compare(sqlite3 *s, PGconn *h, struct db_copy_report *rep)
{
    char q[256];
    for (int i = 0; i < rep->ntables; i++) {
        snprintf(q, sizeof(q), "SELECT count(*) FROM \"%s\"", rep->tables[i].name);
        if (pg_number(h, q) != rep->tables[i].rows || sq_number(s, q) != rep->tables[i].rows)
            rep->count_mismatches++;
    }
    struct buf cols;
    buf_init(&cols, 1 << 16);
    column_list(s, "customers", &cols);
    char *sel = kh_malloc(cols.len + 96);
    snprintf(sel, cols.len + 96, "SELECT %s FROM customers WHERE id = $1", cols.data);
    char *sq_sel = kh_strdup(sel);
    char *d = strstr(sq_sel, "$1");
    if (d)
        d[0] = '?', d[1] = ' ';
    sqlite3_stmt *ids = NULL, *one = NULL;
    sqlite3_prepare_v2(s, "SELECT id FROM customers ORDER BY random() LIMIT 200", -1, &ids, NULL);
    sqlite3_prepare_v2(s, sq_sel, -1, &one, NULL);
    while (sqlite3_step(ids) == SQLITE_ROW) {
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(ids, 0));
        const char *params[1] = {id};
        PGresult *r = PQexecParams(h, sel, 1, NULL, params, NULL, NULL, 0);
        sqlite3_reset(one);
        sqlite3_bind_int64(one, 1, sqlite3_column_int64(ids, 0));
        bool same = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                    sqlite3_step(one) == SQLITE_ROW;
        for (int c = 0; same && c < sqlite3_column_count(one); c++) {
            const char *a = (const char *)sqlite3_column_text(one, c);
            bool anull = sqlite3_column_type(one, c) == SQLITE_NULL;
            same =
                anull == (bool)PQgetisnull(r, 0, c) && (anull || !strcmp(a, PQgetvalue(r, 0, c)));
        }
        PQclear(r);
        rep->sampled++;
        if (!same)
            rep->sample_mismatches++;
    }
    sqlite3_finalize(ids);
    sqlite3_finalize(one);
    free(sel);
    free(sq_sel);
    buf_release(&cols);
}

enum kh_status db_copy_sqlite_to_pg(const char *src_path, struct db *dst,
                                    struct db_copy_report *rep, struct kh_err *err)
{
    memset(rep, 0, sizeof(*rep));
    PGconn *h = db_pg__conn(dst);
    if (!h)
        return kh_err_set(err, KH_E_INVALID, "to", "目标必须是 PostgreSQL 数据库",
                          "the target must be a PostgreSQL database");
    long long used = pg_number(h, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM "
                                  "customers) + (SELECT count(*) FROM audit_log)");
    if (used != 0)
        return kh_err_set(err, KH_E_CONFLICT, "to",
                          "目标数据库不是空的（已有用户、客户或审计记录），未做任何更改",
                          "the target database is not empty (it has users, customers or audit "
                          "entries): nothing was changed");
    sqlite3 *s = NULL;
    if (sqlite3_open_v2(src_path, &s, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(s);
        return kh_err_setf(err, KH_E_INVALID, "from", "无法打开 %s", "cannot open %s", src_path,
                           src_path);
    }
    sqlite3_busy_timeout(s, 10000);
    /* One snapshot of a live database: a server may go on writing meanwhile. */
    enum kh_status st = sqlite3_exec(s, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
                            ? KH_OK
                            : fail(err, "BEGIN", sqlite3_errmsg(s));
    if (!st)
        st = copy_all(s, h, rep, err);
    if (!st)
        compare(s, h, rep);
    sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(s);
    return st;
}
