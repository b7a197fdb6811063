/*
 * The search index on SQLite: an FTS5 table per index, and the FTS5 MATCH
 * rendering of a query (db_search.h).
 */
#include "db/db_search.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "db/db.h"
#include "db/db_backend.h"

/* The statements of one index, as literals (the statement cache keys on their address). */
struct fts5_index {
    const char *name;
    const char *put_sql;
    const char *delete_sql;
    const char *optimize_sql;
    const char *bulk_sql[2];  /* off, on */
    const char *merge_sql[2]; /* the end of a load, one step */
};

static const struct fts5_index fts5_indexes[] = {
    {"customer_search",
     "INSERT INTO customer_search (rowid, name, company, py, phone, other) "
     "VALUES ($1, $2, $3, $4, $5, $6)",
     "DELETE FROM customer_search WHERE rowid = $1",
     "INSERT INTO customer_search (customer_search, rank) VALUES ('crisismerge', 16); "
     "INSERT INTO customer_search (customer_search) VALUES ('optimize')",
     {"INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 4)",
      "INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 0); "
      "INSERT INTO customer_search (customer_search, rank) VALUES ('crisismerge', 2000)"},
     {"INSERT INTO customer_search (customer_search, rank) VALUES ('crisismerge', 16)",
      "INSERT INTO customer_search (customer_search, rank) VALUES ('merge', $1)"}},
};

static const struct fts5_index *fts5_index_of(const char *name)
{
    for (size_t i = 0; i < sizeof(fts5_indexes) / sizeof(fts5_indexes[0]); i++)
        if (strcmp(fts5_indexes[i].name, name) == 0)
            return &fts5_indexes[i];
    log_error("msg=\"no such search index\" index=\"%s\"", name);
    abort();
}

enum kh_status db_search_sqlite_put(struct db_conn *c, const char *index, int64_t id,
                                    const char *const cols[TOK_COLS], struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, fts5_index_of(index)->put_sql);
    db_bind_int(s, 1, id);
    for (int i = 0; i < TOK_COLS; i++)
        db_bind_text(s, 2 + i, cols[i] ? cols[i] : "");
    return db_exec_stmt(s, err);
}

enum kh_status db_search_sqlite_delete(struct db_conn *c, const char *index, int64_t id,
                                       struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, fts5_index_of(index)->delete_sql);
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}

enum kh_status db_search_sqlite_optimize(struct db_conn *c, const char *index, struct kh_err *err)
{
    return db_exec_script(c, fts5_index_of(index)->optimize_sql, err);
}

/*
 * Bulk mode: FTS5 merges its segments as it goes (automerge) and whenever a
 * level holds 16 (crisismerge). Rows moved in many short writes leave one
 * segment per write, and those merges rewrite the same postings again and
 * again: 1,000,000 documents in writes of 5,000 took 24 s with them and
 * 12.7 s without, then 5 s for the one merge (optimize) that follows. Off
 * turns automerge on again but leaves crisismerge high: set back to 16 in
 * the write that ends a load, a crisis merge would merge every segment of
 * the load at its commit, and the documents would be found only after it.
 * The optimize (its own write, after) sets it back. A merge that never
 * comes leaves FTS5 merging as it goes, as usual. Both settings are kept
 * in the index's own config table, in the caller's transaction.
 */
enum kh_status db_search_sqlite_bulk(struct db_conn *c, const char *index, bool on,
                                     struct kh_err *err)
{
    return db_exec_script(c, fts5_index_of(index)->bulk_sql[on ? 1 : 0], err);
}

/*
 * FTS5's incremental merge: each step writes about `pages` pages of merged
 * postings; a negative count takes the segments of every level, so that
 * steps enough leave one segment, as 'optimize' does in one long write.
 * A step that changed nothing (the total of changes grew by less than 2,
 * the command's own row counting one) finds nothing left to merge.
 */
enum kh_status db_search_sqlite_merge(struct db_conn *c, const char *index, int pages, bool *more,
                                      struct kh_err *err)
{
    const struct fts5_index *x = fts5_index_of(index);
    *more = false;
    enum kh_status st = db_exec_stmt(db_prepare(c, x->merge_sql[0]), err);
    if (st)
        return st;
    int64_t before = db_sqlite_total_changes(c);
    struct db_stmt *s = db_prepare(c, x->merge_sql[1]);
    db_bind_int(s, 1, -(int64_t)pages);
    if ((st = db_exec_stmt(s, err)))
        return st;
    *more = db_sqlite_total_changes(c) - before >= 2;
    return KH_OK;
}

bool db_search_sqlite_match(struct db_conn *c, const struct tok_query *q, struct buf *out)
{
    (void)c;
    return db_search_fts5_query(q, out);
}

/* ---- the FTS5 rendering ---- */

static const char *const fts5_col_names[TOK_COLS] = {"name", "company", "py", "phone", "other"};

static void fts5_cols(unsigned cols, struct buf *out)
{
    int n = 0;
    for (int i = 0; i < TOK_COLS; i++)
        n += (cols >> i) & 1u;
    if (n > 1)
        buf_putc(out, '{');
    const char *sep = "";
    for (int i = 0; i < TOK_COLS; i++) {
        if (cols & (1u << i)) {
            buf_puts(out, sep);
            buf_puts(out, fts5_col_names[i]);
            sep = " ";
        }
    }
    if (n > 1)
        buf_putc(out, '}');
}

static void fts5_alt(const struct tok_query *q, const struct tok_alt *a, struct buf *out)
{
    fts5_cols(a->cols, out);
    buf_puts(out, " : \"");
    struct str p = tok_alt_phrase(q, a);
    for (size_t i = 0; i < p.len; i++) {
        if (p.ptr[i] == '"')
            buf_putc(out, '"');
        buf_putc(out, p.ptr[i]);
    }
    buf_putc(out, '"');
    if (a->prefix)
        buf_putc(out, '*');
}

static void fts5_term(const struct tok_query *q, const struct tok_term *t, struct buf *out)
{
    bool group = t->op == TOK_ALL || t->nalts > 1;
    if (group)
        buf_putc(out, '(');
    for (int i = 0; i < t->nalts; i++) {
        if (i > 0)
            buf_puts(out, t->op == TOK_ALL ? " AND " : " OR ");
        fts5_alt(q, &q->alts[t->first + i], out);
    }
    if (group)
        buf_putc(out, ')');
}

bool db_search_fts5_query(const struct tok_query *q, struct buf *out)
{
    size_t start = out->len;
    bool was_overflow = out->overflow;
    for (int i = 0; i < q->nterms; i++) {
        if (i > 0)
            buf_puts(out, " AND ");
        fts5_term(q, &q->terms[i], out);
    }
    if (q->nterms == 0 || out->overflow) {
        buf_rewind(out, start, was_overflow);
        return false;
    }
    return true;
}
