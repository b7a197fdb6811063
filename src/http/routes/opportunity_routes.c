/* Opportunities and the funnel: stages, the board, lists, one opportunity, funnel, forecast. */
#include "opportunity/opportunity.h"

#include <string.h>

#include "app/registry.h"
#include "core/arena.h"
#include "core/clock.h"
#include "http/http.h"
#include "http/http_list.h"

static json_t *stage_ref(int64_t id, const char *name, const char *name_en)
{
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "name_en", name_en);
}

static json_t *stage_json(const struct opp_stage *s)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:i, s:b}", "id", (json_int_t)s->id, "name",
                          s->name, "name_en", s->name_en, "probability", s->probability, "position",
                          s->position, "active", s->active);
    if (s->open_count >= 0) /* counted for whoever sets the stages up */
        json_object_set_new(o, "open_count", json_integer(s->open_count));
    return o;
}

static json_t *sum_json(const struct opp_sum *x, bool weighted)
{
    json_t *o = json_pack("{s:I, s:I}", "count", (json_int_t)x->count, "amount_fen",
                          (json_int_t)x->amount_fen);
    if (weighted)
        json_object_set_new(o, "weighted_fen", json_integer(x->weighted_fen));
    return o;
}

static json_t *opp_json(struct http_req *r, const struct opportunity *o, const char *today)
{
    json_t *j = json_pack(
        "{s:I, s:{s:I, s:s, s:s, s:i}, s:s, s:I, s:i, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, "
        "s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
        "id", (json_int_t)o->id, "customer", "id", (json_int_t)o->customer_id, "code",
        o->customer_code, "name", o->customer_name, "secrecy", o->customer_secrecy, "title",
        o->title, "amount_fen", (json_int_t)o->amount_fen, "probability", o->probability,
        "weighted_fen", (json_int_t)((o->amount_fen * o->probability + 50) / 100), "stage",
        stage_ref(o->stage_id, o->stage_name, o->stage_name_en), "state", o->state,
        "expected_close", o->expected_close, "competitor", o->competitor, "next_step", o->next_step,
        "next_step_at", o->next_step_at, "notes", o->notes, "close_reason", o->close_reason,
        "closed_at", http_json_time(r, o->closed_at), "stage_entered_at",
        http_json_time(r, o->stage_entered_at), "owner", http_json_ref(o->owner_id, o->owner_name),
        "created_by", http_json_actor(r, o->created_by, o->created_by_name), "created_at",
        http_json_time(r, o->created_at), "updated_at", http_json_time(r, o->updated_at), "overdue",
        !strcmp(o->state, "open") && strcmp(o->expected_close, today) < 0);
    return j;
}

static json_t *opp_full_json(struct http_req *r, const struct opportunity *o)
{
    int64_t now = ctx_now(&r->ctx);
    json_t *j = opp_json(r, o, ctx_today(&r->ctx));
    json_t *lines = json_array(), *hist = json_array();
    for (int i = 0; i < o->nlines; i++) {
        const struct opp_line *l = &o->lines[i];
        json_array_append_new(lines,
                              json_pack("{s:I, s:s, s:s, s:s, s:I, s:I}", "product_id",
                                        (json_int_t)l->product_id, "code", l->code, "name", l->name,
                                        "unit", l->unit, "quantity", (json_int_t)l->quantity,
                                        "price_fen", (json_int_t)l->price_fen));
    }
    for (int i = 0; i < o->nhistory; i++) {
        const struct opp_step *h = &o->history[i];
        int64_t end = h->left_at ? h->left_at : now;
        json_array_append_new(hist,
                              json_pack("{s:o, s:s, s:i, s:o, s:o, s:I, s:o}", "stage",
                                        stage_ref(h->stage_id, h->stage_name, h->stage_name_en),
                                        "state", h->state, "probability", h->probability,
                                        "entered_at", http_json_time(r, h->entered_at), "left_at",
                                        http_json_time(r, h->left_at), "duration_s",
                                        (json_int_t)(end > h->entered_at ? end - h->entered_at : 0),
                                        "by", http_json_ref(h->by_id, h->by_name)));
    }
    json_object_set_new(j, "products", lines);
    json_object_set_new(j, "history", hist);
    return j;
}

