/*
 * kehu-bench-reads DB N IDS USERNAME: N audited reads of random customers
 * 1..IDS by USERNAME, through the audit's own path (audit_record_read: the
 * read queue, its batches of one person and second, the index of who saw
 * each record and its moves in bulk, DECISIONS §156), for bench/run.sh's
 * "who saw this customer after 10,000,000 audited reads". The reads are
 * written as the server writes them, only faster than requests can make
 * them: a run of the server's get by id makes about 20,000 a second.
 *
 * Prints one line: READS n=… seconds=… entries=….
 */
#include <stdio.h>
#include <stdlib.h>

#include "account/account.h"
#include "audit/audit.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/mem.h"

/* Reads recorded between two flushes (the server's flush runs every few milliseconds). */
#define FLUSH_EVERY 20000

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: kehu-bench-reads DB N IDS USERNAME\n", stderr);
        return 2;
    }
    long long n = atoll(argv[2]), ids = atoll(argv[3]);
    if (n <= 0 || ids <= 0) {
        fputs("kehu-bench-reads: N and IDS are positive numbers\n", stderr);
        return 2;
    }
    struct cli_env env;
    if (!cli_env_open_path(&env, argv[1], "bench-reads"))
        return 1;
    struct kh_err err;
    kh_err_clear(&err);
    struct user u;
    if (account_user_find(&env.ctx, argv[4], &u, &err) ||
        account_actor_load(&env.ctx, u.id, &env.ctx.actor, &err)) {
        fprintf(stderr, "kehu-bench-reads: no active user %s\n", argv[4]);
        cli_env_close(&env);
        return 1;
    }
    kh_strlcpy(env.ctx.actor.address, "127.0.0.1", sizeof(env.ctx.actor.address));
    srand(7919);
    int64_t t0 = clock_mono_us();
    int rc = 0;
    for (long long i = 0; i < n && !rc; i++) {
        long long id = 1 + (long long)(((unsigned long long)rand() << 16 ^ (unsigned)rand()) %
                                       (unsigned long long)ids);
        struct audit_event ev = {"customer.read", "customer", id, NULL};
        if (audit_record_read(&env.ctx, &ev, &err)) {
            fprintf(stderr, "kehu-bench-reads: %s\n", err.msg_en);
            rc = 1;
        }
        if ((i + 1) % FLUSH_EVERY == 0)
            audit_flush_reads(&env.ctx);
    }
    audit_flush_reads(&env.ctx);
    printf("READS n=%lld seconds=%.1f\n", n, (double)(clock_mono_us() - t0) / 1e6);
    cli_env_close(&env);
    return rc;
}
