#include "customer/customer_store.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/customer_ref.h"
#include "app/registry.h"
#include "audit/audit_store.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "core/mem.h"
#include <stdlib.h>
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer_json.h"
#include "db/db.h"
#include "db/db_search.h"
#include "region/region.h"
#include "text/tokenize.h"
#include "vault/vault.h"

#define CUSTOMER_COLS                                                                              \
    "SELECT c.id, c.code, c.kind, c.name, c.gender, c.birthday, c.mobile, c.phone_office, "        \
    "c.phone_home, c.email, c.province_code, c.city_code, c.district_code, c.address, c.company, " \
    "c.company_address, c.position, c.id_number, c.uscc, c.credit_status, c.category, c.grade, "   \
    "c.value_tier, c.stage, c.activity, c.industry, c.source, c.tags, c.notes, "                   \
    "coalesce(c.owner_id, 0), coalesce(c.collector_id, 0), coalesce(c.branch_id, 0), "             \
    "coalesce(CASE WHEN c.owner_id IS NULL THEN c.department_id ELSE o.department_id END, 0), "    \
    "coalesce(c.created_by, 0), c.templates, c.custom, c.archived, "                               \
    "c.created_at, c.updated_at, c.version, coalesce(o.display_name, ''), "                        \
    "coalesce(co.display_name, ''), coalesce(b.name, ''), c.secrecy, c.merged_into, "              \
    "c.archived_at, c.destroy_due_at, c.collected_on, c.entry_late, c.preferred_channel "

#define CUSTOMER_JOINS                                                                             \
    "LEFT JOIN users o ON o.id = c.owner_id LEFT JOIN users co ON co.id = c.collector_id "         \
    "LEFT JOIN branches b ON b.id = c.branch_id "

#define CUSTOMER_SELECT CUSTOMER_COLS "FROM customers c " CUSTOMER_JOINS

/*
 * Rows of an import that is not yet published (migration 011) are seen by
 * no read: every statement that finds customers for a user has this
 * condition. Rows outside an import have batch 0 and pass at once.
 */

static const char *col_str(struct arena *a, struct db_stmt *s, int i)
{
    return arena_strdup(a, db_col_text(s, i));
}

/* A record's region name: its most precise code given. */
static const char *region_name_of(const struct customer *c)
{
    return region_full_name_of(c->district_code ? c->district_code
                                                : (c->city_code ? c->city_code : c->province_code));
}

static void read_customer(struct db_stmt *s, struct arena *a, struct customer *c, bool full)
{
    memset(c, 0, sizeof(*c));
    c->id = db_col_int(s, 0);
    const char **strs[] = {&c->code,   &c->kind,         &c->name,       &c->gender, &c->birthday,
                           &c->mobile, &c->phone_office, &c->phone_home, &c->email};
    for (int i = 0; i < 9; i++)
        *strs[i] = col_str(a, s, i + 1);
    c->province_code = (int)db_col_int(s, 10);
    c->city_code = (int)db_col_int(s, 11);
    c->district_code = (int)db_col_int(s, 12);
    const char **more[] = {&c->address,   &c->company,    &c->company_address, &c->position,
                           &c->id_number, &c->uscc,       &c->credit_status,   &c->category,
                           &c->grade,     &c->value_tier, &c->stage,           &c->activity,
                           &c->industry,  &c->source};
    for (int i = 0; i < 14; i++)
        *more[i] = col_str(a, s, i + 13);
    /* Sealed at rest (R-SEC-11): vault_columns in vault_store.c. */
    c->mobile = vault_unseal(a, "customers.mobile", c->mobile);
    c->phone_office = vault_unseal(a, "customers.phone_office", c->phone_office);
    c->phone_home = vault_unseal(a, "customers.phone_home", c->phone_home);
    c->id_number = vault_unseal(a, "customers.id_number", c->id_number);
    customer_json_strings_decode(a, db_col_text(s, 27), &c->tags, &c->ntags);
    c->notes = col_str(a, s, 28);
    c->owner_id = db_col_int(s, 29);
    c->collector_id = db_col_int(s, 30);
    c->branch_id = db_col_int(s, 31);
    c->department_id = db_col_int(s, 32);
    c->created_by = db_col_int(s, 33);
    if (full) {
        customer_json_strings_decode(a, db_col_text(s, 34), &c->templates, &c->ntemplates);
        customer_json_custom_decode(a, vault_unseal(a, "customers.custom", db_col_text(s, 35)),
                                    &c->custom, &c->ncustom);
    }
    c->archived = db_col_int(s, 36) != 0;
    c->created_at = db_col_int(s, 37);
    c->updated_at = db_col_int(s, 38);
    c->version = db_col_int(s, 39);
    c->owner_name = col_str(a, s, 40);
    c->collector_name = col_str(a, s, 41);
    c->branch_name = col_str(a, s, 42);
    c->secrecy = (int)db_col_int(s, 43);
    c->merged_into = db_col_int(s, 44);
    c->archived_at = db_col_int(s, 45);
    c->destroy_due_at = db_col_int(s, 46);
    c->collected_on = col_str(a, s, 47);
    c->entry_late = db_col_int(s, 48) != 0;
    c->preferred_channel = col_str(a, s, 49);
    c->region_name = region_name_of(c);
}

enum kh_status customer_store_get(const struct kh_ctx *ctx, int64_t id, struct customer *out,
                                  struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, CUSTOMER_SELECT "WHERE c.id = $1 AND " CUSTOMER_VISIBLE);
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW)
        read_customer(s, ctx->arena, out, true);
    else if (r == DB_DONE)
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在", "customer not found");
    else
        st = err->code;
    db_read_end(ctx->db, c);
    return st;
}

/* ---- writes ---- */

static enum kh_status check_keys(struct db_conn *c, struct customer_write *w, int64_t self,
                                 struct kh_err *err)
{
    for (int i = 0; i < w->nkeys; i++) {
        struct db_stmt *s = db_prepare(
            c, "SELECT k.customer_id, cu.code, coalesce(cu.owner_id, 0), "
               "coalesce(u.display_name, ''), cu.secrecy FROM customer_keys k "
               "JOIN customers cu ON cu.id = k.customer_id LEFT JOIN users u ON u.id = cu.owner_id "
               "WHERE k.kind = $1 AND k.value = $2 AND k.customer_id <> $3 "
               "AND (cu.import_batch = 0 OR NOT EXISTS (SELECT 1 FROM import_batches ib "
               "WHERE ib.id = cu.import_batch AND ib.state = 'discarded'))");
        db_bind_text(s, 1, w->keys[i].kind);
        db_bind_text(s, 2, w->keys[i].value);
        db_bind_int(s, 3, self);
        enum db_step_result r = db_step(s, err);
        if (r == DB_ERROR)
            return err->code;
        if (r == DB_ROW) {
            w->hit.id = db_col_int(s, 0);
            kh_strlcpy(w->hit.code, db_col_text(s, 1), sizeof(w->hit.code));
            w->hit.owner_id = db_col_int(s, 2);
            kh_strlcpy(w->hit.owner_name, db_col_text(s, 3), sizeof(w->hit.owner_name));
            kh_strlcpy(w->hit.match, w->keys[i].kind, sizeof(w->hit.match));
            if (db_col_int(s, 4) > w->clearance) { /* R-SEC-2: its existence only */
                w->hit.code[0] = w->hit.owner_name[0] = '\0';
                w->hit.owner_id = 0;
            }
            return kh_err_set(err, KH_E_CONFLICT, w->keys[i].kind, "客户已存在",
                              "duplicate customer");
        }
    }
    return KH_OK;
}

enum kh_status customer_store_find_key(const struct kh_ctx *ctx, const struct customer_key *keys,
                                       int nkeys, int clearance, struct customer_dup *hit,
                                       struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct customer_write w = {.keys = keys, .nkeys = nkeys, .clearance = clearance};
    enum kh_status st = check_keys(c, &w, 0, err);
    db_read_end(ctx->db, c);
    if (st == KH_E_CONFLICT)
        *hit = w.hit;
    return st;
}

static enum kh_status insert_doc(struct db_conn *c, int64_t id, const struct search_doc *doc,
                                 struct kh_err *err)
{
    const char *cols[TOK_COLS] = {doc->name, doc->company, doc->py, doc->phone, doc->other};
    return db_search_put(c, "customer_search", id, cols, err);
}

/*
 * A batch keeps the search documents of its new customers and writes them
 * together into search_backlog (the index takes them after the commit,
 * DECISIONS §157): appended in id order, apart from each customer's other
 * statements, and a row rolled back drops its own.
 */
struct pending_doc {
    int64_t id;
    char *text; /* the five columns, NUL-separated */
};

static void pending_add(struct customer_store_batch *b, int64_t id, const struct search_doc *d)
{
    if (b->ndocs == b->capdocs) {
        b->capdocs = b->capdocs ? b->capdocs * 2 : 1024;
        b->docs = kh_realloc(b->docs, sizeof(struct pending_doc) * (size_t)b->capdocs);
    }
    const char *cols[5] = {d->name, d->company, d->py, d->phone, d->other};
    size_t len[5], total = 0;
    for (int i = 0; i < 5; i++)
        total += (len[i] = strlen(cols[i] ? cols[i] : "")) + 1;
    char *text = kh_malloc(total), *p = text;
    for (int i = 0; i < 5; i++) {
        memcpy(p, cols[i] ? cols[i] : "", len[i] + 1);
        p += len[i] + 1;
    }
    b->docs[b->ndocs++] = (struct pending_doc){id, text};
}

static void pending_drop(struct customer_store_batch *b, int keep)
{
    while (b->ndocs > keep)
        free(b->docs[--b->ndocs].text);
}

/* A new customer's search document kept for later (migration 076). */
static enum kh_status backlog_put(struct db_conn *c, int64_t id, const struct search_doc *d,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "INSERT INTO search_backlog (id, name, company, py, phone, "
                                      "other) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(s, 1, id);
    const char *cols[TOK_COLS] = {d->name, d->company, d->py, d->phone, d->other};
    for (int i = 0; i < TOK_COLS; i++)
        db_bind_text(s, 2 + i, cols[i] ? cols[i] : "");
    return db_exec_stmt(s, err);
}

/* The customer's document is written anew: one that still waits is out of date. */
static enum kh_status backlog_drop(struct db_conn *c, int64_t id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "DELETE FROM search_backlog WHERE id = $1");
    db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}

static enum kh_status pending_flush(struct customer_store_batch *b, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    for (int i = 0; i < b->ndocs && !st; i++) {
        const char *p = b->docs[i].text;
        struct search_doc d;
        const char **cols[5] = {&d.name, &d.company, &d.py, &d.phone, &d.other};
        for (int k = 0; k < 5; k++) {
            *cols[k] = p;
            p += strlen(p) + 1;
        }
        st = backlog_put(b->conn, b->docs[i].id, &d, err);
    }
    pending_drop(b, 0);
    return st;
}

/* A new customer's search row, written at the end of the group commit. */
struct deferred_doc {
    int64_t id;
    struct search_doc doc;
};

static enum kh_status deferred_doc_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct deferred_doc *d = arg;
    return insert_doc(c, d->id, &d->doc, err);
}

