#include "leak/leak_store.h"

#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"

/* Who is told of a new report at once (R-SEC-9). */
static const char *const told_roles[] = {"info_supervisor", "cs_manager"};

#define REPORT_COLS                                                                                \
    "SELECT r.id, r.reporter_id, coalesce(u.display_name, ''), r.reported_at, r.occurred_at, "     \
    "r.summary, r.details, r.state, coalesce(r.closed_at, 0), coalesce(r.closed_by, 0), "          \
    "coalesce(c.display_name, ''), r.conclusion, (SELECT count(*) FROM leak_actions a WHERE "      \
    "a.report_id = r.id AND a.done_at IS NULL) FROM leak_reports r "                               \
    "LEFT JOIN users u ON u.id = r.reporter_id LEFT JOIN users c ON c.id = r.closed_by "

static void read_report(struct db_stmt *s, struct arena *a, struct leak_report *r)
{
    memset(r, 0, sizeof(*r));
    r->id = db_col_int(s, 0);
    r->reporter_id = db_col_int(s, 1);
    r->reporter_name = arena_strdup(a, db_col_text(s, 2));
    r->reported_at = db_col_int(s, 3);
    r->occurred_at = db_col_int(s, 4);
    r->summary = arena_strdup(a, db_col_text(s, 5));
    r->details = arena_strdup(a, db_col_text(s, 6));
    r->state = arena_strdup(a, db_col_text(s, 7));
    r->closed_at = db_col_int(s, 8);
    r->closed_by = db_col_int(s, 9);
    r->closed_by_name = arena_strdup(a, db_col_text(s, 10));
    r->conclusion = arena_strdup(a, db_col_text(s, 11));
    r->actions_open = (int)db_col_int(s, 12);
}

struct insert_job {
    const struct kh_ctx *ctx;
    const struct leak_input *in;
    int64_t id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct insert_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO leak_reports (reporter_id, reported_at, occurred_at, summary, details) "
           "VALUES ($1, $2, $3, $4, $5) RETURNING id");
    db_bind_int(s, 1, ctx->actor.user_id);
    db_bind_int(s, 2, now);
    db_bind_int(s, 3, j->in->occurred_at);
    db_bind_text(s, 4, j->in->summary);
    db_bind_text(s, 5, j->in->details ? j->in->details : "");
    enum kh_status st = db_exec_int(s, &j->id, err);
    for (int i = 0; i < j->in->ncustomers && !st; i++) {
        s = db_prepare(c, "INSERT INTO leak_report_customers (report_id, customer_id) VALUES "
                          "($1, $2) ON CONFLICT (report_id, customer_id) DO NOTHING");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, j->in->customer_ids[i]);
        st = db_exec_stmt(s, err);
    }
    const char *zh = arena_printf(ctx->arena, "%s 报告疑似泄露 #%lld：%s", ctx->actor.name,
                                  (long long)j->id, j->in->summary);
    const char *en = arena_printf(ctx->arena, "%s reported a suspected leak #%lld: %s",
                                  ctx->actor.name, (long long)j->id, j->in->summary);
    const char *link = arena_printf(ctx->arena, "/leaks/%lld", (long long)j->id);
    for (size_t i = 0; i < sizeof(told_roles) / sizeof(told_roles[0]) && !st; i++)
        st = notification_add_role_on(c, told_roles[i], ctx->actor.user_id, "leak.reported", j->id,
                                      zh, en, link, now, err);
    const char *detail = arena_printf(ctx->arena, "customers=%d", j->in->ncustomers);
    struct audit_event ev = {"leak.report", "leak_report", j->id, detail};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status leak_store_insert(const struct kh_ctx *ctx, const struct leak_input *in, int64_t *id,
                                 struct kh_err *err)
{
    struct insert_job j = {ctx, in, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id = j.id;
    return st;
}

static enum kh_status read_customers(struct db_conn *c, struct arena *a, struct leak_report *r,
                                     struct kh_err *err)
{
    struct db_stmt *s =
        db_prepare(c, "SELECT k.customer_id, coalesce(cu.code, ''), coalesce(cu.name, '') FROM "
                      "leak_report_customers k LEFT JOIN customers cu ON cu.id = k.customer_id "
                      "WHERE k.report_id = $1 ORDER BY k.customer_id");
    db_bind_int(s, 1, r->id);
    r->customers = arena_alloc(a, sizeof(*r->customers) * LEAK_MAX_CUSTOMERS);
    enum db_step_result st;
    while ((st = db_step(s, err)) == DB_ROW)
        if (r->ncustomers < LEAK_MAX_CUSTOMERS)
            r->customers[r->ncustomers++] =
                (struct leak_customer){db_col_int(s, 0), arena_strdup(a, db_col_text(s, 1)),
                                       arena_strdup(a, db_col_text(s, 2))};
    return st == DB_ERROR ? err->code : KH_OK;
}

#define ACTIONS_MAX 200

static enum kh_status read_actions(struct db_conn *c, struct arena *a, struct leak_report *r,
                                   int64_t now, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "SELECT a.id, a.action, a.owner_id, coalesce(o.display_name, ''), a.due_at, "
           "a.created_at, coalesce(a.done_at, 0), coalesce(a.done_by, 0), "
           "coalesce(d.display_name, ''), a.note FROM leak_actions a LEFT JOIN users o ON "
           "o.id = a.owner_id LEFT JOIN users d ON d.id = a.done_by WHERE a.report_id = $1 "
           "ORDER BY a.id");
    db_bind_int(s, 1, r->id);
    r->actions = arena_alloc(a, sizeof(*r->actions) * ACTIONS_MAX);
    enum db_step_result st;
    while ((st = db_step(s, err)) == DB_ROW) {
        if (r->nactions == ACTIONS_MAX)
            continue;
        struct leak_action *x = &r->actions[r->nactions++];
        x->id = db_col_int(s, 0);
        x->action = arena_strdup(a, db_col_text(s, 1));
        x->owner_id = db_col_int(s, 2);
        x->owner_name = arena_strdup(a, db_col_text(s, 3));
        x->due_at = db_col_int(s, 4);
        x->created_at = db_col_int(s, 5);
        x->done_at = db_col_int(s, 6);
        x->done_by = db_col_int(s, 7);
        x->done_by_name = arena_strdup(a, db_col_text(s, 8));
        x->note = arena_strdup(a, db_col_text(s, 9));
        x->overdue = !x->done_at && x->due_at <= now;
    }
    return st == DB_ERROR ? err->code : KH_OK;
}

