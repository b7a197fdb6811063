/* Field encryption at rest: the keyring, sealing, blind indexes, rotation. */
#include "vault/vault.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "audit/audit_store.h"
#include "core/log.h"
#include "core/mem.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "settings/settings.h"
#include "vault/vault_store.h"

#define MAX_KEYS 64
#define WRAP_AAD "kehu field key"
/* The stored form of a data key that seals with AES-256-GCM starts so; others are
 * XChaCha20-Poly1305. */
#define AES_PREFIX "aes256gcm:"

struct data_key {
    int64_t version;
    bool aes; /* AES-256-GCM (aes_key); else XChaCha20-Poly1305 (k) */
    unsigned char k[KH_KEY_BYTES];
    struct crypto_aes_key aes_key;
};

/* Whether a stored (wrapped) data key seals with AES-256-GCM. */
static bool wrapped_aes(const char *wrapped)
{
    return !strncmp(wrapped, AES_PREFIX, strlen(AES_PREFIX));
}

static size_t overhead(const struct data_key *k)
{
    return k->aes ? KH_SEAL_AES_OVERHEAD : KH_SEAL_OVERHEAD;
}

/*
 * The keyring: keys are appended under mu and published by nkeys (release),
 * so readers need no lock; a key once loaded stays until vault_close.
 */
static struct {
    pthread_mutex_t mu;
    unsigned char wrap[KH_KEY_BYTES], blind[KH_KEY_BYTES];
    struct data_key keys[MAX_KEYS];
    atomic_int nkeys;
    atomic_int_fast64_t active;
    atomic_bool open;
    atomic_uint generation; /* of the blind key: memos of an older one are stale */
} vk = {.mu = PTHREAD_MUTEX_INITIALIZER};

static const struct data_key *key_of(int64_t version)
{
    int n = atomic_load_explicit(&vk.nkeys, memory_order_acquire);
    for (int i = n - 1; i >= 0; i--)
        if (vk.keys[i].version == version)
            return &vk.keys[i];
    return NULL;
}

/* The data key in wrapped (its stored form), into out; false when it does not open. */
static bool unwrap(const char *wrapped, unsigned char out[KH_KEY_BYTES], bool *aes)
{
    *aes = wrapped_aes(wrapped);
    if (*aes)
        wrapped += strlen(AES_PREFIX);
    unsigned char raw[KH_KEY_BYTES + KH_SEAL_OVERHEAD + 8];
    size_t n = 0, len = 0;
    bool ok = crypto_b64_decode(wrapped, strlen(wrapped), raw, sizeof(raw), &n) &&
              n == KH_KEY_BYTES + KH_SEAL_OVERHEAD &&
              crypto_unseal(vk.wrap, WRAP_AAD, raw, n, out, &len) && len == KH_KEY_BYTES;
    crypto_wipe(raw, sizeof(raw));
    return ok;
}

/* Load the keys of the table this process lacks; the highest becomes the active one. */
static enum kh_status load_keys(const struct kh_ctx *ctx, int *count, struct kh_err *err)
{
    struct arena a;
    arena_init(&a);
    struct kh_ctx c2 = *ctx;
    c2.arena = &a;
    struct vault_key_row *rows = NULL;
    int n = 0;
    enum kh_status st = vault_store_keys(&c2, &rows, &n, err);
    pthread_mutex_lock(&vk.mu);
    int64_t top = 0;
    for (int i = 0; !st && i < n; i++) {
        if (rows[i].version > top)
            top = rows[i].version;
        if (key_of(rows[i].version))
            continue;
        int have = atomic_load_explicit(&vk.nkeys, memory_order_relaxed);
        if (have == MAX_KEYS) {
            st = kh_err_set(err, KH_E_INTERNAL, "key", "数据密钥过多：请重启服务",
                            "too many data keys loaded: restart the server");
            break;
        }
        struct data_key *k = &vk.keys[have];
        if (!unwrap(rows[i].wrapped, k->k, &k->aes)) {
            st = kh_err_setf(err, KH_E_INTERNAL, "key",
                             "数据密钥 %lld 无法用此 kehu.key 解开：请放回原来的密钥文件",
                             "data key %lld does not open with this kehu.key: put the original "
                             "key file back",
                             (long long)rows[i].version, (long long)rows[i].version);
            break;
        }
        if (k->aes && !crypto_aes_key_init(&k->aes_key, k->k)) {
            crypto_wipe(k->k, sizeof(k->k));
            st = kh_err_setf(err, KH_E_INTERNAL, "key",
                             "数据密钥 %lld 使用 AES-256-GCM，本机处理器不支持（需 AES-NI）",
                             "data key %lld seals with AES-256-GCM, which this processor cannot "
                             "run (it needs AES-NI)",
                             (long long)rows[i].version, (long long)rows[i].version);
            break;
        }
        k->version = rows[i].version;
        atomic_store_explicit(&vk.nkeys, have + 1, memory_order_release);
    }
    if (!st && top)
        atomic_store(&vk.active, top);
    pthread_mutex_unlock(&vk.mu);
    *count = n;
    arena_release(&a);
    return st;
}