static void reply_opp(struct http_req *r, int status, int64_t id)
{
    struct opportunity o;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opportunity_get(&r->ctx, id, &o, &err), &err))
        http_reply_json(r, status, opp_full_json(r, &o));
}

/* ---- stages ---- */

static void reply_stage(struct http_req *r, int status, int64_t id)
{
    struct opp_stage s;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opp_stage_get(&r->ctx, id, &s, &err), &err))
        http_reply_json(r, status, stage_json(&s));
}

static void get_stages(struct http_req *r)
{
    const char *all = http_query(r, "all");
    if (all && strcmp(all, "true") && strcmp(all, "false")) {
        http_reply_error(r, 400, "invalid", "all", "all 为 true 或 false", "all is true or false");
        return;
    }
    struct opp_stage *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, opp_stage_list(&r->ctx, all && !strcmp(all, "true"), &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, stage_json(&items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static bool read_stage(struct http_req *r, json_t *o, struct opp_stage_input *in)
{
    *in = (struct opp_stage_input){.probability = -1, .position = -1, .active = -1};
    int active = -1;
    if (!http_get_str(r, o, "name", &in->name) || !http_get_str(r, o, "name_en", &in->name_en) ||
        !http_get_int(r, o, "probability", &in->probability) ||
        !http_get_int(r, o, "position", &in->position) || !http_get_bool(r, o, "active", &active))
        return false;
    in->active = active;
    if (json_is_integer(json_object_get(o, "probability")) && in->probability < 0)
        in->probability = -2;
    if (json_is_integer(json_object_get(o, "position")) && in->position < 0)
        in->position = -2;
    return true;
}

static void post_stage(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct opp_stage_input in;
    if (!o || !read_stage(r, o, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opp_stage_create(&r->ctx, &in, &id, &err), &err))
        reply_stage(r, 201, id);
}

static void patch_stage(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct opp_stage_input in;
    if (!o || !read_stage(r, o, &in))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opp_stage_update(&r->ctx, id, &in, &err), &err))
        reply_stage(r, 200, id);
}

/* ---- opportunities ---- */

/* The body's products: [{product_id, quantity, price_fen?}]. */
static bool read_lines(struct http_req *r, json_t *o, struct opp_input *in)
{
    json_t *a = json_object_get(o, "products");
    if (!a || json_is_null(a))
        return true;
    if (!json_is_array(a) || json_array_size(a) > OPP_PRODUCTS_MAX) {
        http_reply_error(r, 400, "invalid", "products", "产品明细为数组，最多 50 行",
                         "products is an array of at most 50 lines");
        return false;
    }
    size_t n = json_array_size(a);
    struct opp_line *lines = arena_alloc(r->ctx.arena, sizeof(*lines) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(a, i);
        json_t *p = json_object_get(e, "product_id"), *q = json_object_get(e, "quantity"),
               *price = json_object_get(e, "price_fen");
        if (!json_is_object(e) || !json_is_integer(p) || !json_is_integer(q) ||
            (price && !json_is_null(price) && !json_is_integer(price))) {
            http_reply_error(r, 400, "invalid", "products",
                             "每行产品须有 product_id 和 quantity（整数），price_fen 可选",
                             "each product line has product_id and quantity (whole numbers) and "
                             "may have price_fen");
            return false;
        }
        /* Absent: the product's price (-1); a negative one given is refused by the checks. */
        int64_t pf = price && json_is_integer(price) ? json_integer_value(price) : -1;
        if (price && json_is_integer(price) && pf < 0)
            pf = -2;
        lines[i] = (struct opp_line){.product_id = json_integer_value(p),
                                     .quantity = json_integer_value(q),
                                     .price_fen = pf};
    }
    in->lines = lines;
    in->nlines = (int)n;
    in->has_lines = true;
    return true;
}

static bool read_input(struct http_req *r, json_t *o, struct opp_input *in)
{
    *in = OPP_INPUT_NONE;
    if (!http_get_int(r, o, "customer_id", &in->customer_id) ||
        !http_get_str(r, o, "title", &in->title) ||
        !http_get_str(r, o, "expected_close", &in->expected_close) ||
        !http_get_str(r, o, "competitor", &in->competitor) ||
        !http_get_str(r, o, "next_step", &in->next_step) ||
        !http_get_str(r, o, "next_step_at", &in->next_step_at) ||
        !http_get_str(r, o, "notes", &in->notes) ||
        !http_get_int(r, o, "amount_fen", &in->amount_fen) ||
        !http_get_int(r, o, "probability", &in->probability) ||
        !http_get_int(r, o, "stage_id", &in->stage_id) || !read_lines(r, o, in))
        return false;
    /* A negative number given is refused by the checks, not read as "not given". */
    const char *nums[] = {"amount_fen", "probability", "stage_id"};
    int64_t *vals[] = {&in->amount_fen, &in->probability, &in->stage_id};
    for (int i = 0; i < 3; i++)
        if (json_is_integer(json_object_get(o, nums[i])) && *vals[i] < 0)
            *vals[i] = nums[i][0] == 's' ? 0 : -2;
    return true;
}

static void post_opp(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct opp_input in;
    if (!o || !read_input(r, o, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opportunity_create(&r->ctx, &in, &id, &err), &err))
        reply_opp(r, 201, id);
}

static void get_opp(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_opp(r, 200, id);
}

static void patch_opp(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct opp_input in;
    if (!o || !read_input(r, o, &in))
        return;
    if (json_object_get(o, "customer_id")) {
        http_reply_error(r, 400, "invalid", "customer_id", "商机的客户不能更改",
                         "an opportunity's customer cannot be changed");
        return;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opportunity_update(&r->ctx, id, &in, &err), &err))
        reply_opp(r, 200, id);
}

