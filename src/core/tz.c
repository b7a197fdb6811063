/*
 * TZif reader (RFC 8536, versions 1-4) and the POSIX TZ rule of its footer,
 * which gives the offsets after the file's last transition.
 */
#include "core/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/mem.h"

/* Bounds on what a zone file may hold; tzdata's largest zones are far below them. */
#define TZ_FILE_MAX (1 << 20)
#define TZ_TRANSITIONS_MAX 20000
#define TZ_OFFSET_MAX (26 * 3600)

/* A day of a year in a POSIX TZ rule, and the local time of day of the change. */
struct tz_when {
    char kind; /* 'J' (1-365, never Feb 29), 'D' (0-365), 'M' (month, week, weekday) */
    int a, b, c;
    int32_t secs;
};

struct tz_rule {
    int32_t std_off, dst_off;
    bool dst;
    struct tz_when start, end;
};

struct kh_tz {
    char name[KH_TZ_NAME_MAX];
    int32_t before; /* offset before the first transition */
    int n;
    int64_t *at;  /* transition instants, ascending */
    int32_t *off; /* offset from at[i] on */
    bool has_rule;
    struct tz_rule rule; /* after the last transition */
};

static const struct kh_tz shanghai = {.name = "Asia/Shanghai", .before = 8 * 3600};

const struct kh_tz *tz_default(void)
{
    return &shanghai;
}

const char *tz_name(const struct kh_tz *tz)
{
    return tz ? tz->name : "UTC";
}

void tz_free(struct kh_tz *tz)
{
    if (!tz || tz == &shanghai)
        return;
    free(tz->at);
    free(tz->off);
    free(tz);
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '+' || c == '-';
}

bool tz_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n >= KH_TZ_NAME_MAX)
        return false;
    bool part_start = true;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (c == '/') {
            if (part_start)
                return false; /* leading "/", or "//" */
            part_start = true;
            continue;
        }
        if (!name_char(c) || (part_start && c == '-'))
            return false;
        part_start = false;
    }
    return !part_start; /* no trailing "/" */
}

/* ---- the POSIX TZ rule ---- */

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_len(int64_t y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* The day (days since 1970-01-01) that w names in year y. */
static int64_t rule_day(const struct tz_when *w, int64_t y)
{
    int64_t jan1 = days_from_civil(y, 1, 1);
    if (w->kind == 'J')
        return jan1 + w->a - 1 + (is_leap(y) && w->a >= 60 ? 1 : 0);
    if (w->kind == 'D')
        return jan1 + w->a;
    int64_t first = days_from_civil(y, (unsigned)w->a, 1);
    int wday = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    int64_t day = first + (w->c - wday + 7) % 7 + (int64_t)(w->b - 1) * 7;
    while (day - first >= month_len(y, w->a))
        day -= 7; /* week 5: the last such weekday */
    return day;
}

static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
    if (!r->dst)
        return r->std_off;
    struct kh_civil c;
    time_civil(NULL, t + r->std_off, &c);
    /* The start is given in standard time, the end in daylight time. */
    int64_t start = rule_day(&r->start, c.year) * 86400 + r->start.secs - r->std_off;
    int64_t end = rule_day(&r->end, c.year) * 86400 + r->end.secs - r->dst_off;
    if (start < end)
        return t >= start && t < end ? r->dst_off : r->std_off;
    return t >= end && t < start ? r->std_off : r->dst_off; /* southern hemisphere */
}