/*
 * A new random data key, wrapped and stored as the next version: one that
 * seals with AES-256-GCM where this processor runs it (DECISIONS §124).
 */
static enum kh_status add_key(const struct kh_ctx *ctx, int64_t *version, struct kh_err *err)
{
    unsigned char k[KH_KEY_BYTES], raw[KH_KEY_BYTES + KH_SEAL_OVERHEAD];
    crypto_random_bytes(k, sizeof(k));
    crypto_seal(vk.wrap, WRAP_AAD, k, sizeof(k), raw);
    crypto_wipe(k, sizeof(k));
    char wrapped[128];
    /* KEHU_FIELD_CIPHER=xchacha20poly1305: for servers that share keys with one without AES-NI */
    const char *want = getenv("KEHU_FIELD_CIPHER");
    bool aes = crypto_aes_available() && !(want && !strcmp(want, "xchacha20poly1305"));
    size_t head = aes ? strlen(AES_PREFIX) : 0;
    memcpy(wrapped, AES_PREFIX, head);
    if (!crypto_b64_encode(raw, sizeof(raw), wrapped + head, sizeof(wrapped) - head))
        return kh_err_set(err, KH_E_INTERNAL, "key", "无法生成数据密钥", "cannot make a data key");
    return vault_store_key_add(ctx, wrapped, version, err);
}

enum kh_status vault_use_key(const struct kh_ctx *ctx, const unsigned char master[32],
                             struct kh_err *err)
{
    vault_close();
    crypto_key_derive(master, 3, "kehufild", vk.wrap);
    crypto_key_derive(master, 4, "kehufild", vk.blind);
    atomic_fetch_add(&vk.generation, 1);
    int n = 0;
    enum kh_status st = load_keys(ctx, &n, err);
    if (!st && n == 0) {
        int64_t v = 0;
        st = add_key(ctx, &v, err);
        if (!st)
            st = load_keys(ctx, &n, err);
    }
    if (!st)
        atomic_store(&vk.open, true);
    return st;
}

enum kh_status vault_open(const struct kh_ctx *ctx, const char *key_path, struct kh_err *err)
{
    unsigned char master[KH_KEY_BYTES];
    enum kh_status st = crypto_key_file_read(key_path, master, err);
    if (!st)
        st = vault_use_key(ctx, master, err);
    crypto_wipe(master, sizeof(master));
    return st;
}

void vault_close(void)
{
    pthread_mutex_lock(&vk.mu);
    atomic_store(&vk.open, false);
    crypto_wipe(vk.keys, sizeof(vk.keys));
    atomic_store(&vk.nkeys, 0);
    atomic_store(&vk.active, 0);
    pthread_mutex_unlock(&vk.mu);
}

enum kh_status vault_refresh(const struct kh_ctx *ctx, struct kh_err *err)
{
    if (!atomic_load(&vk.open))
        return KH_OK;
    int n = 0;
    return load_keys(ctx, &n, err);
}

/* ---- values ---- */

/* The version of a sealed value and where its base64 starts; 0 when not sealed. */
static int64_t sealed_version(const char *v, const char **body)
{
    if (v[0] != 'k' || v[1] < '1' || v[1] > '9')
        return 0;
    int64_t ver = 0;
    const char *p = v + 1;
    while (*p >= '0' && *p <= '9' && ver < INT64_MAX / 10)
        ver = ver * 10 + (*p++ - '0');
    if (*p != ':')
        return 0;
    *body = p + 1;
    return ver;
}

bool vault_is_sealed(const char *stored)
{
    const char *body = NULL;
    return stored && sealed_version(stored, &body) > 0;
}

/*
 * A value that holds nothing to protect: empty, or an empty JSON object (the
 * custom fields of a customer without any). It stays as it is, so that a
 * list page does not open one sealed value per row to find nothing in it.
 */
