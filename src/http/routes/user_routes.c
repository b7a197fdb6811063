/* Users, roles, departments and branches. */
#include <string.h>

#include "account/account.h"
#include "account/account_json.h"
#include "customer/customer.h"
#include "app/registry.h"
#include "http/http.h"
#include "secrecy/secrecy.h"

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

static json_t *user_json(const struct http_req *r, const struct user *u)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:b, s:s, s:o, s:s, s:s}", "id",
        (json_int_t)u->id, "username", u->username, "display_name", u->display_name, "role",
        u->role, "department_id", id_or_null(u->department_id), "branch_id",
        id_or_null(u->branch_id), "active", u->active, "created_at",
        http_json_time(r, u->created_at), "must_change_password", u->must_change_password,
        "clearance", secrecy_name(u->clearance), "clearance_own",
        u->clearance_own >= 0 ? json_string(secrecy_name(u->clearance_own)) : json_null(),
        "organization", u->organization ? u->organization : "", "credential",
        u->credential ? u->credential : "");
}

/* "clearance": a level, or null for the role's default; absent: unchanged. */
static bool read_clearance(struct http_req *r, json_t *o, int *out)
{
    json_t *v = json_object_get(o, "clearance");
    *out = 0;
    if (!v)
        return true;
    int level = json_is_string(v) ? secrecy_parse(json_string_value(v)) : -1;
    if (!json_is_null(v) && level < 0) {
        http_reply_error(r, 422, "validation", "clearance",
                         "密级权限应为 normal、confidential、top_secret 或 null（按角色）",
                         "clearance must be normal, confidential, top_secret or null (the role's)");
        return false;
    }
    *out = level < 0 ? USER_CLEARANCE_ROLE : USER_CLEARANCE(level);
    return true;
}

static void get_users(struct http_req *r)
{
    struct user *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_user_list(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, user_json(r, &list[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* Reads the user fields of a body; department/branch may be null (= none). */
static bool read_user_input(struct http_req *r, json_t *o, struct user_input *in)
{
    memset(in, 0, sizeof(*in));
    in->department_id = json_object_get(o, "department_id") ? 0 : -1;
    in->branch_id = json_object_get(o, "branch_id") ? 0 : -1;
    in->active = -1;
    return http_get_str(r, o, "username", &in->username) &&
           http_get_str(r, o, "display_name", &in->display_name) &&
           http_get_str(r, o, "role", &in->role) &&
           http_get_int(r, o, "department_id", &in->department_id) &&
           http_get_int(r, o, "branch_id", &in->branch_id) &&
           http_get_bool(r, o, "active", &in->active) &&
           http_get_str(r, o, "password", &in->password) &&
           http_get_str(r, o, "organization", &in->organization) &&
           http_get_str(r, o, "credential", &in->credential) &&
           read_clearance(r, o, &in->clearance);
}

static void post_user(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct user_input in;
    if (!o || !read_user_input(r, o, &in))
        return;
    if (in.clearance) {
        http_reply_error(r, 422, "validation", "clearance",
                         "新用户按角色取得密级权限；如需更高，请在创建后另行设置",
                         "a new user has their role's clearance; set another once the user exists");
        return;
    }
    int64_t id = 0;
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_user_create(&r->ctx, &in, &id, &u, &err), &err))
        http_reply_json(r, 201, user_json(r, &u));
}

static void patch_user(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct user_input in;
    if (!o || !read_user_input(r, o, &in))
        return;
    if (in.username) {
        http_reply_error(r, 422, "validation", "username", "用户名不能修改",
                         "the username cannot be changed");
        return;
    }
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_user_update(&r->ctx, id, &in, &u, &err), &err))
        http_reply_json(r, 200, user_json(r, &u));
}

