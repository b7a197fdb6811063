/*
 * Backups: settings, on-demand and scheduled copies, their check, retention,
 * restore and the database lock. The SQLite work is in the db layer
 * (db_backup_to, db_check_file, db_copy_file), reached through backup_store.c.
 */
#include "backup/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "audit/audit.h"
#include "backup/backup_store.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"
#include "crypto/crypto.h"
#include "customer/customer.h"
#include "files/files.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_audit_action backup_audit_actions[] = {
    {"backup.create", "创建备份", "Made a backup"},
    {"backup.download", "下载备份", "Downloaded a backup"},
    {"backup.restore_request", "申请恢复备份", "Asked to restore a backup"},
    {"backup.restore", "从备份恢复数据库", "Restored the database from a backup"},
    {0},
};

static enum kh_status need_admin(const struct kh_ctx *ctx, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有管理员可以管理备份",
                          "only administrators manage backups");
    return KH_OK;
}

/* ---- settings ---- */

enum kh_status backup_settings_get(const struct kh_ctx *ctx, struct backup_settings *out,
                                   struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    const char *dir = NULL;
    enum kh_status st = settings_get(ctx, "backup_dir", &dir, err);
    if (st)
        return st;
    if (dir && *dir) {
        kh_strlcpy(out->dir, dir, sizeof(out->dir));
    } else {
        char local[sizeof(out->dir) - 16];
        backup_store_local_dir(ctx, local, sizeof(local));
        snprintf(out->dir, sizeof(out->dir), "%s/backups", local);
    }
    int64_t r = 0, h = 0;
    if ((st = settings_get_int(ctx, "backup_retention", BACKUP_DEFAULT_RETENTION, &r, err)) ||
        (st = settings_get_int(ctx, "backup_hour", BACKUP_DEFAULT_HOUR, &h, err)))
        return st;
    out->retention = (int)(r >= 1 && r <= 1000 ? r : BACKUP_DEFAULT_RETENTION);
    out->hour = (int)(h >= 0 && h <= 23 ? h : BACKUP_DEFAULT_HOUR);
    return KH_OK;
}

enum kh_status backup_settings_put(const struct kh_ctx *ctx, const char *dir, int64_t retention,
                                   int64_t hour, struct backup_settings *out, struct kh_err *err)
{
    enum kh_status st = need_admin(ctx, err);
    if (st)
        return st;
    if (dir && *dir && (dir[0] != '/' || strlen(dir) >= sizeof(((struct backup_settings *)0)->dir)))
        return kh_err_set(err, KH_E_VALIDATION, "dir", "备份目录必须是绝对路径",
                          "the backup folder must be an absolute path");
    if (retention > 1000 || (retention < 1 && retention != -1))
        return kh_err_set(err, KH_E_VALIDATION, "retention", "保留份数应在 1 到 1000 之间",
                          "retention must be 1-1000");
    if (hour > 23 || hour < -1)
        return kh_err_set(err, KH_E_VALIDATION, "hour", "备份时间应在 0 到 23 点之间",
                          "hour must be 0-23");
    struct backup_settings now;
    if ((st = backup_settings_get(ctx, &now, err)))
        return st;
    const char *keys[3], *values[3];
    char nr[24], nh[24];
    int n = 0;
    if (dir && *dir) {
        keys[n] = "backup_dir";
        values[n++] = dir;
        kh_strlcpy(now.dir, dir, sizeof(now.dir));
    }
    if (retention > 0) {
        snprintf(nr, sizeof(nr), "%lld", (long long)retention);
        keys[n] = "backup_retention";
        values[n++] = nr;
        now.retention = (int)retention;
    }
    if (hour >= 0) {
        snprintf(nh, sizeof(nh), "%lld", (long long)hour);
        keys[n] = "backup_hour";
        values[n++] = nh;
        now.hour = (int)hour;
    }
    /* One write: a failure changes none of them. */
    if ((st = settings_put_many(ctx, keys, values, n, err)))
        return st;
    if (out)
        *out = now;
    return KH_OK;
}

/* ---- names and listing ---- */

