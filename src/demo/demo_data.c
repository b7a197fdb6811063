#include "demo/demo_data.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DEMO_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- random numbers ---------------------------------------------------- */

/* splitmix64 spreads a 64-bit seed over the xoshiro state (never all zero). */
static uint64_t demo_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void demo_rng_seed(struct demo_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (size_t i = 0; i < 4; i++)
        r->s[i] = demo_splitmix64(&x);
}

static uint64_t demo_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t demo_rng_next(struct demo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = demo_rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = demo_rotl(s[3], 45);
    return result;
}

/* Lemire's multiply-and-reject: unbiased and nearly always one multiply. */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n)
{
    if (n == 0)
        return 0;
    uint64_t m = (demo_rng_next(r) >> 32) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t threshold = (0u - n) % n;
        while (low < threshold) {
            m = (demo_rng_next(r) >> 32) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* True with probability percent / 100. */
static bool demo_chance(struct demo_rng *r, uint32_t percent)
{
    return demo_rng_below(r, 100) < percent;
}

/* ---- weighted tables --------------------------------------------------- */

struct demo_weighted {
    const char *s;
    uint32_t w;
};

static const char *demo_pick_weighted(struct demo_rng *r, const struct demo_weighted *t, size_t n)
{
    uint32_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += t[i].w;
    uint32_t x = demo_rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < t[i].w)
            return t[i].s;
        x -= t[i].w;
    }
    return t[n - 1].s;
}

#define DEMO_PICK_W(r, t) demo_pick_weighted((r), (t), DEMO_COUNT(t))

static const char *demo_pick_uniform(struct demo_rng *r, const char *const *t, size_t n)
{
    return t[demo_rng_below(r, (uint32_t)n)];
}

#define DEMO_PICK(r, t) demo_pick_uniform((r), (t), DEMO_COUNT(t))

/*
 * Packed lists of CJK words of equal length: every character of the basic
 * CJK block is 3 bytes of UTF-8, so word i starts at byte i * 3 * chars.
 */
static void demo_put_packed(struct demo_rng *r, struct buf *out, const char *packed, size_t bytes,
                            size_t chars)
{
    size_t width = 3 * chars;
    size_t i = demo_rng_below(r, (uint32_t)(bytes / width));
    buf_append(out, packed + i * width, width);
}

#define DEMO_PUT_PACKED(r, out, s, chars) demo_put_packed((r), (out), (s), sizeof(s) - 1, (chars))
#define DEMO_PACKED_COUNT(s, chars) ((sizeof(s) - 1) / (3 * (chars)))

/* ---- people ------------------------------------------------------------ */

/*
 * Shares of the population in units of 0.01 %, in the order of the 2020
 * ranking of 公安部户政管理研究中心 (《二〇二〇年全国姓名报告》); the top
 * shares follow its published counts (王 ≈ 7.1 %, 李 ≈ 7.0 %, 张 ≈ 6.7 % ...),
 * the tail is interpolated. Two-character surnames are rare.
 */
