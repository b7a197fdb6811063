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
 * The optional pepper: a secret kept outside the database (a file only its
 * owner may read, named by KEHU_PEPPER_FILE), so a copy of the database alone
 * cannot be used to guess passwords. Load it once at start, before any
 * thread uses this module. Refuses a file that group or others may read, or
 * shorter than 32 bytes (KH_E_INVALID, the reason in err).
 */
KH_NODISCARD enum kh_status crypto_pepper_load(const char *path, struct kh_err *err);

/*
 * argon2id hash of password into out (KH_PWHASH_LEN bytes). Uses about
 * 19 MiB and 2 passes (OWASP's minimum for argon2id): ~20 ms here. With a
 * pepper loaded, the password is first keyed with it (BLAKE2b) and the hash
 * is marked "$kehu-pepper1$argon2id..."; such a hash verifies only while the
 * same pepper is loaded (without it: false, never a bypass).
 */
KH_NODISCARD enum kh_status crypto_password_hash(const char *password, char *out,
                                                 struct kh_err *err);
/* Constant-time check of password against a stored hash. */
bool crypto_password_verify(const char *hash, const char *password);

/* A random token: prefix + 43 base64url characters (256 bits). out ≥ 64 bytes. */
void crypto_random_token(const char *prefix, char *out, size_t cap);

/* BLAKE2b-256 of data as 64 hex characters. */
void crypto_hash_hex(const void *data, size_t len, char out[KH_HASH_HEX]);

/* Overwrite a copy of a secret with zeros (not optimised away). */
void crypto_wipe(void *p, size_t n);

/* Constant-time string equality (lengths compared first). */
bool crypto_str_equal(const char *a, const char *b);

#endif
