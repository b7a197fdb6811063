#include "text/tokenize.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "core/utf8.h"
#include "text/pinyin.h"
#include "text/validate.h"

#define PINYIN_RUN_MAX 32

enum tok_class {
    TC_SEP,    /* separates tokens */
    TC_CJK,    /* one token per character */
    TC_ALNUM,  /* ASCII letter or digit: lower-cased into the current word */
    TC_LETTER, /* letter of another script: copied into the current word */
    TC_MARK,   /* combining mark: continues a word, never starts one */
};

/* Fullwidth ASCII to ASCII, compatibility ideographs to unified ones. */
static uint32_t tok_fold(uint32_t cp)
{
    if (cp >= 0xFF01u && cp <= 0xFF5Eu)
        return cp - 0xFEE0u;
    if (cp == 0x3000u)
        return ' ';
    return pinyin_unify(cp);
}

static bool tok_is_cjk(uint32_t cp)
{
    return (cp >= 0x4E00u && cp <= 0x9FFFu) || (cp >= 0x3400u && cp <= 0x4DBFu) ||
           (cp >= 0xF900u && cp <= 0xFAFFu) || (cp >= 0x20000u && cp <= 0x323AFu) || cp == 0x3007u;
}

static bool tok_is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/*
 * Letters of the scripts a CRM meets besides Chinese. Deliberately a short
 * whitelist: a symbol taken for a letter would become a token that FTS5's
 * unicode61 drops, and an empty phrase in a query matches nothing.
 */
static bool tok_is_letter(uint32_t cp)
{
    if (cp >= 0xC0u && cp <= 0x24Fu) /* Latin-1 letters, Latin Extended-A/B */
        return cp != 0xD7u && cp != 0xF7u;
    return cp == 0xAAu || cp == 0xB5u || cp == 0xBAu ||
           (cp >= 0x370u && cp <= 0x3FFu && cp != 0x37Eu && cp != 0x387u &&
            cp != 0x375u) ||                   /* Greek */
           (cp >= 0x400u && cp <= 0x481u) ||   /* Cyrillic letters */
           (cp >= 0x48Au && cp <= 0x52Fu) ||   /* Cyrillic letters */
           (cp >= 0x1E00u && cp <= 0x1EFFu) || /* Latin Extended Additional */
           (cp >= 0x3041u && cp <= 0x3096u) || /* Hiragana */
           (cp >= 0x30A1u && cp <= 0x30FAu) || /* Katakana */
           cp == 0x30FCu ||                    /* prolonged sound mark */
           (cp >= 0xAC00u && cp <= 0xD7A3u);   /* Hangul syllables */
}

static enum tok_class tok_classify(uint32_t cp)
{
    if (tok_is_ascii_alnum(cp))
        return TC_ALNUM;
    if (cp < 0x80u)
        return TC_SEP;
    if (tok_is_cjk(cp))
        return TC_CJK;
    if (tok_is_letter(cp))
        return TC_LETTER;
    if (cp >= 0x300u && cp <= 0x36Fu)
        return TC_MARK;
    return TC_SEP;
}

static void tok_sep(struct buf *out)
{
    if (out->len > 0 && out->data[out->len - 1] != ' ')
        buf_putc(out, ' ');
}

static void tok_put_cp(struct buf *out, uint32_t cp)
{
    char enc[4];
    size_t n = utf8_encode(cp, enc);
    buf_append(out, enc, n);
}

static char tok_lower(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') ? (char)(cp + ('a' - 'A')) : (char)cp;
}

void tok_text(struct str text, struct buf *out)
{
    bool in_word = false;
    size_t i = 0;
    while (i < text.len) {
        uint32_t cp;
        i += utf8_decode(text.ptr + i, text.len - i, &cp);
        cp = tok_fold(cp);
        enum tok_class c = tok_classify(cp);
        if (c == TC_MARK && !in_word)
            c = TC_SEP;
        switch (c) {
        case TC_CJK:
            tok_sep(out);
            tok_put_cp(out, cp);
            in_word = false;
            break;
        case TC_ALNUM:
        case TC_LETTER:
        case TC_MARK:
            if (!in_word)
                tok_sep(out);
            in_word = true;
            if (c == TC_ALNUM)
                buf_putc(out, tok_lower(cp));
            else
                tok_put_cp(out, cp);
            break;
        case TC_SEP:
            in_word = false;
            break;
        }
    }
}

