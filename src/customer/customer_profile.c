/* Contacts, profile definitions and the customer-code numbering rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer_internal.h"
#include "jobs/jobs.h"
#include "customer/customer_json.h"
#include "settings/settings.h"
#include "text/validate.h"

/* ---- contacts ---- */

enum kh_status customer_contacts(const struct kh_ctx *ctx, int64_t customer_id,
                                 struct contact **out, int *count, struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer__load_readable(ctx, customer_id, &c, err);
    if (!st)
        st = customer_store_contacts(ctx, customer_id, out, count, err);
    if (!st)
        customer__mask_contacts(ctx, *out, *count);
    return st;
}

static bool short_text(const char *s, size_t max)
{
    return utf8_valid(s, strlen(s)) && utf8_count(s, strlen(s)) <= max;
}

enum kh_status customer__validate_contact(struct arena *a, struct contact *c, struct kh_err *err)
{
    struct kh_err_fields all; /* on the stack: only a contact with errors copies it */
    kh_err_collect(err, &all);
    const struct {
        const char *f, *v;
        size_t max;
    } t[] = {{"name", c->name, 100},           {"position", c->position, 100},
             {"interests", c->interests, 500}, {"notes", c->notes, 2000},
             {"email", c->email, 254},         {"mobile", c->mobile, 40}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (!short_text(t[i].v, t[i].max))
            kh_err_add(err, t[i].f, "内容过长或含无效字符", "too long or invalid text");
    if (str_trim(str_from(c->name)).len == 0)
        kh_err_add(err, "name", "请填写联系人姓名", "contact name is required");
    if (*c->relation && !customer__choice_ok(KH_CHOICE_RELATIONS, c->relation))
        kh_err_add(err, "relation", "不是有效的关系", "not an allowed relation");
    struct buf b;
    buf_init(&b, 64);
    if (is_masked(c->mobile))
        kh_err_add(err, "mobile", CUSTOMER_MASKED_ZH, CUSTOMER_MASKED_EN);
    else if (*c->mobile && phone_canonical(str_from(c->mobile), &b) && !b.overflow)
        c->mobile = arena_strdup(a, buf_cstr(&b));
    else if (*c->mobile)
        kh_err_add(err, "mobile", "电话号码格式不正确（如 137 0013 7000 或 010-12345678）",
                   "invalid phone number (e.g. 137 0013 7000 or 010-12345678)");
    buf_release(&b);
    if (*c->email && !valid_email(str_from(c->email)))
        kh_err_add(err, "email", "邮箱格式不正确", "invalid e-mail address");
    customer__birthday_check(c->birthday, err);
    kh_err_keep(err, a);
    return err->code;
}

/* Contacts change with the customer: same visibility, same permission. */
static enum kh_status may_change(const struct kh_ctx *ctx, int64_t customer_id, struct kh_err *err)
{
    struct customer c;
    enum kh_status st = customer__load_visible(ctx, customer_id, &c, err);
    if (st)
        return st;
    if (!ctx_can(ctx, &customer_perm_update))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有修改客户的权限",
                          "not allowed to change customers");
    return customer__not_merged(&c, err);
}

enum kh_status customer_contact_save(const struct kh_ctx *ctx, int64_t customer_id,
                                     int64_t contact_id, const struct contact *in,
                                     int is_decision_maker, int64_t *id_out, struct contact *saved,
                                     struct kh_err *err)
{
    *id_out = 0;
    enum kh_status st = may_change(ctx, customer_id, err);
    if (st)
        return st;
    struct contact merged = {0};
    merged.name = merged.relation = merged.position = merged.mobile = merged.email = "";
    merged.birthday = merged.interests = merged.notes = "";
    if (contact_id && (st = customer_store_contact_get(ctx, customer_id, contact_id, &merged, err)))
        return st;
    struct contact given = *in;
    customer__unmask_contact(ctx, &merged, &given);
    in = &given;
    const char **dst[] = {&merged.name,  &merged.relation, &merged.position,  &merged.mobile,
                          &merged.email, &merged.birthday, &merged.interests, &merged.notes};
    const char *src[] = {in->name,  in->relation, in->position,  in->mobile,
                         in->email, in->birthday, in->interests, in->notes};
    for (int i = 0; i < 8; i++)
        if (src[i])
            *dst[i] = src[i];
    if (is_decision_maker >= 0)
        merged.is_decision_maker = is_decision_maker != 0;
    merged.id = contact_id;
    if ((st = customer__validate_contact(ctx->arena, &merged, err)))
        return st;
    if ((st = customer_store_contact_save(ctx, customer_id, &merged, id_out, err)))
        return st;
    if (saved) {
        *saved = merged;
        saved->id = *id_out;
        saved->customer_id = customer_id;
        customer__mask_contacts(ctx, saved, 1);
    }
    return KH_OK;
}

