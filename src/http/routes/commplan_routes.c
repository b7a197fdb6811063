/* Communication plans (R-INT-9): plans, their states, the segment's preview, the results. */
#include "commplan/commplan.h"

#include <stdlib.h>
#include <string.h>

#include "app/registry.h"
#include "followup/task.h"
#include "http/http.h"
#include "http/http_list.h"
#include "jobs/jobs.h"

static json_t *segment_json(const char *text)
{
    json_t *o = json_loads(text, 0, NULL);
    return json_is_object(o) ? o : (json_decref(o), json_object());
}

static json_t *plan_json(struct http_req *r, const struct commplan *p)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o, "
                     "s:o}",
                     "id", (json_int_t)p->id, "name", p->name, "goal", p->goal, "segment",
                     segment_json(p->segment), "channel", p->channel, "content", p->content, "unit",
                     p->unit, "every", (json_int_t)p->every, "start_day", p->start_day, "end_day",
                     *p->end_day ? json_string(p->end_day) : json_null(), "state", p->state,
                     "created_by", http_json_actor(r, p->created_by, p->created_by_name),
                     "created_at", http_json_time(r, p->created_at), "updated_at",
                     http_json_time(r, p->updated_at), "activated_at",
                     http_json_time(r, p->activated_at), "ended_at",
                     http_json_time(r, p->ended_at));
}

static json_t *counts_json(const struct commplan_counts *c)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "tasks", (json_int_t)c->tasks, "done",
                     (json_int_t)c->done, "skipped", (json_int_t)c->skipped, "open",
                     (json_int_t)c->open, "overdue", (json_int_t)c->overdue, "contacted",
                     (json_int_t)c->contacted, "responded", (json_int_t)c->responded);
}

static json_t *results_json(struct http_req *r, const struct commplan_results *x)
{
    json_t *o = counts_json(&x->counts);
    json_object_set_new(o, "customers", json_integer(x->customers));
    json_object_set_new(o, "purchases",
                        json_pack("{s:I, s:I, s:I}", "count", (json_int_t)x->purchases, "customers",
                                  (json_int_t)x->purchase_customers, "amount_fen",
                                  (json_int_t)x->purchase_fen));
    json_t *a = json_array();
    for (int i = 0; i < x->nperiods; i++) {
        const struct commplan_period *p = &x->periods[i];
        json_t *e = counts_json(&p->counts);
        json_object_set_new(e, "period", json_integer(p->period));
        json_object_set_new(e, "day", json_string(p->day));
        json_object_set_new(e, "started_at", http_json_time(r, p->started_at));
        json_object_set_new(e, "finished_at", http_json_time(r, p->finished_at));
        json_object_set_new(e, "reached", json_integer(p->reached));
        json_object_set_new(e, "unowned", json_integer(p->unowned));
        json_object_set_new(e, "capped", json_boolean(p->capped));
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "periods", a);
    return o;
}

static void reply_plan(struct http_req *r, int status, int64_t id)
{
    struct commplan p;
    struct commplan_results res;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, commplan_get(&r->ctx, id, &p, &res, &err), &err))
        return;
    json_t *o = plan_json(r, &p);
    json_object_set_new(o, "results", results_json(r, &res));
    http_reply_json(r, status, o);
}

static void get_plans(struct http_req *r)
{
    struct commplan_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &commplan_list_spec, &f, &pg))
        return;
    struct commplan *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, commplan_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        struct commplan_results res;
        json_t *o = plan_json(r, &items[i]);
        if (!http_reply_status(r, commplan_totals(&r->ctx, &items[i], &res, &err), &err)) {
            json_decref(o);
            json_decref(a);
            return;
        }
        json_object_set_new(o, "results", results_json(r, &res));
        json_array_append_new(a, o);
    }
    json_t *o = json_pack(
        "{s:o, s:o, s:o, s:o}", "items", a, "states", http_json_choices(commplan_states), "units",
        http_json_choices(commplan_units), "channels", http_json_choices(task_channels));
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

/* The body's fields; *segment the "segment" object as text (NULL: absent). */
static bool read_input(struct http_req *r, json_t *o, struct commplan_input *in)
{
    memset(in, 0, sizeof(*in));
    if (!http_get_str(r, o, "name", &in->name) || !http_get_str(r, o, "goal", &in->goal) ||
        !http_get_str(r, o, "channel", &in->channel) ||
        !http_get_str(r, o, "content", &in->content) || !http_get_str(r, o, "unit", &in->unit) ||
        !http_get_int(r, o, "every", &in->every) ||
        !http_get_str(r, o, "start_day", &in->start_day))
        return false;
    json_t *end = json_object_get(o, "end_day");
    if (end && json_is_null(end))
        in->end_day = "";
    else if (!http_get_str(r, o, "end_day", &in->end_day))
        return false;
    json_t *every = json_object_get(o, "every");
    if (every && json_is_integer(every) && json_integer_value(every) == 0)
        in->every = -1; /* given as 0: refused, not "unchanged" */
    json_t *seg = json_object_get(o, "segment");
    if (seg && !json_is_null(seg)) {
        char *text = json_dumps(seg, JSON_COMPACT | JSON_ENCODE_ANY);
        in->segment = arena_strdup(r->ctx.arena, text ? text : "");
        free(text);
    }
    return true;
}

