#include "demo/demo.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "customer/customer.h"
#include "demo/demo_data.h"
#include "complaint/complaint.h"
#include "followup/interaction.h"
#include "followup/rule.h"
#include "followup/task.h"
#include "order/order.h"
#include "product/product.h"
#include "region/region.h"
#include "secrecy/secrecy.h"

struct demo_user {
    const char *username, *name, *role;
    int dept;   /* index into departments, -1 none */
    int branch; /* 0 HQ, 1 SH */
};

static const struct demo_user demo_users[] = {
    {"gm", "赵总", "gm", -1, 0},
    {"csmanager", "钱丽华", "cs_manager", 2, 0},
    {"infosup", "孙慧敏", "info_supervisor", 2, 0},
    {"infospec", "李晓燕", "info_specialist", 2, 0},
    {"salesmgr", "周建国", "sales_manager", 0, 0},
    {"zhangwei", "张伟", "salesperson", 0, 0},
    {"lina", "李娜", "salesperson", 0, 0},
    {"wangqiang", "王强", "salesperson", 1, 0},
    {"chenjing", "陈静", "salesperson", 3, 1},
    {"shmgr", "吴海峰", "sales_manager", 3, 1},
    {"fuwu", "郑师傅", "service_supervisor", -1, 0},
    {"jishu", "冯工", "technician", -1, 0},
    {"kuaiji", "褚会计", "accountant", -1, 0},
    {"kefu", "卫小红", "complaint_handler", -1, 0},
    {"shenji", "蒋审计", "auditor", -1, 0},
};
#define NUSERS (sizeof(demo_users) / sizeof(demo_users[0]))

static const struct {
    const char *name;
    int branch;
} demo_depts[] = {{"销售一部", 0}, {"销售二部", 0}, {"客户服务部", 0}, {"上海销售部", 1}};

static enum kh_status ensure_org(const struct kh_ctx *ctx, int64_t branch_ids[2],
                                 int64_t dept_ids[4], int64_t user_ids[NUSERS], struct kh_err *err)
{
    struct org_unit *list = NULL;
    int n = 0;
    enum kh_status st = account_branch_list(ctx, &list, &n, err);
    if (st)
        return st;
    branch_ids[0] = n > 0 ? list[0].id : 0;
    if (!branch_ids[0] && (st = account_branch_create(ctx, "HQ", "总部", &branch_ids[0], err)))
        return st;
    if ((st = account_branch_create(ctx, "SH", "上海分公司", &branch_ids[1], err)))
        return st;
    for (int i = 0; i < 4; i++)
        if ((st = account_department_create(ctx, demo_depts[i].name,
                                            branch_ids[demo_depts[i].branch], &dept_ids[i], err)))
            return st;
    for (size_t i = 0; i < NUSERS; i++) {
        const struct demo_user *u = &demo_users[i];
        struct user_input in = {.username = u->username,
                                .display_name = u->name,
                                .role = u->role,
                                .department_id = u->dept >= 0 ? dept_ids[u->dept] : 0,
                                .branch_id = branch_ids[u->branch],
                                .active = 1,
                                .password = KH_DEMO_PASSWORD,
                                .password_published = true};
        if ((st = account_user_create(ctx, &in, &user_ids[i], NULL, err)))
            return st;
    }
    /* The heads of departments (approvals' "department head" steps): each one's manager. */
    static const struct {
        int dept;
        const char *username;
    } heads[] = {{0, "salesmgr"}, {2, "csmanager"}, {3, "shmgr"}};
    for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++)
        for (size_t i = 0; i < NUSERS; i++)
            if (!strcmp(demo_users[i].username, heads[h].username) &&
                (st = account_department_set_head(ctx, dept_ids[heads[h].dept], user_ids[i], err)))
                return st;
    /*
     * Secrecy (R-SEC-2): the information supervisor is cleared for
     * confidential records and keeps them; the general manager keeps the
     * top-secret ones (cleared by the role).
     */
    struct user_input cl = {
        .department_id = -1, .branch_id = -1, .active = -1, .clearance = USER_CLEARANCE(1)};
    for (size_t i = 0; i < NUSERS; i++) {
        if (!strcmp(demo_users[i].username, "infosup") &&
            ((st = account_user_update(ctx, user_ids[i], &cl, NULL, err)) ||
             (st = secrecy_custodian_set(ctx, SECRECY_CONFIDENTIAL, user_ids[i], err))))
            return st;
        if (!strcmp(demo_users[i].username, "gm") &&
            (st = secrecy_custodian_set(ctx, SECRECY_TOP_SECRET, user_ids[i], err)))
            return st;
    }
    return KH_OK;
}

