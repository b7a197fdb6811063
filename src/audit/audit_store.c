#include "audit/audit_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/registry.h"
#include "audit/audit_internal.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"
#include "crypto/crypto.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/*
 * Fields are length-prefixed so no two different rows hash the same. With
 * a key the hash is a MAC: nobody without the key can make a chain verify.
 */
static void hash_row(const struct audit_key *key, const char *prev, int64_t id, int64_t at,
                     int64_t actor_id, const char *actor_name, const char *address,
                     const char *action, const char *target_type, const char *target_id,
                     const char *detail, char out[KH_HASH_HEX])
{
    struct buf b;
    buf_init(&b, 0);
    const char *parts[] = {prev, actor_name, address, action, target_type, target_id, detail};
    buf_printf(&b, "%lld|%lld|%lld|", (long long)id, (long long)at, (long long)actor_id);
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        buf_printf(&b, "%zu:%s|", strlen(parts[i]), parts[i]);
    if (key)
        crypto_mac_hex(key->mac, b.data, b.len, out);
    else
        crypto_hash_hex(b.data, b.len, out);
    buf_release(&b);
}

/* The chain's head: the last entry's id and hash, and the number of entries. */
struct chain_head {
    int64_t last_id, entries;
    char hash[KH_HASH_HEX];
    char key_id[17]; /* the key it was written with, "" without one */
};

static enum kh_status head_row(struct db_stmt *s, struct chain_head *h, struct kh_err *err)
{
    *h = (struct chain_head){0, 0, GENESIS, ""};
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_ROW) {
        h->last_id = db_col_int(s, 0);
        kh_strlcpy(h->hash, db_col_text(s, 1), sizeof(h->hash));
        h->entries = db_col_int(s, 2);
        kh_strlcpy(h->key_id, db_col_text(s, 3), sizeof(h->key_id));
        while (db_step(s, err) == DB_ROW)
            ; /* to its end: SQLite runs an UPDATE ... RETURNING to completion */
    }
    return KH_OK;
}

/* The chain's head as a read sees it. */
static enum kh_status head_read(struct db_conn *c, struct chain_head *h, struct kh_err *err)
{
    struct db_stmt *s =
        db_prepare(c, "SELECT last_id, last_hash, entries, key_id FROM audit_head WHERE id = 1");
    return head_row(s, h, err);
}

/*
 * The head for a write that appends, read by a no-op UPDATE: it locks the
 * head's row until the write commits, so concurrent writers (several
 * connections or servers on PostgreSQL, READ COMMITTED) append one after
 * another, each after the head the one before it committed: the chain
 * never forks.
 */
static enum kh_status head_lock(struct db_conn *c, struct chain_head *h, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "UPDATE audit_head SET entries = entries WHERE id = 1 "
                                      "RETURNING last_id, last_hash, entries, key_id");
    return head_row(s, h, err);
}

static enum kh_status head_write(struct db_conn *c, const struct chain_head *h, struct kh_err *err)
{
    const struct audit_key *key = audit__key();
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO audit_head (id, last_id, last_hash, entries, key_id) "
           "VALUES (1, $1, $2, $3, $4) "
           "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, "
           "last_hash = excluded.last_hash, entries = excluded.entries, key_id = excluded.key_id");
    db_bind_int(s, 1, h->last_id);
    db_bind_text(s, 2, h->hash);
    db_bind_int(s, 3, h->entries);
    db_bind_text(s, 4, key ? key->id : "");
    return db_exec_stmt(s, err);
}

/* Insert one entry after the head and move the head to it. */
static enum kh_status entry_insert(struct db_conn *c, struct chain_head *h,
                                   const struct kh_actor *actor, int64_t at,
                                   const struct audit_event *ev, struct kh_err *err)
{
    /* Every action has its labels in a capability's registration (a programming error if not). */
    if (!registry_audit_action(ev->action)) {
        log_error("msg=\"unregistered audit action\" action=%s", ev->action);
        abort();
    }
    int64_t id = h->last_id + 1;
    char target_id[32] = "";
    if (ev->target_id)
        snprintf(target_id, sizeof(target_id), "%lld", (long long)ev->target_id);
    const char *actor_name =
        actor->user_id ? actor->username : (actor->username[0] ? actor->username : "system");
    const char *detail = ev->detail ? ev->detail : "";
    const char *ttype = ev->target_type ? ev->target_type : "";
    char hash[KH_HASH_HEX];
    hash_row(audit__key(), h->hash, id, at, actor->user_id, actor_name, actor->address, ev->action,
             ttype, target_id, detail, hash);

    struct db_stmt *s =
        db_prepare(c, "INSERT INTO audit_log (id, at, actor_id, actor_name, address, action, "
                      "target_type, target_id, detail, prev_hash, hash) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, at);
    db_bind_id(s, 3, actor->user_id);
    db_bind_text(s, 4, actor_name);
    db_bind_text(s, 5, actor->address);
    db_bind_text(s, 6, ev->action);
    db_bind_text(s, 7, ttype);
    db_bind_text(s, 8, target_id);
    db_bind_text(s, 9, detail);
    db_bind_text(s, 10, h->hash);
    db_bind_text(s, 11, hash);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    h->last_id = id;
    h->entries++;
    memcpy(h->hash, hash, sizeof(h->hash));
    return KH_OK;
}

enum kh_status audit_store_append(struct db_conn *c, const struct kh_actor *actor, int64_t at,
                                  const struct audit_event *ev, struct kh_err *err)
{
    struct chain_head h;
    enum kh_status st = head_lock(c, &h, err);
    if (!st)
        st = entry_insert(c, &h, actor, at, ev, err);
    return st ? st : head_write(c, &h, err);
}

struct record_job {
    const struct kh_ctx *ctx;
    const struct audit_event *ev;
};

static enum kh_status record_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct record_job *j = arg;
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), j->ev, err);
}

enum kh_status audit_store_record(const struct kh_ctx *ctx, const struct audit_event *ev,
                                  struct kh_err *err)
{
    struct record_job j = {ctx, ev};
    return db_write(ctx->db, record_fn, &j, err);
}

/*
 * Reads audited in batches (DECISIONS 156). A flush gathers its read
 * entries by user, address, action, record type, detail and second: a group
 * of one read is appended as before, one entry naming its record; a group
 * of several is one entry of the chain whose detail names every record
 * ("reads=3 ids=12,57*2"), so the chain covers each read, and one row per
 * record in audit_reads_recent, the index "who saw this record" reads. That
 * table is keyed by the entry, so a flush writes at its end; past
 * RECENT_MERGE rows a flush moves them to audit_reads, keyed by the record,
 * in its order: many rows to a page instead of a random page per read.
 */
