#ifndef KH_DB_DB_H
#define KH_DB_DB_H

/*
 * Kehu's storage layer: the only code that talks to the database engine.
 *
 * Reads borrow a connection from a small pool (db_read_begin/db_read_end);
 * each borrow is one read transaction, i.e. one consistent snapshot.
 * Writes are functions run by the single writer thread (db_write): it runs
 * the queued writes of many requests inside one transaction (each in its
 * own savepoint, so one failing write does not undo the others), commits
 * once with synchronous=FULL, and only then wakes the callers. A write
 * function must do all of its checks and changes, and its audit entry, on
 * the connection it is given, and must not call db_write itself.
 *
 * SQL is written in PostgreSQL form ($1, $2 ...) as string literals; the
 * SQLite backend rewrites it once per connection and caches the statement.
 *
 * The contract of a write function: it is correct under concurrent writers
 * at READ COMMITTED (PostgreSQL runs many writers at once; SQLite's single
 * writer thread is not something to rely on). Every check-then-write is one
 * conditional statement (UPDATE ... WHERE id = $1 AND version = $2, the
 * condition the change was decided on in its WHERE; zero rows changed ->
 * KH_E_CONFLICT) or an upsert (INSERT ... ON CONFLICT ... DO UPDATE ...
 * RETURNING); a counter is taken by the statement that moves it. No value
 * read in one statement is written back in another unless the row is part
 * of the first statement's condition. A new row's id comes from its INSERT's
 * RETURNING id (db_exec_int).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_conn;
struct db_stmt;

struct db_options {
    const char *path;
    int readers;    /* read connections in the pool (0: db_default_readers()) */
    bool no_writer; /* tools that only read (audit verify) */
};

/*
 * Whether a database setting names a PostgreSQL database (a postgresql://
 * or postgres:// URL) rather than an SQLite file. For the command line and
 * the server's start, which treat a file's folder, lock and modes; no
 * domain or store code may ask which engine it runs on.
 */
bool db_is_url(const char *setting);

/*
 * The folder of this node's own files for a database setting (its key file,
 * file store, backups, spill files): an SQLite file's folder; for
 * PostgreSQL, KEHU_DATA_DIR (default ./data). db_local_prefix: the start of
 * the names of files kept for the database: the SQLite file's own path
 * ("<db>-audit-spill-..."), or "<KEHU_DATA_DIR>/kehu" for PostgreSQL.
 */
void db_local_dir(const char *setting, char *out, size_t cap);
void db_local_prefix(const char *setting, char *out, size_t cap);

/* Opens (creating if needed) and migrates the database, starts the writer. */
KH_NODISCARD enum kh_status db_open(const struct db_options *opt, struct db **out,
                                    struct kh_err *err);
/* Finishes queued writes, stops the writer, closes every connection. */
void db_close(struct db *db);
const char *db_path(const struct db *db);

/*
 * The default size of the read pool: one connection per core (each of the
 * server's event threads, one per core, can hold one for its point reads)
 * plus two shared by the workers, background jobs and an import's reader,
 * at least 4 and at most 16. Every other borrower waits its turn.
 */
int db_default_readers(void);

/*
 * Borrow a read connection (blocks while all are in use). Never NULL. A
 * thread borrows at most one connection of a database at a time (a second
 * borrow aborts: it could wait forever for a connection while holding
 * one); nested reads share one with db_read_hold.
 */
struct db_conn *db_read_begin(struct db *db);
void db_read_end(struct db *db, struct db_conn *c);

/*
 * Hold one read transaction on this thread until db_read_release: every
 * db_read_begin/db_read_end in between shares it (one snapshot, one
 * BEGIN/COMMIT for a whole request, begun at its first read: a hold that
 * reads nothing borrows nothing). Only for work that does not wait for
 * its own writes (db_write), which it would not see. Nested reads must not
 * step the same SQL literal at the same time.
 */
