/* The audit key: read or made at start, the chain re-keyed once when it is new. */
#include "audit/audit.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit_internal.h"
#include "audit/audit_store.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"

/* Configuration built at start (audit_keys_open/load), before other threads; never changed. */
static struct audit_key the_key;
static bool key_loaded;

const struct audit_key *audit__key(void)
{
    return key_loaded ? &the_key : NULL;
}

/* "<folder of db_path>/name", or the environment's value when set. */
static void beside_db(const char *db_path, const char *env, const char *name, char *out, size_t cap)
{
    const char *v = getenv(env);
    if (v && *v) {
        kh_strlcpy(out, v, cap);
        return;
    }
    char dir[3072]; /* room for "/name" in a 4096-byte path */
    db_local_dir(db_path, dir, sizeof(dir));
    snprintf(out, cap, "%s/%s", dir, name);
}

void audit_key_path(const char *db_path, char *out, size_t cap)
{
    beside_db(db_path, "KEHU_KEY_FILE", "kehu.key", out, cap);
}

/* Subkeys 1 and 2 of the master key, for the chain and the checkpoints. */
static void key_use(const char *db_path, const unsigned char master[KH_KEY_BYTES])
{
    crypto_key_derive(master, 1, "kehuaudt", the_key.mac);
    crypto_key_derive(master, 2, "kehuaudt", the_key.seal);
    char id[KH_HASH_HEX];
    crypto_mac_hex(the_key.mac, "key id", 6, id);
    memcpy(the_key.id, id, sizeof(the_key.id) - 1);
    the_key.id[sizeof(the_key.id) - 1] = '\0';
    beside_db(db_path, "KEHU_AUDIT_CHECKPOINTS", "kehu-audit-checkpoints", the_key.checkpoints,
              sizeof(the_key.checkpoints));
    key_loaded = true;
}

enum kh_status audit_keys_load(const char *db_path, struct kh_err *err)
{
    char path[4096];
    audit_key_path(db_path, path, sizeof(path));
    unsigned char master[KH_KEY_BYTES];
    enum kh_status st = crypto_key_file_read(path, master, err);
    if (st == KH_E_NOT_FOUND)
        return kh_err_setf(
            err, KH_E_NOT_FOUND, "key",
            "找不到审计密钥 %s：请用 --db 指明备份所属的数据库，或设置 KEHU_KEY_FILE",
            "no audit key at %s: name the database the backup belongs to with "
            "--db, or set KEHU_KEY_FILE",
            path, path);
    if (!st)
        key_use(db_path, master);
    crypto_wipe(master, sizeof(master));
    return st;
}

enum kh_status audit_keys_open(const struct kh_ctx *ctx, const char *db_path, struct kh_err *err)
{
    char path[4096];
    audit_key_path(db_path, path, sizeof(path));
    unsigned char master[KH_KEY_BYTES];
    enum kh_status st = crypto_key_file_read(path, master, err);
    bool made = false;
    if (st == KH_E_NOT_FOUND) {
        st = crypto_key_file_create(path, master, err);
        made = !st;
    }
    if (!st)
        key_use(db_path, master);
    crypto_wipe(master, sizeof(master));
    if (st || !made)
        return st;
    int64_t n = 0;
    st = audit_store_rekey(ctx, &n, err);
    if (st) { /* no key without its chain: the next start tries again */
        unlink(path);
        key_loaded = false;
        return st;
    }
    if (n)
        log_info("msg=\"audit chain re-keyed\" entries=%lld key=%s", (long long)n, path);
    return st;
}
