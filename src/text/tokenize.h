#ifndef KH_TEXT_TOKENIZE_H
#define KH_TEXT_TOKENIZE_H

/*
 * Kehu's search tokenizer. SQLite's trigram tokenizer cannot match the 2-3
 * characters of a Chinese name, so Kehu tokenizes in C and stores the tokens,
 * space-separated, in the search index (db/db_search.h): an FTS5 table whose tokenizer is
 * 'unicode61 remove_diacritics 0' (each token written here stays one FTS5
 * token) or a PostgreSQL tsvector, so both engines search alike.
 *
 * The search table has the columns (name, company, py, phone, other):
 *   name, company, other  tok_text of the field
 *   py                    tok_pinyin of the name (person_name) and company
 *   phone                 tok_phone of each phone number
 *
 * Every tok_* writer APPENDS to out: when out is not empty and does not end
 * with a space, a space is written before the first token, so calls can be
 * chained into one buffer. Input is any bytes: invalid UTF-8 is a separator.
 * Nothing here fails except through the buffer's cap (out->overflow).
 * Thread-safe; no global state.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/str.h"

/*
 * Tokens of free text: each CJK ideograph (Unified, Extension A..,
 * compatibility ideographs, which are first mapped to their unified form) is
 * one token; a run of ASCII letters and digits is one lower-cased token;
 * letters of other scripts (Latin accents, Greek, Cyrillic, kana, Hangul)
 * join the word they are in, left as they are (the index folds their case:
 * FTS5 itself, db_search_pg_doc for PostgreSQL).
 * Fullwidth ASCII (U+FF01..U+FF5E) is folded to ASCII first. Punctuation,
 * symbols, whitespace and invalid UTF-8 separate tokens.
 *   "张伟 Zhang-Wei ＡＢＣ１２" -> "张 伟 zhang wei abc12"
 */
void tok_text(struct str text, struct buf *out);

/*
 * Pinyin tokens of the CJK characters of text, one pair per run of adjacent
 * CJK characters: the full pinyin ("zhangwei") and the initials ("zw"; not
 * repeated when equal to the full pinyin). With person_name, the first
 * character of each run takes its surname reading (单 -> shan). Characters
 * without a reading are skipped; at most 32 characters of a run count.
 * Writes nothing when text has no CJK character with a reading.
 *   ("单伟 / 李娜", true) -> "shanwei sw lina ln"
 */
void tok_pinyin(struct str text, bool person_name, struct buf *out);

/*
 * Tokens of a phone field: the digits (the +86 / 0086 / 86 prefix of a
 * mainland mobile dropped) and "t" + the last 4 digits. A field holding
 * several numbers separated by , ; / | 、 or a newline gives tokens for each.
 * A number with fewer than 4 digits gives nothing.
 *   "+86 138-0013-8000" -> "13800138000 t8000"
 */
void tok_phone(struct str phone, struct buf *out);

/*
 * Character pairs of each CJK run as "b" + two characters ("张伟" -> "b张伟"),
 * appended space-separated: indexed beside tok_text's tokens so that
 * tok_query can look a 2-character name up directly.
 */
void tok_bigrams(struct str text, struct buf *out);

/* Caps applied by tok_query. */
#define TOK_QUERY_MAX_TERMS 16
#define TOK_QUERY_MAX_TERM_CHARS 64

/* The columns of the search index (see above), as bits of a column set. */
enum tok_col {
    TOK_COL_NAME = 1u << 0,
    TOK_COL_COMPANY = 1u << 1,
    TOK_COL_PY = 1u << 2,
    TOK_COL_PHONE = 1u << 3,
    TOK_COL_OTHER = 1u << 4,
};
#define TOK_COLS 5
#define TOK_COL_TEXT (TOK_COL_NAME | TOK_COL_COMPANY | TOK_COL_OTHER)

/*
 * One alternative of a term: a phrase (one or more tokens, adjacent and in
 * this order, all in one column) found in any column of cols. With prefix,
 * the last token matches every token that begins with it.
 */
struct tok_alt {
    unsigned cols;     /* enum tok_col bits, at least one */
    uint16_t off, len; /* the phrase in the query's text: tokens, one space between them */
    bool prefix;
};

