/*
 * libFuzzer target for the keyset cursor codec (src/core/cursor.h), the
 * text a client hands back as ?cursor= to every list.
 * Input: one flag byte, then the rest.
 *
 * - bits 0-2 pick the key kinds a list expects ("", "i", "t", "ti", "it",
 *   "iiii", "tttt", "itit"); bit 3 the order (two orders of one list).
 * - bit 7 clear: the rest is a cursor's text. cursor_decode must accept it
 *   or refuse it with KH_E_INVALID and the field "cursor"; an accepted one
 *   re-encodes to exactly the same text (one text per cursor, so an edit
 *   always shows), and the other order refuses it.
 * - bit 7 set: the rest builds a cursor (8 bytes per int key, text keys up
 *   to a 0 byte, then 8 bytes of id): cursor_encode must give text that
 *   decodes to the same keys and id, or NULL only when the text keys are
 *   longer than CURSOR_TEXT_MAX together.
 *   ninja -C build/fuzz fuzz/fuzz_cursor && build/fuzz/fuzz/fuzz_cursor fuzz/corpus/cursor
 * (scripts/fuzz.sh cursor sets up build/fuzz).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kind_sets[] = {"", "i", "t", "ti", "it", "iiii", "tttt", "itit"};

static void check_refusal(enum kh_status st, const struct kh_err *err)
{
    if (st != KH_E_INVALID || strcmp(err->field, "cursor") != 0)
        abort();
}

static bool same(const struct cursor *a, const struct cursor *b)
{
    if (a->nkeys != b->nkeys || a->id != b->id)
        return false;
    for (int i = 0; i < a->nkeys; i++) {
        const struct cursor_key *x = &a->keys[i], *y = &b->keys[i];
        if (x->kind != y->kind || (x->kind == CURSOR_INT ? x->i != y->i : strcmp(x->t, y->t)))
            return false;
    }
    return true;
}

static void decode_text(struct arena *a, const char *kinds, uint32_t tag, uint32_t other,
                        const uint8_t *p, size_t n)
{
    struct cursor c;
    struct kh_err err;
    enum kh_status st = cursor_decode(a, str_make((const char *)p, n), tag, kinds, &c, &err);
    if (st) {
        check_refusal(st, &err);
        return;
    }
    const char *again = cursor_encode(a, tag, &c);
    if (!again || strlen(again) != n || memcmp(again, p, n) != 0)
        abort();
    struct cursor d;
    check_refusal(cursor_decode(a, str_make((const char *)p, n), other, kinds, &d, &err), &err);
}

static int64_t take_int(const uint8_t **p, const uint8_t *end)
{
    uint64_t v = 0;
    for (int i = 0; i < 8 && *p < end; i++)
        v = v << 8 | *(*p)++;
    return (int64_t)v;
}

static void encode_built(struct arena *a, const char *kinds, uint32_t tag, const uint8_t *p,
                         size_t n)
{
    const uint8_t *end = p + n;
    struct cursor c = {0};
    size_t text = 0;
    for (const char *k = kinds; *k; k++) {
        struct cursor_key *key = &c.keys[c.nkeys++];
        key->kind = (enum cursor_kind) * k;
        if (*k == CURSOR_INT) {
            key->i = take_int(&p, end);
            continue;
        }
        const uint8_t *z = memchr(p, 0, (size_t)(end - p));
        size_t len = z ? (size_t)(z - p) : (size_t)(end - p);
        key->t = arena_strndup(a, (const char *)p, len);
        text += len;
        p += len + (z ? 1 : 0);
    }
    c.id = take_int(&p, end);
    if (c.id < 1)
        c.id = 1;
    const char *s = cursor_encode(a, tag, &c);
    if (!s) {
        if (text <= CURSOR_TEXT_MAX)
            abort();
        return;
    }
    struct cursor d;
    struct kh_err err;
    if (strlen(s) > CURSOR_MAX_LEN || cursor_decode(a, str_from(s), tag, kinds, &d, &err) ||
        !same(&c, &d))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct arena a;
    arena_init(&a);
    const char *kinds = kind_sets[data[0] & 7];
    uint32_t tag = cursor_tag("fuzz", (data[0] >> 3) & 1);
    uint32_t other = cursor_tag("fuzz", ((data[0] >> 3) & 1) ^ 1);
    if (data[0] & 0x80)
        encode_built(&a, kinds, tag, data + 1, size - 1);
    else
        decode_text(&a, kinds, tag, other, data + 1, size - 1);
    arena_release(&a);
    return 0;
}
