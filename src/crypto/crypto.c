#include "crypto/crypto.h"

#include <assert.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "core/mem.h"

/* Argon2id parameters: 19 MiB, 2 passes (OWASP password storage minimum). */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024u * 1024u)

/*
 * Made once with the parameters above (crypto_init asserts they still
 * match). A hash computed at the first
 * unknown name would cost that login two runs; a literal costs none.
 */
static const char dummy_hash[KH_PWHASH_LEN] =
    "$argon2id$v=19$m=19456,t=2,p=1$pYffv27btWVf2LmBqpWwug$"
    "8rG0/sOU+iYM0UhOQlshR+/twyg7ac9QW7RqkkvGpMQ";

/* A count for tests only (DECISIONS: equal work for known and unknown names); no rule reads it. */
static atomic_ullong password_runs;

enum kh_status crypto_init(struct kh_err *err)
{
    if (sodium_init() < 0)
        return kh_err_set(err, KH_E_INTERNAL, "", "加密库初始化失败", "libsodium init failed");
    /* The dummy check must cost what a real one does: same algorithm and parameters. */
    assert(crypto_pwhash_str_needs_rehash(dummy_hash, PW_OPSLIMIT, PW_MEMLIMIT) == 0);
    return KH_OK;
}

enum kh_status crypto_password_hash(const char *password, char *out, struct kh_err *err)
{
    atomic_fetch_add(&password_runs, 1);
    if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return kh_err_set(err, KH_E_INTERNAL, "password", "密码处理失败",
                          "password hashing failed");
    return KH_OK;
}

bool crypto_password_verify(const char *hash, const char *password)
{
    if (!hash || !*hash)
        return false;
    atomic_fetch_add(&password_runs, 1);
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool crypto_password_verify_dummy(const char *password)
{
    (void)crypto_password_verify(dummy_hash, password);
    return false;
}

unsigned long long crypto_password_runs(void)
{
    return atomic_load(&password_runs);
}

unsigned long long crypto_short_hash(const unsigned char key[16], const void *data, size_t len)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, data, len, key);
    unsigned long long v = 0;
    for (size_t i = 0; i < sizeof(h); i++)
        v = (v << 8) | h[i];
    return v;
}

void crypto_random_bytes(void *out, size_t len)
{
    randombytes_buf(out, len);
}

void crypto_random_token(const char *prefix, char *out, size_t cap)
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof(b64), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    size_t pl = strlen(prefix);
    size_t bl = strlen(b64);
    if (pl + bl + 1 > cap) {
        out[0] = '\0';
        return;
    }
    memcpy(out, prefix, pl);
    memcpy(out + pl, b64, bl + 1);
    sodium_memzero(raw, sizeof(raw));
}

void crypto_hash_hex(const void *data, size_t len, char out[KH_HASH_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), data, len, NULL, 0);
    sodium_bin2hex(out, KH_HASH_HEX, h, sizeof(h));
}

bool crypto_str_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}
