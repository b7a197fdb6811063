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
    char sha256[65]; /* the checksum taken when it was made ("" for older backups) */
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
 * Check a backup file: db_check_file (SQLite integrity, not truncated; a
 * PostgreSQL backup: pg_restore reads its table of contents), then the
 * audit chain and every customer record, on a temporary copy beside it so
 * the file itself is not changed (a PostgreSQL backup is restored into a
 * scratch database on the server the setting `server` names, dropped
 * after). KH_OK when sound; KH_E_INVALID (field "file") naming what is
 * wrong. Blocks for the length of the walk.
 */
KH_NODISCARD enum kh_status backup_verify(const char *path, const char *server, struct kh_err *err);

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
 * Restore (R-SEC-12). A restore replaces the database a running server
 * holds, so it happens between two runs of the database: it is staged
 * beside the database as "<db>.restore-pending" with a note of who asked
 * ("<db>.restore-note"), swapped in before the database is next opened
 * (`kehu serve` restarts itself in place to do it, the CLI does it at
 * once), and finished on the restored database: every session and API
 * token is ended (those of the backup's time may since have been revoked)
 * and "backup.restore" is audited there, naming the backup, who asked and
 * where the replaced database was kept ("<db>.before-restore.N", N the
 * first free number: no restore overwrites an earlier one's copy).
 */
struct backup_restore_note {
    char backup[64]; /* the backup's file name */
    char by[64];     /* the username that asked ("cli" on the command line) */
    int64_t asked_at;
    char kept[4200]; /* where the replaced database went ("" when there was none) */
};

/*
 * From the UI: verify the backup of backup_dir named name (checksum,
 * integrity, audit chain, records), audit "backup.restore_request" in the
 * database being replaced, and stage it. Needs settings.manage;
 * KH_E_NOT_FOUND (field "name") for an unknown name, KH_E_INVALID (field
 * "file") for a backup that fails its check, KH_E_CONFLICT when a restore
 * is already staged. The caller then has the server restart itself.
 */
KH_NODISCARD enum kh_status backup_restore_request(const struct kh_ctx *ctx, const char *name,
                                                   struct kh_err *err);

/*
 * Before the database at db_path is opened (its lock held): swap in a
 * staged restore, keeping the database it replaces. *applied is true when
 * a restore was swapped in, or swapped in earlier and not yet finished;
 * then call backup_restore_finish once the database is open.
 */
KH_NODISCARD enum kh_status backup_restore_apply(const char *db_path,
                                                 struct backup_restore_note *note, bool *applied,
                                                 struct kh_err *err);
/* End every session and token and audit "backup.restore" on the restored database. */
KH_NODISCARD enum kh_status backup_restore_finish(const struct kh_ctx *ctx,
                                                  const struct backup_restore_note *note,
                                                  struct kh_err *err);

/*
 * The command line's restore: verify the backup, take the database's lock
 * (refused with KH_E_CONFLICT while a server holds it), stage and apply it
 * (note gets what backup_restore_finish needs; the caller opens the
 * database and finishes). On PostgreSQL (db_path a URL) the backup is
 * restored into a scratch database, checked there and renamed into the
 * database's place, the replaced one kept as "<name>_before_restore_N";
 * KH_E_CONFLICT while any server is connected to the database.
 */
KH_NODISCARD enum kh_status backup_restore(const char *backup_path, const char *db_path,
                                           const char *by, int64_t now,
                                           struct backup_restore_note *note, struct kh_err *err);

/*
 * The backup job (backup_start), and the daily backup: a periodic task of
 * the scheduler (jobs/jobs.h) due at backup_hour, company time, for an
 * hour, that runs the backup job as the system once a day.
 */
extern const struct job_kind backup_job_kind;
extern const struct job_task backup_daily_task;

#endif
