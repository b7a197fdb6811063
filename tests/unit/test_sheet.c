/*
 * Spreadsheet readers (R-PLT-3 import input): CSV in UTF-8 / GBK / GB18030
 * and .xlsx. Test data is made here: GBK bytes with iconv, xlsx packages with
 * libzip (and with libxlsxwriter when installed, as a real-world writer).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#ifdef KH_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include "core/buf.h"
#include "core/err.h"
#include "core/mem.h"
#include "sheet/sheet.h"

/* ---- helpers --------------------------------------------------------- */

/*
 * Read every row as "N:cell|cell\n" into out. Returns the status of the
 * first failure (with err filled) or KH_OK.
 */
static enum kh_status dump_sheet(struct sheet *s, struct buf *out, struct kh_err *err)
{
    for (;;) {
        struct sheet_row row;
        bool has = false;
        enum kh_status st = sheet_next(s, &row, &has, err);
        if (st != KH_OK)
            return st;
        if (!has)
            return KH_OK;
        buf_printf(out, "%lld:", (long long)row.number);
        for (int i = 0; i < row.ncells; i++) {
            assert_int_equal(strlen(row.cells[i]), row.lens[i]);
            buf_printf(out, "%s%s", i ? "|" : "", row.cells[i]);
        }
        buf_putc(out, '\n');
    }
}

/* Open memory, dump it; the dump (or "ERR:<en message>") goes to out. */
static enum kh_status dump_mem(const void *data, size_t len, enum sheet_format fmt,
                               enum sheet_encoding enc, struct buf *out, const char **encname)
{
    struct kh_err err;
    kh_err_clear(&err);
    struct sheet *s = NULL;
    buf_reset(out);
    enum kh_status st = sheet_open_mem(data, len, fmt, enc, &s, &err);
    if (st == KH_OK) {
        if (encname)
            *encname = sheet_encoding_name(s);
        st = dump_sheet(s, out, &err);
        if (st == KH_OK) {
            uint64_t done = 0, total = 0;
            sheet_progress(s, &done, &total);
            assert_true(done <= total);
            if (strcmp(sheet_format_name(s), "csv") == 0)
                assert_true(done == len && total == len);
        }
        sheet_close(s);
    } else {
        assert_null(s);
    }
    if (st != KH_OK) {
        assert_int_equal(err.code, st);
        assert_string_equal(err.field, "file");
        assert_true(err.msg_zh[0] != '\0');
        buf_reset(out);
        buf_printf(out, "ERR:%s", err.msg_en);
    }
    return st;
}

static void expect_csv(const char *data, size_t len, enum sheet_encoding enc, const char *want,
                       const char *want_enc)
{
    struct buf out;
    buf_init(&out, 0);
    const char *encname = NULL;
    enum kh_status st = dump_mem(data, len, SHEET_CSV, enc, &out, &encname);
    assert_string_equal(buf_cstr(&out), want);
    assert_int_equal(st, KH_OK);
    if (want_enc)
        assert_string_equal(encname, want_enc);
    buf_release(&out);
}

static void expect_err(const void *data, size_t len, enum sheet_format fmt, enum sheet_encoding enc,
                       const char *want_in_msg)
{
    struct buf out;
    buf_init(&out, 0);
    enum kh_status st = dump_mem(data, len, fmt, enc, &out, NULL);
    if (st == KH_OK || !strstr(buf_cstr(&out), want_in_msg))
        fail_msg("want an error with \"%s\", got %d: %s", want_in_msg, (int)st, buf_cstr(&out));
    buf_release(&out);
}

/* UTF-8 -> charset with iconv; caller frees. */
static char *to_charset(const char *charset, const char *utf8, size_t *outlen)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 2 + 8, outleft = cap;
    char *out = kh_malloc(cap);
    char *in = (char *)utf8, *o = out;
    assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *outlen = cap - outleft;
    return out;
}

/* ---- CSV ------------------------------------------------------------- */

static void test_r_plt_3_csv_utf8_bom(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBF姓名,手机\r\n张伟,13800138000\r\n";
    expect_csv(in, sizeof(in) - 1, SHEET_ENC_AUTO, "1:姓名|手机\n2:张伟|13800138000\n", "utf-8");
    /* a BOM with an explicit utf-8 is stripped too */
    expect_csv(in, sizeof(in) - 1, SHEET_ENC_UTF8, "1:姓名|手机\n2:张伟|13800138000\n", "utf-8");
    expect_csv("\xEF\xBB\xBF", 3, SHEET_ENC_AUTO, "", "utf-8");
}

static void test_r_plt_3_csv_utf8_no_bom(void **state)
{
    (void)state;
    const char in[] = "姓名,手机\n张伟,13800138000\n";
    expect_csv(in, sizeof(in) - 1, SHEET_ENC_AUTO, "1:姓名|手机\n2:张伟|13800138000\n", "utf-8");
    expect_csv("", 0, SHEET_ENC_AUTO, "", "utf-8");
}

