/* db_rows_collect (db.h): a list read whole, or its error. Engine-neutral: it only steps. */
#include "db/db.h"

#include <string.h>

#include "core/arena.h"
#include "core/mem.h"

#define ROWS_FIRST_CAP 8

enum kh_status db_rows_collect(struct db_stmt *s, struct arena *a, size_t row_size,
                               db_row_fn *read_row, struct db_rows *out, struct kh_err *err)
{
    out->items = NULL;
    out->count = 0;
    size_t cap = ROWS_FIRST_CAP, n = 0;
    /* One element more than the rows, zeroed: the end marker some callers walk to. */
    char *items = arena_alloc(a, kh_size_mul(cap + 1, row_size));
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (n == cap) {
            /* Doubling in an arena leaves the old array behind: at most as much again. */
            char *bigger = arena_alloc(a, kh_size_mul(kh_size_mul(cap, 2) + 1, row_size));
            memcpy(bigger, items, n * row_size);
            items = bigger;
            cap *= 2;
        }
        read_row(s, a, items + n * row_size);
        n++;
    }
    if (r == DB_ERROR)
        return err->code;
    out->items = items;
    out->count = (int)n;
    return KH_OK;
}
