#include "app/holding.h"

#include "app/registry.h"
#include "core/arena.h"
#include "core/buf.h"

enum kh_status holding_counts(const struct kh_ctx *ctx, int64_t user_id, struct holding_count **out,
                              int *n, struct kh_err *err)
{
    size_t count = 0;
    const struct holding_kind *const *kinds = registry_holding_kinds(&count);
    struct holding_count *c = arena_alloc(ctx->arena, sizeof(*c) * (count ? count : 1));
    enum kh_status st = KH_OK;
    for (size_t i = 0; i < count && !st; i++) {
        c[i].kind = kinds[i];
        c[i].count = 0;
        st = kinds[i]->count(ctx, user_id, &c[i].count, err);
    }
    *out = st ? NULL : c;
    *n = st ? 0 : (int)count;
    return st;
}

enum kh_status holding_none(const struct kh_ctx *ctx, int64_t user_id, struct kh_err *err)
{
    struct holding_count *c = NULL;
    int n = 0;
    enum kh_status st = holding_counts(ctx, user_id, &c, &n, err);
    if (st)
        return st;
    struct buf zh, en;
    buf_init(&zh, 200);
    buf_init(&en, 200);
    for (int i = 0; i < n; i++) {
        if (!c[i].count)
            continue;
        buf_printf(&zh, "%s%s %lld", zh.len ? "、" : "", c[i].kind->label_zh,
                   (long long)c[i].count);
        buf_printf(&en, "%s%s: %lld", en.len ? ", " : "", c[i].kind->label_en,
                   (long long)c[i].count);
    }
    if (zh.len)
        st = kh_err_setf(err, KH_E_CONFLICT, "active",
                         "该用户仍有未交接的事项（%s），请先办理离职交接再停用",
                         "this user still holds %s: hand them over before disabling the account",
                         buf_cstr(&zh), buf_cstr(&en));
    buf_release(&zh);
    buf_release(&en);
    return st;
}
