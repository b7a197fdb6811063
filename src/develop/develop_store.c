#include "develop/develop_store.h"

#include <string.h>

#include "approval/approval.h"
#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

/* The fields of a candidate a client writes, in the order of the columns below. */
#define FIELD_COLS                                                                                 \
    "name, uscc, contact, phone, history, profile, annual_accounts, catalogue, talks, "            \
    "site_visited_on, site_team, site_findings, reason, trading_policy, goods_amounts, findings, " \
    "supply_signed_on, quality_signed_on, payment_terms"
#define NFIELDS 19

static const char **fields_of(struct candidate *c, const char **out[NFIELDS])
{
    const char **f[NFIELDS] = {&c->name,
                               &c->uscc,
                               &c->contact,
                               &c->phone,
                               &c->history,
                               &c->profile,
                               &c->annual_accounts,
                               &c->catalogue,
                               &c->talks,
                               &c->site_visited_on,
                               &c->site_team,
                               &c->site_findings,
                               &c->reason,
                               &c->trading_policy,
                               &c->goods_amounts,
                               &c->findings,
                               &c->supply_signed_on,
                               &c->quality_signed_on,
                               &c->payment_terms};
    memcpy(out, f, sizeof(f));
    return NULL;
}

#define CANDIDATE_COLS                                                                             \
    "SELECT k.id, " FIELD_COLS_K ", coalesce(k.owner_id, 0), coalesce(u.display_name, ''), "       \
    "k.stage, k.approval_id, coalesce(r.state, ''), k.customer_id, coalesce(c.code, ''), "         \
    "k.drop_reason, k.created_at, k.updated_at FROM candidates k LEFT JOIN users u ON u.id = "     \
    "k.owner_id LEFT JOIN approval_requests r ON r.id = k.approval_id AND k.approval_id > 0 "      \
    "LEFT JOIN customers c ON c.id = k.customer_id AND k.customer_id > 0 "
#define FIELD_COLS_K                                                                               \
    "k.name, k.uscc, k.contact, k.phone, k.history, k.profile, k.annual_accounts, k.catalogue, "   \
    "k.talks, k.site_visited_on, k.site_team, k.site_findings, k.reason, k.trading_policy, "       \
    "k.goods_amounts, k.findings, k.supply_signed_on, k.quality_signed_on, k.payment_terms"

static void read_candidate(struct db_stmt *s, struct arena *a, void *row)
{
    struct candidate *c = row;
    memset(c, 0, sizeof(*c));
    c->id = db_col_int(s, 0);
    const char **f[NFIELDS];
    (void)fields_of(c, f);
    for (int i = 0; i < NFIELDS; i++)
        *f[i] = arena_strdup(a, db_col_text(s, 1 + i));
    int k = 1 + NFIELDS;
    c->owner_id = db_col_int(s, k++);
    c->owner_name = arena_strdup(a, db_col_text(s, k++));
    c->stage = arena_strdup(a, db_col_text(s, k++));
    c->approval_id = db_col_int(s, k++);
    c->approval_state = arena_strdup(a, db_col_text(s, k++));
    c->customer_id = db_col_int(s, k++);
    c->customer_code = arena_strdup(a, db_col_text(s, k++));
    c->drop_reason = arena_strdup(a, db_col_text(s, k++));
    c->created_at = db_col_int(s, k++);
    c->updated_at = db_col_int(s, k++);
    c->score_x10 = -1;
}

static void read_step(struct db_stmt *s, struct arena *a, void *row)
{
    struct candidate_step *x = row;
    x->stage = arena_strdup(a, db_col_text(s, 0));
    x->at = db_col_int(s, 1);
    x->by_id = db_col_int(s, 2);
    x->by_name = arena_strdup(a, db_col_text(s, 3));
    x->note = arena_strdup(a, db_col_text(s, 4));
}

static void read_criterion(struct db_stmt *s, struct arena *a, void *row)
{
    struct criterion *x = row;
    x->id = db_col_int(s, 0);
    x->code = arena_strdup(a, db_col_text(s, 1));
    x->name = arena_strdup(a, db_col_text(s, 2));
    x->name_en = arena_strdup(a, db_col_text(s, 3));
    x->weight = (int)db_col_int(s, 4);
    x->position = (int)db_col_int(s, 5);
    x->score = (int)db_col_int(s, 6);
}

static enum kh_status criteria_on(struct db_conn *c, struct arena *a, int64_t candidate,
                                  struct criterion **out, int *count, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "SELECT q.id, q.code, q.name, q.name_en, q.weight, q.position, coalesce((SELECT "
           "x.score FROM candidate_scores x WHERE x.candidate_id = $1 AND x.criterion_id = q.id), "
           "-1) FROM candidate_criteria q ORDER BY q.position, q.id");
    db_bind_int(s, 1, candidate);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, a, sizeof(struct criterion), read_criterion, &rows, err);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