enum kh_status leak_store_get(const struct kh_ctx *ctx, int64_t id, struct leak_report *out,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, REPORT_COLS "WHERE r.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW)
        read_report(s, ctx->arena, out);
    else
        st = r == DB_DONE
                 ? kh_err_set(err, KH_E_NOT_FOUND, "", "没有这份泄露报告", "no such leak report")
                 : err->code;
    if (!st)
        st = read_customers(c, ctx->arena, out, err);
    if (!st)
        st = read_actions(c, ctx->arena, out, ctx_now(ctx), err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status leak_store_list(const struct kh_ctx *ctx, const struct leak_filter *f,
                               int64_t only_reporter, const struct list_page *page,
                               struct leak_report **out, int *count, const char **next,
                               struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    uint32_t tag = cursor_tag("leaks", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, REPORT_COLS
        "WHERE ($1 = 0 OR r.id < $1) AND ($2 = 0 OR r.reporter_id = $2 OR EXISTS (SELECT 1 FROM "
        "leak_actions a WHERE a.report_id = r.id AND a.owner_id = $2)) AND "
        "($3 = 'all' OR r.state = $3) AND ($4 = 0 OR r.id = $4) "
        "ORDER BY r.id DESC LIMIT $5");
    db_bind_int(s, 1, after.id);
    db_bind_int(s, 2, only_reporter);
    db_bind_text(s, 3, f->state && *f->state ? f->state : "all");
    db_bind_int(s, 4, f->id);
    db_bind_int(s, 5, page->limit + 1);
    struct leak_report *items = arena_alloc(ctx->arena, sizeof(*items) * (size_t)(page->limit + 1));
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n <= page->limit)
        read_report(s, ctx->arena, &items[n++]);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    *out = items;
    *count = cursor_page_end(ctx->arena, tag, n, page->limit,
                             n ? items[n > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

struct action_job {
    const struct kh_ctx *ctx;
    int64_t id, action_id, owner_id, due_at;
    const char *text;
};

static enum kh_status closed(struct kh_err *err)
{
    return kh_err_set(err, KH_E_CONFLICT, "", "这份泄露报告已结案", "this leak report is closed");
}

static enum kh_status action_add_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct action_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO leak_actions (report_id, action, owner_id, due_at, created_by, "
           "created_at) SELECT r.id, $2, $3, $4, $5, $6 FROM leak_reports r WHERE r.id = $1 AND "
           "r.state = 'open' RETURNING id");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, j->text);
    db_bind_int(s, 3, j->owner_id);
    db_bind_int(s, 4, j->due_at);
    db_bind_id(s, 5, ctx->actor.user_id);
    db_bind_int(s, 6, now);
    enum kh_status st = db_exec_int(s, &j->action_id, err);
    if (!st && !j->action_id)
        return closed(err);
    const char *zh = arena_printf(ctx->arena, "泄露报告 #%lld 的整改措施交由您办理：%s",
                                  (long long)j->id, j->text);
    const char *en = arena_printf(ctx->arena, "Remedial action of leak report #%lld is yours: %s",
                                  (long long)j->id, j->text);
    const char *link = arena_printf(ctx->arena, "/leaks/%lld", (long long)j->id);
    if (!st && j->owner_id != ctx->actor.user_id)
        st = notification_add_on(c, j->owner_id, "leak.action", j->id, zh, en, link, now, err);
    const char *detail = arena_printf(ctx->arena, "action=%lld owner=%lld", (long long)j->action_id,
                                      (long long)j->owner_id);
    struct audit_event ev = {"leak.action", "leak_report", j->id, detail};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status leak_store_action_add(const struct kh_ctx *ctx, int64_t id, const char *action,
                                     int64_t owner_id, int64_t due_at, int64_t *action_id,
                                     struct kh_err *err)
{
    struct action_job j = {ctx, id, 0, owner_id, due_at, action};
    enum kh_status st = db_write(ctx->db, action_add_fn, &j, err);
    *action_id = j.action_id;
    return st;
}

static enum kh_status action_done_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct action_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE leak_actions SET done_at = $3, done_by = $4, note = $5 WHERE id = $2 AND "
           "report_id = $1 AND done_at IS NULL AND EXISTS (SELECT 1 FROM leak_reports r WHERE "
           "r.id = $1 AND r.state = 'open')");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, j->action_id);
    db_bind_int(s, 3, now);
    db_bind_id(s, 4, ctx->actor.user_id);
    db_bind_text(s, 5, j->text ? j->text : "");
    enum kh_status st = db_exec_stmt(s, err);
    if (!st && db_changes(c) == 0)
        return kh_err_set(err, KH_E_CONFLICT, "", "该措施已完成或报告已结案",
                          "the action is done already or the report is closed");
    const char *detail = arena_printf(ctx->arena, "action=%lld done=1", (long long)j->action_id);
    struct audit_event ev = {"leak.action_done", "leak_report", j->id, detail};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status leak_store_action_done(const struct kh_ctx *ctx, int64_t id, int64_t action_id,
                                      const char *note, struct kh_err *err)
{
    struct action_job j = {ctx, id, action_id, 0, 0, note};
    return db_write(ctx->db, action_done_fn, &j, err);
}

static enum kh_status close_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct action_job *j = arg;
    const struct kh_ctx *ctx = j->ctx;
    int64_t now = ctx_now(ctx);
    struct db_stmt *s = db_prepare(
        c, "UPDATE leak_reports SET state = 'closed', closed_at = $2, closed_by = $3, "
           "conclusion = $4 WHERE id = $1 AND state = 'open' AND NOT EXISTS (SELECT 1 FROM "
           "leak_actions a WHERE a.report_id = $1 AND a.done_at IS NULL) RETURNING reporter_id");
    db_bind_int(s, 1, j->id);
    db_bind_int(s, 2, now);
    db_bind_id(s, 3, ctx->actor.user_id);
    db_bind_text(s, 4, j->text);
    int64_t reporter = 0;
    enum kh_status st = db_exec_int(s, &reporter, err);
    if (!st && !reporter)
        return kh_err_set(err, KH_E_CONFLICT, "actions",
                          "报告已结案，或仍有未完成的整改措施，不能结案",
                          "the report is closed, or remedial actions are not all done yet");
    const char *zh =
        arena_printf(ctx->arena, "您报告的泄露 #%lld 已结案：%s", (long long)j->id, j->text);
    const char *en = arena_printf(ctx->arena, "The leak you reported (#%lld) is closed: %s",
                                  (long long)j->id, j->text);
    const char *link = arena_printf(ctx->arena, "/leaks/%lld", (long long)j->id);
    if (!st && reporter != ctx->actor.user_id)
        st = notification_add_on(c, reporter, "leak.closed", j->id, zh, en, link, now, err);
    struct audit_event ev = {"leak.close", "leak_report", j->id, NULL};
    return st ? st : audit_store_append(c, &ctx->actor, now, &ev, err);
}

