#include "audit/audit_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/mem.h"
#include "crypto/crypto.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Fields are length-prefixed so no two different rows hash the same. */
static void hash_row(const char *prev, int64_t id, int64_t at, int64_t actor_id,
                     const char *actor_name, const char *address, const char *action,
                     const char *target_type, const char *target_id, const char *detail,
                     char out[KH_HASH_HEX])
{
    struct buf b;
    buf_init(&b, 0);
    const char *parts[] = {prev, actor_name, address, action, target_type, target_id, detail};
    buf_printf(&b, "%lld|%lld|%lld|", (long long)id, (long long)at, (long long)actor_id);
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        buf_printf(&b, "%zu:%s|", strlen(parts[i]), parts[i]);
    crypto_hash_hex(b.data, b.len, out);
    buf_release(&b);
}

/* The chain's head: the last entry's id and hash, and the number of entries. */
struct chain_head {
    int64_t last_id, entries;
    char hash[KH_HASH_HEX];
};

static enum kh_status head_read(struct db_conn *c, struct chain_head *h, struct kh_err *err)
{
    *h = (struct chain_head){0, 0, GENESIS};
    struct db_stmt *s =
        db_prepare(c, "SELECT last_id, last_hash, entries FROM audit_head WHERE id = 1");
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_ROW) {
        h->last_id = db_col_int(s, 0);
        kh_strlcpy(h->hash, db_col_text(s, 1), sizeof(h->hash));
        h->entries = db_col_int(s, 2);
    }
    return KH_OK;
}

static enum kh_status head_write(struct db_conn *c, const struct chain_head *h, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO audit_head (id, last_id, last_hash, entries) VALUES (1, $1, $2, $3) "
           "ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, "
           "last_hash = excluded.last_hash, entries = excluded.entries");
    db_bind_int(s, 1, h->last_id);
    db_bind_text(s, 2, h->hash);
    db_bind_int(s, 3, h->entries);
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
    hash_row(h->hash, id, at, actor->user_id, actor_name, actor->address, ev->action, ttype,
             target_id, detail, hash);

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
    enum kh_status st = head_read(c, &h, err);
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
 * saves the head's read and write and the write's own savepoint. A queue of
 * READ_QUEUE_MAX entries makes the next read wait for the commit, so memory
 * stays bounded. The queue belongs to its database (db_slot): it lives until
 * db_close, which runs every queued write first.
 */
#define READ_QUEUE_MAX 4096

struct read_queue {
    pthread_mutex_t mu;
    struct async_entry *items;
    int n, cap;
    bool job_queued;
};

static void *read_queue_new(void)
{
    struct read_queue *q = kh_calloc(1, sizeof(*q));
    pthread_mutex_init(&q->mu, NULL);
    return q;
}

static void read_queue_free(void *arg)
{
    struct read_queue *q = arg;
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
};

static void flush_job_free(void *arg)
{
    struct flush_job *j = arg;
    free(j->items);
    free(j);
}

static enum kh_status flush_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct flush_job *j = arg;
    struct read_queue *q = j->q;
    if (!j->taken) {
        pthread_mutex_lock(&q->mu);
        j->items = q->items;
        j->n = q->n;
        q->items = NULL;
        q->n = q->cap = 0;
        q->job_queued = false;
        pthread_mutex_unlock(&q->mu);
        j->taken = true;
    }
    struct chain_head h;
    enum kh_status st = j->n ? head_read(c, &h, err) : KH_OK;
    for (int i = 0; i < j->n && !st; i++) {
        struct async_entry *a = &j->items[i];
        a->ev = (struct audit_event){a->action, a->target_type, a->ev.target_id, a->detail};
        st = entry_insert(c, &h, &a->actor, a->at, &a->ev, err);
    }
    if (j->n && !st)
        st = head_write(c, &h, err);
    return st;
}

/* Entries a failed write took go back to the front of the queue, for the next write. */
static void queue_put_back(struct read_queue *q, struct async_entry *items, int n)
{
    if (!n)
        return;
    pthread_mutex_lock(&q->mu);
    size_t total = (size_t)n + (size_t)q->n;
    struct async_entry *all = kh_malloc(kh_size_mul(total, sizeof(*all)));
    memcpy(all, items, sizeof(*all) * (size_t)n);
    if (q->n)
        memcpy(all + n, q->items, sizeof(*all) * (size_t)q->n);
    free(q->items);
    q->items = all;
    q->n = q->cap = (int)total;
    pthread_mutex_unlock(&q->mu);
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

enum kh_status audit_store_record_async(const struct kh_ctx *ctx, const struct audit_event *ev,
                                        struct kh_err *err)
{
    struct read_queue *q = db_slot(ctx->db, &read_queue_key);
    pthread_mutex_lock(&q->mu);
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 64;
        q->items = kh_realloc(q->items, sizeof(*q->items) * (size_t)q->cap);
    }
    entry_copy(&q->items[q->n++], ctx, ev);
    bool enqueue = !q->job_queued, full = q->n >= READ_QUEUE_MAX;
    q->job_queued = true;
    pthread_mutex_unlock(&q->mu);
    if (full) {
        struct flush_job j = {q, NULL, 0, false};
        enum kh_status st = db_write(ctx->db, flush_fn, &j, err);
        if (st) { /* the other readers' entries wait for the next write */
            queue_put_back(q, j.items, j.n);
            pthread_mutex_lock(&q->mu);
            q->job_queued = false;
            pthread_mutex_unlock(&q->mu);
        }
        free(j.items);
        return st;
    }
    enum kh_status st = KH_OK;
    if (enqueue) {
        struct flush_job *j = kh_calloc(1, sizeof(*j));
        j->q = q;
        st = db_write_async(ctx->db, flush_fn, j, flush_job_free, err);
    }
    if (st) { /* no job will take the queue: the next entry queues one */
        pthread_mutex_lock(&q->mu);
        q->job_queued = false;
        pthread_mutex_unlock(&q->mu);
    }
    return st;
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
}

