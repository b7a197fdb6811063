/* Opportunities: checks, rights, the board, the funnel and the forecast. */
#include "app/field.h"
#include "opportunity/opportunity.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "app/customer_ref.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/cursor.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "documents/documents.h"
#include "followup/task.h"
#include "opportunity/opportunity_store.h"
#include "product/product.h"

const struct kh_perm opportunity_perm_read = {"opportunity.read", "查看商机", "Read opportunities"};
const struct kh_perm opportunity_perm_manage = {"opportunity.manage", "管理商机",
                                                "Work on opportunities"};
const struct kh_perm opportunity_perm_configure = {"opportunity.configure", "设置商机阶段",
                                                   "Configure opportunity stages"};

static const struct kh_choice opp_states[] = {
    {"open", "进行中", "Open"},
    {"won", "赢单", "Won"},
    {"lost", "输单", "Lost"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice opp_by[] = {
    {"month", "按月", "By month"},
    {"owner", "按销售员", "By salesperson"},
    {"department", "按团队", "By team"},
    {0},
};

static const struct kh_choice *opp_choices(int set, const char **name)
{
    *name = set ? "by" : "states";
    return set ? opp_by : opp_states;
}

static const struct list_field opp_fields[] = {
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct opp_filter, state), .choice_set = 0,
     .index = "opportunities_state (state, expected_close, id)"},
    {"stage_id", LIST_ID, LIST_OP_EQ, offsetof(struct opp_filter, stage_id),
     .index = "opportunities_stage (state, stage_id, expected_close, id)"},
    {"owner_id", LIST_ID, LIST_OP_EQ, offsetof(struct opp_filter, owner_id),
     .index = "opportunities_owner (owner_id, state, stage_id, expected_close, id)"},
    {"department_id", LIST_ID, LIST_OP_EQ, offsetof(struct opp_filter, department_id),
     .index = "opportunities_owner, for each of the department's people"},
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct opp_filter, customer_id),
     .index = "opportunities_customer (customer_id, state, expected_close, id)"},
    {"q", LIST_TEXT, LIST_OP_MATCH, offsetof(struct opp_filter, q), .max = 100,
     .index = "checked on each row of the walk"},
    {"close_from", LIST_TEXT, LIST_OP_EQ, offsetof(struct opp_filter, close_from), .max = 10,
     .index = "the walk's expected_close order"},
    {"close_to", LIST_TEXT, LIST_OP_EQ, offsetof(struct opp_filter, close_to), .max = 10,
     .index = "the walk's expected_close order"},
    {0},
};

const struct list_spec opportunity_list_spec = {
    .name = "opportunities", .fields = opp_fields, .choices = opp_choices};

#define OWNER_FIELDS                                                                               \
    {"owner_id", LIST_ID, LIST_OP_EQ, offsetof(struct opp_filter, owner_id),                       \
     .index = "opportunities_owner"},                                                              \
    {                                                                                              \
        "department_id", LIST_ID, LIST_OP_EQ, offsetof(struct opp_filter, department_id),          \
            .index = "opportunities_owner, for each of the department's people"                    \
    }

static const struct list_field board_fields[] = {OWNER_FIELDS, {0}};
const struct list_spec opportunity_board_spec = {
    .name = "opportunity_board", .fields = board_fields, .choices = opp_choices};

static const struct list_field funnel_fields[] = {
    OWNER_FIELDS,
    {"close_from", LIST_TEXT, LIST_OP_EQ, offsetof(struct opp_filter, close_from), .max = 10,
     .index = "opportunities_state (state, expected_close, id)"},
    {"close_to", LIST_TEXT, LIST_OP_EQ, offsetof(struct opp_filter, close_to), .max = 10,
     .index = "opportunities_state (state, expected_close, id)"},
    {0},
};
const struct list_spec opportunity_funnel_spec = {
    .name = "opportunity_funnel", .fields = funnel_fields, .choices = opp_choices};

static const struct list_field forecast_fields[] = {
    OWNER_FIELDS,
    {"by", LIST_CHOICE, LIST_OP_EQ, offsetof(struct opp_filter, by), .choice_set = 1,
     .index = "a grouping, not a filter"},
    {"from", LIST_TEXT, LIST_OP_EQ, offsetof(struct opp_filter, from), .max = 7,
     .index = "opportunities_state (state, expected_close, id)"},
    {"to", LIST_TEXT, LIST_OP_EQ, offsetof(struct opp_filter, to), .max = 7,
     .index = "opportunities_state (state, expected_close, id)"},
    {0},
};
const struct list_spec opportunity_forecast_spec = {
    .name = "opportunity_forecast", .fields = forecast_fields, .choices = opp_choices};

