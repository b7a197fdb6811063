/* kehu demo: load the demo organisation and customers (src/demo/demo.c). */
#include <stdio.h>

#include "cli/cli.h"
#include "core/str.h"
#include "demo/demo.h"

int cmd_demo(int argc, char **argv)
{
    const char *n_s = cli_take_opt(&argc, argv, "--customers");
    long long n = 2000;
    if (n_s && !str_to_i64(str_from(n_s), 0, 10000000, &n)) {
        fprintf(stderr, "kehu demo: --customers takes a number\n");
        return 2;
    }
    struct cli_env env;
    if (!cli_env_open(&env, &argc, argv, "demo"))
        return 1;
    int rc = demo_load(&env.ctx, (int)n, stdout) == KH_OK ? 0 : 1;
    cli_env_close(&env);
    return rc;
}
