#include "core/contentline.h"

#include <string.h>

#include "core/utf8.h"

/* Append n bytes, starting a continuation line (CRLF, space) before 75 octets. */
static void fold(struct buf *out, const char *s, size_t n, size_t *col)
{
    if (*col + n > 75) {
        buf_puts(out, "\r\n ");
        *col = 1;
    }
    buf_append(out, s, n);
    *col += n;
}

static void put(struct buf *out, const char *name, const char *value, bool escape)
{
    size_t col = 0;
    for (const char *p = name; *p; p++)
        fold(out, p, 1, &col);
    fold(out, ":", 1, &col);
    size_t len = value ? strlen(value) : 0;
    for (size_t i = 0; i < len;) {
        char c = value[i];
        if (escape && (c == '\\' || c == ';' || c == ',')) {
            char e[2] = {'\\', c};
            fold(out, e, 2, &col);
            i++;
            continue;
        }
        if (c == '\n') {
            fold(out, "\\n", 2, &col);
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = utf8_decode(value + i, len - i, &cp);
        if (!n || (n == 1 && (unsigned char)c < 0x20) || c == 0x7f) {
            i++; /* invalid bytes and control characters have no place in a value */
            continue;
        }
        fold(out, value + i, n, &col);
        i += n;
    }
    buf_puts(out, "\r\n");
}

void contentline_put(struct buf *out, const char *name, const char *value)
{
    put(out, name, value, true);
}

void contentline_put_raw(struct buf *out, const char *name, const char *value)
{
    put(out, name, value, false);
}