enum kh_status customer_contact_check(struct arena *a, struct contact *c, struct kh_err *err)
{
    return customer__validate_contact(a, c, err);
}

enum kh_status customer_contact_delete(const struct kh_ctx *ctx, int64_t customer_id,
                                       int64_t contact_id, struct kh_err *err)
{
    enum kh_status st = may_change(ctx, customer_id, err);
    if (st)
        return st;
    return customer_store_contact_delete(ctx, customer_id, contact_id, err);
}

/* ---- definitions ---- */

enum kh_status customer_fields(const struct kh_ctx *ctx, struct custom_field **out, int *count,
                               struct kh_err *err)
{
    return customer_store_fields(ctx, out, count, err);
}

enum kh_status customer_templates(const struct kh_ctx *ctx, struct profile_template **out,
                                  int *count, struct kh_err *err)
{
    return customer_store_templates(ctx, out, count, err);
}

static bool key_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 40 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static const char *const field_types[] = {"text",         "number", "date",  "choice",
                                          "multi_choice", "bool",   "phone", "money"};

static bool may_manage_profiles(const struct kh_ctx *ctx)
{
    return ctx_can(ctx, &customer_perm_profile_manage) || ctx_can(ctx, &settings_perm_manage);
}

/* A field definition's own rules (its template is checked where it is stored). */
static enum kh_status field_check(const struct custom_field *in, struct kh_err *err)
{
    if (!key_ok(in->key))
        return kh_err_set(err, KH_E_VALIDATION, "key",
                          "字段键为2-40位小写字母、数字或下划线，以字母开头",
                          "key: 2-40 lower-case letters, digits or '_', starting with a letter");
    if (!in->label_zh || !*in->label_zh || !short_text(in->label_zh, 50))
        return kh_err_set(err, KH_E_VALIDATION, "label_zh", "请填写中文名称（50字以内）",
                          "Chinese label is required");
    if (!in->label_en || !*in->label_en || !short_text(in->label_en, 50))
        return kh_err_set(err, KH_E_VALIDATION, "label_en", "请填写英文名称（50字以内）",
                          "English label is required");
    bool type_known = false;
    for (size_t i = 0; in->type && i < sizeof(field_types) / sizeof(field_types[0]); i++)
        type_known |= strcmp(field_types[i], in->type) == 0;
    if (!type_known)
        return kh_err_set(err, KH_E_VALIDATION, "type", "字段类型无效", "invalid field type");
    bool choice = !strcmp(in->type, "choice") || !strcmp(in->type, "multi_choice");
    if (choice && in->noptions < 1)
        return kh_err_set(err, KH_E_VALIDATION, "options", "选择类字段至少需要一个选项",
                          "choice fields need at least one option");
    for (int i = 0; i < in->noptions; i++)
        if (!*in->options[i] || !short_text(in->options[i], 50))
            return kh_err_set(err, KH_E_VALIDATION, "options", "选项不能为空且不超过50字",
                              "options must be 1-50 characters");
    return KH_OK;
}

static char *field_options_json(const struct custom_field *f)
{
    bool choice = !strcmp(f->type, "choice") || !strcmp(f->type, "multi_choice");
    return customer_json_strings_encode(choice ? f->options : NULL, choice ? f->noptions : 0);
}

enum kh_status customer_field_create(const struct kh_ctx *ctx, const struct custom_field *in,
                                     int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    if (!may_manage_profiles(ctx))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理档案字段的权限",
                          "not allowed to manage profile fields");
    enum kh_status st = field_check(in, err);
    if (st)
        return st;
    if (!in->template_code || !*in->template_code)
        return kh_err_set(err, KH_E_VALIDATION, "template", "请选择所属模板",
                          "template is required");
    char *opts = field_options_json(in);
    st = customer_store_field_insert(ctx, in, opts, id_out, err);
    free(opts);
    customer__defs_changed(ctx);
    return st;
}

