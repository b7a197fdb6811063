#ifndef KH_IMPORT_IMPORT_STORE_H
#define KH_IMPORT_IMPORT_STORE_H

/* SQL of the import capability: uploads, saved mappings, owner lookup. */

#include "import/import.h"

/* An active user by username or display name; *id 0 when none. */
KH_NODISCARD enum kh_status import_store_user_by_name(const struct kh_ctx *ctx, const char *name,
                                                      int64_t *id, struct kh_err *err);
/* A branch by code or name; *id 0 when none. */
KH_NODISCARD enum kh_status import_store_branch_by_name(const struct kh_ctx *ctx, const char *name,
                                                        int64_t *id, struct kh_err *err);
/* Record an upload: its handle id, the user's file name, its file in the store. */
KH_NODISCARD enum kh_status import_store_upload_add(const struct kh_ctx *ctx, const char *id,
                                                    const char *name, const char *file,
                                                    int64_t size, struct kh_err *err);
/* Bytes of the stored uploads of the acting user (not yet deleted by the expiry job). */
KH_NODISCARD enum kh_status import_store_uploads_size(const struct kh_ctx *ctx, int64_t *bytes,
                                                      struct kh_err *err);
/* An upload of the acting user made at or after since; NOT_FOUND otherwise. */
KH_NODISCARD enum kh_status import_store_upload_get(const struct kh_ctx *ctx, const char *id,
                                                    int64_t since, const char **file,
                                                    const char **name, struct kh_err *err);
/* Up to max uploads (any user's) made before `before`: their ids and files, oldest first. */
KH_NODISCARD enum kh_status import_store_uploads_expired(const struct kh_ctx *ctx, int64_t before,
                                                         int max, const char ***ids,
                                                         const char ***files, int *n,
                                                         struct kh_err *err);
/* Forget the uploads ids[0..n). */
KH_NODISCARD enum kh_status import_store_uploads_forget(const struct kh_ctx *ctx,
                                                        const char *const *ids, int n,
                                                        struct kh_err *err);
/* The acting user's saved mappings: ids, names, column mappings and value mappings (JSON text). */
KH_NODISCARD enum kh_status import_store_mappings(const struct kh_ctx *ctx, int64_t **ids,
                                                  const char ***names, const char ***json,
                                                  const char ***values, int *n, struct kh_err *err);
/* Save or replace the acting user's mapping name (values: its value mapping as JSON text). */
KH_NODISCARD enum kh_status import_store_mapping_add(const struct kh_ctx *ctx, const char *name,
                                                     const char *json, const char *values,
                                                     int64_t *id_out, struct kh_err *err);

#endif
