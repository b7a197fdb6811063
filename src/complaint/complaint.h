#ifndef KH_COMPLAINT_COMPLAINT_H
#define KH_COMPLAINT_COMPLAINT_H

/*
 * Complaints 投诉: the record of a customer's complaint (R-CMP-1, R-CMP-2),
 * as much of it as the follow-up rules' complaint triggers need (R-INT-4):
 * how it came in (channel), whether in writing (书面投诉: a letter, an
 * e-mail, a web form), category, severity, what it says, when it came in;
 * and its resolution. Recording one with written set, and resolving one,
 * each append an event (complaint_events) in the same write: the
 * follow-up rules "written complaint received" (an immediate call) and
 * "complaint resolved" (a callback) make their tasks from those events.
 *
 * Who: recording and resolving need complaint.record and the customer in
 * the actor's scope (to work on); reading needs the customer visible to
 * the actor (anyone who sees a customer sees its complaints). Every write
 * is audited in its transaction.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct customer_ref_kind;

extern const struct kh_perm complaint_perm_record;
extern const struct customer_ref_kind complaint_customer_ref;
extern const struct list_spec complaint_list_spec;

/* phone, store, web, email, letter, call_center, survey. */
extern const struct kh_choice complaint_channels[];
/* attitude, service, product, price, communication (R-CMP-2). */
extern const struct kh_choice complaint_categories[];
/* general 一般, major 重大. */
extern const struct kh_choice complaint_severities[];

#define COMPLAINT_TEXT_MAX 2000

struct complaint {
    int64_t id, customer_id;
    const char *customer_code, *customer_name;
    const char *channel, *category, *severity;
    bool written;
    const char *summary;
    int64_t received_at;
    const char *state; /* open, resolved */
    const char *resolution;
    int64_t resolved_at, resolved_by;
    const char *resolved_by_name;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at;
};

struct complaint_input {
    int64_t customer_id;
    const char *channel, *category, *severity; /* severity NULL: general */
    int written;                               /* -1: by the channel (letter, email, web) */
    const char *summary;
    int64_t received_at; /* 0: now */
};

struct complaint_filter {
    int64_t customer_id;
    const char *state; /* open, resolved, all (NULL: all) */
};

/*
 * Record a complaint as the acting user. KH_E_VALIDATION naming
 * customer_id, channel, category, severity, summary (1 .. 2000
 * characters) or received_at (not in the future, not before 2000);
 * KH_E_FORBIDDEN without complaint.record; KH_E_NOT_FOUND when the
 * customer is not the actor's to work on.
 */
KH_NODISCARD enum kh_status complaint_record(const struct kh_ctx *ctx,
                                             const struct complaint_input *in, int64_t *id,
                                             struct kh_err *err);
/* Resolve an open complaint with its resolution (1 .. 2000 characters); KH_E_CONFLICT "state"
 * when resolved already. */
KH_NODISCARD enum kh_status complaint_resolve(const struct kh_ctx *ctx, int64_t id,
                                              const char *resolution, struct kh_err *err);
/* One complaint, when its customer is visible to the actor (else KH_E_NOT_FOUND). */
KH_NODISCARD enum kh_status complaint_get(const struct kh_ctx *ctx, int64_t id,
                                          struct complaint *out, struct kh_err *err);
/*
 * The complaints of the customers the actor sees (one customer's with
 * customer_id), newest first, a page of page->limit; *next the cursor of
 * the next page or NULL.
 */
KH_NODISCARD enum kh_status complaint_list(const struct kh_ctx *ctx,
                                           const struct complaint_filter *f,
                                           const struct list_page *page, struct complaint **out,
                                           int *count, const char **next, struct kh_err *err);

#endif
