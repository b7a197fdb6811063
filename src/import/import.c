#include "import/import.h"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"
#include "crypto/crypto.h"
#include "import/import_convert.h"
#include "import/import_json.h"
#include "import/import_store.h"
#include "jobs/jobs.h"

const struct kh_audit_action import_audit_actions[] = {
    {"customer.import", "导入客户", "Imported customers"},
    {0},
};

#define HEADER_SCAN_ROWS 10
#define SAMPLE_ROWS 20
#define BATCH_ROWS 1000
/*
 * A staged all-or-nothing import's batch (DECISIONS §48) ends at once when
 * another write waits for the writer, or after its budget of work. The
 * budget is set from the last batch so that its commit (the search rows
 * and the pages it changed, written out) takes about STAGE_COMMIT_US: a
 * write that arrives during a batch waits about that long. It stays
 * between STAGE_BUDGET_MIN_US and STAGE_BUDGET_MAX_US.
 */
#define STAGE_COMMIT_US 100000
/* The nice value of an import's reader thread when a server's requests run beside it. */
#define READER_NICE 10
#define STAGE_BUDGET_MIN_US 25000
#define STAGE_BUDGET_MAX_US 1000000
#define PIPE_SLOTS 256

/* In-file duplicate keys (dry runs): open addressing over 64-bit hashes. */
struct keyset {
    uint64_t *hash;
    int64_t *row;
    size_t cap, used;
};

struct engine {
    const struct kh_ctx *ctx;
    const struct import_options *opt;
    struct job_run *run;
    struct import_result *res;
    struct sheet *sheet;
    int pass, npasses;
    struct custom_field *defs;
    int ndefs;
    struct profile_template *tpls;
    int ntpls;
    struct import_colmap *cols;
    int ncols;
    const char **headers;
    struct customer_bulk *bk;
    struct import_errfile *ef;
    struct keyset seen;
    bool committing, eof;
    bool csv; /* the file is a CSV (its cells may carry the formula guard) */
    int64_t stage_budget_us, stage_work_us; /* staged batches: work allowed, work done */
    int64_t failed_rows;
    struct pipe *pipe;
    struct import_choice_memo *memo; /* the reader's: choice values resolved */
    uint64_t done, total;            /* bytes read, as of the last row taken from the pipe */
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ? h : 1;
}

/* Returns the first row that had the key, or 0 after adding it. */
static int64_t keyset_check_add(struct keyset *k, const char *key, int64_t row)
{
    if (k->used * 2 >= k->cap) {
        size_t ncap = k->cap ? k->cap * 2 : 65536;
        uint64_t *nh = kh_calloc(ncap, sizeof(uint64_t));
        int64_t *nr = kh_calloc(ncap, sizeof(int64_t));
        for (size_t i = 0; i < k->cap; i++) {
            if (!k->hash[i])
                continue;
            size_t j = k->hash[i] & (ncap - 1);
            while (nh[j])
                j = (j + 1) & (ncap - 1);
            nh[j] = k->hash[i];
            nr[j] = k->row[i];
        }
        free(k->hash);
        free(k->row);
        k->hash = nh;
        k->row = nr;
        k->cap = ncap;
    }
    uint64_t h = fnv1a(key);
    size_t j = h & (k->cap - 1);
    while (k->hash[j]) {
        if (k->hash[j] == h)
            return k->row[j];
        j = (j + 1) & (k->cap - 1);
    }
    k->hash[j] = h;
    k->row[j] = row;
    k->used++;
    return 0;
}

static void keyset_release(struct keyset *k)
{
    free(k->hash);
    free(k->row);
    memset(k, 0, sizeof(*k));
}

/* ---- header ---- */

static const char *mapped_field(const struct import_options *opt, const char *header)
{
    for (int i = 0; i < opt->nmapping; i++)
        if (!strcmp(opt->mapping[i].header, header))
            return opt->mapping[i].field;
    return NULL;
}

static int map_columns(struct engine *e, const struct sheet_row *row, bool commit_map)
{
    int recognised = 0;
    struct arena *a = e->ctx->arena;
    if (commit_map) {
        e->cols = arena_alloc(a, sizeof(*e->cols) * (size_t)(row->ncells + 1));
        e->headers = arena_alloc(a, sizeof(char *) * (size_t)(row->ncells + 1));
        e->ncols = row->ncells;
    }
    for (int i = 0; i < row->ncells; i++) {
        const char *h = row->cells[i];
        const struct custom_field *cf = NULL;
        enum import_target t = T_IGNORE;
        const char *f = e->opt->mapping ? mapped_field(e->opt, h) : NULL;
        if (f)
            t = import__target_by_field(f, e->defs, e->ndefs, &cf);
        else if (!e->opt->mapping || e->opt->nmapping == 0 || !f)
            t = import__target_by_header(h, e->defs, e->ndefs, &cf);
        if (f && !*f)
            t = T_IGNORE;
        recognised += t != T_IGNORE;
        if (!commit_map)
            continue;
        e->headers[i] = arena_strdup(a, h);
        e->cols[i] = (struct import_colmap){t, cf, e->headers[i],
                                            t == T_CUSTOM ? arena_printf(a, "custom.%s", cf->key)
                                                          : import__target_name(t)};
    }
    return recognised;
}

