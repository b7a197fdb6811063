/* Sharing between branches (R-OWN-6): the rules, who sets them, and what they let a manager read.
 */
#include "customer/customer_share.h"

#include <string.h>

#include "core/utf8.h"
#include "customer/customer_internal.h"
#include "customer/customer_store.h"

const struct kh_perm customer_perm_share = {"customer.share", "设定分公司共享规则",
                                            "Set sharing between branches"};

#define NOTE_MAX 200

static enum kh_status must_share(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &customer_perm_share)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "没有设定分公司共享规则的权限",
                            "not allowed to set sharing between branches");
}

enum kh_status customer_share_list(const struct kh_ctx *ctx, bool with_revoked,
                                   struct branch_share **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    enum kh_status st = must_share(ctx, err);
    return st ? st : customer_store_shares(ctx, with_revoked, 0, out, count, err);
}

enum kh_status customer_share_create(const struct kh_ctx *ctx, int64_t from_branch,
                                     int64_t to_branch, const char *grade, const char *note,
                                     struct branch_share *out, struct kh_err *err)
{
    enum kh_status st = must_share(ctx, err);
    if (st)
        return st;
    if (from_branch <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "from_branch_id", "请选择共享客户的分公司",
                          "choose the branch whose customers are shared");
    if (to_branch <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "to_branch_id", "请选择获得查看权的分公司",
                          "choose the branch that reads them");
    if (from_branch == to_branch)
        return kh_err_set(err, KH_E_VALIDATION, "to_branch_id", "不能把分公司的客户共享给它自己",
                          "a branch cannot share its customers with itself");
    if (!grade)
        grade = "";
    if (*grade && !customer__choice_ok(KH_CHOICE_GRADES, grade))
        return kh_err_set(err, KH_E_VALIDATION, "grade", "客户等级不是有效的选项（留空为全部等级）",
                          "grade is not one of the grades (empty for every grade)");
    if (!note)
        note = "";
    if (!utf8_text_ok(note, NOTE_MAX, false))
        return kh_err_set(err, KH_E_VALIDATION, "note", "说明最多200字",
                          "note: at most 200 characters");
    int64_t id = 0;
    if ((st = customer_store_share_add(ctx, from_branch, to_branch, grade, note, &id, err)))
        return st;
    struct branch_share *one = NULL;
    int n = 0;
    if ((st = customer_store_shares(ctx, true, id, &one, &n, err)))
        return st;
    if (n != 1)
        return kh_err_set(err, KH_E_INTERNAL, "", "共享规则写入后读取失败",
                          "the sharing rule just written is missing");
    *out = one[0];
    return KH_OK;
}

enum kh_status customer_share_revoke(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    enum kh_status st = must_share(ctx, err);
    return st ? st : customer_store_share_revoke(ctx, id, err);
}
