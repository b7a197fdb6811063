#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"
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

/*
 * Every open connection, oldest first, so the guard thread can close those
 * that keep a slot without a request worth waiting for: past the deadline
 * for an unauthenticated request, beyond the cap less the reserve, or idle
 * when the server stops. A connection is cut with shutdown(): MHD then
 * sees the end of the stream and closes it on its own thread. MHD tells of
 * a closed connection (notify_connection) before it closes the socket, so
 * a descriptor in the table is never another connection's.
 */
struct conn_slot {
    struct conn_slot *prev, *next;
    int fd;
    int64_t since_us; /* opened, or answered its last request */
    bool busy;        /* serving a request that is past the deadline's reach */
    bool cut;
    struct MHD_Connection *held; /* suspended: a worker holds its request */
};

struct conn_table {
    pthread_mutex_t mu;
    pthread_cond_t cv; /* the guard: stop, or look again now */
    struct conn_slot *head, *tail;
    int open;      /* not cut */
    int suspended; /* connections a worker holds */
    bool stopping; /* the server stops: answer no new request */
    bool guard_stop;
    pthread_t guard;
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct conn_table conns;
    struct db *db;
    struct kh_clock *clock;
    struct http_config cfg;
    uint16_t port;
    struct worker_pool pool;  /* writes and everything not a GET */
    struct worker_pool reads; /* GET */
    char public_origin[256];  /* "https://crm.example.cn" from cfg.public_url, or "" */
};

struct kh_clock *http_server_clock(struct http_server *s)
{
    return s->clock;
}

static void peer_address(struct MHD_Connection *conn, char *out, size_t cap)
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

/* "https://crm.example.cn/kehu/" -> "https://crm.example.cn"; "" for anything else. */
static void origin_of(const char *url, char *out, size_t cap)
{
    out[0] = '\0';
    if (!url)
        return;
    const char *p = strstr(url, "://");
    if (!p || (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)))
        return;
    size_t n = strcspn(p + 3, "/?#") + (size_t)(p + 3 - url);
    if (n < cap) {
        memcpy(out, url, n);
        out[n] = '\0';
    }
}

bool http_request_secure(struct http_req *r)
{
    const struct http_server *s = r->server;
    if (!strncasecmp(s->public_origin, "https://", 8))
        return true;
    const char *proto = http_header(r, "X-Forwarded-Proto");
    return proto && !strcasecmp(proto, "https") && http_proxies_trust(&s->cfg.proxies, r->peer);
}

bool http_origin_allowed(struct http_req *r, const char *origin)
{
    if (r->server->public_origin[0] && !strcasecmp(origin, r->server->public_origin))
        return true;
    const char *host = http_header(r, "Host");
    if (!host || !*host)
        return false;
    char own[320];
    snprintf(own, sizeof(own), "%s://%s", http_request_secure(r) ? "https" : "http", host);
    return !strcasecmp(origin, own);
}

/* The peer, or the client a trusted proxy names (http/proxy.h). */
static void client_address(const struct http_server *s, struct MHD_Connection *conn, char *out,
                           size_t cap)
{
    char peer[64];
    peer_address(conn, peer, sizeof(peer));
    const char *xff = s->cfg.proxies.n
                          ? MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For")
                          : NULL;
    http_client_address(&s->cfg.proxies, peer, xff, out, cap);
}

/* ---- connections ---- */

static void notify_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
    struct http_server *s = cls;
    struct conn_table *t = &s->conns;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct conn_slot *c = kh_calloc(1, sizeof(*c));
        c->fd = ci ? ci->connect_fd : -1;
        c->since_us = clock_mono_us();
        pthread_mutex_lock(&t->mu);
        c->prev = t->tail;
        if (t->tail)
            t->tail->next = c;
        else
            t->head = c;
        t->tail = c;
        t->open++;
        pthread_mutex_unlock(&t->mu);
        *socket_context = c;
        return;
    }
    struct conn_slot *c = *socket_context;
    if (!c)
        return;
    pthread_mutex_lock(&t->mu);
    if (c->prev)
        c->prev->next = c->next;
    else
        t->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        t->tail = c->prev;
    if (!c->cut)
        t->open--;
    pthread_mutex_unlock(&t->mu);
    free(c);
    *socket_context = NULL;
}

/* A request on the connection is being served (busy), or it was answered and waits for the next. */
static void slot_busy(struct http_server *s, struct conn_slot *c, bool busy)
{
    if (!c)
        return;
    pthread_mutex_lock(&s->conns.mu);
    c->busy = busy;
    if (!busy)
        c->since_us = clock_mono_us();
    pthread_mutex_unlock(&s->conns.mu);
}

