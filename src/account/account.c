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

/* The numbers of the login rules an administrator may change (registered by the sessions
 * capability). */
const struct kh_setting account_setting_session_hours = {
    "session_hours", 12, 1, 720, "小时", "hours", "登录会话有效期", "Session length"};
const struct kh_setting account_setting_session_idle = {"session_idle_minutes",
                                                        30,
                                                        1,
                                                        1440,
                                                        "分钟",
                                                        "minutes",
                                                        "登录会话无操作多久后失效",
                                                        "Session ends after this long without use"};
const struct kh_setting account_setting_login_window = {"login_window_seconds",
                                                        900,
                                                        60,
                                                        86400,
                                                        "秒",
                                                        "seconds",
                                                        "登录失败的计数时段",
                                                        "Window for counting failed logins"};
const struct kh_setting account_setting_login_pair_failures = {
    "login_max_pair_failures",
    5,
    1,
    100,
    "次",
    "attempts",
    "一个账号从同一地址在时段内允许的登录失败次数",
    "Failed logins allowed per account from one address in the window"};
const struct kh_setting account_setting_login_user_failures = {
    "login_max_user_failures",
    20,
    1,
    100,
    "次",
    "attempts",
    "一个账号在时段内允许的登录失败次数（曾登录过的地址不受此限）",
    "Failed logins allowed per account in the window (not counted against places it signed in "
    "from)"};
const struct kh_setting account_setting_login_addr_failures = {
    "login_max_addr_failures",
    50,
    1,
    10000,
    "次",
    "attempts",
    "一个地址在时段内允许的登录失败次数（曾从该地址登录的账号不受此限）",
    "Failed logins allowed per address in the window (not counted against accounts that signed "
    "in from it)"};
const struct kh_setting account_setting_login_hash_slots = {
    "login_password_checks",
    2,
    1,
    64,
    "个",
    "at once",
    "同时进行的密码校验数（每个约占 19 MiB 内存）",
    "Password checks run at once (about 19 MiB of memory each)"};
const struct kh_setting account_setting_login_known_days = {
    "login_known_place_days",
    30,
    1,
    365,
    "天",
    "days",
    "登录成功后该地址作为账号常用地点的天数（常用地点不受账号和地址的失败次数限制）",
    "Days a successful login makes its address a known place of the account (exempt from the "
    "account and address failure limits)"};
const struct kh_setting *const account_settings[] = {&account_setting_login_known_days,
                                                     &account_setting_session_hours,
                                                     &account_setting_session_idle,
                                                     &account_setting_login_window,
                                                     &account_setting_login_pair_failures,
                                                     &account_setting_login_user_failures,
                                                     &account_setting_login_addr_failures,
                                                     &account_setting_login_hash_slots,
                                                     NULL};

const struct kh_perm account_perm_user_manage = {"user.manage", "管理用户与角色",
                                                 "Manage users and roles"};
const struct kh_perm account_perm_user_list = {"user.list", "查看用户列表", "List users"};

const struct kh_perm *const account_perms[] = {&account_perm_user_manage, &account_perm_user_list,
                                               NULL};

const struct kh_audit_action account_audit_actions[] = {
    {"auth.login", "登录", "Signed in"},
    {"auth.login_failed", "登录失败", "Failed to sign in"},
    {"auth.login_throttled", "登录被限制", "Sign-in throttled"},
    {"auth.logout", "退出登录", "Signed out"},
    {"auth.session_revoke", "结束登录会话", "Ended a session"},
    {"token.create", "创建 API 令牌", "Created an API token"},
    {"token.revoke", "吊销 API 令牌", "Revoked an API token"},
    {"user.create", "新建用户", "Created a user"},
    {"user.update", "修改用户", "Edited a user"},
    {"permission.change", "变更用户角色", "Changed a user's role"},
    {"role.change", "修改角色权限", "Changed a role's permissions"},
    {"department.create", "新建部门", "Created a department"},
    {"department.head", "设置部门负责人", "Set a department's head"},
    {"branch.create", "新建分支机构", "Created a branch"},
    {"notice.ack", "确认账号通知", "Acknowledged account notices"},
    {0},
};

void account_system_actor(struct kh_actor *actor, const char *what)
{
    memset(actor, 0, sizeof(*actor));
    kh_strlcpy(actor->username, what ? what : "system", sizeof(actor->username));
    kh_strlcpy(actor->name, "系统 / system", sizeof(actor->name));
    kh_strlcpy(actor->role, "system", sizeof(actor->role));
    kh_strlcpy(actor->address, "cli", sizeof(actor->address));
    actor_grant_all(actor);
}

enum kh_status account_actor_ready(const struct kh_actor *actor, struct kh_err *err)
{
    if (actor->must_change_password)
        return kh_err_set(err, KH_E_PASSWORD_CHANGE, "", "请先修改管理员为您设置的初始密码",
                          "change the password an administrator set for you first");
    return KH_OK;
}

enum kh_status account_actor_load(const struct kh_ctx *ctx, int64_t user_id, struct kh_actor *actor,
                                  struct kh_err *err)
{
    char address[sizeof(actor->address)];
    kh_strlcpy(address, actor->address, sizeof(address));
    memset(actor, 0, sizeof(*actor));
    kh_strlcpy(actor->address, address, sizeof(actor->address));
    return account_store_actor(ctx, user_id, actor, err);
}

/* ---- login ---- */

static enum kh_status login_limits(const struct kh_ctx *ctx, struct login_limits *lim,
                                   int64_t *slots, struct kh_err *err)
{
    int64_t days = 0;
    enum kh_status st = settings_int(ctx, &account_setting_login_known_days, &days, err);
    lim->known_for = days * 86400;
    if (!st)
        st = settings_int(ctx, &account_setting_login_window, &lim->window, err);
    if (!st)
        st = settings_int(ctx, &account_setting_login_pair_failures, &lim->max_pair, err);
    if (!st)
        st = settings_int(ctx, &account_setting_login_user_failures, &lim->max_user, err);
    if (!st)
        st = settings_int(ctx, &account_setting_login_addr_failures, &lim->max_addr, err);
    if (!st)
        st = settings_int(ctx, &account_setting_login_hash_slots, slots, err);
    return st;
}

