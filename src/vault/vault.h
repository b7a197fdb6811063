#ifndef KH_VAULT_VAULT_H
#define KH_VAULT_VAULT_H

/*
 * Field encryption at rest (R-SEC-11, DECISIONS §119).
 *
 * Sensitive columns (customers' phones, ID number and profile values,
 * contacts' phone and personal details, field-history values, approval
 * secrets: the list is vault_columns in vault_store.c) hold
 * "k<version>:<base64 of nonce, ciphertext and tag>" instead of their text:
 * XChaCha20-Poly1305 under data key <version>, with the column's name as
 * associated data. Data keys are random, kept in the table field_keys
 * wrapped (encrypted) by a subkey of the master key file kehu.key, which
 * never enters the database. The highest unretired version seals new
 * values; older versions still open theirs until a rotation re-seals every
 * value and deletes them.
 *
 * Exact lookup by phone or ID number goes through a blind index: a keyed
 * hash (vault_blind) under another subkey, in customer_keys and in the
 * search index, never the number itself.
 *
 * Empty values stay empty (nothing to hide but the absence). A value
 * without the "k<digits>:" form is plaintext of a database not yet sealed
 * and is returned as it is; vault_upgrade seals those at start.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/arena.h"

/*
 * A table with sealed columns, and its columns ("table.column" is each
 * value's use), with the statements that page through it by id ($1 after,
 * $2 limit) and write its values back ($1 id, then the columns). A
 * capability that seals a column of its own table lists it in its
 * registration (struct capability .sealed); the start-up sealing and key
 * rotation then reach it.
 */
#define VAULT_MAX_COLS 5
struct vault_table {
    const char *name;
    int ncols;
    const char *uses[VAULT_MAX_COLS];
    const char *select_sql, *update_sql;
};

/* Use master (the key file's key) for this process: derive the subkeys, load the data keys. */
KH_NODISCARD enum kh_status vault_use_key(const struct kh_ctx *ctx, const unsigned char master[32],
                                          struct kh_err *err);
/* vault_use_key with the key file at key_path (made by audit_keys_open when new). */
KH_NODISCARD enum kh_status vault_open(const struct kh_ctx *ctx, const char *key_path,
                                       struct kh_err *err);
/* Forget the keys (tests; the process's end). */
void vault_close(void);

/*
 * The stored form of plain for the column use ("customers.mobile"), in a. A
 * value that holds nothing ("", an empty JSON object "{}") stays as it is.
 */
const char *vault_seal(struct arena *a, const char *use, const char *plain);
/*
 * The text of a stored value of the column use, always a copy in a. A value this process
 * cannot open (unknown key version, damaged) is returned as stored, and
 * logged: a later write then fails validation instead of losing it.
 */
const char *vault_unseal(struct arena *a, const char *use, const char *stored);
/* True when stored is a sealed value (whatever its version). */
bool vault_is_sealed(const char *stored);
/*
 * True when stored is a sealed value that is damaged: not of the sealed
 * form, or under a key this process has and not opening with it. A value
 * under a key this process lacks (checking a backup without its keys) is
 * not called damaged. Plaintext is not damaged.
 */
bool vault_damaged(const char *use, const char *stored);
/* True when stored is sealed under a key this process has. */
bool vault_can_open(const char *stored);

/* The blind index of a normalised value of a kind ("phone", "id_number"): 32 hex characters. */
#define VAULT_BLIND_HEX 33
void vault_blind(const char *kind, const char *value, char out[VAULT_BLIND_HEX]);

/* Load data keys another process added (a rotation); run by every server's scheduler tick. */
KH_NODISCARD enum kh_status vault_refresh(const struct kh_ctx *ctx, struct kh_err *err);

/* One data key, for `kehu key status` and the administration page. */
struct vault_key_info {
    int64_t version, created_at, retired_at;
    bool active;
    int64_t values;     /* values sealed with it (vault_status with counts) */
    const char *cipher; /* "aes256gcm" or "xchacha20poly1305" */
};
struct vault_status {
    struct vault_key_info *keys;
    int nkeys;
    int64_t plain; /* sensitive values still in plaintext */
};
KH_NODISCARD enum kh_status vault_status(const struct kh_ctx *ctx, bool counts,
                                         struct vault_status *out, struct kh_err *err);

/*
 * Key rotation, online: add a new data key, wait for running servers to
 * load it, re-seal every value with it in pages (each its own short
 * transaction), repeat until no value is left under an older key, then
 * delete the older keys. *resealed: values re-sealed.
 */
KH_NODISCARD enum kh_status vault_rotate(const struct kh_ctx *ctx, int wait_seconds,
                                         int64_t *version, int64_t *resealed, struct kh_err *err);

/*
 * At start, once (setting field_seal = 1, set by migration 037): seal every
 * plaintext sensitive value, then make the overwritten plaintext
 * unreadable from the database's files (db_wipe_free).
 */
KH_NODISCARD enum kh_status vault_upgrade(const struct kh_ctx *ctx, struct kh_err *err);

/* ---- the capability (src/http/routes/vault_routes.c) ---- */

struct job_kind;
struct kh_audit_action;
extern const struct kh_audit_action vault_audit_actions[];
extern const struct job_kind vault_rotate_job_kind;
/* An administrator's key rotation, run as a background job; *job_id gets it. */
KH_NODISCARD enum kh_status vault_rotate_start(const struct kh_ctx *ctx, int64_t *job_id,
                                               struct kh_err *err);
/* vault_status for an administrator (settings.manage); others are refused. */
KH_NODISCARD enum kh_status vault_status_admin(const struct kh_ctx *ctx, bool counts,
                                               struct vault_status *out, struct kh_err *err);

#endif