static enum kh_status need(const struct kh_ctx *ctx, const struct kh_perm *p, struct kh_err *err)
{
    if (ctx_can(ctx, p) && (p == &opportunity_perm_configure || ctx->actor.user_id))
        return KH_OK;
    if (p == &opportunity_perm_read)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要查看商机的权限",
                          "reading opportunities is needed");
    if (p == &opportunity_perm_manage)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "需要管理商机的权限",
                          "working on opportunities is needed");
    return kh_err_set(err, KH_E_FORBIDDEN, "", "需要设置商机阶段的权限",
                      "configuring opportunity stages is needed");
}

static enum kh_status not_found(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这个商机，或您无权查看",
                      "no such opportunity, or not yours to see");
}

static enum kh_status check_date(const char *in, const char *field, bool required, const char **out,
                                 struct kh_err *err)
{
    if ((!*in && !required) || date_valid(in)) {
        *out = in;
        return KH_OK;
    }
    return kh_err_set(err, KH_E_VALIDATION, field, "日期格式为 YYYY-MM-DD，且须是有效日期",
                      "a date is YYYY-MM-DD and must exist");
}

/* The stage a move or a new opportunity names: it must exist and be in use. */
static enum kh_status open_stage(const struct kh_ctx *ctx, int64_t id, struct opp_stage *out,
                                 struct kh_err *err)
{
    enum kh_status st = opp_store_stage_get(ctx, id, out, err);
    if (st == KH_E_NOT_FOUND || (!st && !out->active))
        return kh_err_set(err, KH_E_VALIDATION, "stage_id", "没有这个阶段，或它已停用",
                          "no such stage, or it is no longer used");
    return st;
}

/* The first stage in use: where a new opportunity starts unless it names one. */
static enum kh_status first_stage(const struct kh_ctx *ctx, struct opp_stage *out,
                                  struct kh_err *err)
{
    struct opp_stage *all = NULL;
    int n = 0;
    enum kh_status st = opp_store_stages(ctx, false, false, &all, &n, err);
    if (st)
        return st;
    if (!n)
        return kh_err_set(err, KH_E_VALIDATION, "stage_id", "还没有设置商机阶段",
                          "no opportunity stage is set up yet");
    *out = all[0];
    return KH_OK;
}

static enum kh_status check_lines(const struct kh_ctx *ctx, const struct opp_input *in,
                                  const struct opportunity *old, struct opportunity *o,
                                  struct kh_err *err)
{
    if (in->nlines < 0 || in->nlines > OPP_PRODUCTS_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "products", "最多 %d 种产品",
                           "at most %d products", OPP_PRODUCTS_MAX, OPP_PRODUCTS_MAX);
    struct opp_line *lines = arena_alloc(ctx->arena, sizeof(*lines) * (size_t)(in->nlines + 1));
    for (int i = 0; i < in->nlines; i++) {
        struct opp_line l = in->lines[i];
        struct product p;
        enum kh_status st = product_get(ctx, l.product_id, &p, err);
        bool kept = false; /* a deactivated product an opportunity already names stays */
        for (int k = 0; old && k < old->nlines; k++)
            kept = kept || old->lines[k].product_id == l.product_id;
        if (st == KH_E_NOT_FOUND || (!st && !p.active && !kept))
            return kh_err_setf(err, KH_E_VALIDATION, "products",
                               "第 %d 行：没有这个产品，或它已停用",
                               "line %d: no such product, or it is deactivated", i + 1, i + 1);
        if (st)
            return st;
        if (l.quantity < 1 || l.quantity > OPP_QUANTITY_MAX)
            return kh_err_setf(err, KH_E_VALIDATION, "products", "第 %d 行：数量为 1 到 %d",
                               "line %d: the quantity is 1 to %d", i + 1, OPP_QUANTITY_MAX, i + 1,
                               OPP_QUANTITY_MAX);
        if (l.price_fen == -1)
            l.price_fen = p.price_fen;
        if (l.price_fen < 0 || l.price_fen > OPP_AMOUNT_MAX)
            return kh_err_setf(err, KH_E_VALIDATION, "products",
                               "第 %d 行：单价（分）为 0 到 1000000000000",
                               "line %d: price_fen is 0 to 1000000000000", i + 1, i + 1);
        l.code = p.code;
        l.name = p.name;
        l.unit = p.unit;
        lines[i] = l;
    }
    o->lines = lines;
    o->nlines = in->nlines;
    return KH_OK;
}

/*
 * The opportunity as in makes it from old (NULL: a new one, *o preset with
 * its customer and owner). Sets *stage when the stage changes (to it).
 */
