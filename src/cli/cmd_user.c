/* kehu user add|passwd|role|clearance|handover|disable|list */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account.h"
#include "cli/cli.h"
#include "core/str.h"
#include "crypto/crypto.h"
#include "handover/handover.h"
#include "secrecy/secrecy.h"

static int user_add(struct cli_env *env, int argc, char **argv)
{
    const char *role = cli_take_opt(&argc, argv, "--role");
    const char *name = cli_take_opt(&argc, argv, "--name");
    const char *password = cli_take_opt(&argc, argv, "--password");
    const char *dept = cli_take_opt(&argc, argv, "--department");
    const char *branch = cli_take_opt(&argc, argv, "--branch");
    const char *org = cli_take_opt(&argc, argv, "--organization");
    const char *credential = cli_take_opt(&argc, argv, "--credential");
    if (argc < 2) {
        fputs("usage: kehu user add USERNAME --role ROLE [--name NAME] [--password PW] "
              "[--department ID] [--branch ID] [--organization ORG --credential LETTER-OR-ID]\n",
              stderr);
        return 2;
    }
    char generated[64];
    if (!password) {
        crypto_random_token("", generated, sizeof(generated));
        generated[16] = '\0';
        password = generated;
    }
    long long d = 0, b = 0;
    if ((dept && !str_to_i64(str_from(dept), 1, INT64_MAX, &d)) ||
        (branch && !str_to_i64(str_from(branch), 1, INT64_MAX, &b))) {
        fputs("kehu user add: --department and --branch take numeric ids\n", stderr);
        return 2;
    }
    struct user_input in = {.username = argv[1],
                            .display_name = name ? name : argv[1],
                            .role = role,
                            .department_id = d,
                            .branch_id = b,
                            .active = 1,
                            .password = password,
                            .organization = org,
                            .credential = credential};
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_create(&env->ctx, &in, &id, NULL, &err)) {
        fprintf(stderr, "kehu user add: %s: %s / %s\n", err.field, err.msg_zh, err.msg_en);
        return 1;
    }
    printf("user %s created (id %lld)%s%s\n", argv[1], (long long)id,
           password == generated ? ", password: " : "", password == generated ? password : "");
    return 0;
}

static int user_update(struct cli_env *env, int argc, char **argv, bool disable)
{
    if (argc < 2) {
        fprintf(stderr, "usage: kehu user %s USERNAME%s\n", disable ? "disable" : "passwd",
                disable ? "" : " [--password PW]");
        return 2;
    }
    const char *password = disable ? NULL : cli_take_opt(&argc, argv, "--password");
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_find(&env->ctx, argv[1], &u, &err)) {
        fprintf(stderr, "kehu user: no user %s\n", argv[1]);
        return 1;
    }
    char generated[64];
    if (!disable && !password) {
        crypto_random_token("", generated, sizeof(generated));
        generated[16] = '\0';
        password = generated;
    }
    struct user_input in = {
        .department_id = -1, .branch_id = -1, .active = disable ? 0 : -1, .password = password};
    if (account_user_update(&env->ctx, u.id, &in, NULL, &err)) {
        fprintf(stderr, "kehu user: %s: %s / %s\n", err.field, err.msg_zh, err.msg_en);
        return 1;
    }
    if (disable)
        printf("user %s disabled\n", argv[1]);
    else
        printf("password of %s changed%s%s\n", argv[1], password == generated ? ": " : "",
               password == generated ? password : "");
    return 0;
}

/*
 * kehu user role USERNAME ROLE [--department ID] [--branch ID]: the
 * operator of the server gives a user another role (a role that sees more
 * customers needs this second person until approvals exist: account.h).
 */
static int user_role(struct cli_env *env, int argc, char **argv)
{
    const char *dept = cli_take_opt(&argc, argv, "--department");
    const char *branch = cli_take_opt(&argc, argv, "--branch");
    if (argc < 3) {
        fputs("usage: kehu user role USERNAME ROLE [--department ID] [--branch ID]\n", stderr);
        return 2;
    }
    long long d = -1, b = -1;
    if ((dept && !str_to_i64(str_from(dept), 1, INT64_MAX, &d)) ||
        (branch && !str_to_i64(str_from(branch), 1, INT64_MAX, &b))) {
        fputs("kehu user role: --department and --branch take numeric ids\n", stderr);
        return 2;
    }
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_find(&env->ctx, argv[1], &u, &err)) {
        fprintf(stderr, "kehu user: no user %s\n", argv[1]);
        return 1;
    }
    struct user_input in = {.role = argv[2], .department_id = d, .branch_id = b, .active = -1};
    if (account_user_update(&env->ctx, u.id, &in, NULL, &err)) {
        fprintf(stderr, "kehu user role: %s: %s / %s\n", err.field, err.msg_zh, err.msg_en);
        return 1;
    }
    printf("role of %s changed to %s\n", argv[1], account_role_label(&env->ctx, argv[2]));
    return 0;
}

