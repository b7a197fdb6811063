#ifndef KH_APP_CAPABILITIES_H
#define KH_APP_CAPABILITIES_H

/*
 * The one table of capabilities (src/app/capabilities.c): adding a
 * capability is adding its registration here. Read through app/registry.h.
 */

#include "app/registry.h"

/* NULL-terminated, in the order their routes are matched. */
extern const struct capability *const kh_capabilities[];

#endif
