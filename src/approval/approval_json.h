#ifndef KH_APPROVAL_APPROVAL_JSON_H
#define KH_APPROVAL_APPROVAL_JSON_H

/* The JSON the approvals engine itself reads (a kind reads its subject in its own module). */

#include <stdbool.h>

/* Whether text is one JSON object. */
bool approval_json_is_object(const char *text);

#endif
