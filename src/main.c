#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/mem.h"

int main(int argc, char **argv)
{
#ifdef KH_BENCH_NO_GOVERNANCE
    /* The features-off side of make bench's governance comparison: never by accident. */
    const char *ok = getenv("KEHU_BENCH_NO_GOVERNANCE");
    if (!ok || strcmp(ok, "1")) {
        fputs("kehu: this is a benchmark build with secrecy, masking and field decryption off; "
              "it runs only under bench/run.sh (KEHU_BENCH_NO_GOVERNANCE=1)\n",
              stderr);
        return 2;
    }
#endif
    kh_mem_tune();
    return cli_main(argc, argv);
}