/*
 * What the audit keeps of the name typed: an account's own name, or
 * "unknown-user" (a password typed into the name field must not become
 * readable to the auditor; DECISIONS).
 */
static void login_event_make(const struct kh_ctx *ctx, const char *action,
                             const struct user_row *row, struct login_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->at = ctx_now(ctx);
    ev->target_id = row ? row->user.id : 0;
    kh_strlcpy(ev->address, ctx->actor.address, sizeof(ev->address));
    kh_strlcpy(ev->action, action, sizeof(ev->action));
    kh_strlcpy(ev->detail, row ? row->user.username : "unknown-user", sizeof(ev->detail));
}

/* The same answer whether the password was right or not: a full disk must not tell which. */
static enum kh_status unrecorded(struct login_result *out, struct kh_err *err)
{
    out->retry_after = 60;
    return kh_err_set(err, KH_E_UNAVAILABLE, "", "暂时无法记录登录，请稍后再试",
                      "the sign-in cannot be recorded right now, try again later");
}

static enum kh_status throttled(const struct kh_ctx *ctx, const char *username, int64_t wait,
                                struct login_result *out, struct kh_err *err)
{
    struct user_row row;
    struct kh_err lookup;
    bool known = account_store_user_by_name(ctx, username, &row, &lookup) == KH_OK;
    struct login_event ev;
    login_event_make(ctx, "auth.login_throttled", known ? &row : NULL, &ev);
    /* Counted in memory already; its entry waits in memory if the database cannot take it. */
    KH_IGNORE(account_store_failure_record(ctx, &ev, &lookup));
    int minutes = (int)((wait + 59) / 60);
    out->retry_after = wait + 1;
    return kh_err_setf(err, KH_E_THROTTLED, "", "登录失败次数过多，请 %d 分钟后再试",
                       "too many failed logins, try again in %d minute(s)", minutes, minutes);
}

static enum kh_status login_failed(const struct kh_ctx *ctx, const struct user_row *row,
                                   struct login_result *out, struct kh_err *err)
{
    struct login_event ev;
    login_event_make(ctx, "auth.login_failed", row, &ev);
    struct kh_err e2;
    if (account_store_failure_record(ctx, &ev, &e2))
        return unrecorded(out, err);
    return kh_err_set(err, KH_E_UNAUTH, "", "用户名或密码错误", "wrong username or password");
}

/*
 * The password check, one argon2id run whether the account exists or not,
 * inside one of the slots that bound the checks running at once. *exists:
 * row holds the account; *ok: the password is right and the account active.
 */
static enum kh_status check_password_slot(const struct kh_ctx *ctx, struct login_state *ls,
                                          int64_t slots, const char *username, const char *password,
                                          struct user_row *row, bool *exists, bool *ok,
                                          struct kh_err *err)
{
    *exists = *ok = false;
    if (!account_throttle_hash_enter(ls, (int)slots))
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "登录的人太多，请稍后再试",
                          "too many sign-ins at once, try again in a moment");
    enum kh_status st = account_store_user_by_name(ctx, username, row, err);
    if (st == KH_E_NOT_FOUND) {
        st = KH_OK;
        (void)crypto_password_verify_dummy(password); /* the same work as a real check */
    } else if (!st) {
        *exists = true;
        *ok = crypto_password_verify(row->password_hash, password) && row->user.active;
    }
    account_throttle_hash_leave(ls);
    return st;
}

static enum kh_status session_open(const struct kh_ctx *ctx, const struct user_row *row,
                                   const char *user_agent, struct login_result *out,
                                   struct kh_err *err)
{
    struct kh_ctx uctx = *ctx;
    enum kh_status st = account_actor_load(ctx, row->user.id, &uctx.actor, err);
    if (st)
        return st;
    crypto_random_token("ks_", out->session_token, sizeof(out->session_token));
    crypto_random_token("", out->csrf_token, sizeof(out->csrf_token));
    char hash[KH_HASH_HEX];
    crypto_hash_hex(out->session_token, strlen(out->session_token), hash);
    int64_t hours = 0, known_days = 0;
    if ((st = settings_int(ctx, &account_setting_session_hours, &hours, err)) ||
        (st = settings_int(ctx, &account_setting_login_known_days, &known_days, err)))
        return st;
    char agent[200];
    kh_strlcpy(agent, user_agent && utf8_valid(user_agent, strlen(user_agent)) ? user_agent : "",
               sizeof(agent));
    agent[utf8_cut(agent, strlen(agent))] = '\0';
    st = account_store_session_insert(&uctx, hash, row->user.id, out->csrf_token,
                                      ctx_now(ctx) + hours * 3600,
                                      ctx_now(ctx) - known_days * 86400, agent, err);
    if (!st)
        out->actor = uctx.actor;
    return st;
}

/*
 * The failures every server recorded (login_failures): memory counts this
 * server's own, but several servers sharing a database must not let an
 * attacker spread guesses over them. The same rule as memory's: the pair's
 * limit, or the account's or the address's limit away from a known place.
 * When the database cannot say, memory alone decides. *wait: seconds until
 * the oldest counted failure of the blocking key leaves the window.
 */
static bool shared_refuses(const struct kh_ctx *ctx, const char *username,
                           const struct login_limits *lim, int64_t *wait)
{
    int64_t now = ctx_now(ctx), since = now - lim->window;
    struct user_row row;
    struct kh_err e;
    int64_t uid = account_store_user_by_name(ctx, username, &row, &e) == KH_OK ? row.user.id : 0;
    int64_t place_at = 0;
    if (uid && account_store_place_seen(ctx, username, ctx->actor.address, &place_at, &e))
        place_at = 0;
    struct login_failure_counts n;
    if (account_store_failures_count(ctx, uid, ctx->actor.address, since,
                                     place_at > since ? place_at + 1 : since, &n, &e))
        return false;
    bool known = place_at && now - place_at <= lim->known_for;
    int64_t oldest = 0;
    if (n.pair >= lim->max_pair)
        oldest = n.pair_oldest;
    else if (!known && n.user >= lim->max_user)
        oldest = n.user_oldest;
    else if (!known && n.addr >= lim->max_addr)
        oldest = n.addr_oldest;
    else
        return false;
    *wait = oldest + lim->window - now;
    if (*wait < 1)
        *wait = 1;
    return true;
}

