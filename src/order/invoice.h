#ifndef KH_ORDER_INVOICE_H
#define KH_ORDER_INVOICE_H

/*
 * Invoice titles 发票抬头 and invoices (R-DEV-5).
 *
 * A customer keeps invoice titles: a company's (its name, its tax number =
 * its unified social credit code, checked to GB 32100-2015; address, phone,
 * bank and account) or an individual's (the name; no tax number). The first
 * is the default; making another the default clears it.
 *
 * An invoice is issued against an order to one of its customer's titles:
 * a normal 普通发票 or a special VAT invoice 增值税专用发票 (which needs a
 * company title with every field, as the invoice prints them), its number
 * (8-20 digits, one invoice per kind and number), an amount no more than
 * the order's amount not yet invoiced, and the day issued.
 *
 * Who: titles are read by whoever reads the customer (or the accountant,
 * through the receivables scope); kept by those who may change its orders
 * (order.manage on the customer) and by the accountant (payment.record).
 * Invoices are issued by payment.record. All audited.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct customer_ref_kind;
extern const struct customer_ref_kind invoice_customer_ref;

#define INVOICE_TITLE_NAME_MAX 100
#define INVOICE_TITLE_ADDRESS_MAX 200
#define INVOICE_TITLE_PHONE_MAX 40
#define INVOICE_TITLE_BANK_MAX 100
#define INVOICE_TITLE_ACCOUNT_MAX 40
#define INVOICE_TITLES_MAX 20 /* per customer */

struct invoice_title {
    int64_t id, customer_id;
    const char *kind, *name, *tax_number, *address, *phone, *bank, *account;
    bool is_default;
    int64_t created_at, updated_at;
};

/* What a client gives: NULL texts and -1 are not given (a change leaves them). */
struct invoice_title_input {
    const char *kind, *name, *tax_number, *address, *phone, *bank, *account;
    int is_default;
};

struct invoice {
    int64_t id, order_id, title_id;
    const char *title_name, *title_tax_number;
    const char *kind, *number;
    int64_t amount_fen;
    const char *issued_on;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
};

struct invoice_input {
    int64_t title_id;
    const char *kind, *number, *issued_on;
    int64_t amount_fen;
};

KH_NODISCARD enum kh_status invoice_titles(const struct kh_ctx *ctx, int64_t customer_id,
                                           struct invoice_title **out, int *count,
                                           struct kh_err *err);
KH_NODISCARD enum kh_status invoice_title_get(const struct kh_ctx *ctx, int64_t id,
                                              struct invoice_title *out, struct kh_err *err);
KH_NODISCARD enum kh_status invoice_title_create(const struct kh_ctx *ctx, int64_t customer_id,
                                                 const struct invoice_title_input *in, int64_t *id,
                                                 struct kh_err *err);
KH_NODISCARD enum kh_status invoice_title_update(const struct kh_ctx *ctx, int64_t id,
                                                 const struct invoice_title_input *in,
                                                 struct kh_err *err);
/* CONFLICT "id" when an invoice names it. */
KH_NODISCARD enum kh_status invoice_title_delete(const struct kh_ctx *ctx, int64_t id,
                                                 struct kh_err *err);

/* An order's invoices come with its receivable (receivable_get). */
KH_NODISCARD enum kh_status invoice_issue(const struct kh_ctx *ctx, int64_t order_id,
                                          const struct invoice_input *in, int64_t *id,
                                          struct kh_err *err);

#endif
