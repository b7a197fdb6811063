#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

int cli_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    puts("kehu");
    return 0;
}
