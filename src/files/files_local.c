/*
 * The local-directory file store. Scratch files are ".part-XXXXXX" in the
 * same directory, so naming one is a rename on the same file system: a
 * reader never sees half a file, and a crash leaves only scratch files,
 * which no name can address (names never start with ".").
 */
#include <dirent.h>
#include <sys/statvfs.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "files/files_internal.h"

#define SCRATCH_PREFIX ".part-"

struct local_store {
    struct file_store base;
    char *dir;
};

static const struct file_store_ops local_ops;

static struct local_store *local_of(struct file_store *fs)
{
    return (struct local_store *)(void *)fs;
}

static bool path_of(const struct local_store *ls, const char *name, char *out, size_t cap)
{
    return (size_t)snprintf(out, cap, "%s/%s", ls->dir, name) < cap;
}

static enum kh_status unavailable(const struct local_store *ls, struct kh_err *err)
{
    return kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法在文件目录 %s 中写入文件",
                       "cannot write files in the folder %s", ls->dir, ls->dir);
}

/* mkdir -p with mode 0700. */
static bool make_dir(const char *dir)
{
    char p[FILES__PATH_MAX];
    if ((size_t)snprintf(p, sizeof(p), "%s", dir) >= sizeof(p))
        return false;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            return false;
        *s = '/';
    }
    return mkdir(p, 0700) == 0 || errno == EEXIST;
}

static enum kh_status local_begin(struct file_store *fs, struct file_writer *w, struct kh_err *err)
{
    struct local_store *ls = local_of(fs);
    if (!make_dir(ls->dir) || !path_of(ls, SCRATCH_PREFIX "XXXXXX", w->path, sizeof(w->path)))
        return unavailable(ls, err);
    w->fd = mkostemp(w->path, O_CLOEXEC);
    if (w->fd < 0) {
        w->path[0] = '\0';
        return unavailable(ls, err);
    }
    return KH_OK;
}

static void sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* SQLite, writing a backup by name, may leave its journal beside the file. */
static void remove_sidecars(const char *path)
{
    static const char *const sidecars[] = {"-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof(sidecars) / sizeof(sidecars[0]); i++) {
        char p[FILES__PATH_MAX + 16];
        snprintf(p, sizeof(p), "%s%s", path, sidecars[i]);
        unlink(p);
    }
}

/* Give the scratch file its name unless the name is taken. */
static int link_noreplace(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* A file system without RENAME_NOREPLACE: a hard link refuses an existing name too. */
    if (link(from, to) != 0)
        return -1;
    unlink(from);
    return 0;
}

static enum kh_status local_commit(struct file_store *fs, struct file_writer *w, const char *name,
                                   struct kh_err *err)
{
    struct local_store *ls = local_of(fs);
    char final[FILES__PATH_MAX];
    if (!path_of(ls, name, final, sizeof(final)))
        return kh_err_set(err, KH_E_INVALID, "file", "路径过长", "path too long");
    /* Durable before it has a name: a named file is a complete file, even after a power cut. */
    sync_path(w->path, O_RDONLY);
    if (link_noreplace(w->path, final) != 0) {
        if (errno == EEXIST)
            return kh_err_setf(err, KH_E_CONFLICT, "file", "文件 %s 已存在", "%s already exists",
                               name, name);
        return unavailable(ls, err);
    }
    sync_path(ls->dir, O_RDONLY | O_DIRECTORY);
    /* The scratch name is free again (another writer may take it): forget it. */
    remove_sidecars(w->path);
    w->path[0] = '\0';
    return KH_OK;
}

static void local_discard(struct file_store *fs, struct file_writer *w)
{
    (void)fs;
    if (!w->path[0])
        return;
    unlink(w->path);
    remove_sidecars(w->path);
    w->path[0] = '\0';
}

static enum kh_status not_found(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "file", "文件不存在", "file not found");
}

