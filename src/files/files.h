#ifndef KH_FILES_FILES_H
#define KH_FILES_FILES_H

/*
 * The file store: where Kehu keeps the files it receives or makes —
 * uploads, export results, import error files, backups. Callers see one
 * interface; each kind of store implements a small table of functions
 * (files_internal.h). The first kind is a local directory
 * (files_local_open); a directory on shared storage is the same kind, and
 * object storage for several servers would be another table.
 *
 * Names. A stored file is known by a name that Kehu makes, never by text
 * a user sent: files_commit generates "<prefix><43 random characters><ext>",
 * and the few names chosen by code (backups: "kehu-20260105-030000.db") are
 * checked like any other. A valid name is 1-95 characters of
 * [A-Za-z0-9._-], starts with a letter or a digit, and contains no "..";
 * every call refuses any other name with KH_E_INVALID, so no name reaches
 * outside the store (no "/", no "..", no hidden files).
 *
 * Writing. files_begin opens a writer on a scratch file of the store.
 * Bytes go in with files_write, or a library that writes by file name
 * (libxlsxwriter, SQLite's backup) writes to files_writer_path. Nothing is
 * visible until files_commit gives the file its name; files_abort (or a
 * crash) leaves only a scratch file, which files_sweep_scratch removes
 * later. A commit makes the file durable (fsync) before it names it.
 *
 * Sizes. A writer has a limit (0: none): files_write refuses the write
 * that would pass it, and files_commit checks the size again for files
 * written by name; both answer KH_E_TOO_LARGE.
 *
 * Reading. files_open gives a file descriptor open for reading and the
 * size, so the HTTP server sends it without copying (sendfile). A store
 * that is not a local directory hands out a descriptor of a local copy.
 *
 * Threads: any number of threads may use one store at once; a writer
 * belongs to one thread at a time. Nothing here blocks on anything but the
 * disk.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/arena.h"
#include "core/err.h"

/* A name fits in this many bytes, with its NUL. */
#define FILES_NAME_MAX 96

struct file_store;
struct file_writer;

struct file_info {
    char name[FILES_NAME_MAX];
    int64_t size;
    int64_t mtime; /* Unix seconds of the last change */
};

/* Whether name is a valid store name (see above). */
bool files_name_ok(const char *name);

/*
 * A store on the local directory dir (absolute or relative to the working
 * directory), created with mode 0700 when the first file is written.
 * Opening touches no disk. Free it with files_close.
 */
KH_NODISCARD enum kh_status files_local_open(const char *dir, struct file_store **out,
                                             struct kh_err *err);
/*
 * For the command line, which prints where a file went: the path of name in
 * a local store, into out. False for a store that is not local, an invalid
 * name or a path longer than cap.
 */
bool files_local_path(const struct file_store *fs, const char *name, char *out, size_t cap);
/* Release the store (NULL is fine). Writers of it must be finished. */
void files_close(struct file_store *fs);

/* ---- writing ---- */

/*
 * A writer on a new scratch file of fs; limit is the largest size in bytes
 * (0: no limit). KH_E_UNAVAILABLE when the store cannot make the file (the
 * folder cannot be created, the disk is full). Finish it with files_commit
 * or files_abort.
 */
KH_NODISCARD enum kh_status files_begin(struct file_store *fs, uint64_t limit,
                                        struct file_writer **out, struct kh_err *err);
/*
 * Append n bytes. KH_E_TOO_LARGE when they would pass the limit (nothing of
 * them is written); KH_E_UNAVAILABLE when the disk refuses them.
 */
KH_NODISCARD enum kh_status files_write(struct file_writer *w, const void *data, size_t n,
                                        struct kh_err *err);
/* Bytes written through files_write so far. */
uint64_t files_writer_size(const struct file_writer *w);
/*
 * The scratch file's local path, for libraries that open a file by name
 * and write it themselves (they may truncate and rewrite it). Files beside
 * it whose names start with this path (SQLite's "-journal") are removed by
 * files_abort and files_commit.
 */
