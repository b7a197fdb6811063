#include "account/account_throttle.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "crypto/crypto.h"

/*
 * Failures are one array in time order: {key, at, attempt}, three per
 * attempt (pair, account, address). Counting scans the live part; it holds
 * only the failures of the last window, at most FAIL_MAX (then the oldest
 * go: an attacker who fills it makes others' old failures count less, never
 * a user's own more).
 */
#define FAIL_MAX 300000
#define PLACE_MAX 20000
#define PENDING_MAX 10000
/*
 * A login waits for a password-check slot at most this long, and only while
 * fewer than this many per slot wait: waiting costs a worker thread, not
 * argon2id memory, and a slow machine takes several seconds for a morning's
 * burst of colleagues; beyond the queue, the answer is 503 at once.
 */
#define HASH_WAIT_SECONDS 10
#define HASH_WAITERS_PER_SLOT 16

struct failure {
    uint64_t key;
    int64_t at;
    uint64_t attempt;
};

struct place {
    uint64_t key;
    int64_t at;
};

struct login_state {
    pthread_mutex_t mu;
    unsigned char hash_key[16];
    struct failure *fail;
    size_t start, n, cap; /* live failures: fail[start..n) */
    uint64_t next_attempt;
    struct place *places;
    size_t nplaces, places_cap;
    /* password-check slots */
    pthread_cond_t slot_cv;
    int active, waiting, most;
    /* failed-login audit entries waiting for the database */
    struct login_event *pending;
    size_t npending, pending_cap;
    int64_t lost;
};

struct login_state *account_throttle_new(void)
{
    struct login_state *st = kh_calloc(1, sizeof(*st));
    pthread_mutex_init(&st->mu, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&st->slot_cv, &attr);
    pthread_condattr_destroy(&attr);
    crypto_random_bytes(st->hash_key, sizeof(st->hash_key));
    return st;
}

void account_throttle_free(void *state)
{
    struct login_state *st = state;
    if (!st)
        return;
    pthread_cond_destroy(&st->slot_cv);
    pthread_mutex_destroy(&st->mu);
    free(st->fail);
    free(st->places);
    free(st->pending);
    free(st);
}

static uint64_t key_of(const struct login_state *st, char kind, const char *a, const char *b)
{
    /* Length-prefixed, so no two (a, b) give the same text. */
    char text[256];
    size_t la = strnlen(a, 100), lb = b ? strnlen(b, 100) : 0;
    size_t n = 0;
    text[n++] = kind;
    text[n++] = (char)la;
    memcpy(text + n, a, la);
    n += la;
    text[n++] = (char)lb;
    if (lb)
        memcpy(text + n, b, lb);
    n += lb;
    uint64_t k = crypto_short_hash(st->hash_key, text, n);
    return k ? k : 1; /* 0 marks a forgotten failure */
}

void account_throttle_keys(const struct login_state *st, const char *username, const char *address,
                           struct login_keys *out)
{
    out->pair = key_of(st, 'p', address, username);
    out->user = key_of(st, 'u', username, NULL);
    out->addr = key_of(st, 'a', address, NULL);
    out->place = key_of(st, 'k', username, address);
}

static void prune(struct login_state *st, int64_t since)
{
    while (st->start < st->n && st->fail[st->start].at < since)
        st->start++;
    if (st->start == st->n)
        st->start = st->n = 0;
}

static void append(struct login_state *st, uint64_t key, int64_t at, uint64_t attempt)
{
    if (st->n == st->cap && st->start > 0) { /* reuse the room of pruned failures */
        memmove(st->fail, st->fail + st->start, (st->n - st->start) * sizeof(*st->fail));
        st->n -= st->start;
        st->start = 0;
    }
    if (st->n == st->cap && st->cap < FAIL_MAX) {
        st->cap = st->cap ? st->cap * 2 : 1024;
        if (st->cap > FAIL_MAX)
            st->cap = FAIL_MAX;
        st->fail = kh_realloc(st->fail, st->cap * sizeof(*st->fail));
    }
    if (st->n == st->cap) { /* full: the oldest goes */
        memmove(st->fail, st->fail + 1, (st->n - 1) * sizeof(*st->fail));
        st->n--;
    }
    st->fail[st->n++] = (struct failure){key, at, attempt};
}

