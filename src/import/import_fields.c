/* Importable fields and the header names that map to them. */
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "import/import_internal.h"

struct target_info {
    const char *field, *zh, *en;
    const char *headers[8];
    bool required;
};

static const struct target_info targets[T_COUNT] = {
    [T_IGNORE] = {"", "忽略", "Ignore", {0}, false},
    [T_NAME] = {"name",
                "客户名称",
                "Name",
                {"客户名称", "名称", "姓名", "客户姓名", "name", "customer name"},
                true},
    [T_KIND] = {"kind", "客户类型", "Kind", {"客户类型", "类型", "kind", "type"}, false},
    [T_GENDER] = {"gender", "性别", "Gender", {"性别", "gender", "sex"}, false},
    [T_BIRTHDAY] =
        {"birthday", "生日", "Birthday", {"生日", "出生日期", "birthday", "date of birth"}, false},
    [T_MOBILE] = {"mobile",
                  "手机",
                  "Mobile",
                  {"手机", "手机号", "手机号码", "移动电话", "mobile", "mobile phone"},
                  false},
    [T_PHONE_OFFICE] = {"phone_office",
                        "办公电话",
                        "Office phone",
                        {"办公电话", "单位电话", "office phone", "phone_office"},
                        false},
    [T_PHONE_HOME] = {"phone_home",
                      "家庭电话",
                      "Home phone",
                      {"家庭电话", "住宅电话", "home phone", "phone_home"},
                      false},
    [T_EMAIL] =
        {"email", "电子邮箱", "E-mail", {"电子邮箱", "邮箱", "电子邮件", "email", "e-mail"}, false},
    [T_PROVINCE] =
        {"province", "省", "Province", {"省", "省份", "province", "province_code"}, false},
    [T_CITY] = {"city", "市", "City", {"市", "城市", "city", "city_code"}, false},
    [T_DISTRICT] =
        {"district", "区", "District", {"区", "区县", "区/县", "district", "district_code"}, false},
    [T_ADDRESS] = {"address", "详细地址", "Address", {"详细地址", "地址", "address"}, false},
    [T_COMPANY] =
        {"company", "公司", "Company", {"公司", "单位", "公司名称", "工作单位", "company"}, false},
    [T_COMPANY_ADDRESS] = {"company_address",
                           "公司地址",
                           "Company address",
                           {"公司地址", "单位地址", "company address", "company_address"},
                           false},
    [T_POSITION] = {"position", "职务", "Position", {"职务", "职位", "position", "title"}, false},
    [T_ID_NUMBER] = {"id_number",
                     "身份证号",
                     "ID number",
                     {"身份证号", "身份证号码", "身份证", "id number", "id_number"},
                     false},
    [T_USCC] =
        {"uscc", "统一社会信用代码", "USCC", {"统一社会信用代码", "信用代码", "uscc"}, false},
    [T_CREDIT] = {"credit_status",
                  "信用状况",
                  "Credit status",
                  {"信用状况", "信用", "credit status", "credit_status"},
                  false},
    [T_CATEGORY] = {"category", "客户类别", "Category", {"客户类别", "类别", "category"}, false},
    [T_GRADE] = {"grade", "等级", "Grade", {"等级", "客户等级", "grade"}, false},
    [T_VALUE_TIER] = {"value_tier",
                      "价值层级",
                      "Value tier",
                      {"价值层级", "价值等级", "value tier", "value_tier"},
                      false},
    [T_STAGE] = {"stage", "阶段", "Stage", {"阶段", "生命周期", "客户阶段", "stage"}, false},
    [T_INDUSTRY] = {"industry", "行业", "Industry", {"行业", "所属行业", "industry"}, false},
    [T_SOURCE] = {"source", "来源", "Source", {"来源", "客户来源", "source"}, false},
    [T_TAGS] = {"tags", "标签", "Tags", {"标签", "tags", "tag"}, false},
    [T_NOTES] = {"notes", "备注", "Notes", {"备注", "notes", "note", "remarks"}, false},
    [T_OWNER] = {"owner", "归属人", "Owner", {"归属人", "负责人", "业务员", "owner"}, false},
    [T_TEMPLATES] =
        {"templates", "档案模板", "Profile templates", {"档案模板", "模板", "templates"}, false},
    [T_CONTACT_NAME] = {"contact_name",
                        "联系人",
                        "Contact",
                        {"联系人", "联系人姓名", "contact", "contact_name"},
                        false},
    [T_CONTACT_RELATION] = {"contact_relation",
                            "联系人关系",
                            "Contact relation",
                            {"联系人关系", "关系", "contact relation", "contact_relation"},
                            false},
    [T_CONTACT_MOBILE] = {"contact_mobile",
                          "联系人电话",
                          "Contact phone",
                          {"联系人电话", "联系人手机", "contact phone", "contact_mobile"},
                          false},
    [T_CONTACT_POSITION] = {"contact_position",
                            "联系人职务",
                            "Contact position",
                            {"联系人职务", "contact position", "contact_position"},
                            false},
    [T_CODE] = {"code",
                "客户编号",
                "Customer code",
                {"编号", "客户编号", "客户代码", "code", "customer code"},
                false},
    [T_COLLECTOR] =
        {"collector", "采集人", "Collector", {"采集人", "信息采集人", "collector"}, false},
    [T_BRANCH] = {"branch", "分公司", "Branch", {"分公司", "所属分公司", "branch"}, false},
    [T_COLLECTED_ON] = {"collected_on",
                        "采集日期",
                        "Collected on",
                        {"采集日期", "信息采集日期", "收集日期", "collected on", "collected_on"},
                        false},
    [T_PREFERRED_CHANNEL] = {"preferred_channel",
                             "首选联系方式",
                             "Preferred channel",
                             {"首选联系方式", "联系偏好", "preferred channel", "preferred_channel"},
                             false},
    [T_CUSTOM] = {"custom", "自定义字段", "Custom field", {0}, false},
};

