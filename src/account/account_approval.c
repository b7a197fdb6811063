/*
 * The account changes that need a second person (account.h), as kinds of
 * the approvals engine: "account.change" (another user's role, password or
 * clearance) and "account.create" (a new user whose role reads customers).
 */
#include "account/account.h"
#include <stdio.h>
#include <string.h>
#include "account/account_internal.h"
#include "account/account_json.h"
#include "account/account_store.h"
#include "account/account_throttle.h"
#include "app/holding.h"
#include "approval/approval.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"
#include "core/utf8.h"
#include "crypto/crypto.h"
#include "customer/customer.h"
#include "secrecy/secrecy.h"
#include "settings/settings.h"

/* ---- the two-person rule through the approvals engine ---- */

/*
 * Kind "account.change": a change to another user that needs a second
 * person (a role that reads more customers, a password set for them), asked
 * for by an administrator and made when another person approves it.
 * Subject as asked: {"user_id": N, "role": "code", "department_id": D,
 * "branch_id": B, "password": "..."} (role or password required, units
 * optional, null for none). check verifies it as a direct update would be
 * verified, refuses a change that needs no approval, moves the password's
 * argon2id hash into the request's secret (the subject keeps no password)
 * and records the state the change was decided on; apply makes it as a
 * conditional write on that state.
 */
static enum kh_status change_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                   struct kh_err *err)
{
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理用户的权限",
                          "not allowed to manage users");
    struct account_change ch;
    enum kh_status st = account_json_change_read(ctx->arena, d->subject, &ch, err);
    if (st)
        return st;
    if (!ch.role && !ch.password && !ch.clearance)
        return kh_err_set(err, KH_E_VALIDATION, "subject", "请指明新角色、新密码或新密级权限",
                          "give the new role, the new password or the new clearance");
    if (ch.clearance && !ctx_can(ctx, &secrecy_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "subject.clearance", "没有设置密级权限的权限",
                          "not allowed to set clearances");
    if (ch.user_id == ctx->actor.user_id)
        return kh_err_set(err, KH_E_VALIDATION, "subject.user_id",
                          "不能为自己申请修改角色或重置密码",
                          "you cannot ask for a change of your own role or password");
    struct user_row cur;
    if ((st = account_store_user_by_id(ctx, ch.user_id, &cur, err)))
        return st == KH_E_NOT_FOUND ? kh_err_set(err, KH_E_VALIDATION, "subject.user_id",
                                                 "用户不存在", "no such user")
                                    : st;
    if (ch.password &&
        (st = account_password_check(ch.password, cur.user.username, "subject.password", err)))
        return st;
    struct user_input in = {.role = ch.role,
                            .department_id = ch.department_id,
                            .branch_id = ch.branch_id,
                            .active = -1,
                            .must_change_password = -1};
    struct user_input copy = in;
    if ((st = account__check_refs(ctx, &in, err)) ||
        (st = account__check_org_update(ctx, &cur, &in, &copy, err)))
        return st;
    bool widens = false;
    if (ch.role && (st = account__role_widens(ctx, cur.user.role, ch.role, &widens, err)))
        return st;
    int cleared = 0;
    if ((st = account__clearance_after(ctx, &cur, ch.role, ch.clearance, &cleared, err)))
        return st;
    bool raises = cleared > cur.user.clearance;
    if (!widens && !raises && !ch.password)
        return kh_err_set(err, KH_E_VALIDATION, "subject",
                          "这项修改不需要审批：请直接在用户页面修改",
                          "this change needs no approval: make it on the user's page");
    if (ch.password) {
        char *hash = arena_alloc(ctx->arena, KH_PWHASH_LEN);
        if ((st = crypto_password_hash(ch.password, hash, err)))
            return st;
        d->secret = hash;
    }
    ch.password = NULL;
    ch.password_reset = d->secret != NULL;
    ch.expect_role = cur.user.role;
    ch.expect_department_id = cur.user.department_id;
    ch.expect_branch_id = cur.user.branch_id;
    ch.expect_clearance = ch.clearance ? account__clearance_code(&cur) : 0;
    d->subject = account_json_change_write(ctx->arena, &ch);
    const char *who =
        arena_printf(ctx->arena, "%s（%s）", cur.user.display_name, cur.user.username);
    const char *who_en =
        arena_printf(ctx->arena, "%s (%s)", cur.user.display_name, cur.user.username);
    const char *label_zh = "", *label_en = "";
    if (ch.role)
        account_role_names(ctx, ch.role, &label_zh, &label_en);
    if (ch.role && ch.password_reset) {
        d->summary_zh = arena_printf(ctx->arena, "将 %s 的角色改为 %s，并重置密码", who, label_zh);
        d->summary_en =
            arena_printf(ctx->arena, "Role %s and a new password for %s", label_en, who_en);
    } else if (ch.role) {
        d->summary_zh = arena_printf(ctx->arena, "将 %s 的角色改为 %s", who, label_zh);
        d->summary_en = arena_printf(ctx->arena, "Role %s for %s", label_en, who_en);
    } else if (ch.password_reset) {
        d->summary_zh = arena_printf(ctx->arena, "重置 %s 的密码", who);
        d->summary_en = arena_printf(ctx->arena, "A new password for %s", who_en);
    } else {
        d->summary_zh = "";
        d->summary_en = "";
    }
    if (ch.clearance) {
        int lv = cleared;
        d->summary_zh = arena_printf(ctx->arena, "%s%s将 %s 的密级权限设为 %s", d->summary_zh,
                                     *d->summary_zh ? "；" : "", who, secrecy_levels[lv].zh);
        d->summary_en = arena_printf(ctx->arena, "%s%sClearance %s for %s", d->summary_en,
                                     *d->summary_en ? "; " : "", secrecy_levels[lv].en, who_en);
        d->secrecy = lv;
    }
    return KH_OK;
}