static bool row_blank(const struct sheet_row *row)
{
    for (int i = 0; i < row->ncells; i++)
        for (const char *p = row->cells[i]; *p; p++)
            if (*p != ' ' && *p != '\t')
                return false;
    return true;
}

static enum kh_status find_header(struct engine *e, struct kh_err *err)
{
    struct sheet_row row;
    bool has = false;
    for (int n = 0; n < HEADER_SCAN_ROWS; n++) {
        enum kh_status st = sheet_next(e->sheet, &row, &has, err);
        if (st)
            return st;
        if (!has)
            break;
        if (row_blank(&row) || map_columns(e, &row, false) < 2)
            continue;
        map_columns(e, &row, true);
        e->res->header_row = row.number;
        for (int i = 0; i < e->ncols; i++)
            if (e->cols[i].target == T_NAME)
                return KH_OK;
        return kh_err_set(err, KH_E_VALIDATION, "mapping", "缺少“客户名称”列", "no name column");
    }
    /* The header names are what the user types in the file: quoted as they are. */
    return kh_err_setf(err, KH_E_VALIDATION, "file",
                       "前10行中找不到表头（至少需要两个可识别的列名，如“%s”“%s”）",
                       "no header row in the first 10 rows (two known column names needed, "
                       "such as %s / name and %s / mobile)",
                       "客户名称", "手机", "客户名称", "手机");
}

/* ---- errors ---- */

static int column_of_field(const struct engine *e, const char *field)
{
    const char *f = field;
    if (!strcmp(f, "province_code"))
        f = "province";
    else if (!strcmp(f, "city_code"))
        f = "city";
    else if (!strcmp(f, "district_code"))
        f = "district";
    else if (!strcmp(f, "collector_id"))
        f = "collector";
    else if (!strcmp(f, "owner_id"))
        f = "owner";
    else if (!strcmp(f, "branch_id"))
        f = "branch";
    for (int i = 0; i < e->ncols; i++)
        if (e->cols[i].field_name && !strcmp(e->cols[i].field_name, f))
            return i;
    /* a contact's cell reports its own field ("relation" of contact_relation) */
    char contact[80];
    snprintf(contact, sizeof(contact), "contact_%s", f);
    for (int i = 0; strncmp(f, "contact_", 8) != 0 && i < e->ncols; i++)
        if (e->cols[i].field_name && !strcmp(e->cols[i].field_name, contact))
            return i;
    return -1;
}

/* One problem of a row: into the result's list, and its reason into the error file's cell. */
static void reject_one(struct engine *e, const struct sheet_row *row, int col, const char *field,
                       const char *zh, const char *en, struct buf *reason)
{
    struct import_result *res = e->res;
    struct arena *a = e->ctx->arena;
    if (col < 0)
        col = column_of_field(e, field);
    if (res->nerrors < IMPORT_LIST_CAP) {
        res->errors[res->nerrors++] =
            (struct import_error){row->number, col >= 0 ? e->headers[col] : "",
                                  arena_strdup(a, field), arena_strdup(a, zh), arena_strdup(a, en)};
    } else {
        res->truncated = true;
    }
    if (reason->len)
        buf_putc(reason, '\n');
    bool english = e->opt->english;
    buf_printf(reason, "%s%s%s", col >= 0 ? e->headers[col] : "",
               col < 0   ? ""
               : english ? ": "
                         : "：",
               english ? en : zh);
}

/* A bad row: each of its problems listed (err->fields when the check collected them). */
static void reject(struct engine *e, const struct sheet_row *row, int col, const struct kh_err *err)
{
    e->res->invalid++;
    struct buf reason;
    buf_init(&reason, 32000); /* an xlsx cell holds at most 32,767 characters */
    if (err->fields && err->fields->n > 1) {
        for (int i = 0; i < err->fields->n; i++) {
            const struct kh_field_err *f = &err->fields->items[i];
            reject_one(e, row, -1, f->field, f->msg_zh, f->msg_en, &reason);
        }
    } else {
        reject_one(e, row, col, err->field, err->msg_zh, err->msg_en, &reason);
    }
    import_errfile_row(e->ef, row->number, buf_cstr(&reason), row->cells, row->ncells);
    buf_release(&reason);
}

/* A duplicate of hit in the archive, or (hit NULL) of first_row of the file on key ("kind:value").
 */
static void note_dup(struct engine *e, int64_t row, const struct customer_dup *hit,
                     int64_t first_row, const char *key)
{
    struct import_result *res = e->res;
    res->duplicates++;
    if (res->ndups >= IMPORT_LIST_CAP) {
        res->truncated = true;
        return;
    }
    struct arena *a = e->ctx->arena;
    const char *colon = key ? strchr(key, ':') : NULL;
    const char *match = hit     ? arena_strdup(a, hit->match)
                        : colon ? arena_strndup(a, key, (size_t)(colon - key))
                                : "file";
    res->dups[res->ndups++] = (struct import_dup){row,
                                                  match,
                                                  hit ? hit->id : 0,
                                                  arena_strdup(a, hit ? hit->code : ""),
                                                  arena_strdup(a, hit ? hit->owner_name : ""),
                                                  first_row > 0,
                                                  first_row};
}

