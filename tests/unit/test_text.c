#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/buf.h"
#include "core/str.h"
#include "core/utf8.h"
#include "db/db_search.h"
#include "text/pinyin.h"
#include "text/tokenize.h"

/* ---- helpers ---- */

enum tok_fn { T_TEXT, T_PY, T_PY_NAME, T_PHONE };

static void check_tok(enum tok_fn fn, const char *in, size_t in_len, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    struct str s = str_make(in, in_len);
    switch (fn) {
    case T_TEXT:
        tok_text(s, &b);
        break;
    case T_PY:
        tok_pinyin(s, false, &b);
        break;
    case T_PY_NAME:
        tok_pinyin(s, true, &b);
        break;
    case T_PHONE:
        tok_phone(s, &b);
        break;
    }
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

#define TOK(fn, in, want) check_tok(fn, in, sizeof(in) - 1, want)

/* A query's size asks for static storage; the tests run on one thread. */
static struct tok_query tq;

/* The FTS5 MATCH text of in: tok_query, rendered as the SQLite backend does. */
static bool match_of(const char *in, struct buf *b)
{
    if (!tok_query(str_from(in), &tq))
        return false;
    bool ok = db_search_fts5_query(&tq, b);
    assert_true(ok);
    return ok;
}

static void check_query(const char *in, bool want_ok, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    bool ok = match_of(in, &b);
    assert_int_equal(ok, want_ok);
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

/* ---- utf8 ---- */

static void test_utf8_decode(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_decode("\xE5\xBC\xA0", 3, &cp), 3); /* 张 */
    assert_int_equal(cp, 0x5F20);
    assert_int_equal(utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x20000);
    /* overlong, surrogate, truncated, stray continuation, > U+10FFFF */
    const char *bad[] = {"\xC0\xAF", "\xE0\x80\xAF",     "\xED\xA0\x80",        "\xE5\xBC",
                         "\x80",     "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 1);
        assert_int_equal(cp, 0xFFFD);
    }
    assert_int_equal(utf8_decode("", 0, &cp), 0);
    assert_true(utf8_valid("张伟 abc", strlen("张伟 abc")));
    assert_true(utf8_valid("\xEF\xBF\xBD", 3)); /* a real U+FFFD */
    assert_false(utf8_valid("ab\xE5\xBC", 4));
    assert_true(utf8_valid("", 0));
    assert_int_equal(utf8_count("张伟ab", strlen("张伟ab")), 4);
    assert_int_equal(utf8_count("a\xFF"
                                "b",
                                3),
                     3);
}

/* ---- pinyin ---- */

static void test_pinyin_of(void **state)
{
    (void)state;
    assert_string_equal(pinyin_of(0x5F20), "zhang"); /* 张 */
    assert_string_equal(pinyin_of(0x4F1F), "wei");   /* 伟 */
    assert_string_equal(pinyin_of(0x5415), "lv");    /* 吕: ü as v */
    assert_string_equal(pinyin_of(0x66FE), "ceng");  /* 曾: common reading */
    assert_string_equal(pinyin_of(0x4E86), "le");    /* 了 */
    assert_null(pinyin_of('A'));
    assert_null(pinyin_of(0x3002)); /* 。 */
    assert_null(pinyin_of(0x110000));
    /* compatibility ideograph U+F9F4 is 林 */
    assert_int_equal(pinyin_unify(0xF9F4), 0x6797);
    assert_string_equal(pinyin_of(0xF9F4), "lin");
}

static void test_pinyin_of_surname(void **state)
{
    (void)state;
    static const struct {
        uint32_t cp;
        const char *reading;
    } cases[] = {
        {0x66FE, "zeng"},  {0x5355, "shan"},  {0x89E3, "xie"},   {0x533A, "ou"},   {0x4EC7, "qiu"},
        {0x6734, "piao"},  {0x67E5, "zha"},   {0x76D6, "ge"},    {0x4E50, "yue"},  {0x5C09, "yu"},
        {0x7F2A, "miao"},  {0x8983, "qin"},   {0x79CD, "chong"}, {0x7FDF, "zhai"}, {0x79D8, "bi"},
        {0x53EC, "shao"},  {0x957F, "chang"}, {0x91CD, "chong"}, {0x884C, "xing"}, {0x67CF, "bai"},
        {0x8584, "bo"},    {0x8D32, "ben"},   {0x9ED1, "he"},    {0x5458, "yun"},  {0x6C88, "shen"},
        {0x5F20, "zhang"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_string_equal(pinyin_of_surname(cases[i].cp), cases[i].reading);
    assert_null(pinyin_of_surname('x'));
}

/* ---- tokenizer ---- */

static void test_tok_text_cjk_and_ascii(void **state)
{
    (void)state;
    TOK(T_TEXT, "张伟", "张 伟");
    TOK(T_TEXT, "张伟 Zhang-Wei", "张 伟 zhang wei");
    TOK(T_TEXT, "北京ABC科技有限公司2024", "北 京 abc 科 技 有 限 公 司 2024");
    TOK(T_TEXT, "Hello, World!", "hello world");
    TOK(T_TEXT, "Müller café", "müller café");
    TOK(T_TEXT, "“张伟”，你好。", "张 伟 你 好");
    TOK(T_TEXT, "", "");
    TOK(T_TEXT, "  ,.;!  ", "");
}

static void test_tok_text_fullwidth(void **state)
{
    (void)state;
    TOK(T_TEXT, "ＡＢＣ１２３", "abc123");
    TOK(T_TEXT, "张伟（ＶＩＰ）", "张 伟 vip");
    TOK(T_TEXT,
        "a\xE3\x80\x80"
        "b",
        "a b");                        /* ideographic space */
    TOK(T_TEXT, "\xEF\xA7\xB4", "林"); /* compatibility ideograph */
}

static void test_tok_text_invalid_utf8(void **state)
{
    (void)state;
    TOK(T_TEXT,
        "ab\xFF"
        "cd",
        "ab cd");
    TOK(T_TEXT,
        "\xE5\xBC"
        "x",
        "x"); /* truncated 张 */
    TOK(T_TEXT,
        "\xC0\xAF"
        "x",
        "x");                                      /* overlong '/' */
    TOK(T_TEXT, "\xED\xA0\x80\xE5\xBC\xA0", "张"); /* surrogate then 张 */
    TOK(T_TEXT, "a\0b", "a b");
}

static void test_tok_text_appends(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    tok_text(str_from("张伟"), &b);
    tok_pinyin(str_from("张伟"), true, &b);
    tok_text(str_from(""), &b);
    tok_text(str_from("ABC"), &b);
    assert_string_equal(buf_cstr(&b), "张 伟 zhangwei zw abc");
    buf_release(&b);
}

static void r_arc_9_pinyin_full_and_initials(void **state)
{
    (void)state;
    TOK(T_PY, "张伟", "zhangwei zw");
    TOK(T_PY_NAME, "张伟", "zhangwei zw");
    TOK(T_PY, "王秀兰", "wangxiulan wxl");
    TOK(T_PY, "", "");
    TOK(T_PY, "Zhang Wei 123", "");
    /* mixed text: each CJK run apart */
    TOK(T_PY, "北京ABC科技", "beijing bj keji kj");
    TOK(T_PY, "李", "li l");
    TOK(T_PY, "\xFF张\xFF", "zhang z");
}

static void r_arc_9_bigrams(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 0);
    tok_bigrams(str_from("王秀兰 Li 张伟"), &b);
    assert_string_equal(buf_cstr(&b), "b王秀 b秀兰 b张伟");
    buf_reset(&b);
    tok_bigrams(str_from("张"), &b);
    assert_string_equal(buf_cstr(&b), "");
    buf_release(&b);
}

static void test_tok_pinyin_polyphonic_surname(void **state)
{
    (void)state;
    TOK(T_PY, "单伟", "danwei dw");
    TOK(T_PY_NAME, "单伟", "shanwei sw");
    TOK(T_PY_NAME, "曾小单", "zengxiaodan zxd"); /* only the first character */
    TOK(T_PY_NAME, "单伟 / 李娜", "shanwei sw lina ln");
    TOK(T_PY_NAME, "解放", "xiefang xf");
}

static void r_arc_9_phone_full_and_last4(void **state)
{
    (void)state;
    TOK(T_PHONE, "13800138000", "13800138000 t8000");
    TOK(T_PHONE, "+86 138-0013-8000", "13800138000 t8000");
    TOK(T_PHONE, "0086 13800138000", "13800138000 t8000");
    TOK(T_PHONE, "010-6552 9988", "01065529988 t9988");
    TOK(T_PHONE, "１３８００１３８０００", "13800138000 t8000");
    TOK(T_PHONE, "13800138000 / 010-65529988", "13800138000 t8000 01065529988 t9988");
    TOK(T_PHONE, "123", "");
    TOK(T_PHONE, "", "");
    TOK(T_PHONE, "tel", "");
}

static void r_arc_9_query_expressions(void **state)
{
    (void)state;
    check_query("张伟", true, "({name company other} : \"b张伟\")");
    check_query("  张伟  ", true, "({name company other} : \"b张伟\")");
    check_query("张", true, "{name company other} : \"张\"");
    check_query("王秀兰", true,
                "({name company other} : \"b王秀\" AND {name company other} : \"b秀兰\" AND "
                "{name company other} : \"王 秀 兰\")");
    check_query("zw", true, "(py : \"zw\"* OR {name company other} : \"zw\"*)");
    check_query("ZW", true, "(py : \"zw\"* OR {name company other} : \"zw\"*)");
    check_query("8000", true, "(phone : \"t8000\" OR phone : \"8000\"* OR other : \"8000\"*)");
    check_query("138001", true, "(phone : \"138001\"* OR other : \"138001\"*)");
    check_query("+86 138 0013 8000", true,
                "(phone : \"13800138000\"* OR other : \"13800138000\"*)");
    check_query("张伟 zw", true,
                "({name company other} : \"b张伟\") AND "
                "(py : \"zw\"* OR {name company other} : \"zw\"*)");
    check_query("北京ABC", true, "{name company other} : \"北 京 abc\"");
    check_query("张伟　ＺＷ", true,
                "({name company other} : \"b张伟\") AND "
                "(py : \"zw\"* OR {name company other} : \"zw\"*)");
}

/* Alternative i of term t of tq: its columns, its phrase, whether a prefix. */
static void check_alt(int t, int i, unsigned cols, const char *phrase, bool prefix)
{
    assert_true(t < tq.nterms);
    const struct tok_term *term = &tq.terms[t];
    assert_true(i < term->nalts);
    const struct tok_alt *a = &tq.alts[term->first + i];
    assert_int_equal(a->cols, cols);
    struct str p = tok_alt_phrase(&tq, a);
    assert_int_equal(p.len, strlen(phrase));
    assert_memory_equal(p.ptr, phrase, p.len);
    assert_int_equal(a->prefix, prefix);
}

static void check_term(int t, enum tok_op op, int nalts)
{
    assert_true(t < tq.nterms);
    assert_int_equal(tq.terms[t].op, op);
    assert_int_equal(tq.terms[t].nalts, nalts);
}

/* R-PLT-4: issue 11 item 1: the tokenizer's query says what to match, not how an engine writes it.
 */
static void r_plt_4_query_structure_per_kind_of_term(void **state)
{
    (void)state;
    const unsigned text = TOK_COL_NAME | TOK_COL_COMPANY | TOK_COL_OTHER;
    /* a CJK phrase with other tokens: one alternative, no prefix */
    assert_true(tok_query(str_from("北京ABC"), &tq));
    assert_int_equal(tq.nterms, 1);
    check_term(0, TOK_ANY, 1);
    check_alt(0, 0, text, "北 京 abc", false);
    /* one CJK character */
    assert_true(tok_query(str_from("张"), &tq));
    check_term(0, TOK_ANY, 1);
    check_alt(0, 0, text, "张", false);
    /* two CJK characters: their pair token, all of (one) */
    assert_true(tok_query(str_from("张伟"), &tq));
    check_term(0, TOK_ALL, 1);
    check_alt(0, 0, text, "b张伟", false);
    /* three or more: every pair and the phrase */
    assert_true(tok_query(str_from("王秀兰"), &tq));
    check_term(0, TOK_ALL, 3);
    check_alt(0, 0, text, "b王秀", false);
    check_alt(0, 1, text, "b秀兰", false);
    check_alt(0, 2, text, "王 秀 兰", false);
    /* 4 digits: the last-4 token exactly, or the digits as a prefix in phone or other */
    assert_true(tok_query(str_from("8000"), &tq));
    check_term(0, TOK_ANY, 3);
    check_alt(0, 0, TOK_COL_PHONE, "t8000", false);
    check_alt(0, 1, TOK_COL_PHONE, "8000", true);
    check_alt(0, 2, TOK_COL_OTHER, "8000", true);
    /* other digits, one number across spaces and a +86 prefix */
    assert_true(tok_query(str_from("+86 138 0013 8000"), &tq));
    assert_int_equal(tq.nterms, 1);
    check_term(0, TOK_ANY, 2);
    check_alt(0, 0, TOK_COL_PHONE, "13800138000", true);
    check_alt(0, 1, TOK_COL_OTHER, "13800138000", true);
    /* a word: pinyin or text, as a prefix */
    assert_true(tok_query(str_from("ZW"), &tq));
    check_term(0, TOK_ANY, 2);
    check_alt(0, 0, TOK_COL_PY, "zw", true);
    check_alt(0, 1, text, "zw", true);
    /* words and numbers split at punctuation; every term must match */
    assert_true(tok_query(str_from("张伟 john-42"), &tq));
    assert_int_equal(tq.nterms, 3);
    check_term(0, TOK_ALL, 1);
    check_alt(1, 0, TOK_COL_PY, "john", true);
    check_term(2, TOK_ANY, 2);
    check_alt(2, 0, TOK_COL_PHONE, "42", true);
    check_alt(2, 1, TOK_COL_OTHER, "42", true);
    /*
     * The caps: 16 terms, a term of at most 64 characters (63 pairs and the
     * phrase), here of 4-byte characters (U+20000): the largest query fits.
     */
    struct buf q;
    buf_init(&q, 0);
    for (int i = 0; i < 20; i++)
        for (int k = 0; k < 100; k++)
            buf_puts(&q, k == 99 ? "\xF0\xA0\x80\x80 " : "\xF0\xA0\x80\x80");
    assert_true(tok_query(str_make(q.data, q.len), &tq));
    assert_int_equal(tq.nterms, TOK_QUERY_MAX_TERMS);
    assert_int_equal(tq.nalts, TOK_QUERY_MAX_ALTS);
    check_term(15, TOK_ALL, 64);
    assert_int_equal(tq.len, 16 * (63 * 9 + 64 * 4 + 63));
    buf_release(&q);
}

static void test_tok_query_no_term(void **state)
{
    (void)state;
    check_query("", false, "");
    check_query("   ", false, "");
    check_query("\"\" * () : ^ - + {}", false, "");
    check_query("\xFF\xFE", false, "");
    assert_false(tok_query(str_from("!!"), &tq));
    assert_int_equal(tq.nterms, 0);
    /* a query without terms renders nothing: false, the buffer left as it was */
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "x");
    assert_false(db_search_fts5_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), "x");
    buf_release(&b);
}

