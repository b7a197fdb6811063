#include "notify/notify_store.h"

#include <stdio.h>
#include <string.h>

#include "app/list.h"
#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"
#include "vault/vault.h"

/* ---- channels ---- */

/* A robot's URL holds its key: the whole URL is sealed, with the secret. */
const struct vault_table notify_sealed_outbox = {
    "notify_outbox",
    1,
    {"notify_outbox.recipient_sealed"},
    "SELECT id, recipient_sealed FROM notify_outbox WHERE id > $1 ORDER BY id LIMIT $2",
    "UPDATE notify_outbox SET recipient_sealed = $2 WHERE id = $1"};

const struct vault_table notify_sealed_channels = {
    "notify_channels",
    2,
    {"notify_channels.url", "notify_channels.secret"},
    "SELECT id, url, secret FROM notify_channels WHERE id > $1 ORDER BY id LIMIT $2",
    "UPDATE notify_channels SET url = $2, secret = $3 WHERE id = $1"};

#define CHANNEL_COLS                                                                               \
    "SELECT id, kind, name, url, username, sender, secret, events, enabled, created_at, "          \
    "updated_at FROM notify_channels "

static void read_channel(struct db_stmt *s, struct arena *a, void *row)
{
    struct notify_channel *x = row;
    x->id = db_col_int(s, 0);
    x->kind = arena_strdup(a, db_col_text(s, 1));
    x->name = arena_strdup(a, db_col_text(s, 2));
    x->url = vault_unseal(a, "notify_channels.url", db_col_text(s, 3));
    x->username = arena_strdup(a, db_col_text(s, 4));
    x->sender = arena_strdup(a, db_col_text(s, 5));
    x->secret = vault_unseal(a, "notify_channels.secret", db_col_text(s, 6));
    x->events = arena_strdup(a, db_col_text(s, 7));
    x->enabled = db_col_int(s, 8) != 0;
    x->created_at = db_col_int(s, 9);
    x->updated_at = db_col_int(s, 10);
}

static enum kh_status channels_on(struct db_conn *c, struct arena *a, bool enabled_only,
                                  struct notify_channel **out, int *count, struct kh_err *err)
{
    struct db_stmt *s =
        db_prepare(c, CHANNEL_COLS "WHERE ($1 = 0 OR enabled = 1) ORDER BY kind, name, id");
    db_bind_int(s, 1, enabled_only ? 1 : 0);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, a, sizeof(**out), read_channel, &rows, err);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

enum kh_status notify_store_channels(const struct kh_ctx *ctx, bool enabled_only,
                                     struct notify_channel **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = channels_on(c, ctx->arena, enabled_only, out, count, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status notify_store_channel(const struct kh_ctx *ctx, int64_t id,
                                    struct notify_channel *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, CHANNEL_COLS "WHERE id = $1");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(*out), read_channel, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    if (!rows.count)
        return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个通知渠道", "no such channel");
    *out = *(struct notify_channel *)rows.items;
    return KH_OK;
}

/* When no channel was enabled, old notifications are not sent: the bookmark starts now. */
static enum kh_status start_bookmark(struct db_conn *c, struct kh_err *err)
{
    int64_t enabled = 0;
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM notify_channels WHERE enabled = 1");
    enum kh_status st = db_exec_int(s, &enabled, err);
    if (st || enabled)
        return st;
    s = db_prepare(c, "UPDATE notify_state SET value = (SELECT coalesce(max(id), 0) FROM "
                      "notifications) WHERE name = 'fanned_to'");
    return db_exec_stmt(s, err);
}

struct channel_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const struct notify_channel_input *in;
    const char *name;
    int64_t id_out;
};

