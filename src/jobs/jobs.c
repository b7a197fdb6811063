#include "jobs/jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/log.h"
#include "core/mem.h"
#include "jobs/jobs_store.h"

struct queued_job {
    struct queued_job *next;
    struct kh_actor actor;
    int64_t id;
    job_fn *fn;
    void *arg;
    job_free_fn *free_arg;
};

#define MAX_RUNNING 16

/* Progress of running jobs, kept in memory: a job inside a write cannot save it. */
struct running_job {
    int64_t id, done, total;
};

struct jobs {
    struct db *db;
    struct running_job running[MAX_RUNNING];
    const struct kh_clock *clock;
    char *files_dir;
    pthread_t *threads;
    int nthreads;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct queued_job *head, *tail;
    bool stopping;
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

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
    int64_t now = mono_us();
    if (now - run->last_saved_us < 500000 && done < total)
        return;
    run->last_saved_us = now;
    struct kh_err err;
    KH_IGNORE(jobs_store_progress(&run->ctx, run->id, done, total, &err));
}

enum kh_status job_set_result(struct job_run *run, const char *summary, const char *file_path,
                              const char *file_name, const char *content_type, struct kh_err *err)
{
    return jobs_store_result(&run->ctx, run->id, summary, file_path, file_name, content_type, err);
}

/* Run one job to its end and record the outcome. */
static enum kh_status run_job(struct job_run *run, job_fn *fn, struct kh_err *err)
{
    struct kh_err e2;
    KH_IGNORE(jobs_store_state(&run->ctx, run->id, "running", &e2));
    kh_err_clear(err);
    enum kh_status st = fn(run, err);
    if (st && !err->msg_en[0])
        kh_err_set(err, st, "", "任务失败", "the job failed");
    KH_IGNORE(jobs_store_progress(&run->ctx, run->id, run->done, run->total, &e2));
    KH_IGNORE(jobs_store_finish(&run->ctx, run->id, st ? err : NULL, &e2));
    return st;
}

static void *worker_main(void *arg)
{
    struct jobs *js = arg;
    for (;;) {
        pthread_mutex_lock(&js->mu);
        while (!js->head && !js->stopping)
            pthread_cond_wait(&js->cv, &js->mu);
        struct queued_job *q = js->head;
        if (q) {
            js->head = q->next;
            if (!js->head)
                js->tail = NULL;
        }
        pthread_mutex_unlock(&js->mu);
        if (!q)
            break;
        struct arena arena;
        arena_init(&arena);
        struct job_run run = {.id = q->id, .files_dir = js->files_dir, .arg = q->arg, .jobs = js};
        run.ctx = (struct kh_ctx){js->db, &arena, js->clock, q->actor, js};
        struct kh_err err;
        running_set(js, q->id, 0, 0, false);
        enum kh_status jst = run_job(&run, q->fn, &err);
        running_set(js, q->id, 0, 0, true);
        if (jst)
            log_warn("msg=\"job failed\" job=%lld err=\"%s\"", (long long)q->id, err.msg_en);
        if (q->free_arg)
            q->free_arg(q->arg);
        arena_release(&arena);
        free(q);
    }
    return NULL;
}

enum kh_status jobs_start(struct db *db, const struct kh_clock *clock, const char *files_dir,
                          int workers, struct jobs **out, struct kh_err *err)
{
    *out = NULL;
    if (mkdir(files_dir, 0700) != 0 && errno != EEXIST)
        return kh_err_setf(err, KH_E_UNAVAILABLE, "files_dir", "无法创建文件目录 %s",
                           "cannot create the files folder %s", files_dir, files_dir);
    struct jobs *js = kh_calloc(1, sizeof(*js));
    js->db = db;
    js->clock = clock;
    js->files_dir = kh_strdup(files_dir);
    pthread_mutex_init(&js->mu, NULL);
    pthread_cond_init(&js->cv, NULL);
    struct kh_ctx ctx = {db, NULL, clock, {0}, js};
    KH_IGNORE(jobs_store_fail_unfinished(&ctx, err));
    js->nthreads = workers > 0 ? workers : 1;
    js->threads = kh_calloc((size_t)js->nthreads, sizeof(pthread_t));
    for (int i = 0; i < js->nthreads; i++)
        pthread_create(&js->threads[i], NULL, worker_main, js);
    *out = js;
    return KH_OK;
}

void jobs_stop(struct jobs *js)
{
    if (!js)
        return;
    pthread_mutex_lock(&js->mu);
    js->stopping = true;
    struct queued_job *q = js->head;
    js->head = js->tail = NULL;
    pthread_cond_broadcast(&js->cv);
    pthread_mutex_unlock(&js->mu);
    while (q) {
        struct queued_job *next = q->next;
        struct kh_ctx ctx = {js->db, NULL, js->clock, q->actor, js};
        struct kh_err stop, e2;
        kh_err_set(&stop, KH_E_UNAVAILABLE, "", "服务停止，任务未执行",
                   "the server stopped before the job ran");
        KH_IGNORE(jobs_store_finish(&ctx, q->id, &stop, &e2));
        if (q->free_arg)
            q->free_arg(q->arg);
        free(q);
        q = next;
    }
    for (int i = 0; i < js->nthreads; i++)
        pthread_join(js->threads[i], NULL);
    pthread_cond_destroy(&js->cv);
    pthread_mutex_destroy(&js->mu);
    free(js->threads);
    free(js->files_dir);
    free(js);
}

const char *jobs_files_dir(const struct jobs *jobs)
{
    return jobs->files_dir;
}

enum kh_status jobs_submit(const struct kh_ctx *ctx, const char *kind, const char *files_dir,
                           job_fn *fn, void *arg, job_free_fn *free_arg, int64_t *id_out,
                           struct kh_err *err)
{
    *id_out = 0;
    int64_t id = 0;
    enum kh_status st = jobs_store_create(ctx, kind, &id, err);
    if (st) {
        if (free_arg)
            free_arg(arg);
        return st;
    }
    *id_out = id;
    if (!ctx->jobs) {
        struct job_run run = {.ctx = *ctx, .id = id, .files_dir = files_dir, .arg = arg};
        st = run_job(&run, fn, err);
        if (free_arg)
            free_arg(arg);
        return st;
    }
    struct jobs *js = ctx->jobs;
    struct queued_job *q = kh_calloc(1, sizeof(*q));
    q->actor = ctx->actor;
    q->id = id;
    q->fn = fn;
    q->arg = arg;
    q->free_arg = free_arg;
    pthread_mutex_lock(&js->mu);
    if (js->tail)
        js->tail->next = q;
    else
        js->head = q;
    js->tail = q;
    pthread_cond_signal(&js->cv);
    pthread_mutex_unlock(&js->mu);
    return KH_OK;
}

enum kh_status jobs_get(const struct kh_ctx *ctx, int64_t id, struct job_info *out,
                        struct kh_err *err)
{
    enum kh_status st = jobs_store_get(ctx, id, out, err);
    if (st || !ctx->jobs || strcmp(out->state, "running") != 0)
        return st;
    struct jobs *js = ctx->jobs;
    pthread_mutex_lock(&js->mu);
    for (int i = 0; i < MAX_RUNNING; i++)
        if (js->running[i].id == id && js->running[i].total) {
            out->done = js->running[i].done;
            out->total = js->running[i].total;
        }
    pthread_mutex_unlock(&js->mu);
    return KH_OK;
}
