#ifndef KH_DB_DB_BACKEND_H
#define KH_DB_DB_BACKEND_H

/*
 * The storage backends behind db.h (db_sqlite.c, db_pg.c) and the table of
 * operations through which db.c reaches them. Each backend's struct db,
 * struct db_conn and struct db_stmt starts with a pointer to its table, so
 * db.c can dispatch on an object it does not otherwise know. Only db/
 * includes this file: no code outside it may ask which engine it runs on.
 */

#include "db/db.h"
#include "db/db_search.h"

enum { DB_WRITE_ONCE = 1, DB_WRITE_ALONE = 2 };

struct db_ops {
    const char *engine; /* "sqlite", "postgresql" */
    void (*close)(struct db *db);
    const char *(*path)(const struct db *db);
    const char *(*setting)(const struct db *db);
    int (*schema_version)(struct db *db);
    /* A new read transaction on a pooled connection, and its end (db.c shares a held one). */
    struct db_conn *(*read_begin)(struct db *db);
    void (*read_end)(struct db *db, struct db_conn *c);
    /* mode: DB_WRITE_ONCE (db_write_once), DB_WRITE_ALONE (db_write_alone), or 0 */
    enum kh_status (*write)(struct db *db, db_write_fn *fn, void *arg, unsigned mode,
                            struct kh_err *err);
    enum kh_status (*write_async)(struct db *db, db_write_fn *fn, void *arg, db_free_fn *free_arg,
                                  struct kh_err *err);
    void (*defer)(struct db_conn *c, db_write_fn *fn, void *arg);
    void *(*slot)(struct db *db, const struct db_slot_key *key);
    void (*bulk_cache)(struct db_conn *c, bool on);
    bool (*write_wanted)(struct db_conn *c);
    struct db_stmt *(*prepare)(struct db_conn *c, const char *sql);
    struct db_stmt *(*prepare_detached)(struct db_conn *c, const char *sql);
    void (*bind_int)(struct db_stmt *s, int idx, int64_t v);
    void (*bind_double)(struct db_stmt *s, int idx, double v);
    void (*bind_textn)(struct db_stmt *s, int idx, const char *text, size_t len);
    void (*bind_null)(struct db_stmt *s, int idx);
    enum db_step_result (*step)(struct db_stmt *s, struct kh_err *err);
    enum kh_status (*exec_stmt)(struct db_stmt *s, struct kh_err *err);
    int64_t (*col_int)(struct db_stmt *s, int col);
    double (*col_double)(struct db_stmt *s, int col);
    const char *(*col_text)(struct db_stmt *s, int col);
    size_t (*col_len)(struct db_stmt *s, int col);
    bool (*col_is_null)(struct db_stmt *s, int col);
    int64_t (*changes)(struct db_conn *c);
    enum kh_status (*exec_script)(struct db_conn *c, const char *sql, struct kh_err *err);
    enum kh_status (*backup_to)(struct db *db, const char *dest, struct kh_err *err);
    enum kh_status (*wipe_free)(struct db *db, const char *const *tables, int n,
                                struct kh_err *err);
    void (*fault_settle)(struct db *db);
    bool (*reachable)(struct db *db);
    /* db_search.h */
    enum kh_status (*search_put)(struct db_conn *c, const char *index, int64_t id,
                                 const char *const cols[TOK_COLS], struct kh_err *err);
    enum kh_status (*search_delete)(struct db_conn *c, const char *index, int64_t id,
                                    struct kh_err *err);
    enum kh_status (*search_optimize)(struct db_conn *c, const char *index, struct kh_err *err);
    enum kh_status (*search_bulk)(struct db_conn *c, const char *index, bool on,
                                  struct kh_err *err);
    enum kh_status (*search_merge)(struct db_conn *c, const char *index, int pages, bool *more,
                                   struct kh_err *err);
    bool (*search_match)(struct db_conn *c, const struct tok_query *q, struct buf *out);
};

/* The first member of every backend's struct db, db_conn and db_stmt. */
struct db_head {
    const struct db_ops *ops;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* db_search.h on SQLite (db_search_sqlite.c). */
enum kh_status db_search_sqlite_put(struct db_conn *c, const char *index, int64_t id,
                                    const char *const cols[TOK_COLS], struct kh_err *err);
enum kh_status db_search_sqlite_delete(struct db_conn *c, const char *index, int64_t id,
                                       struct kh_err *err);
enum kh_status db_search_sqlite_optimize(struct db_conn *c, const char *index, struct kh_err *err);
enum kh_status db_search_sqlite_bulk(struct db_conn *c, const char *index, bool on,
                                     struct kh_err *err);
enum kh_status db_search_sqlite_merge(struct db_conn *c, const char *index, int pages, bool *more,
                                      struct kh_err *err);
/* sqlite3_total_changes64 of c (the FTS5 merge's way to say whether it did any work). */
int64_t db_sqlite_total_changes(struct db_conn *c);
bool db_search_sqlite_match(struct db_conn *c, const struct tok_query *q, struct buf *out);

/* PostgreSQL backups (pg_dump's custom format): db_check_file, db_copy_file, db_open_backup. */
bool db_pg_is_dump(const char *path);
enum kh_status db_pg_check_dump(const char *path, struct kh_err *err);
enum kh_status db_pg_open_dump(const char *file, const char *server, struct db **out,
                               struct kh_err *err);
enum kh_status db_pg_put_in_place(struct db *backup, const char *url, char *kept, size_t cap,
                                  struct kh_err *err);

/* The PostgreSQL connection of a tool that has the database to itself (kehu migrate); NULL on
 * SQLite. */
struct pg_conn *db_pg__conn(struct db *db);

enum kh_status db_sqlite_open(const struct db_options *opt, struct db **out, struct kh_err *err);
enum kh_status db_pg_open(const struct db_options *opt, struct db **out, struct kh_err *err);

/*
 * Thread state shared by the backends: whether this thread runs a write
 * function now (db_on_writer_thread), and the outcome told to a free_arg of
 * db_write_async (db_async_status).
 */
void db__set_writing(bool on);
void db__async_free(db_free_fn *free_arg, void *arg, enum kh_status st);

#endif
