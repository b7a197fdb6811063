/* Approvals: requests, their decisions, the rules of each kind, and the inbox. */
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "app/registry.h"
#include "approval/approval.h"
#include "http/http.h"
#include "http/http_list.h"

static const char *kind_label(const struct http_req *r, const char *name)
{
    const struct approval_kind *k = approval_kind_find(name);
    return k ? http_text(r, k->label_zh, k->label_en) : name;
}

/* A role's name in the request's language. */
static const char *role_label(struct http_req *r, const char *code)
{
    const char *zh, *en;
    account_role_names(&r->ctx, code, &zh, &en);
    return http_text(r, zh, en);
}

static json_t *request_json(const struct http_req *r, const struct approval_request *q)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:i, s:s, s:s, s:i, s:o, s:o, s:o, s:I}", "id",
        (json_int_t)q->id, "kind", q->kind, "kind_label", kind_label(r, q->kind), "state", q->state,
        "requester", http_json_actor(r, q->requester_id, q->requester_name), "summary",
        http_text(r, q->summary_zh, q->summary_en), "amount", (json_int_t)q->amount, "secrecy",
        q->secrecy, "reason", q->reason, "purpose", q->purpose, "step", q->step, "created_at",
        http_json_time(r, q->created_at), "updated_at", http_json_time(r, q->updated_at),
        "decided_at", http_json_time(r, q->decided_at), "version", (json_int_t)q->version);
    /* What the request is about, as its kind wrote it (never its secret): lists carry it too. */
    json_t *subject = q->subject && q->subject[0] ? json_loads(q->subject, 0, NULL) : NULL;
    json_object_set_new(o, "subject", subject ? subject : json_object());
    return o;
}

static json_t *full_json(const struct http_req *r, const struct approval_request *q)
{
    json_t *o = request_json(r, q);
    json_t *steps = json_array();
    for (int i = 0; i < q->nsteps; i++) {
        const struct approval_step *s = &q->steps[i];
        json_t *approver = s->user_id
                               ? json_pack("{s:s, s:o}", "type", "user", "user",
                                           http_json_actor(r, s->user_id, s->user_name))
                               : json_pack("{s:s, s:s, s:s}", "type", "role", "role", s->role,
                                           "label", role_label((struct http_req *)r, s->role));
        json_array_append_new(
            steps,
            json_pack("{s:i, s:s, s:o, s:s, s:i, s:o, s:o, s:o, s:s}", "position", s->position,
                      "rule", s->approver, "approver", approver, "state", s->state, "hours",
                      s->hours, "due_at", http_json_time(r, s->due_at), "decided_by",
                      s->decided_by ? http_json_actor(r, s->decided_by, s->decided_by_name)
                                    : json_null(),
                      "decided_at", http_json_time(r, s->decided_at), "comment", s->comment));
    }
    json_object_set_new(o, "steps", steps);
    json_t *history = json_array();
    for (int i = 0; i < q->nevents; i++) {
        const struct approval_event *e = &q->events[i];
        json_array_append_new(history,
                              json_pack("{s:I, s:o, s:o, s:s, s:i, s:s}", "id", (json_int_t)e->id,
                                        "at", http_json_time(r, e->at), "actor",
                                        http_json_actor(r, e->actor_id, e->actor_name), "action",
                                        e->action, "position", e->position, "comment", e->comment));
    }
    json_object_set_new(o, "history", history);
    json_object_set_new(o, "can_decide", json_boolean(q->can_decide));
    json_object_set_new(o, "can_withdraw", json_boolean(q->can_withdraw));
    return o;
}

static void reply_request(struct http_req *r, int status, int64_t id)
{
    struct approval_request q;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, approval_get(&r->ctx, id, &q, &err), &err))
        http_reply_json(r, status, full_json(r, &q));
}

static void get_approvals(struct http_req *r)
{
    struct approval_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &approval_list_spec, &f, &pg))
        return;
    struct approval_request *items = NULL;
    int n = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    struct list_total total = {0};
    if (!http_reply_status(r, approval_list(&r->ctx, &f, &pg, &items, &n, &next, &total, &err),
                           &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, request_json(r, &items[i]));
    json_t *o = json_pack("{s:o}", "items", a);
    http_list_set_tail(o, next, pg.total && !pg.cursor ? &total : NULL);
    http_reply_json(r, 200, o);
}

static void get_approval(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (id)
        reply_request(r, 200, id);
}