enum kh_status account_login(const struct kh_ctx *ctx, const char *username, const char *password,
                             const char *user_agent, struct login_result *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!username || !*username)
        return kh_err_set(err, KH_E_VALIDATION, "username", "请输入用户名", "username is required");
    if (!password || !*password)
        return kh_err_set(err, KH_E_VALIDATION, "password", "请输入密码", "password is required");
    if (strlen(username) > 64 || strlen(password) > 256)
        return kh_err_set(err, KH_E_UNAUTH, "", "用户名或密码错误", "wrong username or password");
    struct login_limits lim;
    int64_t slots = 0;
    enum kh_status st = login_limits(ctx, &lim, &slots, err);
    if (st)
        return st;
    struct login_state *ls = account_store_login_state(ctx);
    struct login_keys keys;
    account_throttle_keys(ls, username, ctx->actor.address, &keys);
    uint64_t attempt = 0;
    int64_t wait = 0;
    enum login_verdict v =
        account_throttle_begin(ls, &keys, &lim, ctx_now(ctx), false, &attempt, &wait);
    if (v == LOGIN_ASK_PLACE) { /* memory forgot the places at a restart: the database knows */
        int64_t at = 0;
        struct kh_err ignored;
        if (account_store_place_seen(ctx, username, ctx->actor.address, &at, &ignored) == KH_OK &&
            at)
            account_throttle_place(ls, &keys, at);
        v = account_throttle_begin(ls, &keys, &lim, ctx_now(ctx), true, &attempt, &wait);
    }
    if (v != LOGIN_ALLOWED)
        return throttled(ctx, username, wait, out, err);
    if (shared_refuses(ctx, username, &lim, &wait)) {
        account_throttle_cancel(ls, attempt);
        return throttled(ctx, username, wait, out, err);
    }

    struct user_row row;
    bool exists = false, ok = false;
    st = check_password_slot(ctx, ls, slots, username, password, &row, &exists, &ok, err);
    if (st) { /* not checked: counts for nothing */
        account_throttle_cancel(ls, attempt);
        out->retry_after = 1;
        return st;
    }
    if (!ok)
        return login_failed(ctx, exists ? &row : NULL, out, err);
    /* A right password whose session cannot be written stays counted, like a wrong one. */
    if (session_open(ctx, &row, user_agent, out, err)) {
        memset(out, 0, sizeof(*out));
        struct login_event ev;
        login_event_make(ctx, "auth.login_failed", &row, &ev);
        account_throttle_pending_push(ls, &ev);
        return unrecorded(out, err);
    }
    account_throttle_success(ls, &keys, attempt, ctx_now(ctx));
    return KH_OK;
}

enum kh_status account_session_resolve(const struct kh_ctx *ctx, const char *token,
                                       struct kh_actor *actor, char *csrf, size_t csrf_cap,
                                       struct kh_err *err)
{
    if (!token || strncmp(token, "ks_", 3) != 0 || strlen(token) > 80)
        return kh_err_set(err, KH_E_UNAUTH, "", "请先登录", "please log in");
    char hash[KH_HASH_HEX];
    crypto_hash_hex(token, strlen(token), hash);
    int64_t user_id = 0, expires = 0, seen = 0, idle = 0, now = ctx_now(ctx);
    enum kh_status st =
        account_store_session_get(ctx, hash, &user_id, csrf, csrf_cap, &expires, &seen, err);
    if (!st)
        st = settings_int(ctx, &account_setting_session_idle, &idle, err);
    if (st)
        return st;
    if (expires <= now)
        return kh_err_set(err, KH_E_UNAUTH, "", "登录已过期，请重新登录",
                          "session expired, log in again");
    if (now - seen >= idle * 60)
        return kh_err_set(err, KH_E_UNAUTH, "", "长时间未操作，登录已失效，请重新登录",
                          "signed out after a time without use, log in again");
    if (now - seen >= 60)
        account_store_session_touch(ctx, hash, now);
    if ((st = account_actor_load(ctx, user_id, actor, err)))
        return st;
    memcpy(actor->session_id, hash, sizeof(actor->session_id) - 1);
    actor->session_id[sizeof(actor->session_id) - 1] = '\0';
    return KH_OK;
}

enum kh_status account_logout(const struct kh_ctx *ctx, const char *token, struct kh_err *err)
{
    char hash[KH_HASH_HEX];
    crypto_hash_hex(token, strlen(token), hash);
    return account_store_session_delete(ctx, hash, err);
}

enum kh_status account_token_resolve(const struct kh_ctx *ctx, const char *token,
                                     struct kh_actor *actor, struct kh_err *err)
{
    if (!token || strncmp(token, "kh_", 3) != 0 || strlen(token) > 80)
        return kh_err_set(err, KH_E_UNAUTH, "", "API 令牌无效", "invalid API token");
    char hash[KH_HASH_HEX];
    crypto_hash_hex(token, strlen(token), hash);
    char address[sizeof(actor->address)];
    kh_strlcpy(address, actor->address, sizeof(address));
    memset(actor, 0, sizeof(*actor));
    kh_strlcpy(actor->address, address, sizeof(actor->address));
    return account_store_token_user(ctx, hash, actor, err);
}

static bool text_ok(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max && utf8_valid(s, strlen(s));
}

enum kh_status account_token_create(const struct kh_ctx *ctx, const char *name, int64_t *id_out,
                                    char *token_out, size_t cap, struct kh_err *err)
{
    *id_out = 0;
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有用户可以创建令牌",
                          "only users can create tokens");
    if (ctx->actor.token_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "API 令牌不能创建令牌，请登录后创建",
                          "an API token cannot create tokens: sign in to create one");
    if (!text_ok(name, 100))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写令牌名称（100字以内）",
                          "token name is required (at most 100 characters)");
    char token[80];
    crypto_random_token("kh_", token, sizeof(token));
    char hash[KH_HASH_HEX];
    crypto_hash_hex(token, strlen(token), hash);
    enum kh_status st = account_store_token_insert(ctx, name, hash, id_out, err);
    if (!st)
        kh_strlcpy(token_out, token, cap);
    return st;
}

