#ifndef KH_CUSTOMER_CUSTOMER_INTERNAL_H
#define KH_CUSTOMER_CUSTOMER_INTERNAL_H

/* Shared between the customer capability's rule files. */

#include "customer/customer.h"
#include "text/tokenize.h"
#include "customer/customer_store.h"

/* True when value is one of the set's values. */
bool customer__choice_ok(int set, const char *value);
/* Custom field and template definitions and the numbering rule, loaded once per batch. */
struct customer_defs {
    struct custom_field *fields;
    int nfields;
    struct profile_template *tpls;
    int ntpls;
    struct numbering_rule rule;
};

/*
 * Tell the definitions cache of ctx's database that fields, templates or the
 * numbering rule changed: the next load, on any thread, reads them again.
 */
void customer__defs_changed(const struct kh_ctx *ctx);
/*
 * The definitions of ctx's database, from its cache (read again after a
 * change, or after 10 s for changes made by another process). defs points
 * into an immutable version that stays valid until ctx->arena is released:
 * the arena holds a reference to it.
 */
KH_NODISCARD enum kh_status customer__defs_load(const struct kh_ctx *ctx,
                                                struct customer_defs *defs, struct kh_err *err);
/* Versions of the definitions of ctx's database still allocated (for tests). */
int customer__defs_live(const struct kh_ctx *ctx);
/*
 * Validate the record's own fields (not ownership) and bring phones and
 * identity numbers to their stored form. Every failing field is reported:
 * err holds the first and err->fields (in ctx's arena) all of them, one per
 * field. defs may be NULL (then loaded).
 */
KH_NODISCARD enum kh_status customer__validate(const struct kh_ctx *ctx, struct customer *c,
                                               const struct customer_defs *defs,
                                               struct kh_err *err);
/*
 * Validate custom values against the definitions of the chosen templates,
 * adding each failure to err (kh_err_add; err cleared or collecting);
 * returns err's code.
 */
KH_NODISCARD enum kh_status customer__validate_custom(const struct kh_ctx *ctx, struct customer *c,
                                                      const struct customer_defs *defs,
                                                      struct kh_err *err);
/*
 * Drop stored values of templates no longer chosen (an update that removes a
 * template removes its values; field history records each removal).
 */
void customer__prune_custom(const struct kh_ctx *ctx, struct customer *c);
/*
 * R-ARC-10: default c->collected_on to the day of entered_at and set
 * c->entry_late; KH_E_VALIDATION on collected_on after that day.
 */
KH_NODISCARD enum kh_status customer__entry_check(const struct kh_ctx *ctx, struct customer *c,
                                                  int64_t entered_at, struct kh_err *err);
/* Copy a malloc'ed text (the codec's JSON) into the arena and free it. */
const char *customer__arena_text(struct arena *a, char *malloced);
/* A contact's fields (all non-NULL). */
KH_NODISCARD enum kh_status customer__validate_contact(struct arena *a, struct contact *c,
                                                       struct kh_err *err);
/* The refusal of a masked value that is not the stored one's mask. */
#define CUSTOMER_MASKED_ZH "号码已脱敏：请先点“显示”查看完整号码，或填写完整号码"
#define CUSTOMER_MASKED_EN "the number is masked: show it in full first, or enter the full number"
/* Mask what the actor may not see in full (customer_mask.c); nothing when it may unmask. */
void customer__mask(const struct kh_ctx *ctx, struct customer *c);
void customer__mask_contacts(const struct kh_ctx *ctx, struct contact *cs, int n);
void customer__mask_changes(const struct kh_ctx *ctx, struct field_change *ch, int n);
/*
 * An update's masked values against the stored record: a value equal to the
 * mask of the stored one becomes "not given" (unchanged); another masked
 * value is refused by validation. in is copied into the arena when changed.
 */
const struct customer_input *customer__unmask_input(const struct kh_ctx *ctx,
                                                    const struct customer *old,
                                                    const struct customer_input *in);
/* The same for a contact's mobile against the stored contact. */
void customer__unmask_contact(const struct kh_ctx *ctx, const struct contact *old,
                              struct contact *in);
/* KH_E_CONFLICT when c was merged into another customer (R-ARC-8): it no longer changes. */
KH_NODISCARD enum kh_status customer__not_merged(const struct customer *c, struct kh_err *err);
/* R-ARC-12 (customer_confirm.c): whether the prepared update w waits for the manager. */
KH_NODISCARD enum kh_status customer__needs_confirmation(const struct kh_ctx *ctx,
                                                         const struct customer_write *w,
                                                         bool *needed, struct kh_err *err);
/* Submit w (made from in) for confirmation; *approval_id the request. */
KH_NODISCARD enum kh_status customer__ask_confirmation(const struct kh_ctx *ctx,
                                                       const struct customer_write *w,
                                                       const struct customer_input *in,
                                                       int64_t *approval_id, struct kh_err *err);
/* Identifying keys for duplicate detection. */
void customer__keys(const struct kh_ctx *ctx, const struct customer *c, struct customer_key **out,
                    int *n);
/* Search tokens. */
/* The search token of a full phone number's digits: "p" + its blind index (R-SEC-11). */
void customer__phone_token(struct str digits, char out[TOK_PHONE_TOKEN_MAX], void *arg);
void customer__search_doc(const struct kh_ctx *ctx, const struct customer *c,
                          struct search_doc *doc);
/*
 * The owner account last checked for new records: an import gives most rows
 * the same owner, so it is read once per import instead of once per row.
 */
struct owner_memo {
    int64_t id, department_id, branch_id;
    bool active, sees_customers;
};
/*
 * Everything customer_create checks, up to the write (defs may be NULL;
 * memo may be NULL, or remembers the owner between records of one import).
 */
KH_NODISCARD enum kh_status customer__prepare_new(const struct kh_ctx *ctx,
                                                  const struct customer_defs *defs,
                                                  struct owner_memo *memo,
                                                  const struct customer_input *in,
                                                  struct customer *c, struct kh_err *err);
/*
 * Everything customer_update checks, up to the write: w is ready for the
 * store (in ctx->arena). must_own: refuse customers the actor does not own.
 */
KH_NODISCARD enum kh_status customer__prepare_update(const struct kh_ctx *ctx,
                                                     const struct customer_defs *defs, int64_t id,
                                                     const struct customer_input *in, bool must_own,
                                                     struct customer_write *w, struct kh_err *err);
/* Load a record the actor may see, or NOT_FOUND (audited as a refused read). */
/* As customer__load_visible, also through a read grant in force (reads only, audited). */
KH_NODISCARD enum kh_status customer__load_readable(const struct kh_ctx *ctx, int64_t id,
                                                    struct customer *out, struct kh_err *err);
KH_NODISCARD enum kh_status customer__load_visible(const struct kh_ctx *ctx, int64_t id,
                                                   struct customer *out, struct kh_err *err);

/*
 * A customer's or a contact's birthday field: empty, a solar date, or a
 * lunar one (calendar/lunar.h, birthday_parse); otherwise a "birthday"
 * error is added to err.
 */
void customer__birthday_check(const char *birthday, struct kh_err *err);

#endif