void tok_bigrams(struct str text, struct buf *out)
{
    uint32_t prev = 0;
    size_t i = 0;
    while (i < text.len) {
        uint32_t cp;
        i += utf8_decode(text.ptr + i, text.len - i, &cp);
        cp = tok_fold(cp);
        if (tok_classify(cp) != TC_CJK) {
            prev = 0;
            continue;
        }
        if (prev) {
            tok_sep(out);
            buf_putc(out, 'b');
            tok_put_cp(out, prev);
            tok_put_cp(out, cp);
        }
        prev = cp;
    }
}

struct pinyin_run {
    struct buf full;
    struct buf initials;
    size_t chars;
};

static void pinyin_run_flush(struct pinyin_run *run, struct buf *out)
{
    if (run->full.len > 0) {
        tok_sep(out);
        buf_append(out, run->full.data, run->full.len);
        if (!str_eq(str_make(run->full.data, run->full.len),
                    str_make(run->initials.data, run->initials.len))) {
            buf_putc(out, ' ');
            buf_append(out, run->initials.data, run->initials.len);
        }
    }
    buf_reset(&run->full);
    buf_reset(&run->initials);
    run->chars = 0;
}

void tok_pinyin(struct str text, bool person_name, struct buf *out)
{
    struct pinyin_run run;
    buf_init(&run.full, 8 * PINYIN_RUN_MAX);
    buf_init(&run.initials, PINYIN_RUN_MAX);
    run.chars = 0;
    size_t i = 0;
    while (i < text.len) {
        uint32_t cp;
        i += utf8_decode(text.ptr + i, text.len - i, &cp);
        cp = tok_fold(cp);
        if (!tok_is_cjk(cp)) {
            pinyin_run_flush(&run, out);
            continue;
        }
        const char *py = (person_name && run.chars == 0) ? pinyin_of_surname(cp) : pinyin_of(cp);
        if (py && run.chars < PINYIN_RUN_MAX) {
            buf_puts(&run.full, py);
            buf_putc(&run.initials, py[0]);
        }
        run.chars++;
    }
    pinyin_run_flush(&run, out);
    buf_release(&run.full);
    buf_release(&run.initials);
}

static bool tok_is_phone_list_sep(uint32_t cp)
{
    return cp == ',' || cp == ';' || cp == '/' || cp == '|' || cp == '\n' || cp == '\r' ||
           cp == 0x3001u; /* 、 */
}

static void tok_phone_one(struct str number, struct buf *digits, struct buf *out)
{
    buf_reset(digits);
    normalize_phone(number, digits);
    if (digits->overflow || digits->len < 4)
        return;
    tok_sep(out);
    buf_append(out, digits->data, digits->len);
    buf_puts(out, " t");
    buf_append(out, digits->data + digits->len - 4, 4);
}

void tok_phone(struct str phone, struct buf *out)
{
    struct buf digits;
    buf_init(&digits, 64);
    size_t start = 0;
    size_t i = 0;
    while (i < phone.len) {
        uint32_t cp;
        size_t n = utf8_decode(phone.ptr + i, phone.len - i, &cp);
        if (tok_is_phone_list_sep(tok_fold(cp))) {
            tok_phone_one(str_make(phone.ptr + start, i - start), &digits, out);
            start = i + n;
        }
        i += n;
    }
    tok_phone_one(str_make(phone.ptr + start, phone.len - start), &digits, out);
    buf_release(&digits);
}

/* ---- queries ---- */

static bool tok_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0x3000u || cp == 0xA0u;
}

/* What the tokens of one whitespace-separated term hold. */
struct term_shape {
    bool has_cjk;
    bool has_nondigit; /* any token char other than an ASCII digit */
};

static struct term_shape tok_term_shape(struct str toks)
{
    struct term_shape sh = {false, false};
    size_t i = 0;
    while (i < toks.len) {
        uint32_t cp;
        i += utf8_decode(toks.ptr + i, toks.len - i, &cp);
        if (cp == ' ')
            continue;
        if (tok_is_cjk(cp))
            sh.has_cjk = true;
        if (cp < '0' || cp > '9')
            sh.has_nondigit = true;
    }
    return sh;
}

/*
 * The query being built. Digit-only terms next to each other are one number
 * typed with spaces ("138 0013 8000", "+86 138..."): their digits gather in
 * digits until a term of another kind or the end of the query.
 */
