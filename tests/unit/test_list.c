/*
 * The list machinery: the keyset cursor codec (core/cursor.h), the filter
 * parser with the customer and audit tables (app/list.h), and the totals
 * and cursors of customer_list and audit_list on a real database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/field.h"
#include "app/list.h"
#include "core/tz.h"
#include "audit/audit.h"
#include "core/cursor.h"
#include "customer/customer.h"
#include "db_fixture.h"

/* ---- the cursor codec ---- */

static void a_cursor_round_trips_and_is_url_safe(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    uint32_t tag = cursor_tag("customers", 4);
    struct cursor c = {
        .nkeys = 2, .keys = {{CURSOR_TEXT, 0, "张伟 & Co./?#"}, {CURSOR_INT, -5, NULL}}, .id = 42};
    const char *text = cursor_encode(&a, tag, &c);
    assert_non_null(text);
    for (const char *p = text; *p; p++)
        assert_non_null(
            strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));
    struct cursor d;
    struct kh_err err;
    assert_int_equal(cursor_decode(&a, str_from(text), tag, "ti", &d, &err), KH_OK);
    assert_int_equal(d.nkeys, 2);
    assert_string_equal(d.keys[0].t, "张伟 & Co./?#");
    assert_int_equal(d.keys[1].i, -5);
    assert_int_equal(d.id, 42);
    /* The id alone (a list in record order). */
    struct cursor idonly = {.id = INT64_MAX};
    text = cursor_encode(&a, tag, &idonly);
    assert_int_equal(cursor_decode(&a, str_from(text), tag, "", &d, &err), KH_OK);
    assert_int_equal(d.nkeys, 0);
    assert_int_equal(d.id, INT64_MAX);
    arena_release(&a);
}

static void assert_refused(enum kh_status st, const struct kh_err *err)
{
    assert_int_equal(st, KH_E_INVALID);
    assert_string_equal(err->field, "cursor");
    assert_true(err->msg_zh[0] && err->msg_en[0]);
}

