#include "account/account_json.h"

json_t *account_json_perms(const struct kh_actor *a)
{
    json_t *out = json_array();
    for (size_t i = 0; i < registry_perm_count(); i++) {
        const struct kh_perm *p = registry_perm_at(i);
        if (actor_can(a, p))
            json_array_append_new(out, json_string(p->name));
    }
    return out;
}

json_t *account_json_scopes(const struct kh_actor *a)
{
    json_t *out = json_object();
    for (size_t i = 0; i < registry_scope_count(); i++) {
        const struct kh_scope_kind *k = registry_scope_at(i);
        json_object_set_new(out, k->name, json_string(kh_scope_name(actor_scope(a, k))));
    }
    return out;
}
