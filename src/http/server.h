#ifndef KH_HTTP_SERVER_H
#define KH_HTTP_SERVER_H

/*
 * The HTTP server: libmicrohttpd with a few epoll event threads (one per
 * core). Routes marked ROUTE_FAST (point reads) run on the event thread,
 * and so do ROUTE_FAST_ONE_CUSTOMER lists asked for one customer's records;
 * every other request is suspended and run by a pool of worker threads, so
 * a handler that blocks (a write waiting for its group commit, an export)
 * stalls no other connection. A connection timeout, a deadline for
 * unauthenticated requests to be complete, a per-address limit and a global
 * cap with a reserve of free connections. A request with a body is
 * authenticated and checked (Content-Length, ROUTE_BEFORE_BODY) before a
 * byte of the body is read. Responses are queued on the second call of the access
 * handler so keep-alive works.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/err.h"
#include "http/proxy.h"

struct db;
struct file_store;
struct jobs;
struct http_server;
struct kh_asset;

struct http_config {
    const char *bind_addr; /* default 127.0.0.1 */
    uint16_t port;
    unsigned timeout_s; /* idle connection timeout */
    /*
     * A request must be complete within this many seconds of its
     * connection's opening (or of the connection's last answer) until its
     * caller is authenticated: headers, and the body of a public route.
     */
    unsigned header_timeout_s;
    unsigned per_ip_limit;   /* concurrent connections from one address */
    unsigned connection_cap; /* concurrent connections in all */
    /*
     * Connections kept free for new requests (a login, /healthz): above
     * connection_cap - connection_reserve the connections waiting longest
     * for a request are closed.
     */
    unsigned connection_reserve;
    unsigned stop_s;   /* http_server_stop returns within this many seconds */
    size_t body_limit; /* bytes */
    bool access_log;
    unsigned event_threads;   /* epoll threads (default: one per core, at most 8) */
    unsigned workers;         /* threads for writes and other requests that may block (64) */
    unsigned read_workers;    /* threads for GET requests off the event thread (2 per core) */
    struct jobs *jobs;        /* background workers handed to every request's context */
    struct file_store *files; /* the file store handed to every request's context */
    /* Serve on this listening socket (from http_server_stop_keep_listener) instead of binding. */
    bool keep_listener;
    int listen_fd;
    /*
     * Peers whose X-Forwarded-For names the client and whose X-Forwarded-Proto
     * is believed (KEHU_TRUSTED_PROXIES, http/proxy.h); none: believe no header.
     */
    struct http_proxies proxies;
    /* The embedded web UI (http/assets.h), NULL for none: passed in by `kehu serve`. */
    const struct kh_asset *assets;
    /*
     * The address users open (KEHU_PUBLIC_URL, e.g. "https://crm.example.cn"), NULL for
     * none: its origin is accepted on state-changing requests, and an https one makes
     * every answer say so (Secure cookies, HSTS).
     */
    const char *public_url;
};

KH_NODISCARD enum kh_status http_server_start(const struct http_config *cfg, struct db *db,
                                              struct kh_clock *clock, struct http_server **out,
                                              struct kh_err *err);
/*
 * Stop accepting, close the connections that wait for a request (idle
 * keep-alive, slow headers), let in-flight requests finish (their answers
 * close their connections; a request arriving now answers 503), free the
 * server. Returns within cfg.stop_s seconds unless a handler blocks longer.
 */
void http_server_stop(struct http_server *s);
/*
 * The same, but the listening socket stays open and is returned: a server
 * started on it (http_config.listen_fd) takes the connections that waited
 * in the meantime, so a restart in place refuses no one.
 */
int http_server_stop_keep_listener(struct http_server *s);
/* The port actually bound (useful with port 0). */
uint16_t http_server_port(const struct http_server *s);

#endif