static void a_tampered_or_foreign_cursor_is_refused(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    uint32_t by_name = cursor_tag("customers", 4), by_name_desc = cursor_tag("customers", 5);
    struct cursor c = {.nkeys = 1, .keys = {{CURSOR_TEXT, 0, "李娜"}}, .id = 7};
    const char *text = cursor_encode(&a, by_name, &c);
    size_t n = strlen(text);
    struct cursor d;
    struct kh_err err;
    /* Every single-character edit is refused. */
    char *edit = arena_strdup(&a, text);
    for (size_t i = 0; i < n; i++) {
        char was = edit[i];
        edit[i] = was == 'A' ? 'B' : 'A';
        assert_refused(cursor_decode(&a, str_from(edit), by_name, "t", &d, &err), &err);
        assert_int_equal(d.id, 0);
        edit[i] = was;
    }
    /* Truncated, extended, not base64, empty, the old "<id>.<value>" form. */
    const char *bad[] = {"", "garbage!", "42.e69d8e", "AAAA", "====", "a b"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_refused(cursor_decode(&a, str_from(bad[i]), by_name, "t", &d, &err), &err);
    assert_refused(cursor_decode(&a, str_make(text, n - 1), by_name, "t", &d, &err), &err);
    assert_refused(
        cursor_decode(&a, str_from(arena_printf(&a, "%sA", text)), by_name, "t", &d, &err), &err);
    /* Another order of the same list, another list: refused, and the message says so. */
    assert_refused(cursor_decode(&a, str_from(text), by_name_desc, "t", &d, &err), &err);
    assert_non_null(strstr(err.msg_en, "another sort order"));
    assert_refused(cursor_decode(&a, str_from(text), cursor_tag("audit", 4), "t", &d, &err), &err);
    /* The right tag but keys of another kind. */
    assert_refused(cursor_decode(&a, str_from(text), by_name, "i", &d, &err), &err);
    assert_refused(cursor_decode(&a, str_from(text), by_name, "", &d, &err), &err);
    /* An id below 1 never comes from a page. */
    struct cursor zero = {.id = 0};
    text = cursor_encode(&a, by_name, &zero);
    assert_refused(cursor_decode(&a, str_from(text), by_name, "", &d, &err), &err);
    arena_release(&a);
}

static void a_cursor_has_a_size_limit(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    char *big = arena_alloc(&a, CURSOR_TEXT_MAX + 2);
    memset(big, 'x', CURSOR_TEXT_MAX);
    struct cursor c = {.nkeys = 1, .keys = {{CURSOR_TEXT, 0, big}}, .id = 1};
    const char *text = cursor_encode(&a, 1, &c);
    assert_non_null(text);
    assert_true(strlen(text) <= CURSOR_MAX_LEN);
    struct cursor d;
    struct kh_err err;
    assert_int_equal(cursor_decode(&a, str_from(text), 1, "t", &d, &err), KH_OK);
    big[CURSOR_TEXT_MAX] = 'x';
    assert_null(cursor_encode(&a, 1, &c));
    char *huge = arena_alloc(&a, CURSOR_MAX_LEN + 8);
    memset(huge, 'A', CURSOR_MAX_LEN + 4);
    assert_refused(cursor_decode(&a, str_from(huge), 1, "t", &d, &err), &err);
    arena_release(&a);
}

/* ---- the filter parser ---- */

struct pairs {
    const char *kv[32]; /* key, value, key, value ..., NULL */
};

static const char *pairs_get(void *arg, const char *key)
{
    const struct pairs *p = arg;
    for (int i = 0; p->kv[i]; i += 2)
        if (!strcmp(p->kv[i], key))
            return p->kv[i + 1];
    return NULL;
}

static void pairs_keys(void *arg, list_key_fn *fn, void *ctx)
{
    const struct pairs *p = arg;
    for (int i = 0; p->kv[i]; i += 2)
        if (!fn(ctx, p->kv[i]))
            return;
}

static enum kh_status parse(const struct list_spec *spec, const struct pairs *p, void *filter,
                            struct kh_err *err)
{
    struct list_source src = {pairs_get, pairs_keys, (void *)p, false, tz_default()};
    kh_err_clear(err);
    return list_parse(spec, &src, filter, err);
}

static void the_customer_table_fills_the_filter(void **state)
{
    (void)state;
    struct pairs p = {{"grade", "A", "stage", "customer", "owner_id", "7", "province_code",
                       "310000", "created_from", "2026-01-01", "created_to", "2026-01-31",
                       "archived", "all", "tag", "老客户", NULL}};
    struct customer_filter f = {.limit = 20};
    struct kh_err err;
    assert_int_equal(parse(&customer_list_spec, &p, &f, &err), KH_OK);
    assert_string_equal(f.grade, "A");
    assert_string_equal(f.stage, "customer");
    assert_string_equal(f.tag, "老客户");
    assert_null(f.q);
    assert_null(f.kind);
    assert_int_equal(f.owner_id, 7);
    assert_int_equal(f.province_code, 310000);
    assert_int_equal(f.created_from, 1767196800); /* 2026-01-01 00:00 +08:00 */
    assert_int_equal(f.created_to, 1769875200);   /* 2026-02-01 00:00: the 31st included */
    assert_int_equal(f.archived, 2);
    assert_int_equal(f.sort, SORT_UPDATED);
    assert_true(f.desc);
    assert_int_equal(f.limit, 20); /* not the parser's */
    /* A search lists the newest records first; a named sort has its own direction. */
    struct pairs q = {{"q", "张伟", NULL}};
    assert_int_equal(parse(&customer_list_spec, &q, &f, &err), KH_OK);
    assert_int_equal(f.sort, SORT_NEWEST);
    assert_true(f.desc);
    assert_null(f.grade);
    struct pairs s = {{"sort", "name", NULL}};
    assert_int_equal(parse(&customer_list_spec, &s, &f, &err), KH_OK);
    assert_int_equal(f.sort, SORT_NAME);
    assert_false(f.desc);
    struct pairs o = {{"sort", "name", "order", "desc", NULL}};
    assert_int_equal(parse(&customer_list_spec, &o, &f, &err), KH_OK);
    assert_true(f.desc);
    /* Empty values are absent. */
    struct pairs e = {{"grade", "", "owner_id", "", NULL}};
    assert_int_equal(parse(&customer_list_spec, &e, &f, &err), KH_OK);
    assert_null(f.grade);
    assert_int_equal(f.owner_id, 0);
}

static void refused(const struct list_spec *spec, const char *key, const char *value,
                    const char *field, const char *en_part)
{
    struct pairs p = {{key, value, NULL}};
    struct customer_filter cf;
    struct audit_filter af;
    void *filter = spec == &audit_list_spec ? (void *)&af : (void *)&cf;
    struct kh_err err;
    assert_int_equal(parse(spec, &p, filter, &err), KH_E_INVALID);
    assert_string_equal(err.field, field);
    assert_true(err.msg_zh[0]);
    if (!strstr(err.msg_en, en_part))
        fail_msg("%s=%s: \"%s\" lacks \"%s\"", key, value, err.msg_en, en_part);
}

static void bad_values_are_refused_naming_the_key(void **state)
{
    (void)state;
    const struct list_spec *c = &customer_list_spec;
    refused(c, "grade", "Z", "grade", "must be one of: A, B, C");
    refused(c, "grade", "a", "grade", "must be one of");
    refused(c, "industry", "钢铁", "industry", "not one of the industries");
    refused(c, "created_from", "2026-02-30", "created_from", "YYYY-MM-DD");
    refused(c, "created_to", "2026-13-01", "created_to", "YYYY-MM-DD");
    refused(c, "updated_from", "1899-12-31", "updated_from", "YYYY-MM-DD");
    refused(c, "owner_id", "abc", "owner_id", "record id");
    refused(c, "owner_id", "0", "owner_id", "record id");
    refused(c, "owner_id", "-3", "owner_id", "record id");
    refused(c, "province_code", "-1", "province_code", "from 0 to 999999");
    refused(c, "city_code", "1e3", "city_code", "whole number");
    refused(c, "archived", "maybe", "archived", "false, true or all");
    refused(c, "sort", "salary", "sort", "unsupported sort");
    refused(c, "order", "up", "order", "asc or desc");
    refused(c, "grdae", "A", "grdae", "unknown filter key");
    refused(c, "limit", "5", "limit", "unknown filter key"); /* not a filter key */
    refused(c, "q", "\xff\xfe", "q", "UTF-8");
    char long_q[402];
    memset(long_q, 'x', 401);
    long_q[401] = '\0';
    refused(c, "q", long_q, "q", "at most 400 bytes");
    struct pairs range = {{"created_from", "2026-02-01", "created_to", "2026-01-01", NULL}};
    struct customer_filter f;
    struct kh_err err;
    assert_int_equal(parse(c, &range, &f, &err), KH_E_INVALID);
    assert_string_equal(err.field, "created_to");
    const struct list_spec *a = &audit_list_spec;
    refused(a, "actor_id", "x", "actor_id", "record id");
    refused(a, "from", "2026-02-30", "from", "YYYY-MM-DD");
    refused(a, "sort", "id", "sort", "unknown filter key"); /* one order only */
}

static void the_page_has_a_default_and_bounds(void **state)
{
    (void)state;
    struct pairs none = {{NULL}}, ok = {{"limit", "200", "cursor", "abc", NULL}};
    struct list_source src = {pairs_get, pairs_keys, &none, true, tz_default()};
    struct list_page pg;
    struct kh_err err;
    assert_int_equal(list_page_parse(&src, &pg, &err), KH_OK);
    assert_int_equal(pg.limit, LIST_LIMIT_DEFAULT);
    assert_null(pg.cursor);
    src.arg = &ok;
    assert_int_equal(list_page_parse(&src, &pg, &err), KH_OK);
    assert_int_equal(pg.limit, 200);
    assert_string_equal(pg.cursor, "abc");
    const char *bad[] = {"0", "201", "-1", "ten", "5 "};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct pairs p = {{"limit", bad[i], NULL}};
        src.arg = &p;
        assert_int_equal(list_page_parse(&src, &pg, &err), KH_E_INVALID);
        assert_string_equal(err.field, "limit");
    }
    /* A paged source (a query string) may carry limit and cursor next to the filter. */
    struct customer_filter f;
    src.arg = &ok;
    assert_int_equal(list_parse(&customer_list_spec, &src, &f, &err), KH_OK);
}

