/*
 * The scheduler: durable jobs (claim, retry, resume after a restart) and
 * periodic tasks, on the context clock. This binary registers its own toy
 * capability (it defines kh_capabilities, so the library's table is not
 * linked): a job kind that counts its runs and can be told to fail, and a
 * daily task due at 02:00 company time for an hour.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "db_fixture.h"

#include "app/capabilities.h"
#include "core/mem.h"
#include "jobs/jobs.h"
#include "jobs/jobs_store.h"

static _Atomic int runs;         /* toy runs so far */
static _Atomic int fail_first;   /* this many runs fail with KH_E_UNAVAILABLE */
static _Atomic int last_attempt; /* attempt number of the last run */
static char last_params[64];     /* params of the last run */
static pthread_mutex_t params_mu = PTHREAD_MUTEX_INITIALIZER;

static enum kh_status toy_run(struct job_run *run, struct kh_err *err)
{
    pthread_mutex_lock(&params_mu);
    kh_strlcpy(last_params, run->params, sizeof(last_params));
    pthread_mutex_unlock(&params_mu);
    last_attempt = run->attempt;
    int n = ++runs;
    if (n <= fail_first)
        return kh_err_set(err, KH_E_UNAVAILABLE, "", "暂时不可用", "unavailable for now");
    if (strcmp(run->params, "invalid") == 0)
        return kh_err_set(err, KH_E_VALIDATION, "x", "无效", "invalid");
    return KH_OK;
}

static const struct job_kind toy_kind = {"toy", "玩具任务", "Toy job", toy_run, 3};
static const struct job_kind toy_once_kind = {"toy_once", "一次性任务", "One-shot job", toy_run, 1};

static bool toy_always; /* due at any time, in the period "always" */

static bool toy_due(const struct kh_ctx *ctx, int64_t now, char *period, size_t cap)
{
    if (toy_always) {
        snprintf(period, cap, "always");
        return true;
    }
    return job_daily_due(ctx_tz(ctx), now, 2, 0, 3600, period, cap);
}

static const struct job_task toy_task = {"toy.daily", "每日玩具", "Daily toy", &toy_kind, toy_due};

static const struct capability toy_capability = {
    .name = "toys",
    .label_zh = "玩具",
    .label_en = "Toys",
    .job_kinds = (const struct job_kind *const[]){&toy_kind, &toy_once_kind, NULL},
    .tasks = (const struct job_task *const[]){&toy_task, NULL},
};

const struct capability *const kh_capabilities[] = {&toy_capability, NULL};

/* 2026-01-05 09:00 +08:00 is the fixture's time; these are company times of that week. */
#define T(day, hh, mm) ((int64_t)1767542400 + ((day)-5) * 86400 + (hh)*3600 + (mm)*60)

static int setup(void **state)
{
    *state = db_fixture_open("jobs");
    runs = 0;
    toy_always = false; /* a test that failed before setting it back */
    fail_first = 0;
    last_attempt = 0;
    return 0;
}

static int teardown(void **state)
{
    db_fixture_close(*state);
    return 0;
}

/* Wait (bounded, polling) until the toy ran n times and its job row has settled. */
static void wait_runs(int n)
{
    for (int i = 0; i < 2000 && runs < n; i++)
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    assert_int_equal(runs, n);
}

static void job_row(struct db_fixture *f, int64_t id, char *out, size_t cap)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT state, attempts, error_en FROM jobs WHERE id = %lld",
             (long long)id);
    db_fixture_query(f, sql, out, cap);
}

