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
KH_NODISCARD enum kh_status audit_list(const struct kh_ctx *ctx, const struct audit_filter *f,
                                       struct audit_page *out, struct kh_err *err);

struct audit_verify_result {
    bool ok;
    int64_t entries;
    int64_t first_bad_id; /* 0 when ok, or when the loss is at the head */
    char reason[128];
};

/* Walk the whole chain. Needs audit.read (the CLI acts as system). */
KH_NODISCARD enum kh_status audit_verify(const struct kh_ctx *ctx, struct audit_verify_result *out,
                                         struct kh_err *err);

#endif
