#include "core/err.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"

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
    [KH_E_PASSWORD_CHANGE] = {"password_change_required", 403},
    [KH_E_APPROVAL] = {"approval_required", 403},
    [KH_E_NO_SPACE] = {"insufficient_storage", 507},
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
        n = utf8_cut(src, cap - 1);
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
    err->fields = NULL;
    return code;
}

/*
 * Step ap past the arguments fmt takes. Kehu's messages use %s, %d, %u,
 * %ld, %lu, %lld, %llu and %zu (with flags, width and precision digits);
 * any other conversion is a programming error.
 */
static void skip_args(const char *fmt, va_list *ap)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        while (*p && strchr("-+ #0123456789.", *p))
            p++;
        int longs = 0;
        bool size = false;
        for (; *p == 'l'; p++)
            longs++;
        if (*p == 'z') {
            size = true;
            p++;
        }
        if (*p == 's')
            (void)va_arg(*ap, const char *);
        else if (*p == 'd' || *p == 'i' || *p == 'u' || *p == 'x') {
            if (size)
                (void)va_arg(*ap, size_t);
            else if (longs >= 2)
                (void)va_arg(*ap, long long);
            else if (longs == 1)
                (void)va_arg(*ap, long);
            else
                (void)va_arg(*ap, int);
        } else {
            abort();
        }
        if (!*p)
            break;
    }
}

/*
 * Each language has its own arguments: first those the Chinese format
 * takes, then those the English one takes, so the English text never
 * carries a Chinese argument (a label, a field name) meant for the other.
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
    skip_args(zh, &ap2);
    vsnprintf(err->msg_en, sizeof(err->msg_en), en, ap2);
#pragma GCC diagnostic pop
    err->msg_zh[utf8_cut(err->msg_zh, strlen(err->msg_zh))] = '\0';
    err->msg_en[utf8_cut(err->msg_en, strlen(err->msg_en))] = '\0';
    va_end(ap2);
    va_end(ap);
    err->detail[0] = '\0';
    err->fields = NULL;
    return code;
}

void kh_err_collect(struct kh_err *err, struct kh_err_fields *list)
{
    kh_err_clear(err);
    list->n = 0;
    err->fields = list;
}

enum kh_status kh_err_add(struct kh_err *err, const char *field, const char *zh, const char *en)
{
    if (!err)
        return KH_E_VALIDATION;
    if (err->code == KH_OK) {
        struct kh_err_fields *keep = err->fields;
        kh_err_set(err, KH_E_VALIDATION, field, zh, en);
        err->fields = keep;
    }
    struct kh_err_fields *list = err->fields;
    if (!list || list->n >= KH_ERR_FIELDS_MAX)
        return err->code;
    for (int i = 0; i < list->n; i++)
        if (!strcmp(list->items[i].field, field ? field : ""))
            return err->code;
    struct kh_field_err *it = &list->items[list->n++];
    copy_text(it->field, sizeof(it->field), field);
    copy_text(it->msg_zh, sizeof(it->msg_zh), zh);
    copy_text(it->msg_en, sizeof(it->msg_en), en);
    return err->code;
}

void kh_err_keep(struct kh_err *err, struct arena *a)
{
    if (!err->fields)
        return;
    if (err->code == KH_OK || err->fields->n == 0) {
        err->fields = NULL;
        return;
    }
    struct kh_err_fields *kept = arena_alloc(a, sizeof(*kept));
    kept->n = err->fields->n;
    memcpy(kept->items, err->fields->items, sizeof(kept->items[0]) * (size_t)kept->n);
    err->fields = kept;
}

enum kh_status kh_err_add_from(struct kh_err *err, const struct kh_err *from)
{
    return kh_err_add(err, from->field, from->msg_zh, from->msg_en);
}

enum kh_status kh_err_addf(struct kh_err *err, const char *field, const char *zh, const char *en,
                           ...)
{
    struct kh_err one;
    kh_err_clear(&one);
    va_list ap;
    va_start(ap, en);
    va_list ap2;
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(one.msg_zh, sizeof(one.msg_zh), zh, ap);
    skip_args(zh, &ap2);
    vsnprintf(one.msg_en, sizeof(one.msg_en), en, ap2);
#pragma GCC diagnostic pop
    one.msg_zh[utf8_cut(one.msg_zh, strlen(one.msg_zh))] = '\0';
    one.msg_en[utf8_cut(one.msg_en, strlen(one.msg_en))] = '\0';
    va_end(ap2);
    va_end(ap);
    return kh_err_add(err, field, one.msg_zh, one.msg_en);
}

/* dst = prefix + text, cut at a character boundary to fit cap. */
static void prefix_text(char *dst, size_t cap, const char *prefix, const char *text)
{
    char joined[sizeof(((struct kh_err *)0)->msg_zh) * 2];
    snprintf(joined, sizeof(joined), "%s%s", prefix ? prefix : "", text);
    copy_text(dst, cap, joined);
}

enum kh_status kh_err_wrap(struct kh_err *err, enum kh_status code, const char *field,
                           const char *zh_prefix, const char *en_prefix)
{
    if (!err)
        return code;
    /* The inner texts are copied first: they are read while the new ones are written. */
    struct kh_err inner = *err;
    err->code = code;
    copy_text(err->field, sizeof(err->field), field);
    prefix_text(err->msg_zh, sizeof(err->msg_zh), zh_prefix, inner.msg_zh);
    prefix_text(err->msg_en, sizeof(err->msg_en), en_prefix, inner.msg_en);
    err->detail[0] = '\0';
    return code;
}
