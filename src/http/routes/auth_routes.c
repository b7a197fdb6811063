/* Login, logout, the current user, password change, API tokens. */
#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "account/account_json.h"
#include "customer/customer.h"
#include "app/registry.h"
#include "http/http.h"
#include "secrecy/secrecy.h"

static json_t *actor_json(const struct kh_actor *a)
{
    /* "scope" is the customer scope, kept for clients older than "scopes". */
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:s}", "id", (json_int_t)a->user_id,
        "username", a->username, "display_name", a->name, "role", a->role, "scope",
        kh_scope_name(actor_scope(a, &customer_scope_kind)), "scopes", account_json_scopes(a),
        "permissions", account_json_perms(a), "department_id",
        a->department_id ? json_integer(a->department_id) : json_null(), "branch_id",
        a->branch_id ? json_integer(a->branch_id) : json_null(), "must_change_password",
        a->must_change_password, "clearance", secrecy_name(customer_clearance(a)));
}

/*
 * Set the session cookie (token) or clear it (NULL). Over HTTPS it is Secure
 * and named with the __Host- prefix, so browsers refuse it a Domain or
 * another Path; over plain HTTP (a trial on the office network) neither can be.
 */
static void session_cookie(struct http_req *r, const char *token)
{
    bool secure = http_request_secure(r);
    snprintf(r->set_cookie, sizeof(r->set_cookie), "%s=%s; Path=/;%s HttpOnly; SameSite=Strict%s",
             secure ? KH_SESSION_COOKIE_SECURE : KH_SESSION_COOKIE, token ? token : "",
             secure ? " Secure;" : "", token ? "" : "; Max-Age=0");
}

static void post_login(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    const char *username = NULL, *password = NULL;
    if (!http_get_str(r, o, "username", &username) || !http_get_str(r, o, "password", &password))
        return;
    struct login_result res;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st =
        account_login(&r->ctx, username, password, http_header(r, "User-Agent"), &res, &err);
    r->retry_after = res.retry_after;
    if (!http_reply_status(r, st, &err))
        return;
    r->ctx.actor = res.actor;
    session_cookie(r, res.session_token);
    http_reply_json(
        r, 200,
        json_pack("{s:o, s:s}", "user", actor_json(&res.actor), "csrf_token", res.csrf_token));
}

static void post_logout(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, r->session_token && account_logout(&r->ctx, r->session_token, &err),
                           &err))
        return;
    session_cookie(r, NULL);
    http_reply_ok(r);
}

static void get_me(struct http_req *r)
{
    http_reply_json(r, 200,
                    json_pack("{s:o, s:s?}", "user", actor_json(&r->ctx.actor), "csrf_token",
                              r->cookie_auth ? r->csrf : NULL));
}

static void post_password(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    const char *old_pw = NULL, *new_pw = NULL;
    if (!http_get_str(r, o, "old_password", &old_pw) ||
        !http_get_str(r, o, "new_password", &new_pw))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_password_change(&r->ctx, old_pw, new_pw, &err), &err))
        http_reply_ok(r);
}

static void get_tokens(struct http_req *r)
{
    struct api_token *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_token_list(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)list[i].id,
                                           "name", list[i].name, "created_at",
                                           http_json_time(r, list[i].created_at), "last_used_at",
                                           http_json_time(r, list[i].last_used_at)));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void post_token(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    const char *name = NULL;
    if (!http_get_str(r, o, "name", &name))
        return;
    int64_t id = 0;
    char token[80];
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_token_create(&r->ctx, name, &id, token, sizeof(token), &err),
                           &err))
        return;
    http_reply_json(
        r, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "token", token));
}

static void delete_token(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_token_revoke(&r->ctx, id, &err), &err))
        http_reply_ok(r);
}

/* What the account is told about changes someone else made to it (account.h). */
static void get_notices(struct http_req *r)
{
    struct account_notice *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_notice_list(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const char *zh = NULL, *en = NULL;
        account_notice_text(&r->ctx, &list[i], &zh, &en);
        json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id",
                                           (json_int_t)list[i].id, "kind", list[i].kind, "text",
                                           http_text(r, zh, en), "role",
                                           *list[i].role ? json_string(list[i].role) : json_null(),
                                           "by", http_json_actor(r, list[i].by_id, list[i].by_name),
                                           "at", http_json_time(r, list[i].at)));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_sessions(struct http_req *r)
{
    struct user_session *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_session_list(&r->ctx, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct user_session *u = &list[i];
        json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:s, s:s, s:b}", "id", u->id,
                                           "created_at", http_json_time(r, u->created_at),
                                           "last_seen_at", http_json_time(r, u->last_seen_at),
                                           "expires_at", http_json_time(r, u->expires_at),
                                           "address", u->address, "user_agent", u->user_agent,
                                           "current", u->current));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void post_notices_ack(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t up_to = 0;
    if (!o || !http_get_int(r, o, "up_to", &up_to))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_notice_ack(&r->ctx, up_to, &err), &err))
        http_reply_ok(r);
}

static void delete_session(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_session_revoke(&r->ctx, r->params[0], &err), &err))
        return;
    if (!strcmp(r->params[0], r->ctx.actor.session_id)) /* signed oneself out */
        session_cookie(r, NULL);
    http_reply_ok(r);
}

static void delete_other_sessions(struct http_req *r)
{
    int64_t ended = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, account_session_revoke_others(&r->ctx, &ended, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I}", "ended", (json_int_t)ended));
}

/*
 * Test clock on: the password checks this process ran (argon2id runs), the
 * checks running now and the most that ran at once.
 */
static void get_test_logins(struct http_req *r)
{
    struct login_stats st;
    account_login_stats(&r->ctx, &st);
    http_reply_json(r, 200,
                    json_pack("{s:I, s:i, s:i}", "password_runs", (json_int_t)st.password_runs,
                              "checks_active", st.checks_active, "checks_most", st.checks_most));
}

static const struct route auth_routes[] = {
    {"POST", "/api/v1/auth/login", post_login, ROUTE_PUBLIC},
    {"POST", "/api/v1/auth/logout", post_logout, ROUTE_BEFORE_PASSWORD},
    {"GET", "/api/v1/auth/me", get_me, ROUTE_FAST | ROUTE_BEFORE_PASSWORD},
    {"POST", "/api/v1/auth/password", post_password, ROUTE_BEFORE_PASSWORD},
    {"GET", "/api/v1/auth/tokens", get_tokens, 0},
    {"POST", "/api/v1/auth/tokens", post_token, 0},
    {"DELETE", "/api/v1/auth/tokens/:id", delete_token, 0},
    {"GET", "/api/v1/auth/notices", get_notices, 0},
    {"POST", "/api/v1/auth/notices/ack", post_notices_ack, 0},
    {"GET", "/api/v1/auth/sessions", get_sessions, 0},
    {"DELETE", "/api/v1/auth/sessions", delete_other_sessions, 0},
    {"DELETE", "/api/v1/auth/sessions/:id", delete_session, 0},
    {"GET", "/api/v1/_test/logins", get_test_logins, ROUTE_PUBLIC | ROUTE_TEST_CLOCK},
    {0},
};

const struct capability sessions_capability = {
    .name = "sessions",
    .label_zh = "登录与令牌",
    .label_en = "Sign-in and tokens",
    .routes = {auth_routes},
    .settings = account_settings,
};