enum kh_status leak_store_close(const struct kh_ctx *ctx, int64_t id, const char *conclusion,
                                struct kh_err *err)
{
    struct action_job j = {ctx, id, 0, 0, 0, conclusion};
    return db_write(ctx->db, close_fn, &j, err);
}

enum kh_status leak_store_repoint_customer_on(struct db_conn *c, const struct kh_ctx *ctx,
                                              int64_t from, int64_t to, int64_t *moved,
                                              struct kh_err *err)
{
    (void)ctx;
    return db_repoint(c,
                      "DELETE FROM leak_report_customers WHERE customer_id = $1 AND report_id IN "
                      "(SELECT report_id FROM leak_report_customers WHERE customer_id = $2)",
                      "UPDATE leak_report_customers SET customer_id = $2 WHERE customer_id = $1",
                      from, to, moved, err);
}

/* ---- overdue actions (R-SEC-9) ---- */

enum kh_status leak_store_alert_due(const struct kh_ctx *ctx, int64_t now, int64_t day, bool *any,
                                    struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT 1 FROM leak_actions WHERE done_at IS NULL AND "
                                      "due_at <= $1 AND last_alert_day < $2 LIMIT 1");
    db_bind_int(s, 1, now);
    db_bind_int(s, 2, day);
    enum db_step_result r = db_step(s, err);
    *any = r == DB_ROW;
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

