#ifndef KH_CORE_STR_H
#define KH_CORE_STR_H

/* A non-owning slice of bytes. Passed by value; never NUL-terminated by contract. */

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct str {
    const char *ptr;
    size_t len;
};

static inline struct str str_from(const char *s)
{
    return (struct str){s, s ? strlen(s) : 0};
}

static inline struct str str_make(const char *p, size_t n)
{
    return (struct str){p, n};
}

static inline bool str_eq(struct str a, struct str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool str_eq_cstr(struct str a, const char *b)
{
    return str_eq(a, str_from(b));
}

static inline bool str_starts_with(struct str a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.len >= n && memcmp(a.ptr, prefix, n) == 0;
}

/* Remove leading and trailing ASCII whitespace. */
struct str str_trim(struct str s);

/*
 * Parse a whole slice as a signed decimal integer in [min, max].
 * Returns false (and leaves *out untouched) on any other input.
 */
bool str_to_i64(struct str s, long long min, long long max, long long *out);

#endif
