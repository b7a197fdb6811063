/*
 * Customer export: which customers (the caller's scope, through
 * customer_list), which columns (the import's default headers), the
 * watermark, and the audit entry. The file formats live in export_csv.c
 * and export_xlsx.c.
 */
#include "export/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/cursor.h"
#include "core/mem.h"
#include "customer/customer_json.h"
#include "export/export_internal.h"
#include "print/print.h"
#include "export/export_json.h"
#include "files/files.h"
#include "core/log.h"
#include "jobs/jobs.h"
#include "region/region.h"
#include "secrecy/secrecy.h"
#include "loan/loan.h"
#include "export/export_permit.h"

const struct kh_audit_action export_audit_actions[] = {
    {"customer.export", "导出客户", "Exported customers"},
    {"audit.export", "导出审计日志", "Exported the audit log"},
    {0},
};

#define PAGE 200

bool export_format_parse(const char *s, enum export_format *out)
{
    if (s && !strcasecmp(s, "xlsx"))
        *out = EXPORT_XLSX;
    else if (s && !strcasecmp(s, "csv"))
        *out = EXPORT_CSV;
    else if (s && !strcasecmp(s, "vcf"))
        *out = EXPORT_VCF;
    else if (s && !strcasecmp(s, "pdf"))
        *out = EXPORT_PDF;
    else
        return false;
    return true;
}

