/*
 * The company time zone. Every request, job run and command holds the
 * zone of its database for its length (ctx->tz), so formatting a time
 * reads no setting and no file.
 *
 * Each database keeps its current zone in a cache of its own (a db_slot,
 * never a global), as an immutable, reference-counted version: the cache
 * holds one reference, each holder another, released with its arena. A
 * change installs a new version; the old one is freed when its last
 * holder ends. The zone's file is read only when the setting names another
 * zone than the current version's: a change through this process bumps
 * the cache's generation (the next hold sees it at once), and after
 * TZ_TTL seconds a hold reads the setting again, for a change made by
 * another process, but not the file when the name is the same.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/mem.h"
#include "db/db.h"
#include "settings/settings.h"
#include "settings/settings_store.h"

#define TZ_TTL 10

struct tz_cache {
    atomic_int refs;        /* the database's slot, and each version */
    atomic_uint generation; /* bumped by every change through this process */
    pthread_mutex_t mu;     /* guards current, the fields of versions, and taking references */
    struct tz_version *current;
};

struct tz_version {
    atomic_int refs;
    struct tz_cache *cache;
    unsigned generation;
    int64_t checked_at; /* when the setting was last read (context clock) */
    const struct kh_tz *tz;
    struct kh_tz *owned; /* tz when loaded from a file; NULL for the built-in default */
};

static void *tz_cache_new(void)
{
    struct tz_cache *tc = kh_calloc(1, sizeof(*tc));
    atomic_init(&tc->refs, 1);
    atomic_init(&tc->generation, 0);
    pthread_mutex_init(&tc->mu, NULL);
    return tc;
}

static void tz_cache_unref(struct tz_cache *tc)
{
    if (atomic_fetch_sub(&tc->refs, 1) != 1)
        return;
    pthread_mutex_destroy(&tc->mu);
    free(tc);
}

static void version_unref(void *arg)
{
    struct tz_version *v = arg;
    if (!v || atomic_fetch_sub(&v->refs, 1) != 1)
        return;
    struct tz_cache *tc = v->cache;
    tz_free(v->owned);
    free(v);
    tz_cache_unref(tc);
}

/* At db_close: drop the current version and the slot's reference. */
static void tz_cache_release(void *arg)
{
    struct tz_cache *tc = arg;
    pthread_mutex_lock(&tc->mu);
    struct tz_version *v = tc->current;
    tc->current = NULL;
    pthread_mutex_unlock(&tc->mu);
    version_unref(v);
    tz_cache_unref(tc);
}

static const struct db_slot_key tz_cache_key = {tz_cache_new, tz_cache_release};

static struct tz_cache *tz_cache_of(const struct kh_ctx *ctx)
{
    return settings_store_slot(ctx, &tz_cache_key);
}

/* A new version holding tz (owned unless it is the default), with one reference (the caller's). */
static struct tz_version *version_new(struct tz_cache *tc, struct kh_tz *owned, unsigned gen,
                                      int64_t now)
{
    struct tz_version *v = kh_calloc(1, sizeof(*v));
    atomic_init(&v->refs, 1);
    v->cache = tc;
    atomic_fetch_add(&tc->refs, 1);
    v->generation = gen;
    v->checked_at = now;
    v->owned = owned;
    v->tz = owned ? owned : tz_default();
    return v;
}

/* Make v current unless a version of a later generation got there first. */
static void install(struct tz_cache *tc, struct tz_version *v)
{
    struct tz_version *old = NULL;
    pthread_mutex_lock(&tc->mu);
    if (!tc->current || v->generation >= tc->current->generation) {
        old = tc->current;
        tc->current = v;
        atomic_fetch_add(&v->refs, 1);
    }
    pthread_mutex_unlock(&tc->mu);
    version_unref(old);
}

/* A reference to the current version if it needs no check, else NULL. */
static struct tz_version *take_fresh(struct tz_cache *tc, unsigned gen, int64_t now)
{
    pthread_mutex_lock(&tc->mu);
    struct tz_version *v = tc->current;
    if (v && v->generation == gen && now >= v->checked_at && now - v->checked_at < TZ_TTL)
        atomic_fetch_add(&v->refs, 1);
    else
        v = NULL;
    pthread_mutex_unlock(&tc->mu);
    return v;
}

/* The current version, renewed, when it still has the zone name; else NULL. */
static struct tz_version *take_same(struct tz_cache *tc, const char *name, unsigned gen,
                                    int64_t now)
{
    pthread_mutex_lock(&tc->mu);
    struct tz_version *v = tc->current;
    if (v && (!name || !strcmp(tz_name(v->tz), name)) && v->generation <= gen) {
        v->generation = gen;
        v->checked_at = now;
        atomic_fetch_add(&v->refs, 1);
    } else {
        v = NULL;
    }
    pthread_mutex_unlock(&tc->mu);
    return v;
}

/* Read the setting; reuse the current zone when it is the same, else read the zone's file. */
static struct tz_version *refresh(const struct kh_ctx *ctx, struct tz_cache *tc, unsigned gen,
                                  int64_t now)
{
    const char *name = NULL;
    struct kh_err err;
    if (settings_store_get(ctx, "timezone", &name, &err) != KH_OK) {
        /* The database is busy or failing: keep what we have, check again next time. */
        struct tz_version *v = take_same(tc, NULL, gen, now - TZ_TTL);
        return v ? v : version_new(tc, NULL, 0, now - TZ_TTL);
    }
    if (!name || !*name)
        name = SETTINGS_TZ_DEFAULT;
    struct tz_version *v = take_same(tc, name, gen, now);
    if (v)
        return v;
    struct kh_tz *tz = NULL;
    if (tz_load(KH_TZ_DIR, name, &tz, &err) != KH_OK)
        log_warn("msg=\"cannot load the company time zone; using Asia/Shanghai (UTC+8)\" "
                 "timezone=%s err=\"%s\"",
                 name, err.msg_en);
    v = version_new(tc, tz, gen, now);
    install(tc, v);
    return v;
}

const struct kh_tz *settings_tz_hold(const struct kh_ctx *ctx)
{
    struct tz_cache *tc = tz_cache_of(ctx);
    unsigned gen = atomic_load(&tc->generation);
    int64_t now = ctx_now(ctx);
    struct tz_version *v = take_fresh(tc, gen, now);
    if (!v)
        v = refresh(ctx, tc, gen, now);
    arena_defer(ctx->arena, version_unref, v);
    return v->tz;
}

enum kh_status settings_tz_put(const struct kh_ctx *ctx, const char *name, struct kh_err *err)
{
    if (!ctx_can(ctx, &settings_perm_manage))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有修改系统设置的权限",
                          "not allowed to change settings");
    if (!name || !*name)
        return kh_err_set(err, KH_E_VALIDATION, "timezone", "请选择时区", "choose a time zone");
    struct kh_tz *tz = NULL;
    enum kh_status st = tz_load(KH_TZ_DIR, name, &tz, err);
    if (st) {
        /* The reason (unknown zone, not a zone file) is the field's. */
        err->code = KH_E_VALIDATION;
        return KH_E_VALIDATION;
    }
    st = settings_put(ctx, "timezone", tz_name(tz), err);
    if (st) {
        tz_free(tz);
        return st;
    }
    struct tz_cache *tc = tz_cache_of(ctx);
    unsigned gen = atomic_fetch_add(&tc->generation, 1) + 1;
    struct tz_version *v = version_new(tc, tz, gen, ctx_now(ctx));
    install(tc, v);
    version_unref(v);
    return KH_OK;
}
