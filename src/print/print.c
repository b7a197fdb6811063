/* Printing (R-PLT-7): the four documents and who may print them. */
#include "print/print.h"

#include <stdio.h>
#include <string.h>

#include "app/list.h"
#include "audit/audit.h"
#include "contract/contract.h"
#include "core/arena.h"
#include "core/clock.h"
#include "customer/customer.h"
#include "followup/interaction.h"
#include "opportunity/opportunity.h"
#include "order/receivable.h"
#include "order/order.h"
#include "print/print_html.h"
#include "secrecy/secrecy.h"

#define SECTION_ROWS 200 /* a section prints at most one list page (the newest first) */

static const char *const kind_names[] = {"customer", "order", "contract", "statement"};

bool print_kind_parse(const char *s, enum print_kind *out)
{
    for (int i = 0; s && i < 4; i++)
        if (!strcmp(s, kind_names[i])) {
            *out = (enum print_kind)i;
            return true;
        }
    return false;
}

const char *print_kind_name(enum print_kind k)
{
    return (unsigned)k < 4 ? kind_names[k] : "";
}

/* ---- small texts ---- */

static const char *day(const struct kh_ctx *ctx, int64_t t)
{
    if (!t)
        return "";
    char s[16];
    time_format_date(ctx_tz(ctx), t, s, sizeof(s));
    return arena_strdup(ctx->arena, s);
}

static const char *minute(const struct kh_ctx *ctx, int64_t t)
{
    if (!t)
        return "";
    struct kh_civil c;
    time_civil(ctx_tz(ctx), t, &c);
    return arena_printf(ctx->arena, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, c.hour,
                        c.minute);
}

static const char *num(struct arena *a, const char *s)
{
    return arena_printf(a, "#%s", s);
}

static const char *money(struct arena *a, int64_t fen)
{
    return num(a, ph_money(a, fen));
}

/* The watermark of R-SEC-6: who printed it, and when. */
static const char *watermark(const struct kh_ctx *ctx, bool en)
{
    const struct kh_actor *u = &ctx->actor;
    const char *name = u->name[0] ? u->name : u->username;
    const char *at = minute(ctx, ctx_now(ctx));
    return en ? arena_printf(ctx->arena, "Printed by %s (%s) at %s · Kehu", name, u->username, at)
              : arena_printf(ctx->arena, "打印人：%s（%s） 打印时间：%s · Kehu", name, u->username,
                             at);
}

static const char *choice(int set, const char *value, bool en)
{
    const char *name = NULL;
    for (const struct kh_choice *c = customer_choice_set(set, &name); c && c->value; c++)
        if (value && !strcmp(c->value, value))
            return en ? c->en : c->zh;
    return value ? value : "";
}

/* A state or kind code's label. */
static const char *label(const struct kh_choice *set, const char *code, bool en)
{
    for (; set->value; set++)
        if (code && !strcmp(set->value, code))
            return en ? set->en : set->zh;
    return code ? code : "";
}

static const struct kh_choice order_states[] = {{"confirmed", "已确认", "Confirmed"},
                                                {"delivered", "已交付", "Delivered"},
                                                {"cancelled", "已取消", "Cancelled"},
                                                {0}};
static const struct kh_choice contract_states[] = {{"draft", "草稿", "Draft"},
                                                   {"pending", "审批中", "Awaiting approval"},
                                                   {"active", "生效", "In force"},
                                                   {"expired", "已到期", "Expired"},
                                                   {"terminated", "已终止", "Terminated"},
                                                   {0}};
static const struct kh_choice contract_kinds[] = {
    {"supply", "供货合同", "Supply"},
    {"quality", "质量保证协议", "Quality assurance"},
    {"service", "维修服务合同", "Maintenance and service"},
    {0}};
static const struct kh_choice opp_states[] = {
    {"open", "进行中", "Open"}, {"won", "赢单", "Won"}, {"lost", "输单", "Lost"}, {0}};
static const struct kh_choice installment_states[] = {
    {"open", "未到期", "Open"}, {"overdue", "逾期", "Overdue"}, {"paid", "已付清", "Paid"}, {0}};

/* A forbidden or unseen list leaves its section out: the reader prints what they may read. */
static bool left_out(enum kh_status st, struct kh_err *err)
{
    if (st == KH_E_FORBIDDEN) {
        kh_err_clear(err);
        return true;
    }
    return false;
}

/* ---- the customer file ---- */

