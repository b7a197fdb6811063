#ifndef KH_HTTP_ROUTES_LOAN_JSON_H
#define KH_HTTP_ROUTES_LOAN_JSON_H

/* A loan as the API shows it (loan_routes.c), also in a customer's "who saw this". */

#include "http/http.h"
#include "loan/loan.h"

json_t *loan_json(const struct http_req *r, const struct loan *l);

#endif