static const struct demo_weighted demo_surnames[] = {
    {"王", 712}, {"李", 700}, {"张", 674}, {"刘", 510}, {"陈", 461}, {"杨", 322}, {"黄", 245},
    {"赵", 230}, {"吴", 205}, {"周", 195}, {"徐", 145}, {"孙", 138}, {"马", 129}, {"胡", 128},
    {"朱", 127}, {"郭", 113}, {"何", 106}, {"罗", 103}, {"高", 102}, {"林", 101}, {"郑", 97},
    {"梁", 91},  {"谢", 84},  {"唐", 77},  {"许", 76},  {"冯", 70},  {"宋", 69},  {"韩", 68},
    {"邓", 67},  {"彭", 60},  {"曹", 59},  {"曾", 58},  {"田", 55},  {"于", 54},  {"肖", 53},
    {"潘", 52},  {"袁", 51},  {"董", 50},  {"叶", 49},  {"杜", 48},  {"丁", 47},  {"蒋", 46},
    {"程", 45},  {"余", 44},  {"吕", 43},  {"魏", 42},  {"蔡", 41},  {"苏", 40},  {"任", 39},
    {"卢", 38},  {"沈", 37},  {"姜", 36},  {"姚", 35},  {"钟", 34},  {"崔", 33},  {"陆", 33},
    {"谭", 32},  {"汪", 31},  {"石", 30},  {"付", 30},  {"贾", 29},  {"范", 29},  {"金", 28},
    {"方", 28},  {"韦", 27},  {"夏", 27},  {"廖", 26},  {"侯", 26},  {"白", 25},  {"孟", 25},
    {"邹", 24},  {"秦", 24},  {"尹", 23},  {"江", 23},  {"熊", 22},  {"薛", 22},  {"邱", 22},
    {"闫", 21},  {"段", 21},  {"雷", 21},  {"龙", 20},  {"黎", 20},  {"史", 20},  {"陶", 20},
    {"贺", 19},  {"毛", 19},  {"郝", 19},  {"顾", 18},  {"龚", 18},  {"邵", 18},  {"万", 17},
    {"覃", 17},  {"武", 17},  {"钱", 16},  {"戴", 16},  {"严", 16},  {"莫", 15},  {"孔", 15},
    {"向", 15},  {"常", 15},  {"汤", 14},  {"康", 14},  {"易", 14},  {"乔", 13},  {"赖", 13},
    {"文", 13},  {"施", 12},  {"洪", 12},  {"欧阳", 8}, {"司徒", 2}, {"司马", 2}, {"上官", 1},
    {"诸葛", 1},
};

/* Common one-character given names, by sex (张伟, 王芳). */
static const struct demo_weighted demo_single_male[] = {
    {"伟", 30}, {"磊", 18}, {"勇", 16}, {"军", 16}, {"强", 15}, {"杰", 15}, {"涛", 14},
    {"斌", 12}, {"超", 12}, {"明", 12}, {"刚", 11}, {"平", 10}, {"辉", 10}, {"鹏", 10},
    {"华", 10}, {"飞", 9},  {"鑫", 9},  {"波", 9},  {"宇", 8},  {"浩", 8},  {"凯", 8},
    {"健", 7},  {"俊", 7},  {"帆", 6},  {"帅", 6},  {"旭", 6},  {"宁", 5},  {"龙", 5},
    {"林", 5},  {"阳", 5},  {"亮", 5},  {"成", 4},  {"东", 4},  {"峰", 4},  {"兵", 4},
};
static const struct demo_weighted demo_single_female[] = {
    {"芳", 25}, {"娜", 20}, {"敏", 18}, {"静", 18}, {"丽", 16}, {"艳", 14}, {"娟", 12},
    {"霞", 11}, {"燕", 11}, {"玲", 10}, {"婷", 10}, {"颖", 9},  {"琳", 8},  {"雪", 8},
    {"慧", 8},  {"莉", 7},  {"萍", 7},  {"红", 7},  {"洁", 6},  {"倩", 6},  {"梅", 6},
    {"英", 5},  {"琴", 5},  {"云", 5},  {"丹", 5},  {"佳", 4},  {"欣", 4},  {"悦", 4},
};

