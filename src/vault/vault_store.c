#include "vault/vault_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "core/mem.h"
#include "db/db.h"

/*
 * The sealed columns of the archive and the approvals engine. A capability
 * that keeps a sensitive value in a column of its own seals it with
 * vault_seal(a, "table.column", v) in its store and lists the table in its
 * registration (.sealed), not here.
 */
static const struct vault_table own_tables[] = {
    {"customers",
     5,
     {"customers.mobile", "customers.phone_office", "customers.phone_home", "customers.id_number",
      "customers.custom"},
     "SELECT id, mobile, phone_office, phone_home, id_number, custom FROM customers "
     "WHERE id > $1 ORDER BY id LIMIT $2",
     "UPDATE customers SET mobile = $2, phone_office = $3, phone_home = $4, id_number = $5, "
     "custom = $6 WHERE id = $1"},
    {"contacts",
     4,
     {"contacts.mobile", "contacts.birthday", "contacts.interests", "contacts.notes"},
     "SELECT id, mobile, birthday, interests, notes FROM contacts WHERE id > $1 ORDER BY id "
     "LIMIT $2",
     "UPDATE contacts SET mobile = $2, birthday = $3, interests = $4, notes = $5 WHERE id = $1"},
    {"field_history",
     2,
     {"field_history.old_value", "field_history.new_value"},
     "SELECT id, old_value, new_value FROM field_history WHERE id > $1 ORDER BY id LIMIT $2",
     "UPDATE field_history SET old_value = $2, new_value = $3 WHERE id = $1"},
    {"approval_requests",
     1,
     {"approval_requests.secret"},
     "SELECT id, secret FROM approval_requests WHERE id > $1 ORDER BY id LIMIT $2",
     "UPDATE approval_requests SET secret = $2 WHERE id = $1"},
};

static struct vault_table *all_tables;
static int all_count;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

/* The own tables, then every registered capability's, once (the registry never changes). */
static void collect_tables(void)
{
    size_t ncaps = 0, n = sizeof(own_tables) / sizeof(own_tables[0]);
    const struct capability *const *caps = registry_capabilities(&ncaps);
    for (size_t i = 0; i < ncaps; i++)
        for (const struct vault_table *const *t = caps[i]->sealed; t && *t; t++)
            n++;
    all_tables = kh_calloc(n, sizeof(*all_tables));
    for (size_t i = 0; i < sizeof(own_tables) / sizeof(own_tables[0]); i++)
        all_tables[all_count++] = own_tables[i];
    for (size_t i = 0; i < ncaps; i++)
        for (const struct vault_table *const *t = caps[i]->sealed; t && *t; t++)
            all_tables[all_count++] = **t;
}

const struct vault_table *vault_store_tables(int *count)
{
    pthread_once(&all_once, collect_tables);
    *count = all_count;
    return all_tables;
}

static void read_key(struct db_stmt *s, struct arena *a, void *row)
{
    struct vault_key_row *k = row;
    k->version = db_col_int(s, 0);
    k->wrapped = arena_strdup(a, db_col_text(s, 1));
    k->created_at = db_col_int(s, 2);
    k->retired_at = db_col_int(s, 3);
}

enum kh_status vault_store_keys(const struct kh_ctx *ctx, struct vault_key_row **out, int *count,
                                struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT version, wrapped, created_at, retired_at FROM field_keys ORDER BY version");
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(**out), read_key, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

struct key_add {
    const char *wrapped;
    int64_t now, version;
};

static enum kh_status key_add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct key_add *j = arg;
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO field_keys (version, wrapped, created_at) "
           "SELECT coalesce(max(version), 0) + 1, $1, $2 FROM field_keys RETURNING version");
    db_bind_text(s, 1, j->wrapped);
    db_bind_int(s, 2, j->now);
    return db_exec_int(s, &j->version, err);
}

enum kh_status vault_store_key_add(const struct kh_ctx *ctx, const char *wrapped, int64_t *version,
                                   struct kh_err *err)
{
    struct key_add j = {wrapped, ctx_now(ctx), 0};
    enum kh_status st = db_write(ctx->db, key_add_fn, &j, err);
    *version = j.version;
    return st;
}