#define BATCH_READS_MAX 500  /* reads named by one entry */
#define BATCHES_OPEN_MAX 256 /* groups a flush keeps open before it writes them */
#define RECENT_MERGE 32768   /* rows in audit_reads_recent before they move */

struct batch {
    struct kh_actor actor; /* user_id, username and address are used */
    int64_t at;
    char action_buf[64], type_buf[32], detail_buf[256];
    int64_t *ids;
    int n, cap;
};

struct batcher {
    struct db_conn *c;
    struct chain_head *h;
    struct batch *b;
    int n, cap;
    int64_t rows; /* rows written to audit_reads_recent */
};

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* One group's entry: as before for one read, else the batch and its index rows. */
static enum kh_status batch_emit(struct batcher *w, struct batch *b, struct kh_err *err)
{
    struct audit_event ev = {b->action_buf, b->type_buf, b->n == 1 ? b->ids[0] : 0, b->detail_buf};
    if (b->n == 1)
        return entry_insert(w->c, w->h, &b->actor, b->at, &ev, err);
    /* The records in order, each once with its count: runs[k] of record ids[k]. */
    qsort(b->ids, (size_t)b->n, sizeof(*b->ids), id_cmp);
    int *runs = kh_calloc((size_t)b->n, sizeof(*runs)), distinct = 0;
    for (int i = 0; i < b->n; i++) {
        if (!distinct || b->ids[distinct - 1] != b->ids[i])
            b->ids[distinct++] = b->ids[i];
        runs[distinct - 1]++;
    }
    struct buf d;
    buf_init(&d, 0);
    buf_printf(&d, "%s%sreads=%d ids=", b->detail_buf, b->detail_buf[0] ? " " : "", b->n);
    for (int k = 0; k < distinct; k++) {
        buf_printf(&d, "%s%lld", k ? "," : "", (long long)b->ids[k]);
        if (runs[k] > 1)
            buf_printf(&d, "*%d", runs[k]);
    }
    ev.detail = d.data;
    enum kh_status st = entry_insert(w->c, w->h, &b->actor, b->at, &ev, err);
    buf_release(&d);
    struct db_stmt *s = db_prepare(
        w->c, "INSERT INTO audit_reads_recent (entry_id, target_id, n) VALUES ($1, $2, $3)");
    for (int k = 0; k < distinct && !st; k++) {
        db_bind_int(s, 1, w->h->last_id);
        db_bind_int(s, 2, b->ids[k]);
        db_bind_int(s, 3, runs[k]);
        st = db_exec_stmt(s, err);
    }
    free(runs);
    w->rows += distinct;
    return st;
}

/* Write every open group, in the order each was opened. */
static enum kh_status batcher_flush(struct batcher *w, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    for (int i = 0; i < w->n; i++) {
        if (!st)
            st = batch_emit(w, &w->b[i], err);
        free(w->b[i].ids);
    }
    w->n = 0;
    return st;
}

static bool same_group(const struct batch *b, const struct kh_actor *actor, int64_t at,
                       const struct audit_event *ev)
{
    return b->at == at && b->actor.user_id == actor->user_id && b->n < BATCH_READS_MAX &&
           !strcmp(b->action_buf, ev->action) &&
           !strcmp(b->type_buf, ev->target_type ? ev->target_type : "") &&
           !strcmp(b->detail_buf, ev->detail ? ev->detail : "") &&
           !strcmp(b->actor.username, actor->username) && !strcmp(b->actor.address, actor->address);
}

/* A read's entry joins its group (the newest that matches), or opens one. */
static enum kh_status batcher_add(struct batcher *w, const struct kh_actor *actor, int64_t at,
                                  const struct audit_event *ev, struct kh_err *err)
{
    struct batch *b = NULL;
    for (int i = w->n - 1; i >= 0 && !b; i--)
        if (same_group(&w->b[i], actor, at, ev))
            b = &w->b[i];
    if (!b) {
        if (w->n == BATCHES_OPEN_MAX) {
            enum kh_status st = batcher_flush(w, err);
            if (st)
                return st;
        }
        if (w->n == w->cap) { /* grown as groups open: most flushes have a few */
            w->cap = w->cap ? w->cap * 2 : 8;
            w->b = kh_realloc(w->b, sizeof(*w->b) * (size_t)w->cap);
        }
        b = &w->b[w->n++];
        memset(b, 0, sizeof(*b));
        b->actor.user_id = actor->user_id;
        kh_strlcpy(b->actor.username, actor->username, sizeof(b->actor.username));
        kh_strlcpy(b->actor.address, actor->address, sizeof(b->actor.address));
        b->at = at;
        kh_strlcpy(b->action_buf, ev->action, sizeof(b->action_buf));
        kh_strlcpy(b->type_buf, ev->target_type ? ev->target_type : "", sizeof(b->type_buf));
        kh_strlcpy(b->detail_buf, ev->detail ? ev->detail : "", sizeof(b->detail_buf));
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->ids = kh_realloc(b->ids, sizeof(*b->ids) * (size_t)b->cap);
    }
    b->ids[b->n++] = ev->target_id;
    return KH_OK;
}

static void batcher_free(struct batcher *w)
{
    for (int i = 0; i < w->n; i++)
        free(w->b[i].ids);
    free(w->b);
    w->b = NULL;
    w->n = w->cap = 0;
}

/*
 * The recent rows move to audit_reads in its key's order, under the chain's
 * head lock (so two servers on one PostgreSQL database never move the same
 * rows twice).
 */
static enum kh_status reads_merge(struct db_conn *c, struct kh_err *err)
{
    enum kh_status st = db_exec_stmt(
        db_prepare(c, "INSERT INTO audit_reads (target_id, entry_id, n) SELECT target_id, "
                      "entry_id, n FROM audit_reads_recent ORDER BY target_id, entry_id"),
        err);
    return st ? st : db_exec_stmt(db_prepare(c, "DELETE FROM audit_reads_recent"), err);
}

/* A read's audit entry, copied so it outlives the request. */
struct async_entry {
    struct kh_actor actor;
    int64_t at;
    struct audit_event ev;
    char action[64], target_type[32], detail[256];
};

