/* Importing interactions from a spreadsheet (R-INT-1): preview, import, error file. */
#include "followup/interaction_import.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer.h"
#include "followup/interaction.h"
#include "followup/interaction_store.h"
#include "followup/task.h"
#include "import/import.h"
#include "jobs/jobs.h"

enum col {
    C_CODE,
    C_NAME,
    C_TIME,
    C_CHANNEL,
    C_DIRECTION,
    C_SUMMARY,
    C_OUTCOME,
    C_NEXT_STEP,
    C_NEXT_AT,
    C_USERS,
    C_CONTACTS,
    C_SATISFACTION,
    C_NEEDS_SERVICE,
    C_COUNT
};

/* Each column: the field its errors name, and the headers that mean it (compared loosely). */
static const struct table_column columns[C_COUNT] = {
    [C_CODE] = {"customer_code", {"客户编号", "编号", "客户代码", "customer code", "code"}},
    [C_NAME] = {"customer_name", {"客户名称", "客户", "客户姓名", "customer", "customer name"}},
    [C_TIME] = {"occurred_at",
                {"跟进时间", "时间", "联系时间", "日期", "time", "date", "occurred at"}},
    [C_CHANNEL] = {"channel", {"方式", "跟进方式", "联络方式", "渠道", "channel"}},
    [C_DIRECTION] = {"direction", {"方向", "direction"}},
    [C_SUMMARY] = {"summary", {"内容", "沟通内容", "跟进内容", "摘要", "summary"}},
    [C_OUTCOME] = {"outcome", {"结果", "跟进结果", "outcome"}},
    [C_NEXT_STEP] = {"next_step", {"下一步", "下一步计划", "next step"}},
    [C_NEXT_AT] = {"next_at", {"下一步时间", "下一步日期", "next step date", "next at"}},
    [C_USERS] = {"user_ids", {"参与同事", "我方参与人", "同事", "staff", "our staff"}},
    [C_CONTACTS] = {"contact_ids", {"客户联系人", "联系人", "contacts"}},
    [C_SATISFACTION] = {"satisfaction", {"满意度", "客户满意度", "satisfaction"}},
    [C_NEEDS_SERVICE] = {"needs_service",
                         {"需进一步服务", "需要进一步服务", "需要服务", "needs service"}},
};

/* A refusal of the customer points at the column the row named it in. */
static int customer_column(const struct table_row *row, const char *field)
{
    if (strcmp(field, "customer_id"))
        return -1;
    int i = row->at[C_CODE];
    bool code = i >= 0;
    bool by_code =
        code && (row->at[C_NAME] < 0 || (i < row->cells->ncells && row->cells->cells[i][0]));
    return by_code ? C_CODE : row->at[C_NAME] >= 0 ? C_NAME : -1;
}

/* "2026-11-02 14:30[:00]" (or with / . 年月日), a date alone (at start_hour), an Excel serial. */
static bool parse_time(const struct kh_ctx *ctx, const char *text, int start_hour, int64_t *out)
{
    struct kh_civil cv = {0};
    char *end = NULL;
    double serial = strtod(text, &end);
    if (end && end != text && !*end) { /* Excel's days since 1899-12-30, the fraction the time */
        if (serial < 1 || serial > 2958465)
            return false;
        int64_t days = (int64_t)floor(serial) - 25569;
        int64_t secs = (int64_t)llround((serial - floor(serial)) * 86400.0);
        struct kh_civil day;
        time_civil(NULL, days * 86400, &day);
        cv = (struct kh_civil){
            day.year,        day.month, day.day, (int)(secs / 3600), (int)(secs / 60 % 60),
            (int)(secs % 60)};
        if (secs == 0)
            cv.hour = start_hour;
    } else {
        const char *date = import_date(ctx->arena, text);
        char d[32] = "", t[32] = "";
        if (sscanf(text, "%31s %31s", d, t) == 2)
            date = import_date(ctx->arena, d);
        if (sscanf(date, "%4d-%2d-%2d", &cv.year, &cv.month, &cv.day) != 3 || strlen(date) != 10 ||
            !date_valid(date))
            return false;
        cv.hour = start_hour;
        if (*t) {
            int h = -1, m = -1, s = 0;
            char tail = 0;
            int n = sscanf(t, "%2d:%2d:%2d%c", &h, &m, &s, &tail);
            if ((n != 2 && n != 3) || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59)
                return false;
            cv.hour = h, cv.minute = m, cv.second = s;
        }
    }
    *out = time_from_civil(ctx_tz(ctx), &cv);
    return true;
}

static const char *channel_of(const char *text)
{
    for (const struct kh_choice *c = task_channels; c->value; c++)
        if (!strcasecmp(text, c->value) || !strcmp(text, c->zh) || !strcasecmp(text, c->en))
            return c->value;
    if (!strcmp(text, "电话回访") || !strcmp(text, "打电话"))
        return "call";
    if (!strcmp(text, "上门") || !strcmp(text, "上门拜访"))
        return "visit";
    if (!strcmp(text, "邮件"))
        return "email";
    return NULL;
}

