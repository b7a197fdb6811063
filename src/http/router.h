#ifndef KH_HTTP_ROUTER_H
#define KH_HTTP_ROUTER_H

/*
 * Finds the route for method + path, authenticates the caller (Bearer API
 * token or session cookie; CSRF token on cookie writes), and runs the
 * handler. Answers 404 / 405 / 401 / 403 itself.
 */

#include "http/http.h"

void router_dispatch(struct http_req *r);

#endif
