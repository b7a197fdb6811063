/* A list's filter from `--key value` options (see cli.h, app/list.h). */
#include <stdio.h>
#include <string.h>

#include "app/list.h"
#include "cli/cli.h"

#define MAX_OPTIONS 64

struct options {
    int n;
    const char *keys[MAX_OPTIONS];
    const char *values[MAX_OPTIONS];
};

static const char *opt_get(void *arg, const char *key)
{
    const struct options *o = arg;
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->keys[i], key))
            return o->values[i];
    return NULL;
}

static void opt_keys(void *arg, list_key_fn *fn, void *ctx)
{
    const struct options *o = arg;
    for (int i = 0; i < o->n; i++)
        if (!fn(ctx, o->keys[i]))
            return;
}

/* Move every "--key value" out of argv into o; false (printed) for a key without a value. */
static bool take_options(const char *cmd, int *argc, char **argv, struct options *o)
{
    int keep = 1;
    for (int i = 1; i < *argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || !argv[i][2]) {
            argv[keep++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            fprintf(stderr, "kehu %s: %s: 缺少取值 / missing value\n", cmd, argv[i]);
            return false;
        }
        if (o->n == MAX_OPTIONS) {
            fprintf(stderr, "kehu %s: 选项过多 / too many options\n", cmd);
            return false;
        }
        o->keys[o->n] = argv[i] + 2;
        o->values[o->n++] = argv[i + 1];
        i++;
    }
    *argc = keep;
    argv[keep] = NULL;
    return true;
}

bool cli_list_parse(const char *cmd, const struct list_spec *spec, const struct kh_tz *tz,
                    int *argc, char **argv, void *filter)
{
    struct options o = {0};
    if (!take_options(cmd, argc, argv, &o))
        return false;
    struct list_source src = {opt_get, opt_keys, &o, false, tz};
    struct kh_err err;
    kh_err_clear(&err);
    if (!list_parse(spec, &src, filter, &err))
        return true;
    if (err.field[0])
        fprintf(stderr, "kehu %s: --%s: %s / %s\n", cmd, err.field, err.msg_zh, err.msg_en);
    else
        fprintf(stderr, "kehu %s: %s / %s\n", cmd, err.msg_zh, err.msg_en);
    return false;
}

void cli_list_keys(const struct list_spec *spec, FILE *out)
{
    fputs("filters:", out);
    for (const struct list_field *f = spec->fields; f->key; f++) {
        fprintf(out, " --%s", f->key);
        if (f->key_to)
            fprintf(out, " --%s", f->key_to);
    }
    if (spec->sorts) {
        fputs(" --sort", out);
        for (int i = 0; spec->sorts[i].name; i++)
            fprintf(out, "%s%s", i ? "|" : " ", spec->sorts[i].name);
        fputs(" --order asc|desc", out);
    }
    fputc('\n', out);
}
