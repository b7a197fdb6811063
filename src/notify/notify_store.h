#ifndef KH_NOTIFY_NOTIFY_STORE_H
#define KH_NOTIFY_NOTIFY_STORE_H

/* The outbox's SQL: channels (sealed url and secret), preferences, messages, attempts. */

#include "notify/notify.h"

struct db_conn;
struct notification;

/* Channels, opened (enabled_only: the enabled ones). */
KH_NODISCARD enum kh_status notify_store_channels(const struct kh_ctx *ctx, bool enabled_only,
                                                  struct notify_channel **out, int *count,
                                                  struct kh_err *err);
KH_NODISCARD enum kh_status notify_store_channel(const struct kh_ctx *ctx, int64_t id,
                                                 struct notify_channel *out, struct kh_err *err);
/* Insert (id 0) or update; audited action with detail. KH_E_CONFLICT "name" when taken. */
KH_NODISCARD enum kh_status notify_store_channel_put(const struct kh_ctx *ctx, int64_t id,
                                                     const struct notify_channel_input *in,
                                                     int64_t *id_out, struct kh_err *err);
KH_NODISCARD enum kh_status notify_store_channel_delete(const struct kh_ctx *ctx, int64_t id,
                                                        const char *name, struct kh_err *err);

KH_NODISCARD enum kh_status notify_store_prefs(const struct kh_ctx *ctx, int64_t user_id,
                                               struct notify_prefs *out, struct kh_err *err);
KH_NODISCARD enum kh_status
notify_store_prefs_put(const struct kh_ctx *ctx, const struct notify_prefs *in, struct kh_err *err);
KH_NODISCARD enum kh_status notify_store_digest_users(const struct kh_ctx *ctx, int64_t **ids,
                                                      int *count, struct kh_err *err);

/* A message to queue (the outbox row's fields). */
struct notify_out {
    const struct notify_channel *channel;
    int64_t notification_id, user_id;
    const char *kind, *recipient, *subject, *body, *link;
};

/*
 * The fan-out: read the inbox notifications after the bookmark (at most
 * limit), let route() turn each (with its user's preferences) into messages, insert them and move
 * the bookmark, in one write. *n: notifications read (0: none left).
 */
typedef int notify_route_fn(const struct kh_ctx *ctx, const struct notification *n,
                            const struct notify_prefs *prefs, struct notify_out *out, int cap,
                            void *arg);
KH_NODISCARD enum kh_status notify_store_fanout(const struct kh_ctx *ctx, int limit,
                                                notify_route_fn *route, void *arg, int *n,
                                                struct kh_err *err);
/* Queue one message (a channel test), audited; *id its outbox id. */
KH_NODISCARD enum kh_status notify_store_queue(const struct kh_ctx *ctx, const struct notify_out *m,
                                               int64_t *id, struct kh_err *err);
/*
 * In c's write: queue a message to a customer through ch, address kept
 * sealed (recipient_sealed), masked as the recipient the log shows.
 */
KH_NODISCARD enum kh_status notify_store_queue_customer_on(struct db_conn *c,
                                                           const struct kh_ctx *ctx,
                                                           const struct notify_out *m,
                                                           int64_t customer_id, const char *address,
                                                           int64_t *id, struct kh_err *err);
/* The customer references of the outbox (customer_ref.h): merge and destruction. */
KH_NODISCARD enum kh_status notify_store_repoint_customer_on(struct db_conn *c,
                                                             const struct kh_ctx *ctx, int64_t from,
                                                             int64_t to, int64_t *moved,
                                                             struct kh_err *err);
KH_NODISCARD enum kh_status notify_store_forget_customer_on(struct db_conn *c,
                                                            const struct kh_ctx *ctx, int64_t id,
                                                            struct kh_err *err);
/*
 * Whether the delivery task is due (an enabled channel and a new notification,
 * or a due message), with what names the work: the newest notification and
 * message, and the first due message with its attempts.
 */
struct notify_pending {
    bool due;
    int64_t last_notification, last_message, due_message, due_attempts;
};
KH_NODISCARD enum kh_status notify_store_pending(const struct kh_ctx *ctx, int64_t now,
                                                 struct notify_pending *out, struct kh_err *err);

/* A claimed message with its channel, opened. */
struct notify_claim {
    struct notify_message m;
    struct notify_channel ch;
    bool channel_gone;
};
/* Claim the next due message (a lease of lease seconds); *found false when none. */
KH_NODISCARD enum kh_status notify_store_claim(const struct kh_ctx *ctx, int64_t lease,
                                               struct notify_claim *out, bool *found,
                                               struct kh_err *err);
/* Record an attempt: sent, or queued again at next_at, or dead (next_at 0 and !ok). */
KH_NODISCARD enum kh_status notify_store_attempt(const struct kh_ctx *ctx, int64_t id, bool ok,
                                                 const char *detail, int64_t ms, int64_t next_at,
                                                 struct kh_err *err);

KH_NODISCARD enum kh_status notify_store_outbox(const struct kh_ctx *ctx,
                                                const struct notify_filter *f,
                                                const struct list_page *page,
                                                struct notify_message **out, int *count,
                                                const char **next, struct kh_err *err);
KH_NODISCARD enum kh_status notify_store_message(const struct kh_ctx *ctx, int64_t id,
                                                 struct notify_message *out, struct kh_err *err);
/* Queue a message again now; KH_E_CONFLICT when sent. Audited. */
KH_NODISCARD enum kh_status notify_store_retry(const struct kh_ctx *ctx, int64_t id,
                                               struct kh_err *err);

#endif
