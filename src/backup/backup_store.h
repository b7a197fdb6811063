#ifndef KH_BACKUP_BACKUP_STORE_H
#define KH_BACKUP_BACKUP_STORE_H

/* The backup capability's use of the db layer (see db.h for each contract). */

#include <stdbool.h>

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
/*
 * Open a backup to check it (no writer thread), and close it: an SQLite file
 * as it is, a PostgreSQL backup restored into a scratch database on the
 * server of the setting `server` (db_open_backup).
 */
KH_NODISCARD enum kh_status backup_store_open(const char *path, const char *server, struct db **out,
                                              struct kh_err *err);
/*
 * Whether the database is one several servers may share (PostgreSQL):
 * its backups are put back with the engine's own tool, not by replacing a
 * file (restore).
 */
bool backup_store_shared(const struct kh_ctx *ctx);
bool backup_store_setting_shared(const char *setting);
/* The database setting of ctx's database (db_setting: may hold a password; never log it). */
const char *backup_store_setting(const struct kh_ctx *ctx);
void backup_store_close(struct db *db);
/*
 * A PostgreSQL backup opened with backup_store_open, checked, put in place
 * of the database of the setting url (db_put_in_place: the replaced
 * database's new name in kept); closes it.
 */
KH_NODISCARD enum kh_status backup_store_put_in_place(struct db *backup, const char *url,
                                                      char *kept, size_t cap, struct kh_err *err);

#endif
