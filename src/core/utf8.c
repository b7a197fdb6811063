#include "core/utf8.h"

#include <string.h>

/* Valid continuation byte: 10xxxxxx. */
static bool utf8_is_cont(unsigned char c)
{
    return (c & 0xC0u) == 0x80u;
}

size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    *cp = UTF8_REPLACEMENT;
    if (len == 0)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80u) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v;
    uint32_t min;
    if (c >= 0xC2u && c <= 0xDFu) {
        n = 2;
        v = c & 0x1Fu;
        min = 0x80u;
    } else if (c >= 0xE0u && c <= 0xEFu) {
        n = 3;
        v = c & 0x0Fu;
        min = 0x800u;
    } else if (c >= 0xF0u && c <= 0xF4u) {
        n = 4;
        v = c & 0x07u;
        min = 0x10000u;
    } else {
        return 1; /* continuation byte, C0/C1 (always overlong), F5..FF */
    }
    if (len < n)
        return 1;
    for (size_t i = 1; i < n; i++) {
        if (!utf8_is_cont(p[i]))
            return 1;
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFFu || (v >= 0xD800u && v <= 0xDFFFu))
        return 1;
    *cp = v;
    return n;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        /* A genuine U+FFFD takes 3 bytes; a 1-byte U+FFFD is an error. */
        if (cp == UTF8_REPLACEMENT && n == 1)
            return false;
        i += n;
    }
    return true;
}

size_t utf8_count(const char *s, size_t len)
{
    size_t i = 0;
    size_t count = 0;
    while (i < len) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        count++;
    }
    return count;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFFu || (cp >= 0xD800u && cp <= 0xDFFFu))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80u) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800u) {
        out[0] = (char)(0xC0u | (cp >> 6));
        out[1] = (char)(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp < 0x10000u) {
        out[0] = (char)(0xE0u | (cp >> 12));
        out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
        out[2] = (char)(0x80u | (cp & 0x3Fu));
        return 3;
    }
    out[0] = (char)(0xF0u | (cp >> 18));
    out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
    out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
    out[3] = (char)(0x80u | (cp & 0x3Fu));
    return 4;
}

size_t utf8_cut(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t back = 0;
    /* Up to three continuation bytes may end the text; find their lead byte. */
    while (back < 3 && back < len && (u[len - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back == len)
        return len; /* only continuation bytes: invalid text, nothing to protect */
    unsigned char lead = u[len - 1 - back];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > 1 && back + 1 < need)
        return len - 1 - back; /* the last character is incomplete: drop it */
    return len;
}

bool utf8_text_ok(const char *s, size_t max_chars, bool required)
{
    if (!s || !*s)
        return !required;
    size_t n = strlen(s);
    return utf8_valid(s, n) && utf8_count(s, n) <= max_chars;
}