/* "kehu-YYYYMMDD-HHMMSS.db" (company time) -> Unix time; false for other names. */
static bool parse_name(const struct kh_tz *tz, const char *name, int64_t *t)
{
    size_t n = strlen(name);
    if (n != 23 || strncmp(name, "kehu-", 5) != 0 || name[13] != '-' || strcmp(name + 20, ".db"))
        return false;
    int v[6] = {0};
    const int pos[6] = {5, 9, 11, 14, 16, 18}, len[6] = {4, 2, 2, 2, 2, 2};
    for (int i = 0; i < 6; i++)
        for (int k = 0; k < len[i]; k++) {
            char c = name[pos[i] + k];
            if (c < '0' || c > '9')
                return false;
            v[i] = v[i] * 10 + (c - '0');
        }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59)
        return false;
    struct kh_civil c = {v[0], v[1], v[2], v[3], v[4], v[5]};
    *t = time_from_civil(tz, &c);
    return true;
}

static void format_name(const struct kh_tz *tz, int64_t t, char *out, size_t cap)
{
    struct kh_civil c;
    time_civil(tz, t, &c);
    snprintf(out, cap, "kehu-%04d%02d%02d-%02d%02d%02d.db", c.year, c.month, c.day, c.hour,
             c.minute, c.second);
}

/*
 * The backups are a second file store, on backup_dir: a setting that can
 * change at any time, so each operation opens the store it names.
 */
static enum kh_status open_store(const struct backup_settings *s, struct file_store **out,
                                 struct kh_err *err)
{
    return files_local_open(s->dir, out, err);
}

/* The backup files of the store, oldest first (array in a). */
static enum kh_status scan(const struct kh_tz *tz, struct file_store *fs, struct arena *a,
                           struct backup_file **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct file_info *infos = NULL;
    int n = 0;
    enum kh_status st = files_list(fs, "kehu-", a, &infos, &n, err);
    if (st)
        return st;
    struct backup_file *files = arena_alloc(a, sizeof(*files) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        int64_t t = 0;
        if (!parse_name(tz, infos[i].name, &t))
            continue;
        kh_strlcpy(files[k].name, infos[i].name, sizeof(files[k].name));
        files[k].size = infos[i].size;
        files[k].created_at = t;
        k++;
    }
    *out = files;
    *count = k;
    return KH_OK;
}

/* The checksum stored beside a backup of the store, "" when it has none. */
static void read_sum(struct file_store *fs, const char *name, char out[KH_HASH_HEX])
{
    out[0] = '\0';
    char sum_name[80];
    snprintf(sum_name, sizeof(sum_name), "%s.sha256", name);
    int fd = -1;
    int64_t size = 0;
    struct kh_err err;
    if (files_open(fs, sum_name, &fd, &size, &err))
        return;
    ssize_t n = read(fd, out, KH_HASH_HEX - 1);
    close(fd);
    out[n == KH_HASH_HEX - 1 ? n : 0] = '\0';
}

enum kh_status backup_list(const struct kh_ctx *ctx, struct backup_settings *settings,
                           struct backup_file **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct file_store *fs = NULL;
    struct backup_file *files = NULL;
    int n = 0;
    enum kh_status st = need_admin(ctx, err);
    if (!st)
        st = backup_settings_get(ctx, settings, err);
    if (!st)
        st = open_store(settings, &fs, err);
    if (!st)
        st = scan(ctx_tz(ctx), fs, ctx->arena, &files, &n, err);
    for (int i = 0; !st && i < n; i++)
        read_sum(fs, files[i].name, files[i].sha256);
    files_close(fs);
    if (st)
        return st;
    /* newest first */
    for (int i = 0; i < n / 2; i++) {
        struct backup_file tmp = files[i];
        files[i] = files[n - 1 - i];
        files[n - 1 - i] = tmp;
    }
    *out = files;
    *count = n;
    return KH_OK;
}

static enum kh_status no_such_backup(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "name", "备份不存在", "no such backup");
}