struct drop_job {
    int64_t version;
};

static enum kh_status drop_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct drop_job *j = arg;
    struct db_stmt *s = db_prepare(c, "DELETE FROM field_keys WHERE version < $1");
    db_bind_int(s, 1, j->version);
    return db_exec_stmt(s, err);
}

enum kh_status vault_store_keys_drop_older(const struct kh_ctx *ctx, int64_t version,
                                           struct kh_err *err)
{
    struct drop_job j = {version};
    return db_write(ctx->db, drop_fn, &j, err);
}

enum kh_status vault_store_page(const struct kh_ctx *ctx, const struct vault_table *t,
                                int64_t after, int limit, struct vault_row **out, int *count,
                                struct kh_err *err)
{
    *out = arena_alloc(ctx->arena, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, t->select_sql);
    db_bind_int(s, 1, after);
    db_bind_int(s, 2, limit);
    enum db_step_result r = DB_DONE;
    while (*count < limit && (r = db_step(s, err)) == DB_ROW) {
        struct vault_row *row = &(*out)[(*count)++];
        row->id = db_col_int(s, 0);
        for (int i = 0; i < t->ncols; i++)
            row->v[i] = arena_strdup(ctx->arena, db_col_text(s, i + 1));
    }
    enum kh_status st = (*count < limit && r == DB_ERROR) ? err->code : KH_OK;
    db_read_end(ctx->db, c);
    return st;
}

struct reseal_page {
    const struct vault_table *t;
    int64_t after;
    int limit;
    vault_row_fn *fn;
    void *arg;
    int64_t last;
    int n;
};

static enum kh_status reseal_page_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct reseal_page *j = arg;
    struct arena a;
    arena_init(&a);
    struct vault_row *rows = arena_alloc(&a, sizeof(*rows) * (size_t)j->limit);
    bool *changed = arena_alloc(&a, sizeof(*changed) * (size_t)j->limit);
    j->n = 0;
    struct db_stmt *s = db_prepare(c, j->t->select_sql);
    db_bind_int(s, 1, j->after);
    db_bind_int(s, 2, j->limit);
    enum db_step_result r = DB_DONE;
    while (j->n < j->limit && (r = db_step(s, err)) == DB_ROW) {
        struct vault_row *row = &rows[j->n++];
        row->id = db_col_int(s, 0);
        for (int i = 0; i < j->t->ncols; i++)
            row->v[i] = arena_strdup(&a, db_col_text(s, i + 1));
    }
    enum kh_status st = (j->n < j->limit && r == DB_ERROR) ? err->code : KH_OK;
    for (int i = 0; !st && i < j->n; i++)
        changed[i] = j->fn(&a, j->t, &rows[i], j->arg);
    for (int i = 0; !st && i < j->n; i++) {
        if (!changed[i])
            continue;
        struct db_stmt *u = db_prepare(c, j->t->update_sql);
        db_bind_int(u, 1, rows[i].id);
        for (int k = 0; k < j->t->ncols; k++)
            db_bind_text(u, 2 + k, rows[i].v[k]);
        st = db_exec_stmt(u, err);
    }
    j->last = j->n ? rows[j->n - 1].id : j->after;
    arena_release(&a);
    return st;
}

enum kh_status vault_store_reseal_page(const struct kh_ctx *ctx, const struct vault_table *t,
                                       int64_t after, int limit, vault_row_fn *fn, void *arg,
                                       int64_t *last, int *n, struct kh_err *err)
{
    struct reseal_page j = {t, after, limit, fn, arg, after, 0};
    enum kh_status st = db_write(ctx->db, reseal_page_fn, &j, err);
    *last = j.last;
    *n = j.n;
    return st;
}

enum kh_status vault_store_wipe(const struct kh_ctx *ctx, struct kh_err *err)
{
    int n = 0;
    const struct vault_table *ts = vault_store_tables(&n);
    const char **names = kh_calloc((size_t)n + 1, sizeof(*names));
    for (int i = 0; i < n; i++)
        names[i] = ts[i].name;
    enum kh_status st = db_wipe_free(ctx->db, names, n, err);
    free(names);
    return st;
}
