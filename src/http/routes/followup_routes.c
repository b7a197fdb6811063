/* Interactions (R-INT-1) and tasks (R-INT-4): log, timeline, my tasks, done, skip, assign. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "customer/customer.h"
#include "followup/callback.h"
#include "followup/feed.h"
#include "followup/greeting.h"
#include "followup/interaction.h"
#include "followup/interaction_import.h"
#include "documents/documents.h"
#include "followup/minutes.h"
#include "followup/rule.h"
#include "followup/task.h"
#include "followup/visit.h"
#include "jobs/jobs.h"
#include "app/registry.h"
#include "http/http.h"
#include "http/http_list.h"
#include "http/routes/import_route.h"

static json_t *actor_or_null(const struct http_req *r, int64_t id, const char *name)
{
    return id ? http_json_actor(r, id, name) : json_null();
}

/* "key":{"id":..,"name":..}, or null for nobody. */
static void jw_actor_or_null(struct buf *b, const struct http_req *r, const char *key, int64_t id,
                             const char *name)
{
    if (id)
        http_jw_actor(b, r, key, id, name);
    else {
        jw_key(b, key);
        jw_null(b);
    }
}

static void jw_id_or_null(struct buf *b, const char *key, int64_t id)
{
    jw_key(b, key);
    if (id)
        jw_int(b, id);
    else
        jw_null(b);
}

/* An interaction as JSON, written straight to b (a timeline page writes 20 of them). */
static void interaction_write(struct buf *b, const struct http_req *r, const struct interaction *x)
{
    buf_putc(b, '{');
    jw_kint(b, "id", x->id);
    jw_kint(b, "customer_id", x->customer_id);
    jw_kstr(b, "channel", x->channel);
    jw_kstr(b, "direction", x->direction);
    http_jw_time(b, r, "occurred_at", x->occurred_at);
    jw_kstr(b, "summary", x->summary);
    jw_kstr(b, "outcome", x->outcome);
    jw_kstr(b, "next_step", x->next_step);
    http_jw_time(b, r, "next_at", x->next_at);
    jw_kint(b, "satisfaction", x->satisfaction);
    jw_key(b, "needs_service");
    jw_bool(b, x->needs_service);
    jw_id_or_null(b, "task_id", x->task_id);
    jw_id_or_null(b, "done_task_id", x->done_task_id);
    jw_actor_or_null(b, r, "created_by", x->created_by, x->created_by_name);
    http_jw_time(b, r, "created_at", x->created_at);
    jw_key(b, "people");
    buf_putc(b, '[');
    for (int i = 0; i < x->npeople; i++) {
        const struct interaction_person *p = &x->people[i];
        jw_item(b);
        buf_putc(b, '{');
        jw_kstr(b, "kind", p->contact_id ? "contact" : "user");
        jw_kint(b, "id", p->contact_id ? p->contact_id : p->user_id);
        jw_kstr(b, "name", p->name);
        buf_putc(b, '}');
    }
    buf_putc(b, ']');
}

/* A task as JSON, written straight to b ("my day" writes hundreds). */
static void task_write(struct buf *b, const struct http_req *r, const struct task *t)
{
    buf_putc(b, '{');
    jw_kint(b, "id", t->id);
    jw_coded(b, "customer", t->customer_id, t->customer_code, t->customer_name);
    jw_kstr(b, "kind", t->kind);
    jw_kstr(b, "title", t->title);
    jw_kstr(b, "purpose", t->purpose);
    jw_kstr(b, "channel", t->channel);
    jw_actor_or_null(b, r, "assignee", t->assignee_id, t->assignee_name);
    jw_key(b, "follows_owner");
    jw_bool(b, t->follows_owner);
    http_jw_time(b, r, "start_at", t->start_at);
    http_jw_time(b, r, "due_at", t->due_at);
    jw_kstr(b, "state", t->state);
    jw_key(b, "overdue");
    jw_bool(b, t->overdue);
    http_jw_time(b, r, "done_at", t->done_at);
    jw_actor_or_null(b, r, "done_by", t->done_by, t->done_by_name);
    jw_id_or_null(b, "done_interaction_id", t->done_interaction_id);
    jw_kstr(b, "note", t->note);
    jw_actor_or_null(b, r, "created_by", t->created_by, t->created_by_name);
    http_jw_time(b, r, "created_at", t->created_at);
    jw_kstr(b, "source", t->source);
    jw_key(b, "rule");
    if (t->rule_id) {
        buf_putc(b, '{');
        jw_kint(b, "id", t->rule_id);
        jw_kstr(b, "name_zh", t->rule_name_zh);
        jw_kstr(b, "name_en", t->rule_name_en);
        buf_putc(b, '}');
    } else {
        jw_null(b);
    }
    buf_putc(b, '}');
}

