#ifndef KH_CLI_CLI_H
#define KH_CLI_CLI_H

/* The `kehu` command line: a table of subcommands (cli.c), one file each. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/ctx.h"
#include "core/arena.h"
#include "core/clock.h"

struct db;

int cli_main(int argc, char **argv);

/* What every command shares: database path and the opened context. */
struct cli_env {
    const char *db_path;
    struct db *db;
    struct file_store *files; /* "<database folder>/files", also ctx.files */
    struct arena arena;
    struct kh_clock clock;
    struct kh_ctx ctx;
};

/*
 * Take --db PATH (or KEHU_DB, default ./data/kehu.db) out of argv, open the
 * database (creating the folder) and the file store beside it, and set a
 * system actor. Returns false after printing the reason.
 */
bool cli_env_open(struct cli_env *env, int *argc, char **argv, const char *what);
/* --db PATH taken out of argv, else KEHU_DB, else ./data/kehu.db. */
const char *cli_take_db(int *argc, char **argv);
/* Create the folder a database path is in, when missing. */
void cli_make_parent_dir(const char *path);
/* cli_env_open on a path already taken (a server reopening its database). */
bool cli_env_open_path(struct cli_env *env, const char *path, const char *what);
void cli_env_close(struct cli_env *env);
/* Remove "--name VALUE" from argv; returns VALUE or NULL. */
const char *cli_take_opt(int *argc, char **argv, const char *name);
bool cli_take_flag(int *argc, char **argv, const char *name);
/*
 * The language of a command's report lines: "--lang zh-CN|en" (taken out of
 * argv), else KEHU_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG): zh*
 * is Chinese, anything else English. False with a message on a bad --lang.
 */
bool cli_take_lang(const char *cmd, int *argc, char **argv, bool *english);

struct list_spec;
struct kh_tz;
/*
 * Take every remaining "--key value" out of argv (take the command's own
 * options first) and parse them as spec's filter into filter (app/list.h):
 * the keys and checks of the list's API, with the same refusals. On a
 * refusal prints "kehu CMD: --key: <zh-CN> / <English>" and returns false.
 * Dates are read in the zone tz (the company's).
 */
bool cli_list_parse(const char *cmd, const struct list_spec *spec, const struct kh_tz *tz,
                    int *argc, char **argv, void *filter);
/* One line naming the list's filter options (for a usage text). */
void cli_list_keys(const struct list_spec *spec, FILE *out);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate(int argc, char **argv);

#endif