static const struct region *random_district(struct demo_rng *r)
{
    for (;;) {
        const struct region *g = region_at(demo_rng_below(r, (uint32_t)region_count()));
        if (g && g->code % 100 != 0)
            return g;
    }
}

static char *take(struct arena *a, struct buf *b)
{
    char *s = arena_strdup(a, buf_cstr(b));
    buf_reset(b);
    return s;
}

static void fill_personal(struct arena *a, struct demo_rng *r, struct customer_input *in)
{
    static const char *const edu[] = {"高中/中专", "大专", "本科", "硕士"};
    static const char *const marital[] = {"未婚", "已婚", "已婚", "离异"};
    static const char *const hobbies[] = {"钓鱼", "摄影", "太极拳", "羽毛球",
                                          "旅游", "书法", "茶艺"};
    static const char *const places[] = {"山东青岛", "江苏苏州", "浙江温州",
                                         "湖南长沙", "四川成都", "河南郑州"};
    in->custom = arena_alloc(a, sizeof(struct custom_value) * 5);
    in->custom[0] = (struct custom_value){
        .key = "native_place", .kind = CV_STRING, .s = places[demo_rng_below(r, 6)]};
    in->custom[1] = (struct custom_value){
        .key = "education", .kind = CV_STRING, .s = edu[demo_rng_below(r, 4)]};
    in->custom[2] = (struct custom_value){
        .key = "marital_status", .kind = CV_STRING, .s = marital[demo_rng_below(r, 4)]};
    in->custom[3] = (struct custom_value){
        .key = "hobbies", .kind = CV_STRING, .s = hobbies[demo_rng_below(r, 7)]};
    in->custom[4] =
        (struct custom_value){.key = "smokes", .kind = CV_BOOL, .b = demo_rng_below(r, 4) == 0};
    in->ncustom = 5;
    in->custom_set = true;
}

struct gen {
    const struct kh_ctx *base;
    const int64_t *user_ids; /* ids of demo_users, as created by this load */
    int thread, nthreads, quota;
    int created, skipped;
    struct kh_err failure; /* a write that failed (not a refused duplicate): the thread stopped */
};

static const char *pick(struct demo_rng *r, const char *const *list, uint32_t n)
{
    return list[demo_rng_below(r, n)];
}

static void make_customer(struct arena *a, struct demo_rng *r, struct buf *b, int i,
                          struct customer_input *in)
{
    static const char *const grades[] = {"A", "B", "B", "C", "C", "C"};
    static const char *const tiers[] = {"strategic", "important", "general", "general",
                                        "potential"};
    static const char *const stages[] = {"prospect", "customer", "customer", "loyal",
                                         "at_risk",  "lost",     "won_back"};
    static const char *const sources[] = {"exhibition",  "trade_press", "internet",
                                          "association", "store",       "partner",
                                          "referral",    "walk_in",     "call_in"};
    static const char *const credit[] = {"good", "good", "normal", "unknown", "poor"};
    static const char *const tags[] = {"老客户",   "VIP",      "华东",  "华北",
                                       "重点跟进", "价格敏感", "转介绍"};
    static const char *const tpl_personal[] = {"personal"};
    static const char *const tpl_car[] = {"car_dealer"};
    static const char *const tpl_house[] = {"real_estate"};
    customer_input_init(in);
    bool org = demo_rng_below(r, 10) < 3;
    bool female = demo_rng_below(r, 2) == 0;
    const struct region *d = random_district(r);
    const struct region *city = region_find(d->parent);
    in->kind = org ? "organization" : "individual";
    demo_company_name(r, b);
    char *company = take(a, b);
    demo_person_name(r, female, b);
    char *person = take(a, b);
    in->name = org ? company : person;
    in->company = org ? "" : (demo_rng_below(r, 2) ? company : "");
    in->position = org ? "" : demo_pick_position(r);
    in->gender = org ? "unknown" : (female ? "female" : "male");
    demo_mobile(r, b);
    in->mobile = take(a, b);
    in->email = arena_printf(a, "c%05d@%s", i, demo_pick_email_domain(r));
    in->province_code = city ? city->parent : 0;
    in->city_code = d->parent;
    in->district_code = d->code;
    demo_street_address(r, b);
    in->address = take(a, b);
    if (org) {
        demo_uscc(r, d->code, b);
        in->uscc = take(a, b);
        in->industry = demo_pick_industry(r);
    } else {
        int y = 1950 + (int)demo_rng_below(r, 50), m = 1 + (int)demo_rng_below(r, 12),
            dd = 1 + (int)demo_rng_below(r, 28);
        demo_id_number(r, d->code, y, m, dd, female, b);
        in->id_number = take(a, b);
        in->birthday = arena_printf(a, "%04d-%02d-%02d", y, m, dd);
    }
    in->grade = pick(r, grades, 6);
    in->value_tier = pick(r, tiers, 5);
    in->stage = pick(r, stages, 7);
    in->source = pick(r, sources, 9);
    in->credit_status = pick(r, credit, 5);
    in->category = demo_rng_below(r, 10) == 0 ? "special" : "general";
    in->tags = arena_alloc(a, sizeof(char *) * 2);
    in->tags[0] = pick(r, tags, 7);
    in->ntags = 1;
    in->tags_set = true;
    uint32_t t = demo_rng_below(r, 10);
    in->templates_set = t < 7;
    if (!org && t < 4) {
        in->templates = (const char **)tpl_personal;
        in->ntemplates = 1;
        fill_personal(a, r, in);
    } else if (t < 6) {
        in->templates = (const char **)tpl_car;
        in->ntemplates = 1;
    } else if (t < 7) {
        in->templates = (const char **)tpl_house;
        in->ntemplates = 1;
    }
}