const char *import__target_name(enum import_target t)
{
    return (unsigned)t < T_COUNT ? targets[t].field : "";
}

/* Compare a header with a name: ASCII case-insensitive, ignoring spaces, '*' and '：'. */
bool import_header_eq(const char *header, const char *name)
{
    struct buf a, b;
    buf_init(&a, 512);
    buf_init(&b, 512);
    const char *src[2] = {header, name};
    struct buf *dst[2] = {&a, &b};
    for (int k = 0; k < 2; k++) {
        for (const char *p = src[k]; *p; p++) {
            unsigned char ch = (unsigned char)*p;
            if (ch == ' ' || ch == '*' || ch == '\t' || ch == ':')
                continue;
            if (!strncmp(p, "：", 3) || !strncmp(p, "　", 3)) {
                p += 2;
                continue;
            }
            buf_putc(dst[k], (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
        }
    }
    bool eq = a.len > 0 && a.len == b.len && !strcmp(buf_cstr(&a), buf_cstr(&b));
    buf_release(&a);
    buf_release(&b);
    return eq;
}

static enum import_target by_name(const char *header, const struct custom_field *defs, int ndefs,
                                  const struct custom_field **custom);

/*
 * A header as written, or else its first word: Kehu's own exports write both
 * languages ("客户名称 Name", "籍贯 Native place").
 */
enum import_target import__target_by_header(const char *header, const struct custom_field *defs,
                                            int ndefs, const struct custom_field **custom)
{
    enum import_target t = by_name(header, defs, ndefs, custom);
    const char *sp = strchr(header, ' ');
    if (t != T_IGNORE || !sp || sp == header)
        return t;
    char first[256];
    size_t n = (size_t)(sp - header);
    if (n >= sizeof(first))
        return T_IGNORE;
    memcpy(first, header, n);
    first[n] = '\0';
    return by_name(first, defs, ndefs, custom);
}

static enum import_target by_name(const char *header, const struct custom_field *defs, int ndefs,
                                  const struct custom_field **custom)
{
    *custom = NULL;
    for (int t = 1; t < T_CUSTOM; t++)
        for (int i = 0; i < 8 && targets[t].headers[i]; i++)
            if (import_header_eq(header, targets[t].headers[i]))
                return (enum import_target)t;
    for (int i = 0; i < ndefs; i++) {
        if (import_header_eq(header, defs[i].label_zh) ||
            import_header_eq(header, defs[i].label_en) || import_header_eq(header, defs[i].key)) {
            *custom = &defs[i];
            return T_CUSTOM;
        }
    }
    return T_IGNORE;
}

enum import_target import__target_by_field(const char *field, const struct custom_field *defs,
                                           int ndefs, const struct custom_field **custom)
{
    *custom = NULL;
    if (!field || !*field)
        return T_IGNORE;
    if (!strncmp(field, "custom.", 7)) {
        for (int i = 0; i < ndefs; i++)
            if (!strcmp(defs[i].key, field + 7)) {
                *custom = &defs[i];
                return T_CUSTOM;
            }
        return T_IGNORE;
    }
    for (int t = 1; t < T_CUSTOM; t++)
        if (!strcmp(targets[t].field, field))
            return (enum import_target)t;
    return T_IGNORE;
}

enum kh_status import_fields(const struct kh_ctx *ctx, struct import_field_info **out, int *count,
                             struct kh_err *err)
{
    struct custom_field *defs = NULL;
    int ndefs = 0;
    enum kh_status st = customer_fields(ctx, &defs, &ndefs, err);
    if (st)
        return st;
    struct import_field_info *list =
        arena_alloc(ctx->arena, sizeof(*list) * (size_t)(T_CUSTOM + ndefs));
    int n = 0;
    for (int t = 1; t < T_CUSTOM; t++) {
        list[n] = (struct import_field_info){
            targets[t].field,   targets[t].zh, targets[t].en, targets[t].headers, 0,
            targets[t].required};
        while (list[n].nheaders < 8 && targets[t].headers[list[n].nheaders])
            list[n].nheaders++;
        n++;
    }
    for (int i = 0; i < ndefs; i++) {
        const char **h = arena_alloc(ctx->arena, sizeof(char *) * 3);
        h[0] = defs[i].label_zh;
        h[1] = defs[i].label_en;
        h[2] = defs[i].key;
        list[n++] = (struct import_field_info){arena_printf(ctx->arena, "custom.%s", defs[i].key),
                                               defs[i].label_zh,
                                               defs[i].label_en,
                                               h,
                                               3,
                                               defs[i].required};
    }
    *out = list;
    *count = n;
    return KH_OK;
}
