/* Customers: list, create, read, update, archive, transfer, history, contacts. */
#include <string.h>

#include "core/jsonw.h"
#include "core/str.h"
#include "audit/audit.h"
#include "customer/customer.h"
#include "customer/customer_pool.h"
#include "customer/customer_json.h"
#include "app/registry.h"
#include "http/http.h"
#include "http/routes/loan_json.h"
#include "http/http_list.h"
#include "http/routes/customer_input.h"

static void reply_record(struct http_req *r, int status, const struct customer *c)
{
    struct buf b;
    buf_init(&b, 0);
    customer_json_write_open(&b, ctx_tz(&r->ctx), c, true);
    jw_key(&b, "contacts");
    buf_putc(&b, '[');
    for (int i = 0; i < c->ncontacts; i++) {
        jw_item(&b);
        customer_json_write_contact(&b, &c->contacts[i]);
    }
    buf_puts(&b, "]}");
    http_reply_buf(r, status, &b);
}

static void post_customer(struct http_req *r)
{
    json_t *o = http_body_object(r);
    struct customer_input in;
    if (!o || !customer_input_from_json(r, o, &in))
        return;
    int64_t id = 0;
    struct customer c;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_create(&r->ctx, &in, &id, &c, &err), &err))
        reply_record(r, 201, &c);
}

static void get_customer(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct customer c;
    struct kh_err err;
    kh_err_clear(&err);
    if (id && http_reply_status(r, customer_get(&r->ctx, id, &c, &err), &err))
        reply_record(r, 200, &c);
}

static void patch_customer(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct customer_input in;
    if (!o || !customer_input_any_known(r, o) || !customer_input_from_json(r, o, &in))
        return;
    struct customer c;
    struct kh_err err;
    kh_err_clear(&err);
    int64_t pending = 0;
    if (!http_reply_status(r, customer_update(&r->ctx, id, &in, &c, &pending, &err), &err))
        return;
    if (pending) /* R-ARC-12: waiting for the manager's confirmation */
        http_reply_json(
            r, 202,
            json_pack("{s:I, s:s}", "approval_id", (json_int_t)pending, "state", "pending"));
    else
        reply_record(r, 200, &c);
}

static void set_archived(struct http_req *r, bool archived)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_set_archived(&r->ctx, id, archived, &err), &err))
        http_reply_ok(r);
}

static void post_archive(struct http_req *r)
{
    set_archived(r, true);
}

static void post_unarchive(struct http_req *r)
{
    set_archived(r, false);
}

static void post_transfer(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    int64_t owner = 0;
    const char *reason = NULL;
    if (!o || !http_get_int(r, o, "owner_id", &owner) || !http_get_str(r, o, "reason", &reason))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_transfer(&r->ctx, id, owner, reason, &err), &err))
        http_reply_ok(r);
}

/* POST /customers/:id/reveal {field, contact_id?}: one masked field in full, audited (R-SEC-13). */
static void post_reveal(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    const char *field = NULL;
    int64_t contact = 0;
    if (!o || !http_get_str(r, o, "field", &field) || !http_get_int(r, o, "contact_id", &contact))
        return;
    const char *value = NULL;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_reveal(&r->ctx, id, field, contact, &value, &err), &err))
        http_reply_json(r, 200, json_pack("{s:s, s:s}", "field", field, "value", value));
}

/* POST /customers/:id/merge {duplicate_id, reason, take?, version?}: R-ARC-8. */
static void post_merge(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    struct customer_merge_input mi = {.version = -1};
    if (!o || !http_get_int(r, o, "duplicate_id", &mi.duplicate_id) ||
        !http_get_str(r, o, "reason", &mi.reason) || !http_get_int(r, o, "version", &mi.version))
        return;
    json_t *take = json_object_get(o, "take");
    if (take && !json_is_null(take) &&
        !customer_json_strings_from(&r->arena, take, &mi.take, &mi.ntake)) {
        http_reply_error(r, 400, "invalid", "take", "take 必须是字段名数组",
                         "take must be an array of field names");
        return;
    }
    struct customer c;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_merge(&r->ctx, id, &mi, &c, &err), &err))
        reply_record(r, 200, &c);
}

