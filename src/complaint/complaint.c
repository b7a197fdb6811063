#include "complaint/complaint.h"

#include <stddef.h>
#include <string.h>

#include "app/customer_ref.h"
#include "complaint/complaint_store.h"
#include "core/cursor.h"
#include "core/utf8.h"
#include "customer/customer.h"

const struct kh_perm complaint_perm_record = {"complaint.record", "登记和处理投诉",
                                              "Record and resolve complaints"};

const struct kh_choice complaint_channels[] = {
    {"phone", "电话", "Phone"},          {"store", "到店", "In store"},
    {"web", "网页表单", "Web form"},     {"email", "电子邮件", "E-mail"},
    {"letter", "信函", "Letter"},        {"call_center", "呼叫中心", "Call center"},
    {"survey", "意见卡", "Survey card"}, {0},
};

const struct kh_choice complaint_categories[] = {
    {"attitude", "服务态度", "Service attitude"}, {"service", "服务质量", "Service quality"},
    {"product", "产品质量", "Product quality"},   {"price", "价格与收费", "Price and billing"},
    {"communication", "沟通", "Communication"},   {0},
};

const struct kh_choice complaint_severities[] = {
    {"general", "一般", "General"},
    {"major", "重大", "Major"},
    {0},
};

static const struct kh_choice complaint_states[] = {
    {"open", "处理中", "Open"},
    {"resolved", "已处理", "Resolved"},
    {"all", "全部", "All"},
    {0},
};

static const struct kh_choice *complaint_choices(int set, const char **name)
{
    (void)set;
    *name = "states";
    return complaint_states;
}

static const struct list_field complaint_fields[] = {
    {"customer_id", LIST_ID, LIST_OP_EQ, offsetof(struct complaint_filter, customer_id),
     .index = "complaints_customer (customer_id, id)"},
    {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct complaint_filter, state), .choice_set = 0,
     .index = "checked on each row of the walk by id"},
    {0},
};

const struct list_spec complaint_list_spec = {
    .name = "complaints", .fields = complaint_fields, .choices = complaint_choices};

/* Channels whose complaints come in writing (书面投诉) unless told otherwise. */
static bool written_channel(const char *channel)
{
    return !strcmp(channel, "letter") || !strcmp(channel, "email") || !strcmp(channel, "web");
}

/* 2000-01-01: a complaint received before is a typing error. */
#define RECEIVED_MIN 946684800

static enum kh_status check_input(const struct kh_ctx *ctx, struct complaint_input *in,
                                  struct kh_err *err)
{
    if (in->customer_id <= 0)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请选择投诉的客户",
                          "choose the customer who complains");
    if (!in->channel || !kh_choice_has(complaint_channels, in->channel))
        return kh_err_set(err, KH_E_VALIDATION, "channel",
                          "投诉渠道为：电话、到店、网页表单、电子邮件、信函、呼叫中心或意见卡",
                          "channel is phone, store, web, email, letter, call_center or survey");
    if (!in->category || !kh_choice_has(complaint_categories, in->category))
        return kh_err_set(err, KH_E_VALIDATION, "category",
                          "投诉类别为：服务态度、服务质量、产品质量、价格与收费或沟通",
                          "category is attitude, service, product, price or communication");
    if (!in->severity || !*in->severity)
        in->severity = "general";
    if (!kh_choice_has(complaint_severities, in->severity))
        return kh_err_set(err, KH_E_VALIDATION, "severity", "严重程度为：一般或重大",
                          "severity is general or major");
    if (!utf8_text_ok(in->summary, COMPLAINT_TEXT_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "summary", "请填写投诉内容（2000字以内）",
                          "give what the customer complains of (at most 2000 characters)");
    int64_t now = ctx_now(ctx);
    if (!in->received_at)
        in->received_at = now;
    if (in->received_at > now || in->received_at < RECEIVED_MIN)
        return kh_err_set(err, KH_E_VALIDATION, "received_at",
                          "受理时间不能晚于现在，也不能早于2000年",
                          "received_at is not in the future nor before 2000");
    if (in->written < 0)
        in->written = written_channel(in->channel) ? 1 : 0;
    return KH_OK;
}

