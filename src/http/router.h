#ifndef KH_HTTP_ROUTER_H
#define KH_HTTP_ROUTER_H

/*
 * Routing in two steps, so the server can decide where a route runs (the
 * event thread or a worker): router_find matches method + path (filling
 * the path parameters) or answers 404 / 405 / 413 and returns NULL;
 * router_run authenticates the caller (Bearer API token or session cookie;
 * CSRF token on cookie writes; 401 / 403) and runs the handler.
 */

#include "http/http.h"

const struct route *router_find(struct http_req *r);
void router_run(struct http_req *r, const struct route *rt);

#endif
