/*
 * libFuzzer target for JSON request bodies, without a server. The input is
 * a request body, collected as the server collects it (capped at the
 * default 1 MiB body limit: larger is 413) and parsed by http_body_object
 * (a JSON object, no duplicate keys, jansson's nesting limit). An object
 * then goes through what the customer routes read from it:
 *
 * - customer_input_from_json (POST/PATCH /api/v1/customers): the typed
 *   fields, tags, templates and custom values; the custom values and the
 *   lists are then stored as the rules store them (customer_json_*_encode)
 *   and read back (customer_json_*_decode), which must give them back;
 * - http_list_json with the customer list's spec on its "filter" member
 *   (the export's filter);
 * - the contact and transfer fields (http_get_str / _int / _bool).
 *
 * A refusal must answer 400 (413 for a body over the cap) with a JSON body.
 *   ninja -C build/fuzz fuzz/fuzz_json_body && build/fuzz/fuzz/fuzz_json_body fuzz/corpus/json_body
 * (scripts/fuzz.sh json_body sets up build/fuzz).
 */

#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "customer/customer_json.h"
#include "http/http.h"
#include "http/http_list.h"
#include "http/routes/customer_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The server's default body limit (http_server_start). */
#define BODY_LIMIT ((size_t)1 << 20)

static void reply_reset(struct http_req *r)
{
    free(r->resp_body);
    r->resp_body = NULL;
    r->resp_len = 0;
    r->status = 0;
}

/* A refusal answers status with a JSON body; an acceptance answers nothing. */
static void check_answer(struct http_req *r, bool ok, int status)
{
    if (ok ? r->status != 0 : (r->status != status || !r->resp_body))
        abort();
    if (!ok) {
        json_t *v = json_loads(r->resp_body, 0, NULL);
        if (!json_is_object(json_object_get(v, "error")))
            abort();
        json_decref(v);
    }
    reply_reset(r);
}

static bool same_strings(const char *const *a, int na, const char *const *b, int nb)
{
    if (na != nb)
        return false;
    for (int i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

static bool same_value(const struct custom_value *a, const struct custom_value *b)
{
    if (strcmp(a->key, b->key) != 0 || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case CV_STRING:
        return strcmp(a->s, b->s) == 0;
    case CV_NUMBER:
        return a->n == b->n || (isnan(a->n) && isnan(b->n));
    case CV_BOOL:
        return a->b == b->b;
    case CV_LIST:
        return same_strings(a->items, a->nitems, b->items, b->nitems);
    case CV_NULL:
        break;
    }
    return true;
}

/* A list is stored as JSON text and read back unchanged. */
static void check_strings_stored(struct arena *a, const char *const *items, int n)
{
    char *text = customer_json_strings_encode(items, n);
    const char **back = NULL;
    int nback = 0;
    if (!customer_json_strings_decode(a, text, &back, &nback) ||
        !same_strings(items, n, back, nback))
        abort();
    free(text);
}

/*
 * Custom values are stored without the nulls (they remove a value) and read
 * back unchanged. A value the codec could not read (an object, a list with a
 * non-string) is a CV_STRING without text, refused by the validator before
 * anything is stored: it is left out here.
 */
static void check_custom_stored(struct arena *a, const struct custom_value *v, int n)
{
    struct custom_value *kept = arena_alloc(a, sizeof(*kept) * (size_t)(n + 1));
    int nkept = 0;
    for (int i = 0; i < n; i++) {
        if (!v[i].key || (v[i].kind == CV_STRING && !v[i].s))
            continue;
        if (v[i].kind != CV_NULL)
            kept[nkept++] = v[i];
    }
    char *text = customer_json_custom_encode(kept, nkept);
    struct custom_value *back = NULL;
    int nback = 0;
    if (!customer_json_custom_decode(a, text, &back, &nback) || nback != nkept)
        abort();
    for (int i = 0; i < nkept; i++)
        if (!same_value(&kept[i], &back[i]))
            abort();
    free(text);
}

static void check_customer(struct http_req *r, json_t *o)
{
    struct customer_input in;
    bool ok = customer_input_from_json(r, o, &in);
    check_answer(r, ok, 400);
    if (!ok)
        return;
    if (in.ntags < 0 || in.ntemplates < 0 || in.ncustom < 0 ||
        (in.tags_set && in.ntags > 0 && !in.tags) ||
        (in.custom_set && in.ncustom > 0 && !in.custom))
        abort();
    if (in.tags_set)
        check_strings_stored(&r->arena, in.tags, in.ntags);
    if (in.templates_set)
        check_strings_stored(&r->arena, in.templates, in.ntemplates);
    if (in.custom_set)
        check_custom_stored(&r->arena, in.custom, in.ncustom);
}

static void check_filter(struct http_req *r, json_t *o)
{
    struct customer_filter f = {0};
    bool ok = http_list_json(r, &customer_list_spec, json_object_get(o, "filter"), &f);
    check_answer(r, ok, 400);
    if (ok && (f.archived < 0 || f.archived > 2 || (int)f.sort < 0 || (int)f.sort > SORT_NEWEST))
        abort();
}

/* The contact and transfer bodies: plain typed getters. */
static void check_getters(struct http_req *r, json_t *o)
{
    static const char *const strs[] = {"name",     "relation",  "position", "mobile", "email",
                                       "birthday", "interests", "notes",    "reason"};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        const char *s = NULL;
        bool ok = http_get_str(r, o, strs[i], &s);
        check_answer(r, ok, 400);
        if (ok && s && strlen(s) != json_string_length(json_object_get(o, strs[i])))
            abort();
    }
    int64_t owner = 0;
    check_answer(r, http_get_int(r, o, "owner_id", &owner), 400);
    int dm = -1;
    bool ok = http_get_bool(r, o, "is_decision_maker", &dm);
    check_answer(r, ok, 400);
    if (ok && dm != -1 && dm != 0 && dm != 1)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct http_req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena);
    buf_init(&r.body, BODY_LIMIT);
    /* As the server collects a body: over the cap it is dropped and 413 answers. */
    buf_append(&r.body, data, size);
    if (r.body.overflow) {
        r.body_too_large = true;
        buf_release(&r.body);
    }
    json_t *o = http_body_object(&r);
    check_answer(&r, o != NULL, r.body_too_large ? 413 : 400);
    if (o) {
        check_customer(&r, o);
        check_filter(&r, o);
        check_getters(&r, o);
    }
    reply_reset(&r);
    arena_release(&r.arena); /* releases o */
    buf_release(&r.body);
    return 0;
}
