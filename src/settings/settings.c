#include "settings/settings.h"

#include "core/str.h"
#include "settings/settings_store.h"

const struct kh_perm settings_perm_manage = {"settings.manage", "系统设置与备份",
                                             "Settings and backups"};

const struct kh_audit_action settings_audit_actions[] = {
    {"settings.change", "修改设置", "Changed a setting"},
    {0},
};

enum kh_status settings_get(const struct kh_ctx *ctx, const char *key, const char **value,
                            struct kh_err *err)
{
    return settings_store_get(ctx, key, value, err);
}

enum kh_status settings_get_int(const struct kh_ctx *ctx, const char *key, int64_t def,
                                int64_t *out, struct kh_err *err)
{
    *out = def;
    const char *v = NULL;
    enum kh_status st = settings_store_get(ctx, key, &v, err);
    if (st)
        return st;
    long long n;
    if (v && str_to_i64(str_from(v), 0, 1000000000, &n))
        *out = n;
    return KH_OK;
}

enum kh_status settings_put_many(const struct kh_ctx *ctx, const char *const *keys,
                                 const char *const *values, int n, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有修改系统设置的权限",
                          "not allowed to change settings");
    return settings_store_put_many(ctx, keys, values, n, err);
}

enum kh_status settings_put(const struct kh_ctx *ctx, const char *key, const char *value,
                            struct kh_err *err)
{
    return settings_put_many(ctx, &key, &value, 1, err);
}
