#include "http/proxy.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "core/mem.h"
#include "core/str.h"

/* Parse an address (no range) into n; false when it is not one. */
static bool addr_parse(const char *s, size_t len, struct http_net *n)
{
    char text[64];
    if (len == 0 || len >= sizeof(text))
        return false;
    memcpy(text, s, len);
    text[len] = '\0';
    memset(n, 0, sizeof(*n));
    if (inet_pton(AF_INET, text, n->addr) == 1) {
        n->family = AF_INET;
        n->bits = 32;
        return true;
    }
    if (inet_pton(AF_INET6, text, n->addr) == 1) {
        n->family = AF_INET6;
        n->bits = 128;
        return true;
    }
    return false;
}

static bool net_parse(const char *s, size_t len, struct http_net *n)
{
    const char *slash = memchr(s, '/', len);
    size_t alen = slash ? (size_t)(slash - s) : len;
    if (!addr_parse(s, alen, n))
        return false;
    if (!slash)
        return true;
    long long bits = 0;
    if (!str_to_i64(str_make(slash + 1, len - alen - 1), 0, n->bits, &bits))
        return false;
    n->bits = (int)bits;
    return true;
}

static bool net_contains(const struct http_net *net, const struct http_net *a)
{
    if (net->family != a->family)
        return false;
    int full = net->bits / 8, rest = net->bits % 8;
    if (memcmp(net->addr, a->addr, (size_t)full) != 0)
        return false;
    if (!rest)
        return true;
    unsigned mask = (0xffu << (8 - rest)) & 0xffu;
    return (net->addr[full] & mask) == (a->addr[full] & mask);
}

static bool is_sep(char c)
{
    return c == ',' || c == ' ' || c == '\t';
}

bool http_proxies_parse(const char *spec, struct http_proxies *out, char *bad, size_t cap)
{
    memset(out, 0, sizeof(*out));
    if (cap)
        bad[0] = '\0';
    for (const char *p = spec ? spec : ""; *p;) {
        while (*p && is_sep(*p))
            p++;
        const char *start = p;
        while (*p && !is_sep(*p))
            p++;
        size_t len = (size_t)(p - start);
        if (!len)
            continue;
        if (out->n == HTTP_PROXIES_MAX || !net_parse(start, len, &out->nets[out->n])) {
            kh_strlcpy(bad, start, len + 1 < cap ? len + 1 : cap);
            return false;
        }
        out->n++;
    }
    return true;
}

static bool trusted(const struct http_proxies *p, const struct http_net *a)
{
    for (int i = 0; p && i < p->n; i++)
        if (net_contains(&p->nets[i], a))
            return true;
    return false;
}

bool http_proxies_trust(const struct http_proxies *p, const char *addr)
{
    struct http_net a;
    return addr && addr_parse(addr, strlen(addr), &a) && trusted(p, &a);
}

void http_client_address(const struct http_proxies *p, const char *peer, const char *xff, char *out,
                         size_t cap)
{
    kh_strlcpy(out, peer, cap);
    if (!xff || !p || !p->n || !http_proxies_trust(p, peer))
        return;
    const char *end = xff + strlen(xff);
    while (end > xff) { /* from the right: the nearest hop first */
        const char *e = end;
        while (e > xff && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        const char *b = e;
        while (b > xff && b[-1] != ',')
            b--;
        end = b > xff ? b - 1 : xff;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        struct http_net a;
        if (!addr_parse(b, (size_t)(e - b), &a))
            return; /* malformed: the last good hop stands */
        kh_strlcpy(out, b, (size_t)(e - b) + 1 < cap ? (size_t)(e - b) + 1 : cap);
        if (!trusted(p, &a))
            return;
    }
}