/* POST /customers/transfer {ids, owner_id, reason}: all of them or none. */
static void post_transfer_many(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t *ids = NULL;
    int n = 0;
    int64_t owner = 0;
    const char *reason = NULL;
    if (!o || !http_get_ids(r, o, "ids", CUSTOMER_TRANSFER_MAX, &ids, &n) ||
        !http_get_int(r, o, "owner_id", &owner) || !http_get_str(r, o, "reason", &reason))
        return;
    int done = 0, same = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(
            r, customer_transfer_many(&r->ctx, ids, n, owner, reason, &done, &same, &err), &err))
        http_reply_json(r, 200, json_pack("{s:i, s:i}", "transferred", done, "unchanged", same));
}

/* GET /customers/transfer-targets?ids=1,2: the users those customers may go to. */
static void get_transfer_targets(struct http_req *r)
{
    int64_t *ids = NULL;
    int n = 0;
    if (!http_query_ids(r, "ids", CUSTOMER_TRANSFER_MAX, &ids, &n))
        return;
    struct owner_user *users = NULL;
    int count = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_transfer_targets(&r->ctx, ids, n, &users, &count, &err),
                           &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(
            a,
            json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)users[i].id, "username",
                      users[i].username, "display_name", users[i].name, "role", users[i].role,
                      "department_id",
                      users[i].department_id ? json_integer(users[i].department_id) : json_null()));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_owner_history(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct owner_change *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!id || !http_reply_status(r, customer_owner_history(&r->ctx, id, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:o, s:o, s:o, s:s, s:o}", "from",
                         http_json_ref(list[i].from_id, list[i].from_name), "to",
                         http_json_ref(list[i].to_id, list[i].to_name), "by",
                         http_json_actor(r, list[i].by_id, list[i].by_name), "reason",
                         list[i].created ? http_text(r, "创建客户", "Created the customer")
                                         : list[i].reason,
                         "at", http_json_time(r, list[i].at)));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static void get_field_history(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct field_change *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!id || !http_reply_status(r, customer_field_history(&r->ctx, id, &list, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:o}", "field", list[i].field,
                                           "old", list[i].old_value, "new", list[i].new_value, "by",
                                           http_json_actor(r, list[i].by_id, list[i].by_name), "at",
                                           http_json_time(r, list[i].at)));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* ---- list ---- */

static void get_customers(struct http_req *r)
{
    struct customer_filter f = {0};
    struct list_page pg;
    if (!http_list_query(r, &customer_list_spec, &f, &pg))
        return;
    f.limit = pg.limit;
    f.cursor = pg.cursor;
    /* Counted when asked, on a first page (DECISIONS §43): a count can cost far more than a page.
     */
    f.with_total = !f.cursor && pg.total;
    struct customer_page page;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, customer_list(&r->ctx, &f, &page, &err), &err))
        return;
    struct buf b;
    buf_init(&b, 0);
    /* A record is about 1 KB of JSON: one allocation instead of a dozen doublings. */
    (void)buf_space(&b, 1024 * (size_t)page.count + 256);
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i < page.count; i++) {
        jw_item(&b);
        customer_json_write(&b, ctx_tz(&r->ctx), &page.items[i], false);
    }
    buf_putc(&b, ']');
    http_list_write_tail(&b, page.next_cursor, f.with_total ? &page.total : NULL);
    if (page.search_building) { /* imported customers wait for the search index (§157) */
        static const char zh[] = "正在为导入的客户建立搜索索引：刚导入的客户可能暂时搜不到，"
                                 "建好后即可搜到（列表和筛选已包含他们）";
        static const char en[] = "the search index of imported customers is being built: customers "
                                 "just imported may not be found by search until it is done (lists "
                                 "and filters include them already)";
        buf_puts(&b, ",\"search_index\":{\"state\":\"building\",\"message\":");
        jw_str(&b, r->english ? en : zh);
        buf_puts(&b, ",\"message_zh\":");
        jw_str(&b, zh);
        buf_puts(&b, ",\"message_en\":");
        jw_str(&b, en);
        buf_putc(&b, '}');
    }
    buf_putc(&b, '}');
    http_reply_buf(r, 200, &b);
}