/*
 * A backup of backup_dir by its name, for an administrator: *fs is its
 * store (the caller closes it). KH_E_NOT_FOUND (field "name") for a name
 * that is not of the backup pattern.
 */
static enum kh_status named_backup(const struct kh_ctx *ctx, const char *name,
                                   struct file_store **fs, struct kh_err *err)
{
    *fs = NULL;
    int64_t t = 0;
    enum kh_status st = need_admin(ctx, err);
    if (st)
        return st;
    if (!name || !parse_name(ctx_tz(ctx), name, &t))
        return no_such_backup(err);
    struct backup_settings s;
    if ((st = backup_settings_get(ctx, &s, err)))
        return st;
    return open_store(&s, fs, err);
}

enum kh_status backup_open(const struct kh_ctx *ctx, const char *name, int *fd, int64_t *size,
                           struct kh_err *err)
{
    *fd = -1;
    *size = 0;
    struct file_store *fs = NULL;
    enum kh_status st = named_backup(ctx, name, &fs, err);
    if (!st)
        st = files_open(fs, name, fd, size, err);
    files_close(fs);
    if (st == KH_E_NOT_FOUND)
        return no_such_backup(err);
    if (st)
        return st;
    struct audit_event ev = {"backup.download", "backup", 0, name};
    if ((st = audit_record(ctx, &ev, err))) {
        close(*fd);
        *fd = -1;
    }
    return st;
}

static void apply_retention(const struct kh_ctx *ctx, struct file_store *fs, const char *dir,
                            int keep)
{
    struct backup_file *files = NULL;
    int n = 0;
    struct kh_err err;
    if (scan(ctx_tz(ctx), fs, ctx->arena, &files, &n, &err))
        return;
    for (int i = 0; i < n - keep; i++) {
        char sum_name[80];
        snprintf(sum_name, sizeof(sum_name), "%s.sha256", files[i].name);
        if (files_delete(fs, sum_name, &err) && err.code != KH_E_NOT_FOUND)
            log_error("msg=\"cannot remove a backup's checksum\" file=%s/%s", dir, sum_name);
        if (files_delete(fs, files[i].name, &err) == KH_OK)
            log_info("msg=\"backup removed by retention\" file=%s/%s", dir, files[i].name);
        else
            log_error("msg=\"cannot remove old backup\" file=%s/%s err=\"%s\"", dir, files[i].name,
                      err.msg_en);
    }
}

/* ---- check, write ---- */

static void remove_with_sidecars(const char *path)
{
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        char p[4096];
        snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
        remove(p);
    }
}

/* The audit chain, then every customer record, of a backup opened to be checked. */
static enum kh_status verify_open(struct db *db, struct kh_err *err)
{
    struct arena a;
    arena_init(&a);
    struct kh_clock clock;
    clock_init(&clock, false);
    struct kh_ctx ctx = {.db = db, .arena = &a, .clock = &clock};
    account_system_actor(&ctx.actor, "backup-verify");
    struct audit_verify_result res;
    enum kh_status st = audit_verify_backup(&ctx, &res, err);
    if (!st && !res.ok)
        st = kh_err_setf(err, KH_E_INVALID, "file", "审计日志哈希链在第 %lld 条记录处断裂：%s",
                         "audit chain broken at entry %lld: %s", (long long)res.first_bad_id,
                         res.reason, (long long)res.first_bad_id, res.reason);
    if (!st)
        st = customer_check_records(&ctx, err);
    arena_release(&a);
    return st;
}

/* Open a backup (or a copy of one) to check it: a database error is not a bad backup. */
static enum kh_status open_to_check(const char *path, const char *server, struct db **db,
                                    struct kh_err *err)
{
    enum kh_status st = backup_store_open(path, server, db, err);
    if (st)
        return kh_err_wrap(err, st == KH_E_INTERNAL || st == KH_E_UNAVAILABLE ? st : KH_E_INVALID,
                           "file", "无法打开备份：", "cannot open the backup: ");
    return KH_OK;
}

