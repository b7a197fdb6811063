/*
 * .xlsx reader: libzip opens the package, the first worksheet is found
 * through xl/workbook.xml and its relationships, the shared strings are
 * loaded into one table, and the worksheet XML is streamed through expat.
 * The parser is suspended at the end of every <row>, so one row is in memory
 * at a time whatever the size of the sheet.
 */
#include "sheet/sheet_internal.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "core/mem.h"
#include "core/str.h"
#include "core/utf8.h"

#define XLSX_NS_SEP '|'
#define XLSX_LIST_MAX 4096                       /* sheets and relationships we look at */
#define XLSX_VALUE_MAX (8 * SHEET_CELL_MAX)      /* raw text of one value, before _xHHHH_ */
#define XLSX_ROW_NUMBER_MAX ((long long)1 << 31) /* far above Excel's 1048576 */

/* What every parse context starts with: the parser and a handler's failure. */
struct xml_base {
    XML_Parser p;
    bool failed;
    struct kh_err err;
};

struct rel {
    char *id;
    char *type;
    char *target;
};

struct book_ctx {
    struct xml_base base;
    struct rel *rels;
    size_t nrels;
    char **sheet_ids;
    size_t nsheets;
};

struct sst_ctx {
    struct xml_base base;
    struct sheet__xlsx *x;
    bool in_si;
    bool in_t;
    int rph; /* depth inside <rPh> (phonetic runs, not part of the text) */
    struct buf cur;
};

struct sheet_ctx {
    struct xml_base base;
    struct sheet *s;
    bool in_data;
    bool in_row;
    bool in_c;
    bool in_v;
    bool in_is;
    bool in_t;
    int rph;
    bool row_ready;
    char type;
    long col;
    long next_col;
    int64_t rownum;
    struct buf val;
    struct buf tmp;
};

struct sheet__xlsx {
    zip_t *za;
    zip_file_t *zf;
    XML_Parser p;
    char *sheet_path;
    uint64_t done;
    uint64_t total;
    bool suspended;
    bool final_fed;
    bool finished;
    struct buf sst;    /* shared strings, each followed by a NUL */
    uint32_t *sst_off; /* sst_n + 1 offsets into sst */
    size_t sst_n;
    size_t sst_alloc;
    struct sheet_ctx ctx;
};

/* ---- errors ---------------------------------------------------------- */

static enum kh_status err_not_zip(struct kh_err *err)
{
    return kh_err_set(err, KH_E_INVALID, "file", "文件不是有效的 xlsx（zip）文件",
                      "not a valid .xlsx (zip) file");
}

static enum kh_status err_corrupt(struct kh_err *err)
{
    return kh_err_set(err, KH_E_INVALID, "file", "xlsx 文件已损坏或不完整",
                      "the .xlsx file is corrupt or truncated");
}

static enum kh_status err_entry(struct kh_err *err, zip_error_t *ze)
{
    int code = ze ? zip_error_code_zip(ze) : 0;
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_WRONGPASSWD)
        return kh_err_set(err, KH_E_INVALID, "file", "xlsx 文件已加密，请先取消密码",
                          "the .xlsx file is encrypted: remove its password first");
    if (code == ZIP_ER_COMPNOTSUPP)
        return kh_err_set(err, KH_E_INVALID, "file", "xlsx 文件使用了不支持的压缩方式",
                          "the .xlsx file uses an unsupported compression method");
    return err_corrupt(err);
}

static enum kh_status err_too_big(struct kh_err *err, const char *entry)
{
    return kh_err_setf(err, KH_E_INVALID, "file", "xlsx 中的 %s 解压后过大",
                       "%s in the .xlsx file is too large uncompressed", entry, entry);
}

static enum kh_status err_xml(struct kh_err *err, const char *entry, XML_Parser p,
                              const struct xml_base *b)
{
    if (b->failed) {
        if (err)
            *err = b->err;
        return b->err.code;
    }
    unsigned long line = (unsigned long)XML_GetCurrentLineNumber(p);
    const char *what = XML_ErrorString(XML_GetErrorCode(p));
    if (!what)
        what = "?";
    return kh_err_setf(err, KH_E_INVALID, "file", "xlsx 中的 %s 不是有效的 XML（第 %lu 行：%s）",
                       "malformed XML in %s (line %lu: %s)", entry, line, what, entry, line, what);
}

/* A handler gives up: remember why and abort the parse. */
static void ctx_fail(struct xml_base *b)
{
    b->failed = true;
    XML_StopParser(b->p, XML_FALSE);
}