static const char *direction_of(const char *text)
{
    static const char *const in[] = {"in", "来电", "来访", "呼入", "客户来电", "客户来访", NULL};
    static const char *const out[] = {"out", "去电", "呼出", "我方联系", "拜访", NULL};
    for (int i = 0; in[i]; i++)
        if (!strcasecmp(text, in[i]))
            return "in";
    for (int i = 0; out[i]; i++)
        if (!strcasecmp(text, out[i]))
            return "out";
    return NULL;
}

/* The customer of the row: by code, else by a name only one visible customer has. */
static enum kh_status find_customer(const struct kh_ctx *ctx, const struct table_row *row,
                                    struct customer_brief *c, struct kh_err *err)
{
    const char *code = table_cell(ctx->arena, row, C_CODE);
    const char *name = table_cell(ctx->arena, row, C_NAME);
    if (*code)
        return customer_open_code(ctx, code, true, c, err);
    if (!*name)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id", "请填写客户编号或客户名称",
                          "give the customer's code or name");
    struct customer_filter f;
    memset(&f, 0, sizeof(f));
    f.q = name;
    f.limit = 50;
    f.sort = SORT_NEWEST;
    f.desc = true;
    struct customer_page page;
    enum kh_status st = customer_list(ctx, &f, &page, err);
    if (st)
        return st;
    int64_t id = 0;
    int same = 0;
    for (int i = 0; i < page.count; i++)
        if (!strcmp(page.items[i].name, name) && !page.items[i].shared_rule) {
            id = page.items[i].id;
            same++;
        }
    if (same > 1)
        return kh_err_setf(err, KH_E_VALIDATION, "customer_id",
                           "有%d位客户名为“%s”，请填写客户编号",
                           "%d customers are named \"%s\": give the code", same, name, same, name);
    if (!id)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权查看",
                          "customer not found or not visible to you");
    return customer_open(ctx, id, true, c, err);
}

/* Our participants and the customer's contacts, by name. */
static enum kh_status find_people(const struct kh_ctx *ctx, const struct table_row *row,
                                  int64_t customer, struct interaction_input *in,
                                  struct kh_err *err)
{
    struct arena *a = ctx->arena;
    const char **names = NULL;
    int n = 0;
    import_split_list(a, table_cell(a, row, C_USERS), &names, &n);
    if (n > INTERACTION_PEOPLE_MAX)
        n = INTERACTION_PEOPLE_MAX + 1; /* interaction_log refuses it, naming user_ids */
    int64_t *ids = arena_alloc(a, sizeof(*ids) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        enum kh_status st = interaction_store_user_named(ctx, names[i], &ids[i], err);
        if (st)
            return st;
        if (!ids[i])
            return kh_err_setf(err, KH_E_VALIDATION, "user_ids",
                               "没有在职同事的用户名或姓名是“%s”（同名时请写用户名）",
                               "no active colleague has the username or name \"%s\" (give the "
                               "username when two share a name)",
                               names[i], names[i]);
    }
    in->user_ids = ids;
    in->nusers = n;
    import_split_list(a, table_cell(a, row, C_CONTACTS), &names, &n);
    if (n > INTERACTION_PEOPLE_MAX)
        n = INTERACTION_PEOPLE_MAX + 1;
    if (!n)
        return KH_OK;
    struct contact *cs = NULL;
    int ncs = 0;
    enum kh_status st = customer_contacts(ctx, customer, &cs, &ncs, err);
    if (st)
        return st;
    int64_t *cids = arena_alloc(a, sizeof(*cids) * (size_t)n);
    for (int i = 0; i < n; i++) {
        cids[i] = 0;
        for (int k = 0; k < ncs && !cids[i]; k++)
            if (!strcmp(cs[k].name, names[i]))
                cids[i] = cs[k].id;
        if (!cids[i])
            return kh_err_setf(err, KH_E_VALIDATION, "contact_ids", "这位客户没有联系人“%s”",
                               "the customer has no contact \"%s\"", names[i], names[i]);
    }
    in->contact_ids = cids;
    in->ncontacts = n;
    return KH_OK;
}

