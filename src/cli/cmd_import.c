/* kehu import FILE: import customers from CSV or .xlsx, with a progress line on stderr. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "account/account.h"
#include "backup/backup.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/mem.h"
#include "customer/customer.h"
#include "files/files.h"
#include "import/import.h"
#include "import/import_json.h"

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

static void index_progress(void *arg, int64_t done, int64_t total)
{
    (void)arg;
    fprintf(stderr, "\rsearch index: %3d%%  %lld customers   ",
            total ? (int)(done * 100 / total) : 100, (long long)done);
}

/* The header of the column a duplicate's key came from ("" when the file has none). */
static const char *dup_column(const struct import_result *r, const char *match)
{
    static const char *const phones[] = {"mobile", "phone_office", "phone_home"};
    const char *const *fields = phones;
    int nfields = 3;
    const char *one = !strcmp(match, "name_company") ? "name" : match;
    if (strcmp(match, "phone") != 0) {
        fields = &one;
        nfields = 1;
    }
    for (int f = 0; f < nfields; f++)
        for (int i = 0; i < r->ncolumns; i++)
            if (r->columns[i].field && !strcmp(r->columns[i].field, fields[f]))
                return r->columns[i].header;
    return "";
}

/* The reason of a duplicate: the refusal a create gets, or the row of the file it repeats. */
static void dup_reason(const struct import_dup *d, struct kh_err *e)
{
    if (d->in_file) {
        kh_err_setf(e, KH_E_CONFLICT, "", "与文件第 %lld 行是同一客户",
                    "the same customer as row %lld of the file", (long long)d->first_row,
                    (long long)d->first_row);
        return;
    }
    struct customer_dup hit = {.id = d->id};
    kh_strlcpy(hit.code, d->code, sizeof(hit.code));
    kh_strlcpy(hit.owner_name, d->owner_name, sizeof(hit.owner_name));
    kh_strlcpy(hit.match, d->match, sizeof(hit.match));
    KH_IGNORE(customer_dup_error(&hit, e));
}

static void print_line(bool en, int64_t row, const char *column, const char *zh, const char *msg_en)
{
    if (en)
        printf("  row %lld, %s: %s\n", (long long)row, *column ? column : "-", msg_en);
    else
        printf("  第 %lld 行，%s：%s\n", (long long)row, *column ? column : "-", zh);
}

/*
 * Each refused and each duplicate row with its column and reason, the texts
 * the API's preview gives (max lines of each; the lists hold 1,000 at most).
 */
static void print_rows(const struct import_result *r, bool en, int max)
{
    if (r->nerrors)
        printf("%s\n", en ? "refused rows:" : "有误的行：");
    for (int i = 0; i < r->nerrors && i < max; i++)
        print_line(en, r->errors[i].row, r->errors[i].column, r->errors[i].msg_zh,
                   r->errors[i].msg_en);
    if (r->ndups)
        printf("%s\n", en ? "duplicate rows:" : "重复的行：");
    for (int i = 0; i < r->ndups && i < max; i++) {
        struct kh_err e;
        kh_err_clear(&e);
        dup_reason(&r->dups[i], &e);
        print_line(en, r->dups[i].row, dup_column(r, r->dups[i].match), e.msg_zh, e.msg_en);
    }
    int64_t more = r->invalid + r->duplicates - (r->nerrors < max ? r->nerrors : max) -
                   (r->ndups < max ? r->ndups : max);
    if (more > 0)
        printf(en ? "  … and %lld more\n" : "  … 另有 %lld 行\n", (long long)more);
}

/* When the customers were committed, and when the search index had them (or who will do it). */
static void print_index(const struct import_result *r, bool no_wait, bool en, double commit_secs)
{
    if (!r->imported || !r->created)
        return;
    if (no_wait || !r->search_ready)
        printf(en ? "search index: %lld customers committed in %.1f s are found by lists, filters "
                    "and duplicate checks now; name search finds them once the server's job "
                    "(customer.search_backlog) has put them into the index\n"
                  : "搜索索引：%lld 位客户已于 %.1f 秒时提交，列表、筛选和查重已包含他们；"
                    "服务端任务（customer.search_backlog）将他们放入搜索索引后即可按名称搜到\n",
               (long long)r->created, commit_secs);
    else
        printf(en ? "search index: ready %.1f s after the commit at %.1f s\n"
                  : "搜索索引：提交（%2$.1f 秒）后 %1$.1f 秒建好\n",
               (double)r->index_us / 1e6, commit_secs);
}

