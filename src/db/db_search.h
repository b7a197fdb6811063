#ifndef KH_DB_DB_SEARCH_H
#define KH_DB_DB_SEARCH_H

/*
 * The search index: the one place that knows how an engine indexes Kehu's
 * tokens and how a query (text/tokenize.h's struct tok_query) is written
 * for it. Tokenizing stays in text/; nothing outside db/ writes FTS5 or
 * tsquery syntax.
 *
 * An index is a table of documents, one per record, keyed by the record's
 * id, with the five columns of enum tok_col in that order (name, company,
 * py, phone, other), each a string of tokens separated by single spaces.
 * Only "customer_search" exists; another index name aborts (a bug, like SQL
 * that does not compile).
 *
 * The contract between a store and the backends: a store's SQL finds an
 * index's matches with exactly this form, which the SQLite backend runs as
 * it is (FTS5) and the PostgreSQL backend rewrites:
 *
 *     FROM customer_search CROSS JOIN customers c
 *     WHERE c.id = customer_search.rowid AND customer_search MATCH $4 AND ...
 *
 * $4 bound to the text of db_search_match. The join is written in WHERE
 * (PostgreSQL refuses CROSS JOIN ... ON); CROSS JOIN keeps the index the
 * outer loop on SQLite. A store orders matches by the record's columns and
 * its id (or by customer_search.rowid, which is the id), never by a rank,
 * so both engines give the same rows in the same order.
 *
 * SQLite: customer_search is an FTS5 table (migration 001) with the
 * tokenizer 'unicode61 remove_diacritics 0', rowid = the customer's id; the
 * query is an FTS5 MATCH expression (db_search_fts5_query).
 *
 * PostgreSQL (the pairing the PostgreSQL backend implements):
 *   - table  customer_search(rowid BIGINT PRIMARY KEY, doc tsvector NOT NULL)
 *            with CREATE INDEX ... USING gin (doc);
 *   - put    INSERT INTO customer_search (rowid, doc) VALUES ($1, $2::tsvector)
 *            ON CONFLICT (rowid) DO UPDATE SET doc = excluded.doc,
 *            $2 the text of db_search_pg_doc; delete by rowid; optimize does
 *            nothing (VACUUM and autovacuum keep the GIN index);
 *   - match  `customer_search MATCH $4` becomes `customer_search.doc @@ $4::tsquery`,
 *            $4 the text of db_search_pg_query.
 *   Documents: every token at its own position, the columns one after the
 *   other with a position left empty between two columns (an FTS5 phrase
 *   never spans columns; `<->` wants the next position, so the gap keeps
 *   that), each position weighted by its column: py A, phone B, name and
 *   company C, other D. Queries: a phrase is its tokens joined by `<->`;
 *   each token carries the weights of its alternative's columns
 *   (`'zw':*CD` for {name company other}, `'1234':*BD` for phone or other),
 *   a prefix is `:*`; a term is its alternatives joined by `|` (TOK_ANY) or
 *   `&` (TOK_ALL), in parentheses; terms are joined by `&`. Lexemes are
 *   quoted '...' with a quote doubled and a backslash escaped (tsvector and
 *   tsquery input read both alike). As FTS5's unicode61 folds the case of
 *   letters outside ASCII (tokens keep theirs: "Ö"), both renderings fold
 *   them the same way, so a document and a query meet as they do in FTS5.
 *   Limits of tsvector, handled by db_search_pg_doc: a lexeme is cut to
 *   2,047 bytes (a query token has at most 64 characters, so a prefix still
 *   finds it); positions past 16,383 are all 16,383 (a phrase that far into
 *   a document is not found, a single token is); at most 256 positions of
 *   one lexeme are kept (which only phrases could notice).
 *
 * Thread safety: as the connection given; the renderings are pure
 * functions, safe on any thread.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "text/tokenize.h"

struct db_conn;

/*
 * From a write function: make the document of id in index the given one
 * (cols[i] the tokens of column i of enum tok_col; NULL reads as ""). The
 * caller removes an earlier document first with db_search_delete, as FTS5
 * requires. Database errors as db_exec_stmt.
 */
KH_NODISCARD enum kh_status db_search_put(struct db_conn *c, const char *index, int64_t id,
                                          const char *const cols[TOK_COLS], struct kh_err *err);

/* From a write function: remove the document of id from index (none: KH_OK). */
KH_NODISCARD enum kh_status db_search_delete(struct db_conn *c, const char *index, int64_t id,
                                             struct kh_err *err);

/*
 * From a write function: compact index after a bulk load (FTS5 merges its
 * segments into one: a long write; PostgreSQL needs nothing).
 */
KH_NODISCARD enum kh_status db_search_optimize(struct db_conn *c, const char *index,
                                               struct kh_err *err);

/*
 * From a write function: put index in bulk mode (on) before many documents
 * come in many short writes, and back (off) once they are in, then
 * db_search_optimize. SQLite: FTS5 stops merging its segments as it goes
 * (a setting kept in the index, so a bulk load cut short stays in bulk
 * mode until a later one ends); PostgreSQL: nothing.
 */
KH_NODISCARD enum kh_status db_search_bulk(struct db_conn *c, const char *index, bool on,
                                           struct kh_err *err);

/*
 * From a write function: one step of merging index's segments after a bulk
 * load (db_search_bulk), about `pages` pages of work, so other writes go on
 * between the steps; *more: whether a step may still find work. Steps until
 * *more is false leave the index as db_search_optimize does. PostgreSQL:
 * nothing (*more false).
 */
KH_NODISCARD enum kh_status db_search_merge(struct db_conn *c, const char *index, int pages,
                                            bool *more, struct kh_err *err);

/*
 * The text to bind where the store's SQL says `customer_search MATCH $N`:
 * q rendered for c's engine, appended to out. Returns false, with out as it
 * was, when q has no term or out overflowed its cap.
 */
bool db_search_match(struct db_conn *c, const struct tok_query *q, struct buf *out);

/*
 * The SQLite rendering: an FTS5 MATCH expression, appended to out. Each
 * alternative is `col : "tokens"` (several columns: `{name company other}`),
 * with `*` after a prefix; a term's alternatives are joined by OR (TOK_ANY)
 * or AND (TOK_ALL) in parentheses, except a TOK_ANY of one alternative,
 * written alone; terms are joined by AND:
 *   "张伟 zw" -> ({name company other} : "b张伟") AND (py : "zw"* OR {name company other} : "zw"*)
 * A double quote in a token would be doubled (tokens never hold one).
 * False, with out as it was, when q has no term or out overflowed.
 */
bool db_search_fts5_query(const struct tok_query *q, struct buf *out);

/*
 * The PostgreSQL renderings (see above), pure string functions for the
 * PostgreSQL backend. db_search_pg_doc appends the tsvector text of a
 * document (cols as for db_search_put):
 *   {"张 伟 b张伟", "", "zhangwei zw", "13800138000 t8000", ""} ->
 *   '张':1C '伟':2C 'b张伟':3C 'zhangwei':6A 'zw':7A '13800138000':9B 't8000':10B
 * db_search_pg_query appends the tsquery text of q:
 *   "张伟 zw" -> 'b张伟':C & ( 'zw':*A | 'zw':*CD )
 * It returns false, with out as it was, when q has no term, out overflowed,
 * or an alternative names one of name and company without the other (one
 * weight serves both; no query of tok_query does).
 */
void db_search_pg_doc(const char *const cols[TOK_COLS], struct buf *out);
bool db_search_pg_query(const struct tok_query *q, struct buf *out);

#endif