/* The audit chain, then every customer record, of a copy of a backup. */
static enum kh_status verify_content(const char *copy, const char *server, struct kh_err *err)
{
    struct db *db = NULL;
    enum kh_status st = open_to_check(copy, server, &db, err);
    if (st)
        return st;
    st = verify_open(db, err);
    backup_store_close(db);
    return st;
}

/* ---- checksums: "<backup>.sha256" beside each backup, in sha256sum's form ---- */

/* The line of a checksum file for the file named base. */
static void sum_line(const char *hex, const char *base, char *out, size_t cap)
{
    snprintf(out, cap, "%s  %s\n", hex, base);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/*
 * Compare the file with the checksum written beside it when it was made. A
 * file without one (made before checksums, or copied without it) is checked
 * by its content alone.
 */
static enum kh_status check_sum(const char *path, struct kh_err *err)
{
    char sum_path[4096], want[KH_HASH_HEX] = {0}, got[KH_HASH_HEX];
    if ((size_t)snprintf(sum_path, sizeof(sum_path), "%s.sha256", path) >= sizeof(sum_path))
        return kh_err_set(err, KH_E_INVALID, "file", "路径过长", "path too long");
    FILE *f = fopen(sum_path, "r");
    if (!f)
        return KH_OK;
    size_t n = fread(want, 1, KH_HASH_HEX - 1, f);
    fclose(f);
    want[n] = '\0';
    if (!crypto_file_sha256_hex(path, got))
        return kh_err_setf(err, KH_E_INVALID, "file", "无法读取备份文件 %s", "cannot read %s", path,
                           path);
    if (n != KH_HASH_HEX - 1 || strcmp(want, got) != 0)
        return kh_err_set(err, KH_E_INVALID, "file",
                          "备份文件的校验和不符：文件在备份之后被改动或损坏",
                          "the backup's checksum does not match: the file was changed or damaged "
                          "after it was made");
    return KH_OK;
}

/* A small text file beside the database or a backup, durable (fsync) before it is relied on. */
static enum kh_status write_durable(const char *path, const char *text, const char *field,
                                    struct kh_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t len = strlen(text);
    bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok)
        return kh_err_setf(err, KH_E_UNAVAILABLE, field, "无法写入 %s", "cannot write %s", path,
                           path);
    return KH_OK;
}

/* Write "<path>.sha256" for a backup written outside the backup folder. */
static enum kh_status write_sum_beside(const char *path, const char *hex, struct kh_err *err)
{
    char sum_path[4096], line[4200];
    snprintf(sum_path, sizeof(sum_path), "%s.sha256", path);
    sum_line(hex, base_name(path), line, sizeof(line));
    return write_durable(sum_path, line, "file", err);
}

/* What is checked before a backup is opened: it is a whole backup file, with its checksum. */
static enum kh_status check_file(const char *path, struct kh_err *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return kh_err_setf(err, KH_E_INVALID, "file", "备份文件 %s 不存在", "no backup file %s",
                           path, path);
    enum kh_status st = backup_store_check_file(path, err);
    return st ? st : check_sum(path, err);
}

enum kh_status backup_verify(const char *path, const char *server, struct kh_err *err)
{
    enum kh_status st = check_file(path, err);
    if (st)
        return st;
    char copy[4096];
    if ((size_t)snprintf(copy, sizeof(copy), "%s.verify-%d", path, (int)getpid()) >= sizeof(copy))
        return kh_err_set(err, KH_E_INVALID, "file", "路径过长", "path too long");
    st = backup_store_copy_file(path, copy, err);
    if (!st)
        st = verify_content(copy, server, err);
    remove_with_sidecars(copy);
    return st;
}

/*
 * Copy into path (a new or empty file), verify and audit (naming
 * audit_name, the file's final path). On a failed copy path is removed.
 */
static enum kh_status write_as(const struct kh_ctx *ctx, const char *path, const char *audit_name,
                               char hex[KH_HASH_HEX], struct kh_err *err)
{
    enum kh_status st = backup_store_copy_live(ctx, path, err);
    if (st) {
        remove(path);
        return st;
    }
    st = backup_verify(path, backup_store_setting(ctx), err);
    if (st)
        return st;
    /* Taken once the copy is known sound: later checks compare against it. */
    if (!crypto_file_sha256_hex(path, hex))
        return kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法读取备份文件 %s", "cannot read %s",
                           path, path);
    struct audit_event ev = {"backup.create", "backup", 0, audit_name};
    return audit_record(ctx, &ev, err);
}

