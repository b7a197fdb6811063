/*
 * Masking of phones and ID numbers (R-SEC-13): what a user without
 * customer.unmask is shown, how a masked value sent back is understood, and
 * the audited reveal of one field.
 */
#include <string.h>

#include "audit/audit.h"
#include "core/mem.h"
#include "customer/customer_internal.h"
#include "text/validate.h"

const struct kh_perm customer_perm_unmask = {"customer.unmask", "查看完整号码",
                                             "See phone and ID numbers in full"};

bool customer_may_unmask(const struct kh_ctx *ctx)
{
#ifdef KH_BENCH_NO_GOVERNANCE /* make bench's features-off side: nothing masked */
    (void)ctx;
    return true;
#endif
    return ctx_can(ctx, &customer_perm_unmask);
}

static const char *const phone_fields[] = {"mobile", "phone_office", "phone_home"};

bool customer_mask_field(const char *field, bool contact)
{
    if (!field)
        return false;
    if (contact)
        return !strcmp(field, "mobile");
    for (size_t i = 0; i < sizeof(phone_fields) / sizeof(phone_fields[0]); i++)
        if (!strcmp(field, phone_fields[i]))
            return true;
    return !strcmp(field, "id_number");
}

/* The masked form of a field's value, in the arena. */
static const char *masked(struct arena *a, const char *field, const char *v)
{
    if (!v || !*v)
        return v;
    struct str s = str_from(v);
    char *m = arena_alloc(a, MASK_SIZE(s.len));
    (strcmp(field, "id_number") ? mask_phone : mask_id_number)(s, m);
    return m;
}

void customer__mask(const struct kh_ctx *ctx, struct customer *c)
{
    if (customer_may_unmask(ctx))
        return;
    c->mobile = masked(ctx->arena, "mobile", c->mobile);
    c->phone_office = masked(ctx->arena, "phone_office", c->phone_office);
    c->phone_home = masked(ctx->arena, "phone_home", c->phone_home);
    c->id_number = masked(ctx->arena, "id_number", c->id_number);
    c->masked = true;
    customer__mask_contacts(ctx, c->contacts, c->ncontacts);
}

void customer__mask_contacts(const struct kh_ctx *ctx, struct contact *cs, int n)
{
    if (customer_may_unmask(ctx))
        return;
    for (int i = 0; i < n; i++)
        cs[i].mobile = masked(ctx->arena, "mobile", cs[i].mobile);
}

void customer__mask_changes(const struct kh_ctx *ctx, struct field_change *ch, int n)
{
    if (customer_may_unmask(ctx))
        return;
    for (int i = 0; i < n; i++)
        if (customer_mask_field(ch[i].field, false)) {
            ch[i].old_value = masked(ctx->arena, ch[i].field, ch[i].old_value);
            ch[i].new_value = masked(ctx->arena, ch[i].field, ch[i].new_value);
        }
}

/* True when v is the masked form of stored (then the field is left as stored). */
static bool is_mask_of(struct arena *a, const char *field, const char *v, const char *stored)
{
    if (!is_masked(v) || !stored || !*stored)
        return false;
    return !strcmp(v, masked(a, field, stored));
}

const struct customer_input *customer__unmask_input(const struct kh_ctx *ctx,
                                                    const struct customer *old,
                                                    const struct customer_input *in)
{
    const char *const given[] = {in->mobile, in->phone_office, in->phone_home, in->id_number};
    const char *const stored[] = {old->mobile, old->phone_office, old->phone_home, old->id_number};
    const char *const fields[] = {"mobile", "phone_office", "phone_home", "id_number"};
    struct customer_input *copy = NULL;
    for (size_t i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
        if (!is_mask_of(ctx->arena, fields[i], given[i], stored[i]))
            continue;
        if (!copy) {
            copy = arena_alloc(ctx->arena, sizeof(*copy));
            *copy = *in;
        }
        const char **slot[] = {&copy->mobile, &copy->phone_office, &copy->phone_home,
                               &copy->id_number};
        *slot[i] = NULL;
    }
    return copy ? copy : in;
}

void customer__unmask_contact(const struct kh_ctx *ctx, const struct contact *old,
                              struct contact *in)
{
    if (in->mobile && is_mask_of(ctx->arena, "mobile", in->mobile, old->mobile))
        in->mobile = old->mobile;
}

enum kh_status customer_reveal(const struct kh_ctx *ctx, int64_t id, const char *field,
                               int64_t contact_id, const char **value, struct kh_err *err)
{
    *value = NULL;
    if (contact_id < 0)
        return kh_err_set(err, KH_E_VALIDATION, "contact_id", "联系人编号无效",
                          "invalid contact id");
    if (!customer_mask_field(field, contact_id != 0))
        return kh_err_set(err, KH_E_VALIDATION, "field",
                          "只能查看手机、电话或身份证号（联系人：手机）的完整号码",
                          "only mobile, phone_office, phone_home or id_number (a contact: "
                          "mobile) can be shown in full");
    struct customer c;
    enum kh_status st = customer__load_readable(ctx, id, &c, err);
    if (st)
        return st;
    const char *v = NULL;
    if (contact_id) {
        struct contact k;
        if ((st = customer_store_contact_get(ctx, id, contact_id, &k, err)))
            return st;
        v = k.mobile;
    } else {
        v = !strcmp(field, "mobile")         ? c.mobile
            : !strcmp(field, "phone_office") ? c.phone_office
            : !strcmp(field, "phone_home")   ? c.phone_home
                                             : c.id_number;
    }
    const char *detail =
        contact_id ? arena_printf(ctx->arena, "field=%s contact=%lld", field, (long long)contact_id)
                   : arena_printf(ctx->arena, "field=%s", field);
    struct audit_event ev = {"customer.unmask", "customer", id, detail};
    if ((st = audit_record_read(ctx, &ev, err)))
        return st;
    *value = arena_strdup(ctx->arena, v ? v : "");
    return KH_OK;
}
