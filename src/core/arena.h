#ifndef KH_CORE_ARENA_H
#define KH_CORE_ARENA_H

/*
 * Per-request arena: many small allocations, freed together by
 * arena_release(). Non-memory cleanups register with arena_defer() and run
 * (last registered first) on release. Built with -DKH_ARENA_MALLOC each
 * allocation is a separate malloc so ASan can see use-after-free.
 */

#include <stddef.h>

#include "core/str.h"

struct arena_block;
struct arena_cleanup;

struct arena {
    struct arena_block *head;
    struct arena_cleanup *cleanups;
};

typedef void arena_cleanup_fn(void *data);

void arena_init(struct arena *a);
void arena_release(struct arena *a);

/* Zeroed memory valid until arena_release(). Never returns NULL. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_str(struct arena *a, struct str s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_defer(struct arena *a, arena_cleanup_fn *fn, void *data);

#endif
