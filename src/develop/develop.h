#ifndef KH_DEVELOP_DEVELOP_H
#define KH_DEVELOP_DEVELOP_H

/*
 * New-customer development 客户开发 (R-DEV-1, R-DEV-2): the admission
 * procedure for a new trading partner, stage by stage, none skipped:
 *
 *   candidate    → general investigation 一般调查 (company history, profile,
 *                  latest annual accounts, product catalogue, the talks with
 *                  its heads; documents attach to the candidate)
 *   general      → on-site investigation 实地调查 (day, team, findings)
 *   site         → admission application 认定申请 (reason, trading policy,
 *                  goods and amounts, findings, a score on every selection
 *                  criterion), submitted to the market head through the
 *                  approvals engine (kind candidate.admit)
 *   application  → approved (the request approved)
 *   approved     → contracted: supply and quality-assurance contracts signed
 *   contracted   → admitted: the customer made with its code, the customer
 *                  service, archive and finance departments told
 *
 * Moving on checks the stage's checklist and names what is missing. A
 * candidate may be dropped with a reason at any stage before admission.
 * The score is Σ score × weight / Σ weight on a 0-10 scale (shown ×10,
 * 0-100), with the weights of the criteria as the company sets them now.
 *
 * Who: candidate.manage works on candidates (its own; a department
 * manager's scope the department's; the customer scope's levels);
 * candidate.criteria sets the criteria's weights. All audited.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/err.h"

struct approval_kind;
struct document_kind;

extern const struct kh_perm candidate_perm_manage;
extern const struct kh_perm candidate_perm_criteria;
extern const struct approval_kind candidate_approval_admit;
extern const struct document_kind candidate_document_kind;

#define CANDIDATE_NAME_MAX 100
#define CANDIDATE_TEXT_MAX 2000
#define CANDIDATE_SHORT_MAX 100
#define CANDIDATE_CRITERIA_MAX 20

struct criterion {
    int64_t id;
    const char *code, *name, *name_en;
    int weight, position;
    int score; /* a candidate's, -1 not scored */
};

struct candidate_step {
    const char *stage;
    int64_t at, by_id;
    const char *by_name, *note;
};

struct candidate {
    int64_t id;
    const char *name, *uscc, *contact, *phone;
    int64_t owner_id;
    const char *owner_name;
    const char *stage;
    const char *history, *profile, *annual_accounts, *catalogue, *talks;
    const char *site_visited_on, *site_team, *site_findings;
    const char *reason, *trading_policy, *goods_amounts, *findings;
    int64_t approval_id;
    const char *approval_state;
    const char *supply_signed_on, *quality_signed_on, *payment_terms;
    int64_t customer_id;
    const char *customer_code;
    const char *drop_reason;
    int64_t created_at, updated_at;
    /* candidate_get: */
    struct criterion *criteria; /* every criterion with this candidate's score */
    int ncriteria;
    int score_x10; /* -1 until every criterion is scored */
    struct candidate_step *steps;
    int nsteps;
};

/* The fields a client sets (NULL: left as they are). */
struct candidate_input {
    const char *name, *uscc, *contact, *phone;
    const char *history, *profile, *annual_accounts, *catalogue, *talks;
    const char *site_visited_on, *site_team, *site_findings;
    const char *reason, *trading_policy, *goods_amounts, *findings;
    const char *supply_signed_on, *quality_signed_on, *payment_terms;
};

/* The next stage after stage, or NULL after the last. */
const char *candidate_next_stage(const char *stage);

KH_NODISCARD enum kh_status candidate_create(const struct kh_ctx *ctx,
                                             const struct candidate_input *in, int64_t *id,
                                             struct kh_err *err);
/* Fields of the stages reached only (a later stage's: CONFLICT naming the field). */
KH_NODISCARD enum kh_status candidate_update(const struct kh_ctx *ctx, int64_t id,
                                             const struct candidate_input *in, struct kh_err *err);
/* Scores by criterion code (0-10 each); n pairs. */
KH_NODISCARD enum kh_status candidate_score(const struct kh_ctx *ctx, int64_t id,
                                            const char *const *codes, const int64_t *scores, int n,
                                            struct kh_err *err);
KH_NODISCARD enum kh_status candidate_get(const struct kh_ctx *ctx, int64_t id,
                                          struct candidate *out, struct kh_err *err);
/*
 * Move on from the current stage after checking its checklist (CONFLICT
 * "stage" naming what is missing). From site the admission application
 * goes to the approvals engine; from contracted the customer is made.
 */
KH_NODISCARD enum kh_status candidate_advance(const struct kh_ctx *ctx, int64_t id,
                                              const char *note, struct kh_err *err);
KH_NODISCARD enum kh_status candidate_drop(const struct kh_ctx *ctx, int64_t id, const char *reason,
                                           struct kh_err *err);
KH_NODISCARD enum kh_status candidate_list(const struct kh_ctx *ctx, const char *stage,
                                           struct candidate **out, int *count, struct kh_err *err);

KH_NODISCARD enum kh_status candidate_criteria(const struct kh_ctx *ctx, struct criterion **out,
                                               int *count, struct kh_err *err);
/* Set the weights (0-100 each, not all 0) by code. */
KH_NODISCARD enum kh_status candidate_criteria_put(const struct kh_ctx *ctx,
                                                   const char *const *codes, const int64_t *weights,
                                                   int n, struct kh_err *err);

#endif
