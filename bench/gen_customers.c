/*
 * kehu-bench-gen: a deterministic generator of realistic customers as a CSV
 * file for `kehu import` and the benchmark suite (bench/run.sh).
 *
 *   kehu-bench-gen [--seed S] [--gbk | --gb18030] [--bom] [N] > customers.csv
 *
 * N defaults to 1,000,000 (10,000 with --gbk / --gb18030). The same seed
 * and N give the same bytes on every run and platform: each row draws from
 * its own demo_rng seeded from (seed, row index), and the only cross-row
 * state (the sets that keep ID numbers, USCCs and name+company unique) is
 * visited in row order.
 *
 * The header row uses the import's default Chinese headers. Every row is
 * valid and no two rows are duplicates by the importer's rules (phone, ID
 * number, USCC, name+company): mobiles are a carrier prefix followed by an
 * 8-digit bijection of the row index, office phones likewise; ID numbers,
 * USCCs and name+company pairs are redrawn (or the company dropped) when a
 * set says they were already used. The prefix 170 is never used here: the
 * create-customer benchmark draws its mobiles from it.
 */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "demo/demo_data.h"
#include "region/region.h"

/* ---- a set of 64-bit hashes (open addressing, never shrinks) ---- */

struct hset {
    uint64_t *slot;
    size_t mask, used;
};

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, then a 64-bit finaliser */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h ? h : 1; /* 0 marks an empty slot */
}

static void hset_init(struct hset *s, size_t expected)
{
    size_t cap = 1024;
    while (cap < expected * 2)
        cap <<= 1;
    s->slot = calloc(cap, sizeof(uint64_t));
    if (!s->slot) {
        fputs("kehu-bench-gen: out of memory\n", stderr);
        exit(1);
    }
    s->mask = cap - 1;
    s->used = 0;
}

static void hset_grow(struct hset *s)
{
    struct hset n;
    hset_init(&n, (s->mask + 1));
    for (size_t i = 0; i <= s->mask; i++) {
        uint64_t h = s->slot[i];
        if (!h)
            continue;
        size_t j = (size_t)h & n.mask;
        while (n.slot[j])
            j = (j + 1) & n.mask;
        n.slot[j] = h;
        n.used++;
    }
    free(s->slot);
    *s = n;
}

/* Adds the string; false when it was already there. */
static bool hset_add(struct hset *s, const char *str, size_t n)
{
    if ((s->used + 1) * 2 > s->mask + 1)
        hset_grow(s);
    uint64_t h = hash_str(str, n);
    size_t j = (size_t)h & s->mask;
    while (s->slot[j]) {
        if (s->slot[j] == h)
            return false;
        j = (j + 1) & s->mask;
    }
    s->slot[j] = h;
    s->used++;
    return true;
}

/* ---- CSV output ---- */

static void csv_field(struct buf *row, const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n")) {
        buf_putc(row, '"');
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                buf_putc(row, '"');
            buf_putc(row, *p);
        }
        buf_putc(row, '"');
    } else {
        buf_puts(row, s);
    }
    buf_puts(row, last ? "\r\n" : ",");
}

static const char *pick(struct demo_rng *r, const char *const *list, uint32_t n)
{
    return list[demo_rng_below(r, n)];
}

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static const struct region *random_district(struct demo_rng *r)
{
    for (int tries = 0; tries < 1000; tries++) {
        const struct region *g = region_at(demo_rng_below(r, (uint32_t)region_count()));
        if (g && g->code % 100 != 0 && region_find(g->parent))
            return g;
    }
    return region_find(110101); /* 北京市东城区: never reached in practice */
}

struct gen {
    uint64_t seed;
    struct hset ids, usccs, name_company;
    struct buf f; /* scratch for one field */
};

static const char *const header[] = {
    "客户名称", "客户类型", "性别", "生日",         "手机",         "办公电话", "电子邮箱", "省",
    "市",       "区",       "详细地址", "公司", "职务", "身份证号", "统一社会信用代码",
    "客户类别", "等级",     "价值层级", "阶段", "行业", "来源",     "标签",     "备注"};