static void test_r_plt_3_csv_gbk(void **state)
{
    (void)state;
    size_t n = 0;
    char *gbk = to_charset("GBK", "姓名,手机\r\n张伟,13800138000\r\n", &n);
    expect_csv(gbk, n, SHEET_ENC_AUTO, "1:姓名|手机\n2:张伟|13800138000\n", "gb18030");
    expect_csv(gbk, n, SHEET_ENC_GBK, "1:姓名|手机\n2:张伟|13800138000\n", "gbk");
    /* GBK read as UTF-8 on request: refused, naming the row */
    expect_err(gbk, n, SHEET_CSV, SHEET_ENC_UTF8, "row 1: invalid UTF-8");
    free(gbk);
}

static void test_r_plt_3_csv_gb18030_only(void **state)
{
    (void)state;
    size_t n = 0;
    /* U+20000 and U+3400 are not in GBK: four-byte GB18030 sequences */
    char *gb = to_charset("GB18030", "名字,备注\n𠀀,㐀\n", &n);
    assert_int_equal((unsigned char)gb[n - 10], 0x95); /* 𠀀 = 95 32 82 36 */
    expect_csv(gb, n, SHEET_ENC_AUTO, "1:名字|备注\n2:𠀀|㐀\n", "gb18030");
    free(gb);
}

static void test_r_plt_3_csv_bad_gb18030(void **state)
{
    (void)state;
    size_t n = 0;
    char *gbk = to_charset("GBK", "姓名\n张伟\n李娜\n", &n);
    /* a lone 0xFF is invalid in GB18030 and makes the input non-UTF-8 */
    char *bad = kh_malloc(n + 8);
    memcpy(bad, gbk, n);
    memcpy(bad + n, "x\xFFy\n", 4);
    expect_err(bad, n + 4, SHEET_CSV, SHEET_ENC_AUTO, "row 4: invalid GB18030");
    /* a sequence cut by the end of the file */
    bad[n] = (char)0x81;
    expect_err(bad, n + 1, SHEET_CSV, SHEET_ENC_GB18030, "row 4: invalid GB18030");
    free(bad);
    free(gbk);
}

static void test_r_plt_3_csv_quotes(void **state)
{
    (void)state;
    const char in[] = "a,\"b,c\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\n"
                      "x,\"\",\"\"\"\"\r\n"
                      "ab\"c,\"ab\"cd,e\n";
    expect_csv(in, sizeof(in) - 1, SHEET_ENC_AUTO,
               "1:a|b,c|say \"hi\"|line1\nline2\n"
               "2:x||\"\n"
               "3:ab\"c|abcd|e\n",
               NULL);
    /* CRLF inside quotes is kept as is */
    const char crlf[] = "\"a\r\nb\",c\r\n";
    expect_csv(crlf, sizeof(crlf) - 1, SHEET_ENC_AUTO, "1:a\r\nb|c\n", NULL);
}

static void test_r_plt_3_csv_line_ends(void **state)
{
    (void)state;
    const char in[] = "a,b\r\nc,d\ne,f\rg,,\r\n\r\nh";
    expect_csv(in, sizeof(in) - 1, SHEET_ENC_AUTO, "1:a|b\n2:c|d\n3:e|f\n4:g||\n5:\n6:h\n", NULL);
    expect_csv("a\n\n", 3, SHEET_ENC_AUTO, "1:a\n2:\n", NULL);
    expect_csv("\"q\"", 3, SHEET_ENC_AUTO, "1:q\n", NULL);
    expect_csv(",", 1, SHEET_ENC_AUTO, "1:|\n", NULL);
}

static void test_r_plt_3_csv_unterminated_quote(void **state)
{
    (void)state;
    const char in[] = "a,b\nc,\"d\ne\nf,g\n";
    expect_err(in, sizeof(in) - 1, SHEET_CSV, SHEET_ENC_AUTO, "row 2: unterminated quoted");
}

static void test_r_plt_3_csv_caps(void **state)
{
    (void)state;
    size_t max = 32 * 1024;
    char *big = kh_malloc(max + 16);
    memcpy(big, "ok\n", 3);
    memset(big + 3, 'x', max);
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(dump_mem(big, max + 3, SHEET_CSV, SHEET_ENC_AUTO, &out, NULL), KH_OK);
    big[max + 3] = 'x';
    expect_err(big, max + 4, SHEET_CSV, SHEET_ENC_AUTO, "row 2: a cell is longer than 32 KiB");
    free(big);

    char cells[600 * 2];
    for (size_t i = 0; i < sizeof(cells); i += 2)
        memcpy(cells + i, "1,", 2);
    assert_int_equal(dump_mem(cells, 511 * 2 + 1, SHEET_CSV, SHEET_ENC_AUTO, &out, NULL), KH_OK);
    expect_err(cells, 512 * 2 + 1, SHEET_CSV, SHEET_ENC_AUTO, "row 1: a row has more than 512");
    buf_release(&out);
}