static enum kh_status check_change(const struct custom_field *f,
                                   const struct custom_field_change *in, struct kh_err *err)
{
    if (in->label_zh && (!*in->label_zh || !short_text(in->label_zh, 50)))
        return kh_err_set(err, KH_E_VALIDATION, "label_zh", "请填写中文名称（50字以内）",
                          "Chinese label is required");
    if (in->label_en && (!*in->label_en || !short_text(in->label_en, 50)))
        return kh_err_set(err, KH_E_VALIDATION, "label_en", "请填写英文名称（50字以内）",
                          "English label is required");
    bool choice = !strcmp(f->type, "choice") || !strcmp(f->type, "multi_choice");
    if (in->options && !choice)
        return kh_err_set(err, KH_E_VALIDATION, "options", "只有选择类字段有选项",
                          "only choice fields have options");
    if (in->options && in->noptions < 1)
        return kh_err_set(err, KH_E_VALIDATION, "options", "选择类字段至少需要一个选项",
                          "choice fields need at least one option");
    for (int i = 0; in->options && i < in->noptions; i++)
        if (!*in->options[i] || !short_text(in->options[i], 50))
            return kh_err_set(err, KH_E_VALIDATION, "options", "选项不能为空且不超过50字",
                              "options must be 1-50 characters");
    if (in->position > 10000)
        return kh_err_set(err, KH_E_VALIDATION, "position", "位置应在 0 到 10000 之间",
                          "position must be 0-10000");
    if (in->sensitive == 0 && !strcmp(f->type, "phone"))
        return kh_err_set(err, KH_E_VALIDATION, "sensitive", "电话字段始终为敏感字段",
                          "a phone field is always sensitive");
    bool retired = in->retired >= 0 ? in->retired == 1 : f->retired;
    if (retired && in->required == 1)
        return kh_err_set(err, KH_E_VALIDATION, "required", "停用的字段不能设为必填",
                          "a retired field cannot be required");
    return KH_OK;
}

enum kh_status customer_field_update(const struct kh_ctx *ctx, int64_t id,
                                     const struct custom_field_change *in, int64_t *reindex_job,
                                     struct kh_err *err)
{
    if (reindex_job)
        *reindex_job = 0;
    if (!ctx_can(ctx, &customer_perm_profile_manage) && !ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理档案字段的权限",
                          "not allowed to manage profile fields");
    struct custom_field *list = NULL;
    int n = 0;
    enum kh_status st = customer_store_fields(ctx, &list, &n, err);
    if (st)
        return st;
    const struct custom_field *f = NULL;
    for (int i = 0; i < n && !f; i++)
        if (list[i].id == id)
            f = &list[i];
    if (!f)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "自定义字段不存在", "no such custom field");
    if ((st = check_change(f, in, err)))
        return st;
    struct custom_field_change c = *in;
    if (c.retired == 1)
        c.required = 0; /* a retired field asks nothing of new records */
    char *opts = c.options ? customer_json_strings_encode(c.options, c.noptions) : NULL;
    bool reindex = c.sensitive >= 0 && (c.sensitive == 1) != f->sensitive;
    const char *detail =
        arena_printf(ctx->arena, "key=%s%s%s%s%s%s%s%s", f->key,
                     c.label_zh || c.label_en ? " labels" : "", c.options ? " options" : "",
                     c.required >= 0 ? (c.required ? " required=1" : " required=0") : "",
                     c.position >= 0 ? " position" : "", c.retired == 1 ? " retired=1" : "",
                     c.retired == 0 ? " retired=0" : "",
                     reindex ? (c.sensitive ? " sensitive=1" : " sensitive=0") : "");
    st = customer_store_field_update(ctx, id, &c, opts, detail, err);
    free(opts);
    customer__defs_changed(ctx);
    /* Values of a field that became sensitive leave the search index (or join it): a job. */
    if (!st && reindex && reindex_job)
        st = jobs_submit(ctx, &customer_reindex_job_kind, NULL, reindex_job, err);
    return st;
}

