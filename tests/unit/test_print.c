/* The print layout's writer (R-PLT-7): every text escaped, amounts in yuan, the page furniture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "print/print_html.h"

static void r_plt_7_amounts_in_yuan_with_separators(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(ph_money(&a, 0), "¥0.00");
    assert_string_equal(ph_money(&a, 5), "¥0.05");
    assert_string_equal(ph_money(&a, 51500), "¥515.00");
    assert_string_equal(ph_money(&a, 123456789), "¥1,234,567.89");
    assert_string_equal(ph_money(&a, -100001), "-¥1,000.01");
    assert_string_equal(ph_money(&a, INT64_MIN), "-¥92,233,720,368,547,758.08");
    arena_release(&a);
}

static void r_plt_7_every_text_is_escaped(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct ph h;
    const char *evil = "<script>x</script>\"'&";
    ph_begin(&h, &a, false, "/fonts/", "order", "订单 <b>", "客户 \"甲\"", 1,
             "打印人：</style><script>");
    ph_section(&h, evil, evil);
    ph_pairs_begin(&h);
    ph_pair(&h, "备注", "Notes", evil);
    ph_pair(&h, "空", "Empty", "");
    ph_pairs_end(&h);
    static const char *const heads[] = {"名称|Name", "金额|Amount"};
    ph_table_begin(&h, heads, 2);
    const char *row[] = {evil, "#¥1.00"};
    ph_row(&h, row);
    ph_table_end(&h, 1);
    ph_table_begin(&h, heads, 2);
    ph_table_end(&h, 0);
    ph_text(&h, evil);
    const char *html = ph_end(&h);
    assert_null(strstr(html, "<script>"));
    assert_null(strstr(html, "<b>"));
    /* the one </style> is the writer's own, before the document */
    const char *style_end = strstr(html, "</style>");
    assert_non_null(style_end);
    assert_null(strstr(style_end + 1, "</style>"));
    assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;"));
    /* in the CSS page margin, the title's markup is a CSS escape, not markup */
    assert_non_null(strstr(html, "@top-left{content:\"Kehu · 订单 \\3c b\\3e \""));
    assert_non_null(strstr(html, "@top-right{content:\"密级：机密\""));
    assert_non_null(strstr(html, "counter(page)"));
    assert_non_null(strstr(html, "thead{display:table-header-group}"));
    assert_non_null(strstr(html, "url(\"/fonts/noto-sans-sc-400.woff2\")"));
    assert_non_null(strstr(html, "<td class=\"num\">¥1.00</td>"));
    assert_non_null(strstr(html, "<td class=\"none\" colspan=\"2\">无</td>"));
    assert_non_null(strstr(html, "<span class=\"v\">—</span>"));
    assert_non_null(strstr(html, "data-secrecy=\"confidential\""));
    arena_release(&a);
}

static void r_plt_7_english_halves(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct ph h;
    ph_begin(&h, &a, true, "fonts/", "statement", "Statement", "", 0, "Printed by x");
    assert_string_equal(ph_lang(&h, "金额|Amount"), "Amount");
    assert_string_equal(ph_lang(&h, "#"), "#");
    const char *html = ph_end(&h);
    assert_non_null(strstr(html, "\"Page \" counter(page) \" of \" counter(pages)"));
    assert_non_null(strstr(html, "Secrecy: Normal"));
    assert_non_null(strstr(html, "url(\"fonts/noto-sans-sc-700.woff2\")"));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_plt_7_amounts_in_yuan_with_separators),
        cmocka_unit_test(r_plt_7_every_text_is_escaped),
        cmocka_unit_test(r_plt_7_english_halves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
