/*
 * libFuzzer target for the search tokenizer: every tok_* function on the
 * same input. Besides memory errors (ASan/UBSan) it checks the invariants
 * callers rely on: no token output holds a double quote; a query's phrases
 * hold tokens only (no quote, no empty token); its FTS5 MATCH expression
 * has balanced quotes and parentheses; its tsquery renders.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_tokenize.c \
 *       src/text/\*.c src/core/\*.c src/db/db_search_\*.c -lsqlite3 \
 *       -o /tmp/fuzz_tok && /tmp/fuzz_tok fuzz/corpus/tokenize
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "db/db_search.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_no_quote(const struct buf *b)
{
    if (b->len > 0 && memchr(b->data, '"', b->len))
        abort();
}

static void check_match_shape(const struct buf *b)
{
    size_t quotes = 0;
    long depth = 0;
    bool in_quote = false;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (c == '"') {
            quotes++;
            in_quote = !in_quote;
        } else if (!in_quote && c == '(') {
            depth++;
        } else if (!in_quote && c == ')') {
            if (--depth < 0)
                abort();
        }
    }
    if (quotes % 2 != 0 || depth != 0)
        abort();
}

static struct tok_query tq;

static void check_query(const struct tok_query *q)
{
    for (int i = 0; i < q->nalts; i++) {
        struct str p = tok_alt_phrase(q, &q->alts[i]);
        if (p.len == 0 || p.ptr[0] == ' ' || p.ptr[p.len - 1] == ' ' || memchr(p.ptr, '"', p.len) ||
            memchr(p.ptr, '\'', p.len) || memchr(p.ptr, '\\', p.len) || !q->alts[i].cols)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str in = str_make((const char *)data, size);
    struct buf b;
    buf_init(&b, 0);

    tok_text(in, &b);
    check_no_quote(&b);
    buf_reset(&b);

    tok_pinyin(in, false, &b);
    tok_pinyin(in, true, &b);
    check_no_quote(&b);
    buf_reset(&b);

    tok_phone(in, &b);
    check_no_quote(&b);
    buf_reset(&b);

    if (tok_query(in, &tq)) {
        check_query(&tq);
        if (!db_search_fts5_query(&tq, &b))
            abort();
        check_match_shape(&b);
        buf_reset(&b);
        if (!db_search_pg_query(&tq, &b))
            abort();
    } else if (tq.nterms != 0) {
        abort();
    }

    buf_release(&b);
    return 0;
}
