#ifndef KH_RETENTION_RETENTION_H
#define KH_RETENTION_RETENTION_H

/*
 * Retention and destruction 销毁 (R-SEC-7, DECISIONS §120).
 *
 * An archived customer falls due for destruction a retention period after
 * its archival; periods are rules per category and lifecycle stage ('*'
 * for any; the most specific wins; 0 months keeps the record). The due list
 * is the customer list with retention=due (one scope filter). Destroying
 * needs an approved request of kind "customer.destroy" (subject
 * {"customer_ids":[…]}, archived customers the requester sees; the GM
 * approves by default). Its last approval wipes each customer in that
 * write (customer_destroy_on) and adds a register entry with no personal
 * data; a job then makes the wiped bytes unreadable from the database
 * files. Audit entries name records by id and code only, so the chain
 * keeps every entry and still verifies.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"

#define RETENTION_MAX_RECORDS 200
#define RETENTION_MAX_RULES 100

struct retention_rule {
    const char *category; /* a customer category, or "*" */
    const char *stage;    /* a lifecycle stage, or "*" */
    int64_t months;       /* 0 .. 1200; 0: kept, never due */
};

/* The rules, most specific first. Needs customer.destroy or settings.manage. */
KH_NODISCARD enum kh_status retention_rules(const struct kh_ctx *ctx, struct retention_rule **out,
                                            int *count, struct kh_err *err);
/*
 * Replace every rule (settings.manage), and with them every archived
 * customer's due date, in one write audited as "retention.rules".
 * KH_E_VALIDATION naming "rules[i].category" (not a category or "*"),
 * "rules[i].stage", "rules[i].months" (0-1200), "rules" (a pair twice, more
 * than RETENTION_MAX_RULES).
 */
KH_NODISCARD enum kh_status retention_rules_put(const struct kh_ctx *ctx,
                                                const struct retention_rule *rules, int n,
                                                struct kh_err *err);

/* A destruction register entry 销毁登记: no personal data. */
struct destruction {
    int64_t id;
    const char *code, *category, *stage;
    int secrecy;
    int64_t archived_at, request_id;
    const char *reason;
    const char *requested_by, *approved_by; /* display names */
    int64_t destroyed_at, wiped_at;         /* wiped_at 0: its bytes not yet wiped from the files */
};
struct destruction_page {
    struct destruction *items;
    int count;
    int64_t next_before; /* 0 on the last page */
};
/* The register, newest first, entries with an id below before (0: from the newest). */
KH_NODISCARD enum kh_status retention_register(const struct kh_ctx *ctx, int64_t before, int limit,
                                               struct destruction_page *out, struct kh_err *err);

/* ---- the capability (src/http/routes/retention_routes.c) ---- */
struct kh_perm;
struct kh_audit_action;
struct approval_kind;
struct job_kind;
struct job_task;
extern const struct kh_perm customer_perm_destroy;
extern const struct kh_audit_action retention_audit_actions[];
extern const struct approval_kind retention_approval_destroy;
extern const struct job_kind retention_wipe_job_kind;
extern const struct job_task retention_wipe_task;

#endif
