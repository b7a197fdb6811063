#ifndef KH_ORDER_ORDER_H
#define KH_ORDER_ORDER_H

/*
 * Orders 订单 (issue 14 item 4): what a customer bought, line by line.
 *
 * An order names its customer, when it was placed, its lines (a product
 * of the catalogue at a price, or a free-text line such as 安装费; each
 * quantity × price − discount), the day delivery is due, notes, and may
 * name the opportunity it came from. States: confirmed (placed), delivered
 * (delivered_at), cancelled (with the reason). Its code 订单号 is
 * "SO" + the day it was placed + its number ("SO20260601000003").
 *
 * An order is the customer's purchase for the follow-up rules, greetings,
 * the pool and communication plans (followup/rule.h): placing it records
 * the purchase (skipping the open non-buyer calls), changing it changes the
 * purchase, cancelling it removes it, each in the order's own write.
 *
 * Who: seen by whoever sees its customer (the one scope filter); order.read
 * reads; order.manage places, changes (while confirmed), delivers and
 * cancels orders on customers the user may change (the roles that recorded
 * purchases: management, sales, customer service and the archive). The owner is the
 * salesperson credited with it: the customer's owner when it is placed (the
 * placer when the customer has none); it does not follow later transfers.
 * Every change is audited; reading one is a read of its customer.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct customer_ref_kind;
struct document_kind;

extern const struct kh_perm order_perm_read;
extern const struct kh_perm order_perm_manage;
extern const struct customer_ref_kind order_customer_ref;
extern const struct document_kind order_document_kind;
extern const struct list_spec order_list_spec;

#define ORDER_LINES_MAX 200
#define ORDER_QUANTITY_MAX 1000000
#define ORDER_AMOUNT_MAX 1000000000000LL /* fen, per line and per order */
#define ORDER_DESCRIPTION_MAX 200
#define ORDER_NOTES_MAX 2000
#define ORDER_PRODUCTS_TEXT_MAX 500 /* the purchase's summary of the lines */

struct order_line {
    int64_t product_id;             /* 0: a free-text line */
    const char *code, *name, *unit; /* the product's (read back; "" for a text line) */
    const char *description;
    int64_t quantity;
    int64_t price_fen;    /* -1 given: the product's list price */
    int64_t discount_fen; /* -1 given: none */
    int64_t amount_fen;   /* quantity × price − discount */
};

struct order {
    int64_t id;
    const char *code;
    int64_t customer_id;
    const char *customer_code, *customer_name;
    int customer_secrecy;
    int64_t opportunity_id;
    const char *opportunity_title;
    const char *state;
    int64_t ordered_at, delivered_at;
    const char *delivery_due, *notes, *cancel_reason;
    int64_t amount_fen;
    int64_t owner_id;
    const char *owner_name;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at, updated_at;
    struct order_line *lines; /* order_get only */
    int nlines;
};

/* What a client gives: NULL texts and -1 numbers are not given (a change leaves them). */
struct order_input {
    int64_t customer_id;    /* a new one only */
    int64_t opportunity_id; /* a new one only; 0 none */
    int64_t ordered_at;     /* -1 not given (a new one: now) */
    const char *delivery_due, *notes;
    const struct order_line *lines;
    int nlines;
    bool has_lines;
};
#define ORDER_INPUT_NONE                                                                           \
    (struct order_input)                                                                           \
    {                                                                                              \
        .ordered_at = -1                                                                           \
    }

struct order_filter {
    const char *state; /* confirmed, delivered, cancelled, all (NULL) */
    int64_t customer_id, owner_id, department_id;
    const char *q;                    /* part of the code or the customer's name */
    int64_t ordered_from, ordered_to; /* [from, to) */
};

/* Place an order; *id its number, *skipped the non-buyer calls its purchase skipped. */
KH_NODISCARD enum kh_status order_create(const struct kh_ctx *ctx, const struct order_input *in,
                                         int64_t *id, int *skipped, struct kh_err *err);
/* Change a confirmed one (CONFLICT "state" otherwise). */
KH_NODISCARD enum kh_status order_update(const struct kh_ctx *ctx, int64_t id,
                                         const struct order_input *in, struct kh_err *err);
/* Delivered at `at` (0: now; not in the future, not before it was placed). */
KH_NODISCARD enum kh_status order_deliver(const struct kh_ctx *ctx, int64_t id, int64_t at,
                                          struct kh_err *err);
/* Cancelled, with the reason (required); no longer the customer's purchase. */
KH_NODISCARD enum kh_status order_cancel(const struct kh_ctx *ctx, int64_t id, const char *reason,
                                         struct kh_err *err);
KH_NODISCARD enum kh_status order_get(const struct kh_ctx *ctx, int64_t id, struct order *out,
                                      struct kh_err *err);
/* A page newest first; *next the cursor of the next page (NULL: none). */
KH_NODISCARD enum kh_status order_list(const struct kh_ctx *ctx, const struct order_filter *f,
                                       const struct list_page *page, struct order **out, int *count,
                                       const char **next, struct kh_err *err);

#endif
