/* The print layout's HTML and CSS (R-PLT-7). */
#include "print/print_html.h"

#include <stdio.h>
#include <string.h>

#include "secrecy/secrecy.h"

#define DOC_MAX (8u << 20) /* a printed document stays far below 8 MiB */

static void esc(struct buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            buf_puts(b, "&amp;");
            break;
        case '<':
            buf_puts(b, "&lt;");
            break;
        case '>':
            buf_puts(b, "&gt;");
            break;
        case '"':
            buf_puts(b, "&quot;");
            break;
        case '\'':
            buf_puts(b, "&#39;");
            break;
        default:
            buf_putc(b, *p);
        }
    }
}

/* A CSS string's content: quotes, backslashes, angle brackets and controls as hex escapes. */
static void css_str(struct buf *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '<' || *p == '>' || *p < 0x20 || *p == 0x7f)
            buf_printf(b, "\\%x ", *p);
        else
            buf_putc(b, (char)*p);
    }
    buf_putc(b, '"');
}

const char *ph_lang(struct ph *h, const char *pair)
{
    const char *bar = strchr(pair, '|');
    if (!bar)
        return pair;
    return h->en ? bar + 1 : arena_printf(h->a, "%.*s", (int)(bar - pair), pair);
}

const char *ph_money(struct arena *a, int64_t fen)
{
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    char digits[32];
    snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(v / 100));
    char grouped[48];
    size_t n = strlen(digits), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = 0;
    return arena_printf(a, "%s¥%s.%02llu", fen < 0 ? "-" : "", grouped,
                        (unsigned long long)(v % 100));
}

static const char *level_text(bool en, int level)
{
    static const char *const zh[] = {"普通", "机密", "绝密"};
    static const char *const eng[] = {"Normal", "Confidential", "Top secret"};
    if (level < 0 || level >= SECRECY_LEVELS)
        level = 0;
    return en ? eng[level] : zh[level];
}

/* The shipped fonts; base is one of two constants ("/fonts/", PRINT_PDF_FONTS). */
static void fonts(struct buf *b, const char *base)
{
    static const char latin[] = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,"
                                "U+02DC,U+2000-206F,U+20AC,U+2122,U+2212,U+FEFF,U+FFFD";
    for (int w = 400; w <= 700; w += 300) {
        buf_printf(b,
                   "@font-face{font-family:\"Kehu Print\";font-weight:%d;src:url(\"%s"
                   "noto-sans-sc-%d.woff2\") format(\"woff2\");}\n",
                   w, base, w);
        buf_printf(b,
                   "@font-face{font-family:\"Kehu Print\";font-weight:%d;src:url(\"%s"
                   "noto-sans-sc-latin-%d.woff2\") format(\"woff2\");unicode-range:%s;}\n",
                   w, base, w, latin);
    }
}

static const char CSS[] =
    ".kh-print{font-family:\"Kehu Print\",\"Noto Sans CJK SC\",\"Noto Sans SC\",sans-serif;"
    "font-size:10.5pt;line-height:1.5;color:#111;background:#fff;position:relative;"
    "max-width:190mm;margin:0 auto;padding:0;text-align:left}\n"
    ".kh-print *{box-sizing:border-box}\n"
    ".kh-print .kh-print-doc{position:relative;z-index:1}\n"
    ".kh-print h1{font-size:17pt;margin:0 0 2pt;font-weight:700}\n"
    ".kh-print .kh-print-sub{color:#444;margin:0 0 6pt}\n"
    ".kh-print .kh-print-head{display:flex;justify-content:space-between;align-items:flex-start;"
    "border-bottom:1.5pt solid #222;padding-bottom:6pt;margin-bottom:8pt}\n"
    ".kh-print .kh-print-level{display:inline-block;border:1.2pt solid #222;padding:1pt 8pt;"
    "font-weight:700;white-space:nowrap}\n"
    ".kh-print .kh-print-level.secret{border-color:#b00;color:#b00}\n"
    ".kh-print .kh-print-by{font-size:8.5pt;color:#555;text-align:right;margin-top:4pt}\n"
    ".kh-print h2{font-size:12pt;font-weight:700;border-bottom:0.8pt solid #555;margin:12pt 0 5pt;"
    "padding-bottom:1pt;break-after:avoid;page-break-after:avoid}\n"
    ".kh-print table{width:100%;border-collapse:collapse;font-size:9pt;margin:0 0 4pt}\n"
    ".kh-print th,.kh-print td{border:0.6pt solid #999;padding:2.5pt 4pt;text-align:left;"
    "vertical-align:top;word-break:break-word}\n"
    ".kh-print thead{display:table-header-group}\n"
    ".kh-print th{background:#eee;font-weight:700}\n"
    ".kh-print tr{break-inside:avoid;page-break-inside:avoid}\n"
    ".kh-print td.num{text-align:right;white-space:nowrap}\n"
    ".kh-print td.none{color:#777;text-align:center}\n"
    ".kh-print .kh-print-pairs{display:grid;grid-template-columns:1fr 1fr;column-gap:14pt}\n"
    ".kh-print .kh-print-pair{display:flex;border-bottom:0.4pt dotted #aaa;padding:1.5pt 0;"
    "break-inside:avoid}\n"
    ".kh-print .kh-print-pair .k{flex:none;width:32%;color:#555}\n"
    ".kh-print .kh-print-pair .v{flex:1;word-break:break-word}\n"
    ".kh-print .kh-print-text{white-space:pre-wrap;border:0.6pt solid #ccc;padding:4pt}\n"
    ".kh-print .kh-print-wm{position:absolute;inset:0;overflow:hidden;pointer-events:none;"
    "z-index:0}\n"
    ".kh-print .kh-print-wm span{position:absolute;transform:rotate(-28deg);white-space:nowrap;"
    "font-size:13pt;color:rgba(0,0,0,0.07)}\n"
    "@media print{.kh-print{max-width:none}.kh-print .kh-print-wm{position:fixed}"
    ".kh-print th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

