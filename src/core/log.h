#ifndef KH_CORE_LOG_H
#define KH_CORE_LOG_H

/*
 * One-line structured logs on stderr ("ts=... level=... msg=..." key=value
 * pairs). Never pass secrets or personal data to these functions.
 */

#include "core/err.h"

void log_info(const char *fmt, ...) KH_PRINTF(1, 2);
void log_warn(const char *fmt, ...) KH_PRINTF(1, 2);
void log_error(const char *fmt, ...) KH_PRINTF(1, 2);
/* Silence info lines (tests, CLI). */
void log_set_quiet(int quiet);

#endif