static void defer_doc(struct db_conn *c, struct arena *a, int64_t id, const struct search_doc *doc)
{
    struct deferred_doc *d = arena_alloc(a, sizeof(*d));
    d->id = id;
    d->doc = *doc; /* the strings live in the request's arena */
    db_defer(c, deferred_doc_fn, d);
}

static enum kh_status write_keys_and_search(struct db_conn *c, struct customer_write *w,
                                            const struct search_doc *doc, int64_t id, bool fresh,
                                            struct customer_store_batch *b, struct arena *ctx_arena,
                                            struct kh_err *err)
{
    struct db_stmt *s;
    enum kh_status st = KH_OK;
    if (!fresh) {
        s = db_prepare(c, "DELETE FROM customer_keys WHERE customer_id = $1");
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    for (int i = 0; !st && i < w->nkeys; i++) {
        /*
         * The key is this customer's unless another one holds it: the
         * unique key decides even between writers that both passed
         * check_keys. A key of a record of a discarded import (deleted
         * soon) passes to this one; the customer's own key again is a
         * no-op. Zero rows: another customer has it.
         */
        s = db_prepare(c,
                       "INSERT INTO customer_keys (kind, value, customer_id) VALUES ($1, $2, $3) "
                       "ON CONFLICT (kind, value) DO UPDATE SET customer_id = excluded.customer_id "
                       "WHERE customer_keys.customer_id = excluded.customer_id OR EXISTS (SELECT 1 "
                       "FROM customers cu JOIN import_batches ib ON ib.id = cu.import_batch "
                       "WHERE cu.id = customer_keys.customer_id AND ib.state = 'discarded')");
        db_bind_text(s, 1, w->keys[i].kind);
        db_bind_text(s, 2, w->keys[i].value);
        db_bind_int(s, 3, id);
        st = db_exec_stmt(s, err);
        if (!st && db_changes(c) == 0 && (st = check_keys(c, w, id, err)) == KH_OK)
            st =
                kh_err_set(err, KH_E_CONFLICT, w->keys[i].kind, "客户已存在", "duplicate customer");
    }
    if (st)
        return st;
    if (fresh && b) {
        pending_add(b, id, doc);
        return KH_OK;
    }
    if (fresh) {
        defer_doc(c, ctx_arena, id, doc);
        return KH_OK;
    }
    if ((st = backlog_drop(c, id, err)) || (st = db_search_delete(c, "customer_search", id, err)))
        return st;
    return insert_doc(c, id, doc, err);
}

/*
 * The customer's rows in customer_tags (migration 025), in step with the
 * tags column: every write of a customer's tags passes here. An update
 * replaces them all (at most 20).
 */
static enum kh_status write_tags(struct db_conn *c, const struct customer *cu, int64_t id,
                                 bool fresh, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    if (!fresh) {
        struct db_stmt *s = db_prepare(c, "DELETE FROM customer_tags WHERE customer_id = $1");
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    for (int i = 0; !st && i < cu->ntags; i++) {
        struct db_stmt *s =
            db_prepare(c, "INSERT INTO customer_tags (customer_id, tag) VALUES ($1, $2) "
                          "ON CONFLICT (customer_id, tag) DO NOTHING");
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, cu->tags[i]);
        st = db_exec_stmt(s, err);
    }
    return st;
}

static void bind_fields(struct db_stmt *s, struct arena *a, const struct customer_write *w)
{
    const struct customer *c = w->c;
    const char *strs[] = {c->kind,
                          c->name,
                          c->gender,
                          c->birthday,
                          vault_seal(a, "customers.mobile", c->mobile),
                          vault_seal(a, "customers.phone_office", c->phone_office),
                          vault_seal(a, "customers.phone_home", c->phone_home),
                          c->email,
                          c->address,
                          c->company,
                          c->company_address,
                          c->position,
                          vault_seal(a, "customers.id_number", c->id_number),
                          c->uscc,
                          c->credit_status,
                          c->category,
                          c->grade,
                          c->value_tier,
                          c->stage,
                          c->industry,
                          c->source,
                          w->tags_json,
                          c->notes,
                          w->templates_json,
                          vault_seal(a, "customers.custom", w->custom_json)};
    for (int i = 0; i < 25; i++)
        db_bind_text(s, 2 + i, strs[i] ? strs[i] : "");
    db_bind_int(s, 27, c->province_code);
    db_bind_int(s, 28, c->city_code);
    db_bind_int(s, 29, c->district_code);
    db_bind_id(s, 30, c->branch_id);
}

static enum kh_status branch_code_of(struct db_conn *c, struct customer_store_batch *b,
                                     int64_t branch_id, char *out, size_t cap, struct kh_err *err)
{
    out[0] = '\0';
    if (!branch_id)
        return KH_OK;
    if (b && b->branch_id == branch_id) {
        kh_strlcpy(out, b->branch_code, cap);
        return KH_OK;
    }
    struct db_stmt *s = db_prepare(c, "SELECT code FROM branches WHERE id = $1");
    db_bind_int(s, 1, branch_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code; /* a code without its branch part would be a wrong code */
    if (r == DB_ROW)
        kh_strlcpy(out, db_col_text(s, 0), cap);
    if (b) {
        b->branch_id = branch_id;
        kh_strlcpy(b->branch_code, out, sizeof(b->branch_code));
    }
    return KH_OK;
}

/*
 * Codes a batch reserves at once: one statement per block instead of one
 * per row, and a block no other writer can number from meanwhile.
 */
#define SEQ_BLOCK 1000

/*
 * At the end of a batch (or of its scope): give back the codes of the block
 * it did not use, if no one reserved after it (a conditional write: the
 * sequence is still where the block ended); otherwise they stay unused.
 */
static enum kh_status seq_flush(struct customer_store_batch *b, struct kh_err *err)
{
    if (!b->seq_scope[0])
        return KH_OK;
    struct db_stmt *s = db_prepare_detached(b->conn, "UPDATE code_sequences SET next_value = $2 "
                                                     "WHERE scope = $1 AND next_value = $3");
    db_bind_text(s, 1, b->seq_scope);
    db_bind_int(s, 2, b->seq_next);
    db_bind_int(s, 3, b->seq_end);
    b->seq_scope[0] = '\0';
    return db_exec_stmt(s, err);
}

/*
 * The next number of scope: n numbers reserved by one upsert that returns
 * the first of them; the sequence moves past them in the same statement,
 * so concurrent writers never get the same number. Detached: the row is
 * not held until the caller's transaction ends (other creates would queue
 * behind it); a number of a write that then fails stays unused.
 */
static enum kh_status seq_reserve(struct db_conn *c, const char *scope, int64_t n, int64_t *first,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare_detached(
        c, "INSERT INTO code_sequences (scope, next_value) VALUES ($1, 1 + $2) "
           "ON CONFLICT (scope) DO UPDATE SET next_value = code_sequences.next_value + $2 "
           "RETURNING next_value - $2");
    db_bind_text(s, 1, scope);
    db_bind_int(s, 2, n);
    enum kh_status st = db_exec_int(s, first, err);
    if (!st && *first <= 0)
        st = kh_err_set(err, KH_E_INTERNAL, "", "编号失败", "numbering failed");
    return st;
}

static enum kh_status seq_take(struct db_conn *c, struct customer_store_batch *b, const char *scope,
                               int64_t *seq, struct kh_err *err)
{
    if (!b)
        return seq_reserve(c, scope, 1, seq, err);
    if (b->seq_scope[0] && !strcmp(b->seq_scope, scope) && b->seq_next < b->seq_end) {
        *seq = b->seq_next++;
        return KH_OK;
    }
    enum kh_status st = seq_flush(b, err);
    int64_t first = 0;
    if (st || (st = seq_reserve(c, scope, SEQ_BLOCK, &first, err)))
        return st;
    kh_strlcpy(b->seq_scope, scope, sizeof(b->seq_scope));
    b->seq_next = first + 1;
    b->seq_end = first + SEQ_BLOCK;
    b->seq_row = b->in_row;
    *seq = first;
    return KH_OK;
}

/* The next code under the rule; a batch counts in memory and writes back at its end. */
static enum kh_status next_code(struct db_conn *c, const struct kh_ctx *ctx,
                                struct customer_store_batch *b, struct customer_write *w,
                                int64_t now, struct kh_err *err)
{
    char branch_code[16];
    enum kh_status st =
        branch_code_of(c, b, w->c->branch_id, branch_code, sizeof(branch_code), err);
    if (st)
        return st;
    char scope[64];
    customer_code_scope(ctx_tz(ctx), w->rule, branch_code, now, scope, sizeof(scope));
    int64_t seq = 0;
    if ((st = seq_take(c, b, scope, &seq, err)))
        return st;
    char code[64];
    customer_code_format(ctx_tz(ctx), w->rule, branch_code, now, seq, code, sizeof(code));
    w->c->code = arena_strdup(ctx->arena, code);
    return KH_OK;
}

static enum kh_status code_taken_on(struct db_conn *c, const char *code, bool *taken,
                                    struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM customers WHERE code = $1");
    db_bind_text(s, 1, code);
    enum db_step_result r = db_step(s, err);
    *taken = r == DB_ROW;
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status customer_store_code_taken(const struct kh_ctx *ctx, const char *code, bool *taken,
                                         struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = code_taken_on(c, code, taken, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status customer_store_branch_code(const struct kh_ctx *ctx, int64_t branch_id, char *out,
                                          size_t cap, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = branch_code_of(c, NULL, branch_id, out, cap, err);
    db_read_end(ctx->db, c);
    return st;
}

/*
 * Keep a given code: refuse it when a record has it (the check the import
 * made may be stale by now), and move its scope's sequence past it, so the
 * rule never numbers another record with it.
 */
static enum kh_status keep_code(struct db_conn *c, struct customer_store_batch *b,
                                struct customer_write *w, struct kh_err *err)
{
    bool taken = false;
    enum kh_status st = code_taken_on(c, w->c->code, &taken, err);
    if (st)
        return st;
    if (taken)
        return kh_err_setf(err, KH_E_CONFLICT, "code", "编号 %s 已被其他客户使用",
                           "code %s is already taken by another customer", w->c->code, w->c->code);
    if (b && b->seq_scope[0] && !strcmp(b->seq_scope, w->code_scope) && w->code_seq < b->seq_end) {
        /* Inside the batch's block: numbering continues after it (the rest is ours). */
        if (b->seq_next <= w->code_seq)
            b->seq_next = w->code_seq + 1;
        return KH_OK;
    }
    struct db_stmt *s = db_prepare_detached(
        c, "INSERT INTO code_sequences (scope, next_value) VALUES ($1, $2) "
           "ON CONFLICT (scope) DO UPDATE SET next_value = CASE WHEN "
           "code_sequences.next_value < $2 THEN $2 ELSE code_sequences.next_value END");
    db_bind_text(s, 1, w->code_scope);
    db_bind_int(s, 2, w->code_seq + 1);
    return db_exec_stmt(s, err);
}

struct write_job {
    const struct kh_ctx *ctx;
    struct customer_write *w;
    int64_t id;
};

/*
 * The code is part of the search document: its tokens added once it is
 * known, into doc. w is left as it was: the write may run again (db.h).
 */
static void add_code_tokens(struct arena *a, const struct customer_write *w, struct search_doc *doc)
{
    struct buf b;
    buf_init(&b, 0);
    tok_text(str_from(w->c->code), &b);
    buf_putc(&b, ' ');
    buf_puts(&b, w->doc->other ? w->doc->other : "");
    *doc = *w->doc;
    doc->other = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
}

/* Insert one customer on a writer connection (not audited: the caller audits). */
static enum kh_status insert_on(struct db_conn *c, const struct kh_ctx *ctx,
                                struct customer_write *w, struct customer_store_batch *b,
                                int64_t *id_out, struct kh_err *err)
{
    int64_t now = ctx_now(ctx);
    enum kh_status st = check_keys(c, w, 0, err);
    if (!st)
        st = w->code_scope ? keep_code(c, b, w, err) : next_code(c, ctx, b, w, now, err);
    if (st)
        return st;
    struct search_doc doc;
    add_code_tokens(ctx->arena, w, &doc);
    struct db_stmt *s = db_prepare(
        c,
        "INSERT INTO customers (code, kind, name, gender, birthday, mobile, phone_office, "
        "phone_home, email, address, company, company_address, position, id_number, uscc, "
        "credit_status, category, grade, value_tier, stage, industry, source, tags, notes, "
        "templates, custom, province_code, city_code, district_code, branch_id, owner_id, "
        "collector_id, department_id, created_by, created_at, updated_at, version, import_batch, "
        "secrecy, collected_on, entry_late, preferred_channel) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
        "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, "
        "$35, 1, $36, $37, $38, $39, $40) RETURNING id");
    db_bind_text(s, 1, w->c->code);
    bind_fields(s, ctx->arena, w);
    db_bind_id(s, 31, w->c->owner_id);
    db_bind_id(s, 32, w->c->collector_id);
    db_bind_id(s, 33, w->c->department_id);
    db_bind_id(s, 34, ctx->actor.user_id);
    db_bind_int(s, 35, now);
    db_bind_int(s, 36, b ? b->import_batch : 0);
    db_bind_int(s, 37, w->c->secrecy);
    db_bind_text(s, 38, w->c->collected_on ? w->c->collected_on : "");
    db_bind_int(s, 39, w->c->entry_late);
    db_bind_text(s, 40, w->c->preferred_channel ? w->c->preferred_channel : "");
    int64_t id = 0;
    if ((st = db_exec_int(s, &id, err)) || (st = write_tags(c, w->c, id, true, err)) ||
        (st = write_keys_and_search(c, w, &doc, id, true, b, ctx->arena, err)))
        return st;
    s = db_prepare(
        c, "INSERT INTO owner_history (customer_id, from_user, to_user, by_user, reason, at) "
           "VALUES ($1, NULL, $2, $3, $4, $5)");
    db_bind_int(s, 1, id);
    db_bind_id(s, 2, w->c->owner_id);
    db_bind_id(s, 3, ctx->actor.user_id);
    db_bind_text(s, 4, CUSTOMER_OWNER_CREATED);
    db_bind_int(s, 5, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    *id_out = id;
    return KH_OK;
}

/*
 * An existing record as this write left it, for the request's answer, read
 * in the write's own transaction: once the commit succeeds the answer is
 * ready, and no read after it can answer an error for a kept change. The
 * answer carries its contacts and is audited as a read (a new record's is
 * answer_new's).
 */
static enum kh_status answer_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                struct customer *out, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, CUSTOMER_SELECT "WHERE c.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r != DB_ROW)
        return r == DB_ERROR ? err->code
                             : kh_err_set(err, KH_E_INTERNAL, "", "写入的客户记录不存在",
                                          "the customer just written is missing");
    read_customer(s, ctx->arena, out, true);
    enum kh_status st =
        customer_store_contacts_on(c, ctx->arena, id, &out->contacts, &out->ncontacts, err);
    if (st)
        return st;
    struct audit_event ev = {"customer.read", "customer", id, NULL};
    return audit_store_append(c, &ctx->actor, ctx_now(ctx), &ev, err);
}

/*
 * A new customer's answer, made from what this write stored instead of read
 * back (DECISIONS §158): the record customer__prepare_new made (every text
 * field set, the defaults of the columns the insert leaves out, not
 * archived, merged or masked, no contacts) with what the write added. Only
 * the names of its owner, collector and branch are read, in the write's own
 * transaction, as a read of the record joins them.
 */
static enum kh_status answer_new(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                 const struct customer_write *w, struct customer *out,
                                 struct kh_err *err)
{
    struct db_stmt *s =
        db_prepare(c, "SELECT coalesce((SELECT display_name FROM users WHERE id = $1), ''), "
                      "coalesce((SELECT display_name FROM users WHERE id = $2), ''), "
                      "coalesce((SELECT name FROM branches WHERE id = $3), '')");
    db_bind_int(s, 1, w->c->owner_id);
    db_bind_int(s, 2, w->c->collector_id);
    db_bind_int(s, 3, w->c->branch_id);
    if (db_step(s, err) != DB_ROW) /* one row always, unless the statement failed */
        return err->code;
    *out = *w->c;
    out->owner_name = col_str(ctx->arena, s, 0);
    out->collector_name = col_str(ctx->arena, s, 1);
    out->branch_name = col_str(ctx->arena, s, 2);
    out->id = id;
    out->created_by = ctx->actor.user_id;
    out->created_at = out->updated_at = ctx_now(ctx);
    out->version = 1;
    out->region_name = region_name_of(out);
    return KH_OK;
}

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    enum kh_status st = insert_on(c, j->ctx, j->w, NULL, &j->id, err);
    if (!st && j->w->answer)
        st = answer_new(c, j->ctx, j->id, j->w, j->w->answer, err);
    if (st)
        return st;
    /*
     * Audited last: appending locks the chain's head until the commit, so
     * concurrent writes queue only for what comes after it (§105).
     */
    struct audit_event ev = {"customer.create", "customer", j->id, j->w->c->code};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_insert(const struct kh_ctx *ctx, struct customer_write *w,
                                     int64_t *id_out, struct kh_err *err)
{
    struct write_job j = {ctx, w, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

/* Why a conditional update changed no row: the record is gone, or its version moved on. */
static enum kh_status update_missed(struct db_conn *c, int64_t id, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM customers WHERE id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在", "customer not found");
    return kh_err_set(err, KH_E_CONFLICT, "version", "该客户已被他人修改，请刷新后重试",
                      "the customer was changed by someone else; reload and try again");
}

static enum kh_status update_on(struct db_conn *c, const struct kh_ctx *ctx,
                                struct customer_write *w, struct kh_err *err)
{
    int64_t now = ctx_now(ctx);
    int64_t id = w->c->id;
    /* Only the version the change was made on: one statement decides and writes. */
    struct db_stmt *s = db_prepare(
        c, "UPDATE customers SET kind = $2, name = $3, gender = $4, birthday = $5, "
           "mobile = $6, phone_office = $7, phone_home = $8, email = $9, address = $10, "
           "company = $11, company_address = $12, position = $13, id_number = $14, "
           "uscc = $15, credit_status = $16, category = $17, grade = $18, "
           "value_tier = $19, stage = $20, industry = $21, source = $22, tags = $23, "
           "notes = $24, templates = $25, custom = $26, province_code = $27, "
           "city_code = $28, district_code = $29, branch_id = $30, updated_at = $31, "
           "secrecy = $33, collected_on = $34, entry_late = $35, preferred_channel = $36, "
           "version = version + 1 WHERE id = $1 AND version = $32");
    db_bind_int(s, 1, id);
    bind_fields(s, ctx->arena, w);
    db_bind_int(s, 31, now);
    db_bind_int(s, 32, w->expect_version);
    db_bind_int(s, 33, w->c->secrecy);
    db_bind_text(s, 34, w->c->collected_on);
    db_bind_int(s, 35, w->c->entry_late);
    db_bind_text(s, 36, w->c->preferred_channel);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        st = update_missed(c, id, err);
    if (st || (st = check_keys(c, w, id, err)) || (st = write_tags(c, w->c, id, false, err)) ||
        (st = write_keys_and_search(c, w, w->doc, id, false, NULL, ctx->arena, err)))
        return st;
    struct buf detail;
    buf_init(&detail, 400);
    for (int i = 0; i < w->nchanges && !st; i++) {
        s = db_prepare(c, "INSERT INTO field_history (customer_id, field, old_value, new_value, "
                          "by_user, at) VALUES ($1, $2, $3, $4, $5, $6)");
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, w->changes[i].field);
        db_bind_text(s, 3,
                     vault_seal(ctx->arena, "field_history.old_value", w->changes[i].old_value));
        db_bind_text(s, 4,
                     vault_seal(ctx->arena, "field_history.new_value", w->changes[i].new_value));
        db_bind_id(s, 5, ctx->actor.user_id);
        db_bind_int(s, 6, now);
        st = db_exec_stmt(s, err);
        buf_printf(&detail, "%s%s", i ? "," : "fields=", w->changes[i].field);
    }
    if (!st && w->request_id) /* "who saw this" links the entry to its request */
        buf_printf(&detail, " request=%lld", (long long)w->request_id);
    if (!st) {
        struct audit_event ev = {"customer.update", "customer", id, buf_cstr(&detail)};
        st = audit_store_append(c, &ctx->actor, now, &ev, err);
    }
    buf_release(&detail);
    return st;
}

enum kh_status customer_store_update_on(struct db_conn *c, const struct kh_ctx *ctx,
                                        struct customer_write *w, struct kh_err *err)
{
    return update_on(c, ctx, w, err);
}

static enum kh_status update_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    enum kh_status st = update_on(c, j->ctx, j->w, err);
    if (!st && j->w->answer)
        st = answer_on(c, j->ctx, j->w->c->id, j->w->answer, err);
    return st;
}

enum kh_status customer_store_update(const struct kh_ctx *ctx, struct customer_write *w,
                                     struct kh_err *err)
{
    struct write_job j = {ctx, w, 0};
    return db_write(ctx->db, update_fn, &j, err);
}

/* ---- merge (R-ARC-8) ---- */

/*
 * When an archived customer falls due for destruction (R-SEC-7): its
 * archival plus the months of the most specific retention rule (its
 * category and stage, then its category, then its stage, then '*' for
 * both; a month is 1/12 of 365.2425 days); 0 when no rule applies or the
 * rule says 0 months (kept).
 */
#define RETENTION_MONTHS                                                                           \
    "coalesce((SELECT r.months FROM retention_rules r WHERE r.category IN (customers.category, "   \
    "'*') AND r.stage IN (customers.stage, '*') ORDER BY CASE WHEN r.category = '*' THEN 1 ELSE "  \
    "0 END, CASE WHEN r.stage = '*' THEN 1 ELSE 0 END LIMIT 1), 0)"
#define DESTROY_DUE                                                                                \
    "CASE WHEN archived = 1 AND " RETENTION_MONTHS " > 0 THEN archived_at + " RETENTION_MONTHS     \
    " * 2629746 ELSE 0 END"

/* Set destroy_due_at of customer id (0: of every archived customer) from the rules. */
static enum kh_status due_on(struct db_conn *c, int64_t id, struct kh_err *err)
{
    struct db_stmt *s =
        id ? db_prepare(c, "UPDATE customers SET destroy_due_at = " DESTROY_DUE " WHERE id = $1")
           : db_prepare(c, "UPDATE customers SET destroy_due_at = " DESTROY_DUE
                           " WHERE archived = 1 OR destroy_due_at <> 0");
    if (id)
        db_bind_int(s, 1, id);
    return db_exec_stmt(s, err);
}

enum kh_status customer_store_retention_recompute_on(struct db_conn *c, struct kh_err *err)
{
    return due_on(c, 0, err);
}

struct merge_job {
    const struct kh_ctx *ctx;
    struct customer_merge_write *m;
};

static enum kh_status merge_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct merge_job *j = arg;
    struct customer_merge_write *m = j->m;
    int64_t to = m->w->c->id, from = m->duplicate_id, now = ctx_now(j->ctx);
    /* First the duplicate's keys: the survivor may take its phone or ID number. */
    struct db_stmt *s = db_prepare(c, "DELETE FROM customer_keys WHERE customer_id = $1");
    db_bind_int(s, 1, from);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st) {
        s = db_prepare(c,
                       "UPDATE customers SET archived = 1, archived_at = $3, merged_into = $2, "
                       "updated_at = $3, version = version + 1 WHERE id = $1 AND merged_into = 0");
        db_bind_int(s, 1, from);
        db_bind_int(s, 2, to);
        db_bind_int(s, 3, now);
        st = db_exec_stmt(s, err);
        if (!st && db_changes(c) == 0)
            st = kh_err_set(err, KH_E_CONFLICT, "duplicate_id", "该客户已被合并",
                            "that customer has been merged already");
        if (!st)
            st = due_on(c, from, err);
    }
    if (!st && !m->w->unchanged)
        st = update_on(c, j->ctx, m->w, err);
    int64_t n = 0;
    static const char *const moves[] = {
        "UPDATE contacts SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE owner_history SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE field_history SET customer_id = $2 WHERE customer_id = $1",
    };
    for (size_t i = 0; !st && i < sizeof(moves) / sizeof(moves[0]); i++) {
        st = db_repoint(c, NULL, moves[i], from, to, &n, err);
        if (i == 0)
            m->contacts_moved = n;
    }
    struct buf detail;
    buf_init(&detail, 300);
    buf_printf(&detail, "duplicate=%lld code=%s contacts=%lld", (long long)from, m->duplicate_code,
               (long long)m->contacts_moved);
    for (size_t i = 0; !st && i < m->nrefs; i++) {
        st = m->refs[i]->move(c, j->ctx, from, to, &n, err);
        buf_printf(&detail, " %s=%lld", m->refs[i]->name, (long long)n);
    }
    buf_printf(&detail, " reason=%s", m->reason);
    if (!st) {
        struct audit_event ev = {"customer.merge", "customer", to, buf_cstr(&detail)};
        st = audit_store_append(c, &j->ctx->actor, now, &ev, err);
    }
    if (!st) {
        const char *d =
            arena_printf(j->ctx->arena, "into=%lld reason=%s", (long long)to, m->reason);
        struct audit_event ev = {"customer.merged", "customer", from, d};
        st = audit_store_append(c, &j->ctx->actor, now, &ev, err);
    }
    buf_release(&detail);
    if (!st && m->w->answer)
        st = answer_on(c, j->ctx, to, m->w->answer, err);
    return st;
}

enum kh_status customer_store_merge(const struct kh_ctx *ctx, struct customer_merge_write *m,
                                    struct kh_err *err)
{
    struct merge_job j = {ctx, m};
    return db_write(ctx->db, merge_fn, &j, err);
}

struct flag_job {
    const struct kh_ctx *ctx;
    int64_t id;
    bool archived;
    int64_t from, to, dept;
    const char *reason;
};

static enum kh_status archive_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct flag_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE customers SET archived = $2, archived_at = CASE WHEN $2 = 1 THEN $3 ELSE 0 END, "
           "updated_at = $3, version = version + 1 WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->archived);
    db_bind_int(s, 3, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st)
        st = due_on(c, j->id, err);
    if (st)
        return st;
    struct audit_event ev = {j->archived ? "customer.archive" : "customer.unarchive", "customer",
                             j->id, NULL};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status customer_store_set_archived(const struct kh_ctx *ctx, int64_t id, bool archived,
                                           struct kh_err *err)
{
    struct flag_job j = {ctx, id, archived, 0, 0, 0, NULL};
    return db_write(ctx->db, archive_fn, &j, err);
}

static enum kh_status transfer_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct flag_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    /* Only if the owner is still the one the decision was made on. */
    struct db_stmt *s =
        db_prepare(c, "UPDATE customers SET owner_id = $2, department_id = $3, updated_at = $4, "
                      "version = version + 1, pool_since = 0, pool_reason = '' WHERE id = $1 AND "
                      "coalesce(owner_id, 0) = $5");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->to);
    db_bind_id(s, 3, j->dept);
    db_bind_int(s, 4, now);
    db_bind_int(s, 5, j->from);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "owner_id", "客户归属已变化，请刷新后重试",
                          "the owner changed meanwhile; reload and try again");
    s = db_prepare(
        c, "INSERT INTO owner_history (customer_id, from_user, to_user, by_user, reason, at) "
           "VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(s, 1, j->id);
    db_bind_id(s, 2, j->from);
    db_bind_id(s, 3, j->to);
    db_bind_id(s, 4, j->ctx->actor.user_id);
    db_bind_text(s, 5, j->reason);
    db_bind_int(s, 6, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    char detail[320];
    snprintf(detail, sizeof(detail), "from=%lld to=%lld reason=%s", (long long)j->from,
             (long long)j->to, j->reason);
    struct audit_event ev = {"customer.transfer", "customer", j->id, detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status customer_store_transfer(const struct kh_ctx *ctx, int64_t id, int64_t from_owner,
                                       int64_t to_owner, int64_t department_id, const char *reason,
                                       struct kh_err *err)
{
    struct flag_job j = {ctx, id, false, from_owner, to_owner, department_id, reason};
    return db_write(ctx->db, transfer_fn, &j, err);
}

struct transfer_many_job {
    struct flag_job one;
    const struct transfer_item *items;
    int n;
};

static enum kh_status transfer_many_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct transfer_many_job *j = arg;
    for (int i = 0; i < j->n; i++) {
        j->one.id = j->items[i].id;
        j->one.from = j->items[i].from_owner;
        enum kh_status st = transfer_fn(c, &j->one, err);
        if (st)
            return st;
    }
    return KH_OK;
}

enum kh_status customer_store_transfer_many(const struct kh_ctx *ctx,
                                            const struct transfer_item *items, int n,
                                            int64_t to_owner, int64_t department_id,
                                            const char *reason, struct kh_err *err)
{
    struct transfer_many_job j = {{ctx, 0, false, 0, to_owner, department_id, reason}, items, n};
    return db_write(ctx->db, transfer_many_fn, &j, err);
}

struct distribute_job {
    struct flag_job one;
    const struct distribution_target *t;
    int n;
};

static enum kh_status distribute_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct distribute_job *j = arg;
    for (int i = 0; i < j->n; i++) {
        j->one.id = j->t[i].id;
        j->one.from = 0;
        j->one.to = j->t[i].to_owner;
        j->one.dept = j->t[i].department_id;
        enum kh_status st = transfer_fn(c, &j->one, err);
        if (st)
            return st;
    }
    return KH_OK;
}

enum kh_status customer_store_distribute(const struct kh_ctx *ctx,
                                         const struct distribution_target *t, int n,
                                         const char *reason, struct kh_err *err)
{
    struct distribute_job j = {{ctx, 0, false, 0, 0, 0, reason}, t, n};
    return db_write(ctx->db, distribute_fn, &j, err);
}

/* ---- list ---- */

/* The one scope filter (customer/customer.h) with the list's parameters $1, $2, $3 and $28. */
#define LIST_SCOPE CUSTOMER_SCOPE_SQL("$1", "$2", "$3", "$28")

/* The filter's parameters ($5 … $23, $29 … $31: bind_filter); a statement adds its own from $32. */
#define LIST_FILTERS                                                                               \
    "AND ($5 IS NULL OR c.kind = $5) AND ($6 IS NULL OR c.category = $6) "                         \
    "AND ($7 IS NULL OR c.grade = $7) AND ($8 IS NULL OR c.value_tier = $8) "                      \
    "AND ($9 IS NULL OR c.stage = $9) AND ($10 IS NULL OR c.industry = $10) "                      \
    "AND ($11 IS NULL OR c.source = $11) AND ($12 IS NULL OR c.credit_status = $12) "              \
    "AND ($13 IS NULL OR EXISTS (SELECT 1 FROM customer_tags t "                                   \
    "WHERE t.customer_id = c.id AND t.tag = $13)) "                                                \
    "AND ($14 = 0 OR c.owner_id = $14) AND ($15 = 0 OR c.branch_id = $15) "                        \
    "AND ($16 = 0 OR c.province_code = $16) AND ($17 = 0 OR c.city_code = $17) "                   \
    "AND ($18 = 0 OR c.district_code = $18) "                                                      \
    "AND ($19 = 0 OR c.created_at >= $19) AND ($20 = 0 OR c.created_at < $20) "                    \
    "AND ($21 = 0 OR c.updated_at >= $21) AND ($22 = 0 OR c.updated_at < $22) "                    \
    "AND ($23 = 2 OR c.archived = $23) "                                                           \
    "AND ($29 = 0 OR (c.destroy_due_at > 0 AND c.destroy_due_at <= $29)) "                         \
    "AND ($30 = 0 OR c.owner_id IS NULL) AND ($31 = 0 OR c.entry_late = 1) "

#define LIST_PAGE(col, cmp, dir)                                                                   \
    "AND ($24 IS NULL OR " col " " cmp " $24 OR (" col " = $24 AND c.id " cmp                      \
    " $25)) ORDER BY " col " " dir ", c.id " dir " LIMIT $26"

/*
 * Without a search: walk the sort column's index. A lead condition (an
 * equality, such as one owner) lets SQLite walk a narrower index instead.
 */
#define LIST_SQL_LED(lead, col, cmp, dir)                                                          \
    CUSTOMER_SELECT "WHERE " lead LIST_SCOPE "AND $4 IS NULL " LIST_FILTERS LIST_PAGE(col, cmp, dir)
#define LIST_SQL(col, cmp, dir) LIST_SQL_LED("", col, cmp, dir)

/*
 * With a search: start from the search index's matches (CROSS JOIN keeps it
 * the outer loop) and sort only their ids and keys, then read the page's
 * rows: the cost follows the matches, not the table. The search's form,
 * `customer_search ... WHERE c.id = customer_search.rowid AND
 * customer_search MATCH $4`, is what every engine's backend reads
 * (db/db_search.h).
 */
#define SEARCH_SQL(col, cmp, dir)                                                                  \
    CUSTOMER_COLS                                                                                  \
    "FROM (SELECT c.id AS pid FROM customer_search CROSS JOIN customers c "                        \
    "WHERE c.id = customer_search.rowid AND customer_search MATCH $4 AND " LIST_SCOPE LIST_FILTERS \
    LIST_PAGE(col, cmp, dir) ") AS page "                                                          \
                             "CROSS JOIN customers c " CUSTOMER_JOINS "WHERE c.id = page.pid "     \
                             "ORDER BY " col " " dir ", c.id " dir

/*
 * A search in record order needs no sort at all: the index gives its
 * matches in id order (FTS5 by rowid), so the query stops after the page's
 * rows.
 */
#define SEARCH_NEWEST_SQL(cmp, dir)                                                                \
    CUSTOMER_COLS                                                                                  \
    "FROM customer_search CROSS JOIN customers c " CUSTOMER_JOINS                                  \
    "WHERE c.id = customer_search.rowid AND customer_search MATCH $4 AND " LIST_SCOPE LIST_FILTERS \
    "AND ($24 IS NULL OR customer_search.rowid " cmp " $24) "                                      \
    "ORDER BY customer_search.rowid " dir " LIMIT $26"

#define SORTS(M, NEWEST_ASC, NEWEST_DESC)                                                          \
    {                                                                                              \
        [SORT_CREATED] = {M("c.created_at", ">", "ASC"), M("c.created_at", "<", "DESC")},          \
        [SORT_UPDATED] = {M("c.updated_at", ">", "ASC"), M("c.updated_at", "<", "DESC")},          \
        [SORT_NAME] = {M("c.name", ">", "ASC"), M("c.name", "<", "DESC")},                         \
        [SORT_CODE] = {M("c.code", ">", "ASC"), M("c.code", "<", "DESC")},                         \
        [SORT_GRADE] = {M("c.grade", ">", "ASC"), M("c.grade", "<", "DESC")},                      \
        [SORT_NEWEST] = {NEWEST_ASC, NEWEST_DESC},                                                 \
    }

static const char *const list_sql[6][2] =
    SORTS(LIST_SQL, LIST_SQL("c.id", ">", "ASC"), LIST_SQL("c.id", "<", "DESC"));

static const char *const search_sql[6][2] =
    SORTS(SEARCH_SQL, SEARCH_NEWEST_SQL(">", "ASC"), SEARCH_NEWEST_SQL("<", "DESC"));

/*
 * One owner's customers by last update (a salesperson's own list, or a list
 * filtered by owner): the equality on $27 lets SQLite walk that owner's part
 * of customers_owner (migration 007) instead of every customer's entry in
 * customers_updated. The scope and the filters still apply as in LIST_SQL.
 */
#define OWNER_LIST_SQL(cmp, dir) LIST_SQL_LED("c.owner_id = $27 AND ", "c.updated_at", cmp, dir)

static const char *const owner_list_sql[2] = {OWNER_LIST_SQL(">", "ASC"),
                                              OWNER_LIST_SQL("<", "DESC")};

/* The owner whose index part a list can walk, or 0. */
static int64_t list_owner(const struct customer_scope *scope, const struct customer_filter *f)
{
    if (f->sort != SORT_UPDATED)
        return 0; /* other orders walk their own index, filtered by owner inside it */
    if (scope->scope == KH_SCOPE_OWN)
        return scope->user_id;
    return f->owner_id > 0 ? f->owner_id : 0;
}

static bool sort_is_text(enum customer_sort s)
{
    return s == SORT_NAME || s == SORT_CODE || s == SORT_GRADE;
}

/*
 * The cursor of a page: the last row's sort key and id (core/cursor.h), for
 * the order numbered sort * 2 + desc. SORT_NEWEST has the id as its only key.
 */
static uint32_t cursor_order(const struct customer_filter *f)
{
    return cursor_tag("customers", (unsigned)f->sort * 2 + (f->desc ? 1 : 0));
}

static const char *cursor_kinds(enum customer_sort s)
{
    return s == SORT_NEWEST ? "" : sort_is_text(s) ? "t" : "i";
}

static const char *make_cursor(struct arena *a, const struct customer *c,
                               const struct customer_filter *f, struct kh_err *err)
{
    enum customer_sort s = f->sort;
    struct cursor k = {.id = c->id};
    if (sort_is_text(s))
        k.keys[k.nkeys++] = (struct cursor_key){CURSOR_TEXT, 0,
                                                s == SORT_NAME   ? c->name
                                                : s == SORT_CODE ? c->code
                                                                 : c->grade};
    else if (s != SORT_NEWEST)
        k.keys[k.nkeys++] =
            (struct cursor_key){CURSOR_INT, s == SORT_CREATED ? c->created_at : c->updated_at, 0};
    const char *text = cursor_encode(a, cursor_order(f), &k);
    if (!text)
        kh_err_set(err, KH_E_INTERNAL, "cursor", "无法在此记录之后分页（排序值过长）",
                   "cannot page past this record (its sort value is too long)");
    return text;
}

/* $24 and $25: the sort key and id the page starts after (NULL and 0: the first page). */
static enum kh_status bind_cursor(struct db_stmt *s, struct arena *a,
                                  const struct customer_filter *f, struct kh_err *err)
{
    if (!f->cursor) {
        db_bind_null(s, 24);
        db_bind_int(s, 25, 0);
        return KH_OK;
    }
    struct cursor k;
    enum kh_status st =
        cursor_decode(a, str_from(f->cursor), cursor_order(f), cursor_kinds(f->sort), &k, err);
    if (st)
        return st;
    if (k.nkeys && k.keys[0].kind == CURSOR_TEXT)
        db_bind_text(s, 24, k.keys[0].t);
    else
        db_bind_int(s, 24, k.nkeys ? k.keys[0].i : k.id);
    db_bind_int(s, 25, k.id);
    return KH_OK;
}

/*
 * The text for $4: the search rendered for this connection's engine, or
 * NULL without one. Rendering fails only past a buffer's cap, which a query
 * of tok_query's caps cannot reach.
 */
static enum kh_status match_text(struct db_conn *c, struct arena *a, const struct tok_query *q,
                                 const char **out, struct kh_err *err)
{
    *out = NULL;
    if (!q)
        return KH_OK;
    struct buf m;
    buf_init(&m, 0);
    bool ok = db_search_match(c, q, &m);
    if (ok)
        *out = arena_strdup(a, buf_cstr(&m));
    buf_release(&m);
    return ok ? KH_OK
              : kh_err_set(err, KH_E_INTERNAL, "q", "无法执行此搜索", "this search cannot be run");
}

static void bind_filter(struct db_stmt *s, const struct customer_scope *scope,
                        const struct customer_filter *f, const char *match)
{
    db_bind_text(s, 1, customer_scope_param(scope, f->own_reach));
    db_bind_int(s, 2, scope->user_id);
    db_bind_int(s, 3, scope->department_id);
    db_bind_text(s, 4, match);
    db_bind_int(s, 28, scope->clearance);
    const char *strs[] = {f->kind,     f->category, f->grade,         f->value_tier, f->stage,
                          f->industry, f->source,   f->credit_status, f->tag};
    for (int i = 0; i < 9; i++)
        db_bind_text(s, 5 + i, strs[i] && *strs[i] ? strs[i] : NULL);
    const int64_t nums[] = {f->owner_id,      f->branch_id,    f->province_code, f->city_code,
                            f->district_code, f->created_from, f->created_to,    f->updated_from,
                            f->updated_to,    f->archived};
    for (int i = 0; i < 10; i++)
        db_bind_int(s, 14 + i, nums[i]);
    db_bind_int(s, 29, f->destroy_due_by);
    db_bind_int(s, 30, f->unowned);
    db_bind_int(s, 31, f->entry_late);
}

enum kh_status customer_store_list(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                   const struct customer_filter *f, const struct tok_query *q,
                                   struct customer_page *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_conn *c = db_read_begin(ctx->db);
    const char *match = NULL;
    if (match_text(c, ctx->arena, q, &match, err)) {
        db_read_end(ctx->db, c);
        return err->code;
    }
    int64_t owner = match ? 0 : list_owner(scope, f);
    const char *sql = owner   ? owner_list_sql[f->desc ? 1 : 0]
                      : match ? search_sql[f->sort][f->desc ? 1 : 0]
                              : list_sql[f->sort][f->desc ? 1 : 0];
    struct db_stmt *s = db_prepare(c, sql);
    bind_filter(s, scope, f, match);
    if (owner)
        db_bind_int(s, 27, owner);
    if (bind_cursor(s, ctx->arena, f, err)) {
        db_read_end(ctx->db, c);
        return err->code;
    }
    db_bind_int(s, 26, f->limit + 1);
    out->items = arena_alloc(ctx->arena, sizeof(struct customer) * (size_t)(f->limit + 1));
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        if (out->count == f->limit) {
            out->next_cursor = make_cursor(ctx->arena, &out->items[out->count - 1], f, err);
            if (!out->next_cursor)
                r = DB_ERROR;
            break;
        }
        read_customer(s, ctx->arena, &out->items[out->count++], f->with_profile);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/*
 * Count the matches, stopping after $26 of them. The count walks
 * customers_updated (or the owner's part of customers_owner), whatever the
 * page's order: those indexes carry the common filter columns, so most
 * non-matching entries are rejected without reading their row, and the
 * ORDER BY makes SQLite walk them instead of the table. A search counts
 * its matches in the search index.
 */
#define COUNT_SQL_LED(lead)                                                                        \
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE " lead LIST_SCOPE                       \
    "AND $4 IS NULL " LIST_FILTERS "ORDER BY c.updated_at LIMIT $26) AS n"

static const char *const count_sql = COUNT_SQL_LED("");
static const char *const owner_count_sql = COUNT_SQL_LED("c.owner_id = $27 AND ");
static const char *const search_count_sql =
    "SELECT count(*) FROM (SELECT 1 FROM customer_search CROSS JOIN customers c "
    "WHERE c.id = customer_search.rowid AND customer_search MATCH $4 AND " LIST_SCOPE LIST_FILTERS
    "LIMIT $26) AS n";

/*
 * A random sample of a segment ($26 rows), the one scope filter and the list's filters; then
 * what the customer's interactions say (customer_sample_by): none since $32; the latest rated
 * one since $34 rated at most $33; the latest one flagged needs_service ($35). The latest is
 * read along interactions_customer (customer_id, occurred_at, id).
 */
static const char *const sample_sql =
    "SELECT c.id FROM customers c WHERE " LIST_SCOPE "AND $4 IS NULL " LIST_FILTERS
    "AND ($32 = 0 OR NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND "
    "i.occurred_at >= $32)) "
    "AND ($33 = 0 OR (SELECT i.satisfaction FROM interactions i WHERE i.customer_id = c.id AND "
    "i.occurred_at >= $34 AND i.satisfaction > 0 ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) "
    "<= $33) "
    "AND ($35 = 0 OR (SELECT i.needs_service FROM interactions i WHERE i.customer_id = c.id "
    "ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) = 1) "
    "ORDER BY random() LIMIT $26";

enum kh_status customer_store_sample(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                     const struct customer_filter *f, int n,
                                     const struct customer_sample_by *by, int64_t *ids, int *count,
                                     struct kh_err *err)
{
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, sample_sql);
    bind_filter(s, scope, f, NULL);
    db_bind_int(s, 26, n);
    db_bind_int(s, 32, by->not_since);
    db_bind_int(s, 33, by->max_satisfaction);
    db_bind_int(s, 34, by->rated_since);
    db_bind_int(s, 35, by->needs_service ? 1 : 0);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < n)
        ids[(*count)++] = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* A segment's customers in id order after $32 ($26 rows): the one scope filter and the list's. */
static const char *const walk_sql =
    "SELECT c.id, coalesce(c.owner_id, 0) FROM customers c WHERE " LIST_SCOPE
    "AND $4 IS NULL " LIST_FILTERS "AND c.id > $32 ORDER BY c.id LIMIT $26";

enum kh_status customer_store_walk(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                   const struct customer_filter *f, int64_t after, int n,
                                   struct customer_walk_row *out, int *count, struct kh_err *err)
{
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, walk_sql);
    bind_filter(s, scope, f, NULL);
    db_bind_int(s, 26, n);
    db_bind_int(s, 32, after);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < n) {
        out[*count].id = db_col_int(s, 0);
        out[(*count)++].owner_id = db_col_int(s, 1);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status customer_store_count(const struct kh_ctx *ctx, const struct customer_scope *scope,
                                    const struct customer_filter *f, const struct tok_query *q,
                                    int64_t cap, int64_t *out, struct kh_err *err)
{
    *out = 0;
    int64_t owner = scope->scope == KH_SCOPE_OWN ? scope->user_id : f->owner_id;
    struct db_conn *c = db_read_begin(ctx->db);
    const char *match = NULL;
    if (match_text(c, ctx->arena, q, &match, err)) {
        db_read_end(ctx->db, c);
        return err->code;
    }
    struct db_stmt *s = db_prepare(c, match   ? search_count_sql
                                      : owner ? owner_count_sql
                                              : count_sql);
    bind_filter(s, scope, f, match);
    db_bind_int(s, 26, cap);
    if (owner && !match)
        db_bind_int(s, 27, owner);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *out = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- history ---- */

static void read_owner_change(struct db_stmt *s, struct arena *a, void *row)
{
    struct owner_change *o = row;
    o->from_id = db_col_int(s, 0);
    o->from_name = col_str(a, s, 1);
    o->to_id = db_col_int(s, 2);
    o->to_name = col_str(a, s, 3);
    o->by_id = db_col_int(s, 4);
    o->by_name = col_str(a, s, 5);
    o->reason = col_str(a, s, 6);
    o->at = db_col_int(s, 7);
}

enum kh_status customer_store_owner_history(const struct kh_ctx *ctx, int64_t id,
                                            struct owner_change **out, int *count,
                                            struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT coalesce(h.from_user, 0), coalesce(f.display_name, ''), "
           "coalesce(h.to_user, 0), coalesce(t.display_name, ''), coalesce(h.by_user, 0), "
           "coalesce(b.display_name, '系统 / system'), h.reason, h.at FROM owner_history h "
           "LEFT JOIN users f ON f.id = h.from_user LEFT JOIN users t ON t.id = h.to_user "
           "LEFT JOIN users b ON b.id = h.by_user WHERE h.customer_id = $1 ORDER BY h.id DESC");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct owner_change), read_owner_change, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

static void read_field_change(struct db_stmt *s, struct arena *a, void *row)
{
    struct field_change *f = row;
    f->field = col_str(a, s, 0);
    f->old_value = vault_unseal(a, "field_history.old_value", col_str(a, s, 1));
    f->new_value = vault_unseal(a, "field_history.new_value", col_str(a, s, 2));
    f->by_id = db_col_int(s, 3);
    f->by_name = col_str(a, s, 4);
    f->at = db_col_int(s, 5);
}

enum kh_status customer_store_field_history(const struct kh_ctx *ctx, int64_t id,
                                            struct field_change **out, int *count,
                                            struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT h.field, h.old_value, h.new_value, "
                                      "coalesce(h.by_user, 0), "
                                      "coalesce(u.display_name, '系统 / system'), h.at "
                                      "FROM field_history h "
                                      "LEFT JOIN users u ON u.id = h.by_user WHERE h.customer_id = "
                                      "$1 ORDER BY h.id DESC LIMIT 1000");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct field_change), read_field_change, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