static json_t *interaction_json(const struct http_req *r, const struct interaction *x)
{
    struct buf b;
    buf_init(&b, 0);
    interaction_write(&b, r, x);
    buf_putc(&b, '}');
    return http_json_written(&b);
}

static json_t *task_json(const struct http_req *r, const struct task *t)
{
    struct buf b;
    buf_init(&b, 0);
    task_write(&b, r, t);
    return http_json_written(&b);
}

/* ---- interactions ---- */

static void reply_interaction(struct http_req *r, int status, int64_t id, json_t *extra)
{
    struct interaction x;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, interaction_get(&r->ctx, id, &x, &err), &err)) {
        json_decref(extra);
        return;
    }
    json_t *o = interaction_json(r, &x);
    if (extra)
        json_object_update_new(o, extra);
    http_reply_json(r, status, o);
}

static void post_interaction(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct interaction_input in = {0};
    int64_t *users = NULL, *contacts = NULL, satisfaction = 0;
    int needs_service = 0;
    if (!o || !http_get_int(r, o, "customer_id", &in.customer_id) ||
        !http_get_int(r, o, "satisfaction", &satisfaction) ||
        !http_get_bool(r, o, "needs_service", &needs_service) ||
        !http_get_str(r, o, "channel", &in.channel) ||
        !http_get_str(r, o, "direction", &in.direction) ||
        !http_get_time(r, o, "occurred_at", &in.occurred_at) ||
        !http_get_str(r, o, "summary", &in.summary) ||
        !http_get_str(r, o, "outcome", &in.outcome) ||
        !http_get_str(r, o, "next_step", &in.next_step) ||
        !http_get_time(r, o, "next_at", &in.next_at) ||
        !http_get_int(r, o, "task_id", &in.task_id) ||
        !http_get_ids(r, o, "user_ids", INTERACTION_PEOPLE_MAX, &users, &in.nusers) ||
        !http_get_ids(r, o, "contact_ids", INTERACTION_PEOPLE_MAX, &contacts, &in.ncontacts))
        return;
    in.user_ids = users;
    in.contact_ids = contacts;
    in.satisfaction = satisfaction < 0 || satisfaction > INTERACTION_SATISFACTION_MAX
                          ? -1
                          : (int)satisfaction; /* refused by name in the rules */
    in.needs_service = needs_service != 0;
    int64_t id = 0, task = 0, done = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, interaction_log(&r->ctx, &in, &id, &task, &done, &err), &err))
        return;
    reply_interaction(
        r, 201, id,
        json_pack("{s:o}", "completed_task_id", done ? json_integer(done) : json_null()));
}

/* POST /interactions/imports {file_id, dry_run}: an import (or its preview) of an upload. */
static void post_interaction_import(struct http_req *r)
{
    import_route_table(r, interaction_import_start);
}

static void get_interactions(struct http_req *r)
{
    struct interaction_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &interaction_list_spec, &f, &pg))
        return;
    struct interaction *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, interaction_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    /* How many files each has attached (documents/documents.h), for the timeline's clip. */
    int64_t *ids = arena_alloc(r->ctx.arena, sizeof(*ids) * (size_t)(n ? n : 1));
    int *docs = arena_alloc(r->ctx.arena, sizeof(*docs) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        ids[i] = items[i].id;
    if (!http_reply_status(r, documents_counts(&r->ctx, "interaction", ids, n, docs, &err), &err))
        return;
    struct buf b;
    buf_init(&b, 0);
    (void)buf_space(&b, 1024 * (size_t)n + 64);
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        jw_item(&b);
        interaction_write(&b, r, &items[i]);
        jw_kint(&b, "documents", docs[i]);
        buf_putc(&b, '}');
    }
    buf_putc(&b, ']');
    http_list_write_tail(&b, next, NULL);
    buf_putc(&b, '}');
    http_reply_buf(r, 200, &b);
}

static void get_interaction(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_interaction(r, 200, id, NULL);
}

/* ---- tasks ---- */

static void reply_task(struct http_req *r, int status, int64_t id)
{
    struct task t;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, task_get(&r->ctx, id, &t, &err), &err))
        http_reply_json(r, status, task_json(r, &t));
}

