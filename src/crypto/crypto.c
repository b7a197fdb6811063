#include "crypto/crypto.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
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

/* Set once at start (crypto_pepper_load), read-only after: configuration, not state. */
static unsigned char pepper[32];
static bool pepper_loaded;
#define PEPPER_MARK "$kehu-pepper1"

enum kh_status crypto_pepper_load(const char *path, struct kh_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kh_err_setf(err, KH_E_INVALID, "KEHU_PEPPER_FILE", "无法读取密码胡椒文件 %s",
                           "cannot read the pepper file %s", path, path);
    struct stat st;
    unsigned char buf[4096];
    ssize_t n = fstat(fd, &st) == 0 ? read(fd, buf, sizeof(buf)) : -1;
    close(fd);
    enum kh_status rc = KH_OK;
    if (n >= 0 && (st.st_mode & 077))
        rc = kh_err_setf(err, KH_E_INVALID, "KEHU_PEPPER_FILE",
                         "密码胡椒文件 %s 其他用户可读，请设为 0600 或 0400",
                         "the pepper file %s is readable by others: make it 0600 or 0400", path,
                         path);
    else if (n < 32)
        rc = kh_err_setf(err, KH_E_INVALID, "KEHU_PEPPER_FILE",
                         "密码胡椒文件 %s 至少需要 32 个字节（如 head -c 32 /dev/urandom）",
                         "the pepper file %s needs at least 32 bytes (head -c 32 /dev/urandom)",
                         path, path);
    else {
        crypto_generichash(pepper, sizeof(pepper), buf, (size_t)n, NULL, 0);
        pepper_loaded = true;
    }
    sodium_memzero(buf, sizeof(buf));
    return rc;
}

/* The password keyed with the pepper, as 64 hex digits: what argon2id hashes then. */
static void peppered(const char *password, char out[65])
{
    unsigned char mac[32];
    crypto_generichash(mac, sizeof(mac), (const unsigned char *)password, strlen(password), pepper,
                       sizeof(pepper));
    sodium_bin2hex(out, 65, mac, sizeof(mac));
    sodium_memzero(mac, sizeof(mac));
}

enum kh_status crypto_password_hash(const char *password, char *out, struct kh_err *err)
{
    atomic_fetch_add(&password_runs, 1);
    char keyed[65];
    size_t mark = pepper_loaded ? strlen(PEPPER_MARK) : 0;
    if (pepper_loaded)
        peppered(password, keyed);
    const char *input = pepper_loaded ? keyed : password;
    /* libsodium fills a whole crypto_pwhash_STRBYTES buffer: hash into one, then place it after the
     * mark. */
    char raw[crypto_pwhash_STRBYTES];
    int rc = crypto_pwhash_str_alg(raw, input, strlen(input), PW_OPSLIMIT, PW_MEMLIMIT,
                                   crypto_pwhash_ALG_ARGON2ID13);
    sodium_memzero(keyed, sizeof(keyed));
    size_t len = rc == 0 ? strnlen(raw, sizeof(raw)) : 0;
    if (rc != 0 || len == sizeof(raw) || mark + len >= KH_PWHASH_LEN)
        return kh_err_set(err, KH_E_INTERNAL, "password", "密码处理失败",
                          "password hashing failed");
    memcpy(out, PEPPER_MARK, mark);
    memcpy(out + mark, raw, len + 1);
    return KH_OK;
}

bool crypto_password_verify(const char *hash, const char *password)
{
    if (!hash || !*hash)
        return false;
    atomic_fetch_add(&password_runs, 1);
    size_t mark = strlen(PEPPER_MARK);
    if (strncmp(hash, PEPPER_MARK, mark) != 0)
        return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    if (!pepper_loaded)
        return false; /* fails closed: the hash is useless without the pepper */
    char keyed[65];
    peppered(password, keyed);
    bool ok = crypto_pwhash_str_verify(hash + mark, keyed, strlen(keyed)) == 0;
    sodium_memzero(keyed, sizeof(keyed));
    return ok;
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

bool crypto_file_sha256_hex(const char *path, char out[KH_HASH_HEX])
{
    out[0] = '\0';
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[64 * 1024];
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
    close(fd);
    if (n < 0)
        return false;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, KH_HASH_HEX, h, sizeof(h));
    return true;
}

bool crypto_str_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}

