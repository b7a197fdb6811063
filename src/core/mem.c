#include "core/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/*
 * Up to this much free memory stays at the top of each malloc arena, and
 * blocks up to this size come from the arenas rather than from mmap.
 */
#define KH_MEM_KEEP (4 * 1024 * 1024)

void kh_mem_tune(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, KH_MEM_KEEP);
    mallopt(M_MMAP_THRESHOLD, KH_MEM_KEEP);
#endif
}

static void oom(void)
{
    fputs("kehu: out of memory\n", stderr);
    abort();
}

void *kh_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *kh_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *kh_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *kh_strdup(const char *s)
{
    return kh_strndup(s, strlen(s));
}

char *kh_strndup(const char *s, size_t n)
{
    char *p = kh_malloc(kh_size_add(n, 1));
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t kh_size_mul(size_t a, size_t b)
{
    size_t r;
    if (__builtin_mul_overflow(a, b, &r))
        oom();
    return r;
}

size_t kh_size_add(size_t a, size_t b)
{
    size_t r;
    if (__builtin_add_overflow(a, b, &r))
        oom();
    return r;
}

void kh_strlcpy(char *dst, const char *src, size_t cap)
{
    if (cap == 0)
        return;
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}
