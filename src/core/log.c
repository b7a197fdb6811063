#include "core/log.h"

#include <stdarg.h>
#include <stdbool.h>
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
    /* A value that slipped through unescaped still cannot start a line of its own. */
    for (char *c = line; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = '?';
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

const char *log_escape(char *out, size_t cap, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && cap > 0; i++) {
        unsigned char c = (unsigned char)s[i];
        bool plain = c > 0x20 && c < 0x7f && c != '"' && c != '\\';
        size_t need = plain ? 1 : 4;
        if (o + need >= cap)
            break;
        if (plain) {
            out[o++] = (char)c;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    if (cap > 0)
        out[o] = '\0';
    return out;
}
