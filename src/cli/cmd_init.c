/* kehu init: create the database, the head-office branch and the first administrator. */
#include <stdio.h>
#include <string.h>

#include "account/account.h"
#include "cli/cli.h"
#include "crypto/crypto.h"
#include "db/db.h"

int cmd_init(int argc, char **argv)
{
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "init"))
        return 1;
    const char *username = cli_take_opt(&argc, argv, "--admin");
    if (!username)
        username = "admin";
    struct kh_err err;
    kh_err_clear(&err);
    struct user existing;
    if (account_user_find(&env.ctx, username, &existing, &err) == KH_OK) {
        printf("kehu init: database %s is already initialised (user %s exists)\n", env.db_path,
               username);
        cli_env_close(&env);
        return 0;
    }
    struct org_unit *branches = NULL;
    int nb = 0;
    int64_t branch_id = 0;
    if (account_branch_list(&env.ctx, &branches, &nb, &err) == KH_OK && nb > 0)
        branch_id = branches[0].id;
    else if (account_branch_create(&env.ctx, "HQ", "总部", &branch_id, &err)) {
        fprintf(stderr, "kehu init: %s\n", err.msg_en);
        cli_env_close(&env);
        return 1;
    }
    char password[64];
    crypto_random_token("", password, sizeof(password));
    password[16] = '\0';
    struct user_input in = {.username = username,
                            .display_name = "系统管理员",
                            .role = "admin",
                            .department_id = 0,
                            .branch_id = branch_id,
                            .active = 1,
                            .password = password,
                            .password_published = true};
    int64_t id = 0;
    if (account_user_create(&env.ctx, &in, &id, NULL, &err)) {
        fprintf(stderr, "kehu init: %s: %s\n", err.field, err.msg_en);
        cli_env_close(&env);
        return 1;
    }
    printf("kehu init: created %s\n", env.db_path);
    printf("administrator login: %s / %s   (shown once: store it safely)\n", username, password);
    cli_env_close(&env);
    return 0;
}
