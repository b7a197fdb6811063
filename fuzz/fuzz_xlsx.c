/*
 * libFuzzer target for the .xlsx reader. Two modes, picked by the first byte:
 *   - odd: the rest of the input is the .xlsx file itself (zip handling,
 *     truncation, corrupt streams);
 *   - even: the rest is "<sheet XML>\0<shared strings XML>", packed here into
 *     a valid zip (stored, not deflated) so mutations reach the XML readers.
 * All rows are iterated and the row contract is checked.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_xlsx.c \
 *       src/sheet/\*.c src/core/\*.c -lzip -lexpat -o /tmp/fuzz_xlsx && /tmp/fuzz_xlsx
 * fuzz/corpus/xlsx
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/err.h"
#include "core/utf8.h"
#include "sheet/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char workbook[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void add(zip_t *za, const char *name, const void *p, size_t n)
{
    zip_source_t *src = zip_source_buffer(za, p, n, 0);
    if (!src)
        abort();
    zip_int64_t i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
    if (i < 0)
        abort();
    zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* Pack the two XML parts into a zip in memory (caller frees). */
static uint8_t *pack(const uint8_t *data, size_t size, size_t *len)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t sheet_len = nul ? (size_t)(nul - data) : size;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!out)
        abort();
    zip_source_keep(out);
    zip_t *za = zip_open_from_source(out, ZIP_TRUNCATE, &ze);
    if (!za)
        abort();
    add(za, "xl/workbook.xml", workbook, sizeof(workbook) - 1);
    add(za, "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1);
    add(za, "xl/worksheets/sheet1.xml", data, sheet_len);
    if (nul)
        add(za, "xl/sharedStrings.xml", nul + 1, size - sheet_len - 1);
    if (zip_close(za) != 0)
        abort();
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(out, &st) != 0 || zip_source_open(out) != 0)
        abort();
    uint8_t *buf = malloc(st.size ? st.size : 1);
    if (!buf || zip_source_read(out, buf, st.size) != (zip_int64_t)st.size)
        abort();
    zip_source_close(out);
    zip_source_free(out);
    zip_error_fini(&ze);
    *len = st.size;
    return buf;
}

static void check_row(const struct sheet_row *row)
{
    if (row->ncells < 1 || row->ncells > 512 || row->number < 1)
        abort();
    for (int i = 0; i < row->ncells; i++) {
        size_t n = row->lens[i];
        if (n > 32 * 1024 || row->cells[i][n] != '\0' || !utf8_valid(row->cells[i], n))
            abort();
    }
}

static void read_all(const uint8_t *data, size_t size)
{
    struct kh_err err;
    struct sheet *s = NULL;
    if (sheet_open_mem(data, size, SHEET_XLSX, SHEET_ENC_AUTO, &s, &err) != KH_OK) {
        if (s || err.code == KH_OK)
            abort();
        return;
    }
    for (;;) {
        struct sheet_row row;
        bool has = false;
        if (sheet_next(s, &row, &has, &err) != KH_OK) {
            if (has)
                abort();
            break;
        }
        if (!has)
            break;
        check_row(&row);
    }
    uint64_t done = 0, total = 0;
    sheet_progress(s, &done, &total);
    if (done > total)
        abort();
    sheet_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        read_all(data + 1, size - 1);
        return 0;
    }
    size_t len = 0;
    uint8_t *zip = pack(data + 1, size - 1, &len);
    read_all(zip, len);
    free(zip);
    return 0;
}
