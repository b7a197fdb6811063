/* Health, reference data (meta, regions), the company time zone and the test clock. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#include "core/buf.h"
#include "db/db.h"
#include "customer/customer.h"
#include "app/registry.h"
#include "http/http.h"
#include "settings/settings.h"
#include "region/region.h"

/* For load balancers: 200 while the database answers, 503 (at once, not a hang) when it does not.
 */
static void get_healthz(struct http_req *r)
{
    if (!db_reachable(r->ctx.db)) {
        http_reply_json(r, 503,
                        json_pack("{s:s,s:s}", "status", "unavailable", "database", "unreachable"));
        return;
    }
    http_reply_json(r, 200, json_pack("{s:s,s:s}", "status", "ok", "database", "ok"));
}

static void put_test_clock(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    const char *now = NULL;
    int64_t adv = 0;
    if (!http_get_str(r, o, "now", &now) || !http_get_int(r, o, "advance_seconds", &adv))
        return;
    struct kh_clock *c = http_server_clock(r->server);
    int64_t t = 0;
    if (now) {
        if (!time_parse_iso(ctx_tz(&r->ctx), now, &t)) {
            http_reply_error(r, 422, "validation", "now", "时间格式应为 RFC 3339",
                             "now must be an RFC 3339 time");
            return;
        }
        clock_set(c, t);
    } else if (adv) {
        clock_advance(c, adv);
    } else {
        http_reply_error(r, 422, "validation", "now", "请提供 now 或 advance_seconds",
                         "give now or advance_seconds");
        return;
    }
    http_reply_json(r, 200, json_pack("{s:o}", "now", http_json_time(r, clock_now(c))));
}

/* {"timezone":"Europe/Berlin","offset":"+01:00","now":"2026-01-05T02:00:00+01:00"} */
static void reply_timezone(struct http_req *r, const struct kh_tz *tz)
{
    char now[40];
    time_format_iso(tz, ctx_now(&r->ctx), now, sizeof(now));
    size_t n = strlen(now);
    http_reply_json(r, 200,
                    json_pack("{s:s, s:s, s:s}", "timezone", tz_name(tz), "offset",
                              n >= 6 ? now + n - 6 : now, "now", now));
}

static void get_timezone(struct http_req *r)
{
    reply_timezone(r, ctx_tz(&r->ctx));
}

static void put_timezone(struct http_req *r)
{
    json_t *o = http_body_object(r);
    const char *name = NULL;
    if (!o || !http_get_str(r, o, "timezone", &name))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, settings_tz_put(&r->ctx, name, &err), &err))
        return;
    reply_timezone(r, settings_tz_hold(&r->ctx)); /* the new zone: this request held the old */
}

/* The registered settings with their values, labels, units and ranges. */
static void reply_parameters(struct http_req *r)
{
    struct settings_value *v = NULL;
    size_t n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, settings_list(&r->ctx, &v, &n, &err), &err))
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct kh_setting *s = v[i].setting;
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:b}",
                             "key", s->key, "capability", v[i].cap->name, "capability_zh",
                             v[i].cap->label_zh, "capability_en", v[i].cap->label_en, "label_zh",
                             s->label_zh, "label_en", s->label_en, "unit_zh", s->unit_zh, "unit_en",
                             s->unit_en, "value", (json_int_t)v[i].value, "default",
                             (json_int_t)s->def, "min", (json_int_t)s->min, "max",
                             (json_int_t)s->max, "is_default", v[i].is_default));
    }
    http_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static void get_parameters(struct http_req *r)
{
    reply_parameters(r);
}

/* {"session_hours": 8, ...}: every key a registered setting, every value a whole number in range.
 */
static void put_parameters(struct http_req *r)
{
    json_t *o = http_body_object(r);
    if (!o)
        return;
    size_t n = json_object_size(o); /* none: settings_change says so */
    if (n > 64) {
        http_reply_error(r, 422, "validation", "", "一次最多修改 64 个设置项",
                         "at most 64 settings at a time");
        return;
    }
    const char **keys = arena_alloc(r->ctx.arena, sizeof(*keys) * (n ? n : 1));
    int64_t *values = arena_alloc(r->ctx.arena, sizeof(*values) * (n ? n : 1));
    int i = 0;
    const char *key;
    json_t *val;
    json_object_foreach (o, key, val) {
        if (!json_is_integer(val)) {
            http_reply_error(r, 422, "validation", key, "应为整数", "must be a whole number");
            return;
        }
        keys[i] = key;
        values[i++] = (int64_t)json_integer_value(val);
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, settings_change(&r->ctx, keys, values, i, &err), &err))
        reply_parameters(r);
}

#ifdef KH_FAULT_INJECTION
/*
 * Builds with the database fault hook, test clock on: {"db_call": N} arms
 * it for the next request (or, with "scope": "job", the next job run) on
 * this server: that scope's N-th database call fails (db.h). 0 disarms.
 */
