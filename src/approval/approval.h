#ifndef KH_APPROVAL_APPROVAL_H
#define KH_APPROVAL_APPROVAL_H

/*
 * The approvals engine: one engine for every "needs approval" of Kehu (the
 * two-person rule of accounts now; access requests, exports of personal
 * data, destruction, A-grade changes, visit plans, compensation ... as they
 * arrive). A capability registers kinds of request (struct approval_kind,
 * in its struct capability); the engine keeps the requests, resolves and
 * runs their chains, keeps their history and tells the people concerned.
 *
 * A request has a kind, a subject (JSON text only its kind reads: records,
 * an export's filter, a user and a role), a summary line, an amount in fen
 * and a secrecy level where they matter, a reason and a purpose. When it is
 * submitted its chain is resolved from the kind's rules (the kind's
 * defaults until an administrator sets others): every rule that applies to
 * the request (amount range, secrecy level) becomes a step whose approver
 * is a role (anyone holding it), or the requester's department head. Steps
 * are decided one at a time, in order:
 *   approve   the next step's turn; after the last, the kind's apply runs
 *             in the same transaction and the request is approved;
 *   reject    ends the request;
 *   return    back to the requester for changes: they change reason and
 *             purpose and submit again, and the chain starts over;
 *   withdraw  the requester ends a request not yet decided.
 * Each with a comment (required to reject and return). Nobody decides a
 * step of their own request, nor two steps of one request: two persons,
 * always. Every action is kept in the request's history, audited
 * ("approval.*"), and written to the inbox (notifications) of those it
 * concerns, in the same transaction. Each step is due `hours` after its
 * turn came; a periodic task reminds its approvers after that, again every
 * approval_remind_hours (a setting, 24 by default).
 *
 * Who sees a request: its requester, whoever may decide or decided one of
 * its steps, and holders of approval.read (auditors, the general manager).
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct db_conn;
struct approval_request;
struct holding_kind;

/* One rule of a kind's chain (approval_rules, or a kind's defaults). */
struct approval_rule {
    const char *approver; /* "role" | "dept_head" */
    const char *role;     /* approver "role": the role's code */
    int64_t min_amount;   /* fen; the rule applies from this amount ... */
    int64_t max_amount;   /* ... below this one (0: no upper bound) */
    int min_secrecy;      /* and from this secrecy level (0 normal, 1 confidential, 2 top secret) */
    int hours;            /* the step is due this long after its turn came (1 .. 720) */
};

/* What a submission carries; a kind's check may fill summary, amount and secrecy. */
struct approval_draft {
    const struct approval_kind *kind;
    const char *subject; /* JSON text, as the kind reads it ("" for none); check may rewrite it */
    const char *summary_zh; /* one line shown in lists; the kind's check writes it */
    const char *summary_en;
    const char *secret; /* what check keeps out of sight until apply (a password's hash) */
    int64_t amount;
    int secrecy;
    const char *reason;
    const char *purpose;
};

/*
 * A kind of request, registered by its capability. check runs at
 * submission (as the requester): it refuses a subject that does not exist
 * or that the requester may not ask for, and fills summary (and amount and
 * secrecy where the kind decides them; it may rewrite the subject and
 * keep a secret aside). apply runs in the write that
 * records the last approval, as the last approver: it does what was asked
 * (a conditional write: when the subject changed since, KH_E_CONFLICT and
 * the approval is not recorded either). Both in the kind's module.
 */
struct approval_kind {
    const char *name; /* "account.role" */
    const char *label_zh;
    const char *label_en;
    const struct approval_rule *defaults; /* ends with {0} */
    /* Only through the kind's own capability (account changes), not POST /api/v1/approvals. */
    bool not_direct;
    enum kh_status (*check)(const struct kh_ctx *ctx, struct approval_draft *d, struct kh_err *err);
    enum kh_status (*apply)(struct db_conn *c, const struct kh_ctx *ctx,
                            const struct approval_request *r, struct kh_err *err);
};

extern const struct kh_perm approval_perm_read;  /* every request, for oversight */
extern const struct kh_perm approval_perm_rules; /* change the chains of kinds */
extern const struct kh_perm *const approval_perms[];
extern const struct kh_audit_action approval_audit_actions[];
extern const struct job_kind approval_remind_kind;
extern const struct job_task approval_remind_task;
extern const struct kh_setting approval_setting_remind_hours;
extern const struct kh_setting *const approval_settings[];
/* What a user has open in the engine, handed over when they leave (R-SEC-8). */
extern const struct holding_kind approval_holding;