/* ---- expat helpers --------------------------------------------------- */

static const char *local_name(const XML_Char *name)
{
    const char *sep = strrchr(name, XLSX_NS_SEP);
    return sep ? sep + 1 : name;
}

/* Attribute by local name; ns: it must (true) or must not (false) have a namespace. */
static const char *attr(const XML_Char **atts, const char *local, bool ns)
{
    for (size_t i = 0; atts[i] && atts[i + 1]; i += 2) {
        bool has_ns = strchr(atts[i], XLSX_NS_SEP) != NULL;
        if (has_ns == ns && strcmp(local_name(atts[i]), local) == 0)
            return atts[i + 1];
    }
    return NULL;
}

/* OOXML never has a DTD; refusing one rules out entity expansion attacks. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    struct xml_base *b = ud;
    kh_err_set(&b->err, KH_E_INVALID, "file", "xlsx 中含有不允许的 DTD",
               "the .xlsx file contains a DTD, which is not allowed");
    ctx_fail(b);
}

static XML_Parser parser_new(struct xml_base *b, XML_StartElementHandler start,
                             XML_EndElementHandler end, XML_CharacterDataHandler chars)
{
    XML_Parser p = XML_ParserCreateNS(NULL, XLSX_NS_SEP);
    if (!p)
        abort(); /* out of memory */
    b->p = p;
    XML_SetUserData(p, b);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, chars);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    return p;
}

/* ---- zip access ------------------------------------------------------ */

static bool entry_exists(zip_t *za, const char *name)
{
    return zip_name_locate(za, name, ZIP_FL_NOCASE) >= 0;
}

static enum kh_status entry_open(zip_t *za, const char *name, zip_file_t **zf, uint64_t *size,
                                 struct kh_err *err)
{
    *zf = NULL;
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return err_corrupt(err);
    zip_stat_t st;
    zip_stat_init(&st);
    if (size)
        *size = zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE)
                    ? st.size
                    : 0;
    *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!*zf)
        return err_entry(err, zip_get_error(za));
    return KH_OK;
}

/* Read a whole (small) entry, at most cap bytes. */
static enum kh_status entry_read_all(zip_t *za, const char *name, size_t cap, struct buf *out,
                                     struct kh_err *err)
{
    zip_file_t *zf = NULL;
    enum kh_status st = entry_open(za, name, &zf, NULL, err);
    if (st != KH_OK)
        return st;
    buf_init(out, cap);
    char chunk[8192];
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof(chunk));
        if (n < 0) {
            st = err_entry(err, zip_file_get_error(zf));
            break;
        }
        if (n == 0)
            break;
        buf_append(out, chunk, (size_t)n);
        if (out->overflow) {
            st = err_too_big(err, name);
            break;
        }
    }
    zip_fclose(zf);
    return st;
}

/* ---- workbook.xml and its relationships ------------------------------ */

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct book_ctx *c = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "sheet") == 0) {
        const char *id = attr(atts, "id", true);
        if (id && c->nsheets < XLSX_LIST_MAX) {
            c->sheet_ids = kh_realloc(c->sheet_ids, (c->nsheets + 1) * sizeof(*c->sheet_ids));
            c->sheet_ids[c->nsheets++] = kh_strdup(id);
        }
    } else if (strcmp(ln, "Relationship") == 0) {
        const char *id = attr(atts, "Id", false);
        const char *type = attr(atts, "Type", false);
        const char *target = attr(atts, "Target", false);
        const char *mode = attr(atts, "TargetMode", false);
        if (!id || !type || !target || (mode && strcmp(mode, "External") == 0) ||
            c->nrels >= XLSX_LIST_MAX)
            return;
        c->rels = kh_realloc(c->rels, (c->nrels + 1) * sizeof(*c->rels));
        c->rels[c->nrels++] = (struct rel){kh_strdup(id), kh_strdup(type), kh_strdup(target)};
    }
}

static void book_release(struct book_ctx *c)
{
    for (size_t i = 0; i < c->nrels; i++) {
        free(c->rels[i].id);
        free(c->rels[i].type);
        free(c->rels[i].target);
    }
    free(c->rels);
    for (size_t i = 0; i < c->nsheets; i++)
        free(c->sheet_ids[i]);
    free(c->sheet_ids);
}