static void profile(struct ph *h, const struct kh_ctx *ctx, const struct customer *c)
{
    bool en = h->en;
    struct arena *a = ctx->arena;
    struct buf tags;
    buf_init(&tags, 4096);
    for (int i = 0; i < c->ntags; i++)
        buf_printf(&tags, "%s%s", i ? "、" : "", c->tags[i]);
    const char *tag_text = arena_strdup(a, buf_cstr(&tags));
    buf_release(&tags);
    ph_section(h, "基本资料", "Profile");
    ph_pairs_begin(h);
    ph_pair(h, "客户编号", "Code", c->code);
    ph_pair(h, "名称", "Name", c->name);
    ph_pair(h, "类型", "Kind", choice(KH_CHOICE_KINDS, c->kind, en));
    ph_pair(h, "性别", "Gender", choice(KH_CHOICE_GENDERS, c->gender, en));
    ph_pair(h, "生日", "Birthday", c->birthday);
    ph_pair(h, "手机", "Mobile", c->mobile);
    ph_pair(h, "办公电话", "Office phone", c->phone_office);
    ph_pair(h, "住宅电话", "Home phone", c->phone_home);
    ph_pair(h, "电子邮箱", "E-mail", c->email);
    ph_pair(h, "地区", "Region", c->region_name);
    ph_pair(h, "地址", "Address", c->address);
    ph_pair(h, "单位", "Company", c->company);
    ph_pair(h, "单位地址", "Company address", c->company_address);
    ph_pair(h, "职务", "Position", c->position);
    ph_pair(h, "身份证号", "ID number", c->id_number);
    ph_pair(h, "统一社会信用代码", "USCC", c->uscc);
    ph_pair(h, "类别", "Category", choice(KH_CHOICE_CATEGORIES, c->category, en));
    ph_pair(h, "等级", "Grade", choice(KH_CHOICE_GRADES, c->grade, en));
    ph_pair(h, "价值", "Value tier", choice(KH_CHOICE_VALUE_TIERS, c->value_tier, en));
    ph_pair(h, "阶段", "Stage", choice(KH_CHOICE_STAGES, c->stage, en));
    ph_pair(h, "行业", "Industry", choice(KH_CHOICE_INDUSTRIES, c->industry, en));
    ph_pair(h, "来源", "Source", choice(KH_CHOICE_SOURCES, c->source, en));
    ph_pair(h, "标签", "Tags", tag_text);
    ph_pair(h, "归属人", "Owner", c->owner_name);
    ph_pair(h, "分支机构", "Branch", c->branch_name);
    ph_pair(h, "建档时间", "Created", minute(ctx, c->created_at));
    ph_pairs_end(h);
    if (c->notes && *c->notes) {
        ph_section(h, "备注", "Notes");
        ph_text(h, c->notes);
    }
}

static enum kh_status contacts(struct ph *h, const struct kh_ctx *ctx, int64_t id,
                               struct kh_err *err)
{
    struct contact *list = NULL;
    int n = 0;
    enum kh_status st = customer_contacts(ctx, id, &list, &n, err);
    if (st)
        return left_out(st, err) ? KH_OK : st;
    static const char *const heads[] = {"姓名|Name",   "关系|Relation",   "职务|Position",
                                        "手机|Mobile", "电子邮箱|E-mail", "生日|Birthday"};
    ph_section(h, "联系人", "Contacts");
    ph_table_begin(h, heads, 6);
    for (int i = 0; i < n; i++) {
        const struct contact *k = &list[i];
        const char *rel = choice(KH_CHOICE_RELATIONS, k->relation, h->en);
        const char *cells[] = {k->name, rel, k->position, k->mobile, k->email, k->birthday};
        ph_row(h, cells);
    }
    ph_table_end(h, n);
    return KH_OK;
}

static const struct list_page one_page = {.limit = SECTION_ROWS};

static enum kh_status interactions(struct ph *h, const struct kh_ctx *ctx, int64_t id,
                                   struct kh_err *err)
{
    struct interaction_filter f = {.customer_id = id};
    struct interaction *list = NULL;
    int n = 0;
    const char *next = NULL;
    enum kh_status st = interaction_list(ctx, &f, &one_page, &list, &n, &next, err);
    if (st)
        return left_out(st, err) ? KH_OK : st;
    static const char *const heads[] = {"时间|Time", "方式|Channel", "内容|Summary", "结果|Outcome",
                                        "记录人|By"};
    ph_section(h, "跟进记录", "Interactions");
    ph_table_begin(h, heads, 5);
    for (int i = 0; i < n; i++) {
        const struct interaction *x = &list[i];
        const char *cells[] = {minute(ctx, x->occurred_at),
                               choice(KH_CHOICE_CHANNELS, x->channel, h->en), x->summary,
                               x->outcome, x->created_by_name};
        ph_row(h, cells);
    }
    ph_table_end(h, n);
    return KH_OK;
}

