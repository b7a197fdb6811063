#ifndef KH_SETTINGS_SETTINGS_H
#define KH_SETTINGS_SETTINGS_H

/*
 * Administrator-changeable settings (key -> text), e.g. the numbering rule
 * and login limits: the numbers in Kehu's rules live here, not in code.
 */

#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

/* Change settings, numbering and backups (registered by the system capability). */
extern const struct kh_perm settings_perm_manage;
extern const struct kh_audit_action settings_audit_actions[];

/* *value is NULL when the key is absent; the text lives in ctx->arena. */
KH_NODISCARD enum kh_status settings_get(const struct kh_ctx *ctx, const char *key,
                                         const char **value, struct kh_err *err);
/*
 * An integer setting into *out: def when absent or not a number. A database
 * error is returned, never replaced by def (a default is not what the
 * administrator set: a retention of 7 instead of 30 would delete backups).
 */
KH_NODISCARD enum kh_status settings_get_int(const struct kh_ctx *ctx, const char *key, int64_t def,
                                             int64_t *out, struct kh_err *err);
/* Needs settings.manage; audited as settings.change. */
KH_NODISCARD enum kh_status settings_put(const struct kh_ctx *ctx, const char *key,
                                         const char *value, struct kh_err *err);
/* n settings in one write, all or none; otherwise as settings_put. */
KH_NODISCARD enum kh_status settings_put_many(const struct kh_ctx *ctx, const char *const *keys,
                                              const char *const *values, int n, struct kh_err *err);

#endif
