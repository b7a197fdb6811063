#ifndef KH_DOCUMENTS_DOCUMENTS_STORE_H
#define KH_DOCUMENTS_DOCUMENTS_STORE_H

/* The documents' SQL (migration 056). */

#include "documents/documents.h"

struct db_conn;

/* A new document, audited (document.add), in one write; *id its number. */
KH_NODISCARD enum kh_status documents_store_add(const struct kh_ctx *ctx, const struct document *d,
                                                int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status documents_store_list(const struct kh_ctx *ctx, const char *kind,
                                                 int64_t owner_id, struct document **out,
                                                 int *count, struct kh_err *err);
KH_NODISCARD enum kh_status documents_store_counts(const struct kh_ctx *ctx, const char *kind,
                                                   const int64_t *ids, int n, int *counts,
                                                   struct kh_err *err);
/* A document not deleted; KH_E_NOT_FOUND otherwise. */
KH_NODISCARD enum kh_status documents_store_get(const struct kh_ctx *ctx, int64_t id,
                                                struct document *out, struct kh_err *err);
/* Mark it deleted (its file goes at the next purge), audited (document.delete). */
KH_NODISCARD enum kh_status documents_store_delete(const struct kh_ctx *ctx, int64_t id,
                                                   struct kh_err *err);
/* Up to n deleted documents whose file is still stored: their ids and files. */
KH_NODISCARD enum kh_status documents_store_unpurged(const struct kh_ctx *ctx, int n, int64_t *ids,
                                                     const char **files, int *count,
                                                     struct kh_err *err);
KH_NODISCARD enum kh_status documents_store_purged(const struct kh_ctx *ctx, int64_t id,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status documents_store_move_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                    int64_t from, int64_t to, int64_t *moved,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status documents_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t id, struct kh_err *err);

#endif
