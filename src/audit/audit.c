#include "audit/audit.h"

#include <stddef.h>

#include "audit/audit_internal.h"
#include "audit/audit_store.h"

const struct kh_perm audit_perm_read = {"audit.read", "查看审计日志", "Read the audit log"};
const struct kh_perm *const audit_perms[] = {&audit_perm_read, NULL};

const struct kh_audit_action audit_audit_actions[] = {
    {"audit.rekey", "审计日志改用密钥链接", "Audit chain re-keyed"},
    {"audit.checkpoint", "审计日志检查点", "Audit checkpoint written"},
    {0},
};

#define AT(m) offsetof(struct audit_filter, m)

/*
 * The audit list's filter keys. The list walks the index of its leading
 * filter, newest first (audit_store.c, DECISIONS §24): the record, else
 * the person, else the action, else the log itself; the other filters are
 * checked on the way.
 */
static const struct list_field audit_fields[] = {
    {"actor_id", LIST_ID, LIST_OP_EQ, AT(actor_id), .index = "audit_actor (actor_id, id)"},
    {"action", LIST_TEXT, LIST_OP_EQ, AT(action), .max = 64, .index = "audit_action (action, id)"},
    {"target_type", LIST_TEXT, LIST_OP_EQ, AT(target_type), .max = 32,
     .index = "checked on the entry"},
    {"target_id", LIST_TEXT, LIST_OP_EQ, AT(target_id), .max = 32,
     .index = "audit_target (target_id, id)"},
    {"from", LIST_DATE_RANGE, LIST_OP_RANGE, AT(from), .key_to = "to", .offset_to = AT(to),
     .index = "checked on the entry"},
    {0},
};

const struct list_spec audit_list_spec = {.name = "audit", .fields = audit_fields};

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

void audit_flush_reads(const struct kh_ctx *ctx)
{
    audit_store_flush(ctx->db);
}

enum kh_status audit_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                          struct audit_page *out, struct kh_err *err)
{
    if (!ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看审计日志的权限",
                          "not allowed to read the audit log");
    return audit_store_list(ctx, f, out, err);
}

enum kh_status audit_list_of_record(const struct kh_ctx *ctx, const struct audit_filter *f,
                                    struct audit_page *out, struct kh_err *err)
{
    if (!f->target_type || !f->target_id)
        return kh_err_set(err, KH_E_INTERNAL, "", "须指明记录",
                          "a record's trail names the record");
    return audit_store_list(ctx, f, out, err);
}

enum kh_status audit_verify(const struct kh_ctx *ctx, struct audit_verify_result *out,
                            struct kh_err *err)
{
    if (!ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看审计日志的权限",
                          "not allowed to read the audit log");
    return audit__verify(ctx, false, out, err);
}

enum kh_status audit_verify_backup(const struct kh_ctx *ctx, struct audit_verify_result *out,
                                   struct kh_err *err)
{
    if (!ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看审计日志的权限",
                          "not allowed to read the audit log");
    return audit__verify(ctx, true, out, err);
}
