#ifndef KH_ORDER_RECEIVABLE_H
#define KH_ORDER_RECEIVABLE_H

/*
 * Receivables 回款 (R-DEV-5): each order's payment plan 回款计划 and the
 * payments 回款 received against it.
 *
 * A plan is 1-24 installments 分期 (a due day and an amount) adding up to
 * the order's amount; an order is placed with one installment of its whole
 * amount due on its delivery day (else the day it was placed) plus the
 * company's payment term (setting payment_terms_days, 30). Payments are
 * matched to installments earliest due first, again after every change, so
 * an installment's paid amount always equals what the payments cover. A
 * payment above what is still owed is refused, not held as credit: a
 * customer's money belongs to an order, and an unexplained surplus is
 * something for the accountant to sort out before it is booked.
 *
 * An installment past its due day and not fully paid is overdue: the
 * order's owner and the accountants are alerted in the inbox each working
 * day until it is paid (receivable.overdue, calendar_alerts).
 *
 * Who: receivable.read reads (the order's visibility: its customer's, or
 * every non-secret customer's for a holder of the receivables scope, the
 * accountant); receivable.plan replaces a plan on an order the user may
 * read; payment.record records payments. A cancelled order takes neither,
 * and an order with payments cannot be cancelled. Both writes are audited.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct job_kind;
struct job_task;
struct kh_setting;

extern const struct kh_perm receivable_perm_read;
extern const struct kh_perm receivable_perm_plan;
extern const struct kh_perm payment_perm_record;
extern const struct kh_scope_kind receivable_scope_kind;
extern const struct kh_setting receivable_setting_terms;
extern const struct job_kind receivable_overdue_kind;
extern const struct job_task receivable_overdue_task;
extern const struct list_spec receivable_list_spec;

#define RECEIVABLE_INSTALLMENTS_MAX 24
#define PAYMENT_REFERENCE_MAX 100
#define PAYMENT_NOTES_MAX 500
#define PAYMENTS_PER_ORDER_MAX 1000

struct installment {
    int64_t id, order_id;
    int seq;
    const char *due_on;
    int64_t amount_fen, paid_fen;
    /* lists only: */
    const char *order_code;
    int64_t customer_id;
    const char *customer_code, *customer_name;
    int64_t owner_id;
    const char *owner_name;
};

struct allocation {
    int64_t plan_id;
    int seq;
    int64_t amount_fen;
};

struct payment {
    int64_t id, order_id;
    const char *received_on;
    int64_t amount_fen;
    const char *method, *reference, *notes;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
    struct allocation *allocations;
    int nallocations;
};

struct invoice;

/* An order's receivable: its plan, payments and invoices, and what they leave. */
struct receivable {
    int64_t order_id;
    const char *order_code, *order_state;
    int64_t order_amount_fen;
    int64_t customer_id;
    const char *customer_code, *customer_name;
    struct installment *plan;
    int nplan;
    struct payment *payments;
    int npayments;
    int64_t paid_fen, outstanding_fen, overdue_fen;
    struct invoice *invoices; /* order/invoice.h */
    int ninvoices;
    int64_t invoiced_fen;
};

struct installment_input {
    const char *due_on;
    int64_t amount_fen;
};

struct payment_input {
    int64_t amount_fen;
    const char *received_on; /* NULL or "": today */
    const char *method, *reference, *notes;
};

struct receivable_filter {
    const char *state; /* open (NULL), overdue, paid, all */
    int64_t owner_id, customer_id, order_id;
    const char *due_from, *due_to; /* YYYY-MM-DD, inclusive */
};

struct aging_bucket {
    const char *name; /* "1-30", "31-60", "61-90", "90+" */
    int64_t amount_fen, count;
};

struct receivable_summary {
    int64_t outstanding_fen, overdue_fen, overdue_count, due_next_30_fen;
    struct aging_bucket aging[4];
};

/* The methods a payment comes by (bank, cash, wechat, alipay, cheque, other). */
extern const struct kh_choice payment_methods[];

/* "overdue", "paid" or "open" for an installment today (YYYY-MM-DD); *days past due. */
const char *installment_state(const struct installment *x, const char *today, int64_t *days);

KH_NODISCARD enum kh_status receivable_get(const struct kh_ctx *ctx, int64_t order_id,
                                           struct receivable *out, struct kh_err *err);
KH_NODISCARD enum kh_status receivable_plan(const struct kh_ctx *ctx, int64_t order_id,
                                            const struct installment_input *in, int n,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status payment_record(const struct kh_ctx *ctx, int64_t order_id,
                                           const struct payment_input *in, int64_t *id,
                                           struct kh_err *err);
/* Installments in due order with their order, customer and owner; *next the next page's cursor. */
KH_NODISCARD enum kh_status receivable_list(const struct kh_ctx *ctx,
                                            const struct receivable_filter *f,
                                            const struct list_page *page, struct installment **out,
                                            int *count, const char **next, struct kh_err *err);
KH_NODISCARD enum kh_status receivable_summary(const struct kh_ctx *ctx, int64_t owner_id,
                                               struct receivable_summary *out, struct kh_err *err);

/*
 * The context an order or receivable is read in: the actor's, with the
 * customer scope widened to every non-secret customer for a holder of the
 * receivables scope (the accountant). Writes that change what a customer
 * bought keep the actor's own scope.
 */
struct kh_ctx receivable_reader(const struct kh_ctx *ctx);

#endif
