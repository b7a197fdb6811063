/*
 * kehu export FILE [--format xlsx|csv] [--encoding utf-8|gbk|gb18030] [--user USERNAME]
 *                  [--q TEXT] [--grade A] ... (the filter keys of GET /api/v1/customers,
 *                  read by the same table: customer_list_spec)
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

static bool read_format(const char *file, const char *format, const char *encoding,
                        struct export_request *req)
{
    size_t n = strlen(file);
    if (!format)
        format = n > 4 && !strcasecmp(file + n - 4, ".csv") ? "csv" : "xlsx";
    if (!export_format_parse(format, &req->format) || req->format == EXPORT_PDF) {
        fprintf(stderr,
                "kehu export: 格式应为 xlsx、csv 或 vcf / --format must be xlsx, csv or vcf\n");
        return false;
    }
    if (!export_encoding_parse(encoding ? encoding : "utf-8", &req->encoding)) {
        fprintf(stderr, "kehu export: 编码应为 utf-8、gbk 或 gb18030 / --encoding must be utf-8, "
                        "gbk or gb18030\n");
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

/* A GBK export first: the cells GBK cannot hold, each on a line, and no file. */
static bool check(struct cli_env *env, const struct export_request *req)
{
    struct export_bad_cell *bad = NULL;
    int nbad = 0;
    int64_t count = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!export_check(&env->ctx, req, &bad, &nbad, &count, &err))
        return true;
    fprintf(stderr, "kehu export: %s / %s\n", err.msg_zh, err.msg_en);
    for (int i = 0; i < nbad; i++)
        fprintf(stderr, "  row %lld, %s (%s): %s\n", (long long)bad[i].row, bad[i].column,
                bad[i].code, bad[i].chars);
    if (count > nbad)
        fprintf(stderr, "  … %lld more\n", (long long)(count - nbad));
    return false;
}

static int run(struct cli_env *env, const struct export_request *req, const char *file)
{
    int64_t rows = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (!check(env, req))
        return 1;
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
    if (!cli_list_parse("export", &customer_list_spec, ctx_tz(&env.ctx), &argc, argv,
                        &req.filter)) {
        rc = 2;
    } else if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: kehu export FILE [--format xlsx|csv] [--encoding utf-8|gbk|gb18030] "
              "[--user USERNAME] [--q TEXT] [--grade A] ... [--db PATH]\n",
              stderr);
        cli_list_keys(&customer_list_spec, stderr);
    } else if (read_format(argv[1], format, encoding, &req)) {
        rc = user && !act_as(&env, user) ? 1 : run(&env, &req, argv[1]);
    }
    cli_env_close(&env);
    return rc;
}