enum kh_status backup_write(const struct kh_ctx *ctx, const char *path, struct kh_err *err)
{
    if (access(path, F_OK) == 0)
        return kh_err_setf(err, KH_E_CONFLICT, "file", "文件 %s 已存在", "%s already exists", path,
                           path);
    char hex[KH_HASH_HEX];
    enum kh_status st = write_as(ctx, path, path, hex, err);
    return st ? st : write_sum_beside(path, hex, err);
}

/* "<name>.sha256" in the store, made durable before the backup itself is named. */
static enum kh_status store_sum(struct file_store *fs, const char *name, const char *hex,
                                struct kh_err *err)
{
    char line[160], sum_name[80];
    sum_line(hex, name, line, sizeof(line));
    snprintf(sum_name, sizeof(sum_name), "%s.sha256", name);
    struct file_writer *w = NULL;
    int64_t size = 0;
    enum kh_status st = files_begin(fs, 0, &w, err);
    if (!st && (st = files_write(w, line, strlen(line), err)))
        files_abort(w);
    if (!st)
        st = files_commit_as(w, sum_name, &size, err);
    return st ? kh_err_wrap(err, st, "file", "无法保存备份的校验和：",
                            "cannot store the backup's checksum: ")
              : KH_OK;
}

/*
 * Write a scratch file of the store, verify it, make room by retention,
 * then give it its name: a listed backup is always complete and verified,
 * and the list never shows more than the retention count.
 */
static enum kh_status backup_into(const struct kh_ctx *ctx, const struct backup_settings *s,
                                  struct file_store *fs, char *name_out, int64_t *size,
                                  struct kh_err *err)
{
    char name[64];
    struct file_info info;
    struct kh_err e2;
    /* A name already taken (a second backup within the same second) moves on a second. */
    int64_t t = ctx_now(ctx);
    for (int i = 0; i < 60; i++, t++) {
        format_name(ctx_tz(ctx), t, name, sizeof(name));
        if (files_stat(fs, name, &info, &e2) == KH_E_NOT_FOUND)
            break;
    }
    const char *path = arena_printf(ctx->arena, "%s/%s", s->dir, name);
    struct file_writer *w = NULL;
    enum kh_status st = files_begin(fs, 0, &w, err);
    if (st)
        return kh_err_wrap(err, KH_E_UNAVAILABLE, "dir", "无法写入备份目录：",
                           "cannot write the backup folder: ");
    char hex[KH_HASH_HEX];
    st = write_as(ctx, files_writer_path(w), path, hex, err);
    if (!st)
        st = store_sum(fs, name, hex, err);
    if (st) {
        files_abort(w);
        return st;
    }
    apply_retention(ctx, fs, s->dir, s->retention > 1 ? s->retention - 1 : 0);
    /* What a backup cut short by a crash left in the folder. */
    files_sweep_scratch(fs, 24 * 3600);
    st = files_commit_as(w, name, size, err);
    if (st)
        return kh_err_wrap(err, st, "file", "无法保存备份文件：", "cannot store the backup: ");
    kh_strlcpy(name_out, name, 64);
    log_info("msg=\"backup written\" file=%s size=%lld", path, (long long)*size);
    return KH_OK;
}

static enum kh_status backup_now_in(const struct kh_ctx *ctx, const struct backup_settings *s,
                                    char *name_out, int64_t *size, struct kh_err *err)
{
    struct file_store *fs = NULL;
    enum kh_status st = open_store(s, &fs, err);
    if (!st)
        st = backup_into(ctx, s, fs, name_out, size, err);
    files_close(fs);
    return st;
}