static void print_result(const struct cli_env *env, const struct import_result *r, bool dry,
                         bool en, double secs)
{
    fprintf(stderr, "\n");
    if (en)
        printf("%s %s (%s): %lld rows, %lld valid, %lld invalid, %lld duplicates\n",
               dry ? "preview of" : "import of", r->format, r->encoding, (long long)r->rows,
               (long long)r->valid, (long long)r->invalid, (long long)r->duplicates);
    else
        printf("%s %s（%s）：共 %lld 行，有效 %lld 行，有误 %lld 行，重复 %lld 行\n",
               dry ? "预览" : "导入", r->format, r->encoding, (long long)r->rows,
               (long long)r->valid, (long long)r->invalid, (long long)r->duplicates);
    if (!dry)
        printf(
            "%s: %lld created, %lld updated, %lld skipped, %lld rejected in %.1f s (%.0f rows/s)\n",
            r->imported ? "imported" : "NOT imported (all-or-nothing: fix the errors first)",
            (long long)r->created, (long long)r->updated, (long long)r->skipped,
            (long long)r->rejected, secs, secs > 0 ? (double)r->rows / secs : 0.0);
    print_rows(r, en, dry ? IMPORT_LIST_CAP : 20);
    char path[4096];
    if (r->error_file && files_local_path(env->files, r->error_file, path, sizeof(path)))
        printf("%s: %s\n", en ? "error file" : "错误文件", path);
}

/*
 * --mapping NAME: the acting user's saved column mapping (with its value
 * mapping), as the import page saves it; --values FILE: a value mapping in
 * the API's form ({"source": {"扫街": "other"}}), taken before the saved
 * one's. Both are checked like the API's. False after printing why.
 */
static bool take_mappings(struct cli_env *env, const char *name, const char *values_path,
                          struct import_saved_mapping *out)
{
    struct kh_err err;
    kh_err_clear(&err);
    if (name) {
        struct import_saved_mapping *list = NULL;
        int n = 0;
        if (import_mappings(&env->ctx, &list, &n, &err)) {
            fprintf(stderr, "kehu import: %s / %s\n", err.msg_zh, err.msg_en);
            return false;
        }
        int i = 0;
        while (i < n && strcmp(list[i].name, name) != 0)
            i++;
        if (i == n) {
            fprintf(
                stderr,
                "kehu import: --mapping: 没有名为「%s」的已保存对应（用 --user 选择保存它的用户）"
                " / no saved mapping called \"%s\" (choose the user who saved it with --user)\n",
                name, name);
            return false;
        }
        *out = list[i];
    }
    if (!values_path)
        return true;
    FILE *f = fopen(values_path, "rb");
    char *text = NULL;
    size_t len = 0;
    if (f) {
        text = kh_malloc(1 << 20);
        len = fread(text, 1, (1 << 20) - 1, f);
        text[len] = '\0';
        fclose(f);
    }
    struct import_value_map *mine = NULL;
    int nmine = 0;
    bool ok = text && import_json_values_decode(env->ctx.arena, text, &mine, &nmine);
    free(text);
    if (!ok) {
        fprintf(stderr,
                "kehu import: --values: 无法读取 %s：应为 {\"字段\": {\"文件中的值\": \"可选值\"}} "
                "形式的 "
                "JSON / cannot read %s: expected JSON of the form {\"field\": {\"file value\": "
                "\"allowed value\"}}\n",
                values_path, values_path);
        return false;
    }
    struct import_value_map *all =
        arena_alloc(env->ctx.arena, sizeof(*all) * (size_t)(nmine + out->nvalues + 1));
    if (nmine)
        memcpy(all, mine, sizeof(*all) * (size_t)nmine);
    if (out->nvalues)
        memcpy(all + nmine, out->values, sizeof(*all) * (size_t)out->nvalues);
    out->values = all;
    out->nvalues += nmine;
    if (import_values_check(&env->ctx, out->values, out->nvalues, &err)) {
        fprintf(stderr, "kehu import: --values: %s: %s / %s\n", err.field, err.msg_zh, err.msg_en);
        return false;
    }
    return true;
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
    bool no_wait = cli_take_flag(&argc, argv, "--no-wait");
    const char *user = cli_take_opt(&argc, argv, "--user");
    const char *mapping_name = cli_take_opt(&argc, argv, "--mapping");
    const char *values_path = cli_take_opt(&argc, argv, "--values");
    bool en = true;
    if (!cli_take_lang("import", &argc, argv, &en))
        return 2;
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
              "       [--duplicates skip|update_own] [--user USERNAME] [--lang zh-CN|en]\n"
              "       [--mapping SAVED-MAPPING-NAME] [--values VALUES.json] [--no-wait]\n",
              stderr);
        cli_env_close(&env);
        return 2;
    }
    if (user && !set_user(&env, user)) {
        cli_env_close(&env);
        return 1;
    }
    struct import_saved_mapping saved = {0};
    if (!take_mappings(&env, mapping_name, values_path, &saved)) {
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
                                 .english = en,
                                 .mode = (enum import_mode)mode,
                                 .dups = (enum import_dups)dup,
                                 .sole_writer = sole,
                                 .no_wait = no_wait,
                                 .mapping = saved.entries,
                                 .nmapping = saved.n,
                                 .values = saved.values,
                                 .nvalues = saved.nvalues,
                                 .progress = progress,
                                 .index_progress = index_progress};
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
        print_result(&env, &res, dry, en, secs);
        if (!dry)
            print_index(&res, no_wait, en,
                        res.committed_us ? (double)(res.committed_us - t0) / 1e6 : secs);
        rc = (!dry && !res.imported) || res.invalid ? 1 : 0;
    }
    backup_lock_release(lock_fd);
    cli_env_close(&env);
    return rc;
}
