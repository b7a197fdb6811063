/*
 * The search index's PostgreSQL renderings (db_search.h): the tsvector text
 * of a document and the tsquery text of a query. Pure string functions:
 * no libpq here, so they are tested without a server.
 */
#include "db/db_search.h"

#include <stddef.h>

#include "core/utf8.h"

/* tsvector's limits (PostgreSQL's ts_type.h: MAXSTRLEN, MAXENTRYPOS). */
#define PG_LEXEME_MAX_BYTES 2047
#define PG_POS_MAX 16383

static uint32_t fold_pair(uint32_t cp, uint32_t lo, uint32_t hi, uint32_t upper_parity)
{
    return cp >= lo && cp <= hi && (cp & 1u) == upper_parity ? cp + 1 : cp;
}

static uint32_t fold_latin(uint32_t cp)
{
    if (cp >= 0xC0u && cp <= 0xDEu && cp != 0xD7u)
        return cp + 0x20u;
    if (cp == 0x178u)
        return 0xFFu;
    if ((cp >= 0x139u && cp <= 0x148u) || (cp >= 0x179u && cp <= 0x17Eu) ||
        (cp >= 0x1CDu && cp <= 0x1DCu))
        return fold_pair(cp, cp & ~1u, cp | 1u, 1);
    if (cp == 0x1C4u || cp == 0x1C5u || cp == 0x1C7u || cp == 0x1C8u || cp == 0x1CAu ||
        cp == 0x1CBu || cp == 0x1F1u || cp == 0x1F2u)
        return (cp == 0x1C5u || cp == 0x1C8u || cp == 0x1CBu || cp == 0x1F2u) ? cp + 1 : cp + 2;
    static const uint32_t even_pairs[][2] = {
        {0x100u, 0x12Fu}, {0x132u, 0x137u}, {0x14Au, 0x177u},   {0x1DEu, 0x1EFu},
        {0x1F4u, 0x1F5u}, {0x1F8u, 0x21Fu}, {0x222u, 0x233u},   {0x246u, 0x24Fu},
        {0x370u, 0x373u}, {0x376u, 0x377u}, {0x3D8u, 0x3EFu},   {0x460u, 0x481u},
        {0x48Au, 0x4BFu}, {0x4D0u, 0x52Fu}, {0x1E00u, 0x1E95u}, {0x1EA0u, 0x1EFFu},
    };
    for (size_t i = 0; i < sizeof(even_pairs) / sizeof(even_pairs[0]); i++)
        if (cp >= even_pairs[i][0] && cp <= even_pairs[i][1])
            return fold_pair(cp, even_pairs[i][0], even_pairs[i][1], 0);
    return cp;
}

/*
 * The lower case of the letters tok_text keeps as they are (Latin, Greek,
 * Cyrillic), as FTS5's unicode61 folds them: Unicode's simple lower-case
 * mapping. ASCII is already lower case in every token; kana, Hangul and CJK
 * have no case. A few rare letters with irregular mappings are left alone.
 */
static uint32_t pg_fold(uint32_t cp)
{
    if (cp < 0xC0u)
        return cp;
    if (cp == 0x386u)
        return 0x3ACu;
    if (cp >= 0x388u && cp <= 0x38Au)
        return cp + 0x25u;
    if (cp == 0x38Cu)
        return 0x3CCu;
    if (cp == 0x38Eu || cp == 0x38Fu)
        return cp + 0x3Fu;
    if ((cp >= 0x391u && cp <= 0x3A1u) || (cp >= 0x3A3u && cp <= 0x3ABu))
        return cp + 0x20u;
    if (cp >= 0x400u && cp <= 0x40Fu)
        return cp + 0x50u;
    if (cp >= 0x410u && cp <= 0x42Fu)
        return cp + 0x20u;
    if (cp == 0x4C0u)
        return 0x4CFu;
    if (cp >= 0x4C1u && cp <= 0x4CEu)
        return fold_pair(cp, 0x4C1u, 0x4CEu, 1);
    if (cp == 0x1E9Eu)
        return 0xDFu;
    return fold_latin(cp);
}

/*
 * One token as a quoted lexeme: case folded, cut to tsvector's longest
 * lexeme at a character boundary, a quote doubled and a backslash escaped
 * (both tsvector and tsquery input read them so).
 */
