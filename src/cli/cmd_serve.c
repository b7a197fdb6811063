/* kehu serve: run the HTTP server until SIGTERM or SIGINT. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "notify/notify.h"
#include "backup/backup.h"
#include "cli/cli.h"
#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "http/assets.h"
#include "http/server.h"
#include "jobs/jobs.h"
#include "print/print.h"

/* Where to point a browser; a wildcard address is reached by this machine's own address. */
static void print_open(const char *bind, unsigned port)
{
    bool any = !strcmp(bind, "0.0.0.0") || !strcmp(bind, "::");
    printf("Open http://%s:%u   (Ctrl-C stops the server)\n", any ? "127.0.0.1" : bind, port);
    if (any)
        printf("Phones and computers on the office network: http://<this machine's address>:%u\n",
               port);
}

static bool parse_port(const char *s, uint16_t *out)
{
    long long v = 0;
    if (!s || !str_to_i64(str_from(s), 0, 65535, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

/* A whole number from the environment: def when unset; false when set to anything else in range. */
static bool env_uint(const char *name, unsigned def, unsigned min, unsigned max, unsigned *out)
{
    const char *v = getenv(name);
    long long n = def;
    if (v && *v && !str_to_i64(str_from(v), min, max, &n)) {
        fprintf(stderr, "kehu serve: %s must be a whole number from %u to %u\n", name, min, max);
        return false;
    }
    *out = (unsigned)n;
    return true;
}

/* The limits of the server's connections (docs/ADMIN.md, Security). */
static bool server_limits(struct http_config *cfg)
{
    return env_uint("KEHU_HEADER_TIMEOUT", 10, 1, 3600, &cfg->header_timeout_s) &&
           env_uint("KEHU_PER_ADDRESS_CONNECTIONS", 128, 1, 100000, &cfg->per_ip_limit) &&
           env_uint("KEHU_MAX_CONNECTIONS", 1024, 8, 100000, &cfg->connection_cap) &&
           env_uint("KEHU_CONNECTION_RESERVE", 64, 1, 100000, &cfg->connection_reserve) &&
           env_uint("KEHU_STOP_SECONDS", 5, 1, 3600, &cfg->stop_s);
}

/* The part of the stop under way, named by the watchdog when it fires. */
static _Atomic int stop_phase;
static const char *const stop_phase_names[] = {"requests", "jobs", "database"};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The last word on a stop: when the orderly stop has not ended the process
 * within its time (a handler or a job blocked), exit without it. Every
 * answered write is already durable; the log says it was forced.
 */
static void *stop_watchdog(void *arg)
{
    unsigned s = *(const unsigned *)arg;
    struct timespec ts = {(time_t)s, 0};
    nanosleep(&ts, NULL);
    log_error("msg=\"stop took longer than allowed, exiting\" seconds=%u phase=%s", s,
              stop_phase_names[stop_phase]);
    _exit(1);
    return NULL;
}

/*
 * Open the database (swapping in a staged restore first, then finishing it
 * on the restored database), the jobs and the HTTP server.
 */
static bool serve_open(struct cli_env *env, const char *db_path, const struct kh_clock *clock,
                       struct http_config *cfg, struct jobs **jobs, struct http_server **srv)
{
    struct kh_err err;
    kh_err_clear(&err);
    struct backup_restore_note note;
    bool restored = false;
    if (backup_restore_apply(db_path, &note, &restored, &err)) {
        fprintf(stderr, "kehu serve: %s / %s\n", err.msg_zh, err.msg_en);
        return false;
    }
    if (!cli_env_open_path(env, db_path, "serve"))
        return false;
    /* The test clock's setting outlives a restart in place. */
    env->clock = *clock;
    if (restored && backup_restore_finish(&env->ctx, &note, &err)) {
        fprintf(stderr, "kehu serve: restore: %s / %s\n", err.msg_zh, err.msg_en);
        cli_env_close(env);
        return false;
    }
    if (jobs_start(env->db, &env->clock, env->files, 2, !db_is_url(db_path), jobs, &err)) {
        fprintf(stderr, "kehu serve: %s / %s\n", err.msg_zh, err.msg_en);
        cli_env_close(env);
        return false;
    }
    cfg->jobs = *jobs;
    cfg->files = env->files;
    if (http_server_start(cfg, env->db, &env->clock, srv, &err)) {
        fprintf(stderr, "kehu serve: %s / %s\n", err.msg_zh, err.msg_en);
        jobs_stop(*jobs);
        cli_env_close(env);
        return false;
    }
    return true;
}

int cmd_serve(int argc, char **argv)
{
    const char *port_s = cli_take_opt(&argc, argv, "--port");
    const char *bind = cli_take_opt(&argc, argv, "--bind");
    if (!port_s)
        port_s = getenv("KEHU_PORT");
    if (!bind)
        bind = getenv("KEHU_BIND");
    uint16_t port = 8080;
    if (port_s && !parse_port(port_s, &port)) {
        fprintf(stderr, "kehu serve: invalid port '%s'\n", port_s);
        return 2;
    }
    struct http_config cfg = {
        .bind_addr = bind ? bind : "127.0.0.1",
        .port = port,
        .timeout_s = 30,
        .body_limit = 1 << 20,
        .access_log = !getenv("KEHU_QUIET"),
        .assets = kh_assets,
        .public_url = getenv("KEHU_PUBLIC_URL"),
    };
    print_use_assets(kh_assets); /* the PDF renderer's fonts */
    if (!server_limits(&cfg))
        return 2;
    notify_set_public_url(cfg.public_url); /* links in e-mail and robot messages */
    /* Proxies whose X-Forwarded-For names the client (docs/ADMIN.md, Security). */
    const char *proxies = getenv("KEHU_TRUSTED_PROXIES");
    char bad[64];
    if (!http_proxies_parse(proxies, &cfg.proxies, bad, sizeof(bad))) {
        fprintf(stderr,
                "kehu serve: KEHU_TRUSTED_PROXIES 中的“%s”不是地址或网段（最多 %d 项）/ "
                "'%s' in KEHU_TRUSTED_PROXIES is not an address or CIDR range (at most %d)\n",
                bad, HTTP_PROXIES_MAX, bad, HTTP_PROXIES_MAX);
        return 1;
    }
    /*
     * Behind a proxy every client arrives from the proxy's address: unless set
     * explicitly, the per-address limit then stops counting it (the slow-client
     * deadline and the reserve still hold).
     */
    const char *per_ip = getenv("KEHU_PER_ADDRESS_CONNECTIONS");
    if (cfg.proxies.n && !(per_ip && *per_ip))
        cfg.per_ip_limit = cfg.connection_cap;
    /* Block the stop and restart signals in every thread; this one waits for them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    const char *db_setting = cli_take_db(&argc, argv);
    cli_make_parent_dir(db_setting);
    /*
     * Held for the process's life (its exit releases it), across restarts in
     * place, so `kehu restore` and a second server refuse this database
     * file. A PostgreSQL database is shared by any number of servers.
     */
    int lock_fd = -1;
    struct kh_err lock_err;
    if (!db_is_url(db_setting) && backup_lock_acquire(db_setting, &lock_fd, &lock_err)) {
        fprintf(stderr, "kehu serve: %s / %s\n", lock_err.msg_zh, lock_err.msg_en);
        return 1;
    }
    const char *tc = getenv("KEHU_TEST_CLOCK");
    struct kh_clock clock;
    clock_init(&clock, tc && !strcmp(tc, "1"));
    for (bool first = true;; first = false) {
        struct cli_env env;
        struct jobs *jobs = NULL;
        struct http_server *srv = NULL;
        if (!serve_open(&env, db_setting, &clock, &cfg, &jobs, &srv)) {
            if (cfg.keep_listener)
                close(cfg.listen_fd);
            return 1;
        }
        cfg.port = http_server_port(srv);
        log_info("msg=listening addr=%s port=%u db=%s test_clock=%d trusted_proxies=%d",
                 cfg.bind_addr, cfg.port, db_path(env.db), env.clock.settable, cfg.proxies.n);
        /* Printed only once the port is bound: a busy port prints an error instead. */
        if (first)
            print_open(cfg.bind_addr, cfg.port);
        else
            printf("Restarted on port %u\n", cfg.port);
        fflush(stdout);
        int sig = 0;
        sigwait(&set, &sig);
        log_info("msg=stopping signal=%d", sig);
        if (sig != SIGUSR1) {
            /* A restart in place may take its time; a stop must end within stop_s. */
            pthread_t watchdog;
            if (pthread_create(&watchdog, NULL, stop_watchdog, &cfg.stop_s) == 0)
                pthread_detach(watchdog);
        }
        int64_t t0 = mono_ms();
        stop_phase = 0;
        jobs_stop_begin(jobs); /* an import pauses at its next batch while requests finish */
        if (sig == SIGUSR1) {
            cfg.listen_fd = http_server_stop_keep_listener(srv);
            cfg.keep_listener = cfg.listen_fd >= 0;
        } else {
            http_server_stop(srv);
        }
        int64_t t1 = mono_ms();
        stop_phase = 1;
        jobs_stop(jobs);
        int64_t t2 = mono_ms();
        stop_phase = 2;
        clock = env.clock;
        cli_env_close(&env);
        /* Where a slow stop spent its time, so a forced one can be explained. */
        log_info("msg=\"stop phases\" requests_ms=%lld jobs_ms=%lld database_ms=%lld",
                 (long long)(t1 - t0), (long long)(t2 - t1), (long long)(mono_ms() - t2));
        if (sig != SIGUSR1)
            break;
        log_info("msg=\"restarting in place\"");
    }
    backup_lock_release(lock_fd);
    log_info("msg=stopped");
    return 0;
}
