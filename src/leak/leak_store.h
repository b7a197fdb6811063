#ifndef KH_LEAK_LEAK_STORE_H
#define KH_LEAK_LEAK_STORE_H

/* The leak register's SQL (leak_reports, leak_report_customers, leak_actions). */

#include "leak/leak.h"

/* The report, its customers, its audit entry and the managers' notification, in one write. */
KH_NODISCARD enum kh_status leak_store_insert(const struct kh_ctx *ctx, const struct leak_input *in,
                                              int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status leak_store_get(const struct kh_ctx *ctx, int64_t id,
                                           struct leak_report *out, struct kh_err *err);
/* only_reporter: 0 every report, else that user's and those with an action of theirs. */
KH_NODISCARD enum kh_status leak_store_list(const struct kh_ctx *ctx, const struct leak_filter *f,
                                            int64_t only_reporter, const struct list_page *page,
                                            struct leak_report **out, int *count, const char **next,
                                            struct kh_err *err);
/* On an open report only (KH_E_CONFLICT otherwise); the owner is told. */
KH_NODISCARD enum kh_status leak_store_action_add(const struct kh_ctx *ctx, int64_t id,
                                                  const char *action, int64_t owner_id,
                                                  int64_t due_at, int64_t *action_id,
                                                  struct kh_err *err);
/* An action not yet done of an open report (KH_E_CONFLICT otherwise). */
KH_NODISCARD enum kh_status leak_store_action_done(const struct kh_ctx *ctx, int64_t id,
                                                   int64_t action_id, const char *note,
                                                   struct kh_err *err);
/* Closes an open report whose actions are all done (KH_E_CONFLICT otherwise); tells the reporter.
 */
KH_NODISCARD enum kh_status leak_store_close(const struct kh_ctx *ctx, int64_t id,
                                             const char *conclusion, struct kh_err *err);

struct db_conn;
/* A merged customer's leak reports name the survivor (app/customer_ref.h). */
KH_NODISCARD enum kh_status leak_store_repoint_customer_on(struct db_conn *c,
                                                           const struct kh_ctx *ctx, int64_t from,
                                                           int64_t to, int64_t *moved,
                                                           struct kh_err *err);

/* Whether an action not done is past due and was not alerted on day (a day number). */
KH_NODISCARD enum kh_status leak_store_alert_due(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                                 bool *any, struct kh_err *err);
/* Alert each such action's owner and the watchers (roles), mark it alerted on day; *n actions. */
KH_NODISCARD enum kh_status leak_store_alert(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                             const char *const *watcher_roles, int *n,
                                             struct kh_err *err);

#endif