/* Common two-character given names (王秀兰, 李建国, 张子涵). */
static const struct demo_weighted demo_double_male[] = {
    {"建国", 14}, {"建华", 12}, {"国强", 12}, {"志强", 12}, {"建军", 11}, {"志明", 9},
    {"海涛", 9},  {"俊杰", 9},  {"晓东", 8},  {"建平", 8},  {"永强", 8},  {"国庆", 8},
    {"文博", 7},  {"子轩", 7},  {"浩然", 7},  {"宇轩", 7},  {"志勇", 7},  {"建新", 6},
    {"德明", 6},  {"立新", 6},  {"红军", 6},  {"卫东", 6},  {"振华", 6},  {"家豪", 5},
    {"一鸣", 5},  {"天佑", 5},  {"思远", 5},  {"梓轩", 5},  {"明轩", 5},  {"博文", 5},
    {"文杰", 5},  {"少华", 4},  {"海波", 4},  {"宏伟", 4},  {"嘉伟", 4},  {"子豪", 4},
};
static const struct demo_weighted demo_double_female[] = {
    {"秀英", 14}, {"秀兰", 14}, {"桂英", 12}, {"玉兰", 12}, {"秀珍", 10}, {"桂兰", 9},
    {"淑珍", 8},  {"丽娟", 8},  {"海燕", 8},  {"婷婷", 8},  {"欣怡", 7},  {"梓涵", 7},
    {"子涵", 7},  {"雨涵", 7},  {"晓燕", 7},  {"春梅", 6},  {"丽华", 6},  {"凤英", 6},
    {"玉梅", 6},  {"红梅", 6},  {"小红", 6},  {"美玲", 5},  {"诗涵", 5},  {"思琪", 5},
    {"佳怡", 5},  {"雅琪", 5},  {"静怡", 5},  {"丽丽", 5},  {"晓丽", 5},  {"慧敏", 4},
    {"金凤", 4},  {"淑英", 4},  {"艳红", 4},  {"亚楠", 4},  {"雪梅", 4},  {"一诺", 4},
};

/* Characters that combine freely into given names (packed, 3 bytes each). */
static const char demo_chars_male[] =
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发"
    "武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪"
    "心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦奇宏鸣朋斌梁栋维启克伦翔旭鹏泽晨辰建"
    "家致树德行时泰盛雄钧冠策腾航宇轩睿";
static const char demo_chars_female[] =
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹"
    "霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷婉娴瑾颖露瑶怡婵"
    "雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚婕馨韵园艺咏卿澜纯悦昭冰爽茗羽希欣滢筠柔晓欢芸菲涵诗"
    "可舒影妮宝萱雯雨紫曼";

_Static_assert((sizeof(demo_chars_male) - 1) % 3 == 0, "3-byte characters only");
_Static_assert((sizeof(demo_chars_female) - 1) % 3 == 0, "3-byte characters only");
_Static_assert(DEMO_PACKED_COUNT(demo_chars_male, 1) >= 80, "at least 80 male characters");
_Static_assert(DEMO_PACKED_COUNT(demo_chars_female, 1) >= 80, "at least 80 female characters");

static void demo_put_char(struct demo_rng *r, bool female, struct buf *out)
{
    if (female)
        DEMO_PUT_PACKED(r, out, demo_chars_female, 1);
    else
        DEMO_PUT_PACKED(r, out, demo_chars_male, 1);
}

void demo_person_name(struct demo_rng *r, bool female, struct buf *out)
{
    buf_puts(out, DEMO_PICK_W(r, demo_surnames));
    if (demo_chance(r, 30)) {
        /* One-character given name: mostly the classic ones. */
        if (demo_chance(r, 75))
            buf_puts(out, female ? DEMO_PICK_W(r, demo_single_female)
                                 : DEMO_PICK_W(r, demo_single_male));
        else
            demo_put_char(r, female, out);
        return;
    }
    if (demo_chance(r, 40)) {
        buf_puts(out,
                 female ? DEMO_PICK_W(r, demo_double_female) : DEMO_PICK_W(r, demo_double_male));
        return;
    }
    demo_put_char(r, female, out);
    demo_put_char(r, female, out);
}

/* ---- companies --------------------------------------------------------- */

static const char *const demo_cities[] = {
    "北京", "上海", "广州", "深圳", "杭州", "南京", "苏州",   "成都", "重庆",   "武汉",
    "西安", "天津", "长沙", "郑州", "青岛", "宁波", "厦门",   "福州", "济南",   "合肥",
    "东莞", "佛山", "无锡", "昆明", "大连", "沈阳", "哈尔滨", "长春", "石家庄", "太原",
    "南昌", "南宁", "贵阳", "兰州", "温州", "绍兴", "金华",   "台州", "泉州",   "珠海",
    "中山", "惠州", "常州", "徐州", "烟台", "潍坊", "临沂",   "洛阳", "嘉兴",   "南通",
};

