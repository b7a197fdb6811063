/* The outbox (R-INT-8, R-PLT-8): channels, preferences, fan-out from the inbox, delivery. */
#include "notify/notify.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/customer_ref.h"
#include "app/list.h"
#include "approval/approval.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "core/utf8.h"
#include "jobs/jobs.h"
#include "notify/notify_send.h"
#include "notify/notify_store.h"
#include "text/validate.h"

const struct kh_perm notify_perm_manage = {"notify.manage", "通知渠道与投递记录",
                                           "Notification channels and the delivery log"};

static const struct kh_choice channel_kinds[] = {
    {"email", "电子邮件（SMTP）", "E-mail (SMTP)"},
    {"webhook", "通用 Webhook", "Generic webhook"},
    {"sms", "短信网关（发送客户问候）", "SMS gateway (greetings to customers)"},
    {"wecom", "企业微信群机器人", "WeCom group robot"},
    {"dingtalk", "钉钉群机器人", "DingTalk group robot"},
    {"feishu", "飞书群机器人", "Feishu group robot"},
    {0},
};
static const struct kh_choice email_kinds[] = {
    {"off", "不发邮件", "No e-mail"},
    {"all", "每条通知", "Every notification"},
    {"digest", "仅每日摘要", "The daily digest only"},
    {0},
};
static const struct kh_choice message_states[] = {{"queued", "待发送", "Queued"},
                                                  {"sent", "已送达", "Sent"},
                                                  {"dead", "已放弃", "Given up"},
                                                  {0}};

static char public_url[256];

void notify_set_public_url(const char *url)
{
    snprintf(public_url, sizeof(public_url), "%s", url ? url : "");
    size_t n = strlen(public_url);
    while (n && public_url[n - 1] == '/')
        public_url[--n] = '\0';
}

const char *notify_url_masked(struct arena *a, const char *url)
{
    if (!url || !*url)
        return "";
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    size_t n = strcspn(host, "/?#");
    return arena_printf(a, "%.*s%s", (int)(host - url + (ptrdiff_t)n), url, host[n] ? "/…" : "");
}

/* ---- channels ---- */

static bool url_ok(const char *url, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    const char *host = !strncmp(url, a, la) ? url + la : !strncmp(url, b, lb) ? url + lb : NULL;
    if (!host || !*host || *host == '/' || strlen(url) > 1000)
        return false;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

/* Notification kinds: "*", "task.*", "approval.todo" …, space separated. */
static bool events_ok(const char *events)
{
    if (strlen(events) > 500)
        return false;
    for (const char *p = events; *p; p++)
        if (!(*p == ' ' || *p == '.' || *p == '_' || *p == '*' || (*p >= 'a' && *p <= 'z')))
            return false;
    return true;
}

static enum kh_status check_channel(const struct notify_channel_input *in, bool creating,
                                    struct kh_err *err)
{
    if (creating && (!in->kind || !kh_choice_has(channel_kinds, in->kind)))
        return kh_err_set(err, KH_E_VALIDATION, "kind",
                          "渠道类型须为 email、webhook、wecom、dingtalk、feishu 或 sms",
                          "kind must be email, webhook, wecom, dingtalk, feishu or sms");
    if (!in->name || !*in->name || !utf8_text_ok(in->name, 50, true))
        return kh_err_set(err, KH_E_VALIDATION, "name", "请填写渠道名称（50字以内）",
                          "give the channel a name (at most 50 characters)");
    bool email = !strcmp(in->kind, "email");
    if (!in->url ||
        !(email ? url_ok(in->url, "smtp://", "smtps://") : url_ok(in->url, "https://", "http://")))
        return email ? kh_err_set(err, KH_E_VALIDATION, "url",
                                  "邮件服务器地址须为 smtp://主机:端口 或 smtps://主机:端口",
                                  "the mail server must be smtp://host:port or smtps://host:port")
                     : kh_err_set(err, KH_E_VALIDATION, "url",
                                  "Webhook 地址须为 https:// 或 http:// 开头的完整地址",
                                  "the webhook address must be a full https:// or http:// URL");
    if (email && (!in->sender || !valid_email(str_from(in->sender))))
        return kh_err_set(err, KH_E_VALIDATION, "sender", "请填写有效的发件人邮箱",
                          "give a valid sender address");
    if (in->username && !utf8_text_ok(in->username, 200, false))
        return kh_err_set(err, KH_E_VALIDATION, "username", "用户名过长（200字以内）",
                          "the user name is too long (at most 200 characters)");
    if (in->secret && (strlen(in->secret) > 500 || !utf8_text_ok(in->secret, 500, false)))
        return kh_err_set(err, KH_E_VALIDATION, "secret", "密钥或密码过长（500字节以内）",
                          "the secret is too long (at most 500 bytes)");
    bool sms = !strcmp(in->kind, "sms"); /* customers' messages only: no notification kinds */
    if (sms && in->events && *in->events && !events_ok(in->events))
        return kh_err_set(err, KH_E_VALIDATION, "events", "通知类型格式不正确",
                          "the notification kinds are malformed");
    if (!email && !sms && (!in->events || !*in->events || !events_ok(in->events)))
        return kh_err_set(err, KH_E_VALIDATION, "events",
                          "请列出要推送的通知类型，如 task.* approval.todo，或 * 表示全部",
                          "list the notification kinds to post, such as task.* approval.todo, "
                          "or * for all");
    return KH_OK;
}

static enum kh_status need_manage(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &notify_perm_manage)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理通知渠道的权限",
                            "managing notification channels is needed");
}

