/*
 * CSV reader (RFC 4180) over a byte stream read in SHEET_CHUNK pieces. Bytes
 * are first decoded to UTF-8 (GB18030 through iconv, chunk by chunk), then a
 * small state machine splits records and fields. Only the current record is
 * held in memory.
 */
#include "sheet/sheet_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "core/utf8.h"

/* Room for an incomplete multibyte tail carried from the previous chunk. */
#define CSV_CARRY_MAX 8
/* GB18030 -> UTF-8 at most doubles (2 bytes -> 3, 4 -> 4). */
#define CSV_CONV_SIZE (2 * (SHEET_CHUNK + CSV_CARRY_MAX) + 16)

enum csv_state { CSV_FIELD_START, CSV_UNQUOTED, CSV_QUOTED, CSV_QUOTED_QUOTE };

struct sheet__csv {
    iconv_t cd; /* (iconv_t)-1 for UTF-8 input */
    bool validate_utf8;
    unsigned char *raw; /* SHEET_CHUNK + CSV_CARRY_MAX bytes */
    size_t raw_len;
    size_t raw_pos;
    bool need_more; /* raw[raw_pos..raw_len) is an incomplete sequence */
    bool src_eof;
    bool bad_text; /* invalid bytes in the input encoding follow the decoded text */
    bool started;  /* some text was decoded (a BOM is only stripped at the start) */
    char *conv;
    const char *dec;
    size_t dec_len;
    size_t dec_pos;
    /* parser */
    enum csv_state state;
    bool skip_lf; /* a CR ended the last record: a following LF belongs to it */
    int64_t rownum;
};

void sheet__csv_free(struct sheet__csv *c)
{
    if (!c)
        return;
    if (c->cd != (iconv_t)-1)
        iconv_close(c->cd);
    free(c->raw);
    free(c->conv);
    free(c);
}

/*
 * Length of the prefix of p[0..n) to validate when more bytes follow: a
 * multibyte sequence cut by the end of the window is left out.
 */
