#include "opportunity/opportunity_store.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"
#include "followup/task.h"

#define OPP_COLS                                                                                   \
    "SELECT o.id, o.customer_id, c.code, c.name, c.secrecy, o.title, o.amount_fen, "               \
    "o.probability, o.stage_id, s.name, s.name_en, o.state, o.expected_close, o.competitor, "      \
    "o.next_step, o.next_step_at, o.notes, o.close_reason, o.closed_on, o.closed_at, "             \
    "o.stage_entered_at, coalesce(o.owner_id, 0), coalesce(u.display_name, ''), "                  \
    "coalesce(o.created_by, 0), coalesce(k.display_name, ''), o.created_at, o.updated_at "         \
    "FROM opportunities o JOIN customers c ON c.id = o.customer_id "                               \
    "JOIN opportunity_stages s ON s.id = o.stage_id LEFT JOIN users u ON u.id = o.owner_id "       \
    "LEFT JOIN users k ON k.id = o.created_by "

/*
 * Every list, sum and forecast: the customer scope ($1 … $4, the one scope
 * filter) and the filter's $5 stage, $6 owner, $7 the owner's department,
 * $8 customer (0: any), $9 a LIKE pattern on the title or the customer's
 * name, $10 and $11 the expected close range ("": open-ended). A statement
 * adds its own parameters from $12.
 */
#define OPP_SCOPE CUSTOMER_SCOPE_SQL("$1", "$2", "$3", "$4")
/* The filter's terms on the opportunity alone ($5 … $8, $10, $11). */
#define OPP_FILTER                                                                                 \
    "($5 = 0 OR o.stage_id = $5) AND ($6 = 0 OR o.owner_id = $6) "                                 \
    "AND ($7 = 0 OR o.owner_id IN (SELECT du.id FROM users du WHERE du.department_id = $7)) "      \
    "AND ($8 = 0 OR o.customer_id = $8) "                                                          \
    "AND ($10 = '' OR o.expected_close >= $10) AND ($11 = '' OR o.expected_close <= $11) "
#define OPP_WHERE                                                                                  \
    OPP_SCOPE "AND " OPP_FILTER "AND ($9 = '' OR upper(o.title) LIKE $9 ESCAPE '\\' OR "           \
              "upper(c.name) LIKE $9 ESCAPE '\\') "

#define OPP_FROM "FROM opportunities o JOIN customers c ON c.id = o.customer_id WHERE "
/*
 * A salesperson's: the customers they own first (their ids from
 * customers_owner alone), then each one's row and opportunities
 * (opportunities_customer). The cross joins hold SQLite's planner to that
 * order even when the statistics say one user owns most customers, which
 * make a walk over every opportunity look as cheap.
 */
#define OPP_FROM_MINE                                                                              \
    "FROM customers mine CROSS JOIN customers c CROSS JOIN opportunities o WHERE mine.owner_id = " \
    "$2 AND c.id = mine.id AND o.customer_id = c.id AND "

static void bind_query(struct db_stmt *s, const struct opp_query *q, bool close_range)
{
    const struct opp_filter *f = q->f;
    db_bind_text(s, 1, customer_scope_param(&q->scope, false));
    db_bind_int(s, 2, q->scope.user_id);
    db_bind_int(s, 3, q->scope.department_id);
    db_bind_int(s, 4, q->scope.clearance);
    db_bind_int(s, 5, f->stage_id > 0 ? f->stage_id : 0);
    db_bind_int(s, 6, f->owner_id > 0 ? f->owner_id : 0);
    db_bind_int(s, 7, f->department_id > 0 ? f->department_id : 0);
    db_bind_int(s, 8, f->customer_id > 0 ? f->customer_id : 0);
    db_bind_text(s, 9, q->pattern ? q->pattern : "");
    db_bind_text(s, 10, close_range && f->close_from ? f->close_from : "");
    db_bind_text(s, 11, close_range && f->close_to ? f->close_to : "");
}

static const char *col_text(struct arena *a, struct db_stmt *s, int i)
{
    return arena_strdup(a, db_col_text(s, i));
}

static void read_opp(struct db_stmt *s, struct arena *a, void *row)
{
    struct opportunity *o = row;
    memset(o, 0, sizeof(*o));
    o->id = db_col_int(s, 0);
    o->customer_id = db_col_int(s, 1);
    o->customer_code = col_text(a, s, 2);
    o->customer_name = col_text(a, s, 3);
    o->customer_secrecy = (int)db_col_int(s, 4);
    o->title = col_text(a, s, 5);
    o->amount_fen = db_col_int(s, 6);
    o->probability = (int)db_col_int(s, 7);
    o->stage_id = db_col_int(s, 8);
    o->stage_name = col_text(a, s, 9);
    o->stage_name_en = col_text(a, s, 10);
    const char **texts[] = {&o->state,        &o->expected_close, &o->competitor,   &o->next_step,
                            &o->next_step_at, &o->notes,          &o->close_reason, &o->closed_on};
    for (int i = 0; i < 8; i++)
        *texts[i] = col_text(a, s, 11 + i);
    o->closed_at = db_col_int(s, 19);
    o->stage_entered_at = db_col_int(s, 20);
    o->owner_id = db_col_int(s, 21);
    o->owner_name = col_text(a, s, 22);
    o->created_by = db_col_int(s, 23);
    o->created_by_name = col_text(a, s, 24);
    o->created_at = db_col_int(s, 25);
    o->updated_at = db_col_int(s, 26);
}