static void slot_cut(struct conn_table *t, struct conn_slot *c)
{
    if (c->fd >= 0)
        shutdown(c->fd, SHUT_RDWR);
    c->cut = true;
    t->open--;
}

/*
 * One look over the connections (the table locked): cut those past the
 * deadline, the oldest waiting ones while more than cap less reserve are
 * open, or every waiting one when the server stops. Returns how many were
 * cut only to keep the reserve (the deadline also closes every idle
 * keep-alive connection: that is not worth a log line).
 */
static int guard_pass(struct http_server *s, int64_t now)
{
    struct conn_table *t = &s->conns;
    int64_t deadline = (int64_t)s->cfg.header_timeout_s * 1000000;
    int keep = (int)s->cfg.connection_cap - (int)s->cfg.connection_reserve;
    int shed = 0;
    for (struct conn_slot *c = t->head; c; c = c->next) {
        if (c->cut || c->busy)
            continue;
        bool late = now - c->since_us > deadline;
        if (t->stopping || late || t->open > keep) {
            shed += !t->stopping && !late;
            slot_cut(t, c);
        }
    }
    return shed;
}

static void *guard_main(void *arg)
{
    struct http_server *s = arg;
    struct conn_table *t = &s->conns;
    pthread_mutex_lock(&t->mu);
    while (!t->guard_stop) {
        int shed = guard_pass(s, clock_mono_us());
        if (shed)
            log_warn("msg=\"connections cut to keep the reserve\" count=%d open=%d", shed, t->open);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000 * 1000; /* deadlines are whole seconds: 0.1 s is close enough */
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&t->cv, &t->mu, &until);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

static bool guard_start(struct http_server *s)
{
    struct conn_table *t = &s->conns;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    if (pthread_create(&t->guard, NULL, guard_main, s) != 0)
        return false;
    pthread_setname_np(t->guard, "kehu-guard");
    return true;
}

static void guard_stop(struct http_server *s)
{
    struct conn_table *t = &s->conns;
    pthread_mutex_lock(&t->mu);
    t->guard_stop = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->guard, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
}

static bool server_stopping(struct http_server *s)
{
    pthread_mutex_lock(&s->conns.mu);
    bool stopping = s->conns.stopping;
    pthread_mutex_unlock(&s->conns.mu);
    return stopping;
}

/* ---- requests ---- */

static struct http_req *req_new(struct http_server *s, struct MHD_Connection *conn,
                                const char *method, const char *url)
{
    struct http_req *r = kh_calloc(1, sizeof(*r));
    r->conn = conn;
    const union MHD_ConnectionInfo *sc =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    r->slot = sc ? sc->socket_context : NULL;
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
    peer_address(conn, r->peer, sizeof(r->peer));
    client_address(s, conn, r->ctx.actor.address, sizeof(r->ctx.actor.address));
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

/*
 * The UI's policy: its own scripts only (no inline script, no eval), styles
 * also inline (Element Plus positions popups with style attributes), images
 * and fonts also as data: URLs, and no framing by other sites.
 */
#define CSP_UI                                                                                     \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                    \
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "   \
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
/* API answers and downloads are data, never a page. */
#define CSP_DATA "default-src 'none'; frame-ancestors 'none'; sandbox"

/* The headers every answer carries; ui: a page or asset of the web UI. */
static void security_headers(struct MHD_Response *resp, struct http_req *r, bool ui)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy", ui ? CSP_UI : CSP_DATA);
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (http_request_secure(r))
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

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
    security_headers(resp, r, true);
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
    security_headers(resp, r, false);
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
    security_headers(resp, r, false);
    if (r->set_cookie[0])
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
    if (r->retry_after > 0 && (r->status == 429 || r->status == 503)) {
        char secs[24];
        snprintf(secs, sizeof(secs), "%lld", (long long)r->retry_after);
        MHD_add_response_header(resp, "Retry-After", secs);
    }
    if (server_stopping(r->server))
        MHD_add_response_header(resp, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Uploads stream to a writer of the file store instead of memory. */
static void upload_begin(struct http_req *r)
{
    struct kh_err err;
    uint64_t limit = r->upload_limit && r->upload_limit < HTTP_UPLOAD_LIMIT ? r->upload_limit
                                                                            : HTTP_UPLOAD_LIMIT;
    if (!r->ctx.files || files_begin(r->ctx.files, limit, &r->upload, &err) != KH_OK)
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

/* A refused body up to this size is read and dropped before the answer; a larger one is not read.
 */
#define HTTP_DISCARD_MAX ((uint64_t)4 << 20)

/* The body's declared size (Content-Length, which MHD has checked; 0 when absent), and whether
 * there is one. */
static uint64_t declared_size(struct http_req *r, bool *has_body)
{
    const char *cl = http_header(r, "Content-Length");
    long long v = 0;
    if (!cl || !str_to_i64(str_from(cl), 0, INT64_MAX, &v))
        v = 0;
    *has_body = v > 0 || http_header(r, "Transfer-Encoding") != NULL;
    return (uint64_t)v;
}

static void reply_too_large(struct http_req *r, uint64_t limit)
{
    struct kh_err err;
    bool mb = limit >= ((uint64_t)1 << 20);
    long long n = (long long)(mb ? limit >> 20 : limit >> 10);
    const char *unit = mb ? "MB" : "KB";
    kh_err_setf(&err, KH_E_TOO_LARGE, "", "请求内容过大：最多 %lld %s",
                "request body too large: at most %lld %s", n, unit, n, unit);
    http_reply_err(r, &err);
}

/* A streamed upload (a POST route with ROUTE_UPLOAD): its body goes to the file store. */
static bool is_upload(struct http_req *r)
{
    if (strcmp(r->method, "POST"))
        return false;
    const struct route *rt = router_find(r);
    return rt && (rt->flags & ROUTE_UPLOAD);
}

/*
 * The first call of a request with a body, before a byte of it is read:
 * the route must exist, the size must be within the limit, the caller must
 * be authenticated (a public route's body is read under the deadline), and
 * a ROUTE_BEFORE_BODY handler may refuse. A refusal is answered now, so MHD
 * closes the connection instead of reading the body. Returns false when it
 * answered.
 */
static bool admit_body(struct http_req *r, uint64_t declared)
{
    uint64_t limit = is_upload(r) ? HTTP_UPLOAD_LIMIT : r->server->cfg.body_limit;
    const struct route *rt = router_find(r);
    if (!rt)
        return false;
    if (declared > limit) {
        reply_too_large(r, limit);
        return false;
    }
    r->route = rt;
    if (rt->flags & ROUTE_PUBLIC)
        return true;
    db_read_hold(r->server->db);
    bool ok = router_admit(r, rt);
    if (ok && (rt->flags & ROUTE_BEFORE_BODY)) {
        r->before_body = true;
        r->declared = declared;
        rt->handler(r);
        r->before_body = false;
        ok = r->status == 0;
    }
    db_read_release(r->server->db);
    if (ok)
        slot_busy(r->server, r->slot, true); /* authenticated: no deadline for its body */
    return ok;
}

/*
 * A body without Content-Length that passed its limit while it was read:
 * an upload past the room its route gave it is refused as the route
 * refuses it before the body (quota, disk reserve), anything else is 413.
 */
static void too_large_after(struct http_req *r, const struct route *rt)
{
    if (!r->upload || !(rt->flags & ROUTE_BEFORE_BODY) || !r->upload_limit ||
        r->upload_limit >= HTTP_UPLOAD_LIMIT) {
        reply_too_large(r, r->upload ? HTTP_UPLOAD_LIMIT : r->server->cfg.body_limit);
        return;
    }
    db_read_hold(r->server->db);
    r->before_body = true;
    r->declared = r->upload_limit + 1;
    rt->handler(r);
    r->before_body = false;
    db_read_release(r->server->db);
    if (!r->status)
        reply_too_large(r, r->upload_limit);
}

/* A GET or HEAD of the web UI's files (anything but the API and the health check). */
static bool is_asset(const struct http_req *r)
{
    return strncmp(r->path, "/api/", 5) != 0 && strcmp(r->path, "/healthz") != 0 &&
           (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
}

/* The first call of a request: its headers are complete. */
static enum MHD_Result request_begins(struct http_server *s, struct http_req *r)
{
    bool has_body = false;
    uint64_t declared = declared_size(r, &has_body);
    bool upload = is_upload(r);
    /* An asset's body (if any) is read into memory, 1 MiB at most, under the deadline, and ignored.
     */
    if (is_asset(r))
        return MHD_YES;
    if (!has_body && !upload) { /* an empty upload is answered as one (422) */
        slot_busy(s, r->slot, true);
        return MHD_YES; /* answer on a later call, or keep-alive is lost */
    }
    if (!admit_body(r, declared)) {
        /*
         * A client that does not wait for "100 Continue" is already sending
         * the body, and closing on it can reset the answer away: a small one
         * is read and dropped (under the deadline) and answered at its end.
         */
        if (declared && declared <= HTTP_DISCARD_MAX && !http_header(r, "Expect")) {
            r->refused = true;
            return MHD_YES;
        }
        return send_reply(r);
    }
    if (upload)
        upload_begin(r);
    return MHD_YES;
}

/* A request a worker held is back with the event thread (answered or its connection gone). */
static void unsuspended(struct http_server *s, struct http_req *r)
{
    pthread_mutex_lock(&s->conns.mu);
    s->conns.suspended -= r->suspended;
    r->suspended = false;
    if (r->slot)
        r->slot->held = NULL;
    pthread_mutex_unlock(&s->conns.mu);
}

/* Whether this request runs on the event thread (ROUTE_FAST, ROUTE_FAST_ONE_CUSTOMER). */
static bool route_fast(struct http_req *r, const struct route *rt)
{
    if (rt->flags & ROUTE_FAST)
        return true;
    if (!(rt->flags & ROUTE_FAST_ONE_CUSTOMER))
        return false;
    const char *id = http_query(r, "customer_id");
    return id && *id;
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
        return request_begins(s, r);
    }
    if (r->refused) { /* answered before its body, which is dropped */
        if (*upload_data_size) {
            *upload_data_size = 0;
            return MHD_YES;
        }
        return send_reply(r);
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
    if (r->handled) { /* a worker ran it and resumed the connection */
        unsuspended(s, r);
        return send_reply(r);
    }
    slot_busy(s, r->slot, true); /* the request is complete */
    if (is_asset(r))
        return serve_asset(r);
    const struct route *rt = r->route ? r->route : router_find(r);
    if (rt && r->body_too_large) {
        too_large_after(r, rt);
        rt = NULL;
    }
    if (rt && route_fast(r, rt)) {
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
    pthread_mutex_lock(&s->conns.mu);
    s->conns.suspended++;
    r->suspended = true;
    if (r->slot)
        r->slot->held = conn;
    pthread_mutex_unlock(&s->conns.mu);
    MHD_suspend_connection(conn);
    worker_submit(strcmp(method, "GET") == 0 ? &s->reads : &s->pool, r);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    struct http_server *s = cls;
    struct http_req *r = *con_cls;
    if (!r)
        return;
    if (r->suspended) { /* the connection ended before its answer could be sent */
        log_info("msg=\"connection ended before its answer\" reason=%d", (int)toe);
        unsuspended(s, r);
    }
    slot_busy(s, r->slot, false); /* waits for its next request, under the deadline */
    if (s->cfg.access_log) {
        /*
         * Path only: query strings can carry personal data (searches). The
         * path arrives decoded: a %0A in it would start a forged line, so
         * every byte outside printable ASCII is written escaped.
         */
        const char *q = strchr(r->path, '?');
        size_t plen = q ? (size_t)(q - r->path) : strlen(r->path);
        char path[808], method[40];
        log_escape(path, sizeof(path), r->path, plen > 200 ? 200 : plen);
        log_escape(method, sizeof(method), r->method, strlen(r->method));
        log_info("msg=access method=%s path=%s status=%d us=%lld user=%lld addr=%s", method, path,
                 r->status, (long long)(clock_mono_us() - r->started_us),
                 (long long)r->ctx.actor.user_id, r->ctx.actor.address);
    }
    bool restart = r->restart_after;
    req_free(r);
    *con_cls = NULL;
    if (restart) {
        log_info("msg=\"restart requested\"");
        kill(getpid(), SIGUSR1);
    }
}

const char *http_public_origin(const struct http_req *r)
{
    return r->server->public_origin;
}

void http_restart_after_reply(struct http_req *r)
{
    r->restart_after = true;
}

/* The configuration with its defaults filled in. */
static void config_defaults(struct http_config *c)
{
    if (!c->body_limit)
        c->body_limit = 1 << 20;
    if (!c->timeout_s)
        c->timeout_s = 30;
    if (!c->header_timeout_s)
        c->header_timeout_s = 10;
    if (!c->per_ip_limit)
        c->per_ip_limit = 128;
    if (!c->connection_cap)
        c->connection_cap = 512;
    if (c->connection_reserve >= c->connection_cap)
        c->connection_reserve = c->connection_cap / 2;
    if (!c->stop_s)
        c->stop_s = 5;
}

static struct MHD_Daemon *daemon_start(struct http_server *s, struct sockaddr_in *addr,
                                       unsigned events)
{
    const struct http_config *c = &s->cfg;
    return MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
            MHD_ALLOW_SUSPEND_RESUME,
        c->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)addr,
        MHD_OPTION_THREAD_POOL_SIZE, events, MHD_OPTION_CONNECTION_TIMEOUT, c->timeout_s,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->per_ip_limit, MHD_OPTION_CONNECTION_LIMIT,
        c->connection_cap, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, s, MHD_OPTION_LISTEN_SOCKET,
        c->keep_listener ? c->listen_fd : MHD_INVALID_SOCKET, MHD_OPTION_END);
}

static void server_free(struct http_server *s)
{
    workers_stop(&s->pool);
    workers_stop(&s->reads);
    guard_stop(s);
    free(s);
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
    origin_of(cfg->public_url, s->public_origin, sizeof(s->public_origin));
    config_defaults(&s->cfg);
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
    bool started = guard_start(s);
    started = workers_start(&s->pool, workers, "kehu-write") && started;
    started = workers_start(&s->reads, readers, "kehu-read") && started;
    if (!started) {
        server_free(s);
        return kh_err_set(err, KH_E_UNAVAILABLE, "workers", "无法启动工作线程",
                          "cannot start worker threads");
    }
    unsigned events = cfg->event_threads ? cfg->event_threads
                      : cores < 1        ? 1
                      : cores > 8        ? 8
                                         : (unsigned)cores;
    s->daemon = daemon_start(s, &addr, events);
    if (!s->daemon) {
        server_free(s);
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

/*
 * Once every worker has ended, each suspended connection has had its
 * resume signalled; one still suspended a while later has not been taken
 * up by its event thread, so the signal is given again (MHD_resume_connection
 * only marks the connection and wakes the thread). The table's lock keeps the
 * connection alive meanwhile: both ends of a suspension take it first.
 */
static void resume_again(struct http_server *s)
{
    int n = 0;
    for (struct conn_slot *c = s->conns.head; c; c = c->next)
        if (c->held) {
            MHD_resume_connection(c->held);
            n++;
        }
    if (n)
        log_warn("msg=\"resume signalled again at stop\" connections=%d", n);
}

/*
 * Wait (at most until the monotonic time until_us) for no open and no
 * suspended connection; with open_too false, every worker has ended.
 */
static bool drained(struct http_server *s, int64_t until_us, bool open_too)
{
    for (int round = 1;; round++) {
        pthread_mutex_lock(&s->conns.mu);
        bool done = s->conns.suspended == 0 && (!open_too || s->conns.open == 0);
        if (!done && !open_too && round % 20 == 0)
            resume_again(s);
        pthread_mutex_unlock(&s->conns.mu);
        if (done)
            return true;
        if (clock_mono_us() >= until_us)
            return false;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/*
 * Stop and free the server; returns its listening socket, still open (or
 * MHD_INVALID_SOCKET).
 */
static int stop_server(struct http_server *s)
{
    int64_t start = clock_mono_us(), limit = (int64_t)s->cfg.stop_s * 1000000;
    /* Stop accepting; close what waits for a request; answer no new one. */
    MHD_socket listen_fd = MHD_quiesce_daemon(s->daemon);
    pthread_mutex_lock(&s->conns.mu);
    s->conns.stopping = true;
    pthread_cond_signal(&s->conns.cv);
    pthread_mutex_unlock(&s->conns.mu);
    /* In-flight requests finish; their answers close their connections. A second is left for the
     * rest. */
    bool all = drained(s, start + (limit > 2000000 ? limit - 1000000 : limit / 2), true);
    /* What a worker holds is finished and resumed; MHD must not stop while one is suspended. */
    workers_stop(&s->pool);
    workers_stop(&s->reads);
    bool resumed = drained(s, start + limit, false);
    log_info("msg=\"requests drained\" all=%d ms=%lld", all,
             (long long)((clock_mono_us() - start) / 1000));
    if (!resumed) { /* MHD would abort: leave it to the process's exit */
        log_error("msg=\"connections still suspended at stop\"");
        return listen_fd;
    }
    MHD_stop_daemon(s->daemon);
    guard_stop(s);
    free(s);
    return listen_fd;
}

void http_server_stop(struct http_server *s)
{
    if (!s)
        return;
    int fd = stop_server(s);
    if (fd >= 0)
        close(fd);
}

int http_server_stop_keep_listener(struct http_server *s)
{
    return stop_server(s);
}

uint16_t http_server_port(const struct http_server *s)
{
    return s->port;
}