static void sample(struct engine *e, const struct sheet_row *row)
{
    struct import_result *res = e->res;
    if (res->nsamples >= SAMPLE_ROWS)
        return;
    struct arena *a = e->ctx->arena;
    struct import_sample *s = &res->samples[res->nsamples++];
    const char **f = arena_alloc(a, sizeof(char *) * (size_t)(e->ncols + 1));
    const char **v = arena_alloc(a, sizeof(char *) * (size_t)(e->ncols + 1));
    int n = 0;
    for (int i = 0; i < e->ncols && i < row->ncells; i++) {
        if (e->cols[i].target == T_IGNORE || !*row->cells[i])
            continue;
        f[n] = e->cols[i].field_name;
        /* The value as it will be stored: without the CSV formula guard. */
        v[n++] = arena_strdup(a, e->csv ? sheet_csv_unguard(row->cells[i]) : row->cells[i]);
    }
    *s = (struct import_sample){row->number, f, v, n};
}

/* ---- the values of choice columns (previews) ---- */

static uint64_t fnv1a_len(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static void choices_setup(struct engine *e)
{
    struct import_result *res = e->res;
    struct arena *a = e->ctx->arena;
    res->choices = arena_alloc(a, sizeof(*res->choices) * (size_t)(e->ncols + 1));
    res->nchoices = 0;
    for (int i = 0; i < e->ncols; i++) {
        int set = import__choice_set(e->cols[i].target);
        const struct custom_field *cf = e->cols[i].target == T_CUSTOM ? e->cols[i].custom : NULL;
        if (set < 0 && !(cf && import__custom_is_choice(cf)))
            continue;
        struct import_choice_column *c = &res->choices[res->nchoices++];
        *c = (struct import_choice_column){i, e->headers[i], e->cols[i].field_name, set, cf, NULL,
                                           0, false};
        c->multi = cf && !strcmp(cf->type, "multi_choice");
        c->values = arena_alloc(a, sizeof(*c->values) * IMPORT_CHOICE_VALUES_CAP);
    }
}

/* What a new distinct value stands for: the user's mapping, the value itself, or a synonym. */
static void choice_resolve(const struct engine *e, const struct import_choice_column *c,
                           struct import_choice_value *v)
{
    const char *to = import__value_mapped(e->opt->values, e->opt->nvalues, c->field, v->text);
    if (to) {
        v->to = *to ? to : NULL;
        v->how = "mapping";
        return;
    }
    v->to = c->custom ? import__custom_match(c->custom, v->text, &v->how)
                      : import__choice_match(c->set, v->text, &v->how);
}

/* Count one value of a choice column. */
static void choice_count(struct engine *e, struct import_choice_column *c, struct str t)
{
    uint64_t h = fnv1a_len(t.ptr, t.len);
    int i = 0;
    while (i < c->nvalues && !(c->values[i].hash == h && strlen(c->values[i].text) == t.len &&
                               !memcmp(c->values[i].text, t.ptr, t.len)))
        i++;
    if (i < c->nvalues) {
        c->values[i].count++;
        return;
    }
    if (c->nvalues == IMPORT_CHOICE_VALUES_CAP) {
        c->more = true;
        return;
    }
    struct import_choice_value *v = &c->values[c->nvalues++];
    *v = (struct import_choice_value){arena_str(e->ctx->arena, t), 1, NULL, NULL, h};
    choice_resolve(e, c, v);
}

/*
 * Count the row's values of each choice column (writer thread, file order);
 * each item of a multiple-choice cell is a value of its own.
 */
static void choices_count(struct engine *e, const struct sheet_row *row)
{
    struct import_result *res = e->res;
    for (int k = 0; k < res->nchoices; k++) {
        struct import_choice_column *c = &res->choices[k];
        if (c->index >= row->ncells)
            continue;
        struct str t = str_trim(str_from(row->cells[c->index]));
        if (!t.len)
            continue;
        if (!c->multi) {
            choice_count(e, c, t);
            continue;
        }
        const char **items = NULL;
        int n = 0;
        import_split_list(e->ctx->arena, row->cells[c->index], &items, &n);
        for (int i = 0; i < n; i++)
            choice_count(e, c, str_from(items[i]));
    }
}

/* ---- rows ---- */

struct row_state {
    struct arena arena;
    struct kh_ctx ctx;
    struct customer_input in;
    struct contact ct;
    struct customer_new *n;
};

/*
 * One row read and prepared by the reader thread: its cells (copied), and
 * either the prepared record or why the row was refused. The writer turns
 * the refusals into error entries in file order.
 */
struct prepped {
    struct row_state rs;
    struct sheet_row row;
    bool ok;
    int col;
    struct kh_err err;
    uint64_t done, total;
};

/*
 * The pipe between the reader and the writer: the reader parses, converts
 * and validates rows (with their keys and search documents) on one core
 * while the writer stores the rows before them on the other. Slots are
 * reused in turn; a slot stays counted until the writer is done with it.
 */
struct pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    struct engine *e;
    struct prepped slot[PIPE_SLOTS];
    int head, tail, count;
    bool end, stop;
    bool reader_waits, writer_waits; /* wake the other side only when it sleeps */
    enum kh_status end_status;
    struct kh_err end_err;
};

