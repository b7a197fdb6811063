#ifndef KH_RETENTION_RETENTION_STORE_H
#define KH_RETENTION_RETENTION_STORE_H

/* The SQL of retention rules and the destruction register. */

#include "retention/retention.h"

struct db_conn;

KH_NODISCARD enum kh_status retention_store_rules(const struct kh_ctx *ctx,
                                                  struct retention_rule **out, int *count,
                                                  struct kh_err *err);
/* Replace the rules, recompute due dates (customer module) and audit: one write. */
KH_NODISCARD enum kh_status retention_store_rules_put(const struct kh_ctx *ctx,
                                                      const struct retention_rule *rules, int n,
                                                      const char *detail, struct kh_err *err);
/* In the destruction's write: one register entry. */
KH_NODISCARD enum kh_status
retention_store_register_add_on(struct db_conn *c, const struct destruction *d,
                                int64_t requested_by, int64_t approved_by, struct kh_err *err);
KH_NODISCARD enum kh_status retention_store_register(const struct kh_ctx *ctx, int64_t before,
                                                     int limit, struct destruction_page *out,
                                                     struct kh_err *err);
/* The newest entry not yet wiped from the files (0: none). */
KH_NODISCARD enum kh_status retention_store_unwiped(const struct kh_ctx *ctx, int64_t *newest,
                                                    struct kh_err *err);
/* Wipe what destruction deleted from the files, then mark entries up to newest as wiped. */
KH_NODISCARD enum kh_status retention_store_wipe(const struct kh_ctx *ctx, int64_t newest,
                                                 struct kh_err *err);

#endif
