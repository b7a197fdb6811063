/* The keyset cursor codec (see cursor.h). */
#include "core/cursor.h"

#include <stdio.h>
#include <string.h>

#define CURSOR_VERSION 1
/* The largest binary form (see CURSOR_MAX_LEN). */
#define CURSOR_BYTES_MAX (1 + 4 + CURSOR_MAX_KEYS * 9 + CURSOR_TEXT_MAX + 8 + 4)

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static uint32_t fnv1a(uint32_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

#define FNV_OFFSET 2166136261u

uint32_t cursor_tag(const char *list, unsigned order)
{
    char num[16];
    int n = snprintf(num, sizeof(num), "/%u", order);
    uint32_t h = fnv1a(FNV_OFFSET, (const unsigned char *)list, strlen(list));
    return fnv1a(h, (const unsigned char *)num, (size_t)n);
}

/* ---- the binary form ---- */

struct bytes {
    unsigned char p[CURSOR_BYTES_MAX];
    size_t len;
};

static void put_be(struct bytes *b, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--)
        b->p[b->len++] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static bool pack(struct bytes *b, uint32_t tag, const struct cursor *c)
{
    if (c->nkeys < 0 || c->nkeys > CURSOR_MAX_KEYS)
        return false;
    size_t text = 0;
    b->len = 0;
    b->p[b->len++] = CURSOR_VERSION;
    put_be(b, tag, 4);
    for (int k = 0; k < c->nkeys; k++) {
        const struct cursor_key *key = &c->keys[k];
        if (key->kind != CURSOR_INT && key->kind != CURSOR_TEXT)
            return false;
        b->p[b->len++] = (unsigned char)key->kind;
        if (key->kind == CURSOR_INT) {
            put_be(b, (uint64_t)key->i, 8);
            continue;
        }
        size_t n = key->t ? strlen(key->t) : 0;
        if ((text += n) > CURSOR_TEXT_MAX)
            return false;
        put_be(b, n, 2);
        if (n)
            memcpy(b->p + b->len, key->t, n);
        b->len += n;
    }
    put_be(b, (uint64_t)c->id, 8);
    put_be(b, fnv1a(FNV_OFFSET, b->p, b->len), 4);
    return true;
}

const char *cursor_encode(struct arena *a, uint32_t tag, const struct cursor *c)
{
    struct bytes b;
    if (!pack(&b, tag, c))
        return NULL;
    char *out = arena_alloc(a, (b.len + 2) / 3 * 4 + 1);
    size_t o = 0;
    for (size_t i = 0; i < b.len; i += 3) {
        uint32_t v = (uint32_t)b.p[i] << 16;
        size_t n = b.len - i < 3 ? b.len - i : 3;
        if (n > 1)
            v |= (uint32_t)b.p[i + 1] << 8;
        if (n > 2)
            v |= b.p[i + 2];
        for (size_t k = 0; k <= n; k++)
            out[o++] = b64[(v >> (18 - 6 * k)) & 63];
    }
    out[o] = '\0';
    return out;
}

/* ---- decoding ---- */

static int b64_value(char ch)
{
    const char *p = ch ? strchr(b64, ch) : NULL;
    return p ? (int)(p - b64) : -1;
}

/*
 * Strict base64url without padding: only the alphabet, no length that
 * leaves a lone character, and the unused low bits of the last character
 * zero, so each byte string has one text form and any edit shows.
 */
static bool unbase64(struct str s, struct bytes *b)
{
    if (s.len == 0 || s.len % 4 == 1 || s.len > CURSOR_MAX_LEN)
        return false;
    b->len = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < s.len; i++) {
        int v = b64_value(s.ptr[i]);
        if (v < 0)
            return false;
        acc = (acc << 6 | (uint32_t)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            b->p[b->len++] = (unsigned char)(acc >> bits);
        }
    }
    return (acc & ((1u << bits) - 1)) == 0;
}

static enum kh_status invalid(struct cursor *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    return kh_err_set(err, KH_E_INVALID, "cursor", "分页游标无效，请从第一页开始",
                      "invalid cursor; start again from the first page");
}

/* The keys of b (from *pos) as kinds says; false on any mismatch. */
static bool unpack_keys(struct arena *a, const struct bytes *b, size_t *pos, size_t end,
                        const char *kinds, struct cursor *out)
{
    size_t p = *pos;
    for (const char *k = kinds; *k; k++) {
        if (p >= end || b->p[p] != (unsigned char)*k)
            return false;
        struct cursor_key *key = &out->keys[out->nkeys++];
        key->kind = (enum cursor_kind) * k;
        p++;
        if (*k == CURSOR_INT) {
            if (end - p < 8)
                return false;
            key->i = (int64_t)get_be(b->p + p, 8);
            p += 8;
            continue;
        }
        if (end - p < 2)
            return false;
        size_t n = (size_t)get_be(b->p + p, 2);
        p += 2;
        if (end - p < n || memchr(b->p + p, '\0', n))
            return false;
        key->t = arena_strndup(a, (const char *)b->p + p, n);
        p += n;
    }
    *pos = p;
    return true;
}

enum kh_status cursor_decode(struct arena *a, struct str text, uint32_t tag, const char *kinds,
                             struct cursor *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct bytes b;
    if (strlen(kinds) > CURSOR_MAX_KEYS || !unbase64(text, &b) || b.len < 1 + 4 + 8 + 4 ||
        b.p[0] != CURSOR_VERSION)
        return invalid(out, err);
    size_t end = b.len - 4;
    if (get_be(b.p + end, 4) != fnv1a(FNV_OFFSET, b.p, end))
        return invalid(out, err);
    if (get_be(b.p + 1, 4) != tag) {
        memset(out, 0, sizeof(*out));
        return kh_err_set(err, KH_E_INVALID, "cursor",
                          "分页游标属于另一种排序或另一个列表，请从第一页开始",
                          "the cursor belongs to another sort order or list; start again from "
                          "the first page");
    }
    size_t pos = 5;
    if (!unpack_keys(a, &b, &pos, end, kinds, out) || end - pos != 8)
        return invalid(out, err);
    out->id = (int64_t)get_be(b.p + pos, 8);
    if (out->id < 1)
        return invalid(out, err);
    return KH_OK;
}

int cursor_page_end(struct arena *a, uint32_t tag, int rows, int limit, int64_t last_id,
                    const char **next)
{
    if (rows <= limit)
        return rows;
    struct cursor nc = {.id = last_id};
    *next = cursor_encode(a, tag, &nc);
    return limit;
}

int cursor_page_end_int(struct arena *a, uint32_t tag, int rows, int limit, int64_t last_key,
                        int64_t last_id, const char **next)
{
    if (rows <= limit)
        return rows;
    struct cursor nc = {.nkeys = 1, .keys = {{CURSOR_INT, last_key, 0}}, .id = last_id};
    *next = cursor_encode(a, tag, &nc);
    return limit;
}
