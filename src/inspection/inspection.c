/* The half-yearly inspection of the customer archive (R-ARC-11). */
#include "inspection/inspection.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/customer_ref.h"
#include "app/list.h"
#include "calendar/calendar.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "inspection/inspection_store.h"
#include "jobs/jobs.h"
#include "settings/settings.h"

const struct kh_perm inspection_perm_manage = {"inspection.manage", "客户资料检查",
                                               "Inspect the customer archive"};

const struct kh_setting inspection_setting_min_score = {
    "inspection_min_score",
    80,
    1,
    100,
    "分",
    "points",
    "资料完整度低于此分数的客户列入检查结果",
    "Completeness below which an inspection lists a customer"};
const struct kh_setting inspection_setting_stale_months = {
    "inspection_stale_months",
    6,
    1,
    60,
    "个月",
    "months",
    "多久未更新、未联系的客户列入检查结果",
    "Months without an update or an interaction after which an inspection lists a customer"};

const struct kh_setting inspection_setting_fixup_working_days = {
    "inspection_fixup_working_days",
    10,
    1,
    60,
    "个工作日",
    "working days",
    "检查发现的资料补正待办须在几个工作日内完成",
    "Working days within which an inspection's fix-up task is due"};

const struct customer_ref_kind inspection_customer_ref = {"inspection_items",
                                                          inspection_store_repoint_on, NULL};

#define BATCH 500
#define OUTCOME_MAX 2000

static enum kh_status need_manage(const struct kh_ctx *ctx, struct kh_err *err)
{
    return ctx_can(ctx, &inspection_perm_manage)
               ? KH_OK
               : kh_err_set(err, KH_E_FORBIDDEN, "", "需要客户资料检查的权限",
                            "inspecting the customer archive is needed");
}

/* The key fields and their names in the fix-up task. */
struct key_field {
    const char *key, *zh;
    size_t offset;
    int kinds; /* 1 person, 2 organisation, 3 both */
};
#define F(m) offsetof(struct inspection_row, m)
static const struct key_field key_fields[] = {
    {"phone", "电话", F(phone), 3},       {"region", "地区", F(region), 3},
    {"address", "地址", F(address), 3},   {"gender", "性别", F(gender), 1},
    {"birthday", "生日", F(birthday), 1}, {"uscc", "统一社会信用代码", F(uscc), 2},
    {"industry", "行业", F(industry), 2}, {"contact", "联系人", F(contact), 2},
};
#undef F

/* Score a customer; the missing keys (and their Chinese names) into buffers. */
static int score_of(const struct inspection_row *r, struct buf *keys, struct buf *names)
{
    int total = 0, filled = 0;
    for (size_t i = 0; i < sizeof(key_fields) / sizeof(key_fields[0]); i++) {
        const struct key_field *k = &key_fields[i];
        if (!(k->kinds & (r->organisation ? 2 : 1)))
            continue;
        total++;
        if (*(const bool *)((const char *)r + k->offset)) {
            filled++;
            continue;
        }
        buf_printf(keys, "%s%s", keys->len ? "," : "", k->key);
        buf_printf(names, "%s%s", names->len ? "、" : "", k->zh);
    }
    return total ? (filled * 100 + total / 2) / total : 100;
}