void db_read_hold(struct db *db);
void db_read_release(struct db *db);

typedef enum kh_status db_write_fn(struct db_conn *c, void *arg, struct kh_err *err);
/*
 * Run fn on the writer thread inside the next group commit and wait until
 * that commit is durable. Returns fn's status, or an error if the commit
 * failed (then nothing of fn was kept).
 *
 * A database error can end the whole transaction (SQLite rolls it back
 * after an I/O error, a full disk, no memory): from then on every statement
 * fn runs fails (KH_E_UNAVAILABLE, saying what happened) instead of
 * committing on its own, and fn's write fails with nothing kept. The
 * writes before it in the group commit were lost through no fault of
 * theirs: they run once more, in a new transaction with the writes after
 * it; so do all the writes of a group commit whose BEGIN or COMMIT failed.
 * fn may therefore run twice (the first run's changes were rolled back):
 * it must compute its outputs anew on each run; a write that consumes its
 * input goes through db_write_once. A status other than KH_OK always means
 * that nothing of fn was kept.
 */
KH_NODISCARD enum kh_status db_write(struct db *db, db_write_fn *fn, void *arg, struct kh_err *err);
/*
 * db_write for a function that cannot run twice (it consumes its input, as
 * an import reading rows from a file does): when its group commit is lost
 * through another write's fault it fails (KH_E_UNAVAILABLE, nothing kept)
 * instead of running again, and its caller decides.
 */
KH_NODISCARD enum kh_status db_write_once(struct db *db, db_write_fn *fn, void *arg,
                                          struct kh_err *err);

/*
 * db_write for a large write (thousands of rows over many indexes, as a
 * daily job's batch): in a transaction of its own, outside the group
 * commit and without its savepoint. On SQLite every page a write changes
 * inside a savepoint is first copied to the in-memory sub-journal, and
 * each statement with a trigger cuts that journal back by walking it from
 * its head: a cost that grows with the square of the write. Nothing of fn
 * is kept when it fails. fn runs once (no other write can make it fail).
 */
KH_NODISCARD enum kh_status db_write_alone(struct db *db, db_write_fn *fn, void *arg,
                                           struct kh_err *err);

/*
 * From inside a write function: run fn on this connection after every write
 * of the current group commit, outside their savepoints, just before the
 * commit. Dropped if the registering write fails; a failure of fn fails the
 * whole commit. arg must live until then (db_write's caller is still
 * waiting). Used for search documents (db_search.h): SQLite's FTS5 flushes
 * its index at every savepoint. On PostgreSQL a write is its own
 * transaction: deferred work runs just before its COMMIT.
 */
void db_defer(struct db_conn *c, db_write_fn *fn, void *arg);

typedef void db_free_fn(void *arg);
/*
 * Queue fn for the next group commit without waiting for it; the writer
 * frees arg with free_arg afterwards. For writes whose loss in a crash of
 * the last milliseconds is acceptable (audit entries of reads). Falls back
 * to db_write when the queue is long, so memory stays bounded.
 *
 * Nobody waits to hear of a failure, so when fn or its commit fails with a
 * database error (KH_E_INTERNAL, KH_E_UNAVAILABLE) the writer runs fn
 * again with the same arg in a later group commit, up to 3 runs, and logs
 * the last failure. fn must therefore be safe to run again: a failed run
 * left nothing in the database (its savepoint or transaction was rolled
 * back), so fn must keep in arg what it still has to write.
 */
KH_NODISCARD enum kh_status db_write_async(struct db *db, db_write_fn *fn, void *arg,
                                           db_free_fn *free_arg, struct kh_err *err);
/*
 * Inside a free_arg of db_write_async: how its write ended, after its last
 * run (KH_OK: committed; else the status of the last failed run). Lets a
 * writer of entries it must not lose keep them when every run failed.
 * KH_OK anywhere else.
 */
enum kh_status db_async_status(void);