static void post_approval(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *kind = NULL, *reason = NULL, *purpose = NULL;
    int64_t amount = 0;
    if (!o || !http_get_str(r, o, "kind", &kind) || !http_get_str(r, o, "reason", &reason) ||
        !http_get_str(r, o, "purpose", &purpose) || !http_get_int(r, o, "amount", &amount))
        return;
    json_t *subject = json_object_get(o, "subject");
    if (subject && !json_is_object(subject) && !json_is_null(subject)) {
        http_reply_error(r, 400, "invalid", "subject", "申请对象须为 JSON 对象",
                         "subject must be a JSON object");
        return;
    }
    char *text = subject && json_is_object(subject) ? json_dumps(subject, JSON_COMPACT) : NULL;
    const char *stext = text ? arena_strdup(r->ctx.arena, text) : "";
    free(text);
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(
            r, approval_submit(&r->ctx, kind, stext, amount, reason, purpose, &id, &err), &err))
        reply_request(r, 201, id);
}

static void decide(struct http_req *r, enum approval_action action)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *comment = NULL;
    int64_t version = 0;
    if (!o || !http_get_str(r, o, "comment", &comment) || !http_get_int(r, o, "version", &version))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, approval_decide(&r->ctx, id, action, comment, version, &err), &err))
        reply_request(r, 200, id);
}

static void post_approve(struct http_req *r)
{
    decide(r, APPROVAL_APPROVE);
}

static void post_reject(struct http_req *r)
{
    decide(r, APPROVAL_REJECT);
}

static void post_return(struct http_req *r)
{
    decide(r, APPROVAL_RETURN);
}

static void post_withdraw(struct http_req *r)
{
    decide(r, APPROVAL_WITHDRAW);
}

static void post_resubmit(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *reason = NULL, *purpose = NULL;
    if (!o || !http_get_str(r, o, "reason", &reason) || !http_get_str(r, o, "purpose", &purpose))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, approval_resubmit(&r->ctx, id, reason, purpose, &err), &err))
        reply_request(r, 200, id);
}

/* ---- kinds and their rules ---- */

static json_t *rules_json(const struct http_req *r, const struct approval_rule *rules, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct approval_rule *x = &rules[i];
        json_array_append_new(
            a,
            json_pack("{s:s, s:s, s:s, s:I, s:I, s:i, s:i}", "approver", x->approver, "role",
                      x->role ? x->role : "", "role_label",
                      x->role && *x->role ? role_label((struct http_req *)r, x->role) : "",
                      "min_amount", (json_int_t)x->min_amount, "max_amount",
                      (json_int_t)x->max_amount, "min_secrecy", x->min_secrecy, "hours", x->hours));
    }
    return a;
}

static bool kind_json(struct http_req *r, const struct approval_kind *k, json_t **out)
{
    struct approval_rule *rules = NULL;
    int n = 0;
    bool configured = false;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, approval_rules_get(&r->ctx, k, &rules, &n, &configured, &err), &err))
        return false;
    json_t *defaults_n = NULL;
    int nd = 0;
    while (k->defaults && k->defaults[nd].approver)
        nd++;
    defaults_n = rules_json(r, k->defaults, nd);
    *out = json_pack("{s:s, s:s, s:b, s:o, s:o}", "name", k->name, "label",
                     http_text(r, k->label_zh, k->label_en), "configured", configured, "rules",
                     rules_json(r, rules, n), "defaults", defaults_n);
    return true;
}