bool export_encoding_parse(const char *s, enum export_encoding *out)
{
    if (s && (!strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8")))
        *out = EXPORT_UTF8;
    else if (s && !strcasecmp(s, "gbk"))
        *out = EXPORT_GBK;
    else if (s && !strcasecmp(s, "gb18030"))
        *out = EXPORT_GB18030;
    else
        return false;
    return true;
}

enum kh_status export__may_export(const struct kh_ctx *ctx, struct kh_err *err)
{
    struct customer_scope s = customer_scope_of(&ctx->actor);
    if (s.scope == KH_SCOPE_NONE)
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有查看客户的权限，不能导出",
                          "not allowed to see customers, so nothing to export");
    return KH_OK;
}

/*
 * A record's file is exported only from the exporter's own reach: a read
 * grant (R-SEC-3) lets its holder read, not copy (R-SEC-6).
 */
enum kh_status export__in_scope(const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    bool visible = false;
    const char *code = NULL, *name = NULL;
    enum kh_status st = customer_describe(ctx, id, &visible, &code, &name, err);
    if (!st && !visible)
        st = kh_err_set(err, KH_E_NOT_FOUND, "", "客户不存在或无权导出",
                        "customer not found or not yours to export");
    return st;
}

/* ---- columns ---- */

enum col_kind { COL_TEXT, COL_CHOICE, COL_REGION, COL_LIST, COL_TIME, COL_CONTACT, COL_SECRECY };

struct column {
    const char *header;
    enum col_kind kind;
    int choice_set; /* COL_CHOICE */
    size_t offset;  /* of the field in struct customer (COL_CONTACT: in struct contact) */
    size_t count;   /* COL_LIST: of its item count */
};

#define TEXT(h, f)                                                                                 \
    {                                                                                              \
        h, COL_TEXT, 0, offsetof(struct customer, f)                                               \
    }
#define CHOICE(h, set, f)                                                                          \
    {                                                                                              \
        h, COL_CHOICE, set, offsetof(struct customer, f)                                           \
    }
#define LIST(h, f, n)                                                                              \
    {                                                                                              \
        h, COL_LIST, 0, offsetof(struct customer, f), offsetof(struct customer, n)                 \
    }

static const struct column columns_before[] = {
    TEXT("编号 Code", code),
    TEXT("客户名称 Name", name),
    CHOICE("类型 Kind", KH_CHOICE_KINDS, kind),
    CHOICE("性别 Gender", KH_CHOICE_GENDERS, gender),
    TEXT("生日 Birthday", birthday),
    TEXT("手机 Mobile", mobile),
    TEXT("办公电话 Office phone", phone_office),
    TEXT("家庭电话 Home phone", phone_home),
    TEXT("电子邮箱 E-mail", email),
    {"省份 Province", COL_REGION, 0, offsetof(struct customer, province_code)},
    {"城市 City", COL_REGION, 0, offsetof(struct customer, city_code)},
    {"区县 District", COL_REGION, 0, offsetof(struct customer, district_code)},
    TEXT("详细地址 Address", address),
    TEXT("公司 Company", company),
    TEXT("公司地址 Company address", company_address),
    TEXT("职务 Position", position),
    TEXT("身份证号 ID number", id_number),
    TEXT("统一社会信用代码 USCC", uscc),
    CHOICE("信用状况 Credit status", KH_CHOICE_CREDIT, credit_status),
    CHOICE("客户类别 Category", KH_CHOICE_CATEGORIES, category),
    CHOICE("等级 Grade", KH_CHOICE_GRADES, grade),
    CHOICE("价值层级 Value tier", KH_CHOICE_VALUE_TIERS, value_tier),
    CHOICE("阶段 Stage", KH_CHOICE_STAGES, stage),
    CHOICE("行业 Industry", KH_CHOICE_INDUSTRIES, industry),
    CHOICE("来源 Source", KH_CHOICE_SOURCES, source),
    LIST("标签 Tags", tags, ntags),
    TEXT("备注 Notes", notes),
    TEXT("归属人 Owner", owner_name),
    TEXT("分公司 Branch", branch_name),
    LIST("档案模板 Profile templates", templates, ntemplates),
    /* The first contact, as the import reads one per row. */
    {"联系人 Contact", COL_CONTACT, 0, offsetof(struct contact, name)},
    {"联系人关系 Contact relation", COL_CONTACT, KH_CHOICE_RELATIONS,
     offsetof(struct contact, relation)},
    {"联系人电话 Contact phone", COL_CONTACT, 0, offsetof(struct contact, mobile)},
    {"联系人职务 Contact position", COL_CONTACT, 0, offsetof(struct contact, position)},
    TEXT("采集人 Collector", collector_name),
    TEXT("采集日期 Collected on", collected_on),
    CHOICE("首选联系方式 Preferred channel", KH_CHOICE_CHANNELS, preferred_channel),
};

/* After the custom fields: values Kehu computes, which an import ignores. */
static const struct column columns_after[] = {
    /* R-SEC-2: the level is marked wherever the record goes. */
    {"密级 Secrecy", COL_SECRECY, 0, offsetof(struct customer, secrecy)},
    CHOICE("活跃度 Activity", KH_CHOICE_ACTIVITY, activity),
    {"创建时间 Created", COL_TIME, 0, offsetof(struct customer, created_at)},
    {"更新时间 Updated", COL_TIME, 0, offsetof(struct customer, updated_at)},
};

#define NBEFORE ((int)(sizeof(columns_before) / sizeof(columns_before[0])))
#define NAFTER ((int)(sizeof(columns_after) / sizeof(columns_after[0])))

struct layout {
    const struct kh_tz *tz; /* times are written in the company's zone */
    struct custom_field *fields;
    int nfields;
    int ncols;
};

static const char *choice_label(int set, const char *value)
{
    const char *name = NULL;
    const struct kh_choice *c = customer_choice_set(set, &name);
    for (; c && c->value; c++)
        if (!strcmp(c->value, value))
            return c->zh;
    return value;
}

/* A choice's label in the file's language (lang 0 zh-CN, 1 English). */
static const char *choice_label_in(int set, const char *value, int lang)
{
    const char *name = NULL;
    const struct kh_choice *c = customer_choice_set(set, &name);
    for (; c && c->value; c++)
        if (!strcmp(c->value, value))
            return lang ? c->en : c->zh;
    return value;
}

static const char *join_list(struct arena *a, const char *const *items, int n)
{
    struct buf b;
    buf_init(&b, 1u << 20);
    for (int i = 0; i < n; i++) {
        if (i)
            buf_puts(&b, "、");
        buf_puts(&b, items[i]);
    }
    char *s = arena_strdup(a, buf_cstr(&b));
    buf_release(&b);
    return s;
}

static const char *time_text(struct arena *a, const struct kh_tz *tz, int64_t t)
{
    if (!t)
        return "";
    char s[40];
    time_format_iso(tz, t, s, sizeof(s));
    return arena_strdup(a, s);
}

static const char *cell_of(struct arena *a, const struct layout *l, const struct column *col,
                           const struct customer *c)
{
    const char *base = (const char *)c;
    switch (col->kind) {
    case COL_TEXT: {
        const char *s = *(const char *const *)(const void *)(base + col->offset);
        return s ? s : "";
    }
    case COL_CHOICE: {
        const char *s = *(const char *const *)(const void *)(base + col->offset);
        return s && *s ? choice_label(col->choice_set, s) : "";
    }
    case COL_REGION: {
        const struct region *r = region_find(*(const int *)(const void *)(base + col->offset));
        return r ? r->name : "";
    }
    case COL_LIST: {
        const char *const *items = *(const char *const *const *)(const void *)(base + col->offset);
        int n = *(const int *)(const void *)(base + col->count);
        return join_list(a, items, n);
    }
    case COL_SECRECY: {
        int level = *(const int *)(const void *)(base + col->offset);
        return secrecy_levels[level > 0 && level < SECRECY_LEVELS ? level : 0].zh;
    }
    case COL_TIME:
        return time_text(a, l->tz, *(const int64_t *)(const void *)(base + col->offset));
    case COL_CONTACT: {
        if (!c->ncontacts)
            return "";
        const char *k = (const char *)&c->contacts[0];
        const char *s = *(const char *const *)(const void *)(k + col->offset);
        if (!s || !*s)
            return "";
        return col->choice_set ? choice_label(col->choice_set, s) : s;
    }
    }
    return "";
}

static const char *custom_cell(struct arena *a, const struct custom_field *f,
                               const struct customer *c)
{
    for (int i = 0; i < c->ncustom; i++) {
        const struct custom_value *v = &c->custom[i];
        if (strcmp(v->key, f->key) != 0)
            continue;
        /* Money is stored in fen and read back in yuan, as people write it. */
        if (!strcmp(f->type, "money") && v->kind == CV_NUMBER)
            return arena_printf(a, "%.2f", v->n / 100.0);
        return customer_json_value_text(a, v);
    }
    return "";
}

/* "手机 Mobile": the Chinese word, the English rest, or both (lang < 0). */
static const char *header_in(struct arena *a, const char *header, int lang)
{
    const char *sp = strchr(header, ' ');
    if (lang < 0 || !sp)
        return header;
    return lang ? sp + 1 : arena_printf(a, "%.*s", (int)(sp - header), header);
}

/* The column headers in one language (lang 0 zh-CN, 1 English) or both (-1). */
static const char **header_row(struct arena *a, const struct layout *l, int lang)
{
    const char **cells = arena_alloc(a, sizeof(char *) * (size_t)l->ncols);
    int k = 0;
    for (int i = 0; i < NBEFORE; i++)
        cells[k++] = header_in(a, columns_before[i].header, lang);
    for (int i = 0; i < l->nfields; i++) {
        const struct custom_field *f = &l->fields[i];
        cells[k++] = lang < 0 ? arena_printf(a, "%s %s", f->label_zh, f->label_en)
                     : lang   ? f->label_en
                              : f->label_zh;
    }
    for (int i = 0; i < NAFTER; i++)
        cells[k++] = header_in(a, columns_after[i].header, lang);
    return cells;
}

static const char **customer_row(struct arena *a, const struct layout *l, const struct customer *c)
{
    const char **cells = arena_alloc(a, sizeof(char *) * (size_t)l->ncols);
    int k = 0;
    for (int i = 0; i < NBEFORE; i++)
        cells[k++] = cell_of(a, l, &columns_before[i], c);
    for (int i = 0; i < l->nfields; i++)
        cells[k++] = custom_cell(a, &l->fields[i], c);
    for (int i = 0; i < NAFTER; i++)
        cells[k++] = cell_of(a, l, &columns_after[i], c);
    return cells;
}

/* ---- watermark and audit ---- */

/* Who exported and when; lang as header_row. */
static const char *watermark(const struct kh_ctx *ctx, int lang)
{
    char t[40];
    time_format_iso(ctx_tz(ctx), ctx_now(ctx), t, sizeof(t));
    const struct kh_actor *a = &ctx->actor;
    const char *name = a->name[0] ? a->name : a->username;
    if (lang > 0)
        return arena_printf(ctx->arena, "Exported by %s (%s) at %s · Kehu", name, a->username, t);
    if (lang == 0)
        return arena_printf(ctx->arena, "导出人：%s（%s） 导出时间：%s · Kehu", name, a->username,
                            t);
    return arena_printf(ctx->arena, "导出人：%s（%s） 导出时间：%s · Exported by %s at %s · Kehu",
                        name, a->username, t, a->username, t);
}

/* The filter as a query string, for the audit entry (capped; a cut keeps whole pairs). */
const char *export__filter_text(const struct kh_ctx *ctx, const struct customer_filter *f)
{
    struct buf b;
    buf_init(&b, 400);
    list_format(&customer_list_spec, ctx_tz(ctx), f, &b);
    char *out = arena_strdup(ctx->arena, buf_cstr(&b));
    buf_release(&b);
    return out;
}

/*
 * The export's audit entry; from a job, with its loan (R-SEC-5) in the same
 * write: items names the file and what it holds, count its rows.
 */
static enum kh_status audit_export(const struct kh_ctx *ctx, int64_t job_id, int64_t approval_id,
                                   int64_t target, const char *detail, const char *items,
                                   int64_t count, struct kh_err *err)
{
    if (approval_id)
        detail = arena_printf(ctx->arena, "%s approval=%lld", detail, (long long)approval_id);
    struct audit_event ev = {"customer.export", "customer", target, detail};
    if (!job_id || !ctx->actor.user_id)
        return audit_record(ctx, &ev, err);
    const char *reason =
        approval_id ? arena_printf(ctx->arena,
                                   "导出客户资料（审批 #%lld） / customer export (request #%lld)",
                                   (long long)approval_id, (long long)approval_id)
                    : "导出客户资料 / customer export";
    return loan_register_export(ctx, job_id, target, items, count, reason, &ev, err);
}

/* ---- the list export ---- */

static enum kh_status open_writer(const struct kh_ctx *ctx, enum export_format format,
                                  enum export_encoding enc, const char *path, const char *title,
                                  const char *sheet, struct export_writer **w, struct kh_err *err)
{
    if (format == EXPORT_CSV)
        return export__csv_open(path, enc, w, err);
    struct export_meta meta = {title, ctx->actor.username, watermark(ctx, -1)};
    return export__xlsx_open(path, &meta, sheet, w, err);
}

/* Each customer the filter selects, page by page (with profile and contacts), to fn. */
typedef enum kh_status customer_fn(void *arg, struct arena *a, const struct customer *c,
                                   struct kh_err *err);

static enum kh_status walk_pages(const struct kh_ctx *ctx, const struct export_request *req,
                                 customer_fn *fn, void *arg, export_progress_fn *progress,
                                 void *parg, int64_t *rows, struct kh_err *err)
{
    struct customer_filter f = req->filter;
    f.limit = PAGE;
    f.cursor = NULL;
    f.with_profile = true; /* the file imports back with every profile value */
    f.own_reach = true;    /* a branch share lets managers read, not copy (R-OWN-6) */
    char cursor[CURSOR_MAX_LEN + 1] = "";
    enum kh_status st = KH_OK;
    for (bool more = true; more && !st;) {
        struct arena page_arena;
        arena_init(&page_arena);
        struct kh_ctx pc = *ctx;
        pc.arena = &page_arena;
        struct customer_page page;
        st = customer_list(&pc, &f, &page, err);
        for (int i = 0; !st && i < page.count; i++) {
            st = fn(arg, &page_arena, &page.items[i], err);
            (*rows)++;
        }
        more = !st && page.next_cursor && strlen(page.next_cursor) < sizeof(cursor);
        if (more) {
            kh_strlcpy(cursor, page.next_cursor, sizeof(cursor));
            f.cursor = cursor;
        }
        arena_release(&page_arena);
        if (progress && !st)
            progress(parg, *rows);
    }
    return st;
}

struct row_sink {
    const struct layout *l;
    struct export_writer *w;
};

static enum kh_status write_row(void *arg, struct arena *a, const struct customer *c,
                                struct kh_err *err)
{
    struct row_sink *k = arg;
    const char **cells = customer_row(a, k->l, c);
    return k->w->ops->row(k->w, cells, k->l->ncols, err);
}

static enum kh_status write_pages(const struct kh_ctx *ctx, const struct export_request *req,
                                  const struct layout *l, struct export_writer *w,
                                  export_progress_fn *progress, void *parg, int64_t *rows,
                                  struct kh_err *err)
{
    struct row_sink k = {l, w};
    return walk_pages(ctx, req, write_row, &k, progress, parg, rows, err);
}

/* vCards (RFC 6350): the customers and their contacts, each card carrying the watermark. */
struct vcf_sink {
    FILE *f;
    const char *mark;
    struct buf b;
};

static enum kh_status write_vcards(void *arg, struct arena *a, const struct customer *c,
                                   struct kh_err *err)
{
    (void)a;
    struct vcf_sink *k = arg;
    buf_reset(&k->b);
    export__vcards(&k->b, c, k->mark);
    if (fwrite(buf_cstr(&k->b), 1, k->b.len, k->f) != k->b.len)
        return kh_err_set(err, KH_E_INTERNAL, "", "无法写入导出文件", "cannot write the export");
    return KH_OK;
}

static enum kh_status vcf_write(const struct kh_ctx *ctx, const struct export_request *req,
                                const char *path, export_progress_fn *progress, void *parg,
                                int64_t *rows, struct kh_err *err)
{
    struct vcf_sink k = {fopen(path, "wb"), watermark(ctx, req->english ? 1 : 0), {0}};
    if (!k.f)
        return kh_err_set(err, KH_E_INTERNAL, "", "无法写入导出文件", "cannot write the export");
    buf_init(&k.b, 1024);
    enum kh_status st = walk_pages(ctx, req, write_vcards, &k, progress, parg, rows, err);
    buf_release(&k.b);
    if (fclose(k.f) && !st)
        st = kh_err_set(err, KH_E_INTERNAL, "", "无法写入导出文件", "cannot write the export");
    return st;
}

static const char *encoding_detail(enum export_encoding enc)
{
    return enc == EXPORT_GBK       ? " encoding=gbk"
           : enc == EXPORT_GB18030 ? " encoding=gb18030"
                                   : " encoding=utf-8";
}

/* The refusal of a GBK export: how many cells, and the first ones by row and column. */
static enum kh_status refuse_bad_cells(const struct export_bad_cell *bad, int nbad, int64_t count,
                                       struct kh_err *err)
{
    struct buf zh, en;
    buf_init(&zh, 160);
    buf_init(&en, 160);
    for (int i = 0; i < nbad && i < 3; i++) {
        buf_printf(&zh, "%s第 %lld 行「%s」", i ? "、" : "", (long long)bad[i].row, bad[i].column);
        buf_printf(&en, "%srow %lld \"%s\"", i ? ", " : "", (long long)bad[i].row, bad[i].column);
    }
    kh_err_setf(err, KH_E_VALIDATION, "encoding",
                "有 %lld 个单元格含有 GBK 无法表示的字符（%s%s），请改用 GB18030 或 UTF-8 导出",
                "%lld cells hold characters GBK cannot represent (%s%s): export as GB18030 or "
                "UTF-8 instead",
                (long long)count, buf_cstr(&zh), count > 3 ? "等" : "", (long long)count,
                buf_cstr(&en), count > 3 ? ", …" : "");
    buf_release(&zh);
    buf_release(&en);
    return KH_E_VALIDATION;
}

/* The columns of a customer list file, once the caller may export. */
static enum kh_status layout_open(const struct kh_ctx *ctx, struct layout *l, struct kh_err *err)
{
    *l = (struct layout){.tz = ctx_tz(ctx)};
    enum kh_status st = export__may_export(ctx, err);
    if (!st)
        st = customer_fields(ctx, &l->fields, &l->nfields, err);
    if (!st)
        l->ncols = NBEFORE + l->nfields + NAFTER;
    return st;
}

enum kh_status export_check(const struct kh_ctx *ctx, const struct export_request *req,
                            struct export_bad_cell **cells, int *ncells, int64_t *count,
                            struct kh_err *err)
{
    *cells = NULL;
    *ncells = 0;
    *count = 0;
    if (req->format != EXPORT_CSV || req->encoding != EXPORT_GBK)
        return KH_OK;
    struct layout l;
    enum kh_status st = layout_open(ctx, &l, err);
    if (st)
        return st;
    struct export_bad_cell *bad =
        arena_alloc(ctx->arena, sizeof(*bad) * (size_t)EXPORT_BAD_CELLS_MAX);
    int nbad = 0;
    int64_t n = 0, rows = 0;
    struct export_writer *w = NULL;
    /* Customers are rows 3 on: the watermark and the headers come first. */
    st = export__gbk_check_open(ctx->arena, header_row(ctx->arena, &l, req->english ? 1 : 0), 3,
                                bad, EXPORT_BAD_CELLS_MAX, &nbad, &n, &w, err);
    if (st)
        return st;
    st = write_pages(ctx, req, &l, w, NULL, NULL, &rows, err);
    if (st)
        w->ops->abandon(w);
    else
        st = w->ops->finish(w, err);
    if (st)
        return st;
    *cells = bad;
    *ncells = nbad;
    *count = n;
    return n ? refuse_bad_cells(bad, nbad, n, err) : KH_OK;
}

static enum kh_status pdf_only_for_a_file(const struct export_request *req, struct kh_err *err)
{
    if (req->format != EXPORT_PDF)
        return KH_OK;
    return kh_err_set(err, KH_E_VALIDATION, "format",
                      "PDF 用于打印一位客户的档案；客户列表请导出为 xlsx、csv 或 vcf",
                      "pdf prints one customer's file; export a list as xlsx, csv or vcf");
}

enum kh_status export_write(const struct kh_ctx *ctx, const struct export_request *req,
                            const char *path, export_progress_fn *progress, void *progress_arg,
                            int64_t *rows, struct kh_err *err)
{
    *rows = 0;
    struct layout l;
    enum kh_status st = pdf_only_for_a_file(req, err);
    if (!st)
        st = layout_open(ctx, &l, err);
    if (st)
        return st;
    int lang = req->english ? 1 : 0;
    int64_t n = 0;
    if (req->format == EXPORT_VCF) {
        st = vcf_write(ctx, req, path, progress, progress_arg, &n, err);
    } else {
        struct export_writer *w = NULL;
        st = open_writer(ctx, req->format, req->encoding, path, lang ? "Customers" : "客户导出",
                         lang ? "Customers" : "客户", &w, err);
        if (st)
            return st;
        const char *mark = watermark(ctx, lang);
        w->own_text = true;
        st = w->ops->row(w, &mark, 1, err);
        if (!st)
            st = w->ops->row(w, header_row(ctx->arena, &l, lang), l.ncols, err);
        w->own_text = false;
        if (!st)
            st = write_pages(ctx, req, &l, w, progress, progress_arg, &n, err);
        if (st)
            w->ops->abandon(w);
        else
            st = w->ops->finish(w, err);
    }
    if (!st) {
        const char *detail =
            arena_printf(ctx->arena, "rows=%lld format=%s%s filter=%s", (long long)n,
                         req->format == EXPORT_CSV   ? "csv"
                         : req->format == EXPORT_VCF ? "vcf"
                                                     : "xlsx",
                         req->format != EXPORT_CSV ? "" : encoding_detail(req->encoding),
                         export__filter_text(ctx, &req->filter));
        st = audit_export(ctx, req->job_id, req->approval_id, 0, detail,
                          arena_printf(ctx->arena, "%s %s", lang ? "customers" : "客户导出",
                                       export__filter_text(ctx, &req->filter)),
                          n, err);
    }
    if (st) {
        unlink(path);
        return st;
    }
    *rows = n;
    return KH_OK;
}

/* ---- one customer's full file ---- */

static enum kh_status put_pairs(struct export_writer *w, const char *const *heads,
                                const char *const *vals, int n, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    for (int i = 0; i < n && !st; i++) {
        const char *pair[2] = {heads[i], vals[i]};
        st = w->ops->row(w, pair, 2, err);
    }
    return st;
}

static enum kh_status sheet_profile(const struct kh_ctx *ctx, const struct customer *c, int lang,
                                    struct export_writer *w, struct kh_err *err)
{
    struct layout l = {.tz = ctx_tz(ctx)};
    enum kh_status st = customer_fields(ctx, &l.fields, &l.nfields, err);
    if (st)
        return st;
    l.ncols = NBEFORE + l.nfields + NAFTER;
    const char *head[2] = {lang ? "Field" : "字段", lang ? "Value" : "值"};
    st = w->ops->row(w, head, 2, err);
    if (!st)
        st = put_pairs(w, header_row(ctx->arena, &l, lang), customer_row(ctx->arena, &l, c),
                       l.ncols, err);
    return st;
}

/* A sheet's header row, each "中文 English" cell in the file's language. */
static enum kh_status head_row(const struct kh_ctx *ctx, struct export_writer *w,
                               const char *const *heads, int n, int lang, struct kh_err *err)
{
    const char **cells = arena_alloc(ctx->arena, sizeof(char *) * (size_t)n);
    for (int i = 0; i < n; i++)
        cells[i] = header_in(ctx->arena, heads[i], lang);
    return w->ops->row(w, cells, n, err);
}

static enum kh_status sheet_contacts(const struct kh_ctx *ctx, int64_t id, int lang,
                                     struct export_writer *w, struct kh_err *err)
{
    struct contact *list = NULL;
    int n = 0;
    enum kh_status st = customer_contacts(ctx, id, &list, &n, err);
    const char *head[] = {
        "姓名 Name",   "关系 Relation",   "职务 Position", "决策人 Decision maker",
        "手机 Mobile", "电子邮箱 E-mail", "生日 Birthday", "兴趣爱好 Interests",
        "备注 Notes"};
    if (!st)
        st = head_row(ctx, w, head, 9, lang, err);
    const char *yes = lang ? "Yes" : "是", *no = lang ? "No" : "否";
    for (int i = 0; i < n && !st; i++) {
        const struct contact *k = &list[i];
        const char *rel = k->relation && *k->relation
                              ? choice_label_in(KH_CHOICE_RELATIONS, k->relation, lang)
                              : "";
        const char *cells[] = {k->name,   rel,      k->position, k->is_decision_maker ? yes : no,
                               k->mobile, k->email, k->birthday, k->interests,
                               k->notes};
        st = w->ops->row(w, cells, 9, err);
    }
    return st;
}

static enum kh_status sheet_owners(const struct kh_ctx *ctx, int64_t id, int lang,
                                   struct export_writer *w, struct kh_err *err)
{
    struct owner_change *list = NULL;
    int n = 0;
    enum kh_status st = customer_owner_history(ctx, id, &list, &n, err);
    const char *head[] = {"时间 Time", "原归属人 From", "新归属人 To", "操作人 By", "原因 Reason"};
    if (!st)
        st = head_row(ctx, w, head, 5, lang, err);
    for (int i = 0; i < n && !st; i++) {
        const struct owner_change *o = &list[i];
        const char *cells[] = {time_text(ctx->arena, ctx_tz(ctx), o->at), o->from_name, o->to_name,
                               o->by_name, o->reason};
        st = w->ops->row(w, cells, 5, err);
    }
    return st;
}

static enum kh_status sheet_fields(const struct kh_ctx *ctx, int64_t id, int lang,
                                   struct export_writer *w, struct kh_err *err)
{
    struct field_change *list = NULL;
    int n = 0;
    enum kh_status st = customer_field_history(ctx, id, &list, &n, err);
    const char *head[] = {"时间 Time", "字段 Field", "原值 Old", "新值 New", "修改人 By"};
    if (!st)
        st = head_row(ctx, w, head, 5, lang, err);
    for (int i = 0; i < n && !st; i++) {
        const struct field_change *f = &list[i];
        const char *cells[] = {time_text(ctx->arena, ctx_tz(ctx), f->at), f->field, f->old_value,
                               f->new_value, f->by_name};
        st = w->ops->row(w, cells, 5, err);
    }
    return st;
}

static enum kh_status next_sheet(struct export_writer *w, const char *name, const char *mark,
                                 struct kh_err *err)
{
    enum kh_status st = w->ops->sheet(w, name, err);
    return st ? st : w->ops->row(w, &mark, 1, err);
}

enum kh_status export_customer_write(const struct kh_ctx *ctx, int64_t id, bool english,
                                     int64_t job_id, int64_t approval_id, const char *path,
                                     struct kh_err *err)
{
    int lang = english ? 1 : 0;
    struct customer c;
    enum kh_status st = export__may_export(ctx, err);
    if (!st)
        st = export__in_scope(ctx, id, err);
    if (!st)
        st = customer_get(ctx, id, &c, err);
    if (st)
        return st;
    const char *mark = watermark(ctx, lang);
    struct export_writer *w = NULL;
    st = open_writer(ctx, EXPORT_XLSX, EXPORT_UTF8, path,
                     arena_printf(ctx->arena, lang ? "Customer %s" : "客户档案 %s", c.code),
                     lang ? "Profile" : "档案", &w, err);
    if (st)
        return st;
    st = w->ops->row(w, &mark, 1, err);
    if (!st)
        st = sheet_profile(ctx, &c, lang, w, err);
    if (!st)
        st = next_sheet(w, lang ? "Contacts" : "联系人", mark, err);
    if (!st)
        st = sheet_contacts(ctx, id, lang, w, err);
    if (!st)
        st = next_sheet(w, lang ? "Owner history" : "归属历史", mark, err);
    if (!st)
        st = sheet_owners(ctx, id, lang, w, err);
    if (!st)
        st = next_sheet(w, lang ? "Field history" : "字段历史", mark, err);
    if (!st)
        st = sheet_fields(ctx, id, lang, w, err);
    if (st)
        w->ops->abandon(w);
    else
        st = w->ops->finish(w, err);
    if (!st)
        st = audit_export(
            ctx, job_id, approval_id, id, "rows=1 format=xlsx full=1",
            arena_printf(ctx->arena, "%s %s %s", lang ? "customer" : "客户档案", c.code, c.name), 1,
            err);
    if (st)
        unlink(path);
    return st;
}

/* The customer's file printed (R-PLT-7): the print layout as a PDF, audited and lent as above. */
static enum kh_status export_customer_pdf(const struct kh_ctx *ctx, int64_t id, bool english,
                                          int64_t job_id, int64_t approval_id, const char *path,
                                          struct kh_err *err)
{
    struct print_doc doc;
    enum kh_status st = export__may_export(ctx, err);
    if (!st)
        st = export__in_scope(ctx, id, err);
    if (!st)
        st = print_render(ctx, PRINT_CUSTOMER, id, english, PRINT_PDF_FONTS, &doc, err);
    if (!st)
        st = print_pdf(ctx, &doc, path, err);
    if (!st)
        st = audit_export(
            ctx, job_id, approval_id, id, "rows=1 format=pdf full=1",
            arena_printf(ctx->arena, "%s %s", english ? "printed" : "打印", doc.title), 1, err);
    if (st)
        unlink(path);
    return st;
}

/* ---- background jobs ---- */

static void on_progress(void *arg, int64_t rows)
{
    job_progress(arg, rows, 0);
}

/*
 * A GBK export whose rows hold characters GBK lacks fails before any file
 * is made; its summary lists the cells, so the user can choose GB18030 or
 * UTF-8 instead.
 */
static enum kh_status check_first(struct job_run *run, const struct export_request *req,
                                  struct kh_err *err)
{
    struct export_bad_cell *bad = NULL;
    int nbad = 0;
    int64_t count = 0;
    enum kh_status st = export_check(&run->ctx, req, &bad, &nbad, &count, err);
    if (st != KH_E_VALIDATION || !count)
        return st;
    char *summary = export_json_bad_cells(bad, nbad, count);
    struct kh_err e;
    kh_err_clear(&e);
    if (job_set_result(run, summary, NULL, NULL, NULL, &e))
        log_warn("msg=\"export: cells outside GBK not kept\" err=\"%s\"", e.msg_en);
    free(summary);
    return st;
}

struct export_job {
    struct export_request req;
    int64_t customer_id; /* 0: the list export */
};

/*
 * Who may start an export job: the holder of export.approve, or the
 * requester of the approved request it names (its permit is taken next).
 */
static enum kh_status may_start(const struct kh_ctx *ctx, int64_t approval_id, struct kh_err *err)
{
    enum kh_status st = export__may_export(ctx, err);
    if (st || approval_id || export_may_export_directly(ctx))
        return st;
    return kh_err_set(err, KH_E_APPROVAL, "approval_id",
                      "导出客户资料须经总经理或客户信息主管批准：请先提交导出申请",
                      "an export of customer data needs the approval of the general manager or "
                      "the customer-information supervisor: ask for it first");
}

/* The export's file, as the job's result. */
static enum kh_status produce(struct job_run *run, const struct export_job *j, struct kh_err *err)
{
    struct kh_ctx *ctx = &run->ctx;
    struct export_job job = *j;
    job.req.job_id = run->id; /* the export's loan is registered once per job */
    bool csv = !j->customer_id && j->req.format == EXPORT_CSV;
    bool vcf = !j->customer_id && j->req.format == EXPORT_VCF;
    bool pdf = j->customer_id && j->req.format == EXPORT_PDF;
    const char *ext = csv ? "csv" : vcf ? "vcf" : pdf ? "pdf" : "xlsx";
    if (!j->customer_id && check_first(run, &job.req, err))
        return err->code;
    /* Written by name (libxlsxwriter, the CSV writer) into a scratch file of the store. */
    struct file_writer *w = NULL;
    enum kh_status st = files_begin(ctx->files, 0, &w, err);
    if (st)
        return st;
    const char *path = files_writer_path(w);
    char stamp[40];
    struct kh_civil now;
    time_civil(ctx_tz(ctx), ctx_now(ctx), &now);
    snprintf(stamp, sizeof(stamp), "%04d%02d%02d-%02d%02d%02d", now.year, now.month, now.day,
             now.hour, now.minute, now.second);
    bool en = j->req.english;
    const char *name =
        j->customer_id
            ? arena_printf(ctx->arena, en ? "customer-%lld-%s.%s" : "客户档案-%lld-%s.%s",
                           (long long)j->customer_id, stamp, ext)
            : arena_printf(ctx->arena, en ? "customers-%s.%s" : "客户导出-%s.%s", stamp, ext);
    int64_t rows = 1;
    st = pdf ? export_customer_pdf(ctx, j->customer_id, j->req.english, run->id, j->req.approval_id,
                                   path, err)
         : j->customer_id ? export_customer_write(ctx, j->customer_id, j->req.english, run->id,
                                                  j->req.approval_id, path, err)
                          : export_write(ctx, &job.req, path, on_progress, run, &rows, err);
    char file[FILES_NAME_MAX];
    if (st)
        files_abort(w);
    else
        st = files_commit(w, "export-", arena_printf(ctx->arena, ".%s", ext), file, NULL, err);
    if (st)
        return st;
    const char *summary = arena_printf(ctx->arena, "{\"rows\":%lld}", (long long)rows);
    const char *ctype = pdf    ? "application/pdf"
                        : vcf  ? "text/vcard; charset=utf-8"
                        : !csv ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        : j->req.encoding == EXPORT_GBK     ? "text/csv; charset=GBK"
                        : j->req.encoding == EXPORT_GB18030 ? "text/csv; charset=GB18030"
                                                            : "text/csv; charset=utf-8";
    return job_set_result(run, summary, file, name, ctype, err);
}

static enum kh_status run_export(struct job_run *run, struct kh_err *err)
{
    struct export_job job;
    const struct export_job *j = &job;
    /* An approved export takes its permit first; one that fails gives it back. */
    struct kh_ctx *ctx = &run->ctx;
    if (!export_json_params_decode(ctx->arena, run->params, &job.req, &job.customer_id))
        return kh_err_set(err, KH_E_INTERNAL, "params", "导出任务参数无效",
                          "the export job's parameters are not valid");
    if (!ctx->files)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "没有文件存储，无法导出",
                          "no file store to export into");
    enum kh_status st = may_start(ctx, j->req.approval_id, err);
    if (!st && j->req.approval_id)
        st = export__permit_take(ctx, j->req.approval_id, run->id, err);
    if (st)
        return st;
    st = produce(run, j, err);
    if (st && j->req.approval_id)
        export__permit_release(ctx, j->req.approval_id, run->id);
    return st;
}

