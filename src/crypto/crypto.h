#ifndef KH_CRYPTO_CRYPTO_H
#define KH_CRYPTO_CRYPTO_H

/*
 * libsodium wrappers: password hashing (argon2id), random tokens, keyed and
 * plain hashes as lowercase hex. crypto_init() must run once before use.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/*
 * SHA-256 of the file at path as 64 lowercase hex characters (the form
 * `sha256sum` prints, so an administrator can check a copy by hand).
 * False when the file cannot be read.
 */
bool crypto_file_sha256_hex(const char *path, char out[KH_HASH_HEX]);

/* Constant-time string equality (lengths compared first). */
bool crypto_str_equal(const char *a, const char *b);

/*
 * Keys kept outside the database (DECISIONS "The audit chain is keyed").
 * A key file holds one master key of KH_KEY_BYTES random bytes as hex on
 * one line; each use derives its own subkey from it (crypto_key_derive), so
 * one file serves the audit chain, its checkpoints and later uses.
 */
#define KH_KEY_BYTES 32

/*
 * Read the key file at path into key. KH_E_NOT_FOUND when there is none;
 * KH_E_INTERNAL (field "key") when it cannot be read or is not one key.
 * Warns in the log when the file can be read by others than its owner.
 */
KH_NODISCARD enum kh_status crypto_key_file_read(const char *path, unsigned char key[KH_KEY_BYTES],
                                                 struct kh_err *err);
/* Make a new random key and write it to path (which must not exist), mode 0600, synced. */
KH_NODISCARD enum kh_status
crypto_key_file_create(const char *path, unsigned char key[KH_KEY_BYTES], struct kh_err *err);
/* The subkey number id of master for a use named by ctx (exactly 8 characters). */
void crypto_key_derive(const unsigned char master[KH_KEY_BYTES], uint64_t id, const char *ctx,
                       unsigned char out[KH_KEY_BYTES]);
/* Overwrite secret bytes (not optimised away). */
void crypto_wipe(void *p, size_t len);
/* Keyed BLAKE2b-256 (a MAC) of data as 64 hex characters. */
void crypto_mac_hex(const unsigned char key[KH_KEY_BYTES], const void *data, size_t len,
                    char out[KH_HASH_HEX]);

/*
 * Authenticated encryption of short values (XChaCha20-Poly1305, a random
 * 24-byte nonce per value): out receives nonce || ciphertext || tag, len +
 * KH_SEAL_OVERHEAD bytes. aad binds the value to its use (a column's name):
 * a value copied to another use does not open.
 */
#define KH_SEAL_OVERHEAD 40
void crypto_seal(const unsigned char key[KH_KEY_BYTES], const char *aad, const void *plain,
                 size_t len, unsigned char *out);
/* The plaintext of a crypto_seal output into out (cap >= len - KH_SEAL_OVERHEAD); false if forged.
 */
KH_NODISCARD bool crypto_unseal(const unsigned char key[KH_KEY_BYTES], const char *aad,
                                const unsigned char *in, size_t len, unsigned char *out,
                                size_t *out_len);
/*
 * The same with AES-256-GCM (a random 12-byte nonce per value; out: nonce ||
 * ciphertext || tag, len + KH_SEAL_AES_OVERHEAD bytes), about four times
 * faster on short values where the CPU has AES-NI and CLMUL
 * (crypto_aes_available). The key's schedule is expanded once
 * (crypto_aes_key_init) and then used by any number of threads.
 */
#define KH_SEAL_AES_OVERHEAD 28
struct crypto_aes_key {
    _Alignas(16) unsigned char state[512];
};
bool crypto_aes_available(void);
/* False when the CPU cannot run it (then nothing is set). */
KH_NODISCARD bool crypto_aes_key_init(struct crypto_aes_key *k,
                                      const unsigned char key[KH_KEY_BYTES]);
void crypto_seal_aes(const struct crypto_aes_key *k, const char *aad, const void *plain, size_t len,
                     unsigned char *out);
KH_NODISCARD bool crypto_unseal_aes(const struct crypto_aes_key *k, const char *aad,
                                    const unsigned char *in, size_t len, unsigned char *out,
                                    size_t *out_len);
/* Keyed BLAKE2b of data, out_len (16..64) bytes. */
void crypto_mac(const unsigned char key[KH_KEY_BYTES], const void *data, size_t len,
                unsigned char *out, size_t out_len);
/* URL-safe base64 without padding; the encoded length, or 0 when cap is too small. */
size_t crypto_b64_encode(const void *in, size_t len, char *out, size_t cap);
/* The bytes of a crypto_b64_encode text; false when it is not one or exceeds cap. */
KH_NODISCARD bool crypto_b64_decode(const char *in, size_t len, void *out, size_t cap,
                                    size_t *out_len);

#endif