static enum kh_status channel_put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct channel_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    const struct notify_channel_input *in = j->in;
    int64_t now = ctx_now(ctx);
    struct arena *a = ctx->arena;
    enum kh_status st = in->enabled ? start_bookmark(c, err) : KH_OK;
    if (st)
        return st;
    struct db_stmt *s;
    if (!j->id) {
        s = db_prepare(c, "INSERT INTO notify_channels (kind, name, url, username, sender, secret, "
                          "events, enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
                          "$6, $7, $8, $9, $9) RETURNING id");
        db_bind_text(s, 1, in->kind);
    } else {
        s = db_prepare(c, "UPDATE notify_channels SET name = $2, url = $3, username = $4, sender = "
                          "$5, secret = coalesce($6, secret), events = $7, enabled = $8, "
                          "updated_at = $9 WHERE id = $1 RETURNING id");
        db_bind_int(s, 1, j->id);
    }
    db_bind_text(s, 2, in->name);
    db_bind_text(s, 3, vault_seal(a, "notify_channels.url", in->url ? in->url : ""));
    db_bind_text(s, 4, in->username ? in->username : "");
    db_bind_text(s, 5, in->sender ? in->sender : "");
    if (in->secret)
        db_bind_text(s, 6, vault_seal(a, "notify_channels.secret", in->secret));
    else if (j->id)
        db_bind_null(s, 6);
    else
        db_bind_text(s, 6, "");
    db_bind_text(s, 7, in->events ? in->events : "");
    db_bind_int(s, 8, in->enabled ? 1 : 0);
    db_bind_int(s, 9, now);
    st = db_exec_int(s, &j->id_out, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, "name", "已有同名的通知渠道",
                          "a channel of that name exists");
    if (st)
        return st;
    if (!j->id_out)
        return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个通知渠道", "no such channel");
    /* What changed, never the url or the secret. */
    const char *detail = arena_printf(a, "kind=%s name=%s enabled=%d events=%s%s", in->kind,
                                      in->name, in->enabled ? 1 : 0, in->events ? in->events : "",
                                      in->secret ? " secret=changed" : "");
    struct audit_event ev = {j->id ? "notify.channel_update" : "notify.channel_create",
                             "notify_channel", j->id_out, detail};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status notify_store_channel_put(const struct kh_ctx *ctx, int64_t id,
                                        const struct notify_channel_input *in, int64_t *id_out,
                                        struct kh_err *err)
{
    struct channel_job j = {.ctx = ctx, .id = id, .in = in};
    enum kh_status st = db_write(ctx->db, channel_put_fn, &j, err);
    if (id_out)
        *id_out = st ? 0 : j.id_out;
    return st;
}

