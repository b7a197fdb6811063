/* CSV writer: RFC 4180, UTF-8 with a BOM (Excel opens it), strict GBK or GB18030; a GBK check. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/mem.h"
#include "export/export_internal.h"
#include "sheet/sheet.h"

struct csv_writer {
    struct export_writer base;
    FILE *f;
    bool gbk; /* converted (GBK or GB18030): cd is open */
    iconv_t cd;
    struct buf line;
    struct buf conv;
};

static void put_cell(struct buf *b, const char *cell)
{
    bool quote = strpbrk(cell, ",\"\r\n") != NULL;
    if (quote)
        buf_putc(b, '"');
    if (sheet_csv_guard(cell))
        buf_putc(b, '\'');
    for (const char *p = cell; *p; p++) {
        if (*p == '"')
            buf_putc(b, '"');
        buf_putc(b, *p);
    }
    if (quote)
        buf_putc(b, '"');
}

/* The UTF-8 character at p (n bytes left): its length. */
static size_t char_len(const char *p, size_t n)
{
    size_t k = 1;
    while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80)
        k++;
    return k;
}

/*
 * How Kehu's own text (headers, the watermark) spells in a GBK file a
 * character GBK lacks: superscript digits as digits, anything else as "?".
 * (glibc's //TRANSLIT depends on the process locale, which a server does
 * not set.)
 */
static const char *own_spelling(const char *p, size_t n)
{
    static const char *const sup[][2] = {{"²", "2"}, {"³", "3"}, {"¹", "1"}};
    for (size_t i = 0; i < sizeof(sup) / sizeof(sup[0]); i++)
        if (n == strlen(sup[i][0]) && !memcmp(p, sup[i][0], n))
            return sup[i][1];
    return "?";
}

/*
 * Convert the UTF-8 line into w->conv (GBK or GB18030); false at a
 * character the encoding lacks, unless the line is Kehu's own text.
 */
static bool convert(struct csv_writer *w, bool own)
{
    buf_reset(&w->conv);
    char *in = w->line.data;
    size_t inleft = w->line.len;
    char chunk[4096];
    while (inleft > 0) {
        char *out = chunk;
        size_t outleft = sizeof(chunk);
        size_t rc = iconv(w->cd, &in, &inleft, &out, &outleft);
        buf_append(&w->conv, chunk, sizeof(chunk) - outleft);
        if (rc != (size_t)-1 || errno == E2BIG)
            continue;
        if (!own || errno != EILSEQ)
            return false;
        size_t n = char_len(in, inleft);
        buf_puts(&w->conv, own_spelling(in, n));
        in += n;
        inleft -= n;
    }
    return !w->conv.overflow;
}

static enum kh_status csv_row(struct export_writer *base, const char *const *cells, int n,
                              struct kh_err *err)
{
    struct csv_writer *w = (struct csv_writer *)base;
    buf_reset(&w->line);
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&w->line, ',');
        put_cell(&w->line, cells[i] ? cells[i] : "");
    }
    buf_puts(&w->line, "\r\n");
    if (w->line.overflow)
        return kh_err_set(err, KH_E_INTERNAL, "file", "导出行过长", "export row too long");
    const struct buf *out = &w->line;
    if (w->gbk) {
        if (!convert(w, w->base.own_text))
            return kh_err_set(err, KH_E_INTERNAL, "file", "导出内容含有所选编码无法表示的字符",
                              "the export holds characters the chosen encoding cannot represent");
        out = &w->conv;
    }
    if (fwrite(out->data, 1, out->len, w->f) != out->len)
        return kh_err_set(err, KH_E_INTERNAL, "file", "写入导出文件失败",
                          "cannot write the export file");
    return KH_OK;
}

static enum kh_status csv_sheet(struct export_writer *base, const char *name, struct kh_err *err)
{
    (void)base;
    (void)name;
    (void)err;
    return KH_OK;
}

static void csv_free(struct csv_writer *w)
{
    if (w->gbk)
        iconv_close(w->cd);
    buf_release(&w->line);
    buf_release(&w->conv);
    free(w);
}

static enum kh_status csv_finish(struct export_writer *base, struct kh_err *err)
{
    struct csv_writer *w = (struct csv_writer *)base;
    bool ok = fflush(w->f) == 0 && fsync(fileno(w->f)) == 0;
    ok = fclose(w->f) == 0 && ok;
    csv_free(w);
    if (!ok)
        return kh_err_set(err, KH_E_INTERNAL, "file", "写入导出文件失败",
                          "cannot write the export file");
    return KH_OK;
}

static void csv_abandon(struct export_writer *base)
{
    struct csv_writer *w = (struct csv_writer *)base;
    fclose(w->f);
    csv_free(w);
}

