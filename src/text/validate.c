#include "text/validate.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"

#define EMAIL_MAX 254
#define EMAIL_LOCAL_MAX 64
#define EMAIL_LABEL_MAX 63
#define PHONE_EXT_MAX 6

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - ('a' - 'A')) : c;
}

/* Decode one code point of s at *i, folding fullwidth ASCII; advances *i. */
static uint32_t next_folded(struct str s, size_t *i)
{
    uint32_t cp;
    *i += utf8_decode(s.ptr + *i, s.len - *i, &cp);
    if (cp >= 0xFF01u && cp <= 0xFF5Eu)
        cp -= 0xFEE0u;
    else if (cp == 0x3000u)
        cp = ' ';
    return cp;
}

static bool digits_are_mobile(const char *d, size_t n)
{
    if (n != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(d[i]))
            return false;
    }
    return true;
}

void normalize_phone(struct str s, struct buf *out)
{
    size_t start = out->len;
    size_t i = 0;
    while (i < s.len) {
        uint32_t cp = next_folded(s, &i);
        if (cp >= '0' && cp <= '9')
            buf_putc(out, (char)cp);
    }
    if (out->overflow || out->len < start)
        return;
    char *d = out->data ? out->data + start : NULL;
    size_t n = out->len - start;
    size_t drop = 0;
    if (n == 15 && d[0] == '0' && d[1] == '0' && d[2] == '8' && d[3] == '6' &&
        digits_are_mobile(d + 4, 11))
        drop = 4;
    else if (n == 13 && d[0] == '8' && d[1] == '6' && digits_are_mobile(d + 2, 11))
        drop = 2;
    if (drop > 0) {
        memmove(d, d + drop, n - drop);
        out->len -= drop;
        out->data[out->len] = '\0';
    }
}

/* Only digits and the separators of a written phone number; '+' only first. */
static bool phone_chars_ok(struct str s)
{
    size_t i = 0;
    bool first = true;
    while (i < s.len) {
        uint32_t cp = next_folded(s, &i);
        bool ok = (cp >= '0' && cp <= '9') || cp == ' ' || cp == '-' || cp == '.' || cp == '(' ||
                  cp == ')' || (cp == '+' && first);
        if (!ok)
            return false;
        if (cp != ' ' && cp != '(')
            first = false;
    }
    return true;
}

/* How many digits s holds, and whether a '+' (an international number) is among them. */
static size_t count_digits(struct str s, bool *plus)
{
    size_t n = 0;
    size_t i = 0;
    *plus = false;
    while (i < s.len) {
        uint32_t cp = next_folded(s, &i);
        n += cp >= '0' && cp <= '9';
        *plus = *plus || cp == '+';
    }
    return n;
}

bool valid_cn_mobile(struct str s)
{
    if (s.len == 0 || s.len > 64 || !phone_chars_ok(s))
        return false;
    bool plus = false;
    /* "+1 415 555 0100" is a foreign number, not 1415…: after '+' only 86 leads to a mobile. */
    if (count_digits(s, &plus) != 13 && plus)
        return false;
    struct buf d;
    buf_init(&d, 64);
    normalize_phone(s, &d);
    bool ok = !d.overflow && digits_are_mobile(buf_cstr(&d), d.len);
    buf_release(&d);
    return ok;
}

