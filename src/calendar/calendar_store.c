#include "calendar/calendar_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/mem.h"
#include "db/db.h"

static void read_day(struct db_stmt *s, struct arena *a, void *row)
{
    struct calendar_day *d = row;
    d->date = arena_strdup(a, db_col_text(s, 0));
    d->kind = arena_strdup(a, db_col_text(s, 1));
    d->name_zh = arena_strdup(a, db_col_text(s, 2));
    d->name_en = arena_strdup(a, db_col_text(s, 3));
    d->source = arena_strdup(a, db_col_text(s, 4));
}

enum kh_status calendar_store_range(const struct kh_ctx *ctx, const char *first, const char *last,
                                    struct calendar_day **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT day, kind, name_zh, name_en, source FROM calendar_days "
                      "WHERE day >= $1 AND day <= $2 ORDER BY day");
    db_bind_text(s, 1, first);
    db_bind_text(s, 2, last);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(**out), read_day, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

struct put_job {
    const struct kh_ctx *ctx;
    const struct calendar_day *days;
    int n;
    const char *action, *detail;
};

static enum kh_status put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct put_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; !st && i < j->n; i++) {
        const struct calendar_day *d = &j->days[i];
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO calendar_days (day, kind, name_zh, name_en, source) "
               "VALUES ($1, $2, $3, $4, '') ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, "
               "name_zh = excluded.name_zh, name_en = excluded.name_en, source = ''");
        db_bind_text(s, 1, d->date);
        db_bind_text(s, 2, d->kind);
        db_bind_text(s, 3, d->name_zh ? d->name_zh : "");
        db_bind_text(s, 4, d->name_en ? d->name_en : "");
        st = db_exec_stmt(s, err);
    }
    if (!st) {
        struct audit_event ev = {j->action, "", 0, j->detail};
        st = audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
    }
    return st;
}

enum kh_status calendar_store_put(const struct kh_ctx *ctx, const struct calendar_day *days, int n,
                                  const char *action, const char *detail, struct kh_err *err)
{
    struct put_job j = {ctx, days, n, action, detail};
    return db_write(ctx->db, put_fn, &j, err);
}

struct delete_job {
    const struct kh_ctx *ctx;
    const char *date;
};

static enum kh_status delete_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct delete_job *j = arg;
    struct db_stmt *s = db_prepare(c, "DELETE FROM calendar_days WHERE day = $1");
    db_bind_text(s, 1, j->date);
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "date", "这一天不在日历中",
                          "that day is not listed in the calendar");
    if (!st) {
        const char *detail = arena_printf(j->ctx->arena, "date=%s", j->date);
        struct audit_event ev = {"calendar.day_delete", "", 0, detail};
        st = audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
    }
    return st;
}

enum kh_status calendar_store_delete(const struct kh_ctx *ctx, const char *date, struct kh_err *err)
{
    struct delete_job j = {ctx, date};
    return db_write(ctx->db, delete_fn, &j, err);
}