static int64_t owner_for(struct demo_rng *r, const int64_t *user_ids)
{
    static const int owners[] = {5, 5, 6, 6, 7, 8, 4}; /* salespeople, and their manager */
    return user_ids[owners[demo_rng_below(r, 7)]];
}

static void add_contact(const struct kh_ctx *ctx, struct demo_rng *r, struct buf *b, int64_t id,
                        bool org)
{
    struct contact c;
    memset(&c, 0, sizeof(c));
    bool female = demo_rng_below(r, 2) == 0;
    demo_person_name(r, female, b);
    c.name = take(ctx->arena, b);
    demo_mobile(r, b);
    c.mobile = take(ctx->arena, b);
    c.relation = org ? "colleague" : "spouse";
    c.position = org ? demo_pick_position(r) : "";
    c.birthday = arena_printf(ctx->arena, "%04d-%02d-%02d", 1960 + (int)demo_rng_below(r, 40),
                              1 + (int)demo_rng_below(r, 12), 1 + (int)demo_rng_below(r, 28));
    int64_t cid = 0;
    struct kh_err err;
    KH_IGNORE(customer_contact_save(ctx, id, 0, &c, org ? 1 : 0, &cid, NULL, &err));
}

static void *gen_main(void *arg)
{
    struct gen *g = arg;
    struct buf b;
    buf_init(&b, 4096);
    /* Generated duplicates are refused like real ones: draw until the quota is met. */
    for (int k = 0; g->created < g->quota && g->skipped < g->quota + 100; k++) {
        int i = k * g->nthreads + g->thread;
        struct arena a;
        arena_init(&a);
        struct kh_ctx ctx = *g->base;
        ctx.arena = &a;
        struct demo_rng r;
        demo_rng_seed(&r, 0x6b656875ULL + (uint64_t)i);
        struct customer_input in;
        make_customer(&a, &r, &b, i, &in);
        in.owner_id = owner_for(&r, g->user_ids);
        /* How each prefers to be reached (R-INT-6); one in twelve entered a week late (R-ARC-10).
         */
        static const char *const channels[] = {"call", "wechat", "sms", "email", "call", ""};
        in.preferred_channel = channels[i % 6];
        if (i % 12 == 7) {
            char day[16];
            time_format_date(ctx_tz(&ctx), ctx_now(&ctx) - 7 * 86400, day, sizeof(day));
            in.collected_on = arena_strdup(&a, day);
        }
        /* One in twenty confidential, one in a hundred top secret. */
        in.secrecy = i % 100 == 42 ? SECRECY_TOP_SECRET
                     : i % 20 == 5 ? SECRECY_CONFIDENTIAL
                                   : SECRECY_NORMAL;
        int64_t id = 0;
        struct kh_err err;
        kh_err_clear(&err);
        if (customer_create(&ctx, &in, &id, NULL, &err) == KH_OK) {
            g->created++;
            if (demo_rng_below(&r, 3) == 0)
                add_contact(&ctx, &r, &b, id, !strcmp(in.kind, "organization"));
        } else if (err.code == KH_E_CONFLICT || err.code == KH_E_VALIDATION) {
            g->skipped++; /* refused like a real duplicate */
        } else {
            g->failure = err; /* the disk, the database: say so and stop, not count it */
            g->failure.fields = NULL;
            arena_release(&a);
            break;
        }
        arena_release(&a);
    }
    buf_release(&b);
    return NULL;
}

