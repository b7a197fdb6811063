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
/*
 * The matching part of router_find, without a request or a reply:
 * the route for method + path, or NULL. path is the decoded path; a query
 * string after '?' is ignored. ROUTE_TEST_CLOCK routes exist only when
 * test_clock is true. On a match, params[0 .. *nparams) are the ":x"
 * segments in order (copies in a: never empty, without '/'). *path_found
 * tells "the path exists with another method" (405) from "no such path"
 * (404) when NULL is returned. params needs HTTP_MAX_PARAMS slots; it may
 * be written also when NULL is returned. Thread-safe (the tables are const).
 */
const struct route *router_lookup(const char *method, const char *path, bool test_clock,
                                  struct arena *a, const char **params, int *nparams,
                                  bool *path_found);
/*
 * Authenticate the caller of rt (nothing for a public route) and check the
 * account may act; answers and returns false otherwise. Done once: the
 * server calls it before reading a body, router_run when it was not called.
 */
bool router_admit(struct http_req *r, const struct route *rt);
void router_run(struct http_req *r, const struct route *rt);

#endif