static enum kh_status apply_input(const struct kh_ctx *ctx, const struct opp_input *in,
                                  const struct opportunity *old, struct opportunity *o,
                                  bool *stage_moved, struct kh_err *err)
{
    struct arena *a = ctx->arena;
    enum kh_status st;
    *stage_moved = false;
    if ((in->title || !old) &&
        (st = field_text(a, in->title ? in->title : "", "title", OPP_TITLE_MAX, true,
                         "请填写商机名称", "give the opportunity a title", &o->title, err)))
        return st;
    if (in->competitor && (st = field_text(a, in->competitor, "competitor", OPP_TEXT_MAX, false,
                                           "竞争对手", "the competitor", &o->competitor, err)))
        return st;
    if (in->next_step && (st = field_text(a, in->next_step, "next_step", OPP_TEXT_MAX, false,
                                          "下一步", "the next step", &o->next_step, err)))
        return st;
    if (in->notes && (st = field_text(a, in->notes, "notes", OPP_NOTES_MAX, false, "备注",
                                      "the notes", &o->notes, err)))
        return st;
    if ((in->expected_close || !old) &&
        (st = check_date(in->expected_close ? field_trim(a, in->expected_close) : "",
                         "expected_close", true, &o->expected_close, err)))
        return st;
    if (in->next_step_at && (st = check_date(field_trim(a, in->next_step_at), "next_step_at", false,
                                             &o->next_step_at, err)))
        return st;
    if (in->has_lines && (st = check_lines(ctx, in, old, o, err)))
        return st;
    if (in->amount_fen != -1) {
        if (in->amount_fen < 0 || in->amount_fen > OPP_AMOUNT_MAX)
            return kh_err_set(err, KH_E_VALIDATION, "amount_fen",
                              "金额（分）须为 0 到 1000000000000 的整数",
                              "amount_fen is a whole number of fen from 0 to 1000000000000");
        o->amount_fen = in->amount_fen;
    } else if (!old) { /* not given: the lines' total, if any */
        if (!in->has_lines || !in->nlines)
            return kh_err_set(err, KH_E_VALIDATION, "amount_fen", "请填写预计金额或产品明细",
                              "give the expected amount or the products");
        int64_t total = 0;
        for (int i = 0; i < o->nlines; i++)
            total += o->lines[i].quantity * o->lines[i].price_fen;
        if (total > OPP_AMOUNT_MAX)
            return kh_err_set(err, KH_E_VALIDATION, "amount_fen", "产品明细合计超过金额上限",
                              "the products add up to more than the largest amount");
        o->amount_fen = total;
    }
    struct opp_stage stage;
    if (in->stage_id != -1 && (!old || in->stage_id != old->stage_id)) {
        if ((st = open_stage(ctx, in->stage_id, &stage, err)))
            return st;
        *stage_moved = true;
    } else if (!old) {
        if ((st = first_stage(ctx, &stage, err)))
            return st;
        *stage_moved = true;
    }
    if (*stage_moved) {
        o->stage_id = stage.id;
        o->stage_name = stage.name;
        o->stage_name_en = stage.name_en;
        o->probability = stage.probability;
    }
    if (in->probability != -1) {
        if (in->probability < 0 || in->probability > 100)
            return kh_err_set(err, KH_E_VALIDATION, "probability", "赢率为 0 到 100",
                              "the probability is 0 to 100");
        o->probability = (int)in->probability;
    }
    return KH_OK;
}

/* The names of the fields where x and y differ, comma-separated ("" when none). */
static const char *changed_fields(struct arena *a, const struct opportunity *x,
                                  const struct opportunity *y, bool lines)
{
    char out[200] = "";
    size_t n = 0;
    const struct {
        const char *name;
        bool differ;
    } f[] = {
        {"title", strcmp(x->title, y->title) != 0},
        {"amount_fen", x->amount_fen != y->amount_fen},
        {"probability", x->probability != y->probability},
        {"stage_id", x->stage_id != y->stage_id},
        {"expected_close", strcmp(x->expected_close, y->expected_close) != 0},
        {"competitor", strcmp(x->competitor, y->competitor) != 0},
        {"next_step", strcmp(x->next_step, y->next_step) != 0},
        {"next_step_at", strcmp(x->next_step_at, y->next_step_at) != 0},
        {"notes", strcmp(x->notes, y->notes) != 0},
        {"products", lines},
    };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (f[i].differ)
            n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s", n ? "," : "", f[i].name);
    return arena_strdup(a, out);
}

static bool lines_differ(const struct opportunity *x, const struct opportunity *y)
{
    if (x->nlines != y->nlines)
        return true;
    for (int i = 0; i < x->nlines; i++)
        if (x->lines[i].product_id != y->lines[i].product_id ||
            x->lines[i].quantity != y->lines[i].quantity ||
            x->lines[i].price_fen != y->lines[i].price_fen)
            return true;
    return false;
}

