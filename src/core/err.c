#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int http;
} status_table[KH_STATUS_COUNT] = {
    [KH_OK] = {"ok", 200},
    [KH_E_INVALID] = {"invalid", 400},
    [KH_E_VALIDATION] = {"validation", 422},
    [KH_E_UNAUTH] = {"unauthenticated", 401},
    [KH_E_FORBIDDEN] = {"forbidden", 403},
    [KH_E_NOT_FOUND] = {"not_found", 404},
    [KH_E_CONFLICT] = {"conflict", 409},
    [KH_E_TOO_LARGE] = {"too_large", 413},
    [KH_E_THROTTLED] = {"throttled", 429},
    [KH_E_INTERNAL] = {"internal", 500},
    [KH_E_UNAVAILABLE] = {"unavailable", 503},
};

const char *kh_status_name(enum kh_status s)
{
    if ((unsigned)s >= KH_STATUS_COUNT)
        return "internal";
    return status_table[s].name;
}

int kh_status_http(enum kh_status s)
{
    if ((unsigned)s >= KH_STATUS_COUNT)
        return 500;
    return status_table[s].http;
}

void kh_err_clear(struct kh_err *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

static void copy_text(char *dst, size_t cap, const char *src)
{
    if (!src)
        src = "";
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

enum kh_status kh_err_set(struct kh_err *err, enum kh_status code, const char *field,
                          const char *zh, const char *en)
{
    if (!err)
        return code;
    err->code = code;
    copy_text(err->field, sizeof(err->field), field);
    copy_text(err->msg_zh, sizeof(err->msg_zh), zh);
    copy_text(err->msg_en, sizeof(err->msg_en), en);
    err->detail[0] = '\0';
    return code;
}

/*
 * The variadic arguments are applied to both texts: both formats must take
 * the same conversions in the same order.
 */
enum kh_status kh_err_setf(struct kh_err *err, enum kh_status code, const char *field,
                           const char *zh, const char *en, ...)
{
    if (!err)
        return code;
    err->code = code;
    copy_text(err->field, sizeof(err->field), field);
    va_list ap;
    va_start(ap, en);
    va_list ap2;
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(err->msg_zh, sizeof(err->msg_zh), zh, ap);
    vsnprintf(err->msg_en, sizeof(err->msg_en), en, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    err->detail[0] = '\0';
    return code;
}
