#ifndef KH_FOLLOWUP_GREETING_STORE_H
#define KH_FOLLOWUP_GREETING_STORE_H

/* The SQL of birthday greetings: whose birthday may fall in a window, and adding the tasks. */

#include "followup/greeting.h"
#include "followup/task.h"

struct greeting_person {
    int64_t customer_id, contact_id; /* contact_id 0: the customer */
    const char *name, *relation;     /* the contact's */
    const char *customer_name, *grade;
    const char *birthday; /* opened */
};

/*
 * Customers with an owner, not archived, whose solar birthday's "MM-DD" is
 * within [from_md, to_md] (or [from2_md, to2_md] when the window crosses the
 * year; "" none), or whose birthday is lunar; and every such customer's
 * contacts with a birthday.
 */
KH_NODISCARD enum kh_status greeting_store_people(const struct kh_ctx *ctx, const char *from_md,
                                                  const char *to_md, const char *from2_md,
                                                  const char *to2_md, struct greeting_person **out,
                                                  int *count, struct kh_err *err);
/* Insert the tasks (sources[i] each), skipping those made before; *added. */
KH_NODISCARD enum kh_status greeting_store_add(const struct kh_ctx *ctx,
                                               const struct task_input *tasks,
                                               const char *const *sources, int n, int *added,
                                               struct kh_err *err);

/* The holidays (migration 054), by id; active_only: the active ones. */
KH_NODISCARD enum kh_status greeting_store_holidays(const struct kh_ctx *ctx, bool active_only,
                                                    struct greeting_holiday **out, int *count,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status greeting_store_holiday_get(const struct kh_ctx *ctx, int64_t id,
                                                       struct greeting_holiday *out,
                                                       struct kh_err *err);
/* Insert (in->id 0) or update, with the audit entry, in one write; NOT_FOUND. */
KH_NODISCARD enum kh_status greeting_store_holiday_save(const struct kh_ctx *ctx,
                                                        const struct greeting_holiday *in,
                                                        int64_t *id, struct kh_err *err);

struct greeting_recipient {
    int64_t customer_id;
    const char *name;
};
/*
 * Up to limit live owned customers h is for (its audience) without a task
 * of source prefix<customer id> yet, by id.
 */
KH_NODISCARD enum kh_status greeting_store_holiday_people(const struct kh_ctx *ctx,
                                                          const struct greeting_holiday *h,
                                                          const char *prefix, int limit,
                                                          struct greeting_recipient **out,
                                                          int *count, struct kh_err *err);

/* What a greeting is sent with: the customer's name, preferred channel, e-mail, mobile (opened). */
struct greeting_address {
    const char *name, *preferred_channel, *email, *mobile;
};
KH_NODISCARD enum kh_status greeting_store_address(const struct kh_ctx *ctx, int64_t customer_id,
                                                   struct greeting_address *out,
                                                   struct kh_err *err);
/* A contact's name ("" when gone). */
KH_NODISCARD enum kh_status greeting_store_contact_name(const struct kh_ctx *ctx,
                                                        int64_t contact_id, const char **name,
                                                        struct kh_err *err);
struct notify_out;
struct interaction_input;
/*
 * In one write: queue m to address (sealed), log in (which completes task
 * in->task_id; CONFLICT "state" when it no longer can), audit greeting.send.
 */
KH_NODISCARD enum kh_status greeting_store_send(const struct kh_ctx *ctx,
                                                const struct notify_out *m, const char *address,
                                                const struct interaction_input *in,
                                                int64_t *outbox_id, int64_t *interaction_id,
                                                struct kh_err *err);

#endif