/* Wait until a job leaves the queued and running states; its row then. */
static void wait_settled(struct db_fixture *f, int64_t id, char *out, size_t cap)
{
    for (int i = 0; i < 2000; i++) {
        job_row(f, id, out, cap);
        if (strncmp(out, "queued", 6) != 0 && strncmp(out, "running", 7) != 0)
            return;
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    fail_msg("job %lld did not settle: %s", (long long)id, out);
}

static struct jobs *start(struct db_fixture *f)
{
    struct jobs *js = NULL;
    struct kh_err err;
    assert_int_equal(jobs_start(f->db, &f->clock, NULL, 2, true, &js, &err), KH_OK);
    return js;
}

static void daily_period_is_a_company_time_window(void **state)
{
    (void)state;
    char p[16];
    assert_false(job_daily_due(tz_default(), T(5, 1, 59), 2, 0, 3600, p, sizeof(p)));
    assert_true(job_daily_due(tz_default(), T(5, 2, 0), 2, 0, 3600, p, sizeof(p)));
    assert_string_equal(p, "2026-01-05");
    assert_true(job_daily_due(tz_default(), T(5, 2, 59), 2, 0, 3600, p, sizeof(p)));
    assert_false(job_daily_due(tz_default(), T(5, 3, 0), 2, 0, 3600, p, sizeof(p)));
    /* 00:30 in Shanghai is 16:30 UTC of the day before: still the company's day. */
    assert_true(job_daily_due(tz_default(), T(6, 0, 30), 0, 15, 3600, p, sizeof(p)));
    assert_string_equal(p, "2026-01-06");
}

/* Instant of a UTC calendar time. */
static int64_t utc(int y, int mo, int d, int h, int mi)
{
    return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60;
}

static void daily_period_follows_the_company_zone_across_daylight_saving(void **state)
{
    (void)state;
    struct kh_tz *berlin = NULL;
    struct kh_err err;
    assert_int_equal(tz_load(KH_TZ_DIR, "Europe/Berlin", &berlin, &err), KH_OK);
    char p[16];
    /* 2026-03-30, a summer day: 02:00 CEST is 00:00 UTC. */
    assert_false(job_daily_due(berlin, utc(2026, 3, 29, 23, 59), 2, 0, 3600, p, sizeof(p)));
    assert_true(job_daily_due(berlin, utc(2026, 3, 30, 0, 0), 2, 0, 3600, p, sizeof(p)));
    assert_string_equal(p, "2026-03-30");
    /* A winter day: 02:00 CET is 01:00 UTC. */
    assert_false(job_daily_due(berlin, utc(2026, 3, 28, 0, 59), 2, 0, 3600, p, sizeof(p)));
    assert_true(job_daily_due(berlin, utc(2026, 3, 28, 1, 0), 2, 0, 3600, p, sizeof(p)));
    assert_string_equal(p, "2026-03-28");
    /* 2026-03-29 has no 02:00: the task is due when the clock jumps to 03:00, for an hour. */
    assert_false(job_daily_due(berlin, utc(2026, 3, 29, 0, 59), 2, 0, 3600, p, sizeof(p)));
    assert_true(job_daily_due(berlin, utc(2026, 3, 29, 1, 0), 2, 0, 3600, p, sizeof(p)));
    assert_string_equal(p, "2026-03-29");
    assert_false(job_daily_due(berlin, utc(2026, 3, 29, 2, 0), 2, 0, 3600, p, sizeof(p)));
    /* 2026-10-25 has 02:00 twice: due from the first. */
    assert_true(job_daily_due(berlin, utc(2026, 10, 25, 0, 0), 2, 0, 3600, p, sizeof(p)));
    assert_string_equal(p, "2026-10-25");
    tz_free(berlin);
}

static void hourly_period_is_a_window_in_each_utc_hour(void **state)
{
    (void)state;
    char p[24];
    /* 09:29 +08:00 is 01:29 UTC: before the window; 09:30 to 09:39:59 within it. */
    assert_false(job_hourly_due(T(5, 9, 29), 30, 600, p, sizeof(p)));
    assert_true(job_hourly_due(T(5, 9, 30), 30, 600, p, sizeof(p)));
    assert_string_equal(p, "2026-01-05T01Z");
    assert_true(job_hourly_due(T(5, 9, 39), 30, 600, p, sizeof(p)));
    assert_false(job_hourly_due(T(5, 9, 40), 30, 600, p, sizeof(p)));
    /* 07:30 +08:00 is 23:30 UTC of the day before. */
    assert_true(job_hourly_due(T(5, 7, 30), 30, 600, p, sizeof(p)));
    assert_string_equal(p, "2026-01-04T23Z");
}

static void a_daily_task_fires_once_when_the_clock_passes_its_time(void **state)
{
    struct db_fixture *f = *state;
    struct jobs *js = start(f);
    struct kh_err err;
    int queued = -1;
    clock_set(&f->clock, T(5, 1, 59));
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 0);
    clock_set(&f->clock, T(5, 2, 0));
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 1);
    wait_runs(1);
    /* Later in the same period, and again at once: nothing more. */
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 0);
    clock_set(&f->clock, T(5, 2, 40));
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 0);
    /* The next day's period. */
    clock_set(&f->clock, T(6, 2, 5));
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 1);
    wait_runs(2);
    jobs_stop(js);
    char out[256];
    db_fixture_query(f, "SELECT task, period FROM task_runs", out, sizeof(out));
    assert_string_equal(out, "toy.daily 2026-01-06\n");
    db_fixture_query(f,
                     "SELECT count(*), min(state), max(state) FROM jobs WHERE task = 'toy.daily'",
                     out, sizeof(out));
    assert_string_equal(out, "2 done done\n");
}

