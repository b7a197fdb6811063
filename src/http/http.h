#ifndef KH_HTTP_HTTP_H
#define KH_HTTP_HTTP_H

/*
 * The request as route handlers see it, and the helpers they use to read
 * input and answer. Handlers parse input, call one domain function, and
 * render its result; they decide no permission and write no SQL.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

struct MHD_Connection;
struct file_store;
struct file_writer;
struct http_server;
struct conn_slot;

#define HTTP_MAX_PARAMS 4
#define HTTP_UPLOAD_LIMIT ((uint64_t)256 << 20)

struct http_req {
    struct MHD_Connection *conn;
    struct http_server *server;
    const char *method;
    const char *path;
    struct buf body;
    bool body_too_large;
    struct arena arena;
    struct kh_ctx ctx;
    const char *params[HTTP_MAX_PARAMS]; /* ":id" path segments, in order */
    int nparams;
    bool english;     /* Accept-Language asks for English */
    char peer[64];    /* the socket's peer address (a proxy's, behind one) */
    bool cookie_auth; /* authenticated by session cookie (CSRF applies) */
    char csrf[80];    /* the session's CSRF token */
    const char *session_token;
    /* response */
    int status;
    char *resp_body; /* malloc'ed */
    size_t resp_len;
    const char *content_type;
    char set_cookie[256];
    int64_t retry_after; /* > 0: a Retry-After header (seconds) */
    /*
     * Streamed uploads (POST /api/v1/imports/files): the body goes to a
     * writer of the file store; a handler that keeps it takes it (sets NULL).
     */
    struct file_writer *upload;
    uint64_t upload_size;
    uint64_t upload_limit; /* set by the route's before_body (0: HTTP_UPLOAD_LIMIT) */
    bool upload_failed;
    int resp_fd; /* > 0: answer with this file (closed by the server) */
    uint64_t resp_size;
    char disposition[320]; /* Content-Disposition for file answers */
    int64_t started_us;
    bool restart_after; /* http_restart_after_reply */
    /* Server bookkeeping: the route a worker runs, and whether it has run. */
    const struct route *route;
    bool admitted;     /* authenticated (or public) before its body was read */
    bool refused;      /* answered before its body, which is read and dropped */
    bool before_body;  /* the handler's call before the body (ROUTE_BEFORE_BODY) */
    uint64_t declared; /* the body's Content-Length, 0 when not sent */
    bool handled;
    bool suspended;         /* counted in the server's suspended connections */
    struct conn_slot *slot; /* the server's record of the connection */
    struct http_req *next_queued;
};

/* Path parameter i as an id (> 0); answers 404 and returns 0 when it is not one. */
int64_t http_param_id(struct http_req *r, int i);
/*
 * Once this request's answer has been sent, have `kehu serve` restart in
 * place (SIGUSR1): it stops, reopens the database (a staged restore is
 * swapped in then) and serves again on the same listening socket.
 */
void http_restart_after_reply(struct http_req *r);
/* Query-string value or NULL. */
const char *http_query(struct http_req *r, const char *key);
/*
 * Query parameters as numbers and times: absent or empty leaves *out as it
 * is and returns true; anything else answers 400 naming the parameter and
 * returns false. A date ("2026-01-05") as the end of a range (end = true)
 * includes that whole day.
 */
bool http_query_int(struct http_req *r, const char *key, int64_t *out);
/* The same checks on a value from elsewhere (e.g. a filter object in a body). */
bool http_parse_int(struct http_req *r, const char *key, const char *v, int64_t *out);
bool http_parse_time(struct http_req *r, const char *key, const char *v, bool end, int64_t *out);
bool http_query_time(struct http_req *r, const char *key, bool end, int64_t *out);
/* Request header value or NULL. */
const char *http_header(struct http_req *r, const char *name);

/*
 * The body as a JSON object. On failure answers 400 (or 413) and returns
 * NULL. The value is owned by the request (released with it).
 */
json_t *http_body_object(struct http_req *r);

/*
 * Typed getters on a request object: absent or null leaves *out as it is
 * and returns true; a value of the wrong type answers 400 naming the field
 * and returns false.
 */
bool http_get_str(struct http_req *r, json_t *o, const char *key, const char **out);
bool http_get_int(struct http_req *r, json_t *o, const char *key, int64_t *out);
bool http_get_bool(struct http_req *r, json_t *o, const char *key, int *out);
/* An RFC 3339 / ISO 8601 time (a date alone: its start, company time); absent or null: 0. */
bool http_get_time(struct http_req *r, json_t *o, const char *key, int64_t *out);

/*
 * Ids (positive integers) as a JSON array (http_get_ids) or a comma-separated
 * query value ("1,2,3", http_query_ids), at most max of them, in the request's
 * arena. Absent leaves *out and *n as they are and returns true; anything else
 * answers 400 naming key and returns false.
 */
bool http_get_ids(struct http_req *r, json_t *o, const char *key, int max, int64_t **out, int *n);
bool http_query_ids(struct http_req *r, const char *key, int max, int64_t **out, int *n);

