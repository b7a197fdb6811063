#ifndef KH_NOTIFY_NOTIFY_JSON_H
#define KH_NOTIFY_NOTIFY_JSON_H

/* The JSON a webhook or group robot receives, and reading a robot's answer. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "notify/notify.h"

/*
 * The body channel kind posts for message m (malloc'd; NULL when out of
 * memory): text for the robots; the message's fields for a generic webhook.
 * ts and sign: Feishu's signature fields (sign NULL: none).
 */
char *notify_json_body(const char *kind, const struct notify_message *m, const char *url,
                       int64_t ts, const char *sign);
/*
 * Whether a receiver's 2xx answer accepts the message: WeCom and DingTalk
 * answer {"errcode":0}, Feishu {"code":0}; anything else (or no JSON) from
 * them is a refusal, named in detail. A generic webhook's 2xx is enough.
 */
bool notify_json_accepted(const char *kind, const char *answer, char *detail, size_t cap);

#endif