/* A long write that gives way to waiting callers: whether one came while it held the writer. */
struct hold {
    struct db_fixture *f;
    _Atomic bool started, done;
    bool wanted;
};

static enum kh_status hold_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    (void)err;
    struct hold *h = arg;
    h->started = true;
    for (int i = 0; i < 200 && !h->wanted && !h->done; i++) {
        h->wanted = db_write_wanted(c);
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    return KH_OK;
}

static void *hold_main(void *arg)
{
    struct hold *h = arg;
    struct kh_err err;
    if (db_write_alone(h->f->db, hold_fn, h, &err) != KH_OK)
        fail_msg("the long write failed: %s", err.msg_en);
    return NULL;
}

/*
 * Idle workers look for work each second, and the tick asks every second
 * whether a due task's period is queued: neither takes the writer when there
 * is nothing to do, so a long background write that gives way to waiting
 * callers (the reclaim, a catch-up) is not cut at each poll.
 */
static void an_idle_scheduler_does_not_take_the_writer(void **state)
{
    struct db_fixture *f = *state;
    struct jobs *js = start(f);
    struct kh_err err;
    int queued = -1;
    toy_always = true;
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 1);
    wait_runs(1);
    struct hold h = {.f = f};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, hold_main, &h), 0);
    while (!h.started)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    for (int i = 0; i < 5; i++) { /* the period taken: ticks and woken workers find nothing */
        assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
        assert_int_equal(queued, 0);
        jobs_wake(js);
        nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
    h.done = true;
    pthread_join(t, NULL);
    toy_always = false;
    jobs_stop(js);
    assert_false(h.wanted);
    assert_int_equal(runs, 1);
}

/* A server started for tests: nothing runs at a time of day until a test sets the clock. */
static void on_a_test_clock_not_yet_set_no_task_is_due(void **state)
{
    struct db_fixture *f = *state;
    clock_init(&f->clock, true); /* settable, following the system time */
    struct jobs *js = start(f);
    struct kh_err err;
    int queued = -1;
    toy_always = true;
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    assert_int_equal(queued, 0);
    assert_true(clock_advance(&f->clock, 1));
    assert_int_equal(jobs_tick(js, &queued, &err), KH_OK);
    toy_always = false;
    assert_int_equal(queued, 1);
    wait_runs(1);
    jobs_stop(js);
}

static void two_schedulers_queue_a_period_once(void **state)
{
    struct db_fixture *f = *state;
    /* Two passes as two servers would make them, without workers: the period is queued once. */
    struct kh_err err;
    bool q1 = false, q2 = false;
    char period[] = "2026-01-05";
    assert_int_equal(jobs_store_task_queue(&f->ctx, &toy_task, period, &q1, &err), KH_OK);
    assert_int_equal(jobs_store_task_queue(&f->ctx, &toy_task, period, &q2, &err), KH_OK);
    assert_true(q1);
    assert_false(q2);
    char out[64];
    db_fixture_query(f, "SELECT count(*) FROM jobs", out, sizeof(out));
    assert_string_equal(out, "1\n");
}