static void post_close(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *result = NULL, *reason = NULL;
    if (!o || !http_get_str(r, o, "result", &result) || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opportunity_close(&r->ctx, id, result, reason, &err), &err))
        reply_opp(r, 200, id);
}

static void post_reopen(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, opportunity_reopen(&r->ctx, id, &err), &err))
        reply_opp(r, 200, id);
}

static void get_opps(struct http_req *r)
{
    struct opp_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &opportunity_list_spec, &f, &pg))
        return;
    struct opportunity *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, opportunity_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    const char *today = ctx_today(&r->ctx);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, opp_json(r, &items[i], today));
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void get_board(struct http_req *r)
{
    struct opp_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &opportunity_board_spec, &f, &pg))
        return;
    struct opp_board_column *cols = NULL;
    struct opp_sum won, lost;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, opportunity_board(&r->ctx, &f, &cols, &n, &won, &lost, &err), &err))
        return;
    const char *today = ctx_today(&r->ctx);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *items = json_array();
        for (int k = 0; k < cols[i].count; k++)
            json_array_append_new(items, opp_json(r, &cols[i].items[k], today));
        json_t *c = sum_json(&cols[i].sum, true);
        json_object_set_new(c, "stage", stage_json(&cols[i].stage));
        json_object_set_new(c, "items", items);
        json_array_append_new(a, c);
    }
    http_reply_json(r, 200,
                    json_pack("{s:o, s:o, s:o}", "stages", a, "won", sum_json(&won, false), "lost",
                              sum_json(&lost, false)));
}

