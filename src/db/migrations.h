#ifndef KH_DB_MIGRATIONS_H
#define KH_DB_MIGRATIONS_H

/*
 * Numbered schema migrations, embedded from src/db/migrations/ and each
 * capability's src/<name>/migrations/ (one sequence of numbers) by
 * scripts/embed_sql.py, in the order of their file names.
 *
 * A migration is written once for both engines (NNN_name.sql) where the
 * dialects agree. Where they do not, its number has one file per engine:
 * NNN_name.sqlite.sql (SQLite only) and NNN_name.pg.sql (PostgreSQL only);
 * a .pg.sql beside a plain file of its number takes the plain file's place
 * on PostgreSQL. The entry's engine says which backend runs it: a backend
 * skips the entries of the other engine, so each runs at most one text per
 * number (the embedder refuses a second file for one engine).
 */

#include <stddef.h>

enum kh_migration_engine {
    KH_MIGRATION_BOTH,   /* NNN_name.sql */
    KH_MIGRATION_SQLITE, /* NNN_name.sqlite.sql */
    KH_MIGRATION_PG,     /* NNN_name.pg.sql */
};

struct kh_migration {
    int version;
    const char *name;
    enum kh_migration_engine engine;
    const char *sql;
};

extern const struct kh_migration kh_migrations[];
extern const size_t kh_migrations_count;

#endif
