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
 *   list filter parser (http_list_from, the code behind GET
 *   /api/v1/customers and GET /api/v1/audit, with each list's spec) and
 *   http_parse_int / http_parse_time (every other numeric and time query
 *   parameter). A refusal must answer 400 with a JSON error body; an
 *   accepted customer filter must format (list_format) to text that parses
 *   back to the same filter.
 *   ninja -C build/fuzz fuzz/fuzz_http && build/fuzz/fuzz/fuzz_http fuzz/corpus/http
 * (scripts/fuzz.sh http sets up build/fuzz).
 */

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/tz.h"
#include "customer/customer.h"
#include "http/http.h"
#include "http/router.h"
#include "http/http_list.h"

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
static const char *query_get(void *src, const char *key)
{
    const struct query *q = src;
    for (int i = 0; i < q->n; i++)
        if (strcmp(q->keys[i], key) == 0)
            return q->values[i];
    return NULL;
}

static void query_keys(void *src, list_key_fn *fn, void *ctx)
{
    const struct query *q = src;
    for (int i = 0; i < q->n; i++)
        if (!fn(ctx, q->keys[i]))
            return;
}

/* "a=1&b=%262" (list_format's text) split in place, values unescaped. */
static void split_pairs(char *s, struct query *q)
{
    q->n = 0;
    while (s && *s && q->n < MAX_PAIRS) {
        char *next = strchr(s, '&');
        if (next)
            *next++ = '\0';
        char *eq = strchr(s, '=');
        if (eq) {
            *eq++ = '\0';
            MHD_http_unescape(eq);
        }
        q->keys[q->n] = s;
        q->values[q->n++] = eq;
        s = next;
    }
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_filter(const struct customer_filter *a, const struct customer_filter *b)
{
    const char *const as[] = {a->q,     a->kind,     a->category, a->grade,         a->value_tier,
                              a->stage, a->industry, a->source,   a->credit_status, a->tag};
    const char *const bs[] = {b->q,     b->kind,     b->category, b->grade,         b->value_tier,
                              b->stage, b->industry, b->source,   b->credit_status, b->tag};
    for (size_t i = 0; i < sizeof(as) / sizeof(as[0]); i++)
        if (!same_text(as[i], bs[i]))
            return false;
    return a->owner_id == b->owner_id && a->branch_id == b->branch_id &&
           a->province_code == b->province_code && a->city_code == b->city_code &&
           a->district_code == b->district_code && a->created_from == b->created_from &&
           a->created_to == b->created_to && a->updated_from == b->updated_from &&
           a->updated_to == b->updated_to && a->archived == b->archived && a->sort == b->sort &&
           a->desc == b->desc;
}

/* An accepted filter, written as text by list_format, parses back to itself. */
static void check_format(struct http_req *r, const struct customer_filter *f)
{
    struct buf b;
    buf_init(&b, 0);
    list_format(&customer_list_spec, tz_default(), f, &b);
    struct query q2;
    split_pairs(arena_strdup(&r->arena, buf_cstr(&b)), &q2);
    buf_release(&b);
    struct customer_filter g = {0};
    struct list_source src = {query_get, query_keys, &q2, false, tz_default()};
    struct kh_err err;
    if (list_parse(&customer_list_spec, &src, &g, &err) != KH_OK || !same_filter(f, &g))
        abort();
}

static void check_filter(struct http_req *r, struct query *q)
{
    struct customer_filter f = {0};
    struct list_page page;
    struct list_source src = {query_get, query_keys, q, true, tz_default()};
    bool ok = http_list_from(r, &customer_list_spec, &src, &f, &page);
    check_answer(r, ok, 400);
    if (ok && (page.limit < 1 || page.limit > LIST_LIMIT_MAX || f.archived < 0 || f.archived > 2 ||
               (int)f.sort < 0 || (int)f.sort > (int)SORT_NEWEST || (page.cursor && !*page.cursor)))
        abort();
    if (ok)
        check_format(r, &f);
    struct audit_filter af = {0};
    ok = http_list_from(r, &audit_list_spec, &src, &af, &page);
    check_answer(r, ok, 400);
    if (ok && af.from && af.to && af.to <= af.from)
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