/* ---- contacts ---- */

/* The trail pages with limit and cursor only. */
static const struct list_field no_fields[] = {{0}};
static const struct list_spec access_log_spec = {.name = "access-log", .fields = no_fields};

/* Who saw this customer (issue 12 item 12): its audit trail and its grants. */
static void get_access_log(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id)
        return;
    struct list_page pg;
    char none = 0;
    if (!http_list_query(r, &access_log_spec, &none, &pg))
        return;
    struct audit_page page;
    struct customer_grant_of *g = NULL;
    int ng = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, customer_access_log(&r->ctx, id, pg.cursor, pg.limit, &page, &g, &ng, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < page.count; i++) {
        const struct audit_row *e = &page.rows[i];
        const struct kh_audit_action *act = registry_audit_action(e->action);
        int64_t req = customer_log_request(e->detail);
        json_array_append_new(a,
                              json_pack("{s:I, s:o, s:o, s:s, s:s, s:s?, s:s, s:o, s:i}", "id",
                                        (json_int_t)e->id, "at", http_json_time(r, e->at), "actor",
                                        http_json_actor(r, e->actor_id, e->actor_name), "address",
                                        e->address, "action", e->action, "action_label",
                                        act ? http_text(r, act->label_zh, act->label_en) : NULL,
                                        "detail", e->detail, "request_id",
                                        req ? json_integer(req) : json_null(), "reads", e->reads));
    }
    json_t *grants = json_array();
    for (int i = 0; i < ng; i++)
        json_array_append_new(grants, json_pack("{s:I, s:o, s:o, s:o}", "request_id",
                                                (json_int_t)g[i].request_id, "user",
                                                http_json_ref(g[i].user_id, g[i].user_name),
                                                "starts_at", http_json_time(r, g[i].starts_at),
                                                "ends_at", http_json_time(r, g[i].ends_at)));
    json_t *o = json_pack("{s:o, s:o}", "items", a, "grants", grants);
    /* With the first page: the loans that hold this customer (checkouts, its own file). */
    if (!pg.cursor) {
        struct loan *loans = NULL;
        int nl = 0;
        if (!http_reply_status(r, loan_list_of_customer(&r->ctx, id, &loans, &nl, &err), &err)) {
            json_decref(o);
            return;
        }
        json_t *la = json_array();
        for (int i = 0; i < nl; i++)
            json_array_append_new(la, loan_json(r, &loans[i]));
        json_object_set_new(o, "loans", la);
    }
    http_list_set_tail(o, page.next_cursor, NULL);
    http_reply_json(r, 200, o);
}

static void get_contacts(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    struct contact *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!id || !http_reply_status(r, customer_contacts(&r->ctx, id, &list, &n, &err), &err))
        return;
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        jw_item(&b);
        customer_json_write_contact(&b, &list[i]);
    }
    buf_puts(&b, "]}");
    http_reply_buf(r, 200, &b);
}