static void get_funnel(struct http_req *r)
{
    struct opp_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &opportunity_funnel_spec, &f, &pg))
        return;
    struct opp_funnel fn;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, opportunity_funnel(&r->ctx, &f, &fn, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < fn.nstages; i++) {
        json_t *c = sum_json(&fn.stages[i].sum, true);
        json_object_set_new(c, "stage", stage_json(&fn.stages[i].stage));
        json_array_append_new(a, c);
    }
    http_reply_json(r, 200,
                    json_pack("{s:o, s:o, s:o, s:o}", "stages", a, "won", sum_json(&fn.won, false),
                              "lost", sum_json(&fn.lost, false), "total",
                              sum_json(&fn.total, true)));
}

static void get_forecast(struct http_req *r)
{
    struct opp_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &opportunity_forecast_spec, &f, &pg))
        return;
    struct opp_forecast_row *rows = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, opportunity_forecast(&r->ctx, &f, &rows, &n, &err), &err))
        return;
    json_t *a = json_array(), *months = json_array();
    const char *last = "";
    for (int i = 0; i < n; i++) {
        const struct opp_forecast_row *x = &rows[i];
        if (strcmp(x->month, last))
            json_array_append_new(months, json_string(x->month));
        last = x->month;
        json_t *o =
            json_pack("{s:s, s:I, s:s, s:I, s:I, s:I, s:I}", "month", x->month, "id",
                      (json_int_t)x->id, "name", x->name, "count", (json_int_t)x->sum.count,
                      "amount_fen", (json_int_t)x->sum.amount_fen, "weighted_fen",
                      (json_int_t)x->sum.weighted_fen, "won_fen", (json_int_t)x->sum.won_fen);
        json_array_append_new(a, o);
    }
    http_reply_json(r, 200,
                    json_pack("{s:s, s:o, s:o}", "by", f.by && *f.by ? f.by : "month", "months",
                              months, "rows", a));
}

static const struct route opportunity_routes[] = {
    {"GET", "/api/v1/opportunity-stages", get_stages, 0},
    {"POST", "/api/v1/opportunity-stages", post_stage, 0},
    {"PATCH", "/api/v1/opportunity-stages/:id", patch_stage, 0},
    {"GET", "/api/v1/opportunities", get_opps, ROUTE_FAST_ONE_CUSTOMER},
    {"POST", "/api/v1/opportunities", post_opp, 0},
    {"GET", "/api/v1/opportunities/board", get_board, 0},
    {"GET", "/api/v1/opportunities/funnel", get_funnel, 0},
    {"GET", "/api/v1/opportunities/forecast", get_forecast, 0},
    {"GET", "/api/v1/opportunities/:id", get_opp, 0},
    {"PATCH", "/api/v1/opportunities/:id", patch_opp, 0},
    {"POST", "/api/v1/opportunities/:id/close", post_close, 0},
    {"POST", "/api/v1/opportunities/:id/reopen", post_reopen, 0},
    {0},
};

static const struct kh_perm *const opportunity_perms[] = {
    &opportunity_perm_read, &opportunity_perm_manage, &opportunity_perm_configure, NULL};

static const struct kh_audit_action opportunity_audit_actions[] = {
    {"opportunity.create", "新增商机", "Opportunity added"},
    {"opportunity.update", "修改商机", "Opportunity changed"},
    {"opportunity.stage", "商机推进阶段", "Opportunity moved to a stage"},
    {"opportunity.close", "商机赢单或输单", "Opportunity won or lost"},
    {"opportunity.reopen", "重新打开商机", "Opportunity reopened"},
    {"opportunity_stage.create", "新增商机阶段", "Opportunity stage added"},
    {"opportunity_stage.update", "修改商机阶段", "Opportunity stage changed"},
    {0},
};

const struct capability opportunities_capability = {
    .name = "opportunities",
    .label_zh = "商机与销售漏斗",
    .label_en = "Opportunities and the funnel",
    .routes = {opportunity_routes},
    .perms = opportunity_perms,
    .audit_actions = opportunity_audit_actions,
    .customer_refs = (const struct customer_ref_kind *const[]){&opportunity_customer_ref, NULL},
    .document_kinds = (const struct document_kind *const[]){&opportunity_document_kind, NULL},
};
