#include "core/jsonw.h"

#include <inttypes.h>
#include <string.h>

static bool needs_escape(unsigned char ch)
{
    return ch < 0x20 || ch == '"' || ch == '\\';
}

void jw_str(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    char *out = buf_space(b, n * 6 + 2); /* every byte escaped as \u00XX at worst */
    if (!out)
        return;
    char *o = out;
    *o++ = '"';
    for (; *p; p++) {
        unsigned char ch = *p;
        if (!needs_escape(ch)) {
            *o++ = (char)ch;
            continue;
        }
        *o++ = '\\';
        switch (ch) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '\n':
            *o++ = 'n';
            break;
        case '\r':
            *o++ = 'r';
            break;
        case '\t':
            *o++ = 't';
            break;
        case '\b':
            *o++ = 'b';
            break;
        case '\f':
            *o++ = 'f';
            break;
        default:
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[ch >> 4];
            *o++ = hex[ch & 15];
            break;
        }
    }
    *o++ = '"';
    buf_advance(b, (size_t)(o - out));
}

/* A value follows another in its container (not right after '{' or '['). */
static bool needs_comma(const struct buf *b)
{
    return b->len && b->data[b->len - 1] != '{' && b->data[b->len - 1] != '[';
}

void jw_keyn(struct buf *b, const char *key, size_t n)
{
    char *o = buf_space(b, n + 4);
    if (!o)
        return;
    char *start = o;
    if (needs_comma(b))
        *o++ = ',';
    *o++ = '"';
    memcpy(o, key, n);
    o += n;
    *o++ = '"';
    *o++ = ':';
    buf_advance(b, (size_t)(o - start));
}

void jw_item(struct buf *b)
{
    if (needs_comma(b))
        buf_putc(b, ',');
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

void jw_ref(struct buf *b, const char *key, int64_t id, const char *name)
{
    jw_keyn(b, key, strlen(key));
    if (!id) {
        jw_null(b);
        return;
    }
    buf_putc(b, '{');
    jw_keyn(b, "id", 2);
    jw_int(b, id);
    jw_keyn(b, "name", 4);
    jw_str(b, name ? name : "");
    buf_putc(b, '}');
}

void jw_coded(struct buf *b, const char *key, int64_t id, const char *code, const char *name)
{
    jw_keyn(b, key, strlen(key));
    buf_putc(b, '{');
    jw_keyn(b, "id", 2);
    jw_int(b, id);
    jw_keyn(b, "code", 4);
    jw_str(b, code);
    jw_keyn(b, "name", 4);
    jw_str(b, name);
    buf_putc(b, '}');
}
