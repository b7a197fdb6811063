#ifndef KH_APP_FIELD_H
#define KH_APP_FIELD_H

/*
 * The small checks every capability's input goes through: a text field
 * trimmed and measured, with its refusal naming the field in both
 * languages; and a search word as a LIKE pattern.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* s without leading and trailing white space, in a. */
const char *field_trim(struct arena *a, const char *s);

/*
 * in trimmed into *out: valid UTF-8 of at most max characters, not empty
 * when required; else KH_E_VALIDATION naming field: "<zh>（必填，N 字以内）" /
 * "<en> (required, at most N characters)". in NULL and not required: *out
 * is left as it is.
 */
KH_NODISCARD enum kh_status field_text(struct arena *a, const char *in, const char *field,
                                       size_t max, bool required, const char *zh, const char *en,
                                       const char **out, struct kh_err *err);

/*
 * q as an upper-case LIKE pattern "%Q%" (with ESCAPE '\': % _ and \ taken
 * as themselves), "" for no q; columns are compared as upper(col).
 */
const char *field_like_pattern(struct arena *a, const char *q);

#endif
