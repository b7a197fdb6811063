#ifndef KH_CORE_MEM_H
#define KH_CORE_MEM_H

/* Allocation that aborts on out-of-memory, and overflow-checked size math. */

#include <stddef.h>

void *kh_malloc(size_t n);
void *kh_calloc(size_t count, size_t size);
void *kh_realloc(void *p, size_t n);
char *kh_strdup(const char *s);
char *kh_strndup(const char *s, size_t n);
/* a*b and a+b, aborting on overflow. */
size_t kh_size_mul(size_t a, size_t b);
size_t kh_size_add(size_t a, size_t b);
/*
 * Keep freed memory in the process (glibc): a request's blocks are not given
 * back to the system at its end and faulted in again by the next one
 * (DECISIONS §154). Called once, before any thread starts.
 */
void kh_mem_tune(void);
/* Copy a C string into dst of capacity cap, always terminating (truncates). */
void kh_strlcpy(char *dst, const char *src, size_t cap);

#endif