struct query_state {
    struct tok_query *q;
    struct buf digits;
};

/* Text for a phrase; the bounds in tokenize.h keep it within the query. */
static uint16_t query_text(struct tok_query *q, const char *p, size_t n)
{
    assert(n <= sizeof(q->text) - q->len);
    size_t off = q->len;
    memcpy(q->text + off, p, n);
    q->len += n;
    return (uint16_t)off;
}

static struct tok_term *query_term_new(struct tok_query *q, enum tok_op op)
{
    struct tok_term *t = &q->terms[q->nterms++];
    *t = (struct tok_term){op, q->nalts, 0};
    return t;
}

static void query_alt(struct tok_query *q, struct tok_term *t, unsigned cols, uint16_t off,
                      size_t len, bool prefix)
{
    assert(q->nalts < TOK_QUERY_MAX_ALTS);
    q->alts[q->nalts++] = (struct tok_alt){cols, off, (uint16_t)len, prefix};
    t->nalts++;
}

static void query_digits(struct tok_query *q, struct str d)
{
    struct tok_term *t = query_term_new(q, TOK_ANY);
    if (d.len == 4) {
        uint16_t off = query_text(q, "t", 1);
        query_text(q, d.ptr, d.len);
        query_alt(q, t, TOK_COL_PHONE, off, 5, false);
        off++; /* the digits without their "t" */
        query_alt(q, t, TOK_COL_PHONE, off, 4, true);
        query_alt(q, t, TOK_COL_OTHER, off, 4, true);
        return;
    }
    uint16_t off = query_text(q, d.ptr, d.len);
    query_alt(q, t, TOK_COL_PHONE, off, d.len, true);
    query_alt(q, t, TOK_COL_OTHER, off, d.len, true);
}

static void query_word(struct tok_query *q, struct str w)
{
    struct tok_term *t = query_term_new(q, TOK_ANY);
    uint16_t off = query_text(q, w.ptr, w.len);
    query_alt(q, t, TOK_COL_PY, off, w.len, true);
    query_alt(q, t, TOK_COL_TEXT, off, w.len, true);
}

/* True when every token of toks is a single CJK character; counts them. */
static bool only_cjk_chars(struct str toks, size_t *n)
{
    *n = 0;
    size_t i = 0;
    while (i < toks.len) {
        size_t j = i;
        while (j < toks.len && toks.ptr[j] != ' ')
            j++;
        uint32_t cp;
        size_t len = utf8_decode(toks.ptr + i, j - i, &cp);
        if (len != j - i || !tok_is_cjk(cp))
            return false;
        (*n)++;
        i = j + 1;
    }
    return *n > 0;
}

/*
 * A CJK term: the phrase of its characters. Documents also carry their
 * character pairs as "b" + pair tokens, so the pairs narrow the phrase to
 * few candidates: a 2-character name is one index lookup, not a walk of two
 * common characters' position lists.
 */
static void query_cjk(struct tok_query *q, struct str toks)
{
    size_t n = 0;
    if (!only_cjk_chars(toks, &n) || n < 2) {
        struct tok_term *t = query_term_new(q, TOK_ANY);
        query_alt(q, t, TOK_COL_TEXT, query_text(q, toks.ptr, toks.len), toks.len, false);
        return;
    }
    struct tok_term *t = query_term_new(q, TOK_ALL);
    size_t i = 0, prev = 0, k = 0;
    while (i < toks.len) {
        size_t j = i;
        while (j < toks.len && toks.ptr[j] != ' ')
            j++;
        if (k > 0) {
            uint16_t off = query_text(q, "b", 1);
            query_text(q, toks.ptr + prev, i - 1 - prev);
            query_text(q, toks.ptr + i, j - i);
            query_alt(q, t, TOK_COL_TEXT, off, 1 + (i - 1 - prev) + (j - i), false);
        }
        prev = i;
        k++;
        i = j + 1;
    }
    if (n > 2)
        query_alt(q, t, TOK_COL_TEXT, query_text(q, toks.ptr, toks.len), toks.len, false);
}