static bool p_digits(const char **s, int maxlen, int *out)
{
    int v = 0, n = 0;
    while (n < maxlen && **s >= '0' && **s <= '9') {
        v = v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    *out = v;
    return n > 0;
}

/* "EST", "<+08>": at least three characters. */
static bool p_abbr(const char **s)
{
    int n = 0;
    if (**s == '<') {
        for ((*s)++; **s && **s != '>'; (*s)++, n++)
            if (!name_char(**s) || **s == '_')
                return false;
        if (**s != '>')
            return false;
        (*s)++;
        return n >= 3;
    }
    while ((**s >= 'a' && **s <= 'z') || (**s >= 'A' && **s <= 'Z')) {
        (*s)++;
        n++;
    }
    return n >= 3;
}

/* [+-]hh[:mm[:ss]] with hh at most max_h. */
static bool p_hms(const char **s, int max_h, int32_t *out)
{
    int sign = 1, h = 0, m = 0, sec = 0;
    if (**s == '+' || **s == '-')
        sign = *(*s)++ == '-' ? -1 : 1;
    if (!p_digits(s, 3, &h) || h > max_h)
        return false;
    if (**s == ':') {
        (*s)++;
        if (!p_digits(s, 2, &m) || m > 59)
            return false;
        if (**s == ':') {
            (*s)++;
            if (!p_digits(s, 2, &sec) || sec > 59)
                return false;
        }
    }
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
}

static bool p_when(const char **s, struct tz_when *w)
{
    memset(w, 0, sizeof(*w));
    w->secs = 2 * 3600;
    bool ok;
    if (**s == 'J') {
        (*s)++;
        w->kind = 'J';
        ok = p_digits(s, 3, &w->a) && w->a >= 1 && w->a <= 365;
    } else if (**s == 'M') {
        (*s)++;
        w->kind = 'M';
        ok = p_digits(s, 2, &w->a) && w->a >= 1 && w->a <= 12 && *(*s)++ == '.' &&
             p_digits(s, 1, &w->b) && w->b >= 1 && w->b <= 5 && *(*s)++ == '.' &&
             p_digits(s, 1, &w->c) && w->c <= 6;
    } else {
        w->kind = 'D';
        ok = p_digits(s, 3, &w->a) && w->a <= 365;
    }
    if (ok && **s == '/') {
        (*s)++;
        ok = p_hms(s, 167, &w->secs); /* RFC 8536: -167 to 167 hours */
    }
    return ok;
}

/* "CET-1CEST,M3.5.0,M10.5.0/3": offsets are west-positive in the text. */
static bool parse_rule(const char *s, struct tz_rule *r)
{
    memset(r, 0, sizeof(*r));
    int32_t off = 0;
    if (!p_abbr(&s) || !p_hms(&s, 24, &off))
        return false;
    r->std_off = r->dst_off = -off;
    if (!*s)
        return true;
    if (!p_abbr(&s))
        return false;
    r->dst = true;
    r->dst_off = r->std_off + 3600;
    if (*s && *s != ',') {
        if (!p_hms(&s, 24, &off))
            return false;
        r->dst_off = -off;
    }
    if (!*s) { /* no dates: the POSIX default, the United States' rule */
        r->start = (struct tz_when){'M', 3, 2, 0, 7200};
        r->end = (struct tz_when){'M', 11, 1, 0, 7200};
        return true;
    }
    return *s++ == ',' && p_when(&s, &r->start) && *s++ == ',' && p_when(&s, &r->end) && !*s;
}

/* ---- TZif ---- */

struct reader {
    const unsigned char *p;
    size_t len, pos;
};

static bool need(const struct reader *rd, size_t n)
{
    return rd->len - rd->pos >= n;
}

static uint32_t be32(struct reader *rd)
{
    const unsigned char *p = rd->p + rd->pos;
    rd->pos += 4;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(struct reader *rd)
{
    uint64_t hi = be32(rd);
    uint64_t lo = be32(rd);
    return (int64_t)(hi << 32 | lo);
}

struct header {
    char version;
    uint32_t isut, isstd, leap, time, type, chars;
};

static bool read_header(struct reader *rd, struct header *h)
{
    if (!need(rd, 44) || memcmp(rd->p + rd->pos, "TZif", 4) != 0)
        return false;
    h->version = (char)rd->p[rd->pos + 4];
    rd->pos += 20;
    h->isut = be32(rd);
    h->isstd = be32(rd);
    h->leap = be32(rd);
    h->time = be32(rd);
    h->type = be32(rd);
    h->chars = be32(rd);
    return h->type >= 1 && h->type <= 256 && h->chars >= 1 && h->chars <= 4096 &&
           h->time <= TZ_TRANSITIONS_MAX && h->leap <= 1000 &&
           (h->isut == 0 || h->isut == h->type) && (h->isstd == 0 || h->isstd == h->type);
}

static size_t block_size(const struct header *h, size_t tsize)
{
    return h->time * tsize + h->time + h->type * 6 + h->chars + h->leap * (tsize + 4) + h->isstd +
           h->isut;
}

static enum kh_status bad_file(struct kh_err *err)
{
    return kh_err_set(err, KH_E_INVALID, "timezone", "不是有效的时区数据文件",
                      "not a valid time zone file");
}

/* The data block after h (times of tsize bytes) into tz. */
static enum kh_status read_block(struct reader *rd, const struct header *h, size_t tsize,
                                 struct kh_tz *tz, struct kh_err *err)
{
    if (!need(rd, block_size(h, tsize)))
        return bad_file(err);
    if (h->leap)
        return kh_err_set(err, KH_E_INVALID, "timezone", "不支持含闰秒的时区",
                          "zones with leap seconds are not supported");
    tz->n = (int)h->time;
    tz->at = kh_malloc(sizeof(int64_t) * (h->time + 1));
    tz->off = kh_malloc(sizeof(int32_t) * (h->time + 1));
    for (uint32_t i = 0; i < h->time; i++) {
        tz->at[i] = tsize == 8 ? be64(rd) : (int64_t)(int32_t)be32(rd);
        if (i > 0 && tz->at[i] <= tz->at[i - 1])
            return bad_file(err);
    }
    const unsigned char *idx = rd->p + rd->pos;
    rd->pos += h->time;
    int32_t types[256];
    for (uint32_t i = 0; i < h->type; i++) {
        types[i] = (int32_t)be32(rd);
        if (types[i] < -TZ_OFFSET_MAX || types[i] > TZ_OFFSET_MAX || rd->p[rd->pos + 1] >= h->chars)
            return bad_file(err);
        rd->pos += 2; /* isdst, designation index */
    }
    for (uint32_t i = 0; i < h->time; i++) {
        if (idx[i] >= h->type)
            return bad_file(err);
        tz->off[i] = types[idx[i]];
    }
    tz->before = types[0];
    rd->pos += h->chars + h->isstd + h->isut;
    return KH_OK;
}

/* The footer of version 2 and later: "\n<POSIX TZ rule>\n"; an empty rule is none. */
static enum kh_status read_footer(struct reader *rd, struct kh_tz *tz, struct kh_err *err)
{
    if (!need(rd, 2) || rd->p[rd->pos] != '\n')
        return bad_file(err);
    const char *start = (const char *)rd->p + rd->pos + 1;
    const char *end = memchr(start, '\n', rd->len - rd->pos - 1);
    if (!end || end - start >= 128)
        return bad_file(err);
    char rule[128];
    memcpy(rule, start, (size_t)(end - start));
    rule[end - start] = '\0';
    if (!rule[0])
        return KH_OK;
    if (!parse_rule(rule, &tz->rule))
        return bad_file(err);
    tz->has_rule = true;
    return KH_OK;
}

static enum kh_status parse_into(struct reader *rd, struct kh_tz *tz, struct kh_err *err)
{
    struct header h;
    if (!read_header(rd, &h))
        return bad_file(err);
    if (h.version == 0) /* version 1: 32-bit times, no footer */
        return read_block(rd, &h, 4, tz, err);
    if (!need(rd, block_size(&h, 4)))
        return bad_file(err);
    rd->pos += block_size(&h, 4); /* the version 1 block repeats the data in 32 bits */
    if (!read_header(rd, &h))
        return bad_file(err);
    enum kh_status st = read_block(rd, &h, 8, tz, err);
    return st ? st : read_footer(rd, tz, err);
}

enum kh_status tz_parse(const char *name, const void *data, size_t len, struct kh_tz **out,
                        struct kh_err *err)
{
    *out = NULL;
    struct kh_tz *tz = kh_calloc(1, sizeof(*tz));
    kh_strlcpy(tz->name, name ? name : "", sizeof(tz->name));
    struct reader rd = {data, len, 0};
    enum kh_status st = parse_into(&rd, tz, err);
    if (st) {
        tz_free(tz);
        return st;
    }
    *out = tz;
    return KH_OK;
}

static enum kh_status unknown_zone(struct kh_err *err)
{
    return kh_err_set(err, KH_E_NOT_FOUND, "timezone",
                      "未知的时区（请使用 IANA 时区名称，如 Asia/Shanghai）",
                      "unknown time zone (use an IANA name such as Asia/Shanghai)");
}

enum kh_status tz_load(const char *dir, const char *name, struct kh_tz **out, struct kh_err *err)
{
    *out = NULL;
    if (!tz_name_ok(name))
        return kh_err_set(err, KH_E_INVALID, "timezone",
                          "时区名称格式不对（请使用 IANA 时区名称，如 Asia/Shanghai）",
                          "not a time zone name (use an IANA name such as Asia/Shanghai)");
    char path[4096];
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return unknown_zone(err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? unknown_zone(err) : bad_file(err);
    struct stat sb;
    bool stat_ok = fstat(fd, &sb) == 0;
    if (!stat_ok || !S_ISREG(sb.st_mode) || sb.st_size > TZ_FILE_MAX) {
        close(fd);
        return stat_ok && S_ISDIR(sb.st_mode) ? unknown_zone(err) : bad_file(err);
    }
    unsigned char *data = kh_malloc((size_t)sb.st_size + 1);
    size_t got = 0;
    while (got < (size_t)sb.st_size) {
        ssize_t k = read(fd, data + got, (size_t)sb.st_size - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    enum kh_status st = tz_parse(name, data, got, out, err);
    free(data);
    return st;
}

/* ---- conversions ---- */

int32_t tz_offset(const struct kh_tz *tz, int64_t t)
{
    if (!tz)
        return 0;
    if (tz->n == 0)
        return tz->has_rule ? rule_offset(&tz->rule, t) : tz->before;
    if (t < tz->at[0])
        return tz->before;
    if (t >= tz->at[tz->n - 1])
        return tz->has_rule ? rule_offset(&tz->rule, t) : tz->off[tz->n - 1];
    int lo = 0, hi = tz->n - 1; /* at[lo] <= t < at[hi] */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (tz->at[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return tz->off[lo];
}

int64_t tz_from_local(const struct kh_tz *tz, int64_t local)
{
    /*
     * Changes are days apart and offsets a day at most, so the offsets a day
     * before and after, read as if local were UTC, are the offsets on either
     * side of any change near local.
     */
    int32_t before = tz_offset(tz, local - 86400);
    int32_t after = tz_offset(tz, local + 86400);
    int64_t a = local - before, b = local - after;
    bool a_ok = tz_offset(tz, a) == before, b_ok = tz_offset(tz, b) == after;
    if (a_ok && b_ok)
        return a < b ? a : b; /* a repeated time: the first */
    if (b_ok)
        return b;
    return a; /* a valid time, or a skipped one read on the clock before the change */
}