static void fill_contact(struct contact *ct)
{
    const char **f[] = {&ct->relation, &ct->position,  &ct->mobile, &ct->email,
                        &ct->birthday, &ct->interests, &ct->notes};
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (!*f[i])
            *f[i] = "";
}

/* A contact's fields are the row's contact_* columns. */
static void contact_fields(struct kh_err *err)
{
    char field[80];
    snprintf(field, sizeof(field), "contact_%s", err->field);
    kh_strlcpy(err->field, field, sizeof(err->field));
    for (int i = 0; err->fields && i < err->fields->n; i++) {
        char *f = err->fields->items[i].field;
        snprintf(field, sizeof(field), "contact_%s", f);
        kh_strlcpy(f, field, sizeof(err->fields->items[i].field));
    }
}

/*
 * A row with cells that could not be read: what validation finds in its
 * other cells joins their list, so the row reports all its problems at once.
 * Custom values are not judged when the templates cell was unreadable (they
 * would all be "template not chosen").
 */
static void add_other_problems(const struct engine *e, struct row_state *rs, struct kh_err *err)
{
    struct kh_err v;
    kh_err_clear(&v);
    struct customer_new *n = NULL;
    if (customer_bulk_prepare(e->bk, &rs->ctx, &rs->in, &n, &v) != KH_E_VALIDATION || !v.fields)
        return;
    bool templates_unread = false;
    for (int i = 0; i < err->fields->n; i++)
        templates_unread = templates_unread || !strcmp(err->fields->items[i].field, "templates");
    for (int i = 0; i < v.fields->n; i++) {
        const struct kh_field_err *f = &v.fields->items[i];
        if (!(templates_unread && !strncmp(f->field, "custom.", 7)))
            kh_err_add(err, f->field, f->msg_zh, f->msg_en);
    }
}

/* Convert and validate one row (reader thread); false with *col and *err on a bad value. */
static bool prepare_row(const struct engine *e, const struct sheet_row *row, struct row_state *rs,
                        int *col, struct kh_err *err)
{
    struct kh_err_fields cells; /* the row's unreadable cells: on the stack, kept only if any */
    kh_err_collect(err, &cells);
    struct import_convert cv = {.ctx = &rs->ctx,
                                .arena = &rs->arena,
                                .cols = e->cols,
                                .ncols = e->ncols,
                                .tpls = e->tpls,
                                .ntpls = e->ntpls,
                                .csv = e->csv,
                                .values = e->opt->values,
                                .nvalues = e->opt->nvalues,
                                .memo = e->memo};
    *col = -1;
    enum kh_status st = import__convert(&cv, row->cells, row->ncells, &rs->in, &rs->ct, col, err);
    if (st == KH_E_VALIDATION)
        add_other_problems(e, rs, err);
    kh_err_keep(err, &rs->arena);
    if (st || customer_bulk_prepare(e->bk, &rs->ctx, &rs->in, &rs->n, err))
        return false;
    if (rs->ct.name) {
        fill_contact(&rs->ct);
        if (customer_contact_check(&rs->arena, &rs->ct, err)) {
            contact_fields(err);
            return false;
        }
    }
    return true;
}

static void copy_row(struct arena *a, const struct sheet_row *from, struct sheet_row *to)
{
    const char **cells = arena_alloc(a, sizeof(char *) * (size_t)(from->ncells + 1));
    for (int i = 0; i < from->ncells; i++)
        cells[i] = arena_strndup(a, from->cells[i], from->lens[i]);
    *to = (struct sheet_row){cells, NULL, from->ncells, from->number};
}

/* Read and prepare the next non-blank row into p; false at the end of the file or on error. */
static bool pipe_read(struct pipe *pp, struct prepped *p, enum kh_status *st, struct kh_err *err)
{
    struct engine *e = pp->e;
    struct sheet_row row;
    bool has = false;
    do {
        if ((*st = sheet_next(e->sheet, &row, &has, err)) != KH_OK || !has)
            return false;
    } while (row_blank(&row));
    arena_release(&p->rs.arena);
    arena_init(&p->rs.arena);
    p->rs.ctx = *e->ctx;
    p->rs.ctx.arena = &p->rs.arena;
    copy_row(&p->rs.arena, &row, &p->row);
    p->ok = prepare_row(e, &p->row, &p->rs, &p->col, &p->err);
    sheet_progress(e->sheet, &p->done, &p->total);
    return true;
}

