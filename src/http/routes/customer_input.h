#ifndef KH_HTTP_ROUTES_CUSTOMER_INPUT_H
#define KH_HTTP_ROUTES_CUSTOMER_INPUT_H

/*
 * The customer fields of POST /api/v1/customers and PATCH
 * /api/v1/customers/:id, read from the body object o into in (initialized
 * here with customer_input_init; absent keys stay unset). Strings point into
 * o, lists (tags, templates, custom) are copies in r's arena. A value of the
 * wrong type answers 400 naming the field and returns false. Values are not
 * validated here: that is customer_create / customer_update's job.
 */

#include <jansson.h>
#include <stdbool.h>

#include "customer/customer.h"
#include "http/http.h"

bool customer_input_from_json(struct http_req *r, json_t *o, struct customer_input *in);

/*
 * A change must name at least one customer field: a non-empty body whose
 * keys are all unknown answers 400 naming the first and returns false. An
 * empty body passes (it changes nothing).
 */
bool customer_input_any_known(struct http_req *r, json_t *o);

#endif