/* Parse a small entry whole with the book handlers (missing entries are skipped). */
static enum kh_status book_parse(zip_t *za, const char *name, struct book_ctx *c,
                                 struct kh_err *err)
{
    if (!entry_exists(za, name))
        return KH_OK;
    struct buf xml = BUF_INIT;
    enum kh_status st = entry_read_all(za, name, SHEET_XLSX_SMALL_MAX, &xml, err);
    if (st == KH_OK) {
        XML_Parser p = parser_new(&c->base, book_start, NULL, NULL);
        if (XML_Parse(p, buf_cstr(&xml), (int)xml.len, 1) == XML_STATUS_ERROR)
            st = err_xml(err, name, p, &c->base);
        XML_ParserFree(p);
        c->base.p = NULL;
    }
    buf_release(&xml);
    return st;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A relationship target, relative to xl/, as a path in the package. */
static char *resolve_target(const char *target)
{
    if (target[0] == '/')
        return kh_strdup(target + 1);
    const char *base = "xl/";
    while (strncmp(target, "./", 2) == 0)
        target += 2;
    while (strncmp(target, "../", 3) == 0) {
        base = "";
        target += 3;
    }
    struct buf b = BUF_INIT;
    buf_init(&b, 0);
    buf_puts(&b, base);
    buf_puts(&b, target);
    return buf_detach(&b, NULL);
}

static const struct rel *rel_find(const struct book_ctx *c, const char *id)
{
    for (size_t i = 0; i < c->nrels; i++)
        if (strcmp(c->rels[i].id, id) == 0)
            return &c->rels[i];
    return NULL;
}

static char *first_worksheet(zip_t *za, const struct book_ctx *c)
{
    for (size_t i = 0; i < c->nsheets; i++) {
        const struct rel *r = rel_find(c, c->sheet_ids[i]);
        if (!r || !ends_with(r->type, "/worksheet"))
            continue;
        char *path = resolve_target(r->target);
        if (entry_exists(za, path))
            return path;
        free(path);
    }
    return entry_exists(za, "xl/worksheets/sheet1.xml") ? kh_strdup("xl/worksheets/sheet1.xml")
                                                        : NULL;
}

static char *shared_strings_path(zip_t *za, const struct book_ctx *c)
{
    for (size_t i = 0; i < c->nrels; i++) {
        if (!ends_with(c->rels[i].type, "/sharedStrings"))
            continue;
        char *path = resolve_target(c->rels[i].target);
        if (entry_exists(za, path))
            return path;
        free(path);
    }
    return entry_exists(za, "xl/sharedStrings.xml") ? kh_strdup("xl/sharedStrings.xml") : NULL;
}

/* ---- text helpers ---------------------------------------------------- */

static int hex_val(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Code point of an "_xHHHH_" escape at p (7 bytes available), or 0. */
static uint32_t escape_at(const char *p)
{
    if (p[0] != '_' || p[1] != 'x' || p[6] != '_')
        return 0;
    uint32_t cp = 0;
    for (int i = 2; i < 6; i++) {
        int h = hex_val(p[i]);
        if (h < 0)
            return 0;
        cp = cp * 16 + (uint32_t)h;
    }
    return cp >= 0xD800 && cp <= 0xDFFF ? 0 : cp;
}

/*
 * Excel writes characters XML cannot hold (and a literal "_x") as _xHHHH_.
 * Decoding in place never grows the text (7 bytes -> at most 3).
 */
static size_t ooxml_unescape(char *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = i + 7 <= n ? escape_at(p + i) : 0;
        if (cp != 0) {
            char enc[4];
            size_t k = utf8_encode(cp, enc);
            memcpy(p + w, enc, k);
            w += k;
            i += 7;
        } else {
            p[w++] = p[i++];
        }
    }
    return w;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Parse "[+-]digits[.digits]E[+-]digits"; false for anything else. */
static bool parse_exp_number(struct str v, bool *neg, char *digits, size_t *nd, long *point,
                             long *exp)
{
    size_t i = 0;
    *neg = false;
    *nd = 0;
    *point = -1;
    if (i < v.len && (v.ptr[i] == '-' || v.ptr[i] == '+'))
        *neg = v.ptr[i++] == '-';
    for (; i < v.len; i++) {
        if (is_digit(v.ptr[i]) && *nd < 40)
            digits[(*nd)++] = v.ptr[i];
        else if (v.ptr[i] == '.' && *point < 0)
            *point = (long)*nd;
        else
            break;
    }
    if (*nd == 0 || i >= v.len || (v.ptr[i] != 'E' && v.ptr[i] != 'e'))
        return false;
    if (*point < 0)
        *point = (long)*nd;
    long long e = 0;
    return str_to_i64(str_make(v.ptr + i + 1, v.len - i - 1), -300, 300, &e) && (*exp = e, true);
}

/*
 * Numbers keep the text Excel stored, except the exponent form (which a
 * phone number like 13800138000 may get from some writers): 1.3800138E10
 * becomes 13800138000, and 1.5E-3 becomes 0.0015.
 */
static void number_text(struct str v, struct buf *out)
{
    bool neg = false;
    char digits[40];
    size_t nd = 0;
    long point = 0, exp = 0;
    if (!parse_exp_number(v, &neg, digits, &nd, &point, &exp) || exp < -30 || exp > 30) {
        buf_put_str(out, v);
        return;
    }
    long dp = point + exp; /* where the decimal point falls among digits */
    char txt[128];
    size_t n = 0;
    for (long i = dp <= 0 ? dp - 1 : 0; i < (long)nd || i < dp; i++) {
        if (i == dp)
            txt[n++] = '.';
        char d = '0';
        if (i >= 0 && i < (long)nd)
            d = digits[i];
        txt[n++] = d;
    }
    /* leading zeros of the integer part, trailing zeros of the fraction */
    size_t a = 0;
    while (a + 1 < n && txt[a] == '0' && txt[a + 1] != '.')
        a++;
    if (memchr(txt + a, '.', n - a)) {
        while (n > a && txt[n - 1] == '0')
            n--;
        if (n > a && txt[n - 1] == '.')
            n--;
    }
    if (neg && !(n - a == 1 && txt[a] == '0'))
        buf_putc(out, '-');
    buf_append(out, txt + a, n - a);
}

/* ---- shared strings -------------------------------------------------- */

static void sst_push(struct sheet__xlsx *x, const char *p, size_t n, bool too_long)
{
    if (x->sst_n + 1 >= x->sst_alloc) {
        x->sst_alloc = x->sst_alloc ? x->sst_alloc * 2 : 1024;
        x->sst_off = kh_realloc(x->sst_off, kh_size_mul(x->sst_alloc, sizeof(*x->sst_off)));
    }
    size_t keep = n > SHEET_CELL_MAX ? SHEET_CELL_MAX + 1 : n;
    buf_append(&x->sst, p, keep);
    /* A string over the cap keeps a marker as long as the cap: using it is an error. */
    if (too_long || n > SHEET_CELL_MAX)
        for (size_t k = keep; k <= SHEET_CELL_MAX; k++)
            buf_putc(&x->sst, ' ');
    buf_putc(&x->sst, '\0');
    x->sst_n++;
    x->sst_off[x->sst_n] = (uint32_t)x->sst.len;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    struct sst_ctx *c = ud;
    const char *ln = local_name(name);
    if (strcmp(ln, "si") == 0) {
        c->in_si = true;
        c->rph = 0;
        buf_reset(&c->cur);
    } else if (c->in_si && strcmp(ln, "rPh") == 0) {
        c->rph++;
    } else if (c->in_si && c->rph == 0 && strcmp(ln, "t") == 0) {
        c->in_t = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    struct sst_ctx *c = ud;
    struct sheet__xlsx *x = c->x;
    const char *ln = local_name(name);
    if (strcmp(ln, "t") == 0) {
        c->in_t = false;
    } else if (strcmp(ln, "rPh") == 0 && c->rph > 0) {
        c->rph--;
    } else if (strcmp(ln, "si") == 0 && c->in_si) {
        c->in_si = false;
        size_t n = c->cur.len ? ooxml_unescape(c->cur.data, c->cur.len) : 0;
        if (x->sst_n >= SHEET_XLSX_SST_COUNT_MAX) {
            kh_err_setf(&c->base.err, KH_E_INVALID, "file", "xlsx 的共享字符串超过 %zu 个的上限",
                        "the .xlsx file has more than %zu shared strings", SHEET_XLSX_SST_COUNT_MAX,
                        SHEET_XLSX_SST_COUNT_MAX);
            ctx_fail(&c->base);
            return;
        }
        sst_push(x, buf_cstr(&c->cur), n, c->cur.overflow);
        if (x->sst.overflow) {
            kh_err_setf(&c->base.err, KH_E_INVALID, "file", "xlsx 的共享字符串超过 %zu MB 的上限",
                        "the shared strings of the .xlsx file pass the limit of %zu MB",
                        SHEET_XLSX_SST_TEXT_MAX >> 20, SHEET_XLSX_SST_TEXT_MAX >> 20);
            ctx_fail(&c->base);
        }
    }
}

static void XMLCALL sst_chars(void *ud, const XML_Char *s, int len)
{
    struct sst_ctx *c = ud;
    if (c->in_si && c->in_t && c->rph == 0 && len > 0)
        buf_append(&c->cur, s, (size_t)len);
}

static enum kh_status err_bomb(struct kh_err *err, const char *entry)
{
    return kh_err_setf(err, KH_E_INVALID, "file",
                       "xlsx 中的 %s 解压后超过压缩大小的 %d 倍（压缩炸弹？）",
                       "%s in the .xlsx file inflates to more than %d times its compressed size "
                       "(a zip bomb?)",
                       entry, SHEET_XLSX_INFLATE_RATIO, entry, SHEET_XLSX_INFLATE_RATIO);
}

/* comp: the entry's compressed size (0: unknown, then only the size caps apply). */
static enum kh_status sst_feed(zip_file_t *zf, XML_Parser p, struct sst_ctx *c, const char *name,
                               uint64_t comp, struct kh_err *err)
{
    uint64_t total = 0;
    for (;;) {
        void *b = XML_GetBuffer(p, (int)SHEET_CHUNK);
        if (!b)
            abort(); /* out of memory */
        zip_int64_t n = zip_fread(zf, b, SHEET_CHUNK);
        if (n < 0)
            return err_entry(err, zip_file_get_error(zf));
        total += (uint64_t)n;
        if (total > SHEET_XLSX_SST_MAX)
            return err_too_big(err, name);
        if (comp && total > SHEET_XLSX_INFLATE_GRACE && total / comp > SHEET_XLSX_INFLATE_RATIO)
            return err_bomb(err, name);
        if (XML_ParseBuffer(p, (int)n, n == 0) == XML_STATUS_ERROR)
            return err_xml(err, name, p, &c->base);
        if (n == 0)
            return KH_OK;
    }
}

static enum kh_status sst_load(struct sheet__xlsx *x, const char *name, struct kh_err *err)
{
    buf_init(&x->sst, SHEET_XLSX_SST_TEXT_MAX);
    x->sst_alloc = 1024;
    x->sst_off = kh_calloc(x->sst_alloc, sizeof(*x->sst_off));
    if (!name)
        return KH_OK;
    zip_file_t *zf = NULL;
    enum kh_status st = entry_open(x->za, name, &zf, NULL, err);
    if (st != KH_OK)
        return st;
    zip_stat_t zs;
    zip_stat_init(&zs);
    uint64_t comp = zip_stat(x->za, name, ZIP_FL_NOCASE, &zs) == 0 &&
                            (zs.valid & ZIP_STAT_COMP_SIZE) && zs.comp_method != ZIP_CM_STORE
                        ? zs.comp_size
                        : 0;
    struct sst_ctx c;
    memset(&c, 0, sizeof(c));
    c.x = x;
    buf_init(&c.cur, XLSX_VALUE_MAX);
    XML_Parser p = parser_new(&c.base, sst_start, sst_end, sst_chars);
    st = sst_feed(zf, p, &c, name, comp, err);
    XML_ParserFree(p);
    buf_release(&c.cur);
    zip_fclose(zf);
    return st;
}

/* ---- the worksheet --------------------------------------------------- */

static void sheet_fail(struct sheet_ctx *c, const char *zh, const char *en)
{
    sheet__err_row(&c->base.err, c->rownum, zh, en);
    ctx_fail(&c->base);
}

/* "BC12" -> column 54 (0-based); -1 if not a cell reference. */
static long column_of(const char *ref)
{
    long col = 0;
    int letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        if (++letters > 3)
            return -1;
        col = col * 26 + (*ref - 'A' + 1);
    }
    if (letters == 0)
        return -1;
    for (; *ref; ref++)
        if (!is_digit(*ref))
            return -1;
    return col - 1;
}

static void row_start(struct sheet_ctx *c, const XML_Char **atts)
{
    const char *r = attr(atts, "r", false);
    long long n = c->rownum + 1;
    if (r && !str_to_i64(str_from(r), 1, XLSX_ROW_NUMBER_MAX, &n)) {
        sheet_fail(c, "行号无效", "invalid row number");
        return;
    }
    c->rownum = n;
    c->in_row = true;
    c->next_col = 0;
    sheet__row_clear(&c->s->row);
}

static char cell_type(const char *t)
{
    if (!t || strcmp(t, "n") == 0)
        return 'n';
    if (strcmp(t, "s") == 0)
        return 's';
    if (strcmp(t, "inlineStr") == 0)
        return 'i';
    if (strcmp(t, "b") == 0)
        return 'b';
    if (strcmp(t, "str") == 0)
        return 'S';
    return 'e'; /* "e" (error like #N/A), "d" (ISO date): the text as stored */
}

static void cell_start(struct sheet_ctx *c, const XML_Char **atts)
{
    const char *r = attr(atts, "r", false);
    c->col = r ? column_of(r) : c->next_col;
    if (c->col < 0) {
        sheet_fail(c, "单元格引用无效", "invalid cell reference");
        return;
    }
    c->type = cell_type(attr(atts, "t", false));
    c->in_c = true;
    c->in_v = c->in_is = c->in_t = false;
    c->rph = 0;
    buf_reset(&c->val);
}

/* Put a non-empty value at column c->col, padding the gap with empty cells. */
static void cell_place(struct sheet_ctx *c, const char *p, size_t n)
{
    struct sheet__row *row = &c->s->row;
    if (n == 0)
        return;
    if (c->col < row->ncells) {
        sheet_fail(c, "单元格顺序错误", "cells are out of order");
        return;
    }
    if (c->col >= SHEET_ROW_CELLS_MAX || n > SHEET_CELL_MAX) {
        if (n > SHEET_CELL_MAX)
            sheet__err_cell_too_long(&c->base.err, c->rownum);
        else
            sheet__err_too_many_cells(&c->base.err, c->rownum);
        ctx_fail(&c->base);
        return;
    }
    while (row->ncells < c->col)
        if (!sheet__cell_end(row))
            break; /* cannot happen: col < SHEET_ROW_CELLS_MAX */
    if (!sheet__cell_append(row, p, n) || !sheet__cell_end(row)) {
        sheet__err_too_many_cells(&c->base.err, c->rownum);
        ctx_fail(&c->base);
    }
}

static void cell_shared(struct sheet_ctx *c, struct str v)
{
    const struct sheet__xlsx *x = c->s->xlsx;
    long long i = 0;
    if (!str_to_i64(str_trim(v), 0, (long long)x->sst_n - 1, &i)) {
        sheet_fail(c, "共享字符串索引超出范围", "shared string index out of range");
        return;
    }
    size_t a = x->sst_off[i], b = x->sst_off[i + 1] - 1;
    cell_place(c, buf_cstr(&x->sst) + a, b - a);
}

static void cell_end(struct sheet_ctx *c)
{
    c->in_c = false;
    c->next_col = c->col + 1;
    if (c->val.overflow) {
        sheet__err_cell_too_long(&c->base.err, c->rownum);
        ctx_fail(&c->base);
        return;
    }
    struct str v = str_make(buf_cstr(&c->val), c->val.len);
    buf_reset(&c->tmp);
    switch (c->type) {
    case 's':
        cell_shared(c, v);
        return;
    case 'b':
        v = str_trim(v);
        if (str_eq_cstr(v, "1") || str_eq_cstr(v, "0"))
            v = str_from(str_eq_cstr(v, "1") ? "TRUE" : "FALSE");
        break;
    case 'i':
    case 'S':
        v.len = c->val.len ? ooxml_unescape(c->val.data, c->val.len) : 0;
        break;
    case 'n':
        number_text(str_trim(v), &c->tmp);
        v = str_make(buf_cstr(&c->tmp), c->tmp.len);
        break;
    default:
        break;
    }
    cell_place(c, v.ptr, v.len);
}

static void row_end(struct sheet_ctx *c)
{
    struct sheet__row *row = &c->s->row;
    c->in_row = false;
    if (row->ncells == 0 && !sheet__cell_end(row))
        return; /* cannot happen */
    c->row_ready = true;
    if (XML_StopParser(c->base.p, XML_TRUE) != XML_STATUS_OK) {
        kh_err_set(&c->base.err, KH_E_INTERNAL, "file", "无法暂停 XML 解析",
                   "cannot suspend the XML parser");
        ctx_fail(&c->base);
    }
}

/* An element inside <c>: the value, an inline string, its runs. */
static void cell_child_start(struct sheet_ctx *c, const char *ln)
{
    if (strcmp(ln, "v") == 0)
        c->in_v = true;
    else if (strcmp(ln, "is") == 0)
        c->in_is = true;
    else if (strcmp(ln, "rPh") == 0)
        c->rph++;
    else if (strcmp(ln, "t") == 0)
        c->in_t = c->in_is && c->rph == 0;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct sheet_ctx *c = ud;
    const char *ln = local_name(name);
    if (c->base.failed)
        return;
    if (!c->in_data)
        c->in_data = strcmp(ln, "sheetData") == 0;
    else if (strcmp(ln, "row") == 0)
        row_start(c, atts);
    else if (c->in_row && strcmp(ln, "c") == 0)
        cell_start(c, atts);
    else if (c->in_c)
        cell_child_start(c, ln);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    struct sheet_ctx *c = ud;
    const char *ln = local_name(name);
    if (c->base.failed || !c->in_data)
        return;
    if (strcmp(ln, "sheetData") == 0)
        c->in_data = false;
    else if (strcmp(ln, "row") == 0 && c->in_row)
        row_end(c);
    else if (strcmp(ln, "c") == 0 && c->in_c)
        cell_end(c);
    else if (strcmp(ln, "v") == 0)
        c->in_v = false;
    else if (strcmp(ln, "is") == 0)
        c->in_is = false;
    else if (strcmp(ln, "t") == 0)
        c->in_t = false;
    else if (strcmp(ln, "rPh") == 0 && c->rph > 0)
        c->rph--;
}

static void XMLCALL sheet_chars(void *ud, const XML_Char *s, int len)
{
    struct sheet_ctx *c = ud;
    if (c->base.failed || !c->in_c || len <= 0)
        return;
    if (c->in_v || (c->in_t && c->rph == 0))
        buf_append(&c->val, s, (size_t)len);
}

/* ---- open / next / close --------------------------------------------- */

static bool mem_is_zip(const void *data, size_t len)
{
    const unsigned char *p = data;
    return len >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4;
}

static bool file_is_zip(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(magic, 1, sizeof(magic), f);
    fclose(f);
    return mem_is_zip(magic, n);
}

static enum kh_status zip_open_any(struct sheet__xlsx *x, const char *path, const void *data,
                                   size_t len, struct kh_err *err)
{
    zip_error_t ze;
    zip_error_init(&ze);
    if (path) {
        int code = 0;
        x->za = zip_open(path, ZIP_RDONLY, &code);
        if (!x->za)
            zip_error_init_with_code(&ze, code);
    } else {
        zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
        if (src) {
            x->za = zip_open_from_source(src, ZIP_RDONLY, &ze);
            if (!x->za)
                zip_source_free(src);
        }
    }
    int code = zip_error_code_zip(&ze);
    zip_error_fini(&ze);
    if (!x->za) {
        if (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN)
            return kh_err_set(err, KH_E_NOT_FOUND, "file", "无法打开文件", "cannot open the file");
        /* Starts like a zip but the directory is unreadable: cut short or damaged. */
        bool magic = path ? file_is_zip(path) : mem_is_zip(data, len);
        return magic ? err_corrupt(err) : err_not_zip(err);
    }
    if (zip_get_num_entries(x->za, 0) <= 0)
        return err_not_zip(err);
    return KH_OK;
}

static enum kh_status find_parts(struct sheet__xlsx *x, char **sst, struct kh_err *err)
{
    *sst = NULL;
    struct book_ctx c;
    memset(&c, 0, sizeof(c));
    enum kh_status st = book_parse(x->za, "xl/workbook.xml", &c, err);
    if (st == KH_OK)
        st = book_parse(x->za, "xl/_rels/workbook.xml.rels", &c, err);
    if (st == KH_OK) {
        x->sheet_path = first_worksheet(x->za, &c);
        if (!x->sheet_path)
            st = kh_err_set(err, KH_E_INVALID, "file", "xlsx 文件中没有工作表",
                            "the .xlsx file has no worksheet");
        else
            *sst = shared_strings_path(x->za, &c);
    }
    book_release(&c);
    return st;
}

/* A zip from an open descriptor, which the zip takes (closed here when it cannot be read). */
static enum kh_status zip_open_fd(struct sheet__xlsx *x, int fd, struct kh_err *err)
{
    unsigned char magic[4] = {0};
    ssize_t n = pread(fd, magic, sizeof(magic), 0);
    int code = 0;
    x->za = zip_fdopen(fd, ZIP_RDONLY, &code);
    if (!x->za) {
        close(fd);
        return mem_is_zip(magic, n > 0 ? (size_t)n : 0) ? err_corrupt(err) : err_not_zip(err);
    }
    if (zip_get_num_entries(x->za, 0) <= 0)
        return err_not_zip(err);
    return KH_OK;
}

/* After the zip is open: the workbook's parts, shared strings, and the sheet's parser. */
static enum kh_status xlsx_start(struct sheet *s, struct sheet__xlsx *x, enum kh_status st,
                                 struct kh_err *err)
{
    char *sst = NULL;
    if (st == KH_OK)
        st = find_parts(x, &sst, err);
    if (st == KH_OK)
        st = sst_load(x, sst, err);
    if (st == KH_OK)
        st = entry_open(x->za, x->sheet_path, &x->zf, &x->total, err);
    free(sst);
    if (st != KH_OK)
        return st;
    struct sheet_ctx *c = &x->ctx;
    c->s = s;
    buf_init(&c->val, XLSX_VALUE_MAX);
    buf_init(&c->tmp, 0);
    x->p = parser_new(&c->base, sheet_start, sheet_end, sheet_chars);
    return KH_OK;
}

enum kh_status sheet__xlsx_open(struct sheet *s, const char *path, const void *data, size_t len,
                                struct kh_err *err)
{
    struct sheet__xlsx *x = kh_calloc(1, sizeof(*x));
    s->xlsx = x;
    s->enc_name = "utf-8";
    return xlsx_start(s, x, zip_open_any(x, path, data, len, err), err);
}

enum kh_status sheet__xlsx_open_fd(struct sheet *s, int fd, struct kh_err *err)
{
    struct sheet__xlsx *x = kh_calloc(1, sizeof(*x));
    s->xlsx = x;
    s->enc_name = "utf-8";
    return xlsx_start(s, x, zip_open_fd(x, fd, err), err);
}

/* Give the parser the next chunk of the worksheet. */
static enum kh_status feed(struct sheet__xlsx *x, enum XML_Status *xs, struct kh_err *err)
{
    void *b = XML_GetBuffer(x->p, (int)SHEET_CHUNK);
    if (!b)
        abort(); /* out of memory */
    zip_int64_t n = zip_fread(x->zf, b, SHEET_CHUNK);
    if (n < 0)
        return err_entry(err, zip_file_get_error(x->zf));
    x->done += (uint64_t)n;
    if (x->done > SHEET_XLSX_SHEET_MAX)
        return err_too_big(err, x->sheet_path);
    x->final_fed = n == 0;
    *xs = XML_ParseBuffer(x->p, (int)n, x->final_fed);
    return KH_OK;
}

enum kh_status sheet__xlsx_next(struct sheet *s, struct sheet_row *row, bool *has_row,
                                struct kh_err *err)
{
    struct sheet__xlsx *x = s->xlsx;
    struct sheet_ctx *c = &x->ctx;
    c->row_ready = false;
    while (!c->row_ready) {
        enum XML_Status xs = XML_STATUS_OK;
        if (x->finished) {
            return KH_OK;
        } else if (x->suspended) {
            x->suspended = false;
            xs = XML_ResumeParser(x->p);
        } else if (x->final_fed) {
            x->finished = true;
            return KH_OK;
        } else {
            enum kh_status st = feed(x, &xs, err);
            if (st != KH_OK)
                return st;
        }
        if (xs == XML_STATUS_ERROR || c->base.failed)
            return err_xml(err, x->sheet_path, x->p, &c->base);
        x->suspended = xs == XML_STATUS_SUSPENDED;
    }
    sheet__row_view(&s->row, row, c->rownum);
    *has_row = true;
    return KH_OK;
}

void sheet__xlsx_progress(const struct sheet__xlsx *x, uint64_t *done, uint64_t *total)
{
    *done = x ? x->done : 0;
    *total = x ? (x->total > x->done ? x->total : x->done) : 0;
}

void sheet__xlsx_free(struct sheet__xlsx *x)
{
    if (!x)
        return;
    if (x->p)
        XML_ParserFree(x->p);
    if (x->zf)
        zip_fclose(x->zf);
    if (x->za)
        zip_discard(x->za);
    buf_release(&x->ctx.val);
    buf_release(&x->ctx.tmp);
    buf_release(&x->sst);
    free(x->sst_off);
    free(x->sheet_path);
    free(x);
}