/*
 * Beside a server's requests, the reader (parsing and checking rows) runs
 * at a lower priority: on a machine with few cores the requests come first
 * and the import takes what is left (DECISIONS §48). Alone (sole_writer),
 * it keeps the usual priority.
 */
static void reader_yield_to_requests(const struct engine *e)
{
    if (e->opt->sole_writer)
        return;
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), READER_NICE) != 0)
        log_warn("msg=\"could not lower the import reader's priority\"");
}

static void *pipe_main(void *arg)
{
    struct pipe *pp = arg;
    reader_yield_to_requests(pp->e);
    enum kh_status st = KH_OK;
    struct kh_err err;
    kh_err_clear(&err);
    for (;;) {
        pthread_mutex_lock(&pp->mu);
        while (pp->count == PIPE_SLOTS && !pp->stop) { /* the writer wakes it at half */
            pp->reader_waits = true;
            pthread_cond_wait(&pp->cv, &pp->mu);
            pp->reader_waits = false;
        }
        bool stop = pp->stop;
        int at = pp->tail;
        pthread_mutex_unlock(&pp->mu);
        if (stop || !pipe_read(pp, &pp->slot[at], &st, &err))
            break;
        pthread_mutex_lock(&pp->mu);
        pp->tail = (pp->tail + 1) % PIPE_SLOTS;
        pp->count++;
        if (pp->writer_waits)
            pthread_cond_broadcast(&pp->cv);
        pthread_mutex_unlock(&pp->mu);
    }
    pthread_mutex_lock(&pp->mu);
    pp->end = true;
    pp->end_status = st;
    pp->end_err = err;
    pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
    return NULL;
}

static enum kh_status pipe_start(struct engine *e, struct kh_err *err)
{
    struct pipe *pp = kh_calloc(1, sizeof(*pp));
    pthread_mutex_init(&pp->mu, NULL);
    pthread_cond_init(&pp->cv, NULL);
    pp->e = e;
    for (int i = 0; i < PIPE_SLOTS; i++)
        arena_init(&pp->slot[i].rs.arena);
    if (pthread_create(&pp->thread, NULL, pipe_main, pp)) {
        pthread_cond_destroy(&pp->cv);
        pthread_mutex_destroy(&pp->mu);
        free(pp);
        return kh_err_set(err, KH_E_INTERNAL, "", "无法启动导入线程",
                          "could not start the import reader");
    }
    pthread_setname_np(pp->thread, "kehu-import");
    e->pipe = pp;
    return KH_OK;
}

static void pipe_stop(struct engine *e)
{
    struct pipe *pp = e->pipe;
    if (!pp)
        return;
    pthread_mutex_lock(&pp->mu);
    pp->stop = true;
    pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
    pthread_join(pp->thread, NULL);
    for (int i = 0; i < PIPE_SLOTS; i++)
        arena_release(&pp->slot[i].rs.arena);
    pthread_cond_destroy(&pp->cv);
    pthread_mutex_destroy(&pp->mu);
    free(pp);
    e->pipe = NULL;
}

/* The next prepared row, NULL at the end (st set if reading failed). */
static struct prepped *pipe_take(struct pipe *pp, enum kh_status *st, struct kh_err *err)
{
    pthread_mutex_lock(&pp->mu);
    while (pp->count == 0 && !pp->end) {
        pp->writer_waits = true;
        pthread_cond_wait(&pp->cv, &pp->mu);
        pp->writer_waits = false;
    }
    struct prepped *p = pp->count ? &pp->slot[pp->head] : NULL;
    if (!p && (*st = pp->end_status) != KH_OK)
        *err = pp->end_err;
    pthread_mutex_unlock(&pp->mu);
    return p;
}

static void pipe_done(struct pipe *pp)
{
    pthread_mutex_lock(&pp->mu);
    pp->head = (pp->head + 1) % PIPE_SLOTS;
    pp->count--;
    if (pp->reader_waits && pp->count <= PIPE_SLOTS / 2)
        pthread_cond_broadcast(&pp->cv);
    pthread_mutex_unlock(&pp->mu);
}

/*
 * A dry run refuses a row whose kept code an earlier row of the file has,
 * as the import will (the code is taken by then).
 */
static bool code_repeated(struct engine *e, struct prepped *p)
{
    const char *code = p->rs.in.code;
    if (!code || !*code)
        return false;
    int64_t first =
        keyset_check_add(&e->seen, arena_printf(&p->rs.arena, "code:%s", code), p->row.number);
    if (!first)
        return false;
    struct kh_err err;
    kh_err_setf(&err, KH_E_CONFLICT, "code", "编号 %s 与文件第 %lld 行相同",
                "code %s is the same as row %lld's of the file", code, (long long)first, code,
                (long long)first);
    reject(e, &p->row, -1, &err);
    return true;
}