static void post_task(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct task_input in = {0};
    if (!o || !http_get_int(r, o, "customer_id", &in.customer_id) ||
        !http_get_str(r, o, "kind", &in.kind) || !http_get_str(r, o, "title", &in.title) ||
        !http_get_str(r, o, "purpose", &in.purpose) ||
        !http_get_str(r, o, "channel", &in.channel) ||
        !http_get_int(r, o, "assignee_id", &in.assignee_id) ||
        !http_get_time(r, o, "start_at", &in.start_at) ||
        !http_get_time(r, o, "due_at", &in.due_at))
        return;
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, task_create(&r->ctx, &in, &id, &err), &err))
        reply_task(r, 201, id);
}

static void get_tasks(struct http_req *r)
{
    struct task_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &task_list_spec, &f, &pg))
        return;
    struct task *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, task_list(&r->ctx, &f, &pg, &items, &n, &next, &err), &err))
        return;
    struct buf b;
    buf_init(&b, 0);
    (void)buf_space(&b, 640 * (size_t)n + 64);
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        jw_item(&b);
        task_write(&b, r, &items[i]);
    }
    buf_putc(&b, ']');
    http_list_write_tail(&b, next, NULL);
    buf_putc(&b, '}');
    http_reply_buf(r, 200, &b);
}

static void get_team(struct http_req *r)
{
    struct task_load *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, task_team(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:o, s:I, s:I, s:I}", "user",
                                           http_json_actor(r, items[i].user_id, items[i].name),
                                           "open", (json_int_t)items[i].open, "due_today",
                                           (json_int_t)items[i].due_today, "overdue",
                                           (json_int_t)items[i].overdue));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_task(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_task(r, 200, id);
}

/* POST /tasks/:id/done {note} and /tasks/:id/skip {reason}. */
static void finish(struct http_req *r, bool done)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *text = NULL;
    if (!o || !http_get_str(r, o, done ? "note" : "reason", &text))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st =
        done ? task_done(&r->ctx, id, text, &err) : task_skip(&r->ctx, id, text, &err);
    if (http_reply_status(r, st, &err))
        reply_task(r, 200, id);
}

static void post_done(struct http_req *r)
{
    finish(r, true);
}

static void post_skip(struct http_req *r)
{
    finish(r, false);
}

static void post_assign(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    int64_t assignee = 0;
    if (!o || !http_get_int(r, o, "assignee_id", &assignee))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, task_assign(&r->ctx, id, assignee, &err), &err))
        reply_task(r, 200, id);
}

/* ---- follow-up rules ---- */

static json_t *rule_json(const struct http_req *r, const struct followup_rule *x)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:b, s:o, s:i, s:o, s:s, s:b}",
        "id", (json_int_t)x->id, "name_zh", x->name_zh, "name_en", x->name_en, "trigger",
        x->trigger, "audience", x->audience, "unit", x->unit, "offset_from", x->offset_from,
        "offset_to", x->offset_to, "channel", x->channel, "assignee_role", x->assignee_role,
        "purpose", x->purpose, "enabled", x->enabled, "active_from",
        http_json_time(r, x->active_from), "position", x->position, "updated_at",
        http_json_time(r, x->updated_at), "date_field", x->date_field ? x->date_field : "",
        "yearly", x->yearly);
}

