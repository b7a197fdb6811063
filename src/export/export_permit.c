/* Approved exports of personal data (R-SEC-6): the request kind, the permit an approval makes. */
#include "export/export_permit.h"

#include <stdlib.h>
#include <string.h>

#include "approval/approval.h"
#include "core/arena.h"
#include "customer/customer.h"
#include "core/log.h"
#include "export/export_permit_store.h"
#include "export/export_internal.h"
#include "export/export_json.h"
#include "secrecy/secrecy.h"

const struct kh_perm export_perm_approve = {"export.approve", "审批导出（可直接导出）",
                                            "Approve exports (and export directly)"};
const struct kh_perm *const export_perms[] = {&export_perm_approve, NULL};

#define KIND "export.personal"

bool export_may_export_directly(const struct kh_ctx *ctx)
{
    return ctx_can(ctx, &export_perm_approve);
}

/*
 * What a list export would hold now: its row count, and the highest level
 * it may hold (the requester's clearance: the rules' secrecy steps apply).
 */
static enum kh_status list_extent(const struct kh_ctx *ctx, const struct customer_filter *f,
                                  int64_t *rows, bool *capped, struct kh_err *err)
{
    struct customer_filter one = *f;
    one.limit = 1;
    one.cursor = NULL;
    one.with_total = true;
    one.with_profile = false;
    one.own_reach = true; /* as the export will: without what a branch only shares */
    struct customer_page page;
    enum kh_status st = customer_list(ctx, &one, &page, err);
    if (!st) {
        *rows = page.total.count;
        *capped = page.total.capped;
    }
    return st;
}

/* Kind "export.personal": the subject is the export job's parameters (export_json_params). */
static enum kh_status personal_check(const struct kh_ctx *ctx, struct approval_draft *d,
                                     struct kh_err *err)
{
    struct export_request req;
    int64_t customer_id = 0;
    if (!d->subject || !export_json_params_decode(ctx->arena, d->subject, &req, &customer_id))
        return kh_err_set(err, KH_E_VALIDATION, "subject", "导出内容无法读取",
                          "the export asked for cannot be read");
    if (!ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "导出申请须由具体的人提出",
                          "an export request is made by a person");
    if (!d->purpose || !*d->purpose)
        return kh_err_set(err, KH_E_VALIDATION, "purpose", "请说明导出用途",
                          "give the purpose of the export");
    enum kh_status st = export__may_export(ctx, err);
    if (st)
        return st;
    bool print = req.format == EXPORT_PDF;
    if (print && !customer_id)
        return kh_err_set(err, KH_E_VALIDATION, "format",
                          "PDF 用于打印一位客户的档案；客户列表请导出为 xlsx、csv 或 vcf",
                          "pdf prints one customer's file; export a list as xlsx, csv or vcf");
    if (customer_id) {
        st = export__in_scope(ctx, customer_id, err);
        struct customer c;
        if (!st)
            st = customer_get(ctx, customer_id, &c, err);
        if (st)
            return st;
        d->secrecy = c.secrecy;
        d->summary_zh =
            arena_printf(ctx->arena, "%s客户档案 %s %s", print ? "打印" : "导出", c.code, c.name);
        d->summary_en = arena_printf(ctx->arena, "%s the file of customer %s %s",
                                     print ? "Print" : "Export", c.code, c.name);
        return KH_OK;
    }
    int64_t rows = 0;
    bool capped = false;
    st = list_extent(ctx, &req.filter, &rows, &capped, err);
    if (st)
        return st;
    d->secrecy = customer_scope_of(&ctx->actor).clearance;
    const char *fmt = req.format == EXPORT_CSV ? "CSV" : "Excel";
    const char *filter = export__filter_text(ctx, &req.filter);
    d->summary_zh = arena_printf(ctx->arena, "导出客户 %s%lld 位（%s%s%s）", capped ? "逾 " : "",
                                 (long long)rows, fmt, *filter ? "；" : "", filter);
    d->summary_en = arena_printf(ctx->arena, "Export %s%lld customer%s (%s%s%s)",
                                 capped ? "over " : "", (long long)rows,
                                 rows == 1 && !capped ? "" : "s", fmt, *filter ? "; " : "", filter);
    return KH_OK;
}

/*
 * The customer-information supervisor approves; an export that may hold
 * top-secret records, the general manager too.
 */
static const struct approval_rule personal_rules[] = {
    {.approver = "role", .role = "info_supervisor", .hours = 24},
    {.approver = "role", .role = "gm", .min_secrecy = SECRECY_TOP_SECRET, .hours = 24},
    {0},
};

const struct approval_kind export_approval_personal = {
    .name = KIND,
    .label_zh = "导出客户资料",
    .label_en = "Export of customer data",
    .defaults = personal_rules,
    /* Asked from the export itself (its subject is the export job's parameters). */
    .not_direct = true,
    .check = personal_check,
};