enum kh_status notify_channels(const struct kh_ctx *ctx, struct notify_channel **out, int *count,
                               struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    return st ? st : notify_store_channels(ctx, false, out, count, err);
}

enum kh_status notify_channel_get(const struct kh_ctx *ctx, int64_t id, struct notify_channel *out,
                                  struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    return st ? st : notify_store_channel(ctx, id, out, err);
}

/* One enabled e-mail server (every e-mail goes through it), one enabled SMS gateway. */
static enum kh_status one_email(const struct kh_ctx *ctx, int64_t self,
                                const struct notify_channel_input *in, struct kh_err *err)
{
    bool sms = !strcmp(in->kind, "sms");
    if ((strcmp(in->kind, "email") && !sms) || !in->enabled)
        return KH_OK;
    struct notify_channel *ch = NULL;
    int n = 0;
    enum kh_status st = notify_store_channels(ctx, true, &ch, &n, err);
    for (int i = 0; !st && i < n; i++)
        if (!strcmp(ch[i].kind, in->kind) && ch[i].id != self)
            return sms ? kh_err_set(err, KH_E_CONFLICT, "kind",
                                    "已有一个启用的短信网关，请先停用它",
                                    "an SMS gateway is enabled already: disable it first")
                       : kh_err_set(err, KH_E_CONFLICT, "kind",
                                    "已有一个启用的邮件服务器，请先停用它",
                                    "an e-mail server is enabled already: disable it first");
    return st;
}

enum kh_status notify_customer_channel(const struct kh_ctx *ctx, const char *kind,
                                       struct notify_channel *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct notify_channel *ch = NULL;
    int n = 0;
    enum kh_status st = notify_store_channels(ctx, true, &ch, &n, err);
    for (int i = 0; !st && i < n; i++)
        if (!strcmp(ch[i].kind, kind)) {
            *out = ch[i];
            return KH_OK;
        }
    if (st)
        return st;
    return !strcmp(kind, "sms")
               ? kh_err_set(err, KH_E_CONFLICT, "channel", "尚未启用短信网关，请联系管理员",
                            "no SMS gateway is enabled: ask an administrator")
               : kh_err_set(err, KH_E_CONFLICT, "channel", "尚未启用邮件服务器，请联系管理员",
                            "no e-mail server is enabled: ask an administrator");
}

