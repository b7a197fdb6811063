/*
 * The generic half of the file store: names, sizes and writers. Each kind
 * of store (files_local.c) does the storing.
 */
#include "files/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "crypto/crypto.h"
#include "files/files_internal.h"
#include "settings/settings.h"

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

bool files_name_ok(const char *name)
{
    if (!name)
        return false;
    size_t n = strlen(name);
    if (n == 0 || n >= FILES_NAME_MAX || !name_char(name[0]) || name[0] == '.' || name[0] == '_' ||
        name[0] == '-' || strstr(name, ".."))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!name_char(name[i]))
            return false;
    return true;
}

static enum kh_status bad_name(struct kh_err *err)
{
    return kh_err_set(err, KH_E_INVALID, "file", "文件名无效", "invalid file name");
}

static enum kh_status too_large(uint64_t limit, struct kh_err *err)
{
    return kh_err_setf(err, KH_E_TOO_LARGE, "file", "文件超过 %llu 字节的上限",
                       "the file is larger than the limit of %llu bytes", (unsigned long long)limit,
                       (unsigned long long)limit);
}

/* What the disk said, not a guess: a full disk, a quota, or an I/O error. */
static enum kh_status write_failed(int e, struct kh_err *err)
{
    if (e == ENOSPC)
        return kh_err_set(err, KH_E_UNAVAILABLE, "file", "磁盘已满，无法写入文件",
                          "disk full: the file could not be written");
    if (e == EDQUOT)
        return kh_err_set(err, KH_E_UNAVAILABLE, "file", "磁盘配额已用完，无法写入文件",
                          "disk quota exceeded: the file could not be written");
    return kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法写入文件（I/O 错误 %d）",
                       "the file could not be written (I/O error %d)", e, e);
}

void files_close(struct file_store *fs)
{
    if (fs)
        fs->ops->close(fs);
}

enum kh_status files_begin(struct file_store *fs, uint64_t limit, struct file_writer **out,
                           struct kh_err *err)
{
    *out = NULL;
    struct file_writer *w = kh_calloc(1, sizeof(*w));
    w->store = fs;
    w->fd = -1;
    w->limit = limit;
    enum kh_status st = fs->ops->begin(fs, w, err);
    if (st) {
        free(w);
        return st;
    }
    *out = w;
    return KH_OK;
}

enum kh_status files_write(struct file_writer *w, const void *data, size_t n, struct kh_err *err)
{
    if (w->limit && (n > w->limit || w->size > w->limit - n))
        return too_large(w->limit, err);
    const char *p = data;
    while (n > 0) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return write_failed(k < 0 ? errno : ENOSPC, err);
        p += k;
        n -= (size_t)k;
        w->size += (uint64_t)k;
    }
    return KH_OK;
}

uint64_t files_writer_size(const struct file_writer *w)
{
    return w->size;
}

const char *files_writer_path(const struct file_writer *w)
{
    return w->path;
}

void files_abort(struct file_writer *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    w->store->ops->discard(w->store, w);
    free(w);
}

/* Name the scratch file (after the size check) and finish the writer. */
static enum kh_status commit_named(struct file_writer *w, const char *name, int64_t *size,
                                   struct kh_err *err)
{
    struct stat sb;
    enum kh_status st = KH_OK;
    /* A library may have written the file by its path: its size is the file's, not ours. */
    if (stat(w->path, &sb) != 0 || !S_ISREG(sb.st_mode))
        st = kh_err_set(err, KH_E_INTERNAL, "file", "临时文件丢失", "the scratch file is gone");
    else if (w->limit && (uint64_t)sb.st_size > w->limit)
        st = too_large(w->limit, err);
    if (!st)
        st = w->store->ops->commit(w->store, w, name, err);
    if (!st && size)
        *size = (int64_t)sb.st_size;
    files_abort(w);
    return st;
}

enum kh_status files_commit_as(struct file_writer *w, const char *name, int64_t *size,
                               struct kh_err *err)
{
    if (size)
        *size = 0;
    if (!files_name_ok(name)) {
        files_abort(w);
        return bad_name(err);
    }
    return commit_named(w, name, size, err);
}

enum kh_status files_commit(struct file_writer *w, const char *prefix, const char *ext,
                            char *name_out, int64_t *size, struct kh_err *err)
{
    name_out[0] = '\0';
    if (size)
        *size = 0;
    char token[64], name[FILES_NAME_MAX];
    crypto_random_token("", token, sizeof(token));
    size_t n = (size_t)snprintf(name, sizeof(name), "%s%s%s", prefix, token, ext ? ext : "");
    if (n >= sizeof(name) || !files_name_ok(name)) {
        files_abort(w);
        return bad_name(err);
    }
    enum kh_status st = commit_named(w, name, size, err);
    if (!st)
        kh_strlcpy(name_out, name, FILES_NAME_MAX);
    return st;
}

