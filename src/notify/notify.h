#ifndef KH_NOTIFY_NOTIFY_H
#define KH_NOTIFY_NOTIFY_H

/*
 * Notifications beyond the inbox (R-INT-8, R-PLT-8, DECISIONS §128).
 *
 * The in-app inbox (approval/approval.h, notification_add_on) stays the one
 * place a capability tells someone something. This module sends what lands
 * there on through one outbox:
 *   - by e-mail (SMTP, libcurl) to users who asked for it in their
 *     preferences (every notification, or only the daily digest);
 *   - to the company's webhooks: a generic one (JSON, signed with
 *     HMAC-SHA256 when it has a secret) and the group robots of WeCom
 *     企业微信, DingTalk 钉钉 (signed URL) and Feishu 飞书 (signed body),
 *     each posting the notification kinds it names.
 * The periodic task notify.deliver (due only while there is something to
 * send) moves new inbox notifications into the outbox in one write with its
 * bookmark, then sends each queued message outside any transaction and
 * records the attempt: sent, or queued again after a backoff (1, 2, 4 …
 * minutes, at most an hour) until its 8th attempt, then dead. Every
 * attempt is in the delivery log with the receiver's answer. An
 * administrator may send a dead or waiting message again.
 *
 * Channel secrets (SMTP password, signing keys, a robot's URL, which holds
 * its key) are sealed by the vault and never shown back in full.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct job_kind;
struct job_task;
struct list_spec;
struct list_page;

extern const struct kh_perm notify_perm_manage; /* notify.manage: channels and the log */
extern const struct job_kind notify_deliver_kind;
extern const struct job_task notify_deliver_task;
struct customer_ref_kind;
/* Messages to a customer (greetings) follow a merge and go with a destruction. */
extern const struct customer_ref_kind notify_customer_ref;
struct vault_table;
/* The sealed columns of the channels (registered: key rotation reaches them). */
extern const struct vault_table notify_sealed_channels;
/* The outbox's sealed column: a customer's address (recipient_sealed). */
extern const struct vault_table notify_sealed_outbox;

#define NOTIFY_MAX_ATTEMPTS 8

struct notify_channel {
    int64_t id;
    const char *kind; /* email webhook wecom dingtalk feishu sms */
    const char *name;
    const char *url;      /* opened; shown masked (notify_url_masked) */
    const char *username; /* SMTP */
    const char *sender;   /* SMTP From */
    const char *secret;   /* opened; never shown */
    const char *events;   /* kinds it posts ("*", "task.*", "approval.todo loan.overdue") */
    bool enabled;
    int64_t created_at, updated_at;
};

/* A channel to create or change; secret NULL keeps the stored one (on a change). */
struct notify_channel_input {
    const char *kind, *name, *url, *username, *sender, *secret, *events;
    bool enabled;
};

/*
 * Messages to customers (greetings, R-INT-6) go through the enabled channel
 * of a kind: "email" (the e-mail server) or "sms" (the SMS gateway: a
 * generic gateway webhook, POST {"to", "text"}, signed as the generic
 * webhook). KH_E_CONFLICT "channel" when none is enabled. The customer's
 * address is kept sealed in the outbox (notify_store_queue_customer_on)
 * and opened only to send; the delivery log shows it masked.
 */
KH_NODISCARD enum kh_status notify_customer_channel(const struct kh_ctx *ctx, const char *kind,
                                                    struct notify_channel *out, struct kh_err *err);
/* "zhang@example.com" → "z***@example.com", "13812345678" → "138****5678". */
const char *notify_address_masked(struct arena *a, const char *address);

/* "https://oapi.dingtalk.com/robot/send?…" → "https://oapi.dingtalk.com/…": no key shown. */
const char *notify_url_masked(struct arena *a, const char *url);

KH_NODISCARD enum kh_status notify_channels(const struct kh_ctx *ctx, struct notify_channel **out,
                                            int *count, struct kh_err *err);
KH_NODISCARD enum kh_status notify_channel_get(const struct kh_ctx *ctx, int64_t id,
                                               struct notify_channel *out, struct kh_err *err);
KH_NODISCARD enum kh_status notify_channel_create(const struct kh_ctx *ctx,
                                                  const struct notify_channel_input *in,
                                                  int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status notify_channel_update(const struct kh_ctx *ctx, int64_t id,
                                                  const struct notify_channel_input *in,
                                                  struct kh_err *err);
KH_NODISCARD enum kh_status notify_channel_delete(const struct kh_ctx *ctx, int64_t id,
                                                  struct kh_err *err);
/* Queue a test message on a channel (to address `to` for e-mail); *outbox_id its log entry. */
KH_NODISCARD enum kh_status notify_channel_test(const struct kh_ctx *ctx, int64_t id,
                                                const char *to, int64_t *outbox_id,
                                                struct kh_err *err);

/* One user's choices. */
struct notify_prefs {
    const char *email;       /* "" none */
    const char *email_kinds; /* off | all | digest */
    bool digest;             /* a daily digest of due and overdue tasks (in the inbox) */
};
KH_NODISCARD enum kh_status notify_prefs_get(const struct kh_ctx *ctx, struct notify_prefs *out,
                                             struct kh_err *err);
KH_NODISCARD enum kh_status notify_prefs_put(const struct kh_ctx *ctx,
                                             const struct notify_prefs *in, struct kh_err *err);
/* The users who asked for the daily digest (the follow-up capability writes it). */
KH_NODISCARD enum kh_status notify_digest_users(const struct kh_ctx *ctx, int64_t **ids, int *count,
                                                struct kh_err *err);

/* ---- the delivery log ---- */

struct notify_attempt {
    int64_t at;
    bool ok;
    const char *detail;
    int64_t ms;
};

struct notify_message {
    int64_t id, channel_id;
    const char *channel_name, *channel_kind;
    int64_t notification_id, user_id;
    const char *kind, *recipient, *subject, *body, *link, *state, *last_error;
    int attempts;
    int64_t next_at, created_at, sent_at;
    struct notify_attempt *tries; /* notify_message_get only */
    int ntries;
};

struct notify_filter {
    const char *state; /* queued sent dead */
    int64_t channel_id;
};
extern const struct list_spec notify_outbox_spec;

KH_NODISCARD enum kh_status notify_outbox(const struct kh_ctx *ctx, const struct notify_filter *f,
                                          const struct list_page *page, struct notify_message **out,
                                          int *count, const char **next, struct kh_err *err);
KH_NODISCARD enum kh_status notify_message_get(const struct kh_ctx *ctx, int64_t id,
                                               struct notify_message *out, struct kh_err *err);
/* Send again now (queued or dead; a sent one is 409). */
KH_NODISCARD enum kh_status notify_message_retry(const struct kh_ctx *ctx, int64_t id,
                                                 struct kh_err *err);

/*
 * One delivery pass (the job's body; tests and `kehu` run it inline): move
 * new inbox notifications into the outbox, then send every due message.
 * *sent and *failed (may be NULL) count this pass's attempts.
 */
KH_NODISCARD enum kh_status notify_deliver(const struct kh_ctx *ctx, int *sent, int *failed,
                                           struct kh_err *err);

/* The address users open (KEHU_PUBLIC_URL): links in messages become absolute. Set at start. */
void notify_set_public_url(const char *url);

#endif