const char *notify_address_masked(struct arena *a, const char *address)
{
    const char *at = strchr(address, '@');
    if (at) { /* the first character (whole, in UTF-8) and the domain */
        uint32_t cp = 0;
        size_t first = at > address ? utf8_decode(address, (size_t)(at - address), &cp) : 0;
        return arena_printf(a, "%.*s***%s", (int)first, address, at);
    }
    size_t n = strlen(address);
    if (n < 8)
        return "****";
    return arena_printf(a, "%.3s****%s", address, address + n - 4);
}

enum kh_status notify_channel_create(const struct kh_ctx *ctx,
                                     const struct notify_channel_input *in, int64_t *id,
                                     struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = check_channel(in, true, err);
    if (!st)
        st = one_email(ctx, 0, in, err);
    return st ? st : notify_store_channel_put(ctx, 0, in, id, err);
}

enum kh_status notify_channel_update(const struct kh_ctx *ctx, int64_t id,
                                     const struct notify_channel_input *in, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    struct notify_channel old;
    if (!st)
        st = notify_store_channel(ctx, id, &old, err);
    if (st)
        return st;
    struct notify_channel_input x = *in;
    x.kind = old.kind; /* a channel keeps its kind */
    if (!x.url)
        x.url = old.url; /* not given: kept (the client never saw it whole) */
    if ((st = check_channel(&x, false, err)) || (st = one_email(ctx, id, &x, err)))
        return st;
    return notify_store_channel_put(ctx, id, &x, NULL, err);
}

enum kh_status notify_channel_delete(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    struct notify_channel old;
    if (!st)
        st = notify_store_channel(ctx, id, &old, err);
    return st ? st : notify_store_channel_delete(ctx, id, old.name, err);
}

enum kh_status notify_channel_test(const struct kh_ctx *ctx, int64_t id, const char *to,
                                   int64_t *outbox_id, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    struct notify_channel ch;
    if (!st)
        st = notify_store_channel(ctx, id, &ch, err);
    if (st)
        return st;
    bool email = !strcmp(ch.kind, "email");
    if (email && (!to || !valid_email(str_from(to))))
        return kh_err_set(err, KH_E_VALIDATION, "to", "请填写接收测试邮件的邮箱",
                          "give the address the test e-mail goes to");
    struct notify_out m = {
        .channel = &ch,
        .user_id = ctx->actor.user_id,
        .kind = "notify.test",
        .recipient = email ? to : "",
        .subject = "Kehu 测试通知 / test message",
        .body = arena_printf(ctx->arena,
                             "这是来自 Kehu 的测试通知（%s 发送）。\nA test message "
                             "from Kehu, sent by %s.",
                             ctx->actor.name, ctx->actor.name),
        .link = "/admin/notify",
    };
    return notify_store_queue(ctx, &m, outbox_id, err);
}

/* ---- preferences ---- */

enum kh_status notify_prefs_get(const struct kh_ctx *ctx, struct notify_prefs *out,
                                struct kh_err *err)
{
    return notify_store_prefs(ctx, ctx->actor.user_id, out, err);
}

enum kh_status notify_prefs_put(const struct kh_ctx *ctx, const struct notify_prefs *in,
                                struct kh_err *err)
{
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "请先登录", "sign in first");
    struct notify_prefs p = *in;
    if (!p.email)
        p.email = "";
    if (!p.email_kinds)
        p.email_kinds = *p.email ? "all" : "off";
    if (*p.email && !valid_email(str_from(p.email)))
        return kh_err_set(err, KH_E_VALIDATION, "email", "邮箱格式不正确",
                          "the e-mail address is not valid");
    if (!kh_choice_has(email_kinds, p.email_kinds))
        return kh_err_set(err, KH_E_VALIDATION, "email_kinds", "须为 off、all 或 digest",
                          "must be off, all or digest");
    if (strcmp(p.email_kinds, "off") && !*p.email)
        return kh_err_set(err, KH_E_VALIDATION, "email", "要收邮件，请填写邮箱",
                          "give an address to receive e-mail");
    return notify_store_prefs_put(ctx, &p, err);
}