/*
 * State that a capability keeps per open database (a cache, a queue), so
 * that nothing of it is global and two databases open in one process never
 * share it. The capability declares one key, a static const object whose
 * address names its slot:
 *
 *     static const struct db_slot_key queue_key = {queue_new, queue_free};
 *     struct queue *q = db_slot(db, &queue_key);
 *
 * db_slot returns the database's object for key: made by key->make on the
 * first call, the same pointer on every later call until db_close.
 *
 * Ownership: the database owns the object. db_close calls key->release on
 * it after the writer has run every queued write (db_write_async ones too,
 * so a queued write may use it) and after the connections are closed:
 * release must not use the database. Anything that outlives db_close must
 * not point into the object (a reference-counted part may outlive it, if
 * the object counts itself among its holders).
 *
 * Thread safety: any thread, concurrently. The object guards its own
 * fields. make must not call db_slot.
 *
 * Blocking: a lookup takes no lock (a few atomic loads; it may sit on a hot
 * path); only the first call for a key takes the database's slot lock, to
 * make the object once.
 *
 * Bound: at most 16 keys. Keys are static objects, so their number is fixed
 * by the program text; one more aborts, like SQL that does not compile.
 */
typedef void *db_slot_make_fn(void);
struct db_slot_key {
    db_slot_make_fn *make; /* returns the new object, never NULL */
    db_free_fn *release;
};
void *db_slot(struct db *db, const struct db_slot_key *key);

/*
 * From a write function: give the writer connection a large page cache
 * (256 MB) for a bulk write such as an import (on), or set it back to the
 * usual 16 MB (off), which frees the extra pages.
 */
void db_bulk_cache(struct db_conn *c, bool on);
/*
 * Off the writer thread: a run of bulk writes (each turning the large cache
 * on) is over, the writer's cache back to its usual size (a write of its
 * own, queued behind them).
 */
void db_bulk_cache_release(struct db *db);

/* True on the writer thread (inside a write function): db_write would deadlock there. */
bool db_on_writer_thread(void);

/*
 * From a write function: true when some other caller is waiting for the
 * writer (a db_write queued behind this one). A long bulk write that can
 * stop at any row (a staged import) ends its transaction then, so the
 * waiting write runs next. False off the writer thread.
 */
bool db_write_wanted(struct db_conn *c);

/*
 * Statements. db_prepare returns the connection's cached statement for this
 * SQL literal (keyed by its address), reset and with bindings cleared. The
 * pointer stays valid until the connection closes, whatever else is
 * prepared meanwhile, so nested statements may be held together (but one
 * literal is one statement: preparing it again resets it). sql must be a
 * string literal (or other storage that lives as long as the program): the
 * cache keeps one statement per address and never evicts. Aborts on SQL
 * that does not compile: SQL is a literal, so that is a bug.
 */
struct db_stmt *db_prepare(struct db_conn *c, const char *sql);
/*
 * A statement of a write that runs outside the write's transaction and is
 * committed by itself at once: taking numbers from a counter row (customer
 * codes), so concurrent writers do not queue behind that row until each
 * one's whole transaction has committed. What it wrote stays when the
 * write fails or runs again (numbers taken become gaps, never reused); it
 * is durable no later than the write's own commit. It must not touch a row
 * the write's transaction has changed (it would wait for that transaction,
 * which waits for it). On SQLite (one writer: nobody queues) it runs in the
 * write's transaction. Bound and run as any statement.
 */
struct db_stmt *db_prepare_detached(struct db_conn *c, const char *sql);
void db_bind_int(struct db_stmt *s, int idx, int64_t v);
void db_bind_double(struct db_stmt *s, int idx, double v);
/* NULL text binds SQL NULL. The text is copied. */
void db_bind_text(struct db_stmt *s, int idx, const char *text);
void db_bind_textn(struct db_stmt *s, int idx, const char *text, size_t len);
void db_bind_null(struct db_stmt *s, int idx);
/* Bind v, or NULL when v == 0 (optional foreign keys). */
void db_bind_id(struct db_stmt *s, int idx, int64_t v);