static const char *detail_of(struct arena *a, const struct opportunity *o, const char *extra)
{
    return arena_printf(a,
                        "%scustomer=%lld stage=%lld state=%s probability=%d amount_fen=%lld "
                        "expected_close=%s",
                        extra, (long long)o->customer_id, (long long)o->stage_id, o->state,
                        o->probability, (long long)o->amount_fen, o->expected_close);
}

/*
 * An open opportunity's next step with a day becomes a task of its customer's owner, due at 18:00
 * that day (kind next_step, following the owner), so it is in "my day" with the calls.
 */
static enum kh_status next_task(const struct kh_ctx *ctx, struct opp_write *w,
                                const struct opportunity *old, struct kh_err *err)
{
    const struct opportunity *o = &w->o;
    if (!*o->next_step_at || strcmp(o->state, "open") ||
        (old && !strcmp(old->next_step_at, o->next_step_at) &&
         !strcmp(old->next_step, o->next_step)))
        return KH_OK;
    int64_t day = 0;
    if (!time_parse_iso(ctx_tz(ctx), o->next_step_at, &day))
        return KH_OK;
    struct task_input *t = arena_alloc(ctx->arena, sizeof(*t));
    int64_t now = ctx_now(ctx), due = day + 18 * 3600;
    *t = (struct task_input){
        .customer_id = o->customer_id,
        .kind = "next_step",
        .title = arena_printf(ctx->arena, "商机「%s」：%s", o->title,
                              *o->next_step ? o->next_step : "下一步"),
        .start_at = now < due ? now : due,
        .due_at = due,
    };
    if (task_check(ctx, t, err)) /* a title past the limit: the step's own words */
        t->title = *o->next_step ? o->next_step : o->title;
    kh_err_clear(err);
    if (task_check(ctx, t, err))
        return kh_err_set(err, KH_E_VALIDATION, "next_step", "有日期的下一步最多200字",
                          "a next step with a date is at most 200 characters");
    w->next_task = t;
    w->next_source = o->next_step_at;
    return KH_OK;
}

enum kh_status opportunity_create(const struct kh_ctx *ctx, const struct opp_input *in, int64_t *id,
                                  struct kh_err *err)
{
    *id = 0;
    enum kh_status st = need(ctx, &opportunity_perm_manage, err);
    if (st)
        return st;
    if (in->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择客户",
                          "say which customer (customer_id)");
    struct customer_brief c;
    if ((st = customer_open(ctx, in->customer_id, true, &c, err)))
        return st == KH_E_NOT_FOUND ? kh_err_set(err, KH_E_VALIDATION, "customer_id",
                                                 "没有这位客户，或您不能为其添加商机",
                                                 "no such customer, or not yours to work on")
                                    : st;
    int64_t now = ctx_now(ctx);
    struct opp_write w = {.action = "opportunity.create", .lines_changed = in->has_lines};
    struct opportunity *o = &w.o;
    *o = (struct opportunity){.customer_id = c.id,
                              .owner_id = c.owner_id ? c.owner_id : ctx->actor.user_id,
                              .state = "open",
                              .competitor = "",
                              .next_step = "",
                              .next_step_at = "",
                              .notes = "",
                              .close_reason = "",
                              .closed_on = "",
                              .stage_entered_at = now,
                              .created_at = now,
                              .updated_at = now};
    bool moved;
    if ((st = apply_input(ctx, in, NULL, o, &moved, err)))
        return st;
    w.detail = detail_of(ctx->arena, o, "");
    if ((st = next_task(ctx, &w, NULL, err)))
        return st;
    return opp_store_write(ctx, &w, id, err);
}

/* The opportunity if the actor may change it: manage, its customer theirs to change. */
static enum kh_status open_for_change(const struct kh_ctx *ctx, int64_t id, struct opportunity *o,
                                      struct kh_err *err)
{
    enum kh_status st = need(ctx, &opportunity_perm_manage, err);
    if (!st)
        st = opp_store_get(ctx, id, true, o, err);
    if (st)
        return st;
    struct customer_brief c;
    st = customer_open(ctx, o->customer_id, true, &c, err);
    return st == KH_E_NOT_FOUND ? not_found(err) : st;
}

static enum kh_status must_be_open(const struct opportunity *o, struct kh_err *err)
{
    if (!strcmp(o->state, "open"))
        return KH_OK;
    return kh_err_set(err, KH_E_CONFLICT, "state", "这个商机已经关闭（赢单或输单），不能再修改",
                      "this opportunity is closed (won or lost) and cannot be changed");
}

