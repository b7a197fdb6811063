/*
 * kehu migrate --from FILE --to postgresql://...: move a company from its
 * SQLite file to an empty PostgreSQL database (docs/ADMIN.md). The source
 * may be in use by a running server (one read snapshot is copied: stop the
 * server first for a cut-over that loses nothing written meanwhile). The
 * audit key goes with the data: kehu.key beside the source is copied into
 * the target's KEHU_DATA_DIR when none is there yet. Then the copy is
 * checked: row counts of every table, a sample of customers field by
 * field, and the audit chain verified on PostgreSQL.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"

/* kehu.key from the source's folder into the target's data folder, unless one is there. */
static bool carry_key(const char *from, const char *to)
{
    char src[4096], dst[4096];
    audit_key_path(from, src, sizeof(src));
    audit_key_path(to, dst, sizeof(dst));
    if (access(dst, F_OK) == 0 || access(src, F_OK) != 0 || !strcmp(src, dst))
        return true;
    FILE *in = fopen(src, "rb");
    int fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    bool ok = in && out;
    char buf[4096];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    ok = ok && fflush(out) == 0 && fsync(fileno(out)) == 0;
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    else if (fd >= 0)
        close(fd);
    if (!ok)
        fprintf(stderr, "kehu migrate: cannot copy the audit key %s to %s\n", src, dst);
    else
        printf("audit key copied to %s\n", dst);
    return ok;
}

int cmd_migrate(int argc, char **argv)
{
    const char *from = cli_take_opt(&argc, argv, "--from");
    const char *to = cli_take_opt(&argc, argv, "--to");
    if (argc != 1 || !from || !to) {
        fputs("usage: kehu migrate --from FILE --to postgresql://...\n", stderr);
        return 2;
    }
    if (db_is_url(from) || !db_is_url(to)) {
        fputs("kehu migrate: --from names an SQLite file, --to a postgresql:// database\n"
              "kehu migrate: --from 是 SQLite 文件，--to 是 postgresql:// 数据库\n",
              stderr);
        return 2;
    }
    struct stat sb;
    if (stat(from, &sb) != 0) {
        fprintf(stderr, "kehu migrate: %s: %s\n", from, strerror(errno));
        return 1;
    }
    struct kh_err err;
    kh_err_clear(&err);
    struct db *src = NULL, *dst = NULL;
    /* The source at the current schema first (a copy from an older Kehu is migrated by it). */
    struct db_options so = {.path = from, .readers = 1, .no_writer = true};
    if (db_open(&so, &src, &err)) {
        fprintf(stderr, "kehu migrate: %s / %s\n", err.msg_zh, err.msg_en);
        return 1;
    }
    db_close(src);
    cli_make_parent_dir(to);
    struct db_options to_opt = {.path = to, .readers = 1, .no_writer = true};
    if (db_open(&to_opt, &dst, &err)) {
        fprintf(stderr, "kehu migrate: %s / %s\n", err.msg_zh, err.msg_en);
        return 1;
    }
    static struct db_copy_report rep;
    enum kh_status st = db_copy_sqlite_to_pg(from, dst, &rep, &err);
    db_close(dst);
    if (st) {
        fprintf(stderr, "kehu migrate: %s / %s\n", err.msg_zh, err.msg_en);
        return 1;
    }
    printf("%-28s %12s\n", "table", "rows");
    for (int i = 0; i < rep.ntables; i++)
        printf("%-28s %12lld\n", rep.tables[i].name, rep.tables[i].rows);
    printf("%-28s %12lld\n", "(search documents)", rep.search_docs);
    if (!carry_key(from, to))
        return 1;
    int rc = 0;
    if (rep.count_mismatches) {
        printf("row counts differ in %d tables\n", rep.count_mismatches);
        rc = 1;
    } else {
        printf("row counts: equal in all %d tables\n", rep.ntables);
    }
    printf("customers compared field by field: %d, differing: %d\n", rep.sampled,
           rep.sample_mismatches);
    if (rep.sample_mismatches)
        rc = 1;
    struct cli_env env;
    if (!cli_env_open_path(&env, to, "migrate"))
        return 1;
    struct audit_verify_result res;
    if (audit_verify(&env.ctx, &res, &err)) {
        fprintf(stderr, "kehu migrate: audit check: %s\n", err.msg_en);
        rc = 1;
    } else if (res.ok) {
        printf("audit chain OK on PostgreSQL: %lld entries\n", (long long)res.entries);
    } else {
        printf("audit chain BROKEN at entry %lld: %s\n", (long long)res.first_bad_id, res.reason);
        rc = 1;
    }
    cli_env_close(&env);
    puts(rc ? "kehu migrate: the copy did NOT check out: do not switch to it"
            : "kehu migrate: done; serve it with kehu serve --db and the --to URL");
    return rc;
}
