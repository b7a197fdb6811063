#ifndef KH_ACCOUNT_ACCOUNT_JSON_H
#define KH_ACCOUNT_ACCOUNT_JSON_H

/* JSON forms of an actor's (or a role's) permissions and scopes. */

#include <jansson.h>

#include "app/ctx.h"
#include "core/err.h"

/* ["customer.create", ...] in registration order (new reference). */
json_t *account_json_perms(const struct kh_actor *a);
/* {"customers": "own", ...}: every registered scope kind (new reference). */
json_t *account_json_scopes(const struct kh_actor *a);

/*
 * The subject of an "account.change" approval request. As asked:
 * {"user_id": N, "role": "code", "department_id": D, "branch_id": B,
 * "password": "..."}; as kept: the same without the password, with
 * "password_reset" and the state the change was decided on (expect_*).
 * Units: -1 absent (unchanged), 0 null (none).
 */
struct account_change {
    int64_t user_id;
    const char *role;     /* NULL: unchanged */
    const char *password; /* as asked only; NULL: none */
    int64_t department_id, branch_id;
    bool password_reset;
    int clearance; /* as user_input.clearance (0: unchanged) */
    const char *expect_role;
    int64_t expect_department_id, expect_branch_id;
    int expect_clearance; /* as user_input.expect_clearance */
};
/* Read a subject (in a); KH_E_VALIDATION naming "subject.<key>" for a value of the wrong type. */
KH_NODISCARD enum kh_status account_json_change_read(struct arena *a, const char *text,
                                                     struct account_change *out,
                                                     struct kh_err *err);
/* The subject as kept (no password), in a. */
const char *account_json_change_write(struct arena *a, const struct account_change *c);

/*
 * The subject of an "account.create" approval request: {"username",
 * "display_name", "role", "department_id", "branch_id", "password"} as asked,
 * the same without the password as kept.
 */
struct account_new {
    const char *username, *display_name, *role, *password;
    int64_t department_id, branch_id; /* 0: none */
};
KH_NODISCARD enum kh_status account_json_new_read(struct arena *a, const char *text,
                                                  struct account_new *out, struct kh_err *err);
const char *account_json_new_write(struct arena *a, const struct account_new *n);

#endif