/*
 * Read entries of one database wait in its queue and are appended together:
 * one background write takes every entry queued so far, reads the chain
 * head once, inserts the entries and writes the head once. Per entry that
 * saves the head's read and write and the write's own savepoint. The queue
 * belongs to its database (db_slot): it lives until db_close, which runs
 * every queued write first.
 *
 * A read never waits for a write, even when the writer is busy for long
 * (a large import): past READ_QUEUE_MAX entries in memory, entries are
 * appended to a spill file beside the database ("<db>-audit-spill-<gen>",
 * fixed-size records) instead, so memory stays bounded and no read goes
 * unrecorded. The next flush appends the memory entries and then every
 * closed spill file, in order, and records the last file it took in
 * audit_spill_done in the same transaction; files at or below that mark
 * are deleted by a later flush. A file left by a stopped server (its
 * entries never committed) is taken by the first flush after the next
 * start, before anything newer.
 *
 * A read is answered only when its entry will not be lost while the server
 * runs (DECISIONS: "A read the audit cannot keep is not served"). When a
 * flush fails (the disk is full, an I/O error), its entries go back to the
 * front of the queue, never dropped, and the queue is "failing": from then
 * on a read's entry must be made durable before the read is answered —
 * appended to the spill file and fdatasync'd — and when even that fails
 * the read is refused with KH_E_UNAVAILABLE. Every such read, and every
 * audit query, queues another flush; the first that commits ends the
 * failing state and takes the kept entries and the spill file with it.
 */
#define READ_QUEUE_MAX 1024
#define SPILL_MAGIC 0x4b484153u /* "KHAS" */

struct spill_record {
    uint32_t magic, size;
    int64_t at, user_id, target_id;
    char username[64], address[64], action[64], target_type[32], detail[256];
};

struct read_queue {
    pthread_mutex_t mu;
    struct async_entry *items;
    int n, cap;
    bool job_queued;
    bool started;       /* spill state set up (first entry) */
    bool recover;       /* the first flush looks for files of an earlier run */
    char base[4096];    /* "<db>-audit-spill-" */
    int spill_fd;       /* the file being written, -1 when none */
    int64_t spill_gen;  /* its generation */
    int64_t run_base;   /* generations of this run are above it, an earlier run's below */
    int64_t closed_gen; /* the newest closed file of this run, 0 when none */
    int64_t spilled;    /* records written by this run (tests, logs) */
    bool failing;       /* the last flush failed: reads need a durable entry first */
    int64_t recent;     /* rows in audit_reads_recent as this server counts them, -1 unknown */
};

static void *read_queue_new(void)
{
    struct read_queue *q = kh_calloc(1, sizeof(*q));
    pthread_mutex_init(&q->mu, NULL);
    q->spill_fd = -1;
    q->recover = true;
    q->recent = -1;
    return q;
}

static void read_queue_free(void *arg)
{
    struct read_queue *q = arg;
    if (q->spill_fd >= 0)
        close(q->spill_fd);
    pthread_mutex_destroy(&q->mu);
    free(q->items);
    free(q);
}

static const struct db_slot_key read_queue_key = {read_queue_new, read_queue_free};

/*
 * One write of queued entries. Its first run takes every entry queued so
 * far; the job keeps them until it is freed, so a run that failed (and was
 * rolled back) writes the same entries when it runs again (db_write_async
 * runs a failed background write again).
 */
struct flush_job {
    struct read_queue *q;
    struct async_entry *items;
    int n;
    bool taken;
    /* Spill files the job takes (kept for a run again: files go only once committed). */
    int64_t closed, base;
    bool recover;
    int runs; /* a second run means the first failed */
};

/*
 * A flush that did not commit: its entries go back to the front of the
 * queue (they are older than anything queued since), and files of an
 * earlier run it took are looked for again. j->items is emptied.
 */
static void flush_giveback(struct flush_job *j)
{
    struct read_queue *q = j->q;
    pthread_mutex_lock(&q->mu);
    q->failing = true;
    if (j->recover)
        q->recover = true;
    if (j->n) {
        int n = q->n + j->n;
        if (n > q->cap) {
            q->cap = n;
            q->items = kh_realloc(q->items, sizeof(*q->items) * (size_t)q->cap);
        }
        memmove(q->items + j->n, q->items, sizeof(*q->items) * (size_t)q->n);
        memcpy(q->items, j->items, sizeof(*q->items) * (size_t)j->n);
        q->n = n;
    }
    pthread_mutex_unlock(&q->mu);
    log_warn("msg=\"audit entries of reads kept in memory: the flush failed\" entries=%d", j->n);
    free(j->items);
    j->items = NULL;
    j->n = 0;
}

static void flush_settled(struct read_queue *q)
{
    pthread_mutex_lock(&q->mu);
    q->failing = false;
    pthread_mutex_unlock(&q->mu);
}

static void flush_job_free(void *arg)
{
    struct flush_job *j = arg;
    if (db_async_status() != KH_OK && j->taken)
        flush_giveback(j);
    else if (j->taken)
        flush_settled(j->q);
    free(j->items);
    free(j);
}

static void spill_path(const struct read_queue *q, int64_t gen, char *out, size_t cap)
{
    snprintf(out, cap, "%s%lld", q->base, (long long)gen);
}

/*
 * Every spill file of the database with its generation, sorted; *n files.
 * Generations are microseconds since 1970 when their run began, plus the
 * files written since, so a later run's files sort after an earlier's.
 */
static int64_t *spill_files(const struct read_queue *q, int *n)
{
    *n = 0;
    char dir[4096];
    kh_strlcpy(dir, q->base, sizeof(dir));
    char *slash = strrchr(dir, '/');
    const char *prefix = slash ? slash + 1 : q->base;
    if (slash)
        *slash = '\0';
    else
        kh_strlcpy(dir, ".", sizeof(dir));
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    int64_t *gens = NULL;
    int cap = 0;
    size_t plen = strlen(prefix);
    for (struct dirent *e; (e = readdir(d));) {
        long long gen = 0;
        if (strncmp(e->d_name, prefix, plen) != 0 ||
            !str_to_i64(str_make(e->d_name + plen, strlen(e->d_name + plen)), 1, LLONG_MAX, &gen))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            gens = kh_realloc(gens, sizeof(*gens) * (size_t)cap);
        }
        gens[(*n)++] = (int64_t)gen;
    }
    closedir(d);
    for (int i = 1; i < *n; i++) /* insertion sort: a handful of files */
        for (int j = i; j > 0 && gens[j - 1] > gens[j]; j--) {
            int64_t t = gens[j];
            gens[j] = gens[j - 1];
            gens[j - 1] = t;
        }
    return gens;
}

static void spill_start(struct read_queue *q, struct db *db)
{
    char prefix[sizeof(q->base) - 32];
    db_local_prefix(db_path(db), prefix, sizeof(prefix));
    snprintf(q->base, sizeof(q->base), "%s-audit-spill-", prefix);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    q->spill_gen = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    int n = 0;
    int64_t *gens = spill_files(q, &n);
    if (n && gens[n - 1] >= q->spill_gen)
        q->spill_gen = gens[n - 1] + 1;
    free(gens);
    q->run_base = q->spill_gen;
    q->started = true;
}