static enum kh_status channel_delete_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct channel_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    /* What is still waiting on it cannot go anywhere: dead, with the reason. */
    struct db_stmt *s =
        db_prepare(c, "UPDATE notify_outbox SET state = 'dead', last_error = "
                      "'channel deleted' WHERE channel_id = $1 AND state = 'queued'");
    db_bind_int(s, 1, j->id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "DELETE FROM notify_channels WHERE id = $1");
    db_bind_int(s, 1, j->id);
    if ((st = db_exec_stmt(s, err)))
        return st;
    if (!db_changes(c))
        return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个通知渠道", "no such channel");
    struct audit_event ev = {"notify.channel_delete", "notify_channel", j->id,
                             arena_printf(j->ctx->arena, "name=%s", j->name)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status notify_store_channel_delete(const struct kh_ctx *ctx, int64_t id, const char *name,
                                           struct kh_err *err)
{
    struct channel_job j = {.ctx = ctx, .id = id, .name = name};
    return db_write(ctx->db, channel_delete_fn, &j, err);
}

/* ---- preferences ---- */

static enum kh_status prefs_on(struct db_conn *c, struct arena *a, int64_t user_id,
                               struct notify_prefs *out, struct kh_err *err)
{
    *out = (struct notify_prefs){"", "off", false};
    struct db_stmt *s =
        db_prepare(c, "SELECT email, email_kinds, digest FROM notify_prefs WHERE user_id = $1");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        out->email = arena_strdup(a, db_col_text(s, 0));
        out->email_kinds = arena_strdup(a, db_col_text(s, 1));
        out->digest = db_col_int(s, 2) != 0;
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status notify_store_prefs(const struct kh_ctx *ctx, int64_t user_id,
                                  struct notify_prefs *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = prefs_on(c, ctx->arena, user_id, out, err);
    db_read_end(ctx->db, c);
    return st;
}

struct prefs_job {
    const struct kh_ctx *ctx;
    const struct notify_prefs *in;
};

static enum kh_status prefs_put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct prefs_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO notify_prefs (user_id, email, email_kinds, digest, updated_at) VALUES ($1, "
           "$2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, "
           "email_kinds = excluded.email_kinds, digest = excluded.digest, updated_at = "
           "excluded.updated_at");
    db_bind_int(s, 1, j->ctx->actor.user_id);
    db_bind_text(s, 2, j->in->email);
    db_bind_text(s, 3, j->in->email_kinds);
    db_bind_int(s, 4, j->in->digest ? 1 : 0);
    db_bind_int(s, 5, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    struct audit_event ev = {"notify.prefs", "user", j->ctx->actor.user_id,
                             arena_printf(j->ctx->arena, "email_kinds=%s digest=%d email=%s",
                                          j->in->email_kinds, j->in->digest ? 1 : 0,
                                          *j->in->email ? "set" : "none")};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status notify_store_prefs_put(const struct kh_ctx *ctx, const struct notify_prefs *in,
                                      struct kh_err *err)
{
    struct prefs_job j = {ctx, in};
    return db_write(ctx->db, prefs_put_fn, &j, err);
}

static void read_id(struct db_stmt *s, struct arena *a, void *row)
{
    (void)a;
    *(int64_t *)row = db_col_int(s, 0);
}

enum kh_status notify_store_digest_users(const struct kh_ctx *ctx, int64_t **ids, int *count,
                                         struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT p.user_id FROM notify_prefs p JOIN users u ON u.id = p.user_id "
                      "WHERE p.digest = 1 AND u.active = 1 ORDER BY p.user_id");
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(int64_t), read_id, &rows, err);
    db_read_end(ctx->db, c);
    *ids = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

/* ---- the outbox ---- */

/* sealed: the address sealed ("" for the messages to users, whose recipient is in clear). */
static enum kh_status insert_out_sealed(struct db_conn *c, const struct notify_out *m,
                                        const char *sealed, int64_t customer_id, int64_t now,
                                        int64_t *id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO notify_outbox (channel_id, channel_name, channel_kind, notification_id, "
           "user_id, kind, recipient, subject, body, link, next_at, created_at, recipient_sealed, "
           "customer_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13) "
           "RETURNING id");
    db_bind_text(s, 12, sealed);
    db_bind_int(s, 13, customer_id);
    db_bind_int(s, 1, m->channel->id);
    db_bind_text(s, 2, m->channel->name);
    db_bind_text(s, 3, m->channel->kind);
    db_bind_int(s, 4, m->notification_id);
    db_bind_int(s, 5, m->user_id);
    db_bind_text(s, 6, m->kind);
    db_bind_text(s, 7, m->recipient ? m->recipient : "");
    db_bind_text(s, 8, m->subject ? m->subject : "");
    db_bind_text(s, 9, m->body ? m->body : "");
    db_bind_text(s, 10, m->link ? m->link : "");
    db_bind_int(s, 11, now);
    return db_exec_int(s, id, err);
}

static enum kh_status insert_out(struct db_conn *c, const struct notify_out *m, int64_t now,
                                 int64_t *id, struct kh_err *err)
{
    return insert_out_sealed(c, m, "", 0, now, id, err);
}

enum kh_status notify_store_queue_customer_on(struct db_conn *c, const struct kh_ctx *ctx,
                                              const struct notify_out *m, int64_t customer_id,
                                              const char *address, int64_t *id, struct kh_err *err)
{
    struct notify_out x = *m;
    x.recipient = notify_address_masked(ctx->arena, address);
    const char *sealed = vault_seal(ctx->arena, "notify_outbox.recipient_sealed", address);
    return insert_out_sealed(c, &x, sealed, customer_id, ctx_now(ctx), id, err);
}

enum kh_status notify_store_repoint_customer_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                int64_t from, int64_t to, int64_t *moved,
                                                struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c, NULL, "UPDATE notify_outbox SET customer_id = $2 WHERE customer_id = $1",
                      from, to, moved, err);
}

