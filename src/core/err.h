#ifndef KH_CORE_ERR_H
#define KH_CORE_ERR_H

/*
 * Errors are values: a status code, the field at fault (may be empty) and a
 * message in zh-CN and English. Every fallible function returns an
 * enum kh_status and fills a struct kh_err passed last. A text longer than
 * its buffer is cut at a character boundary, never inside a UTF-8 sequence.
 */

#include <stdbool.h>

#define KH_NODISCARD __attribute__((warn_unused_result))
#define KH_PRINTF(a, b) __attribute__((format(printf, a, b)))
/* Deliberately drop a status (gcc ignores a (void) cast on warn_unused_result). */
#define KH_IGNORE(expr)                                                                            \
    do {                                                                                           \
        if ((expr) != KH_OK) {                                                                     \
        }                                                                                          \
    } while (0)

enum kh_status {
    KH_OK = 0,
    KH_E_INVALID,         /* 400: malformed request */
    KH_E_VALIDATION,      /* 422: a field fails its rule */
    KH_E_UNAUTH,          /* 401: not logged in */
    KH_E_FORBIDDEN,       /* 403: not allowed */
    KH_E_NOT_FOUND,       /* 404 */
    KH_E_CONFLICT,        /* 409: duplicate or stale */
    KH_E_TOO_LARGE,       /* 413 */
    KH_E_THROTTLED,       /* 429 */
    KH_E_INTERNAL,        /* 500 */
    KH_E_UNAVAILABLE,     /* 503: shutting down, database busy */
    KH_E_PASSWORD_CHANGE, /* 403: the account must change its preset password first */
    KH_E_APPROVAL,        /* 403: needs a second person's approval (account_second_person) */
    KH_E_NO_SPACE,        /* 507: the disk's free-space reserve or the user's quota is reached */
    KH_STATUS_COUNT
};

/* One field's error among several (a record checked as a whole). */
struct kh_field_err {
    char field[64];
    char msg_zh[256];
    char msg_en[256];
};

#define KH_ERR_FIELDS_MAX 32
/* Every field's error of one check, one per field, in the order found. */
struct kh_err_fields {
    int n;
    struct kh_field_err items[KH_ERR_FIELDS_MAX];
};

struct kh_err {
    enum kh_status code;
    char field[64];
    char msg_zh[256];
    char msg_en[256];
    /* Optional extra detail for conflicts (e.g. the existing record). */
    char detail[256];
    /*
     * NULL, or every field's error of a check that collects them
     * (kh_err_collect); the first is also the one above. Not owned: the
     * list lives as long as the storage its collector gave (usually the
     * request's arena). kh_err_set and kh_err_setf reset it to NULL.
     */
    struct kh_err_fields *fields;
};

/* Stable machine name of a status ("validation", "not_found", ...). */
const char *kh_status_name(enum kh_status s);
/* HTTP status code for a status. */
int kh_status_http(enum kh_status s);

/* Reset an error sink to KH_OK with empty texts. */
void kh_err_clear(struct kh_err *err);

/*
 * Fill the sink and return the code, so callers can write
 *   return kh_err_set(err, KH_E_VALIDATION, "email", "邮箱格式不正确", "invalid e-mail");
 * err may be NULL.
 */
enum kh_status kh_err_set(struct kh_err *err, enum kh_status code, const char *field,
                          const char *zh, const char *en);
/*
 * Formatted: the arguments of the Chinese format come first, then those of
 * the English one (each language its own, e.g. a label's zh-CN and English
 * names; pass a shared value twice). Conversions: %s %d %u %ld %lu %lld
 * %llu %zu.
 */
enum kh_status kh_err_setf(struct kh_err *err, enum kh_status code, const char *field,
                           const char *zh, const char *en, ...);
/*
 * Start collecting every field's error into list (caller storage, emptied
 * here): err is cleared and then kh_err_add records each failure.
 */
void kh_err_collect(struct kh_err *err, struct kh_err_fields *list);
/*
 * A field fails its rule (KH_E_VALIDATION): the first failure becomes err's
 * own error; with a list attached by kh_err_collect, each field's first
 * failure joins it (later ones of the same field, and those beyond
 * KH_ERR_FIELDS_MAX, are dropped). Returns KH_E_VALIDATION.
 */
enum kh_status kh_err_add(struct kh_err *err, const char *field, const char *zh, const char *en);
/*
 * A check collected into a list on its own stack: before it returns, copy
 * the list into a and point err at the copy when err holds an error, or
 * drop the pointer when it does not.
 */
struct arena;
void kh_err_keep(struct kh_err *err, struct arena *a);
/* kh_err_add of another error's field and texts (a sub-check's failure). */
enum kh_status kh_err_add_from(struct kh_err *err, const struct kh_err *from);
/* Formatted like kh_err_setf. */
enum kh_status kh_err_addf(struct kh_err *err, const char *field, const char *zh, const char *en,
                           ...);

/*
 * Put a context in front of the error err already holds, in each language
 * ("无法打开备份：" + its Chinese text, "cannot open the backup: " + its
 * English text), with a new code and field. Texts that do not fit are cut
 * at a character boundary.
 */
enum kh_status kh_err_wrap(struct kh_err *err, enum kh_status code, const char *field,
                           const char *zh_prefix, const char *en_prefix);

#endif
