#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#define ARENA_BLOCK_SIZE 8192

struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t size;
    max_align_t data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    arena_cleanup_fn *fn;
    void *data;
};

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->cleanups = NULL;
}

void arena_release(struct arena *a)
{
    struct arena_cleanup *c = a->cleanups;
    while (c) {
        struct arena_cleanup *next = c->next;
        c->fn(c->data);
        c = next;
    }
    a->cleanups = NULL;
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

static struct arena_block *new_block(struct arena *a, size_t size)
{
    struct arena_block *b = kh_malloc(kh_size_add(sizeof(*b), size));
    b->used = 0;
    b->size = size;
    b->next = a->head;
    a->head = b;
    return b;
}

/* Memory the caller fills completely (strings): not zeroed. */
static void *arena_raw(struct arena *a, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    n = kh_size_add(n, align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
#ifdef KH_ARENA_MALLOC
    struct arena_block *b = new_block(a, n);
#else
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        if (n > ARENA_BLOCK_SIZE / 4) {
            /* Large allocations get their own block, behind the current one. */
            struct arena_block *cur = a->head;
            b = new_block(a, n);
            if (cur) {
                a->head = cur;
                b->next = cur->next;
                cur->next = b;
            }
        } else {
            b = new_block(a, ARENA_BLOCK_SIZE);
        }
    }
#endif
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
    void *p = arena_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_raw(a, kh_size_add(n, 1));
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_str(struct arena *a, struct str s)
{
    return arena_strndup(a, s.ptr, s.len);
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    return p;
}

void arena_defer(struct arena *a, arena_cleanup_fn *fn, void *data)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
    c->fn = fn;
    c->data = data;
    c->next = a->cleanups;
    a->cleanups = c;
}
