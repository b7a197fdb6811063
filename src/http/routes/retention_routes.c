/* Retention periods and the destruction register (R-SEC-7); requests go through /approvals. */
#include "retention/retention.h"

#include <stdio.h>
#include <string.h>

#include "app/registry.h"
#include "approval/approval.h"
#include "http/http.h"
#include "jobs/jobs.h"
#include "secrecy/secrecy.h"

static void reply_rules(struct http_req *r, int status)
{
    struct retention_rule *rules = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, retention_rules(&r->ctx, &rules, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:s, s:I}", "category", rules[i].category, "stage",
                                        rules[i].stage, "months", (json_int_t)rules[i].months));
    http_reply_json(r, status, json_pack("{s:o}", "rules", a));
}

static void get_rules(struct http_req *r)
{
    reply_rules(r, 200);
}

/* PUT {"rules":[{"category":"general","stage":"lost","months":36}, …]}: all of them. */
static void put_rules(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    json_t *a = json_object_get(o, "rules");
    if (!json_is_array(a)) {
        http_reply_error(r, 400, "invalid", "rules", "rules 须为数组", "rules must be an array");
        return;
    }
    size_t n = json_array_size(a);
    if (n > RETENTION_MAX_RULES) {
        http_reply_error(r, 422, "validation", "rules", "规则过多", "too many rules");
        return;
    }
    struct retention_rule *rules = arena_alloc(&r->arena, sizeof(*rules) * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(a, i);
        char field[40];
        snprintf(field, sizeof(field), "rules[%zu]", i);
        json_t *cat = json_object_get(x, "category"), *stage = json_object_get(x, "stage"),
               *months = json_object_get(x, "months");
        if (!json_is_object(x) || !json_is_string(cat) || !json_is_string(stage) ||
            !json_is_integer(months)) {
            http_reply_error(r, 400, "invalid", field, "每条规则须有 category、stage 和整数 months",
                             "each rule needs category, stage and whole-number months");
            return;
        }
        rules[i] = (struct retention_rule){json_string_value(cat), json_string_value(stage),
                                           json_integer_value(months)};
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, retention_rules_put(&r->ctx, rules, (int)n, &err), &err))
        reply_rules(r, 200);
}

static void get_register(struct http_req *r)
{
    int64_t before = 0, limit = 50;
    if (!http_query_int(r, "before", &before) || !http_query_int(r, "limit", &limit))
        return;
    struct destruction_page p;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, retention_register(&r->ctx, before, (int)limit, &p, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < p.count; i++) {
        const struct destruction *d = &p.items[i];
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:I, s:s, s:s, s:s, s:o}", "id",
                      (json_int_t)d->id, "code", d->code, "category", d->category, "stage",
                      d->stage, "secrecy", secrecy_name(d->secrecy), "archived_at",
                      http_json_time(r, d->archived_at), "request_id", (json_int_t)d->request_id,
                      "reason", d->reason, "requested_by", d->requested_by, "approved_by",
                      d->approved_by, "destroyed_at", http_json_time(r, d->destroyed_at));
        json_object_set_new(o, "wiped_at",
                            d->wiped_at ? http_json_time(r, d->wiped_at) : json_null());
        json_array_append_new(a, o);
    }
    json_t *o = json_pack("{s:o}", "items", a);
    json_object_set_new(o, "next_before",
                        p.next_before ? json_integer(p.next_before) : json_null());
    http_reply_json(r, 200, o);
}

static const struct route retention_routes[] = {
    {"GET", "/api/v1/retention-rules", get_rules, 0},
    {"PUT", "/api/v1/retention-rules", put_rules, 0},
    {"GET", "/api/v1/destructions", get_register, 0},
    {0},
};

const struct capability retention_capability = {
    .name = "retention",
    .label_zh = "保管期限与销毁",
    .label_en = "Retention and destruction",
    .routes = {retention_routes},
    .perms = (const struct kh_perm *const[]){&customer_perm_destroy, NULL},
    .audit_actions = retention_audit_actions,
    .approval_kinds = (const struct approval_kind *const[]){&retention_approval_destroy, NULL},
    .job_kinds = (const struct job_kind *const[]){&retention_wipe_job_kind, NULL},
    .tasks = (const struct job_task *const[]){&retention_wipe_task, NULL},
};