static void dry_row(struct engine *e, struct prepped *p)
{
    const struct sheet_row *row = &p->row;
    struct row_state *rs = &p->rs;
    if (!p->ok) {
        reject(e, row, p->col, &p->err);
        return;
    }
    if (e->opt->dry_run && code_repeated(e, p))
        return;
    if (e->opt->dry_run) {
        const char *keys[8];
        int nk = customer_new_keys(rs->n, keys, 8, &rs->arena);
        int64_t first = 0;
        const char *key = NULL;
        for (int i = 0; i < nk; i++) {
            int64_t r = keyset_check_add(&e->seen, keys[i], row->number);
            if (r && !first) {
                first = r;
                key = keys[i];
            }
        }
        if (first) {
            note_dup(e, row->number, NULL, first, key);
            return;
        }
        struct customer_dup hit;
        struct kh_err err;
        if (customer_bulk_find_duplicate(&rs->ctx, rs->n, &hit, &err) == KH_E_CONFLICT) {
            note_dup(e, row->number, &hit, 0, NULL);
            return;
        }
    }
    e->res->valid++;
    sample(e, row);
}

/*
 * Insert one row inside a batch; returns false only on an error that must
 * stop the batch. A bad row is reported and the import goes on, so that an
 * all-or-nothing import lists every bad row before it rolls back.
 */
static bool commit_row(struct engine *e, struct customer_batch *b, struct prepped *p,
                       struct kh_err *fatal)
{
    const struct sheet_row *row = &p->row;
    struct row_state *rs = &p->rs;
    if (!p->ok) {
        reject(e, row, p->col, &p->err);
        return true;
    }
    bool savepoints = e->opt->mode == IMPORT_VALID_ROWS;
    if (savepoints && customer_batch_row(b, 0, fatal))
        return false;
    struct kh_err err;
    kh_err_clear(&err);
    struct customer_dup hit;
    memset(&hit, 0, sizeof(hit));
    int64_t id = 0;
    int outcome = 0; /* 1 created, 2 updated, 3 skipped */
    enum kh_status st = customer_batch_insert(b, &rs->ctx, rs->n, &id, &hit, &err);
    if (st == KH_E_CONFLICT && hit.id) {
        note_dup(e, row->number, &hit, 0, NULL);
        bool own = e->opt->dups == IMPORT_DUPS_UPDATE_OWN && hit.owner_id &&
                   hit.owner_id == e->ctx->actor.user_id;
        st = own ? customer_batch_update_own(b, &rs->ctx, hit.id, &rs->in, &err) : KH_OK;
        outcome = own ? 2 : 3;
    } else if (!st) {
        outcome = 1;
        if (rs->ct.name)
            st = customer_batch_contact(b, &rs->ctx, id, &rs->ct, &err);
    }
    if (st) {
        if (!savepoints && st != KH_E_VALIDATION && st != KH_E_FORBIDDEN && st != KH_E_CONFLICT) {
            *fatal = err;
            return false;
        }
        if (savepoints && customer_batch_row(b, 2, fatal))
            return false;
        reject(e, row, -1, &err);
        return true;
    }
    e->res->valid++;
    e->res->created += outcome == 1;
    e->res->updated += outcome == 2;
    e->res->skipped += outcome == 3;
    return !savepoints || customer_batch_row(b, 1, fatal) == KH_OK;
}

static void report_progress(struct engine *e)
{
    uint64_t done = e->done, total = e->total;
    if (e->opt->progress)
        e->opt->progress(e->opt->progress_arg, e->res->rows, done + total * (uint64_t)e->pass,
                         total * (uint64_t)e->npasses);
    if (!e->run)
        return;
    int64_t t = (int64_t)total * e->npasses;
    job_progress(e->run, (int64_t)done + (int64_t)total * e->pass, t ? t : 1);
}

/* Whether the rows go in one piece (a preview, or one transaction): a stop drops it all. */
static bool one_piece(const struct engine *e, const struct customer_batch *b)
{
    return !b || e->opt->mode == IMPORT_ALL_OR_NOTHING;
}

/*
 * The server stops: the job runs again at the next start (jobs.h), from the
 * start, or, for a batched import, from the row after its last committed
 * batch (resume_at set here).
 */
static enum kh_status stopped(struct engine *e, struct kh_err *err)
{
    if (e->opt->mode == IMPORT_VALID_ROWS && !e->opt->dry_run && e->run) {
        struct import_options next = *e->opt;
        next.resume = (struct import_resume){e->res->rows, e->res->created, e->res->updated,
                                             e->res->skipped, e->res->invalid};
        char *params = import_json_params(&next);
        job_resume_at(e->run, params);
        free(params);
        return kh_err_setf(err, KH_E_UNAVAILABLE, "",
                           "服务停止时导入暂停：前 %lld 行已处理并保存，重启后从下一行继续",
                           "the import paused for the server's stop: the first %lld rows are "
                           "done and stored; it continues from the next row after the restart",
                           (long long)e->res->rows, (long long)e->res->rows);
    }
    return kh_err_set(err, KH_E_UNAVAILABLE, "", "服务停止时导入中止，未保存任何行；重启后重新运行",
                      "the import stopped for the server's stop with nothing stored; it runs "
                      "again after the restart");
}

/*
 * Process up to max rows (0: all), or, with a budget, until budget_us have
 * passed or another write waits for the writer; sets e->eof at the end of
 * the file.
 */