static void post_plan(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct commplan_input in;
    if (!o || !read_input(r, o, &in))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, commplan_create(&r->ctx, &in, &id, &err), &err))
        reply_plan(r, 201, id);
}

static void get_plan(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_plan(r, 200, id);
}

static void patch_plan(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct commplan_input in;
    if (!o || !read_input(r, o, &in))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, commplan_update(&r->ctx, id, &in, &err), &err))
        reply_plan(r, 200, id);
}

static void move(struct http_req *r, const char *to)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, commplan_move(&r->ctx, id, to, &err), &err))
        reply_plan(r, 200, id);
}

static void post_activate(struct http_req *r)
{
    move(r, "active");
}

static void post_pause(struct http_req *r)
{
    move(r, "paused");
}

static void post_end(struct http_req *r)
{
    move(r, "ended");
}

static void reply_preview(struct http_req *r, const struct commplan_preview *p)
{
    json_t *a = json_array();
    for (int i = 0; i < p->count; i++) {
        const struct commplan_pick *x = &p->items[i];
        json_array_append_new(
            a,
            json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)x->id, "code", x->code, "name",
                      x->name, "grade", x->grade ? x->grade : "", "owner",
                      x->owner_id ? http_json_actor(r, x->owner_id, x->owner_name) : json_null()));
    }
    http_reply_json(r, 200,
                    json_pack("{s:I, s:b, s:b, s:o}", "total", (json_int_t)p->total.count,
                              "total_capped", p->total.capped, "shown", p->shown, "items", a));
}

static void get_preview(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct commplan_preview p;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, commplan_preview(&r->ctx, id, &p, &err), &err))
        reply_preview(r, &p);
}

/* POST /comm-plans/preview {"segment":{…}}: a segment before it is saved, as the reader sees it. */
static void post_preview(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct commplan_input in;
    if (!o || !read_input(r, o, &in))
        return;
    struct commplan_preview p;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, commplan_preview_segment(&r->ctx, in.segment, &p, &err), &err))
        reply_preview(r, &p);
}

static const struct route commplan_routes[] = {
    {"GET", "/api/v1/comm-plans", get_plans, 0},
    {"POST", "/api/v1/comm-plans", post_plan, 0},
    {"POST", "/api/v1/comm-plans/preview", post_preview, 0},
    {"GET", "/api/v1/comm-plans/:id", get_plan, 0},
    {"PATCH", "/api/v1/comm-plans/:id", patch_plan, 0},
    {"GET", "/api/v1/comm-plans/:id/preview", get_preview, 0},
    {"POST", "/api/v1/comm-plans/:id/activate", post_activate, 0},
    {"POST", "/api/v1/comm-plans/:id/pause", post_pause, 0},
    {"POST", "/api/v1/comm-plans/:id/end", post_end, 0},
    {0},
};

static const struct kh_perm *const commplan_perms[] = {&commplan_perm_manage, NULL};

static const struct kh_audit_action commplan_audit_actions[] = {
    {"commplan.create", "新建沟通计划", "Communication plan created"},
    {"commplan.update", "修改沟通计划", "Communication plan changed"},
    {"commplan.activate", "启动沟通计划", "Communication plan activated"},
    {"commplan.pause", "暂停沟通计划", "Communication plan paused"},
    {"commplan.end", "结束沟通计划", "Communication plan ended"},
    {"commplan.generate", "沟通计划生成待办", "Communication plan tasks made"},
    {0},
};

const struct capability commplan_capability = {
    .name = "commplan",
    .label_zh = "沟通计划",
    .label_en = "Communication plans",
    .routes = {commplan_routes},
    .perms = commplan_perms,
    .audit_actions = commplan_audit_actions,
    .job_kinds = (const struct job_kind *const[]){&commplan_generate_kind, NULL},
    .tasks = (const struct job_task *const[]){&commplan_generate_task, NULL},
    .settings = (const struct kh_setting *const[]){&commplan_setting_max_tasks, NULL},
    .customer_refs = (const struct customer_ref_kind *const[]){&commplan_customer_ref, NULL},
};