enum kh_status opportunity_update(const struct kh_ctx *ctx, int64_t id, const struct opp_input *in,
                                  struct kh_err *err)
{
    struct opportunity old;
    enum kh_status st = open_for_change(ctx, id, &old, err);
    if (!st)
        st = must_be_open(&old, err);
    if (st)
        return st;
    struct opp_write w = {.old_stage_id = old.stage_id, .old_state = old.state};
    w.o = old;
    bool moved;
    if ((st = apply_input(ctx, in, &old, &w.o, &moved, err)))
        return st;
    w.lines_changed = in->has_lines && lines_differ(&old, &w.o);
    const char *changed = changed_fields(ctx->arena, &old, &w.o, w.lines_changed);
    if (!*changed)
        return KH_OK;
    int64_t now = ctx_now(ctx);
    w.o.updated_at = now;
    if (moved)
        w.o.stage_entered_at = now;
    w.action = moved ? "opportunity.stage" : "opportunity.update";
    w.detail = detail_of(ctx->arena, &w.o, arena_printf(ctx->arena, "changed=%s ", changed));
    if ((st = next_task(ctx, &w, &old, err)))
        return st;
    int64_t got;
    return opp_store_write(ctx, &w, &got, err);
}

enum kh_status opportunity_close(const struct kh_ctx *ctx, int64_t id, const char *result,
                                 const char *reason, struct kh_err *err)
{
    bool won = result && !strcmp(result, "won");
    if (!won && (!result || strcmp(result, "lost")))
        return kh_err_set(err, KH_E_VALIDATION, "result", "结果为赢单（won）或输单（lost）",
                          "the result is won or lost");
    const char *why = "";
    enum kh_status st = field_text(ctx->arena, reason ? reason : "", "reason", OPP_NOTES_MAX, !won,
                                   won ? "赢单说明" : "请说明输单原因",
                                   won ? "why it was won" : "say why it was lost", &why, err);
    if (st)
        return st;
    struct opportunity old;
    if ((st = open_for_change(ctx, id, &old, err)) || (st = must_be_open(&old, err)))
        return st;
    int64_t now = ctx_now(ctx);
    char today[16];
    time_format_date(ctx_tz(ctx), now, today, sizeof(today));
    struct opp_write w = {
        .action = "opportunity.close", .old_stage_id = old.stage_id, .old_state = old.state};
    w.o = old;
    w.o.state = won ? "won" : "lost";
    w.o.probability = won ? 100 : 0;
    w.o.close_reason = why;
    w.o.closed_at = now;
    w.o.closed_on = arena_strdup(ctx->arena, today);
    w.o.updated_at = now;
    w.detail = detail_of(ctx->arena, &w.o, arena_printf(ctx->arena, "reason=%s ", why));
    int64_t got;
    return opp_store_write(ctx, &w, &got, err);
}

enum kh_status opportunity_reopen(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct opportunity old;
    enum kh_status st = open_for_change(ctx, id, &old, err);
    if (st)
        return st;
    enum kh_scope scope = ctx_scope(ctx, &customer_scope_kind);
    if (scope != KH_SCOPE_DEPARTMENT && scope != KH_SCOPE_ALL && scope != KH_SCOPE_ALL_NONSECRET)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有销售经理或总经理可以重新打开已关闭的商机",
                          "only a sales manager or the general manager reopens a closed "
                          "opportunity");
    if (!strcmp(old.state, "open"))
        return kh_err_set(err, KH_E_CONFLICT, "state", "这个商机没有关闭",
                          "this opportunity is not closed");
    struct opp_stage stage;
    if ((st = opp_store_stage_get(ctx, old.stage_id, &stage, err)))
        return st;
    struct customer_brief c;
    if ((st = customer_open(ctx, old.customer_id, true, &c, err)))
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    int64_t now = ctx_now(ctx);
    struct opp_write w = {
        .action = "opportunity.reopen", .old_stage_id = old.stage_id, .old_state = old.state};
    w.o = old;
    w.o.state = "open";
    w.o.probability = stage.probability;
    w.o.owner_id = c.owner_id ? c.owner_id : old.owner_id; /* open ones follow the customer's */
    w.o.close_reason = "";
    w.o.closed_at = 0;
    w.o.closed_on = "";
    w.o.stage_entered_at = now;
    w.o.updated_at = now;
    w.detail =
        detail_of(ctx->arena, &w.o,
                  arena_printf(ctx->arena, "was=%s reason=%s ", old.state, old.close_reason));
    int64_t got;
    return opp_store_write(ctx, &w, &got, err);
}