/* A landline, local or service number, as plain digits (no country code). */
static bool digits_are_phone(const char *d, size_t n)
{
    if (digits_are_mobile(d, n))
        return true;
    if (n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0')
        return true;
    if (n == 10 && (d[0] == '4' || d[0] == '8') && d[1] == '0' && d[2] == '0')
        return true;
    return (n == 7 || n == 8) && d[0] >= '2' && d[0] <= '9';
}

/*
 * Split off an extension introduced by an explicit marker; returns the
 * length of the main part and sets *ext to the extension (may be empty).
 */
static size_t phone_split_ext(struct str s, struct str *ext)
{
    static const char *const markers[] = {
        "\xE8\xBD\xAC" /* 转 */, "ext", "EXT", "Ext", "#", ",", "x", "X"};
    for (size_t i = 0; i < s.len; i++) {
        for (size_t m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
            size_t ml = strlen(markers[m]);
            if (ml <= s.len - i && memcmp(s.ptr + i, markers[m], ml) == 0) {
                size_t j = i + ml;
                while (j < s.len && (s.ptr[j] == ' ' || s.ptr[j] == '.' || s.ptr[j] == ':'))
                    j++;
                *ext = str_make(s.ptr + j, s.len - j);
                return i;
            }
        }
    }
    *ext = str_make(s.ptr + s.len, 0);
    return s.len;
}

static bool ext_ok(struct str ext)
{
    if (ext.len == 0 || ext.len > PHONE_EXT_MAX)
        return false;
    for (size_t i = 0; i < ext.len; i++) {
        if (!is_digit(ext.ptr[i]))
            return false;
    }
    return true;
}

/* The digits of a phone number without its country code ("+86 10 ..." -> "010..."). */
static size_t phone_core_digits(struct str s, char *out, size_t cap)
{
    size_t n = 0;
    size_t i = 0;
    while (i < s.len) {
        uint32_t cp = next_folded(s, &i);
        if (cp >= '0' && cp <= '9') {
            if (n == cap)
                return cap + 1;
            out[n++] = (char)cp;
        }
    }
    struct str t = str_trim(s);
    bool intl = (t.len > 0 && t.ptr[0] == '+') || (n > 4 && memcmp(out, "0086", 4) == 0);
    size_t cc = 0;
    if (intl && n > 4 && memcmp(out, "0086", 4) == 0)
        cc = 4;
    else if (intl && n > 2 && memcmp(out, "86", 2) == 0)
        cc = 2;
    if (cc == 0)
        return intl ? cap + 1 : n; /* a foreign number */
    memmove(out, out + cc, n - cc);
    n -= cc;
    if (!digits_are_mobile(out, n) && out[0] != '0' && n < cap) {
        memmove(out + 1, out, n);
        out[0] = '0';
        n++;
    }
    return n;
}

static bool phone_main_ok(struct str main)
{
    char d[24];
    if (!phone_chars_ok(main))
        return false;
    size_t n = phone_core_digits(main, d, sizeof(d));
    return n <= sizeof(d) && digits_are_phone(d, n);
}

/*
 * Split a trimmed phone number into its main part and extension the way
 * valid_phone_any reads it; false when it is not a phone number.
 */
static bool phone_split(struct str s, struct str *main, struct str *ext)
{
    size_t main_len = phone_split_ext(s, ext);
    if (main_len < s.len) {
        *main = str_trim(str_make(s.ptr, main_len));
        return ext_ok(*ext) && phone_main_ok(*main);
    }
    *main = s;
    if (phone_main_ok(s))
        return true;
    /* "010-12345678-801": a last dash group as the extension. */
    size_t dash = s.len;
    while (dash > 0 && s.ptr[dash - 1] != '-')
        dash--;
    if (dash == 0)
        return false;
    *ext = str_trim(str_make(s.ptr + dash, s.len - dash));
    *main = str_trim(str_make(s.ptr, dash - 1));
    return ext_ok(*ext) && phone_main_ok(*main);
}

bool valid_phone_any(struct str s)
{
    s = str_trim(s);
    if (s.len == 0 || s.len > 64)
        return false;
    if (valid_cn_mobile(s))
        return true;
    struct str main, ext;
    return phone_split(s, &main, &ext);
}

/* Digits 0755 or 010 / 02x: the length of a mainland area code at the start of d. */
static size_t area_code_len(const char *d)
{
    return d[1] == '1' || d[1] == '2' ? 3 : 4;
}

bool phone_canonical(struct str s, struct buf *out)
{
    s = str_trim(s);
    if (s.len == 0 || s.len > 64)
        return false;
    if (valid_cn_mobile(s)) {
        normalize_phone(s, out);
        return true;
    }
    struct str main, ext;
    if (!phone_split(s, &main, &ext))
        return false;
    char d[24];
    size_t n = phone_core_digits(main, d, sizeof(d));
    if (d[0] == '0' && !digits_are_mobile(d, n)) {
        size_t area = area_code_len(d);
        buf_append(out, d, area);
        buf_putc(out, '-');
        buf_append(out, d + area, n - area);
    } else {
        buf_append(out, d, n);
    }
    if (ext.len) {
        buf_putc(out, '-');
        buf_put_str(out, ext);
    }
    return true;
}

static bool email_local_ok(struct str l)
{
    static const char specials[] = "!#$%&'*+/=?^_`{|}~.-";
    if (l.len == 0 || l.len > EMAIL_LOCAL_MAX || l.ptr[0] == '.' || l.ptr[l.len - 1] == '.')
        return false;
    for (size_t i = 0; i < l.len; i++) {
        char c = l.ptr[i];
        if (c == '.' && l.ptr[i - 1] == '.')
            return false;
        if (!is_alpha(c) && !is_digit(c) &&
            (c == '\0' || !memchr(specials, c, sizeof(specials) - 1)))
            return false;
    }
    return true;
}

static bool email_label_ok(struct str l, bool last)
{
    if (l.len == 0 || l.len > EMAIL_LABEL_MAX || l.ptr[0] == '-' || l.ptr[l.len - 1] == '-')
        return false;
    bool all_alpha = true;
    for (size_t i = 0; i < l.len; i++) {
        char c = l.ptr[i];
        if (!is_alpha(c) && !is_digit(c) && c != '-')
            return false;
        all_alpha = all_alpha && is_alpha(c);
    }
    if (!last)
        return true;
    return (all_alpha && l.len >= 2) || (l.len > 4 && memcmp(l.ptr, "xn--", 4) == 0);
}

static bool email_domain_ok(struct str d)
{
    size_t labels = 0;
    size_t start = 0;
    for (size_t i = 0; i <= d.len; i++) {
        if (i < d.len && d.ptr[i] != '.')
            continue;
        if (!email_label_ok(str_make(d.ptr + start, i - start), i == d.len))
            return false;
        labels++;
        start = i + 1;
    }
    return labels >= 2;
}

bool valid_email(struct str s)
{
    if (s.len < 6 || s.len > EMAIL_MAX)
        return false;
    const char *at = memchr(s.ptr, '@', s.len);
    if (!at)
        return false;
    size_t local_len = (size_t)(at - s.ptr);
    struct str domain = str_make(at + 1, s.len - local_len - 1);
    if (memchr(domain.ptr, '@', domain.len))
        return false;
    return email_local_ok(str_make(s.ptr, local_len)) && email_domain_ok(domain);
}

char id_card_check_char(const char first17[17])
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char checks[] = "10X98765432";
    int sum = 0;
    for (size_t i = 0; i < 17; i++) {
        if (!is_digit(first17[i]))
            return '\0';
        sum += (first17[i] - '0') * weights[i];
    }
    return checks[sum % 11];
}