enum kh_status complaint_record(const struct kh_ctx *ctx, const struct complaint_input *input,
                                int64_t *id, struct kh_err *err)
{
    *id = 0;
    if (!ctx_can(ctx, &complaint_perm_record))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有登记投诉的权限",
                          "not allowed to record complaints");
    struct complaint_input in = *input;
    enum kh_status st = check_input(ctx, &in, err);
    if (st)
        return st;
    struct customer_brief c;
    if ((st = customer_open(ctx, in.customer_id, true, &c, err)))
        return st;
    return complaint_store_insert(ctx, &in, &c, id, err);
}

/* The complaint if its customer is the actor's to see (write: to work on). */
static enum kh_status open_complaint(const struct kh_ctx *ctx, int64_t id, bool write,
                                     struct complaint *out, struct kh_err *err)
{
    bool found = false;
    enum kh_status st = id > 0 ? complaint_store_get(ctx, id, out, &found, err) : KH_OK;
    if (st)
        return st;
    struct customer_brief c;
    if (found && !customer_open(ctx, out->customer_id, write, &c, err))
        return KH_OK;
    kh_err_clear(err);
    return kh_err_set(err, KH_E_NOT_FOUND, "", "没有这条投诉，或您无权查看",
                      "no such complaint, or not yours to see");
}

enum kh_status complaint_resolve(const struct kh_ctx *ctx, int64_t id, const char *resolution,
                                 struct kh_err *err)
{
    if (!ctx_can(ctx, &complaint_perm_record))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有处理投诉的权限",
                          "not allowed to resolve complaints");
    if (!utf8_text_ok(resolution, COMPLAINT_TEXT_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "resolution", "请填写处理结果（2000字以内）",
                          "give how the complaint was resolved (at most 2000 characters)");
    struct complaint k;
    enum kh_status st = open_complaint(ctx, id, true, &k, err);
    if (st)
        return st;
    return complaint_store_resolve(ctx, id, resolution, err);
}

enum kh_status complaint_get(const struct kh_ctx *ctx, int64_t id, struct complaint *out,
                             struct kh_err *err)
{
    return open_complaint(ctx, id, false, out, err);
}

enum kh_status complaint_list(const struct kh_ctx *ctx, const struct complaint_filter *f,
                              const struct list_page *page, struct complaint **out, int *count,
                              const char **next, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    *next = NULL;
    struct customer_scope scope = customer_scope_of(&ctx->actor);
    enum kh_status st = KH_OK;
    if (f->customer_id > 0) {
        struct customer_brief c;
        if ((st = customer_open(ctx, f->customer_id, false, &c, err)))
            return st;
    } else if (scope.scope == KH_SCOPE_NONE)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "您没有可查看的客户", "you see no customers");
    uint32_t tag = cursor_tag("complaints", 0);
    struct cursor after = {0};
    if (page->cursor && cursor_decode(ctx->arena, str_from(page->cursor), tag, "", &after, err))
        return err->code;
    const char *state = f->state && strcmp(f->state, "all") ? f->state : "";
    struct complaint *items = NULL;
    int n = 0;
    if ((st = complaint_store_list(ctx, &scope, f->customer_id > 0 ? f->customer_id : 0, state,
                                   after.id, page->limit + 1, &items, &n, err)))
        return st;
    *out = items;
    *count = cursor_page_end(ctx->arena, tag, n, page->limit,
                             n ? items[n > page->limit ? page->limit - 1 : 0].id : 0, next);
    return KH_OK;
}

static enum kh_status forget(struct db_conn *c, const struct kh_ctx *ctx, int64_t id,
                             struct kh_err *err)
{
    return complaint_store_forget_on(c, ctx, id, err);
}

/* A merged customer's complaints go to the survivor; a destroyed one's go. */
const struct customer_ref_kind complaint_customer_ref = {"complaints", complaint_store_repoint_on,
                                                         forget};