/*
 * Append one entry to the spill file (q->mu held), and with sync wait until
 * it is on the disk; false if the file cannot be written (or synced). A
 * record cut short (a full disk) is taken off again, so the records after
 * it stay readable.
 */
static bool spill_append(struct read_queue *q, const struct kh_ctx *ctx,
                         const struct audit_event *ev, bool sync)
{
    if (q->spill_fd < 0) {
        char path[4200];
        q->spill_gen++;
        spill_path(q, q->spill_gen, path, sizeof(path));
        q->spill_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (q->spill_fd < 0)
            return false;
    }
    struct spill_record r;
    memset(&r, 0, sizeof(r));
    r.magic = SPILL_MAGIC;
    r.size = (uint32_t)sizeof(r);
    r.at = ctx_now(ctx);
    r.user_id = ctx->actor.user_id;
    r.target_id = ev->target_id;
    kh_strlcpy(r.username, ctx->actor.username, sizeof(r.username));
    kh_strlcpy(r.address, ctx->actor.address, sizeof(r.address));
    kh_strlcpy(r.action, ev->action, sizeof(r.action));
    kh_strlcpy(r.target_type, ev->target_type ? ev->target_type : "", sizeof(r.target_type));
    kh_strlcpy(r.detail, ev->detail ? ev->detail : "", sizeof(r.detail));
    off_t end = lseek(q->spill_fd, 0, SEEK_END);
    if (end < 0)
        return false;
    if (write(q->spill_fd, &r, sizeof(r)) != (ssize_t)sizeof(r) ||
        (sync && fdatasync(q->spill_fd) != 0)) {
        KH_IGNORE(ftruncate(q->spill_fd, end));
        return false;
    }
    q->spilled++;
    return true;
}

/* Append the entries of one spill file to the chain. */
static enum kh_status spill_ingest(struct batcher *w, const char *path, struct kh_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return KH_OK; /* already taken and deleted */
    struct spill_record r;
    enum kh_status st = KH_OK;
    while (!st && fread(&r, sizeof(r), 1, f) == 1) {
        if (r.magic != SPILL_MAGIC || r.size != sizeof(r))
            break; /* a torn last record of a crash, or another build's file */
        r.username[sizeof(r.username) - 1] = r.address[sizeof(r.address) - 1] = '\0';
        r.action[sizeof(r.action) - 1] = r.target_type[sizeof(r.target_type) - 1] = '\0';
        r.detail[sizeof(r.detail) - 1] = '\0';
        struct kh_actor actor = {.user_id = r.user_id};
        kh_strlcpy(actor.username, r.username, sizeof(actor.username));
        kh_strlcpy(actor.address, r.address, sizeof(actor.address));
        struct audit_event ev = {r.action, r.target_type, r.target_id, r.detail};
        if (registry_audit_action(r.action))
            st = batcher_add(w, &actor, r.at, &ev, err);
    }
    fclose(f);
    return st;
}

static enum kh_status spill_done_read(struct db_conn *c, int64_t *gen, struct kh_err *err)
{
    *gen = 0;
    struct db_stmt *s = db_prepare(c, "SELECT coalesce(max(gen), 0) FROM audit_spill_done");
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    *gen = db_col_int(s, 0);
    return KH_OK;
}

static enum kh_status spill_done_write(struct db_conn *c, int64_t gen, struct kh_err *err)
{
    struct db_stmt *s =
        db_prepare(c, "INSERT INTO audit_spill_done (id, gen) VALUES (1, $1) "
                      "ON CONFLICT (id) DO UPDATE SET gen = CASE WHEN audit_spill_done.gen < "
                      "excluded.gen THEN excluded.gen ELSE audit_spill_done.gen END");
    db_bind_int(s, 1, gen);
    return db_exec_stmt(s, err);
}

/*
 * Take spill files with a generation in (done, upto]: the entries they hold
 * are appended (files at or below done were committed by an earlier flush
 * and are deleted). *taken gets the newest generation appended.
 */
static enum kh_status spill_take(struct batcher *w, struct read_queue *q, int64_t done,
                                 int64_t upto, int64_t *taken, struct kh_err *err)
{
    int n = 0;
    int64_t *gens = spill_files(q, &n);
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        char path[4200];
        spill_path(q, gens[i], path, sizeof(path));
        if (gens[i] <= done) {
            unlink(path);
        } else if (gens[i] <= upto) {
            st = spill_ingest(w, path, err);
            *taken = gens[i];
        }
    }
    free(gens);
    return st;
}

/* The first run of a flush job takes the queue's entries and closes its spill file. */
static void flush_take(struct flush_job *j)
{
    struct read_queue *q = j->q;
    pthread_mutex_lock(&q->mu);
    j->items = q->items;
    j->n = q->n;
    q->items = NULL;
    q->n = q->cap = 0;
    q->job_queued = false;
    if (q->spill_fd >= 0) { /* later entries go to memory, or to a new file */
        close(q->spill_fd);
        q->spill_fd = -1;
        q->closed_gen = q->spill_gen;
    }
    j->closed = q->closed_gen;
    j->base = q->run_base;
    j->recover = q->recover && q->started;
    if (j->recover)
        q->recover = false;
    pthread_mutex_unlock(&q->mu);
    j->taken = true;
}

/*
 * After a flush that wrote rows of batches: the recent rows move once this
 * server has counted RECENT_MERGE of them (counted from the table once per
 * run; another server's rows count when it writes them).
 */
static enum kh_status reads_merge_due(struct db_conn *c, struct read_queue *q, int64_t rows,
                                      struct kh_err *err)
{
    pthread_mutex_lock(&q->mu);
    int64_t have = q->recent;
    pthread_mutex_unlock(&q->mu);
    if (have < 0) {
        struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM audit_reads_recent");
        enum db_step_result r = db_step(s, err);
        if (r == DB_ERROR)
            return err->code;
        have = db_col_int(s, 0); /* this flush's rows included */
    } else {
        have += rows;
    }
    enum kh_status st = KH_OK;
    if (have >= RECENT_MERGE) {
        st = reads_merge(c, err);
        have = 0;
    }
    pthread_mutex_lock(&q->mu);
    q->recent = st ? -1 : have;
    pthread_mutex_unlock(&q->mu);
    return st;
}