static enum kh_status change_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                   const struct approval_request *r, struct kh_err *err)
{
    struct account_change ch;
    if (account_json_change_read(ctx->arena, r->subject, &ch, err))
        return kh_err_set(err, KH_E_INTERNAL, "", "审批申请的内容无法读取",
                          "the request's subject cannot be read");
    if (ch.password_reset && !r->secret[0])
        return kh_err_set(err, KH_E_INTERNAL, "", "审批申请缺少新密码",
                          "the request has lost its new password");
    struct user_input in = {
        .role = ch.role,
        .department_id = ch.department_id,
        .branch_id = ch.branch_id,
        .active = -1,
        .password = ch.password_reset ? r->secret : NULL,
        .must_change_password = ch.password_reset ? 1 : -1,
        .notice = ch.role             ? "role_granted"
                  : ch.password_reset ? "password_reset"
                                      : NULL,
        .clearance = ch.clearance,
        .expect_role = ch.expect_role,
        .expect_department_id = ch.expect_department_id,
        .expect_branch_id = ch.expect_branch_id,
        .expect_clearance = ch.expect_clearance,
    };
    const char *detail = arena_printf(
        ctx->arena, "%s%s%s%s%s%s (approval request %lld by %s)", ch.role ? "role=" : "",
        ch.role ? ch.role : "", ch.role && ch.password_reset ? " " : "",
        ch.password_reset ? "password=reset" : "", ch.clearance ? " clearance=" : "",
        !ch.clearance                         ? ""
        : ch.clearance == USER_CLEARANCE_ROLE ? "role"
                                              : secrecy_name(ch.clearance - 2),
        (long long)r->id, r->requester_name);
    return account_store_user_update_on(c, ctx, ch.user_id, &in, detail, err);
}

static const struct approval_rule change_rules[] = {
    {.approver = "role", .role = "gm", .hours = 24},
    {0},
};

const struct approval_kind account_approval_change = {
    .name = "account.change",
    .label_zh = "修改角色、密级权限或重置他人密码",
    .label_en = "Role, clearance or password change",
    .defaults = change_rules,
    .check = change_check,
    .apply = change_apply,
};

