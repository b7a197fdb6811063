#ifndef KH_CORE_BUF_H
#define KH_CORE_BUF_H

/*
 * A growable byte buffer with a size cap. The contents are always
 * NUL-terminated (the terminator is not counted in len). Allocation failure
 * aborts; exceeding the cap sets the overflow flag and drops the write, so a
 * writer can append freely and check once at the end.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct buf {
    char *data;
    size_t len;
    size_t alloc;
    size_t cap; /* maximum len; 0 means the default (64 MiB) */
    bool overflow;
};

#define BUF_DEFAULT_CAP ((size_t)64 << 20)

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0, 0, false                                                                       \
    }

void buf_init(struct buf *b, size_t cap);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
/*
 * Back to an earlier state, to undo a writer that gave up: len (at most the
 * current length) and the overflow flag as they were then.
 */
void buf_rewind(struct buf *b, size_t len, bool overflow);
/* The contents as a C string (never NULL). */
const char *buf_cstr(const struct buf *b);
/* Move the contents out (caller frees with free()); the buffer is reset. */
char *buf_detach(struct buf *b, size_t *len);

void buf_append(struct buf *b, const void *p, size_t n);
/*
 * Room for up to n more bytes at the end: write there, then buf_advance by
 * what was written (at most n). NULL when n would pass the cap (overflow is
 * set, as for an append).
 */
char *buf_space_grow(struct buf *b, size_t n);

/* Inline: the JSON writer asks for room once per key and per value. */
static inline char *buf_space(struct buf *b, size_t n)
{
    size_t cap = b->cap ? b->cap : BUF_DEFAULT_CAP;
    if (!b->overflow && n <= cap - b->len && b->len + n + 1 <= b->alloc)
        return b->data + b->len;
    return buf_space_grow(b, n);
}

static inline void buf_advance(struct buf *b, size_t n)
{
    b->len += n;
    b->data[b->len] = '\0';
}
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_put_str(struct buf *b, struct str s);
void buf_printf(struct buf *b, const char *fmt, ...) KH_PRINTF(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);

#endif