/*
 * Failures of key in the window, and the seconds until it has fewer than
 * max: the (count - max)-th oldest (0-based) leaves the window then.
 */
static int64_t count_key(const struct login_state *st, uint64_t key, int64_t max, int64_t window,
                         int64_t now, int64_t *wait)
{
    /* The clock may be set back (tests): the array is in time order only mostly. */
    int64_t count = 0, since = now - window;
    for (size_t i = st->start; i < st->n; i++)
        count += st->fail[i].key == key && st->fail[i].at >= since;
    *wait = 0;
    if (count < max)
        return count;
    int64_t skip = count - max;
    for (size_t i = st->start; i < st->n; i++) {
        if (st->fail[i].key != key || st->fail[i].at < since)
            continue;
        if (skip-- == 0) {
            *wait = st->fail[i].at + window - now;
            break;
        }
    }
    return count;
}

static bool place_known(const struct login_state *st, uint64_t key, int64_t since)
{
    for (size_t i = 0; i < st->nplaces; i++)
        if (st->places[i].key == key)
            return st->places[i].at >= since;
    return false;
}

static void place_remember(struct login_state *st, uint64_t key, int64_t now)
{
    for (size_t i = 0; i < st->nplaces; i++)
        if (st->places[i].key == key) {
            st->places[i].at = now;
            return;
        }
    if (st->nplaces == st->places_cap && st->places_cap < PLACE_MAX) {
        st->places_cap = st->places_cap ? st->places_cap * 2 : 64;
        st->places = kh_realloc(st->places, st->places_cap * sizeof(*st->places));
    }
    size_t at = st->nplaces;
    if (at == st->places_cap) { /* full: the place used longest ago goes */
        at = 0;
        for (size_t i = 1; i < st->nplaces; i++)
            if (st->places[i].at < st->places[at].at)
                at = i;
    } else {
        st->nplaces++;
    }
    st->places[at] = (struct place){key, now};
}

enum login_verdict account_throttle_begin(struct login_state *st, const struct login_keys *k,
                                          const struct login_limits *lim, int64_t now, bool asked,
                                          uint64_t *attempt, int64_t *wait)
{
    *attempt = 0;
    *wait = 0;
    pthread_mutex_lock(&st->mu);
    prune(st, now - lim->window);
    int64_t wp = 0, wu = 0, wa = 0;
    bool refused = count_key(st, k->pair, lim->max_pair, lim->window, now, &wp) >= lim->max_pair;
    bool crowded = count_key(st, k->user, lim->max_user, lim->window, now, &wu) >= lim->max_user;
    crowded =
        count_key(st, k->addr, lim->max_addr, lim->window, now, &wa) >= lim->max_addr || crowded;
    /* A stranger's failures do not shut out an account where it signed in before. */
    bool ask = false;
    if (crowded && !place_known(st, k->place, now - lim->known_for)) {
        ask = !refused && !asked;
        refused = true;
    } else {
        wu = wa = 0;
    }
    if (ask) {
        pthread_mutex_unlock(&st->mu);
        return LOGIN_ASK_PLACE;
    }
    if (refused) {
        int64_t w = wp > wu ? wp : wu;
        *wait = (w > wa ? w : wa);
        if (*wait < 1)
            *wait = 1;
    } else {
        *attempt = ++st->next_attempt;
        append(st, k->pair, now, *attempt);
        append(st, k->user, now, *attempt);
        append(st, k->addr, now, *attempt);
    }
    pthread_mutex_unlock(&st->mu);
    return refused ? LOGIN_REFUSED : LOGIN_ALLOWED;
}

void account_throttle_place(struct login_state *st, const struct login_keys *k, int64_t at)
{
    pthread_mutex_lock(&st->mu);
    place_remember(st, k->place, at);
    pthread_mutex_unlock(&st->mu);
}