/*
 * Kind "account.create": a new user whose role reads customers, asked for
 * by an administrator and created when another person approves it. Subject
 * as asked: {"username", "display_name", "role", "department_id",
 * "branch_id", "password"}; checked as a direct creation is; the password
 * kept only as its hash (the request's secret); the user changes it at the
 * first login. A username taken meanwhile makes the approval a conflict.
 */
/* The new user a request's subject describes, with password (plain or hashed). */
static struct user_input new_user_input(const struct account_new *nu, const char *password)
{
    return (struct user_input){.username = nu->username,
                               .display_name = nu->display_name,
                               .role = nu->role,
                               .department_id = nu->department_id > 0 ? nu->department_id : 0,
                               .branch_id = nu->branch_id > 0 ? nu->branch_id : 0,
                               .active = 1,
                               .password = password,
                               .must_change_password = -1};
}

static enum kh_status create_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                   struct kh_err *err)
{
    struct account_new nu;
    enum kh_status st = account_json_new_read(ctx->arena, d->subject, &nu, err);
    if (st)
        return st;
    struct user_input in = new_user_input(&nu, nu.password);
    bool widens = false;
    if ((st = account__create_checks(ctx, &in, "subject.password", &widens, err))) {
        /* The fields of the subject, as the request names them. */
        if (err->field[0] && strncmp(err->field, "subject", 7) != 0) {
            char field[sizeof(err->field) + 8];
            snprintf(field, sizeof(field), "subject.%s", err->field);
            kh_strlcpy(err->field, field, sizeof(err->field)); /* cut: fields are short */
        }
        return st;
    }
    if (!widens)
        return kh_err_set(err, KH_E_VALIDATION, "subject.role",
                          "这个角色不查看客户资料，不需要审批：请直接新建用户",
                          "this role reads no customer records and needs no approval: create "
                          "the user directly");
    struct user_row existing;
    st = account_store_user_by_name(ctx, nu.username, &existing, err);
    if (!st)
        return kh_err_set(err, KH_E_VALIDATION, "subject.username", "用户名已存在",
                          "username already exists");
    if (st != KH_E_NOT_FOUND)
        return st;
    kh_err_clear(err);
    char *hash = arena_alloc(ctx->arena, KH_PWHASH_LEN);
    if ((st = crypto_password_hash(nu.password, hash, err)))
        return st;
    d->secret = hash;
    nu.password = NULL;
    d->subject = account_json_new_write(ctx->arena, &nu);
    const char *label_zh, *label_en;
    account_role_names(ctx, nu.role, &label_zh, &label_en);
    d->summary_zh = arena_printf(ctx->arena, "新建用户 %s（%s），角色 %s", nu.display_name,
                                 nu.username, label_zh);
    d->summary_en = arena_printf(ctx->arena, "New user %s (%s) with role %s", nu.display_name,
                                 nu.username, label_en);
    return KH_OK;
}

static enum kh_status create_apply(struct db_conn *c, const struct kh_ctx *ctx,
                                   const struct approval_request *r, struct kh_err *err)
{
    struct account_new nu;
    if (account_json_new_read(ctx->arena, r->subject, &nu, err) || !r->secret[0])
        return kh_err_set(err, KH_E_INTERNAL, "", "审批申请的内容无法读取",
                          "the request's subject cannot be read");
    struct user_input in = new_user_input(&nu, r->secret);
    in.must_change_password = 1;
    const char *detail =
        arena_printf(ctx->arena, "username=%s role=%s (approval request %lld by %s)", nu.username,
                     nu.role, (long long)r->id, r->requester_name);
    int64_t id = 0;
    return account_store_user_insert_on(c, ctx, &in, detail, &id, err);
}

const struct approval_kind account_approval_create = {
    .name = "account.create",
    .label_zh = "新建查看客户资料的用户",
    .label_en = "New user who reads customers",
    .defaults = change_rules,
    .check = create_check,
    .apply = create_apply,
};