const char *files_writer_path(const struct file_writer *w);
/*
 * Store the file under a new generated name "<prefix><random><ext>" (prefix
 * starts with a letter or digit, e.g. "export-"; ext such as ".xlsx", or
 * ""), copied into name_out (FILES_NAME_MAX bytes); *size (may be NULL)
 * gets its size. The writer is finished whatever the outcome.
 */
KH_NODISCARD enum kh_status files_commit(struct file_writer *w, const char *prefix, const char *ext,
                                         char *name_out, int64_t *size, struct kh_err *err);
/*
 * Store the file under name, made by code (never user text). KH_E_CONFLICT
 * when the store already has a file of that name (it is kept);
 * KH_E_INVALID for an invalid name. The writer is finished whatever the
 * outcome.
 */
KH_NODISCARD enum kh_status files_commit_as(struct file_writer *w, const char *name, int64_t *size,
                                            struct kh_err *err);
/* Drop the scratch file and finish the writer (NULL is fine). */
void files_abort(struct file_writer *w);

/*
 * Store everything readable from fd (up to its end) as a new file, named
 * as files_commit does. KH_E_TOO_LARGE past limit (0: none), nothing stored.
 * fd stays open.
 */
KH_NODISCARD enum kh_status files_put_fd(struct file_store *fs, int fd, uint64_t limit,
                                         const char *prefix, const char *ext, char *name_out,
                                         int64_t *size, struct kh_err *err);
/* The same from a local file; KH_E_NOT_FOUND when it cannot be opened. */
KH_NODISCARD enum kh_status files_put_path(struct file_store *fs, const char *path, uint64_t limit,
                                           const char *prefix, const char *ext, char *name_out,
                                           int64_t *size, struct kh_err *err);

/* ---- reading, removing ---- */

/*
 * A descriptor open for reading on name (O_CLOEXEC; the caller closes it)
 * and its size. KH_E_NOT_FOUND when there is no such file; KH_E_INVALID
 * for an invalid name.
 */
KH_NODISCARD enum kh_status files_open(struct file_store *fs, const char *name, int *fd,
                                       int64_t *size, struct kh_err *err);
/* Size and time of name. KH_E_NOT_FOUND, KH_E_INVALID as files_open. */
KH_NODISCARD enum kh_status files_stat(struct file_store *fs, const char *name,
                                       struct file_info *out, struct kh_err *err);
/*
 * Remove name. Removing a file that is not there is KH_OK (the outcome is
 * the same), so a sweep can run again after a crash. A reader that has the
 * file open keeps reading it.
 */
KH_NODISCARD enum kh_status files_delete(struct file_store *fs, const char *name,
                                         struct kh_err *err);
/*
 * The files whose names start with prefix ("" for all), sorted by name,
 * in an array from a (*n entries). Scratch files are never listed.
 */
KH_NODISCARD enum kh_status files_list(struct file_store *fs, const char *prefix, struct arena *a,
                                       struct file_info **out, int *n, struct kh_err *err);
/*
 * Remove scratch files older than age seconds: what writers left when their
 * process stopped. Returns how many were removed. Ages are measured on the
 * system clock, as the files' times are, not on the context clock: a test
 * clock set a year ahead must not make a running writer's file look old.
 */
int files_sweep_scratch(struct file_store *fs, int64_t age);

/* ---- room on the disk ---- */

/*
 * The free-space reserve (setting disk_reserve_mb, default 256 MB): below
 * it the disk is kept for what must go on (the database's writes, logins,
 * reads and their audit), and uploads and exports are refused.
 */
extern const struct kh_setting files_setting_reserve_mb;
/*
 * Room for a new upload or export on ctx->files' disk: *room gets the bytes
 * that may be written before the reserve is reached (0 for none).
 * KH_E_NO_SPACE when that is less than need (need 0: when the reserve is
 * already reached), naming the reserve; KH_E_UNAVAILABLE when the free space
 * cannot be told. A context without a file store has unlimited room.
 */
KH_NODISCARD enum kh_status files_room(const struct kh_ctx *ctx, uint64_t need, uint64_t *room,
                                       struct kh_err *err);

#endif