enum kh_status backup_now(const struct kh_ctx *ctx, char *name_out, int64_t *size,
                          struct kh_err *err)
{
    name_out[0] = '\0';
    *size = 0;
    struct backup_settings s;
    enum kh_status st = need_admin(ctx, err);
    if (!st)
        st = backup_settings_get(ctx, &s, err);
    return st ? st : backup_now_in(ctx, &s, name_out, size, err);
}

static enum kh_status run_backup(struct job_run *run, struct kh_err *err)
{
    char name[64];
    int64_t size = 0;
    enum kh_status st = backup_now(&run->ctx, name, &size, err);
    if (st)
        return st;
    /* name is kehu-YYYYMMDD-HHMMSS.db: nothing to escape */
    const char *summary = arena_printf(
        run->ctx.arena, "{\"name\":\"%s\",\"size\":%lld,\"verified\":true}", name, (long long)size);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

/* A backup is a fresh copy each time: a run cut short by a restart runs again. */
const struct job_kind backup_job_kind = {"backup", "备份", "Backup", run_backup, 2};

enum kh_status backup_start(const struct kh_ctx *ctx, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    enum kh_status st = need_admin(ctx, err);
    if (st)
        return st;
    return jobs_submit(ctx, &backup_job_kind, NULL, job_id, err);
}

/* ---- lock and restore ---- */

enum kh_status backup_lock_acquire(const char *db_path, int *fd_out, struct kh_err *err)
{
    *fd_out = -1;
    char p[4096];
    snprintf(p, sizeof(p), "%s.lock", db_path);
    int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return kh_err_setf(err, KH_E_UNAVAILABLE, "db", "无法创建锁文件 %s",
                           "cannot create the lock file %s", p, p);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return kh_err_setf(
            err, KH_E_CONFLICT, "db",
            "数据库 %s 正被运行中的 kehu serve 或 kehu import 使用，请先停止它",
            "database %s is in use by a running kehu serve or kehu import; stop it first", db_path,
            db_path);
    }
    *fd_out = fd;
    return KH_OK;
}

void backup_lock_release(int fd)
{
    if (fd >= 0)
        close(fd);
}

/*
 * Keep the database being replaced (and its WAL) as "<db>.before-restore.N",
 * N the first number not taken: every restore keeps what it replaced.
 */
static enum kh_status keep_previous(const char *db_path, char *kept, size_t cap, struct kh_err *err)
{
    kept[0] = '\0';
    if (access(db_path, F_OK) != 0)
        return KH_OK;
    int n = 1;
    for (;; n++) {
        snprintf(kept, cap, "%s.before-restore.%d", db_path, n);
        if (access(kept, F_OK) != 0)
            break;
    }
    const char *suffix[] = {"-wal", "-shm", ""};
    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        char from[4096], to[4200];
        snprintf(from, sizeof(from), "%s%s", db_path, suffix[i]);
        snprintf(to, sizeof(to), "%s%s", kept, suffix[i]);
        if (access(from, F_OK) == 0 && rename(from, to) != 0)
            return kh_err_setf(err, KH_E_INTERNAL, "db", "无法保留原数据库 %s",
                               "cannot keep the previous database %s", from, from);
    }
    return KH_OK;
}

/* "<db>.restore-pending" (the staged copy) and "<db>.restore-note" (who asked). */
static void pending_paths(const char *db_path, char *pending, char *note, size_t cap)
{
    snprintf(pending, cap, "%s.restore-pending", db_path);
    snprintf(note, cap, "%s.restore-note", db_path);
}

static void sync_dir_of(const char *path)
{
    char *copy = kh_strdup(path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(copy);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* The note: three lines "backup=…", "by=…", "at=…" (names of [A-Za-z0-9._-@]). */
static enum kh_status write_note(const char *note_path, const struct backup_restore_note *n,
                                 struct kh_err *err)
{
    char text[512];
    snprintf(text, sizeof(text), "backup=%s\nby=%s\nat=%lld\n", n->backup, n->by,
             (long long)n->asked_at);
    return write_durable(note_path, text, "db", err);
}

static bool read_note(const char *note_path, struct backup_restore_note *n)
{
    memset(n, 0, sizeof(*n));
    FILE *f = fopen(note_path, "r");
    if (!f)
        return false;
    char line[256];
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "backup=", 7))
            kh_strlcpy(n->backup, line + 7, sizeof(n->backup));
        else if (!strncmp(line, "by=", 3))
            kh_strlcpy(n->by, line + 3, sizeof(n->by));
        else if (!strncmp(line, "at=", 3))
            n->asked_at = strtoll(line + 3, NULL, 10);
    }
    fclose(f);
    return true;
}