static bool holds_nothing(const char *v)
{
    return !*v || !strcmp(v, "{}");
}

const char *vault_seal(struct arena *a, const char *use, const char *plain)
{
    if (!plain)
        return "";
    if (holds_nothing(plain))
        return plain;
    int64_t ver = atomic_load(&vk.active);
    const struct data_key *k = ver ? key_of(ver) : NULL;
    if (!k) {
        static atomic_bool warned;
        if (!atomic_exchange(&warned, true))
            log_error("msg=\"field encryption has no key: value stored as written\" use=%s", use);
        return plain;
    }
    size_t n = strlen(plain);
    size_t over = overhead(k);
    unsigned char *raw = arena_alloc(a, n + over);
    if (k->aes)
        crypto_seal_aes(&k->aes_key, use, plain, n, raw);
    else
        crypto_seal(k->k, use, plain, n, raw);
    size_t cap = 24 + (n + over) * 4 / 3 + 4;
    char *out = arena_alloc(a, cap);
    int head = snprintf(out, cap, "k%" PRId64 ":", ver);
    crypto_b64_encode(raw, n + over, out + head, cap - (size_t)head);
    return out;
}

/* The text of sealed into a (NUL-terminated); NULL when it does not open. */
static const char *open_value(struct arena *a, const char *use, const char *stored)
{
    const char *body = NULL;
    int64_t ver = sealed_version(stored, &body);
    const struct data_key *k = ver ? key_of(ver) : NULL;
    if (!k)
        return NULL;
    size_t blen = strlen(body);
    size_t cap = blen * 3 / 4 + 4;
    unsigned char *raw = arena_alloc(a, cap);
    size_t n = 0, len = 0;
    if (!crypto_b64_decode(body, blen, raw, cap, &n) || n < overhead(k))
        return NULL;
    char *out = arena_alloc(a, n - overhead(k) + 1);
    if (!(k->aes ? crypto_unseal_aes(&k->aes_key, use, raw, n, (unsigned char *)out, &len)
                 : crypto_unseal(k->k, use, raw, n, (unsigned char *)out, &len)))
        return NULL;
    out[len] = '\0';
    return out;
}

const char *vault_unseal(struct arena *a, const char *use, const char *stored)
{
#ifdef KH_BENCH_NO_GOVERNANCE /* make bench's features-off side: values served as stored */
    (void)use;
    return arena_strdup(a, stored ? stored : "");
#endif
    /* A copy in a: stored is often a column's text, valid only until the statement's next step. */
    if (!stored || !*stored)
        return "";
    if (!vault_is_sealed(stored))
        return arena_strdup(a, stored);
    const char *v = open_value(a, use, stored);
    if (v)
        return v;
    log_error("msg=\"sealed value does not open: kept as stored\" use=%s", use);
    return arena_strdup(a, stored);
}

bool vault_can_open(const char *stored)
{
    const char *body = NULL;
    int64_t ver = stored ? sealed_version(stored, &body) : 0;
    return ver && key_of(ver);
}

bool vault_damaged(const char *use, const char *stored)
{
    if (!stored || stored[0] != 'k' || stored[1] < '1' || stored[1] > '9')
        return false; /* plaintext */
    const char *body = NULL;
    if (!sealed_version(stored, &body) || strlen(body) < (KH_SEAL_AES_OVERHEAD * 4 + 2) / 3 ||
        strspn(body, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
            strlen(body))
        return true;
    if (!vault_can_open(stored))
        return false; /* cannot tell without its key */
    struct arena a;
    arena_init(&a);
    bool bad = open_value(&a, use, stored) == NULL;
    arena_release(&a);
    return bad;
}

/*
 * The last few blind indexes this thread computed: a customer's phone is
 * hashed for its key and again for its search token, one after the other.
 */
#define MEMO 4
static _Thread_local struct {
    unsigned generation;
    char kind[16], value[48], out[VAULT_BLIND_HEX];
} memo[MEMO];
static _Thread_local unsigned memo_next;

void vault_blind(const char *kind, const char *value, char out[VAULT_BLIND_HEX])
{
    size_t lk = strlen(kind), lv = strlen(value);
    unsigned gen = atomic_load(&vk.generation);
    bool memoable = lk < sizeof(memo[0].kind) && lv < sizeof(memo[0].value);
    for (int i = 0; memoable && i < MEMO; i++)
        if (memo[i].generation == gen && !strcmp(memo[i].kind, kind) &&
            !strcmp(memo[i].value, value)) {
            memcpy(out, memo[i].out, VAULT_BLIND_HEX);
            return;
        }
    char stack[256];
    char *msg = lk + lv + 1 <= sizeof(stack) ? stack : kh_malloc(lk + lv + 1);
    memcpy(msg, kind, lk);
    msg[lk] = '\0';
    memcpy(msg + lk + 1, value, lv);
    unsigned char h[16];
    crypto_mac(vk.blind, msg, lk + lv + 1, h, sizeof(h));
    if (msg != stack)
        free(msg);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[h[i] >> 4];
        out[2 * i + 1] = hex[h[i] & 15];
    }
    out[32] = '\0';
    if (memoable) {
        unsigned k = memo_next++ % MEMO;
        memo[k].generation = gen;
        memcpy(memo[k].kind, kind, lk + 1);
        memcpy(memo[k].value, value, lv + 1);
        memcpy(memo[k].out, out, VAULT_BLIND_HEX);
    }
}