static enum kh_status row_input(const struct kh_ctx *ctx, const struct table_row *row,
                                struct interaction_input *in, struct kh_err *err)
{
    memset(in, 0, sizeof(*in));
    struct customer_brief c;
    enum kh_status st = find_customer(ctx, row, &c, err);
    if (st == KH_E_NOT_FOUND || st == KH_E_FORBIDDEN)
        return kh_err_set(err, KH_E_VALIDATION, "customer_id",
                          st == KH_E_FORBIDDEN ? "这位客户由其他分公司共享，只能查看"
                                               : "没有这位客户，或您无权查看",
                          st == KH_E_FORBIDDEN ? "another branch shares this customer to read only"
                                               : "no such customer, or not visible to you");
    if (st)
        return st;
    in->customer_id = c.id;
    const char *text = table_cell(ctx->arena, row, C_TIME);
    if (!*text)
        return kh_err_set(err, KH_E_VALIDATION, "occurred_at", "请填写跟进时间",
                          "give the interaction's time");
    if (!parse_time(ctx, text, 0, &in->occurred_at))
        return kh_err_set(err, KH_E_VALIDATION, "occurred_at",
                          "跟进时间应为日期或日期时间（如 2026-11-02 14:30）",
                          "the time is a date or a date and time (e.g. 2026-11-02 14:30)");
    text = table_cell(ctx->arena, row, C_CHANNEL);
    if (!(in->channel = channel_of(text)))
        return kh_err_set(err, KH_E_VALIDATION, "channel",
                          "方式应为：电话、拜访、会面、电子邮件、短信、微信、QQ、信函或活动",
                          "channel is call, visit, meeting, email, sms, wechat, qq, letter or "
                          "event");
    text = table_cell(ctx->arena, row, C_DIRECTION);
    if (*text && !(in->direction = direction_of(text)))
        return kh_err_set(err, KH_E_VALIDATION, "direction", "方向应为：去电（我方联系）或来电",
                          "direction is out (we reached them) or in (they reached us)");
    in->summary = table_cell(ctx->arena, row, C_SUMMARY);
    in->outcome = table_cell(ctx->arena, row, C_OUTCOME);
    in->next_step = table_cell(ctx->arena, row, C_NEXT_STEP);
    text = table_cell(ctx->arena, row, C_NEXT_AT);
    if (*text && !parse_time(ctx, text, 9, &in->next_at))
        return kh_err_set(err, KH_E_VALIDATION, "next_at",
                          "下一步时间应为日期或日期时间（如 2026-11-09 或 2026-11-09 10:00）",
                          "the next step's date is a date or a date and time");
    /* R-INT-5: a rating 1-5 (blank: not asked), and whether it needs further service. */
    text = table_cell(ctx->arena, row, C_SATISFACTION);
    if (*text) {
        char tail = 0;
        if (sscanf(text, "%d%c", &in->satisfaction, &tail) != 1 || in->satisfaction < 1 ||
            in->satisfaction > 5)
            return kh_err_set(err, KH_E_VALIDATION, "satisfaction",
                              "满意度为 1 到 5 的整数（空为未询问）",
                              "satisfaction is a whole number 1 to 5 (empty: not asked)");
    }
    text = table_cell(ctx->arena, row, C_NEEDS_SERVICE);
    if (*text && !import_bool(text, &in->needs_service))
        return kh_err_set(err, KH_E_VALIDATION, "needs_service", "需进一步服务应为“是”或“否”",
                          "needs service is yes or no");
    return find_people(ctx, row, c.id, in, err);
}

static enum kh_status one_row(const struct kh_ctx *ctx, const struct table_row *row, bool dry_run,
                              enum table_outcome *out, struct kh_err *err)
{
    struct interaction_input in;
    enum kh_status st = row_input(ctx, row, &in, err);
    bool found = false;
    if (st || (st = interaction_store_exists(ctx, in.customer_id, in.occurred_at, in.channel,
                                             in.summary, &found, err)))
        return st;
    if (found) {
        *out = TABLE_SKIPPED; /* logged already: the same file imported again */
        return KH_OK;
    }
    in.check_only = dry_run;
    int64_t id = 0, task = 0, done = 0;
    *out = TABLE_CREATED;
    return interaction_log(ctx, &in, &id, &task, &done, err);
}

static enum kh_status header_check(const int *at, struct kh_err *err)
{
    return at[C_CODE] < 0 && at[C_NAME] < 0
               ? kh_err_set(err, KH_E_VALIDATION, "file", "表头缺少“客户编号”或“客户名称”列",
                            "the header has no customer code or customer name column")
               : KH_OK;
}

static const int required[] = {C_TIME, C_CHANNEL, C_SUMMARY, -1};

static enum kh_status job_main(struct job_run *run, struct kh_err *err)
{
    return table_import_run(run, &interaction_import_table, err);
}

const struct job_kind interaction_import_kind = {"interaction_import", "导入跟进记录",
                                                 "Interaction import", job_main, 1};
const struct job_kind interaction_import_preview_kind = {
    "interaction_import_preview", "跟进记录导入预览", "Interaction import preview", job_main, 2};

const struct table_import interaction_import_table = {
    .kind = &interaction_import_kind,
    .preview_kind = &interaction_import_preview_kind,
    .perm = &interaction_perm_log,
    .audit_action = "interaction.import",
    .columns = columns,
    .ncolumns = C_COUNT,
    .required = required,
    .header_check = header_check,
    .max_rows = INTERACTION_IMPORT_MAX_ROWS,
    .noun_zh = "跟进记录",
    .noun_en = "interactions",
    .errfile_name = "跟进导入错误 interaction-import-errors.xlsx",
    .default_field = "customer_id",
    .column_of = customer_column,
    .row = one_row,
};

enum kh_status interaction_import_start(const struct kh_ctx *ctx, const char *file_id, bool dry_run,
                                        bool english, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    if (!ctx_can(ctx, &interaction_perm_log) || !ctx->actor.user_id)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有导入跟进记录的权限",
                          "not allowed to import interactions");
    return table_import_start(ctx, &interaction_import_table, file_id, dry_run, english, job_id,
                              err);
}
