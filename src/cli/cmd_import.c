/* kehu import FILE: import customers from CSV or .xlsx, with a progress line on stderr. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "account/account.h"
#include "backup/backup.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "files/files.h"
#include "import/import.h"

static bool pick(const char *v, const char *const *names, int n, int *out)
{
    if (!v)
        return true;
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i])) {
            *out = i;
            return true;
        }
    return false;
}

static void progress(void *arg, int64_t rows, uint64_t done, uint64_t total)
{
    (void)arg;
    fprintf(stderr, "\rimport: %3d%%  %lld rows", total ? (int)(done * 100 / total) : 0,
            (long long)rows);
}

static void print_result(const struct cli_env *env, const struct import_result *r, bool dry,
                         double secs)
{
    fprintf(stderr, "\n");
    printf("%s %s (%s): %lld rows, %lld valid, %lld invalid, %lld duplicates\n",
           dry ? "preview of" : "import of", r->format, r->encoding, (long long)r->rows,
           (long long)r->valid, (long long)r->invalid, (long long)r->duplicates);
    if (!dry)
        printf(
            "%s: %lld created, %lld updated, %lld skipped, %lld rejected in %.1f s (%.0f rows/s)\n",
            r->imported ? "imported" : "NOT imported (all-or-nothing: fix the errors first)",
            (long long)r->created, (long long)r->updated, (long long)r->skipped,
            (long long)r->rejected, secs, secs > 0 ? (double)r->rows / secs : 0.0);
    for (int i = 0; i < r->nerrors && i < 20; i++)
        printf("  row %lld, %s: %s / %s\n", (long long)r->errors[i].row, r->errors[i].column,
               r->errors[i].msg_zh, r->errors[i].msg_en);
    char path[4096];
    if (r->error_file && files_local_path(env->files, r->error_file, path, sizeof(path)))
        printf("error file: %s\n", path);
}

static bool set_user(struct cli_env *env, const char *user)
{
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_find(&env->ctx, user, &u, &err) ||
        account_actor_load(&env->ctx, u.id, &env->ctx.actor, &err)) {
        fprintf(stderr, "kehu import: no active user %s\n", user);
        return false;
    }
    return true;
}

int cmd_import(int argc, char **argv)
{
    static const char *const formats[] = {"auto", "csv", "xlsx"};
    static const char *const encodings[] = {"auto", "utf-8", "gbk", "gb18030"};
    static const char *const modes[] = {"all_or_nothing", "valid_rows"};
    static const char *const dups[] = {"skip", "update_own"};
    int fmt = 0, enc = 0, mode = 0, dup = 0;
    bool dry = cli_take_flag(&argc, argv, "--dry-run");
    const char *user = cli_take_opt(&argc, argv, "--user");
    if (!pick(cli_take_opt(&argc, argv, "--format"), formats, 3, &fmt) ||
        !pick(cli_take_opt(&argc, argv, "--encoding"), encodings, 4, &enc) ||
        !pick(cli_take_opt(&argc, argv, "--mode"), modes, 2, &mode) ||
        !pick(cli_take_opt(&argc, argv, "--duplicates"), dups, 2, &dup)) {
        fputs("kehu import: bad option value\n", stderr);
        return 2;
    }
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "import"))
        return 1;
    if (argc < 2) {
        fputs("usage: kehu import FILE [--db PATH] [--dry-run] [--mode all_or_nothing|valid_rows]\n"
              "       [--encoding auto|utf-8|gbk|gb18030] [--format auto|csv|xlsx]\n"
              "       [--duplicates skip|update_own] [--user USERNAME]\n",
              stderr);
        cli_env_close(&env);
        return 2;
    }
    if (user && !set_user(&env, user)) {
        cli_env_close(&env);
        return 1;
    }
    /*
     * With no server running, the database lock is free: holding it for the
     * import keeps a server (or a restore) from starting meanwhile, so
     * nothing else writes and the file is stored in one transaction. With a
     * server running, the import stages its rows in short commits and the
     * server's writes go on between them.
     */
    int lock_fd = -1;
    struct kh_err lock_err;
    bool sole = !dry && backup_lock_acquire(env.db_path, &lock_fd, &lock_err) == KH_OK;
    struct import_options opt = {.path = argv[1],
                                 .name = argv[1],
                                 .format = (enum sheet_format)fmt,
                                 .encoding = (enum sheet_encoding)enc,
                                 .dry_run = dry,
                                 .mode = (enum import_mode)mode,
                                 .dups = (enum import_dups)dup,
                                 .sole_writer = sole,
                                 .progress = progress};
    struct import_result res;
    struct kh_err err;
    kh_err_clear(&err);
    int64_t t0 = clock_mono_us();
    enum kh_status st = import_run(&env.ctx, &opt, NULL, &res, &err);
    double secs = (double)(clock_mono_us() - t0) / 1e6;
    int rc = 0;
    if (st) {
        fprintf(stderr, "\nkehu import: %s%s%s / %s\n", err.field, *err.field ? ": " : "",
                err.msg_zh, err.msg_en);
        rc = 1;
    } else {
        print_result(&env, &res, dry, secs);
        rc = (!dry && !res.imported) || res.invalid ? 1 : 0;
    }
    backup_lock_release(lock_fd);
    cli_env_close(&env);
    return rc;
}
