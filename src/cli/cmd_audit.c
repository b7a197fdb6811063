/*
 * kehu audit verify: walk the keyed hash chain and compare it with the
 * checkpoints; exit 1 naming the first bad entry.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"

int cmd_audit(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "verify") != 0) {
        fputs("usage: kehu audit verify [--db PATH]\n", stderr);
        return 2;
    }
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "audit-verify"))
        return 1;
    struct audit_verify_result res;
    struct kh_err err;
    kh_err_clear(&err);
    int rc = 0;
    if (audit_verify(&env.ctx, &res, &err)) {
        fprintf(stderr, "kehu audit verify: %s\n", err.msg_en);
        rc = 1;
    } else if (res.ok) {
        printf("audit chain OK: %lld entries, %d checkpoints compared\n", (long long)res.entries,
               res.checkpoints);
    } else {
        printf("audit chain BROKEN at entry %lld: %s (%lld entries read)\n",
               (long long)res.first_bad_id, res.reason, (long long)res.entries);
        rc = 1;
    }
    cli_env_close(&env);
    return rc;
}