/* ---- batches (importers): many records in one write transaction ---- */

struct batch_job {
    const struct kh_ctx *ctx;
    customer_store_batch_fn *fn;
    void *arg;
    int64_t import_batch;
};

static enum kh_status batch_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct batch_job *j = arg;
    struct customer_store_batch b = {.ctx = j->ctx, .conn = c, .import_batch = j->import_batch};
    /*
     * A large import inserts at random places of every index; with the
     * connection's usual 16 MB of page cache each insert past a few hundred
     * thousand customers reads its index pages back from the file. 256 MB
     * for the length of the batch: 1,000,000 rows import in 108 s instead
     * of 162 s. A staged import's batches are many short writes of one
     * import: the cache stays large from its first batch until it is
     * published or discarded, or each batch would start from a cold cache.
     */
    db_bulk_cache(c, true);
    enum kh_status st = j->fn(&b, j->arg, err);
    if (!st)
        st = pending_flush(&b, err);
    if (!st)
        st = seq_flush(&b, err);
    pending_drop(&b, 0);
    free(b.docs);
    if (!j->import_batch)
        db_bulk_cache(c, false);
    return st;
}

static enum kh_status optimize_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)arg;
    return db_search_optimize(c, "customer_search", err);
}

struct search_merge_job {
    int pages;
    bool more;
};