/* One run from its bookmark to the end: batches of customers, each committed with the bookmark. */
static enum kh_status run(struct job_run *job, int64_t id, struct kh_err *err)
{
    const struct kh_ctx *ctx = &job->ctx;
    int64_t min_score = 0, months = 0, fixup_days = 0, after = 0;
    struct inspection x;
    enum kh_status st = settings_int(ctx, &inspection_setting_min_score, &min_score, err);
    if (!st)
        st = settings_int(ctx, &inspection_setting_stale_months, &months, err);
    if (!st)
        st = settings_int(ctx, &inspection_setting_fixup_working_days, &fixup_days, err);
    if (!st)
        st = inspection_store_get(ctx, id, &x, &after, err);
    if (st || x.finished_at)
        return st;
    int64_t now = ctx_now(ctx), due = 0;
    if ((st = calendar_add_working_days(ctx, now, (int)fixup_days, &due, err)))
        return st;
    int64_t stale_before = now - months * 30 * 86400;
    int64_t done = x.customers;
    for (;;) {
        struct arena batch;
        arena_init(&batch);
        struct kh_ctx bc = *ctx;
        bc.arena = &batch;
        struct inspection_row *rows = NULL;
        int n = 0;
        st = inspection_store_batch(&bc, after, BATCH, &rows, &n, err);
        struct inspection_flag *flags = arena_alloc(&batch, sizeof(*flags) * (size_t)(n + 1));
        int k = 0;
        for (int i = 0; !st && i < n; i++) {
            const struct inspection_row *r = &rows[i];
            struct buf keys, names;
            buf_init(&keys, 64);
            buf_init(&names, 64);
            int score = score_of(r, &keys, &names);
            int64_t stale = r->touched < stale_before ? (now - r->touched) / 86400 : 0;
            if (score < min_score || stale > 0) {
                const char *title =
                    score < min_score
                        ? arena_printf(&batch, "资料检查：请补全%s", buf_cstr(&names))
                        : arena_printf(&batch, "资料检查：已 %lld 天未更新或联系，请核实资料",
                                       (long long)stale);
                flags[k++] = (struct inspection_flag){
                    .customer_id = r->id,
                    .owner_id = r->owner_id,
                    .score = score,
                    .missing = arena_strdup(&batch, buf_cstr(&keys)),
                    .stale_days = stale,
                    .task = {.customer_id = r->id,
                             .kind = "fixup",
                             .title = title,
                             .purpose = arena_printf(&batch,
                                                     "半年资料检查 #%lld：完整度 %d 分 / "
                                                     "half-yearly inspection: completeness %d",
                                                     (long long)id, score, score),
                             .start_at = now,
                             .due_at = due},
                };
            }
            buf_release(&keys);
            buf_release(&names);
        }
        if (!st && n)
            st = inspection_store_apply(&bc, id, flags, k, n, rows[n - 1].id, err);
        if (!st && n) {
            after = rows[n - 1].id;
            done += n;
            job_progress(job, done, 0);
        }
        arena_release(&batch);
        if (st || n < BATCH)
            break;
        if (job_stopping(job))
            return kh_err_set(err, KH_E_UNAVAILABLE, "", "服务器正在停止，检查将在重启后继续",
                              "the server is stopping: the inspection goes on after the restart");
    }
    if (!st)
        st = inspection_store_finish(ctx, id, err);
    if (!st)
        st = inspection_store_get(ctx, id, &x, NULL, err);
    return st ? st
              : job_set_result(job,
                               arena_printf(ctx->arena,
                                            "{\"inspection\":%lld,\"customers\":%lld,"
                                            "\"flagged\":%lld,\"tasks\":%lld}",
                                            (long long)id, (long long)x.customers,
                                            (long long)x.flagged, (long long)x.tasks),
                               NULL, NULL, NULL, err);
}

/* The half-year a time falls in: "2026-H1" (January to June) or "2026-H2". */
static void half_of(const struct kh_ctx *ctx, int64_t t, char *out, size_t cap)
{
    struct kh_civil c;
    time_civil(ctx_tz(ctx), t, &c);
    snprintf(out, cap, "%04d-H%d", c.year % 10000, c.month <= 6 ? 1 : 2);
}

static enum kh_status run_job(struct job_run *job, struct kh_err *err)
{
    const struct kh_ctx *ctx = &job->ctx;
    int64_t id = job->params && *job->params ? strtoll(job->params, NULL, 10) : 0;
    if (!id) { /* the periodic run: this half-year's, begun once */
        char period[16];
        half_of(ctx, ctx_now(ctx), period, sizeof(period));
        enum kh_status st = inspection_store_find(ctx, period, &id, err);
        if (!st && !id)
            st = inspection_store_begin(ctx, period, &id, err);
        if (st)
            return st;
    }
    return run(job, id, err);
}