/* The copy and the note of a restore, before it is swapped in. */
static enum kh_status stage(const char *backup_path, const char *db_path,
                            const struct backup_restore_note *n, struct kh_err *err)
{
    char pending[4096], note[4096], tmp[4200];
    pending_paths(db_path, pending, note, sizeof(pending));
    snprintf(tmp, sizeof(tmp), "%s.tmp", pending);
    remove(tmp);
    enum kh_status st = backup_store_copy_file(backup_path, tmp, err);
    if (!st)
        st = write_note(note, n, err);
    /* The rename is the moment the restore is decided. */
    if (!st && rename(tmp, pending) != 0)
        st = kh_err_setf(err, KH_E_UNAVAILABLE, "db", "无法写入 %s", "cannot write %s", pending,
                         pending);
    if (st) {
        remove(tmp);
        remove(note);
        return st;
    }
    sync_dir_of(pending);
    return KH_OK;
}

/*
 * A backup of a PostgreSQL database is put back by `kehu restore` with
 * every server stopped: servers share the database, and none of them can
 * restart the others in place.
 */
static enum kh_status restore_elsewhere(struct kh_err *err)
{
    return kh_err_set(
        err, KH_E_VALIDATION, "name",
        "PostgreSQL 数据库的备份请在停止所有服务后用 kehu restore 恢复（见管理员手册）",
        "a backup of a PostgreSQL database is restored with kehu restore while every "
        "server is stopped (see the administrator's guide)");
}

enum kh_status backup_restore_request(const struct kh_ctx *ctx, const char *name,
                                      struct kh_err *err)
{
    if (backup_store_shared(ctx))
        return restore_elsewhere(err);
    struct file_store *fs = NULL;
    char path[4096];
    struct file_info info;
    enum kh_status st = named_backup(ctx, name, &fs, err);
    if (!st && !(st = files_stat(fs, name, &info, err)) &&
        !files_local_path(fs, name, path, sizeof(path)))
        st = no_such_backup(err);
    files_close(fs);
    if (st == KH_E_NOT_FOUND || st == KH_E_INVALID)
        return no_such_backup(err);
    if (st)
        return st;
    if ((st = backup_verify(path, backup_store_setting(ctx), err)))
        return st;
    struct backup_restore_note n = {.asked_at = ctx_now(ctx)};
    kh_strlcpy(n.backup, name, sizeof(n.backup));
    snprintf(n.by, sizeof(n.by), "%s", ctx->actor.username);
    const char *db_path = backup_store_db_path(ctx);
    char pending[4096], note[4096];
    pending_paths(db_path, pending, note, sizeof(pending));
    if (access(pending, F_OK) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "name", "已有一个恢复在等待服务器重启",
                          "a restore is already waiting for the server to restart");
    /* Audited in the database being replaced: the kept copy records who asked. */
    struct audit_event ev = {"backup.restore_request", "backup", 0, name};
    if ((st = audit_record(ctx, &ev, err)))
        return st;
    st = stage(path, db_path, &n, err);
    if (!st)
        log_info("msg=\"restore staged\" backup=%s by=%s", name, n.by);
    return st;
}

