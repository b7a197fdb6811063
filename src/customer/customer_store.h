#ifndef KH_CUSTOMER_CUSTOMER_STORE_H
#define KH_CUSTOMER_CUSTOMER_STORE_H

/* Every SQL statement of the customer capability. */

#include "customer/customer.h"

struct tok_query;

/* Normalised identifying key (R-ARC-8). */
struct customer_key {
    const char *kind; /* phone, id_number, uscc, name_company */
    const char *value;
};

/* Index tokens per column of the search table. */
struct search_doc {
    const char *name, *company, *py, *phone, *other;
};

struct customer_write {
    struct customer *c; /* values to store (tags/templates/custom already encoded below) */
    const char *tags_json, *templates_json, *custom_json;
    const struct customer_key *keys;
    int nkeys;
    const struct search_doc *doc;
    const struct field_change *changes; /* update only */
    int nchanges;
    int64_t expect_version;            /* update only */
    const struct numbering_rule *rule; /* create only */
    struct customer_dup hit;           /* out: filled on KH_E_CONFLICT from a duplicate key */
    /* The writer's clearance: a duplicate above it is reported without its code and owner. */
    int clearance;
    /*
     * Not NULL: filled with the record as stored, inside the write's
     * transaction (the request's answer: nothing read after the commit can
     * fail a kept change). An update's answer is read back with its contacts
     * and audited as a read in that transaction; a create's is made from
     * what it wrote, neither read back nor audited (DECISIONS §158).
     */
    struct customer *answer;
    /*
     * create only: not NULL when c->code is given (imports): the sequence
     * scope it counts in and its number, so numbering continues after it.
     */
    const char *code_scope;
    int64_t code_seq;
    /* An update whose values equal the stored ones (the domain then stores nothing). */
    bool unchanged;
    /* update only: the approval request that confirmed it (R-ARC-12), named in its audit entry */
    int64_t request_id;
};

KH_NODISCARD enum kh_status customer_store_insert(const struct kh_ctx *ctx,
                                                  struct customer_write *w, int64_t *id_out,
                                                  struct kh_err *err);
/* A batch: one write transaction on the writer thread (importers). */
struct pending_doc;
struct customer_store_batch {
    const struct kh_ctx *ctx;
    struct db_conn *conn;
    struct pending_doc *docs; /* search rows written at the end of the batch */
    int ndocs, capdocs, row_mark;
    bool in_row;
    /*
     * Codes of seq_scope reserved in the database by one statement (a block),
     * handed out in memory: seq_next up to seq_end (exclusive). seq_row: the
     * block was reserved inside the current row's savepoint (its rollback
     * takes the reservation back, so the block is forgotten with it).
     */
    char seq_scope[64];
    int64_t seq_next, seq_end;
    bool seq_row;
    int64_t branch_id; /* last branch code looked up */
    char branch_code[16];
    int64_t import_batch; /* new rows belong to this staged import (0: visible at once) */
};
typedef enum kh_status customer_store_batch_fn(struct customer_store_batch *b, void *arg,
                                               struct kh_err *err);
/*
 * One batch in one write; new rows belong to import_batch (0: none, visible
 * at once). Their search documents are kept in search_backlog for
 * customer_store_backlog_move instead of going into the search index.
 */
KH_NODISCARD enum kh_status customer_store_batch_run(const struct kh_ctx *ctx, int64_t import_batch,
                                                     customer_store_batch_fn *fn, void *arg,
                                                     struct kh_err *err);
/* The customers whose search documents wait in search_backlog. */
KH_NODISCARD enum kh_status customer_store_backlog_count(const struct kh_ctx *ctx, int64_t *n,
                                                         struct kh_err *err);
/* Whether any does (cheap: for every search). */
KH_NODISCARD enum kh_status customer_store_backlog_any(const struct kh_ctx *ctx, bool *any,
                                                       struct kh_err *err);
/*
 * One write: up to max of the waiting documents, lowest ids first, go into
 * the search index and leave search_backlog (fewer when another write waits
 * for the writer). bulk_on: the index goes into bulk mode first
 * (db_search_bulk); whenever the backlog is then empty it leaves it in the
 * same write. *moved: how many; *empty: whether none waits now.
 */