/* ---- re-sealing every value ---- */

/* Seal each value of row not sealed with the active key; true when one changed. */
static bool reseal_row(struct arena *a, const struct vault_table *t, struct vault_row *row,
                       int64_t active, int64_t *unopened)
{
    bool changed = false;
    for (int i = 0; i < t->ncols; i++) {
        const char *v = row->v[i];
        const char *body = NULL;
        int64_t ver = sealed_version(v, &body);
        if (holds_nothing(v) || ver == active)
            continue;
        const char *plain = ver ? open_value(a, t->uses[i], v) : v;
        if (!plain) {
            (*unopened)++;
            log_error("msg=\"sealed value does not open: left as stored\" table=%s id=%lld",
                      t->name, (long long)row->id);
            continue;
        }
        row->v[i] = vault_seal(a, t->uses[i], plain);
        changed = true;
    }
    return changed;
}

struct reseal_job {
    const struct vault_table *t;
    int64_t active;
    int64_t *changed, *unopened;
};

static bool reseal_cb(struct arena *a, const struct vault_table *t, struct vault_row *row,
                      void *arg)
{
    struct reseal_job *j = arg;
    bool ch = reseal_row(a, t, row, j->active, j->unopened);
    *j->changed += ch;
    return ch;
}

/* Every table, in pages of their own transactions; *changed: rows re-sealed. */
static enum kh_status reseal_all(const struct kh_ctx *ctx, int64_t *changed, int64_t *unopened,
                                 struct kh_err *err)
{
    *changed = *unopened = 0;
    int64_t active = atomic_load(&vk.active);
    if (!active || !key_of(active))
        return kh_err_set(err, KH_E_INTERNAL, "key", "字段加密未启用", "field encryption is off");
    int nt = 0;
    const struct vault_table *ts = vault_store_tables(&nt);
    enum kh_status st = KH_OK;
    for (int t = 0; !st && t < nt; t++) {
        int64_t after = 0;
        int n = 0;
        do {
            struct reseal_job j = {&ts[t], active, changed, unopened};
            st = vault_store_reseal_page(ctx, &ts[t], after, 500, reseal_cb, &j, &after, &n, err);
        } while (!st && n == 500);
    }
    return st;
}

enum kh_status vault_upgrade(const struct kh_ctx *ctx, struct kh_err *err)
{
    int64_t pending = 0;
    enum kh_status st = settings_get_int(ctx, "field_seal", 0, &pending, err);
    if (st || pending != 1 || !atomic_load(&vk.open))
        return st;
    int64_t changed = 0, unopened = 0;
    st = reseal_all(ctx, &changed, &unopened, err);
    if (!st && changed)
        st = vault_store_wipe(ctx, err);
    if (!st)
        st = settings_put(ctx, "field_seal", "0", err);
    if (!st && changed)
        log_info("msg=\"sensitive fields encrypted\" rows=%lld", (long long)changed);
    return st;
}

