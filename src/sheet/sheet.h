#ifndef KH_SHEET_SHEET_H
#define KH_SHEET_SHEET_H

/*
 * Streaming readers of spreadsheets from outside: CSV (RFC 4180, in UTF-8
 * with or without BOM, GBK or GB18030, detected or forced) and .xlsx (the
 * first worksheet, read with libzip + expat). Both give rows of UTF-8 cells
 * one at a time, so a file of a million rows is never held in memory.
 *
 * Lifetime: the cells of a row stay valid until the next sheet_next() or
 * sheet_close(). All sizes are capped (cell 32 KiB, row 512 cells); a file
 * over a cap, or malformed, is refused with a clear error naming the row.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

enum sheet_format { SHEET_AUTO, SHEET_CSV, SHEET_XLSX };
enum sheet_encoding { SHEET_ENC_AUTO, SHEET_ENC_UTF8, SHEET_ENC_GBK, SHEET_ENC_GB18030 };

struct sheet;

struct sheet_row {
    const char *const *cells; /* UTF-8, NUL-terminated */
    const size_t *lens;
    int ncells;
    int64_t number; /* 1-based row number in the file (a CSV record with embedded newlines counts
                       once) */
};

/*
 * Open path. SHEET_AUTO picks the format by content (zip magic "PK\3\4" ->
 * xlsx, else CSV). For CSV, SHEET_ENC_AUTO detects: a UTF-8 BOM, else valid
 * UTF-8 in the first 64 KiB, else GB18030 (a superset of GBK). Errors:
 * KH_E_INVALID with field "file" and a message in both languages (not a zip,
 * truncated zip, no worksheet, bad XML, invalid text in the chosen
 * encoding at row N, ...).
 */
KH_NODISCARD enum kh_status sheet_open(const char *path, enum sheet_format format,
                                       enum sheet_encoding enc, struct sheet **out,
                                       struct kh_err *err);
/*
 * The same over a descriptor open for reading on a regular file (a file of
 * the file store). The sheet takes fd: it is closed by sheet_close, or
 * here when the open fails.
 */
KH_NODISCARD enum kh_status sheet_open_fd(int fd, enum sheet_format format, enum sheet_encoding enc,
                                          struct sheet **out, struct kh_err *err);
/* The same over a memory buffer (tests, fuzzing); the buffer must outlive the sheet. */
KH_NODISCARD enum kh_status sheet_open_mem(const void *data, size_t len, enum sheet_format format,
                                           enum sheet_encoding enc, struct sheet **out,
                                           struct kh_err *err);
/*
 * Next row: KH_OK with *has_row true, or KH_OK with *has_row false at the end,
 * or an error (KH_E_INVALID naming the row) for malformed input. Empty
 * trailing cells are kept as empty strings; a completely empty line is a
 * row with one empty cell (callers skip blank rows).
 */
KH_NODISCARD enum kh_status sheet_next(struct sheet *s, struct sheet_row *row, bool *has_row,
                                       struct kh_err *err);
/* Bytes consumed so far and the file's size (for a progress bar; xlsx: of the sheet XML). */
void sheet_progress(const struct sheet *s, uint64_t *done, uint64_t *total);
/* What was detected or used: "csv"/"xlsx" and "utf-8"/"gbk"/"gb18030". */
const char *sheet_format_name(const struct sheet *s);

/*
 * The formula guard of CSV files (DECISIONS §51). A spreadsheet runs
 * a CSV cell starting with "=", "@", a tab, a carriage return, or "+"/"-"
 * not followed by a digit as a formula, so a writer prefixes such a cell
 * with "'"; it prefixes a cell that starts with "'" too, so that a reader
 * can take exactly one "'" off every cell whose rest is guarded, and a
 * value that starts with "'" comes back as it was:
 *
 *     value      written     read back
 *     =1+1       '=1+1       =1+1
 *     'abc       ''abc       'abc
 *     '=1        ''=1        '=1
 *     -12        -12         -12
 *
 * A hand-written "'abc" (whose rest needs no guard) is read as it is.
 */
bool sheet_csv_guard(const char *cell);
/* The cell without the guard sheet_csv_guard made it carry (a pointer into cell). */
const char *sheet_csv_unguard(const char *cell);
const char *sheet_encoding_name(const struct sheet *s);
void sheet_close(struct sheet *s);

#endif