enum kh_status notify_store_forget_customer_on(struct db_conn *c, const struct kh_ctx *ctx,
                                               int64_t id, struct kh_err *err)
{
    (void)ctx;
    struct db_stmt *s = db_prepare(c, "DELETE FROM notify_attempts WHERE outbox_id IN (SELECT id "
                                      "FROM notify_outbox WHERE customer_id = $1)");
    db_bind_int(s, 1, id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "DELETE FROM notify_outbox WHERE customer_id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}

struct fanout_job {
    const struct kh_ctx *ctx;
    int limit;
    notify_route_fn *route;
    void *arg;
    int n;
};

#define ROUTE_CAP 32

static enum kh_status fanout_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct fanout_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx), after = 0;
    j->n = 0;
    struct db_stmt *s = db_prepare(c, "SELECT value FROM notify_state WHERE name = 'fanned_to'");
    enum kh_status st = db_exec_int(s, &after, err);
    struct notification *items = NULL;
    int count = 0;
    if (!st)
        st = notification_after_on(c, ctx, after, j->limit, &items, &count, err);
    struct notify_out out[ROUTE_CAP];
    for (int i = 0; !st && i < count; i++) {
        struct notify_prefs p;
        if ((st = prefs_on(c, ctx->arena, items[i].user_id, &p, err)))
            break;
        int k = j->route(ctx, &items[i], &p, out, ROUTE_CAP, j->arg);
        for (int m = 0; !st && m < k; m++) {
            int64_t id = 0;
            st = insert_out(c, &out[m], now, &id, err);
        }
    }
    if (st || !count)
        return st;
    s = db_prepare(c, "UPDATE notify_state SET value = $1 WHERE name = 'fanned_to'");
    db_bind_int(s, 1, items[count - 1].id);
    j->n = count;
    return db_exec_stmt(s, err);
}

enum kh_status notify_store_fanout(const struct kh_ctx *ctx, int limit, notify_route_fn *route,
                                   void *arg, int *n, struct kh_err *err)
{
    struct fanout_job j = {ctx, limit, route, arg, 0};
    enum kh_status st = db_write(ctx->db, fanout_fn, &j, err);
    *n = st ? 0 : j.n;
    return st;
}

struct queue_job {
    const struct kh_ctx *ctx;
    const struct notify_out *m;
    int64_t id;
};