enum kh_status account_token_list(const struct kh_ctx *ctx, struct api_token **out, int *count,
                                  struct kh_err *err)
{
    return account_store_token_list(ctx, out, count, err);
}

enum kh_status account_token_revoke(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    return account_store_token_revoke(ctx, id, err);
}

enum kh_status account_session_list(const struct kh_ctx *ctx, struct user_session **out, int *count,
                                    struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct user_session *all = NULL;
    int n = 0;
    int64_t idle = 0, now = ctx_now(ctx);
    enum kh_status st = settings_int(ctx, &account_setting_session_idle, &idle, err);
    if (!st)
        st = account_store_session_list(ctx, &all, &n, err);
    if (st)
        return st;
    int kept = 0;
    for (int i = 0; i < n; i++) {
        if (now - all[i].last_seen_at >= idle * 60)
            continue; /* ended by the idle limit, not yet swept */
        all[kept] = all[i];
        all[kept].current = !strcmp(all[i].id, ctx->actor.session_id);
        kept++;
    }
    *out = all;
    *count = kept;
    return KH_OK;
}

static bool session_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n != 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
            return false;
    return true;
}

enum kh_status account_session_revoke(const struct kh_ctx *ctx, const char *id, struct kh_err *err)
{
    if (!ctx->actor.user_id || !session_id_ok(id))
        return kh_err_set(err, KH_E_NOT_FOUND, "", "会话不存在或已结束",
                          "no such session (it may have ended)");
    return account_store_session_revoke(ctx, id, err);
}

enum kh_status account_session_revoke_others(const struct kh_ctx *ctx, int64_t *ended,
                                             struct kh_err *err)
{
    *ended = 0;
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有用户有登录会话",
                          "only users have sessions");
    return account_store_session_revoke_others(ctx, ended, err);
}

/* ---- users ---- */

static bool username_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