static enum kh_status opportunities(struct ph *h, const struct kh_ctx *ctx, int64_t id,
                                    struct kh_err *err)
{
    struct opp_filter f = {.customer_id = id, .state = "all"};
    struct opportunity *list = NULL;
    int n = 0;
    const char *next = NULL;
    enum kh_status st = opportunity_list(ctx, &f, &one_page, &list, &n, &next, err);
    if (st)
        return left_out(st, err) ? KH_OK : st;
    static const char *const heads[] = {
        "商机|Opportunity",        "阶段|Stage", "金额|Amount", "赢率|Probability",
        "预计成交|Expected close", "状态|State"};
    ph_section(h, "商机", "Opportunities");
    ph_table_begin(h, heads, 6);
    for (int i = 0; i < n; i++) {
        const struct opportunity *o = &list[i];
        const char *cells[] = {o->title,
                               h->en ? o->stage_name_en : o->stage_name,
                               money(ctx->arena, o->amount_fen),
                               arena_printf(ctx->arena, "#%d%%", o->probability),
                               o->expected_close,
                               label(opp_states, o->state, h->en)};
        ph_row(h, cells);
    }
    ph_table_end(h, n);
    return KH_OK;
}

static enum kh_status orders(struct ph *h, const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct order_filter f = {.customer_id = id};
    struct order *list = NULL;
    int n = 0;
    const char *next = NULL;
    enum kh_status st = order_list(ctx, &f, &one_page, &list, &n, &next, err);
    if (st)
        return left_out(st, err) ? KH_OK : st;
    static const char *const heads[] = {"订单号|Order", "下单日期|Ordered", "状态|State",
                                        "金额|Amount", "归属人|Owner"};
    ph_section(h, "订单", "Orders");
    ph_table_begin(h, heads, 5);
    for (int i = 0; i < n; i++) {
        const struct order *o = &list[i];
        const char *cells[] = {o->code, day(ctx, o->ordered_at),
                               label(order_states, o->state, h->en),
                               money(ctx->arena, o->amount_fen), o->owner_name};
        ph_row(h, cells);
    }
    ph_table_end(h, n);
    return KH_OK;
}

static enum kh_status contracts(struct ph *h, const struct kh_ctx *ctx, int64_t id,
                                struct kh_err *err)
{
    struct contract_filter f = {.customer_id = id, .state = "all"};
    struct contract *list = NULL;
    int n = 0;
    const char *next = NULL;
    enum kh_status st = contract_list(ctx, &f, &one_page, &list, &n, &next, err);
    if (st)
        return left_out(st, err) ? KH_OK : st;
    static const char *const heads[] = {"合同号|Contract", "名称|Title", "类型|Kind",
                                        "金额|Amount",     "期限|Term",  "状态|State"};
    ph_section(h, "合同", "Contracts");
    ph_table_begin(h, heads, 6);
    const char *today = ctx_today(ctx);
    for (int i = 0; i < n; i++) {
        const struct contract *k = &list[i];
        const char *cells[] = {k->code,
                               k->title,
                               label(contract_kinds, k->kind, h->en),
                               money(ctx->arena, k->amount_fen),
                               arena_printf(ctx->arena, "%s – %s", k->starts_on, k->ends_on),
                               label(contract_states, contract_state(k, today), h->en)};
        ph_row(h, cells);
    }
    ph_table_end(h, n);
    return KH_OK;
}