enum db_step_result { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };
/* On DB_ERROR, err is filled (unique violations become KH_E_CONFLICT). */
enum db_step_result db_step(struct db_stmt *s, struct kh_err *err);
/* Step a statement that returns no rows. */
KH_NODISCARD enum kh_status db_exec_stmt(struct db_stmt *s, struct kh_err *err);

int64_t db_col_int(struct db_stmt *s, int col);
double db_col_double(struct db_stmt *s, int col);
/* Never NULL: SQL NULL reads as "". Valid until the next step or reset. */
const char *db_col_text(struct db_stmt *s, int col);
size_t db_col_len(struct db_stmt *s, int col);
bool db_col_is_null(struct db_stmt *s, int col);

/*
 * Reading a list: every row of s, stepped from its start, each read by
 * read_row into its element of an array that grows in arena, so a list
 * needs neither a count(*) before it nor a bound of its own (put a LIMIT in
 * the SQL for that).
 *
 *     struct db_rows rows;
 *     enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(struct role), read_role,
 *                                         &rows, err);
 *     db_read_end(ctx->db, c);
 *     if (st)
 *         return st;
 *     *out = rows.items;
 *     *count = rows.count;
 *
 * A database error on any step returns its status (err filled) with
 * items NULL and count 0: a caller gets the whole list or an error, never
 * the rows before the error as if they were all there were. On success
 * items has count elements and a zeroed one after them (never NULL), in a.
 * read_row gets a zeroed element; strings it keeps must be copied into a
 * (db_col_text is valid only until the next step).
 */
struct arena;
typedef void db_row_fn(struct db_stmt *s, struct arena *a, void *row);
struct db_rows {
    void *items;
    int count;
};
KH_NODISCARD enum kh_status db_rows_collect(struct db_stmt *s, struct arena *a, size_t row_size,
                                            db_row_fn *read_row, struct db_rows *out,
                                            struct kh_err *err);

/*
 * Step s to its end, for a statement that returns at most one row whose
 * first column is an integer: an INSERT ... RETURNING id, an
 * UPDATE ... RETURNING next_value. *out gets that integer, or 0 when the
 * statement returned no row (an UPDATE whose WHERE matched nothing). The
 * engine-neutral way to learn a new row's id: no "last insert id" of the
 * connection, which a pooled connection on PostgreSQL does not have.
 */
KH_NODISCARD enum kh_status db_exec_int(struct db_stmt *s, int64_t *out, struct kh_err *err);

struct arena;
/*
 * The first (integer) column of every row sql returns with key bound to $1
 * (the ids a bulk change is about to touch, read first for their audit
 * entries), in a, in the query's order; *n how many.
 */
KH_NODISCARD enum kh_status db_ids(struct db_conn *c, struct arena *a, const char *sql, int64_t key,
                                   int64_t **ids, int64_t *n, struct kh_err *err);

/*
 * Point references from one record to another (a merged record's, R-ARC-8):
 * drop_sql (may be NULL) deletes the rows of `from` that would repeat a row
 * of `to`, then move_sql points the rest at `to`; both literals take $1 =
 * from, $2 = to. *moved: the rows that referred to `from`.
 */
KH_NODISCARD enum kh_status db_repoint(struct db_conn *c, const char *drop_sql,
                                       const char *move_sql, int64_t from, int64_t to,
                                       int64_t *moved, struct kh_err *err);

/* Rows changed by the last INSERT, UPDATE or DELETE on c (a conditional write's outcome). */
int64_t db_changes(struct db_conn *c);

/* Raw SQL script without parameters (migrations, maintenance). */
KH_NODISCARD enum kh_status db_exec_script(struct db_conn *c, const char *sql, struct kh_err *err);

