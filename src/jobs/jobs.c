#include "jobs/jobs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "account/account.h"
#include "app/registry.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypto/crypto.h"
#include "core/mem.h"
#include "db/db.h"
#include "vault/vault.h"
#include "files/files.h"
#include "jobs/jobs_store.h"
#include "settings/settings.h"

#define MAX_RUNNING 16
/* A claimed job stays this server's for this long; progress extends it. */
#define LEASE_SECONDS 600
/* A failed run that may be retried waits attempts × this before its next run. */
#define RETRY_DELAY_SECONDS 30
/* Tries of a write that records a job's outcome (its result, its end). */
#define OUTCOME_TRIES 3

/* Progress of running jobs, kept in memory: a job inside a write cannot save it. */
struct running_job {
    int64_t id, done, total;
};

/* Outcomes kept in memory until the database takes them (a full disk). */
#define PENDING_MAX 64

/* The outcome of a run that could not be written yet: retried every pass of the ticker. */
struct pending_outcome {
    int64_t id;  /* 0: free slot */
    bool again;  /* queued again at due, or finished */
    int64_t due; /* again: when */
    bool failed; /* finished: with err */
    struct kh_err err;
};

struct jobs {
    struct db *db;
    struct running_job running[MAX_RUNNING];
    const struct kh_clock *clock;
    struct file_store *files; /* borrowed */
    char owner[72];           /* this server's lease name: random per start */
    pthread_t *threads;
    int nthreads;
    pthread_t ticker;
    pthread_mutex_t mu;
    pthread_cond_t cv;      /* workers: a job may be due */
    pthread_cond_t tick_cv; /* ticker: stop */
    unsigned wakeups;       /* signals not yet taken by a worker */
    bool stopping;
    struct pending_outcome pending[PENDING_MAX]; /* under mu */
};

static void running_set(struct jobs *js, int64_t id, int64_t done, int64_t total, bool remove)
{
    pthread_mutex_lock(&js->mu);
    struct running_job *free_slot = NULL;
    for (int i = 0; i < MAX_RUNNING; i++) {
        if (js->running[i].id == id) {
            if (remove)
                js->running[i].id = 0;
            else
                js->running[i] = (struct running_job){id, done, total};
            pthread_mutex_unlock(&js->mu);
            return;
        }
        if (!js->running[i].id && !free_slot)
            free_slot = &js->running[i];
    }
    if (!remove && free_slot)
        *free_slot = (struct running_job){id, done, total};
    pthread_mutex_unlock(&js->mu);
}

void job_progress(struct job_run *run, int64_t done, int64_t total)
{
    run->done = done;
    run->total = total;
    if (run->jobs)
        running_set(run->jobs, run->id, done, total, false);
    if (!jobs_store_can_write())
        return;
    int64_t now = clock_mono_us();
    if (now - run->last_saved_us < 500000 && done < total)
        return;
    run->last_saved_us = now;
    struct kh_err err;
    KH_IGNORE(jobs_store_progress(&run->ctx, run->id, done, total,
                                  ctx_now(&run->ctx) + LEASE_SECONDS, run->phase, &err));
}

void job_phase(struct job_run *run, const char *phase, int64_t total)
{
    run->phase = phase;
    run->last_saved_us = 0; /* saved at once */
    job_progress(run, 0, total > 0 ? total : 1);
}

static bool retryable(enum kh_status st)
{
    return st == KH_E_UNAVAILABLE || st == KH_E_INTERNAL;
}

/*
 * The outcome of a job is written after its work is committed. A database
 * error there must neither run the work again (an import would meet its own
 * rows as duplicates, an export would be audited twice) nor leave the job
 * "running" until a restart, so these small idempotent writes are tried
 * again, a little later, before they count as failed.
 */
static void outcome_pause(int try)
{
    struct timespec ts = {0, 20000000L * (try + 1)};
    nanosleep(&ts, NULL);
}

