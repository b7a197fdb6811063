#ifndef KH_PRINT_PRINT_H
#define KH_PRINT_PRINT_H

/*
 * Printing (R-PLT-7): a customer file, an order, a contract summary and a
 * customer's receivables statement, as one HTML document each — the print
 * layout (A4 pages, page numbers, table headers repeated on every page, the
 * shipped Noto Sans SC font), the secrecy level of the customer and the
 * watermark of R-SEC-6 (who printed it, and when) on every page. The browser
 * prints that HTML; the server renders the same HTML to PDF with headless
 * chromium (print_pdf), run as an unprivileged user.
 *
 * Who may print what:
 * - an order, a contract, a statement: whoever reads the record (its own
 *   domain rules: order_get, contract_get, the receivables scope); they hold
 *   the customer's name and code and business figures, no personal data;
 *   every view and every PDF is audited (print.view, print.pdf);
 * - the customer file holds personal data (phones, addresses, ID number,
 *   contacts): it is printed only as the customer-file export in format PDF
 *   (export/export.h), so it follows the export rule of R-SEC-6 — the
 *   holders of export.approve, or an approved request, produced once,
 *   watermarked, audited and registered as a loan whose record is the PDF.
 *   print_view refuses it; the export job calls print_render itself.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct kh_asset;

enum print_kind { PRINT_CUSTOMER, PRINT_ORDER, PRINT_CONTRACT, PRINT_STATEMENT };

/* "customer", "order", "contract", "statement"; false if unknown. */
bool print_kind_parse(const char *s, enum print_kind *out);
const char *print_kind_name(enum print_kind k);

struct print_doc {
    enum print_kind kind;
    int64_t id;            /* the record's (a statement: its customer's) */
    const char *title;     /* "订单 SO-20261204-0001" in the reader's language */
    const char *file_name; /* what its PDF is called when downloaded */
    int secrecy;           /* the customer's level (SECRECY_*) */
    /*
     * The document: a <style> with the print CSS, then <div class="kh-print">.
     * Every value is escaped; the fonts are at font_base + "noto-sans-sc-*.woff2".
     */
    const char *html;
};

/*
 * The document of record id, in the reader's language (english), with no
 * check beyond the record's own read rules: for the callers that apply the
 * print rules (print_view, the export job). KH_E_NOT_FOUND when the reader
 * cannot see it.
 */
KH_NODISCARD enum kh_status print_render(const struct kh_ctx *ctx, enum print_kind kind, int64_t id,
                                         bool english, const char *font_base, struct print_doc *out,
                                         struct kh_err *err);

/*
 * A business document to print (not the customer file: KH_E_APPROVAL naming
 * "kind", which says to print it through its export). Audited as print.view.
 */
KH_NODISCARD enum kh_status print_view(const struct kh_ctx *ctx, enum print_kind kind, int64_t id,
                                       bool english, const char *font_base, struct print_doc *out,
                                       struct kh_err *err);

/*
 * The same as a PDF written to path (the print rules of print_view). Audited
 * as print.pdf.
 */
KH_NODISCARD enum kh_status print_view_pdf(const struct kh_ctx *ctx, enum print_kind kind,
                                           int64_t id, bool english, const char *path,
                                           struct print_doc *out, struct kh_err *err);

/*
 * Render doc (made with font_base PRINT_PDF_FONTS) to a PDF at path with
 * headless chromium ($KEHU_CHROMIUM, else /usr/bin/chromium), one at a time,
 * as the user "nobody" when the server runs as root, without network, at
 * most 60 seconds. KH_E_UNAVAILABLE when chromium is missing or fails.
 */
#define PRINT_PDF_FONTS "fonts/"
KH_NODISCARD enum kh_status print_pdf(const struct kh_ctx *ctx, const struct print_doc *doc,
                                      const char *path, struct kh_err *err);

/* The web UI's files, where the PDF renderer finds the fonts (the server sets them at start). */
void print_use_assets(const struct kh_asset *assets);

#endif
