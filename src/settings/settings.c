#include "settings/settings.h"

#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
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

/* The stored text of a setting as its value: def when unset or not a number, clamped to the range.
 */
static int64_t value_of(const struct kh_setting *s, const char *v, bool *is_default)
{
    long long n;
    *is_default = true;
    if (!v || !str_to_i64(str_from(v), INT64_MIN, INT64_MAX, &n))
        return s->def;
    int64_t x = n < s->min ? s->min : n > s->max ? s->max : n;
    *is_default = x == s->def;
    return x;
}

enum kh_status settings_int(const struct kh_ctx *ctx, const struct kh_setting *s, int64_t *out,
                            struct kh_err *err)
{
    registry_setting_check(s);
    *out = s->def;
    const char *v = NULL;
    enum kh_status st = settings_store_get(ctx, s->key, &v, err);
    if (st)
        return st;
    bool dflt;
    *out = value_of(s, v, &dflt);
    return KH_OK;
}

enum kh_status settings_list(const struct kh_ctx *ctx, struct settings_value **out, size_t *n,
                             struct kh_err *err)
{
    *out = NULL;
    *n = 0;
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看系统设置的权限",
                          "not allowed to see settings");
    size_t count = registry_setting_count();
    struct settings_value *v = arena_alloc(ctx->arena, sizeof(*v) * (count ? count : 1));
    for (size_t i = 0; i < count; i++) {
        v[i].setting = registry_setting_at(i, &v[i].cap);
        const char *text = NULL;
        enum kh_status st = settings_store_get(ctx, v[i].setting->key, &text, err);
        if (st)
            return st;
        v[i].value = value_of(v[i].setting, text, &v[i].is_default);
    }
    *out = v;
    *n = count;
    return KH_OK;
}

enum kh_status settings_change(const struct kh_ctx *ctx, const char *const *keys,
                               const int64_t *values, int n, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有修改系统设置的权限",
                          "not allowed to change settings");
    if (n <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "", "没有要修改的设置", "no setting to change");
    const char **texts = arena_alloc(ctx->arena, sizeof(*texts) * (size_t)n);
    for (int i = 0; i < n; i++) {
        const struct kh_setting *s = registry_setting_find(keys[i]);
        if (!s)
            return kh_err_set(err, KH_E_VALIDATION, keys[i], "没有这个设置项",
                              "there is no such setting");
        if (values[i] < s->min || values[i] > s->max)
            return kh_err_setf(err, KH_E_VALIDATION, keys[i], "%s应在 %lld 到 %lld %s之间",
                               "%s must be between %lld and %lld %s", s->label_zh,
                               (long long)s->min, (long long)s->max, s->unit_zh, s->label_en,
                               (long long)s->min, (long long)s->max, s->unit_en);
        char buf[24];
        snprintf(buf, sizeof(buf), "%lld", (long long)values[i]);
        texts[i] = arena_strdup(ctx->arena, buf);
    }
    return settings_store_put_many(ctx, keys, texts, n, err);
}