static enum kh_status queue_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct queue_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    enum kh_status st = insert_out(c, j->m, now, &j->id, err);
    if (st)
        return st;
    struct audit_event ev = {"notify.test", "notify_channel", j->m->channel->id,
                             arena_printf(j->ctx->arena, "channel=%s outbox=%lld",
                                          j->m->channel->name, (long long)j->id)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status notify_store_queue(const struct kh_ctx *ctx, const struct notify_out *m, int64_t *id,
                                  struct kh_err *err)
{
    struct queue_job j = {ctx, m, 0};
    enum kh_status st = db_write(ctx->db, queue_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

enum kh_status notify_store_pending(const struct kh_ctx *ctx, int64_t now,
                                    struct notify_pending *out, struct kh_err *err)
{
    *out = (struct notify_pending){0};
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT (SELECT coalesce(max(id), 0) FROM notifications), (SELECT coalesce(max(id), 0) "
           "FROM notify_outbox), d.id, d.attempts, CASE WHEN EXISTS (SELECT 1 FROM notify_channels "
           "WHERE enabled = 1) AND (SELECT coalesce(max(id), 0) FROM notifications) > (SELECT "
           "value FROM notify_state WHERE name = 'fanned_to') THEN 1 ELSE 0 END FROM (SELECT 1 AS "
           "one) o LEFT JOIN "
           "(SELECT id, attempts FROM notify_outbox WHERE state = 'queued' AND next_at <= $1 AND "
           "lease_until <= $1 ORDER BY next_at, id LIMIT 1) d ON 1 = 1");
    db_bind_int(s, 1, now);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        out->last_notification = db_col_int(s, 0);
        out->last_message = db_col_int(s, 1);
        out->due_message = db_col_int(s, 2);
        out->due_attempts = db_col_int(s, 3);
        out->due = out->due_message != 0 || db_col_int(s, 4) != 0;
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

#define MESSAGE_COLS                                                                               \
    "SELECT id, channel_id, channel_name, channel_kind, notification_id, user_id, kind, "          \
    "recipient, subject, body, link, state, last_error, attempts, next_at, created_at, sent_at "   \
    "FROM notify_outbox "

static void read_message(struct db_stmt *s, struct arena *a, void *row)
{
    struct notify_message *m = row;
    m->id = db_col_int(s, 0);
    m->channel_id = db_col_int(s, 1);
    m->channel_name = arena_strdup(a, db_col_text(s, 2));
    m->channel_kind = arena_strdup(a, db_col_text(s, 3));
    m->notification_id = db_col_int(s, 4);
    m->user_id = db_col_int(s, 5);
    m->kind = arena_strdup(a, db_col_text(s, 6));
    m->recipient = arena_strdup(a, db_col_text(s, 7));
    m->subject = arena_strdup(a, db_col_text(s, 8));
    m->body = arena_strdup(a, db_col_text(s, 9));
    m->link = arena_strdup(a, db_col_text(s, 10));
    m->state = arena_strdup(a, db_col_text(s, 11));
    m->last_error = arena_strdup(a, db_col_text(s, 12));
    m->attempts = (int)db_col_int(s, 13);
    m->next_at = db_col_int(s, 14);
    m->created_at = db_col_int(s, 15);
    m->sent_at = db_col_int(s, 16);
}

static void read_text(struct db_stmt *s, struct arena *a, void *row)
{
    *(const char **)row = arena_strdup(a, db_col_text(s, 0));
}

struct claim_job {
    const struct kh_ctx *ctx;
    int64_t lease;
    struct notify_claim *out;
    bool found;
};

static enum kh_status claim_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct claim_job *j = arg;
    struct arena *a = j->ctx->arena;
    int64_t now = ctx_now(j->ctx), id = 0;
    j->found = false;
    struct db_stmt *s = db_prepare(
        c, "UPDATE notify_outbox SET lease_until = $2, attempts = attempts + 1 WHERE id = (SELECT "
           "id FROM notify_outbox WHERE state = 'queued' AND next_at <= $1 AND lease_until <= $1 "
           "ORDER BY next_at, id LIMIT 1) AND state = 'queued' AND lease_until <= $1 RETURNING id");
    db_bind_int(s, 1, now);
    db_bind_int(s, 2, now + j->lease);
    enum kh_status st = db_exec_int(s, &id, err);
    if (st || !id)
        return st;
    s = db_prepare(c, MESSAGE_COLS "WHERE id = $1");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    if ((st = db_rows_collect(s, a, sizeof(struct notify_message), read_message, &rows, err)))
        return st;
    if (!rows.count)
        return KH_OK;
    j->out->m = *(struct notify_message *)rows.items;
    /* A customer's address: opened to send only (the log keeps the masked recipient). */
    s = db_prepare(c, "SELECT recipient_sealed FROM notify_outbox WHERE id = $1");
    db_bind_int(s, 1, id);
    struct db_rows sealed;
    if ((st = db_rows_collect(s, a, sizeof(const char *), read_text, &sealed, err)))
        return st;
    const char *addr = sealed.count ? *(const char **)sealed.items : "";
    if (*addr)
        j->out->m.recipient = vault_unseal(a, "notify_outbox.recipient_sealed", addr);
    s = db_prepare(c, CHANNEL_COLS "WHERE id = $1");
    db_bind_int(s, 1, j->out->m.channel_id);
    if ((st = db_rows_collect(s, a, sizeof(struct notify_channel), read_channel, &rows, err)))
        return st;
    j->out->channel_gone = rows.count == 0;
    if (rows.count)
        j->out->ch = *(struct notify_channel *)rows.items;
    j->found = true;
    return KH_OK;
}

enum kh_status notify_store_claim(const struct kh_ctx *ctx, int64_t lease, struct notify_claim *out,
                                  bool *found, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct claim_job j = {ctx, lease, out, false};
    enum kh_status st = db_write(ctx->db, claim_fn, &j, err);
    *found = !st && j.found;
    return st;
}

struct attempt_job {
    const struct kh_ctx *ctx;
    int64_t id;
    bool ok;
    const char *detail;
    int64_t ms, next_at;
};

static enum kh_status attempt_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct attempt_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c,
        "INSERT INTO notify_attempts (outbox_id, at, ok, detail, ms) VALUES ($1, $2, $3, $4, $5)");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, j->ok ? 1 : 0);
    db_bind_text(s, 4, j->detail);
    db_bind_int(s, 5, j->ms);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "UPDATE notify_outbox SET state = CASE WHEN $2 = 1 THEN 'sent' WHEN $3 = 0 "
                      "THEN 'dead' ELSE 'queued' END, next_at = CASE WHEN $3 = 0 THEN next_at ELSE "
                      "$3 END, lease_until = 0, last_error = CASE WHEN $2 = 1 THEN '' ELSE $4 END, "
                      "sent_at = CASE WHEN $2 = 1 THEN $5 ELSE 0 END WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->ok ? 1 : 0);
    db_bind_int(s, 3, j->ok ? 0 : j->next_at);
    db_bind_text(s, 4, j->detail);
    db_bind_int(s, 5, now);
    return db_exec_stmt(s, err);
}