static void get_roles(struct http_req *r)
{
    struct role *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_role_list(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        struct kh_actor role = {0};
        actor_perms_parse(&role, list[i].permissions);
        actor_scopes_parse(&role, list[i].scopes);
        json_array_append_new(
            a, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "code", list[i].code, "name_zh",
                         list[i].name_zh, "name_en", list[i].name_en, "scope",
                         kh_scope_name(actor_scope(&role, &customer_scope_kind)), "scopes",
                         account_json_scopes(&role), "permissions", account_json_perms(&role)));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void reply_units(struct http_req *r, bool branch)
{
    struct org_unit *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = branch ? account_branch_list(&r->ctx, &list, &n, &err)
                               : account_department_list(&r->ctx, &list, &n, &err);
    if (!http_reply_status(r, st, &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *u = json_pack("{s:I, s:s}", "id", (json_int_t)list[i].id, "name", list[i].name);
        if (branch)
            json_object_set_new(u, "code", json_string(list[i].code));
        else {
            json_object_set_new(u, "branch_id", id_or_null(list[i].branch_id));
            json_object_set_new(u, "head",
                                list[i].head_id
                                    ? json_pack("{s:I, s:s}", "id", (json_int_t)list[i].head_id,
                                                "name", list[i].head_name)
                                    : json_null());
        }
        json_array_append_new(a, u);
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_departments(struct http_req *r)
{
    reply_units(r, false);
}

static void get_branches(struct http_req *r)
{
    reply_units(r, true);
}

static void post_department(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *name = NULL;
    int64_t branch_id = 0, id = 0;
    if (!o || !http_get_str(r, o, "name", &name) || !http_get_int(r, o, "branch_id", &branch_id))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_department_create(&r->ctx, name, branch_id, &id, &err), &err))
        http_reply_json(r, 201,
                        json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "name", name,
                                  "branch_id", id_or_null(branch_id)));
}

/* PATCH /departments/:id {"head_id": N | null}: the department's head (approvals). */
static void patch_department(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    if (!o)
        return;
    json_t *h = json_object_get(o, "head_id");
    if (!h || (!json_is_null(h) && !json_is_integer(h))) {
        http_reply_error(r, 400, "invalid", "head_id", "请给出负责人的用户编号（或 null）",
                         "head_id: the head's user id, or null for none");
        return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    int64_t head = json_is_integer(h) ? json_integer_value(h) : 0;
    if (http_reply_status(r, account_department_set_head(&r->ctx, id, head, &err), &err))
        http_reply_json(r, 200,
                        json_pack("{s:I, s:o}", "id", (json_int_t)id, "head_id",
                                  head ? json_integer(head) : json_null()));
}

static void post_branch(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *name = NULL, *code = NULL;
    int64_t id = 0;
    if (!o || !http_get_str(r, o, "name", &name) || !http_get_str(r, o, "code", &code))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_branch_create(&r->ctx, code, name, &id, &err), &err))
        http_reply_json(
            r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "code", code, "name", name));
}

static const struct route user_routes[] = {
    {"GET", "/api/v1/users", get_users, 0},
    {"POST", "/api/v1/users", post_user, 0},
    {"PATCH", "/api/v1/users/:id", patch_user, 0},
    {"GET", "/api/v1/roles", get_roles, 0},
    {"GET", "/api/v1/departments", get_departments, 0},
    {"POST", "/api/v1/departments", post_department, 0},
    {"PATCH", "/api/v1/departments/:id", patch_department, 0},
    {"GET", "/api/v1/branches", get_branches, 0},
    {"POST", "/api/v1/branches", post_branch, 0},
    {0},
};

const struct capability accounts_capability = {
    .name = "accounts",
    .label_zh = "用户与组织",
    .label_en = "Users and organisation",
    .routes = {user_routes},
    .perms = account_perms,
    .audit_actions = account_audit_actions,
    .approval_kinds = (const struct approval_kind *const[]){&account_approval_change,
                                                            &account_approval_create, NULL},
    .holdings = (const struct holding_kind *const[]){&account_holding_heads, NULL},
};
