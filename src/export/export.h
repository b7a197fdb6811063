#ifndef KH_EXPORT_EXPORT_H
#define KH_EXPORT_EXPORT_H

/*
 * Customer export (R-PLT-3) with a watermark (R-SEC-6).
 *
 * Rules: the caller must be able to see customers (scope other than none);
 * the file holds exactly the customers customer_list() shows the caller for
 * the filter (the one scope filter, every page of it), so a salesperson's
 * export holds only their own customers. The first row names the exporting
 * user and the time (the watermark; the xlsx carries it in its document
 * properties too), the second row holds the column headers, which are the
 * import's default headers, so the file imports back unchanged. Every
 * export is audited as "customer.export" with its row count and filter.
 *
 * CSV cells that a spreadsheet would run as a formula (starting with "=",
 * "@", a tab, or "+"/"-" not followed by a digit), and cells starting with
 * "'", are prefixed with "'" (sheet_csv_guard); the import takes exactly
 * that prefix off again, so every value comes back as it was.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"
#include "customer/customer.h"

extern const struct kh_audit_action export_audit_actions[];
/* The background job of export_start and export_customer_start. */
extern const struct job_kind export_job_kind;

/*
 * EXPORT_VCF: vCards (RFC 6350) of the customers and their contacts, for a phone's address book.
 * EXPORT_PDF: one customer's file only, printed (print/print.h): how a customer file is printed.
 */
enum export_format { EXPORT_XLSX, EXPORT_CSV, EXPORT_VCF, EXPORT_PDF };
/*
 * GBK is strict GBK (code page 936), which older Excel and `iconv -f gbk`
 * read: export_check finds the cells it cannot hold first. GB18030 holds
 * every character (byte-identical to GBK for GBK's characters).
 */
enum export_encoding { EXPORT_UTF8, EXPORT_GBK, EXPORT_GB18030 };

struct export_request {
    enum export_format format;
    enum export_encoding encoding; /* CSV only; UTF-8 starts with a BOM */
    struct customer_filter filter; /* limit and cursor are ignored */
    /*
     * The requester's language: the watermark and the column headers are
     * written in it alone (the import reads either language, and both).
     */
    bool english;
    /*
     * The background job writing it (0: the command line): its export is
     * registered as a loan of the requester (R-SEC-5) in the write that
     * audits it, so a job that runs again neither audits nor lends twice.
     */
    int64_t job_id;
    /*
     * The approved request (R-SEC-6) the export is made under, 0 for none
     * (only the holders of export.approve export without one): its permit
     * is taken by the job, its number is in the audit entry and the loan.
     */
    int64_t approval_id;
};

/* "xlsx"/"csv"/"vcf"/"pdf" and "utf-8"/"gbk"/"gb18030" (case-insensitive; "utf8" too). False if
 * unknown.
 */
bool export_format_parse(const char *s, enum export_format *out);
bool export_encoding_parse(const char *s, enum export_encoding *out);

/* A cell a GBK file cannot hold. */
struct export_bad_cell {
    int64_t row;        /* in the file: 1 is the watermark, 2 the headers, customers from 3 */
    const char *column; /* its header */
    const char *code;   /* the customer's code */
    const char *chars;  /* the characters GBK lacks, in order (at most 8) */
};
#define EXPORT_BAD_CELLS_MAX 100

/*
 * For a GBK CSV, before any file is made: the cells of the rows export_write
 * would write whose characters GBK cannot hold (Kehu's own texts, the
 * watermark and the headers, are spelled in GBK's characters instead, e.g.
 * "m²" as "m2"). KH_OK when there is none, or for another format or
 * encoding. Otherwise KH_E_VALIDATION, field "encoding", naming the first
 * cells and their count and asking for GB18030 or UTF-8; *cells (in
 * ctx->arena, the first EXPORT_BAD_CELLS_MAX) and *count (all) say which.
 * Also KH_E_FORBIDDEN and KH_E_INVALID as export_write.
 */
KH_NODISCARD enum kh_status export_check(const struct kh_ctx *ctx, const struct export_request *req,
                                         struct export_bad_cell **cells, int *ncells,
                                         int64_t *count, struct kh_err *err);

/* Called after each page with the rows written so far. */
typedef void export_progress_fn(void *arg, int64_t rows);

/*
 * Write the export to path now (blocks). *rows gets the number of
 * customers written. A GBK CSV fails (KH_E_INTERNAL, path removed) at a cell
 * GBK cannot hold: call export_check first. KH_E_FORBIDDEN when the caller may see no customers;
 * KH_E_INVALID for a bad filter; KH_E_INTERNAL when the file cannot be
 * written (path is removed then). progress may be NULL.
 */
KH_NODISCARD enum kh_status export_write(const struct kh_ctx *ctx, const struct export_request *req,
                                         const char *path, export_progress_fn *progress,
                                         void *progress_arg, int64_t *rows, struct kh_err *err);

/*
 * Start the export as a background job (kind "export"; see jobs.h): the
 * request is copied. The job's summary is {"rows":N}; its file the export.
 * The permission check runs before the job is created.
 */
KH_NODISCARD enum kh_status export_start(const struct kh_ctx *ctx, const struct export_request *req,
                                         int64_t *job_id, struct kh_err *err);

/*
 * One customer's full file as xlsx: profile (with custom profile values),
 * contacts, owner history and field history, one sheet each, watermarked,
 * in one language (english, else zh-CN): headers, sheet names, choices.
 * The read is audited as customer_get() does; the export as
 * "customer.export" with target the customer. NOT_FOUND when the caller
 * may not see it.
 */
KH_NODISCARD enum kh_status export_customer_write(const struct kh_ctx *ctx, int64_t id,
                                                  bool english, int64_t job_id, int64_t approval_id,
                                                  const char *path, struct kh_err *err);
/*
 * The file as a background job (kind "export"), as xlsx (export_customer_write)
 * or printed as a PDF (EXPORT_PDF: the print layout of print/print.h, with the
 * same rules, audit and loan); KH_E_VALIDATION "format" for another format.
 * NOT_FOUND is answered before the job starts.
 */
KH_NODISCARD enum kh_status export_customer_start(const struct kh_ctx *ctx, int64_t id,
                                                  bool english, enum export_format format,
                                                  int64_t *job_id, struct kh_err *err);

#endif
