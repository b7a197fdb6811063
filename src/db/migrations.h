#ifndef KH_DB_MIGRATIONS_H
#define KH_DB_MIGRATIONS_H

/*
 * Numbered schema migrations, embedded from src/db/migrations/ and each
 * capability's src/<name>/migrations/NNN_*.sql (one sequence).
 */

#include <stddef.h>

struct kh_migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct kh_migration kh_migrations[];
extern const size_t kh_migrations_count;

#endif