static enum kh_status barrier_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)c;
    (void)arg;
    (void)err;
    return KH_OK;
}

/* Entries queued before now are committed when this returns (the queue is FIFO). */
static void wait_queued(struct db *db)
{
    struct kh_err ignored;
    if (!db_on_writer_thread())
        KH_IGNORE(db_write(db, barrier_fn, NULL, &ignored));
}

enum kh_status audit_store_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                                struct audit_page *out, struct kh_err *err)
{
    wait_queued(ctx->db);
    memset(out, 0, sizeof(*out));
    int limit = f->limit > 0 && f->limit <= 200 ? f->limit : 50;
    struct db_conn *c = db_read_begin(ctx->db);
    /*
     * One statement per leading filter, so each can walk its index
     * (audit_target, audit_actor, audit_action) newest first; the other
     * filters are checked on the way. A single statement with every filter
     * guarded by "$n = '' OR" could use none of them and scanned the log.
     */
#define AUDIT_LIST(lead)                                                                           \
    "SELECT id, at, actor_id, actor_name, address, action, target_type, target_id, detail, "       \
    "prev_hash, hash FROM audit_log WHERE " lead "($1 = 0 OR id < $1) "                            \
    "AND ($2 = 0 OR actor_id = $2) AND ($3 = '' OR action = $3) "                                  \
    "AND ($4 = '' OR target_type = $4) AND ($5 = '' OR target_id = $5) "                           \
    "AND ($6 = 0 OR at >= $6) AND ($7 = 0 OR at < $7) ORDER BY id DESC LIMIT $8"
    const char *sql = AUDIT_LIST("");
    if (f->target_id && *f->target_id)
        sql = AUDIT_LIST("target_id = $5 AND ");
    else if (f->actor_id)
        sql = AUDIT_LIST("actor_id = $2 AND ");
    else if (f->action && *f->action)
        sql = AUDIT_LIST("action = $3 AND ");
#undef AUDIT_LIST
    struct db_stmt *s = db_prepare(c, sql);
    db_bind_int(s, 1, f->before_id);
    db_bind_int(s, 2, f->actor_id);
    db_bind_text(s, 3, f->action ? f->action : "");
    db_bind_text(s, 4, f->target_type ? f->target_type : "");
    db_bind_text(s, 5, f->target_id ? f->target_id : "");
    db_bind_int(s, 6, f->from);
    db_bind_int(s, 7, f->to);
    db_bind_int(s, 8, limit + 1);
    out->rows = arena_alloc(ctx->arena, sizeof(struct audit_row) * (size_t)(limit + 1));
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (out->count == limit) {
            out->next_before_id = out->rows[out->count - 1].id;
            break;
        }
        read_row(s, ctx->arena, &out->rows[out->count++]);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

static void verify_fail(struct audit_verify_result *out, int64_t id, const char *why)
{
    out->ok = false;
    out->first_bad_id = id;
    kh_strlcpy(out->reason, why, sizeof(out->reason));
}

static bool verify_rows(struct db_stmt *s, struct audit_verify_result *out, char *prev,
                        int64_t *last_id, struct kh_err *err)
{
    enum db_step_result r;
    int64_t expect_id = 1;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        char h[KH_HASH_HEX];
        hash_row(prev, id, db_col_int(s, 1), db_col_int(s, 2), db_col_text(s, 3), db_col_text(s, 4),
                 db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7), db_col_text(s, 8), h);
        out->entries++;
        if (id != expect_id) {
            verify_fail(out, id, "entry missing before this one");
            return false;
        }
        if (strcmp(db_col_text(s, 9), prev) != 0) {
            verify_fail(out, id, "previous-hash link broken");
            return false;
        }
        if (strcmp(db_col_text(s, 10), h) != 0) {
            verify_fail(out, id, "entry altered (hash mismatch)");
            return false;
        }
        memcpy(prev, h, KH_HASH_HEX);
        *last_id = id;
        expect_id = id + 1;
    }
    return r != DB_ERROR;
}

enum kh_status audit_store_verify(struct db *db, struct audit_verify_result *out,
                                  struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    out->ok = true;
    wait_queued(db);
    char prev[KH_HASH_HEX] = GENESIS;
    int64_t last_id = 0;
    struct db_conn *c = db_read_begin(db);
    struct db_stmt *s = db_prepare(c, "SELECT id, at, actor_id, actor_name, address, action, "
                                      "target_type, target_id, detail, prev_hash, hash "
                                      "FROM audit_log ORDER BY id");
    enum kh_status st = KH_OK;
    if (!verify_rows(s, out, prev, &last_id, err)) {
        st = out->ok ? err->code : KH_OK;
    } else {
        s = db_prepare(c, "SELECT last_id, last_hash, entries FROM audit_head WHERE id = 1");
        enum db_step_result r = db_step(s, err);
        if (r == DB_ROW) {
            if (db_col_int(s, 0) != last_id || strcmp(db_col_text(s, 1), prev) != 0)
                verify_fail(out, last_id + 1, "newest entries removed (head mismatch)");
        } else if (r == DB_DONE && last_id != 0) {
            verify_fail(out, 1, "chain head missing");
        } else if (r == DB_ERROR) {
            st = err->code; /* not "verified": the head was never compared */
        }
    }
    db_read_end(db, c);
    return st;
}