static enum kh_status flush_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct flush_job *j = arg;
    struct read_queue *q = j->q;
    if (!j->taken)
        flush_take(j);
    if (j->runs++ > 0) { /* the run before failed: reads need a durable entry until one commits */
        pthread_mutex_lock(&q->mu);
        q->failing = true;
        pthread_mutex_unlock(&q->mu);
    }
    struct chain_head h;
    int64_t done = 0, taken = 0, closed = j->closed, base = j->base;
    enum kh_status st = head_lock(c, &h, err);
    int64_t was = h.last_id;
    if (!st && (j->recover || closed))
        st = spill_done_read(c, &done, err);
    /* A stopped run's files first: their entries are older than any of this run. */
    struct batcher w = {.c = c, .h = &h};
    if (!st && j->recover)
        st = spill_take(&w, q, done, base, &taken, err);
    for (int i = 0; i < j->n && !st; i++) {
        struct async_entry *a = &j->items[i];
        a->ev = (struct audit_event){a->action, a->target_type, a->ev.target_id, a->detail};
        st = batcher_add(&w, &a->actor, a->at, &a->ev, err);
    }
    if (!st && closed)
        st = spill_take(&w, q, done > base ? done : base, closed, &taken, err);
    if (!st)
        st = batcher_flush(&w, err);
    batcher_free(&w);
    if (!st && w.rows)
        st = reads_merge_due(c, q, w.rows, err);
    if (!st && taken)
        st = spill_done_write(c, taken, err);
    if (!st && h.last_id != was) /* nothing appended (an audit query's flush): nothing written */
        st = head_write(c, &h, err);
    return st;
}

static void entry_copy(struct async_entry *a, const struct kh_ctx *ctx,
                       const struct audit_event *ev)
{
    memset(a, 0, sizeof(*a));
    a->actor = ctx->actor;
    a->at = ctx_now(ctx);
    kh_strlcpy(a->action, ev->action, sizeof(a->action));
    kh_strlcpy(a->target_type, ev->target_type ? ev->target_type : "", sizeof(a->target_type));
    kh_strlcpy(a->detail, ev->detail ? ev->detail : "", sizeof(a->detail));
    /* The pointers are set where the entry is used: the array may move. */
    a->ev.target_id = ev->target_id;
}

/* Queue the entry in memory, or in the spill file when memory holds enough (q->mu held). */
static bool queue_entry(struct read_queue *q, const struct kh_ctx *ctx,
                        const struct audit_event *ev)
{
    if (!q->started)
        spill_start(q, ctx->db);
    if (q->n >= READ_QUEUE_MAX || q->spill_fd >= 0)
        return spill_append(q, ctx, ev, false);
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 64;
        q->items = kh_realloc(q->items, sizeof(*q->items) * (size_t)q->cap);
    }
    entry_copy(&q->items[q->n++], ctx, ev);
    return true;
}

static enum kh_status queue_flush(const struct kh_ctx *ctx, struct read_queue *q,
                                  struct kh_err *err)
{
    struct flush_job *j = kh_calloc(1, sizeof(*j));
    j->q = q;
    enum kh_status st = db_write_async(ctx->db, flush_fn, j, flush_job_free, err);
    if (st) { /* no job will take the queue: the next entry queues one */
        pthread_mutex_lock(&q->mu);
        q->job_queued = false;
        pthread_mutex_unlock(&q->mu);
    }
    return st;
}

/* A read whose audit entry can be kept nowhere is not answered (DECISIONS: "A read the audit cannot
 * keep is not served"). */
static enum kh_status read_refused(const struct audit_event *ev, struct kh_err *err)
{
    log_error("msg=\"read refused: its audit entry cannot be kept\" action=%s target=%lld",
              ev->action, (long long)ev->target_id);
    return kh_err_set(err, KH_E_UNAVAILABLE, "",
                      "无法记录这次查看的审计日志（磁盘可能已满），暂不能查看，请稍后再试",
                      "this read cannot be recorded in the audit log (the disk may be full); "
                      "try again later");
}

/*
 * The queue is failing (a flush did not commit): the entry goes to the
 * spill file and onto the disk, or the read is refused. Either way a flush
 * is queued, so the kept entries are committed as soon as the disk allows.
 */
static enum kh_status record_durable(const struct kh_ctx *ctx, struct read_queue *q,
                                     const struct audit_event *ev, struct kh_err *err)
{
    bool kept = spill_append(q, ctx, ev, true);
    bool enqueue = !q->job_queued;
    q->job_queued = true;
    pthread_mutex_unlock(&q->mu);
    struct kh_err e2;
    if (enqueue && queue_flush(ctx, q, &e2))
        log_warn("msg=\"audit flush not queued\" err=\"%s\"", e2.msg_en);
    return kept ? KH_OK : read_refused(ev, err);
}

enum kh_status audit_store_record_async(const struct kh_ctx *ctx, const struct audit_event *ev,
                                        struct kh_err *err)
{
    struct read_queue *q = db_slot(ctx->db, &read_queue_key);
    pthread_mutex_lock(&q->mu);
    if (!q->started)
        spill_start(q, ctx->db);
    if (q->failing)
        return record_durable(ctx, q, ev, err); /* unlocks q->mu */
    bool queued = queue_entry(q, ctx, ev);
    bool enqueue = queued && !q->job_queued;
    if (queued)
        q->job_queued = true;
    pthread_mutex_unlock(&q->mu);
    if (!queued &&
        audit_store_record(ctx, ev, err)) /* the spill file cannot be written: the slow way */
        return read_refused(ev, err);
    if (!queued)
        return KH_OK;
    return enqueue ? queue_flush(ctx, q, err) : KH_OK;
}

int64_t audit_store_spilled(struct db *db)
{
    struct read_queue *q = db_slot(db, &read_queue_key);
    pthread_mutex_lock(&q->mu);
    int64_t n = q->spilled;
    pthread_mutex_unlock(&q->mu);
    return n;
}

/*
 * A batch's detail is the reads' own detail, then "reads=N ids=…" (see
 * batch_emit): the count, and in *own the length of the reads' detail; 0
 * for an entry of one read.
 */
static int batch_reads(const char *target_id, const char *detail, size_t *own)
{
    *own = strlen(detail);
    if (*target_id)
        return 0;
    const char *at = !strncmp(detail, "reads=", 6) ? detail : strstr(detail, " reads=");
    if (!at)
        return 0;
    const char *num = at + (*at == ' ' ? 7 : 6);
    long long n = 0;
    const char *end = strstr(num, " ids=");
    if (!end || !str_to_i64(str_make(num, (size_t)(end - num)), 2, INT_MAX, &n))
        return 0;
    *own = (size_t)(at - detail);
    return (int)n;
}