/* A registered kind by name (every capability's), or NULL. */
const struct approval_kind *approval_kind_find(const char *name);

struct approval_step {
    int position;
    const char *approver; /* "role" | "dept_head" */
    const char *role;     /* the role that decides, or "" */
    int64_t user_id;      /* the user that decides (department head), or 0 */
    const char *user_name;
    const char *state; /* waiting | pending | approved | rejected | returned */
    int hours;         /* due this long after its turn came */
    int64_t due_at;
    int64_t decided_by;
    const char *decided_by_name;
    int64_t decided_at;
    const char *comment;
};

struct approval_event {
    int64_t id, at, actor_id;
    const char *actor_name;
    const char *action; /* submit | approve | reject | return | withdraw | resubmit | remind */
    int position;
    const char *comment;
};

struct approval_request {
    int64_t id;
    const char *kind;
    const char *state; /* pending | returned | approved | rejected | withdrawn */
    int64_t requester_id;
    const char *requester_name;
    int64_t department_id;
    const char *subject, *summary_zh, *summary_en;
    const char *secret; /* only for apply: the draft's secret ("" otherwise) */
    int64_t amount;
    int secrecy;
    const char *reason, *purpose;
    int step; /* the pending step's position, 0 when none */
    int64_t created_at, updated_at, decided_at;
    int64_t version;
    /* Filled by approval_get: */
    struct approval_step *steps;
    int nsteps;
    struct approval_event *events;
    int nevents;
    bool can_decide;   /* the reader may decide the pending step */
    bool can_withdraw; /* the reader is the requester and it is not decided */
};

/*
 * Submit a request as the acting user. KH_E_VALIDATION naming the field:
 * an unknown kind, a reason missing or over 1,000 characters, a purpose over
 * 1,000, a subject that is not a JSON object; the kind's check's refusals;
 * KH_E_CONFLICT "rules" when the chain resolves to no step anyone can take
 * (a department-head step and no head set, a role nobody holds). *id_out
 * gets the new request's id. From another module (account changes) use
 * approval_submit_kind.
 */