static enum kh_status process_rows(struct engine *e, struct customer_batch *b, int64_t max,
                                   int64_t budget_us, struct kh_err *err)
{
    int64_t n = 0;
    int64_t start = clock_mono_us(), until = budget_us ? start + budget_us : 0;
    while ((!max || n < max) &&
           !(until && n && (clock_mono_us() >= until || customer_batch_wanted(b)))) {
        enum kh_status st = KH_OK;
        struct prepped *p = pipe_take(e->pipe, &st, err);
        if (st)
            return st;
        if (!p) {
            e->eof = true;
            break;
        }
        if (e->pass == 0 && e->res->rows < e->opt->resume.rows) {
            e->res->rows++; /* taken by a run before the server's stop */
            pipe_done(e->pipe);
            continue;
        }
        n++;
        if (e->pass == 0)
            e->res->rows++;
        if (e->opt->dry_run && e->pass == 0)
            choices_count(e, &p->row);
        e->done = p->done;
        e->total = p->total;
        bool ok = true;
        if (b)
            ok = commit_row(e, b, p, err);
        else
            dry_row(e, p);
        pipe_done(e->pipe);
        if (!ok)
            return err->code ? err->code : KH_E_INTERNAL;
        if ((n & 1023) == 0) {
            report_progress(e);
            if (one_piece(e, b) && e->run && job_stopping(e->run))
                return stopped(e, err);
        }
    }
    e->stage_work_us = clock_mono_us() - start;
    report_progress(e);
    return KH_OK;
}

static enum kh_status batch_fn(struct customer_batch *b, void *arg, struct kh_err *err)
{
    struct engine *e = arg;
    int64_t before = e->res->created + e->res->updated;
    enum kh_status st =
        process_rows(e, b, e->opt->mode == IMPORT_VALID_ROWS ? BATCH_ROWS : 0, 0, err);
    if (st)
        return st;
    if (e->opt->mode == IMPORT_ALL_OR_NOTHING && e->res->invalid > 0)
        return kh_err_setf(err, KH_E_VALIDATION, "file", "有 %lld 行数据有误，全部未导入",
                           "%lld rows are invalid: nothing was imported",
                           (long long)e->res->invalid, (long long)e->res->invalid);
    char detail[400];
    snprintf(detail, sizeof(detail), "file=%.200s rows=%lld", e->opt->name ? e->opt->name : "",
             (long long)(e->res->created + e->res->updated - before));
    return customer_batch_audit(b, "customer.import", detail, err);
}

static enum kh_status stage_fn(struct customer_batch *b, void *arg, struct kh_err *err)
{
    struct engine *e = arg;
    return process_rows(e, b, 0, e->stage_budget_us, err);
}

/* The next staged batch's budget, from the last one's work and its whole write (work and commit).
 */
static void stage_budget(struct engine *e, int64_t write_us)
{
    int64_t work = e->stage_work_us, commit = write_us - work;
    if (work <= 0 || commit <= 0)
        return;
    int64_t want = (int64_t)((double)work * STAGE_COMMIT_US / (double)commit);
    want = (e->stage_budget_us + want) / 2; /* smoothed: one slow commit does not halve it */
    e->stage_budget_us = want < STAGE_BUDGET_MIN_US   ? STAGE_BUDGET_MIN_US
                         : want > STAGE_BUDGET_MAX_US ? STAGE_BUDGET_MAX_US
                                                      : want;
}

/*
 * An all-or-nothing import in short commits: its rows are stored staged
 * (seen by no read) in batches that end when another write waits or after
 * their budget of work, each its own write, so other writes and logins wait
 * for one row and a commit at most; when the whole file is
 * good they are published in one write, otherwise deleted.
 */
static enum kh_status commit_staged(struct engine *e, struct kh_err *err)
{
    enum kh_status st = customer_bulk_stage(e->bk, e->run ? e->run->id : 0, err);
    e->stage_budget_us = STAGE_BUDGET_MAX_US / 4;
    while (!st && !e->eof) {
        int64_t t0 = clock_mono_us();
        st = customer_bulk_run(e->bk, stage_fn, e, err);
        stage_budget(e, clock_mono_us() - t0);
        if (!st && !e->eof && e->run && job_stopping(e->run))
            st = stopped(e, err); /* the staged rows are deleted below */
    }
    if (!st && e->res->invalid == 0) {
        char detail[400];
        snprintf(detail, sizeof(detail), "file=%.200s rows=%lld", e->opt->name ? e->opt->name : "",
                 (long long)(e->res->created + e->res->updated));
        st = customer_bulk_publish(e->bk, "customer.import", detail, err);
        if (!st) {
            e->res->imported = true;
            return KH_OK;
        }
    }
    struct kh_err undo;
    kh_err_clear(&undo);
    if (customer_bulk_discard(e->bk, &undo))
        log_error("msg=\"staged import rows not deleted\" err=\"%s\"", undo.msg_en);
    e->res->imported = false;
    e->res->created = e->res->updated = e->res->skipped = 0;
    return st; /* KH_OK with invalid rows: the rows are reported, that is the answer */
}