enum kh_status export_permit_request(const struct kh_ctx *ctx, const struct export_request *req,
                                     int64_t customer_id, const char *reason, const char *purpose,
                                     int64_t *approval_id, struct kh_err *err)
{
    *approval_id = 0;
    struct export_request asked = *req;
    asked.job_id = 0;
    asked.approval_id = 0;
    char *params = export_json_params(&asked, customer_id);
    struct approval_draft d = {.kind = &export_approval_personal,
                               .subject = arena_strdup(ctx->arena, params),
                               .reason = reason,
                               .purpose = purpose};
    free(params);
    return approval_submit_kind(ctx, &d, approval_id, err);
}

/* ---- the permit ---- */

static enum kh_status produced(struct kh_err *err, int64_t approval_id)
{
    return kh_err_setf(err, KH_E_CONFLICT, "approval_id", "审批申请 #%lld 批准的导出已生成过",
                       "the export approved by request #%lld was produced already",
                       (long long)approval_id, (long long)approval_id);
}

enum kh_status export__permit_take(const struct kh_ctx *ctx, int64_t approval_id, int64_t job_id,
                                   struct kh_err *err)
{
    int64_t holder = 0;
    enum kh_status st = export_permit_store_take(ctx, approval_id, job_id, &holder, err);
    if (!st && holder != job_id)
        st = produced(err, approval_id);
    return st;
}

void export__permit_release(const struct kh_ctx *ctx, int64_t approval_id, int64_t job_id)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (export_permit_store_release(ctx, approval_id, job_id, &err))
        log_warn("msg=\"export: permit not given back\" request=%lld err=\"%s\"",
                 (long long)approval_id, err.msg_en);
}

enum kh_status export_permit_start(const struct kh_ctx *ctx, int64_t approval_id,
                                   int64_t for_customer, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    struct approval_request r;
    enum kh_status st = approval_get(ctx, approval_id, &r, err);
    if (!st && (strcmp(r.kind, KIND) || r.requester_id != ctx->actor.user_id))
        st = kh_err_set(err, KH_E_NOT_FOUND, "approval_id", "没有这个导出申请",
                        "no such export request of yours");
    if (st)
        return st;
    if (strcmp(r.state, "approved"))
        return kh_err_setf(err, KH_E_CONFLICT, "approval_id", "导出申请 #%lld 尚未批准，不能导出",
                           "export request #%lld is not approved, so nothing is exported",
                           (long long)approval_id, (long long)approval_id);
    int64_t holder = 0, at = 0;
    if ((st = export_permit_store_taken_by(ctx, approval_id, &holder, &at, err)))
        return st;
    if (holder)
        return produced(err, approval_id);
    struct export_request req;
    int64_t customer_id = 0;
    if (!export_json_params_decode(ctx->arena, r.subject, &req, &customer_id))
        return kh_err_set(err, KH_E_INTERNAL, "", "审批申请的内容无法读取",
                          "the request's subject cannot be read");
    if (for_customer >= 0 && for_customer != customer_id)
        return kh_err_setf(err, KH_E_VALIDATION, "approval_id", "导出申请 #%lld 批准的不是这项导出",
                           "export request #%lld approved another export", (long long)approval_id,
                           (long long)approval_id);
    req.approval_id = approval_id;
    return export__submit(ctx, &req, customer_id, job_id, err);
}

enum kh_status export_permits_mine(const struct kh_ctx *ctx, struct export_permit **out, int *count,
                                   struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct approval_filter f = {.box = "mine", .kind = KIND};
    struct list_page page = {.limit = 50};
    struct approval_request *rs = NULL;
    int n = 0;
    const char *next = NULL;
    enum kh_status st = approval_list(ctx, &f, &page, &rs, &n, &next, NULL, err);
    if (st)
        return st;
    struct export_permit *p = arena_alloc(ctx->arena, sizeof(*p) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && !st; i++) {
        struct export_request req;
        int64_t customer_id = 0;
        if (!export_json_params_decode(ctx->arena, rs[i].subject, &req, &customer_id))
            customer_id = 0;
        p[i] = (struct export_permit){.approval_id = rs[i].id,
                                      .state = rs[i].state,
                                      .summary_zh = rs[i].summary_zh,
                                      .summary_en = rs[i].summary_en,
                                      .customer_id = customer_id,
                                      .created_at = rs[i].created_at,
                                      .decided_at = rs[i].decided_at};
        st = export_permit_store_taken_by(ctx, rs[i].id, &p[i].job_id, &p[i].taken_at, err);
    }
    if (!st) {
        *out = p;
        *count = n;
    }
    return st;
}