/*
 * kehu user clearance USERNAME LEVEL|role: the operator of the server sets
 * the highest secrecy level a user reads (R-SEC-2); "role" returns them to
 * their role's default. A person raising it needs a second person's
 * approval instead (account.change).
 */
static int user_clearance(struct cli_env *env, int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: kehu user clearance USERNAME normal|confidential|top_secret|role\n", stderr);
        return 2;
    }
    int level = strcmp(argv[2], "role") ? secrecy_parse(argv[2]) : -1;
    if (level < 0 && strcmp(argv[2], "role")) {
        fputs("kehu user clearance: the level is normal, confidential, top_secret or role\n",
              stderr);
        return 2;
    }
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_find(&env->ctx, argv[1], &u, &err)) {
        fprintf(stderr, "kehu user: no user %s\n", argv[1]);
        return 1;
    }
    struct user_input in = {.department_id = -1,
                            .branch_id = -1,
                            .active = -1,
                            .clearance = level < 0 ? USER_CLEARANCE_ROLE : USER_CLEARANCE(level)};
    if (account_user_update(&env->ctx, u.id, &in, &u, &err)) {
        fprintf(stderr, "kehu user clearance: %s: %s / %s\n", err.field, err.msg_zh, err.msg_en);
        return 1;
    }
    printf("clearance of %s is now %s\n", argv[1], secrecy_name(u.clearance));
    return 0;
}

static int user_list(struct cli_env *env)
{
    struct user *list = NULL;
    int n = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_list(&env->ctx, &list, &n, &err)) {
        fprintf(stderr, "kehu user list: %s\n", err.msg_en);
        return 1;
    }
    printf("%-6s %-20s %-8s %-24s %s\n", "id", "username", "active", "name", "role");
    for (int i = 0; i < n; i++)
        printf("%-6lld %-20s %-8s %-24s %s\n", (long long)list[i].id, list[i].username,
               list[i].active ? "yes" : "no", list[i].display_name,
               account_role_label(&env->ctx, list[i].role));
    return 0;
}

/*
 * kehu user handover USERNAME --to SUCCESSOR --reason TEXT: everything the
 * user holds passes to SUCCESSOR (R-SEC-8), one line per kind moved.
 */
static int user_handover(struct cli_env *env, int argc, char **argv)
{
    const char *to = cli_take_opt(&argc, argv, "--to");
    const char *reason = cli_take_opt(&argc, argv, "--reason");
    if (argc < 2 || !to || !reason) {
        fputs("usage: kehu user handover USERNAME --to SUCCESSOR --reason TEXT\n", stderr);
        return 2;
    }
    struct user leaver, successor;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_find(&env->ctx, argv[1], &leaver, &err)) {
        fprintf(stderr, "kehu user: no user %s\n", argv[1]);
        return 1;
    }
    if (account_user_find(&env->ctx, to, &successor, &err)) {
        fprintf(stderr, "kehu user: no user %s\n", to);
        return 1;
    }
    struct handover_input in = {.to = successor.id, .reason = reason};
    struct handover_moved *m = NULL;
    int n = 0;
    if (handover_run(&env->ctx, leaver.id, &in, &m, &n, &err)) {
        fprintf(stderr, "kehu user handover: %s%s%s / %s\n", err.field, *err.field ? ": " : "",
                err.msg_zh, err.msg_en);
        return 1;
    }
    for (int i = 0; i < n; i++)
        printf("%s / %s: %lld -> %s\n", m[i].kind->label_zh, m[i].kind->label_en,
               (long long)m[i].count, to);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "cli"))
        return 1;
    int rc = 2;
    const char *sub = argc > 1 ? argv[1] : "";
    if (!strcmp(sub, "add"))
        rc = user_add(&env, argc - 1, argv + 1);
    else if (!strcmp(sub, "passwd"))
        rc = user_update(&env, argc - 1, argv + 1, false);
    else if (!strcmp(sub, "role"))
        rc = user_role(&env, argc - 1, argv + 1);
    else if (!strcmp(sub, "clearance"))
        rc = user_clearance(&env, argc - 1, argv + 1);
    else if (!strcmp(sub, "handover"))
        rc = user_handover(&env, argc - 1, argv + 1);
    else if (!strcmp(sub, "disable"))
        rc = user_update(&env, argc - 1, argv + 1, true);
    else if (!strcmp(sub, "list"))
        rc = user_list(&env);
    else
        fputs("usage: kehu user add|passwd|role|clearance|handover|disable|list ...\n", stderr);
    cli_env_close(&env);
    return rc;
}