enum kh_status notify_digest_users(const struct kh_ctx *ctx, int64_t **ids, int *count,
                                   struct kh_err *err)
{
    return notify_store_digest_users(ctx, ids, count, err);
}

/* ---- the delivery log ---- */

enum { SET_STATES };

static const struct kh_choice *outbox_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return message_states;
}

static const struct list_field outbox_fields[] = {
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct notify_filter, state),
     .choice_set = SET_STATES, .index = "notify_outbox (newest first), checked on the row"},
    {"channel_id", LIST_ID, LIST_OP_EQ, offsetof(struct notify_filter, channel_id),
     .index = "notify_outbox_channel"},
    {0},
};

const struct list_spec notify_outbox_spec = {
    .name = "notify_outbox", .fields = outbox_fields, .choices = outbox_choices};

enum kh_status notify_outbox(const struct kh_ctx *ctx, const struct notify_filter *f,
                             const struct list_page *page, struct notify_message **out, int *count,
                             const char **next, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    return st ? st : notify_store_outbox(ctx, f, page, out, count, next, err);
}

enum kh_status notify_message_get(const struct kh_ctx *ctx, int64_t id, struct notify_message *out,
                                  struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    return st ? st : notify_store_message(ctx, id, out, err);
}

enum kh_status notify_message_retry(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    struct notify_message m;
    if (!st)
        st = notify_store_message(ctx, id, &m, err);
    return st ? st : notify_store_retry(ctx, id, err);
}

/* ---- fan-out and delivery ---- */

/* Whether a channel's events name kind: "*", the kind itself, or its family ("task.*"). */
static bool events_match(const char *events, const char *kind)
{
    size_t klen = strlen(kind);
    for (const char *p = events; *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if ((n == 1 && *p == '*') || (n == klen && !strncmp(p, kind, n)))
            return true;
        if (n >= 2 && p[n - 1] == '*' && p[n - 2] == '.' && !strncmp(p, kind, n - 1))
            return true;
        p += n;
    }
    return false;
}

struct route_ctx {
    struct notify_channel *channels;
    int nchannels;
};

/* The subject line of an e-mail: the first line of the text, at most 60 characters. */
static const char *subject_of(struct arena *a, const char *text)
{
    size_t n = strcspn(text, "\n");
    const char *p = text;
    size_t chars = 0, bytes = 0;
    while (bytes < n && chars < 60) {
        uint32_t cp;
        size_t step = utf8_decode(p + bytes, n - bytes, &cp);
        if (!step || bytes + step > n)
            break;
        bytes += step;
        chars++;
    }
    return arena_printf(a, "Kehu：%.*s%s", (int)bytes, text, bytes < n ? "…" : "");
}

static int route(const struct kh_ctx *ctx, const struct notification *n,
                 const struct notify_prefs *pr, struct notify_out *out, int cap, void *arg)
{
    struct route_ctx *r = arg;
    struct arena *a = ctx->arena;
    int k = 0;
    const struct notify_prefs p = *pr;
    bool email = *p.email && (!strcmp(p.email_kinds, "all") || (!strcmp(p.email_kinds, "digest") &&
                                                                !strcmp(n->kind, "task.digest")));
    for (int i = 0; i < r->nchannels && k < cap; i++) {
        const struct notify_channel *ch = &r->channels[i];
        struct notify_out m = {.channel = ch,
                               .notification_id = n->id,
                               .user_id = n->user_id,
                               .kind = n->kind,
                               .link = n->link};
        if (!strcmp(ch->kind, "sms"))
            continue; /* the SMS gateway carries messages to customers only */
        if (!strcmp(ch->kind, "email")) {
            if (!email)
                continue;
            m.recipient = p.email;
            m.subject = subject_of(a, n->text_zh);
            m.body = arena_printf(a, "%s\n%s", n->text_zh, n->text_en);
        } else {
            if (!events_match(ch->events, n->kind))
                continue;
            m.subject = subject_of(a, n->text_zh);
            m.body = arena_printf(a, "【%s】%s", n->user_name, n->text_zh);
        }
        out[k++] = m;
    }
    return k;
}