/*
 * How a term combines its alternatives: any one of them, or all of them.
 * TOK_ANY of one alternative is that alternative alone; TOK_ALL of one
 * means the same, but is kept apart because the SQLite rendering writes it
 * in parentheses (today's expressions, byte for byte).
 */
enum tok_op { TOK_ANY, TOK_ALL };

struct tok_term {
    enum tok_op op;
    int first, nalts; /* its alternatives: alts[first .. first + nalts) */
};

/*
 * Bounds of a query, from the caps: a CJK term of 64 characters is 63
 * pairs and a phrase (64 alternatives, at most 63 * 9 + 64 * 5 bytes of
 * text); every other kind of term is smaller.
 */
#define TOK_QUERY_MAX_ALTS (TOK_QUERY_MAX_TERMS * TOK_QUERY_MAX_TERM_CHARS)
#define TOK_QUERY_TEXT_MAX (16 * 1024)

/*
 * A search query, engine-free: the terms, all of which must match. The
 * database layer renders it for its engine (db/db_search.h): an FTS5 MATCH
 * expression on SQLite, a tsquery on PostgreSQL. A value type of fixed
 * size (about 28 KB: give it static or arena storage, not a small stack);
 * nothing to release.
 */
struct tok_query {
    int nterms;
    struct tok_term terms[TOK_QUERY_MAX_TERMS];
    int nalts;
    struct tok_alt alts[TOK_QUERY_MAX_ALTS];
    size_t len;
    char text[TOK_QUERY_TEXT_MAX]; /* the phrases' tokens */
};

/* The phrase of alternative a of q: its tokens, one space between them. */
static inline struct str tok_alt_phrase(const struct tok_query *q, const struct tok_alt *a)
{
    return str_make(q->text + a->off, a->len);
}

/*
 * The query of the text of a search box, into out (overwritten). Terms are
 * separated by whitespace and all must match; each kind of term becomes
 * (written here as the SQLite rendering shows it):
 *   with CJK         {name company other} : "北 京 abc"   (one phrase: adjacent, in order)
 *   only CJK, 2+     ({name company other} : "b王秀" AND {name company other} : "b秀兰"
 *                     AND {name company other} : "王 秀 兰")
 *                    TOK_ALL of its character pairs ("b" + two characters, indexed
 *                    by tok_bigrams) and, from 3 characters, the phrase
 *   4 digits         (phone : "t1234" OR phone : "1234"* OR other : "1234"*)
 *   other digits     (phone : "138001"* OR other : "138001"*)
 *   letters/digits   (py : "zw"* OR {name company other} : "zw"*)
 * A term without CJK that holds punctuation gives one term per word, except
 * digits and punctuation only ("138-0013"), which is joined into one number;
 * adjacent digit-only terms are one number typed with spaces.
 * Tokens hold only letters, digits and CJK characters (never a quote, an
 * operator or a space), so no input can change the shape of a rendering.
 * At most TOK_QUERY_MAX_TERMS terms of TOK_QUERY_MAX_TERM_CHARS characters
 * each are used; the rest is ignored.
 * Returns false, with out->nterms 0, when the query has no term (empty, only
 * punctuation): nothing can match.
 */
bool tok_query(struct str query, struct tok_query *out);

/*
 * Search documents keep no full phone number (R-SEC-11): a number is
 * indexed as a blind token of it ("p" + a keyed hash, made by the caller)
 * and "t" + its last 4 digits. This turns the phone alternative of each
 * number of TOK_PHONE_BLIND_MIN digits or more in q into the exact match of
 * the token map writes (at most TOK_PHONE_TOKEN_MAX bytes, letters and
 * digits); the other alternatives of the term stay. An identity-card
 * number ending in X (17 digits and "x", a word term) is mapped the same
 * way: its pinyin alternative becomes the phone column's blind token.
 */
#define TOK_PHONE_BLIND_MIN 7
#define TOK_PHONE_TOKEN_MAX 40
typedef void tok_phone_map_fn(struct str digits, char out[TOK_PHONE_TOKEN_MAX], void *arg);
void tok_query_blind_phones(struct tok_query *q, tok_phone_map_fn *map, void *arg);

#endif