static enum kh_status local_open(struct file_store *fs, const char *name, int *fd, int64_t *size,
                                 struct kh_err *err)
{
    char p[FILES__PATH_MAX];
    if (!path_of(local_of(fs), name, p, sizeof(p)))
        return not_found(err);
    int f = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    if (f < 0 || fstat(f, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (f >= 0)
            close(f);
        return not_found(err);
    }
    *fd = f;
    *size = (int64_t)sb.st_size;
    return KH_OK;
}

static enum kh_status local_stat(struct file_store *fs, const char *name, struct file_info *out,
                                 struct kh_err *err)
{
    char p[FILES__PATH_MAX];
    struct stat sb;
    if (!path_of(local_of(fs), name, p, sizeof(p)) || lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
        return not_found(err);
    kh_strlcpy(out->name, name, sizeof(out->name));
    out->size = (int64_t)sb.st_size;
    out->mtime = (int64_t)sb.st_mtime;
    return KH_OK;
}

static enum kh_status local_remove(struct file_store *fs, const char *name, struct kh_err *err)
{
    struct local_store *ls = local_of(fs);
    char p[FILES__PATH_MAX];
    if (!path_of(ls, name, p, sizeof(p)))
        return not_found(err);
    if (unlink(p) != 0 && errno != ENOENT)
        return kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法删除文件 %s", "cannot delete %s",
                           name, name);
    return KH_OK;
}

static enum kh_status local_list(struct file_store *fs, const char *prefix, struct file_info **out,
                                 int *n, struct kh_err *err)
{
    (void)err;
    struct local_store *ls = local_of(fs);
    DIR *d = opendir(ls->dir);
    if (!d)
        return KH_OK; /* not made yet: no files */
    struct file_info *list = NULL;
    int count = 0, cap = 0;
    size_t plen = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        if (!files_name_ok(e->d_name) || strncmp(e->d_name, prefix, plen) != 0 ||
            fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            list = kh_realloc(list, kh_size_mul((size_t)cap, sizeof(*list)));
        }
        kh_strlcpy(list[count].name, e->d_name, sizeof(list[count].name));
        list[count].size = (int64_t)sb.st_size;
        list[count].mtime = (int64_t)sb.st_mtime;
        count++;
    }
    closedir(d);
    *out = list;
    *n = count;
    return KH_OK;
}

static int local_sweep_scratch(struct file_store *fs, int64_t age)
{
    DIR *d = opendir(local_of(fs)->dir);
    if (!d)
        return 0;
    int64_t before = (int64_t)time(NULL) - age;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat sb;
        if (strncmp(e->d_name, SCRATCH_PREFIX, strlen(SCRATCH_PREFIX)) != 0 ||
            fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
            (int64_t)sb.st_mtime >= before || !S_ISREG(sb.st_mode))
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) == 0)
            removed++;
    }
    closedir(d);
    return removed;
}

static enum kh_status local_free_bytes(struct file_store *fs, uint64_t *out, struct kh_err *err)
{
    struct local_store *ls = local_of(fs);
    struct statvfs sv;
    if (!make_dir(ls->dir) || statvfs(ls->dir, &sv) != 0)
        return unavailable(ls, err);
    *out = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
    return KH_OK;
}

static void local_close(struct file_store *fs)
{
    struct local_store *ls = local_of(fs);
    free(ls->dir);
    free(ls);
}

static const struct file_store_ops local_ops = {
    .kind = "local",
    .begin = local_begin,
    .commit = local_commit,
    .discard = local_discard,
    .open = local_open,
    .stat = local_stat,
    .remove = local_remove,
    .list = local_list,
    .sweep_scratch = local_sweep_scratch,
    .free_bytes = local_free_bytes,
    .close = local_close,
};

enum kh_status files_local_open(const char *dir, struct file_store **out, struct kh_err *err)
{
    *out = NULL;
    size_t n = dir ? strlen(dir) : 0;
    if (n == 0 || n > FILES__PATH_MAX - FILES_NAME_MAX - 16)
        return kh_err_set(err, KH_E_INVALID, "dir", "文件目录无效", "invalid files folder");
    struct local_store *ls = kh_calloc(1, sizeof(*ls));
    ls->base.ops = &local_ops;
    ls->dir = kh_strdup(dir);
    while (n > 1 && ls->dir[n - 1] == '/')
        ls->dir[--n] = '\0';
    *out = &ls->base;
    return KH_OK;
}

bool files_local_path(const struct file_store *fs, const char *name, char *out, size_t cap)
{
    if (!fs || fs->ops != &local_ops || !files_name_ok(name))
        return false;
    const struct local_store *ls = (const struct local_store *)(const void *)fs;
    return path_of(ls, name, out, cap);
}
