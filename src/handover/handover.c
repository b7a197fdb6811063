#include "handover/handover.h"

#include <string.h>

#include "account/account.h"
#include "app/registry.h"
#include "core/arena.h"
#include "core/utf8.h"
#include "handover/handover_store.h"

const struct kh_audit_action handover_audit_actions[] = {
    {"user.handover", "离职交接", "Handed a leaver's work over to successors"},
    {0},
};

static enum kh_status may_manage(const struct kh_ctx *ctx, int64_t user_id, struct user *u,
                                 struct kh_err *err)
{
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理用户的权限",
                          "not allowed to manage users");
    return account_user_get(ctx, user_id, u, err);
}

enum kh_status handover_holdings(const struct kh_ctx *ctx, int64_t user_id,
                                 struct holding_count **out, int *n, struct kh_err *err)
{
    *out = NULL;
    *n = 0;
    struct user u;
    enum kh_status st = may_manage(ctx, user_id, &u, err);
    return st ? st : holding_counts(ctx, user_id, out, n, err);
}

/* The successor named for kind, else the default one. */
static int64_t successor_of(const struct handover_input *in, const struct holding_kind *k)
{
    for (int i = 0; i < in->nsuccessors; i++)
        if (!strcmp(in->successors[i].kind, k->name))
            return in->successors[i].to;
    return in->to;
}

static enum kh_status check_successor(const struct kh_ctx *ctx, int64_t from,
                                      const struct holding_kind *k, int64_t to, struct kh_err *err)
{
    const char *field = arena_printf(ctx->arena, "successors.%s", k->name);
    if (to <= 0)
        return kh_err_setf(err, KH_E_VALIDATION, field, "请指定「%s」的接手人",
                           "name a successor for \"%s\"", k->label_zh, k->label_en);
    if (to == from)
        return kh_err_set(err, KH_E_VALIDATION, field, "接手人不能是离职人本人",
                          "the successor cannot be the leaver");
    struct user u;
    enum kh_status st = account_user_get(ctx, to, &u, err);
    if (st == KH_E_NOT_FOUND || (!st && !u.active))
        return kh_err_set(err, KH_E_VALIDATION, field, "接手人须为在职用户",
                          "the successor must be an active user");
    if (!st && k->accepts)
        st = k->accepts(ctx, from, to, err);
    return st;
}

enum kh_status handover_run(const struct kh_ctx *ctx, int64_t user_id,
                            const struct handover_input *in, struct handover_moved **moved, int *n,
                            struct kh_err *err)
{
    *moved = NULL;
    *n = 0;
    struct user leaver;
    enum kh_status st = may_manage(ctx, user_id, &leaver, err);
    if (st)
        return st;
    const char *reason = in->reason ? in->reason : "";
    size_t len = strlen(reason);
    if (!len || !utf8_valid(reason, len) || utf8_count(reason, len) > 500)
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请填写交接原因（500字以内）",
                          "give the reason of the handover (at most 500 characters)");
    for (int i = 0; i < in->nsuccessors; i++)
        if (!registry_holding_kind(in->successors[i].kind))
            return kh_err_setf(err, KH_E_VALIDATION,
                               arena_printf(ctx->arena, "successors.%s", in->successors[i].kind),
                               "没有「%s」这类交接事项",
                               "nothing of the kind \"%s\" is handed over", in->successors[i].kind,
                               in->successors[i].kind);
    struct holding_count *held = NULL;
    int nheld = 0;
    if ((st = holding_counts(ctx, user_id, &held, &nheld, err)))
        return st;
    struct handover_moved *m = arena_alloc(ctx->arena, sizeof(*m) * (size_t)(nheld ? nheld : 1));
    int k = 0;
    for (int i = 0; i < nheld && !st; i++) {
        if (!held[i].count)
            continue;
        int64_t to = successor_of(in, held[i].kind);
        st = check_successor(ctx, user_id, held[i].kind, to, err);
        m[k++] = (struct handover_moved){held[i].kind, held[i].count, to};
    }
    if (st)
        return st;
    if (!k)
        return kh_err_setf(err, KH_E_CONFLICT, "", "%s 没有需要交接的事项",
                           "%s holds nothing to hand over", leaver.display_name,
                           leaver.display_name);
    if ((st = handover_store_run(ctx, user_id, m, k, reason, err)))
        return st;
    *moved = m;
    *n = k;
    return KH_OK;
}
