#ifndef KH_CONTRACT_CONTRACT_H
#define KH_CONTRACT_CONTRACT_H

/*
 * Contracts 合同 (R-DEV-4): supply 供货合同, quality-assurance 质量保证协议
 * and maintenance/service 维修服务合同 contracts with a customer: parties,
 * period, amount, signed copies (documents), state, expiry reminders and
 * renewals.
 *
 * States: draft → submitted: active at once below the approval threshold
 * (setting contract_approval_fen), else pending, a request of the
 * approvals engine (kind contract.sign: the requester's department head,
 * and the general manager from 500,000 yuan, unless the company sets other
 * rules); its approval makes the contract active; returned, it reads as
 * returned (changed and submitted again: the returned request is withdrawn
 * and a new one made); rejected or withdrawn, it reads as a draft again.
 * An active contract past its end date reads as expired; terminate ends it
 * with a reason. Only a draft or returned contract is changed.
 *
 * contract_expiry_days (30) before its end, an active contract's owner and
 * their department head are told once in the inbox (contract.expiring). A
 * renewal is a new draft for the next period, linked both ways.
 *
 * Who: seen by whoever sees its customer (the one scope filter);
 * contract.read reads, contract.manage makes, changes, submits, terminates
 * and renews on customers the user may change. Audited.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct approval_kind;
struct customer_ref_kind;
struct document_kind;
struct job_kind;
struct job_task;
struct kh_setting;

extern const struct kh_perm contract_perm_read;
extern const struct kh_perm contract_perm_manage;
extern const struct approval_kind contract_approval_sign;
extern const struct kh_setting contract_setting_approval_fen;
extern const struct kh_setting contract_setting_expiry_days;
extern const struct job_kind contract_expiry_kind;
extern const struct job_task contract_expiry_task;
extern const struct customer_ref_kind contract_customer_ref;
extern const struct document_kind contract_document_kind;
extern const struct list_spec contract_list_spec;

#define CONTRACT_TITLE_MAX 100
#define CONTRACT_PARTY_MAX 100
#define CONTRACT_NOTES_MAX 2000
#define CONTRACT_AMOUNT_MAX 1000000000000LL

struct contract {
    int64_t id;
    const char *code;
    int64_t customer_id;
    const char *customer_code, *customer_name;
    int customer_secrecy;
    int64_t owner_id;
    const char *owner_name;
    const char *kind, *title;
    int64_t amount_fen;
    const char *starts_on, *ends_on, *signed_on, *our_party, *signatory, *notes;
    int64_t order_id;
    const char *order_code;
    int64_t renewal_of;
    const char *renewal_of_code;
    int64_t renewed_by;
    const char *renewed_by_code;
    const char *stored_state; /* draft, pending, active, terminated */
    int64_t approval_id;
    const char *approval_state; /* the request's, "" without one */
    const char *terminate_reason;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at, updated_at;
};

/* The state a contract reads as today (YYYY-MM-DD): draft, pending, returned, active, expired,
 * terminated. */
const char *contract_state(const struct contract *c, const char *today);
/* The days from today to an active contract's end (-1 unless it reads as active). */
int64_t contract_days_left(const struct contract *c, const char *today);

/* What a client gives: NULL texts and -1 are not given (a change leaves them). */
struct contract_input {
    int64_t customer_id; /* a new one only */
    const char *kind, *title, *starts_on, *ends_on, *signed_on, *our_party, *signatory, *notes;
    int64_t amount_fen, order_id;
};
#define CONTRACT_INPUT_NONE                                                                        \
    (struct contract_input)                                                                        \
    {                                                                                              \
        .amount_fen = -1, .order_id = -1                                                           \
    }

struct contract_filter {
    const char *state; /* draft, pending, active, expired, terminated, all (NULL) */
    const char *kind, *q;
    int64_t customer_id, owner_id, expiring_within;
};

KH_NODISCARD enum kh_status contract_create(const struct kh_ctx *ctx,
                                            const struct contract_input *in, int64_t *id,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status contract_update(const struct kh_ctx *ctx, int64_t id,
                                            const struct contract_input *in, struct kh_err *err);
KH_NODISCARD enum kh_status contract_get(const struct kh_ctx *ctx, int64_t id, struct contract *out,
                                         struct kh_err *err);
/* Submit a draft or returned contract; *needs: whether it went for approval. */
KH_NODISCARD enum kh_status contract_submit(const struct kh_ctx *ctx, int64_t id,
                                            const char *reason, struct kh_err *err);
KH_NODISCARD enum kh_status contract_terminate(const struct kh_ctx *ctx, int64_t id,
                                               const char *reason, struct kh_err *err);
/* A new draft for the period after the contract's; *id its number. */
KH_NODISCARD enum kh_status contract_renew(const struct kh_ctx *ctx, int64_t id, int64_t *new_id,
                                           struct kh_err *err);
KH_NODISCARD enum kh_status contract_list(const struct kh_ctx *ctx, const struct contract_filter *f,
                                          const struct list_page *page, struct contract **out,
                                          int *count, const char **next, struct kh_err *err);
/* Whether a contract of amount_fen goes for approval (the threshold setting). */
KH_NODISCARD enum kh_status contract_needs_approval(const struct kh_ctx *ctx, int64_t amount_fen,
                                                    bool *needs, struct kh_err *err);

#endif
