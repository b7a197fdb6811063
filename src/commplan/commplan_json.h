#ifndef KH_COMMPLAN_COMMPLAN_JSON_H
#define KH_COMMPLAN_COMMPLAN_JSON_H

/* jansson <-> struct codec of communication plans: the segment, a JSON object of list filter keys.
 */

#include "app/ctx.h"
#include "core/err.h"

struct customer_filter;

/*
 * Read a segment (JSON object text; NULL or "" is "{}") into f through the
 * customer list's parser (customer_list_spec): values are strings,
 * integers or booleans, keys those of the customer list. *canon (may be
 * NULL): the object again as compact text with sorted keys, in ctx's
 * arena. KH_E_VALIDATION "segment" for text that is not an object or too
 * long, "segment.<key>" for an unknown key or a bad value (the list's
 * reason), or a search ("q") or a retention key, which a segment does not
 * take. Strings of f point into ctx's arena.
 */
KH_NODISCARD enum kh_status commplan_json_segment(const struct kh_ctx *ctx, const char *text,
                                                  struct customer_filter *f, const char **canon,
                                                  struct kh_err *err);

#endif
