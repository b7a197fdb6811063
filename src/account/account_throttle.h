#ifndef KH_ACCOUNT_ACCOUNT_THROTTLE_H
#define KH_ACCOUNT_ACCOUNT_THROTTLE_H

/*
 * The login's state in memory (DECISIONS: logins that cannot be abused):
 * failed logins per (address, account) pair, per account and per address;
 * the places (addresses) each account signed in from; a bound on the
 * password checks running at once; failed-login audit entries the
 * database could not take yet. One object per database (account_store
 * keeps it in a db_slot), so nothing of it depends on a write succeeding.
 *
 * Thread safety: every function may be called from any thread; one mutex
 * guards the object, so a check and its count are one step.
 * Time: callers pass "now" (the context clock); nothing here reads a clock,
 * except the bounded wait for a password-check slot (a resource wait).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct login_state;

struct login_state *account_throttle_new(void);
void account_throttle_free(void *state);

/* Keyed hashes of the pair, the account, the address and the place (account at address). */
struct login_keys {
    uint64_t pair, user, addr, place;
};
void account_throttle_keys(const struct login_state *st, const char *username, const char *address,
                           struct login_keys *out);

struct login_limits {
    int64_t window;                       /* seconds a failure counts */
    int64_t max_pair, max_user, max_addr; /* failures allowed in the window */
    int64_t known_for;                    /* seconds a successful login makes a place known */
};

enum login_verdict {
    LOGIN_ALLOWED,
    LOGIN_REFUSED,
    /* The account's or the address's limit is reached and memory does not know the place. */
    LOGIN_ASK_PLACE,
};

/*
 * One atomic step: forget failures older than the window; refuse when the
 * pair has max_pair failures, or when the account or the address has its
 * maximum and the account did not sign in from this address within
 * known_for (memory forgets places at a restart: unless `asked`, such an
 * attempt answers LOGIN_ASK_PLACE, so the caller can look the place up,
 * tell memory with account_throttle_place and try again with asked set).
 * Otherwise count this attempt as a failure of all three keys now, before
 * its password is checked, so parallel attempts can never check more than
 * the limit. LOGIN_ALLOWED sets *attempt (pass it to _cancel or _success);
 * LOGIN_REFUSED sets *wait: seconds until the failure that blocks leaves
 * the window (at least 1).
 */
enum login_verdict account_throttle_begin(struct login_state *st, const struct login_keys *k,
                                          const struct login_limits *lim, int64_t now, bool asked,
                                          uint64_t *attempt, int64_t *wait);
/* The account signed in from the place at `at` (found in the database). */
void account_throttle_place(struct login_state *st, const struct login_keys *k, int64_t at);
/* The attempt's password was not checked (no slot, an error): it counts for nothing. */
void account_throttle_cancel(struct login_state *st, uint64_t attempt);
/*
 * The password was right: the attempt and the pair's failures are
 * forgotten, and the address becomes a known place of the account.
 */
void account_throttle_success(struct login_state *st, const struct login_keys *k, uint64_t attempt,
                              int64_t now);

/*
 * Take one of `slots` password-check slots, waiting at most 10 s while
 * fewer than 16 × slots others wait; false when none came free (answer 503:
 * each check holds ~19 MiB of argon2id memory).
 */
bool account_throttle_hash_enter(struct login_state *st, int slots);
void account_throttle_hash_leave(struct login_state *st);

/* Checks running now and the most that ever ran at once (tests). */
void account_throttle_hash_stats(struct login_state *st, int *active, int *most);

/* A failed-login audit entry that waits for the database. */
struct login_event {
    int64_t at;
    int64_t target_id;
    char address[64];
    char action[32];
    char detail[80];
};

/* Keep ev until a write takes it (at most 10,000 wait; beyond, the oldest are counted as lost). */
void account_throttle_pending_push(struct login_state *st, const struct login_event *ev);
/*
 * Move every waiting entry out (*n of them, malloc'd, oldest first; the
 * caller frees) and the number lost since the last take.
 */
struct login_event *account_throttle_pending_take(struct login_state *st, size_t *n, int64_t *lost);
/* Put taken entries back (their write failed): they wait again, before newer ones. */
void account_throttle_pending_return(struct login_state *st, struct login_event *evs, size_t n,
                                     int64_t lost);

#endif
