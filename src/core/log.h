#ifndef KH_CORE_LOG_H
#define KH_CORE_LOG_H

/*
 * One-line structured logs on stderr ("ts=... level=... msg=..." key=value
 * pairs). Never pass secrets or personal data to these functions.
 */

#include <stddef.h>

#include "core/err.h"

void log_info(const char *fmt, ...) KH_PRINTF(1, 2);
void log_warn(const char *fmt, ...) KH_PRINTF(1, 2);
void log_error(const char *fmt, ...) KH_PRINTF(1, 2);
/*
 * Copy n bytes of s into out (cap bytes, always terminated) so that the
 * value cannot end its key=value pair or its line: bytes outside printable
 * ASCII, space, '"' and '\\' become \xNN. Cut short rather than overflow
 * (4 bytes per input byte fit always). Returns out.
 */
const char *log_escape(char *out, size_t cap, const char *s, size_t n);
/* Silence info lines (tests, CLI). */
void log_set_quiet(int quiet);

#endif
