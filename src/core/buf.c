#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void buf_init(struct buf *b, size_t cap)
{
    memset(b, 0, sizeof(*b));
    b->cap = cap;
}

void buf_release(struct buf *b)
{
    if (!b)
        return;
    free(b->data);
    memset(b, 0, sizeof(*b));
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    b->overflow = false;
    if (b->data)
        b->data[0] = '\0';
}

void buf_rewind(struct buf *b, size_t len, bool overflow)
{
    if (len < b->len)
        b->len = len;
    b->overflow = overflow;
    if (b->data)
        b->data[b->len] = '\0';
}

const char *buf_cstr(const struct buf *b)
{
    return b->data ? b->data : "";
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *p = b->data ? b->data : kh_strdup("");
    if (len)
        *len = b->len;
    size_t cap = b->cap;
    memset(b, 0, sizeof(*b));
    b->cap = cap;
    return p;
}

static bool buf_grow(struct buf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : BUF_DEFAULT_CAP;
    if (b->overflow || extra > cap - b->len) {
        b->overflow = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return true;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = kh_size_mul(n, 2);
    b->data = kh_realloc(b->data, n);
    b->alloc = n;
    return true;
}

char *buf_space_grow(struct buf *b, size_t n)
{
    return buf_grow(b, n) ? b->data + b->len : NULL;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
    if (!buf_grow(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
    buf_append(b, &c, 1);
}

void buf_put_str(struct buf *b, struct str s)
{
    buf_append(b, s.ptr, s.len);
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !buf_grow(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
#pragma GCC diagnostic pop
    b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}
