#include "core/jsonw.h"

#include <inttypes.h>
#include <string.h>

static bool needs_escape(unsigned char ch)
{
    return ch < 0x20 || ch == '"' || ch == '\\';
}

void jw_str(struct buf *b, const char *s)
{
    buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        const unsigned char *run = p;
        while (*p && !needs_escape(*p))
            p++;
        if (p > run)
            buf_append(b, run, (size_t)(p - run));
        if (!*p)
            break;
        switch (*p) {
        case '"':
            buf_puts(b, "\\\"");
            break;
        case '\\':
            buf_puts(b, "\\\\");
            break;
        case '\n':
            buf_puts(b, "\\n");
            break;
        case '\r':
            buf_puts(b, "\\r");
            break;
        case '\t':
            buf_puts(b, "\\t");
            break;
        case '\b':
            buf_puts(b, "\\b");
            break;
        case '\f':
            buf_puts(b, "\\f");
            break;
        default:
            buf_printf(b, "\\u%04X", (unsigned)*p);
            break;
        }
        p++;
    }
    buf_putc(b, '"');
}

static void comma(struct buf *b)
{
    if (b->len && b->data[b->len - 1] != '{' && b->data[b->len - 1] != '[')
        buf_putc(b, ',');
}

void jw_key(struct buf *b, const char *key)
{
    comma(b);
    jw_str(b, key);
    buf_putc(b, ':');
}

void jw_item(struct buf *b)
{
    comma(b);
}

void jw_int(struct buf *b, int64_t v)
{
    char t[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        t[sizeof(t) - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        t[sizeof(t) - 1 - n++] = '-';
    buf_append(b, t + sizeof(t) - n, n);
}

void jw_bool(struct buf *b, bool v)
{
    buf_puts(b, v ? "true" : "false");
}

void jw_null(struct buf *b)
{
    buf_puts(b, "null");
}

void jw_kstr(struct buf *b, const char *key, const char *s)
{
    jw_key(b, key);
    jw_str(b, s);
}

void jw_kint(struct buf *b, const char *key, int64_t v)
{
    jw_key(b, key);
    jw_int(b, v);
}
