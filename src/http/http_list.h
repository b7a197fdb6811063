#ifndef KH_HTTP_HTTP_LIST_H
#define KH_HTTP_HTTP_LIST_H

/*
 * Lists over HTTP: the sources app/list.h parses (the query string, a JSON
 * filter object) and the members every list answer carries. On bad input
 * the readers answer 400 {"error":{"code":"invalid","field":<key>,…}} (the
 * error list_parse gave, so the CLI and the API refuse alike) and return
 * false.
 *
 * A list answer: {"items":[…],"next_cursor":"…"|null,"total":N} with
 * "total_capped":true added when more than LIST_COUNT_CAP match (then
 * total is LIST_COUNT_CAP). Lists count on their first page only (no
 * cursor): a page further on has no "total".
 */

#include <jansson.h>
#include <stdbool.h>

#include "app/list.h"
#include "core/buf.h"
#include "http/http.h"

/* The filter (spec) and the page (limit, cursor) from the query string. */
bool http_list_query(struct http_req *r, const struct list_spec *spec, void *filter,
                     struct list_page *page);

/*
 * The same from any source (src->paged should be true): fuzz/fuzz_http.c
 * passes a query string it split itself. Needs only r's arena and reply.
 */
bool http_list_from(struct http_req *r, const struct list_spec *spec, const struct list_source *src,
                    void *filter, struct list_page *page);

/*
 * The filter from a JSON object (an export's "filter"): values strings,
 * integers or booleans (as their text), null or absent ignored; o may be
 * NULL (no filter). Keys the list does not know are refused; limit and
 * cursor are not filter keys.
 */
bool http_list_json(struct http_req *r, const struct list_spec *spec, json_t *o, void *filter);

/* Write ',"next_cursor":…,"total":…' into a list answer whose items were just written (t NULL: no
 * total). */
void http_list_write_tail(struct buf *b, const char *next_cursor, const struct list_total *t);

/* Set next_cursor, total (and total_capped) on a list answer built with jansson (t NULL: no total).
 */
void http_list_set_tail(json_t *o, const char *next_cursor, const struct list_total *t);

#endif
