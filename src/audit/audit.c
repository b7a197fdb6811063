#include "audit/audit.h"

#include "audit/audit_store.h"

const struct kh_perm audit_perm_read = {"audit.read", "查看审计日志", "Read the audit log"};
const struct kh_perm *const audit_perms[] = {&audit_perm_read, NULL};

enum kh_status audit_record(const struct kh_ctx *ctx, const struct audit_event *ev,
                            struct kh_err *err)
{
    return audit_store_record(ctx, ev, err);
}

enum kh_status audit_record_read(const struct kh_ctx *ctx, const struct audit_event *ev,
                                 struct kh_err *err)
{
    return audit_store_record_async(ctx, ev, err);
}

enum kh_status audit_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                          struct audit_page *out, struct kh_err *err)
{
    if (!ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看审计日志的权限",
                          "not allowed to read the audit log");
    return audit_store_list(ctx, f, out, err);
}

enum kh_status audit_verify(const struct kh_ctx *ctx, struct audit_verify_result *out,
                            struct kh_err *err)
{
    if (!ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看审计日志的权限",
                          "not allowed to read the audit log");
    return audit_store_verify(ctx->db, out, err);
}
