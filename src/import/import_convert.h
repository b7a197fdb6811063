#ifndef KH_IMPORT_IMPORT_CONVERT_H
#define KH_IMPORT_IMPORT_CONVERT_H

/* Row conversion of the import capability. */

#include "import/import_internal.h"

struct import_convert {
    const struct kh_ctx *ctx; /* the row's context (arena per row) */
    struct arena *arena;
    const struct import_colmap *cols;
    int ncols;
    const struct profile_template *tpls;
    int ntpls;
    bool csv; /* cells of a CSV: take off the formula guard (sheet_csv_unguard) */
    const struct import_value_map *values; /* the user's value mapping */
    int nvalues;
    struct import_choice_memo *memo; /* NULL: resolve every cell */
};

/*
 * What each column's choice values resolved to, so that a value repeated on
 * a million rows is matched once (a few hundred values per column). Used
 * by one thread at a time (the import's reader).
 */
struct import_choice_memo;
struct import_choice_memo *import__memo_new(int ncols);
void import__memo_free(struct import_choice_memo *m);

/*
 * Cells to a customer input and an optional contact (ct->name NULL when the
 * row has none). On a conversion error, *bad_column is the column index (of
 * the first bad cell). When err collects (kh_err_collect), every cell whose
 * value cannot be read is added and the others are still converted.
 */
KH_NODISCARD enum kh_status import__convert(const struct import_convert *cv,
                                            const char *const *cells, int ncells,
                                            struct customer_input *in, struct contact *ct,
                                            int *bad_column, struct kh_err *err);
/* Dates as found in spreadsheets to YYYY-MM-DD (the text itself when unknown). */
const char *import_date(struct arena *a, const char *text);
/* Region names or codes to codes (fields province_code / city_code / district_code). */
KH_NODISCARD enum kh_status import__regions(const char *prov, const char *city, const char *dist,
                                            struct customer_input *in, struct kh_err *err);

#endif
