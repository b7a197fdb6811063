#ifndef KH_TEXT_TOKENIZE_H
#define KH_TEXT_TOKENIZE_H

/*
 * Kehu's search tokenizer. SQLite's trigram tokenizer cannot match the 2-3
 * characters of a Chinese name, so Kehu tokenizes in C and stores the tokens,
 * space-separated, in an FTS5 table whose tokenizer is
 * 'unicode61 remove_diacritics 0' (each token written here stays one FTS5
 * token) and in a PostgreSQL tsvector, so both engines search alike.
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
 * join the word they are in, left as they are (FTS5 folds their case).
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

/*
 * Build an FTS5 MATCH expression for the text of a search box, appended to
 * match. Terms are separated by whitespace and ANDed:
 *   with CJK        {name company other} : "张 伟"   (a phrase: adjacent, in order)
 *   4 digits        (phone : "t1234" OR phone : "1234"* OR other : "1234"*)
 *   other digits    (phone : "138001"* OR other : "138001"*)
 *   letters/digits  (py : "zw"* OR {name company other} : "zw"*)
 * A term without CJK that holds punctuation gives one term per word, except
 * digits and punctuation only ("138-0013"), which is joined into one number.
 * Only letters, digits and CJK characters are ever copied, always inside
 * double quotes, so no input can cause an FTS5 syntax error or inject an
 * operator. At most TOK_QUERY_MAX_TERMS terms of TOK_QUERY_MAX_TERM_CHARS
 * characters each are used; the rest is ignored.
 * Returns false, leaving match as it was, when the query has no term (empty,
 * only punctuation) or match overflowed its cap.
 */
bool tok_query(struct str query, struct buf *match);

#endif
