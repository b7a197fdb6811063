#ifndef KH_FILES_FILES_INTERNAL_H
#define KH_FILES_FILES_INTERNAL_H

/*
 * What a kind of file store implements (files.h is what callers use). The
 * generic layer (files.c) checks every name, counts and limits sizes and
 * makes the generated names before it calls these, so an implementation
 * only ever sees valid names.
 */

#include "files/files.h"

/* Longest scratch path: a local directory's path and a scratch name. */
#define FILES__PATH_MAX 4096

struct file_writer {
    struct file_store *store;
    int fd;                     /* open for writing on the scratch file */
    char path[FILES__PATH_MAX]; /* the scratch file */
    uint64_t limit;             /* 0: none */
    uint64_t size;              /* written through files_write */
};

struct file_store_ops {
    const char *kind; /* "local" */
    /* Make the scratch file: set w->fd and w->path. */
    enum kh_status (*begin)(struct file_store *fs, struct file_writer *w, struct kh_err *err);
    /*
     * Make the scratch file durable and name it; KH_E_CONFLICT when name
     * exists. The generic layer closes w->fd and calls discard afterwards.
     */
    enum kh_status (*commit)(struct file_store *fs, struct file_writer *w, const char *name,
                             struct kh_err *err);
    /* Remove what is left of the scratch file (and its sidecars); never fails. */
    void (*discard)(struct file_store *fs, struct file_writer *w);
    enum kh_status (*open)(struct file_store *fs, const char *name, int *fd, int64_t *size,
                           struct kh_err *err);
    enum kh_status (*stat)(struct file_store *fs, const char *name, struct file_info *out,
                           struct kh_err *err);
    /* KH_OK when name is gone afterwards (also when it was not there). */
    enum kh_status (*remove)(struct file_store *fs, const char *name, struct kh_err *err);
    /* Valid names only, any order (the generic layer sorts), malloc'ed array. */
    enum kh_status (*list)(struct file_store *fs, const char *prefix, struct file_info **out,
                           int *n, struct kh_err *err);
    int (*sweep_scratch)(struct file_store *fs, int64_t age);
    /* Bytes that may still be written to the store's disk. */
    enum kh_status (*free_bytes)(struct file_store *fs, uint64_t *out, struct kh_err *err);
    void (*close)(struct file_store *fs);
};

/* Every store starts with this. */
struct file_store {
    const struct file_store_ops *ops;
};

#endif