static void get_rules(struct http_req *r)
{
    struct followup_rule *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    struct kh_choice *dates = NULL;
    int ndates = 0;
    if (!http_reply_status(r, followup_rules_list(&r->ctx, &items, &n, &err), &err) ||
        !http_reply_status(r, followup_date_fields(&r->ctx, &dates, &ndates, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, rule_json(r, &items[i]));
    http_reply_json(
        r, 200,
        json_pack("{s:o, s:{s:o, s:o, s:o, s:o, s:o, s:o}}", "items", a, "choices", "triggers",
                  http_json_choices(followup_triggers), "audiences",
                  http_json_choices(followup_audiences), "units", http_json_choices(followup_units),
                  "purposes", http_json_choices(followup_purposes), "channels",
                  http_json_choices(task_channels), "date_fields", http_json_choices(dates)));
}

/* POST /followup-rules and PUT /followup-rules/:id: every field, as the rule is to be. */
static void save_rule(struct http_req *r, int64_t id)
{
    json_t *o = http_body_object(r);
    struct followup_rule in = {
        .id = id, .audience = "all", .unit = "days", .channel = "call", .enabled = true};
    int64_t from = 0, to = INT32_MIN, position = 0;
    int enabled = 1, yearly = 0;
    if (!o || !http_get_str(r, o, "name_zh", &in.name_zh) ||
        !http_get_str(r, o, "name_en", &in.name_en) ||
        !http_get_str(r, o, "trigger", &in.trigger) ||
        !http_get_str(r, o, "audience", &in.audience) || !http_get_str(r, o, "unit", &in.unit) ||
        !http_get_int(r, o, "offset_from", &from) || !http_get_int(r, o, "offset_to", &to) ||
        !http_get_str(r, o, "channel", &in.channel) ||
        !http_get_str(r, o, "assignee_role", &in.assignee_role) ||
        !http_get_str(r, o, "purpose", &in.purpose) || !http_get_bool(r, o, "enabled", &enabled) ||
        !http_get_int(r, o, "position", &position) ||
        !http_get_str(r, o, "date_field", &in.date_field) ||
        !http_get_bool(r, o, "yearly", &yearly))
        return;
    /* Out of int range reads as out of the rule's range (refused there, naming the field). */
    in.offset_from = from < -100000 || from > 100000 ? INT32_MIN : (int)from;
    in.offset_to = to < -100000 || to > 100000 ? INT32_MIN : (int)to;
    in.yearly = yearly != 0;
    if (!in.date_field)
        in.date_field = "";
    in.position = position < 0 || position > 100000 ? 0 : (int)position;
    in.enabled = enabled != 0;
    if (!in.assignee_role)
        in.assignee_role = "";
    int64_t saved = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, followup_rule_save(&r->ctx, &in, &saved, &err), &err))
        return;
    struct followup_rule x;
    kh_err_clear(&err);
    if (http_reply_status(r, followup_rule_get(&r->ctx, saved, &x, &err), &err))
        http_reply_json(r, id ? 200 : 201, rule_json(r, &x));
}

static void post_rule(struct http_req *r)
{
    save_rule(r, 0);
}

static void put_rule(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        save_rule(r, id);
}

/* ---- visit plans ---- */

static json_t *plan_json(const struct http_req *r, const struct visit_plan *p)
{
    return json_pack(
        "{s:I, s:{s:I, s:s, s:s}, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id,
        "customer", "id", (json_int_t)p->customer_id, "code",
        p->customer_code ? p->customer_code : "", "name", p->customer_name ? p->customer_name : "",
        "requester", http_json_actor(r, p->requester_id, p->requester_name), "objective",
        p->objective ? p->objective : "", "planned_at", http_json_time(r, p->planned_at), "state",
        p->state, "task_id", p->task_id ? json_integer(p->task_id) : json_null(), "interaction_id",
        p->interaction_id ? json_integer(p->interaction_id) : json_null(), "closed_at",
        http_json_time(r, p->closed_at), "created_at", http_json_time(r, p->created_at));
}

static void reply_plan(struct http_req *r, int status, int64_t id)
{
    struct visit_plan p;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, visit_plan_get(&r->ctx, id, &p, &err), &err))
        http_reply_json(r, status, plan_json(r, &p));
}

static void post_plan(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t customer = 0, planned = 0, id = 0;
    const char *objective = NULL, *reason = NULL;
    if (!o || !http_get_int(r, o, "customer_id", &customer) ||
        !http_get_str(r, o, "objective", &objective) ||
        !http_get_time(r, o, "planned_at", &planned) || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(
            r, visit_plan_file(&r->ctx, customer, objective, planned, reason, &id, &err), &err))
        reply_plan(r, 201, id);
}

static void get_plans(struct http_req *r)
{
    int64_t customer = 0;
    if (!http_query_int(r, "customer_id", &customer))
        return;
    struct visit_plan *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, visit_plan_list(&r->ctx, customer, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, plan_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_plan(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_plan(r, 200, id);
}

static void post_plan_close(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct interaction_input in = {0};
    int64_t *users = NULL, *contacts = NULL, interaction = 0;
    if (!o || !http_get_time(r, o, "occurred_at", &in.occurred_at) ||
        !http_get_str(r, o, "summary", &in.summary) ||
        !http_get_str(r, o, "outcome", &in.outcome) ||
        !http_get_str(r, o, "next_step", &in.next_step) ||
        !http_get_time(r, o, "next_at", &in.next_at) ||
        !http_get_ids(r, o, "user_ids", INTERACTION_PEOPLE_MAX, &users, &in.nusers) ||
        !http_get_ids(r, o, "contact_ids", INTERACTION_PEOPLE_MAX, &contacts, &in.ncontacts))
        return;
    in.user_ids = users;
    in.contact_ids = contacts;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, visit_plan_close(&r->ctx, id, &in, &interaction, &err), &err))
        reply_plan(r, 200, id);
}

