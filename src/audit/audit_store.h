#ifndef KH_AUDIT_AUDIT_STORE_H
#define KH_AUDIT_AUDIT_STORE_H

/* The audit log's SQL. Other stores call audit_store_append() in their writes. */

#include "app/ctx.h"
#include "audit/audit.h"
#include "audit/audit_internal.h"
#include "db/db.h"

/* Append one entry on a writer connection, inside the caller's transaction. */
KH_NODISCARD enum kh_status audit_store_append(struct db_conn *c, const struct kh_actor *actor,
                                               int64_t at, const struct audit_event *ev,
                                               struct kh_err *err);

/* Append one entry in a write of its own (rides the next group commit). */
KH_NODISCARD enum kh_status audit_store_record(const struct kh_ctx *ctx,
                                               const struct audit_event *ev, struct kh_err *err);

/*
 * Queue one entry for the next group commit without waiting (audited reads):
 * in memory, or past 1,024 queued entries in a spill file beside the
 * database, so a read never waits for a busy writer. Entries are appended
 * to the chain in the order they were queued.
 */
KH_NODISCARD enum kh_status audit_store_record_async(const struct kh_ctx *ctx,
                                                     const struct audit_event *ev,
                                                     struct kh_err *err);
/* Write every queued read entry now and wait (audit_flush_reads). */
void audit_store_flush(struct db *db);
/* Entries this process has written to spill files (for tests). */
int64_t audit_store_spilled(struct db *db);

KH_NODISCARD enum kh_status audit_store_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                                             struct audit_page *out, struct kh_err *err);

/*
 * Walk the chain with the process's audit key (or none) and compare the
 * head. Each checkpoint whose entry the walk reaches gets state 1 (same
 * hash) or -1 (another); others stay 0. *newest_at: the last good entry's time.
 * *index_ok: false when the index of batched reads differs from the batches
 * the walk met (judged by the caller after the checkpoints, so a cut or
 * rewritten chain is named as such first).
 */
KH_NODISCARD enum kh_status audit_store_verify(struct db *db, struct audit_checkpoint *cps,
                                               int ncps, struct audit_verify_result *out,
                                               int64_t *newest_at, bool *index_ok,
                                               struct kh_err *err);

/*
 * In one write: check the chain as written without a key, hash every entry
 * again with the audit key, and append "audit.rekey" saying how many and
 * whether the old chain was intact. *entries: how many were re-keyed (0: none).
 */
KH_NODISCARD enum kh_status audit_store_rekey(const struct kh_ctx *ctx, int64_t *entries,
                                              struct kh_err *err);

/* The chain's head after every queued entry: the last entry's id and hash. */
KH_NODISCARD enum kh_status audit_store_head(struct db *db, int64_t *last_id,
                                             char hash[KH_HASH_HEX], struct kh_err *err);

#endif