static void read_line(struct db_stmt *s, struct arena *a, void *row)
{
    struct opp_line *l = row;
    l->product_id = db_col_int(s, 0);
    l->code = col_text(a, s, 1);
    l->name = col_text(a, s, 2);
    l->unit = col_text(a, s, 3);
    l->quantity = db_col_int(s, 4);
    l->price_fen = db_col_int(s, 5);
}

static void read_step(struct db_stmt *s, struct arena *a, void *row)
{
    struct opp_step *h = row;
    h->stage_id = db_col_int(s, 0);
    h->stage_name = col_text(a, s, 1);
    h->stage_name_en = col_text(a, s, 2);
    h->state = col_text(a, s, 3);
    h->probability = (int)db_col_int(s, 4);
    h->entered_at = db_col_int(s, 5);
    h->left_at = db_col_int(s, 6);
    h->by_id = db_col_int(s, 7);
    h->by_name = col_text(a, s, 8);
}

enum kh_status opp_store_get(const struct kh_ctx *ctx, int64_t id, bool full,
                             struct opportunity *out, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, OPP_COLS "WHERE o.id = $1");
    db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_opp(s, ctx->arena, out);
    enum kh_status st = r == DB_ERROR ? err->code : KH_OK;
    if (!st && r == DB_ROW && full) {
        struct db_rows rows;
        s = db_prepare(c, "SELECT l.product_id, p.code, p.name, p.unit, l.quantity, l.price_fen "
                          "FROM opportunity_products l JOIN products p ON p.id = l.product_id "
                          "WHERE l.opportunity_id = $1 ORDER BY l.position");
        db_bind_int(s, 1, id);
        if (!(st =
                  db_rows_collect(s, ctx->arena, sizeof(struct opp_line), read_line, &rows, err))) {
            out->lines = rows.items;
            out->nlines = rows.count;
        }
        s = st ? NULL
               : db_prepare(c, "SELECT h.stage_id, s.name, s.name_en, h.state, h.probability, "
                               "h.entered_at, h.left_at, coalesce(h.by_user, 0), "
                               "coalesce(u.display_name, '') FROM opportunity_history h JOIN "
                               "opportunity_stages s ON s.id = h.stage_id LEFT JOIN users u ON "
                               "u.id = h.by_user WHERE h.opportunity_id = $1 ORDER BY h.id");
        if (s) {
            db_bind_int(s, 1, id);
            if (!(st = db_rows_collect(s, ctx->arena, sizeof(struct opp_step), read_step, &rows,
                                       err))) {
                out->history = rows.items;
                out->nhistory = rows.count;
            }
        }
    }
    db_read_end(ctx->db, c);
    if (st)
        return st;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个商机，或您无权查看",
                                    "no such opportunity, or not yours to see");
}

/* ---- writes ---- */

struct write_job {
    const struct kh_ctx *ctx;
    struct opp_write *w;
    int64_t id;
};

static enum kh_status write_lines(struct db_conn *c, int64_t id, const struct opportunity *o,
                                  struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "DELETE FROM opportunity_products WHERE opportunity_id = $1");
    db_bind_int(s, 1, id);
    enum kh_status st = db_exec_stmt(s, err);
    for (int i = 0; !st && i < o->nlines; i++) {
        s = db_prepare(c, "INSERT INTO opportunity_products (opportunity_id, position, product_id, "
                          "quantity, price_fen) VALUES ($1, $2, $3, $4, $5)");
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, i + 1);
        db_bind_int(s, 3, o->lines[i].product_id);
        db_bind_int(s, 4, o->lines[i].quantity);
        db_bind_int(s, 5, o->lines[i].price_fen);
        st = db_exec_stmt(s, err);
    }
    return st;
}

/* The stage or state changed: the entry it was in ends now, the new one starts. */
static enum kh_status write_step(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                 const struct opportunity *o, int64_t now, struct kh_err *err)
{
    struct db_stmt *s = db_prepare(c, "UPDATE opportunity_history SET left_at = $2 WHERE "
                                      "opportunity_id = $1 AND left_at = 0");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, now);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    s = db_prepare(c, "INSERT INTO opportunity_history (opportunity_id, stage_id, state, "
                      "probability, entered_at, by_user) VALUES ($1, $2, $3, $4, $5, $6)");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, o->stage_id);
    db_bind_text(s, 3, o->state);
    db_bind_int(s, 4, o->probability);
    db_bind_int(s, 5, now);
    db_bind_id(s, 6, ctx->actor.user_id);
    return db_exec_stmt(s, err);
}

/* $2 … $17: the row's values (INSERT and UPDATE alike). */
static void bind_row(struct db_stmt *s, const struct opportunity *o)
{
    db_bind_id(s, 2, o->owner_id);
    db_bind_text(s, 3, o->title);
    db_bind_int(s, 4, o->amount_fen);
    db_bind_int(s, 5, o->probability);
    db_bind_int(s, 6, o->stage_id);
    db_bind_text(s, 7, o->state);
    db_bind_text(s, 8, o->expected_close);
    db_bind_text(s, 9, o->competitor);
    db_bind_text(s, 10, o->next_step);
    db_bind_text(s, 11, o->next_step_at);
    db_bind_text(s, 12, o->notes);
    db_bind_text(s, 13, o->close_reason);
    db_bind_int(s, 14, o->closed_at);
    db_bind_text(s, 15, o->closed_on);
    db_bind_int(s, 16, o->stage_entered_at);
    db_bind_int(s, 17, o->updated_at);
}