KH_NODISCARD enum kh_status approval_submit(const struct kh_ctx *ctx, const char *kind,
                                            const char *subject, int64_t amount, const char *reason,
                                            const char *purpose, int64_t *id_out,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status approval_submit_kind(const struct kh_ctx *ctx, struct approval_draft *d,
                                                 int64_t *id_out, struct kh_err *err);

/* One request with its steps and history (in ctx->arena); KH_E_NOT_FOUND when the reader may not
 * see it. */
KH_NODISCARD enum kh_status approval_get(const struct kh_ctx *ctx, int64_t id,
                                         struct approval_request *out, struct kh_err *err);

enum approval_action {
    APPROVAL_APPROVE,
    APPROVAL_REJECT,
    APPROVAL_RETURN,
    APPROVAL_WITHDRAW,
};
/*
 * Decide the pending step (approve, reject, return) or withdraw, with a
 * comment (required to reject and return, at most 1,000 characters).
 * version: the request's version the reader saw (0: any); another's
 * decision since is KH_E_CONFLICT. KH_E_FORBIDDEN when the acting user may
 * not take this action on it, KH_E_CONFLICT when the request is not in a
 * state that allows it.
 */
KH_NODISCARD enum kh_status approval_decide(const struct kh_ctx *ctx, int64_t id,
                                            enum approval_action action, const char *comment,
                                            int64_t version, struct kh_err *err);
/* The requester submits a returned request again with new reason and purpose (NULL: kept). */
KH_NODISCARD enum kh_status approval_resubmit(const struct kh_ctx *ctx, int64_t id,
                                              const char *reason, const char *purpose,
                                              struct kh_err *err);

/* Which requests a list shows. */
enum approval_box {
    APPROVAL_BOX_MINE, /* the acting user's own */
    APPROVAL_BOX_TODO, /* waiting for the acting user's decision */
    APPROVAL_BOX_DONE, /* steps the acting user decided */
    APPROVAL_BOX_ALL,  /* every request (approval.read) */
};
struct approval_filter {
    const char *box; /* "mine" (default) | "todo" | "done" | "all" */
    const char *state;
    const char *kind;
};
extern const struct list_spec approval_list_spec;
KH_NODISCARD enum kh_status approval_list(const struct kh_ctx *ctx, const struct approval_filter *f,
                                          const struct list_page *page,
                                          struct approval_request **out, int *count,
                                          const char **next_cursor, struct list_total *total,
                                          struct kh_err *err);

/* A kind's rules as they apply now (the configured ones, else its defaults). */
KH_NODISCARD enum kh_status approval_rules_get(const struct kh_ctx *ctx,
                                               const struct approval_kind *kind,
                                               struct approval_rule **out, int *count,
                                               bool *configured, struct kh_err *err);
/*
 * Replace a kind's rules (approval.rules); n = 0 goes back to the kind's
 * defaults. Each rule checked (KH_E_VALIDATION naming "rules[i].<field>"):
 * a known approver, an existing role for "role", amounts >= 0 and max above
 * min when set, secrecy 0..2, hours 1..720; at most 10 rules. Requests
 * already submitted keep their chains. Audited.
 */
KH_NODISCARD enum kh_status approval_rules_put(const struct kh_ctx *ctx,
                                               const struct approval_kind *kind,
                                               const struct approval_rule *rules, int n,
                                               struct kh_err *err);

/* ---- the inbox ---- */

struct notification {
    int64_t id;
    const char *kind; /* approval.todo | approval.approved | approval.rejected | approval.returned |
                         approval.withdrawn | approval.reminder */
    int64_t subject_id;
    const char *request_kind;
    const char *by_name;
    int64_t created_at, read_at;
    const char *text_zh, *text_en; /* rendered (approvals) or as written (every other kind) */
    const char *link;              /* the page it opens ("" : its request's) */
    int64_t user_id;               /* whose it is (notification_after_on) */
    const char *user_name;
};

struct db_conn;
/*
 * A notification of another capability (kind "loan.overdue", ...) for
 * user_id, with its text in both languages and the page it opens, in the
 * write on c (the change that causes it).
 */
KH_NODISCARD enum kh_status notification_add_on(struct db_conn *c, int64_t user_id,
                                                const char *kind, int64_t subject_id,
                                                const char *text_zh, const char *text_en,
                                                const char *link, int64_t now, struct kh_err *err);
/* The same for every active holder of role except the user except (0: nobody). */
KH_NODISCARD enum kh_status notification_add_role_on(struct db_conn *c, const char *role,
                                                     int64_t except, const char *kind,
                                                     int64_t subject_id, const char *text_zh,
                                                     const char *text_en, const char *link,
                                                     int64_t now, struct kh_err *err);
/*
 * Every user's notifications with an id above after, oldest first, at most
 * limit, rendered, with their user: what the outbox (notify/notify.h) sends
 * on beyond the inbox. Read on c, the write that moves its bookmark.
 */
KH_NODISCARD enum kh_status notification_after_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                  int64_t after, int limit,
                                                  struct notification **out, int *count,
                                                  struct kh_err *err);
/* The highest notification id (0: none), on c. */
KH_NODISCARD enum kh_status notification_last_on(struct db_conn *c, int64_t *id,
                                                 struct kh_err *err);
/* The inbox's filter (GET /notifications?unread=true): only the unread ones. */
struct notification_filter {
    int unread;
};
extern const struct list_spec notification_list_spec;
/* The acting user's notifications, newest first (unread_only: only unread), with the unread count.
 */
KH_NODISCARD enum kh_status notification_list(const struct kh_ctx *ctx, bool unread_only,
                                              const struct list_page *page,
                                              struct notification **out, int *count,
                                              int64_t *unread, const char **next_cursor,
                                              struct kh_err *err);
KH_NODISCARD enum kh_status notification_unread(const struct kh_ctx *ctx, int64_t *unread,
                                                struct kh_err *err);
/* Mark the acting user's notifications read: those with id <= up_to (or only id when one). */
KH_NODISCARD enum kh_status notification_read(const struct kh_ctx *ctx, int64_t id, int64_t up_to,
                                              struct kh_err *err);

#endif