enum kh_status job_set_result(struct job_run *run, const char *summary, const char *file,
                              const char *file_name, const char *content_type, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    struct file_info fi = {0};
    struct kh_err ig;
    if (file && run->ctx.files && files_stat(run->ctx.files, file, &fi, &ig) != KH_OK)
        fi.size = 0; /* counted as nothing: the download will say it is gone */
    for (int try = 0; try < OUTCOME_TRIES; try++) {
        if (try)
            outcome_pause(try);
        st = jobs_store_result(&run->ctx, run->id, summary, file, fi.size, file_name, content_type,
                               err);
        if (!retryable(st))
            break;
    }
    return st;
}

bool job_daily_due(const struct kh_tz *tz, int64_t now, int hour, int minute, int64_t grace,
                   char *period, size_t cap)
{
    /* hour:minute of now's day in company time (a day of 23 or 25 hours included). */
    struct kh_civil c;
    time_civil(tz, now, &c);
    c.hour = hour;
    c.minute = minute;
    c.second = 0;
    int64_t at = time_from_civil(tz, &c);
    if (now < at || now >= at + grace)
        return false;
    time_format_date(tz, at, period, cap);
    return true;
}

bool job_hourly_due(int64_t now, int minute, int64_t grace, char *period, size_t cap)
{
    int64_t hour_start = now - ((now % 3600) + 3600) % 3600;
    int64_t at = hour_start + (int64_t)minute * 60;
    if (now < at || now >= at + grace)
        return false;
    struct kh_civil c;
    time_civil(NULL, hour_start, &c);
    snprintf(period, cap, "%04d-%02d-%02dT%02dZ", c.year, c.month, c.day, c.hour);
    return true;
}

static bool stopping(struct jobs *js)
{
    pthread_mutex_lock(&js->mu);
    bool yes = js->stopping;
    pthread_mutex_unlock(&js->mu);
    return yes;
}

bool job_stopping(const struct job_run *run)
{
    return run->jobs && stopping(run->jobs);
}

void job_resume_at(struct job_run *run, const char *params)
{
    run->resume_params = params ? arena_strdup(run->ctx.arena, params) : NULL;
}

/* A run the server's stop interrupted: queued for the next start, not counted as an attempt. */
static bool record_interrupted(struct job_run *run, enum kh_status st, const struct kh_err *err)
{
    if (st != KH_E_UNAVAILABLE || !job_stopping(run))
        return false;
    struct kh_err e2;
    enum kh_status rs =
        jobs_store_requeue(&run->ctx, run->id, ctx_now(&run->ctx), run->resume_params, err, &e2);
    if (rs)
        log_error("msg=\"interrupted job not queued again\" job=%lld err=\"%s\"",
                  (long long)run->id, e2.msg_en);
    else
        log_info("msg=\"job interrupted by the stop, queued for the next start\" job=%lld",
                 (long long)run->id);
    return true;
}

static enum kh_status outcome_write(const struct kh_ctx *ctx, const struct pending_outcome *o,
                                    struct kh_err *e2)
{
    return o->again ? jobs_store_retry(ctx, o->id, o->due, &o->err, e2)
                    : jobs_store_finish(ctx, o->id, o->failed ? &o->err : NULL, e2);
}

/*
 * Keep an outcome the database refused (a full disk, a failing file) until
 * it can be written: the job is not "running" any more, and a reader of it
 * is told what happened (jobs_get) meanwhile. False when there is no room
 * (then only a restart recovers it, as before).
 */
static bool pending_keep(struct jobs *js, const struct pending_outcome *o)
{
    bool kept = false;
    pthread_mutex_lock(&js->mu);
    for (int i = 0; i < PENDING_MAX && !kept; i++)
        if (!js->pending[i].id) {
            js->pending[i] = *o;
            kept = true;
        }
    pthread_mutex_unlock(&js->mu);
    return kept;
}

/* Write the kept outcomes the database now takes (every pass of the ticker). */
static void pending_flush(struct jobs *js, const struct kh_ctx *ctx)
{
    for (int i = 0; i < PENDING_MAX; i++) {
        pthread_mutex_lock(&js->mu);
        struct pending_outcome o = js->pending[i];
        pthread_mutex_unlock(&js->mu);
        struct kh_err e2;
        if (!o.id || outcome_write(ctx, &o, &e2) != KH_OK)
            continue;
        log_info("msg=\"job outcome recorded late\" job=%lld", (long long)o.id);
        pthread_mutex_lock(&js->mu);
        js->pending[i].id = 0;
        pthread_mutex_unlock(&js->mu);
    }
}

