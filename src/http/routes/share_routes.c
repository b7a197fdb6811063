/* Sharing between branches (R-OWN-6): the rules the general manager sets and revokes. */
#include <string.h>

#include "customer/customer_share.h"
#include "app/registry.h"
#include "http/http.h"

static json_t *share_json(const struct http_req *r, const struct branch_share *x)
{
    return json_pack("{s:I, s:{s:I, s:s}, s:{s:I, s:s}, s:s, s:s, s:o, s:o, s:o}", "id",
                     (json_int_t)x->id, "from_branch", "id", (json_int_t)x->from_branch_id, "name",
                     x->from_name, "to_branch", "id", (json_int_t)x->to_branch_id, "name",
                     x->to_name, "grade", x->grade, "note", x->note, "created_by",
                     http_json_actor(r, x->created_by, x->created_by_name), "created_at",
                     http_json_time(r, x->created_at), "revoked_at",
                     x->revoked_at ? http_json_time(r, x->revoked_at) : json_null());
}

/* GET /branch-shares[?revoked=true]: the rules in force (and the revoked ones when asked). */
static void get_shares(struct http_req *r)
{
    const char *rv = http_query(r, "revoked");
    if (rv && strcmp(rv, "true") && strcmp(rv, "false")) {
        http_reply_error(r, 400, "invalid", "revoked", "revoked 应为 true 或 false",
                         "revoked must be true or false");
        return;
    }
    struct branch_share *items = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(
            r, customer_share_list(&r->ctx, rv && !strcmp(rv, "true"), &items, &n, &err), &err))
        return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, share_json(r, &items[i]));
    http_reply_json(r, 200, json_pack("{s:o}", "items", a));
}

/* POST /branch-shares {from_branch_id, to_branch_id, grade, note} */
static void post_share(struct http_req *r)
{
    json_t *o = http_body_object(r);
    int64_t from = 0, to = 0;
    const char *grade = NULL, *note = NULL;
    if (!o || !http_get_int(r, o, "from_branch_id", &from) ||
        !http_get_int(r, o, "to_branch_id", &to) || !http_get_str(r, o, "grade", &grade) ||
        !http_get_str(r, o, "note", &note))
        return;
    struct branch_share x;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_share_create(&r->ctx, from, to, grade, note, &x, &err), &err))
        http_reply_json(r, 201, share_json(r, &x));
}

/* POST /branch-shares/:id/revoke {} */
static void post_revoke(struct http_req *r)
{
    int64_t id = http_param_id(r, 0);
    if (!id || !http_body_object(r))
        return;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, customer_share_revoke(&r->ctx, id, &err), &err))
        http_reply_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "revoked", 1));
}

const struct route share_routes[] = {
    {"GET", "/api/v1/branch-shares", get_shares, 0},
    {"POST", "/api/v1/branch-shares", post_share, 0},
    {"POST", "/api/v1/branch-shares/:id/revoke", post_revoke, 0},
    {0},
};
