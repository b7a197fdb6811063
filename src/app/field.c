#include "app/field.h"

#include <string.h>

#include "core/str.h"
#include "core/utf8.h"

const char *field_trim(struct arena *a, const char *s)
{
    struct str t = str_trim(str_from(s ? s : ""));
    return arena_strndup(a, t.ptr, t.len);
}

enum kh_status field_text(struct arena *a, const char *in, const char *field, size_t max,
                          bool required, const char *zh, const char *en, const char **out,
                          struct kh_err *err)
{
    if (!in && !required)
        return KH_OK;
    const char *t = field_trim(a, in);
    if (!utf8_text_ok(t, max, required) || (required && !*t))
        return kh_err_setf(err, KH_E_VALIDATION, field, "%s（%s%zu 字以内）",
                           "%s (%sat most %zu characters)", zh, required ? "必填，" : "", max, en,
                           required ? "required, " : "", max);
    *out = t;
    return KH_OK;
}

const char *field_like_pattern(struct arena *a, const char *q)
{
    const char *t = field_trim(a, q);
    if (!*t)
        return "";
    char *out = arena_alloc(a, strlen(t) * 2 + 3);
    size_t n = 0;
    out[n++] = '%';
    for (const char *p = t; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            out[n++] = '\\';
        out[n++] = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
    }
    out[n++] = '%';
    out[n] = 0;
    return out;
}