static void query_flush_digits(struct query_state *qs)
{
    if (qs->digits.len == 0)
        return;
    struct buf d;
    buf_init(&d, 4 * TOK_QUERY_MAX_TERM_CHARS);
    normalize_phone(str_make(qs->digits.data, qs->digits.len), &d);
    if (d.len > TOK_QUERY_MAX_TERM_CHARS)
        d.len = TOK_QUERY_MAX_TERM_CHARS;
    if (d.len > 0 && qs->q->nterms < TOK_QUERY_MAX_TERMS)
        query_digits(qs->q, str_make(d.data, d.len));
    buf_release(&d);
    buf_reset(&qs->digits);
}

/* One term whose tokens (space-separated in toks) are already known safe. */
static void query_term(struct query_state *qs, struct str toks)
{
    struct tok_query *q = qs->q;
    struct term_shape sh = tok_term_shape(toks);
    if (!sh.has_cjk && !sh.has_nondigit) {
        buf_append(&qs->digits, toks.ptr, toks.len);
        return;
    }
    query_flush_digits(qs);
    if (sh.has_cjk) {
        if (q->nterms < TOK_QUERY_MAX_TERMS)
            query_cjk(q, toks);
        return;
    }
    size_t i = 0;
    while (i < toks.len && q->nterms < TOK_QUERY_MAX_TERMS) {
        size_t j = i;
        while (j < toks.len && toks.ptr[j] != ' ')
            j++;
        struct str w = str_make(toks.ptr + i, j - i);
        if (tok_term_shape(w).has_nondigit)
            query_word(q, w);
        else
            query_digits(q, w);
        i = j + 1;
    }
}

/* The end of the term starting at i, and the end of its first max_chars characters. */
static size_t query_term_end(struct str q, size_t i, size_t *cut)
{
    size_t chars = 0;
    *cut = i;
    while (i < q.len) {
        uint32_t cp;
        size_t n = utf8_decode(q.ptr + i, q.len - i, &cp);
        if (tok_is_space(tok_fold(cp)))
            break;
        i += n;
        if (++chars <= TOK_QUERY_MAX_TERM_CHARS)
            *cut = i;
    }
    return i;
}

bool tok_query(struct str query, struct tok_query *out)
{
    out->nterms = 0;
    out->nalts = 0;
    out->len = 0;
    struct query_state qs = {out, BUF_INIT};
    buf_init(&qs.digits, TOK_QUERY_MAX_TERMS * TOK_QUERY_MAX_TERM_CHARS);
    struct buf toks;
    buf_init(&toks, 16 * TOK_QUERY_MAX_TERM_CHARS);
    size_t i = 0;
    size_t seen = 0;
    while (i < query.len && seen < TOK_QUERY_MAX_TERMS) {
        uint32_t cp;
        size_t n = utf8_decode(query.ptr + i, query.len - i, &cp);
        if (tok_is_space(tok_fold(cp))) {
            i += n;
            continue;
        }
        size_t cut;
        size_t end = query_term_end(query, i, &cut);
        buf_reset(&toks);
        tok_text(str_make(query.ptr + i, cut - i), &toks);
        if (toks.len > 0) {
            query_term(&qs, str_make(toks.data, toks.len));
            seen++;
        }
        i = end;
    }
    query_flush_digits(&qs);
    buf_release(&toks);
    buf_release(&qs.digits);
    return out->nterms > 0;
}

void tok_query_blind_phones(struct tok_query *q, tok_phone_map_fn *map, void *arg)
{
    for (int i = 0; i < q->nalts; i++) {
        struct tok_alt *a = &q->alts[i];
        struct str d = tok_alt_phrase(q, a);
        bool number = a->cols == TOK_COL_PHONE && a->prefix && d.len >= TOK_PHONE_BLIND_MIN &&
                      !tok_term_shape(d).has_nondigit;
        /* An ID number ending in X is a word: its pinyin alternative becomes the number's. */
        bool id_x = a->cols == TOK_COL_PY && a->prefix && d.len == 18 && d.ptr[17] == 'x' &&
                    !tok_term_shape(str_make(d.ptr, 17)).has_nondigit;
        if (!number && !id_x)
            continue;
        char tok[TOK_PHONE_TOKEN_MAX] = "";
        map(d, tok, arg);
        size_t n = strnlen(tok, sizeof(tok));
        if (n == 0 || q->len + n > sizeof(q->text))
            continue;
        a->off = query_text(q, tok, n);
        a->len = (uint16_t)n;
        a->prefix = false;
        a->cols = TOK_COL_PHONE;
    }
}