static bool is_common(const char *lower, size_t n)
{
    if (n == 0 || n >= 64)
        return false;
    char key[64];
    memcpy(key, lower, n);
    key[n] = '\0';
    size_t lo = 0, hi = account__common_password_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(account__common_passwords[mid], key);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static bool is_padding(char c)
{
    return (c >= '0' && c <= '9') || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
           (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* A common password as it is, or with digits and symbols added before or after it. */
static bool common_password(const char *lower, size_t n)
{
    if (is_common(lower, n))
        return true;
    size_t b = 0, e = n;
    while (b < n && is_padding(lower[b]))
        b++;
    while (e > b && is_padding(lower[e - 1]))
        e--;
    return e - b >= 4 && (b || e < n) && is_common(lower + b, e - b);
}

/* One group of up to four characters over and over: "aaaa…", "abab…", "1231…". */
static bool repeated(const char *s, size_t n)
{
    for (size_t unit = 1; unit <= 4 && unit < n; unit++) {
        size_t i = unit;
        while (i < n && s[i] == s[i - unit])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* Digits or letters each one up or one down from the last: "123456789012", "zyxwvu…". */
static bool sequence(const char *s, size_t n)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        size_t i = 1;
        for (; i < n; i++) {
            char a = s[i - 1], b = s[i];
            bool digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
            bool letters = a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z';
            int mod = digits ? 10 : 26;
            if (!(digits || letters) || ((b - a - dir) % mod + mod) % mod != 0)
                break;
        }
        if (i == n)
            return true;
    }
    return false;
}

enum kh_status account_password_check(const char *pw, const char *username, const char *field,
                                      struct kh_err *err)
{
    size_t len = pw ? strlen(pw) : 0;
    size_t chars = pw && utf8_valid(pw, len) ? utf8_count(pw, len) : 0;
    if (chars < KH_PASSWORD_MIN)
        return kh_err_setf(err, KH_E_VALIDATION, field, "密码至少需要 %d 个字符",
                           "password needs at least %d characters", KH_PASSWORD_MIN,
                           KH_PASSWORD_MIN);
    if (chars > KH_PASSWORD_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, field, "密码最多 %d 个字符",
                           "password can have at most %d characters", KH_PASSWORD_MAX,
                           KH_PASSWORD_MAX);
    char lower[4 * KH_PASSWORD_MAX + 1]; /* UTF-8: at most 4 bytes a character */
    for (size_t i = 0; i <= len; i++)
        lower[i] = pw[i] >= 'A' && pw[i] <= 'Z' ? (char)(pw[i] - 'A' + 'a') : pw[i];
    enum kh_status st = KH_OK;
    if (username && strlen(username) >= 3 && strstr(lower, username))
        st = kh_err_set(err, KH_E_VALIDATION, field, "密码不能包含用户名",
                        "the password must not contain the username");
    else if (repeated(lower, len) || sequence(lower, len))
        st = kh_err_set(err, KH_E_VALIDATION, field, "密码不能是重复或连续的字符",
                        "the password must not be repeated or consecutive characters");
    else if (common_password(lower, len))
        st = kh_err_set(err, KH_E_VALIDATION, field, "这是最常见的密码之一，请换一个",
                        "this is one of the most common passwords: choose another");
    crypto_wipe(lower, sizeof(lower));
    return st;
}

enum kh_status account__check_refs(const struct kh_ctx *ctx, const struct user_input *in,
                                   struct kh_err *err)
{
    bool ok = true;
    enum kh_status st = KH_OK;
    if (in->role) {
        if ((st = account_store_role_exists(ctx, in->role, &ok, err)))
            return st;
        if (!ok)
            return kh_err_set(err, KH_E_VALIDATION, "role", "角色不存在", "unknown role");
    }
    if (in->department_id > 0) {
        if ((st = account_store_unit_exists(ctx, false, in->department_id, &ok, err)))
            return st;
        if (!ok)
            return kh_err_set(err, KH_E_VALIDATION, "department_id", "部门不存在",
                              "unknown department");
    }
    if (in->branch_id > 0) {
        if ((st = account_store_unit_exists(ctx, true, in->branch_id, &ok, err)))
            return st;
        if (!ok)
            return kh_err_set(err, KH_E_VALIDATION, "branch_id", "分公司不存在", "unknown branch");
    }
    return KH_OK;
}

/* Whether a role's scopes ("customers:own ...") decide visibility by the user's department. */
static bool scopes_need_unit(const char *scopes)
{
    struct kh_actor a = {0};
    (void)actor_scopes_parse(&a, scopes ? scopes : ""); /* unknown pairs count for nothing */
    for (size_t i = 0; i < registry_scope_count(); i++) {
        enum kh_scope level = actor_scope(&a, registry_scope_at(i));
        if (level == KH_SCOPE_OWN || level == KH_SCOPE_DEPARTMENT)
            return true;
    }
    return false;
}

/*
 * A role that sees records by owner or department needs both: the records a
 * user of it creates take the user's department and branch, and their
 * managers see them through those.
 */
static enum kh_status check_org(const struct kh_ctx *ctx, const char *role, int64_t department_id,
                                int64_t branch_id, struct kh_err *err)
{
    struct role *roles = NULL;
    int n = 0;
    enum kh_status st = account_role_list(ctx, &roles, &n, err);
    for (int i = 0; !st && i < n; i++) {
        if (strcmp(roles[i].code, role) || !scopes_need_unit(roles[i].scopes))
            continue;
        if (department_id <= 0)
            return kh_err_set(err, KH_E_VALIDATION, "department_id",
                              "该角色按部门决定能看到的客户，请选择部门",
                              "this role's customer visibility depends on the department: "
                              "choose one");
        if (branch_id <= 0)
            return kh_err_set(err, KH_E_VALIDATION, "branch_id",
                              "该角色按分公司归属客户，请选择分公司",
                              "this role's customers belong to a branch: choose one");
    }
    return st;
}

/*
 * A visitor (R-SEC-4) is registered with their organisation and the
 * introduction letter or work-ID number they showed: both required.
 */
static enum kh_status check_visitor(const char *role, const char *organization,
                                    const char *credential, struct kh_err *err)
{
    if ((organization && utf8_count(organization, strlen(organization)) > 100) ||
        (organization && !utf8_valid(organization, strlen(organization))))
        return kh_err_set(err, KH_E_VALIDATION, "organization", "单位名称最多100字",
                          "the organisation is at most 100 characters");
    if ((credential && utf8_count(credential, strlen(credential)) > 64) ||
        (credential && !utf8_valid(credential, strlen(credential))))
        return kh_err_set(err, KH_E_VALIDATION, "credential", "介绍信或工作证号最多64字",
                          "the introduction letter or work-ID number is at most 64 characters");
    if (!role || strcmp(role, ACCOUNT_ROLE_VISITOR))
        return KH_OK;
    if (!organization || !*organization)
        return kh_err_set(err, KH_E_VALIDATION, "organization", "外部查阅人须登记所在单位",
                          "a visitor is registered with their organisation");
    if (!credential || !*credential)
        return kh_err_set(err, KH_E_VALIDATION, "credential", "外部查阅人须登记介绍信或工作证号",
                          "a visitor is registered with their introduction letter or work-ID "
                          "number");
    return KH_OK;
}

/*
 * The role, department and branch a change leaves a user with, checked
 * together against cur, the stored user: the update then requires cur's
 * role, department and branch of the row (copy->expect_*), so a change made
 * meanwhile is not combined with this one unchecked.
 */
enum kh_status account__check_org_update(const struct kh_ctx *ctx, const struct user_row *cur,
                                         const struct user_input *in, struct user_input *copy,
                                         struct kh_err *err)
{
    if (!in->role && in->department_id < 0 && in->branch_id < 0)
        return KH_OK;
    copy->expect_role = cur->user.role;
    copy->expect_department_id = cur->user.department_id;
    copy->expect_branch_id = cur->user.branch_id;
    return check_org(ctx, in->role ? in->role : cur->user.role,
                     in->department_id >= 0 ? in->department_id : cur->user.department_id,
                     in->branch_id >= 0 ? in->branch_id : cur->user.branch_id, err);
}

/* ---- separation of user administration from data access (account.h) ---- */

/* A role's scopes ("customers:own ..."); *scopes is "" for no such role. */
static enum kh_status role_scopes(const struct kh_ctx *ctx, const char *code, const char **scopes,
                                  struct kh_err *err)
{
    *scopes = "";
    struct role *roles = NULL;
    int n = 0;
    enum kh_status st = account_role_list(ctx, &roles, &n, err);
    for (int i = 0; !st && i < n; i++)
        if (code && !strcmp(roles[i].code, code))
            *scopes = roles[i].scopes;
    return st;
}

/* Whether role to sees more of some kind of record than role from (NULL: no role). */
enum kh_status account__role_widens(const struct kh_ctx *ctx, const char *from, const char *to,
                                    bool *widens, struct kh_err *err)
{
    *widens = false;
    const char *fs = "", *ts = "";
    enum kh_status st = from ? role_scopes(ctx, from, &fs, err) : KH_OK;
    if (!st)
        st = role_scopes(ctx, to, &ts, err);
    if (st)
        return st;
    struct kh_actor a = {0}, b = {0};
    (void)actor_scopes_parse(&a, fs); /* unknown pairs count for nothing */
    (void)actor_scopes_parse(&b, ts);
    for (size_t i = 0; i < registry_scope_count(); i++)
        if (actor_scope(&b, registry_scope_at(i)) > actor_scope(&a, registry_scope_at(i)))
            *widens = true;
    return KH_OK;
}

/*
 * The clearance a change leaves a user with (R-SEC-2): the new or current
 * role's default unless the user has (or is given) their own.
 */
enum kh_status account__clearance_after(const struct kh_ctx *ctx, const struct user_row *cur,
                                        const char *role, int clearance, int *out,
                                        struct kh_err *err)
{
    const char *scopes = "";
    enum kh_status st = role_scopes(ctx, role ? role : cur->user.role, &scopes, err);
    if (st)
        return st;
    struct kh_actor a = {0};
    (void)actor_scopes_parse(&a, scopes);
    if (clearance == 0) /* unchanged */
        a.clearance =
            cur->user.clearance_own >= 0 ? (unsigned char)(cur->user.clearance_own + 1) : 0;
    else if (clearance > USER_CLEARANCE_ROLE)
        a.clearance = (unsigned char)(clearance - 1);
    *out = customer_clearance(&a);
    return KH_OK;
}

/* The stored own clearance of cur as user_input encodes it. */
int account__clearance_code(const struct user_row *cur)
{
    return cur->user.clearance_own >= 0 ? USER_CLEARANCE(cur->user.clearance_own)
                                        : USER_CLEARANCE_ROLE;
}

static enum kh_status refuse_clearance(const char *username, int level, struct kh_err *err)
{
    return kh_err_setf(
        err, KH_E_APPROVAL, "clearance",
        "提高密级权限可以让此人查看更多客户资料，需要另一人审批：请提交审批申请；或在服务器上运行 "
        "kehu user clearance %s %s",
        "a higher clearance lets this user read more customer records, so it needs a second "
        "person's approval: submit an approval request; or run `kehu user clearance %s %s` on "
        "the server",
        username, secrecy_name(level), username, secrecy_name(level));
}

/* Only the system (the command line on the server) gives access to records alone. */
static bool alone(const struct kh_ctx *ctx)
{
    return ctx->actor.user_id != 0;
}

static enum kh_status refuse_grant(const char *username, const char *role, bool create,
                                   struct kh_err *err)
{
    if (create)
        return kh_err_setf(
            err, KH_E_APPROVAL, "role",
            "该角色可以查看客户资料，授予它需要另一人审批：请先用不查看客户的角色创建用户，"
            "再提交审批申请为其授予该角色；或在服务器上运行 kehu user add %s --role %s",
            "this role can read customer records, so giving it needs a second person's "
            "approval: create the user with a role that reads no customers, then submit an "
            "approval request for this role; or run `kehu user add %s --role %s` on the server",
            username, role, username, role);
    return kh_err_setf(
        err, KH_E_APPROVAL, "role",
        "新角色可以查看更多客户资料，授予它需要另一人审批：请提交审批申请；或在服务器上运行 "
        "kehu user role %s %s",
        "the new role can read more customer records, so giving it needs a second person's "
        "approval: submit an approval request; or run `kehu user role %s %s` on the server",
        username, role, username, role);
}

static enum kh_status refuse_reset(const char *username, struct kh_err *err)
{
    return kh_err_setf(
        err, KH_E_APPROVAL, "password",
        "重置他人的密码需要另一人审批（否则管理员可以冒用该账号查看客户资料）：请提交审批申请；"
        "或在服务器上运行 kehu user passwd %s",
        "resetting another user's password needs a second person's approval (it would let an "
        "administrator sign in as them and read their customers): submit an approval request; "
        "or run `kehu user passwd %s` on the server",
        username, username);
}

void account_notice_text(const struct kh_ctx *ctx, const struct account_notice *n, const char **zh,
                         const char **en)
{
    if (!strcmp(n->kind, "role_granted")) {
        const char *name_zh, *name_en;
        account_role_names(ctx, n->role, &name_zh, &name_en);
        if (n->by_id) {
            *zh = arena_printf(ctx->arena, "您的角色已改为「%s」（经 %s 审批同意）", name_zh,
                               n->by_name);
            *en = arena_printf(ctx->arena, "Your role was changed to \"%s\" (approved by %s)",
                               name_en, n->by_name);
        } else {
            *zh =
                arena_printf(ctx->arena, "您的角色已改为「%s」（在服务器上用命令行完成）", name_zh);
            *en = arena_printf(ctx->arena,
                               "Your role was changed to \"%s\" on the server's command line",
                               name_en);
        }
    } else if (n->by_id) {
        *zh = arena_printf(ctx->arena, "您的密码已重置（经 %s 审批同意）", n->by_name);
        *en = arena_printf(ctx->arena, "Your password was reset (approved by %s)", n->by_name);
    } else {
        *zh = "您的密码已在服务器上用命令行重置";
        *en = "Your password was reset on the server's command line";
    }
}

enum kh_status account_notice_list(const struct kh_ctx *ctx, struct account_notice **out,
                                   int *count, struct kh_err *err)
{
    return account_store_notice_list(ctx, out, count, err);
}

enum kh_status account_notice_ack(const struct kh_ctx *ctx, int64_t up_to, struct kh_err *err)
{
    if (up_to <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "up_to", "请给出已读到的通知编号",
                          "up_to: the id of the last notice read is required");
    return account_store_notice_ack(ctx, up_to, err);
}

/* What creating a user is checked against (also an "account.create" request); *widens: its role
 * reads customers. */
enum kh_status account__create_checks(const struct kh_ctx *ctx, const struct user_input *in,
                                      const char *pw_field, bool *widens, struct kh_err *err)
{
    *widens = false;
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理用户的权限",
                          "not allowed to manage users");
    if (!username_ok(in->username))
        return kh_err_set(err, KH_E_VALIDATION, "username",
                          "用户名为2-32位小写字母、数字、点、下划线或连字符",
                          "username: 2-32 lower-case letters, digits, '.', '_' or '-'");
    if (!text_ok(in->display_name, 100))
        return kh_err_set(err, KH_E_VALIDATION, "display_name", "请填写姓名（100字以内）",
                          "display name is required (at most 100 characters)");
    if (!in->role)
        return kh_err_set(err, KH_E_VALIDATION, "role", "请选择角色", "role is required");
    enum kh_status st = account_password_check(in->password, in->username, pw_field, err);
    if (!st)
        st = account__check_refs(ctx, in, err);
    if (!st)
        st = check_org(ctx, in->role, in->department_id, in->branch_id, err);
    if (!st)
        st = check_visitor(in->role, in->organization, in->credential, err);
    if (!st)
        st = account__role_widens(ctx, NULL, in->role, widens, err);
    return st;
}

enum kh_status account_user_create(const struct kh_ctx *ctx, const struct user_input *in,
                                   int64_t *id_out, struct user *answer, struct kh_err *err)
{
    *id_out = 0;
    bool widens = false;
    enum kh_status st = account__create_checks(ctx, in, "password", &widens, err);
    if (!st && widens && alone(ctx))
        st = refuse_grant(in->username, in->role, true, err);
    if (st)
        return st;
    char hash[KH_PWHASH_LEN];
    if ((st = crypto_password_hash(in->password, hash, err)))
        return st;
    struct user_input copy = *in;
    copy.password = hash;
    copy.active = in->active < 0 ? 1 : in->active;
    copy.must_change_password = in->password_published ? 0 : 1;
    return account_store_user_insert(ctx, &copy, id_out, answer, err);
}

/*
 * An update that widens the user's role or sets their password (someone
 * else's): refused to a person (account.h), and for the system it carries
 * the notice the user is shown (copy->notice).
 */
static enum kh_status check_gated(const struct kh_ctx *ctx, const struct user_row *cur,
                                  const struct user_input *in, struct user_input *copy,
                                  struct kh_err *err)
{
    bool reset = in->password && cur->user.id != ctx->actor.user_id;
    if (in->clearance && !ctx_can(ctx, &secrecy_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "clearance", "没有设置密级权限的权限",
                          "not allowed to set clearances");
    if (!in->role && !reset && !in->clearance)
        return KH_OK;
    bool widens = false;
    enum kh_status st =
        in->role ? account__role_widens(ctx, cur->user.role, in->role, &widens, err) : KH_OK;
    if (st)
        return st;
    if (widens && alone(ctx))
        return refuse_grant(cur->user.username, in->role, false, err);
    int after = 0;
    if ((st = account__clearance_after(ctx, cur, in->role, in->clearance, &after, err)))
        return st;
    if (after > cur->user.clearance && alone(ctx))
        return refuse_clearance(cur->user.username, after, err);
    if (in->clearance)
        copy->expect_clearance = account__clearance_code(cur);
    if (reset && alone(ctx))
        return refuse_reset(cur->user.username, err);
    copy->notice = widens ? "role_granted" : reset ? "password_reset" : NULL;
    return KH_OK;
}

enum kh_status account_user_update(const struct kh_ctx *ctx, int64_t id,
                                   const struct user_input *in, struct user *answer,
                                   struct kh_err *err)
{
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理用户的权限",
                          "not allowed to manage users");
    if (in->display_name && !text_ok(in->display_name, 100))
        return kh_err_set(err, KH_E_VALIDATION, "display_name", "姓名不能为空（100字以内）",
                          "display name must not be empty (at most 100 characters)");
    /* The stored user the checks below decide on, read once. */
    struct user_row cur;
    enum kh_status st = account_store_user_by_id(ctx, id, &cur, err);
    if (!st && in->password) /* the policy for a new password: not containing the username */
        st = account_password_check(in->password, cur.user.username, "password", err);
    if (!st)
        st = account__check_refs(ctx, in, err);
    if (!st && (in->role || in->organization || in->credential))
        st = check_visitor(in->role ? in->role : cur.user.role,
                           in->organization ? in->organization : cur.user.organization,
                           in->credential ? in->credential : cur.user.credential, err);
    if (st)
        return st;
    if (id == ctx->actor.user_id &&
        (in->active == 0 || (in->role && strcmp(in->role, ctx->actor.role))))
        return kh_err_set(err, KH_E_VALIDATION, "active", "不能停用自己或修改自己的角色",
                          "you cannot disable yourself or change your own role");
    struct user_input copy = *in;
    copy.expect_role = NULL;
    copy.expect_password_hash = NULL;
    if ((st = account__check_org_update(ctx, &cur, in, &copy, err)) ||
        (st = check_gated(ctx, &cur, in, &copy, err)))
        return st;
    /* Nobody leaves holding customers, loans or others' approvals (R-SEC-8): hand over first. */
    if (in->active == 0 && cur.user.active && (st = holding_none(ctx, id, err)))
        return st;
    char hash[KH_PWHASH_LEN];
    /* A password set for someone else is theirs to replace at the next login. */
    copy.must_change_password = in->password && id != ctx->actor.user_id ? 1 : -1;
    if (in->password) {
        if ((st = crypto_password_hash(in->password, hash, err)))
            return st;
        copy.password = hash;
    }
    struct buf detail;
    buf_init(&detail, 240);
    if (in->role)
        buf_printf(&detail, "role=%s ", in->role);
    if (in->active >= 0)
        buf_printf(&detail, "active=%d ", in->active);
    if (in->department_id >= 0)
        buf_printf(&detail, "department=%lld ", (long long)in->department_id);
    if (in->branch_id >= 0)
        buf_printf(&detail, "branch=%lld ", (long long)in->branch_id);
    if (in->password)
        buf_puts(&detail, "password=reset ");
    if (in->organization || in->credential)
        buf_puts(&detail, "visitor_details ");
    if (in->clearance)
        buf_printf(&detail, "clearance=%s ",
                   in->clearance == USER_CLEARANCE_ROLE ? "role" : secrecy_name(in->clearance - 2));
    st = account_store_user_update(ctx, id, &copy, buf_cstr(&detail), answer, err);
    buf_release(&detail);
    return st;
}

enum kh_status account_user_get(const struct kh_ctx *ctx, int64_t id, struct user *out,
                                struct kh_err *err)
{
    struct user_row row;
    enum kh_status st = account_store_user_by_id(ctx, id, &row, err);
    if (!st)
        *out = row.user;
    return st;
}

enum kh_status account_user_find(const struct kh_ctx *ctx, const char *username, struct user *out,
                                 struct kh_err *err)
{
    struct user_row row;
    enum kh_status st = account_store_user_by_name(ctx, username, &row, err);
    if (!st)
        *out = row.user;
    return st;
}

enum kh_status account_user_list(const struct kh_ctx *ctx, struct user **out, int *count,
                                 struct kh_err *err)
{
    /* Auditors pick the actor whose entries they read by name. */
    if (!ctx_can(ctx, &account_perm_user_manage) && !ctx_can(ctx, &account_perm_user_list) &&
        !ctx_can(ctx, &audit_perm_read))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看用户列表的权限",
                          "not allowed to list users");
    return account_store_user_list(ctx, out, count, err);
}

enum kh_status account_visitors(const struct kh_ctx *ctx, struct user **out, int *count,
                                struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx->actor.user_id || !strcmp(ctx->actor.role, ACCOUNT_ROLE_VISITOR))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "外部查阅人不能查看外部查阅人名单",
                          "visitors do not list visitors");
    struct user *all = NULL;
    int n = 0;
    enum kh_status st = account_store_user_list(ctx, &all, &n, err);
    if (st)
        return st;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (all[i].active && !strcmp(all[i].role, ACCOUNT_ROLE_VISITOR))
            all[k++] = all[i];
    *out = all;
    *count = k;
    return KH_OK;
}