/* 字号: trade names of two characters (packed, 6 bytes each). */
static const char demo_trade_names[] =
    "华信恒通鑫源宏达永兴金鹏瑞丰天成东方中兴华美博远创新联创盛世通达汇丰嘉禾长城腾飞"
    "新华宏图锦程顺发德隆信达海天志远卓越凯旋金泰万福隆鑫泰和明辉宏发兴旺昌盛富源永盛"
    "鸿运恒信中科智联云帆飞扬光明星辰宇航远景博雅同创众合安泰平安和谐伟业百川千禾聚源"
    "天正正泰正大新锐锐达润泽泽天雅居宜家优品佳美利群利华惠民益民康达康宁健民诚信诚泰"
    "立信立德厚德尚品精诚匠心华夏神州九州四海五洲环宇天宇蓝天碧海青山绿源金田银河星光"
    "明月朝阳旭日晨光东升西城南方北辰中天华城华新华通华盛华联华兴金桥银桥鼎盛鼎新鼎立"
    "嘉信嘉华嘉利美达美华美联新宇新源新星时代宏业宏远宏泰宏运永安永康永丰永利荣华荣昌"
    "荣盛金诚金瑞金源盛达盛华盛通祥和祥瑞吉祥如意福瑞福星福达广源广达广信";
_Static_assert((sizeof(demo_trade_names) - 1) % 6 == 0, "two 3-byte characters per word");
_Static_assert(DEMO_PACKED_COUNT(demo_trade_names, 2) >= 150, "at least 150 trade names");

static const char *const demo_trades[] = {
    "科技",     "贸易",     "建材",         "餐饮管理", "物业服务",   "汽车销售服务", "电子",
    "机械设备", "实业",     "商贸",         "信息技术", "网络科技",   "文化传媒",     "建筑工程",
    "装饰工程", "物流",     "医药",         "食品",     "服装",       "家具",         "化工",
    "环保科技", "教育咨询", "企业管理咨询", "电气",     "五金",       "农业发展",     "印刷",
    "广告",     "酒店管理", "房地产开发",   "劳务",     "新能源",     "生物科技",     "供应链管理",
    "包装材料", "电器",     "塑料制品",     "软件",     "自动化设备",
};

static const struct demo_weighted demo_company_suffixes[] = {
    {"有限公司", 72},
    {"股份有限公司", 6},
    {"商行", 10},
    {"经营部", 12},
};

void demo_company_name(struct demo_rng *r, struct buf *out)
{
    buf_puts(out, DEMO_PICK(r, demo_cities));
    if (demo_chance(r, 60))
        buf_puts(out, "市");
    DEMO_PUT_PACKED(r, out, demo_trade_names, 2);
    buf_puts(out, DEMO_PICK(r, demo_trades));
    buf_puts(out, DEMO_PICK_W(r, demo_company_suffixes));
}

/* ---- contact data ------------------------------------------------------ */

/* Carrier prefixes (移动, 联通, 电信, 广电); the old 13x/15x/18x blocks dominate. */
static const struct demo_weighted demo_mobile_prefixes[] = {
    {"134", 3}, {"135", 4}, {"136", 4}, {"137", 4}, {"138", 5}, {"139", 5}, {"147", 1}, {"150", 3},
    {"151", 3}, {"152", 3}, {"157", 2}, {"158", 3}, {"159", 3}, {"172", 1}, {"178", 2}, {"182", 3},
    {"183", 2}, {"184", 1}, {"187", 3}, {"188", 3}, {"198", 2}, {"130", 3}, {"131", 3}, {"132", 3},
    {"145", 1}, {"155", 2}, {"156", 2}, {"166", 2}, {"175", 1}, {"176", 2}, {"185", 3}, {"186", 4},
    {"196", 1}, {"133", 3}, {"149", 1}, {"153", 2}, {"173", 2}, {"177", 2}, {"180", 3}, {"181", 3},
    {"189", 3}, {"190", 1}, {"191", 1}, {"193", 1}, {"199", 2}, {"192", 1},
};