static enum kh_status search_merge_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct search_merge_job *j = arg;
    return db_search_merge(c, "customer_search", j->pages, &j->more, err);
}

enum kh_status customer_store_search_merge(const struct kh_ctx *ctx, int pages, bool *more,
                                           struct kh_err *err)
{
    struct search_merge_job j = {pages, false};
    enum kh_status st = db_write_alone(ctx->db, search_merge_fn, &j, err);
    *more = !st && j.more;
    return st;
}

enum kh_status customer_store_search_optimize(const struct kh_ctx *ctx, struct kh_err *err)
{
    return db_write(ctx->db, optimize_fn, NULL, err);
}

enum kh_status customer_store_batch_run(const struct kh_ctx *ctx, int64_t import_batch,
                                        customer_store_batch_fn *fn, void *arg, struct kh_err *err)
{
    struct batch_job j = {ctx, fn, arg, import_batch};
    /*
     * An import's batch takes its rows from a stream: it cannot run them again. The whole file
     * of `kehu import` is one batch that writes all over every index: a write alone (no
     * sub-journal to fill). A staged import's batches are short and many, and users' writes and
     * the audit entries of reads wait behind each: they stay in the group commit.
     */
    return import_batch ? db_write_once(ctx->db, batch_fn, &j, err)
                        : db_write_alone(ctx->db, batch_fn, &j, err);
}