enum kh_status account_password_change(const struct kh_ctx *ctx, const char *old_password,
                                       const char *new_password, struct kh_err *err)
{
    struct user_row row;
    enum kh_status st = account_store_user_by_id(ctx, ctx->actor.user_id, &row, err);
    if (st)
        return st;
    if (!old_password || !crypto_password_verify(row.password_hash, old_password))
        return kh_err_set(err, KH_E_VALIDATION, "old_password", "原密码不正确",
                          "current password is wrong");
    if (new_password && !strcmp(old_password, new_password))
        return kh_err_set(err, KH_E_VALIDATION, "new_password", "新密码不能与原密码相同",
                          "the new password must differ from the current one");
    if ((st = account_password_check(new_password, row.user.username, "new_password", err)))
        return st;
    char hash[KH_PWHASH_LEN];
    if ((st = crypto_password_hash(new_password, hash, err)))
        return st;
    /* Only over the password just verified: of two changes at once, one is kept. */
    struct user_input in = {.department_id = -1,
                            .branch_id = -1,
                            .active = -1,
                            .password = hash,
                            .must_change_password = 0,
                            .expect_password_hash = row.password_hash};
    return account_store_user_update(ctx, ctx->actor.user_id, &in, "password=changed", NULL, err);
}

enum kh_status account_role_list(const struct kh_ctx *ctx, struct role **out, int *count,
                                 struct kh_err *err)
{
    return account_store_role_list(ctx, out, count, err);
}

