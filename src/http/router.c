#include "http/router.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "account/account.h"
#include "app/registry.h"
#include "core/mem.h"
#include "crypto/crypto.h"
#include "settings/settings.h"

/* Match "/a/:x/b" against a path (without query); fills params. */
static bool match(const char *pattern, const char *path, size_t plen, struct arena *a,
                  const char **params, int *nparams)
{
    const char *p = pattern, *u = path, *end = path + plen;
    int n = 0;
    while (*p && u < end) {
        if (*p == ':') {
            while (*p && *p != '/')
                p++;
            const char *seg = u;
            while (u < end && *u != '/')
                u++;
            if (u == seg || n == HTTP_MAX_PARAMS)
                return false;
            params[n++] = arena_strndup(a, seg, (size_t)(u - seg));
        } else {
            if (*p != *u)
                return false;
            p++;
            u++;
        }
    }
    if (*p || u != end)
        return false;
    *nparams = n;
    return true;
}

static bool is_write(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static bool authenticate(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    const char *auth = http_header(r, "Authorization");
    if (auth && strncmp(auth, "Bearer ", 7) == 0) {
        if (account_token_resolve(&r->ctx, auth + 7, &r->ctx.actor, &err)) {
            http_reply_err(r, &err);
            return false;
        }
        return true;
    }
    const char *cookie =
        MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, KH_SESSION_COOKIE_SECURE);
    if (!cookie)
        cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, KH_SESSION_COOKIE);
    if (!cookie) {
        http_reply_error(r, 401, "unauthenticated", "", "请先登录", "please log in");
        return false;
    }
    if (account_session_resolve(&r->ctx, cookie, &r->ctx.actor, r->csrf, sizeof(r->csrf), &err)) {
        http_reply_err(r, &err);
        return false;
    }
    r->cookie_auth = true;
    r->session_token = arena_strdup(&r->arena, cookie);
    if (is_write(r->method)) {
        const char *sent = http_header(r, "X-CSRF-Token");
        if (!sent || !crypto_str_equal(sent, r->csrf)) {
            http_reply_error(r, 403, "csrf", "", "缺少或错误的 CSRF 令牌，请刷新页面",
                             "missing or wrong CSRF token, reload the page");
            return false;
        }
    }
    return true;
}

/* The first route of a table matching the path; sets *path_found when only the method differs. */
static const struct route *match_table(const struct route *table, const char *method,
                                       const char *path, size_t plen, bool test_clock,
                                       struct arena *a, const char **params, int *nparams,
                                       bool *path_found)
{
    for (const struct route *rt = table; rt->method; rt++) {
        if ((rt->flags & ROUTE_TEST_CLOCK) && !test_clock)
            continue;
        if (!match(rt->pattern, path, plen, a, params, nparams))
            continue;
        *path_found = true;
        if (strcmp(rt->method, method) == 0)
            return rt;
    }
    return NULL;
}

const struct route *router_lookup(const char *method, const char *path, bool test_clock,
                                  struct arena *a, const char **params, int *nparams,
                                  bool *path_found)
{
    const char *q = strchr(path, '?');
    size_t plen = q ? (size_t)(q - path) : strlen(path);
    *path_found = false;
    size_t ncaps = 0;
    const struct capability *const *caps = registry_capabilities(&ncaps);
    for (size_t c = 0; c < ncaps; c++) {
        for (int t = 0; t < CAPABILITY_MAX_ROUTE_TABLES && caps[c]->routes[t]; t++) {
            const struct route *rt = match_table(caps[c]->routes[t], method, path, plen, test_clock,
                                                 a, params, nparams, path_found);
            if (rt)
                return rt;
        }
    }
    return NULL;
}

const struct route *router_find(struct http_req *r)
{
    bool path_found = false;
    const struct route *rt =
        router_lookup(r->method, r->path, http_server_clock(r->server)->settable, &r->arena,
                      r->params, &r->nparams, &path_found);
    if (rt && r->body_too_large) {
        http_reply_error(r, 413, "too_large", "", "请求内容过大", "request body too large");
        return NULL;
    }
    if (rt)
        return rt;
    if (path_found)
        http_reply_error(r, 405, "invalid", "", "不支持该请求方法", "method not allowed");
    else
        http_reply_error(r, 404, "not_found", "", "接口不存在", "no such endpoint");
    return NULL;
}

/* "application/json" or "application/json; charset=utf-8", in any case. */
static bool json_content_type(const char *type)
{
    size_t n = strlen("application/json");
    return type && !strncasecmp(type, "application/json", n) &&
           (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

/*
 * Login CSRF and cross-site writes: a browser lets any site send a form
 * (text/plain, form-urlencoded) to us with the user's cookies, and to the
 * login without any. A state-changing request must therefore come from our
 * own origin when the browser names one, and a body must be JSON, which no
 * form can send (a cross-site fetch with it needs a CORS preflight we never
 * grant). Answers and returns false when the request is refused.
 */
static bool write_allowed(struct http_req *r, const struct route *rt)
{
    const char *origin = http_header(r, "Origin");
    const char *site = http_header(r, "Sec-Fetch-Site");
    if ((origin && !http_origin_allowed(r, origin)) || (site && !strcmp(site, "cross-site"))) {
        http_reply_error(r, 403, "csrf", "Origin", "请求来自其他网站，已拒绝",
                         "the request comes from another site and was refused");
        return false;
    }
    const char *type = http_header(r, "Content-Type");
    /* Asked before the body is read (http/server.c): its declared length counts too. */
    const char *len = http_header(r, "Content-Length");
    bool has_body = r->body.len > 0 || (type && *type) || (len && strtoll(len, NULL, 10) > 0);
    if (!(rt->flags & ROUTE_RAW_BODY) && has_body && !json_content_type(type)) {
        http_reply_error(r, 415, "unsupported_media_type", "Content-Type",
                         "请求内容必须是 JSON（Content-Type: application/json）",
                         "the request body must be JSON (Content-Type: application/json)");
        return false;
    }
    return true;
}

bool router_admit(struct http_req *r, const struct route *rt)
{
    if (r->admitted)
        return true;
    if (is_write(r->method) && !write_allowed(r, rt))
        return false;
    /* Held for the request: times in answers and in query strings are company times. */
    r->ctx.tz = settings_tz_hold(&r->ctx);
    if (!(rt->flags & ROUTE_PUBLIC) && !authenticate(r))
        return false;
    struct kh_err err;
    kh_err_clear(&err);
    if (!(rt->flags & (ROUTE_PUBLIC | ROUTE_BEFORE_PASSWORD)) &&
        account_actor_ready(&r->ctx.actor, &err)) {
        http_reply_err(r, &err);
        return false;
    }
    r->admitted = true;
    return true;
}

void router_run(struct http_req *r, const struct route *rt)
{
    if (router_admit(r, rt))
        rt->handler(r);
}
