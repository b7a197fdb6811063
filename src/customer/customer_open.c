/*
 * The customer as other capabilities see it when they attach records to it
 * (interactions, tasks): the same visibility decision as every path of the
 * archive, answered with the few fields they need.
 */
#include <string.h>

#include "customer/customer.h"
#include "customer/customer_internal.h"
#include "customer/customer_store.h"

static void brief_of(const struct customer *c, struct customer_brief *out)
{
    *out = (struct customer_brief){.id = c->id,
                                   .owner_id = c->owner_id,
                                   .department_id = c->department_id,
                                   .secrecy = c->secrecy,
                                   .code = c->code,
                                   .name = c->name,
                                   .owner_name = c->owner_name,
                                   .archived = c->archived};
}

enum kh_status customer_open(const struct kh_ctx *ctx, int64_t id, bool write,
                             struct customer_brief *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct customer c;
    enum kh_status st = write ? customer__load_visible(ctx, id, &c, err)
                              : customer__load_readable(ctx, id, &c, err);
    if (!st)
        brief_of(&c, out);
    return st;
}

enum kh_status customer_open_code(const struct kh_ctx *ctx, const char *code, bool write,
                                  struct customer_brief *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    int64_t id = 0;
    enum kh_status st = code && *code ? customer_store_id_by_code(ctx, code, &id, err) : KH_OK;
    if (st && st != KH_E_NOT_FOUND)
        return st;
    if (!id)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权查看",
                          "customer not found or not visible to you");
    return customer_open(ctx, id, write, out, err);
}

enum kh_status customer_user_sees(const struct kh_ctx *ctx, const struct customer_brief *c,
                                  int64_t user_id, bool *sees, struct kh_err *err)
{
    *sees = false;
    struct owner_user u;
    enum kh_status st = customer_store_user(ctx, user_id, &u, err);
    if (st)
        return st;
    struct kh_actor a;
    memset(&a, 0, sizeof(a));
    (void)actor_scopes_parse(&a, u.scopes);
    a.user_id = u.id;
    a.department_id = u.department_id;
    a.clearance = (unsigned char)u.clearance;
    struct customer_scope scope = customer_scope_of(&a);
    *sees = u.active && customer_scope_allows(&scope, c->owner_id, c->department_id, c->secrecy);
    return KH_OK;
}
