#ifndef KH_DEVELOP_DEVELOP_STORE_H
#define KH_DEVELOP_DEVELOP_STORE_H

/* Candidates in the database; each write audited inside. */

#include "develop/develop.h"

struct db_conn;

KH_NODISCARD enum kh_status develop_store_get(const struct kh_ctx *ctx, int64_t id, bool full,
                                              struct candidate *out, struct kh_err *err);
/* Insert c (id 0) or write its fields; with stage_to, move from c->stage to it (a step). */
KH_NODISCARD enum kh_status develop_store_put(const struct kh_ctx *ctx, struct candidate *c,
                                              const char *stage_to, const char *note,
                                              const char *action, struct kh_err *err);
/* In a write (the approval's): move id from stage from to stage to, a step and an audit entry. */
KH_NODISCARD enum kh_status develop_store_move_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                  int64_t id, const char *from, const char *to,
                                                  int64_t approval_id, struct kh_err *err);
KH_NODISCARD enum kh_status develop_store_scores(const struct kh_ctx *ctx, int64_t id,
                                                 const int64_t *criteria, const int64_t *scores,
                                                 int n, struct kh_err *err);
KH_NODISCARD enum kh_status develop_store_criteria(const struct kh_ctx *ctx, int64_t candidate,
                                                   struct criterion **out, int *count,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status develop_store_weights(const struct kh_ctx *ctx, const int64_t *criteria,
                                                  const int64_t *weights, int n,
                                                  struct kh_err *err);
/* owner 0: everyone's; dept > 0: the owners in that department; stage "" any. */
KH_NODISCARD enum kh_status develop_store_list(const struct kh_ctx *ctx, int64_t owner,
                                               int64_t dept, const char *stage,
                                               struct candidate **out, int *count,
                                               struct kh_err *err);

#endif
