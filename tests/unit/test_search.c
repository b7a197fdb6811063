/*
 * The search index's renderings (db/db_search.h): a query of the tokenizer
 * written for FTS5 and for PostgreSQL's tsquery, and a document written as
 * PostgreSQL's tsvector. The FTS5 text of every kind of term, byte for byte
 * as before the query became a structure, is checked in test_text.c
 * (r_arc_9_query_expressions), where it also runs against SQLite.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/str.h"
#include "db/db_search.h"
#include "text/tokenize.h"

/* A query's size asks for static storage; the tests run on one thread. */
static struct tok_query tq;

static void check_pg_query(const char *in, const char *want)
{
    assert_true(tok_query(str_from(in), &tq));
    struct buf b;
    buf_init(&b, 0);
    assert_true(db_search_pg_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

static void check_pg_doc(const char *name, const char *company, const char *py, const char *phone,
                         const char *other, const char *want)
{
    const char *cols[TOK_COLS] = {name, company, py, phone, other};
    struct buf b;
    buf_init(&b, 0);
    db_search_pg_doc(cols, &b);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

/* A query of one term of one alternative, built by hand: what tok_query never writes. */
static void one_alt(unsigned cols, const char *phrase, bool prefix)
{
    memset(&tq, 0, sizeof(tq));
    size_t n = strlen(phrase);
    memcpy(tq.text, phrase, n);
    tq.len = n;
    tq.alts[0] = (struct tok_alt){cols, 0, (uint16_t)n, prefix};
    tq.nalts = 1;
    tq.terms[0] = (struct tok_term){TOK_ANY, 0, 1};
    tq.nterms = 1;
}

/* R-PLT-4: issue 11 item 3: each kind of term as a tsquery, weights standing for columns. */
static void r_plt_4_pg_query_per_kind_of_term(void **state)
{
    (void)state;
    check_pg_query("张伟 zw", "'b张伟':CD & ( 'zw':*A | 'zw':*CD )");
    check_pg_query("张", "'张':CD");
    check_pg_query("王秀兰", "( 'b王秀':CD & 'b秀兰':CD & ( '王':CD <-> '秀':CD <-> '兰':CD ) )");
    check_pg_query("北京ABC", "( '北':CD <-> '京':CD <-> 'abc':CD )");
    check_pg_query("8000", "( 't8000':B | '8000':*B | '8000':*D )");
    check_pg_query("+86 138 0013 8000", "( '13800138000':*B | '13800138000':*D )");
    check_pg_query("john-42", "( 'john':*A | 'john':*CD ) & ( '42':*B | '42':*D )");
    /* letters outside ASCII fold as FTS5's unicode61 folds them */
    check_pg_query("ÖL Жук ΔΈΛΤΑ", "( 'öl':*A | 'öl':*CD ) & ( 'жук':*A | 'жук':*CD ) & "
                                   "( 'δέλτα':*A | 'δέλτα':*CD )");
}

/* R-PLT-4: issue 11 item 3: a tsquery is quoted so no token can be read as an operator. */
static void r_plt_4_pg_query_quoting_and_refusals(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    one_alt(TOK_COL_OTHER, "it's a\\b", true);
    assert_true(db_search_pg_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "( 'it''s':D <-> 'a\\\\b':*D )");
    /* one of name and company alone: PostgreSQL's one weight C cannot tell them apart */
    buf_reset(&b);
    buf_puts(&b, "x");
    one_alt(TOK_COL_NAME, "zw", false);
    assert_false(db_search_pg_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "x");
    one_alt(TOK_COL_COMPANY | TOK_COL_PY, "zw", false);
    assert_false(db_search_pg_query(&tq, &b));
    one_alt(TOK_COL_NAME | TOK_COL_COMPANY | TOK_COL_PY | TOK_COL_PHONE | TOK_COL_OTHER, "zw",
            false);
    assert_true(db_search_pg_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "x'zw':ABCD");
    /* no term, or a buffer too small: false, nothing written */
    assert_false(tok_query(str_from(" !! "), &tq));
    assert_false(db_search_pg_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "x'zw':ABCD");
    struct buf tiny;
    buf_init(&tiny, 10);
    assert_true(tok_query(str_from("张伟"), &tq));
    assert_false(db_search_pg_query(&tq, &tiny));
    assert_int_equal(tiny.len, 0);
    assert_false(tiny.overflow);
    buf_release(&tiny);
    buf_release(&b);
}

/* R-PLT-4: issue 11 item 3: a document as a tsvector: positions, a gap between columns, weights. */
static void r_plt_4_pg_doc_positions_and_weights(void **state)
{
    (void)state;
    check_pg_doc("张 伟 b张伟", "", "zhangwei zw", "13800138000 t8000", NULL,
                 "'张':1C '伟':2C 'b张伟':3C 'zhangwei':5A 'zw':6A '13800138000':8B 't8000':9B");
    check_pg_doc("李 娜", "北 京", "lina ln beijing bj", "", "kh000123 vip",
                 "'李':1C '娜':2C '北':4C '京':5C 'lina':7A 'ln':8A 'beijing':9A 'bj':10A "
                 "'kh000123':12 'vip':13");
    check_pg_doc("", "", "", "", "", "");
    check_pg_doc(NULL, NULL, NULL, NULL, NULL, "");
    /* quoting and folding as in a query */
    check_pg_doc("Öl", "", "", "", "it's a\\b", "'öl':1C 'it''s':3 'a\\\\b':4");
    /* appended after a space */
    const char *cols[TOK_COLS] = {"a", NULL, NULL, NULL, NULL};
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "'x':1");
    db_search_pg_doc(cols, &b);
    assert_string_equal(buf_cstr(&b), "'x':1 'a':1C");
    buf_release(&b);
}

/* R-PLT-4: issue 11 item 3: tsvector's limits: a long lexeme is cut, positions stop at 16383. */
static void r_plt_4_pg_doc_limits(void **state)
{
    (void)state;
    struct buf in, out;
    buf_init(&in, 0);
    buf_init(&out, 0);
    for (int i = 0; i < 1000; i++)
        buf_puts(&in, "张"); /* one token of 3,000 bytes: cut to 682 characters (2,046 bytes) */
    const char *cols[TOK_COLS] = {buf_cstr(&in), NULL, NULL, NULL, NULL};
    db_search_pg_doc(cols, &out);
    assert_int_equal(out.len, strlen("'':1C") + 682 * 3);
    buf_reset(&in);
    for (int i = 0; i < 17000; i++)
        buf_puts(&in, "w ");
    cols[0] = NULL;
    cols[4] = buf_cstr(&in);
    buf_reset(&out);
    db_search_pg_doc(cols, &out);
    assert_non_null(strstr(buf_cstr(&out), "'w':16382 'w':16383 'w':16383 "));
    assert_int_equal(strcmp(buf_cstr(&out) + out.len - strlen(" 'w':16383"), " 'w':16383"), 0);
    buf_release(&in);
    buf_release(&out);
}

/* R-PLT-4: issue 11 item 1: FTS5 rendering of what tok_query never writes: quotes, one column. */
static void r_plt_4_fts5_quoting(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    one_alt(TOK_COL_NAME, "a\"b c", true);
    assert_true(db_search_fts5_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "name : \"a\"\"b c\"*");
    buf_reset(&b);
    one_alt(TOK_COL_PY | TOK_COL_PHONE, "zw", false);
    assert_true(db_search_fts5_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "{py phone} : \"zw\"");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_plt_4_pg_query_per_kind_of_term),
        cmocka_unit_test(r_plt_4_pg_query_quoting_and_refusals),
        cmocka_unit_test(r_plt_4_pg_doc_positions_and_weights),
        cmocka_unit_test(r_plt_4_pg_doc_limits),
        cmocka_unit_test(r_plt_4_fts5_quoting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