enum kh_status crypto_key_file_read(const char *path, unsigned char key[KH_KEY_BYTES],
                                    struct kh_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return kh_err_setf(err, KH_E_NOT_FOUND, "key", "密钥文件 %s 不存在", "no key file %s", path,
                           path);
    if (fd < 0)
        return kh_err_setf(err, KH_E_INTERNAL, "key", "无法读取密钥文件 %s",
                           "cannot read the key file %s", path, path);
    struct stat sb;
    if (fstat(fd, &sb) == 0 && (sb.st_mode & 077))
        log_warn("msg=\"key file readable by others: chmod 600\" file=%s", path);
    char hex[2 * KH_KEY_BYTES + 2] = "";
    ssize_t n = read(fd, hex, sizeof(hex) - 1);
    close(fd);
    size_t bin_len = 0;
    if (n < 2 * KH_KEY_BYTES ||
        sodium_hex2bin(key, KH_KEY_BYTES, hex, 2 * KH_KEY_BYTES, NULL, &bin_len, NULL) != 0 ||
        bin_len != KH_KEY_BYTES)
        return kh_err_setf(err, KH_E_INTERNAL, "key", "密钥文件 %s 已损坏",
                           "the key file %s is damaged", path, path);
    sodium_memzero(hex, sizeof(hex));
    return KH_OK;
}

enum kh_status crypto_key_file_create(const char *path, unsigned char key[KH_KEY_BYTES],
                                      struct kh_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return kh_err_setf(err, KH_E_INTERNAL, "key", "无法创建密钥文件 %s",
                           "cannot create the key file %s", path, path);
    randombytes_buf(key, KH_KEY_BYTES);
    char hex[2 * KH_KEY_BYTES + 2];
    sodium_bin2hex(hex, sizeof(hex) - 1, key, KH_KEY_BYTES);
    hex[2 * KH_KEY_BYTES] = '\n';
    hex[2 * KH_KEY_BYTES + 1] = '\0';
    bool ok = write(fd, hex, 2 * KH_KEY_BYTES + 1) == 2 * KH_KEY_BYTES + 1 && fsync(fd) == 0;
    close(fd);
    sodium_memzero(hex, sizeof(hex));
    if (!ok) {
        unlink(path);
        return kh_err_setf(err, KH_E_INTERNAL, "key", "无法写入密钥文件 %s",
                           "cannot write the key file %s", path, path);
    }
    return KH_OK;
}

void crypto_key_derive(const unsigned char master[KH_KEY_BYTES], uint64_t id, const char *ctx,
                       unsigned char out[KH_KEY_BYTES])
{
    crypto_kdf_derive_from_key(out, KH_KEY_BYTES, id, ctx, master);
}

void crypto_mac_hex(const unsigned char key[KH_KEY_BYTES], const void *data, size_t len,
                    char out[KH_HASH_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof(h), data, len, key, KH_KEY_BYTES);
    sodium_bin2hex(out, KH_HASH_HEX, h, sizeof(h));
}

void crypto_wipe(void *p, size_t len)
{
    sodium_memzero(p, len);
}

void crypto_seal(const unsigned char key[KH_KEY_BYTES], const char *aad, const void *plain,
                 size_t len, unsigned char *out)
{
    unsigned char *nonce = out;
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long n = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                               &n, plain, len, (const unsigned char *)aad,
                                               strlen(aad), NULL, nonce, key);
}

bool crypto_unseal(const unsigned char key[KH_KEY_BYTES], const char *aad, const unsigned char *in,
                   size_t len, unsigned char *out, size_t *out_len)
{
    *out_len = 0;
    if (len < KH_SEAL_OVERHEAD)
        return false;
    unsigned long long n = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            out, &n, NULL, in + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
            len - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, (const unsigned char *)aad,
            strlen(aad), in, key) != 0)
        return false;
    *out_len = (size_t)n;
    return true;
}

_Static_assert(sizeof(crypto_aead_aes256gcm_state) <= sizeof(((struct crypto_aes_key *)0)->state),
               "the AES-GCM state fits");
_Static_assert(crypto_aead_aes256gcm_NPUBBYTES + crypto_aead_aes256gcm_ABYTES ==
                   KH_SEAL_AES_OVERHEAD,
               "nonce and tag");

bool crypto_aes_available(void)
{
    return crypto_aead_aes256gcm_is_available();
}

bool crypto_aes_key_init(struct crypto_aes_key *k, const unsigned char key[KH_KEY_BYTES])
{
    if (!crypto_aead_aes256gcm_is_available())
        return false;
    crypto_aead_aes256gcm_beforenm((crypto_aead_aes256gcm_state *)k->state, key);
    return true;
}