/* Exports are cheap to redo: a run interrupted by a restart runs again (twice at most). */
const struct job_kind export_job_kind = {"export", "导出客户", "Customer export", run_export, 2};

enum kh_status export__submit(const struct kh_ctx *ctx, const struct export_request *req,
                              int64_t customer_id, int64_t *job_id, struct kh_err *err)
{
    uint64_t room = 0;
    enum kh_status st = files_room(ctx, 0, &room, err); /* the disk's reserve is not for exports */
    if (!st)
        st = jobs_files_quota_check(ctx, err);
    if (st)
        return st;
    char *params = export_json_params(req, customer_id);
    st = jobs_submit(ctx, &export_job_kind, params, job_id, err);
    free(params);
    return st;
}

enum kh_status export_start(const struct kh_ctx *ctx, const struct export_request *req,
                            int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    struct export_request direct = *req;
    direct.approval_id = 0;
    enum kh_status st = pdf_only_for_a_file(req, err);
    if (!st)
        st = may_start(ctx, 0, err);
    if (st)
        return st;
    return export__submit(ctx, &direct, 0, job_id, err);
}

enum kh_status export_customer_start(const struct kh_ctx *ctx, int64_t id, bool english,
                                     enum export_format format, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    struct customer c;
    if (format != EXPORT_XLSX && format != EXPORT_PDF)
        return kh_err_set(err, KH_E_VALIDATION, "format", "客户档案可导出为 xlsx，或打印为 pdf",
                          "a customer's file exports as xlsx or prints as pdf");
    enum kh_status st = export__may_export(ctx, err);
    if (!st)
        st = export__in_scope(ctx, id, err);
    if (!st)
        st = customer_get(ctx, id, &c, err);
    if (!st)
        st = may_start(ctx, 0, err);
    if (st)
        return st;
    struct export_request none = {.english = english, .format = format};
    return export__submit(ctx, &none, id, job_id, err);
}

enum kh_status export__job_file(struct job_run *run, enum kh_status st, struct export_writer *w,
                                struct file_writer *fw, const char *prefix, const char *base,
                                const char *ext, const char *ctype, int64_t rows,
                                struct kh_err *err)
{
    if (w && st)
        w->ops->abandon(w);
    else if (w)
        st = w->ops->finish(w, err);
    char file[FILES_NAME_MAX];
    const char *dot_ext = arena_printf(run->ctx.arena, ".%s", ext);
    if (st)
        files_abort(fw);
    else
        st = files_commit(fw, prefix, dot_ext, file, NULL, err);
    if (st)
        return st;
    struct kh_ctx *ctx = &run->ctx;
    struct kh_civil now;
    time_civil(ctx_tz(ctx), ctx_now(ctx), &now);
    const char *name = arena_printf(ctx->arena, "%s-%04d%02d%02d-%02d%02d%02d.%s", base, now.year,
                                    now.month, now.day, now.hour, now.minute, now.second, ext);
    const char *summary = arena_printf(ctx->arena, "{\"rows\":%lld}", (long long)rows);
    return job_set_result(run, summary, file, name, ctype, err);
}