const struct job_kind inspection_run_kind = {"inspection.run", "客户资料检查",
                                             "Customer archive inspection", run_job, 5};

/* 1 January and 1 July, from 05:10 company time for a quarter of an hour. */
static bool halfyear_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    if (!job_daily_due(ctx_tz(ctx), now, 5, 10, 900, period, cap))
        return false;
    return !strcmp(period + 4, "-01-01") || !strcmp(period + 4, "-07-01");
}

const struct job_task inspection_halfyear_task = {"inspection.halfyear", "半年客户资料检查",
                                                  "Half-yearly inspection of the archive",
                                                  &inspection_run_kind, halfyear_due};

enum kh_status inspection_start(const struct kh_ctx *ctx, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    enum kh_status st = need_manage(ctx, err);
    if (st)
        return st;
    struct kh_civil c;
    time_civil(ctx_tz(ctx), ctx_now(ctx), &c);
    char period[48];
    snprintf(period, sizeof(period), "manual-%04d%02d%02d-%02d%02d%02d", c.year % 10000,
             c.month % 100, c.day % 100, c.hour % 100, c.minute % 100, c.second % 100);
    int64_t id = 0;
    if ((st = inspection_store_begin(ctx, period, &id, err)))
        return st;
    char params[24];
    snprintf(params, sizeof(params), "%lld", (long long)id);
    return jobs_submit(ctx, &inspection_run_kind, params, job_id, err);
}

enum kh_status inspection_list(const struct kh_ctx *ctx, struct inspection **out, int *count,
                               struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    return st ? st : inspection_store_list(ctx, out, count, err);
}

enum kh_status inspection_get(const struct kh_ctx *ctx, int64_t id, struct inspection *out,
                              struct inspection_owner **owners, int *nowners, struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = inspection_store_get(ctx, id, out, NULL, err);
    return st ? st : inspection_store_owners(ctx, id, owners, nowners, err);
}

static const struct list_field item_fields[] = {
    {"owner_id", LIST_ID, LIST_OP_EQ, offsetof(struct inspection_filter, owner_id),
     .index = "inspection_items_owner"},
    {0},
};

const struct list_spec inspection_item_spec = {.name = "inspection_items", .fields = item_fields};

enum kh_status inspection_items(const struct kh_ctx *ctx, int64_t id,
                                const struct inspection_filter *f, const struct list_page *page,
                                struct inspection_item **out, int *count, const char **next,
                                struct kh_err *err)
{
    struct inspection x;
    enum kh_status st = need_manage(ctx, err);
    if (!st)
        st = inspection_store_get(ctx, id, &x, NULL, err);
    struct customer_scope cs = customer_scope_of(&ctx->actor);
    return st ? st : inspection_store_items(ctx, id, cs.clearance, f, page, out, count, next, err);
}

enum kh_status inspection_review(const struct kh_ctx *ctx, int64_t id, const char *outcome,
                                 struct kh_err *err)
{
    enum kh_status st = need_manage(ctx, err);
    if (st)
        return st;
    if (!outcome || !*outcome || !utf8_text_ok(outcome, OUTCOME_MAX, true))
        return kh_err_set(err, KH_E_VALIDATION, "outcome", "请写明检查结论（2000字以内）",
                          "write the review's outcome (at most 2000 characters)");
    struct inspection x;
    if ((st = inspection_store_get(ctx, id, &x, NULL, err)))
        return st;
    if (x.reviewed_at)
        return kh_err_set(err, KH_E_CONFLICT, "state", "这次检查已有评审结论",
                          "the inspection was reviewed already");
    return inspection_store_review(ctx, id, outcome, err);
}