static void get_kinds(struct http_req *r)
{
    size_t n = 0;
    const struct approval_kind *const *kinds = registry_approval_kinds(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *k = NULL;
        if (!kind_json(r, kinds[i], &k)) {
            json_decref(a);
            return;
        }
        json_array_append_new(a, k);
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void put_rules(struct http_req *r)
{
    const char *name = r->nparams > 0 ? r->params[0] : NULL;
    const struct approval_kind *k = approval_kind_find(name);
    if (!k) {
        http_reply_error(r, 404, "not_found", "", "没有这种审批申请", "no such kind of request");
        return;
    }
    json_t *o = http_body_object(r);
    if (!o)
        return;
    json_t *a = json_object_get(o, "rules");
    if (!json_is_array(a) || json_array_size(a) > 10) {
        http_reply_error(r, 400, "invalid", "rules", "rules 须为最多10条规则的数组",
                         "rules must be an array of at most 10 rules");
        return;
    }
    size_t n = json_array_size(a);
    struct approval_rule *rules = arena_alloc(r->ctx.arena, sizeof(*rules) * (n + 1));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(a, i);
        const char *approver = NULL, *role = NULL;
        int64_t min_amount = 0, max_amount = 0, min_secrecy = 0, hours = 24;
        if (!json_is_object(x) || !http_get_str(r, x, "approver", &approver) ||
            !http_get_str(r, x, "role", &role) || !http_get_int(r, x, "min_amount", &min_amount) ||
            !http_get_int(r, x, "max_amount", &max_amount) ||
            !http_get_int(r, x, "min_secrecy", &min_secrecy) ||
            !http_get_int(r, x, "hours", &hours)) {
            if (!json_is_object(x))
                http_reply_error(r, 400, "invalid", "rules", "每条规则须为对象",
                                 "each rule must be an object");
            return;
        }
        rules[i] =
            (struct approval_rule){approver,
                                   role ? role : "",
                                   min_amount,
                                   max_amount,
                                   min_secrecy > 2 || min_secrecy < 0 ? -1 : (int)min_secrecy,
                                   hours > 100000 || hours < 0 ? 0 : (int)hours};
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, approval_rules_put(&r->ctx, k, rules, (int)n, &err), &err))
        return;
    json_t *out = NULL;
    if (kind_json(r, k, &out))
        http_reply_json(r, 200, out);
}

/* ---- the inbox ---- */

static void get_notifications(struct http_req *r)
{
    struct notification_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &notification_list_spec, &f, &pg))
        return;
    bool unread_only = f.unread == 1;
    struct notification *items = NULL;
    int n = 0;
    int64_t unread = 0;
    const char *next = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, notification_list(&r->ctx, unread_only, &pg, &items, &n, &unread, &next, &err),
            &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const struct notification *x = &items[i];
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:b, s:s}", "id", (json_int_t)x->id,
                         "kind", x->kind, "text", http_text(r, x->text_zh, x->text_en),
                         "request_id", (json_int_t)x->subject_id, "request_kind", x->request_kind,
                         "created_at", http_json_time(r, x->created_at), "read", x->read_at != 0,
                         "link", x->link ? x->link : ""));
    }
    json_t *o = json_pack("{s:o, s:I}", "items", a, "unread", (json_int_t)unread);
    http_list_set_tail(o, next, NULL);
    http_reply_json(r, 200, o);
}

static void get_unread(struct http_req *r)
{
    int64_t unread = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, notification_unread(&r->ctx, &unread, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I}", "unread", (json_int_t)unread));
}

static void post_read(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t id = 0, up_to = 0;
    if (!o || !http_get_int(r, o, "id", &id) || !http_get_int(r, o, "up_to", &up_to))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, notification_read(&r->ctx, id, up_to, &err), &err))
        return;
    get_unread(r);
}

static const struct route approval_routes[] = {
    {"GET", "/api/v1/approvals", get_approvals, 0},
    {"POST", "/api/v1/approvals", post_approval, 0},
    {"GET", "/api/v1/approvals/:id", get_approval, 0},
    {"POST", "/api/v1/approvals/:id/approve", post_approve, 0},
    {"POST", "/api/v1/approvals/:id/reject", post_reject, 0},
    {"POST", "/api/v1/approvals/:id/return", post_return, 0},
    {"POST", "/api/v1/approvals/:id/withdraw", post_withdraw, 0},
    {"POST", "/api/v1/approvals/:id/resubmit", post_resubmit, 0},
    {"GET", "/api/v1/approval-kinds", get_kinds, 0},
    {"PUT", "/api/v1/approval-kinds/:name/rules", put_rules, 0},
    {"GET", "/api/v1/notifications", get_notifications, 0},
    {"GET", "/api/v1/notifications/unread", get_unread, 0},
    {"POST", "/api/v1/notifications/read", post_read, 0},
    {0},
};

const struct capability approvals_capability = {
    .name = "approvals",
    .label_zh = "审批",
    .label_en = "Approvals",
    .routes = {approval_routes},
    .perms = approval_perms,
    .audit_actions = approval_audit_actions,
    .job_kinds = (const struct job_kind *const[]){&approval_remind_kind, NULL},
    .tasks = (const struct job_task *const[]){&approval_remind_task, NULL},
    .settings = approval_settings,
    .holdings = (const struct holding_kind *const[]){&approval_holding, NULL},
};
