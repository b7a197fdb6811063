/*
 * kehu key status | rotate: the data keys of field encryption (R-SEC-11).
 * A rotation runs beside a running server: it adds a key, gives running
 * servers time to load it (--wait SECONDS, default 3; they look every
 * second), re-seals every sensitive value in short transactions, then
 * deletes the older keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include <time.h>
#include "vault/vault.h"

static int key_status(struct cli_env *env)
{
    struct vault_status vs;
    struct kh_err err;
    kh_err_clear(&err);
    if (vault_status(&env->ctx, true, &vs, &err)) {
        fprintf(stderr, "kehu key status: %s\n", err.msg_en);
        return 1;
    }
    printf("%-8s %-8s %-18s %-20s %s\n", "version", "active", "cipher", "created (UTC)", "values");
    for (int i = 0; i < vs.nkeys; i++) {
        char when[32] = "";
        time_t t = (time_t)vs.keys[i].created_at;
        struct tm tm;
        if (gmtime_r(&t, &tm))
            strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
        printf("%-8lld %-8s %-18s %-20s %lld\n", (long long)vs.keys[i].version,
               vs.keys[i].active ? "yes" : "no", vs.keys[i].cipher, when,
               (long long)vs.keys[i].values);
    }
    printf("plaintext sensitive values: %lld\n", (long long)vs.plain);
    return vs.plain ? 1 : 0;
}

int cmd_key(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "status") && strcmp(argv[1], "rotate"))) {
        fputs("usage: kehu key status | rotate [--wait SECONDS] [--db PATH]\n", stderr);
        return 2;
    }
    bool rotate = !strcmp(argv[1], "rotate");
    int wait = 3;
    for (int i = 2; i + 1 < argc; i++) {
        if (!strcmp(argv[i], "--wait")) {
            char *end = NULL;
            long v = strtol(argv[i + 1], &end, 10);
            if (!end || *end || v < 0 || v > 600) {
                fputs("kehu key rotate: --wait takes 0 to 600 seconds\n", stderr);
                return 2;
            }
            wait = (int)v;
        }
    }
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, rotate ? "key-rotate" : "key-status"))
        return 1;
    int rc = 0;
    if (!rotate) {
        rc = key_status(&env);
    } else {
        struct kh_err err;
        kh_err_clear(&err);
        int64_t version = 0, resealed = 0;
        if (vault_rotate(&env.ctx, wait, &version, &resealed, &err)) {
            fprintf(stderr, "kehu key rotate: %s\n", err.msg_en);
            rc = 1;
        } else {
            printf("data key %lld is active: %lld records re-encrypted, older keys deleted\n",
                   (long long)version, (long long)resealed);
        }
    }
    cli_env_close(&env);
    return rc;
}