static void test_tok_query_neutralises_operators(void **state)
{
    (void)state;
    check_query("\" OR * NEAR( )", true,
                "(py : \"or\"* OR {name company other} : \"or\"*) AND "
                "(py : \"near\"* OR {name company other} : \"near\"*)");
    check_query("name:张\"伟", true, "{name company other} : \"name 张 伟\"");
}

static void test_tok_query_caps(void **state)
{
    (void)state;
    struct buf q;
    buf_init(&q, 0);
    for (int i = 0; i < 40; i++)
        buf_printf(&q, "w%d ", i);
    struct buf m;
    buf_init(&m, 0);
    assert_true(tok_query(str_make(q.data, q.len), &tq));
    assert_int_equal(tq.nterms, TOK_QUERY_MAX_TERMS);
    assert_true(db_search_fts5_query(&tq, &m));
    size_t ands = 0;
    for (const char *p = buf_cstr(&m); (p = strstr(p, " AND ")) != NULL; p++)
        ands++;
    assert_int_equal(ands, TOK_QUERY_MAX_TERMS - 1);
    buf_reset(&q);
    buf_reset(&m);
    for (int i = 0; i < 100; i++)
        buf_puts(&q, "张");
    assert_true(tok_query(str_make(q.data, q.len), &tq));
    assert_true(db_search_fts5_query(&tq, &m));
    /* the term is cut at 64 characters: 63 pairs and a phrase of 64 */
    size_t pairs = 0;
    for (const char *p = buf_cstr(&m); (p = strstr(p, "\"b")) != NULL; p++)
        pairs++;
    assert_int_equal(pairs, 63);
    const char *phrase = strrchr(buf_cstr(&m), ':');
    assert_non_null(phrase);
    assert_int_equal(strlen(phrase), strlen(": \"\")") + 64 * 3 + 63);
    /* a buffer too small: false, nothing written */
    struct buf tiny;
    buf_init(&tiny, 10);
    assert_true(tok_query(str_from("张伟"), &tq));
    assert_false(db_search_fts5_query(&tq, &tiny));
    assert_int_equal(tiny.len, 0);
    assert_false(tiny.overflow);
    buf_release(&tiny);
    buf_release(&m);
    buf_release(&q);
}

