#ifndef KH_APP_LIST_H
#define KH_APP_LIST_H

/*
 * What every list shares: its filter is described once, by a table (struct
 * list_spec) next to the capability's domain code, and one parser fills the
 * list's filter struct from any source of key/value pairs: the query string
 * of GET /api/v1/<list>, a JSON "filter" object in a request body (exports),
 * the `--key value` options of a command. The same bad input gives the same
 * error (code, field, zh-CN and English reason) on every path.
 *
 * A list pages with a keyset cursor (core/cursor.h) and answers a total, or
 * a capped count when there are more than LIST_COUNT_CAP matches.
 *
 * A spec, for a list whose filter struct is struct thing_filter:
 *
 *   static const struct list_field thing_fields[] = {
 *       {"q", LIST_TEXT, LIST_OP_MATCH, offsetof(struct thing_filter, q), .max = 400,
 *        .index = "thing_search (db/db_search.h)"},
 *       {"state", LIST_CHOICE, LIST_OP_EQ, offsetof(struct thing_filter, state),
 *        .choice_set = THING_STATES, .index = "things_state"},
 *       {"created_from", LIST_DATE_RANGE, LIST_OP_RANGE, offsetof(struct thing_filter, from),
 *        .key_to = "created_to", .offset_to = offsetof(struct thing_filter, to)},
 *       {0}};
 *   const struct list_spec thing_list_spec = {"things", thing_fields, ...};
 *
 * Tables are constant; nothing here keeps state: thread-safe.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/* A value of a choice set with its zh-CN and English labels; a set ends with {0}. */
struct kh_choice {
    const char *value;
    const char *zh;
    const char *en;
};
/* Whether v (may be NULL) is one of set's values. */
bool kh_choice_has(const struct kh_choice *set, const char *v);

enum list_type {
    LIST_TEXT,       /* UTF-8 text of at most max bytes (default 200) -> const char * */
    LIST_CHOICE,     /* one value of choice set choice_set -> const char * */
    LIST_INT,        /* a whole number in [min, max] -> int64_t */
    LIST_ID,         /* a record id (a whole number >= 1) -> int64_t */
    LIST_DATE_RANGE, /* key: from (inclusive), key_to: to (exclusive; a date as the end
                        includes that day), each YYYY-MM-DD or RFC 3339 -> two int64_t
                        (Unix seconds) */
    LIST_BOOL,       /* "false" 0, "true" 1, and "all" 2 when .all -> int */
};

/* How the list's statement applies the field (for the reader; the store holds the SQL). */
enum list_op {
    LIST_OP_EQ,       /* column = value */
    LIST_OP_MATCH,    /* full-text search */
    LIST_OP_CONTAINS, /* value is one of the row's list (tags) */
    LIST_OP_RANGE,    /* from <= column < to */
};

struct list_field {
    const char *key; /* the query key, option name without "--", JSON key */
    enum list_type type;
    enum list_op op;
    size_t offset;      /* offsetof the member the field fills */
    const char *key_to; /* LIST_DATE_RANGE: the key of the end */
    size_t offset_to;   /* LIST_DATE_RANGE: the member of the end */
    int choice_set;     /* LIST_CHOICE: the set, as spec->choices numbers it */
    int64_t min, max;   /* LIST_INT: bounds; LIST_TEXT: max bytes (0: 200) */
    bool all;           /* LIST_BOOL: "all" is a value */
    const char *index;  /* the index that serves the field, or how it is checked (docs) */
};

/* One way to sort a list: its name in `sort=`, and the direction when `order=` is not given. */
struct list_sort {
    const char *name;
    bool desc;
};

struct list_spec {
    const char *name;                /* "customers": messages and cursor tags */
    const struct list_field *fields; /* ends with {0} */
    /*
     * The orders `sort=` names, ending with {0}; NULL when the list has one
     * order. The chosen one's index goes to the int-sized member at
     * sort_offset (an enum of the capability), the direction to the bool
     * at desc_offset.
     */
    const struct list_sort *sorts;
    size_t sort_offset, desc_offset;
    /* The sort when `sort=` is not given, once the fields are read (may look at them). */
    int (*default_sort)(const void *filter);
    /* Choice set i (LIST_CHOICE fields), ending with {0}; its name goes to *name. */
    const struct kh_choice *(*choices)(int set, const char **name);
};

/*
 * A source of key/value pairs. get answers the value of a key, or NULL when
 * it is absent ("" counts as absent too). keys, when the source can list
 * its keys (all sources here can), calls fn for each key given until fn
 * returns false: a key the list does not know is refused, so a misspelt
 * filter never widens a list or an export to everything. paged: the source
 * may also carry limit and cursor (a query string).
 */
typedef bool list_key_fn(void *ctx, const char *key);
struct list_source {
    const char *(*get)(void *arg, const char *key);
    void (*keys)(void *arg, list_key_fn *fn, void *ctx);
    void *arg;
    bool paged;
    const struct kh_tz *tz; /* dates are read in this zone (the company's: ctx_tz) */
};

/*
 * Fill filter's members named by spec from src: every field's member is
 * set (NULL or 0 when absent), and the sort and direction when spec has
 * sorts; other members are left as they are. Values point into src.
 * KH_E_INVALID with the key as field on the first bad value: an unknown
 * key, text too long or not UTF-8, a value outside its choice set, a
 * number that is not one or out of range, a date that is not one (such as
 * 2026-02-30), a range whose end is not after its start, an unknown sort
 * or order.
 */
KH_NODISCARD enum kh_status list_parse(const struct list_spec *spec, const struct list_source *src,
                                       void *filter, struct kh_err *err);

/* The page a list request asks for. */
#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX 200
struct list_page {
    int limit;          /* 1..LIST_LIMIT_MAX */
    const char *cursor; /* NULL: the first page */
    bool total;         /* total=true: count the matches too (costly on a large list) */
};

/*
 * limit (default LIST_LIMIT_DEFAULT, KH_E_INVALID outside 1..LIST_LIMIT_MAX),
 * cursor, and total (true/1 or false/0, default false).
 */
KH_NODISCARD enum kh_status list_page_parse(const struct list_source *src, struct list_page *out,
                                            struct kh_err *err);

/*
 * Append the filter's non-empty fields to out as key=value pairs joined by
 * '&' (for audit details and logs), then sort and order when they are not
 * the default. Times at midnight in the zone tz are written as dates (an
 * end as the day it includes), others in RFC 3339. Values are written as
 * they are except for '%', '&', '=', '+', '#', spaces and control
 * characters, which are percent-encoded: the text is a query string, and
 * parsing it again gives the same filter. A pair that passes out's cap is
 * dropped whole.
 */
void list_format(const struct list_spec *spec, const struct kh_tz *tz, const void *filter,
                 struct buf *out);

/* A list's total: counting stops after LIST_COUNT_CAP + 1 matches. */
#define LIST_COUNT_CAP 10000
struct list_total {
    int64_t count; /* exact, or LIST_COUNT_CAP when capped */
    bool capped;   /* more than LIST_COUNT_CAP match */
};

/* The total for `counted` rows of a count limited to LIST_COUNT_CAP + 1. */
struct list_total list_total_of(int64_t counted);

#endif
