#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "core/clock.h"

static int log_quiet;

void log_set_quiet(int quiet)
{
    log_quiet = quiet;
}

static void log_line(const char *level, const char *fmt, va_list ap)
{
    char ts[40];
    char line[2048];
    time_format_iso(NULL, clock_now(NULL), ts, sizeof(ts)); /* UTC: logs of any company compare */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(line, sizeof(line), fmt, ap);
#pragma GCC diagnostic pop
    /* One fputs per line so concurrent threads do not interleave. */
    char out[2200];
    snprintf(out, sizeof(out), "ts=%s level=%s %s\n", ts, level, line);
    fputs(out, stderr);
}

void log_info(const char *fmt, ...)
{
    if (log_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_line("info", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("warn", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line("error", fmt, ap);
    va_end(ap);
}