/* ---- against real SQLite FTS5 ---- */

struct row {
    const char *name;
    const char *company;
    const char *phone;
};

static const struct row rows[] = {
    {"张伟", "北京科技有限公司", "13800138000"}, /* 1 */
    {"张伟明", "上海贸易", "13900139001"},       /* 2 */
    {"李张伟", "", "010-65529988"},              /* 3 */
    {"伟张", "", ""},                            /* 4 */
    {"王秀兰", "张伟咨询", ""},                  /* 5: 张伟 in the company */
    {"秀兰王", "", "+86 137 0000 1234"},         /* 6 */
    {"单伟", "", ""},                            /* 7 */
    {"张", "伟业集团", ""},                      /* 8: 张 and 伟 in different columns */
    {"John Smith", "Acme", "021-1234 5678"},     /* 9 */
    {"赵伟", "", "15012348000"},                 /* 10 */
};

static sqlite3 *fts_open(void)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE VIRTUAL TABLE s USING fts5(name, company, py, phone, "
                                  "other, tokenize = 'unicode61 remove_diacritics 0')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO s(rowid, name, company, py, phone, other) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, '')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct buf name, company, py, phone;
        buf_init(&name, 0);
        buf_init(&company, 0);
        buf_init(&py, 0);
        buf_init(&phone, 0);
        tok_text(str_from(rows[i].name), &name);
        tok_bigrams(str_from(rows[i].name), &name);
        tok_text(str_from(rows[i].company), &company);
        tok_bigrams(str_from(rows[i].company), &company);
        tok_pinyin(str_from(rows[i].name), true, &py);
        tok_pinyin(str_from(rows[i].company), false, &py);
        tok_phone(str_from(rows[i].phone), &phone);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)(i + 1));
        sqlite3_bind_text(st, 2, buf_cstr(&name), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, buf_cstr(&company), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, buf_cstr(&py), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, buf_cstr(&phone), -1, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
        buf_release(&name);
        buf_release(&company);
        buf_release(&py);
        buf_release(&phone);
    }
    sqlite3_finalize(st);
    return db;
}