static enum kh_status template_check(const struct profile_template *in, struct kh_err *err)
{
    if (!key_ok(in->code))
        return kh_err_set(err, KH_E_VALIDATION, "code", "模板代码为2-40位小写字母、数字或下划线",
                          "code: 2-40 lower-case letters, digits or '_'");
    if (!in->name_zh || !*in->name_zh || !short_text(in->name_zh, 50))
        return kh_err_set(err, KH_E_VALIDATION, "name_zh", "请填写中文名称",
                          "Chinese name is required");
    if (!in->name_en || !*in->name_en || !short_text(in->name_en, 50))
        return kh_err_set(err, KH_E_VALIDATION, "name_en", "请填写英文名称",
                          "English name is required");
    return KH_OK;
}

enum kh_status customer_template_create(const struct kh_ctx *ctx, const struct profile_template *in,
                                        struct kh_err *err)
{
    if (!may_manage_profiles(ctx))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理档案模板的权限",
                          "not allowed to manage templates");
    enum kh_status st = template_check(in, err);
    if (st)
        return st;
    st = customer_store_template_insert(ctx, in, err);
    customer__defs_changed(ctx);
    return st;
}

enum kh_status customer_template_export(const struct kh_ctx *ctx, const char *code,
                                        struct profile_template *t, struct custom_field **fields,
                                        int *nfields, struct kh_err *err)
{
    memset(t, 0, sizeof(*t));
    *fields = NULL;
    *nfields = 0;
    struct profile_template *tpls = NULL;
    struct custom_field *all = NULL;
    int nt = 0, nf = 0;
    enum kh_status st = customer_store_templates(ctx, &tpls, &nt, err);
    if (!st)
        st = customer_store_fields(ctx, &all, &nf, err);
    if (st)
        return st;
    int found = -1;
    for (int i = 0; i < nt && found < 0; i++)
        if (!strcmp(tpls[i].code, code))
            found = i;
    if (found < 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "code", "档案模板不存在",
                          "no such profile template");
    /* fields come ordered by template, then position: this template's are one run */
    int first = 0, n = 0;
    for (int i = 0; i < nf; i++)
        if (!strcmp(all[i].template_code, code) && n++ == 0)
            first = i;
    *t = tpls[found];
    *fields = n ? all + first : NULL;
    *nfields = n;
    return KH_OK;
}

/* Point the error at a part of the file: "template.code", "fields[3].type". */
static enum kh_status in_file(struct kh_err *err, const char *part, int i)
{
    struct buf b;
    buf_init(&b, 256);
    buf_puts(&b, part);
    if (i >= 0)
        buf_printf(&b, "[%d]", i);
    if (*err->field)
        buf_printf(&b, ".%s", err->field);
    kh_strlcpy(err->field, buf_cstr(&b), sizeof(err->field));
    buf_release(&b);
    return err->code;
}

static enum kh_status in_field(struct kh_err *err, int i)
{
    return in_file(err, "fields", i);
}

/*
 * An imported template needs a code and names of its own: two templates
 * called 酒店宾客 could not be told apart where a customer's templates are
 * chosen. The insert refuses a code taken meanwhile.
 */
static enum kh_status template_unused(const struct kh_ctx *ctx, const struct profile_template *t,
                                      struct kh_err *err)
{
    struct profile_template *tpls = NULL;
    int nt = 0;
    enum kh_status st = customer_store_templates(ctx, &tpls, &nt, err);
    for (int i = 0; !st && i < nt; i++) {
        if (!strcmp(tpls[i].code, t->code))
            return kh_err_set(err, KH_E_CONFLICT, "template.code",
                              "模板代码已存在，请换一个代码导入",
                              "template code already exists: import it under another code");
        if (!strcmp(tpls[i].name_zh, t->name_zh))
            return kh_err_setf(err, KH_E_CONFLICT, "template.name_zh",
                               "已有名为「%s」的模板，请换一个名称导入",
                               "a template is already called %s: import it under another name",
                               t->name_zh, t->name_zh);
        if (!strcasecmp(tpls[i].name_en, t->name_en))
            return kh_err_setf(err, KH_E_CONFLICT, "template.name_en",
                               "已有英文名为“%s”的模板，请换一个名称导入",
                               "a template is already called \"%s\": import it under another name",
                               t->name_en, t->name_en);
    }
    return st;
}

