#include "sheet/sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "sheet/sheet_internal.h"

/* All cells at their caps, each with its NUL. */
#define SHEET_ROW_TEXT_MAX (SHEET_ROW_CELLS_MAX * (SHEET_CELL_MAX + 1))

void sheet__row_init(struct sheet__row *r)
{
    memset(r, 0, sizeof(*r));
    buf_init(&r->text, SHEET_ROW_TEXT_MAX);
}

void sheet__row_release(struct sheet__row *r)
{
    buf_release(&r->text);
    free(r->starts);
    free(r->ptrs);
    free(r->lens);
    memset(r, 0, sizeof(*r));
}

void sheet__row_clear(struct sheet__row *r)
{
    buf_reset(&r->text);
    r->ncells = 0;
    r->cell_start = 0;
}

bool sheet__cell_append(struct sheet__row *r, const void *p, size_t n)
{
    size_t have = r->text.len - r->cell_start;
    if (n > SHEET_CELL_MAX - have)
        return false;
    buf_append(&r->text, p, n);
    return true;
}

const char *sheet__cell_data(const struct sheet__row *r, size_t *len)
{
    *len = r->text.len - r->cell_start;
    return buf_cstr(&r->text) + r->cell_start;
}

bool sheet__cell_end(struct sheet__row *r)
{
    if (r->ncells >= SHEET_ROW_CELLS_MAX)
        return false;
    if (r->ncells == r->alloc) {
        int n = r->alloc ? r->alloc * 2 : 16;
        if (n > SHEET_ROW_CELLS_MAX)
            n = SHEET_ROW_CELLS_MAX;
        r->starts = kh_realloc(r->starts, kh_size_mul((size_t)n, sizeof(*r->starts)));
        r->ptrs = kh_realloc(r->ptrs, kh_size_mul((size_t)n, sizeof(*r->ptrs)));
        r->lens = kh_realloc(r->lens, kh_size_mul((size_t)n, sizeof(*r->lens)));
        r->alloc = n;
    }
    r->starts[r->ncells] = r->cell_start;
    r->lens[r->ncells] = r->text.len - r->cell_start;
    r->ncells++;
    buf_putc(&r->text, '\0');
    r->cell_start = r->text.len;
    return true;
}

void sheet__row_view(struct sheet__row *r, struct sheet_row *out, int64_t number)
{
    const char *base = buf_cstr(&r->text);
    for (int i = 0; i < r->ncells; i++)
        r->ptrs[i] = base + r->starts[i];
    out->cells = r->ptrs;
    out->lens = r->lens;
    out->ncells = r->ncells;
    out->number = number;
}

enum kh_status sheet__err_row(struct kh_err *err, int64_t row, const char *zh, const char *en)
{
    char zh_msg[200], en_msg[200];
    snprintf(zh_msg, sizeof(zh_msg), "第 %lld 行：%s", (long long)row, zh);
    snprintf(en_msg, sizeof(en_msg), "row %lld: %s", (long long)row, en);
    return kh_err_set(err, KH_E_INVALID, "file", zh_msg, en_msg);
}

enum kh_status sheet__err_cell_too_long(struct kh_err *err, int64_t row)
{
    return sheet__err_row(err, row, "单元格内容超过 32 KiB", "a cell is longer than 32 KiB");
}

enum kh_status sheet__err_too_many_cells(struct kh_err *err, int64_t row)
{
    return sheet__err_row(err, row, "一行超过 512 个单元格", "a row has more than 512 cells");
}

enum kh_status sheet__src_read(struct sheet__src *src, void *dst, size_t cap, size_t *got,
                               struct kh_err *err)
{
    size_t n = 0;
    *got = 0;
    if (src->fp) {
        n = fread(dst, 1, cap, src->fp);
        if (n < cap && ferror(src->fp))
            return kh_err_set(err, KH_E_INTERNAL, "file", "读取文件失败", "cannot read the file");
    } else if (src->mem) {
        n = src->mem_len - src->mem_pos;
        if (n > cap)
            n = cap;
        memcpy(dst, src->mem + src->mem_pos, n);
        src->mem_pos += n;
    }
    src->done += n;
    if (src->done > src->total)
        src->total = src->done;
    *got = n;
    return KH_OK;
}

static bool is_zip_magic(const unsigned char *p, size_t n)
{
    return n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

static struct sheet *sheet_alloc(void)
{
    struct sheet *s = kh_calloc(1, sizeof(*s));
    sheet__row_init(&s->row);
    s->enc_name = "utf-8";
    return s;
}

static enum kh_status open_file(const char *path, FILE **fp, uint64_t *size, struct kh_err *err)
{
    *fp = NULL;
    *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return kh_err_set(err, KH_E_NOT_FOUND, "file", "文件不存在", "file not found");
        return kh_err_set(err, KH_E_INVALID, "file", "无法打开文件", "cannot open the file");
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return kh_err_set(err, KH_E_INVALID, "file", "不是普通文件", "not a regular file");
    }
    *size = (uint64_t)st.st_size;
    *fp = f;
    return KH_OK;
}

static enum sheet_format sniff_file(FILE *f)
{
    unsigned char magic[4];
    size_t n = fread(magic, 1, sizeof(magic), f);
    rewind(f);
    return is_zip_magic(magic, n) ? SHEET_XLSX : SHEET_CSV;
}

