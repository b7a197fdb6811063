/* Field encryption (administrator): the data keys and what each seals; rotation as a job. */
#include "vault/vault.h"

#include <string.h>

#include "app/registry.h"
#include "http/http.h"
#include "jobs/jobs.h"

/* GET /api/v1/encryption[?counts=1]: counting reads every sensitive value (seconds at 1 M). */
static void get_encryption(struct http_req *r)
{
    const char *counts = http_query(r, "counts");
    bool with_counts = counts && !strcmp(counts, "1");
    struct vault_status vs;
    struct kh_err err;
    kh_err_clear(&err);
    if (!http_reply_status(r, vault_status_admin(&r->ctx, with_counts, &vs, &err), &err))
        return;
    json_t *keys = json_array();
    for (int i = 0; i < vs.nkeys; i++) {
        json_t *k = json_pack("{s:I, s:b, s:s, s:o}", "version", (json_int_t)vs.keys[i].version,
                              "active", vs.keys[i].active, "cipher", vs.keys[i].cipher,
                              "created_at", http_json_time(r, vs.keys[i].created_at));
        if (with_counts)
            json_object_set_new(k, "values", json_integer(vs.keys[i].values));
        json_array_append_new(keys, k);
    }
    /* the active key's cipher, by its usual name */
    bool aes = vs.nkeys && !strcmp(vs.keys[vs.nkeys - 1].cipher, "aes256gcm");
    json_t *o =
        json_pack("{s:s, s:o}", "cipher", aes ? "AES-256-GCM" : "XChaCha20-Poly1305", "keys", keys);
    if (with_counts)
        json_object_set_new(o, "plaintext", json_integer(vs.plain));
    http_reply_json(r, 200, o);
}

static void post_rotate(struct http_req *r)
{
    int64_t id = 0;
    struct kh_err err;
    kh_err_clear(&err);
    if (http_reply_status(r, vault_rotate_start(&r->ctx, &id, &err), &err))
        http_reply_json(r, 202, json_pack("{s:I}", "job_id", (json_int_t)id));
}

static const struct route vault_routes[] = {
    {"GET", "/api/v1/encryption", get_encryption, 0},
    {"POST", "/api/v1/encryption/rotate", post_rotate, 0},
    {0},
};

const struct capability encryption_capability = {
    .name = "encryption",
    .label_zh = "字段加密",
    .label_en = "Field encryption",
    .routes = {vault_routes},
    .job_kinds = (const struct job_kind *const[]){&vault_rotate_job_kind, NULL},
    .audit_actions = vault_audit_actions,
};
