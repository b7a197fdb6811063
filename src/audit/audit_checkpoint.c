/*
 * Checkpoints of the audit chain's head, kept outside the database: one
 * line each in the checkpoint file, sealed with a MAC of the audit key,
 *
 *     kehu-audit-checkpoint 1 <unix time> <last entry id> <its hash> <key id> <seal>
 *
 * appended and synced daily by the scheduler. Verification compares the
 * chain with every one of them (audit.c).
 */
#include "audit/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/registry.h"
#include "audit/audit_internal.h"
#include "audit/audit_store.h"
#include "core/buf.h"
#include "core/mem.h"
#include "jobs/jobs.h"

#define CHECKPOINT_TAG "kehu-audit-checkpoint 1"

static void checkpoint_seal(const struct audit_key *k, int64_t at, int64_t last_id,
                            const char *hash, char out[KH_HASH_HEX])
{
    char msg[256];
    int n = snprintf(msg, sizeof(msg), CHECKPOINT_TAG " %lld %lld %s %s", (long long)at,
                     (long long)last_id, hash, k->id);
    crypto_mac_hex(k->seal, msg, (size_t)n, out);
}

static enum kh_status no_key(struct kh_err *err)
{
    return kh_err_set(err, KH_E_INTERNAL, "key", "没有载入审计密钥", "no audit key is loaded");
}

enum kh_status audit_checkpoint_write(const struct kh_ctx *ctx, struct kh_err *err)
{
    const struct audit_key *k = audit__key();
    if (!k)
        return no_key(err);
    int64_t last_id = 0;
    char hash[KH_HASH_HEX];
    enum kh_status st = audit_store_head(ctx->db, &last_id, hash, err);
    if (st)
        return st;
    int64_t at = ctx_now(ctx);
    char seal[KH_HASH_HEX];
    checkpoint_seal(k, at, last_id, hash, seal);
    char line[512];
    int n = snprintf(line, sizeof(line), CHECKPOINT_TAG " %lld %lld %s %s %s\n", (long long)at,
                     (long long)last_id, hash, k->id, seal);
    int fd = open(k->checkpoints, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, line, (size_t)n) == n && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    if (!ok)
        return kh_err_setf(err, KH_E_UNAVAILABLE, "file", "无法写入审计检查点文件 %s",
                           "cannot write the audit checkpoint file %s", k->checkpoints,
                           k->checkpoints);
    char detail[64];
    snprintf(detail, sizeof(detail), "entry %lld", (long long)last_id);
    struct audit_event ev = {"audit.checkpoint", "", 0, detail};
    return audit_record(ctx, &ev, err);
}

/* One line into cp; false when it is not a checkpoint of this key with a good seal. */
static bool checkpoint_parse(const struct audit_key *k, const char *line,
                             struct audit_checkpoint *cp)
{
    long long at = 0, last_id = 0;
    char hash[KH_HASH_HEX] = "", id[17] = "", seal[KH_HASH_HEX] = "";
    if (sscanf(line, CHECKPOINT_TAG " %lld %lld %64s %16s %64s", &at, &last_id, hash, id, seal) !=
        5)
        return false;
    char want[KH_HASH_HEX];
    checkpoint_seal(k, at, last_id, hash, want);
    if (strcmp(id, k->id) != 0 || !crypto_str_equal(want, seal))
        return false;
    *cp = (struct audit_checkpoint){at, last_id, "", 0};
    memcpy(cp->hash, hash, sizeof(cp->hash));
    return true;
}

/*
 * Every checkpoint in the file (array in ctx->arena), *n of them. A line
 * that is not a sealed checkpoint of this key sets *bad to its number.
 * No file: none.
 */
static struct audit_checkpoint *checkpoints_read(const struct kh_ctx *ctx, int *n, int *bad)
{
    *n = *bad = 0;
    const struct audit_key *k = audit__key();
    FILE *f = k ? fopen(k->checkpoints, "r") : NULL;
    if (!f)
        return NULL;
    int cap = 16, lineno = 0;
    struct audit_checkpoint *cps = arena_alloc(ctx->arena, sizeof(*cps) * (size_t)cap);
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (*n == cap) {
            struct audit_checkpoint *more = arena_alloc(ctx->arena, sizeof(*cps) * (size_t)cap * 2);
            memcpy(more, cps, sizeof(*cps) * (size_t)cap);
            cps = more;
            cap *= 2;
        }
        if (!checkpoint_parse(k, line, &cps[*n])) {
            if (!*bad)
                *bad = lineno;
            continue;
        }
        (*n)++;
    }
    fclose(f);
    return cps;
}

/* Hold the walked chain against the checkpoints (out->ok still true). */
static void checkpoints_judge(const struct audit_checkpoint *cps, int n, bool backup,
                              int64_t newest_at, struct audit_verify_result *out)
{
    for (int i = 0; i < n && out->ok; i++) {
        const struct audit_checkpoint *cp = &cps[i];
        if (cp->state == 1) {
            out->checkpoints++;
        } else if (cp->state == -1) {
            out->ok = false;
            out->first_bad_id = cp->last_id;
            snprintf(out->reason, sizeof(out->reason),
                     "chain differs from the checkpoint of %lld at entry %lld", (long long)cp->at,
                     (long long)cp->last_id);
        } else if (cp->last_id > 0 && (!backup || cp->at <= newest_at)) {
            out->ok = false;
            out->first_bad_id = out->entries + 1;
            snprintf(out->reason, sizeof(out->reason),
                     "chain shorter than the checkpoint of %lld (entry %lld)", (long long)cp->at,
                     (long long)cp->last_id);
        }
    }
}

enum kh_status audit__verify(const struct kh_ctx *ctx, bool backup, struct audit_verify_result *out,
                             struct kh_err *err)
{
    int n = 0, bad = 0;
    struct audit_checkpoint *cps = checkpoints_read(ctx, &n, &bad);
    int64_t newest_at = 0;
    bool index_ok = true;
    enum kh_status st = audit_store_verify(ctx->db, cps, n, out, &newest_at, &index_ok, err);
    if (st || !out->ok)
        return st;
    if (bad) {
        out->ok = false;
        snprintf(out->reason, sizeof(out->reason),
                 "checkpoint file line %d is not a checkpoint sealed with this key", bad);
        return KH_OK;
    }
    checkpoints_judge(cps, n, backup, newest_at, out);
    if (out->ok && !index_ok) {
        out->ok = false;
        kh_strlcpy(out->reason,
                   "the index of batched reads differs from the entries that name them (who saw a "
                   "record would be wrong)",
                   sizeof(out->reason));
    }
    return KH_OK;
}

static enum kh_status run_checkpoint(struct job_run *run, struct kh_err *err)
{
    enum kh_status st = audit_checkpoint_write(&run->ctx, err);
    return st ? st : job_set_result(run, "{}", NULL, NULL, NULL, err);
}

const struct job_kind audit_checkpoint_kind = {"audit_checkpoint", "审计检查点", "Audit checkpoint",
                                               run_checkpoint, 2};

/* Due from AUDIT_CHECKPOINT_HOUR (company time) for an hour, like the daily backup. */
static bool checkpoint_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    return job_daily_due(ctx_tz(ctx), now, AUDIT_CHECKPOINT_HOUR, 0, 3600, period, cap);
}

const struct job_task audit_checkpoint_task = {"audit.checkpoint", "审计日志每日检查点",
                                               "Daily audit checkpoint", &audit_checkpoint_kind,
                                               checkpoint_due};
