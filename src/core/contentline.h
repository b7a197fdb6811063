#ifndef KH_CORE_CONTENTLINE_H
#define KH_CORE_CONTENTLINE_H

/*
 * Content lines of iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.2):
 * "NAME;PARAMS:value" with the value's backslash, comma, semicolon and
 * newline escaped, folded at 75 octets between UTF-8 characters, ended by
 * CRLF. Other control characters are dropped.
 */

#include "core/buf.h"

/* name may carry parameters ("TEL;TYPE=cell"). A NULL or empty value writes "name:". */
void contentline_put(struct buf *out, const char *name, const char *value);
/* The same with value written as it is (already structured, e.g. "N:张;伟;;;"), folded only. */
void contentline_put_raw(struct buf *out, const char *name, const char *value);

#endif
