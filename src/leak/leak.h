#ifndef KH_LEAK_LEAK_H
#define KH_LEAK_LEAK_H

/*
 * Leak reports 泄露报告 (R-SEC-9). Any signed-in user reports a suspected
 * leak: what happened, when, and the customers concerned (records they read
 * now). The customer-information supervisors and CS managers are told at
 * once (inbox). Holders of leak.manage (they and the GM) see every report,
 * add remedial actions (what, who, by when: the owner is told), and close
 * a report with a conclusion once every action is done. An action is marked
 * done by its owner or a manager. A reporter sees their own reports, an
 * action's owner the reports they have an action in.
 * Everything is audited ("leak.*").
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct customer_ref_kind;
extern const struct kh_perm leak_perm_manage;
extern const struct customer_ref_kind leak_customer_ref;
extern const struct kh_perm *const leak_perms[];
extern const struct kh_audit_action leak_audit_actions[];
/* Overdue remedial actions: alerted every working day until done (R-SEC-9). */
struct job_kind;
struct job_task;
extern const struct job_kind leak_overdue_kind;
extern const struct job_task leak_overdue_task;

#define LEAK_MAX_CUSTOMERS 50

struct leak_input {
    const char *summary; /* required, at most 200 characters */
    const char *details; /* at most 4,000 */
    int64_t occurred_at; /* 0: not known; not in the future */
    const int64_t *customer_ids;
    int ncustomers;
};

struct leak_action {
    int64_t id;
    const char *action;
    int64_t owner_id;
    const char *owner_name;
    int64_t due_at, created_at, done_at;
    int64_t done_by;
    const char *done_by_name, *note;
    bool overdue;
};

struct leak_customer {
    int64_t id;
    const char *code, *name;
};

struct leak_report {
    int64_t id;
    int64_t reporter_id;
    const char *reporter_name;
    int64_t reported_at, occurred_at;
    const char *summary, *details;
    const char *state; /* open | closed */
    int64_t closed_at, closed_by;
    const char *closed_by_name, *conclusion;
    int actions_open; /* not done yet */
    /* leak_get only: */
    struct leak_customer *customers;
    int ncustomers;
    struct leak_action *actions;
    int nactions;
};

struct leak_filter {
    int64_t id;
    const char *state; /* open | closed | all (default all) */
};
extern const struct list_spec leak_list_spec;

/* Report a leak as the acting user; *id its number. KH_E_VALIDATION naming the field. */
KH_NODISCARD enum kh_status leak_report(const struct kh_ctx *ctx, const struct leak_input *in,
                                        int64_t *id, struct kh_err *err);
/* One report with its customers and actions (its reporter or leak.manage; else NOT_FOUND). */
KH_NODISCARD enum kh_status leak_get(const struct kh_ctx *ctx, int64_t id, struct leak_report *out,
                                     struct kh_err *err);
/* A page of reports, newest first: every one for leak.manage, else the actor's own. */
KH_NODISCARD enum kh_status leak_list(const struct kh_ctx *ctx, const struct leak_filter *f,
                                      const struct list_page *page, struct leak_report **out,
                                      int *count, const char **next, struct kh_err *err);
/*
 * A remedial action on an open report (leak.manage): action (required, at
 * most 500), its owner (an active user) and due time (after now).
 */
KH_NODISCARD enum kh_status leak_action_add(const struct kh_ctx *ctx, int64_t id,
                                            const char *action, int64_t owner_id, int64_t due_at,
                                            int64_t *action_id, struct kh_err *err);
/* Mark an action done (its owner or leak.manage), with a note (at most 500). */
KH_NODISCARD enum kh_status leak_action_done(const struct kh_ctx *ctx, int64_t id,
                                             int64_t action_id, const char *note,
                                             struct kh_err *err);
/*
 * Close a report with its conclusion (required, at most 2,000; leak.manage):
 * KH_E_CONFLICT "actions" while an action is not done, or when closed.
 */
KH_NODISCARD enum kh_status leak_close(const struct kh_ctx *ctx, int64_t id, const char *conclusion,
                                       struct kh_err *err);

#endif