/* The customer's installments (every page), their totals and states. */
static enum kh_status installments(struct ph *h, const struct kh_ctx *ctx, int64_t id,
                                   bool with_order, int64_t *rows, struct kh_err *err)
{
    struct receivable_filter f = {.customer_id = id, .state = "all"};
    struct list_page page = one_page;
    static const char *const heads[] = {"订单号|Order", "期次|Installment", "到期日|Due",
                                        "应收|Amount",  "已收|Paid",        "未收|Outstanding",
                                        "状态|State"};
    int64_t due = 0, paid = 0, overdue = 0;
    const char *today = ctx_today(ctx);
    *rows = 0;
    for (int pages = 0; pages < 50; pages++) {
        struct installment *list = NULL;
        int n = 0;
        const char *next = NULL;
        enum kh_status st = receivable_list(ctx, &f, &page, &list, &n, &next, err);
        if (st)
            return left_out(st, err) && !*rows ? KH_OK : st;
        if (!pages) {
            ph_section(h, with_order ? "应收款" : "应收款明细",
                       with_order ? "Receivables" : "Installments");
            ph_table_begin(h, heads, 7);
        }
        for (int i = 0; i < n; i++) {
            const struct installment *x = &list[i];
            int64_t late = 0;
            const char *state = installment_state(x, today, &late);
            const char *cells[] = {x->order_code,
                                   arena_printf(ctx->arena, "#%d", x->seq),
                                   x->due_on,
                                   money(ctx->arena, x->amount_fen),
                                   money(ctx->arena, x->paid_fen),
                                   money(ctx->arena, x->amount_fen - x->paid_fen),
                                   label(installment_states, state, h->en)};
            ph_row(h, cells);
            due += x->amount_fen;
            paid += x->paid_fen;
            if (!strcmp(state, "overdue"))
                overdue += x->amount_fen - x->paid_fen;
        }
        *rows += n;
        if (!next)
            break;
        page.cursor = next;
    }
    ph_table_end(h, (int)*rows);
    ph_pairs_begin(h);
    ph_pair(h, "应收合计", "Total due", ph_money(ctx->arena, due));
    ph_pair(h, "已收合计", "Total paid", ph_money(ctx->arena, paid));
    ph_pair(h, "未收合计", "Outstanding", ph_money(ctx->arena, due - paid));
    ph_pair(h, "其中逾期", "Of which overdue", ph_money(ctx->arena, overdue));
    ph_pairs_end(h);
    return KH_OK;
}

static enum kh_status owners(struct ph *h, const struct kh_ctx *ctx, int64_t id, struct kh_err *err)
{
    struct owner_change *list = NULL;
    int n = 0;
    enum kh_status st = customer_owner_history(ctx, id, &list, &n, err);
    if (st)
        return left_out(st, err) ? KH_OK : st;
    static const char *const heads[] = {"时间|Time", "原归属人|From", "新归属人|To", "操作人|By",
                                        "原因|Reason"};
    ph_section(h, "归属变更", "Owner changes");
    ph_table_begin(h, heads, 5);
    for (int i = 0; i < n; i++) {
        const struct owner_change *o = &list[i];
        const char *cells[] = {minute(ctx, o->at), o->from_name, o->to_name, o->by_name, o->reason};
        ph_row(h, cells);
    }
    ph_table_end(h, n);
    return KH_OK;
}

static enum kh_status customer_file(const struct kh_ctx *ctx, int64_t id, bool en,
                                    const char *font_base, struct print_doc *out,
                                    struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer_get(ctx, id, &c, err);
    if (st)
        return st;
    struct arena *a = ctx->arena;
    out->title = arena_printf(a, en ? "Customer file %s" : "客户档案 %s", c.code);
    out->file_name = arena_printf(a, en ? "customer-%s.pdf" : "客户档案-%s.pdf", c.code);
    out->secrecy = c.secrecy;
    struct ph h;
    ph_begin(&h, a, en, font_base, "customer", out->title, c.name, c.secrecy, watermark(ctx, en));
    profile(&h, ctx, &c);
    int64_t rows = 0;
    st = contacts(&h, ctx, id, err);
    if (!st)
        st = interactions(&h, ctx, id, err);
    if (!st)
        st = opportunities(&h, ctx, id, err);
    if (!st)
        st = orders(&h, ctx, id, err);
    if (!st)
        st = installments(&h, ctx, id, true, &rows, err);
    if (!st)
        st = contracts(&h, ctx, id, err);
    if (!st)
        st = owners(&h, ctx, id, err);
    out->html = ph_end(&h);
    return st;
}

/* ---- an order ---- */

