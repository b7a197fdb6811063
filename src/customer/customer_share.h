#ifndef KH_CUSTOMER_CUSTOMER_SHARE_H
#define KH_CUSTOMER_CUSTOMER_SHARE_H

/*
 * Sharing between branches 分公司 (R-OWN-6). Customers belong to a branch
 * (customers.branch_id); a sharing rule lets the managers of one branch
 * (users of that branch whose customer scope is their department) read the
 * customers of another, of one grade or of every grade. A shared customer is
 * read, never changed, by them: lists, search, the customer page, its
 * contacts and timeline show it ("shared"), edits and exports do not take
 * it. The general manager sets and revokes rules (customer.share); each is
 * audited and a revoked rule ends the reads at once. The list statements
 * decide it with the rest of the scope (LIST_SCOPE in customer_store.c).
 */

#include "app/ctx.h"
#include "app/registry.h"
#include "core/err.h"

extern const struct kh_perm customer_perm_share;

struct branch_share {
    int64_t id;
    int64_t from_branch_id, to_branch_id;
    const char *from_name, *to_name;
    const char *grade; /* "" every grade */
    const char *note;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
    int64_t revoked_at; /* 0: in force */
};

/* Every rule, in force first, newest first (customer.share). */
KH_NODISCARD enum kh_status customer_share_list(const struct kh_ctx *ctx, bool with_revoked,
                                                struct branch_share **out, int *count,
                                                struct kh_err *err);
/*
 * A new rule: two different existing branches, a grade or "", a note of at
 * most 200 characters; KH_E_CONFLICT "to_branch_id" when the same rule is in
 * force already.
 */
KH_NODISCARD enum kh_status customer_share_create(const struct kh_ctx *ctx, int64_t from_branch,
                                                  int64_t to_branch, const char *grade,
                                                  const char *note, struct branch_share *out,
                                                  struct kh_err *err);
/* Revoke rule id: KH_E_NOT_FOUND, or KH_E_CONFLICT "state" when revoked already. */
KH_NODISCARD enum kh_status customer_share_revoke(const struct kh_ctx *ctx, int64_t id,
                                                  struct kh_err *err);

#endif
