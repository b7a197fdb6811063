/*
 * kehu restore FILE --db PATH: verify the backup, put it in place of the
 * database at PATH (the replaced one is kept as PATH.before-restore.N),
 * then end every session and token and audit the restore on the restored
 * database. Refused while a `kehu serve` holds the database's lock: restore
 * from the server's backups page instead, or stop the server.
 * On PostgreSQL (--db postgresql://...) the backup (pg_dump's format) is
 * restored into a new database on the same server, checked there, and
 * takes the database's name; the replaced database is kept under
 * "<name>_before_restore_N". Every `kehu serve` must be stopped first.
 * The backup is checked with the audit key beside PATH (or $KEHU_KEY_FILE):
 * on a new machine put the installation's kehu.key there first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "backup/backup.h"
#include "cli/cli.h"
#include "crypto/crypto.h"

int cmd_restore(int argc, char **argv)
{
    const char *db = cli_take_db(&argc, argv);
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: kehu restore FILE --db PATH\n", stderr);
        return 2;
    }
    struct kh_err err;
    kh_err_clear(&err);
    struct kh_clock clock;
    clock_init(&clock, false);
    struct backup_restore_note note;
    if (crypto_init(&err) || audit_keys_load(db, &err) ||
        backup_restore(argv[1], db, "cli", clock_now(&clock), &note, &err)) {
        fprintf(stderr, "kehu restore: %s / %s\n", err.msg_zh, err.msg_en);
        return 1;
    }
    struct cli_env env;
    if (!cli_env_open_path(&env, db, "restore"))
        return 1;
    int rc = 0;
    if (backup_restore_finish(&env.ctx, &note, &err)) {
        fprintf(stderr, "kehu restore: %s / %s\n", err.msg_zh, err.msg_en);
        rc = 1;
    }
    cli_env_close(&env);
    if (!rc)
        printf("restored %s into %s (the replaced database is kept as %s)\n", argv[1], db,
               note.kept[0] ? note.kept : "-");
    return rc;
}