enum kh_status opportunity_get(const struct kh_ctx *ctx, int64_t id, struct opportunity *out,
                               struct kh_err *err)
{
    enum kh_status st = need(ctx, &opportunity_perm_read, err);
    if (!st)
        st = opp_store_get(ctx, id, true, out, err);
    if (st)
        return st;
    struct customer_brief c;
    if ((st = customer_open(ctx, out->customer_id, false, &c, err)))
        return st == KH_E_NOT_FOUND ? not_found(err) : st;
    struct audit_event ev = {
        "customer.read", "customer", out->customer_id,
        arena_printf(ctx->arena, "part=opportunities opportunity=%lld", (long long)id)};
    return audit_record_read(ctx, &ev, err);
}

/* The query of a list, sum or forecast: rights, the scope, the filter's texts checked. */
static enum kh_status make_query(const struct kh_ctx *ctx, const struct opp_filter *f,
                                 struct opp_query *q, struct kh_err *err)
{
    enum kh_status st = need(ctx, &opportunity_perm_read, err);
    if (st)
        return st;
    const char *d = NULL;
    if ((f->close_from && (st = check_date(f->close_from, "close_from", false, &d, err))) ||
        (f->close_to && (st = check_date(f->close_to, "close_to", false, &d, err))))
        return st;
    if (f->state && !kh_choice_has(opp_states, f->state))
        return kh_err_set(err, KH_E_VALIDATION, "state", "状态为 open、won、lost 或 all",
                          "the state is open, won, lost or all");
    *q =
        (struct opp_query){customer_scope_of(&ctx->actor), f, field_like_pattern(ctx->arena, f->q)};
    if (q->scope.scope == KH_SCOPE_NONE)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "您没有可查看的客户", "you see no customers");
    return KH_OK;
}

enum kh_status opportunity_list(const struct kh_ctx *ctx, const struct opp_filter *f,
                                const struct list_page *page, struct opportunity **out, int *count,
                                const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    struct opp_query q;
    enum kh_status st = make_query(ctx, f, &q, err);
    if (st)
        return st;
    uint32_t tag = cursor_tag("opportunities", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "t", &after, err))
        return err->code;
    struct opportunity *items = NULL;
    int n = 0;
    st = opp_store_list(ctx, &q, after.nkeys ? after.keys[0].t : "", after.id, page->limit + 1,
                        &items, &n, err);
    if (st)
        return st;
    if (n > page->limit) {
        n = page->limit;
        struct cursor c = {.nkeys = 1,
                           .keys = {{CURSOR_TEXT, 0, items[n - 1].expected_close}},
                           .id = items[n - 1].id};
        *next = cursor_encode(ctx->arena, tag, &c);
    }
    *out = items;
    *count = n;
    return KH_OK;
}

/* The first day of this month ("YYYY-MM-01") and today ("YYYY-MM-DD"). */
static void this_month(const struct kh_ctx *ctx, char first[16], char today[16])
{
    snprintf(today, 16, "%s", ctx_today(ctx));
    memcpy(first, today, 8);
    memcpy(first + 8, "01", 3);
}