static int64_t backoff(int attempts)
{
    int64_t s = 60;
    for (int i = 1; i < attempts && s < 3600; i++)
        s *= 2;
    return s < 3600 ? s : 3600;
}

enum kh_status notify_deliver(const struct kh_ctx *ctx, int *sent, int *failed, struct kh_err *err)
{
    int ok = 0, bad = 0;
    struct route_ctx r = {0};
    enum kh_status st = notify_store_channels(ctx, true, &r.channels, &r.nchannels, err);
    for (int n = 1; !st && n && r.nchannels;)
        st = notify_store_fanout(ctx, 200, route, &r, &n, err);
    /* Each message at most once a pass: one that fails waits for its backoff. */
    for (int i = 0; !st && i < 1000; i++) {
        struct notify_claim cl;
        bool found = false;
        if ((st = notify_store_claim(ctx, 300, &cl, &found, err)) || !found)
            break;
        struct notify_delivery d = {0};
        if (cl.channel_gone) {
            snprintf(d.detail, sizeof(d.detail), "the channel was deleted");
        } else if (!cl.ch.enabled) {
            snprintf(d.detail, sizeof(d.detail), "the channel is disabled");
        } else {
            const char *url = *cl.m.link == '/' && *public_url
                                  ? arena_printf(ctx->arena, "%s%s", public_url, cl.m.link)
                                  : "";
            notify_send(&cl.ch, &cl.m, url, ctx_now(ctx), &d);
        }
        int64_t next = d.ok || cl.m.attempts >= NOTIFY_MAX_ATTEMPTS || cl.channel_gone
                           ? 0
                           : ctx_now(ctx) + backoff(cl.m.attempts);
        if (d.ok)
            ok++;
        else
            bad++;
        log_info("msg=\"notification sent\" outbox=%lld channel=%s ok=%d attempt=%d ms=%lld",
                 (long long)cl.m.id, cl.m.channel_kind, d.ok ? 1 : 0, cl.m.attempts,
                 (long long)d.ms);
        st = notify_store_attempt(ctx, cl.m.id, d.ok, d.detail, d.ms, next, err);
    }
    if (sent)
        *sent = ok;
    if (failed)
        *failed = bad;
    return st;
}

static enum kh_status deliver_run(struct job_run *run, struct kh_err *err)
{
    int ok = 0, bad = 0;
    enum kh_status st = notify_deliver(&run->ctx, &ok, &bad, err);
    if (st)
        return st;
    char summary[64];
    snprintf(summary, sizeof(summary), "{\"sent\":%d,\"failed\":%d}", ok, bad);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

const struct job_kind notify_deliver_kind = {"notify.deliver", "发送通知", "Send notifications",
                                             deliver_run, 1};

/*
 * Due while there is something to send: a due message, or a notification
 * after the bookmark with a channel enabled. The period names the work — the
 * newest notification, the newest message, the first due message with its
 * attempts — and the 10-second slot, so any new work queues a new run even
 * when the clock stands still (a greeting queued, a message retried).
 */
static bool deliver_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    struct notify_pending p;
    struct kh_err err;
    if (notify_store_pending(ctx, now, &p, &err) || !p.due)
        return false;
    snprintf(period, cap, "n%lld-o%lld-d%lld.%lld-t%lld", (long long)p.last_notification,
             (long long)p.last_message, (long long)p.due_message, (long long)p.due_attempts,
             (long long)(now / 10));
    return true;
}

const struct job_task notify_deliver_task = {"notify.deliver", "发送通知", "Send notifications",
                                             &notify_deliver_kind, deliver_due};

const struct customer_ref_kind notify_customer_ref = {
    "notify_outbox", notify_store_repoint_customer_on, notify_store_forget_customer_on};
