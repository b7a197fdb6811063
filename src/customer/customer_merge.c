/*
 * Merging a duplicate into a survivor (R-ARC-8): the survivor keeps its
 * values and takes the duplicate's where it has none (or where the merger
 * chose the duplicate's); contacts, histories and every record another
 * capability keeps about the duplicate move to the survivor; the duplicate
 * stays, archived, pointing at the survivor. One write, audited on both.
 */
#include <string.h>

#include "app/registry.h"
#include "core/mem.h"
#include "core/str.h"
#include "core/utf8.h"
#include "customer/customer_internal.h"

const struct kh_perm customer_perm_merge = {"customer.merge", "合并重复客户",
                                            "Merge duplicate customers"};

/* The fields a merger may take from the duplicate, in the order the page shows them. */
static const char *const takeable[] = {
    "name",      "gender", "birthday",      "mobile",   "phone_office",    "phone_home",
    "email",     "region", "address",       "company",  "company_address", "position",
    "id_number", "uscc",   "credit_status", "category", "value_tier",      "stage",
    "industry",  "source", "notes",
};

bool customer_merge_field(const char *field)
{
    for (size_t i = 0; i < sizeof(takeable) / sizeof(takeable[0]); i++)
        if (!strcmp(field, takeable[i]))
            return true;
    return false;
}

static bool taken(const struct customer_merge_input *mi, const char *field)
{
    for (int i = 0; i < mi->ntake; i++)
        if (!strcmp(mi->take[i], field))
            return true;
    return false;
}

/* Text fields filled from the duplicate when the survivor has none. */
static void fill_text(struct customer_input *in, const struct customer *s, const struct customer *d,
                      const struct customer_merge_input *mi)
{
    struct {
        const char *field;
        const char **in;
        const char *mine, *theirs;
        bool fill; /* taken when empty (choices keep the survivor's unless chosen) */
    } f[] = {
        {"name", &in->name, s->name, d->name, false},
        {"gender", &in->gender, s->gender, d->gender, false},
        {"birthday", &in->birthday, s->birthday, d->birthday, true},
        {"mobile", &in->mobile, s->mobile, d->mobile, true},
        {"phone_office", &in->phone_office, s->phone_office, d->phone_office, true},
        {"phone_home", &in->phone_home, s->phone_home, d->phone_home, true},
        {"email", &in->email, s->email, d->email, true},
        {"address", &in->address, s->address, d->address, true},
        {"company", &in->company, s->company, d->company, true},
        {"company_address", &in->company_address, s->company_address, d->company_address, true},
        {"position", &in->position, s->position, d->position, true},
        {"id_number", &in->id_number, s->id_number, d->id_number, true},
        {"uscc", &in->uscc, s->uscc, d->uscc, true},
        {"credit_status", &in->credit_status, s->credit_status, d->credit_status, false},
        {"category", &in->category, s->category, d->category, false},
        {"value_tier", &in->value_tier, s->value_tier, d->value_tier, false},
        {"stage", &in->stage, s->stage, d->stage, false},
        {"industry", &in->industry, s->industry, d->industry, true},
        {"source", &in->source, s->source, d->source, false},
        {"notes", &in->notes, s->notes, d->notes, true},
    };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        bool empty = !f[i].mine || !*f[i].mine;
        if (taken(mi, f[i].field) || (f[i].fill && empty && f[i].theirs && *f[i].theirs))
            *f[i].in = f[i].theirs ? f[i].theirs : "";
    }
    if (taken(mi, "region") || (!s->province_code && d->province_code)) {
        in->province_code = d->province_code;
        in->city_code = d->city_code;
        in->district_code = d->district_code;
    }
}

/* The strings of x then those of y not in x, at most max; *n how many. */
static const char **union_of(struct arena *a, const char *const *x, int nx, const char *const *y,
                             int ny, int max, int *n)
{
    const char **out = arena_alloc(a, sizeof(*out) * (size_t)(nx + ny + 1));
    *n = 0;
    for (int i = 0; i < nx + ny && *n < max; i++) {
        const char *v = i < nx ? x[i] : y[i - nx];
        bool seen = false;
        for (int k = 0; k < *n && !seen; k++)
            seen = !strcmp(out[k], v);
        if (!seen)
            out[(*n)++] = v;
    }
    return out;
}

/* Tags and templates of both (the survivor's first); custom values the survivor lacks. */
static void fill_lists(struct arena *a, struct customer_input *in, const struct customer *s,
                       const struct customer *d)
{
    in->tags = union_of(a, s->tags, s->ntags, d->tags, d->ntags, CUSTOMER_MAX_TAGS, &in->ntags);
    in->tags_set = in->ntags != s->ntags;
    in->templates = union_of(a, s->templates, s->ntemplates, d->templates, d->ntemplates,
                             s->ntemplates + d->ntemplates, &in->ntemplates);
    in->templates_set = in->ntemplates != s->ntemplates;
    struct custom_value *cv = arena_alloc(a, sizeof(*cv) * (size_t)(d->ncustom + 1));
    int nc = 0;
    for (int i = 0; i < d->ncustom; i++) {
        bool has = false;
        for (int k = 0; k < s->ncustom && !has; k++)
            has = !strcmp(s->custom[k].key, d->custom[i].key);
        if (!has)
            cv[nc++] = d->custom[i];
    }
    in->custom_set = nc > 0;
    in->custom = cv;
    in->ncustom = nc;
}