static void read_row(struct db_stmt *s, struct arena *a, struct audit_row *row)
{
    row->id = db_col_int(s, 0);
    row->at = db_col_int(s, 1);
    row->actor_id = db_col_int(s, 2);
    row->actor_name = arena_strdup(a, db_col_text(s, 3));
    row->address = arena_strdup(a, db_col_text(s, 4));
    row->action = arena_strdup(a, db_col_text(s, 5));
    row->target_type = arena_strdup(a, db_col_text(s, 6));
    row->target_id = arena_strdup(a, db_col_text(s, 7));
    row->detail = arena_strdup(a, db_col_text(s, 8));
    row->hash = arena_strdup(a, db_col_text(s, 10));
    int64_t of_record = db_col_int(s, 11); /* a batch's row as the record's: its reads of it */
    size_t own = 0;
    int batch = batch_reads(of_record ? "" : row->target_id, row->detail, &own);
    row->reads = of_record ? (int)of_record : batch ? batch : 1;
    if (of_record && batch) /* the record's reads: the batch's other records are not listed */
        row->detail = arena_strndup(a, row->detail, own);
}

/*
 * Entries queued before now are committed when this returns (the writer's
 * queue is FIFO, and this write takes what is still in memory and in
 * closed spill files), unless the commit fails: then they are kept for
 * the next flush.
 */
static void wait_queued(struct db *db)
{
    if (db_on_writer_thread())
        return;
    struct flush_job j = {.q = db_slot(db, &read_queue_key)};
    struct kh_err ignored;
    if (db_write(db, flush_fn, &j, &ignored)) {
        if (j.taken)
            flush_giveback(&j);
    } else {
        flush_settled(j.q);
    }
    free(j.items);
}

void audit_store_flush(struct db *db)
{
    wait_queued(db);
}

/*
 * One statement per leading filter, so each can walk its index
 * (audit_target, audit_actor, audit_action) newest first; the other
 * filters are checked on the way. A single statement with every filter
 * guarded by "$n = '' OR" could use none of them and scanned the log.
 * The record's statement adds the batches that name it (audit_reads and
 * audit_reads_recent, $9 its id as a number), each as a row of that record;
 * the last column is the batch's count of its reads (0: an entry of its own).
 */
#define AUDIT_FILTERS(l)                                                                           \
    "($1 = 0 OR " l "id < $1) AND ($2 = 0 OR " l "actor_id = $2) AND ($3 = '' OR " l "action = "   \
    "$3) AND ($4 = '' OR " l "target_type = $4) AND ($6 = 0 OR " l "at >= $6) AND ($7 = 0 OR " l   \
    "at < $7) "
#define AUDIT_WHERE(lead)                                                                          \
    "WHERE " lead AUDIT_FILTERS("") "AND ($5 = '' OR target_id = $5) ORDER BY id DESC LIMIT $8"
#define AUDIT_COLS(l)                                                                              \
    l "id, " l "at, " l "actor_id, " l "actor_name, " l "address, " l "action, " l "target_type, "
#define AUDIT_LIST(lead)                                                                           \
    "SELECT " AUDIT_COLS("") "target_id, detail, prev_hash, hash, 0 FROM audit_log " AUDIT_WHERE(  \
        lead)
/* The count stops after $8 entries (list.h: LIST_COUNT_CAP + 1). */
#define AUDIT_COUNT(lead)                                                                          \
    "SELECT count(*) FROM (SELECT 1 FROM audit_log " AUDIT_WHERE(lead) ") AS n"
#define AUDIT_LEADS(M, record)                                                                     \
    {                                                                                              \
        M(""), record, M("actor_id = $2 AND "), M("action = $3 AND ")                              \
    }

/*
 * The batches that name the record $9, each with its count of the record's
 * reads (and a WHERE to go on with "AND"). CROSS JOIN keeps SQLite's order:
 * the index rows first, each entry by its id; as a plain join it scanned the
 * log for the recent table's rows. PostgreSQL plans it as the join it is.
 */
#define AUDIT_BATCHES_OF_RECORD                                                                    \
    "(SELECT entry_id, n FROM audit_reads WHERE target_id = $9 UNION ALL SELECT entry_id, n FROM " \
    "audit_reads_recent WHERE target_id = $9) r CROSS JOIN audit_log l WHERE l.id = r.entry_id "
#define AUDIT_FILTERS_LOG AUDIT_FILTERS("")
#define AUDIT_COLS_LOG AUDIT_COLS("")
#define AUDIT_FILTERS_BATCH AUDIT_FILTERS("l.")
#define AUDIT_COLS_BATCH AUDIT_COLS("l.")
#define AUDIT_RECORD_LIST                                                                          \
    "SELECT * FROM (SELECT " AUDIT_COLS_LOG                                                        \
    "target_id, detail, prev_hash, hash, 0 AS n FROM audit_log WHERE target_id = $5 "              \
    "AND " AUDIT_FILTERS_LOG "UNION ALL SELECT " AUDIT_COLS_BATCH                                  \
    "$5, l.detail, l.prev_hash, l.hash, "                                                          \
    "r.n FROM " AUDIT_BATCHES_OF_RECORD "AND " AUDIT_FILTERS_BATCH                                 \
    ") AS e ORDER BY id DESC LIMIT $8"
#define AUDIT_RECORD_COUNT                                                                         \
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE target_id = $5 "                  \
    "AND " AUDIT_FILTERS_LOG                                                                       \
    "LIMIT $8) AS a) + (SELECT count(*) FROM (SELECT 1 FROM " AUDIT_BATCHES_OF_RECORD              \
    "AND " AUDIT_FILTERS_BATCH "LIMIT $8) AS b)"

static const char *const list_sql[] = AUDIT_LEADS(AUDIT_LIST, AUDIT_RECORD_LIST);
static const char *const count_sql[] = AUDIT_LEADS(AUDIT_COUNT, AUDIT_RECORD_COUNT);

/* Which of the statements above: the record, else the person, else the action, else none. */
static int audit_lead(const struct audit_filter *f)
{
    if (f->target_id && *f->target_id)
        return 1;
    if (f->actor_id)
        return 2;
    return f->action && *f->action ? 3 : 0;
}

static void bind_audit_filter(struct db_stmt *s, const struct audit_filter *f, int64_t before,
                              int64_t limit)
{
    db_bind_int(s, 1, before);
    db_bind_int(s, 2, f->actor_id);
    db_bind_text(s, 3, f->action ? f->action : "");
    db_bind_text(s, 4, f->target_type ? f->target_type : "");
    db_bind_text(s, 5, f->target_id ? f->target_id : "");
    db_bind_int(s, 6, f->from);
    db_bind_int(s, 7, f->to);
    db_bind_int(s, 8, limit);
    if (audit_lead(f) == 1) { /* the record's id as a batch names it; none for another id */
        long long id = 0;
        db_bind_int(s, 9, str_to_i64(str_from(f->target_id), 1, INT64_MAX, &id) ? id : -1);
    }
}

/* The audit list has one order, newest first: its cursor is the last entry's id. */
static uint32_t audit_cursor_tag(void)
{
    return cursor_tag("audit", 0);
}