void demo_mobile(struct demo_rng *r, struct buf *out)
{
    buf_puts(out, DEMO_PICK_W(r, demo_mobile_prefixes));
    buf_printf(out, "%08u", (unsigned)demo_rng_below(r, 100000000u));
}

/* GB/T 4754-2017 sections a CRM's customers mostly belong to. */
static const struct demo_weighted demo_industries[] = {
    {"制造业", 30},
    {"批发和零售业", 25},
    {"信息传输、软件和信息技术服务业", 10},
    {"建筑业", 8},
    {"租赁和商务服务业", 7},
    {"住宿和餐饮业", 5},
    {"交通运输、仓储和邮政业", 4},
    {"科学研究和技术服务业", 3},
    {"房地产业", 3},
    {"居民服务、修理和其他服务业", 3},
    {"文化、体育和娱乐业", 2},
    {"教育", 2},
    {"卫生和社会工作", 2},
    {"农、林、牧、渔业", 2},
    {"金融业", 2},
    {"电力、热力、燃气及水生产和供应业", 1},
    {"水利、环境和公共设施管理业", 1},
    {"采矿业", 1},
};

const char *demo_pick_industry(struct demo_rng *r) { return DEMO_PICK_W(r, demo_industries); }

static const char *const demo_streets[] = {
    "人民路",   "中山路",   "解放路",   "建国路",   "解放大道", "和平路",   "新华路",   "胜利路",
    "建设路",   "文化路",   "朝阳路",   "长江路",   "黄河路",   "北京路",   "南京路",   "上海路",
    "延安路",   "民主路",   "光明路",   "友谊路",   "东风路",   "红旗路",   "青年路",   "学府路",
    "滨江路",   "环城路",   "花园路",   "幸福路",   "健康路",   "工业路",   "科技路",   "振兴路",
    "发展大道", "世纪大道", "人民大道", "迎宾大道", "金融街",   "中华路",   "复兴路",   "长安街",
    "五一路",   "八一路",   "府前街",   "沿江路",   "江滨路",   "体育路",   "园林路",   "公园路",
    "站前路",   "车站路",   "团结路",   "前进路",   "兴华路",   "华山路",   "泰山路",   "天山路",
    "珠江路",   "湘江路",   "新城大道", "高新大道", "创业路",   "滨海大道", "中山大道", "东方路",
    "西湖路",   "北京东路", "中山北路", "解放西路", "人民南路", "建设大道",
};

const char *demo_pick_street(struct demo_rng *r) { return DEMO_PICK(r, demo_streets); }

void demo_street_address(struct demo_rng *r, struct buf *out)
{
    buf_puts(out, demo_pick_street(r));
    /* Most buildings have small numbers; long roads reach the thousands. */
    uint32_t n = demo_chance(r, 80) ? 1 + demo_rng_below(r, 300) : 1 + demo_rng_below(r, 1800);
    buf_printf(out, "%u号", (unsigned)n);
}

static const struct demo_weighted demo_positions[] = {
    {"总经理", 10},  {"副总经理", 6}, {"董事长", 4},       {"执行董事", 2},   {"采购经理", 10},
    {"采购主管", 6}, {"采购专员", 6}, {"财务总监", 4},     {"财务经理", 6},   {"会计", 5},
    {"出纳", 3},     {"销售经理", 6}, {"销售总监", 3},     {"市场经理", 4},   {"运营经理", 4},
    {"行政经理", 4}, {"人事经理", 3}, {"人力资源总监", 2}, {"技术总监", 3},   {"项目经理", 6},
    {"工程师", 5},   {"店长", 4},     {"法务经理", 2},     {"总经理助理", 3}, {"办公室主任", 4},
    {"仓库主管", 2}, {"客服主管", 2}, {"IT主管", 2},       {"生产经理", 3},   {"质量经理", 2},
    {"老板", 5},
};