static void test_r_plt_3_csv_explicit_encoding(void **state)
{
    (void)state;
    /* "张" is E5 BC A0 in UTF-8: valid UTF-8, detected as such ... */
    const char in[] = "\xE5\xBC\xA0,1\n";
    expect_csv(in, sizeof(in) - 1, SHEET_ENC_AUTO, "1:张|1\n", "utf-8");
    /* ... an explicit encoding wins over detection: "中文" in UTF-8 read as GB18030 */
    struct buf out;
    buf_init(&out, 0);
    const char *encname = NULL;
    const char zw[] = "\xE4\xB8\xAD\xE6\x96\x87\n";
    assert_int_equal(dump_mem(zw, sizeof(zw) - 1, SHEET_CSV, SHEET_ENC_GB18030, &out, &encname),
                     KH_OK);
    assert_string_equal(encname, "gb18030");
    assert_string_equal(buf_cstr(&out), "1:涓\xEE\x85\x9F枃\n"); /* AD E6 is a private-use code */
    /* and when the forced encoding does not fit, the row is named */
    expect_err(in, sizeof(in) - 1, SHEET_CSV, SHEET_ENC_GBK, "row 1: invalid GB18030");
    /* pure ASCII reads the same in any encoding */
    expect_csv("a,b\n", 4, SHEET_ENC_GBK, "1:a|b\n", "gbk");
    buf_release(&out);
}

/* Build a file whose byte 65536 - cut starts a multibyte character. */
static char *chunk_edge_input(const char *charset, const char *ch_utf8, size_t cut, size_t *len)
{
    size_t chn = 0;
    char *ch = to_charset(charset, ch_utf8, &chn);
    size_t pre = 65536 - cut;
    char *data = kh_malloc(pre + chn + 8);
    for (size_t i = 0; i < pre; i++)
        data[i] = i % 1000 == 999 ? ',' : 'x';
    memcpy(data + pre, ch, chn);
    memcpy(data + pre + chn, "\r\nz\r\n", 5);
    *len = pre + chn + 5;
    free(ch);
    return data;
}

static void test_r_plt_3_csv_chunk_boundaries(void **state)
{
    (void)state;
    static const char *const charsets[] = {"GB18030", "UTF-8"};
    for (size_t c = 0; c < 2; c++) {
        for (size_t cut = 1; cut <= 3; cut++) {
            size_t len = 0;
            char *data = chunk_edge_input(charsets[c], "𠀀", cut, &len);
            struct kh_err err;
            struct sheet *s = NULL;
            enum sheet_encoding enc = c == 0 ? SHEET_ENC_GB18030 : SHEET_ENC_AUTO;
            assert_int_equal(sheet_open_mem(data, len, SHEET_CSV, enc, &s, &err), KH_OK);
            struct sheet_row row;
            bool has = false;
            assert_int_equal(sheet_next(s, &row, &has, &err), KH_OK);
            assert_true(has);
            assert_int_equal(row.ncells, 66);
            const char *last = row.cells[65];
            size_t n = row.lens[65];
            assert_true(n > 4 && strcmp(last + n - 4, "𠀀") == 0);
            assert_int_equal(sheet_next(s, &row, &has, &err), KH_OK);
            assert_true(has);
            assert_string_equal(row.cells[0], "z");
            assert_int_equal(row.number, 2);
            assert_int_equal(sheet_next(s, &row, &has, &err), KH_OK);
            assert_false(has);
            sheet_close(s);
            free(data);
        }
    }
}

static void test_r_plt_3_csv_late_invalid_utf8(void **state)
{
    (void)state;
    /* valid UTF-8 in the first 64 KiB decides utf-8; a bad byte later names its row */
    size_t rows = 10000, len = 0;
    char *data = kh_malloc(rows * 20 + 16);
    for (size_t i = 0; i < rows; i++)
        len += (size_t)snprintf(data + len, 20, "张伟,%zu\n", i);
    assert_true(len > 65536);
    memcpy(data + len, "bad\xC4\n", 5);
    expect_err(data, len + 5, SHEET_CSV, SHEET_ENC_AUTO, "row 10001: invalid UTF-8");
    free(data);
}

static void test_r_plt_3_csv_file(void **state)
{
    (void)state;
    char path[] = "/tmp/kh-sheet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = 0;
    char *gbk = to_charset("GBK", "姓名,手机\n王芳,13700137000", &n);
    assert_int_equal(write(fd, gbk, n), (ssize_t)n);
    close(fd);
    struct kh_err err;
    struct sheet *s = NULL;
    assert_int_equal(sheet_open(path, SHEET_AUTO, SHEET_ENC_AUTO, &s, &err), KH_OK);
    assert_string_equal(sheet_format_name(s), "csv");
    assert_string_equal(sheet_encoding_name(s), "gb18030");
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(dump_sheet(s, &out, &err), KH_OK);
    assert_string_equal(buf_cstr(&out), "1:姓名|手机\n2:王芳|13700137000\n");
    uint64_t done = 0, total = 0;
    sheet_progress(s, &done, &total);
    assert_true(done == n && total == n);
    sheet_close(s);
    buf_release(&out);
    free(gbk);
    unlink(path);
    assert_int_equal(sheet_open(path, SHEET_AUTO, SHEET_ENC_AUTO, &s, &err), KH_E_NOT_FOUND);
    assert_null(s);
}

