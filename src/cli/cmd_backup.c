/*
 * kehu backup FILE           online backup of the database (safe while `kehu serve` runs),
 *                            then verified
 * kehu backup --verify FILE [--db PATH]
 *                            integrity check and audit chain check of a backup (with the
 *                            audit key of the database at PATH); exit 1 naming what is wrong
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"

#include "backup/backup.h"
#include "cli/cli.h"
#include "crypto/crypto.h"

/* The backup's audit chain is checked with the key of the database it belongs to (--db). */
static int verify(const char *file, const char *db)
{
    if (!db)
        db = getenv("KEHU_DB");
    if (!db || !*db)
        db = "./data/kehu.db";
    struct kh_err err;
    kh_err_clear(&err);
    if (crypto_init(&err) || audit_keys_load(db, &err) || backup_verify(file, db, &err)) {
        fprintf(stderr, "kehu backup --verify: %s: %s / %s\n", file, err.msg_zh, err.msg_en);
        return 1;
    }
    printf("backup OK: %s (integrity check and audit chain)\n", file);
    return 0;
}

int cmd_backup(int argc, char **argv)
{
    const char *check = cli_take_opt(&argc, argv, "--verify");
    if (check) {
        const char *db = cli_take_opt(&argc, argv, "--db");
        return argc == 1 ? verify(check, db) : 2;
    }
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "backup"))
        return 1;
    int rc = 2;
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: kehu backup FILE [--db PATH] | kehu backup --verify FILE [--db PATH]\n",
              stderr);
    } else {
        struct kh_err err;
        kh_err_clear(&err);
        rc = 1;
        if (backup_write(&env.ctx, argv[1], &err))
            fprintf(stderr, "kehu backup: %s / %s\n", err.msg_zh, err.msg_en);
        else {
            printf("backup written and verified: %s\n", argv[1]);
            rc = 0;
        }
    }
    cli_env_close(&env);
    return rc;
}