/*
 * Run the MATCH expression built from query; return the matching rowids as
 * a string "1,2,5" ("" for none, "error" when SQLite rejects it).
 */
static void fts_search(sqlite3 *db, const char *query, char *out, size_t cap)
{
    struct buf m;
    buf_init(&m, 0);
    out[0] = '\0';
    if (!match_of(query, &m)) {
        buf_release(&m);
        return;
    }
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM s WHERE s MATCH ?1 ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, buf_cstr(&m), -1, SQLITE_TRANSIENT);
    size_t len = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = snprintf(out + len, cap - len, "%s%lld", len ? "," : "",
                         (long long)sqlite3_column_int64(st, 0));
        assert_true(n > 0 && (size_t)n < cap - len);
        len += (size_t)n;
    }
    if (rc != SQLITE_DONE) {
        print_error("query %s -> MATCH %s: %s\n", query, buf_cstr(&m), sqlite3_errmsg(db));
        snprintf(out, cap, "error");
    }
    sqlite3_finalize(st);
    buf_release(&m);
}

static void check_search(sqlite3 *db, const char *query, const char *want)
{
    char got[256];
    fts_search(db, query, got, sizeof(got));
    if (strcmp(got, want) != 0)
        print_error("search \"%s\": got [%s], want [%s]\n", query, got, want);
    assert_string_equal(got, want);
}

