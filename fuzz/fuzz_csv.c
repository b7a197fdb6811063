/*
 * libFuzzer target for the CSV reader: the input is read as CSV in every
 * encoding mode, all rows are iterated, and the row contract is checked
 * (1..512 cells, each at most 32 KiB, NUL-terminated at its length, valid
 * UTF-8; progress never passes the total).
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_csv.c \
 *       src/sheet/\*.c src/core/\*.c -lzip -lexpat -o /tmp/fuzz_csv && /tmp/fuzz_csv
 * fuzz/corpus/csv
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/utf8.h"
#include "sheet/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

static void read_all(const uint8_t *data, size_t size, enum sheet_format fmt,
                     enum sheet_encoding enc)
{
    struct kh_err err;
    struct sheet *s = NULL;
    if (sheet_open_mem(data, size, fmt, enc, &s, &err) != KH_OK) {
        if (s || err.code == KH_OK)
            abort();
        return;
    }
    int64_t last = 0;
    for (;;) {
        struct sheet_row row;
        bool has = false;
        if (sheet_next(s, &row, &has, &err) != KH_OK) {
            if (has || strncmp(err.field, "file", 4) != 0)
                abort();
            break;
        }
        if (!has)
            break;
        check_row(&row);
        if (fmt == SHEET_CSV && row.number != last + 1)
            abort();
        last = row.number;
    }
    uint64_t done = 0, total = 0;
    sheet_progress(s, &done, &total);
    if (done > total)
        abort();
    sheet_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_all(data, size, SHEET_CSV, SHEET_ENC_AUTO);
    read_all(data, size, SHEET_CSV, SHEET_ENC_UTF8);
    read_all(data, size, SHEET_CSV, SHEET_ENC_GB18030);
    read_all(data, size, SHEET_AUTO, SHEET_ENC_AUTO);
    return 0;
}