void crypto_seal_aes(const struct crypto_aes_key *k, const char *aad, const void *plain, size_t len,
                     unsigned char *out)
{
    randombytes_buf(out, crypto_aead_aes256gcm_NPUBBYTES);
    unsigned long long n = 0;
    crypto_aead_aes256gcm_encrypt_afternm(out + crypto_aead_aes256gcm_NPUBBYTES, &n, plain, len,
                                          (const unsigned char *)aad, strlen(aad), NULL, out,
                                          (const crypto_aead_aes256gcm_state *)k->state);
}

bool crypto_unseal_aes(const struct crypto_aes_key *k, const char *aad, const unsigned char *in,
                       size_t len, unsigned char *out, size_t *out_len)
{
    *out_len = 0;
    if (len < KH_SEAL_AES_OVERHEAD)
        return false;
    unsigned long long n = 0;
    if (crypto_aead_aes256gcm_decrypt_afternm(out, &n, NULL, in + crypto_aead_aes256gcm_NPUBBYTES,
                                              len - crypto_aead_aes256gcm_NPUBBYTES,
                                              (const unsigned char *)aad, strlen(aad), in,
                                              (const crypto_aead_aes256gcm_state *)k->state) != 0)
        return false;
    *out_len = (size_t)n;
    return true;
}

void crypto_mac(const unsigned char key[KH_KEY_BYTES], const void *data, size_t len,
                unsigned char *out, size_t out_len)
{
    crypto_generichash(out, out_len, data, len, key, KH_KEY_BYTES);
}

/*
 * URL-safe base64 without padding. What it encodes is ciphertext and
 * wrapped keys, public by design, so a table lookup (not libsodium's
 * constant-time coder, several times slower) is safe here.
 */
static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t crypto_b64_encode(const void *in, size_t len, char *out, size_t cap)
{
    size_t need = len / 3 * 4 + (len % 3 ? len % 3 + 1 : 0);
    if (cap < need + 1)
        return 0;
    const unsigned char *p = in;
    char *o = out;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *o++ = b64_chars[v >> 18];
        *o++ = b64_chars[(v >> 12) & 63];
        *o++ = b64_chars[(v >> 6) & 63];
        *o++ = b64_chars[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        *o++ = b64_chars[v >> 18];
        *o++ = b64_chars[(v >> 12) & 63];
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        *o++ = b64_chars[v >> 18];
        *o++ = b64_chars[(v >> 12) & 63];
        *o++ = b64_chars[(v >> 6) & 63];
    }
    *o = '\0';
    return (size_t)(o - out);
}

/*
 * One more than the value of each base64url character, 0 for any other
 * byte: sealed values are decoded on every read of a list page, so one
 * table look-up per character, four characters per step.
 */
static const unsigned char b64_plus1[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,  ['H'] = 8,
    ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16,
    ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
    ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40,
    ['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
    ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['-'] = 63, ['_'] = 64};

bool crypto_b64_decode(const char *in, size_t len, void *out, size_t cap, size_t *out_len)
{
    *out_len = 0;
    if (len % 4 == 1)
        return false;
    size_t need = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
    if (need > cap)
        return false;
    const unsigned char *p = (const unsigned char *)in;
    unsigned char *o = out;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        unsigned a = b64_plus1[p[i]], b = b64_plus1[p[i + 1]], c = b64_plus1[p[i + 2]],
                 d = b64_plus1[p[i + 3]];
        if (!a || !b || !c || !d)
            return false;
        uint32_t v = (a - 1) << 18 | (b - 1) << 12 | (c - 1) << 6 | (d - 1);
        o[0] = (unsigned char)(v >> 16);
        o[1] = (unsigned char)(v >> 8);
        o[2] = (unsigned char)v;
        o += 3;
    }
    size_t rest = len - i; /* 0, 2 or 3 characters */
    if (rest) {
        uint32_t v = 0;
        for (size_t k = 0; k < rest; k++) {
            unsigned x = b64_plus1[p[i + k]];
            if (!x)
                return false;
            v = v << 6 | (x - 1);
        }
        /* unused low bits must be zero: one text per value */
        if (rest == 2) {
            if (v & 0xf)
                return false;
            *o++ = (unsigned char)(v >> 4);
        } else {
            if (v & 0x3)
                return false;
            *o++ = (unsigned char)(v >> 10);
            *o++ = (unsigned char)(v >> 2);
        }
    }
    *out_len = (size_t)(o - (unsigned char *)out);
    return true;
}
