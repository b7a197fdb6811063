/* The login's state in memory (account_throttle), client addresses behind proxies, log escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/account_throttle.h"
#include "core/err.h"
#include "core/log.h"
#include "crypto/crypto.h"
#include "http/proxy.h"

static const struct login_limits limits = {900, 5, 20, 50, 30 * 86400};

static int setup(void **state)
{
    (void)state;
    struct kh_err err;
    return crypto_init(&err) == KH_OK ? 0 : -1;
}

static void test_pair_limit_and_wait(void **state)
{
    (void)state;
    struct login_state *st = account_throttle_new();
    struct login_keys k;
    account_throttle_keys(st, "lina", "10.0.0.1", &k);
    uint64_t attempt = 0;
    int64_t wait = 0;
    for (int i = 0; i < 5; i++)
        assert_true((account_throttle_begin(st, &k, &limits, 1000 + i * 60, true, &attempt,
                                            &wait) == LOGIN_ALLOWED));
    assert_false(
        (account_throttle_begin(st, &k, &limits, 1300, true, &attempt, &wait) == LOGIN_ALLOWED));
    assert_int_equal(wait, 1000 + 900 - 1300); /* the oldest leaves the window then */
    /* another address is another pair */
    struct login_keys other;
    account_throttle_keys(st, "lina", "10.0.0.2", &other);
    assert_true((account_throttle_begin(st, &other, &limits, 1300, true, &attempt, &wait) ==
                 LOGIN_ALLOWED));
    /* the window passes */
    assert_true((account_throttle_begin(st, &k, &limits, 1000 + 901, true, &attempt, &wait) ==
                 LOGIN_ALLOWED));
    account_throttle_free(st);
}

static void test_known_place(void **state)
{
    (void)state;
    struct login_state *st = account_throttle_new();
    struct login_keys desk, stranger;
    account_throttle_keys(st, "lina", "10.0.0.1", &desk);
    uint64_t attempt = 0;
    int64_t wait = 0;
    assert_true(
        (account_throttle_begin(st, &desk, &limits, 100, true, &attempt, &wait) == LOGIN_ALLOWED));
    account_throttle_success(st, &desk, attempt, 100);
    for (int i = 0; i < 20; i++) {
        char addr[32];
        snprintf(addr, sizeof(addr), "10.9.0.%d", i);
        account_throttle_keys(st, "lina", addr, &stranger);
        assert_true((account_throttle_begin(st, &stranger, &limits, 200, true, &attempt, &wait) ==
                     LOGIN_ALLOWED));
    }
    account_throttle_keys(st, "lina", "10.9.1.1", &stranger);
    /* not asked yet: the caller may look the place up in the database first */
    assert_int_equal(account_throttle_begin(st, &stranger, &limits, 200, false, &attempt, &wait),
                     LOGIN_ASK_PLACE);
    account_throttle_keys(st, "lina", "10.9.1.1", &stranger);
    assert_false((account_throttle_begin(st, &stranger, &limits, 200, true, &attempt, &wait) ==
                  LOGIN_ALLOWED));
    assert_true(
        (account_throttle_begin(st, &desk, &limits, 200, true, &attempt, &wait) == LOGIN_ALLOWED));
    /* a place found in the database (after a restart) counts like one in memory */
    struct login_keys home;
    account_throttle_keys(st, "lina", "10.7.0.1", &home);
    account_throttle_place(st, &home, 150);
    assert_true(
        (account_throttle_begin(st, &home, &limits, 200, false, &attempt, &wait) == LOGIN_ALLOWED));
    /* a cancelled attempt counts for nothing */
    account_throttle_cancel(st, attempt);
    account_throttle_free(st);
}

struct race {
    struct login_state *st;
    struct login_keys k;
    int allowed;
    pthread_mutex_t mu;
};

static void *racer(void *arg)
{
    struct race *r = arg;
    uint64_t attempt = 0;
    int64_t wait = 0;
    for (int i = 0; i < 50; i++)
        if ((account_throttle_begin(r->st, &r->k, &limits, 5000, true, &attempt, &wait) ==
             LOGIN_ALLOWED)) {
            pthread_mutex_lock(&r->mu);
            r->allowed++;
            pthread_mutex_unlock(&r->mu);
        }
    return NULL;
}

static void test_parallel_attempts_never_pass_the_limit(void **state)
{
    (void)state;
    struct race r = {.st = account_throttle_new()};
    pthread_mutex_init(&r.mu, NULL);
    account_throttle_keys(r.st, "gm", "10.0.0.1", &r.k);
    pthread_t t[8];
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, racer, &r);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(r.allowed, 5);
    pthread_mutex_destroy(&r.mu);
    account_throttle_free(r.st);
}

static void test_pending_entries_return_in_order(void **state)
{
    (void)state;
    struct login_state *st = account_throttle_new();
    struct login_event ev = {.at = 1};
    account_throttle_pending_push(st, &ev);
    size_t n = 0;
    int64_t lost = 0;
    struct login_event *taken = account_throttle_pending_take(st, &n, &lost);
    assert_int_equal(n, 1);
    ev.at = 2;
    account_throttle_pending_push(st, &ev);
    account_throttle_pending_return(st, taken, n, lost);
    taken = account_throttle_pending_take(st, &n, &lost);
    assert_int_equal(n, 2);
    assert_int_equal(taken[0].at, 1);
    assert_int_equal(taken[1].at, 2);
    free(taken);
    account_throttle_free(st);
}

static void test_client_address(void **state)
{
    (void)state;
    struct http_proxies p;
    char bad[64], out[64];
    assert_false(http_proxies_parse("10.0.0.0/8, 10.1.2.300", &p, bad, sizeof(bad)));
    assert_string_equal(bad, "10.1.2.300");
    assert_false(http_proxies_parse("10.0.0.0/33", &p, bad, sizeof(bad)));
    assert_true(http_proxies_parse("10.0.0.0/8 ::1", &p, bad, sizeof(bad)));
    assert_int_equal(p.n, 2);
    http_client_address(&p, "10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.9", out, sizeof(out));
    assert_string_equal(out, "1.2.3.4");
    http_client_address(&p, "192.0.2.1", "1.2.3.4", out, sizeof(out)); /* untrusted peer */
    assert_string_equal(out, "192.0.2.1");
    http_client_address(&p, "10.0.0.2", "1.2.3.4, junk", out, sizeof(out));
    assert_string_equal(out, "10.0.0.2");
    http_client_address(&p, "::1", "10.0.0.7", out, sizeof(out)); /* all trusted: the leftmost */
    assert_string_equal(out, "10.0.0.7");
    struct http_proxies none;
    assert_true(http_proxies_parse(NULL, &none, bad, sizeof(bad)));
    http_client_address(&none, "10.0.0.2", "1.2.3.4", out, sizeof(out));
    assert_string_equal(out, "10.0.0.2");
}

static void test_log_escape(void **state)
{
    (void)state;
    char out[64];
    const char path[] = "/a\nts=1 x\"\\";
    assert_string_equal(log_escape(out, sizeof(out), path, strlen(path)),
                        "/a\\x0ats=1\\x20x\\x22\\x5c");
    assert_string_equal(log_escape(out, 6, "/abc\n", 5), "/abc"); /* cut, never half an escape */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pair_limit_and_wait),
        cmocka_unit_test(test_known_place),
        cmocka_unit_test(test_parallel_attempts_never_pass_the_limit),
        cmocka_unit_test(test_pending_entries_return_in_order),
        cmocka_unit_test(test_client_address),
        cmocka_unit_test(test_log_escape),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
