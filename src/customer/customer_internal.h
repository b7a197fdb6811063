#ifndef KH_CUSTOMER_CUSTOMER_INTERNAL_H
#define KH_CUSTOMER_CUSTOMER_INTERNAL_H

/* Shared between the customer capability's rule files. */

#include "customer/customer.h"
#include "customer/customer_store.h"

/* True when value is one of the set's values. */
bool customer__choice_ok(int set, const char *value);
/* Validate the record's own fields (not ownership); fills err with the field. */
KH_NODISCARD enum kh_status customer__validate(const struct kh_ctx *ctx, struct customer *c,
                                               struct kh_err *err);
/* Validate custom values against the definitions of the chosen templates. */
KH_NODISCARD enum kh_status customer__validate_custom(const struct kh_ctx *ctx, struct customer *c,
                                                      struct kh_err *err);
/*
 * Drop stored values of templates no longer chosen (an update that removes a
 * template removes its values; field history records each removal).
 */
void customer__prune_custom(const struct kh_ctx *ctx, struct customer *c);
/* Identifying keys for duplicate detection. */
void customer__keys(const struct kh_ctx *ctx, const struct customer *c, struct customer_key **out,
                    int *n);
/* Search tokens. */
void customer__search_doc(const struct kh_ctx *ctx, const struct customer *c,
                          struct search_doc *doc);
/* Load a record the actor may see, or NOT_FOUND (audited as a refused read). */
KH_NODISCARD enum kh_status customer__load_visible(const struct kh_ctx *ctx, int64_t id,
                                                   struct customer *out, struct kh_err *err);

#endif