/*
 * Online backup of the whole database to a new file (SQLite backup API);
 * safe while the server runs: one backup step under one read transaction,
 * so the copy is one consistent snapshot and concurrent writes (which
 * would restart a stepwise copy) neither block nor restart it. The copy is
 * left in rollback-journal mode: one self-contained file.
 */
KH_NODISCARD enum kh_status db_backup_to(struct db *db, const char *dest, struct kh_err *err);

/*
 * Make the bytes of rows deleted or overwritten so far unreadable from the
 * database's own files (R-SEC-7, R-SEC-11). On SQLite the writer zeroes
 * what it deletes (secure_delete, always on), so the WAL, which still holds
 * the pages as they were, is copied back and truncated. On PostgreSQL the
 * named tables are rewritten (VACUUM FULL): their old files are deleted,
 * though the file system and PostgreSQL's own WAL may keep their blocks
 * until reused (docs/ADMIN.md). tables are constant names, not input.
 */
KH_NODISCARD enum kh_status db_wipe_free(struct db *db, const char *const *tables, int n,
                                         struct kh_err *err);

/*
 * Check a database file that is not in use (a backup): it must be an
 * SQLite database with a Kehu schema (a migration recorded), as long as its
 * header says (not truncated), and PRAGMA integrity_check must answer
 * "ok". The file is opened read-only and not changed. KH_E_INVALID with
 * field "file" and the first problem in both languages.
 */
KH_NODISCARD enum kh_status db_check_file(const char *path, struct kh_err *err);

/*
 * Copy the database file src (opened read-only) to dest with the SQLite
 * backup API: written to "<dest>.tmp", synced, then renamed over dest, and
 * dest's stale -wal/-shm removed. dest must not be open anywhere (restore
 * holds the database's lock; verify copies to a fresh temporary name).
 */
KH_NODISCARD enum kh_status db_copy_file(const char *src, const char *dest, struct kh_err *err);

/*
 * Whether the database answers a trivial query now, for /healthz: never
 * waits more than about two seconds (a PostgreSQL server that does not
 * answer makes it false, not a hang); a check already running elsewhere
 * is not repeated: its last outcome is the answer. An open SQLite file
 * always answers.
 */
bool db_reachable(struct db *db);

/*
 * Moving a company to PostgreSQL (kehu migrate): copy the SQLite database
 * file src_path (live or stopped: one read snapshot of it) into dst, a
 * PostgreSQL database opened with db_open (so migrated) that holds no
 * users, customers or audit entries yet (else KH_E_CONFLICT, field "to",
 * nothing changed). Every table in one transaction with COPY, search
 * documents made anew from the SQLite index's tokens, identity sequences
 * moved past the copied ids; then rep has each table's rows, whether both
 * sides count the same, and how many of a random sample of customers
 * differ in any field.
 */
#define DB_COPY_TABLES_MAX 96
struct db_copy_report {
    struct {
        char name[64];
        long long rows;
    } tables[DB_COPY_TABLES_MAX];
    int ntables;
    long long search_docs;
    int count_mismatches;
    int sampled, sample_mismatches;
};
KH_NODISCARD enum kh_status db_copy_sqlite_to_pg(const char *src_path, struct db *dst,
                                                 struct db_copy_report *rep, struct kh_err *err);

/*
 * The database setting as given: db_path without hiding anything (a
 * PostgreSQL URL may hold its password: never print or log it). For
 * tools that must reach the same server (checking a backup).
 */
const char *db_setting(const struct db *db);

/*
 * Open a backup file to check it (read only): an SQLite file as it is; a
 * backup of a PostgreSQL database (pg_dump's custom format) restored into a
 * new scratch database on the PostgreSQL server that the setting `server`
 * names (KH_E_INVALID, field "file", when it names none), which db_close
 * drops again.
 */