/* ---- sending a greeting ---- */

/* GET /tasks/:id/greeting: what sending would do (the dialog): the text, channel, address. */
static void get_task_greeting(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct greeting_message m;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, greeting_message(&r->ctx, id, &m, &err), &err))
        return;
    http_reply_json(r, 200,
                    json_pack("{s:I, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:i}", "task_id",
                              (json_int_t)m.task_id, "channel", m.channel, "sendable", m.sendable,
                              "field", m.field, "reason_zh", m.reason_zh, "reason_en", m.reason_en,
                              "to", m.to, "text", m.text, "max", GREETING_TEXT_MAX));
}

/* POST /tasks/:id/send-greeting {"text"}: sent, logged, the task done. */
static void post_send_greeting(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *text = NULL;
    if (!o || !http_get_str(r, o, "text", &text))
        return;
    struct greeting_sent sent;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, greeting_send(&r->ctx, id, text, &sent, &err), &err))
        return;
    struct task t;
    kh_err_clear(&err);
    if (!http_reply_status(r, task_get(&r->ctx, id, &t, &err), &err))
        return;
    http_reply_json(r, 201,
                    json_pack("{s:I, s:I, s:s, s:s, s:o}", "interaction_id",
                              (json_int_t)sent.interaction_id, "outbox_id",
                              (json_int_t)sent.outbox_id, "channel", sent.channel, "to", sent.to,
                              "task", task_json(r, &t)));
}

/* ---- holiday greetings ---- */

static json_t *holiday_json(const struct http_req *r, const struct greeting_holiday *h)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "id",
                     (json_int_t)h->id, "name_zh", h->name_zh, "name_en", h->name_en, "day", h->day,
                     "audience", h->audience, "grades", h->grades, "channel", h->channel,
                     "template", h->template, "active", h->active, "updated_by",
                     actor_or_null(r, h->updated_by, h->updated_by_name), "updated_at",
                     http_json_time(r, h->updated_at));
}

static void get_holidays(struct http_req *r)
{
    struct greeting_holiday *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, greeting_holidays_list(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, holiday_json(r, &items[i]));
    http_reply_json(r, 200,
                    json_pack("{s:o, s:{s:o, s:o}}", "items", a, "choices", "audiences",
                              http_json_choices(greeting_audiences), "channels",
                              http_json_choices(task_channels)));
}

/* POST /greeting-holidays (defaults: buyers, call, active) and PUT /greeting-holidays/:id (the
 * fields given change, the others stay). */
static void save_holiday(struct http_req *r, int64_t id)
{
    struct greeting_holiday in = {
        .audience = "buyers", .grades = "", .channel = "call", .active = true, .name_en = ""};
    struct kh_err err;
    kh_err_clear(&err);
    if (id && !http_reply_status(r, greeting_holiday_get(&r->ctx, id, &in, &err), &err))
        return;
    json_t *o = http_body_object(r);
    int active = in.active;
    if (!o || !http_get_str(r, o, "name_zh", &in.name_zh) ||
        !http_get_str(r, o, "name_en", &in.name_en) || !http_get_str(r, o, "day", &in.day) ||
        !http_get_str(r, o, "audience", &in.audience) ||
        !http_get_str(r, o, "grades", &in.grades) || !http_get_str(r, o, "channel", &in.channel) ||
        !http_get_str(r, o, "template", &in.template) || !http_get_bool(r, o, "active", &active))
        return;
    in.id = id;
    in.active = active != 0;
    int64_t saved = 0;
    if (!http_reply_status(r, greeting_holiday_save(&r->ctx, &in, &saved, &err), &err))
        return;
    struct greeting_holiday x;
    kh_err_clear(&err);
    if (http_reply_status(r, greeting_holiday_get(&r->ctx, saved, &x, &err), &err))
        http_reply_json(r, id ? 200 : 201, holiday_json(r, &x));
}

static void post_holiday(struct http_req *r)
{
    save_holiday(r, 0);
}

static void put_holiday(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        save_holiday(r, id);
}

/* ---- callback lists ---- */