static void a_formatted_filter_parses_back_to_itself(void **state)
{
    (void)state;
    struct pairs p = {{"q", "a&b=c+d %20#", "grade", "B", "owner_id", "12", "created_from",
                       "2026-01-01", "created_to", "2026-01-31", "updated_from",
                       "2026-01-05T10:30:00Z", "archived", "true", "sort", "name", NULL}};
    struct customer_filter f, g;
    struct kh_err err;
    assert_int_equal(parse(&customer_list_spec, &p, &f, &err), KH_OK);
    struct buf b;
    buf_init(&b, 0);
    list_format(&customer_list_spec, tz_default(), &f, &b);
    assert_string_equal(buf_cstr(&b),
                        "q=a%26b%3Dc%2Bd%20%2520%23&grade=B&owner_id=12&created_from=2026-01-01&"
                        "created_to=2026-01-31&updated_from=2026-01-05T18:30:00%2B08:00&"
                        "archived=true&sort=name&order=asc");
    buf_release(&b);
    /* The same text, unescaped as a query string would be, gives the same filter. */
    struct pairs back = {{"q", "a&b=c+d %20#", "grade", "B", "owner_id", "12", "created_from",
                          "2026-01-01", "created_to", "2026-01-31", "updated_from",
                          "2026-01-05T18:30:00+08:00", "archived", "true", "sort", "name", "order",
                          "asc", NULL}};
    assert_int_equal(parse(&customer_list_spec, &back, &g, &err), KH_OK);
    assert_string_equal(g.q, f.q);
    assert_string_equal(g.grade, f.grade);
    assert_int_equal(g.owner_id, f.owner_id);
    assert_int_equal(g.created_from, f.created_from);
    assert_int_equal(g.created_to, f.created_to);
    assert_int_equal(g.updated_from, f.updated_from);
    assert_int_equal(g.updated_to, 0);
    assert_int_equal(g.archived, f.archived);
    assert_int_equal(g.sort, f.sort);
    assert_int_equal(g.desc, f.desc);
    /* The default order is left out; a cut keeps whole pairs. */
    struct pairs d = {{"grade", "C", NULL}};
    assert_int_equal(parse(&customer_list_spec, &d, &f, &err), KH_OK);
    buf_init(&b, 12);
    list_format(&customer_list_spec, tz_default(), &f, &b);
    assert_string_equal(buf_cstr(&b), "grade=C");
    struct pairs two = {{"grade", "C", "stage", "customer", NULL}};
    assert_int_equal(parse(&customer_list_spec, &two, &f, &err), KH_OK);
    buf_reset(&b);
    list_format(&customer_list_spec, tz_default(), &f, &b);
    assert_string_equal(buf_cstr(&b), "grade=C");
    buf_release(&b);
}

