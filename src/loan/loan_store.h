#ifndef KH_LOAN_LOAN_STORE_H
#define KH_LOAN_LOAN_STORE_H

/* The lending register's SQL. */

#include "loan/loan.h"

/*
 * Insert l (id ignored) with its audit entry (detail) and, when also is
 * not NULL, that entry too, in one write; *id_out its id. A loan of a job
 * that has one already writes nothing (*id_out 0).
 */
KH_NODISCARD enum kh_status loan_store_insert(const struct kh_ctx *ctx, const struct loan *l,
                                              const char *detail, const struct audit_event *also,
                                              int64_t *id_out, struct kh_err *err);
KH_NODISCARD enum kh_status loan_store_get(const struct kh_ctx *ctx, int64_t id, struct loan *out,
                                           struct kh_err *err);
/* Mark returned if not yet (else KH_E_CONFLICT), audited. */
KH_NODISCARD enum kh_status loan_store_return(const struct kh_ctx *ctx, int64_t id,
                                              const char *note, struct kh_err *err);
/* borrower 0: every borrower. */
KH_NODISCARD enum kh_status loan_store_list(const struct kh_ctx *ctx, const struct loan_filter *f,
                                            int64_t only_borrower, const struct list_page *page,
                                            struct loan **out, int *count, const char **next,
                                            struct kh_err *err);
/* Whether a loan is past due at now and not alerted on day (company-local day number). */
KH_NODISCARD enum kh_status loan_store_alert_due(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                                 bool *any, struct kh_err *err);
/*
 * Alert every loan past due at now and not yet alerted on day: its
 * borrower and every active holder of watcher_role get a notification;
 * each loan marked alerted on day. *n: loans alerted.
 */
KH_NODISCARD enum kh_status loan_store_alert(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                             const char *watcher_role, int *n, struct kh_err *err);

struct db_conn;

/* Departure handover (R-SEC-8): the loans user_id has not returned; passing them to another. */
KH_NODISCARD enum kh_status loan_store_open_count(const struct kh_ctx *ctx, int64_t user_id,
                                                  int64_t *n, struct kh_err *err);
/* A merged customer's loans become the survivor's (app/customer_ref.h). */
KH_NODISCARD enum kh_status loan_store_repoint_customer_on(struct db_conn *c,
                                                           const struct kh_ctx *ctx, int64_t from,
                                                           int64_t to, int64_t *moved,
                                                           struct kh_err *err);
KH_NODISCARD enum kh_status loan_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                    int64_t from, int64_t to, const char *reason,
                                                    int64_t *moved, struct kh_err *err);

/* The loans holding customer_id (loan_items), newest first, at most limit. */
KH_NODISCARD enum kh_status loan_store_of_customer(const struct kh_ctx *ctx, int64_t customer_id,
                                                   int limit, struct loan **out, int *count,
                                                   struct kh_err *err);

#endif