static void post_callback_preview(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct customer_filter f;
    memset(&f, 0, sizeof(f));
    struct callback_draw d = {.filter = &f};
    int64_t size = 0, since = 0, max_sat = 0;
    if (!o || !http_get_str(r, o, "method", &d.method) || !http_get_int(r, o, "size", &size) ||
        !http_get_int(r, o, "since_days", &since) ||
        !http_get_int(r, o, "max_satisfaction", &max_sat) ||
        !http_list_json(r, &customer_list_spec, json_object_get(o, "filter"), &f))
        return;
    d.size = size < 0 || size > 100000 ? 0 : (int)size;
    d.since_days = since < 0 || since > 100000 ? -1 : (int)since;
    d.max_satisfaction = max_sat < 0 || max_sat > 100 ? -1 : (int)max_sat;
    struct callback_pick *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, callback_preview(&r->ctx, &d, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)items[i].id,
                                        "code", items[i].code, "name", items[i].name, "owner",
                                        actor_or_null(r, items[i].owner_id, items[i].owner_name)));
    http_reply_json(r, 200, json_pack("{s:o, s:i}", "items", a, "count", n));
}

static void post_callback_list(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct callback_input in = {0};
    int64_t *customers = NULL, *people = NULL, since = 0;
    if (!o ||
        !http_get_ids(r, o, "customer_ids", CUSTOMER_SAMPLE_MAX, &customers, &in.ncustomers) ||
        !http_get_str(r, o, "title", &in.title) || !http_get_str(r, o, "purpose", &in.purpose) ||
        !http_get_str(r, o, "channel", &in.channel) || !http_get_time(r, o, "due_at", &in.due_at) ||
        !http_get_ids(r, o, "assignee_ids", 50, &people, &in.nassignees) ||
        !http_get_str(r, o, "method", &in.method) || !http_get_int(r, o, "since_days", &since))
        return;
    json_t *filter = json_object_get(o, "filter");
    char *ftext = json_is_object(filter) ? json_dumps(filter, JSON_COMPACT) : NULL;
    in.filter = ftext ? arena_strdup(r->ctx.arena, ftext) : "";
    free(ftext);
    in.customer_ids = customers;
    in.assignee_ids = people;
    in.since_days = since < 0 || since > 100000 ? -1 : (int)since;
    int64_t id = 0;
    struct callback_share *shares = NULL;
    int ns = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, callback_create(&r->ctx, &in, &id, &shares, &ns, &err), &err))
        return;
    json_t *a = json_array();
    int total = 0;
    for (int i = 0; i < ns; i++) {
        total += shares[i].tasks;
        json_array_append_new(
            a, json_pack("{s:o, s:i}", "user",
                         shares[i].user_id ? http_json_actor(r, shares[i].user_id, shares[i].name)
                                           : json_null(),
                         "tasks", shares[i].tasks));
    }
    http_reply_json(
        r, 201, json_pack("{s:I, s:i, s:o}", "id", (json_int_t)id, "tasks", total, "shares", a));
}

static void get_callback_lists(struct http_req *r)
{
    struct callback_list *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, callback_lists(&r->ctx, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct callback_list *x = &items[i];
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:i, s:i, s:o, s:o}", "id",
                         (json_int_t)x->id, "title", x->title, "method", x->method, "purpose",
                         x->purpose, "channel", x->channel, "filter", x->filter, "since_days",
                         x->since_days, "due_at", http_json_time(r, x->due_at), "tasks", x->tasks,
                         "done", x->done, "created_by",
                         actor_or_null(r, x->created_by, x->created_by_name), "created_at",
                         http_json_time(r, x->created_at)));
    }
    http_reply_json(
        r, 200,
        json_pack("{s:o, s:o}", "items", a, "methods", http_json_choices(callback_methods)));
}

/* ---- meeting minutes ---- */

static json_t *minutes_json(const struct http_req *r, const struct minutes *m)
{
    return json_pack("{s:I, s:{s:I, s:s, s:s}, s:o, s:o, s:o, s:s, s:s, s:s, s:b, s:o, s:o, s:o, "
                     "s:o, s:o, s:o}",
                     "interaction_id", (json_int_t)m->interaction_id, "customer", "id",
                     (json_int_t)m->customer_id, "code", m->customer_code, "name", m->customer_name,
                     "author", http_json_actor(r, m->author_id, m->author_name), "occurred_at",
                     http_json_time(r, m->occurred_at), "due_at", http_json_time(r, m->due_at),
                     "body", m->body, "state", m->state, "note", m->note, "late", m->late,
                     "task_id", m->task_id ? json_integer(m->task_id) : json_null(), "request_id",
                     m->request_id ? json_integer(m->request_id) : json_null(), "submitted_at",
                     http_json_time(r, m->submitted_at), "approved_at",
                     http_json_time(r, m->approved_at), "sent_at", http_json_time(r, m->sent_at),
                     "confirmed_at", http_json_time(r, m->confirmed_at));
}