static void a_total_is_capped(void **state)
{
    (void)state;
    struct list_total t = list_total_of(12);
    assert_int_equal(t.count, 12);
    assert_false(t.capped);
    t = list_total_of(LIST_COUNT_CAP);
    assert_int_equal(t.count, LIST_COUNT_CAP);
    assert_false(t.capped);
    t = list_total_of(LIST_COUNT_CAP + 1);
    assert_int_equal(t.count, LIST_COUNT_CAP);
    assert_true(t.capped);
}

/* ---- on a database ---- */

static int setup(void **state)
{
    *state = db_fixture_open("list");
    return 0;
}

static int teardown(void **state)
{
    db_fixture_close(*state);
    return 0;
}

static void add_customer(struct db_fixture *f, const char *name, const char *grade, int i)
{
    struct customer_input in;
    customer_input_init(&in);
    in.kind = "individual";
    in.name = name;
    in.grade = grade;
    in.mobile = arena_printf(&f->arena, "1390000%04d", i);
    int64_t id = 0;
    struct kh_err err;
    if (customer_create(&f->ctx, &in, &id, NULL, &err) != KH_OK)
        fail_msg("create %s: %s", name, err.msg_en);
}

static void customer_pages_chain_by_cursor_and_count_their_total(void **state)
{
    struct db_fixture *f = *state;
    const char *names[] = {"赵一", "钱二", "孙三", "李四", "周五", "吴六", "郑七"};
    for (int i = 0; i < 7; i++)
        add_customer(f, names[i], i % 3 ? "B" : "A", i);
    struct customer_filter flt = {.sort = SORT_NAME, .limit = 3, .with_total = true};
    struct customer_page page;
    struct kh_err err;
    int seen = 0;
    const char *last = "";
    do {
        assert_int_equal(customer_list(&f->ctx, &flt, &page, &err), KH_OK);
        assert_int_equal(page.total.count, 7);
        assert_false(page.total.capped);
        for (int i = 0; i < page.count; i++, seen++) {
            assert_true(strcmp(last, page.items[i].name) < 0);
            last = page.items[i].name;
        }
        flt.cursor = page.next_cursor;
    } while (page.next_cursor);
    assert_int_equal(seen, 7);
    flt.grade = "A";
    flt.cursor = NULL;
    assert_int_equal(customer_list(&f->ctx, &flt, &page, &err), KH_OK);
    assert_int_equal(page.total.count, 3);
    /* A cursor of the name order, handed to the update order: refused. */
    flt.grade = NULL;
    assert_int_equal(customer_list(&f->ctx, &flt, &page, &err), KH_OK);
    struct customer_filter other = {
        .sort = SORT_UPDATED, .desc = true, .limit = 3, .cursor = page.next_cursor};
    assert_int_equal(customer_list(&f->ctx, &other, &page, &err), KH_E_INVALID);
    assert_string_equal(err.field, "cursor");
    other.sort = SORT_NAME; /* the same sort, the other direction */
    assert_int_equal(customer_list(&f->ctx, &other, &page, &err), KH_E_INVALID);
    assert_string_equal(err.field, "cursor");
}