/* The id of the demo catalogue's product code, or 0. */
static int64_t demo_product_id(const struct kh_ctx *ctx, const char *code)
{
    struct product_filter f = {.q = code};
    struct list_page pg = {.limit = 1};
    struct product *items = NULL;
    const char *next = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (product_list(ctx, &f, &pg, &items, &n, &next, NULL, NULL, &err) || !n)
        return 0;
    return items[0].id;
}

/*
 * The salespeople's working day (R-INT-1, R-INT-4): on a few of each one's
 * customers a call two days ago whose next step is due tomorrow, a meeting
 * yesterday whose minutes are due, a follow-up call already overdue and a
 * delivered order with a letter complaining of it, so "my tasks" and the timelines have
 * something to show.
 */
static enum kh_status demo_followups(const struct kh_ctx *base, const char *username,
                                     struct kh_err *err)
{
    struct user u;
    enum kh_status st = account_user_find(base, username, &u, err);
    struct kh_ctx ctx = *base;
    if (!st)
        st = account_actor_load(base, u.id, &ctx.actor, err);
    struct customer_filter f;
    memset(&f, 0, sizeof(f));
    f.limit = 4;
    f.sort = SORT_NEWEST;
    f.desc = true;
    f.archived = 0;
    struct customer_page page;
    if (!st)
        st = customer_list(&ctx, &f, &page, err);
    int64_t now = ctx_now(&ctx), day = 86400;
    for (int i = 0; i < (st ? 0 : page.count) && !st; i++) {
        int64_t cid = page.items[i].id, id = 0, task = 0, done = 0;
        struct interaction_input call = {.customer_id = cid,
                                         .channel = "call",
                                         .occurred_at = now - 2 * day,
                                         .summary = "电话介绍新品，客户有兴趣，想看样品。",
                                         .outcome = "约定送样",
                                         .next_step = "送样品上门并演示",
                                         .next_at = now + day};
        struct interaction_input meeting = {.customer_id = cid,
                                            .channel = "meeting",
                                            .occurred_at = now - day,
                                            .summary = "到店面谈，了解使用需求和预算。",
                                            .outcome = "等待报价"};
        struct task_input overdue = {.customer_id = cid,
                                     .kind = "follow_up",
                                     .title = "回访：了解样品试用情况",
                                     .channel = "call",
                                     .start_at = now - 3 * day,
                                     .due_at = now - day};
        switch (i) {
        case 0:
            st = interaction_log(&ctx, &call, &id, &task, &done, err);
            break;
        case 1:
            st = interaction_log(&ctx, &meeting, &id, &task, &done, err);
            break;
        case 2:
            st = task_create(&ctx, &overdue, &id, err);
            break;
        default: { /* an order, delivered: the customer's purchase for the follow-up rules */
            struct order_line lines[] = {
                {.product_id = demo_product_id(&ctx, "JS-A1"),
                 .quantity = 1,
                 .price_fen = -1,
                 .discount_fen = 2000},
                {.description = "上门安装", .quantity = 1, .price_fen = 10000, .discount_fen = -1},
            };
            struct order_input o = ORDER_INPUT_NONE;
            o.customer_id = cid;
            o.ordered_at = now - 5 * day;
            o.lines = lines[0].product_id ? lines : lines + 1;
            o.nlines = lines[0].product_id ? 2 : 1;
            o.has_lines = true;
            int skipped = 0;
            st = order_create(&ctx, &o, &id, &skipped, err);
            if (!st)
                st = order_deliver(&ctx, id, now - 4 * day, err);
            /* and a letter complaining of it: the rules' immediate call (R-INT-4) */
            struct complaint_input k = {.customer_id = cid,
                                        .channel = "letter",
                                        .category = "product",
                                        .written = 1,
                                        .summary =
                                            "来信反映：净水器安装后接头处渗水，希望尽快上门处理。",
                                        .received_at = now - day};
            if (!st)
                st = complaint_record(&ctx, &k, &id, err);
        }
        }
    }
    return st;
}

