#ifndef KH_LOAN_LOAN_H
#define KH_LOAN_LOAN_H

/*
 * The lending register 外借登记册 (R-SEC-5): customer files checked out
 * and exports of customer data, each with its items, count, time, reason,
 * the borrower's confirmation and a due time (at most loan_max_days,
 * default 3); a return is registered (注销); an overdue loan alerts its
 * borrower and the information specialists every working day until it is
 * returned. Nobody keeps customer records privately: every copy is here.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "audit/audit.h"
#include "core/err.h"

extern const struct kh_perm loan_perm_manage; /* the whole register; returns for anyone */
extern const struct kh_perm *const loan_perms[];
extern const struct kh_audit_action loan_audit_actions[];
extern const struct kh_setting loan_setting_max_days;
extern const struct kh_setting *const loan_settings[];
extern const struct job_kind loan_overdue_kind;
extern const struct job_task loan_overdue_task;
struct holding_kind;
struct customer_ref_kind;
/* The loans a user has not returned, handed over when they leave (R-SEC-8). */
extern const struct holding_kind loan_holding;
extern const struct customer_ref_kind loan_customer_ref;

#define LOAN_MAX_ITEMS 200

struct loan {
    int64_t id;
    int64_t borrower_id;
    const char *borrower_name;
    const char *kind; /* file | export */
    const char *items;
    int64_t item_count;
    const char *reason;
    int64_t job_id;
    int64_t lent_at, confirmed_at, due_at, returned_at;
    int64_t returned_by;
    const char *returned_by_name, *return_note;
    bool overdue;         /* not returned and past due */
    int64_t overdue_days; /* counted as the alerts count them: 1 from the due time, then daily */
    /* Written with a new loan (loan_items): the customers it holds, when known. */
    const int64_t *customer_ids;
    int ncustomer_ids;
};

/* A checkout of customer files by the acting user (their own confirmation). */
struct loan_checkout {
    const int64_t *customer_ids;
    int ncustomers;
    const char *reason;
    int64_t days; /* < 0: the longest allowed */
    bool confirm; /* the borrower confirms receipt and the return date */
};

/* GET /loans: state open | overdue | returned | all (default open), kind, borrower, lent range. */
struct loan_filter {
    int64_t id; /* one loan (a link from an alert); 0: any */
    const char *state;
    const char *kind;
    int64_t borrower_id;
    int64_t lent_from, lent_to;
};
extern const struct list_spec loan_list_spec;

/*
 * Check out customer files: each must be one the borrower reads now (a
 * refused one answers as not found); reason and confirmation required;
 * days 1 .. loan_max_days. Audited. *out: the loan.
 */
KH_NODISCARD enum kh_status loan_checkout(const struct kh_ctx *ctx, const struct loan_checkout *in,
                                          struct loan *out, struct kh_err *err);
/*
 * An export of customer data as a loan of its borrower (the export's
 * requester, ctx's actor), due after loan_max_days: called when the export
 * job's file is written, with the export's own audit entry (also), all in
 * one write; once per job (a job run again registers nothing twice).
 */
KH_NODISCARD enum kh_status loan_register_export(const struct kh_ctx *ctx, int64_t job_id,
                                                 int64_t customer_id, const char *items,
                                                 int64_t count, const char *reason,
                                                 const struct audit_event *also,
                                                 struct kh_err *err);
/*
 * The loans holding customer id (checkouts and one-customer exports), newest
 * first, at most 100: for whoever may see who used it (customer_access_log_check).
 */
KH_NODISCARD enum kh_status loan_list_of_customer(const struct kh_ctx *ctx, int64_t id,
                                                  struct loan **out, int *count,
                                                  struct kh_err *err);
/* Register the return (注销) of a loan: its borrower or a loan manager; once. Audited. */
KH_NODISCARD enum kh_status loan_return(const struct kh_ctx *ctx, int64_t id, const char *note,
                                        struct loan *out, struct kh_err *err);
/* The register: a manager sees every loan, anyone else their own; newest first. */
KH_NODISCARD enum kh_status loan_list(const struct kh_ctx *ctx, const struct loan_filter *f,
                                      const struct list_page *page, struct loan **out, int *count,
                                      const char **next, struct kh_err *err);
KH_NODISCARD enum kh_status loan_get(const struct kh_ctx *ctx, int64_t id, struct loan *out,
                                     struct kh_err *err);

#endif