static void reply_minutes(struct http_req *r, int64_t id)
{
    struct minutes m;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, minutes_get(&r->ctx, id, &m, &err), &err))
        http_reply_json(r, 200, minutes_json(r, &m));
}

static void get_minutes_list(struct http_req *r)
{
    struct minutes_filter f = {0};
    if (!http_query_int(r, "author_id", &f.author_id) ||
        !http_query_int(r, "customer_id", &f.customer_id))
        return;
    f.state = http_query(r, "state");
    struct minutes *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, minutes_list(&r->ctx, &f, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, minutes_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_minutes_counts(struct http_req *r)
{
    int64_t from = 0;
    if (!http_query_time(r, "from", false, &from))
        return;
    struct minutes_count *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, minutes_counts(&r->ctx, from, &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:o, s:I, s:I, s:I}", "author",
                         http_json_actor(r, items[i].author_id, items[i].author_name), "total",
                         (json_int_t)items[i].total, "late", (json_int_t)items[i].late, "overdue",
                         (json_int_t)items[i].overdue));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_minutes(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_minutes(r, id);
}

/* POST /minutes/:id/submit {body}, /sent {}, /confirmed {note}. */
static void minutes_step(struct http_req *r, int which)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *text = NULL;
    if (!o || (which != 1 && !http_get_str(r, o, which == 0 ? "body" : "note", &text)))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = which == 0   ? minutes_submit(&r->ctx, id, text, &err)
                        : which == 1 ? minutes_sent(&r->ctx, id, &err)
                                     : minutes_confirmed(&r->ctx, id, text, &err);
    if (http_reply_status(r, st, &err))
        reply_minutes(r, id);
}

static void post_minutes_submit(struct http_req *r)
{
    minutes_step(r, 0);
}

static void post_minutes_sent(struct http_req *r)
{
    minutes_step(r, 1);
}

static void post_minutes_confirmed(struct http_req *r)
{
    minutes_step(r, 2);
}

/* ---- calendar subscriptions (issue 13 item 11) ---- */

static json_t *feed_json(struct http_req *r, const struct feed_status *f)
{
    return json_pack("{s:b, s:o, s:o}", "active", f->active, "created_at",
                     http_json_time(r, f->created_at), "last_used_at",
                     http_json_time(r, f->last_used_at));
}

static void get_feed(struct http_req *r)
{
    struct feed_status f;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, feed_status(&r->ctx, &f, &err), &err))
        http_reply_json(r, 200, feed_json(r, &f));
}

/* POST /calendar-feed {}: a new address, shown once ({"url", "path"}); the old one stops. */
static void post_feed(struct http_req *r)
{
    if (!http_body_object(r))
        return;
    char token[96];
    struct feed_status f;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, feed_create(&r->ctx, token, sizeof(token), &err), &err) ||
        !http_reply_status(r, feed_status(&r->ctx, &f, &err), &err))
        return;
    const char *path = arena_printf(r->ctx.arena, "/api/v1/calendar-feed.ics?token=%s", token);
    json_t *o = feed_json(r, &f);
    json_object_set_new(o, "path", json_string(path));
    json_object_set_new(
        o, "url", json_string(arena_printf(r->ctx.arena, "%s%s", http_public_origin(r), path)));
    http_reply_json(r, 201, o);
}

static void delete_feed(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, feed_revoke(&r->ctx, &err), &err))
        http_reply_ok(r);
}

/* GET /calendar-feed.ics?token=…: public; the token names the user it is read as. */
static void get_feed_ics(struct http_req *r)
{
    struct kh_err err;
    kh_err_clear(&err);
    struct kh_actor actor = r->ctx.actor; /* its address, the caller's, stays for the audit */
    if (!http_reply_status(r, feed_resolve(&r->ctx, http_query(r, "token"), &actor, &err), &err))
        return;
    r->ctx.actor = actor;
    struct buf b;
    buf_init(&b, 4096);
    int n = 0;
    if (http_reply_status(r, feed_ics(&r->ctx, http_public_origin(r), &b, &n, &err), &err))
        http_reply_text(r, 200, "text/calendar; charset=utf-8", &b);
    buf_release(&b);
}

