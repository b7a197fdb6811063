#ifndef KH_SETTINGS_SETTINGS_H
#define KH_SETTINGS_SETTINGS_H

/*
 * Administrator-changeable settings (key -> text), e.g. the numbering rule
 * and login limits: the numbers in Kehu's rules live here, not in code.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/registry.h"
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

/*
 * A registered setting (app/registry.h) into *out: its default when unset;
 * a stored value that is not a number is ignored (the default), one outside
 * the setting's range is brought into it. Aborts on an unregistered setting.
 * A database error is returned, never replaced by the default.
 */
KH_NODISCARD enum kh_status settings_int(const struct kh_ctx *ctx, const struct kh_setting *s,
                                         int64_t *out, struct kh_err *err);

/* A registered setting, the capability that declares it, and its value now. */
struct settings_value {
    const struct kh_setting *setting;
    const struct capability *cap;
    int64_t value;
    bool is_default; /* never changed, or changed back to the default */
};
/* Every registered setting in registration order (in ctx->arena); needs settings.manage. */
KH_NODISCARD enum kh_status settings_list(const struct kh_ctx *ctx, struct settings_value **out,
                                          size_t *n, struct kh_err *err);
/*
 * Change n registered settings in one write, all or none. Needs
 * settings.manage; audited as settings.change. KH_E_VALIDATION with the
 * key as the field for a key no capability registers or a value outside
 * its range.
 */
KH_NODISCARD enum kh_status settings_change(const struct kh_ctx *ctx, const char *const *keys,
                                            const int64_t *values, int n, struct kh_err *err);

/* Needs settings.manage; audited as settings.change. */
KH_NODISCARD enum kh_status settings_put(const struct kh_ctx *ctx, const char *key,
                                         const char *value, struct kh_err *err);
/* n settings in one write, all or none; otherwise as settings_put. */
KH_NODISCARD enum kh_status settings_put_many(const struct kh_ctx *ctx, const char *const *keys,
                                              const char *const *values, int n, struct kh_err *err);

/*
 * The company time zone: setting "timezone", an IANA name (default
 * Asia/Shanghai), read from the system's zoneinfo (KH_TZ_DIR) when it
 * changes, not per request.
 */
#define SETTINGS_TZ_DEFAULT "Asia/Shanghai"

/*
 * The zone of ctx's database, held until ctx->arena is released: a context
 * maker (a request, a job run, a command) stores it in ctx->tz. Never NULL:
 * when the configured zone cannot be read (tzdata missing), the built-in
 * Asia/Shanghai (UTC+8), with a warning in the log. Each database keeps its
 * current zone; a change through settings_tz_put is seen by the next hold
 * on any thread, a change by another process within 10 s (context clock).
 * Blocks only to read the setting (at most every 10 s) and, after a change,
 * the zone's file.
 */
const struct kh_tz *settings_tz_hold(const struct kh_ctx *ctx);
/*
 * Change the company zone. Needs settings.manage; audited as
 * settings.change. KH_E_VALIDATION with field "timezone" for a name the
 * system's zoneinfo does not have (or an unusable zone). Stored times do
 * not change: they are UTC.
 */
KH_NODISCARD enum kh_status settings_tz_put(const struct kh_ctx *ctx, const char *name,
                                            struct kh_err *err);

#endif