/* ---- the search backlog: imported customers' documents, indexed after the commit ---- */

enum kh_status customer_store_backlog_count(const struct kh_ctx *ctx, int64_t *n,
                                            struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = db_exec_int(db_prepare(c, "SELECT count(*) FROM search_backlog"), n, err);
    db_read_end(ctx->db, c);
    return st;
}

/* 1 while a document waits: one probe of the backlog's first row. */
#define BACKLOG_ANY "SELECT CASE WHEN EXISTS (SELECT 1 FROM search_backlog) THEN 1 ELSE 0 END"

enum kh_status customer_store_backlog_any(const struct kh_ctx *ctx, bool *any, struct kh_err *err)
{
    int64_t n = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = db_exec_int(db_prepare(c, BACKLOG_ANY), &n, err);
    db_read_end(ctx->db, c);
    *any = n != 0;
    return st;
}

/* At least this many documents per write, however busy the writer. */
#define BACKLOG_WRITE_MIN 500

struct backlog_job {
    const struct kh_ctx *ctx;
    int max;
    bool bulk_on;
    int moved;
    bool empty;
};

static enum kh_status backlog_move_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct backlog_job *j = arg;
    struct arena *a = j->ctx->arena;
    j->moved = 0;
    j->empty = false;
    enum kh_status st = j->bulk_on ? db_search_bulk(c, "customer_search", true, err) : KH_OK;
    /* Read first: no document is written while the statement that reads them runs. */
    struct db_stmt *s = db_prepare(c, "SELECT id, name, company, py, phone, other FROM "
                                      "search_backlog ORDER BY id LIMIT $1");
    db_bind_int(s, 1, j->max);
    int64_t *ids = arena_alloc(a, sizeof(*ids) * (size_t)j->max);
    const char *(*cols)[TOK_COLS] = arena_alloc(a, sizeof(*cols) * (size_t)j->max);
    int n = 0;
    enum db_step_result r = DB_DONE;
    while (!st && n < j->max && (r = db_step(s, err)) == DB_ROW) {
        ids[n] = db_col_int(s, 0);
        for (int k = 0; k < TOK_COLS; k++)
            cols[n][k] = arena_strdup(a, db_col_text(s, 1 + k));
        n++;
    }
    if (!st && r == DB_ERROR)
        st = err->code;
    int i = 0;
    for (; i < n && !st; i++) {
        if (i >= BACKLOG_WRITE_MIN && db_write_wanted(c))
            break;
        st = db_search_put(c, "customer_search", ids[i], cols[i], err);
    }
    if (!st && i) {
        s = db_prepare(c, "DELETE FROM search_backlog WHERE id <= $1");
        db_bind_int(s, 1, ids[i - 1]);
        st = db_exec_stmt(s, err);
    }
    int64_t left = 1;
    if (!st && i == n)
        st = db_exec_int(db_prepare(c, BACKLOG_ANY), &left, err);
    /* The last write of a load leaves bulk mode: a load cut short leaves it to the next one. */
    if (!st && !left)
        st = db_search_bulk(c, "customer_search", false, err);
    j->moved = st ? 0 : i;
    j->empty = !st && !left;
    return st;
}

