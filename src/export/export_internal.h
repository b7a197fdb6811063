#ifndef KH_EXPORT_EXPORT_INTERNAL_H
#define KH_EXPORT_EXPORT_INTERNAL_H

/* The file writers behind export.c: one row of UTF-8 cells at a time. */

#include <stdbool.h>

#include "core/arena.h"
#include "core/err.h"
#include "export/export.h"

struct export_writer;

struct export_writer_ops {
    /* Start a new sheet named name (xlsx); CSV has one sheet and ignores it. */
    enum kh_status (*sheet)(struct export_writer *w, const char *name, struct kh_err *err);
    enum kh_status (*row)(struct export_writer *w, const char *const *cells, int n,
                          struct kh_err *err);
    /* Flush and close; frees w. On failure the file is incomplete. */
    enum kh_status (*finish)(struct export_writer *w, struct kh_err *err);
    /* Close without finishing (after an error); frees w. */
    void (*abandon)(struct export_writer *w);
};

struct export_writer {
    const struct export_writer_ops *ops;
    /*
     * The rows written now are Kehu's own text (the watermark, the headers):
     * a GBK CSV spells what GBK lacks in its characters ("m²" as "m2").
     */
    bool own_text;
};

/* Document properties of an xlsx (the watermark is repeated in them). */
struct export_meta {
    const char *title;
    const char *author;
    const char *comments;
};

KH_NODISCARD enum kh_status export__csv_open(const char *path, enum export_encoding enc,
                                             struct export_writer **out, struct kh_err *err);
/*
 * A writer that writes nothing and notes, for each row, the cells with
 * characters outside GBK: the first cap in bad (rows counted from
 * first_row, columns named by headers; strings in a), all of them in
 * *count. The cells[0] of a row must be the customer's code.
 */
KH_NODISCARD enum kh_status export__gbk_check_open(struct arena *a, const char *const *headers,
                                                   int64_t first_row, struct export_bad_cell *bad,
                                                   int cap, int *nbad, int64_t *count,
                                                   struct export_writer **out, struct kh_err *err);
KH_NODISCARD enum kh_status export__xlsx_open(const char *path, const struct export_meta *meta,
                                              const char *first_sheet, struct export_writer **out,
                                              struct kh_err *err);

struct buf;
struct customer;
/*
 * The vCards (version 4.0) of customer c and of each of its contacts into
 * out, every one carrying mark (the watermark) in its NOTE. Phones are as
 * the list gave them: masked for a reader without customer.unmask.
 */
void export__vcards(struct buf *out, const struct customer *c, const char *mark);

struct job_run;
struct file_writer;
/*
 * The end of a job that wrote a file of rows into the store: closes w
 * (finished when st is KH_OK, else abandoned; w may be NULL when it did not
 * open), commits or drops fw, and on success sets the job's result: rows,
 * the file named "<base>-<local time>.<ext>" of content type ctype.
 */
KH_NODISCARD enum kh_status export__job_file(struct job_run *run, enum kh_status st,
                                             struct export_writer *w, struct file_writer *fw,
                                             const char *prefix, const char *base, const char *ext,
                                             const char *ctype, int64_t rows, struct kh_err *err);

/* The customer exports' shared checks (export.c), for the permits of export_permit.c. */
KH_NODISCARD enum kh_status export__may_export(const struct kh_ctx *ctx, struct kh_err *err);
KH_NODISCARD enum kh_status export__in_scope(const struct kh_ctx *ctx, int64_t id,
                                             struct kh_err *err);
const char *export__filter_text(const struct kh_ctx *ctx, const struct customer_filter *f);
/* Queue the export job (a list export when customer_id is 0), after the disk and quota checks. */
KH_NODISCARD enum kh_status export__submit(const struct kh_ctx *ctx,
                                           const struct export_request *req, int64_t customer_id,
                                           int64_t *job_id, struct kh_err *err);

#endif
