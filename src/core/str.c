#include "core/str.h"

#include <limits.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct str str_trim(struct str s)
{
    while (s.len && is_space(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && is_space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

bool str_to_i64(struct str s, long long min, long long max, long long *out)
{
    size_t i = 0;
    bool neg = false;
    if (s.len == 0)
        return false;
    if (s.ptr[0] == '-' || s.ptr[0] == '+') {
        neg = s.ptr[0] == '-';
        i = 1;
    }
    if (i == s.len || s.len - i > 19)
        return false;
    unsigned long long v = 0;
    for (; i < s.len; i++) {
        char c = s.ptr[i];
        if (c < '0' || c > '9')
            return false;
        unsigned long long d = (unsigned long long)(c - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    long long r;
    if (neg) {
        if (v > (unsigned long long)LLONG_MAX + 1ULL)
            return false;
        r = v == (unsigned long long)LLONG_MAX + 1ULL ? LLONG_MIN : -(long long)v;
    } else {
        if (v > (unsigned long long)LLONG_MAX)
            return false;
        r = (long long)v;
    }
    if (r < min || r > max)
        return false;
    *out = r;
    return true;
}