const char *demo_pick_position(struct demo_rng *r) { return DEMO_PICK_W(r, demo_positions); }

static const struct demo_weighted demo_email_domains[] = {
    {"qq.com", 45},     {"163.com", 20}, {"126.com", 8},   {"foxmail.com", 5},
    {"sina.com", 5},    {"139.com", 4},  {"sohu.com", 3},  {"aliyun.com", 3},
    {"outlook.com", 3}, {"yeah.net", 2}, {"gmail.com", 2}, {"hotmail.com", 1},
};

const char *demo_pick_email_domain(struct demo_rng *r)
{
    return DEMO_PICK_W(r, demo_email_domains);
}

/* ---- identifiers ------------------------------------------------------- */

/* GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits. */
static char demo_id_check(const char *d17)
{
    static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char checks[] = "10X98765432";
    int sum = 0;
    for (size_t i = 0; i < 17; i++)
        sum += (d17[i] - '0') * weights[i];
    return checks[sum % 11];
}

void demo_id_number(struct demo_rng *r, int district_code, int birth_year, int birth_month,
                    int birth_day, bool female, struct buf *out)
{
    /* Unsigned arithmetic keeps every field to its width: always 17 digits. */
    char id[24];
    unsigned seq = demo_rng_below(r, 100) * 10 + demo_rng_below(r, 5) * 2 + (female ? 0 : 1);
    snprintf(id, sizeof(id), "%06u%04u%02u%02u%03u", (unsigned)district_code % 1000000u,
             (unsigned)birth_year % 10000u, (unsigned)birth_month % 100u,
             (unsigned)birth_day % 100u, seq);
    id[17] = demo_id_check(id);
    buf_append(out, id, 18);
}

/* GB 32100-2015 code alphabet: digits and capitals without I O S V Z. */
static const char demo_uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int demo_uscc_value(char c)
{
    for (int i = 0; i < 31; i++) {
        if (demo_uscc_alphabet[i] == c)
            return i;
    }
    return 0;
}

/* GB 11714 organisation code check over 8 characters (letters A=10 ... Z=35). */
static char demo_org_check(const char *c8)
{
    static const int weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t i = 0; i < 8; i++) {
        int v = (c8[i] >= '0' && c8[i] <= '9') ? c8[i] - '0' : c8[i] - 'A' + 10;
        sum += v * weights[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* GB 32100 check over 17 characters; 31 - sum % 31, where 31 wraps to '0'. */
static char demo_uscc_check(const char *c17)
{
    static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (size_t i = 0; i < 17; i++)
        sum += demo_uscc_value(c17[i]) * weights[i];
    return demo_uscc_alphabet[(31 - sum % 31) % 31];
}

/*
 * Organisation codes given since 2015 start with "MA" and mix in letters;
 * older ones are 8 digits.
 */
static void demo_org_body(struct demo_rng *r, char *c8)
{
    bool modern = demo_chance(r, 60);
    size_t i = 0;
    if (modern) {
        c8[i++] = 'M';
        c8[i++] = 'A';
    }
    for (; i < 8; i++) {
        if (modern && demo_chance(r, 25))
            c8[i] = demo_uscc_alphabet[10 + demo_rng_below(r, 21)];
        else
            c8[i] = (char)('0' + demo_rng_below(r, 10));
    }
}

void demo_uscc(struct demo_rng *r, int district_code, struct buf *out)
{
    char code[24];
    snprintf(code, sizeof(code), "91%06u", (unsigned)district_code % 1000000u);
    demo_org_body(r, code + 8);
    code[16] = demo_org_check(code + 8);
    code[17] = demo_uscc_check(code);
    buf_append(out, code, 18);
}