static enum kh_status order_doc(const struct kh_ctx *ctx, int64_t id, bool en,
                                const char *font_base, struct print_doc *out, struct kh_err *err)
{
    struct order o;
    enum kh_status st = order_get(ctx, id, &o, err);
    if (st)
        return st;
    struct arena *a = ctx->arena;
    out->title = arena_printf(a, en ? "Order %s" : "订单 %s", o.code);
    out->file_name = arena_printf(a, en ? "order-%s.pdf" : "订单-%s.pdf", o.code);
    out->secrecy = o.customer_secrecy;
    struct ph h;
    ph_begin(&h, a, en, font_base, "order", out->title,
             arena_printf(a, "%s %s", o.customer_code, o.customer_name), o.customer_secrecy,
             watermark(ctx, en));
    ph_section(&h, "订单信息", "Order");
    ph_pairs_begin(&h);
    ph_pair(&h, "订单号", "Order", o.code);
    ph_pair(&h, "客户", "Customer", arena_printf(a, "%s %s", o.customer_code, o.customer_name));
    ph_pair(&h, "下单日期", "Ordered", day(ctx, o.ordered_at));
    ph_pair(&h, "状态", "State", label(order_states, o.state, en));
    ph_pair(&h, "约定交付", "Delivery due", o.delivery_due);
    ph_pair(&h, "交付日期", "Delivered", day(ctx, o.delivered_at));
    ph_pair(&h, "商机", "Opportunity", o.opportunity_title);
    ph_pair(&h, "归属人", "Owner", o.owner_name);
    ph_pair(&h, "订单金额", "Amount", ph_money(a, o.amount_fen));
    if (o.cancel_reason && *o.cancel_reason)
        ph_pair(&h, "取消原因", "Cancelled because", o.cancel_reason);
    ph_pairs_end(&h);
    static const char *const heads[] = {"#|#",           "产品编号|Code", "品名|Item",
                                        "单位|Unit",     "数量|Qty",      "单价|Price",
                                        "折扣|Discount", "金额|Amount"};
    ph_section(&h, "订单明细", "Lines");
    ph_table_begin(&h, heads, 8);
    for (int i = 0; i < o.nlines; i++) {
        const struct order_line *l = &o.lines[i];
        const char *item = l->product_id ? l->name : l->description;
        if (l->product_id && l->description && *l->description)
            item = arena_printf(a, "%s（%s）", l->name, l->description);
        const char *cells[] = {arena_printf(a, "#%d", i + 1),
                               l->code,
                               item,
                               l->unit,
                               arena_printf(a, "#%lld", (long long)l->quantity),
                               money(a, l->price_fen),
                               money(a, l->discount_fen > 0 ? l->discount_fen : 0),
                               money(a, l->amount_fen)};
        ph_row(&h, cells);
    }
    ph_table_end(&h, o.nlines);
    ph_pairs_begin(&h);
    ph_pair(&h, "合计", "Total", ph_money(a, o.amount_fen));
    ph_pairs_end(&h);
    if (o.notes && *o.notes) {
        ph_section(&h, "备注", "Notes");
        ph_text(&h, o.notes);
    }
    out->html = ph_end(&h);
    return KH_OK;
}

/* ---- a contract summary ---- */

static enum kh_status contract_doc(const struct kh_ctx *ctx, int64_t id, bool en,
                                   const char *font_base, struct print_doc *out, struct kh_err *err)
{
    struct contract k;
    enum kh_status st = contract_get(ctx, id, &k, err);
    if (st)
        return st;
    struct arena *a = ctx->arena;
    out->title = arena_printf(a, en ? "Contract %s" : "合同 %s", k.code);
    out->file_name = arena_printf(a, en ? "contract-%s.pdf" : "合同-%s.pdf", k.code);
    out->secrecy = k.customer_secrecy;
    struct ph h;
    ph_begin(&h, a, en, font_base, "contract", out->title, k.title, k.customer_secrecy,
             watermark(ctx, en));
    ph_section(&h, "合同摘要", "Contract summary");
    ph_pairs_begin(&h);
    ph_pair(&h, "合同号", "Contract", k.code);
    ph_pair(&h, "名称", "Title", k.title);
    ph_pair(&h, "类型", "Kind", label(contract_kinds, k.kind, en));
    ph_pair(&h, "状态", "State", label(contract_states, contract_state(&k, ctx_today(ctx)), en));
    ph_pair(&h, "客户（乙方）", "Customer",
            arena_printf(a, "%s %s", k.customer_code, k.customer_name));
    ph_pair(&h, "我方", "Our party", k.our_party);
    ph_pair(&h, "客户签约人", "Signatory", k.signatory);
    ph_pair(&h, "金额", "Amount", ph_money(a, k.amount_fen));
    ph_pair(&h, "生效日", "Starts", k.starts_on);
    ph_pair(&h, "到期日", "Ends", k.ends_on);
    ph_pair(&h, "签订日", "Signed", k.signed_on);
    ph_pair(&h, "关联订单", "Order", k.order_code);
    ph_pair(&h, "续签自", "Renews", k.renewal_of_code);
    ph_pair(&h, "续签为", "Renewed by", k.renewed_by_code);
    ph_pair(&h, "归属人", "Owner", k.owner_name);
    if (k.terminate_reason && *k.terminate_reason)
        ph_pair(&h, "终止原因", "Terminated because", k.terminate_reason);
    ph_pairs_end(&h);
    if (k.notes && *k.notes) {
        ph_section(&h, "备注", "Notes");
        ph_text(&h, k.notes);
    }
    out->html = ph_end(&h);
    return KH_OK;
}