enum kh_status notify_store_attempt(const struct kh_ctx *ctx, int64_t id, bool ok,
                                    const char *detail, int64_t ms, int64_t next_at,
                                    struct kh_err *err)
{
    struct attempt_job j = {ctx, id, ok, detail, ms, next_at};
    return db_write(ctx->db, attempt_fn, &j, err);
}

enum kh_status notify_store_outbox(const struct kh_ctx *ctx, const struct notify_filter *f,
                                   const struct list_page *page, struct notify_message **out,
                                   int *count, const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("notify_outbox", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, MESSAGE_COLS "WHERE ($1 IS NULL OR state = $1) AND ($2 = 0 "
                                                   "OR channel_id = $2) AND ($3 = 0 OR id < $3) "
                                                   "ORDER BY id DESC LIMIT $4");
    db_bind_text(s, 1, f->state && *f->state ? f->state : NULL);
    db_bind_int(s, 2, f->channel_id);
    db_bind_int(s, 3, after.id);
    db_bind_int(s, 4, page->limit + 1);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct notify_message), read_message, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    struct notify_message *items = rows.items;
    *out = items;
    *count = cursor_page_end(
        ctx->arena, tag, rows.count, page->limit,
        rows.count ? items[rows.count > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

static void read_attempt(struct db_stmt *s, struct arena *a, void *row)
{
    struct notify_attempt *t = row;
    t->at = db_col_int(s, 0);
    t->ok = db_col_int(s, 1) != 0;
    t->detail = arena_strdup(a, db_col_text(s, 2));
    t->ms = db_col_int(s, 3);
}

enum kh_status notify_store_message(const struct kh_ctx *ctx, int64_t id,
                                    struct notify_message *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, MESSAGE_COLS "WHERE id = $1");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct notify_message), read_message, &rows, err);
    if (!st && !rows.count)
        st = kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这条通知记录", "no such message");
    if (!st) {
        *out = *(struct notify_message *)rows.items;
        s = db_prepare(c, "SELECT at, ok, detail, ms FROM notify_attempts WHERE outbox_id = $1 "
                          "ORDER BY id");
        db_bind_int(s, 1, id);
        st =
            db_rows_collect(s, ctx->arena, sizeof(struct notify_attempt), read_attempt, &rows, err);
        out->tries = st ? NULL : rows.items;
        out->ntries = st ? 0 : rows.count;
    }
    db_read_end(ctx->db, c);
    return st;
}

struct retry_job {
    const struct kh_ctx *ctx;
    int64_t id;
};

static enum kh_status retry_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct retry_job *j = arg;
    int64_t now = ctx_now(j->ctx), id = 0;
    struct db_stmt *s = db_prepare(
        c, "UPDATE notify_outbox SET state = 'queued', next_at = $2, attempts = CASE WHEN state = "
           "'dead' THEN 0 ELSE attempts END WHERE id = $1 AND state <> 'sent' RETURNING id");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    enum kh_status st = db_exec_int(s, &id, err);
    if (st)
        return st;
    if (!id)
        return kh_err_set(err, KH_E_CONFLICT, "state", "这条通知已送达", "the message was sent");
    struct audit_event ev = {"notify.retry", "notify_outbox", j->id, ""};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status notify_store_retry(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct retry_job j = {ctx, id};
    return db_write(ctx->db, retry_fn, &j, err);
}