enum kh_status sheet_open(const char *path, enum sheet_format format, enum sheet_encoding enc,
                          struct sheet **out, struct kh_err *err)
{
    *out = NULL;
    FILE *f = NULL;
    uint64_t size = 0;
    enum kh_status st = open_file(path, &f, &size, err);
    if (st != KH_OK)
        return st;
    if (format == SHEET_AUTO)
        format = sniff_file(f);
    struct sheet *s = sheet_alloc();
    s->format = format;
    if (format == SHEET_XLSX) {
        fclose(f);
        st = sheet__xlsx_open(s, path, NULL, 0, err);
    } else {
        s->src.fp = f;
        s->src.total = size;
        st = sheet__csv_open(s, enc, err);
    }
    if (st != KH_OK) {
        sheet_close(s);
        return st;
    }
    *out = s;
    return KH_OK;
}

enum kh_status sheet_open_fd(int fd, enum sheet_format format, enum sheet_encoding enc,
                             struct sheet **out, struct kh_err *err)
{
    *out = NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return kh_err_set(err, KH_E_INVALID, "file", "不是普通文件", "not a regular file");
    }
    if (format == SHEET_AUTO) {
        unsigned char magic[4];
        ssize_t n = pread(fd, magic, sizeof(magic), 0);
        format = is_zip_magic(magic, n > 0 ? (size_t)n : 0) ? SHEET_XLSX : SHEET_CSV;
    }
    struct sheet *s = sheet_alloc();
    s->format = format;
    enum kh_status st;
    if (format == SHEET_XLSX) {
        st = sheet__xlsx_open_fd(s, fd, err);
    } else {
        FILE *f = fdopen(fd, "rb");
        if (!f)
            close(fd);
        s->src.fp = f;
        s->src.total = (uint64_t)sb.st_size;
        st = f ? sheet__csv_open(s, enc, err)
               : kh_err_set(err, KH_E_INVALID, "file", "无法打开文件", "cannot open the file");
    }
    if (st != KH_OK) {
        sheet_close(s);
        return st;
    }
    *out = s;
    return KH_OK;
}

enum kh_status sheet_open_mem(const void *data, size_t len, enum sheet_format format,
                              enum sheet_encoding enc, struct sheet **out, struct kh_err *err)
{
    *out = NULL;
    static const unsigned char empty[1] = {0};
    if (!data) {
        data = empty;
        len = 0;
    }
    if (format == SHEET_AUTO)
        format = is_zip_magic(data, len) ? SHEET_XLSX : SHEET_CSV;
    struct sheet *s = sheet_alloc();
    s->format = format;
    enum kh_status st;
    if (format == SHEET_XLSX) {
        st = sheet__xlsx_open(s, NULL, data, len, err);
    } else {
        s->src.mem = data;
        s->src.mem_len = len;
        s->src.total = len;
        st = sheet__csv_open(s, enc, err);
    }
    if (st != KH_OK) {
        sheet_close(s);
        return st;
    }
    *out = s;
    return KH_OK;
}

enum kh_status sheet_next(struct sheet *s, struct sheet_row *row, bool *has_row, struct kh_err *err)
{
    *has_row = false;
    memset(row, 0, sizeof(*row));
    if (s->failed) {
        if (err)
            *err = s->failure;
        return s->failure.code;
    }
    enum kh_status st = s->format == SHEET_XLSX ? sheet__xlsx_next(s, row, has_row, err)
                                                : sheet__csv_next(s, row, has_row, err);
    if (st != KH_OK) {
        s->failed = true;
        if (err)
            s->failure = *err;
        else
            kh_err_set(&s->failure, st, "file", "读取失败", "read failed");
        *has_row = false;
        memset(row, 0, sizeof(*row));
    }
    return st;
}

void sheet_progress(const struct sheet *s, uint64_t *done, uint64_t *total)
{
    if (s->format == SHEET_XLSX) {
        sheet__xlsx_progress(s->xlsx, done, total);
        return;
    }
    *done = s->src.done;
    *total = s->src.total;
}

bool sheet_csv_guard(const char *cell)
{
    char c = cell[0];
    if (c == '=' || c == '@' || c == '\t' || c == '\r' || c == '\'')
        return true;
    /* "+86 138…" and "-12" stay as they are: only a sign not followed by a digit is a formula. */
    return (c == '+' || c == '-') && !(cell[1] >= '0' && cell[1] <= '9');
}

const char *sheet_csv_unguard(const char *cell)
{
    return cell[0] == '\'' && sheet_csv_guard(cell + 1) ? cell + 1 : cell;
}

const char *sheet_format_name(const struct sheet *s)
{
    return s->format == SHEET_XLSX ? "xlsx" : "csv";
}

const char *sheet_encoding_name(const struct sheet *s)
{
    return s->enc_name;
}

void sheet_close(struct sheet *s)
{
    if (!s)
        return;
    sheet__csv_free(s->csv);
    sheet__xlsx_free(s->xlsx);
    if (s->src.fp)
        fclose(s->src.fp);
    sheet__row_release(&s->row);
    free(s);
}
