#include "settings/settings_store.h"

#include <stdio.h>

#include "audit/audit_store.h"
#include "db/db.h"

enum kh_status settings_store_get(const struct kh_ctx *ctx, const char *key, const char **value,
                                  struct kh_err *err)
{
    *value = NULL;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT value FROM settings WHERE key = $1");
    db_bind_text(s, 1, key);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        *value = arena_strdup(ctx->arena, db_col_text(s, 0));
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct put_job {
    const struct kh_ctx *ctx;
    const char *const *keys, *const *values;
    int n;
};

static enum kh_status put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct put_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; i < j->n && !st; i++) {
        struct db_stmt *s = db_prepare(c, "INSERT INTO settings (key, value) VALUES ($1, $2) "
                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        db_bind_text(s, 1, j->keys[i]);
        db_bind_text(s, 2, j->values[i]);
        if ((st = db_exec_stmt(s, err)))
            break;
        char detail[300];
        snprintf(detail, sizeof(detail), "%s=%s", j->keys[i], j->values[i]);
        struct audit_event ev = {"settings.change", "setting", 0, detail};
        st = audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
    }
    return st;
}

enum kh_status settings_store_put_many(const struct kh_ctx *ctx, const char *const *keys,
                                       const char *const *values, int n, struct kh_err *err)
{
    struct put_job j = {ctx, keys, values, n};
    return n ? db_write(ctx->db, put_fn, &j, err) : KH_OK;
}

enum kh_status settings_store_put(const struct kh_ctx *ctx, const char *key, const char *value,
                                  struct kh_err *err)
{
    return settings_store_put_many(ctx, &key, &value, 1, err);
}

void *settings_store_slot(const struct kh_ctx *ctx, const struct db_slot_key *key)
{
    return db_slot(ctx->db, key);
}