KH_NODISCARD enum kh_status customer_store_backlog_move(const struct kh_ctx *ctx, int max,
                                                        bool bulk_on, int *moved, bool *empty,
                                                        struct kh_err *err);
/*
 * Staged imports (migration 011): open a pending batch for a job (a batch
 * an earlier run of the same job left pending is discarded first); rows
 * stored with that batch are seen by no read until publish, which makes
 * them all visible in one short write with its audit entry; discard
 * deletes them, in short writes.
 */
KH_NODISCARD enum kh_status customer_store_stage_open(const struct kh_ctx *ctx, int64_t job_id,
                                                      int64_t *batch, struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_stage_publish(const struct kh_ctx *ctx, int64_t batch,
                                                         const char *action, const char *detail,
                                                         struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_stage_discard(const struct kh_ctx *ctx, int64_t batch,
                                                         struct kh_err *err);
/* Whether job_id published a batch (*found), and how many customers it holds (*rows). */
KH_NODISCARD enum kh_status customer_store_stage_published(const struct kh_ctx *ctx, int64_t job_id,
                                                           bool *found, int64_t *rows,
                                                           struct kh_err *err);
/* One step of merging the search index after a load (db_search_merge), a write of its own. */
KH_NODISCARD enum kh_status customer_store_search_merge(const struct kh_ctx *ctx, int pages,
                                                        bool *more, struct kh_err *err);
/* Compact the search index after a bulk load (db_search_optimize), in a write of its own. */
KH_NODISCARD enum kh_status customer_store_search_optimize(const struct kh_ctx *ctx,
                                                           struct kh_err *err);
/* Insert without a per-record audit entry (the batch writes one). */
KH_NODISCARD enum kh_status customer_store_batch_insert(struct customer_store_batch *b,
                                                        const struct kh_ctx *row_ctx,
                                                        struct customer_write *w, int64_t *id_out,
                                                        struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_batch_update(struct customer_store_batch *b,
                                                        const struct kh_ctx *row_ctx,
                                                        struct customer_write *w,
                                                        struct kh_err *err);
/* A new contact of a customer inserted in this batch (no audit entry of its own). */
KH_NODISCARD enum kh_status
customer_store_batch_contact(struct customer_store_batch *b, const struct kh_ctx *row_ctx,
                             int64_t customer_id, const struct contact *c, struct kh_err *err);
/* what: 0 savepoint, 1 release, 2 roll back to the savepoint */
KH_NODISCARD enum kh_status customer_store_batch_mark(struct customer_store_batch *b, int what,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_batch_audit(struct customer_store_batch *b,
                                                       const char *action, const char *detail,
                                                       struct kh_err *err);
/* True when another write waits for this batch's transaction to end. */
bool customer_store_batch_wanted(const struct customer_store_batch *b);

/* An update inside another write (an approval's apply), on its connection. */
KH_NODISCARD enum kh_status customer_store_update_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                     struct customer_write *w, struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_update(const struct kh_ctx *ctx,
                                                  struct customer_write *w, struct kh_err *err);
/*
 * A merge (R-ARC-8) in one write: the duplicate's keys are freed, the
 * survivor updated with w (nothing when w->unchanged), the duplicate's
 * contacts and histories and every registered reference (refs) moved to the
 * survivor, the duplicate archived and marked merged (KH_E_CONFLICT when it
 * was merged meanwhile), and both audited. w->answer as for an update.
 */
struct customer_ref_kind;
struct customer_merge_write {
    struct customer_write *w;
    int64_t duplicate_id;
    const char *duplicate_code;
    const char *reason;
    const struct customer_ref_kind *const *refs;
    size_t nrefs;
    int64_t contacts_moved; /* out */
};
KH_NODISCARD enum kh_status
customer_store_merge(const struct kh_ctx *ctx, struct customer_merge_write *m, struct kh_err *err);
/* Read-only: the stored record holding one of keys (KH_E_CONFLICT with hit), else KH_OK. */
KH_NODISCARD enum kh_status customer_store_find_key(const struct kh_ctx *ctx,
                                                    const struct customer_key *keys, int nkeys,
                                                    int clearance, struct customer_dup *hit,
                                                    struct kh_err *err);
/* Up to limit customer ids above after, in order. */
KH_NODISCARD enum kh_status customer_store_ids_after(const struct kh_ctx *ctx, int64_t after,
                                                     int limit, int64_t **ids, int *n,
                                                     struct kh_err *err);
/* The phones of one customer (three) or one contact (the first), by row id. */
struct phone_row {
    int64_t id;
    const char *phone[3];
};
/*
 * Up to limit rows above after, in id order: customers' mobile, office and
 * home phones, or (contacts) contacts' phones.
 */
KH_NODISCARD enum kh_status customer_store_phones_after(const struct kh_ctx *ctx, bool contacts,
                                                        int64_t after, int limit,
                                                        struct phone_row **rows, int *n,
                                                        struct kh_err *err);
/* Store the phones of rows as given (one write; no version, history or audit: a format change). */
KH_NODISCARD enum kh_status customer_store_phones_put(const struct kh_ctx *ctx, bool contacts,
                                                      const struct phone_row *rows, int n,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_destroy_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                      int64_t id, struct customer_destroyed *out,
                                                      struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_retention_recompute_on(struct db_conn *c,
                                                                  struct kh_err *err);
/* How many customer rows there are (every state): a job's total. */
KH_NODISCARD enum kh_status customer_store_count_all(const struct kh_ctx *ctx, int64_t *n,
                                                     struct kh_err *err);
/* Replace the search rows of ids (one write), and with keys their phone and ID-number keys. */
KH_NODISCARD enum kh_status
customer_store_replace_docs(const struct kh_ctx *ctx, const int64_t *ids,
                            const struct search_doc *docs, struct customer_key *const *keys,
                            const int *nkeys, int n, struct kh_err *err);
/* Whether a customer (staged or not) has code. */
KH_NODISCARD enum kh_status customer_store_code_taken(const struct kh_ctx *ctx, const char *code,
                                                      bool *taken, struct kh_err *err);
/* A branch's code ("" for 0 or an unknown branch). */
KH_NODISCARD enum kh_status customer_store_branch_code(const struct kh_ctx *ctx, int64_t branch_id,
                                                       char *out, size_t cap, struct kh_err *err);
/* Load one record (no scope check, no audit). */
KH_NODISCARD enum kh_status customer_store_get(const struct kh_ctx *ctx, int64_t id,
                                               struct customer *out, struct kh_err *err);
/* The id of the customer with this code (0: none; unpublished imports count as none). */
KH_NODISCARD enum kh_status customer_store_id_by_code(const struct kh_ctx *ctx, const char *code,
                                                      int64_t *id, struct kh_err *err);
/* The request of user's grant to read customer in force at now (0: none). */
KH_NODISCARD enum kh_status customer_store_grant(const struct kh_ctx *ctx, int64_t user_id,
                                                 int64_t customer_id, int64_t now,
                                                 int64_t *request_id, int64_t *ends_at,
                                                 struct kh_err *err);
/* Grant user_id reads of ids[0 .. n) from starts to ends, for request_id (in c's write). */
KH_NODISCARD enum kh_status customer_store_grants_add_on(struct db_conn *c,
                                                         const struct kh_ctx *ctx,
                                                         int64_t request_id, int64_t user_id,
                                                         const int64_t *ids, int n, int64_t starts,
                                                         int64_t ends, struct kh_err *err);
/* user_id's grants in force at now (at most 500), soonest ending first, in ctx->arena. */
KH_NODISCARD enum kh_status customer_store_grants_of(const struct kh_ctx *ctx, int64_t user_id,
                                                     int64_t now, struct customer_grant **out,
                                                     int *count, struct kh_err *err);
/* Every grant of customer id (at most 500), newest first, in ctx->arena. */
KH_NODISCARD enum kh_status customer_store_grants_on(const struct kh_ctx *ctx, int64_t id,
                                                     struct customer_grant_of **out, int *count,
                                                     struct kh_err *err);
/* A page of the customers f and scope select; with q, only those the search q matches. */
KH_NODISCARD enum kh_status customer_store_list(const struct kh_ctx *ctx,
                                                const struct customer_scope *scope,
                                                const struct customer_filter *f,
                                                const struct tok_query *q,
                                                struct customer_page *out, struct kh_err *err);
/* How many customers customer_store_list would walk through for f, counting at most cap. */
/*
 * Up to n ids, in random order, of the customers f and scope select
 * (archived as f says; f->q not used) whose interactions match by
 * (customer_sample_by).
 */
KH_NODISCARD enum kh_status customer_store_sample(const struct kh_ctx *ctx,
                                                  const struct customer_scope *scope,
                                                  const struct customer_filter *f, int n,
                                                  const struct customer_sample_by *by, int64_t *ids,
                                                  int *count, struct kh_err *err);
/* customer_walk's rows: the segment under scope after id `after`, in id order, at most n. */
KH_NODISCARD enum kh_status customer_store_walk(const struct kh_ctx *ctx,
                                                const struct customer_scope *scope,
                                                const struct customer_filter *f, int64_t after,
                                                int n, struct customer_walk_row *out, int *count,
                                                struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_count(const struct kh_ctx *ctx,
                                                 const struct customer_scope *scope,
                                                 const struct customer_filter *f,
                                                 const struct tok_query *q, int64_t cap,
                                                 int64_t *out, struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_set_archived(const struct kh_ctx *ctx, int64_t id,
                                                        bool archived, struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_transfer(const struct kh_ctx *ctx, int64_t id,
                                                    int64_t from_owner, int64_t to_owner,
                                                    int64_t department_id, const char *reason,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_owner_history(const struct kh_ctx *ctx, int64_t id,
                                                         struct owner_change **out, int *count,
                                                         struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_field_history(const struct kh_ctx *ctx, int64_t id,
                                                         struct field_change **out, int *count,
                                                         struct kh_err *err);

KH_NODISCARD enum kh_status customer_store_contacts(const struct kh_ctx *ctx, int64_t customer_id,
                                                    struct contact **out, int *count,
                                                    struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_contact_get(const struct kh_ctx *ctx,
                                                       int64_t customer_id, int64_t contact_id,
                                                       struct contact *out, struct kh_err *err);
/* A customer's contacts on a connection the caller holds (a write's, for its answer). */
KH_NODISCARD enum kh_status customer_store_contacts_on(struct db_conn *c, struct arena *a,
                                                       int64_t customer_id, struct contact **out,
                                                       int *count, struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_contact_save(const struct kh_ctx *ctx,
                                                        int64_t customer_id,
                                                        const struct contact *c, int64_t *id_out,
                                                        struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_contact_delete(const struct kh_ctx *ctx,
                                                          int64_t customer_id, int64_t contact_id,
                                                          struct kh_err *err);

KH_NODISCARD enum kh_status customer_store_fields(const struct kh_ctx *ctx,
                                                  struct custom_field **out, int *count,
                                                  struct kh_err *err);
/* Change a custom field and audit it, in one write (options: JSON text or NULL). */
KH_NODISCARD enum kh_status customer_store_field_update(const struct kh_ctx *ctx, int64_t id,
                                                        const struct custom_field_change *in,
                                                        const char *options, const char *detail,
                                                        struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_field_insert(const struct kh_ctx *ctx,
                                                        const struct custom_field *f,
                                                        const char *options_json, int64_t *id_out,
                                                        struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_templates(const struct kh_ctx *ctx,
                                                     struct profile_template **out, int *count,
                                                     struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_template_insert(const struct kh_ctx *ctx,
                                                           const struct profile_template *t,
                                                           struct kh_err *err);
/*
 * Insert template t and its fields (options_json[i] the options of
 * fields[i]) in one transaction with one audit entry. On a refusal of a
 * field, *bad is its index (-1 otherwise).
 */
KH_NODISCARD enum kh_status
customer_store_template_import(const struct kh_ctx *ctx, const struct profile_template *t,
                               const struct custom_field *fields, const char *const *options_json,
                               int nfields, int *bad, struct kh_err *err);

/*
 * The customer capability's state kept with ctx's database (the definitions
 * cache of customer_validate.c): db_slot in db.h says when it is made and
 * released, and who may use it.
 */
struct db_slot_key;
void *customer_store_slot(const struct kh_ctx *ctx, const struct db_slot_key *key);

/* A user with their role's scopes (for owners); VALIDATION "owner_id" when there is none. */
KH_NODISCARD enum kh_status customer_store_user(const struct kh_ctx *ctx, int64_t user_id,
                                                struct owner_user *out, struct kh_err *err);
/* Every active user, by name (the candidates for owner); strings in ctx's arena. */
KH_NODISCARD enum kh_status customer_store_active_users(const struct kh_ctx *ctx,
                                                        struct owner_user **out, int *count,
                                                        struct kh_err *err);
/*
 * Give every customer of items (id and the owner it was decided on) to
 * to_owner in one transaction, each with its owner history and audit entry;
 * CONFLICT "owner_id" and nothing changed when any owner moved meanwhile.
 */
struct transfer_item {
    int64_t id, from_owner;
};
KH_NODISCARD enum kh_status customer_store_transfer_many(const struct kh_ctx *ctx,
                                                         const struct transfer_item *items, int n,
                                                         int64_t to_owner, int64_t department_id,
                                                         const char *reason, struct kh_err *err);

/* A distribution (R-OWN-3): each unowned customer to its owner and department, in one write. */
struct distribution_target {
    int64_t id, to_owner, department_id;
};
KH_NODISCARD enum kh_status customer_store_distribute(const struct kh_ctx *ctx,
                                                      const struct distribution_target *t, int n,
                                                      const char *reason, struct kh_err *err);

/*
 * Read every customer record back as a value must be: each text column
 * valid UTF-8, each JSON column parses. *bad_id and *bad_column name the first
 * record that does not (0/NULL when all do).
 */
KH_NODISCARD enum kh_status customer_store_check_records(const struct kh_ctx *ctx, int64_t *bad_id,
                                                         const char **bad_column,
                                                         struct kh_err *err);

/* Departure handover (R-SEC-8): how many customers user_id owns above a secrecy level (-1: all). */
KH_NODISCARD enum kh_status customer_store_owned_count(const struct kh_ctx *ctx, int64_t user_id,
                                                       int above_secrecy, int64_t *n,
                                                       struct kh_err *err);
/* In the handover's write: every customer of from to to, with owner history and audit. */
KH_NODISCARD enum kh_status customer_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                        int64_t from, int64_t to,
                                                        const char *reason, int64_t *moved,
                                                        struct kh_err *err);

/* ---- sharing between branches (R-OWN-6): customer_share_store.c ---- */

struct branch_share;
/* Rules newest first, in force before revoked (only in force unless with_revoked); id: only it. */
KH_NODISCARD enum kh_status customer_store_shares(const struct kh_ctx *ctx, bool with_revoked,
                                                  int64_t id, struct branch_share **out, int *count,
                                                  struct kh_err *err);
/* A new rule, audited: KH_E_VALIDATION on an unknown branch, KH_E_CONFLICT on a rule in force. */
KH_NODISCARD enum kh_status customer_store_share_add(const struct kh_ctx *ctx, int64_t from,
                                                     int64_t to, const char *grade,
                                                     const char *note, int64_t *id,
                                                     struct kh_err *err);
KH_NODISCARD enum kh_status customer_store_share_revoke(const struct kh_ctx *ctx, int64_t id,
                                                        struct kh_err *err);
/* The rule in force through which user_id reads a customer of branch and grade, else *rule 0. */
KH_NODISCARD enum kh_status customer_store_shared(const struct kh_ctx *ctx, int64_t user_id,
                                                  int64_t branch, const char *grade, int64_t *rule,
                                                  struct kh_err *err);

#endif
