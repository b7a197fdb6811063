#ifndef KH_HTTP_ROUTES_CUSTOMER_FILTER_H
#define KH_HTTP_ROUTES_CUSTOMER_FILTER_H

/*
 * The customer-list filter as the API gives it: the query keys of
 * GET /api/v1/customers (q, grade, owner_id, created_from, sort, archived,
 * ...), read from the query string (the list) or from a JSON object (the
 * export's "filter"). On bad input both answer 400 naming the key and
 * return false.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "customer/customer.h"
#include "http/http.h"

/* From the query string; *limit keeps its value when no limit is given. */
bool customer_filter_from_query(struct http_req *r, struct customer_filter *f, int64_t *limit);

/* The text of key (NUL-terminated, living as long as r), or NULL when absent. */
typedef const char *customer_filter_get_fn(struct http_req *r, void *src, const char *key);
/*
 * customer_filter_from_query with each query value taken from get(r, src,
 * key) instead of the connection (fuzz/fuzz_http.c passes a query string it
 * parsed itself). Needs only r's arena and its reply fields.
 */
bool customer_filter_from_lookup(struct http_req *r, customer_filter_get_fn *get, void *src,
                                 struct customer_filter *f, int64_t *limit);
/*
 * From a JSON object (values strings or integers; null or absent ignored).
 * Keys other than the list's filter keys answer 400; cursor and limit are
 * not filter keys. o may be NULL (no filter).
 */
bool customer_filter_from_json(struct http_req *r, json_t *o, struct customer_filter *f);

#endif