enum kh_status backup_restore_apply(const char *db_path, struct backup_restore_note *note,
                                    bool *applied, struct kh_err *err)
{
    *applied = false;
    memset(note, 0, sizeof(*note));
    char pending[4096], note_path[4096];
    pending_paths(db_path, pending, note_path, sizeof(pending));
    bool have_pending = access(pending, F_OK) == 0;
    bool have_note = read_note(note_path, note);
    if (!have_pending && !have_note)
        return KH_OK;
    if (!have_note)
        kh_strlcpy(note->by, "?", sizeof(note->by));
    if (have_pending) {
        enum kh_status st = keep_previous(db_path, note->kept, sizeof(note->kept), err);
        if (st)
            return st;
        if (rename(pending, db_path) != 0)
            return kh_err_setf(err, KH_E_INTERNAL, "db", "无法把备份放到 %s",
                               "cannot move the backup into place at %s", db_path, db_path);
        sync_dir_of(db_path);
        /* The note now says where the replaced database went, for the audit. */
        if (have_note && (st = write_note(note_path, note, err)))
            return st;
        log_info("msg=\"database restored\" backup=%s kept=%s", note->backup, note->kept);
    }
    *applied = true;
    return KH_OK;
}

enum kh_status backup_restore_finish(const struct kh_ctx *ctx,
                                     const struct backup_restore_note *note, struct kh_err *err)
{
    char note_path[4096], pending[4096];
    pending_paths(backup_store_db_path(ctx), pending, note_path, sizeof(pending));
    const char *detail =
        arena_printf(ctx->arena, "%s (asked by %s; the replaced database is kept as %s)",
                     note->backup[0] ? note->backup : "?", note->by[0] ? note->by : "?",
                     note->kept[0] ? note->kept : "-");
    /* Sessions and tokens of the backup's time may since have been ended: end them all. */
    struct audit_event ev = {"backup.restore", "backup", 0, detail};
    enum kh_status st = account_end_all_sessions(ctx, &ev, err);
    if (st)
        return st;
    remove(note_path);
    return KH_OK;
}

/*
 * kehu restore on PostgreSQL: the backup is restored into a scratch
 * database on the same server, checked there (audit chain, every customer
 * record), then renamed into the database's place, the replaced database
 * kept under a new name (db_put_in_place): one pg_restore, and nothing
 * changes unless every check passed and no server is connected.
 */
static enum kh_status restore_shared(const char *backup_path, const char *url,
                                     struct backup_restore_note *note, struct kh_err *err)
{
    enum kh_status st = check_file(backup_path, err);
    struct db *db = NULL;
    if (st || (st = open_to_check(backup_path, url, &db, err)))
        return st;
    if ((st = verify_open(db, err))) {
        backup_store_close(db);
        return st;
    }
    return backup_store_put_in_place(db, url, note->kept, sizeof(note->kept), err);
}

enum kh_status backup_restore(const char *backup_path, const char *db_path, const char *by,
                              int64_t now, struct backup_restore_note *note, struct kh_err *err)
{
    if (backup_store_setting_shared(db_path)) {
        memset(note, 0, sizeof(*note));
        kh_strlcpy(note->backup, base_name(backup_path), sizeof(note->backup));
        kh_strlcpy(note->by, by, sizeof(note->by));
        note->asked_at = now;
        return restore_shared(backup_path, db_path, note, err);
    }
    enum kh_status st = backup_verify(backup_path, db_path, err);
    if (st)
        return st;
    int fd = -1;
    if ((st = backup_lock_acquire(db_path, &fd, err)))
        return st;
    struct backup_restore_note n = {0};
    kh_strlcpy(n.backup, base_name(backup_path), sizeof(n.backup));
    kh_strlcpy(n.by, by, sizeof(n.by));
    n.asked_at = now;
    bool applied = false;
    st = stage(backup_path, db_path, &n, err);
    if (!st)
        st = backup_restore_apply(db_path, note, &applied, err);
    backup_lock_release(fd);
    return st;
}

/* ---- the schedule ---- */

/* The day's backup is due from backup_hour (company time) for an hour. */
static bool backup_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    struct backup_settings set;
    struct kh_err err;
    if (backup_settings_get(ctx, &set, &err))
        return false;
    return job_daily_due(ctx_tz(ctx), now, set.hour, 0, 3600, period, cap);
}

const struct job_task backup_daily_task = {"backup.daily", "每日备份", "Daily backup",
                                           &backup_job_kind, backup_due};