void account_role_names(const struct kh_ctx *ctx, const char *code, const char **zh,
                        const char **en)
{
    *zh = *en = code;
    struct role *roles = NULL;
    int n = 0;
    struct kh_err err;
    if (account_role_list(ctx, &roles, &n, &err))
        return;
    for (int i = 0; i < n; i++)
        if (!strcmp(roles[i].code, code)) {
            *zh = roles[i].name_zh;
            *en = roles[i].name_en;
        }
}

const char *account_role_label(const struct kh_ctx *ctx, const char *code)
{
    const char *zh, *en;
    account_role_names(ctx, code, &zh, &en);
    return zh == en ? code : arena_printf(ctx->arena, "%s / %s", zh, en);
}

enum kh_status account_department_list(const struct kh_ctx *ctx, struct org_unit **out, int *count,
                                       struct kh_err *err)
{
    return account_store_unit_list(ctx, false, out, count, err);
}

enum kh_status account_branch_list(const struct kh_ctx *ctx, struct org_unit **out, int *count,
                                   struct kh_err *err)
{
    return account_store_unit_list(ctx, true, out, count, err);
}

enum kh_status account_department_create(const struct kh_ctx *ctx, const char *name,
                                         int64_t branch_id, int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理组织的权限",
                          "not allowed to manage the organisation");
    if (!text_ok(name, 100))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写部门名称",
                          "department name is required");
    bool ok = true;
    enum kh_status st =
        branch_id ? account_store_unit_exists(ctx, true, branch_id, &ok, err) : KH_OK;
    if (st)
        return st;
    if (!ok)
        return kh_err_set(err, KH_E_VALIDATION, "branch_id", "分公司不存在", "unknown branch");
    return account_store_unit_insert(ctx, false, NULL, name, branch_id, id_out, err);
}

