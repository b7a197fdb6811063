/*
 * kehu export FILE [--format xlsx|csv] [--encoding utf-8|gbk] [--user USERNAME]
 *                  [--q TEXT] [--grade A] ... (the filter keys of GET /api/v1/customers)
 * As the system by default (every customer), or as USERNAME with their visibility.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "account/account.h"
#include "cli/cli.h"
#include "core/mem.h"
#include "core/str.h"
#include "export/export.h"

static const char *const string_opts[] = {
    "--q",     "--kind",     "--category", "--grade",         "--value_tier",
    "--stage", "--industry", "--source",   "--credit_status", "--tag"};
static const char *const int_opts[] = {"--owner_id", "--branch_id", "--province_code",
                                       "--city_code", "--district_code"};
static const char *const time_opts[] = {"--created_from", "--created_to", "--updated_from",
                                        "--updated_to"};

static bool read_filter(const struct kh_tz *tz, int *argc, char **argv, struct customer_filter *f)
{
    const char **strs[] = {&f->q,     &f->kind,     &f->category, &f->grade,         &f->value_tier,
                           &f->stage, &f->industry, &f->source,   &f->credit_status, &f->tag};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        *strs[i] = cli_take_opt(argc, argv, string_opts[i]);
    int64_t *ints[] = {&f->owner_id, &f->branch_id, &f->province_code, &f->city_code,
                       &f->district_code};
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        const char *v = cli_take_opt(argc, argv, int_opts[i]);
        long long n = 0;
        if (v && !str_to_i64(str_from(v), 0, INT64_MAX, &n)) {
            fprintf(stderr, "kehu export: %s 必须是非负整数 / must be a non-negative integer\n",
                    int_opts[i]);
            return false;
        }
        *ints[i] = n;
    }
    int64_t *times[] = {&f->created_from, &f->created_to, &f->updated_from, &f->updated_to};
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        const char *v = cli_take_opt(argc, argv, time_opts[i]);
        if (v && !time_parse_iso(tz, v, times[i])) {
            fprintf(stderr, "kehu export: %s 应为 YYYY-MM-DD 或 RFC 3339 / expected a date\n",
                    time_opts[i]);
            return false;
        }
        if (v && i % 2 == 1 && strlen(v) == 10)
            *times[i] = time_day_after(tz, *times[i]); /* includes that day */
    }
    const char *archived = cli_take_opt(argc, argv, "--archived");
    f->archived = !archived || !strcmp(archived, "false") ? 0 : !strcmp(archived, "true") ? 1 : 2;
    f->sort = SORT_CREATED;
    f->desc = false;
    return true;
}

static bool read_format(const char *file, const char *format, const char *encoding,
                        struct export_request *req)
{
    size_t n = strlen(file);
    if (!format)
        format = n > 4 && !strcasecmp(file + n - 4, ".csv") ? "csv" : "xlsx";
    if (!export_format_parse(format, &req->format)) {
        fprintf(stderr, "kehu export: 格式应为 xlsx 或 csv / --format must be xlsx or csv\n");
        return false;
    }
    if (!export_encoding_parse(encoding ? encoding : "utf-8", &req->encoding)) {
        fprintf(stderr, "kehu export: 编码应为 utf-8 或 gbk / --encoding must be utf-8 or gbk\n");
        return false;
    }
    return true;
}

static bool act_as(struct cli_env *env, const char *username)
{
    struct user u;
    struct kh_err err;
    kh_err_clear(&err);
    if (account_user_find(&env->ctx, username, &u, &err) ||
        account_actor_load(&env->ctx, u.id, &env->ctx.actor, &err)) {
        fprintf(stderr, "kehu export: 用户 %s：%s / user %s: %s\n", username, err.msg_zh, username,
                err.msg_en);
        return false;
    }
    kh_strlcpy(env->ctx.actor.address, "cli", sizeof(env->ctx.actor.address));
    return true;
}

static int run(struct cli_env *env, const struct export_request *req, const char *file)
{
    int64_t rows = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (export_write(&env->ctx, req, file, NULL, NULL, &rows, &err)) {
        fprintf(stderr, "kehu export: %s / %s\n", err.msg_zh, err.msg_en);
        return 1;
    }
    printf("exported %lld customers to %s\n", (long long)rows, file);
    return 0;
}

int cmd_export(int argc, char **argv)
{
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "export"))
        return 1;
    struct export_request req = {0};
    const char *user = cli_take_opt(&argc, argv, "--user");
    const char *format = cli_take_opt(&argc, argv, "--format");
    const char *encoding = cli_take_opt(&argc, argv, "--encoding");
    int rc = 2;
    if (!read_filter(ctx_tz(&env.ctx), &argc, argv, &req.filter)) {
        rc = 2;
    } else if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: kehu export FILE [--format xlsx|csv] [--encoding utf-8|gbk] "
              "[--user USERNAME] [--q TEXT] [--grade A] ... [--db PATH]\n",
              stderr);
    } else if (read_format(argv[1], format, encoding, &req)) {
        rc = user && !act_as(&env, user) ? 1 : run(&env, &req, argv[1]);
    }
    cli_env_close(&env);
    return rc;
}
