#include "crypto/crypto.h"

#include <sodium.h>
#include <string.h>

#include "core/mem.h"

/* Argon2id parameters: 19 MiB, 2 passes (OWASP password storage minimum). */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024u * 1024u)

enum kh_status crypto_init(struct kh_err *err)
{
    if (sodium_init() < 0)
        return kh_err_set(err, KH_E_INTERNAL, "", "加密库初始化失败", "libsodium init failed");
    return KH_OK;
}

enum kh_status crypto_password_hash(const char *password, char *out, struct kh_err *err)
{
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
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
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

void crypto_wipe(void *p, size_t n)
{
    sodium_memzero(p, n);
}
