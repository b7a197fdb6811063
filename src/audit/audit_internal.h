#ifndef KH_AUDIT_AUDIT_INTERNAL_H
#define KH_AUDIT_AUDIT_INTERNAL_H

/* What the audit module's files share: the audit key (audit_key.c). */

#include <stdbool.h>
#include <stdint.h>

#include "crypto/crypto.h"

struct audit_key {
    unsigned char mac[KH_KEY_BYTES];  /* chains the entries (keyed BLAKE2b) */
    unsigned char seal[KH_KEY_BYTES]; /* seals the checkpoints */
    char id[17];                      /* names the key (not secret), stored in audit_head */
    char checkpoints[4096];           /* the checkpoint file */
};

/*
 * The key this process loaded at start (audit_keys_open/audit_keys_load),
 * or NULL when none was: then the chain is hashed without a key, as before
 * keys (unit tests). Set once before any thread uses it, never changed.
 */
const struct audit_key *audit__key(void);

/* A checkpoint of the chain's head read from the checkpoint file. */
struct audit_checkpoint {
    int64_t at, last_id;
    char hash[KH_HASH_HEX];
    int state; /* set by the walk: 1 its entry has its hash, -1 another, 0 not reached */
};

struct kh_ctx;
struct audit_verify_result;
/* audit_verify (backup false) and audit_verify_backup, without the permission check. */
KH_NODISCARD enum kh_status audit__verify(const struct kh_ctx *ctx, bool backup,
                                          struct audit_verify_result *out, struct kh_err *err);

#endif
