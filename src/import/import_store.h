#ifndef KH_IMPORT_IMPORT_STORE_H
#define KH_IMPORT_IMPORT_STORE_H

/* SQL of the import capability: uploads, saved mappings, owner lookup. */

#include "import/import.h"

/* An active user by username or display name; *id 0 when none. */
KH_NODISCARD enum kh_status import_store_user_by_name(const struct kh_ctx *ctx, const char *name,
                                                      int64_t *id, struct kh_err *err);
KH_NODISCARD enum kh_status import_store_upload_add(const struct kh_ctx *ctx, const char *id,
                                                    const char *name, const char *path,
                                                    int64_t size, struct kh_err *err);
KH_NODISCARD enum kh_status import_store_upload_get(const struct kh_ctx *ctx, const char *id,
                                                    const char **path, const char **name,
                                                    struct kh_err *err);
/* Forget uploads older than before; their paths (to delete) in *paths. */
KH_NODISCARD enum kh_status import_store_upload_expire(const struct kh_ctx *ctx, int64_t before,
                                                       const char ***paths, int *n,
                                                       struct kh_err *err);
KH_NODISCARD enum kh_status import_store_mappings(const struct kh_ctx *ctx, int64_t **ids,
                                                  const char ***names, const char ***json, int *n,
                                                  struct kh_err *err);
KH_NODISCARD enum kh_status import_store_mapping_add(const struct kh_ctx *ctx, const char *name,
                                                     const char *json, int64_t *id_out,
                                                     struct kh_err *err);

#endif
