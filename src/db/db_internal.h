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