enum kh_status customer_store_backlog_move(const struct kh_ctx *ctx, int max, bool bulk_on,
                                           int *moved, bool *empty, struct kh_err *err)
{
    struct backlog_job j = {ctx, max, bulk_on, 0, false};
    enum kh_status st = db_write_alone(ctx->db, backlog_move_fn, &j, err);
    *moved = st ? 0 : j.moved;
    *empty = !st && j.empty;
    return st;
}

/* ---- staged imports: rows stored in many commits, published in one ---- */

struct stage_job {
    const struct kh_ctx *ctx;
    int64_t job_id, batch;
    const char *action, *detail;
    int64_t deleted;
};

static enum kh_status stage_open_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct stage_job *j = arg;
    /* What an earlier run of the same job left pending is no longer anyone's. */
    struct db_stmt *s = db_prepare(c, "UPDATE import_batches SET state = 'discarded', "
                                      "finished_at = $2 WHERE job_id = $1 AND state = 'pending'");
    db_bind_int(s, 1, j->job_id);
    db_bind_int(s, 2, ctx_now(j->ctx));
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "INSERT INTO import_batches (job_id, state, created_at) "
                      "VALUES ($1, 'pending', $2) RETURNING id");
    db_bind_id(s, 1, j->job_id);
    db_bind_int(s, 2, ctx_now(j->ctx));
    return db_exec_int(s, &j->batch, err);
}

enum kh_status customer_store_stage_open(const struct kh_ctx *ctx, int64_t job_id, int64_t *batch,
                                         struct kh_err *err)
{
    struct stage_job j = {.ctx = ctx, .job_id = job_id};
    enum kh_status st = db_write(ctx->db, stage_open_fn, &j, err);
    *batch = st ? 0 : j.batch;
    return st;
}