enum kh_status vault_rotate(const struct kh_ctx *ctx, int wait_seconds, int64_t *version,
                            int64_t *resealed, struct kh_err *err)
{
    *version = *resealed = 0;
    if (!atomic_load(&vk.open))
        return kh_err_set(err, KH_E_INTERNAL, "key", "字段加密未启用", "field encryption is off");
    enum kh_status st = add_key(ctx, version, err);
    int n = 0;
    if (!st)
        st = load_keys(ctx, &n, err);
    if (!st) {
        char detail[64];
        snprintf(detail, sizeof(detail), "version=%lld", (long long)*version);
        struct audit_event ev = {"vault.rotate", "", 0, detail};
        st = audit_store_record(ctx, &ev, err);
    }
    if (st)
        return st;
    /* Running servers load the new key at their next scheduler tick (every second). */
    if (wait_seconds > 0)
        sleep((unsigned)wait_seconds);
    int64_t changed = 0, unopened = 0;
    for (int pass = 0; !st && pass < 10; pass++) {
        st = reseal_all(ctx, &changed, &unopened, err);
        *resealed += changed;
        if (!st && changed == 0)
            break;
    }
    if (!st && unopened)
        return kh_err_setf(err, KH_E_INTERNAL, "key", "%lld 个值无法解密，旧密钥已保留",
                           "%lld values do not open: the older "
                           "keys are kept",
                           (long long)unopened, (long long)unopened);
    if (!st && changed == 0)
        st = vault_store_keys_drop_older(ctx, *version, err);
    return st;
}

/* ---- status ---- */

enum kh_status vault_status(const struct kh_ctx *ctx, bool counts, struct vault_status *out,
                            struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct vault_key_row *rows = NULL;
    int n = 0;
    enum kh_status st = vault_store_keys(ctx, &rows, &n, err);
    if (st)
        return st;
    out->keys = arena_alloc(ctx->arena, sizeof(*out->keys) * (size_t)(n ? n : 1));
    out->nkeys = n;
    for (int i = 0; i < n; i++)
        out->keys[i] = (struct vault_key_info){rows[i].version,
                                               rows[i].created_at,
                                               rows[i].retired_at,
                                               i == n - 1,
                                               0,
                                               wrapped_aes(rows[i].wrapped) ? "aes256gcm"
                                                                            : "xchacha20poly1305"};
    int nt = 0;
    const struct vault_table *ts = vault_store_tables(&nt);
    for (int t = 0; counts && !st && t < nt; t++) {
        int64_t after = 0;
        int got = 0;
        do {
            struct arena a;
            arena_init(&a);
            struct kh_ctx c2 = *ctx;
            c2.arena = &a;
            struct vault_row *page = NULL;
            st = vault_store_page(&c2, &ts[t], after, 1000, &page, &got, err);
            for (int r = 0; !st && r < got; r++) {
                after = page[r].id;
                for (int c = 0; c < ts[t].ncols; c++) {
                    const char *body = NULL;
                    int64_t ver = sealed_version(page[r].v[c], &body);
                    if (holds_nothing(page[r].v[c]))
                        continue;
                    if (!ver)
                        out->plain++;
                    for (int k = 0; ver && k < n; k++)
                        out->keys[k].values += out->keys[k].version == ver;
                }
            }
            arena_release(&a);
        } while (!st && got == 1000);
    }
    return st;
}

/* ---- the capability ---- */

const struct kh_audit_action vault_audit_actions[] = {
    {"vault.rotate", "轮换字段加密密钥", "Rotated the field-encryption key"},
    {0},
};

static enum kh_status need_admin(const struct kh_ctx *ctx, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "只有管理员可以管理加密密钥",
                          "only administrators manage encryption keys");
    return KH_OK;
}

enum kh_status vault_status_admin(const struct kh_ctx *ctx, bool counts, struct vault_status *out,
                                  struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    enum kh_status st = need_admin(ctx, err);
    return st ? st : vault_status(ctx, counts, out, err);
}

/* Servers look for new keys every second: two seconds before re-sealing under the new one. */
static enum kh_status run_rotate(struct job_run *run, struct kh_err *err)
{
    int64_t version = 0, resealed = 0;
    enum kh_status st = vault_rotate(&run->ctx, 2, &version, &resealed, err);
    if (st)
        return st;
    const char *summary = arena_printf(run->ctx.arena, "{\"version\":%lld,\"resealed\":%lld}",
                                       (long long)version, (long long)resealed);
    return job_set_result(run, summary, NULL, NULL, NULL, err);
}

/* A run cut short by a restart runs again: re-sealing under the newest key is idempotent. */
const struct job_kind vault_rotate_job_kind = {"vault.rotate", "轮换字段加密密钥",
                                               "Field-encryption key rotation", run_rotate, 2};

enum kh_status vault_rotate_start(const struct kh_ctx *ctx, int64_t *job_id, struct kh_err *err)
{
    *job_id = 0;
    enum kh_status st = need_admin(ctx, err);
    return st ? st : jobs_submit(ctx, &vault_rotate_job_kind, NULL, job_id, err);
}