/* Append row i (0-based) to out. */
static void gen_row(struct gen *g, uint64_t i, struct buf *out)
{
    static const char *const grades[] = {"A", "B", "B", "C", "C", "C"};
    static const char *const tiers[] = {"strategic", "important", "general", "general",
                                        "potential"};
    static const char *const stages[] = {"prospect", "prospect", "customer", "customer",
                                         "loyal",    "at_risk",  "lost",     "won_back"};
    static const char *const sources[] = {"exhibition", "trade_press", "internet",
                                          "association", "store",      "partner",
                                          "referral",   "referral",    "walk_in",
                                          "call_in",    "other"};
    static const char *const tags[] = {"老客户", "VIP",      "华东",     "华北",  "华南",
                                       "西南",   "重点跟进", "价格敏感", "转介绍", "展会名单"};
    static const char *const areas[] = {"010", "021", "020", "0755", "0571", "028", "027",
                                        "025", "029", "023", "0512", "0532", "0731", "0371",
                                        "0591", "024", "0431", "0851", "0871", "0991"};
    static const char *const notes[] = {
        "客户说：\"下月再联系\"，需回访", "已寄样品, 等待反馈", "年底有采购计划",
        "对价格敏感，注意报价", "老板亲自对接"};

    struct demo_rng r;
    demo_rng_seed(&r, g->seed * 0x9e3779b97f4a7c15ULL + i);
    struct buf *f = &g->f;
    bool org = demo_rng_below(&r, 10) < 3;
    bool female = demo_rng_below(&r, 2) == 0;
    const struct region *d = random_district(&r);
    const struct region *city = region_find(d->parent);
    const struct region *prov = city ? region_find(city->parent) : NULL;

    /* 客户名称, 客户类型, 性别, 生日 */
    buf_reset(f);
    demo_company_name(&r, f);
    char company[256];
    snprintf(company, sizeof(company), "%s", buf_cstr(f));
    buf_reset(f);
    if (org)
        buf_puts(f, company);
    else
        demo_person_name(&r, female, f);
    char name[256];
    snprintf(name, sizeof(name), "%s", buf_cstr(f));
    csv_field(out, name, false);
    csv_field(out, org ? "企业" : "个人", false);
    csv_field(out, org ? "" : (female ? "女" : "男"), false);
    int by = 1950 + (int)demo_rng_below(&r, 50), bm = 1 + (int)demo_rng_below(&r, 12),
        bd = 1 + (int)demo_rng_below(&r, 28);
    char birthday[40] = "";
    if (!org)
        snprintf(birthday, sizeof(birthday), "%04d-%02d-%02d", by, bm, bd);
    csv_field(out, birthday, false);

    /* 手机: a real carrier prefix and an 8-digit bijection of i (mod 10^8). */
    buf_reset(f);
    demo_mobile(&r, f);
    char mobile[40];
    uint64_t msuf = (i * 73939133ULL + 12345678ULL) % 100000000ULL;
    snprintf(mobile, sizeof(mobile), "%.3s%08llu", buf_cstr(f), (unsigned long long)msuf);
    if (!strncmp(mobile, "170", 3))
        mobile[2] = '1';
    csv_field(out, mobile, false);

    /* 办公电话: organisations; area code and an 8-digit bijection of i. */
    char office[32] = "";
    if (org) {
        uint64_t local = 20000000ULL + (i * 19260817ULL + 7654321ULL) % 80000000ULL;
        snprintf(office, sizeof(office), "%s-%08llu", pick(&r, areas, COUNT(areas)),
                 (unsigned long long)local);
    }
    csv_field(out, office, false);

    /* 电子邮箱 */
    char email[96];
    snprintf(email, sizeof(email), "%s%07llu@%s", org ? "info" : "c", (unsigned long long)i,
             demo_pick_email_domain(&r));
    csv_field(out, email, false);

    /* 省, 市, 区, 详细地址 */
    csv_field(out, prov ? prov->name : "", false);
    csv_field(out, city ? city->name : "", false);
    csv_field(out, d->name, false);
    buf_reset(f);
    demo_street_address(&r, f);
    csv_field(out, buf_cstr(f), false);

    /* 公司, 职务 (individuals: half of them with an employer) */
    bool employed = !org && demo_rng_below(&r, 2) == 0;
    if (employed) {
        buf_reset(f);
        buf_puts(f, name);
        buf_putc(f, '|');
        buf_puts(f, company);
        if (!hset_add(&g->name_company, buf_cstr(f), f->len))
            employed = false;
    }
    csv_field(out, employed ? company : "", false);
    csv_field(out, org ? "" : demo_pick_position(&r), false);

    /* 身份证号 (individuals), 统一社会信用代码 (organisations), both unique */
    buf_reset(f);
    if (!org) {
        for (int t = 0; t < 100; t++) {
            buf_reset(f);
            demo_id_number(&r, d->code, by, bm, bd, female, f);
            if (hset_add(&g->ids, buf_cstr(f), f->len))
                break;
            buf_reset(f);
        }
    }
    csv_field(out, buf_cstr(f), false);
    buf_reset(f);
    if (org) {
        for (int t = 0; t < 100; t++) {
            buf_reset(f);
            demo_uscc(&r, d->code, f);
            if (hset_add(&g->usccs, buf_cstr(f), f->len))
                break;
            buf_reset(f);
        }
    }
    csv_field(out, buf_cstr(f), false);

    /* 客户类别, 等级, 价值层级, 阶段, 行业, 来源, 标签, 备注 */
    csv_field(out, demo_rng_below(&r, 10) == 0 ? "special" : "general", false);
    csv_field(out, pick(&r, grades, COUNT(grades)), false);
    csv_field(out, pick(&r, tiers, COUNT(tiers)), false);
    csv_field(out, pick(&r, stages, COUNT(stages)), false);
    csv_field(out, org ? demo_pick_industry(&r) : "", false);
    csv_field(out, pick(&r, sources, COUNT(sources)), false);
    buf_reset(f);
    uint32_t t1 = demo_rng_below(&r, COUNT(tags)), t2 = demo_rng_below(&r, COUNT(tags));
    uint32_t ntags = demo_rng_below(&r, 3);
    if (ntags >= 1)
        buf_puts(f, tags[t1]);
    if (ntags == 2 && t2 != t1) {
        buf_puts(f, "、");
        buf_puts(f, tags[t2]);
    }
    csv_field(out, buf_cstr(f), false);
    csv_field(out, demo_rng_below(&r, 50) == 0 ? pick(&r, notes, COUNT(notes)) : "", true);
}

