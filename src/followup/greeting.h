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
 */

#include "app/ctx.h"
#include "core/err.h"

struct job_kind;
struct job_task;
struct kh_setting;

extern const struct kh_setting greeting_setting_days_before;
extern const struct kh_setting greeting_setting_gift_grades;
extern const struct kh_setting greeting_setting_gift_budget;
extern const struct job_kind followup_greetings_kind;
extern const struct job_task followup_greetings_task;

/* One pass at now: *added tasks made. */
KH_NODISCARD enum kh_status greeting_run(const struct kh_ctx *ctx, int *added, struct kh_err *err);

#endif