static void put_test_fault(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t n = -1;
    const char *scope = "request";
    if (!o || !http_get_int(r, o, "db_call", &n) || !http_get_str(r, o, "scope", &scope))
        return;
    bool job = scope && !strcmp(scope, "job");
    if (n < 0 || n > 1000000 || !scope || (!job && strcmp(scope, "request") != 0)) {
        http_reply_error(r, 422, "validation", n < 0 || n > 1000000 ? "db_call" : "scope",
                         "db_call 应为 0 到 1000000，scope 为 request 或 job",
                         "db_call must be 0-1000000 and scope request or job");
        return;
    }
    if (n == 0)
        db_fault_disarm();
    else
        db_fault_arm_next(job ? DB_FAULT_JOB : DB_FAULT_REQUEST, (int)n);
    http_reply_json(r, 200, json_pack("{s:I, s:s}", "db_call", (json_int_t)n, "scope", scope));
}

/* Whether the armed fault fired, once the background writes the last request queued ran. */
static void get_test_fault(struct http_req *r)
{
    db_fault_settle(r->ctx.db);
    http_reply_json(
        r, 200,
        json_pack("{s:b, s:i}", "fired", db_fault_fired(), "remaining", db_fault_remaining()));
}
#endif

static void get_meta(struct http_req *r)
{
    json_t *o = json_object();
    for (int i = 0; i < KH_CHOICE_SET_COUNT; i++) {
        const char *name = NULL;
        const struct kh_choice *set = customer_choice_set(i, &name);
        json_object_set_new(o, name, http_json_choices(set));
    }
    http_reply_json(r, 200, o);
}

static json_t *labelled(const char *key, const char *name, const char *zh, const char *en)
{
    return json_pack("{s:s, s:s, s:s}", key, name, "label_zh", zh, "label_en", en);
}

static json_t *capability_json(const struct capability *c)
{
    json_t *perms = json_array(), *scopes = json_array(), *actions = json_array();
    for (const struct kh_perm *const *p = c->perms; p && *p; p++)
        json_array_append_new(perms, labelled("name", (*p)->name, (*p)->label_zh, (*p)->label_en));
    for (const struct kh_scope_kind *const *k = c->scopes; k && *k; k++)
        json_array_append_new(scopes, labelled("name", (*k)->name, (*k)->label_zh, (*k)->label_en));
    for (const struct kh_audit_action *a = c->audit_actions; a && a->action; a++)
        json_array_append_new(actions, labelled("action", a->action, a->label_zh, a->label_en));
    json_t *o = labelled("name", c->name, c->label_zh, c->label_en);
    json_object_set_new(o, "permissions", perms);
    json_object_set_new(o, "scopes", scopes);
    json_object_set_new(o, "audit_actions", actions);
    return o;
}

/* What each capability declares: permission, scope and audit action names with their labels. */
static void get_capabilities(struct http_req *r)
{
    size_t n = 0;
    const struct capability *const *caps = registry_capabilities(&n);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, capability_json(caps[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *region_tree(int parent)
{
    const struct region *kids[64];
    size_t total = region_children(parent, NULL, 0);
    json_t *a = json_array();
    const struct region **list = kids;
    struct arena tmp;
    arena_init(&tmp);
    if (total > 64)
        list = arena_alloc(&tmp, sizeof(*list) * total);
    total = region_children(parent, list, total);
    for (size_t i = 0; i < total; i++) {
        json_t *n = json_pack("{s:i, s:s}", "code", list[i]->code, "name", list[i]->name);
        if (list[i]->code % 100 == 0) {
            json_t *ch = region_tree(list[i]->code);
            if (json_array_size(ch))
                json_object_set_new(n, "children", ch);
            else
                json_decref(ch);
        }
        json_array_append_new(a, n);
    }
    arena_release(&tmp);
    return a;
}

/* The tree never changes while the server runs: build it once. */
static char *regions_json;
static pthread_once_t regions_once = PTHREAD_ONCE_INIT;

static void build_regions(void)
{
    json_t *tree = json_pack("{s:o}", "items", region_tree(0));
    regions_json = json_dumps(tree, JSON_COMPACT);
    json_decref(tree);
}

static void get_regions(struct http_req *r)
{
    pthread_once(&regions_once, build_regions);
    size_t n = strlen(regions_json);
    r->resp_body = kh_strndup(regions_json, n);
    r->resp_len = n;
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
}

static const struct route system_routes[] = {
    {"GET", "/healthz", get_healthz, ROUTE_PUBLIC | ROUTE_FAST},
    {"PUT", "/api/v1/_test/clock", put_test_clock, ROUTE_PUBLIC | ROUTE_TEST_CLOCK},
#ifdef KH_FAULT_INJECTION
    {"PUT", "/api/v1/_test/fault", put_test_fault, ROUTE_PUBLIC | ROUTE_TEST_CLOCK},
    {"GET", "/api/v1/_test/fault", get_test_fault, ROUTE_PUBLIC | ROUTE_TEST_CLOCK},
#endif
    {"GET", "/api/v1/meta", get_meta, 0},
    {"GET", "/api/v1/capabilities", get_capabilities, 0},
    {"GET", "/api/v1/regions", get_regions, 0},
    {"GET", "/api/v1/settings/timezone", get_timezone, 0},
    {"PUT", "/api/v1/settings/timezone", put_timezone, 0},
    {"GET", "/api/v1/settings/parameters", get_parameters, 0},
    {"PUT", "/api/v1/settings/parameters", put_parameters, 0},
    {0},
};

const struct capability system_capability = {
    .name = "system",
    .label_zh = "系统",
    .label_en = "System",
    .routes = {system_routes},
    .perms = (const struct kh_perm *const[]){&settings_perm_manage, NULL},
    .audit_actions = settings_audit_actions,
};
