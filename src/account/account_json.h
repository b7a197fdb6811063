#ifndef KH_ACCOUNT_ACCOUNT_JSON_H
#define KH_ACCOUNT_ACCOUNT_JSON_H

/* JSON forms of an actor's (or a role's) permissions and scopes. */

#include <jansson.h>

#include "app/ctx.h"

/* ["customer.create", ...] in registration order (new reference). */
json_t *account_json_perms(const struct kh_actor *a);
/* {"customers": "own", ...}: every registered scope kind (new reference). */
json_t *account_json_scopes(const struct kh_actor *a);

#endif