static const struct route followup_routes[] = {
    {"GET", "/api/v1/calendar-feed", get_feed, 0},
    {"POST", "/api/v1/calendar-feed", post_feed, 0},
    {"DELETE", "/api/v1/calendar-feed", delete_feed, 0},
    {"GET", "/api/v1/calendar-feed.ics", get_feed_ics, ROUTE_PUBLIC},
    {"POST", "/api/v1/interactions", post_interaction, 0},
    {"POST", "/api/v1/interactions/imports", post_interaction_import, 0},
    {"GET", "/api/v1/interactions", get_interactions, ROUTE_FAST_ONE_CUSTOMER},
    {"GET", "/api/v1/interactions/:id", get_interaction, 0},
    {"POST", "/api/v1/tasks", post_task, 0},
    {"GET", "/api/v1/tasks", get_tasks, ROUTE_FAST_ONE_CUSTOMER},
    {"GET", "/api/v1/tasks/team", get_team, 0},
    {"GET", "/api/v1/tasks/:id", get_task, 0},
    {"POST", "/api/v1/tasks/:id/done", post_done, 0},
    {"POST", "/api/v1/tasks/:id/skip", post_skip, 0},
    {"POST", "/api/v1/tasks/:id/assign", post_assign, 0},
    {"GET", "/api/v1/tasks/:id/greeting", get_task_greeting, 0},
    {"POST", "/api/v1/tasks/:id/send-greeting", post_send_greeting, 0},
    {"GET", "/api/v1/followup-rules", get_rules, 0},
    {"POST", "/api/v1/followup-rules", post_rule, 0},
    {"PUT", "/api/v1/followup-rules/:id", put_rule, 0},
    {"GET", "/api/v1/minutes", get_minutes_list, ROUTE_FAST_ONE_CUSTOMER},
    {"GET", "/api/v1/minutes/counts", get_minutes_counts, 0},
    {"GET", "/api/v1/minutes/:id", get_minutes, 0},
    {"POST", "/api/v1/minutes/:id/submit", post_minutes_submit, 0},
    {"POST", "/api/v1/minutes/:id/sent", post_minutes_sent, 0},
    {"POST", "/api/v1/minutes/:id/confirmed", post_minutes_confirmed, 0},
    {"GET", "/api/v1/greeting-holidays", get_holidays, 0},
    {"POST", "/api/v1/greeting-holidays", post_holiday, 0},
    {"PUT", "/api/v1/greeting-holidays/:id", put_holiday, 0},
    {"POST", "/api/v1/callback-lists/preview", post_callback_preview, 0},
    {"POST", "/api/v1/callback-lists", post_callback_list, 0},
    {"GET", "/api/v1/callback-lists", get_callback_lists, 0},
    {"POST", "/api/v1/visit-plans", post_plan, 0},
    {"GET", "/api/v1/visit-plans", get_plans, 0},
    {"GET", "/api/v1/visit-plans/:id", get_plan, 0},
    {"POST", "/api/v1/visit-plans/:id/close", post_plan_close, 0},
    {0},
};

const struct capability followup_capability = {
    .name = "followup",
    .label_zh = "跟进与待办",
    .label_en = "Interactions and tasks",
    .routes = {followup_routes},
    .perms = followup_perms,
    .audit_actions = followup_audit_actions,
    .customer_refs =
        (const struct customer_ref_kind *const[]){&interaction_customer_ref, &task_customer_ref,
                                                  &purchase_customer_ref, NULL},
    .job_kinds =
        (const struct job_kind *const[]){&followup_generate_kind, &followup_uncontacted_kind,
                                         &followup_digest_kind, &followup_greetings_kind,
                                         &interaction_import_kind, &interaction_import_preview_kind,
                                         NULL},
    .tasks =
        (const struct job_task *const[]){&followup_generate_task, &followup_uncontacted_task,
                                         &followup_digest_task, &followup_greetings_task, NULL},
    .settings = (const struct kh_setting *const[]){&followup_setting_uncontacted_days,
                                                   &minutes_setting_working_days,
                                                   &greeting_setting_days_before,
                                                   &greeting_setting_gift_grades,
                                                   &greeting_setting_gift_budget, NULL},
    .approval_kinds =
        (const struct approval_kind *const[]){&visit_approval_plan, &minutes_approval_review, NULL},
    .document_kinds = (const struct document_kind *const[]){&interaction_document_kind, NULL},
    .table_imports = (const struct table_import *const[]){&interaction_import_table, NULL},
};
