#ifndef KH_CORE_TZ_H
#define KH_CORE_TZ_H

/*
 * Time zones of the IANA tz database, read from the system's zoneinfo
 * files (TZif, RFC 8536; Debian package tzdata): the UTC offset at any
 * instant, daylight saving included, and the instant of a local wall-clock
 * time. A zone is read once (tz_load), then never changes: any number of
 * threads may use it. Nothing here reads or sets the process's TZ variable
 * or calls localtime_r, which are process-wide and not thread-safe.
 *
 * Times are Unix seconds (UTC). A "local" time is the wall clock written
 * as Unix seconds: 2026-03-29 02:30 in Berlin is the local time
 * days_from_civil(2026, 3, 29) * 86400 + 2.5 * 3600.
 *
 * A NULL zone means UTC everywhere.
 *
 * Examples (Europe/Berlin, which moves from +01:00 to +02:00 at 01:00 UTC
 * on 2026-03-29):
 *   tz_offset(berlin, <2026-03-29T00:59:59Z>)  -> 3600
 *   tz_offset(berlin, <2026-03-29T01:00:00Z>)  -> 7200
 *   tz_from_local(berlin, <2026-03-29 03:00 local>) -> 2026-03-29T01:00:00Z
 *   tz_from_local(berlin, <2026-03-29 02:30 local>) (a time that does not
 *     exist that day) -> 2026-03-29T01:30:00Z, shown as 03:30
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Where Debian's tzdata installs the zones. */
#define KH_TZ_DIR "/usr/share/zoneinfo"
/* A zone's name fits in this many bytes, with its NUL. */
#define KH_TZ_NAME_MAX 64

struct kh_tz;

/*
 * Whether name has the form of a zone name ("Asia/Shanghai", "UTC",
 * "Etc/GMT+8", "America/Argentina/Buenos_Aires"): 1-63 characters of
 * [A-Za-z0-9/_+-], parts separated by single "/", none empty or starting
 * with "." or "-". Says nothing about whether the zone exists.
 */
bool tz_name_ok(const char *name);

/*
 * Read zone name from the zoneinfo folder dir (KH_TZ_DIR). Errors, field
 * "timezone": KH_E_INVALID for a name of the wrong form, KH_E_NOT_FOUND
 * when dir has no such zone, KH_E_INVALID for a file that is not a valid
 * TZif file, or one with leap seconds ("right/…" zones). *out is freed
 * with tz_free.
 */
KH_NODISCARD enum kh_status tz_load(const char *dir, const char *name, struct kh_tz **out,
                                    struct kh_err *err);
/* The same from the bytes of a TZif file (tests, fuzzing). */
KH_NODISCARD enum kh_status tz_parse(const char *name, const void *data, size_t len,
                                     struct kh_tz **out, struct kh_err *err);
void tz_free(struct kh_tz *tz);

/*
 * The built-in company zone, used when none is configured or the
 * configured one cannot be read: Asia/Shanghai as a fixed UTC+8 (China has
 * kept no daylight saving since 1991). A constant; never freed.
 */
const struct kh_tz *tz_default(void);

/* The zone's name ("UTC" for NULL). */
const char *tz_name(const struct kh_tz *tz);
/* The UTC offset in seconds at instant t (east positive; 0 for NULL). */
int32_t tz_offset(const struct kh_tz *tz, int64_t t);
/*
 * The instant of local time `local`. A time that happens twice (the hour
 * repeated when daylight saving ends) gives the first; a time that never
 * happens (the hour skipped when it starts) is read with the offset before
 * the change, so it lands that much later on the new clock.
 */
int64_t tz_from_local(const struct kh_tz *tz, int64_t local);

#endif
