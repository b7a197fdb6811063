#ifndef KH_CLI_CLI_H
#define KH_CLI_CLI_H

/* The `kehu` command line: a table of subcommands. */
int cli_main(int argc, char **argv);

#endif