/* Record the outcome of one run: done, failed, or queued again for a later attempt. */
static void record_outcome(struct job_run *run, int max_attempts, enum kh_status st,
                           const struct kh_err *err)
{
    struct kh_err e2;
    KH_IGNORE(jobs_store_progress(&run->ctx, run->id, run->done, run->total, 0, run->phase, &e2));
    if (record_interrupted(run, st, err))
        return;
    bool again = st && retryable(st) && run->attempt < max_attempts;
    int64_t due = ctx_now(&run->ctx) + (int64_t)RETRY_DELAY_SECONDS * run->attempt;
    if (again)
        log_warn("msg=\"job will be retried\" job=%lld attempt=%d err=\"%s\"", (long long)run->id,
                 run->attempt, err->msg_en);
    else if (st)
        log_warn("msg=\"job failed\" job=%lld err=\"%s\"", (long long)run->id, err->msg_en);
    struct pending_outcome o = {.id = run->id, .again = again, .due = due, .failed = st != KH_OK};
    if (st)
        o.err = *err;
    o.err.fields = NULL; /* points into the run's arena */
    enum kh_status rs = KH_OK;
    for (int try = 0; try < OUTCOME_TRIES; try++) {
        if (try)
            outcome_pause(try);
        rs = outcome_write(&run->ctx, &o, &e2);
        if (!retryable(rs))
            break;
    }
    if (!rs)
        return;
    /* Not left "running" until a restart: kept, and written when the database takes it. */
    bool kept = run->jobs && retryable(rs) && pending_keep(run->jobs, &o);
    log_error("msg=\"job outcome not recorded%s\" job=%lld err=\"%s\"",
              kept ? ", kept until it can be" : "", (long long)run->id, e2.msg_en);
}

/* Run one job's function; its status, with a message if the function gave none. */
static enum kh_status run_fn(struct job_run *run, job_fn *fn, struct kh_err *err)
{
    kh_err_clear(err);
    enum kh_status st = fn(run, err);
    if (st && !err->msg_en[0])
        kh_err_set(err, st, "", "任务失败", "the job failed");
    return st;
}

/* The actor a job runs as: its creator, or the system for periodic tasks. */
static enum kh_status job_actor(struct kh_ctx *ctx, int64_t user_id, struct kh_err *err)
{
    if (!user_id) {
        account_system_actor(&ctx->actor, "scheduler");
        return KH_OK;
    }
    kh_strlcpy(ctx->actor.address, "job", sizeof(ctx->actor.address));
    return account_actor_load(ctx, user_id, &ctx->actor, err);
}

/* Run a claimed job on this worker and record its outcome. */
static void run_claimed(struct jobs *js, struct arena *arena, const struct job_claim *cl)
{
    struct job_run run = {.id = cl->id, .params = cl->params, .attempt = cl->attempts, .jobs = js};
    run.ctx = (struct kh_ctx){js->db, arena, js->clock, {0}, js, js->files};
    run.ctx.tz = settings_tz_hold(&run.ctx);
    const struct job_kind *kind = registry_job_kind(cl->kind);
    struct kh_err err;
    kh_err_clear(&err);
    enum kh_status st = KH_OK;
    if (!kind)
        st = kh_err_setf(&err, KH_E_INTERNAL, "kind", "未知的任务类型 %s", "unknown job kind %s",
                         cl->kind, cl->kind);
    else
        st = job_actor(&run.ctx, cl->created_by, &err);
    if (!st) {
        running_set(js, cl->id, 0, 0, false);
        st = run_fn(&run, kind->fn, &err);
        running_set(js, cl->id, 0, 0, true);
    }
    record_outcome(&run, kind ? cl->max_attempts : 0, st, &err);
}

/* A job run is a scope of the database fault hook (db.h; test builds only). */
static void run_claimed_scoped(struct jobs *js, struct arena *arena, const struct job_claim *cl)
{
    db_fault_begin(DB_FAULT_JOB);
    run_claimed(js, arena, cl);
    db_fault_end();
}