void import_search_catch_up(const struct kh_ctx *ctx, const struct import_options *opt,
                            struct job_run *run, struct import_result *res)
{
    int64_t t0 = clock_mono_us(), moved = 0;
    res->committed_us = t0;
    res->search_ready = false;
    if (opt->no_wait)
        return;
    struct kh_err err;
    kh_err_clear(&err);
    bool empty = false;
    /* The import is committed: a catch-up that fails leaves the rest to the server's job. */
    if (customer_search_catch_up(ctx, run, opt->index_progress, opt->progress_arg, &moved, &empty,
                                 &err))
        log_error("msg=\"search index catch-up after import failed\" err=\"%s\"", err.msg_en);
    res->search_ready = empty;
    res->index_us = clock_mono_us() - t0;
    customer_search_merge(ctx, moved);
}

static enum kh_status commit(struct engine *e, struct kh_err *err)
{
    enum kh_status st = KH_OK;
    e->committing = true;
    /*
     * Staged in short commits when other writes must go on beside it; one
     * transaction when nothing else writes (sole_writer), or when it updates
     * existing customers, which cannot be staged.
     */
    if (e->opt->mode == IMPORT_ALL_OR_NOTHING && e->opt->dups != IMPORT_DUPS_UPDATE_OWN &&
        !e->opt->sole_writer) {
        st = commit_staged(e, err);
    } else if (e->opt->mode == IMPORT_ALL_OR_NOTHING) {
        /* One transaction: it commits only if no row was bad. */
        st = customer_bulk_run(e->bk, batch_fn, e, err);
        e->res->imported = st == KH_OK;
        if (st) {
            e->res->created = e->res->updated = e->res->skipped = 0;
            if (st == KH_E_VALIDATION && e->res->invalid > 0)
                st = KH_OK; /* the rows are reported; that is the answer */
            return st;
        }
    } else {
        while (!e->eof && !st) {
            st = customer_bulk_run(e->bk, batch_fn, e, err);
            if (!st && !e->eof && e->run && job_stopping(e->run))
                st = stopped(e, err); /* at a batch boundary: what is committed stays */
        }
        e->res->imported = true;
    }
    if (!st)
        import_search_catch_up(e->ctx, e->opt, e->run, e->res);
    return st;
}

static enum kh_status setup(struct engine *e, struct kh_err *err)
{
    const struct kh_ctx *ctx = e->ctx;
    struct import_result *res = e->res;
    res->errors = arena_alloc(ctx->arena, sizeof(*res->errors) * IMPORT_LIST_CAP);
    res->dups = arena_alloc(ctx->arena, sizeof(*res->dups) * IMPORT_LIST_CAP);
    res->samples = arena_alloc(ctx->arena, sizeof(*res->samples) * SAMPLE_ROWS);
    enum kh_status st = customer_bulk_open(ctx, &e->bk, err);
    if (!st)
        st = customer_fields(ctx, &e->defs, &e->ndefs, err);
    if (!st)
        st = customer_templates(ctx, &e->tpls, &e->ntpls, err);
    if (!st)
        st = import_sheet_open(ctx, e->opt, &e->sheet, err);
    if (!st) {
        res->format = arena_strdup(ctx->arena, sheet_format_name(e->sheet));
        res->encoding = arena_strdup(ctx->arena, sheet_encoding_name(e->sheet));
        e->csv = !strcmp(res->format, "csv");
        st = find_header(e, err);
    }
    if (st)
        return st;
    res->columns = arena_alloc(ctx->arena, sizeof(*res->columns) * (size_t)(e->ncols + 1));
    for (int i = 0; i < e->ncols; i++)
        res->columns[i] = (struct import_column){
            i, e->headers[i], e->cols[i].target == T_IGNORE ? NULL : e->cols[i].field_name};
    res->ncolumns = e->ncols;
    choices_setup(e);
    return import_errfile_open(ctx->files, e->opt->english, e->headers, e->ncols, &e->ef, err);
}

enum kh_status import_run(const struct kh_ctx *ctx, const struct import_options *opt,
                          struct job_run *run, struct import_result *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct engine e = {.ctx = ctx, .opt = opt, .run = run, .res = out};
    e.npasses = 1;
    enum kh_status st = setup(&e, err);
    out->created = opt->resume.created;
    out->updated = opt->resume.updated;
    out->skipped = opt->resume.skipped;
    out->invalid = opt->resume.invalid;
    if (!st) {
        e.memo = import__memo_new(e.ncols);
        st = pipe_start(&e, err);
    }
    if (!st)
        st = opt->dry_run ? process_rows(&e, NULL, 0, 0, err) : commit(&e, err);
    pipe_stop(&e);
    import__memo_free(e.memo);
    out->rejected = opt->dry_run ? 0 : out->invalid;
    out->error_file = import_errfile_finish(e.ef, out->invalid > 0, ctx->arena);
    sheet_close(e.sheet);
    keyset_release(&e.seen);
    return st;
}