static void usage(void)
{
    fputs("usage: kehu-bench-gen [--seed S] [--gbk | --gb18030] [--bom] [N] > customers.csv\n"
          "  N customers (default 1000000; 10000 with --gbk/--gb18030), deterministic per seed\n",
          stderr);
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || !end || *end || end == s || *s == '-')
        return false;
    *out = v;
    return true;
}

static void write_all(const char *p, size_t n)
{
    if (n && fwrite(p, 1, n, stdout) != n) {
        perror("kehu-bench-gen: write");
        exit(1);
    }
}

/* Convert a UTF-8 row to the target encoding; false when a character has no mapping. */
static bool convert(iconv_t cd, const struct buf *in, char *out, size_t cap, size_t *outlen)
{
    char *ip = in->data;
    size_t il = in->len;
    char *op = out;
    size_t ol = cap;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
        return false;
    *outlen = cap - ol;
    return true;
}

int main(int argc, char **argv)
{
    uint64_t seed = 20260101, n = 0;
    const char *encoding = NULL;
    bool bom = false, have_n = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--gbk")) {
            encoding = "GBK";
        } else if (!strcmp(argv[i], "--gb18030")) {
            encoding = "GB18030";
        } else if (!strcmp(argv[i], "--bom")) {
            bom = true;
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            if (!parse_u64(argv[++i], &seed)) {
                usage();
                return 2;
            }
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage();
            return 0;
        } else if (!have_n && parse_u64(argv[i], &n) && n <= 50000000ULL) {
            have_n = true;
        } else {
            usage();
            return 2;
        }
    }
    if (!have_n)
        n = encoding ? 10000 : 1000000;
    if (bom && encoding) {
        fputs("kehu-bench-gen: --bom is for UTF-8 only\n", stderr);
        return 2;
    }
    iconv_t cd = (iconv_t)-1;
    if (encoding) {
        cd = iconv_open(encoding, "UTF-8");
        if (cd == (iconv_t)-1) {
            perror("kehu-bench-gen: iconv_open");
            return 1;
        }
    }
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));

    struct gen g;
    memset(&g, 0, sizeof(g));
    g.seed = seed;
    hset_init(&g.ids, (size_t)n);
    hset_init(&g.usccs, (size_t)n / 2);
    hset_init(&g.name_company, (size_t)n / 2);
    buf_init(&g.f, 4096);
    struct buf row;
    buf_init(&row, 1 << 16);
    static char conv[1 << 17];

    if (bom)
        write_all("\xef\xbb\xbf", 3);
    for (uint32_t c = 0; c < COUNT(header); c++)
        csv_field(&row, header[c], c + 1 == COUNT(header));
    uint64_t skipped = 0;
    for (uint64_t i = 0; i <= n; i++) {
        if (i > 0)
            gen_row(&g, i - 1, &row);
        if (encoding) {
            size_t len = 0;
            if (convert(cd, &row, conv, sizeof(conv), &len))
                write_all(conv, len);
            else
                skipped++;
        } else {
            write_all(row.data, row.len);
        }
        buf_reset(&row);
    }
    if (fflush(stdout) != 0) {
        perror("kehu-bench-gen: write");
        return 1;
    }
    if (skipped)
        fprintf(stderr, "kehu-bench-gen: %llu rows without a %s mapping left out\n",
                (unsigned long long)skipped, encoding);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    buf_release(&row);
    buf_release(&g.f);
    free(g.ids.slot);
    free(g.usccs.slot);
    free(g.name_company.slot);
    return 0;
}