enum kh_status develop_store_get(const struct kh_ctx *ctx, int64_t id, bool full,
                                 struct candidate *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, CANDIDATE_COLS "WHERE k.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_candidate(s, ctx->arena, out);
    enum kh_status st = r == DB_ERROR ? err->code : KH_OK;
    if (!st && r == DB_ROW && full) {
        st = criteria_on(c, ctx->arena, id, &out->criteria, &out->ncriteria, err);
        if (!st) {
            s = db_prepare(c, "SELECT x.stage, x.at, coalesce(x.by_user, 0), "
                              "coalesce(u.display_name, ''), x.note FROM candidate_steps x LEFT "
                              "JOIN users u ON u.id = x.by_user WHERE x.candidate_id = $1 ORDER "
                              "BY x.id");
            db_bind_int(s, 1, id);
            struct db_rows rows;
            if (!(st = db_rows_collect(s, ctx->arena, sizeof(struct candidate_step), read_step,
                                       &rows, err))) {
                out->steps = rows.items;
                out->nsteps = rows.count;
            }
        }
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个候选客户，或您无权查看",
                                    "no such candidate, or not yours to see");
}

static enum kh_status step_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                              const char *stage, const char *note, int64_t now, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "INSERT INTO candidate_steps (candidate_id, stage, at, "
                                      "by_user, note) VALUES ($1, $2, $3, $4, $5)");
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, stage);
    db_bind_int(s, 3, now);
    db_bind_id(s, 4, ctx->actor.user_id);
    db_bind_text(s, 5, note ? note : "");
    return db_exec_stmt(s, err);
}

/* Admitted: the departments that keep a customer are told (R-DEV-1 "relevant departments"). */
static enum kh_status tell_departments(struct db_conn *c, const struct kh_ctx *ctx,
                                       const struct candidate *k, int64_t now, struct kh_err *err)
{
    static const char *const roles[] = {"cs_manager", "info_supervisor", "accountant"};
    const char *zh = arena_printf(ctx->arena, "新客户 %s 已通过认定，客户编号 %s", k->name,
                                  k->customer_code ? k->customer_code : "");
    const char *en = arena_printf(ctx->arena, "New customer %s is admitted as %s", k->name,
                                  k->customer_code ? k->customer_code : "");
    const char *link = arena_printf(ctx->arena, "/customers/%lld", (long long)k->customer_id);
    enum kh_status st = KH_OK;
    for (size_t i = 0; !st && i < sizeof(roles) / sizeof(roles[0]); i++)
        st = notification_add_role_on(c, roles[i], ctx->actor.user_id, "candidate.admitted", k->id,
                                      zh, en, link, now, err);
    return st;
}

struct put_job {
    const struct kh_ctx *ctx;
    struct candidate *c;
    const char *stage_to, *note, *action;
};

static enum kh_status put_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct put_job *j = arg;
    struct candidate *k = j->c;
    int64_t now = ctx_now(j->ctx);
    const char **f[NFIELDS];
    (void)fields_of(k, f);
    struct db_stmt *s;
    enum kh_status st;
    if (!k->id) {
        s = db_prepare(c, "INSERT INTO candidates (" FIELD_COLS ", owner_id, stage, created_by, "
                          "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                          "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
                          "$23) RETURNING id");
        for (int i = 0; i < NFIELDS; i++)
            db_bind_text(s, 1 + i, *f[i]);
        db_bind_id(s, 20, k->owner_id);
        db_bind_text(s, 21, k->stage);
        db_bind_id(s, 22, j->ctx->actor.user_id);
        db_bind_int(s, 23, now);
        if ((st = db_exec_int(s, &k->id, err)) ||
            (st = step_on(c, j->ctx, k->id, k->stage, j->note, now, err)))
            return st;
    } else {
        s = db_prepare(c, "UPDATE candidates SET name = $1, uscc = $2, contact = $3, phone = $4, "
                          "history = $5, profile = $6, annual_accounts = $7, catalogue = $8, "
                          "talks = $9, site_visited_on = $10, site_team = $11, site_findings = "
                          "$12, reason = $13, trading_policy = $14, goods_amounts = $15, findings "
                          "= $16, supply_signed_on = $17, quality_signed_on = $18, payment_terms "
                          "= $19, stage = $20, approval_id = $21, customer_id = $22, drop_reason "
                          "= $23, updated_at = $24 WHERE id = $25 AND stage = $26 RETURNING id");
        for (int i = 0; i < NFIELDS; i++)
            db_bind_text(s, 1 + i, *f[i]);
        db_bind_text(s, 20, j->stage_to ? j->stage_to : k->stage);
        db_bind_int(s, 21, k->approval_id);
        db_bind_int(s, 22, k->customer_id);
        db_bind_text(s, 23, k->drop_reason);
        db_bind_int(s, 24, now);
        db_bind_int(s, 25, k->id);
        db_bind_text(s, 26, k->stage);
        int64_t got = 0;
        if ((st = db_exec_int(s, &got, err)))
            return st;
        if (!got)
            return kh_err_set(err, KH_E_CONFLICT, "stage",
                              "这个候选客户刚被别人推进了，请刷新后再试",
                              "someone has just moved this candidate on; reload it and try again");
        if (j->stage_to && (st = step_on(c, j->ctx, k->id, j->stage_to, j->note, now, err)))
            return st;
        if (j->stage_to && !strcmp(j->stage_to, "admitted") &&
            (st = tell_departments(c, j->ctx, k, now, err)))
            return st;
    }
    struct audit_event ev = {j->action, "candidate", k->id,
                             arena_printf(j->ctx->arena, "name=%s stage=%s%s%s", k->name,
                                          j->stage_to ? j->stage_to : k->stage,
                                          j->note && *j->note ? " note=" : "",
                                          j->note ? j->note : "")};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status develop_store_put(const struct kh_ctx *ctx, struct candidate *c,
                                 const char *stage_to, const char *note, const char *action,
                                 struct kh_err *err)
{
    struct put_job j = {ctx, c, stage_to, note, action};
    return db_write(ctx->db, put_fn, &j, err);
}

