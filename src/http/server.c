#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "crypto/crypto.h"
#include "db/db.h"
#include "files/files.h"
#include "http/assets.h"
#include "http/http.h"
#include "http/router.h"

/*
 * Requests whose route may block (writes wait for their group commit, lists
 * and exports take milliseconds) are suspended on the event thread and run
 * by one of these workers, which resumes the connection when the answer is
 * ready. Two pools: reads (GET) are CPU work, so a few threads take them in
 * turn and each runs to its end (sixteen interleaved searches would all
 * finish late); writes mostly wait for their group commit, so many threads
 * take them and their commits are shared.
 */
struct worker_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct http_req *head, *tail;
    bool stopping;
    pthread_t *threads;
    int nthreads;
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct db *db;
    struct kh_clock *clock;
    struct http_config cfg;
    uint16_t port;
    struct worker_pool pool;  /* writes and everything not a GET */
    struct worker_pool reads; /* GET */
};

struct kh_clock *http_server_clock(struct http_server *s)
{
    return s->clock;
}

static void client_address(struct MHD_Connection *conn, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    kh_strlcpy(out, "?", cap);
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

static struct http_req *req_new(struct http_server *s, struct MHD_Connection *conn,
                                const char *method, const char *url)
{
    struct http_req *r = kh_calloc(1, sizeof(*r));
    r->conn = conn;
    r->server = s;
    r->started_us = clock_mono_us();
    arena_init(&r->arena);
    buf_init(&r->body, s->cfg.body_limit);
    r->method = arena_strdup(&r->arena, method);
    r->path = arena_strdup(&r->arena, url);
    r->ctx.db = s->db;
    r->ctx.arena = &r->arena;
    r->ctx.clock = s->clock;
    r->ctx.jobs = s->cfg.jobs;
    r->ctx.files = s->cfg.files;
    client_address(conn, r->ctx.actor.address, sizeof(r->ctx.actor.address));
    const char *lang = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language");
    r->english = lang && (strncmp(lang, "en", 2) == 0);
    r->status = 0;
    return r;
}

static void req_free(struct http_req *r)
{
    if (!r)
        return;
    files_abort(r->upload); /* NULL when the handler kept it */
    if (r->resp_fd > 0)
        close(r->resp_fd);
    arena_release(&r->arena);
    buf_release(&r->body);
    free(r->resp_body);
    free(r);
}

static const struct kh_asset *find_asset(const struct http_server *s, const char *path)
{
    for (const struct kh_asset *a = s->cfg.assets; a && a->path; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}

static enum MHD_Result send_reply(struct http_req *r);

static enum MHD_Result serve_asset(struct http_req *r)
{
    const struct kh_asset *a = find_asset(r->server, r->path);
    if (!a && strncmp(r->path, "/assets/", 8) != 0)
        a = find_asset(r->server, "/index.html"); /* the UI's own routes */
    if (!a) {
        /* An answer, not a closed connection: a stale page asks for a file of an older build. */
        http_reply_error(r, 404, "not_found", "path", "页面不存在", "not found");
        return send_reply(r);
    }
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(a->len, (void *)(uintptr_t)a->data, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", a->content_type);
    MHD_add_response_header(resp, "Cache-Control",
                            a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    enum MHD_Result ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    r->status = 200;
    return ret;
}

static enum MHD_Result send_file(struct http_req *r)
{
    struct MHD_Response *resp = MHD_create_response_from_fd64(r->resp_size, r->resp_fd);
    r->resp_fd = 0; /* MHD closes it */
    MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "Content-Disposition", r->disposition);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    enum MHD_Result ret = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_reply(struct http_req *r)
{
    if (r->resp_fd > 0)
        return send_file(r);
    if (!r->status)
        http_reply_error(r, 500, "internal", "", "服务器未返回结果", "no response");
    /* MHD takes the body (it was malloc'd) instead of copying it: a list page is ~40 KB. */
    struct MHD_Response *resp =
        r->resp_body
            ? MHD_create_response_from_buffer(r->resp_len, r->resp_body, MHD_RESPMEM_MUST_FREE)
            : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (resp)
        r->resp_body = NULL;
    MHD_add_response_header(resp, "Content-Type",
                            r->content_type ? r->content_type : "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (r->set_cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Uploads stream to a writer of the file store instead of memory. */
static void upload_begin(struct http_req *r)
{
    struct kh_err err;
    if (!r->ctx.files || files_begin(r->ctx.files, HTTP_UPLOAD_LIMIT, &r->upload, &err) != KH_OK)
        r->upload_failed = true;
}

static void upload_chunk(struct http_req *r, const char *data, size_t n)
{
    if (r->upload_failed || r->body_too_large)
        return;
    struct kh_err err;
    enum kh_status st = files_write(r->upload, data, n, &err);
    if (st == KH_E_TOO_LARGE)
        r->body_too_large = true;
    else if (st)
        r->upload_failed = true;
    else
        r->upload_size = files_writer_size(r->upload);
}

/*
 * A request is a scope of the database fault hook (db.h; test builds only):
 * the next one after PUT /api/v1/_test/fault takes the armed fault. The
 * test routes that arm and read the hook are not requests of their own.
 */
static void fault_scope_begin(const struct route *rt)
{
    if (!(rt->flags & ROUTE_TEST_CLOCK))
        db_fault_begin(DB_FAULT_REQUEST);
}

static void *worker_main(void *arg)
{
    struct worker_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->head && !p->stopping)
            pthread_cond_wait(&p->cv, &p->mu);
        struct http_req *r = p->head;
        if (!r)
            break; /* stopping and drained */
        p->head = r->next_queued;
        if (!p->head)
            p->tail = NULL;
        pthread_mutex_unlock(&p->mu);
        fault_scope_begin(r->route);
        router_run(r, r->route);
        db_fault_end();
        r->handled = true;
        MHD_resume_connection(r->conn); /* on_request sends the answer */
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void worker_submit(struct worker_pool *p, struct http_req *r)
{
    pthread_mutex_lock(&p->mu);
    r->next_queued = NULL;
    if (p->tail)
        p->tail->next_queued = r;
    else
        p->head = r;
    p->tail = r;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static bool workers_start(struct worker_pool *p, int n, const char *name)
{
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->threads = kh_calloc((size_t)n, sizeof(*p->threads));
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)1 << 20);
    for (int i = 0; i < n; i++) {
        if (pthread_create(&p->threads[i], &attr, worker_main, p) != 0)
            break;
        pthread_setname_np(p->threads[i], name);
        p->nthreads++;
    }
    pthread_attr_destroy(&attr);
    return p->nthreads == n;
}

/* Lets the queued requests finish, then joins every worker. */
static void workers_stop(struct worker_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stopping = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    free(p->threads);
    p->threads = NULL;
    p->nthreads = 0;
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct http_server *s = cls;
    struct http_req *r = *con_cls;
    if (!r) {
        r = req_new(s, conn, method, url);
        *con_cls = r;
        if (!strcmp(method, "POST") &&
            !strncmp(r->path, HTTP_UPLOAD_PATH, strlen(HTTP_UPLOAD_PATH)))
            upload_begin(r);
        return MHD_YES; /* answer on a later call, or keep-alive is lost */
    }
    if (*upload_data_size && (r->upload || r->upload_failed)) {
        upload_chunk(r, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!r->body_too_large) {
            buf_append(&r->body, upload_data, *upload_data_size);
            if (r->body.overflow) {
                r->body_too_large = true;
                buf_release(&r->body);
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->handled) /* a worker ran it and resumed the connection */
        return send_reply(r);
    if (strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/healthz") != 0 &&
        (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0))
        return serve_asset(r);
    const struct route *rt = router_find(r);
    if (rt && (rt->flags & ROUTE_FAST)) {
        fault_scope_begin(rt);
        db_read_hold(s->db); /* one read transaction for the whole request */
        router_run(r, rt);
        db_read_release(s->db);
        db_fault_end();
        rt = NULL;
    }
    if (!rt)
        return send_reply(r);
    r->route = rt;
    MHD_suspend_connection(conn);
    worker_submit(strcmp(method, "GET") == 0 ? &s->reads : &s->pool, r);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    struct http_server *s = cls;
    struct http_req *r = *con_cls;
    if (!r)
        return;
    if (s->cfg.access_log) {
        /* Path only: query strings can carry personal data (searches). */
        const char *q = strchr(r->path, '?');
        int plen = q ? (int)(q - r->path) : (int)strlen(r->path);
        log_info("msg=access method=%s path=%.*s status=%d us=%lld user=%lld addr=%s", r->method,
                 plen > 200 ? 200 : plen, r->path, r->status,
                 (long long)(clock_mono_us() - r->started_us), (long long)r->ctx.actor.user_id,
                 r->ctx.actor.address);
    }
    req_free(r);
    *con_cls = NULL;
}

enum kh_status http_server_start(const struct http_config *cfg, struct db *db,
                                 struct kh_clock *clock, struct http_server **out,
                                 struct kh_err *err)
{
    *out = NULL;
    struct http_server *s = kh_calloc(1, sizeof(*s));
    s->db = db;
    s->clock = clock;
    s->cfg = *cfg;
    if (!s->cfg.body_limit)
        s->cfg.body_limit = 1 << 20;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(cfg->port);
    if (inet_pton(AF_INET, cfg->bind_addr ? cfg->bind_addr : "127.0.0.1", &addr.sin_addr) != 1) {
        free(s);
        return kh_err_set(err, KH_E_INVALID, "bind", "监听地址无效", "invalid listen address");
    }
    int workers = cfg->workers ? (int)cfg->workers : 64;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int readers = cfg->read_workers ? (int)cfg->read_workers : cores < 2 ? 4 : (int)cores * 2;
    bool started = workers_start(&s->pool, workers, "kehu-write");
    started = workers_start(&s->reads, readers, "kehu-read") && started;
    if (!started) {
        workers_stop(&s->pool);
        workers_stop(&s->reads);
        free(s);
        return kh_err_set(err, KH_E_UNAVAILABLE, "workers", "无法启动工作线程",
                          "cannot start worker threads");
    }
    unsigned events = cfg->event_threads ? cfg->event_threads
                      : cores < 1        ? 1
                      : cores > 8        ? 8
                                         : (unsigned)cores;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            MHD_ALLOW_SUSPEND_RESUME,
        cfg->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, events, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->timeout_s ? cfg->timeout_s : 30), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)(cfg->per_ip_limit ? cfg->per_ip_limit : 128), MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(cfg->connection_cap ? cfg->connection_cap : 512), MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        workers_stop(&s->pool);
        workers_stop(&s->reads);
        free(s);
        return kh_err_setf(err, KH_E_UNAVAILABLE, "port",
                           "无法监听端口 %u：端口已被占用或无权使用，请用 PORT= 换一个端口",
                           "cannot listen on port %u: it is in use or not allowed; choose "
                           "another with PORT=",
                           cfg->port, cfg->port);
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : cfg->port;
    *out = s;
    return KH_OK;
}

void http_server_stop(struct http_server *s)
{
    if (!s)
        return;
    /* Stop accepting, then give in-flight requests up to 10 s to finish. */
    MHD_quiesce_daemon(s->daemon);
    for (int i = 0; i < 1000; i++) {
        const union MHD_DaemonInfo *di =
            MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!di || di->num_connections == 0)
            break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    /* Finish what the workers hold (they resume their connections), then close. */
    workers_stop(&s->pool);
    workers_stop(&s->reads);
    MHD_stop_daemon(s->daemon);
    free(s);
}

uint16_t http_server_port(const struct http_server *s)
{
    return s->port;
}