static void r_arc_9_fts5_two_char_name_pinyin_phone(void **state)
{
    (void)state;
    sqlite3 *db = fts_open();
    /* 2-character name: the two characters adjacent and in order */
    check_search(db, "张伟", "1,2,3,5");
    check_search(db, "伟张", "4");
    check_search(db, "王秀兰", "5");
    check_search(db, "秀兰", "5,6");
    check_search(db, "张", "1,2,3,4,5,8");
    /* pinyin: initials and full, by prefix */
    check_search(db, "zw", "1,2,5,10"); /* 赵伟 zhaowei too; 李张伟 is lzw */
    check_search(db, "zwm", "2");
    check_search(db, "zhangwei", "1,2,5");
    check_search(db, "shanwei", "7"); /* surname reading of 单 */
    check_search(db, "wxl", "5");
    /* phones */
    check_search(db, "8000", "1,10");
    check_search(db, "1234", "6");
    check_search(db, "5678", "9");
    check_search(db, "021", "9");
    check_search(db, "1380013", "1");
    check_search(db, "+86 13700001234", "6");
    check_search(db, "010-6552", "3");
    /* ASCII words, several terms ANDed */
    check_search(db, "john", "9");
    check_search(db, "SMITH acme", "9");
    check_search(db, "张伟 zwm", "2");
    check_search(db, "张伟 北京", "1");
    check_search(db, "nobody", "");
    sqlite3_close(db);
}