enum kh_status develop_store_move_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                     const char *from, const char *to, int64_t approval_id,
                                     struct kh_err *err)
{
    int64_t now = ctx_now(ctx), got = 0;
    struct db_stmt *s = db_prepare(c, "UPDATE candidates SET stage = $3, updated_at = $4 WHERE id "
                                      "= $1 AND stage = $2 AND approval_id = $5 RETURNING id");
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    db_bind_int(s, 4, now);
    db_bind_int(s, 5, approval_id);
    enum kh_status st = db_exec_int(s, &got, err);
    if (st)
        return st;
    if (!got)
        return kh_err_set(err, KH_E_CONFLICT, "", "这个候选客户已不在等待这次审批",
                          "the candidate is no longer waiting for this approval");
    if ((st = step_on(c, ctx, id, to, "", now, err)))
        return st;
    struct audit_event ev = {"candidate.approve", "candidate", id,
                             arena_printf(ctx->arena, "approval=%lld", (long long)approval_id)};
    return audit_store_append(c, &ctx->actor, now, &ev, err);
}

struct scores_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const int64_t *criteria, *values;
    int n;
};

static enum kh_status scores_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct scores_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; !st && i < j->n; i++) {
        struct db_stmt *s = db_prepare(
            c, "INSERT INTO candidate_scores (candidate_id, criterion_id, score) VALUES ($1, $2, "
               "$3) ON CONFLICT (candidate_id, criterion_id) DO UPDATE SET score = excluded.score");
        db_bind_int(s, 1, j->id);
        db_bind_int(s, 2, j->criteria[i]);
        db_bind_int(s, 3, j->values[i]);
        st = db_exec_stmt(s, err);
    }
    if (st)
        return st;
    struct audit_event ev = {"candidate.score", "candidate", j->id,
                             arena_printf(j->ctx->arena, "criteria=%d", j->n)};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status develop_store_scores(const struct kh_ctx *ctx, int64_t id, const int64_t *criteria,
                                    const int64_t *scores, int n, struct kh_err *err)
{
    struct scores_job j = {ctx, id, criteria, scores, n};
    return db_write(ctx->db, scores_fn, &j, err);
}

enum kh_status develop_store_criteria(const struct kh_ctx *ctx, int64_t candidate,
                                      struct criterion **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = criteria_on(c, ctx->arena, candidate, out, count, err);
    db_read_end(ctx->db, c);
    return st;
}

static enum kh_status weights_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct scores_job *j = arg;
    enum kh_status st = KH_OK;
    for (int i = 0; !st && i < j->n; i++) {
        struct db_stmt *s =
            db_prepare(c, "UPDATE candidate_criteria SET weight = $2 WHERE id = $1");
        db_bind_int(s, 1, j->criteria[i]);
        db_bind_int(s, 2, j->values[i]);
        st = db_exec_stmt(s, err);
    }
    if (st)
        return st;
    const char *detail = "";
    for (int i = 0; i < j->n; i++)
        detail = arena_printf(j->ctx->arena, "%s%s%lld=%lld", detail, i ? " " : "",
                              (long long)j->criteria[i], (long long)j->values[i]);
    struct audit_event ev = {"candidate.criteria", "", 0, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status develop_store_weights(const struct kh_ctx *ctx, const int64_t *criteria,
                                     const int64_t *weights, int n, struct kh_err *err)
{
    struct scores_job j = {ctx, 0, criteria, weights, n};
    return db_write(ctx->db, weights_fn, &j, err);
}

enum kh_status develop_store_list(const struct kh_ctx *ctx, int64_t owner, int64_t dept,
                                  const char *stage, struct candidate **out, int *count,
                                  struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, CANDIDATE_COLS "WHERE ($1 = 0 OR k.owner_id = $1 OR ($2 > 0 AND k.owner_id IN (SELECT "
                          "du.id FROM users du WHERE du.department_id = $2))) AND ($3 = '' OR "
                          "k.stage = $3) ORDER BY k.updated_at DESC, k.id DESC LIMIT 500");
    db_bind_int(s, 1, owner);
    db_bind_int(s, 2, dept);
    db_bind_text(s, 3, stage ? stage : "");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct candidate), read_candidate, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}
