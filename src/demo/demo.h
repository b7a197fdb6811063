#ifndef KH_DEMO_DEMO_H
#define KH_DEMO_DEMO_H

/*
 * The demo data set: an organisation with a user in every default role and
 * n realistic customers with contacts and profiles, created through the same
 * domain functions (and audit) as the UI. Deterministic for a given n.
 * Prints the demo logins to out. Running it twice adds nothing.
 */

#include <stdio.h>

#include "app/ctx.h"
#include "core/err.h"

#define KH_DEMO_PASSWORD "kehu-demo-2026"

KH_NODISCARD enum kh_status demo_load(const struct kh_ctx *ctx, int customers, FILE *out);

#endif