static void save_contact(struct http_req *r, int64_t contact_id)
{
    int64_t id = http_param_id(r, 0);
    json_t *o = id ? http_body_object(r) : NULL;
    if (!o)
        return;
    struct contact c;
    memset(&c, 0, sizeof(c));
    int dm = -1;
    if (!http_get_str(r, o, "name", &c.name) || !http_get_str(r, o, "relation", &c.relation) ||
        !http_get_str(r, o, "position", &c.position) || !http_get_str(r, o, "mobile", &c.mobile) ||
        !http_get_str(r, o, "email", &c.email) || !http_get_str(r, o, "birthday", &c.birthday) ||
        !http_get_str(r, o, "interests", &c.interests) || !http_get_str(r, o, "notes", &c.notes) ||
        !http_get_bool(r, o, "is_decision_maker", &dm))
        return;
    if (!contact_id && !c.name) {
        http_reply_error(r, 422, "validation", "name", "请填写联系人姓名",
                         "contact name is required");
        return;
    }
    int64_t cid = 0;
    struct contact saved;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, customer_contact_save(&r->ctx, id, contact_id, &c, dm, &cid, &saved, &err), &err))
        return;
    struct buf b;
    buf_init(&b, 0);
    customer_json_write_contact(&b, &saved);
    http_reply_buf(r, contact_id ? 200 : 201, &b);
}

static void post_contact(struct http_req *r)
{
    save_contact(r, 0);
}

static void patch_contact(struct http_req *r)
{
    int64_t cid = http_param_id(r, 1);
    if (cid)
        save_contact(r, cid);
}

static void delete_contact(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    int64_t cid = id ? http_param_id(r, 1) : 0;
    if (!cid)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_contact_delete(&r->ctx, id, cid, &err), &err))
        http_reply_ok(r);
}

static const struct route customer_routes[] = {
    {"GET", "/api/v1/customers", get_customers, 0},
    {"POST", "/api/v1/customers", post_customer, 0},
    /* Before "/customers/:id": the first matching route answers. */
    {"GET", "/api/v1/customers/transfer-targets", get_transfer_targets, 0},
    {"POST", "/api/v1/customers/transfer", post_transfer_many, 0},
    {"GET", "/api/v1/customers/:id", get_customer, ROUTE_FAST},
    {"PATCH", "/api/v1/customers/:id", patch_customer, 0},
    {"POST", "/api/v1/customers/:id/archive", post_archive, 0},
    {"POST", "/api/v1/customers/:id/unarchive", post_unarchive, 0},
    {"POST", "/api/v1/customers/:id/transfer", post_transfer, 0},
    {"POST", "/api/v1/customers/:id/reveal", post_reveal, 0},
    {"POST", "/api/v1/customers/:id/merge", post_merge, 0},
    {"GET", "/api/v1/customers/:id/owner-history", get_owner_history, ROUTE_FAST},
    {"GET", "/api/v1/customers/:id/access-log", get_access_log, 0},
    {"GET", "/api/v1/customers/:id/field-history", get_field_history, ROUTE_FAST},
    {"GET", "/api/v1/customers/:id/contacts", get_contacts, ROUTE_FAST},
    {"POST", "/api/v1/customers/:id/contacts", post_contact, 0},
    {"PATCH", "/api/v1/customers/:id/contacts/:cid", patch_contact, 0},
    {"DELETE", "/api/v1/customers/:id/contacts/:cid", delete_contact, 0},
    {0},
};

extern const struct route pool_routes[];
extern const struct route share_routes[];

const struct capability customers_capability = {
    .name = "customers",
    .label_zh = "客户档案",
    .label_en = "Customer archive",
    .routes = {customer_routes, pool_routes, share_routes},
    .perms = customer_perms,
    .scopes = customer_scopes,
    .audit_actions = customer_audit_actions,
    .holdings = (const struct holding_kind *const[]){&customer_holding, NULL},
    .approval_kinds = (const struct approval_kind *const[]){&customer_approval_key_change, NULL},
    .settings = (const struct kh_setting *const[]){&customer_setting_confirm_a_grade,
                                                   &customer_setting_entry_deadline,
                                                   &customer_setting_pool_max_owned,
                                                   &customer_setting_pool_claims_per_day, NULL},
    .job_kinds = (const struct job_kind *const[]){&customer_reclaim_kind,
                                                  &customer_search_backlog_kind, NULL},
    .tasks = (const struct job_task *const[]){&customer_reclaim_task, &customer_search_backlog_task,
                                              NULL},
};