static size_t utf8_whole_prefix(const unsigned char *p, size_t n)
{
    size_t back = 0;
    while (back < 3 && back < n && (p[n - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back == n)
        return n;
    unsigned char lead = p[n - 1 - back];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return want > back + 1 ? n - 1 - back : n;
}

static bool has_utf8_bom(const unsigned char *p, size_t n)
{
    return n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
}

static enum sheet_encoding detect(const struct sheet__csv *c)
{
    if (has_utf8_bom(c->raw, c->raw_len))
        return SHEET_ENC_UTF8;
    size_t n = c->src_eof ? c->raw_len : utf8_whole_prefix(c->raw, c->raw_len);
    return utf8_valid((const char *)c->raw, n) ? SHEET_ENC_UTF8 : SHEET_ENC_GB18030;
}

static enum kh_status read_raw(struct sheet *s, struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    size_t carry = c->raw_len - c->raw_pos;
    if (carry > CSV_CARRY_MAX)
        carry = CSV_CARRY_MAX; /* cannot happen: iconv leaves at most 3 bytes */
    memmove(c->raw, c->raw + c->raw_pos, carry);
    c->raw_pos = 0;
    c->raw_len = carry;
    c->need_more = false;
    size_t got = 0;
    enum kh_status st = sheet__src_read(&s->src, c->raw + carry, SHEET_CHUNK, &got, err);
    if (st != KH_OK)
        return st;
    c->raw_len += got;
    if (got == 0)
        c->src_eof = true;
    return KH_OK;
}

enum kh_status sheet__csv_open(struct sheet *s, enum sheet_encoding enc, struct kh_err *err)
{
    struct sheet__csv *c = kh_calloc(1, sizeof(*c));
    c->cd = (iconv_t)-1;
    c->raw = kh_malloc(SHEET_CHUNK + CSV_CARRY_MAX);
    s->csv = c;
    enum kh_status st = read_raw(s, err);
    if (st != KH_OK)
        return st;
    if (enc == SHEET_ENC_AUTO)
        enc = detect(c);
    switch (enc) {
    case SHEET_ENC_GBK:
    case SHEET_ENC_GB18030:
        /* GB18030 is a superset of GBK: one decoder serves both. */
        c->cd = iconv_open("UTF-8", "GB18030");
        if (c->cd == (iconv_t)-1)
            return kh_err_set(err, KH_E_INTERNAL, "file", "系统不支持 GB18030 编码转换",
                              "GB18030 conversion is not available");
        c->conv = kh_malloc(CSV_CONV_SIZE);
        s->enc_name = enc == SHEET_ENC_GBK ? "gbk" : "gb18030";
        break;
    default:
        c->validate_utf8 = true;
        s->enc_name = "utf-8";
        break;
    }
    return KH_OK;
}

static void decode_iconv(struct sheet__csv *c)
{
    char *in = (char *)c->raw + c->raw_pos;
    size_t inleft = c->raw_len - c->raw_pos;
    char *out = c->conv;
    size_t outleft = CSV_CONV_SIZE;
    size_t r = iconv(c->cd, &in, &inleft, &out, &outleft);
    if (r == (size_t)-1) {
        if (errno == EINVAL)
            c->need_more = true;
        else if (errno != E2BIG)
            c->bad_text = true;
    }
    c->raw_pos = c->raw_len - inleft;
    c->dec = c->conv;
    c->dec_len = CSV_CONV_SIZE - outleft;
}

static void decode(struct sheet__csv *c)
{
    c->dec_pos = 0;
    if (c->cd != (iconv_t)-1) {
        decode_iconv(c);
    } else {
        c->dec = (const char *)c->raw + c->raw_pos;
        c->dec_len = c->raw_len - c->raw_pos;
        c->raw_pos = c->raw_len;
    }
    if (!c->started && c->dec_len > 0) {
        c->started = true;
        if (has_utf8_bom((const unsigned char *)c->dec, c->dec_len))
            c->dec_pos = 3;
    }
}

/*
 * Make decoded text available at dec[dec_pos]. False at the end of the
 * input, or when invalid input follows (c->bad_text).
 */
static enum kh_status fill(struct sheet *s, bool *more, struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    *more = false;
    for (;;) {
        if (c->bad_text)
            return KH_OK;
        if (c->raw_pos < c->raw_len && !c->need_more) {
            decode(c);
            if (c->dec_pos < c->dec_len) {
                *more = true;
                return KH_OK;
            }
            continue;
        }
        if (c->src_eof) {
            if (c->raw_pos < c->raw_len)
                c->bad_text = true; /* a multibyte sequence cut by the end of the file */
            return KH_OK;
        }
        enum kh_status st = read_raw(s, err);
        if (st != KH_OK)
            return st;
    }
}

static enum kh_status bad_text_err(struct sheet *s, struct kh_err *err)
{
    int64_t row = s->csv->rownum;
    if (s->csv->validate_utf8)
        return sheet__err_row(err, row, "含有无效的 UTF-8 文本", "invalid UTF-8 text");
    return sheet__err_row(err, row, "含有无效的 GB18030 文本", "invalid GB18030 text");
}

static enum kh_status end_field(struct sheet *s, struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    if (c->validate_utf8) {
        size_t n = 0;
        const char *p = sheet__cell_data(&s->row, &n);
        if (!utf8_valid(p, n))
            return bad_text_err(s, err);
    }
    if (!sheet__cell_end(&s->row))
        return sheet__err_too_many_cells(err, c->rownum);
    c->state = CSV_FIELD_START;
    return KH_OK;
}

static enum kh_status append(struct sheet *s, const char *p, size_t n, struct kh_err *err)
{
    if (!sheet__cell_append(&s->row, p, n))
        return sheet__err_cell_too_long(err, s->csv->rownum);
    return KH_OK;
}

/* Length of the run at p[0..n) of plain bytes: up to a quote, or (unquoted) a delimiter. */
static size_t run_len(const char *p, size_t n, bool quoted)
{
    size_t i = 0;
    if (quoted) {
        const char *q = memchr(p, '"', n);
        return q ? (size_t)(q - p) : n;
    }
    while (i < n && p[i] != ',' && p[i] != '\r' && p[i] != '\n')
        i++;
    return i;
}

/*
 * Consume one delimiter outside quotes (',' CR LF). *done is set when the
 * record ends.
 */
static enum kh_status delimiter(struct sheet *s, char ch, bool *done, struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    c->dec_pos++;
    enum kh_status st = end_field(s, err);
    if (st != KH_OK)
        return st;
    if (ch == ',')
        return KH_OK;
    c->skip_lf = ch == '\r';
    *done = true;
    return KH_OK;
}

/* One step of the state machine at dec[dec_pos]; sets *done at the end of a record. */
static enum kh_status step(struct sheet *s, bool *done, struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    const char *p = c->dec + c->dec_pos;
    size_t n = c->dec_len - c->dec_pos;
    char ch = p[0];
    switch (c->state) {
    case CSV_FIELD_START:
        if (ch == '"') {
            c->state = CSV_QUOTED;
            c->dec_pos++;
            return KH_OK;
        }
        c->state = CSV_UNQUOTED;
        return KH_OK;
    case CSV_UNQUOTED: {
        size_t k = run_len(p, n, false);
        if (k == 0)
            return delimiter(s, ch, done, err);
        c->dec_pos += k;
        return append(s, p, k, err);
    }
    case CSV_QUOTED: {
        size_t k = run_len(p, n, true);
        if (k == 0) {
            c->state = CSV_QUOTED_QUOTE;
            c->dec_pos++;
            return KH_OK;
        }
        c->dec_pos += k;
        return append(s, p, k, err);
    }
    case CSV_QUOTED_QUOTE:
        if (ch == '"') {
            c->state = CSV_QUOTED;
            c->dec_pos++;
            return append(s, "\"", 1, err);
        }
        /* `"ab"cd`: like Excel, keep what follows the closing quote. */
        c->state = CSV_UNQUOTED;
        return KH_OK;
    }
    return KH_OK;
}

static enum kh_status at_end(struct sheet *s, bool in_record, bool *has_row, struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    if (c->bad_text)
        return bad_text_err(s, err);
    if (c->state == CSV_QUOTED)
        return sheet__err_row(err, c->rownum, "引号未闭合（文件在引号内结束）",
                              "unterminated quoted field at the end of the file");
    if (!in_record)
        return KH_OK;
    enum kh_status st = end_field(s, err);
    if (st == KH_OK)
        *has_row = true;
    return st;
}

enum kh_status sheet__csv_next(struct sheet *s, struct sheet_row *row, bool *has_row,
                               struct kh_err *err)
{
    struct sheet__csv *c = s->csv;
    sheet__row_clear(&s->row);
    c->state = CSV_FIELD_START;
    c->rownum++;
    bool in_record = false;
    bool done = false;
    enum kh_status st = KH_OK;
    while (!done) {
        if (c->dec_pos >= c->dec_len) {
            bool more = false;
            st = fill(s, &more, err);
            if (st != KH_OK)
                return st;
            if (!more) {
                st = at_end(s, in_record, has_row, err);
                break;
            }
        }
        if (c->skip_lf) {
            c->skip_lf = false;
            if (c->dec[c->dec_pos] == '\n') {
                c->dec_pos++;
                continue;
            }
        }
        in_record = true;
        st = step(s, &done, err);
        if (st != KH_OK)
            return st;
        if (done)
            *has_row = true;
    }
    if (st != KH_OK)
        return st;
    if (*has_row)
        sheet__row_view(&s->row, row, c->rownum);
    else
        c->rownum--;
    return KH_OK;
}