static void r_arc_9_fts5_hostile_queries_inert(void **state)
{
    (void)state;
    sqlite3 *db = fts_open();
    static const char *const hostile[] = {
        "\" OR * NEAR( )",
        "\"",
        "*",
        "NEAR(张 伟)",
        "name : 张",
        "{name} : x",
        "a OR b",
        "NOT 张",
        "- ^ + : ( ) { } \" * '",
        "zw\" OR \"",
        "\"\" OR \"\"*",
        "张伟\" OR py : *",
        "AND",
        "\xFF\xFE\xC0\xAF",
    };
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        char got[256];
        fts_search(db, hostile[i], got, sizeof(got));
        if (strcmp(got, "error") == 0 || strcmp(got, "1,2,3,4,5,6,7,8,9,10") == 0)
            print_error("hostile query %s -> %s\n", hostile[i], got);
        assert_string_not_equal(got, "error");
        assert_string_not_equal(got, "1,2,3,4,5,6,7,8,9,10");
    }
    /* operators are words now: "a OR b" needs a, or and b */
    check_search(db, "john OR acme", "");
    check_search(db, "NOT 张", "");
    sqlite3_close(db);
}

/* The test's stand-in for a blind index: "p" and the digits reversed. */
static void fake_blind(struct str d, char out[TOK_PHONE_TOKEN_MAX], void *arg)
{
    (void)arg;
    out[0] = 'p';
    size_t n = d.len < TOK_PHONE_TOKEN_MAX - 2 ? d.len : TOK_PHONE_TOKEN_MAX - 2;
    for (size_t i = 0; i < n; i++)
        out[1 + i] = d.ptr[d.len - 1 - i];
    out[1 + n] = '\0';
}

static void check_blind(const char *in, const char *want)
{
    assert_true(tok_query(str_from(in), &tq));
    tok_query_blind_phones(&tq, fake_blind, NULL);
    struct buf b;
    buf_init(&b, 0);
    assert_true(db_search_fts5_query(&tq, &b));
    assert_string_equal(buf_cstr(&b), want);
    buf_release(&b);
}

/* A full number becomes its blind token (exact); 4 digits and short numbers stay as they were. */
static void r_sec_11_issue_12_item_10_query_blind_phones(void **state)
{
    (void)state;
    check_blind("138 0013 8000", "(phone : \"p00083100831\" OR other : \"13800138000\"*)");
    check_blind("8000", "(phone : \"t8000\" OR phone : \"8000\"* OR other : \"8000\"*)");
    check_blind("123456", "(phone : \"123456\"* OR other : \"123456\"*)");
    check_blind(
        "11010519491231002X",
        "(phone : \"px20013219491501011\" OR {name company other} : \"11010519491231002x\"*)");
    check_blind(
        "张 13800138000",
        "{name company other} : \"张\" AND (phone : \"p00083100831\" OR other : \"13800138000\"*)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_pinyin_of),
        cmocka_unit_test(test_pinyin_of_surname),
        cmocka_unit_test(test_tok_text_cjk_and_ascii),
        cmocka_unit_test(test_tok_text_fullwidth),
        cmocka_unit_test(test_tok_text_invalid_utf8),
        cmocka_unit_test(test_tok_text_appends),
        cmocka_unit_test(r_arc_9_pinyin_full_and_initials),
        cmocka_unit_test(r_arc_9_bigrams),
        cmocka_unit_test(test_tok_pinyin_polyphonic_surname),
        cmocka_unit_test(r_arc_9_phone_full_and_last4),
        cmocka_unit_test(r_arc_9_query_expressions),
        cmocka_unit_test(r_plt_4_query_structure_per_kind_of_term),
        cmocka_unit_test(test_tok_query_no_term),
        cmocka_unit_test(test_tok_query_neutralises_operators),
        cmocka_unit_test(test_tok_query_caps),
        cmocka_unit_test(r_arc_9_fts5_two_char_name_pinyin_phone),
        cmocka_unit_test(r_arc_9_fts5_hostile_queries_inert),
        cmocka_unit_test(r_sec_11_issue_12_item_10_query_blind_phones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
