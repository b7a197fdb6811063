#ifndef KH_SETTINGS_SETTINGS_STORE_H
#define KH_SETTINGS_SETTINGS_STORE_H

/* The settings table's SQL. */

#include "settings/settings.h"

KH_NODISCARD enum kh_status settings_store_get(const struct kh_ctx *ctx, const char *key,
                                               const char **value, struct kh_err *err);
KH_NODISCARD enum kh_status settings_store_put(const struct kh_ctx *ctx, const char *key,
                                               const char *value, struct kh_err *err);
/* n settings in one write: all or none, each with its audit entry. */
KH_NODISCARD enum kh_status settings_store_put_many(const struct kh_ctx *ctx,
                                                    const char *const *keys,
                                                    const char *const *values, int n,
                                                    struct kh_err *err);

struct db_slot_key;
/* The settings' per-database state for key (db_slot: made on first use, freed by db_close). */
void *settings_store_slot(const struct kh_ctx *ctx, const struct db_slot_key *key);

#endif
