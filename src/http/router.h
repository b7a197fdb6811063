#ifndef KH_HTTP_ROUTER_H
#define KH_HTTP_ROUTER_H

/*
 * Finds the route for method + path, authenticates the caller (Bearer API
 * token or session cookie; CSRF token on cookie writes), and runs the
 * handler. Answers 404 / 405 / 401 / 403 itself.
 */

#include "http/http.h"

void router_dispatch(struct http_req *r);

/*
 * The two halves of router_dispatch, so the server can decide where a
 * route runs: router_find matches the route (filling the path parameters)
 * or answers 404 / 405 / 413 and returns NULL; router_run authenticates
 * and runs the handler.
 */
const struct route *router_find(struct http_req *r);
void router_run(struct http_req *r, const struct route *rt);

#endif
