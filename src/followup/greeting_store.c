#include "followup/greeting_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"
#include "followup/interaction_store.h"
#include "followup/task_store.h"
#include "notify/notify_store.h"
#include "vault/vault.h"

static void read_customer(struct db_stmt *s, struct arena *a, void *row)
{
    struct greeting_person *p = row;
    p->customer_id = db_col_int(s, 0);
    p->customer_name = p->name = arena_strdup(a, db_col_text(s, 1));
    p->grade = arena_strdup(a, db_col_text(s, 2));
    p->birthday = arena_strdup(a, db_col_text(s, 3));
    p->relation = "";
}

static void read_contact(struct db_stmt *s, struct arena *a, void *row)
{
    struct greeting_person *p = row;
    p->contact_id = db_col_int(s, 0);
    p->customer_id = db_col_int(s, 1);
    p->name = arena_strdup(a, db_col_text(s, 2));
    p->relation = arena_strdup(a, db_col_text(s, 3));
    p->birthday = vault_unseal(a, "contacts.birthday", db_col_text(s, 4));
    p->customer_name = arena_strdup(a, db_col_text(s, 5));
    p->grade = arena_strdup(a, db_col_text(s, 6));
}

#define LIVE "c.owner_id IS NOT NULL AND c.archived = 0 AND c.merged_into = 0 "

enum kh_status greeting_store_people(const struct kh_ctx *ctx, const char *from_md,
                                     const char *to_md, const char *from2_md, const char *to2_md,
                                     struct greeting_person **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c,
        "SELECT c.id, c.name, c.grade, c.birthday FROM customers c WHERE c.birthday <> '' AND " LIVE
        "AND (substr(c.birthday, 6, 5) BETWEEN $1 AND $2 OR substr(c.birthday, 6, 5) BETWEEN $3 "
        "AND $4 OR c.birthday LIKE '农历%') ORDER BY c.id");
    db_bind_text(s, 1, from_md);
    db_bind_text(s, 2, to_md);
    db_bind_text(s, 3, from2_md);
    db_bind_text(s, 4, to2_md);
    struct db_rows a, b;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct greeting_person), read_customer, &a, err);
    /* Contacts' birthdays are sealed: every one is read and opened here. */
    if (!st) {
        s = db_prepare(c, "SELECT k.id, k.customer_id, k.name, k.relation, k.birthday, c.name, "
                          "c.grade FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE "
                          "k.birthday <> '' AND " LIVE "ORDER BY k.id");
        st = db_rows_collect(s, ctx->arena, sizeof(struct greeting_person), read_contact, &b, err);
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    struct greeting_person *all =
        arena_alloc(ctx->arena, sizeof(*all) * (size_t)(a.count + b.count + 1));
    for (int i = 0; i < a.count; i++)
        all[i] = ((struct greeting_person *)a.items)[i];
    for (int i = 0; i < b.count; i++)
        all[a.count + i] = ((struct greeting_person *)b.items)[i];
    *out = all;
    *count = a.count + b.count;
    return KH_OK;
}

struct add_job {
    const struct kh_ctx *ctx;
    const struct task_input *tasks;
    const char *const *sources;
    int n, added;
};

static enum kh_status add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct add_job *j = arg;
    j->added = 0;
    enum kh_status st = KH_OK;
    for (int i = 0; i < j->n && !st; i++) {
        int64_t id = 0;
        st = task_store_insert_on(c, j->ctx, &j->tasks[i], j->sources[i], false, &id, err);
        j->added += id ? 1 : 0;
    }
    if (st || !j->added)
        return st;
    struct audit_event ev = {"followup.greetings", "", 0,
                             arena_printf(j->ctx->arena, "tasks=%d", j->added)};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status greeting_store_add(const struct kh_ctx *ctx, const struct task_input *tasks,
                                  const char *const *sources, int n, int *added, struct kh_err *err)
{
    struct add_job j = {ctx, tasks, sources, n, 0};
    enum kh_status st = n ? db_write(ctx->db, add_fn, &j, err) : KH_OK;
    *added = st ? 0 : j.added;
    return st;
}

/* ---- holidays ---- */