static void a_job_running_at_a_crash_is_resumed_after_restart(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    /* As a server that died mid-run leaves them: running, first attempt used. */
    int64_t resumable = 0, spent = 0;
    assert_int_equal(jobs_store_create(&f->ctx, &toy_kind, "again", true, &resumable, &err), KH_OK);
    assert_int_equal(jobs_store_create(&f->ctx, &toy_once_kind, "once", true, &spent, &err), KH_OK);
    struct jobs *js = start(f);
    wait_runs(1);
    char out[256];
    wait_settled(f, resumable, out, sizeof(out));
    assert_string_equal(out, "done 2 \n");
    assert_int_equal(last_attempt, 2);
    assert_string_equal(last_params, "again");
    /* A kind that allows one attempt is not run twice: it fails, saying why. */
    job_row(f, spent, out, sizeof(out));
    assert_string_equal(out, "failed 1 the server restarted; the job was stopped\n");
    jobs_stop(js);
}

static void a_queued_job_survives_a_stop_and_runs_after_the_next_start(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    int64_t id = 0;
    /* Queued while no server runs (as if submitted just before a stop). */
    assert_int_equal(jobs_store_create(&f->ctx, &toy_kind, "later", false, &id, &err), KH_OK);
    struct jobs *js = start(f);
    wait_runs(1);
    char out[128];
    wait_settled(f, id, out, sizeof(out));
    assert_string_equal(out, "done 1 \n");
    jobs_stop(js);
}

static void a_transient_failure_is_retried_after_its_delay_on_the_clock(void **state)
{
    struct db_fixture *f = *state;
    fail_first = 1;
    struct jobs *js = start(f);
    struct kh_err err;
    int64_t id = 0;
    f->ctx.jobs = js;
    assert_int_equal(jobs_submit(&f->ctx, &toy_kind, "flaky", &id, &err), KH_OK);
    wait_runs(1);
    char out[256];
    for (int i = 0; i < 2000; i++) {
        job_row(f, id, out, sizeof(out));
        if (strncmp(out, "queued", 6) == 0)
            break;
        nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    assert_string_equal(out, "queued 1 unavailable for now\n");
    /* Not before its delay: a pass now runs nothing. */
    assert_int_equal(jobs_tick(js, NULL, &err), KH_OK);
    nanosleep(&(struct timespec){0, 50000000}, NULL);
    assert_int_equal(runs, 1);
    clock_advance(&f->clock, 30);
    assert_int_equal(jobs_tick(js, NULL, &err), KH_OK);
    wait_runs(2);
    wait_settled(f, id, out, sizeof(out));
    assert_string_equal(out, "done 2 \n");
    f->ctx.jobs = NULL;
    jobs_stop(js);
}

static void a_refusal_is_final(void **state)
{
    struct db_fixture *f = *state;
    struct kh_err err;
    int64_t id = 0;
    /* Inline (the CLI): the run's status comes back, the record says failed, no retry. */
    assert_int_equal(jobs_submit(&f->ctx, &toy_kind, "invalid", &id, &err), KH_E_VALIDATION);
    assert_string_equal(err.field, "x");
    char out[128];
    job_row(f, id, out, sizeof(out));
    assert_string_equal(out, "failed 1 invalid\n");
    assert_int_equal(runs, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(daily_period_is_a_company_time_window),
        cmocka_unit_test(daily_period_follows_the_company_zone_across_daylight_saving),
        cmocka_unit_test(hourly_period_is_a_window_in_each_utc_hour),
        cmocka_unit_test_setup_teardown(a_daily_task_fires_once_when_the_clock_passes_its_time,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(on_a_test_clock_not_yet_set_no_task_is_due, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(two_schedulers_queue_a_period_once, setup, teardown),
        cmocka_unit_test_setup_teardown(a_job_running_at_a_crash_is_resumed_after_restart, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_queued_job_survives_a_stop_and_runs_after_the_next_start,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_transient_failure_is_retried_after_its_delay_on_the_clock,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_refusal_is_final, setup, teardown),
        cmocka_unit_test_setup_teardown(an_idle_scheduler_does_not_take_the_writer, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