static enum kh_status audit_count(struct db_conn *c, const struct audit_filter *f,
                                  struct list_total *out, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, count_sql[audit_lead(f)]);
    bind_audit_filter(s, f, 0, LIST_COUNT_CAP + 1);
    enum db_step_result r = db_step(s, err);
    *out = list_total_of(r == DB_ROW ? db_col_int(s, 0) : 0);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status audit_store_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                                struct audit_page *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct cursor after = {0};
    if (f->cursor &&
        cursor_decode(ctx->arena, str_from(f->cursor), audit_cursor_tag(), "", &after, err))
        return err->code;
    wait_queued(ctx->db);
    int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, list_sql[audit_lead(f)]);
    bind_audit_filter(s, f, after.id, limit + 1);
    out->rows = arena_alloc(ctx->arena, sizeof(struct audit_row) * (size_t)(limit + 1));
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (out->count == limit) {
            struct cursor next = {.id = out->rows[out->count - 1].id};
            out->next_cursor = cursor_encode(ctx->arena, audit_cursor_tag(), &next);
            break;
        }
        read_row(s, ctx->arena, &out->rows[out->count++]);
    }
    enum kh_status st = r == DB_ERROR ? err->code : KH_OK;
    if (!st && f->with_total)
        st = audit_count(c, f, &out->total, err);
    db_read_end(ctx->db, c);
    return st;
}

static void verify_fail(struct audit_verify_result *out, int64_t id, const char *why)
{
    out->ok = false;
    out->first_bad_id = id;
    kh_strlcpy(out->reason, why, sizeof(out->reason));
}

/* One walk of the chain: the key it is checked with, the checkpoints it meets. */
struct chain_walk {
    const struct audit_key *key;  /* NULL: without a key */
    struct audit_checkpoint *cps; /* state set where the walk meets their entry */
    int ncps;
    char prev[KH_HASH_HEX]; /* the last good entry's hash */
    int64_t last_id, newest_at;
    uint64_t reads_sum; /* the marks of every read the batches name (read_mark) */
    int64_t reads_rows;
};

/*
 * A read of a batch as a number: the key's MAC of (entry, record, count).
 * Summed over the batches' details and over the index rows, the two sums
 * match when the index holds exactly what the entries name, in whatever
 * order; without the key nobody can make a changed index sum the same.
 */
static uint64_t read_mark(const struct audit_key *key, int64_t entry, int64_t target, int64_t n)
{
    int64_t v[3] = {entry, target, n};
    uint64_t m = 0;
    if (key) {
        unsigned char out[16];
        crypto_mac(key->mac, v, sizeof(v), out, sizeof(out));
        memcpy(&m, out, sizeof(m));
    } else {
        char hex[KH_HASH_HEX];
        crypto_hash_hex(v, sizeof(v), hex);
        hex[16] = '\0';
        m = strtoull(hex, NULL, 16);
    }
    return m;
}

/* The reads a batch's detail names ("… reads=N ids=12,57*2"), added to the walk's sums. */
static void walk_batch(struct chain_walk *w, int64_t id, const char *target_id, const char *detail)
{
    size_t own = 0;
    if (!batch_reads(target_id, detail, &own))
        return;
    const char *p = strstr(detail + own, " ids=");
    for (p = p ? p + 5 : ""; *p;) {
        char *end = NULL;
        long long target = strtoll(p, &end, 10), n = 1;
        if (end == p)
            break;
        if (*end == '*')
            n = strtoll(end + 1, &end, 10);
        w->reads_sum += read_mark(w->key, id, target, n);
        w->reads_rows++;
        if (*end != ',')
            break;
        p = end + 1;
    }
}

static void walk_checkpoints(struct chain_walk *w, int64_t id, const char *hash)
{
    for (int i = 0; i < w->ncps; i++)
        if (w->cps[i].last_id == id)
            w->cps[i].state = strcmp(w->cps[i].hash, hash) == 0 ? 1 : -1;
}

static bool verify_rows(struct db_stmt *s, struct audit_verify_result *out, struct chain_walk *w,
                        struct kh_err *err)
{
    enum db_step_result r;
    int64_t expect_id = 1;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        char h[KH_HASH_HEX];
        hash_row(w->key, w->prev, id, db_col_int(s, 1), db_col_int(s, 2), db_col_text(s, 3),
                 db_col_text(s, 4), db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7),
                 db_col_text(s, 8), h);
        out->entries++;
        if (id != expect_id) {
            verify_fail(out, id, "entry missing before this one");
            return false;
        }
        if (strcmp(db_col_text(s, 9), w->prev) != 0) {
            verify_fail(out, id, "previous-hash link broken");
            return false;
        }
        if (strcmp(db_col_text(s, 10), h) != 0) {
            verify_fail(out, id, "entry altered (hash mismatch)");
            return false;
        }
        memcpy(w->prev, h, KH_HASH_HEX);
        walk_batch(w, id, db_col_text(s, 7), db_col_text(s, 8));
        w->last_id = id;
        w->newest_at = db_col_int(s, 1);
        walk_checkpoints(w, id, h);
        expect_id = id + 1;
    }
    return r != DB_ERROR;
}

#define CHAIN_SELECT                                                                               \
    "SELECT id, at, actor_id, actor_name, address, action, target_type, target_id, detail, "       \
    "prev_hash, hash FROM audit_log "

/*
 * The index of batched reads against the batches the walk met (one
 * statement: one snapshot on PostgreSQL too; rows of entries after the
 * walk's last are a flush since, not compared).
 */
static enum kh_status index_check(struct db_conn *c, const struct chain_walk *w, bool *index_ok,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "SELECT entry_id, target_id, n FROM audit_reads WHERE entry_id <= $1 UNION ALL SELECT "
           "entry_id, target_id, n FROM audit_reads_recent WHERE entry_id <= $1");
    db_bind_int(s, 1, w->last_id);
    uint64_t sum = 0;
    int64_t rows = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        sum += read_mark(w->key, db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2));
        rows++;
    }
    if (r == DB_ERROR)
        return err->code;
    *index_ok = sum == w->reads_sum && rows == w->reads_rows;
    return KH_OK;
}