enum kh_status files_put_fd(struct file_store *fs, int fd, uint64_t limit, const char *prefix,
                            const char *ext, char *name_out, int64_t *size, struct kh_err *err)
{
    name_out[0] = '\0';
    if (size)
        *size = 0;
    struct file_writer *w = NULL;
    enum kh_status st = files_begin(fs, limit, &w, err);
    char chunk[65536];
    while (!st) {
        ssize_t k = read(fd, chunk, sizeof(chunk));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            st = kh_err_set(err, KH_E_INVALID, "file", "无法读取文件", "cannot read the file");
        if (k <= 0)
            break;
        st = files_write(w, chunk, (size_t)k, err);
    }
    if (st) {
        files_abort(w);
        return st;
    }
    return files_commit(w, prefix, ext, name_out, size, err);
}

enum kh_status files_put_path(struct file_store *fs, const char *path, uint64_t limit,
                              const char *prefix, const char *ext, char *name_out, int64_t *size,
                              struct kh_err *err)
{
    name_out[0] = '\0';
    if (size)
        *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "file", "文件不存在", "file not found");
    enum kh_status st = files_put_fd(fs, fd, limit, prefix, ext, name_out, size, err);
    close(fd);
    return st;
}

enum kh_status files_open(struct file_store *fs, const char *name, int *fd, int64_t *size,
                          struct kh_err *err)
{
    *fd = -1;
    *size = 0;
    if (!files_name_ok(name))
        return bad_name(err);
    return fs->ops->open(fs, name, fd, size, err);
}

enum kh_status files_stat(struct file_store *fs, const char *name, struct file_info *out,
                          struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!files_name_ok(name))
        return bad_name(err);
    return fs->ops->stat(fs, name, out, err);
}

enum kh_status files_delete(struct file_store *fs, const char *name, struct kh_err *err)
{
    if (!files_name_ok(name))
        return bad_name(err);
    return fs->ops->remove(fs, name, err);
}

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const struct file_info *)a)->name, ((const struct file_info *)b)->name);
}

enum kh_status files_list(struct file_store *fs, const char *prefix, struct arena *a,
                          struct file_info **out, int *n, struct kh_err *err)
{
    *out = NULL;
    *n = 0;
    struct file_info *list = NULL;
    int count = 0;
    enum kh_status st = fs->ops->list(fs, prefix ? prefix : "", &list, &count, err);
    if (st)
        return st;
    if (count > 1)
        qsort(list, (size_t)count, sizeof(*list), cmp_info);
    struct file_info *copy = arena_alloc(a, sizeof(*copy) * (size_t)(count + 1));
    if (count)
        memcpy(copy, list, sizeof(*copy) * (size_t)count);
    free(list);
    *out = copy;
    *n = count;
    return KH_OK;
}

int files_sweep_scratch(struct file_store *fs, int64_t age)
{
    return fs->ops->sweep_scratch(fs, age);
}

const struct kh_setting files_setting_reserve_mb = {"disk_reserve_mb",
                                                    256,
                                                    0,
                                                    1048576,
                                                    "MB",
                                                    "MB",
                                                    "磁盘保留空间（低于此值时拒绝上传和导出）",
                                                    "Disk space kept free (uploads and exports "
                                                    "are refused below it)"};

enum kh_status files_room(const struct kh_ctx *ctx, uint64_t need, uint64_t *room,
                          struct kh_err *err)
{
    *room = UINT64_MAX;
    if (!ctx->files)
        return KH_OK;
    int64_t reserve_mb = 0;
    uint64_t free_bytes = 0;
    enum kh_status st = settings_int(ctx, &files_setting_reserve_mb, &reserve_mb, err);
    if (!st)
        st = ctx->files->ops->free_bytes(ctx->files, &free_bytes, err);
    if (st) {
        *room = 0;
        return st;
    }
    uint64_t reserve = (uint64_t)reserve_mb << 20;
    uint64_t left = free_bytes > reserve ? free_bytes - reserve : 0;
    *room = left;
    if (left == 0 || left < need)
        return kh_err_setf(err, KH_E_NO_SPACE, "file",
                           "磁盘剩余空间不足（保留 %lld MB 供系统运行），暂不能上传或导出",
                           "not enough free disk space (%lld MB are kept for the system to run); "
                           "uploads and exports are refused for now",
                           (long long)reserve_mb, (long long)reserve_mb);
    return KH_OK;
}
