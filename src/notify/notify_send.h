#ifndef KH_NOTIFY_NOTIFY_SEND_H
#define KH_NOTIFY_NOTIFY_SEND_H

/*
 * Sending one outbox message through its channel (libcurl): SMTP for
 * e-mail, an HTTPS (or HTTP) POST for webhooks and group robots, with each
 * robot's signature. Blocking, with a 10 s connection and 20 s overall
 * limit; never follows redirects; only the channel kind's schemes.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "notify/notify.h"

struct arena;

struct notify_delivery {
    bool ok;
    char detail[300]; /* the receiver's answer or the error, for the delivery log */
    int64_t ms;
};

/* now: the context clock (signatures' timestamps); url: the absolute link or "". */
void notify_send(const struct notify_channel *ch, const struct notify_message *m, const char *url,
                 int64_t now, struct notify_delivery *out);

/* DingTalk's sign: base64(HMAC-SHA256(secret, "<ms>\n<secret>")), not yet URL-encoded. */
void notify_sign_dingtalk(const char *secret, int64_t ms, char *out, size_t cap);
/* Feishu's sign: base64(HMAC-SHA256(key "<s>\n<secret>", empty message)). */
void notify_sign_feishu(const char *secret, int64_t s, char *out, size_t cap);
/* A generic webhook's (and an SMS gateway's) X-Kehu-Signature: hex HMAC-SHA256(secret,
 * "<s>.<body>"). */
void notify_sign_webhook(const char *secret, int64_t s, const char *body, char *out, size_t cap);

#endif
