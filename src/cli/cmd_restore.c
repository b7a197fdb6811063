/*
 * kehu restore FILE --db PATH: verify the backup, then put it in place of the
 * database at PATH (the old one is kept as PATH.before-restore). Refused
 * while a `kehu serve` holds the database's lock. The backup is checked with
 * the audit key beside PATH (or $KEHU_KEY_FILE): on a new machine put the
 * installation's kehu.key there first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "backup/backup.h"
#include "cli/cli.h"
#include "crypto/crypto.h"

int cmd_restore(int argc, char **argv)
{
    const char *db = cli_take_opt(&argc, argv, "--db");
    if (!db)
        db = getenv("KEHU_DB");
    if (!db || !*db)
        db = "./data/kehu.db";
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: kehu restore FILE --db PATH\n", stderr);
        return 2;
    }
    struct kh_err err;
    kh_err_clear(&err);
    if (crypto_init(&err) || audit_keys_load(db, &err) || backup_restore(argv[1], db, &err)) {
        fprintf(stderr, "kehu restore: %s / %s\n", err.msg_zh, err.msg_en);
        return 1;
    }
    printf("restored %s into %s\n", argv[1], db);
    return 0;
}