static const struct export_writer_ops csv_ops = {csv_sheet, csv_row, csv_finish, csv_abandon};

/* Open cd for to (from UTF-8); false (and cd closed) when glibc lacks it. */
static bool open_iconv(iconv_t *cd, const char *to)
{
    *cd = iconv_open(to, "UTF-8");
    return *cd != (iconv_t)-1;
}

enum kh_status export__csv_open(const char *path, enum export_encoding enc,
                                struct export_writer **out, struct kh_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "wb");
    if (!f)
        return kh_err_setf(err, KH_E_INTERNAL, "file", "无法创建导出文件 %s",
                           "cannot create the export file %s", path, path);
    struct csv_writer *w = kh_calloc(1, sizeof(*w));
    w->base.ops = &csv_ops;
    w->f = f;
    buf_init(&w->line, 4u << 20);
    buf_init(&w->conv, 8u << 20);
    if (enc != EXPORT_UTF8) {
        if (!open_iconv(&w->cd, enc == EXPORT_GBK ? "GBK" : "GB18030")) {
            csv_abandon(&w->base);
            return kh_err_set(err, KH_E_INTERNAL, "encoding", "系统不支持该编码",
                              "the system cannot convert to this encoding");
        }
        w->gbk = true;
    } else if (fwrite("\xEF\xBB\xBF", 1, 3, f) != 3) {
        csv_abandon(&w->base);
        return kh_err_set(err, KH_E_INTERNAL, "file", "写入导出文件失败",
                          "cannot write the export file");
    }
    *out = &w->base;
    return KH_OK;
}

/* ---- the GBK check ---- */

struct gbk_check {
    struct export_writer base;
    iconv_t cd;
    struct arena *a;
    const char *const *headers;
    int64_t row;
    struct export_bad_cell *bad;
    int cap, *nbad;
    int64_t *count;
};

/* The characters of cell GBK lacks, appended to chars (at most 8); false when there is none. */
static bool gbk_lacks(iconv_t cd, const char *cell, struct buf *chars)
{
    char *in = (char *)(uintptr_t)cell; /* iconv's prototype is not const-correct */
    size_t inleft = strlen(cell);
    int found = 0;
    while (inleft > 0) {
        char chunk[1024];
        char *out = chunk;
        size_t outleft = sizeof(chunk);
        if (iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1 || errno == E2BIG)
            continue;
        /* EILSEQ (or EINVAL, a cut sequence): skip the one UTF-8 character at in. */
        size_t n = char_len(in, inleft);
        if (found++ < 8)
            buf_append(chars, in, n);
        in += n;
        inleft -= n;
    }
    iconv(cd, NULL, NULL, NULL, NULL);
    return found > 0;
}

static enum kh_status check_row(struct export_writer *base, const char *const *cells, int n,
                                struct kh_err *err)
{
    (void)err;
    struct gbk_check *w = (struct gbk_check *)base;
    for (int i = 0; i < n; i++) {
        struct buf chars;
        buf_init(&chars, 64);
        if (cells[i] && gbk_lacks(w->cd, cells[i], &chars)) {
            if (*w->nbad < w->cap)
                w->bad[(*w->nbad)++] = (struct export_bad_cell){
                    w->row, w->headers[i], arena_strdup(w->a, cells[0] ? cells[0] : ""),
                    arena_strdup(w->a, buf_cstr(&chars))};
            (*w->count)++;
        }
        buf_release(&chars);
    }
    w->row++;
    return KH_OK;
}

static enum kh_status check_finish(struct export_writer *base, struct kh_err *err)
{
    (void)err;
    struct gbk_check *w = (struct gbk_check *)base;
    iconv_close(w->cd);
    free(w);
    return KH_OK;
}

static void check_abandon(struct export_writer *base)
{
    struct kh_err e;
    KH_IGNORE(check_finish(base, &e));
}

static const struct export_writer_ops check_ops = {csv_sheet, check_row, check_finish,
                                                   check_abandon};

enum kh_status export__gbk_check_open(struct arena *a, const char *const *headers,
                                      int64_t first_row, struct export_bad_cell *bad, int cap,
                                      int *nbad, int64_t *count, struct export_writer **out,
                                      struct kh_err *err)
{
    *out = NULL;
    struct gbk_check *w = kh_calloc(1, sizeof(*w));
    if (!open_iconv(&w->cd, "GBK")) {
        free(w);
        return kh_err_set(err, KH_E_INTERNAL, "encoding", "系统不支持 GBK 编码",
                          "GBK conversion is not available");
    }
    w->base.ops = &check_ops;
    w->a = a;
    w->headers = headers;
    w->row = first_row;
    w->bad = bad;
    w->cap = cap;
    w->nbad = nbad;
    w->count = count;
    *out = &w->base;
    return KH_OK;
}