enum kh_status account_department_set_head(const struct kh_ctx *ctx, int64_t id, int64_t head_id,
                                           struct kh_err *err)
{
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理组织的权限",
                          "not allowed to manage the organisation");
    if (head_id < 0)
        return kh_err_set(err, KH_E_VALIDATION, "head_id", "负责人编号不正确",
                          "head_id must be a user's id (or 0 for none)");
    return account_store_department_head(ctx, id, head_id, err);
}

static bool branch_code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 8)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

enum kh_status account_branch_create(const struct kh_ctx *ctx, const char *code, const char *name,
                                     int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    if (!ctx_can(ctx, &account_perm_user_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理组织的权限",
                          "not allowed to manage the organisation");
    if (!branch_code_ok(code))
        return kh_err_set(err, KH_E_VALIDATION, "code", "分公司代码为1-8位大写字母或数字",
                          "branch code: 1-8 upper-case letters or digits");
    if (!text_ok(name, 100))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写分公司名称",
                          "branch name is required");
    return account_store_unit_insert(ctx, true, code, name, 0, id_out, err);
}

enum kh_status account_end_all_sessions(const struct kh_ctx *ctx, const struct audit_event *ev,
                                        struct kh_err *err)
{
    if (ctx->actor.user_id != 0)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有系统可以结束所有会话",
                          "only the system ends every session");
    return account_store_end_all_sessions(ctx, ev, err);
}

void account_login_stats(const struct kh_ctx *ctx, struct login_stats *out)
{
    out->password_runs = crypto_password_runs();
    account_throttle_hash_stats(account_store_login_state(ctx), &out->checks_active,
                                &out->checks_most);
}

/* ---- departure handover (R-SEC-8) ---- */

static enum kh_status heads(const struct kh_ctx *ctx, int64_t user_id, int64_t *n,
                            struct kh_err *err)
{
    return account_store_heads_of(ctx, user_id, 0, n, err);
}

/* A department's head is one of its members: the successor must belong to each department. */
static enum kh_status heads_accept(const struct kh_ctx *ctx, int64_t from, int64_t to,
                                   struct kh_err *err)
{
    int64_t outside = 0;
    enum kh_status st = account_store_heads_of(ctx, from, to, &outside, err);
    if (!st && outside)
        st = kh_err_set(err, KH_E_VALIDATION, "successors.department_head",
                        "部门负责人须由本部门的人接任：请选本部门的在职用户",
                        "a department's head is one of its members: choose a member as successor");
    return st;
}

const struct holding_kind account_holding_heads = {
    .name = "department_head",
    .label_zh = "部门负责人",
    .label_en = "Head of a department",
    .count = heads,
    .accepts = heads_accept,
    .hand_over = account_store_heads_hand_over_on,
};