/* ---- xlsx built with libzip ------------------------------------------- */

#define NS_MAIN "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char workbook[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                               "<workbook " NS_MAIN " xmlns:r=\"" NS_REL "\"><sheets>"
                               "<sheet name=\"客户\" sheetId=\"1\" r:id=\"rId1\"/>"
                               "</sheets></workbook>";
static const char workbook_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";

struct part {
    const char *name;
    const char *xml;
};

/* Whether make_zip stores its parts uncompressed (a zip's other method). */
static bool zip_stored;

/* A zip of the given parts, in memory (caller frees). */
static char *make_zip(const struct part *parts, size_t nparts, size_t *len)
{
    char path[] = "/tmp/kh-xlsx-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int ze = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    for (size_t i = 0; i < nparts; i++) {
        zip_source_t *src = zip_source_buffer(za, parts[i].xml, strlen(parts[i].xml), 0);
        assert_non_null(src);
        zip_int64_t idx = zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8);
        assert_true(idx >= 0);
        if (zip_stored)
            assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0), 0);
    }
    assert_int_equal(zip_close(za), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *data = kh_malloc((size_t)n);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    unlink(path);
    *len = (size_t)n;
    return data;
}

static char *make_xlsx(const char *sheet_xml, const char *sst_xml, size_t *len)
{
    struct part parts[] = {
        {"[Content_Types].xml", content_types},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", workbook_rels},
        {"xl/worksheets/sheet1.xml", sheet_xml},
        {"xl/sharedStrings.xml", sst_xml},
    };
    return make_zip(parts, sst_xml ? 5 : 4, len);
}

static void expect_xlsx(const char *sheet_xml, const char *sst_xml, const char *want)
{
    size_t len = 0;
    char *x = make_xlsx(sheet_xml, sst_xml, &len);
    struct buf out;
    buf_init(&out, 0);
    const char *encname = NULL;
    enum kh_status st = dump_mem(x, len, SHEET_AUTO, SHEET_ENC_AUTO, &out, &encname);
    assert_string_equal(buf_cstr(&out), want);
    assert_int_equal(st, KH_OK);
    assert_string_equal(encname, "utf-8");
    buf_release(&out);
    free(x);
}

static void expect_xlsx_err(const char *sheet_xml, const char *sst_xml, const char *want)
{
    size_t len = 0;
    char *x = make_xlsx(sheet_xml, sst_xml, &len);
    expect_err(x, len, SHEET_XLSX, SHEET_ENC_AUTO, want);
    free(x);
}