void ph_begin(struct ph *h, struct arena *a, bool en, const char *font_base, const char *kind,
              const char *title, const char *subtitle, int secrecy, const char *watermark)
{
    *h = (struct ph){.a = a, .en = en};
    struct buf *b = &h->b;
    buf_init(b, DOC_MAX);
    const char *level = level_text(en, secrecy);
    buf_puts(b, "<style>\n");
    fonts(b, font_base);
    buf_puts(b, "@page{size:A4;margin:18mm 14mm 16mm 14mm;\n@top-left{content:");
    css_str(b, arena_printf(a, "Kehu · %s", title));
    buf_puts(b, ";font-size:8pt;color:#555}\n@top-right{content:");
    css_str(b, arena_printf(a, en ? "Secrecy: %s" : "密级：%s", level));
    buf_puts(b, ";font-size:8pt;font-weight:700}\n@bottom-left{content:");
    css_str(b, watermark);
    buf_puts(b, ";font-size:7.5pt;color:#555}\n@bottom-right{content:");
    buf_puts(b, en ? "\"Page \" counter(page) \" of \" counter(pages)"
                   : "\"第 \" counter(page) \" 页 / 共 \" counter(pages) \" 页\"");
    buf_puts(b, ";font-size:8pt;color:#555}}\n");
    buf_puts(b, CSS);
    buf_puts(b, "</style>\n<div class=\"kh-print\" data-kind=\"");
    esc(b, kind);
    buf_printf(
        b, "\" data-secrecy=\"%s\" lang=\"%s\">\n<div class=\"kh-print-wm\" aria-hidden=\"true\">",
        secrecy_name(secrecy), en ? "en" : "zh-CN");
    for (int r = 0; r < 9; r++)
        for (int c = 0; c < 3; c++) {
            buf_printf(b, "<span style=\"top:%d%%;left:%d%%\">", 4 + r * 11,
                       -6 + c * 36 + (r % 2) * 12);
            esc(b, watermark);
            buf_puts(b, "</span>");
        }
    buf_puts(b, "</div>\n<div class=\"kh-print-doc\">\n<div class=\"kh-print-head\"><div><h1 "
                "class=\"kh-print-title\">");
    esc(b, title);
    buf_puts(b, "</h1><div class=\"kh-print-sub\">");
    esc(b, subtitle);
    buf_printf(b, "</div></div><div><span class=\"kh-print-level%s\" data-test=\"print-secrecy\">",
               secrecy > 0 ? " secret" : "");
    esc(b, arena_printf(a, en ? "Secrecy: %s" : "密级：%s", level));
    buf_puts(b, "</span><div class=\"kh-print-by\" data-test=\"print-watermark\">");
    esc(b, watermark);
    buf_puts(b, "</div></div></div>\n");
}

const char *ph_end(struct ph *h)
{
    buf_puts(&h->b, "</div>\n</div>\n");
    const char *s = arena_strdup(h->a, buf_cstr(&h->b));
    buf_release(&h->b);
    return s;
}

void ph_section(struct ph *h, const char *zh, const char *en)
{
    buf_puts(&h->b, "<h2>");
    esc(&h->b, h->en ? en : zh);
    buf_puts(&h->b, "</h2>\n");
}

void ph_pairs_begin(struct ph *h)
{
    buf_puts(&h->b, "<div class=\"kh-print-pairs\">\n");
}

void ph_pair(struct ph *h, const char *zh, const char *en, const char *value)
{
    buf_puts(&h->b, "<div class=\"kh-print-pair\"><span class=\"k\">");
    esc(&h->b, h->en ? en : zh);
    buf_puts(&h->b, "</span><span class=\"v\">");
    esc(&h->b, value && *value ? value : "—");
    buf_puts(&h->b, "</span></div>\n");
}

void ph_pairs_end(struct ph *h)
{
    buf_puts(&h->b, "</div>\n");
}

void ph_table_begin(struct ph *h, const char *const *heads, int n)
{
    h->ncols = n;
    buf_puts(&h->b, "<table><thead><tr>");
    for (int i = 0; i < n; i++) {
        buf_puts(&h->b, "<th>");
        esc(&h->b, ph_lang(h, heads[i]));
        buf_puts(&h->b, "</th>");
    }
    buf_puts(&h->b, "</tr></thead><tbody>\n");
}

void ph_row(struct ph *h, const char *const *cells)
{
    buf_puts(&h->b, "<tr>");
    for (int i = 0; i < h->ncols; i++) {
        const char *c = cells[i] ? cells[i] : "";
        bool num = *c == '#';
        buf_puts(&h->b, num ? "<td class=\"num\">" : "<td>");
        esc(&h->b, num ? c + 1 : c);
        buf_puts(&h->b, "</td>");
    }
    buf_puts(&h->b, "</tr>\n");
}

void ph_table_end(struct ph *h, int rows)
{
    if (!rows) {
        buf_printf(&h->b, "<tr><td class=\"none\" colspan=\"%d\">", h->ncols);
        esc(&h->b, h->en ? "None" : "无");
        buf_puts(&h->b, "</td></tr>\n");
    }
    buf_puts(&h->b, "</tbody></table>\n");
}

void ph_text(struct ph *h, const char *text)
{
    if (!text || !*text)
        return;
    buf_puts(&h->b, "<div class=\"kh-print-text\">");
    esc(&h->b, text);
    buf_puts(&h->b, "</div>\n");
}