/* ---- a customer's receivables statement ---- */

static enum kh_status statement_doc(const struct kh_ctx *ctx, int64_t id, bool en,
                                    const char *font_base, struct print_doc *out,
                                    struct kh_err *err)
{
    /* The receivables reader (an accountant reads customers' receivables, not their files). */
    struct kh_ctx rc = receivable_reader(ctx);
    struct customer c;
    enum kh_status st = customer_get(&rc, id, &c, err);
    if (st)
        return st;
    struct arena *a = ctx->arena;
    out->title = arena_printf(a, en ? "Statement %s" : "对账单 %s", c.code);
    out->file_name = arena_printf(a, en ? "statement-%s.pdf" : "对账单-%s.pdf", c.code);
    out->secrecy = c.secrecy;
    struct ph h;
    ph_begin(&h, a, en, font_base, "statement", out->title,
             arena_printf(a, "%s %s", c.code, c.name), c.secrecy, watermark(ctx, en));
    ph_pairs_begin(&h);
    ph_pair(&h, "客户", "Customer", arena_printf(a, "%s %s", c.code, c.name));
    ph_pair(&h, "对账日", "As of", ctx_today(ctx));
    ph_pairs_end(&h);
    int64_t rows = 0;
    st = installments(&h, ctx, id, false, &rows, err);
    out->html = ph_end(&h);
    return st;
}

enum kh_status print_render(const struct kh_ctx *ctx, enum print_kind kind, int64_t id,
                            bool english, const char *font_base, struct print_doc *out,
                            struct kh_err *err)
{
    *out = (struct print_doc){.kind = kind, .id = id};
    switch (kind) {
    case PRINT_CUSTOMER:
        return customer_file(ctx, id, english, font_base, out, err);
    case PRINT_ORDER:
        return order_doc(ctx, id, english, font_base, out, err);
    case PRINT_CONTRACT:
        return contract_doc(ctx, id, english, font_base, out, err);
    case PRINT_STATEMENT:
        return statement_doc(ctx, id, english, font_base, out, err);
    }
    return kh_err_set(err, KH_E_INVALID, "kind", "打印内容无效", "unknown kind of print");
}

static enum kh_status business_only(enum print_kind kind, struct kh_err *err)
{
    if (kind != PRINT_CUSTOMER)
        return KH_OK;
    return kh_err_set(err, KH_E_APPROVAL, "kind",
                      "客户档案含个人信息，须按导出规定打印：请导出客户档案（PDF 格式），"
                      "无导出权限时先提交导出申请",
                      "a customer file holds personal data and prints as its export: export the "
                      "customer's file as PDF, asking for approval first if you may not export");
}

static enum kh_status audit_print(const struct kh_ctx *ctx, const char *action,
                                  const struct print_doc *doc, struct kh_err *err)
{
    struct audit_event ev = {action, print_kind_name(doc->kind), doc->id,
                             arena_printf(ctx->arena, "%s", doc->title)};
    return audit_record(ctx, &ev, err);
}

enum kh_status print_view(const struct kh_ctx *ctx, enum print_kind kind, int64_t id, bool english,
                          const char *font_base, struct print_doc *out, struct kh_err *err)
{
    enum kh_status st = business_only(kind, err);
    if (!st)
        st = print_render(ctx, kind, id, english, font_base, out, err);
    if (!st)
        st = audit_print(ctx, "print.view", out, err);
    return st;
}

enum kh_status print_view_pdf(const struct kh_ctx *ctx, enum print_kind kind, int64_t id,
                              bool english, const char *path, struct print_doc *out,
                              struct kh_err *err)
{
    enum kh_status st = business_only(kind, err);
    if (!st)
        st = print_render(ctx, kind, id, english, PRINT_PDF_FONTS, out, err);
    if (!st)
        st = print_pdf(ctx, out, path, err);
    if (!st)
        st = audit_print(ctx, "print.pdf", out, err);
    return st;
}
