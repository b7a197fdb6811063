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
    const char *key, *value;
};

static enum kh_status put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct put_job *j = arg;
    struct db_stmt *s = db_prepare(c, "INSERT INTO settings (key, value) VALUES ($1, $2) "
                                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    db_bind_text(s, 1, j->key);
    db_bind_text(s, 2, j->value);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    char detail[300];
    snprintf(detail, sizeof(detail), "%s=%s", j->key, j->value);
    struct audit_event ev = {"settings.change", "setting", 0, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status settings_store_put(const struct kh_ctx *ctx, const char *key, const char *value,
                                  struct kh_err *err)
{
    struct put_job j = {ctx, key, value};
    return db_write(ctx->db, put_fn, &j, err);
}

void *settings_store_slot(const struct kh_ctx *ctx, const struct db_slot_key *key)
{
    return db_slot(ctx->db, key);
}