KH_NODISCARD enum kh_status db_open_backup(const char *file, const char *server, struct db **out,
                                           struct kh_err *err);

/*
 * Restore on PostgreSQL: put a backup opened with db_open_backup (and
 * checked) in place of the database the setting url names, and close it.
 * The scratch database becomes that database and the database it replaces
 * is kept, renamed "<name>_before_restore_N" (its name in kept), both
 * renames in one transaction. Refused with KH_E_CONFLICT while anything is
 * connected to the database being replaced (every server must be
 * stopped); on any refusal the scratch database is dropped and nothing
 * changes. KH_E_INVALID for an SQLite backup (its file is put in place by
 * the backup module, db_copy_file).
 */
KH_NODISCARD enum kh_status db_put_in_place(struct db *backup, const char *url, char *kept,
                                            size_t cap, struct kh_err *err);

/* Schema version after migrations. */
int db_schema_version(struct db *db);

/*
 * Fault injection at the database boundary (curl's torture tests, SQLite's
 * I/O error tests), compiled only into builds configured with
 * -Dfault_injection=true (the ASan test build); a release build refuses
 * the option, so none of this exists there.
 *
 * Armed with n, the n-th database call counted from then fails once, as
 * if the disk or the engine had failed: the call answers SQLITE_IOERR
 * (KH_E_UNAVAILABLE, "... (I/O error): nothing was saved") and, like SQLite after a real I/O
 * error, the connection's open transaction is rolled back whole, savepoints
 * and all. Then the hook is spent (fires once) until armed again.
 *
 * A database call is one step of a statement (db_step, each step of
 * db_exec_stmt, and the BEGIN, SAVEPOINT, RELEASE, ROLLBACK TO and COMMIT
 * this layer runs itself), one db_exec_script, and one step of an online
 * backup (db_backup_to, db_copy_file). Preparing is not a call: statements
 * are cached per
 * connection, so whether a call prepares depends on what ran before it, and
 * SQL that does not prepare is a bug that aborts.
 *
 * Which calls count: only those made on behalf of the armed scope, so that
 * the scheduler's threads, which poll every second, do not move the count.
 * A scope is the thread that armed (db_fault_arm), or one request or one
 * job run (db_fault_begin), and the writes it hands to the writer thread
 * (db_write, db_write_async: the group commit's own BEGIN, COMMIT and
 * deferred work count when a write of the scope is in it). The environment
 * variable KEHU_FAULT_DB=n, read when the first database opens, arms every
 * thread of the process instead (for CLI commands).
 */
enum db_fault_scope {
    DB_FAULT_REQUEST, /* the next HTTP request that is not a _test route */
    DB_FAULT_JOB,     /* the next run of a background job */
    DB_FAULT_SCOPES
};

#ifdef KH_FAULT_INJECTION
/* Arm for this thread now: its n-th call fails (n <= 0 disarms). */
void db_fault_arm(int n);
/* Arm for the next scope of this kind: its n-th call fails. */
void db_fault_arm_next(enum db_fault_scope scope, int n);
/* Disarm everything (armed, pending, KEHU_FAULT_DB); this thread leaves its scope. */
void db_fault_disarm(void);
/* Whether the armed fault has fired since it was armed. */
bool db_fault_fired(void);
/* Calls left before the fault (0 when disarmed or fired). */
int db_fault_remaining(void);
/*
 * Wait until no background write of db is queued or running (at most about
 * 2 s), so that whether the fault fired is known once a request has been
 * answered: a read's audit entry is written after its answer.
 */
void db_fault_settle(struct db *db);
/* A request or job run starts on this thread: it takes the pending arm of its kind, if any. */
void db_fault_begin(enum db_fault_scope scope);
/* ... and ends: this thread's calls no longer count. */
void db_fault_end(void);
#else
static inline void db_fault_begin(enum db_fault_scope scope)
{
    (void)scope;
}
static inline void db_fault_end(void)
{
}
#endif

#endif
