/* Field encryption (R-SEC-11): sealing, opening, blind indexes, rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db_fixture.h"
#include "crypto/crypto.h"
#include "vault/vault.h"

static void r_sec_11_issue_12_item_10_seal_and_open(void **state)
{
    (void)state;
    struct db_fixture *f = db_fixture_open("vault");
    struct arena *a = &f->arena;
    const char *v = vault_seal(a, "customers.mobile", "13800138000");
    assert_true(vault_is_sealed(v));
    assert_null(strstr(v, "13800138000"));
    assert_int_equal(strncmp(v, "k1:", 3), 0);
    assert_string_equal(vault_unseal(a, "customers.mobile", v), "13800138000");
    /* Two seals of one value differ (random nonces): equal values are not visible as such. */
    assert_string_not_equal(vault_seal(a, "customers.mobile", "13800138000"), v);
    /* A value moved to another column does not open: it is returned as stored, and damaged. */
    assert_string_equal(vault_unseal(a, "customers.phone_home", v), v);
    assert_true(vault_damaged("customers.phone_home", v));
    assert_false(vault_damaged("customers.mobile", v));
    /* One changed character of the ciphertext is detected. */
    char *t = arena_strdup(a, v);
    t[10] = t[10] == 'A' ? 'B' : 'A';
    assert_string_equal(vault_unseal(a, "customers.mobile", t), t);
    assert_true(vault_damaged("customers.mobile", t));
    assert_true(vault_damaged("customers.mobile", "k1:short"));
    /* Empty stays empty; plaintext (a database not yet sealed) reads as it is. */
    assert_string_equal(vault_seal(a, "customers.mobile", ""), "");
    /* nothing to protect: an empty object stays readable, so a page opens nothing for it */
    assert_string_equal(vault_seal(a, "customers.custom", "{}"), "{}");
    assert_string_equal(vault_unseal(a, "customers.custom", "{}"), "{}");
    assert_true(vault_is_sealed(vault_seal(a, "customers.custom", "{\"a\":1}")));
    assert_string_equal(vault_unseal(a, "customers.mobile", "010-65529988"), "010-65529988");
    assert_false(vault_damaged("customers.mobile", "kevin"));
    /* An unknown key version cannot be judged without its key. */
    assert_false(vault_can_open("k9:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    db_fixture_close(f);
}

static void r_sec_11_issue_12_item_10_blind_index(void **state)
{
    (void)state;
    struct db_fixture *f = db_fixture_open("vault");
    char a[VAULT_BLIND_HEX], b[VAULT_BLIND_HEX], c[VAULT_BLIND_HEX];
    vault_blind("phone", "13800138000", a);
    vault_blind("phone", "13800138000", b);
    vault_blind("id_number", "13800138000", c);
    assert_int_equal(strlen(a), 32);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    db_fixture_close(f);
    /* Another installation's key gives another hash: the index says nothing without the key. */
    f = db_fixture_open("vault");
    vault_blind("phone", "13800138000", b);
    assert_string_not_equal(a, b);
    db_fixture_close(f);
}

static void r_sec_11_issue_12_item_10_rotation_reseals(void **state)
{
    (void)state;
    struct db_fixture *f = db_fixture_open("vault");
    struct kh_err err;
    const char *old = vault_seal(&f->arena, "approval_requests.secret", "{\"mobile\":\"1\"}");
    int64_t version = 0, resealed = 0;
    assert_int_equal(vault_rotate(&f->ctx, 0, &version, &resealed, &err), KH_OK);
    assert_int_equal(version, 2);
    const char *now = vault_seal(&f->arena, "approval_requests.secret", "x");
    assert_int_equal(strncmp(now, "k2:", 3), 0);
    /* The old key is deleted from the table but still loaded here: its values still open. */
    assert_string_equal(vault_unseal(&f->arena, "approval_requests.secret", old),
                        "{\"mobile\":\"1\"}");
    struct vault_status vs;
    assert_int_equal(vault_status(&f->ctx, true, &vs, &err), KH_OK);
    assert_int_equal(vs.nkeys, 1);
    assert_int_equal(vs.keys[0].version, 2);
    assert_true(vs.keys[0].active);
    assert_int_equal(vs.plain, 0);
    db_fixture_close(f);
}

/*
 * Keys made where the processor has AES-NI seal with AES-256-GCM; a key of
 * the other cipher still opens its values, and a rotation moves them over.
 */
static void r_sec_11_issue_12_item_10_aes_keys(void **state)
{
    (void)state;
    setenv("KEHU_FIELD_CIPHER", "xchacha20poly1305", 1);
    struct db_fixture *f = db_fixture_open("vault_aes");
    unsetenv("KEHU_FIELD_CIPHER");
    struct kh_err err;
    struct vault_status vs;
    assert_int_equal(vault_status(&f->ctx, false, &vs, &err), KH_OK);
    assert_string_equal(vs.keys[0].cipher, "xchacha20poly1305");
    const char *old = vault_seal(&f->arena, "customers.mobile", "13800138000");
    int64_t version = 0, resealed = 0;
    assert_int_equal(vault_rotate(&f->ctx, 0, &version, &resealed, &err), KH_OK);
    const char *now = vault_seal(&f->arena, "customers.mobile", "13800138000");
    assert_int_equal(vault_status(&f->ctx, false, &vs, &err), KH_OK);
    if (crypto_aes_available()) {
        assert_string_equal(vs.keys[0].cipher, "aes256gcm");
        assert_true(strlen(now) < strlen(old)); /* a 12-byte nonce instead of 24 */
    }
    assert_string_equal(vault_unseal(&f->arena, "customers.mobile", old), "13800138000");
    assert_string_equal(vault_unseal(&f->arena, "customers.mobile", now), "13800138000");
    /* bound to its column, and forgery shows */
    assert_string_equal(vault_unseal(&f->arena, "contacts.mobile", now), now);
    char *forged = arena_strdup(&f->arena, now);
    forged[strlen(forged) - 2] = forged[strlen(forged) - 2] == 'A' ? 'B' : 'A';
    assert_string_equal(vault_unseal(&f->arena, "customers.mobile", forged), forged);
    db_fixture_close(f);
}

/* Base64url: every length round-trips; foreign characters and a second spelling are refused. */
static void r_sec_11_issue_12_item_10_base64(void **state)
{
    (void)state;
    unsigned char in[64] = {0}, back[64];
    char text[100];
    for (size_t n = 0; n < sizeof(in); n++) {
        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)(i * 37 + n);
        size_t len = crypto_b64_encode(in, n, text, sizeof(text));
        assert_int_equal(len, strlen(text));
        assert_int_equal(len, n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0));
        size_t got = 0;
        assert_true(crypto_b64_decode(text, len, back, sizeof(back), &got));
        assert_int_equal(got, n);
        assert_memory_equal(in, back, n);
    }
    assert_string_equal((crypto_b64_encode("\xfb\xff", 2, text, sizeof(text)), text), "-_8");
    size_t got = 0;
    assert_false(crypto_b64_decode("ab+c", 4, back, sizeof(back), &got));
    assert_false(crypto_b64_decode("abc=", 4, back, sizeof(back), &got));
    assert_false(crypto_b64_decode("a", 1, back, sizeof(back), &got));
    assert_false(crypto_b64_decode("-_9", 3, back, sizeof(back), &got)); /* low bits set */
    assert_int_equal(crypto_b64_encode("abc", 3, text, 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r_sec_11_issue_12_item_10_seal_and_open),
        cmocka_unit_test(r_sec_11_issue_12_item_10_blind_index),
        cmocka_unit_test(r_sec_11_issue_12_item_10_rotation_reseals),
        cmocka_unit_test(r_sec_11_issue_12_item_10_base64),
        cmocka_unit_test(r_sec_11_issue_12_item_10_aes_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