static enum kh_status stage_publish_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct stage_job *j = arg;
    db_bulk_cache(c, false); /* the import's batches are over (batch_fn) */
    struct db_stmt *s = db_prepare(c, "UPDATE import_batches SET state = 'published', "
                                      "finished_at = $2 WHERE id = $1 AND state = 'pending'");
    db_bind_int(s, 1, j->batch);
    db_bind_int(s, 2, ctx_now(j->ctx));
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) != 1)
        return kh_err_set(err, KH_E_CONFLICT, "", "导入批次已被放弃", "the import was discarded");
    struct audit_event ev = {j->action, "customer", 0, j->detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_stage_publish(const struct kh_ctx *ctx, int64_t batch,
                                            const char *action, const char *detail,
                                            struct kh_err *err)
{
    struct stage_job j = {.ctx = ctx, .batch = batch, .action = action, .detail = detail};
    return db_write(ctx->db, stage_publish_fn, &j, err);
}

enum kh_status customer_store_stage_published(const struct kh_ctx *ctx, int64_t job_id, bool *found,
                                              int64_t *rows, struct kh_err *err)
{
    *found = false;
    *rows = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT (SELECT count(*) FROM customers c WHERE c.import_batch = b.id) "
           "FROM import_batches b WHERE b.job_id = $1 AND b.state = 'published' LIMIT 1");
    db_bind_int(s, 1, job_id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        *found = true;
        *rows = db_col_int(s, 0);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

#define STAGE_DELETE_ROWS 2000

/* Mark the batch discarded, then delete up to STAGE_DELETE_ROWS of its rows. */
static enum kh_status stage_discard_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct stage_job *j = arg;
    db_bulk_cache(c, false); /* the import's batches are over (batch_fn) */
    struct db_stmt *s = db_prepare(c, "UPDATE import_batches SET state = 'discarded', "
                                      "finished_at = coalesce(finished_at, $2) "
                                      "WHERE id = $1 AND state <> 'published'");
    db_bind_int(s, 1, j->batch);
    db_bind_int(s, 2, ctx_now(j->ctx));
    enum kh_status st = db_exec_stmt(s, err);
    struct db_stmt *pick =
        db_prepare(c, "SELECT id FROM customers WHERE import_batch = $1 AND EXISTS (SELECT 1 FROM "
                      "import_batches ib WHERE ib.id = $1 AND ib.state = 'discarded') LIMIT $2");
    db_bind_int(pick, 1, j->batch);
    db_bind_int(pick, 2, STAGE_DELETE_ROWS);
    /* The ids first: no row is deleted under a running SELECT of its table. */
    int64_t *ids = arena_alloc(j->ctx->arena, sizeof(*ids) * STAGE_DELETE_ROWS);
    int n = 0;
    enum db_step_result r = DB_DONE;
    while (!st && n < STAGE_DELETE_ROWS && (r = db_step(pick, err)) == DB_ROW)
        ids[n++] = db_col_int(pick, 0);
    if (!st && r == DB_ERROR)
        st = err->code;
    for (int i = 0; i < n && !st; i++) {
        if (!(st = db_search_delete(c, "customer_search", ids[i], err))) {
            /* Keys, contacts and histories go with it (ON DELETE CASCADE). */
            s = db_prepare(c, "DELETE FROM customers WHERE id = $1");
            db_bind_int(s, 1, ids[i]);
            st = db_exec_stmt(s, err);
        }
    }
    j->deleted = n;
    return st;
}

enum kh_status customer_store_stage_discard(const struct kh_ctx *ctx, int64_t batch,
                                            struct kh_err *err)
{
    struct stage_job j = {.ctx = ctx, .batch = batch};
    enum kh_status st;
    /* In short commits, so other writes go on while a large import is taken back. */
    do
        st = db_write(ctx->db, stage_discard_fn, &j, err);
    while (!st && j.deleted == STAGE_DELETE_ROWS);
    return st;
}

enum kh_status customer_store_batch_insert(struct customer_store_batch *b,
                                           const struct kh_ctx *row_ctx, struct customer_write *w,
                                           int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    enum kh_status st = KH_OK;
    if (!b->in_row && b->ndocs >= 4096)
        st = pending_flush(b, err);
    return st ? st : insert_on(b->conn, row_ctx, w, b, id_out, err);
}

enum kh_status customer_store_batch_update(struct customer_store_batch *b,
                                           const struct kh_ctx *row_ctx, struct customer_write *w,
                                           struct kh_err *err)
{
    return update_on(b->conn, row_ctx, w, err);
}

enum kh_status customer_store_batch_mark(struct customer_store_batch *b, int what,
                                         struct kh_err *err)
{
    static const char *const sql[] = {"SAVEPOINT row", "RELEASE row",
                                      "ROLLBACK TO row; RELEASE row"};
    enum kh_status st = KH_OK;
    if (what == 0 && b->ndocs >= 4096)
        st = pending_flush(b, err); /* only between rows: a rolled-back row must not take them */
    if (what == 0)
        b->row_mark = b->ndocs;
    if (what == 2)
        pending_drop(b, b->row_mark);
    if (what == 2 && b->seq_row)
        b->seq_scope[0] = '\0'; /* the block may be taken back with the row (db_prepare_detached) */
    if (what != 0)
        b->seq_row = false;
    b->in_row = what == 0;
    return st ? st : db_exec_script(b->conn, sql[what], err);
}

enum kh_status customer_store_batch_audit(struct customer_store_batch *b, const char *action,
                                          const char *detail, struct kh_err *err)
{
    struct audit_event ev = {action, "customer", 0, detail};
    return audit_store_append(b->conn, &b->ctx->actor, ctx_now(b->ctx), &ev, err);
}

bool customer_store_batch_wanted(const struct customer_store_batch *b)
{
    return db_write_wanted(b->conn);
}

/* ---- search index rebuild ---- */

static void read_id(struct db_stmt *s, struct arena *a, void *row)
{
    (void)a;
    *(int64_t *)row = db_col_int(s, 0);
}

enum kh_status customer_store_ids_after(const struct kh_ctx *ctx, int64_t after, int limit,
                                        int64_t **ids, int *n, struct kh_err *err)
{
    *ids = NULL;
    *n = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT id FROM customers WHERE id > $1 ORDER BY id LIMIT $2");
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, limit);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(int64_t), read_id, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *ids = rows.items;
    *n = rows.count;
    return KH_OK;
}

static void read_phone_row(struct db_stmt *s, struct arena *a, void *row)
{
    struct phone_row *p = row;
    p->id = db_col_int(s, 0);
    for (int i = 0; i < 3; i++)
        p->phone[i] = arena_strdup(a, db_col_text(s, i + 1));
}

enum kh_status customer_store_phones_after(const struct kh_ctx *ctx, bool contacts, int64_t after,
                                           int limit, struct phone_row **rows, int *n,
                                           struct kh_err *err)
{
    *rows = NULL;
    *n = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        contacts ? db_prepare(c, "SELECT id, mobile, '', '' FROM contacts WHERE id > $1 "
                                 "ORDER BY id LIMIT $2")
                 : db_prepare(c, "SELECT id, mobile, phone_office, phone_home FROM customers "
                                 "WHERE id > $1 ORDER BY id LIMIT $2");
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, limit);
    struct db_rows got;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct phone_row), read_phone_row, &got, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *rows = got.items;
    *n = got.count;
    return KH_OK;
}

struct phones_job {
    bool contacts;
    const struct phone_row *rows;
    int n;
};

static enum kh_status phones_put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct phones_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; i < j->n && !st; i++) {
        struct db_stmt *s =
            j->contacts ? db_prepare(c, "UPDATE contacts SET mobile = $2 WHERE id = $1")
                        : db_prepare(c, "UPDATE customers SET mobile = $2, phone_office = $3, "
                                        "phone_home = $4 WHERE id = $1");
        db_bind_int(s, 1, j->rows[i].id);
        db_bind_text(s, 2, j->rows[i].phone[0]);
        if (!j->contacts) {
            db_bind_text(s, 3, j->rows[i].phone[1]);
            db_bind_text(s, 4, j->rows[i].phone[2]);
        }
        st = db_exec_stmt(s, err);
    }
    return st;
}

enum kh_status customer_store_phones_put(const struct kh_ctx *ctx, bool contacts,
                                         const struct phone_row *rows, int n, struct kh_err *err)
{
    struct phones_job j = {contacts, rows, n};
    return n ? db_write(ctx->db, phones_put_fn, &j, err) : KH_OK;
}

enum kh_status customer_store_count_all(const struct kh_ctx *ctx, int64_t *n, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM customers");
    enum db_step_result r = db_step(s, err);
    *n = r == DB_ROW ? db_col_int(s, 0) : 0;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct docs_job {
    const int64_t *ids;
    const struct search_doc *docs;
    struct customer_key *const *keys;
    const int *nkeys;
    int n;
};

/* A customer's phone and ID-number keys, written again (their form changed: blind indexes). */
static enum kh_status rewrite_number_keys(struct db_conn *c, int64_t id,
                                          const struct customer_key *keys, int n,
                                          struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "DELETE FROM customer_keys WHERE customer_id = $1 AND kind IN ('phone', 'id_number')");
    db_bind_int(s, 1, id);
    enum kh_status st = db_exec_stmt(s, err);
    for (int i = 0; !st && i < n; i++) {
        if (strcmp(keys[i].kind, "phone") && strcmp(keys[i].kind, "id_number"))
            continue;
        s = db_prepare(c, "INSERT INTO customer_keys (kind, value, customer_id) VALUES ($1, $2, "
                          "$3) ON CONFLICT (kind, value) DO NOTHING");
        db_bind_text(s, 1, keys[i].kind);
        db_bind_text(s, 2, keys[i].value);
        db_bind_int(s, 3, id);
        st = db_exec_stmt(s, err);
    }
    return st;
}

static enum kh_status replace_docs_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct docs_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; i < j->n && !st; i++)
        if (!(st = backlog_drop(c, j->ids[i], err)))
            st = db_search_delete(c, "customer_search", j->ids[i], err);
    for (int i = 0; i < j->n && !st; i++)
        st = insert_doc(c, j->ids[i], &j->docs[i], err);
    for (int i = 0; j->keys && i < j->n && !st; i++)
        st = rewrite_number_keys(c, j->ids[i], j->keys[i], j->nkeys[i], err);
    return st;
}

enum kh_status customer_store_replace_docs(const struct kh_ctx *ctx, const int64_t *ids,
                                           const struct search_doc *docs,
                                           struct customer_key *const *keys, const int *nkeys,
                                           int n, struct kh_err *err)
{
    struct docs_job j = {ids, docs, keys, nkeys, n};
    return db_write(ctx->db, replace_docs_fn, &j, err);
}

/* ---- the content check of a backup ---- */

/* The text columns of a customer record, each read back as a value must be. */
static const char *const check_columns[] = {
    "code",         "kind",       "name",     "gender",        "birthday", "mobile",
    "phone_office", "phone_home", "email",    "address",       "company",  "company_address",
    "position",     "id_number",  "uscc",     "credit_status", "category", "grade",
    "value_tier",   "stage",      "activity", "industry",      "source",   "notes",
};
#define CHECK_NCOLUMNS (sizeof(check_columns) / sizeof(check_columns[0]))