static const char sst_basic[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst " NS_MAIN " count=\"4\" uniqueCount=\"4\">"
    "<si><t>姓名</t></si><si><t>手机</t></si>"
    "<si><r><t>张</t></r><r><rPr><b/></rPr><t>伟</t></r><rPh sb=\"0\" eb=\"1\"><t>チョウ</t></rPh>"
    "</si><si><t xml:space=\"preserve\"> a_x000D_b &amp; _x005F_x0041_</t></si></sst>";

static void test_r_plt_3_xlsx_values(void **state)
{
    (void)state;
    const char sheet[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " NS_MAIN "><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>13800138000</v></c>"
        "<c r=\"C2\" s=\"3\"/><c r=\"D2\" t=\"s\"><v>3</v></c></row>"
        "<row r=\"4\"><c r=\"A4\"><v>1.3800138001E10</v></c><c r=\"B4\"><v>1.38001380001E10</v></c>"
        "<c r=\"C4\" t=\"b\"><v>1</v></c><c r=\"D4\" s=\"1\"><v>45292</v></c>"
        "<c r=\"E4\" t=\"str\"><f>A1&amp;\"x\"</f><v>公式</v></c><c r=\"F4\"><v>-2.5E-3</v></c>"
        "<c r=\"G4\"><v>0.1</v></c><c r=\"H4\" t=\"e\"><v>#N/A</v></c></row>"
        "<row r=\"5\"/>"
        "<row r=\"7\"><c r=\"AA7\"><v>1E+300</v></c></row>"
        "</sheetData></worksheet>";
    char want[256];
    snprintf(want, sizeof(want),
             "1:姓名|手机|备注\n2:张伟|13800138000||%s\n"
             "4:13800138001|13800138000.1|TRUE|45292|公式|-0.0025|0.1|#N/A\n5:\n"
             "7:||||||||||||||||||||||||||1E+300\n",
             " a\rb & _x0041_");
    expect_xlsx(sheet, sst_basic, want);
}

static void test_r_plt_3_xlsx_cells_without_refs(void **state)
{
    (void)state;
    /* some writers omit r=: cells follow one another, rows count up */
    const char sheet[] = "<worksheet " NS_MAIN "><sheetData>"
                         "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c><v>1</v></c></row>"
                         "<row><c/><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
                         "</sheetData></worksheet>";
    expect_xlsx(sheet, NULL, "1:a|1\n2:|b\n");
}

static void test_r_plt_3_xlsx_prefixed_namespace(void **state)
{
    (void)state;
    const char sheet[] = "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/"
                         "2006/main\"><x:sheetData><x:row r=\"3\"><x:c r=\"B3\" t=\"s\"><x:v>1"
                         "</x:v></x:c></x:row></x:sheetData></x:worksheet>";
    expect_xlsx(sheet, sst_basic, "3:|手机\n");
}

static void test_r_plt_3_xlsx_errors(void **state)
{
    (void)state;
    const char head[] = "<worksheet " NS_MAIN "><sheetData>";
    char sheet[512];
    snprintf(sheet, sizeof(sheet), "%s<row r=\"1\"><c t=\"s\"><v>4</v></c></row>%s", head,
             "</sheetData></worksheet>");
    expect_xlsx_err(sheet, sst_basic, "row 1: shared string index out of range");
    snprintf(sheet, sizeof(sheet), "%s<row r=\"1\"><c t=\"s\"><v>0</v></c></row>%s", head,
             "</sheetData></worksheet>");
    expect_xlsx_err(sheet, NULL, "row 1: shared string index out of range");
    snprintf(sheet, sizeof(sheet), "%s\n<row r=\"1\">\n<c><v>1</v></row></sheetData>", head);
    expect_xlsx_err(sheet, sst_basic, "malformed XML in xl/worksheets/sheet1.xml (line 3");
    snprintf(sheet, sizeof(sheet), "%s<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"A2\"><v>2</v>%s",
             head, "</c></row></sheetData></worksheet>");
    expect_xlsx_err(sheet, NULL, "row 2: cells are out of order");
    snprintf(sheet, sizeof(sheet), "%s<row r=\"9\"><c r=\"SS9\"><v>1</v></c></row>%s", head,
             "</sheetData></worksheet>");
    expect_xlsx_err(sheet, NULL, "row 9: a row has more than 512 cells");
    snprintf(sheet, sizeof(sheet), "%s<row r=\"x\"/></sheetData></worksheet>", head);
    expect_xlsx_err(sheet, NULL, "invalid row number");
    expect_xlsx_err("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", NULL, "DTD");
    expect_xlsx_err("<worksheet " NS_MAIN "><sheetData></sheetData></worksheet>", "<sst><si>",
                    "malformed XML in xl/sharedStrings.xml");
}

static void test_r_plt_3_xlsx_long_cell(void **state)
{
    (void)state;
    size_t max = 32 * 1024;
    struct buf sheet;
    buf_init(&sheet, 0);
    buf_printf(&sheet, "<worksheet " NS_MAIN "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>");
    for (size_t i = 0; i < max / 3 + 1; i++)
        buf_puts(&sheet, "张");
    buf_puts(&sheet, "</t></is></c></row></sheetData></worksheet>");
    expect_xlsx_err(buf_cstr(&sheet), NULL, "row 1: a cell is longer than 32 KiB");
    /* the same string shared: refused when used */
    struct buf sst;
    buf_init(&sst, 0);
    buf_puts(&sst, "<sst><si><t>");
    for (size_t i = 0; i < max / 3 + 1; i++)
        buf_puts(&sst, "张");
    buf_puts(&sst, "</t></si><si><t>ok</t></si></sst>");
    expect_xlsx("<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>1</v></c></row></sheetData>"
                "</worksheet>",
                buf_cstr(&sst), "1:ok\n");
    expect_xlsx_err("<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c></row></sheetData>"
                    "</worksheet>",
                    buf_cstr(&sst), "row 1: a cell is longer than 32 KiB");
    buf_release(&sst);
    buf_release(&sheet);
}

static void test_r_plt_3_xlsx_workbook_order(void **state)
{
    (void)state;
    /* the first sheet is a chart sheet: the first worksheet is data.xml */
    static const char wb[] =
        "<workbook " NS_MAIN " xmlns:r=\"" NS_REL "\"><sheets>"
        "<sheet name=\"图\" sheetId=\"2\" r:id=\"rId7\"/>"
        "<sheet name=\"数据\" sheetId=\"1\" r:id=\"rId3\"/>"
        "<sheet name=\"其他\" sheetId=\"3\" r:id=\"rId1\"/></sheets></workbook>";
    static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"" NS_REL
        "/worksheet\" Target=\"/xl/worksheets/data.xml\"/>"
        "<Relationship Id=\"rId7\" Type=\"" NS_REL "/chartsheet\" Target=\"chartsheets/c1.xml\"/>"
        "</Relationships>";
    const struct part parts[] = {
        {"xl/workbook.xml", wb},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/chartsheets/c1.xml", "<chartsheet/>"},
        {"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>"
                                     "</sheetData></worksheet>"},
        {"xl/worksheets/data.xml", "<worksheet><sheetData><row r=\"1\"><c><v>2</v></c></row>"
                                   "</sheetData></worksheet>"},
    };
    size_t len = 0;
    char *x = make_zip(parts, 5, &len);
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(dump_mem(x, len, SHEET_AUTO, SHEET_ENC_AUTO, &out, NULL), KH_OK);
    assert_string_equal(buf_cstr(&out), "1:2\n");
    free(x);
    /* no workbook at all: the conventional sheet1.xml */
    x = make_zip(parts + 3, 1, &len);
    assert_int_equal(dump_mem(x, len, SHEET_AUTO, SHEET_ENC_AUTO, &out, NULL), KH_OK);
    assert_string_equal(buf_cstr(&out), "1:1\n");
    free(x);
    /* nothing that looks like a worksheet */
    x = make_zip(parts + 2, 1, &len);
    expect_err(x, len, SHEET_AUTO, SHEET_ENC_AUTO, "has no worksheet");
    free(x);
    buf_release(&out);
}

static void test_r_plt_3_xlsx_refused(void **state)
{
    (void)state;
    size_t len = 0;
    char *x = make_xlsx("<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row></sheetData>"
                        "</worksheet>",
                        sst_basic, &len);
    /* cut in half: starts like a zip, the directory is gone */
    expect_err(x, len / 2, SHEET_AUTO, SHEET_ENC_AUTO, "corrupt or truncated");
    expect_err(x, 4, SHEET_AUTO, SHEET_ENC_AUTO, "corrupt or truncated");
    /* a damaged byte inside the compressed data: CRC or inflate error */
    free(x);
    const char text[] = "姓名,手机\n张伟,13800138000\n";
    expect_err(text, sizeof(text) - 1, SHEET_XLSX, SHEET_ENC_AUTO, "not a valid .xlsx (zip) file");
    expect_err("", 0, SHEET_XLSX, SHEET_ENC_AUTO, "not a valid .xlsx (zip) file");
    /* SHEET_AUTO on text is CSV */
    expect_csv(text, sizeof(text) - 1, SHEET_ENC_AUTO, "1:姓名|手机\n2:张伟|13800138000\n", NULL);
}

/* "<sst>" + n copies of item + "</sst>" (caller frees). */
static char *sst_of(const char *item, size_t n)
{
    size_t k = strlen(item);
    char *x = kh_malloc(n * k + 16);
    char *p = x;
    memcpy(p, "<sst>", 5);
    p += 5;
    for (size_t i = 0; i < n; i++, p += k)
        memcpy(p, item, k);
    memcpy(p, "</sst>", 7);
    return x;
}

/*
 * Issue 10 item 13: the shared-strings table is refused before it takes
 * memory, each refusal naming its limit: by its inflation ratio (a bomb),
 * by the count of strings and by their bytes (stored entries have no ratio).
 */
static void test_r_plt_3_xlsx_shared_strings_caps(void **state)
{
    (void)state;
    const char *sheet = "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c></row>"
                        "</sheetData></worksheet>";
    char *sst = sst_of("<si/>", 400000); /* 2 MB that deflates to ~2 KB */
    expect_xlsx_err(sheet, sst, "inflates to more than 100 times its compressed size");
    free(sst);
    zip_stored = true;
    sst = sst_of("<si/>", ((size_t)4 << 20) + 1);
    expect_xlsx_err(sheet, sst, "more than 4194304 shared strings");
    free(sst);
    char item[40000];
    int n = snprintf(item, sizeof(item), "<si><t>");
    memset(item + n, 'a', 32000);
    snprintf(item + n + 32000, sizeof(item) - (size_t)n - 32000, "</t></si>");
    sst = sst_of(item, 2100); /* 2,100 strings of 32,000 bytes: past 64 MB */
    expect_xlsx_err(sheet, sst, "pass the limit of 64 MB");
    free(sst);
    zip_stored = false;
}

static void test_r_plt_3_xlsx_corrupt_data(void **state)
{
    (void)state;
    /* a big, compressible sheet, then flip bytes inside its compressed data */
    struct buf sheet;
    buf_init(&sheet, 0);
    buf_puts(&sheet, "<worksheet><sheetData>");
    for (int i = 1; i <= 3000; i++)
        buf_printf(&sheet, "<row r=\"%d\"><c><v>%d</v></c></row>", i, i * 7);
    buf_puts(&sheet, "</sheetData></worksheet>");
    const struct part parts[] = {{"xl/worksheets/sheet1.xml", buf_cstr(&sheet)}};
    size_t len = 0;
    char *x = make_zip(parts, 1, &len);
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(dump_mem(x, len, SHEET_AUTO, SHEET_ENC_AUTO, &out, NULL), KH_OK);
    for (size_t i = 200; i < 260; i++)
        x[i] = (char)(x[i] ^ 0x5A);
    assert_int_not_equal(dump_mem(x, len, SHEET_AUTO, SHEET_ENC_AUTO, &out, NULL), KH_OK);
    buf_release(&out);
    buf_release(&sheet);
    free(x);
}

static void test_r_plt_3_xlsx_streaming(void **state)
{
    (void)state;
    /* many rows: the parser suspends per row across many 64 KiB chunks */
    struct buf sheet;
    buf_init(&sheet, 0);
    buf_puts(&sheet, "<worksheet " NS_MAIN "><sheetData>");
    int nrows = 20000;
    for (int i = 1; i <= nrows; i++)
        buf_printf(&sheet,
                   "<row r=\"%d\"><c r=\"A%d\" t=\"inlineStr\"><is><t>客户%d</t></is></c>"
                   "<c r=\"C%d\"><v>%d</v></c></row>",
                   i, i, i, i, i);
    buf_puts(&sheet, "</sheetData></worksheet>");
    size_t len = 0;
    char *x = make_xlsx(buf_cstr(&sheet), NULL, &len);
    struct kh_err err;
    struct sheet *s = NULL;
    assert_int_equal(sheet_open_mem(x, len, SHEET_AUTO, SHEET_ENC_AUTO, &s, &err), KH_OK);
    assert_string_equal(sheet_format_name(s), "xlsx");
    int seen = 0;
    for (;;) {
        struct sheet_row row;
        bool has = false;
        assert_int_equal(sheet_next(s, &row, &has, &err), KH_OK);
        if (!has)
            break;
        seen++;
        assert_int_equal(row.number, seen);
        assert_int_equal(row.ncells, 3);
        char want[32];
        snprintf(want, sizeof(want), "客户%d", seen);
        assert_string_equal(row.cells[0], want);
        assert_string_equal(row.cells[1], "");
    }
    assert_int_equal(seen, nrows);
    uint64_t done = 0, total = 0;
    sheet_progress(s, &done, &total);
    assert_true(done == sheet.len && total == sheet.len);
    /* after the end, still the end */
    struct sheet_row row;
    bool has = true;
    assert_int_equal(sheet_next(s, &row, &has, &err), KH_OK);
    assert_false(has);
    sheet_close(s);
    buf_release(&sheet);
    free(x);
}

#ifdef KH_HAVE_XLSXWRITER
/* A temporary file name (the file exists, empty). */
static void temp_path(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

/*
 * A workbook as Excel users make them: sheet 客户 with a header, a phone
 * stored as a number, a date, a boolean, a fraction, markup-like text, and
 * extra_rows more phones from row 11 on (named 客户N when extra_names).
 * notes_first puts a sheet 说明 before it in workbook order.
 */
static void write_book(const char *path, bool constant_memory, bool notes_first, int extra_rows,
                       bool extra_names)
{
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE,
                                .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_worksheet *notes = notes_first ? workbook_add_worksheet(wb, "说明") : NULL;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "客户");
    if (notes)
        worksheet_write_string(notes, 0, 0, "这不是第一张数据表", NULL);
    worksheet_write_string(ws, 0, 0, "姓名", NULL);
    worksheet_write_string(ws, 0, 1, "手机", NULL);
    if (notes)
        worksheet_write_string(ws, 0, 3, "生日", NULL);
    worksheet_write_string(ws, 1, 0, "张伟", NULL);
    worksheet_write_number(ws, 1, 1, 13800138000.0, NULL);
    lxw_datetime dt = {.year = 2024, .month = 1, .day = 1};
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    worksheet_write_datetime(ws, 1, 3, &dt, date);
    worksheet_write_boolean(ws, 1, 4, 0, NULL);
    worksheet_write_number(ws, 1, 5, 0.5, NULL);
    worksheet_write_string(ws, 3, 0, "李娜 \"引号\" <b>&amp;", NULL);
    for (int i = 0; i < extra_rows; i++) {
        char name[32];
        snprintf(name, sizeof(name), "客户%d", i);
        if (extra_names)
            worksheet_write_string(ws, (lxw_row_t)(10 + i), 0, name, NULL);
        worksheet_write_number(ws, (lxw_row_t)(10 + i), 1, 13900000000.0 + i, NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_r_plt_3_xlsx_libxlsxwriter(void **state)
{
    (void)state;
    for (int cm = 0; cm < 2; cm++) {
        char path[] = "/tmp/kh-lxw-XXXXXX";
        temp_path(path);
        write_book(path, cm == 1, true, 3000, true);
        struct kh_err err;
        struct sheet *s = NULL;
        /* the first worksheet in workbook order is "说明" */
        assert_int_equal(sheet_open(path, SHEET_AUTO, SHEET_ENC_AUTO, &s, &err), KH_OK);
        struct sheet_row row;
        bool has = false;
        assert_int_equal(sheet_next(s, &row, &has, &err), KH_OK);
        assert_true(has);
        assert_string_equal(row.cells[0], "这不是第一张数据表");
        sheet_close(s);
        unlink(path);
    }
}

static void test_r_plt_3_xlsx_libxlsxwriter_values(void **state)
{
    (void)state;
    for (int cm = 0; cm < 2; cm++) {
        char path[] = "/tmp/kh-lxw-XXXXXX";
        temp_path(path);
        write_book(path, cm == 1, false, 5000, false);

        struct kh_err err;
        struct sheet *s = NULL;
        assert_int_equal(sheet_open(path, SHEET_AUTO, SHEET_ENC_AUTO, &s, &err), KH_OK);
        assert_string_equal(sheet_format_name(s), "xlsx");
        struct buf out;
        buf_init(&out, 0);
        assert_int_equal(dump_sheet(s, &out, &err), KH_OK);
        const char *want = "1:姓名|手机\n2:张伟|13800138000||45292|FALSE|0.5\n"
                           "4:李娜 \"引号\" <b>&amp;\n11:|13900000000\n";
        assert_int_equal(strncmp(buf_cstr(&out), want, strlen(want)), 0);
        assert_non_null(strstr(buf_cstr(&out), "\n5010:|13900004999\n"));
        uint64_t done = 0, total = 0;
        sheet_progress(s, &done, &total);
        assert_true(done > 0 && done == total);
        sheet_close(s);
        buf_release(&out);
        unlink(path);
    }
}
#endif

/* issue 9 item 2: the CSV formula guard is taken off exactly where a writer put it. */
static void test_r_plt_3_issue_9_item_2_csv_guard_round_trips(void **state)
{
    (void)state;
    static const char *const values[] = {"=1+1", "+abc", "-abc",  "@x",  "\tx", "'abc", "''=x",
                                         "'=1",  "-12",  "+86 1", "007", "a'b", "",     "'"};
    char written[64];
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        const char *v = values[i];
        snprintf(written, sizeof(written), "%s%s", sheet_csv_guard(v) ? "'" : "", v);
        assert_string_equal(sheet_csv_unguard(written), v);
    }
    assert_false(sheet_csv_guard("-12"));
    assert_false(sheet_csv_guard("+86 138"));
    assert_true(sheet_csv_guard("'x"));
    /* A hand-written quote that guards nothing stays. */
    assert_string_equal(sheet_csv_unguard("'abc"), "'abc");
    assert_string_equal(sheet_csv_unguard("'007"), "'007");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_r_plt_3_csv_utf8_bom),
        cmocka_unit_test(test_r_plt_3_csv_utf8_no_bom),
        cmocka_unit_test(test_r_plt_3_csv_gbk),
        cmocka_unit_test(test_r_plt_3_csv_gb18030_only),
        cmocka_unit_test(test_r_plt_3_csv_bad_gb18030),
        cmocka_unit_test(test_r_plt_3_csv_quotes),
        cmocka_unit_test(test_r_plt_3_csv_line_ends),
        cmocka_unit_test(test_r_plt_3_csv_unterminated_quote),
        cmocka_unit_test(test_r_plt_3_csv_caps),
        cmocka_unit_test(test_r_plt_3_csv_explicit_encoding),
        cmocka_unit_test(test_r_plt_3_csv_chunk_boundaries),
        cmocka_unit_test(test_r_plt_3_csv_late_invalid_utf8),
        cmocka_unit_test(test_r_plt_3_csv_file),
        cmocka_unit_test(test_r_plt_3_xlsx_values),
        cmocka_unit_test(test_r_plt_3_xlsx_cells_without_refs),
        cmocka_unit_test(test_r_plt_3_xlsx_prefixed_namespace),
        cmocka_unit_test(test_r_plt_3_xlsx_errors),
        cmocka_unit_test(test_r_plt_3_xlsx_long_cell),
        cmocka_unit_test(test_r_plt_3_xlsx_workbook_order),
        cmocka_unit_test(test_r_plt_3_issue_9_item_2_csv_guard_round_trips),
        cmocka_unit_test(test_r_plt_3_xlsx_refused),
        cmocka_unit_test(test_r_plt_3_xlsx_shared_strings_caps),
        cmocka_unit_test(test_r_plt_3_xlsx_corrupt_data),
        cmocka_unit_test(test_r_plt_3_xlsx_streaming),
#ifdef KH_HAVE_XLSXWRITER
        cmocka_unit_test(test_r_plt_3_xlsx_libxlsxwriter),
        cmocka_unit_test(test_r_plt_3_xlsx_libxlsxwriter_values),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
