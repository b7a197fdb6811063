#ifndef KH_PRODUCT_PRODUCT_STORE_H
#define KH_PRODUCT_PRODUCT_STORE_H

/* The SQL of the product catalogue (migration 060). */

#include "product/product.h"

/* Insert checked product p by the actor, audited; CONFLICT "code" when the code is taken. */
KH_NODISCARD enum kh_status product_store_insert(const struct kh_ctx *ctx, const struct product *p,
                                                 int64_t *id, struct kh_err *err);
/*
 * Write checked product p over product p->id, audited with changed (the
 * names of the changed fields); CONFLICT "code" when another product has
 * the code, NOT_FOUND when p->id is none.
 */
KH_NODISCARD enum kh_status product_store_update(const struct kh_ctx *ctx, const struct product *p,
                                                 const char *changed, struct kh_err *err);
KH_NODISCARD enum kh_status product_store_get(const struct kh_ctx *ctx, int64_t id,
                                              struct product *out, struct kh_err *err);
/* The product of code (upper-cased already) into out; *found false when there is none. */
KH_NODISCARD enum kh_status product_store_by_code(const struct kh_ctx *ctx, const char *code,
                                                  struct product *out, bool *found,
                                                  struct kh_err *err);
/* A page in code order after the code after ("" the first); pattern "" or a LIKE pattern. */
KH_NODISCARD enum kh_status product_store_list(const struct kh_ctx *ctx,
                                               const struct product_filter *f, const char *pattern,
                                               const char *after, int limit, struct product **out,
                                               int *count, struct kh_err *err);
KH_NODISCARD enum kh_status product_store_categories(const struct kh_ctx *ctx, const char ***out,
                                                     int *count, struct kh_err *err);

#endif
