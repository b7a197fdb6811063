/*
 * Per-database state of the capabilities (db_slot in db.h). A lookup is a
 * scan of a few atomic pointers and takes no lock: it runs on hot paths
 * (every audited read finds its database's queue here).
 */
#include "db/db_internal.h"

#include <stdlib.h>

#include "core/log.h"

void db__slots_init(struct db_slots *s)
{
    pthread_mutex_init(&s->mu, NULL);
    for (int i = 0; i < DB_SLOTS; i++) {
        atomic_init(&s->keys[i], NULL);
        s->objs[i] = NULL;
    }
}

/* The first call for key: make its object under the lock, unless another thread just did. */
static void *slot_make(struct db_slots *s, const struct db_slot_key *key)
{
    pthread_mutex_lock(&s->mu);
    int i = 0;
    const struct db_slot_key *k = NULL;
    while (i < DB_SLOTS && (k = atomic_load_explicit(&s->keys[i], memory_order_relaxed)) != NULL &&
           k != key)
        i++;
    if (i == DB_SLOTS) {
        log_error("msg=\"more than %d database slot keys\"", DB_SLOTS);
        abort(); /* keys are static objects: a bug, not an input */
    }
    if (!k) {
        s->objs[i] = key->make();
        atomic_store_explicit(&s->keys[i], key, memory_order_release);
    }
    void *obj = s->objs[i];
    pthread_mutex_unlock(&s->mu);
    return obj;
}

void *db__slots_get(struct db_slots *s, const struct db_slot_key *key)
{
    for (int i = 0; i < DB_SLOTS; i++) {
        const struct db_slot_key *k = atomic_load_explicit(&s->keys[i], memory_order_acquire);
        if (k == key)
            return s->objs[i];
        if (!k)
            break;
    }
    return slot_make(s, key);
}

void db__slots_release(struct db_slots *s)
{
    for (int i = DB_SLOTS - 1; i >= 0; i--) {
        const struct db_slot_key *k = atomic_load_explicit(&s->keys[i], memory_order_relaxed);
        if (k)
            k->release(s->objs[i]);
        atomic_store_explicit(&s->keys[i], NULL, memory_order_relaxed);
        s->objs[i] = NULL;
    }
    pthread_mutex_destroy(&s->mu);
}