static int digits_value(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

static bool id_province_ok(int p)
{
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
           (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
           p == 81 || p == 82;
}

static bool date_ok(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int max = days[m - 1] + (m == 2 && leap ? 1 : 0);
    return d <= max;
}

bool valid_id_card(struct str s)
{
    if (s.len != 18)
        return false;
    char check = id_card_check_char(s.ptr);
    if (check == '\0' || to_upper(s.ptr[17]) != check)
        return false;
    if (!id_province_ok(digits_value(s.ptr, 2)))
        return false;
    return date_ok(digits_value(s.ptr + 6, 4), digits_value(s.ptr + 10, 2),
                   digits_value(s.ptr + 12, 2));
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Value of c in the USCC alphabet (case-insensitive), or -1. */
static int uscc_value(char c)
{
    char u = to_upper(c);
    for (int i = 0; i < 31; i++) {
        if (uscc_alphabet[i] == u)
            return i;
    }
    return -1;
}

char uscc_check_char(const char first17[17])
{
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (size_t i = 0; i < 17; i++) {
        int v = uscc_value(first17[i]);
        if (v < 0)
            return '\0';
        sum += v * weights[i];
    }
    int c = 31 - sum % 31;
    return uscc_alphabet[c == 31 ? 0 : c];
}

bool valid_uscc(struct str s)
{
    if (s.len != 18)
        return false;
    for (size_t i = 2; i < 8; i++) {
        if (!is_digit(s.ptr[i]))
            return false;
    }
    char check = uscc_check_char(s.ptr);
    return check != '\0' && to_upper(s.ptr[17]) == check;
}

void normalize_compact(struct str s, struct buf *out)
{
    size_t i = 0;
    while (i < s.len) {
        size_t at = i;
        uint32_t cp = next_folded(s, &i);
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n')
            continue;
        if (cp < 0x80u)
            buf_putc(out, to_upper((char)cp));
        else
            buf_append(out, s.ptr + at, i - at);
    }
}

void normalize_upper(struct str s, struct buf *out)
{
    struct buf tmp;
    buf_init(&tmp, 0);
    size_t i = 0;
    while (i < s.len) {
        size_t at = i;
        uint32_t cp = next_folded(s, &i);
        if (cp < 0x80u)
            buf_putc(&tmp, to_upper((char)cp));
        else
            buf_append(&tmp, s.ptr + at, i - at);
    }
    buf_put_str(out, str_trim(str_make(buf_cstr(&tmp), tmp.len)));
    buf_release(&tmp);
}

/* ---- masking (R-SEC-13) ---- */

static bool all_ascii(struct str s)
{
    for (size_t i = 0; i < s.len; i++)
        if ((unsigned char)s.ptr[i] >= 0x80)
            return false;
    return true;
}

/* Write s with every character before its last `keep` replaced by '*' after the first `lead`. */
static char *mask_middle(struct str s, size_t lead, size_t keep, char *out)
{
    if (lead + keep >= s.len) { /* too short to keep both ends: keep at most the last 2 */
        lead = 0;
        keep = s.len > 4 ? 4 : s.len / 2;
    }
    for (size_t i = 0; i < s.len; i++)
        *out++ = i < lead || i >= s.len - keep ? s.ptr[i] : '*';
    return out;
}

static size_t mask_whole(char *out)
{
    memcpy(out, "****", 5);
    return 4;
}

size_t mask_phone(struct str s, char *out)
{
    *out = '\0';
    if (!s.len)
        return 0;
    if (!all_ascii(s))
        return mask_whole(out);
    /* Segments of the stored form: [area-]number[-extension]. */
    char *p = out;
    const char *dash = memchr(s.ptr, '-', s.len);
    size_t start = 0;
    if (dash && s.ptr[0] == '0') {
        start = (size_t)(dash - s.ptr) + 1;
        memcpy(p, s.ptr, start);
        p += start;
    }
    const char *end = memchr(s.ptr + start, '-', s.len - start);
    size_t stop = end ? (size_t)(end - s.ptr) : s.len;
    struct str number = str_make(s.ptr + start, stop - start);
    p = mask_middle(number, start == 0 && number.len >= 10 ? 3 : 0, 4, p);
    memcpy(p, s.ptr + stop, s.len - stop);
    p += s.len - stop;
    *p = '\0';
    return (size_t)(p - out);
}

size_t mask_id_number(struct str s, char *out)
{
    if (!all_ascii(s))
        return mask_whole(out);
    char *p = mask_middle(s, 4, 4, out);
    *p = '\0';
    return (size_t)(p - out);
}

bool is_masked(const char *s)
{
    return s && strchr(s, '*') != NULL;
}