struct alert_job {
    const struct kh_ctx *ctx;
    int64_t now, day;
    const char *const *roles;
    int n;
};

static enum kh_status alert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct alert_job *j = arg;
    struct arena *a = j->ctx->arena;
    enum { MAX = 500 };
    struct {
        int64_t id, report, owner, due;
        const char *action;
    } *due = arena_alloc(a, sizeof(*due) * MAX);
    struct db_stmt *s = db_prepare(
        c, "SELECT id, report_id, owner_id, due_at, action FROM leak_actions WHERE done_at IS NULL "
           "AND due_at <= $1 AND last_alert_day < $2 ORDER BY id LIMIT 500");
    db_bind_int(s, 1, j->now);
    db_bind_int(s, 2, j->day);
    int n = 0;
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW && n < MAX) {
        due[n].id = db_col_int(s, 0);
        due[n].report = db_col_int(s, 1);
        due[n].owner = db_col_int(s, 2);
        due[n].due = db_col_int(s, 3);
        due[n].action = arena_strdup(a, db_col_text(s, 4));
        n++;
    }
    if (r == DB_ERROR)
        return err->code;
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        int64_t days = (j->now - due[i].due) / 86400 + 1;
        const char *link = arena_printf(a, "/leaks/%lld", (long long)due[i].report);
        const char *zh = arena_printf(a, "泄露报告 #%lld 的整改措施“%s”已逾期 %lld 天",
                                      (long long)due[i].report, due[i].action, (long long)days);
        const char *en =
            arena_printf(a, "Remedial action \"%s\" of leak report #%lld is %lld days overdue",
                         due[i].action, (long long)due[i].report, (long long)days);
        st = notification_add_on(c, due[i].owner, "leak.action_overdue", due[i].report, zh, en,
                                 link, j->now, err);
        for (int k = 0; !st && j->roles[k]; k++)
            st = notification_add_role_on(c, j->roles[k], due[i].owner, "leak.action_overdue",
                                          due[i].report, zh, en, link, j->now, err);
        if (!st) {
            struct db_stmt *q =
                db_prepare(c, "UPDATE leak_actions SET last_alert_day = $2 WHERE id = $1");
            db_bind_int(q, 1, due[i].id);
            db_bind_int(q, 2, j->day);
            st = db_exec_stmt(q, err);
        }
    }
    j->n = n;
    return st;
}

enum kh_status leak_store_alert(const struct kh_ctx *ctx, int64_t now, int64_t day,
                                const char *const *watcher_roles, int *n, struct kh_err *err)
{
    struct alert_job j = {ctx, now, day, watcher_roles, 0};
    enum kh_status st = db_write(ctx->db, alert_fn, &j, err);
    *n = j.n;
    return st;
}