#define HOLIDAY_COLS                                                                               \
    "SELECT h.id, h.name_zh, h.name_en, h.day, h.audience, h.grades, h.channel, h.template, "      \
    "h.active, coalesce(h.updated_by, 0), coalesce(u.display_name, ''), h.updated_at "             \
    "FROM greeting_holidays h LEFT JOIN users u ON u.id = h.updated_by "

static void read_holiday(struct db_stmt *s, struct arena *a, void *row)
{
    struct greeting_holiday *h = row;
    h->id = db_col_int(s, 0);
    h->name_zh = arena_strdup(a, db_col_text(s, 1));
    h->name_en = arena_strdup(a, db_col_text(s, 2));
    h->day = arena_strdup(a, db_col_text(s, 3));
    h->audience = arena_strdup(a, db_col_text(s, 4));
    h->grades = arena_strdup(a, db_col_text(s, 5));
    h->channel = arena_strdup(a, db_col_text(s, 6));
    h->template = arena_strdup(a, db_col_text(s, 7));
    h->active = db_col_int(s, 8) != 0;
    h->updated_by = db_col_int(s, 9);
    h->updated_by_name = arena_strdup(a, db_col_text(s, 10));
    h->updated_at = db_col_int(s, 11);
}

enum kh_status greeting_store_holidays(const struct kh_ctx *ctx, bool active_only,
                                       struct greeting_holiday **out, int *count,
                                       struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, HOLIDAY_COLS "WHERE ($1 = 0 OR h.active = 1) ORDER BY h.id");
    db_bind_int(s, 1, active_only ? 1 : 0);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct greeting_holiday), read_holiday, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

enum kh_status greeting_store_holiday_get(const struct kh_ctx *ctx, int64_t id,
                                          struct greeting_holiday *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, HOLIDAY_COLS "WHERE h.id = $1");
    db_bind_int(s, 1, id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct greeting_holiday), read_holiday, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    if (!rows.count)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个节日", "no such holiday");
    *out = *(struct greeting_holiday *)rows.items;
    return KH_OK;
}

struct holiday_job {
    const struct kh_ctx *ctx;
    const struct greeting_holiday *in;
    int64_t id;
};