enum kh_status customer_template_import(const struct kh_ctx *ctx, const struct profile_template *t,
                                        const struct custom_field *fields, int nfields,
                                        struct kh_err *err)
{
    if (!may_manage_profiles(ctx))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有管理档案模板的权限",
                          "not allowed to manage templates");
    enum kh_status st = template_check(t, err);
    if (st)
        return in_file(err, "template", -1);
    if (nfields > CUSTOMER_TEMPLATE_FIELDS_MAX)
        return kh_err_setf(err, KH_E_VALIDATION, "fields", "一个模板最多%d个字段",
                           "a template has at most %d fields", CUSTOMER_TEMPLATE_FIELDS_MAX,
                           CUSTOMER_TEMPLATE_FIELDS_MAX);
    for (int i = 0; i < nfields; i++) {
        if ((st = field_check(&fields[i], err)))
            return in_field(err, i);
        for (int k = 0; k < i; k++)
            if (!strcmp(fields[k].key, fields[i].key)) {
                kh_err_set(err, KH_E_VALIDATION, "key", "文件中字段键重复",
                           "the key appears twice in the file");
                return in_field(err, i);
            }
    }
    if ((st = template_unused(ctx, t, err)))
        return st;
    const char **opts = arena_alloc(ctx->arena, sizeof(char *) * (size_t)(nfields + 1));
    for (int i = 0; i < nfields; i++) {
        char *o = field_options_json(&fields[i]);
        opts[i] = arena_strdup(ctx->arena, o);
        free(o);
    }
    int bad = -1;
    st = customer_store_template_import(ctx, t, fields, opts, nfields, &bad, err);
    if (st && bad >= 0)
        return in_field(err, bad);
    if (st == KH_E_CONFLICT)
        return in_file(err, "template", -1);
    customer__defs_changed(ctx);
    return st;
}

/* ---- numbering (R-ARC-1) ---- */

static void date_text(const struct kh_tz *tz, const struct numbering_rule *rule, int64_t now,
                      char *out, size_t cap)
{
    char d[16];
    time_format_date(tz, now, d, sizeof(d)); /* YYYY-MM-DD in company time */
    char compact[9] = {d[0], d[1], d[2], d[3], d[5], d[6], d[8], d[9], 0};
    size_t n = !strcmp(rule->date_part, "yyyy")       ? 4
               : !strcmp(rule->date_part, "yyyymm")   ? 6
               : !strcmp(rule->date_part, "yyyymmdd") ? 8
                                                      : 0;
    snprintf(out, cap, "%.*s", (int)n, compact);
}

void customer_code_scope(const struct kh_tz *tz, const struct numbering_rule *rule,
                         const char *branch_code, int64_t now, char *out, size_t cap)
{
    char d[16];
    date_text(tz, rule, now, d, sizeof(d));
    snprintf(out, cap, "%s|%s|%s", rule->prefix, rule->per_branch ? branch_code : "", d);
}

void customer_code_format(const struct kh_tz *tz, const struct numbering_rule *rule,
                          const char *branch_code, int64_t now, int64_t seq, char *out, size_t cap)
{
    char d[16];
    date_text(tz, rule, now, d, sizeof(d));
    struct buf b;
    buf_init(&b, 128);
    buf_puts(&b, rule->prefix);
    if (rule->per_branch && branch_code && *branch_code)
        buf_printf(&b, "%s%s", b.len ? "-" : "", branch_code);
    if (*d)
        buf_printf(&b, "%s%s", b.len ? "-" : "", d);
    buf_printf(&b, "%s%0*lld", b.len ? "-" : "", rule->digits, (long long)seq);
    kh_strlcpy(out, buf_cstr(&b), cap);
    buf_release(&b);
}

/* n digits at p, as a number (n <= 18); false if any is not a digit. */
static bool digits_at(const char *p, size_t n, int64_t *out)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return true;
}

/* A date part of the rule's length that names a real year, month or day. */
static bool date_part_ok(const char *p, size_t n)
{
    int64_t y = 0, m = 1, d = 1;
    if (!digits_at(p, 4, &y) || (n >= 6 && !digits_at(p + 4, 2, &m)) ||
        (n == 8 && !digits_at(p + 6, 2, &d)))
        return false;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    return !(m == 2 && d == 29 && !leap);
}

