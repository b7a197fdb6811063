#include "followup/greeting_store.h"

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"
#include "followup/task_store.h"
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
