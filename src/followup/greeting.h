#ifndef KH_FOLLOWUP_GREETING_H
#define KH_FOLLOWUP_GREETING_H

/*
 * Birthday greetings (R-INT-6). Each morning the job followup.greetings
 * looks greeting_days_before days ahead for the birthdays of customers and
 * of their contacts (family members and the people met at organisations),
 * solar or lunar (a birthday field "农历YYYY-MM-DD", "农历YYYY-闰MM-DD":
 * calendar/lunar.h), and gives the customer's owner a greeting task due at
 * 09:00 on the day. For customers of the best grades (greeting_gift_grades:
 * 1 = A, 2 = A and B, 3 = every grade, 0 = none) the task is a gift task
 * with the budget greeting_gift_budget_yuan (flowers, a cake). Rerunning
 * never adds a task twice (source greeting:<who>:<day>).
 *
 * Holiday greetings 节日问候: the same pass looks the same days ahead for
 * the configured holidays (greeting_holidays, solar "MM-DD" or lunar
 * "农历MM-DD", resolved to this year's solar day) and gives each eligible
 * customer's owner a greeting task due at 09:00 on the day, with the
 * holiday's channel and its message (the template, {name} filled) as the
 * purpose; source holiday:<holiday>:<year>:<customer>. At most
 * GREETING_HOLIDAY_TASKS_MAX holiday tasks a pass: the rest come the next
 * morning.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct arena;
struct job_kind;
struct job_task;
struct kh_setting;

extern const struct kh_setting greeting_setting_days_before;
extern const struct kh_setting greeting_setting_gift_grades;
extern const struct kh_setting greeting_setting_gift_budget;
extern const struct job_kind followup_greetings_kind;
extern const struct job_task followup_greetings_task;

extern const struct kh_choice greeting_audiences[];

#define GREETING_TEXT_MAX 500
#define GREETING_TEMPLATE_MAX 300
#define GREETING_HOLIDAY_TASKS_MAX 5000

/*
 * A holiday greeted (settings.manage edits them). audience: buyers (stage
 * customer, loyal or won back, or a purchase recorded), all (every owned
 * customer), or grades (the grade letters in grades, e.g. "AB").
 */
struct greeting_holiday {
    int64_t id;
    const char *name_zh; /* 1 .. 50 characters */
    const char *name_en; /* at most 100 */
    const char *day;     /* "MM-DD" (solar) or "农历MM-DD" (lunar) */
    const char *audience;
    const char *grades;   /* audience grades: some of "ABC" */
    const char *channel;  /* task_channels */
    const char *template; /* 1 .. 300 characters; {name}: the customer's name */
    bool active;
    int64_t updated_by;
    const char *updated_by_name;
    int64_t updated_at;
};

/* Every holiday, by id (settings.manage). */
KH_NODISCARD enum kh_status greeting_holidays_list(const struct kh_ctx *ctx,
                                                   struct greeting_holiday **out, int *count,
                                                   struct kh_err *err);
/* One (settings.manage); KH_E_NOT_FOUND. */
KH_NODISCARD enum kh_status greeting_holiday_get(const struct kh_ctx *ctx, int64_t id,
                                                 struct greeting_holiday *out, struct kh_err *err);
/*
 * Add one (in->id 0) or change in->id, audited as greeting.holiday_save;
 * *id its id. settings.manage; KH_E_VALIDATION naming the field;
 * KH_E_NOT_FOUND.
 */
KH_NODISCARD enum kh_status greeting_holiday_save(const struct kh_ctx *ctx,
                                                  const struct greeting_holiday *in, int64_t *id,
                                                  struct kh_err *err);
/* The solar day (day number) a holiday's day falls on first on or after from; false if none. */
bool greeting_holiday_next(const char *day, int64_t from, int64_t *out);
/* tmpl with every "{name}" replaced by name, in a. */
const char *greeting_fill(struct arena *a, const char *tmpl, const char *name);

/*
 * Sending a greeting directly (R-INT-6): for an open greeting task the
 * actor may finish, the customer's preferred channel decides — "email"
 * (the e-mail server, to the customer's e-mail) or "sms" (the SMS gateway,
 * to the customer's mobile) can be sent by Kehu; anything else is the
 * owner's to do (a call, a visit ...). The text defaults to the holiday's
 * message (the task's purpose) or a birthday wish with the name.
 */
struct greeting_message {
    int64_t task_id, customer_id;
    const char *channel; /* the customer's preferred channel, "" none */
    bool sendable;
    /* Why not: the field ("preferred_channel", "email", "mobile", "channel") and the reason. */
    const char *field, *reason_zh, *reason_en;
    const char *to;      /* the address, masked ("" none) */
    const char *subject; /* of an e-mail */
    const char *text;    /* the greeting proposed */
};
/* NOT_FOUND, FORBIDDEN, CONFLICT "state" (task_open_own), CONFLICT "kind" (not a greeting). */
KH_NODISCARD enum kh_status greeting_message(const struct kh_ctx *ctx, int64_t task_id,
                                             struct greeting_message *out, struct kh_err *err);
struct greeting_sent {
    int64_t interaction_id, outbox_id;
    const char *channel, *to; /* to: masked */
};
/*
 * Send it (text NULL or "": the one proposed; else 1 .. 500 characters,
 * KH_E_INVALID "text"): in one write, one outbox message (delivered with
 * retries, in the delivery log), an interaction (the channel, summary the
 * text, outcome "sent") that completes the task, and the audit entry
 * greeting.send. KH_E_CONFLICT naming why it cannot be sent (as
 * greeting_message says, or "channel": no e-mail server / SMS gateway).
 */
KH_NODISCARD enum kh_status greeting_send(const struct kh_ctx *ctx, int64_t task_id,
                                          const char *text, struct greeting_sent *out,
                                          struct kh_err *err);

/* One pass at now: *added tasks made. */
KH_NODISCARD enum kh_status greeting_run(const struct kh_ctx *ctx, int *added, struct kh_err *err);

#endif