static void the_audit_list_pages_by_cursor_and_caps_its_total(void **state)
{
    struct db_fixture *f = *state;
    /* 10,050 entries straight into the table (their chain is not the point here). */
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                  "WHERE i < 10050) INSERT INTO audit_log (id, at, actor_id, "
                                  "actor_name, address, action, target_type, target_id, detail, "
                                  "prev_hash, hash) SELECT 1000 + i, 1767574800 + i, NULL, "
                                  "'system', 'test', CASE WHEN i % 100 = 0 THEN 'customer.read' "
                                  "ELSE 'auth.login' END, '', '', '', '', '' FROM n",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    struct audit_filter flt = {.limit = 40, .with_total = true};
    struct audit_page page;
    struct kh_err err;
    assert_int_equal(audit_list(&f->ctx, &flt, &page, &err), KH_OK);
    assert_true(page.total.capped);
    assert_int_equal(page.total.count, LIST_COUNT_CAP);
    flt.action = "customer.read";
    int64_t prev = INT64_MAX;
    int seen = 0;
    do {
        assert_int_equal(audit_list(&f->ctx, &flt, &page, &err), KH_OK);
        assert_false(page.total.capped);
        assert_int_equal(page.total.count, 100);
        for (int i = 0; i < page.count; i++, seen++) {
            assert_true(page.rows[i].id < prev);
            prev = page.rows[i].id;
        }
        flt.cursor = page.next_cursor;
    } while (page.next_cursor);
    assert_int_equal(seen, 100);
    /* A customer cursor is not an audit cursor. */
    struct customer_filter cf = {.sort = SORT_NEWEST, .desc = true, .limit = 1};
    struct customer_page cp;
    add_customer(f, "王八", "C", 9);
    add_customer(f, "冯九", "C", 10);
    assert_int_equal(customer_list(&f->ctx, &cf, &cp, &err), KH_OK);
    assert_non_null(cp.next_cursor);
    flt.cursor = cp.next_cursor;
    assert_int_equal(audit_list(&f->ctx, &flt, &page, &err), KH_E_INVALID);
    assert_string_equal(err.field, "cursor");
}

