/*
 * Notifications beyond the inbox (R-INT-8, R-PLT-8): the channels (e-mail, webhooks, group
 * robots), each user's choices, and the delivery log.
 */
#include "notify/notify.h"

#include <string.h>

#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"
#include "jobs/jobs.h"

/* A channel as shown: the URL masked, the secret only as "set". */
static json_t *channel_json(struct http_req *r, const struct notify_channel *c)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:o, s:o}", "id",
                     (json_int_t)c->id, "kind", c->kind, "name", c->name, "url",
                     notify_url_masked(r->ctx.arena, c->url), "username", c->username, "sender",
                     c->sender, "secret_set", c->secret && *c->secret, "events", c->events,
                     "enabled", c->enabled, "created_at", http_json_time(r, c->created_at),
                     "updated_at", http_json_time(r, c->updated_at));
}

static void get_channels(struct http_req *r)
{
    struct notify_channel *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, notify_channels(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, channel_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* The body of a create or change; url and secret absent keep the stored ones (a change). */
static bool channel_body(struct http_req *r, struct notify_channel_input *in)
{
    json_t *o = http_body_object(r);
    int enabled = 1;
    if (!o || !http_get_str(r, o, "kind", &in->kind) || !http_get_str(r, o, "name", &in->name) ||
        !http_get_str(r, o, "url", &in->url) || !http_get_str(r, o, "username", &in->username) ||
        !http_get_str(r, o, "sender", &in->sender) || !http_get_str(r, o, "secret", &in->secret) ||
        !http_get_str(r, o, "events", &in->events) || !http_get_bool(r, o, "enabled", &enabled))
        return false;
    in->enabled = enabled != 0;
    return true;
}

static void reply_channel(struct http_req *r, int status, int64_t id)
{
    struct notify_channel ch;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_channel_get(&r->ctx, id, &ch, &err), &err))
        http_reply_json(r, status, channel_json(r, &ch));
}

static void post_channel(struct http_req *r)
{
    struct notify_channel_input in = {0};
    if (!channel_body(r, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_channel_create(&r->ctx, &in, &id, &err), &err))
        reply_channel(r, 201, id);
}

static void put_channel(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct notify_channel_input in = {0};
    if (!id || !channel_body(r, &in))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_channel_update(&r->ctx, id, &in, &err), &err))
        reply_channel(r, 200, id);
}

static void delete_channel(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_channel_delete(&r->ctx, id, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
}

/* POST /notify/channels/:id/test {"to"}: queued; the log shows how it went. */
static void post_test(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *to = NULL;
    if (!o || !http_get_str(r, o, "to", &to))
        return;
    int64_t out = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_channel_test(&r->ctx, id, to, &out, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "outbox_id", (json_int_t)out));
}

static json_t *prefs_json(const struct notify_prefs *p)
{
    return json_pack("{s:s, s:s, s:b}", "email", p->email, "email_kinds", p->email_kinds, "digest",
                     p->digest);
}

static void get_prefs(struct http_req *r)
{
    struct notify_prefs p;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_prefs_get(&r->ctx, &p, &err), &err))
        http_reply_json(r, 200, prefs_json(&p));
}

static void put_prefs(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct notify_prefs p = {0};
    int digest = 0;
    if (!o || !http_get_str(r, o, "email", &p.email) ||
        !http_get_str(r, o, "email_kinds", &p.email_kinds) ||
        !http_get_bool(r, o, "digest", &digest))
        return;
    p.digest = digest != 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_prefs_put(&r->ctx, &p, &err), &err) &&
        http_reply_status(r, notify_prefs_get(&r->ctx, &p, &err), &err))
        http_reply_json(r, 200, prefs_json(&p));
}

static json_t *message_json(struct http_req *r, const struct notify_message *m)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:s}",
        "id", (json_int_t)m->id, "channel_id", (json_int_t)m->channel_id, "channel_name",
        m->channel_name, "channel_kind", m->channel_kind, "notification_id",
        (json_int_t)m->notification_id, "user_id", (json_int_t)m->user_id, "kind", m->kind,
        "recipient", m->recipient, "subject", m->subject, "body", m->body, "link", m->link, "state",
        m->state, "attempts", m->attempts, "next_at",
        http_json_time(r, strcmp(m->state, "queued") ? 0 : m->next_at), "created_at",
        http_json_time(r, m->created_at), "sent_at", http_json_time(r, m->sent_at), "last_error",
        m->last_error);
    if (m->tries) {
        json_t *a = json_array();
        for (int i = 0; i < m->ntries; i++)
            json_array_append_new(a, json_pack("{s:o, s:b, s:s, s:I}", "at",
                                               http_json_time(r, m->tries[i].at), "ok",
                                               m->tries[i].ok, "detail", m->tries[i].detail, "ms",
                                               (json_int_t)m->tries[i].ms));
        json_object_set_new(o, "tries", a);
    }
    return o;
}

static void get_outbox(struct http_req *r)
{
    struct notify_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &notify_outbox_spec, &f, &pg))
        return;
    struct notify_message *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, notify_outbox(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, message_json(r, &items[i]));
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void get_message(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct notify_message m;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_message_get(&r->ctx, id, &m, &err), &err))
        http_reply_json(r, 200, message_json(r, &m));
}

static void post_retry(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id || !http_body_object(r))
        return;
    struct notify_message m;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notify_message_retry(&r->ctx, id, &err), &err) &&
        http_reply_status(r, notify_message_get(&r->ctx, id, &m, &err), &err))
        http_reply_json(r, 200, message_json(r, &m));
}

static const struct route notify_routes[] = {
    {"GET", "/api/v1/notify/channels", get_channels, 0},
    {"POST", "/api/v1/notify/channels", post_channel, 0},
    {"PUT", "/api/v1/notify/channels/:id", put_channel, 0},
    {"DELETE", "/api/v1/notify/channels/:id", delete_channel, 0},
    {"POST", "/api/v1/notify/channels/:id/test", post_test, 0},
    {"GET", "/api/v1/notify/prefs", get_prefs, 0},
    {"PUT", "/api/v1/notify/prefs", put_prefs, 0},
    {"GET", "/api/v1/notify/outbox", get_outbox, 0},
    {"GET", "/api/v1/notify/outbox/:id", get_message, 0},
    {"POST", "/api/v1/notify/outbox/:id/retry", post_retry, 0},
    {0},
};

static const struct kh_perm *const notify_perms[] = {&notify_perm_manage, NULL};

static const struct kh_audit_action notify_audit_actions[] = {
    {"notify.channel_create", "新建通知渠道", "Notification channel created"},
    {"notify.channel_update", "修改通知渠道", "Notification channel changed"},
    {"notify.channel_delete", "删除通知渠道", "Notification channel deleted"},
    {"notify.test", "发送测试通知", "Test notification sent"},
    {"notify.retry", "重新发送通知", "Notification sent again"},
    {"notify.prefs", "修改通知偏好", "Notification preferences changed"},
    {0},
};

const struct capability notify_capability = {
    .name = "notify",
    .label_zh = "通知渠道",
    .label_en = "Notification channels",
    .routes = {notify_routes},
    .perms = notify_perms,
    .audit_actions = notify_audit_actions,
    .job_kinds = (const struct job_kind *const[]){&notify_deliver_kind, NULL},
    .tasks = (const struct job_task *const[]){&notify_deliver_task, NULL},
    .customer_refs = (const struct customer_ref_kind *const[]){&notify_customer_ref, NULL},
    .sealed =
        (const struct vault_table *const[]){&notify_sealed_channels, &notify_sealed_outbox, NULL},
};
