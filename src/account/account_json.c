#include "account/account_json.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "account/account.h"
#include "secrecy/secrecy.h"

json_t *account_json_perms(const struct kh_actor *a)
{
    json_t *out = json_array();
    for (size_t i = 0; i < registry_perm_count(); i++) {
        const struct kh_perm *p = registry_perm_at(i);
        if (actor_can(a, p))
            json_array_append_new(out, json_string(p->name));
    }
    return out;
}

json_t *account_json_scopes(const struct kh_actor *a)
{
    json_t *out = json_object();
    for (size_t i = 0; i < registry_scope_count(); i++) {
        const struct kh_scope_kind *k = registry_scope_at(i);
        json_object_set_new(out, k->name, json_string(kh_scope_name(actor_scope(a, k))));
    }
    return out;
}

/* A request's subject as a JSON object (new reference), or NULL with err set. */
static json_t *subject_object(const char *text, struct kh_err *err)
{
    json_t *o = json_loads(text ? text : "", 0, NULL);
    if (json_is_object(o))
        return o;
    json_decref(o);
    kh_err_set(err, KH_E_VALIDATION, "subject", "申请对象格式不正确",
               "subject must be a JSON object");
    return NULL;
}

static enum kh_status bad_unit(bool department, struct kh_err *err)
{
    return kh_err_set(err, KH_E_VALIDATION,
                      department ? "subject.department_id" : "subject.branch_id", "须为编号或 null",
                      "must be an id or null");
}

/* A unit: absent -1, null 0, an id; -2 for anything else. */
static int64_t unit_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return -1;
    return json_is_integer(v) ? json_integer_value(v) : json_is_null(v) ? 0 : -2;
}

static const char *text_of(struct arena *a, json_t *o, const char *key, bool *bad)
{
    json_t *v = json_object_get(o, key);
    if (v && !json_is_string(v) && !json_is_null(v))
        *bad = true;
    return json_is_string(v) ? arena_strdup(a, json_string_value(v)) : NULL;
}

enum kh_status account_json_change_read(struct arena *a, const char *text,
                                        struct account_change *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    json_t *o = subject_object(text, err);
    if (!o)
        return err->code;
    json_t *uid = json_object_get(o, "user_id");
    out->user_id = json_is_integer(uid) ? json_integer_value(uid) : 0;
    bool bad_role = false, bad_pw = false, bad_expect = false;
    out->role = text_of(a, o, "role", &bad_role);
    out->password = text_of(a, o, "password", &bad_pw);
    out->expect_role = text_of(a, o, "expect_role", &bad_expect);
    out->department_id = unit_of(o, "department_id");
    out->branch_id = unit_of(o, "branch_id");
    out->password_reset = json_is_true(json_object_get(o, "password_reset"));
    out->expect_department_id = json_integer_value(json_object_get(o, "expect_department_id"));
    out->expect_branch_id = json_integer_value(json_object_get(o, "expect_branch_id"));
    out->expect_clearance = (int)json_integer_value(json_object_get(o, "expect_clearance"));
    /* "clearance": a level, or null for the role's default; absent: unchanged. */
    json_t *cl = json_object_get(o, "clearance");
    int level = json_is_string(cl) ? secrecy_parse(json_string_value(cl)) : -1;
    bool bad_clearance = cl && !json_is_null(cl) && level < 0;
    out->clearance = !cl ? 0 : level < 0 ? USER_CLEARANCE_ROLE : USER_CLEARANCE(level);
    json_decref(o);
    if (out->user_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "subject.user_id", "请指明要修改的用户",
                          "subject.user_id: the user to change is required");
    if (bad_clearance)
        return kh_err_set(err, KH_E_VALIDATION, "subject.clearance",
                          "须为 normal、confidential、top_secret 或 null",
                          "must be normal, confidential, top_secret or null");
    if (bad_role || bad_pw)
        return kh_err_set(err, KH_E_VALIDATION, bad_role ? "subject.role" : "subject.password",
                          "须为文字", "must be text");
    if (out->department_id == -2 || out->branch_id == -2)
        return bad_unit(out->department_id == -2, err);
    return KH_OK;
}

const char *account_json_change_write(struct arena *a, const struct account_change *c)
{
    json_t *o =
        json_pack("{s:I, s:s?, s:I, s:I, s:b, s:s?, s:I, s:I}", "user_id", (json_int_t)c->user_id,
                  "role", c->role, "department_id", (json_int_t)c->department_id, "branch_id",
                  (json_int_t)c->branch_id, "password_reset", c->password_reset, "expect_role",
                  c->expect_role, "expect_department_id", (json_int_t)c->expect_department_id,
                  "expect_branch_id", (json_int_t)c->expect_branch_id);
    if (c->clearance)
        json_object_set_new(o, "clearance",
                            c->clearance == USER_CLEARANCE_ROLE
                                ? json_null()
                                : json_string(secrecy_name(c->clearance - 2)));
    if (c->expect_clearance)
        json_object_set_new(o, "expect_clearance", json_integer(c->expect_clearance));
    char *text = json_dumps(o, JSON_COMPACT);
    const char *out = arena_strdup(a, text ? text : "{}");
    free(text);
    json_decref(o);
    return out;
}

enum kh_status account_json_new_read(struct arena *a, const char *text, struct account_new *out,
                                     struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    json_t *o = subject_object(text, err);
    if (!o)
        return err->code;
    bool bad = false;
    static const char *const keys[] = {"username", "display_name", "role", "password"};
    const char **dst[] = {&out->username, &out->display_name, &out->role, &out->password};
    const char *bad_key = "";
    for (size_t i = 0; i < 4; i++) {
        bool b = false;
        *dst[i] = text_of(a, o, keys[i], &b);
        if (b && !bad) {
            bad = true;
            bad_key = keys[i];
        }
    }
    out->department_id = unit_of(o, "department_id");
    out->branch_id = unit_of(o, "branch_id");
    json_decref(o);
    if (bad)
        return kh_err_setf(err, KH_E_VALIDATION, "subject", "%s 须为文字", "%s must be text",
                           bad_key, bad_key);
    if (out->department_id == -2 || out->branch_id == -2)
        return bad_unit(out->department_id == -2, err);
    return KH_OK;
}

const char *account_json_new_write(struct arena *a, const struct account_new *n)
{
    json_t *o = json_pack("{s:s?, s:s?, s:s?, s:I, s:I}", "username", n->username, "display_name",
                          n->display_name, "role", n->role, "department_id",
                          (json_int_t)(n->department_id > 0 ? n->department_id : 0), "branch_id",
                          (json_int_t)(n->branch_id > 0 ? n->branch_id : 0));
    char *text = json_dumps(o, JSON_COMPACT);
    const char *out = arena_strdup(a, text ? text : "{}");
    free(text);
    json_decref(o);
    return out;
}