/* Wait until a job may be due (a wake-up, or a second passing) or the scheduler stops. */
static bool wait_for_work(struct jobs *js)
{
    pthread_mutex_lock(&js->mu);
    if (!js->wakeups && !js->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&js->cv, &js->mu, &until);
    }
    if (js->wakeups)
        js->wakeups--;
    bool go = !js->stopping;
    pthread_mutex_unlock(&js->mu);
    return go;
}

static void *worker_main(void *arg)
{
    struct jobs *js = arg;
    while (wait_for_work(js)) {
        for (;;) {
            struct arena arena;
            arena_init(&arena);
            struct kh_ctx ctx = {js->db, &arena, js->clock, {0}, js, js->files};
            struct job_claim cl;
            bool found = false;
            struct kh_err err;
            if (jobs_store_claim(&ctx, js->owner, LEASE_SECONDS, &cl, &found, &err))
                log_warn("msg=\"cannot claim a job\" err=\"%s\"", err.msg_en);
            if (found)
                run_claimed_scoped(js, &arena, &cl);
            arena_release(&arena);
            if (!found || stopping(js))
                break;
        }
    }
    return NULL;
}

static void wake_workers(struct jobs *js)
{
    pthread_mutex_lock(&js->mu);
    js->wakeups = (unsigned)js->nthreads;
    pthread_cond_broadcast(&js->cv);
    pthread_mutex_unlock(&js->mu);
}

void jobs_wake(struct jobs *js)
{
    if (js)
        wake_workers(js);
}

enum kh_status jobs_tick(struct jobs *js, int *queued, struct kh_err *err)
{
    if (queued)
        *queued = 0;
    struct arena arena;
    arena_init(&arena);
    struct kh_ctx ctx = {js->db, &arena, js->clock, {0}, js, js->files};
    account_system_actor(&ctx.actor, "scheduler");
    ctx.tz = settings_tz_hold(&ctx); /* periodic tasks are due in company time */
    pending_flush(js, &ctx);
    struct kh_err verr;
    if (vault_refresh(&ctx, &verr)) /* a key rotation's new key, from another process */
        log_warn("msg=\"cannot load data keys\" err=\"%s\"", verr.msg_en);
    int64_t now = ctx_now(&ctx);
    enum kh_status st = KH_OK;
    size_t ntasks = 0;
    const struct job_task *const *tasks = registry_tasks(&ntasks);
    if (clock_test_unset(js->clock))
        ntasks = 0; /* a test server: periodic tasks follow the test clock once it is set */
    for (size_t i = 0; i < ntasks && !st; i++) {
        char period[128];
        bool q = false;
        if (!tasks[i]->due(&ctx, now, period, sizeof(period)))
            continue;
        st = jobs_store_task_queue(&ctx, tasks[i], period, &q, err);
        if (q) {
            log_info("msg=\"task queued\" task=%s period=%s", tasks[i]->name, period);
            if (queued)
                (*queued)++;
        }
    }
    arena_release(&arena);
    wake_workers(js);
    return st;
}

static void *ticker_main(void *arg)
{
    struct jobs *js = arg;
    pthread_mutex_lock(&js->mu);
    while (!js->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&js->tick_cv, &js->mu, &until);
        if (js->stopping)
            break;
        pthread_mutex_unlock(&js->mu);
        struct kh_err err;
        if (jobs_tick(js, NULL, &err))
            log_warn("msg=\"scheduler pass failed\" err=\"%s\"", err.msg_en);
        pthread_mutex_lock(&js->mu);
    }
    pthread_mutex_unlock(&js->mu);
    return NULL;
}