/* A small catalogue (issue 14): what a water-purifier dealer sells, added by the general manager.
 */
static enum kh_status demo_products(const struct kh_ctx *base, struct kh_err *err)
{
    static const struct {
        const char *code, *name, *model, *category, *unit;
        int64_t fen, months;
    } list[] = {
        {"JS-A1", "家用净水器", "A1", "整机", "台", 268800, 24},
        {"JS-A2", "家用净水器 Pro", "A2 Pro", "整机", "台", 398800, 36},
        {"JS-C5", "商用净水设备", "C5", "整机", "套", 1580000, 24},
        {"GX-M1", "管线饮水机", "M1", "整机", "台", 129900, 12},
        {"LX-PP", "PP 棉滤芯", "PP-10", "配件", "支", 6800, 0},
        {"LX-RO", "RO 反渗透膜滤芯", "RO-400G", "配件", "支", 59800, 12},
        {"LX-T33", "后置活性炭滤芯", "T33", "配件", "支", 8800, 0},
        {"FW-AZ", "上门安装服务", "", "服务", "次", 20000, 0},
        {"FW-YB1", "延长保修一年", "", "服务", "年", 30000, 12},
    };
    struct user u;
    enum kh_status st = account_user_find(base, "gm", &u, err);
    struct kh_ctx ctx = *base;
    if (!st)
        st = account_actor_load(base, u.id, &ctx.actor, err);
    for (size_t i = 0; i < sizeof(list) / sizeof(list[0]) && !st; i++) {
        struct product_input in = PRODUCT_INPUT_NONE;
        in.code = list[i].code;
        in.name = list[i].name;
        in.model = list[i].model;
        in.category = list[i].category;
        in.unit = list[i].unit;
        in.price_fen = list[i].fen;
        in.warranty_months = list[i].months;
        int64_t id = 0;
        st = product_create(&ctx, &in, &id, err);
    }
    return st;
}

static void print_logins(const struct kh_ctx *ctx, FILE *out)
{
    fprintf(out, "\nDemo logins (password for all: %s):\n", KH_DEMO_PASSWORD);
    for (size_t i = 0; i < NUSERS; i++)
        fprintf(out, "  %-12s %-8s %s\n", demo_users[i].username, demo_users[i].name,
                account_role_label(ctx, demo_users[i].role));
}

enum kh_status demo_load(const struct kh_ctx *ctx, int customers, FILE *out)
{
    struct kh_err err;
    kh_err_clear(&err);
    struct user u;
    if (account_user_find(ctx, "zhangwei", &u, &err) == KH_OK) {
        fprintf(out, "kehu demo: demo data already loaded\n");
        print_logins(ctx, out);
        return KH_OK;
    }
    int64_t branches[2] = {0, 0}, depts[4] = {0, 0, 0, 0}, users[NUSERS] = {0};
    enum kh_status st = ensure_org(ctx, branches, depts, users, &err);
    if (st) {
        fprintf(out, "kehu demo: %s: %s\n", err.field, err.msg_en);
        return st;
    }
    enum { NTHREADS = 4 };
    struct gen gens[NTHREADS];
    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        gens[t] = (struct gen){
            ctx, users, t,  NTHREADS, customers * (t + 1) / NTHREADS - customers * t / NTHREADS,
            0,   0,     {0}};
        pthread_create(&th[t], NULL, gen_main, &gens[t]);
    }
    int created = 0, skipped = 0;
    const struct kh_err *failure = NULL;
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        created += gens[t].created;
        skipped += gens[t].skipped;
        if (gens[t].failure.code && !failure)
            failure = &gens[t].failure;
    }
    fprintf(out, "kehu demo: %d customers created (%d generated duplicates refused)\n", created,
            skipped);
    if (failure) {
        fprintf(out, "kehu demo: stopped, customers could not be stored: %s\n", failure->msg_en);
        return failure->code;
    }
    kh_err_clear(&err);
    if (demo_products(ctx, &err))
        fprintf(out, "kehu demo: products not added: %s: %s\n", err.field, err.msg_en);
    for (size_t i = 0; i < 2; i++) {
        kh_err_clear(&err);
        if (demo_followups(ctx, i ? "lina" : "zhangwei", &err))
            fprintf(out, "kehu demo: interactions and tasks not added: %s: %s\n", err.field,
                    err.msg_en);
    }
    print_logins(ctx, out);
    return KH_OK;
}
