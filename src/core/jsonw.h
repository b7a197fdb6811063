#ifndef KH_CORE_JSONW_H
#define KH_CORE_JSONW_H

/*
 * A JSON writer that appends straight to a buf, for the hot answers (a
 * customer, a page of customers) where building a jansson tree and dumping
 * it costs more than the database reads. The output is the compact JSON
 * that jansson writes for the same values: UTF-8 text is copied as is,
 * '"', '\' and control characters are escaped.
 *
 * Commas are automatic: jw_key and jw_item add one unless the value is the
 * first of its object or array. Callers open and close containers with
 * buf_putc(b, '{') ... buf_putc(b, '}').
 */

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"

/* A quoted, escaped string; NULL writes "". s must be valid UTF-8. */
void jw_str(struct buf *b, const char *s);
/* ',"key":' (no comma after '{'). Keys are literals: they are not escaped. */
void jw_keyn(struct buf *b, const char *key, size_t n);
/* ',' before an array item (none after '['). */
void jw_item(struct buf *b);
void jw_int(struct buf *b, int64_t v);
void jw_bool(struct buf *b, bool v);
void jw_null(struct buf *b);
/* "key":{"id":…,"name":…} for a reference to a record, or "key":null for no id (0). */
void jw_ref(struct buf *b, const char *key, int64_t id, const char *name);
/* "key":{"id":…,"code":…,"name":…}: a record known by its code too (a customer). */
void jw_coded(struct buf *b, const char *key, int64_t id, const char *code, const char *name);

/*
 * The same with the key's length taken here, inline: for a literal key the
 * compiler computes it (a page of customers writes about 2,000 keys).
 */
static inline void jw_key(struct buf *b, const char *key)
{
    jw_keyn(b, key, strlen(key));
}

/* Shorthands: jw_key + value. */
static inline void jw_kstr(struct buf *b, const char *key, const char *s)
{
    jw_keyn(b, key, strlen(key));
    jw_str(b, s);
}

static inline void jw_kint(struct buf *b, const char *key, int64_t v)
{
    jw_keyn(b, key, strlen(key));
    jw_int(b, v);
}

#endif
