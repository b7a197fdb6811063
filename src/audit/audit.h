#ifndef KH_AUDIT_AUDIT_H
#define KH_AUDIT_AUDIT_H

/*
 * Audit log (R-SEC-10): who did what, when, from where, to what. Entries are
 * hash-chained: each stores the previous entry's hash and its own
 * BLAKE2b-256 over (previous hash, id, time, actor, address, action,
 * target, detail), so an edited, inserted or removed row breaks the chain.
 *
 * Changes write their entry with audit_store_append() inside their own write
 * transaction (see audit_store.h); events that change nothing else (a read,
 * a login) use audit_record(), which rides the next group commit.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

/* Read the audit log and verify its chain. */
extern const struct kh_perm audit_perm_read;
extern const struct kh_perm *const audit_perms[];

struct audit_event {
    const char *action;      /* "customer.read", "auth.login_failed", ... */
    const char *target_type; /* "customer", "user", "" */
    int64_t target_id;       /* 0: none */
    const char *detail;      /* short text, no secrets, may be NULL */
};

/* Record one event for ctx's actor (blocks until durable). */
KH_NODISCARD enum kh_status audit_record(const struct kh_ctx *ctx, const struct audit_event *ev,
                                         struct kh_err *err);

/*
 * Record the audit entry of a read (R-SEC-10): it joins the next group
 * commit, normally within milliseconds, and the read is answered without
 * waiting for that commit's fsync. A crash can lose the entries of reads
 * answered in its last milliseconds, never those of changes (written in the
 * change's own transaction).
 */
KH_NODISCARD enum kh_status audit_record_read(const struct kh_ctx *ctx,
                                              const struct audit_event *ev, struct kh_err *err);

/*
 * Write the read entries still waiting (in memory, in spill files) now, and
 * wait for the commit; entries a failed write kept are tried again. For a
 * command about to close its database: a server stopped after the disk was
 * freed keeps what it held while the disk was full. Blocks; never fails
 * (what cannot be written stays queued, and is logged).
 */
void audit_flush_reads(const struct kh_ctx *ctx);

struct audit_row {
    int64_t id;
    int64_t at;
    int64_t actor_id;
    const char *actor_name;
    const char *address;
    const char *action;
    const char *target_type;
    const char *target_id;
    const char *detail;
    const char *hash;
    /*
     * The reads the entry stands for: 1, or for a batch (DECISIONS 156) the
     * reads it names, and as a row of one record's trail, that record's.
     */
    int reads;
};

/* The audit list's filter; audit_list_spec (audit.c) names its keys for the API. */
struct audit_filter {
    int64_t actor_id;
    const char *action;
    const char *target_type;
    const char *target_id;
    int64_t from, to;   /* 0: open */
    const char *cursor; /* a next_cursor of this list; NULL: the newest entries */
    int limit;          /* 1..200; 0: 50 */
    bool with_total;    /* count the matches too (audit_page.total) */
};

extern const struct list_spec audit_list_spec;

struct audit_page {
    struct audit_row *rows; /* in ctx->arena */
    int count;
    const char *next_cursor; /* NULL when no more */
    struct list_total total; /* when the filter asked with_total */
};

/* Needs audit.read. Newest first; KH_E_INVALID "cursor" for a cursor not of this list. */
/*
 * The trail of one record (f's target) for a capability that has decided
 * the actor may see it ("who saw this customer"): no audit.read needed.
 */
KH_NODISCARD enum kh_status audit_list_of_record(const struct kh_ctx *ctx,
                                                 const struct audit_filter *f,
                                                 struct audit_page *out, struct kh_err *err);
KH_NODISCARD enum kh_status audit_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                                       struct audit_page *out, struct kh_err *err);

struct audit_verify_result {
    bool ok;
    int64_t entries;
    int64_t first_bad_id; /* 0 when ok, or when the loss is at the head */
    char reason[160];
    int checkpoints; /* checkpoints the chain was compared with */
};

/*
 * Walk the whole chain with the audit key, then compare it with every
 * checkpoint in the checkpoint file: the chain must reach each one's entry
 * with the same hash ("chain shorter than the checkpoint of …", "chain
 * differs from the checkpoint of …"); a checkpoint whose seal does not
 * check fails too. Needs audit.read (the CLI acts as system).
 */
KH_NODISCARD enum kh_status audit_verify(const struct kh_ctx *ctx, struct audit_verify_result *out,
                                         struct kh_err *err);
/*
 * The same for a backup (ctx->db a copy of one): a checkpoint written after
 * the backup's newest entry is not held against it (the backup is older);
 * every other must be reached with the same hash.
 */
KH_NODISCARD enum kh_status
audit_verify_backup(const struct kh_ctx *ctx, struct audit_verify_result *out, struct kh_err *err);

/*
 * The audit key (DECISIONS "The audit chain is keyed"): a key file outside
 * the database, $KEHU_KEY_FILE or "<database folder>/kehu.key", read once at
 * start; the chain's hashes are keyed BLAKE2b MACs. Checkpoints of the
 * chain's head go to $KEHU_AUDIT_CHECKPOINTS or
 * "<database folder>/kehu-audit-checkpoints".
 *
 * audit_keys_open (every command that opens the database, at start, before
 * other threads): reads the key; when there is no key file yet (a new
 * database, or the first start of a version with keys) makes one (0600)
 * and re-keys the existing chain in one write, recorded as "audit.rekey".
 * A key file that exists is never replaced, and a chain is re-keyed only
 * when the key is new: removing the key mark from the database re-keys
 * nothing. audit_keys_load: read only (backup checks, restore); KH_E_NOT_FOUND
 * (field "key") naming the path when there is no key.
 */
KH_NODISCARD enum kh_status audit_keys_open(const struct kh_ctx *ctx, const char *db_path,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status audit_keys_load(const char *db_path, struct kh_err *err);
/* The key file's path for a database (as above), into out. */
void audit_key_path(const char *db_path, char *out, size_t cap);

/*
 * Append a checkpoint of the chain's head (the last entry's id and hash,
 * the time, sealed with a MAC of the key) to the checkpoint file and sync
 * it, then record "audit.checkpoint". KH_E_INTERNAL without a key or when
 * the file cannot be written. The daily task below runs it.
 */
KH_NODISCARD enum kh_status audit_checkpoint_write(const struct kh_ctx *ctx, struct kh_err *err);
extern const struct job_kind audit_checkpoint_kind;
/*
 * Daily, due from AUDIT_CHECKPOINT_HOUR (midnight, company time) for an hour,
 * once that day; a server down for the whole hour skips that day's checkpoint.
 */
extern const struct job_task audit_checkpoint_task;
#define AUDIT_CHECKPOINT_HOUR 0
extern const struct kh_audit_action audit_audit_actions[];

#endif
