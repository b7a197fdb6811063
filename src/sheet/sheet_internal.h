#ifndef KH_SHEET_SHEET_INTERNAL_H
#define KH_SHEET_SHEET_INTERNAL_H

/*
 * Shared between sheet.c (dispatch, row storage), csv.c and xlsx.c. Not part
 * of the public contract.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"
#include "sheet/sheet.h"

#define SHEET_CELL_MAX ((size_t)32 * 1024)       /* bytes of UTF-8 in one cell */
#define SHEET_ROW_CELLS_MAX 512                  /* cells in one row */
#define SHEET_CHUNK ((size_t)64 * 1024)          /* read size, and the detection window */
#define SHEET_XLSX_SHEET_MAX ((uint64_t)1 << 30) /* uncompressed worksheet XML */
#define SHEET_XLSX_SST_MAX ((uint64_t)256 << 20) /* uncompressed shared strings XML */
#define SHEET_XLSX_SMALL_MAX ((size_t)16 << 20)  /* workbook.xml and its rels */
/*
 * The shared strings table is the one part of an .xlsx held in memory while
 * the sheet is read, so it is capped by what it costs there: its strings
 * (4 bytes of offset each) and their bytes. And an entry that inflates
 * more than SHEET_XLSX_INFLATE_RATIO times its compressed size (Apache
 * POI's bound) is a bomb, refused after its first SHEET_XLSX_INFLATE_GRACE
 * bytes, before the table grows.
 */
#define SHEET_XLSX_SST_COUNT_MAX ((size_t)4 << 20) /* shared strings in the table */
#define SHEET_XLSX_SST_TEXT_MAX ((size_t)64 << 20) /* their bytes, as kept */
#define SHEET_XLSX_INFLATE_RATIO 100
#define SHEET_XLSX_INFLATE_GRACE ((uint64_t)1 << 20)

/*
 * The cells of the current row: their bytes back to back in one buffer, each
 * followed by a NUL, plus where each starts. Pointers are made only when the
 * row is handed out, since the buffer may move while it grows.
 */
struct sheet__row {
    struct buf text;
    size_t *starts;
    const char **ptrs;
    size_t *lens;
    int ncells;
    int alloc;
    size_t cell_start; /* offset in text of the cell being written */
};

void sheet__row_init(struct sheet__row *r);
void sheet__row_release(struct sheet__row *r);
/* Forget all cells (keeps the memory). */
void sheet__row_clear(struct sheet__row *r);
/* Append to the cell being written. False when the cell would pass SHEET_CELL_MAX. */
KH_NODISCARD bool sheet__cell_append(struct sheet__row *r, const void *p, size_t n);
/* Bytes of the cell being written so far. */
const char *sheet__cell_data(const struct sheet__row *r, size_t *len);
/* Finish the cell being written. False when the row would pass SHEET_ROW_CELLS_MAX. */
KH_NODISCARD bool sheet__cell_end(struct sheet__row *r);
/* Point out at the finished cells; valid until the next change of r. */
void sheet__row_view(struct sheet__row *r, struct sheet_row *out, int64_t number);

/* "第 N 行：<zh>" / "row N: <en>", KH_E_INVALID, field "file". */
enum kh_status sheet__err_row(struct kh_err *err, int64_t row, const char *zh, const char *en);
enum kh_status sheet__err_cell_too_long(struct kh_err *err, int64_t row);
enum kh_status sheet__err_too_many_cells(struct kh_err *err, int64_t row);

/* Raw bytes of a CSV file: a FILE read in chunks, or a memory buffer. */
struct sheet__src {
    FILE *fp;
    const unsigned char *mem;
    size_t mem_len;
    size_t mem_pos;
    uint64_t done;
    uint64_t total;
};

/* Read up to cap bytes; 0 at the end. KH_E_INTERNAL on a read error. */
KH_NODISCARD enum kh_status sheet__src_read(struct sheet__src *src, void *dst, size_t cap,
                                            size_t *got, struct kh_err *err);

struct sheet__csv;
struct sheet__xlsx;

struct sheet {
    enum sheet_format format;
    const char *enc_name;
    struct sheet__row row;
    struct sheet__src src;
    struct sheet__csv *csv;
    struct sheet__xlsx *xlsx;
    bool failed; /* a previous sheet_next failed: keep failing */
    struct kh_err failure;
};

/* Set up s->csv over s->src (already open); chooses s->enc_name. */
KH_NODISCARD enum kh_status sheet__csv_open(struct sheet *s, enum sheet_encoding enc,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status sheet__csv_next(struct sheet *s, struct sheet_row *row, bool *has_row,
                                            struct kh_err *err);
void sheet__csv_free(struct sheet__csv *c);

/* Set up s->xlsx from a path or (path NULL) a memory buffer. */
KH_NODISCARD enum kh_status sheet__xlsx_open(struct sheet *s, const char *path, const void *data,
                                             size_t len, struct kh_err *err);
/* The same from a descriptor open for reading, which it takes (closed with the sheet). */
KH_NODISCARD enum kh_status sheet__xlsx_open_fd(struct sheet *s, int fd, struct kh_err *err);
KH_NODISCARD enum kh_status sheet__xlsx_next(struct sheet *s, struct sheet_row *row, bool *has_row,
                                             struct kh_err *err);
void sheet__xlsx_progress(const struct sheet__xlsx *x, uint64_t *done, uint64_t *total);
void sheet__xlsx_free(struct sheet__xlsx *x);

#endif
