#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "account/account.h"
#include "audit/audit.h"
#include "backup/backup.h"
#include "core/log.h"
#include "core/mem.h"
#include "crypto/crypto.h"
#include "customer/customer.h"
#include "db/db.h"
#include "files/files.h"
#include "settings/settings.h"
#include "vault/vault.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"serve", cmd_serve, "serve the web UI and API (--port N, --bind ADDR)"},
    {"init", cmd_init, "create the database and the first administrator"},
    {"user", cmd_user, "add | passwd | role | clearance | handover | disable | list users"},
    {"audit", cmd_audit, "verify: check the audit log's hash chain"},
    {"key", cmd_key, "status | rotate: the data keys of field encryption"},
    {"import", cmd_import,
     "import customers from CSV or .xlsx (--dry-run, --mode, --encoding, --no-wait)"},
    {"demo", cmd_demo, "load a realistic demo data set (--customers N)"},
    {"export", cmd_export, "export customers to FILE (xlsx or csv; --user, filters)"},
    {"backup", cmd_backup, "online backup to FILE; --verify FILE checks a backup"},
    {"restore", cmd_restore, "restore FILE into --db PATH (server stopped)"},
    {"migrate", cmd_migrate,
     "copy an SQLite database (--from FILE) into an empty PostgreSQL one (--to URL)"},
};

static void usage(void)
{
    fputs("usage: kehu <command> [--db PATH] [options]\n\ncommands:\n", stderr);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(stderr, "  %-8s %s\n", commands[i].name, commands[i].help);
    fputs("\nThe database is --db PATH, or $KEHU_DB, or ./data/kehu.db.\n", stderr);
}

int cli_main(int argc, char **argv)
{
    /*
     * Every file Kehu makes holds customer data or leads to it: the database
     * and the WAL and SHM SQLite derives from its mode, backups, uploads,
     * exports, the copies a restore keeps. Whatever the umask of the shell
     * or the service manager, they are the service user's alone (0600 files,
     * 0700 folders); the few explicit modes in the code say the same.
     */
    umask(077);
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage();
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "kehu: unknown command '%s'\n", argv[1]);
    usage();
    return 2;
}

const char *cli_take_opt(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], name) != 0)
            continue;
        if (i + 1 >= *argc)
            return NULL;
        const char *v = argv[i + 1];
        memmove(&argv[i], &argv[i + 2], sizeof(char *) * (size_t)(*argc - i - 2));
        *argc -= 2;
        return v;
    }
    return NULL;
}

static bool lang_is_zh(const char *v)
{
    return v && (v[0] == 'z' || v[0] == 'Z') && (v[1] == 'h' || v[1] == 'H');
}

bool cli_take_lang(const char *cmd, int *argc, char **argv, bool *english)
{
    const char *v = cli_take_opt(argc, argv, "--lang");
    if (v) {
        *english = !lang_is_zh(v);
        if (strcmp(v, "en") != 0 && strcmp(v, "zh-CN") != 0) {
            fprintf(stderr, "kehu %s: --lang: 应为 zh-CN 或 en / must be zh-CN or en\n", cmd);
            return false;
        }
        return true;
    }
    const char *names[] = {"KEHU_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *e = getenv(names[i]);
        if (e && *e) {
            *english = !lang_is_zh(e);
            return true;
        }
    }
    *english = true;
    return true;
}

bool cli_take_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], name) == 0) {
            memmove(&argv[i], &argv[i + 1], sizeof(char *) * (size_t)(*argc - i - 1));
            (*argc)--;
            return true;
        }
    }
    return false;
}

void cli_make_parent_dir(const char *path)
{
    char dir[4096];
    db_local_dir(path, dir, sizeof(dir));
    if (strcmp(dir, ".") != 0 && mkdir(dir, 0700) != 0 && errno != EEXIST)
        fprintf(stderr, "kehu: cannot create %s\n", dir);
}

/* A path others may read, write or enter: say so, and how to fix it. */
static bool warn_loose(const char *path, bool is_dir)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || (sb.st_mode & 077) == 0)
        return false;
    log_warn("msg=\"data readable by others\" path=%s mode=%04o fix=\"chmod %s %s\"", path,
             (unsigned)(sb.st_mode & 07777), is_dir ? "700" : "600", path);
    return true;
}

/* The entries of dir whose names start with prefix ("" for all), each warned about. */
static void warn_loose_in(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t np = strlen(prefix);
    int loose = 0;
    for (struct dirent *e = readdir(d); e && loose < 10; e = readdir(d)) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || strncmp(e->d_name, prefix, np))
            continue;
        char p[4096];
        if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) < sizeof(p))
            loose += warn_loose(p, false);
    }
    closedir(d);
}

