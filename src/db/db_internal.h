#ifndef KH_DB_DB_INTERNAL_H
#define KH_DB_DB_INTERNAL_H

/*
 * Shared by the database backends: the table behind db_slot (db.h), which
 * a backend embeds in its struct db.
 */

#include <pthread.h>
#include <stdatomic.h>

#include "db/db.h"

/* Keys are static objects of the capabilities: a handful per program. */
#define DB_SLOTS 16

struct db_slots {
    pthread_mutex_t mu; /* held while an object is made; lookups take no lock */
    /* Filled in order; a key is published (release) after its object is stored. */
    _Atomic(const struct db_slot_key *) keys[DB_SLOTS];
    void *objs[DB_SLOTS];
};

void db__slots_init(struct db_slots *s);
void *db__slots_get(struct db_slots *s, const struct db_slot_key *key);
/* Releases every object, the last made first, with its key's release. */
void db__slots_release(struct db_slots *s);

/*
 * A backend's statement cache per connection: SQL literal (keyed by its
 * address, never by its text) to the backend's statement. db_prepare hands
 * out pointers that callers keep across other db_prepare calls, so a
 * statement, once made, stays where it is until its connection closes: the
 * index maps to pointers and never moves, evicts or frees a statement.
 * There is no bound to enforce: SQL is always a string literal, so a
 * connection holds at most one statement per literal in the program text
 * (about 150). A computed string passed to db_prepare would be cached for
 * the life of the connection, once per address: never do that.
 *
 * Open addressing (linear probing, at most half full); growing rehashes
 * pointers only. A lookup is one multiply and usually one probe.
 */
struct db_index_slot {
    const char *key; /* NULL: empty */
    void *val;
};
struct db_index {
    struct db_index_slot *slots; /* 1 << bits, NULL before the first add */
    unsigned bits;
    size_t n;
};
void *db__index_find(const struct db_index *ix, const char *key);
void db__index_add(struct db_index *ix, const char *key, void *val);
void db__index_free(struct db_index *ix);

/*
 * The fault hook (db.h) as the backends use it. db__fault_hit: true when
 * this database call is the one to fail (counts the call when it is in the
 * armed scope). db__fault_scoped / db__fault_scope_set: whether this
 * thread's calls count, so the writer can take on the scope of the write it
 * runs. db__fault_from_env: arm from KEHU_FAULT_DB (once per process).
 * Without -Dfault_injection these are constants and compile away.
 */
#ifdef KH_FAULT_INJECTION
bool db__fault_hit(void);
bool db__fault_scoped(void);
void db__fault_scope_set(bool on);
void db__fault_from_env(void);
#else
static inline bool db__fault_hit(void)
{
    return false;
}
static inline bool db__fault_scoped(void)
{
    return false;
}
static inline void db__fault_scope_set(bool on)
{
    (void)on;
}
static inline void db__fault_from_env(void)
{
}
#endif

#endif