/* A page read with one row more than its limit keeps limit rows and continues after the last. */
static void a_page_with_its_extra_row_ends_with_a_cursor_after_its_last(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    uint32_t tag = cursor_tag("tasks", 0);
    const char *next = NULL;
    assert_int_equal(cursor_page_end_int(&a, tag, 3, 3, 1700000000, 9, &next), 3);
    assert_null(next); /* no extra row: the last page */
    assert_int_equal(cursor_page_end_int(&a, tag, 4, 3, 1700000000, 9, &next), 3);
    assert_non_null(next);
    struct cursor c;
    struct kh_err err;
    assert_int_equal(cursor_decode(&a, str_from(next), tag, "i", &c, &err), KH_OK);
    assert_int_equal(c.nkeys, 1);
    assert_int_equal(c.keys[0].i, 1700000000);
    assert_int_equal(c.id, 9);
    arena_release(&a);
}

/* A search word as a LIKE pattern: upper-cased, its wildcards and the escape taken literally. */
static void a_search_word_becomes_a_literal_like_pattern(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(field_like_pattern(&a, "  ht-1 "), "%HT-1%");
    assert_string_equal(field_like_pattern(&a, "50%_off\\"), "%50\\%\\_OFF\\\\%");
    assert_string_equal(field_like_pattern(&a, "净水"), "%净水%");
    assert_string_equal(field_like_pattern(&a, "   "), "");
    assert_string_equal(field_like_pattern(&a, NULL), "");
    arena_release(&a);
}

/* A text field: trimmed, measured in characters, its refusal naming the field in both languages. */
static void a_text_field_is_trimmed_measured_and_named(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct kh_err err;
    const char *out = "kept";
    assert_int_equal(field_text(&a, " 张伟 ", "name", 2, true, "名称", "the name", &out, &err),
                     KH_OK);
    assert_string_equal(out, "张伟");
    out = "kept";
    assert_int_equal(field_text(&a, NULL, "notes", 10, false, "备注", "the notes", &out, &err),
                     KH_OK);
    assert_string_equal(out, "kept");
    kh_err_clear(&err);
    assert_int_equal(field_text(&a, "张伟明", "name", 2, true, "名称", "the name", &out, &err),
                     KH_E_VALIDATION);
    assert_string_equal(err.field, "name");
    assert_non_null(strstr(err.msg_en, "at most 2 characters"));
    kh_err_clear(&err);
    assert_int_equal(field_text(&a, "  ", "title", 100, true, "标题", "the title", &out, &err),
                     KH_E_VALIDATION);
    assert_string_equal(err.field, "title");
    assert_non_null(strstr(err.msg_zh, "必填"));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_cursor_round_trips_and_is_url_safe),
        cmocka_unit_test(a_tampered_or_foreign_cursor_is_refused),
        cmocka_unit_test(a_cursor_has_a_size_limit),
        cmocka_unit_test(a_page_with_its_extra_row_ends_with_a_cursor_after_its_last),
        cmocka_unit_test(the_customer_table_fills_the_filter),
        cmocka_unit_test(bad_values_are_refused_naming_the_key),
        cmocka_unit_test(the_page_has_a_default_and_bounds),
        cmocka_unit_test(a_formatted_filter_parses_back_to_itself),
        cmocka_unit_test(a_total_is_capped),
        cmocka_unit_test(a_search_word_becomes_a_literal_like_pattern),
        cmocka_unit_test(a_text_field_is_trimmed_measured_and_named),
        cmocka_unit_test_setup_teardown(customer_pages_chain_by_cursor_and_count_their_total, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_audit_list_pages_by_cursor_and_caps_its_total, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
