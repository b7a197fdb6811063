#ifndef KH_SETTINGS_SETTINGS_STORE_H
#define KH_SETTINGS_SETTINGS_STORE_H

/* The settings table's SQL. */

#include "settings/settings.h"

KH_NODISCARD enum kh_status settings_store_get(const struct kh_ctx *ctx, const char *key,
                                               const char **value, struct kh_err *err);
KH_NODISCARD enum kh_status settings_store_put(const struct kh_ctx *ctx, const char *key,
                                               const char *value, struct kh_err *err);

#endif
