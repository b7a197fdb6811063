#ifndef KH_CRYPTO_CRYPTO_H
#define KH_CRYPTO_CRYPTO_H

/*
 * libsodium wrappers: password hashing (argon2id), random tokens, keyed and
 * plain hashes as lowercase hex. crypto_init() must run once before use.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define KH_PWHASH_LEN 128 /* crypto_pwhash_STRBYTES */
#define KH_HASH_HEX 65    /* 32-byte BLAKE2b as hex + NUL */

KH_NODISCARD enum kh_status crypto_init(struct kh_err *err);

/*
 * argon2id hash of password into out (KH_PWHASH_LEN bytes). Uses about
 * 19 MiB and 2 passes (OWASP's minimum for argon2id): ~20 ms here.
 */
KH_NODISCARD enum kh_status crypto_password_hash(const char *password, char *out,
                                                 struct kh_err *err);
/* Constant-time check of password against a stored hash. */
bool crypto_password_verify(const char *hash, const char *password);
/*
 * Check password against a hash made with the current parameters that no
 * password matches (always false): a login for a name that has no account
 * costs the same one argon2id run as a real check.
 */
bool crypto_password_verify_dummy(const char *password);
/*
 * Password hashes and checks this process has run (argon2id runs), for the
 * test-clock endpoint that shows equal work for known and unknown names.
 */
unsigned long long crypto_password_runs(void);

/* SipHash-2-4 of data under a 16-byte key: hash table keys an outsider cannot aim at. */
unsigned long long crypto_short_hash(const unsigned char key[16], const void *data, size_t len);
/* len random bytes (CSPRNG). */
void crypto_random_bytes(void *out, size_t len);

/* A random token: prefix + 43 base64url characters (256 bits). out ≥ 64 bytes. */
void crypto_random_token(const char *prefix, char *out, size_t cap);

/* BLAKE2b-256 of data as 64 hex characters. */
void crypto_hash_hex(const void *data, size_t len, char out[KH_HASH_HEX]);

/* Constant-time string equality (lengths compared first). */
bool crypto_str_equal(const char *a, const char *b);

#endif
