#ifndef KH_CORE_CURSOR_H
#define KH_CORE_CURSOR_H

/*
 * The keyset cursor of every list: where the next page starts. A page in
 * some order (last update, name, record id ...) ends at a row; its cursor
 * holds that row's sort key value(s) and its id, and the next page asks for
 * the rows after (key..., id) in the same order. Lists never use OFFSET.
 *
 * The text form is URL-safe base64 (RFC 4648 §5, no padding) of
 *   version    1 byte (1)
 *   tag        4 bytes: cursor_tag() of the list and its order
 *   keys       each 'i' + 8 bytes (int64, big-endian)
 *                or 't' + 2 bytes (length, big-endian) + that many bytes
 *   id         8 bytes (int64, big-endian)
 *   check      4 bytes: FNV-1a of every byte before it
 * Clients treat it as opaque and only hand it back.
 *
 * cursor_decode refuses, with KH_E_INVALID and field "cursor": text that is
 * not such an encoding (or not its canonical base64), a check that does not
 * match (an edited or truncated cursor), a tag of another list or another
 * order (the page would start at a meaningless place), and keys of other
 * kinds than the order has.
 *
 * The check catches edits and truncation, not forgery: a cursor is no secret
 * and grants nothing. A list still applies its scope and its filters, so a
 * forged cursor can only move where a page of visible records starts.
 *
 * Example (customers by name, ascending, last row 张伟 #42):
 *   struct cursor c = {.nkeys = 1, .keys = {{CURSOR_TEXT, 0, "张伟"}}, .id = 42};
 *   const char *next = cursor_encode(a, cursor_tag("customers", 4), &c);
 *   ...
 *   cursor_decode(a, str_from(next), cursor_tag("customers", 4), "t", &c, err);
 * Pure functions, no state: thread-safe.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"

#define CURSOR_MAX_KEYS 4
/* Bytes of all text keys together. */
#define CURSOR_TEXT_MAX 1024
/* The longest text form: base64 of the largest encoding. */
#define CURSOR_MAX_LEN ((1 + 4 + CURSOR_MAX_KEYS * 9 + CURSOR_TEXT_MAX + 8 + 4 + 2) / 3 * 4)

enum cursor_kind { CURSOR_INT = 'i', CURSOR_TEXT = 't' };

struct cursor_key {
    enum cursor_kind kind;
    int64_t i;     /* CURSOR_INT */
    const char *t; /* CURSOR_TEXT: NUL-terminated, no NUL inside */
};

struct cursor {
    int nkeys;
    struct cursor_key keys[CURSOR_MAX_KEYS];
    int64_t id; /* the row's id: the last key of every order */
};

/*
 * The tag of one order of one list: list names the list ("customers"),
 * order numbers its sort and direction as the list chooses (the same
 * number must mean the same order in every version that may read a cursor
 * another version wrote).
 */
uint32_t cursor_tag(const char *list, unsigned order);

/*
 * The text form of c for the order tagged tag, in a (NUL-terminated), or
 * NULL when c has more than CURSOR_MAX_KEYS keys or its text keys are
 * longer than CURSOR_TEXT_MAX together.
 */
const char *cursor_encode(struct arena *a, uint32_t tag, const struct cursor *c);

/*
 * The end of a page read newest-id-first with one row more than its limit:
 * how many rows it keeps, and in *next the cursor after the last kept one
 * (last_id) when the extra row was there (else *next is left as it is).
 */
int cursor_page_end(struct arena *a, uint32_t tag, int rows, int limit, int64_t last_id,
                    const char **next);
/* The same for an order by one whole-number key, then the id ("i" cursors). */
int cursor_page_end_int(struct arena *a, uint32_t tag, int rows, int limit, int64_t last_key,
                        int64_t last_id, const char **next);

/*
 * Decode text, a cursor of the order tagged tag whose keys are of the
 * kinds listed in kinds ("" when the id alone is the key, "i", "t", "ti"
 * ...). Text keys are copied into a. On success *out is the cursor; on
 * refusal (see above) *out is zeroed and err names the field "cursor".
 */
KH_NODISCARD enum kh_status cursor_decode(struct arena *a, struct str text, uint32_t tag,
                                          const char *kinds, struct cursor *out,
                                          struct kh_err *err);

#endif
