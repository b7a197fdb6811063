#ifndef KH_HTTP_ROUTES_INVOICE_ROUTES_H
#define KH_HTTP_ROUTES_INVOICE_ROUTES_H

/* The orders capability's invoice routes, shared with its order routes (order_routes.c). */

#include <jansson.h>
#include <stdint.h>

#include "http/http.h"

struct invoice;

extern const struct route invoice_routes[];
/* An invoice as the API answers it. */
json_t *invoice_json(const struct http_req *r, const struct invoice *x);
/* Answer 201 with invoice id of order order_id, read with the order's receivable. */
void invoice_route_reply(struct http_req *r, int64_t order_id, int64_t id);

#endif