/* Forget the failures of attempt, and with pair != 0 every failure of that pair (mu held). */
static void forget(struct login_state *st, uint64_t attempt, uint64_t pair)
{
    for (size_t i = st->start; i < st->n; i++)
        if (st->fail[i].attempt == attempt || (pair && st->fail[i].key == pair))
            st->fail[i].key = 0;
}

void account_throttle_cancel(struct login_state *st, uint64_t attempt)
{
    pthread_mutex_lock(&st->mu);
    forget(st, attempt, 0);
    pthread_mutex_unlock(&st->mu);
}

void account_throttle_success(struct login_state *st, const struct login_keys *k, uint64_t attempt,
                              int64_t now)
{
    pthread_mutex_lock(&st->mu);
    forget(st, attempt, k->pair);
    place_remember(st, k->place, now);
    pthread_mutex_unlock(&st->mu);
}

bool account_throttle_hash_enter(struct login_state *st, int slots)
{
    pthread_mutex_lock(&st->mu);
    bool ok = st->active < slots;
    if (!ok && st->waiting < HASH_WAITERS_PER_SLOT * slots) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += HASH_WAIT_SECONDS;
        st->waiting++;
        int rc = 0;
        while (st->active >= slots && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&st->slot_cv, &st->mu, &until);
        st->waiting--;
        ok = st->active < slots;
    }
    if (ok && ++st->active > st->most)
        st->most = st->active;
    pthread_mutex_unlock(&st->mu);
    return ok;
}

void account_throttle_hash_leave(struct login_state *st)
{
    pthread_mutex_lock(&st->mu);
    st->active--;
    pthread_cond_signal(&st->slot_cv);
    pthread_mutex_unlock(&st->mu);
}

void account_throttle_hash_stats(struct login_state *st, int *active, int *most)
{
    pthread_mutex_lock(&st->mu);
    *active = st->active;
    *most = st->most;
    pthread_mutex_unlock(&st->mu);
}

void account_throttle_pending_push(struct login_state *st, const struct login_event *ev)
{
    pthread_mutex_lock(&st->mu);
    if (st->npending == PENDING_MAX) {
        memmove(st->pending, st->pending + 1, (st->npending - 1) * sizeof(*st->pending));
        st->npending--;
        st->lost++;
    }
    if (st->npending == st->pending_cap) {
        st->pending_cap = st->pending_cap ? st->pending_cap * 2 : 16;
        st->pending = kh_realloc(st->pending, st->pending_cap * sizeof(*st->pending));
    }
    st->pending[st->npending++] = *ev;
    pthread_mutex_unlock(&st->mu);
}

struct login_event *account_throttle_pending_take(struct login_state *st, size_t *n, int64_t *lost)
{
    pthread_mutex_lock(&st->mu);
    struct login_event *evs = st->pending;
    *n = st->npending;
    *lost = st->lost;
    st->pending = NULL;
    st->npending = st->pending_cap = 0;
    st->lost = 0;
    pthread_mutex_unlock(&st->mu);
    return evs;
}

void account_throttle_pending_return(struct login_state *st, struct login_event *evs, size_t n,
                                     int64_t lost)
{
    pthread_mutex_lock(&st->mu);
    size_t total = n + st->npending;
    if (total > PENDING_MAX) { /* the oldest go */
        size_t drop = total - PENDING_MAX;
        lost += (int64_t)drop;
        size_t from_old = drop < n ? drop : n;
        memmove(evs, evs + from_old, (n - from_old) * sizeof(*evs));
        n -= from_old;
        drop -= from_old;
        memmove(st->pending, st->pending + drop, (st->npending - drop) * sizeof(*st->pending));
        st->npending -= drop;
        total = n + st->npending;
    }
    struct login_event *all = kh_calloc(total ? total : 1, sizeof(*all));
    if (n)
        memcpy(all, evs, n * sizeof(*all));
    if (st->npending)
        memcpy(all + n, st->pending, st->npending * sizeof(*all));
    free(st->pending);
    st->pending = all;
    st->npending = st->pending_cap = total;
    st->lost += lost;
    pthread_mutex_unlock(&st->mu);
    free(evs);
}