static enum kh_status holiday_save_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct holiday_job *j = arg;
    const struct greeting_holiday *in = j->in;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s =
        in->id ? db_prepare(c, "UPDATE greeting_holidays SET name_zh = $2, name_en = $3, day = $4, "
                               "audience = $5, grades = $6, channel = $7, template = $8, active = "
                               "$9, updated_by = $10, updated_at = $11 WHERE id = $1 RETURNING id")
               : db_prepare(c, "INSERT INTO greeting_holidays (name_zh, name_en, day, audience, "
                               "grades, channel, template, active, updated_by, updated_at) VALUES "
                               "($2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
    if (in->id)
        db_bind_int(s, 1, in->id);
    db_bind_text(s, 2, in->name_zh);
    db_bind_text(s, 3, in->name_en ? in->name_en : "");
    db_bind_text(s, 4, in->day);
    db_bind_text(s, 5, in->audience);
    db_bind_text(s, 6, in->grades ? in->grades : "");
    db_bind_text(s, 7, in->channel);
    db_bind_text(s, 8, in->template);
    db_bind_int(s, 9, in->active ? 1 : 0);
    db_bind_id(s, 10, j->ctx->actor.user_id);
    db_bind_int(s, 11, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (!st && !j->id)
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个节日", "no such holiday");
    if (st)
        return st;
    const char *detail = arena_printf(
        j->ctx->arena, "%s day=%s audience=%s%s channel=%s active=%d", in->id ? "update" : "add",
        in->day, in->audience, in->grades ? in->grades : "", in->channel, in->active ? 1 : 0);
    struct audit_event ev = {"greeting.holiday_save", "greeting_holiday", j->id, detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status greeting_store_holiday_save(const struct kh_ctx *ctx,
                                           const struct greeting_holiday *in, int64_t *id,
                                           struct kh_err *err)
{
    struct holiday_job j = {ctx, in, 0};
    enum kh_status st = db_write(ctx->db, holiday_save_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

static void read_recipient(struct db_stmt *s, struct arena *a, void *row)
{
    struct greeting_recipient *p = row;
    p->customer_id = db_col_int(s, 0);
    p->name = arena_strdup(a, db_col_text(s, 1));
}

enum kh_status greeting_store_holiday_people(const struct kh_ctx *ctx,
                                             const struct greeting_holiday *h, const char *prefix,
                                             int limit, struct greeting_recipient **out, int *count,
                                             struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    /* Buyers: the stages after a sale, or a purchase recorded (the seed's 一般成交客户). */
    struct db_stmt *s = db_prepare(
        c, "SELECT c.id, c.name FROM customers c WHERE " LIVE
           "AND ($1 = 'all' OR ($1 = 'buyers' AND (c.stage IN ('customer', 'loyal', 'won_back') "
           "OR EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id))) OR ($1 = 'grades' "
           "AND c.grade <> '' AND $2 LIKE ('%' || c.grade || '%'))) "
           "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.source = $3 || CAST(c.id AS TEXT)) "
           "ORDER BY c.id LIMIT $4");
    db_bind_text(s, 1, h->audience);
    db_bind_text(s, 2, h->grades);
    db_bind_text(s, 3, prefix);
    db_bind_int(s, 4, limit);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(struct greeting_recipient),
                                        read_recipient, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

/* ---- sending ---- */

static void read_address(struct db_stmt *s, struct arena *a, void *row)
{
    struct greeting_address *x = row;
    x->name = arena_strdup(a, db_col_text(s, 0));
    x->preferred_channel = arena_strdup(a, db_col_text(s, 1));
    x->email = arena_strdup(a, db_col_text(s, 2));
    x->mobile = vault_unseal(a, "customers.mobile", db_col_text(s, 3));
}

enum kh_status greeting_store_address(const struct kh_ctx *ctx, int64_t customer_id,
                                      struct greeting_address *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT name, preferred_channel, email, mobile FROM customers WHERE id = $1");
    db_bind_int(s, 1, customer_id);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct greeting_address), read_address, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    if (!rows.count)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这位客户", "no such customer");
    *out = *(struct greeting_address *)rows.items;
    return KH_OK;
}

static void read_name(struct db_stmt *s, struct arena *a, void *row)
{
    *(const char **)row = arena_strdup(a, db_col_text(s, 0));
}

enum kh_status greeting_store_contact_name(const struct kh_ctx *ctx, int64_t contact_id,
                                           const char **name, struct kh_err *err)
{
    *name = "";
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT name FROM contacts WHERE id = $1");
    db_bind_int(s, 1, contact_id);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(const char *), read_name, &rows, err);
    db_read_end(ctx->db, c);
    if (!st && rows.count)
        *name = *(const char **)rows.items;
    return st;
}

struct send_job {
    const struct kh_ctx *ctx;
    const struct notify_out *m;
    const char *address;
    const struct interaction_input *in;
    int64_t outbox, interaction;
};

static enum kh_status send_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct send_job *j = arg;
    int64_t next = 0, done = 0;
    enum kh_status st = notify_store_queue_customer_on(c, j->ctx, j->m, j->in->customer_id,
                                                       j->address, &j->outbox, err);
    if (!st)
        st =
            interaction_store_insert_on(c, j->ctx, j->in, NULL, &j->interaction, &next, &done, err);
    if (!st && done != j->in->task_id)
        st = kh_err_set(err, KH_E_CONFLICT, "state", "这项待办已完成或已跳过",
                        "the task is done or skipped already");
    if (st)
        return st;
    const char *detail = arena_printf(
        j->ctx->arena, "task=%lld customer=%lld channel=%s outbox=%lld", (long long)j->in->task_id,
        (long long)j->in->customer_id, j->in->channel, (long long)j->outbox);
    struct audit_event ev = {"greeting.send", "task", j->in->task_id, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status greeting_store_send(const struct kh_ctx *ctx, const struct notify_out *m,
                                   const char *address, const struct interaction_input *in,
                                   int64_t *outbox_id, int64_t *interaction_id, struct kh_err *err)
{
    struct send_job j = {ctx, m, address, in, 0, 0};
    enum kh_status st = db_write(ctx->db, send_fn, &j, err);
    *outbox_id = st ? 0 : j.outbox;
    *interaction_id = st ? 0 : j.interaction;
    return st;
}