/* Walk the chain on c and compare the head; out says what is wrong. */
static enum kh_status chain_check(struct db_conn *c, struct chain_walk *w,
                                  struct audit_verify_result *out, bool *index_ok,
                                  struct kh_err *err)
{
    struct chain_head h;
    enum kh_status st = head_read(c, &h, err);
    if (st)
        return st;
    if (w->key && h.key_id[0] && strcmp(h.key_id, w->key->id) != 0) {
        snprintf(out->reason, sizeof(out->reason),
                 "written with another audit key (key %s; this key is %s)", h.key_id, w->key->id);
        out->ok = false;
        out->first_bad_id = 1;
        return KH_OK;
    }
    struct db_stmt *s = db_prepare(c, CHAIN_SELECT "ORDER BY id");
    if (!verify_rows(s, out, w, err))
        return out->ok ? err->code : KH_OK;
    s = db_prepare(c, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        if (db_col_int(s, 0) != w->last_id || strcmp(db_col_text(s, 1), w->prev) != 0)
            verify_fail(out, w->last_id + 1, "newest entries removed (head mismatch)");
    } else if (r == DB_DONE && w->last_id != 0) {
        verify_fail(out, 1, "chain head missing");
    } else if (r == DB_ERROR) {
        return err->code; /* not "verified": the head was never compared */
    }
    return out->ok ? index_check(c, w, index_ok, err) : KH_OK;
}

enum kh_status audit_store_verify(struct db *db, struct audit_checkpoint *cps, int ncps,
                                  struct audit_verify_result *out, int64_t *newest_at,
                                  bool *index_ok, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    out->ok = true;
    *newest_at = 0;
    *index_ok = true;
    wait_queued(db);
    struct chain_walk w = {.key = audit__key(), .cps = cps, .ncps = ncps, .prev = GENESIS};
    struct db_conn *c = db_read_begin(db);
    enum kh_status st = chain_check(c, &w, out, index_ok, err);
    db_read_end(db, c);
    *newest_at = w.newest_at;
    return st;
}

/* ---- re-keying a chain written without a key ---- */

#define REKEY_BATCH 512

struct rekey_row {
    int64_t id, at, actor_id;
    char *actor_name, *address, *action, *target_type, *target_id, *detail;
};

static void rekey_rows_free(struct rekey_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        free(rows[i].actor_name);
        free(rows[i].address);
        free(rows[i].action);
        free(rows[i].target_type);
        free(rows[i].target_id);
        free(rows[i].detail);
    }
}

/* Read up to REKEY_BATCH entries after id `after`; *n of them. */
static enum kh_status rekey_read(struct db_conn *c, int64_t after, struct rekey_row *rows, int *n,
                                 struct kh_err *err)
{
    *n = 0;
    struct db_stmt *s = db_prepare(c, CHAIN_SELECT "WHERE id > $1 ORDER BY id LIMIT $2");
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, REKEY_BATCH);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        struct rekey_row *w = &rows[(*n)++];
        *w = (struct rekey_row){db_col_int(s, 0),
                                db_col_int(s, 1),
                                db_col_int(s, 2),
                                kh_strdup(db_col_text(s, 3)),
                                kh_strdup(db_col_text(s, 4)),
                                kh_strdup(db_col_text(s, 5)),
                                kh_strdup(db_col_text(s, 6)),
                                kh_strdup(db_col_text(s, 7)),
                                kh_strdup(db_col_text(s, 8))};
    }
    return r == DB_ERROR ? err->code : KH_OK;
}

/* Hash every entry again with the key, in order; h ends at the last one. */
static enum kh_status rekey_entries(struct db_conn *c, struct chain_head *h, struct kh_err *err)
{
    struct rekey_row *rows = kh_calloc(REKEY_BATCH, sizeof(*rows));
    enum kh_status st = KH_OK;
    int n = 0;
    kh_strlcpy(h->hash, GENESIS, sizeof(h->hash));
    h->last_id = h->entries = 0;
    do {
        st = rekey_read(c, h->last_id, rows, &n, err);
        for (int i = 0; i < n && !st; i++) {
            struct rekey_row *w = &rows[i];
            char hash[KH_HASH_HEX];
            hash_row(audit__key(), h->hash, w->id, w->at, w->actor_id, w->actor_name, w->address,
                     w->action, w->target_type, w->target_id, w->detail, hash);
            struct db_stmt *u =
                db_prepare(c, "UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3");
            db_bind_text(u, 1, h->hash);
            db_bind_text(u, 2, hash);
            db_bind_int(u, 3, w->id);
            st = db_exec_stmt(u, err);
            memcpy(h->hash, hash, sizeof(hash));
            h->last_id = w->id;
            h->entries++;
        }
        rekey_rows_free(rows, n);
    } while (!st && n == REKEY_BATCH);
    free(rows);
    return st;
}

struct rekey_job {
    const struct kh_ctx *ctx;
    int64_t entries;
};

static enum kh_status rekey_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct rekey_job *j = arg;
    struct chain_head was;
    enum kh_status st = head_lock(c, &was, err);
    if (st)
        return st;
    if (was.key_id[0])
        return kh_err_setf(err, KH_E_INTERNAL, "key",
                           "审计日志已用密钥 %s 加密链接，但找不到密钥文件：请放回原来的 kehu.key",
                           "the audit chain was keyed with key %s but its key file is missing: "
                           "put the original kehu.key back",
                           was.key_id, was.key_id);
    struct audit_verify_result old = {.ok = true};
    struct chain_walk w = {.prev = GENESIS}; /* the chain as it was: without a key */
    struct db_stmt *s = db_prepare(c, CHAIN_SELECT "ORDER BY id");
    if (!verify_rows(s, &old, &w, err) && old.ok)
        return err->code;
    j->entries = old.entries;
    if (old.entries == 0)
        return KH_OK; /* a new database: nothing to re-key, nothing to say */
    struct chain_head h;
    st = rekey_entries(c, &h, err);
    if (st)
        return st;
    char detail[256];
    if (old.ok)
        snprintf(detail, sizeof(detail), "%lld entries re-keyed; the chain before was intact",
                 (long long)h.entries);
    else
        snprintf(detail, sizeof(detail),
                 "%lld entries re-keyed; the chain before was broken at entry %lld: %s",
                 (long long)h.entries, (long long)old.first_bad_id, old.reason);
    struct audit_event ev = {"audit.rekey", "", 0, detail};
    st = entry_insert(c, &h, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
    return st ? st : head_write(c, &h, err);
}

enum kh_status audit_store_rekey(const struct kh_ctx *ctx, int64_t *entries, struct kh_err *err)
{
    struct rekey_job j = {ctx, 0};
    enum kh_status st = db_write(ctx->db, rekey_fn, &j, err);
    *entries = st ? 0 : j.entries;
    return st;
}

enum kh_status audit_store_head(struct db *db, int64_t *last_id, char hash[KH_HASH_HEX],
                                struct kh_err *err)
{
    wait_queued(db);
    struct db_conn *c = db_read_begin(db);
    struct chain_head h;
    enum kh_status st = head_read(c, &h, err);
    db_read_end(db, c);
    *last_id = st ? 0 : h.last_id;
    memcpy(hash, st ? GENESIS : h.hash, KH_HASH_HEX);
    return st;
}