enum kh_status customer_store_check_records(const struct kh_ctx *ctx, int64_t *bad_id,
                                            const char **bad_column, struct kh_err *err)
{
    *bad_id = 0;
    *bad_column = NULL;
    struct db_conn *c = db_read_begin(ctx->db);
    /* Every text column, then whether each JSON column parses. */
    struct db_stmt *s = db_prepare(
        c, "SELECT id, code, kind, name, gender, birthday, mobile, phone_office, phone_home, "
           "email, address, company, company_address, position, id_number, uscc, credit_status, "
           "category, grade, value_tier, stage, activity, industry, source, notes, "
           "tags, templates, custom FROM customers ORDER BY id");
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        struct arena a;
        arena_init(&a);
        for (size_t i = 0; i < CHECK_NCOLUMNS && !*bad_column; i++) {
            const char *v = db_col_text(s, (int)i + 1);
            char use[48];
            snprintf(use, sizeof(use), "customers.%s", check_columns[i]);
            bool sealed = !strcmp(check_columns[i], "mobile") ||
                          !strncmp(check_columns[i], "phone_", 6) ||
                          !strcmp(check_columns[i], "id_number");
            if (db_col_is_null(s, (int)i + 1) || !utf8_valid(v, db_col_len(s, (int)i + 1)) ||
                (sealed && vault_damaged(use, v))) /* a sealed value opens with the keys */
                *bad_column = check_columns[i];
        }
        /* The JSON columns parse (checked here, not by an engine's own JSON function). */
        const char *json[] = {"tags", "templates", "custom"};
        for (int i = 0; i < 3 && !*bad_column; i++) {
            json_error_t je;
            const char *text = db_col_text(s, (int)CHECK_NCOLUMNS + 1 + i);
            if (i == 2 && vault_is_sealed(text)) {
                if (vault_damaged("customers.custom", text)) {
                    *bad_column = json[i];
                    break;
                }
                if (!vault_can_open(text))
                    break; /* a backup checked without its keys: its form was checked */
                text = vault_unseal(&a, "customers.custom", text);
            }
            json_t *v = json_loads(text, JSON_DECODE_ANY, &je);
            if (!v)
                *bad_column = json[i];
            json_decref(v);
        }
        arena_release(&a);
        if (*bad_column) {
            *bad_id = id;
            break;
        }
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- read grants (R-SEC-3) ---- */

enum kh_status customer_store_id_by_code(const struct kh_ctx *ctx, const char *code, int64_t *id,
                                         struct kh_err *err)
{
    *id = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT c.id FROM customers c WHERE c.code = $1 AND " CUSTOMER_VISIBLE);
    db_bind_text(s, 1, code);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *id = db_col_int(s, 0);
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status customer_store_grant(const struct kh_ctx *ctx, int64_t user_id, int64_t customer_id,
                                    int64_t now, int64_t *request_id, int64_t *ends_at,
                                    struct kh_err *err)
{
    *request_id = *ends_at = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c,
        "SELECT request_id, ends_at FROM customer_grants WHERE user_id = $1 AND customer_id = $2 "
        "AND ends_at > $3 AND starts_at <= $3 ORDER BY ends_at DESC LIMIT 1");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, customer_id);
    db_bind_int(s, 3, now);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW) {
        *request_id = db_col_int(s, 0);
        *ends_at = db_col_int(s, 1);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status customer_store_grants_add_on(struct db_conn *c, const struct kh_ctx *ctx,
                                            int64_t request_id, int64_t user_id, const int64_t *ids,
                                            int n, int64_t starts, int64_t ends, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        /* A record destroyed or discarded since the request grants nothing. */
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO customer_grants (request_id, user_id, customer_id, starts_at, ends_at) "
               "SELECT $1, $2, c.id, $4, $5 FROM customers c WHERE c.id = $3");
        db_bind_int(s, 1, request_id);
        db_bind_int(s, 2, user_id);
        db_bind_int(s, 3, ids[i]);
        db_bind_int(s, 4, starts);
        db_bind_int(s, 5, ends);
        st = db_exec_stmt(s, err);
    }
    if (st)
        return st;
    const char *detail =
        arena_printf(ctx->arena, "request=%lld user=%lld customers=%d until=%lld",
                     (long long)request_id, (long long)user_id, n, (long long)ends);
    struct audit_event ev = {"customer.grant", "approval", request_id, detail};
    return audit_store_append(c, &ctx->actor, starts, &ev, err);
}

enum kh_status customer_store_grants_of(const struct kh_ctx *ctx, int64_t user_id, int64_t now,
                                        struct customer_grant **out, int *count, struct kh_err *err)
{
    enum { MAX = 500 };
    *out = arena_alloc(ctx->arena, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT g.request_id, g.customer_id, c.code, c.name, c.secrecy, g.starts_at, "
                      "g.ends_at FROM customer_grants g JOIN customers c ON c.id = g.customer_id "
                      "WHERE g.user_id = $1 AND g.ends_at > $2 AND g.starts_at <= $2 "
                      "ORDER BY g.ends_at, c.code LIMIT 500");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, now);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX) {
        struct customer_grant *g = &(*out)[(*count)++];
        g->request_id = db_col_int(s, 0);
        g->customer_id = db_col_int(s, 1);
        g->code = col_str(ctx->arena, s, 2);
        g->name = col_str(ctx->arena, s, 3);
        g->secrecy = (int)db_col_int(s, 4);
        g->starts_at = db_col_int(s, 5);
        g->ends_at = db_col_int(s, 6);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status customer_store_grants_on(const struct kh_ctx *ctx, int64_t id,
                                        struct customer_grant_of **out, int *count,
                                        struct kh_err *err)
{
    enum { MAX = 500 };
    *out = arena_alloc(ctx->arena, sizeof(**out) * MAX);
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT g.request_id, g.user_id, coalesce(u.display_name, ''), g.starts_at, g.ends_at "
           "FROM customer_grants g LEFT JOIN users u ON u.id = g.user_id "
           "WHERE g.customer_id = $1 ORDER BY g.id DESC LIMIT 500");
    db_bind_int(s, 1, id);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && *count < MAX) {
        struct customer_grant_of *g = &(*out)[(*count)++];
        g->request_id = db_col_int(s, 0);
        g->user_id = db_col_int(s, 1);
        g->user_name = col_str(ctx->arena, s, 2);
        g->starts_at = db_col_int(s, 3);
        g->ends_at = db_col_int(s, 4);
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/* ---- departure handover (R-SEC-8) ---- */

enum kh_status customer_store_owned_count(const struct kh_ctx *ctx, int64_t user_id,
                                          int above_secrecy, int64_t *n, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT count(*) FROM customers WHERE owner_id = $1 AND secrecy > $2");
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, above_secrecy);
    enum kh_status st = db_exec_int(s, n, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status customer_store_hand_over_on(struct db_conn *c, const struct kh_ctx *ctx,
                                           int64_t from, int64_t to, const char *reason,
                                           int64_t *moved, struct kh_err *err)
{
    *moved = 0;
    int64_t now = ctx_now(ctx);
    int64_t *ids = NULL, k = 0;
    enum kh_status st =
        db_ids(c, ctx->arena, "SELECT id FROM customers WHERE owner_id = $1 ORDER BY id", from,
               &ids, &k, err);
    if (st || !k)
        return st;
    struct db_stmt *s;
    /* Each customer's owner history says who handed it over and why; the customer follows its
     * new owner's department, as in a transfer. */
    s = db_prepare(c,
                   "INSERT INTO owner_history (customer_id, from_user, to_user, by_user, "
                   "reason, at) SELECT id, $1, $2, $3, $4, $5 FROM customers WHERE owner_id = $1");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, to);
    db_bind_id(s, 3, ctx->actor.user_id);
    db_bind_text(s, 4, reason);
    db_bind_int(s, 5, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    s = db_prepare(c, "UPDATE customers SET owner_id = $2, department_id = (SELECT department_id "
                      "FROM users WHERE id = $2), updated_at = $3, version = version + 1 "
                      "WHERE owner_id = $1");
    db_bind_int(s, 1, from);
    db_bind_int(s, 2, to);
    db_bind_int(s, 3, now);
    if ((st = db_exec_stmt(s, err)))
        return st;
    for (int64_t i = 0; i < k && !st; i++) {
        const char *detail = arena_printf(ctx->arena, "from=%lld to=%lld reason=%s handover=1",
                                          (long long)from, (long long)to, reason);
        struct audit_event ev = {"customer.transfer", "customer", ids[i], detail};
        st = audit_store_append(c, &ctx->actor, now, &ev, err);
    }
    *moved = k;
    return st;
}

/* ---- destruction (R-SEC-7) ---- */

enum kh_status customer_store_destroy_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                         struct customer_destroyed *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_stmt *s = db_prepare(c, "SELECT code, category, stage, secrecy, archived, "
                                      "archived_at, name FROM customers WHERE id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ERROR)
        return err->code;
    if (r == DB_DONE)
        return kh_err_set(err, KH_E_NOT_FOUND, "customers", "客户不存在或已销毁",
                          "the customer does not exist or was destroyed");
    out->code = arena_strdup(ctx->arena, db_col_text(s, 0));
    out->category = arena_strdup(ctx->arena, db_col_text(s, 1));
    out->stage = arena_strdup(ctx->arena, db_col_text(s, 2));
    out->secrecy = (int)db_col_int(s, 3);
    bool archived = db_col_int(s, 4) != 0;
    out->archived_at = db_col_int(s, 5);
    const char *name = arena_strdup(ctx->arena, db_col_text(s, 6));
    if (!archived)
        return kh_err_setf(err, KH_E_CONFLICT, "customers", "客户 %s 未归档：只能销毁已归档的客户",
                           "customer %s is not archived: only archived customers are destroyed",
                           out->code, out->code);
    static const char *const drops[] = {
        "DELETE FROM customer_grants WHERE customer_id = $1",
        "UPDATE customers SET merged_into = 0 WHERE merged_into = $1",
    };
    enum kh_status st = KH_OK;
    for (size_t i = 0; !st && i < sizeof(drops) / sizeof(drops[0]); i++) {
        s = db_prepare(c, drops[i]);
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    if (!st)
        st = db_search_delete(c, "customer_search", id, err);
    /* Requests that named it keep their code, not its name; their secrets (new values) go. */
    if (!st && *name) {
        s = db_prepare(c, "UPDATE approval_requests SET summary_zh = replace(summary_zh, $1, "
                          "'（已销毁）'), summary_en = replace(summary_en, $1, '(destroyed)'), "
                          "secret = '' WHERE summary_zh LIKE $2 OR summary_en LIKE $2");
        db_bind_text(s, 1, name);
        db_bind_text(s, 2, arena_printf(ctx->arena, "%%%s%%", out->code));
        st = db_exec_stmt(s, err);
    }
    size_t nrefs = 0;
    const struct customer_ref_kind *const *refs = registry_customer_refs(&nrefs);
    for (size_t i = 0; !st && i < nrefs; i++)
        if (refs[i]->forget)
            st = refs[i]->forget(c, ctx, id, err);
    if (!st) { /* contacts, keys, owner and field history, tags go with it (ON DELETE CASCADE) */
        s = db_prepare(c, "DELETE FROM customers WHERE id = $1");
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    return st;
}