/* Take "<part>" (with the "-" before it when something came first) from *p. */
static bool take_part(const char **p, bool first, const char *part)
{
    if (!first && *(*p)++ != '-')
        return false;
    size_t n = strlen(part);
    if (strncmp(*p, part, n) != 0)
        return false;
    *p += n;
    return true;
}

bool customer_code_parse(const struct numbering_rule *rule, const char *branch_code,
                         const char *code, char *scope, size_t cap, int64_t *seq)
{
    const char *p = code;
    bool first = true;
    if (rule->prefix[0]) {
        if (!take_part(&p, true, rule->prefix))
            return false;
        first = false;
    }
    const char *branch = rule->per_branch && branch_code ? branch_code : "";
    if (*branch) {
        if (!take_part(&p, first, branch))
            return false;
        first = false;
    }
    size_t dn = !strcmp(rule->date_part, "yyyy")       ? 4
                : !strcmp(rule->date_part, "yyyymm")   ? 6
                : !strcmp(rule->date_part, "yyyymmdd") ? 8
                                                       : 0;
    char date[9] = "";
    if (dn) {
        if ((!first && *p++ != '-') || strlen(p) < dn || !date_part_ok(p, dn))
            return false;
        memcpy(date, p, dn);
        date[dn] = '\0';
        p += dn;
        first = false;
    }
    if (!first && *p++ != '-')
        return false;
    size_t n = strlen(p);
    size_t width = rule->digits > 0 ? (size_t)rule->digits : 1;
    /* As "%0*lld" writes it: padded to the width, never a leading zero beyond it. */
    int64_t v = 0;
    if (n < width || n > 18 || (n > width && p[0] == '0') || !digits_at(p, n, &v) || v < 1)
        return false;
    snprintf(scope, cap, "%s|%s|%s", rule->prefix, rule->per_branch ? branch : "", date);
    *seq = v;
    return true;
}

enum kh_status customer_numbering_get(const struct kh_ctx *ctx, struct numbering_rule *out,
                                      struct kh_err *err)
{
    const char *text = NULL;
    enum kh_status st = settings_get(ctx, "numbering", &text, err);
    if (st)
        return st;
    if (!text || !customer_json_numbering_decode(text, out)) {
        memset(out, 0, sizeof(*out));
        kh_strlcpy(out->prefix, "KH", sizeof(out->prefix));
        kh_strlcpy(out->date_part, "yyyymm", sizeof(out->date_part));
        out->digits = 5;
        out->per_branch = true;
    }
    return KH_OK;
}

enum kh_status customer_numbering_set(const struct kh_ctx *ctx, const struct numbering_rule *in,
                                      struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有修改系统设置的权限",
                          "not allowed to change settings");
    size_t n = strlen(in->prefix);
    if (n > 8)
        return kh_err_set(err, KH_E_VALIDATION, "prefix", "前缀最多8位大写字母或数字",
                          "prefix: at most 8 upper-case letters or digits");
    for (size_t i = 0; i < n; i++)
        if (!((in->prefix[i] >= 'A' && in->prefix[i] <= 'Z') ||
              (in->prefix[i] >= '0' && in->prefix[i] <= '9')))
            return kh_err_set(err, KH_E_VALIDATION, "prefix", "前缀最多8位大写字母或数字",
                              "prefix: at most 8 upper-case letters or digits");
    if (strcmp(in->date_part, "none") && strcmp(in->date_part, "yyyy") &&
        strcmp(in->date_part, "yyyymm") && strcmp(in->date_part, "yyyymmdd"))
        return kh_err_set(err, KH_E_VALIDATION, "date_part",
                          "日期部分应为 none、yyyy、yyyymm 或 yyyymmdd",
                          "date_part must be none, yyyy, yyyymm or yyyymmdd");
    if (in->digits < 3 || in->digits > 9)
        return kh_err_set(err, KH_E_VALIDATION, "digits", "序号位数应在3到9之间",
                          "digits must be 3-9");
    char *text = customer_json_numbering_encode(in);
    enum kh_status st = settings_put(ctx, "numbering", text, err);
    free(text);
    customer__defs_changed(ctx);
    return st;
}
