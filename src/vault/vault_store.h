#ifndef KH_VAULT_VAULT_STORE_H
#define KH_VAULT_VAULT_STORE_H

/* The SQL of field encryption: data keys and the sealed columns' values. */

#include "app/ctx.h"
#include "vault/vault.h"

struct vault_key_row {
    int64_t version, created_at, retired_at;
    const char *wrapped;
};

/* Every data key, oldest first. */
KH_NODISCARD enum kh_status vault_store_keys(const struct kh_ctx *ctx, struct vault_key_row **out,
                                             int *count, struct kh_err *err);
/* Add a data key (its wrapped form) as the next version; *version gets it. */
KH_NODISCARD enum kh_status vault_store_key_add(const struct kh_ctx *ctx, const char *wrapped,
                                                int64_t *version, struct kh_err *err);
/* Delete every data key older than version. */
KH_NODISCARD enum kh_status vault_store_keys_drop_older(const struct kh_ctx *ctx, int64_t version,
                                                        struct kh_err *err);

/* Every table with sealed columns: the vault's own list, then the capabilities' (.sealed). */
const struct vault_table *vault_store_tables(int *count);

struct vault_row {
    int64_t id;
    const char *v[VAULT_MAX_COLS];
};
/* Up to limit rows of t with an id after `after`, in id order. */
KH_NODISCARD enum kh_status vault_store_page(const struct kh_ctx *ctx, const struct vault_table *t,
                                             int64_t after, int limit, struct vault_row **out,
                                             int *count, struct kh_err *err);
/* Rewrite a row's values in place (in the write's arena); true when one changed. */
typedef bool vault_row_fn(struct arena *a, const struct vault_table *t, struct vault_row *row,
                          void *arg);
/*
 * In one write transaction: up to limit rows of t after `after`, each given
 * to fn and written back when fn changed it. *last: the last id read; *n:
 * rows read (fewer than limit: the table's end).
 */
KH_NODISCARD enum kh_status vault_store_reseal_page(const struct kh_ctx *ctx,
                                                    const struct vault_table *t, int64_t after,
                                                    int limit, vault_row_fn *fn, void *arg,
                                                    int64_t *last, int *n, struct kh_err *err);

/* Make what was overwritten in the sealed tables unreadable from the database files. */
KH_NODISCARD enum kh_status vault_store_wipe(const struct kh_ctx *ctx, struct kh_err *err);

#endif