/* Answer with a JSON value (reference stolen). */
void http_reply_json(struct http_req *r, int status, json_t *v);
/* Answer with JSON text written to b (see core/jsonw.h); takes b's contents. */
void http_reply_buf(struct http_req *r, int status, struct buf *b);
/* The address users open (KEHU_PUBLIC_URL's origin, "https://crm.example.cn"), or "". */
const char *http_public_origin(const struct http_req *r);
/* Answer with text written to b, of content_type (a static string); takes b's contents. */
void http_reply_text(struct http_req *r, int status, const char *content_type, struct buf *b);
/* Answer with the error's status and body. */
void http_reply_err(struct http_req *r, const struct kh_err *err);
/*
 * The status of a domain call: KH_OK returns true and answers nothing; an
 * error answers err (http_reply_err) and returns false.
 *   if (!http_reply_status(r, customer_get(&r->ctx, id, &c, &err), &err))
 *       return;
 */
bool http_reply_status(struct http_req *r, enum kh_status st, const struct kh_err *err);
/* Answer with an explicit status and code name. */
void http_reply_error(struct http_req *r, int status, const char *code, const char *field,
                      const char *zh, const char *en);
/*
 * Answer with the file store's file as a download named name (UTF-8, sent
 * RFC 5987-encoded). The server sends the descriptor files_open gives
 * (sendfile, no copy). Answers 404 when the store has no such file.
 */
void http_reply_stored(struct http_req *r, struct file_store *fs, const char *file,
                       const char *name, const char *content_type);
/* {"ok":true} */
void http_reply_ok(struct http_req *r);

/* RFC 3339 time in the company's zone as a JSON string (null for 0). */
json_t *http_json_time(const struct http_req *r, int64_t t);
/* {"id":..,"name":..} or null when id is 0. */
json_t *http_json_ref(int64_t id, const char *name);
/*
 * Answer 200 with an open file (the answer closes fd) as an attachment
 * named name; http_reply_stored does this for a file of a store.
 */
void http_reply_fd(struct http_req *r, int fd, int64_t size, const char *name,
                   const char *content_type);
/* The text of the request's language (Accept-Language): zh or en. */
const char *http_text(const struct http_req *r, const char *zh, const char *en);
/*
 * Who did something: {"id":5,"name":"张伟"} for a user, and for the system
 * (id 0: the command line, jobs) {"id":null,"name":"系统"} / "System" in the
 * request's language, whatever name was stored with it.
 */
json_t *http_json_actor(const struct http_req *r, int64_t id, const char *name);
/* A set of choices (app/list.h, ending with {0}) as [{"value","zh","en"}, …]: the labels a form
 * offers. */
struct kh_choice;
json_t *http_json_choices(const struct kh_choice *set);
/*
 * The same two, written as "key":value to a buf (core/jsonw.h) for the hot
 * pages whose JSON is written without jansson.
 */
struct buf;
void http_jw_time(struct buf *b, const struct http_req *r, const char *key, int64_t t);
void http_jw_actor(struct buf *b, const struct http_req *r, const char *key, int64_t id,
                   const char *name);
/* What a writer wrote, as a jansson value (for the answers that add to one record); b released. */
json_t *http_json_written(struct buf *b);

typedef void route_handler_fn(struct http_req *r);

enum route_flags {
    ROUTE_PUBLIC = 1 << 0,     /* no authentication */
    ROUTE_TEST_CLOCK = 1 << 1, /* exists only when the test clock is on */
    /*
     * Runs on the server's event thread instead of a worker: a few indexed
     * point reads that never wait for a write (db_write) or for anything
     * slow. Everything else runs on a worker thread, where blocking is fine.
     */
    ROUTE_FAST = 1 << 2,
    /* Open to an account that must change its preset password first (account_actor_ready). */
    ROUTE_BEFORE_PASSWORD = 1 << 3,
    /* The body is a file (any Content-Type), not JSON. */
    ROUTE_RAW_BODY = 1 << 4,
    /*
     * The handler is also called before a byte of the body is read, once the
     * caller is authenticated, with before_body set and declared the body's
     * Content-Length (0 when not sent): it answers to refuse the body (which
     * is then never read), or returns without answering to accept it.
     */
    ROUTE_BEFORE_BODY = 1 << 5,
    /*
     * The body streams into a writer of the file store (r->upload, at most
     * r->upload_limit or HTTP_UPLOAD_LIMIT), not into memory: uploads.
     */
    ROUTE_UPLOAD = 1 << 6,
    /*
     * A list that is a point read when its query names one customer
     * (customer_id): a page of that customer's records along an index that
     * starts with the customer (the customer page's tabs). Such a request
     * runs as a ROUTE_FAST one; the same list over every customer runs on a
     * worker.
     */
    ROUTE_FAST_ONE_CUSTOMER = 1 << 7,
};

struct route {
    const char *method;
    const char *pattern; /* "/api/v1/customers/:id" */
    route_handler_fn *handler;
    unsigned flags;
};

/*
 * Route tables ({0}-terminated) belong to capabilities: each routes file
 * names its tables in its struct capability (app/registry.h), and the
 * router matches the tables of every registered capability in order.
 */

/* Server access for handlers. */
struct kh_clock *http_server_clock(struct http_server *s);
/*
 * Whether the user reached the server over HTTPS: the configured public URL
 * is https, or a trusted proxy (KEHU_TRUSTED_PROXIES) says X-Forwarded-Proto: https.
 */
bool http_request_secure(struct http_req *r);
/*
 * Whether a request's Origin header names this server: the configured
 * public URL's origin, or the scheme (http_request_secure) and Host the
 * request came with. Case-insensitive; "null" never matches.
 */
bool http_origin_allowed(struct http_req *r, const char *origin);

#endif
