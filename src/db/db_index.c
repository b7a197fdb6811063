/* The statement cache's index (db_internal.h), shared by the backends. */
#include <stdint.h>
#include <stdlib.h>

#include "core/mem.h"
#include "db/db_internal.h"

#define DB_INDEX_BITS_MIN 6

/* Fibonacci hashing: the top bits of the address times 2^64 / phi. */
static size_t index_hash(const char *key, unsigned bits)
{
    return (size_t)(((uint64_t)(uintptr_t)key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - bits));
}

void *db__index_find(const struct db_index *ix, const char *key)
{
    if (!ix->slots)
        return NULL;
    size_t mask = ((size_t)1 << ix->bits) - 1;
    for (size_t i = index_hash(key, ix->bits);; i = (i + 1) & mask) {
        if (ix->slots[i].key == key)
            return ix->slots[i].val;
        if (!ix->slots[i].key)
            return NULL;
    }
}

static void index_put(struct db_index_slot *slots, unsigned bits, const char *key, void *val)
{
    size_t mask = ((size_t)1 << bits) - 1;
    size_t i = index_hash(key, bits);
    while (slots[i].key)
        i = (i + 1) & mask;
    slots[i] = (struct db_index_slot){key, val};
}

void db__index_add(struct db_index *ix, const char *key, void *val)
{
    if (!ix->slots || (ix->n + 1) * 2 > (size_t)1 << ix->bits) {
        unsigned bits = ix->slots ? ix->bits + 1 : DB_INDEX_BITS_MIN;
        struct db_index_slot *slots = kh_calloc((size_t)1 << bits, sizeof(*slots));
        for (size_t i = 0; ix->slots && i < (size_t)1 << ix->bits; i++)
            if (ix->slots[i].key)
                index_put(slots, bits, ix->slots[i].key, ix->slots[i].val);
        free(ix->slots);
        ix->slots = slots;
        ix->bits = bits;
    }
    index_put(ix->slots, ix->bits, key, val);
    ix->n++;
}

void db__index_free(struct db_index *ix)
{
    free(ix->slots);
    *ix = (struct db_index){0};
}
