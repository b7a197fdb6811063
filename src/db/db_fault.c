/*
 * The database fault hook (db.h "Fault injection"): which call fails. The
 * backends ask db__fault_hit() before each call and fail it the way the
 * engine would. Built only with -Dfault_injection=true.
 *
 * The state is process-wide on purpose (test machinery, not configuration):
 * a countdown of calls shared by the threads of the armed scope, the arms
 * waiting for the next request or job run, and a thread-local flag saying
 * whether this thread's calls count.
 */
#include "db/db.h"

#ifdef KH_FAULT_INJECTION

#include <stdatomic.h>
#include <stdlib.h>

#include "core/str.h"
#include "db/db_internal.h"

static atomic_int countdown;                /* calls until the fault; 0: disarmed */
static atomic_int pending[DB_FAULT_SCOPES]; /* arms for the next scope of each kind */
static atomic_bool fired;
static atomic_bool everywhere; /* KEHU_FAULT_DB: every thread counts */
static _Thread_local bool scoped;

void db_fault_arm(int n)
{
    atomic_store(&fired, false);
    atomic_store(&countdown, n > 0 ? n : 0);
    scoped = n > 0;
}

void db_fault_arm_next(enum db_fault_scope scope, int n)
{
    atomic_store(&countdown, 0);
    atomic_store(&fired, false);
    atomic_store(&pending[scope], n > 0 ? n : 0);
}

void db_fault_disarm(void)
{
    atomic_store(&countdown, 0);
    for (int i = 0; i < DB_FAULT_SCOPES; i++)
        atomic_store(&pending[i], 0);
    atomic_store(&everywhere, false);
    scoped = false;
}

bool db_fault_fired(void)
{
    return atomic_load(&fired);
}

int db_fault_remaining(void)
{
    return atomic_load(&countdown);
}

void db_fault_begin(enum db_fault_scope scope)
{
    int n = atomic_exchange(&pending[scope], 0);
    if (n > 0) {
        atomic_store(&fired, false);
        atomic_store(&countdown, n);
    }
    scoped = n > 0;
}

void db_fault_end(void)
{
    scoped = false;
}

bool db__fault_scoped(void)
{
    return scoped;
}

void db__fault_scope_set(bool on)
{
    scoped = on;
}

void db__fault_from_env(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return;
    const char *v = getenv("KEHU_FAULT_DB");
    long long n = 0;
    if (!v || !str_to_i64(str_from(v), 1, 1000000000, &n))
        return;
    atomic_store(&fired, false);
    atomic_store(&countdown, (int)n);
    atomic_store(&everywhere, true);
}

bool db__fault_hit(void)
{
    if (!scoped && !atomic_load(&everywhere))
        return false;
    int left = atomic_load(&countdown);
    while (left > 0) {
        if (atomic_compare_exchange_weak(&countdown, &left, left - 1)) {
            if (left != 1)
                return false;
            atomic_store(&fired, true);
            return true;
        }
    }
    return false;
}

#else

/* ISO C wants at least one declaration in a translation unit. */
typedef int db_fault_unused;

#endif
