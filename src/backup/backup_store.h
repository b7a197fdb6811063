#ifndef KH_BACKUP_BACKUP_STORE_H
#define KH_BACKUP_BACKUP_STORE_H

/* The backup capability's use of the db layer (see db.h for each contract). */

#include "app/ctx.h"
#include "core/err.h"

struct db;

/* The live database's file path. */
const char *backup_store_db_path(const struct kh_ctx *ctx);
/* The folder of this node's files (db_local_dir): backups go to its "backups" by default. */
void backup_store_local_dir(const struct kh_ctx *ctx, char *out, size_t cap);
KH_NODISCARD enum kh_status backup_store_copy_live(const struct kh_ctx *ctx, const char *dest,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status backup_store_check_file(const char *path, struct kh_err *err);
KH_NODISCARD enum kh_status backup_store_copy_file(const char *src, const char *dest,
                                                   struct kh_err *err);
/* Open a database file that nothing else uses (no writer thread), and close it. */
KH_NODISCARD enum kh_status backup_store_open(const char *path, struct db **out,
                                              struct kh_err *err);
void backup_store_close(struct db *db);

#endif