static enum kh_status write_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    struct opp_write *w = j->w;
    const struct opportunity *o = &w->o;
    int64_t now = o->updated_at;
    struct db_stmt *s;
    enum kh_status st;
    if (!o->id) {
        /* holder_id: the customer's owner, kept from then on by migration 074's trigger */
        s = db_prepare(c, "INSERT INTO opportunities (customer_id, owner_id, title, amount_fen, "
                          "probability, stage_id, state, expected_close, competitor, next_step, "
                          "next_step_at, notes, close_reason, closed_at, closed_on, "
                          "stage_entered_at, updated_at, created_by, created_at, holder_id) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                          "$15, $16, $17, $18, $17, (SELECT owner_id FROM customers WHERE id = "
                          "$1)) RETURNING id");
        db_bind_int(s, 1, o->customer_id);
        bind_row(s, o);
        db_bind_id(s, 18, j->ctx->actor.user_id);
        if ((st = db_exec_int(s, &j->id, err)))
            return st;
    } else {
        /* Only from the stage and state it was read in: a move made meanwhile refuses this one. */
        s = db_prepare(c, "UPDATE opportunities SET owner_id = $2, title = $3, amount_fen = $4, "
                          "probability = $5, stage_id = $6, state = $7, expected_close = $8, "
                          "competitor = $9, next_step = $10, next_step_at = $11, notes = $12, "
                          "close_reason = $13, closed_at = $14, closed_on = $15, "
                          "stage_entered_at = $16, updated_at = $17 WHERE id = $1 AND stage_id = "
                          "$18 AND state = $19 RETURNING id");
        db_bind_int(s, 1, o->id);
        bind_row(s, o);
        db_bind_int(s, 18, w->old_stage_id);
        db_bind_text(s, 19, w->old_state);
        if ((st = db_exec_int(s, &j->id, err)))
            return st;
        if (!j->id)
            return kh_err_set(err, KH_E_CONFLICT, "state",
                              "这个商机刚被别人移动或关闭了，请刷新后再试",
                              "someone has just moved or closed this opportunity; reload it and "
                              "try again");
    }
    bool moved = !w->old_state || w->old_stage_id != o->stage_id || strcmp(w->old_state, o->state);
    if (moved && (st = write_step(c, j->ctx, j->id, o, now, err)))
        return st;
    if (w->lines_changed && (st = write_lines(c, j->id, o, err)))
        return st;
    if (w->next_task) { /* once per opportunity and day: a rerun or the same day again adds none */
        int64_t task = 0;
        const char *source =
            arena_printf(j->ctx->arena, "opportunity:%lld:%s", (long long)j->id, w->next_source);
        if ((st = task_add_on(c, j->ctx, w->next_task, source, &task, err)))
            return st;
    }
    struct audit_event ev = {w->action, "opportunity", j->id, w->detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status opp_store_write(const struct kh_ctx *ctx, struct opp_write *w, int64_t *id,
                               struct kh_err *err)
{
    struct write_job j = {ctx, w, 0};
    enum kh_status st = db_write(ctx->db, write_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

/* ---- lists, sums, forecast ---- */

enum kh_status opp_store_list(const struct kh_ctx *ctx, const struct opp_query *q,
                              const char *after_close, int64_t after_id, int limit,
                              struct opportunity **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    /*
     * The filter's terms are "($n = 0 OR …)", which no index serves; so the walk is named by a
     * literal equality in front (a lead) that the planner sees, in the list's own order: one
     * customer's along opportunities_customer; one owner's open ones (the salesperson's own, whose
     * open ones carry their customer's owner, or the owner filter) along opportunities_owner; one
     * state's, or one stage of it (a board column), along opportunities_state or _stage.
     */
#define OPP_LIST_SQL(lead)                                                                         \
    OPP_COLS "WHERE " lead OPP_WHERE "AND ($12 = 'all' OR o.state = $12) AND "                     \
             "(o.expected_close, o.id) > ($13, $14) ORDER BY o.expected_close, o.id LIMIT $15"
    static const char *const sql[8] = {
        OPP_LIST_SQL(""),
        OPP_LIST_SQL("o.customer_id = $8 AND "),
        OPP_LIST_SQL("o.state = $12 AND "),
        OPP_LIST_SQL("o.state = $12 AND o.stage_id = $5 AND "),
        OPP_LIST_SQL("o.owner_id = $2 AND o.state = $12 AND "),
        OPP_LIST_SQL("o.owner_id = $2 AND o.state = $12 AND o.stage_id = $5 AND "),
        OPP_LIST_SQL("o.owner_id = $6 AND o.state = $12 AND "),
        OPP_LIST_SQL("o.owner_id = $6 AND o.state = $12 AND o.stage_id = $5 AND "),
    };
    const char *state = q->f->state ? q->f->state : "open";
    int form = 0;
    if (q->f->customer_id > 0)
        form = 1;
    else if (strcmp(state, "all")) {
        bool own = q->scope.scope == KH_SCOPE_OWN && !strcmp(state, "open");
        form = (q->f->owner_id > 0 ? 6 : own ? 4 : 2) + (q->f->stage_id > 0);
    }
    struct db_stmt *s = db_prepare(c, sql[form]);
    bind_query(s, q, true);
    db_bind_text(s, 12, state);
    db_bind_text(s, 13, after_close);
    db_bind_int(s, 14, after_id);
    db_bind_int(s, 15, limit);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct opportunity), read_opp, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

static int64_t weighted(int64_t raw)
{
    return (raw + 50) / 100;
}

/*
 * The company's sums without a walk over every customer. A reader who sees
 * every customer (scope all) misses only those above their clearance and
 * those of an import not yet published; so a sum over the whole company is
 * the sum over every opportunity, read from a covering index alone, less the
 * sum over those whose customer the one scope filter refuses, looked for
 * among the customers that could be refused (a secrecy above the reader's
 * clearance, or an import batch not yet published: each through its partial index; the cross
 * join keeps the planner to that order, then opportunities_customer). The
 * subtracted rows are decided by the scope filter itself (its negation), so
 * both forms count exactly the same opportunities. $9 = '' (no text
 * pattern, which would need every customer's name). OPP_COMPANY walks the
 * opportunities only for one customer's (SUM_COMPANY); the company's without
 * one read the kept sums (SUM_TOTALS, below), OPP_HIDDEN serves both.
 */
#define OPP_COMPANY "FROM opportunities o WHERE " OPP_FILTER "AND $9 = '' "
/* The import batches not yet published: their customers could be refused, no others. */
#define OPP_UNPUBLISHED "(SELECT ib.id FROM import_batches ib WHERE ib.state <> 'published')"
#define OPP_HIDDEN                                                                                 \
    "FROM customers c CROSS JOIN opportunities o WHERE c.id IN (SELECT hc.id FROM customers hc "   \
    "WHERE hc.secrecy > 0 AND hc.secrecy > $4 UNION SELECT hc.id FROM customers hc WHERE "         \
    "hc.import_batch <> 0 AND hc.import_batch IN " OPP_UNPUBLISHED ") AND o.customer_id = c.id "   \
    "AND NOT coalesce(" OPP_SCOPE ", false) AND " OPP_FILTER "AND $9 = '' "

/*
 * A salesperson's (the own scope, no text pattern): the opportunities of the customers they own
 * carry them as holder (holder_id, migration 074), so theirs are one range of
 * opportunities_holder, which holds every column a sum reads; less those of their customers the
 * scope filter refuses (above their clearance, an import not yet published: the filter decides,
 * among those of the customers they own that could be refused), along customers_owner alone (it
 * holds every column the filter reads), each refused one's opportunities from
 * opportunities_customer.
 */
#define OPP_HELD "FROM opportunities o WHERE o.holder_id = $2 AND " OPP_FILTER "AND $9 = '' "
#define OPP_HELD_HIDDEN                                                                            \
    "FROM customers c CROSS JOIN opportunities o WHERE c.owner_id = $2 AND (c.secrecy > $4 OR "    \
    "(c.import_batch <> 0 AND c.import_batch IN " OPP_UNPUBLISHED ")) AND NOT coalesce(" OPP_SCOPE \
    ", false) AND o.customer_id = c.id AND " OPP_FILTER "AND $9 = '' "

/* The forms of a sum; also the index of each form's statements below. */
enum opp_sum_form { SUM_SCOPED, SUM_OWN, SUM_COMPANY, SUM_HELD, SUM_TOTALS };

static enum opp_sum_form sum_form(const struct opp_query *q)
{
    bool text = q->pattern && *q->pattern;
    if (q->scope.scope == KH_SCOPE_OWN)
        return text ? SUM_OWN : SUM_HELD;
    bool all = q->scope.scope == KH_SCOPE_ALL || q->scope.scope == KH_SCOPE_ALL_NONSECRET;
    if (!all || text)
        return SUM_SCOPED;
    return q->f->customer_id > 0 ? SUM_COMPANY : SUM_TOTALS;
}

/*
 * The company's sums kept by every write (opportunity_totals, migration 072:
 * per state, month, stage and owner), less the hidden ones as above. A day
 * range is read as its whole months from the sums and its partial months at
 * either end from the opportunities between those days (two ranges of an
 * index, a month at most each). By the filter's terms that the sums carry:
 * stage, owner, the owner's department; one customer's take SUM_COMPANY.
 */
#define TOTALS_FILTER                                                                              \
    "($5 = 0 OR t.stage_id = $5) AND ($6 = 0 OR t.owner_id = $6) AND ($7 = 0 OR t.owner_id IN "    \
    "(SELECT du.id FROM users du WHERE du.department_id = $7)) "

struct month_split {
    char first[8], last[8]; /* the whole months, YYYY-MM (first > last: none) */
    char edge[4][11];       /* two day ranges [edge[0], edge[1]], [edge[2], edge[3]] */
};

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* The number in the n digits at p (a valid day's year, month or day). */
static int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

static void month_step(const char *day, int step, char out[8])
{
    int y = digits(day, 4), m = digits(day + 5, 2) + step;
    if (m > 12)
        y++, m = 1;
    if (m < 1)
        y--, m = 12;
    snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

/* from, to: valid days or "" (open-ended); the ranges left empty are [1, 0]. */
static void split_months(const char *from, const char *to, struct month_split *m)
{
    for (int i = 0; i < 4; i++)
        snprintf(m->edge[i], sizeof(m->edge[i]), "%s", i % 2 ? "0" : "1");
    snprintf(m->first, sizeof(m->first), "0000-00");
    snprintf(m->last, sizeof(m->last), "9999-99");
    bool cut_from = *from && digits(from + 8, 2) != 1;
    bool cut_to = *to && digits(to + 8, 2) != days_in_month(digits(to, 4), digits(to + 5, 2));
    if (*from)
        month_step(from, cut_from, m->first);
    if (*to)
        month_step(to, -cut_to, m->last);
    if (*from && *to && !strncmp(from, to, 7) && (cut_from || cut_to)) {
        /* within one month that is not whole: its days alone */
        snprintf(m->first, sizeof(m->first), "9999-99");
        snprintf(m->last, sizeof(m->last), "0000-00");
        snprintf(m->edge[0], 11, "%s", from);
        snprintf(m->edge[1], 11, "%s", to);
        return;
    }
    if (cut_from) {
        snprintf(m->edge[0], 11, "%s", from);
        snprintf(m->edge[1], 11, "%.7s-31", from);
    }
    if (cut_to) {
        snprintf(m->edge[2], 11, "%.7s-01", to);
        snprintf(m->edge[3], 11, "%s", to);
    }
    /* within [from, to] (a reversed range is empty) */
    if (cut_from && *to && strcmp(m->edge[1], to) > 0)
        snprintf(m->edge[1], 11, "%s", to);
    if (cut_to && *from && strcmp(m->edge[2], from) < 0)
        snprintf(m->edge[2], 11, "%s", from);
}

/* The day range [from, to] (NULL or "": open-ended) split, bound from $at on. */
static void bind_split(struct db_stmt *s, int at, const char *from, const char *to)
{
    struct month_split m;
    split_months(from ? from : "", to ? to : "", &m);
    db_bind_text(s, at, m.first);
    db_bind_text(s, at + 1, m.last);
    for (int i = 0; i < 4; i++)
        db_bind_text(s, at + 2 + i, m.edge[i]);
}

enum kh_status opp_store_sums(const struct kh_ctx *ctx, const struct opp_query *q,
                              const char *closed_from, const char *closed_to,
                              struct opp_board_column *stages, int nstages, struct opp_sum *won,
                              struct opp_sum *lost, struct kh_err *err)
{
    memset(won, 0, sizeof(*won));
    memset(lost, 0, sizeof(*lost));
    enum opp_sum_form form = sum_form(q);
    struct db_conn *c = db_read_begin(ctx->db);
    /*
     * A salesperson (the own scope) sees the customers they own. With a text pattern, an open
     * opportunity's owner being its customer's (migration 062), theirs walk opportunities_owner,
     * not every open one; without one, their range of opportunities_holder (SUM_HELD).
     */
#define OPEN_SUMS(lead)                                                                            \
    "SELECT o.stage_id, count(*), coalesce(sum(o.amount_fen), 0), coalesce(sum(o.amount_fen * "    \
    "o.probability), 0) " OPP_FROM lead OPP_WHERE "AND o.state = 'open' GROUP BY o.stage_id"
#define OPEN_PART(sign, from)                                                                      \
    "SELECT o.stage_id AS st, " sign "count(*) AS n, " sign                                        \
    "coalesce(sum(o.amount_fen), 0) AS a, " sign                                                   \
    "coalesce(sum(o.amount_fen * o.probability), 0) AS w " from "AND o.state = 'open' GROUP "      \
    "BY o.stage_id"
    /* the partial months' days ($14 … $17) walk opportunities_state */
#define OPEN_EDGE(lo, hi)                                                                          \
    "SELECT o.stage_id, 1, o.amount_fen, o.amount_fen * o.probability FROM opportunities o WHERE " \
    "o.state = 'open' AND o.expected_close >= " lo " AND o.expected_close <= " hi                  \
    " AND " OPP_FILTER "AND $9 = '' "
    static const char *const open_sql[5] = {
        OPEN_SUMS(""), OPEN_SUMS("o.owner_id = $2 AND "),
        "SELECT x.st, sum(x.n), sum(x.a), sum(x.w) FROM (" OPEN_PART(
            "", OPP_COMPANY) " UNION ALL " OPEN_PART("-", OPP_HIDDEN) ") x GROUP BY x.st",
        "SELECT x.st, sum(x.n), sum(x.a), sum(x.w) FROM (" OPEN_PART(
            "", OPP_HELD) " UNION ALL " OPEN_PART("-", OPP_HELD_HIDDEN) ") x GROUP BY x.st",
        "SELECT x.st, sum(x.n), sum(x.a), sum(x.w) FROM (SELECT t.stage_id AS st, t.n AS n, "
        "t.amount_fen AS a, t.weighted AS w FROM opportunity_totals t WHERE t.state = 'open' AND "
        "t.month >= $12 AND t.month <= $13 AND " TOTALS_FILTER
        "UNION ALL " OPEN_EDGE("$14", "$15") "UNION ALL " OPEN_EDGE(
            "$16", "$17") "UNION ALL " OPEN_PART("-", OPP_HIDDEN) ") x GROUP BY x.st"};
    struct db_stmt *s = db_prepare(c, open_sql[form]);
    bind_query(s, q, true);
    if (form == SUM_TOTALS)
        bind_split(s, 12, q->f->close_from, q->f->close_to);
    enum db_step_result r;
    while ((r = db_step(s, err)) == DB_ROW) {
        int64_t stage = db_col_int(s, 0);
        for (int i = 0; i < nstages; i++)
            if (stages[i].stage.id == stage)
                stages[i].sum = (struct opp_sum){db_col_int(s, 1), db_col_int(s, 2),
                                                 weighted(db_col_int(s, 3)), 0};
    }
    if (r == DB_DONE) {
        /*
         * A closed one keeps the owner it was closed by, so a salesperson's with a text pattern
         * are found through the customers they own (OPP_FROM_MINE), not every closed one;
         * without one, through the holder they are (SUM_HELD).
         */
#define CLOSED_TERMS                                                                               \
    "AND o.state IN ('won', 'lost') AND ($12 = '' OR o.closed_on >= $12) AND ($13 = '' OR "        \
    "o.closed_on <= $13) "
#define CLOSED_PART(sign, from)                                                                    \
    "SELECT o.state AS st, " sign "count(*) AS n, " sign                                           \
    "coalesce(sum(o.amount_fen), 0) AS a " from CLOSED_TERMS "GROUP BY o.state"
#define CLOSED_EDGE(lo, hi)                                                                        \
    "SELECT o.state, 1, o.amount_fen FROM opportunities o WHERE o.state IN ('won', 'lost') AND "   \
    "o.closed_on >= " lo " AND o.closed_on <= " hi " AND " OPP_FILTER "AND $9 = '' "
        static const char *const closed_sql[5] = {
            "SELECT o.state, count(*), coalesce(sum(o.amount_fen), 0) " OPP_FROM OPP_WHERE
                CLOSED_TERMS "GROUP BY o.state",
            "SELECT o.state, count(*), coalesce(sum(o.amount_fen), 0) " OPP_FROM_MINE OPP_WHERE
                CLOSED_TERMS "GROUP BY o.state",
            "SELECT x.st, sum(x.n), sum(x.a) FROM (" CLOSED_PART(
                "", OPP_COMPANY) " UNION ALL " CLOSED_PART("-", OPP_HIDDEN) ") x GROUP BY x.st",
            "SELECT x.st, sum(x.n), sum(x.a) FROM (" CLOSED_PART(
                "", OPP_HELD) " UNION ALL " CLOSED_PART("-", OPP_HELD_HIDDEN) ") x GROUP BY x.st",
            "SELECT x.st, sum(x.n), sum(x.a) FROM (SELECT t.state AS st, t.n AS n, t.amount_fen AS "
            "a FROM opportunity_totals t WHERE t.state IN ('won', 'lost') AND t.month >= $14 AND "
            "t.month <= $15 AND " TOTALS_FILTER
            "UNION ALL " CLOSED_EDGE("$16", "$17") "UNION ALL " CLOSED_EDGE(
                "$18", "$19") "UNION ALL " CLOSED_PART("-", OPP_HIDDEN) ") x GROUP BY x.st"};
        s = db_prepare(c, closed_sql[form]);
        bind_query(s, q, false);
        db_bind_text(s, 12, closed_from ? closed_from : "");
        db_bind_text(s, 13, closed_to ? closed_to : "");
        if (form == SUM_TOTALS)
            bind_split(s, 14, closed_from, closed_to);
        while ((r = db_step(s, err)) == DB_ROW) {
            struct opp_sum *x = strcmp(db_col_text(s, 0), "won") ? lost : won;
            x->count = db_col_int(s, 1);
            x->amount_fen = db_col_int(s, 2);
        }
    }
    db_read_end(ctx->db, c);
    return r == DB_ERROR ? err->code : KH_OK;
}

/*
 * The forecast grouped by month and key: the open ones by the month of
 * their expected close in [$12, $13), the won ones by the month they were
 * won in, in the same range. The parts group by month and owner; the key
 * (0 by month, the owner, or the owner's department) is taken from those
 * groups. The company's form subtracts the hidden ones as the sums do; r
 * counts the rows, so a group whose every row was hidden is left out.
 */
#define FC_OPEN_DAY(sign, from, day)                                                               \
    "SELECT substr(o.expected_close, 1, 7) AS m, coalesce(o.owner_id, 0) AS ow, " sign "count(*) " \
    "AS n, " sign "sum(o.amount_fen) AS a, " sign "sum(o.amount_fen * o.probability) AS w, 0 AS "  \
    "won, " sign "count(*) AS r " from "AND o.state = 'open' AND " day " >= $12 AND " day          \
    " < $13 GROUP BY 1, 2"
#define FC_OPEN(sign, from) FC_OPEN_DAY(sign, from, "o.expected_close")
#define FC_WON(sign, from, day)                                                                    \
    "SELECT substr(o.closed_on, 1, 7), coalesce(o.owner_id, 0), 0, 0, 0, " sign                    \
    "sum(o.amount_fen), " sign "count(*) " from "AND o.state = 'won' AND " day " >= $12 AND " day  \
    " < $13 GROUP BY 1, 2"
#define FC_SCOPED                                                                                  \
    FC_OPEN("", OPP_FROM OPP_WHERE) " UNION ALL " FC_WON("", OPP_FROM OPP_WHERE, "o.closed_on")
/*
 * A salesperson's with a text pattern (which needs each customer's name): over the customers they
 * own; "|| ''" keeps the won day's range off opportunities_closed, which a planner without
 * statistics walks for each of their customers; opportunities_customer serves it. Without one:
 * the range of opportunities_holder that is theirs, less the refused (OPP_HELD above); "|| ''"
 * keeps the day ranges off the state indexes, which statistics of a company whose customers
 * mostly have one owner make look cheaper.
 */
#define FC_OWN                                                                                     \
    FC_OPEN("", OPP_FROM_MINE OPP_WHERE)                                                           \
    " UNION ALL " FC_WON("", OPP_FROM_MINE OPP_WHERE, "(o.closed_on || '')")
#define FC_HELD                                                                                    \
    FC_OPEN_DAY("", OPP_HELD, "(o.expected_close || '')")                                          \
    " UNION ALL " FC_WON("", OPP_HELD, "(o.closed_on || '')") " UNION ALL " FC_OPEN(               \
        "-", OPP_HELD_HIDDEN) " UNION ALL " FC_WON("-", OPP_HELD_HIDDEN, "o.closed_on")
#define FC_COMPANY                                                                                 \
    FC_OPEN("", OPP_COMPANY)                                                                       \
    " UNION ALL " FC_WON("", OPP_COMPANY, "o.closed_on") " UNION ALL " FC_OPEN(                    \
        "-", OPP_HIDDEN) " UNION ALL " FC_WON("-", OPP_HIDDEN, "o.closed_on")
#define FORECAST_SQL(parts, key, name)                                                             \
    "SELECT x.m, x.k, " name ", sum(x.n), sum(x.a), sum(x.w), sum(x.won) FROM (SELECT y.m, " key   \
    " AS k, y.n, y.a, y.w, y.won, y.r FROM (" parts ") y LEFT JOIN users ou ON ou.id = y.ow) x "   \
    "GROUP BY x.m, x.k HAVING sum(x.r) <> 0 ORDER BY x.m, x.k"
#define FORECAST_FORMS(parts)                                                                      \
    FORECAST_SQL(parts, "0", "''"),                                                                \
        FORECAST_SQL(parts, "y.ow",                                                                \
                     "coalesce((SELECT fu.display_name FROM users fu WHERE fu.id = x.k), '')"),    \
        FORECAST_SQL(parts, "coalesce(ou.department_id, 0)",                                       \
                     "coalesce((SELECT fd.name FROM departments fd WHERE fd.id = x.k), '')")

/* The company's from the sums kept by every write (whole months: no edges), less the hidden. */
#define FC_TOTALS_PART(state, cols)                                                                \
    "SELECT t.month AS m, t.owner_id AS ow, " cols                                                 \
    " FROM opportunity_totals t WHERE t.state = '" state                                           \
    "' AND t.month >= substr($12, 1, 7) AND t.month < substr($13, 1, 7) AND " TOTALS_FILTER
#define FC_TOTALS                                                                                  \
    FC_TOTALS_PART("open", "t.n AS n, t.amount_fen AS a, t.weighted AS w, 0 AS won, t.n AS r")     \
    " UNION ALL " FC_TOTALS_PART("won", "0, 0, 0, t.amount_fen, t.n") " UNION ALL " FC_OPEN(       \
        "-", OPP_HIDDEN) " UNION ALL " FC_WON("-", OPP_HIDDEN, "o.closed_on")

/* By the form of the sums (enum opp_sum_form). */
static const char *const forecast_sql[5][3] = {{FORECAST_FORMS(FC_SCOPED)},
                                               {FORECAST_FORMS(FC_OWN)},
                                               {FORECAST_FORMS(FC_COMPANY)},
                                               {FORECAST_FORMS(FC_HELD)},
                                               {FORECAST_FORMS(FC_TOTALS)}};

static void read_forecast(struct db_stmt *s, struct arena *a, void *row)
{
    struct opp_forecast_row *x = row;
    memset(x, 0, sizeof(*x));
    const char *m = db_col_text(s, 0);
    strncpy(x->month, m ? m : "", sizeof(x->month) - 1);
    x->id = db_col_int(s, 1);
    x->name = col_text(a, s, 2);
    x->sum = (struct opp_sum){db_col_int(s, 3), db_col_int(s, 4), weighted(db_col_int(s, 5)),
                              db_col_int(s, 6)};
}

enum kh_status opp_store_forecast(const struct kh_ctx *ctx, const struct opp_query *q,
                                  const char *by, const char *from, const char *to,
                                  struct opp_forecast_row **out, int *count, struct kh_err *err)
{
    int form = !strcmp(by, "owner") ? 1 : !strcmp(by, "department") ? 2 : 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, forecast_sql[sum_form(q)][form]);
    bind_query(s, q, false);
    db_bind_text(s, 12, from);
    db_bind_text(s, 13, to);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct opp_forecast_row), read_forecast, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

/* ---- stages ---- */

static void read_stage(struct db_stmt *s, struct arena *a, void *row)
{
    struct opp_stage *x = row;
    x->id = db_col_int(s, 0);
    x->name = col_text(a, s, 1);
    x->name_en = col_text(a, s, 2);
    x->probability = (int)db_col_int(s, 3);
    x->position = (int)db_col_int(s, 4);
    x->active = db_col_int(s, 5) != 0;
    x->open_count = db_col_int(s, 6);
}

/*
 * $2 = 1: each stage's open ones counted (the company's, for whoever sets the
 * stages up, from the kept sums); else -1.
 */
#define STAGE_COLS                                                                                 \
    "SELECT s.id, s.name, s.name_en, s.probability, s.position, s.active, CASE WHEN $2 = 1 THEN "  \
    "(SELECT coalesce(sum(t.n), 0) FROM opportunity_totals t WHERE t.state = 'open' AND "          \
    "t.stage_id = s.id) ELSE -1 END FROM opportunity_stages s "

enum kh_status opp_store_stages(const struct kh_ctx *ctx, bool all, bool counted,
                                struct opp_stage **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, STAGE_COLS "WHERE $1 = 1 OR s.active = 1 ORDER BY s.position, s.id");
    db_bind_int(s, 1, all ? 1 : 0);
    db_bind_int(s, 2, counted ? 1 : 0);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct opp_stage), read_stage, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

enum kh_status opp_store_stage_get(const struct kh_ctx *ctx, int64_t id, struct opp_stage *out,
                                   struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, STAGE_COLS "WHERE s.id = $1");
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, 1);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_stage(s, ctx->arena, out);
    db_read_end(ctx->db, c);
    if (r == DB_ERROR)
        return err->code;
    return r == DB_ROW ? KH_OK
                       : kh_err_set(err, KH_E_NOT_FOUND, "stage_id", "没有这个商机阶段",
                                    "no such opportunity stage");
}

struct stage_job {
    const struct kh_ctx *ctx;
    struct opp_stage *s;
    const char *detail;
};

static enum kh_status stage_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct stage_job *j = arg;
    struct opp_stage *x = j->s;
    int64_t now = ctx_now(j->ctx), n = 0, old = 0, open = 0;
    struct db_stmt *s = db_prepare(c, "SELECT count(*) FROM opportunity_stages");
    enum kh_status st = db_exec_int(s, &n, err);
    if (st)
        return st;
    if (x->id) {
        s = db_prepare(c, "SELECT position FROM opportunity_stages WHERE id = $1");
        db_bind_int(s, 1, x->id);
        if ((st = db_exec_int(s, &old, err)))
            return st;
        if (!old)
            return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个商机阶段",
                              "no such opportunity stage");
        s = db_prepare(c, "SELECT count(*) FROM opportunities WHERE stage_id = $1 AND state = "
                          "'open'");
        db_bind_int(s, 1, x->id);
        if ((st = db_exec_int(s, &open, err)))
            return st;
        if (!x->active && open)
            return kh_err_setf(err, KH_E_CONFLICT, "active",
                               "这个阶段还有 %lld 个进行中的商机，请先把它们移到其他阶段",
                               "%lld open opportunities are still in this stage; move them to "
                               "another stage first",
                               (long long)open, (long long)open);
    } else {
        n++;
        old = n; /* a new one starts last */
    }
    if (x->position < 1 || x->position > n)
        x->position = (int)n;
    if (x->position != old) { /* the others between make room */
        s = db_prepare(c, x->position < old
                              ? "UPDATE opportunity_stages SET position = position + 1 WHERE "
                                "position >= $1 AND position < $2"
                              : "UPDATE opportunity_stages SET position = position - 1 WHERE "
                                "position > $2 AND position <= $1");
        db_bind_int(s, 1, x->position);
        db_bind_int(s, 2, old);
        if ((st = db_exec_stmt(s, err)))
            return st;
    }
    if (!x->id) {
        s = db_prepare(c, "INSERT INTO opportunity_stages (name, name_en, probability, position, "
                          "active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
                          "RETURNING id");
    } else {
        s = db_prepare(c, "UPDATE opportunity_stages SET name = $1, name_en = $2, probability = "
                          "$3, position = $4, active = $5, updated_at = $6 WHERE id = $7 "
                          "RETURNING id");
        db_bind_int(s, 7, x->id);
    }
    db_bind_text(s, 1, x->name);
    db_bind_text(s, 2, x->name_en);
    db_bind_int(s, 3, x->probability);
    db_bind_int(s, 4, x->position);
    db_bind_int(s, 5, x->active ? 1 : 0);
    db_bind_int(s, 6, now);
    bool created = !x->id;
    if ((st = db_exec_int(s, &x->id, err)))
        return st;
    struct audit_event ev = {created ? "opportunity_stage.create" : "opportunity_stage.update",
                             "opportunity_stage", x->id, j->detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status opp_store_stage_put(const struct kh_ctx *ctx, struct opp_stage *s,
                                   const char *detail, struct kh_err *err)
{
    struct stage_job j = {ctx, s, detail};
    return db_write(ctx->db, stage_fn, &j, err);
}

/* ---- merge and destruction ---- */

enum kh_status opp_store_repoint_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t from,
                                    int64_t to, int64_t *moved, struct kh_err *err)
{
    (void)ctx;
    /* The open ones take the survivor's owner, as they follow their customer's; all its holder. */
    return db_repoint(c, NULL,
                      "UPDATE opportunities SET customer_id = $2, owner_id = CASE WHEN state = "
                      "'open' THEN (SELECT owner_id FROM customers WHERE id = $2) ELSE owner_id "
                      "END, holder_id = (SELECT owner_id FROM customers WHERE id = $2) WHERE "
                      "customer_id = $1",
                      from, to, moved, err);
}

enum kh_status opp_store_forget_on(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                                   struct kh_err *err)
{
    (void)ctx;
    static const char *const sql[] = {
        "DELETE FROM opportunity_products WHERE opportunity_id IN (SELECT id FROM opportunities "
        "WHERE customer_id = $1)",
        "DELETE FROM opportunity_history WHERE opportunity_id IN (SELECT id FROM opportunities "
        "WHERE customer_id = $1)",
        "DELETE FROM opportunities WHERE customer_id = $1",
    };
    enum kh_status st = KH_OK;
    for (size_t i = 0; !st && i < sizeof(sql) / sizeof(sql[0]); i++) {
        struct db_stmt *s = db_prepare(c, sql[i]);
        db_bind_int(s, 1, id);
        st = db_exec_stmt(s, err);
    }
    return st;
}
