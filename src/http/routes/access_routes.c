/* Access requests (R-SEC-3): the kind is filed through /api/v1/approvals; here, my grants. */
#include "access/access.h"
#include "account/account.h"
#include "app/registry.h"
#include "customer/customer.h"
#include "http/http.h"
#include "secrecy/secrecy.h"

static void get_grants(struct http_req *r)
{
    struct customer_grant *g = NULL;
    int n = 0;
    struct kh_err err;
    if (!http_reply_status(r, customer_grants_mine(&r->ctx, &g, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:{s:I, s:s, s:s, s:s}, s:o, s:o}", "request_id",
                                           (json_int_t)g[i].request_id, "customer", "id",
                                           (json_int_t)g[i].customer_id, "code", g[i].code, "name",
                                           g[i].name, "secrecy", secrecy_name(g[i].secrecy),
                                           "starts_at", http_json_time(r, g[i].starts_at),
                                           "ends_at", http_json_time(r, g[i].ends_at)));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* The visitors an access request may be filed for (R-SEC-4). */
static void get_visitors(struct http_req *r)
{
    struct user *v = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, account_visitors(&r->ctx, &v, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)v[i].id, "name",
                                           v[i].display_name, "organization", v[i].organization));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

static const struct route access_routes[] = {
    {"GET", "/api/v1/access-grants", get_grants, 0},
    {"GET", "/api/v1/visitors", get_visitors, 0},
    {0},
};

const struct capability access_capability = {
    .name = "access",
    .label_zh = "查阅申请",
    .label_en = "Access requests",
    .routes = {access_routes},
    .settings = access_settings,
    .approval_kinds = (const struct approval_kind *const[]){&access_approval_read, NULL},
};