static void pg_lexeme(struct str tok, struct buf *out)
{
    buf_putc(out, '\'');
    size_t bytes = 0;
    size_t i = 0;
    while (i < tok.len) {
        uint32_t cp;
        i += utf8_decode(tok.ptr + i, tok.len - i, &cp);
        char enc[4];
        size_t n = utf8_encode(pg_fold(cp), enc);
        if (bytes + n > PG_LEXEME_MAX_BYTES)
            break;
        bytes += n;
        if (n == 1 && (enc[0] == '\'' || enc[0] == '\\'))
            buf_putc(out, enc[0]);
        buf_append(out, enc, n);
    }
    buf_putc(out, '\'');
}

/* The next space-separated token of s from *i (empty at the end). */
static struct str next_token(struct str s, size_t *i)
{
    while (*i < s.len && s.ptr[*i] == ' ')
        (*i)++;
    size_t start = *i;
    while (*i < s.len && s.ptr[*i] != ' ')
        (*i)++;
    return str_make(s.ptr + start, *i - start);
}

/* A column's weight in the document, in enum tok_col order ('D' is tsvector's default). */
static const char pg_weights[TOK_COLS] = {'C', 'C', 'A', 'B', 'D'};

void db_search_pg_doc(const char *const cols[TOK_COLS], struct buf *out)
{
    long pos = 1;
    const char *sep = out->len > 0 && out->data[out->len - 1] != ' ' ? " " : "";
    for (int c = 0; c < TOK_COLS; c++) {
        struct str text = str_from(cols[c] ? cols[c] : "");
        size_t i = 0;
        bool any = false;
        for (struct str t = next_token(text, &i); t.len > 0; t = next_token(text, &i)) {
            buf_puts(out, sep);
            sep = " ";
            pg_lexeme(t, out);
            buf_printf(out, ":%ld", pos < PG_POS_MAX ? pos : PG_POS_MAX);
            if (pg_weights[c] != 'D')
                buf_putc(out, pg_weights[c]);
            pos++;
            any = true;
        }
        if (any)
            pos++; /* an empty position: no phrase spans two columns */
    }
}

/* The weights of a column set, "" when PostgreSQL cannot tell it apart. */
static bool pg_query_weights(unsigned cols, char w[5])
{
    size_t n = 0;
    bool name = cols & TOK_COL_NAME, company = cols & TOK_COL_COMPANY;
    if (name != company)
        return false; /* one weight (C) serves both */
    if (cols & TOK_COL_PY)
        w[n++] = 'A';
    if (cols & TOK_COL_PHONE)
        w[n++] = 'B';
    if (name)
        w[n++] = 'C';
    if (cols & TOK_COL_OTHER)
        w[n++] = 'D';
    w[n] = '\0';
    return n > 0;
}

static bool pg_alt(const struct tok_query *q, const struct tok_alt *a, struct buf *out)
{
    char w[5];
    if (!pg_query_weights(a->cols, w))
        return false;
    struct str p = tok_alt_phrase(q, a);
    size_t i = 0;
    struct str t = next_token(p, &i);
    if (t.len == 0)
        return false;
    struct str next = next_token(p, &i);
    bool phrase = next.len > 0;
    if (phrase)
        buf_puts(out, "( ");
    for (;;) {
        pg_lexeme(t, out);
        buf_printf(out, ":%s%s", next.len == 0 && a->prefix ? "*" : "", w);
        if (next.len == 0)
            break;
        buf_puts(out, " <-> ");
        t = next;
        next = next_token(p, &i);
    }
    if (phrase)
        buf_puts(out, " )");
    return true;
}

static bool pg_term(const struct tok_query *q, const struct tok_term *t, struct buf *out)
{
    if (t->nalts == 0)
        return false;
    if (t->nalts > 1)
        buf_puts(out, "( ");
    for (int i = 0; i < t->nalts; i++) {
        if (i > 0)
            buf_puts(out, t->op == TOK_ALL ? " & " : " | ");
        if (!pg_alt(q, &q->alts[t->first + i], out))
            return false;
    }
    if (t->nalts > 1)
        buf_puts(out, " )");
    return true;
}

bool db_search_pg_query(const struct tok_query *q, struct buf *out)
{
    size_t start = out->len;
    bool was_overflow = out->overflow;
    bool ok = q->nterms > 0;
    for (int i = 0; ok && i < q->nterms; i++) {
        if (i > 0)
            buf_puts(out, " & ");
        ok = pg_term(q, &q->terms[i], out);
    }
    if (!ok || out->overflow) {
        buf_rewind(out, start, was_overflow);
        return false;
    }
    return true;
}