enum kh_status jobs_start(struct db *db, const struct kh_clock *clock, struct file_store *files,
                          int workers, bool sole, struct jobs **out, struct kh_err *err)
{
    *out = NULL;
    struct jobs *js = kh_calloc(1, sizeof(*js));
    js->db = db;
    js->clock = clock;
    js->files = files;
    /* Which server runs a job, for people (host and process) and unique (a random tail). */
    char host[32] = "", prefix[48];
    gethostname(host, sizeof(host) - 1);
    snprintf(prefix, sizeof(prefix), "%.31s:%ld:", host, (long)getpid());
    crypto_random_token(prefix, js->owner, sizeof(js->owner));
    pthread_mutex_init(&js->mu, NULL);
    pthread_cond_init(&js->cv, NULL);
    pthread_cond_init(&js->tick_cv, NULL);
    struct kh_ctx ctx = {db, NULL, clock, {0}, js, files};
    int64_t resumed = 0;
    if (sole && jobs_store_recover(&ctx, &resumed, err))
        log_warn("msg=\"cannot recover jobs\" err=\"%s\"", err->msg_en);
    else if (resumed)
        log_info("msg=\"jobs of the last run recovered\" count=%lld", (long long)resumed);
    js->nthreads = workers > 0 ? workers : 1;
    js->threads = kh_calloc((size_t)js->nthreads, sizeof(pthread_t));
    js->wakeups = (unsigned)js->nthreads;
    for (int i = 0; i < js->nthreads; i++)
        pthread_create(&js->threads[i], NULL, worker_main, js);
    pthread_create(&js->ticker, NULL, ticker_main, js);
    *out = js;
    return KH_OK;
}

void jobs_stop_begin(struct jobs *js)
{
    if (!js)
        return;
    pthread_mutex_lock(&js->mu);
    js->stopping = true;
    pthread_cond_broadcast(&js->cv);
    pthread_cond_broadcast(&js->tick_cv);
    pthread_mutex_unlock(&js->mu);
}

void jobs_stop(struct jobs *js)
{
    if (!js)
        return;
    jobs_stop_begin(js);
    pthread_join(js->ticker, NULL);
    for (int i = 0; i < js->nthreads; i++)
        pthread_join(js->threads[i], NULL);
    pthread_cond_destroy(&js->tick_cv);
    pthread_cond_destroy(&js->cv);
    pthread_mutex_destroy(&js->mu);
    free(js->threads);
    free(js);
}

enum kh_status jobs_submit(const struct kh_ctx *ctx, const struct job_kind *kind,
                           const char *params, int64_t *id_out, struct kh_err *err)
{
    *id_out = 0;
    int64_t id = 0;
    enum kh_status st = jobs_store_create(ctx, kind, params, ctx->jobs == NULL, &id, err);
    if (st)
        return st;
    *id_out = id;
    if (ctx->jobs) {
        wake_workers(ctx->jobs);
        return KH_OK;
    }
    /* Inline (the CLI): one attempt, now, as the calling actor. */
    struct job_run run = {.ctx = *ctx, .id = id, .params = params ? params : "", .attempt = 1};
    st = run_fn(&run, kind->fn, err);
    struct kh_err saved = *err;
    record_outcome(&run, 1, st, &saved);
    return st;
}
enum kh_status jobs_get(const struct kh_ctx *ctx, int64_t id, struct job_info *out,
                        struct kh_err *err)
{
    enum kh_status st = jobs_store_get(ctx, id, out, err);
    if (st || !ctx->jobs || strcmp(out->state, "running") != 0)
        return st;
    struct jobs *js = ctx->jobs;
    pthread_mutex_lock(&js->mu);
    /* An outcome the database has not taken yet is the job's state: it is not running. */
    for (int i = 0; i < PENDING_MAX; i++) {
        const struct pending_outcome *o = &js->pending[i];
        if (o->id != id)
            continue;
        out->state = o->again ? "queued" : o->failed ? "failed" : "done";
        if (o->failed || o->again) {
            out->error_zh = arena_strdup(ctx->arena, o->err.msg_zh);
            out->error_en = arena_strdup(ctx->arena, o->err.msg_en);
            out->error_field = arena_strdup(ctx->arena, o->err.field);
        }
    }
    for (int i = 0; i < MAX_RUNNING; i++)
        if (js->running[i].id == id && js->running[i].total) {
            out->done = js->running[i].done;
            out->total = js->running[i].total;
        }
    pthread_mutex_unlock(&js->mu);
    return KH_OK;
}