static enum kh_status check_input(const struct kh_ctx *ctx, int64_t id,
                                  const struct customer_merge_input *mi, struct kh_err *err)
{
    if (!ctx_can(ctx, &customer_perm_merge))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有合并客户的权限",
                          "not allowed to merge customers");
    if (mi->duplicate_id <= 0 || mi->duplicate_id == id)
        return kh_err_set(err, KH_E_VALIDATION, "duplicate_id", "请选择另一位要并入的客户",
                          "choose another customer to merge into this one");
    struct str r = str_trim(str_from(mi->reason));
    if (!r.len || !utf8_valid(r.ptr, r.len) || utf8_count(r.ptr, r.len) > 500)
        return kh_err_set(err, KH_E_VALIDATION, "reason", "请填写合并原因（不超过500字）",
                          "give the reason for the merge (at most 500 characters)");
    if (mi->ntake > 64)
        return kh_err_set(err, KH_E_VALIDATION, "take", "所选字段过多", "too many fields");
    for (int i = 0; i < mi->ntake; i++)
        if (!mi->take[i] || !customer_merge_field(mi->take[i]))
            return kh_err_setf(err, KH_E_VALIDATION, "take", "不能从被合并的客户取用字段 %s",
                               "field %s cannot be taken from the duplicate",
                               mi->take[i] ? mi->take[i] : "", mi->take[i] ? mi->take[i] : "");
    return KH_OK;
}

/* Both records may be merged: visible to the merger, not merged before, same kind and level. */
static enum kh_status check_pair(const struct customer *s, const struct customer *d,
                                 struct kh_err *err)
{
    if (s->merged_into || d->merged_into)
        return kh_err_set(err, KH_E_CONFLICT, s->merged_into ? "" : "duplicate_id",
                          "该客户已被合并到另一位客户", "that customer has been merged already");
    if (s->archived) /* the live record would disappear into an archived one */
        return kh_err_set(
            err, KH_E_CONFLICT, "", "该客户已归档：请先恢复，再把重复客户并入",
            "this customer is archived: restore it before merging a duplicate into it");
    if (strcmp(s->kind, d->kind) != 0)
        return kh_err_set(err, KH_E_VALIDATION, "duplicate_id", "个人客户与企业客户不能合并",
                          "an individual and an organisation cannot be merged");
    if (s->secrecy != d->secrecy)
        return kh_err_set(err, KH_E_VALIDATION, "duplicate_id",
                          "两位客户的密级不同：请先调整为相同密级再合并",
                          "the two customers have different secrecy levels: give them the same "
                          "level first");
    return KH_OK;
}

enum kh_status customer_merge(const struct kh_ctx *ctx, int64_t id,
                              const struct customer_merge_input *mi, struct customer *answer,
                              struct kh_err *err)
{
    enum kh_status st = check_input(ctx, id, mi, err);
    struct customer s, d;
    if (!st)
        st = customer__load_visible(ctx, id, &s, err);
    if (!st && (st = customer__load_visible(ctx, mi->duplicate_id, &d, err)) == KH_E_NOT_FOUND)
        st = kh_err_set(err, KH_E_NOT_FOUND, "duplicate_id", "要并入的客户不存在或无权查看",
                        "the customer to merge is not found or not visible to you");
    if (!st)
        st = check_pair(&s, &d, err);
    if (st)
        return st;
    struct customer_input in;
    customer_input_init(&in);
    in.version = mi->version;
    fill_text(&in, &s, &d, mi);
    fill_lists(ctx->arena, &in, &s, &d);
    struct customer_write w;
    if ((st = customer__prepare_update(ctx, NULL, id, &in, false, &w, err)))
        return st;
    w.answer = answer;
    size_t nrefs = 0;
    const struct customer_ref_kind *const *refs = registry_customer_refs(&nrefs);
    struct str reason = str_trim(str_from(mi->reason));
    struct customer_merge_write m = {.w = &w,
                                     .duplicate_id = d.id,
                                     .duplicate_code = d.code,
                                     .reason = arena_strndup(ctx->arena, reason.ptr, reason.len),
                                     .refs = refs,
                                     .nrefs = nrefs};
    st = customer_store_merge(ctx, &m, err);
    if (st == KH_E_CONFLICT && w.hit.id)
        st = customer_dup_error(&w.hit, err);
    if (!st && answer)
        customer__mask(ctx, answer);
    return st;
}

enum kh_status customer__not_merged(const struct customer *c, struct kh_err *err)
{
    if (!c->merged_into)
        return KH_OK;
    return kh_err_set(err, KH_E_CONFLICT, "", "该客户已并入另一位客户，请在那位客户上修改",
                      "this customer was merged into another one: change that one instead");
}
