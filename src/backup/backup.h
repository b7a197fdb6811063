#ifndef KH_BACKUP_BACKUP_H
#define KH_BACKUP_BACKUP_H

/*
 * Backups (R-SEC-12): online copies of the live database, their check
 * (integrity and the audit hash chain), restore, and the daily schedule
 * inside `kehu serve`.
 *
 * Settings (administrator): backup_dir (default "<database folder>/backups"),
 * backup_retention (files kept in backup_dir, default 7), backup_hour
 * (company time, default 2). Scheduled and on-demand backups are named
 * kehu-YYYYMMDD-HHMMSS.db (company time of the context clock); after each
 * one the oldest files of that pattern beyond the retention are deleted.
 *
 * Managing backups needs settings.manage (administrators; the CLI acts as
 * the system). Each backup is audited as "backup.create".
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/clock.h"
#include "core/err.h"

extern const struct kh_audit_action backup_audit_actions[];

struct db;

#define BACKUP_DEFAULT_RETENTION 7
#define BACKUP_DEFAULT_HOUR 2

struct backup_settings {
    char dir[1024];
    int retention; /* 1 .. 1000 */
    int hour;      /* 0 .. 23, company time */
};

struct backup_file {
    char name[64];
    int64_t size;
    int64_t created_at; /* from the name (company time), else the file's mtime */
};

/* The settings with their defaults filled in (no permission needed: the scheduler reads them). */
KH_NODISCARD enum kh_status backup_settings_get(const struct kh_ctx *ctx,
                                                struct backup_settings *out, struct kh_err *err);
/*
 * Change the settings, in one write; fields: dir "" or NULL leaves it,
 * retention/hour < 0 leave them. dir must be absolute. KH_E_VALIDATION
 * naming the field. out (may be NULL): the settings as they are now,
 * without a read after the write.
 */
KH_NODISCARD enum kh_status backup_settings_put(const struct kh_ctx *ctx, const char *dir,
                                                int64_t retention, int64_t hour,
                                                struct backup_settings *out, struct kh_err *err);

/* The backups in backup_dir, newest first (array in ctx->arena). */
KH_NODISCARD enum kh_status backup_list(const struct kh_ctx *ctx, struct backup_settings *settings,
                                        struct backup_file **out, int *count, struct kh_err *err);

/*
 * Open a backup of backup_dir by its name (as backup_list gives it) for
 * download: *fd (the caller closes it) and *size. Needs settings.manage;
 * KH_E_NOT_FOUND (field "name") for any other name or a missing file.
 * Audited as "backup.download" before the file is handed out.
 */
KH_NODISCARD enum kh_status backup_open(const struct kh_ctx *ctx, const char *name, int *fd,
                                        int64_t *size, struct kh_err *err);

/*
 * Check a backup file: db_check_file (SQLite integrity, not truncated),
 * then the audit chain, walked on a temporary copy beside it so the file
 * itself is not changed. KH_OK when sound; KH_E_INVALID (field "file")
 * naming what is wrong. Blocks for the length of the walk.
 */
KH_NODISCARD enum kh_status backup_verify(const char *path, struct kh_err *err);

/*
 * Write an online backup of ctx->db to path (which must not exist) and
 * verify it; audited. On a failed check the file is kept for inspection
 * and the error names the problem.
 */
KH_NODISCARD enum kh_status backup_write(const struct kh_ctx *ctx, const char *path,
                                         struct kh_err *err);

/*
 * A backup into backup_dir now, named by the context clock, verified, then
 * the retention applied. name_out (at least 64 bytes) and *size describe it.
 */
KH_NODISCARD enum kh_status backup_now(const struct kh_ctx *ctx, char *name_out, int64_t *size,
                                       struct kh_err *err);
/* backup_now as a background job (kind "backup"); summary {"name":…,"size":…,"verified":true}. */
KH_NODISCARD enum kh_status backup_start(const struct kh_ctx *ctx, int64_t *job_id,
                                         struct kh_err *err);

/*
 * The lock `kehu serve` (and `kehu import` when it can) holds on "<db path>.lock" for its lifetime
 * (flock LOCK_EX|LOCK_NB). KH_E_CONFLICT when another process holds it.
 * *fd_out is the lock's descriptor; backup_lock_release() closes it.
 */
KH_NODISCARD enum kh_status backup_lock_acquire(const char *db_path, int *fd_out,
                                                struct kh_err *err);
void backup_lock_release(int fd);

/*
 * Restore: verify the backup, take the target database's lock (refused
 * with KH_E_CONFLICT while a server holds it), keep a database already at
 * db_path as "<db_path>.before-restore", and copy the backup into place.
 */
KH_NODISCARD enum kh_status backup_restore(const char *backup_path, const char *db_path,
                                           struct kh_err *err);

/*
 * The backup job (backup_start), and the daily backup: a periodic task of
 * the scheduler (jobs/jobs.h) due at backup_hour, company time, for an
 * hour, that runs the backup job as the system once a day.
 */
extern const struct job_kind backup_job_kind;
extern const struct job_task backup_daily_task;

#endif
