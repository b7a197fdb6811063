/*
 * libFuzzer target for request routing and query strings, without a server.
 * Input: one flag byte (bit 0: the test clock is on, so ROUTE_TEST_CLOCK
 * routes exist; bit 1: English answers), then "METHOD URL" (no space: GET).
 *
 * - router_lookup on the raw URL (the query cut at '?') and on the path
 *   percent-decoded as MHD hands it to the server; a match must rebuild the
 *   path from the route's pattern and its parameters, and the method must be
 *   the route's; each parameter goes through http_param_id.
 * - The query string is split the way MHD splits it for http_query ('&',
 *   the first '=', '+' as space, MHD_http_unescape; a key without '=' has no
 *   value); Kehu decodes no percent-encoding itself. The pairs feed the
 *   customer list filter (customer_filter_from_lookup, the code behind
 *   GET /api/v1/customers) and http_parse_int / http_parse_time (every other
 *   numeric and time query parameter, under the names the audit list
 *   gives them). A refusal must answer 400 with a JSON error body.
 *   ninja -C build/fuzz fuzz/fuzz_http && build/fuzz/fuzz/fuzz_http fuzz/corpus/http
 * (scripts/fuzz.sh http sets up build/fuzz).
 */

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/http.h"
#include "http/router.h"
#include "http/routes/customer_filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PAIRS 64

struct query {
    int n;
    const char *keys[MAX_PAIRS];
    const char *values[MAX_PAIRS]; /* NULL: "key" without '=' */
};

/* Forget the answer of a refused parse so the next check starts clean. */
static void reply_reset(struct http_req *r)
{
    free(r->resp_body);
    r->resp_body = NULL;
    r->resp_len = 0;
    r->status = 0;
}

/* A refusal answers status with a JSON body; an acceptance answers nothing. */
static void check_answer(struct http_req *r, bool ok, int status)
{
    if (ok ? r->status != 0 : (r->status != status || !r->resp_body))
        abort();
    reply_reset(r);
}

/* The pattern with its ":x" segments replaced by params is the path. */
static void check_match(const struct route *rt, const char *method, const char *path,
                        const char **params, int nparams)
{
    size_t plen = strcspn(path, "?");
    const char *p = rt->pattern, *u = path;
    int n = 0;
    if (strcmp(rt->method, method) != 0)
        abort();
    while (*p) {
        if (*p != ':') {
            if (*p++ != *u++)
                abort();
            continue;
        }
        while (*p && *p != '/')
            p++;
        if (n >= nparams)
            abort();
        size_t len = strlen(params[n]);
        if (len == 0 || memchr(params[n], '/', len) || strncmp(u, params[n], len) != 0)
            abort();
        u += len;
        n++;
    }
    if (n != nparams || (size_t)(u - path) != plen)
        abort();
}

static void route(struct http_req *r, const char *method, const char *path, bool test_clock)
{
    const char *params[HTTP_MAX_PARAMS] = {0};
    int nparams = -1;
    bool path_found = true;
    const struct route *rt =
        router_lookup(method, path, test_clock, &r->arena, params, &nparams, &path_found);
    if (!rt)
        return;
    if (!path_found || nparams < 0 || nparams > HTTP_MAX_PARAMS)
        abort();
    if ((rt->flags & ROUTE_TEST_CLOCK) && !test_clock)
        abort();
    check_match(rt, method, path, params, nparams);
    memcpy(r->params, params, sizeof(params));
    r->nparams = nparams;
    for (int i = 0; i < nparams; i++) {
        int64_t id = http_param_id(r, i);
        check_answer(r, id > 0, 404);
    }
}

/* "a=1&b&c=%41+b": pairs in order, decoded in place (as MHD does). */
static void parse_query(char *s, struct query *q)
{
    q->n = 0;
    while (s && *s && q->n < MAX_PAIRS) {
        char *next = strchr(s, '&');
        if (next)
            *next++ = '\0';
        if (*s) {
            char *eq = strchr(s, '=');
            if (eq)
                *eq++ = '\0';
            for (char *c = s; *c; c++)
                if (*c == '+')
                    *c = ' ';
            MHD_http_unescape(s);
            q->keys[q->n] = s;
            q->values[q->n] = eq;
            if (eq) {
                for (char *c = eq; *c; c++)
                    if (*c == '+')
                        *c = ' ';
                MHD_http_unescape(eq);
            }
            q->n++;
        }
        s = next;
    }
}

/* The first value of key, as MHD_lookup_connection_value answers it. */
static const char *query_get(struct http_req *r, void *src, const char *key)
{
    (void)r;
    const struct query *q = src;
    for (int i = 0; i < q->n; i++)
        if (strcmp(q->keys[i], key) == 0)
            return q->values[i];
    return NULL;
}

static void check_filter(struct http_req *r, struct query *q)
{
    struct customer_filter f;
    int64_t limit = 50;
    bool ok = customer_filter_from_lookup(r, query_get, q, &f, &limit);
    check_answer(r, ok, 400);
    if (!ok)
        return;
    if (limit < 0 || f.archived < 0 || f.archived > 2 || (int)f.sort < 0 ||
        (int)f.sort > (int)SORT_NEWEST || (f.cursor && !*f.cursor))
        abort();
}

/* Every value as the audit list reads its limit and its from/to times. */
static void check_values(struct http_req *r, const struct query *q)
{
    for (int i = 0; i < q->n; i++) {
        const char *v = q->values[i];
        int64_t n = -1, t = 0;
        bool ok = http_parse_int(r, "limit", v, &n);
        check_answer(r, ok, 400);
        if (ok && v && *v && n < 0)
            abort();
        ok = http_parse_time(r, "from", v, false, &t);
        check_answer(r, ok, 400);
        ok = http_parse_time(r, "to", v, true, &t);
        check_answer(r, ok, 400);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct http_req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena);
    bool test_clock = data[0] & 1;
    r.english = (data[0] & 2) != 0;
    char *line = arena_strndup(&r.arena, (const char *)data + 1, size - 1);
    char *url = strchr(line, ' ');
    const char *method = "GET";
    if (url) {
        *url++ = '\0';
        method = line;
    } else {
        url = line;
    }
    route(&r, method, url, test_clock);

    char *query = strchr(url, '?');
    if (query)
        *query++ = '\0';
    MHD_http_unescape(url);
    route(&r, method, url, test_clock);

    struct query q;
    parse_query(query, &q);
    check_filter(&r, &q);
    check_values(&r, &q);

    reply_reset(&r);
    arena_release(&r.arena);
    return 0;
}
