#ifndef KH_HTTP_PROXY_H
#define KH_HTTP_PROXY_H

/*
 * The client's address behind trusted proxies. X-Forwarded-For is believed
 * only from a peer the administrator named (KEHU_TRUSTED_PROXIES: addresses
 * and CIDR ranges, IPv4 or IPv6, separated by commas or spaces), and only
 * up to the first address that is not such a proxy: everything left of it
 * was written by the client and may be forged.
 *
 *   trusted 10.0.0.0/8; peer 10.0.0.2; X-Forwarded-For "6.6.6.6, 1.2.3.4, 10.0.0.9"
 *   → 1.2.3.4 (10.0.0.9 is a proxy; 6.6.6.6 is what 1.2.3.4 claimed)
 *
 * Pure functions on caller storage; thread-safe.
 */

#include <stdbool.h>
#include <stddef.h>

#define HTTP_PROXIES_MAX 32

struct http_net {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int bits;
};

struct http_proxies {
    int n;
    struct http_net nets[HTTP_PROXIES_MAX];
};

/*
 * Parse a list ("127.0.0.1, 10.0.0.0/8, ::1"; NULL or "" is none). false on
 * a bad entry or more than HTTP_PROXIES_MAX, with the entry in bad.
 */
bool http_proxies_parse(const char *spec, struct http_proxies *out, char *bad, size_t cap);

/* Whether addr (text) is one of the trusted proxies. */
bool http_proxies_trust(const struct http_proxies *p, const char *addr);

/*
 * The client's address (into out): peer, or when peer is trusted and xff
 * (may be NULL) names addresses, the rightmost of them that is not a trusted
 * proxy (the leftmost when all are). A malformed entry ends the walk at the
 * last good address to its right.
 */
void http_client_address(const struct http_proxies *p, const char *peer, const char *xff, char *out,
                         size_t cap);

#endif