/*
 * Warn about data that others can read: what an older Kehu, a copy or a
 * hand-made folder left with a looser mode than the umask above gives. The
 * database folder, the database and every file beside it that starts with
 * its name (WAL, SHM, the copies a restore keeps), the file store and the
 * backups, at most ten lines a folder.
 */
static void check_modes(struct cli_env *env)
{
    char dir[4000], prefix[4000];
    db_local_dir(env->db_path, dir, sizeof(dir));
    db_local_prefix(env->db_path, prefix, sizeof(prefix));
    char *base_copy = kh_strdup(prefix);
    warn_loose(dir, true);
    warn_loose_in(dir, basename(base_copy));
    char sub[4096];
    snprintf(sub, sizeof(sub), "%s/files", dir);
    warn_loose(sub, true);
    warn_loose_in(sub, "");
    struct backup_settings set;
    struct kh_err err;
    if (backup_settings_get(&env->ctx, &set, &err) == KH_OK) {
        warn_loose(set.dir, true);
        warn_loose_in(set.dir, "");
    }
    free(base_copy);
}

/* Uploads and job result files: a local store on "<database folder>/files". */
static bool open_files(struct cli_env *env)
{
    char dir[4096], local[4000];
    db_local_dir(env->db_path, local, sizeof(local));
    snprintf(dir, sizeof(dir), "%s/files", local);
    struct kh_err err;
    if (files_local_open(dir, &env->files, &err)) {
        fprintf(stderr, "kehu: %s / %s\n", err.msg_zh, err.msg_en);
        return false;
    }
    env->ctx.files = env->files;
    return true;
}

const char *cli_take_db(int *argc, char **argv)
{
    const char *path = cli_take_opt(argc, argv, "--db");
    if (!path)
        path = getenv("KEHU_DB");
    if (!path || !*path)
        path = "./data/kehu.db";
    return path;
}

bool cli_env_open(struct cli_env *env, int *argc, char **argv, const char *what)
{
    return cli_env_open_path(env, cli_take_db(argc, argv), what);
}

bool cli_env_open_path(struct cli_env *env, const char *path, const char *what)
{
    memset(env, 0, sizeof(*env));
    env->db_path = path;
    struct kh_err err;
    kh_err_clear(&err);
    if (crypto_init(&err)) {
        fprintf(stderr, "kehu: %s\n", err.msg_en);
        return false;
    }
    const char *pepper = getenv("KEHU_PEPPER_FILE");
    if (pepper && *pepper && crypto_pepper_load(pepper, &err)) {
        fprintf(stderr, "kehu: %s / %s\n", err.msg_zh, err.msg_en);
        return false;
    }
    cli_make_parent_dir(path);
    struct db_options opt = {.path = path}; /* the default read pool (db.h) */
    if (db_open(&opt, &env->db, &err)) {
        fprintf(stderr, "kehu: %s / %s\n", err.msg_zh, err.msg_en);
        return false;
    }
    arena_init(&env->arena);
    clock_init(&env->clock, false);
    env->ctx.db = env->db;
    env->ctx.arena = &env->arena;
    env->ctx.clock = &env->clock;
    account_system_actor(&env->ctx.actor, what);
    if (!open_files(env)) {
        cli_env_close(env);
        return false;
    }
    env->ctx.tz = settings_tz_hold(&env->ctx);
    if (audit_keys_open(&env->ctx, path, &err)) {
        fprintf(stderr, "kehu: %s / %s\n", err.msg_zh, err.msg_en);
        cli_env_close(env);
        return false;
    }
    char key_path[4096];
    audit_key_path(path, key_path, sizeof(key_path));
    if (vault_open(&env->ctx, key_path, &err)) {
        fprintf(stderr, "kehu: %s / %s\n", err.msg_zh, err.msg_en);
        cli_env_close(env);
        return false;
    }
    check_modes(env);
    if (customer_search_upgrade(&env->ctx, &err)) {
        fprintf(stderr, "kehu: search index upgrade failed: %s\n", err.msg_en);
        cli_env_close(env);
        return false;
    }
    if (customer_phone_upgrade(&env->ctx, &err)) {
        fprintf(stderr, "kehu: phone upgrade failed: %s\n", err.msg_en);
        cli_env_close(env);
        return false;
    }
    if (vault_upgrade(&env->ctx, &err)) {
        fprintf(stderr, "kehu: field encryption failed: %s\n", err.msg_en);
        cli_env_close(env);
        return false;
    }
    return true;
}

void cli_env_close(struct cli_env *env)
{
    vault_close();
    if (env->db)
        audit_flush_reads(&env->ctx);
    arena_release(&env->arena);
    db_close(env->db);
    files_close(env->files);
}