enum kh_status opportunity_board(const struct kh_ctx *ctx, const struct opp_filter *f,
                                 struct opp_board_column **out, int *count, struct opp_sum *won,
                                 struct opp_sum *lost, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct opp_filter open = *f;
    open.state = "open";
    open.stage_id = 0;
    struct opp_query q;
    enum kh_status st = make_query(ctx, &open, &q, err);
    struct opp_stage *stages = NULL;
    int n = 0;
    if (!st)
        st = opp_store_stages(ctx, false, false, &stages, &n, err);
    if (st)
        return st;
    struct opp_board_column *cols = arena_alloc(ctx->arena, sizeof(*cols) * (size_t)(n + 1));
    memset(cols, 0, sizeof(*cols) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        cols[i].stage = stages[i];
    char first[16], today[16];
    this_month(ctx, first, today);
    if ((st = opp_store_sums(ctx, &q, first, today, cols, n, won, lost, err)))
        return st;
    for (int i = 0; i < n; i++) {
        struct opp_filter one = open;
        one.stage_id = stages[i].id;
        struct opp_query qi = q;
        qi.f = &one;
        if ((st = opp_store_list(ctx, &qi, "", 0, OPP_BOARD_ITEMS, &cols[i].items, &cols[i].count,
                                 err)))
            return st;
    }
    *out = cols;
    *count = n;
    return KH_OK;
}

enum kh_status opportunity_funnel(const struct kh_ctx *ctx, const struct opp_filter *f,
                                  struct opp_funnel *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct opp_filter open = *f;
    open.stage_id = 0;
    open.state = NULL;
    struct opp_query q;
    enum kh_status st = make_query(ctx, &open, &q, err);
    struct opp_stage *stages = NULL;
    int n = 0;
    if (!st)
        st = opp_store_stages(ctx, true, false, &stages, &n, err);
    if (st)
        return st;
    struct opp_board_column *cols = arena_alloc(ctx->arena, sizeof(*cols) * (size_t)(n + 1));
    memset(cols, 0, sizeof(*cols) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        cols[i].stage = stages[i];
    if ((st = opp_store_sums(ctx, &q, f->close_from, f->close_to, cols, n, &out->won, &out->lost,
                             err)))
        return st;
    int k = 0; /* the stages in use, and any other that still holds some */
    for (int i = 0; i < n; i++)
        if (cols[i].stage.active || cols[i].sum.count) {
            cols[k++] = cols[i];
            out->total.count += cols[i].sum.count;
            out->total.amount_fen += cols[i].sum.amount_fen;
            out->total.weighted_fen += cols[i].sum.weighted_fen;
        }
    out->stages = cols;
    out->nstages = k;
    return KH_OK;
}

static bool month_valid(const char *m)
{
    char d[11];
    if (!m || strlen(m) != 7)
        return false;
    memcpy(d, m, 7);
    memcpy(d + 7, "-01", 4);
    return date_valid(d);
}

static int month_index(const char *m)
{
    return ((m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0')) * 12 +
           (m[5] - '0') * 10 + (m[6] - '0') - 1;
}

static void month_text(int index, char out[16])
{
    snprintf(out, 16, "%04d-%02d-01", (index / 12) % 10000, index % 12 + 1);
}

enum kh_status opportunity_forecast(const struct kh_ctx *ctx, const struct opp_filter *f,
                                    struct opp_forecast_row **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    const char *by = f->by, *from = f->from, *to = f->to;
    if (!by || !*by)
        by = "month";
    if (strcmp(by, "month") && strcmp(by, "owner") && strcmp(by, "department"))
        return kh_err_set(err, KH_E_VALIDATION, "by",
                          "按月（month）、销售员（owner）或团队（department）汇总",
                          "by is month, owner or department");
    struct opp_filter all = *f;
    all.state = NULL;
    all.stage_id = 0;
    all.close_from = all.close_to = NULL;
    struct opp_query q;
    enum kh_status st = make_query(ctx, &all, &q, err);
    if (st)
        return st;
    char first[16], today[16];
    this_month(ctx, first, today);
    if ((from && *from && !month_valid(from)) || (to && *to && !month_valid(to)))
        return kh_err_set(err, KH_E_VALIDATION, from && *from && !month_valid(from) ? "from" : "to",
                          "月份格式为 YYYY-MM", "a month is YYYY-MM");
    int start = from && *from ? month_index(from) : month_index(first);
    int end = to && *to ? month_index(to) : start + 5;
    if (end < start || end - start + 1 > OPP_FORECAST_MONTHS)
        return kh_err_setf(err, KH_E_VALIDATION, "to", "结束月份须不早于开始月份，最多 %d 个月",
                           "the last month is not before the first, at most %d months",
                           OPP_FORECAST_MONTHS, OPP_FORECAST_MONTHS);
    char lo[16], hi[16];
    month_text(start, lo);
    month_text(end + 1, hi);
    return opp_store_forecast(ctx, &q, by, arena_strdup(ctx->arena, lo),
                              arena_strdup(ctx->arena, hi), out, count, err);
}

/* ---- stages ---- */

enum kh_status opp_stage_list(const struct kh_ctx *ctx, bool all, struct opp_stage **out,
                              int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    if (!ctx_can(ctx, &opportunity_perm_read) && !ctx_can(ctx, &opportunity_perm_configure))
        return need(ctx, &opportunity_perm_read, err);
    /* each stage's open ones for whoever sets the stages up (a count of the company's) */
    return opp_store_stages(ctx, all, ctx_can(ctx, &opportunity_perm_configure), out, count, err);
}

enum kh_status opp_stage_get(const struct kh_ctx *ctx, int64_t id, struct opp_stage *out,
                             struct kh_err *err)
{
    if (!ctx_can(ctx, &opportunity_perm_read) && !ctx_can(ctx, &opportunity_perm_configure))
        return need(ctx, &opportunity_perm_read, err);
    return opp_store_stage_get(ctx, id, out, err);
}

static enum kh_status check_stage(const struct kh_ctx *ctx, const struct opp_stage_input *in,
                                  struct opp_stage *s, struct kh_err *err)
{
    enum kh_status st;
    if ((in->name || !s->id) &&
        (st = field_text(ctx->arena, in->name ? in->name : "", "name", OPP_STAGE_NAME_MAX, true,
                         "请填写阶段名称", "give the stage a name", &s->name, err)))
        return st;
    if (in->name_en && (st = field_text(ctx->arena, in->name_en, "name_en", OPP_STAGE_NAME_MAX * 2,
                                        false, "英文名称", "the English name", &s->name_en, err)))
        return st;
    if (in->probability != -1) {
        if (in->probability < 0 || in->probability > 100)
            return kh_err_set(err, KH_E_VALIDATION, "probability", "默认赢率为 0 到 100",
                              "the default probability is 0 to 100");
        s->probability = (int)in->probability;
    } else if (!s->id) {
        return kh_err_set(err, KH_E_VALIDATION, "probability", "请填写默认赢率（0 到 100）",
                          "give the default probability (0 to 100)");
    }
    if (in->position != -1) {
        if (in->position < 1 || in->position > OPP_STAGES_MAX)
            return kh_err_setf(err, KH_E_VALIDATION, "position", "位置为 1 到 %d",
                               "the position is 1 to %d", OPP_STAGES_MAX, OPP_STAGES_MAX);
        s->position = (int)in->position;
    }
    if (in->active != -1) {
        if (in->active != 0 && in->active != 1)
            return kh_err_set(err, KH_E_VALIDATION, "active", "状态为启用或停用",
                              "active is true or false");
        s->active = in->active == 1;
    }
    return KH_OK;
}

static const char *stage_detail(struct arena *a, const struct opp_stage *s)
{
    return arena_printf(a, "name=%s name_en=%s probability=%d position=%d active=%d", s->name,
                        s->name_en, s->probability, s->position, s->active ? 1 : 0);
}

enum kh_status opp_stage_create(const struct kh_ctx *ctx, const struct opp_stage_input *in,
                                int64_t *id, struct kh_err *err)
{
    *id = 0;
    enum kh_status st = need(ctx, &opportunity_perm_configure, err);
    struct opp_stage *all = NULL;
    int n = 0;
    if (!st)
        st = opp_store_stages(ctx, true, false, &all, &n, err);
    if (st)
        return st;
    if (n >= OPP_STAGES_MAX)
        return kh_err_setf(err, KH_E_CONFLICT, "name", "最多 %d 个阶段", "at most %d stages",
                           OPP_STAGES_MAX, OPP_STAGES_MAX);
    struct opp_stage s = {.name = "", .name_en = "", .position = -1, .active = true};
    if ((st = check_stage(ctx, in, &s, err)))
        return st;
    if ((st = opp_store_stage_put(ctx, &s, stage_detail(ctx->arena, &s), err)))
        return st;
    *id = s.id;
    return KH_OK;
}

enum kh_status opp_stage_update(const struct kh_ctx *ctx, int64_t id,
                                const struct opp_stage_input *in, struct kh_err *err)
{
    struct opp_stage s;
    enum kh_status st = need(ctx, &opportunity_perm_configure, err);
    if (!st)
        st = opp_store_stage_get(ctx, id, &s, err);
    if (st == KH_E_NOT_FOUND)
        return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个商机阶段",
                          "no such opportunity stage");
    if (!st)
        st = check_stage(ctx, in, &s, err);
    return st ? st : opp_store_stage_put(ctx, &s, stage_detail(ctx->arena, &s), err);
}

/* ---- what refers to a customer ---- */

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return opp_store_forget_on(c, ctx, id, err);
}

/* A merged customer's opportunities go to the survivor (R-ARC-8); a destroyed one's go (R-SEC-7).
 */
const struct customer_ref_kind opportunity_customer_ref = {"opportunities", opp_store_repoint_on,
                                                           forget};

/*
 * An opportunity's files (a quotation, the customer's requirements, a
 * tender): read by whoever reads its customer, attached and deleted by
 * those who may work on it.
 */
static enum kh_status document_owner(const struct kh_ctx *ctx, int64_t id, bool write,
                                     int64_t *customer_id, struct kh_err *err)
{
    struct opportunity o;
    enum kh_status st = opp_store_get(ctx, id, false, &o, err);
    if (st)
        return st == KH_E_NOT_FOUND
                   ? kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这个商机，或您无权查看",
                                "no such opportunity, or not yours to see")
                   : st;
    if (write && (!ctx_can(ctx, &opportunity_perm_manage) || !ctx->actor.user_id))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理商机的权限，不能添加或删除附件",
                          "not allowed to work on opportunities, so not to attach files either");
    if (!write && !ctx_can(ctx, &opportunity_perm_read))
        return kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这个商机，或您无权查看",
                          "no such opportunity, or not yours to see");
    struct customer_brief c;
    if ((st = customer_open(ctx, o.customer_id, write, &c, err)))
        return st == KH_E_NOT_FOUND
                   ? kh_err_set(err, KH_E_NOT_FOUND, "owner_id", "没有这个商机，或您无权查看",
                                "no such opportunity, or not yours to see")
                   : st;
    *customer_id = o.customer_id;
    return KH_OK;
}

const struct document_kind opportunity_document_kind = {"opportunity", document_owner};
