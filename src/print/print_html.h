#ifndef KH_PRINT_PRINT_HTML_H
#define KH_PRINT_PRINT_HTML_H

/*
 * The print layout's HTML writer: a document is a head (title, secrecy
 * level, who printed it and when), sections of label/value pairs and of
 * tables, and the print CSS around them. Every text is escaped here; the
 * callers pass plain UTF-8.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"

struct ph {
    struct buf b;
    struct arena *a;
    bool en;
    int ncols; /* the open table's columns */
};

/*
 * Start a document: the CSS (fonts at font_base; running header with
 * running_title and the level; page numbers; the watermark text on every
 * page), then the document's head.
 */
void ph_begin(struct ph *h, struct arena *a, bool en, const char *font_base, const char *kind,
              const char *title, const char *subtitle, int secrecy, const char *watermark);
/* The document (arena-owned); h is released. */
const char *ph_end(struct ph *h);

/* A section heading. */
void ph_section(struct ph *h, const char *zh, const char *en);
/* Label/value pairs in two columns: ph_pairs_begin, ph_pair..., ph_pairs_end. */
void ph_pairs_begin(struct ph *h);
void ph_pair(struct ph *h, const char *zh, const char *en, const char *value);
void ph_pairs_end(struct ph *h);
/* A table: heads are "中文|English" pairs (n of them); rows of n cells; "none" when empty. */
void ph_table_begin(struct ph *h, const char *const *heads, int n);
void ph_row(struct ph *h, const char *const *cells);
/* A row whose cells with a leading '#' are right-aligned numbers (the '#' is not shown). */
void ph_table_end(struct ph *h, int rows);
/* A paragraph of plain text (notes), kept as written (line breaks kept). */
void ph_text(struct ph *h, const char *text);

/* The language's half of "中文|English" (the whole text without a '|'). */
const char *ph_lang(struct ph *h, const char *pair);
/* An amount in fen as "¥1,234.56" (negative with a minus). */
const char *ph_money(struct arena *a, int64_t fen);

#endif
