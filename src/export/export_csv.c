/* CSV writer: RFC 4180, UTF-8 with a BOM (Excel opens it) or GB18030 for "gbk". */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/mem.h"
#include "export/export_internal.h"
#include "sheet/sheet.h"

struct csv_writer {
    struct export_writer base;
    FILE *f;
    bool gbk;
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

/* Convert the UTF-8 line to GB18030 into w->conv. */
static bool convert(struct csv_writer *w)
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
        if (rc == (size_t)-1 && errno != E2BIG)
            return false;
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
        if (!convert(w))
            return kh_err_set(err, KH_E_INTERNAL, "file", "无法转换为 GBK 编码",
                              "cannot convert to GBK");
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

enum kh_status export__csv_open(const char *path, bool gbk, struct export_writer **out,
                                struct kh_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "wb");
    if (!f)
        return kh_err_setf(err, KH_E_INTERNAL, "file", "无法创建导出文件 %s",
                           "cannot create the export file %s", path, path);
    struct csv_writer *w = kh_calloc(1, sizeof(*w));
    w->base.ops = &csv_ops;
    w->f = f;
    w->gbk = gbk;
    buf_init(&w->line, 4u << 20);
    buf_init(&w->conv, 8u << 20);
    if (gbk) {
        w->cd = iconv_open("GB18030", "UTF-8");
        if (w->cd == (iconv_t)-1) {
            w->gbk = false;
            csv_abandon(&w->base);
            return kh_err_set(err, KH_E_INTERNAL, "encoding", "系统不支持 GBK 编码",
                              "GBK conversion is not available");
        }
    } else if (fwrite("\xEF\xBB\xBF", 1, 3, f) != 3) {
        csv_abandon(&w->base);
        return kh_err_set(err, KH_E_INTERNAL, "file", "写入导出文件失败",
                          "cannot write the export file");
    }
    *out = &w->base;
    return KH_OK;
}
