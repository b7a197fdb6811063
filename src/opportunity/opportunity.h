#ifndef KH_OPPORTUNITY_OPPORTUNITY_H
#define KH_OPPORTUNITY_OPPORTUNITY_H

/*
 * Opportunities 商机 and the sales funnel 销售漏斗 (R-DEV-3).
 *
 * An opportunity is a sale being worked on with one customer: a title, an
 * amount in fen, a probability 赢率 (0-100), the stage it is in, the date
 * it should close, the products it is about, a competitor and a next step.
 * Stages are the company's list (opportunity_stages), each with the
 * probability a move to it sets; states are open, won and lost (a close
 * names why; a lost one must). Every stage it is in is an entry of its
 * history with the time it entered and left, so durations per stage are
 * read, not guessed.
 *
 * Who: an opportunity is seen by whoever sees its customer (the one scope
 * filter, customer/customer.h): lists, the board, the funnel and the
 * forecast count only those. opportunity.read reads them; opportunity.manage
 * adds, changes, moves and closes them on customers the user may change;
 * reopening a closed one needs the customer-wide view of a manager
 * (opportunity.configure). The owner 负责人 is the customer's owner when it
 * is added (the adder when the customer has none); an open one follows the
 * customer's owner after that (migration 062), a closed one keeps the owner
 * who closed it. opportunity.configure keeps the stage list.
 *
 * The forecast: per month of the expected close date, the weighted amount
 * round(Σ amount_fen × probability / 100) of the open opportunities, with
 * the amount won (by the month it was won in), per salesperson, team
 * (the owner's department now) or month alone.
 *
 * Every change is audited in its write; reading one opportunity is a read
 * of its customer (part=opportunities).
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

struct customer_ref_kind;
struct document_kind;

extern const struct kh_perm opportunity_perm_read;
extern const struct kh_perm opportunity_perm_manage;
extern const struct kh_perm opportunity_perm_configure;
extern const struct customer_ref_kind opportunity_customer_ref;
extern const struct document_kind opportunity_document_kind;
extern const struct list_spec opportunity_list_spec;
extern const struct list_spec opportunity_board_spec;    /* owner_id, department_id */
extern const struct list_spec opportunity_funnel_spec;   /* and close_from, close_to */
extern const struct list_spec opportunity_forecast_spec; /* owner_id, department_id, by, from, to */

#define OPP_TITLE_MAX 100
#define OPP_TEXT_MAX 200   /* competitor, next step */
#define OPP_NOTES_MAX 2000 /* notes, a close's reason */
#define OPP_AMOUNT_MAX 1000000000000LL
#define OPP_PRODUCTS_MAX 50
#define OPP_QUANTITY_MAX 1000000
#define OPP_STAGE_NAME_MAX 30
#define OPP_STAGES_MAX 30
#define OPP_BOARD_ITEMS 100    /* cards per board column */
#define OPP_FORECAST_MONTHS 24 /* the longest forecast */

struct opp_stage {
    int64_t id;
    const char *name, *name_en;
    int probability, position;
    bool active;
    int64_t open_count;
};

/* A stage's change; NULL texts and -1 numbers are left as they are. */
struct opp_stage_input {
    const char *name, *name_en;
    int64_t probability, position;
    int active; /* -1 not given */
};

struct opp_line {
    int64_t product_id;
    const char *code, *name, *unit; /* read back */
    int64_t quantity, price_fen;    /* price_fen -1 given: the product's */
};

struct opp_step {
    int64_t stage_id;
    const char *stage_name, *stage_name_en;
    const char *state;
    int probability;
    int64_t entered_at, left_at; /* left_at 0: still there */
    int64_t by_id;
    const char *by_name;
};

struct opportunity {
    int64_t id, customer_id;
    const char *customer_code, *customer_name;
    int customer_secrecy;
    const char *title;
    int64_t amount_fen;
    int probability;
    int64_t stage_id;
    const char *stage_name, *stage_name_en;
    const char *state, *expected_close, *competitor, *next_step, *next_step_at, *notes;
    const char *close_reason, *closed_on;
    int64_t closed_at, stage_entered_at;
    int64_t owner_id;
    const char *owner_name;
    int64_t created_by;
    const char *created_by_name;
    int64_t created_at, updated_at;
    /* opportunity_get only: */
    struct opp_line *lines;
    int nlines;
    struct opp_step *history;
    int nhistory;
};

/* What a client gives: NULL texts and -1 numbers are not given (a change leaves them). */
struct opp_input {
    int64_t customer_id; /* a new one only */
    const char *title, *expected_close, *competitor, *next_step, *next_step_at, *notes;
    int64_t amount_fen, probability, stage_id;
    const struct opp_line *lines; /* with has_lines: the lines (replacing a change's) */
    int nlines;
    bool has_lines;
};
#define OPP_INPUT_NONE                                                                             \
    (struct opp_input)                                                                             \
    {                                                                                              \
        .amount_fen = -1, .probability = -1, .stage_id = -1                                        \
    }

struct opp_filter {
    const char *state; /* open (NULL), won, lost, all */
    int64_t stage_id, owner_id, department_id, customer_id;
    const char *q;                     /* part of the title or the customer's name */
    const char *close_from, *close_to; /* YYYY-MM-DD, inclusive */
    const char *by, *from, *to;        /* the forecast's: month|owner|department, YYYY-MM */
};

/* One figure of the funnel or the forecast. */
struct opp_sum {
    int64_t count, amount_fen, weighted_fen, won_fen;
};

struct opp_board_column {
    struct opp_stage stage;
    struct opp_sum sum;
    struct opportunity *items; /* at most OPP_BOARD_ITEMS, in close order */
    int count;
};

struct opp_funnel {
    struct opp_board_column *stages; /* items unused in a funnel */
    int nstages;
    struct opp_sum won, lost, total;
};

struct opp_forecast_row {
    char month[8]; /* YYYY-MM */
    int64_t id;    /* the owner or department (0: by month, or nobody) */
    const char *name;
    struct opp_sum sum;
};

/* ---- stages ---- */

/* The stages in board order (all: the deactivated too), each with its open opportunities' count. */
KH_NODISCARD enum kh_status opp_stage_list(const struct kh_ctx *ctx, bool all,
                                           struct opp_stage **out, int *count, struct kh_err *err);
KH_NODISCARD enum kh_status opp_stage_create(const struct kh_ctx *ctx,
                                             const struct opp_stage_input *in, int64_t *id,
                                             struct kh_err *err);
/* CONFLICT "active" when deactivating one that holds open opportunities. */
KH_NODISCARD enum kh_status opp_stage_update(const struct kh_ctx *ctx, int64_t id,
                                             const struct opp_stage_input *in, struct kh_err *err);
KH_NODISCARD enum kh_status opp_stage_get(const struct kh_ctx *ctx, int64_t id,
                                          struct opp_stage *out, struct kh_err *err);

/* ---- opportunities ---- */

/* Add one (VALIDATION naming the field; the customer must be the actor's to change). */
KH_NODISCARD enum kh_status opportunity_create(const struct kh_ctx *ctx, const struct opp_input *in,
                                               int64_t *id, struct kh_err *err);
/* Change an open one (CONFLICT "state" when closed); a stage move is a history entry. */
KH_NODISCARD enum kh_status opportunity_update(const struct kh_ctx *ctx, int64_t id,
                                               const struct opp_input *in, struct kh_err *err);
/* Close as won or lost (result), with the reason (required for lost). */
KH_NODISCARD enum kh_status opportunity_close(const struct kh_ctx *ctx, int64_t id,
                                              const char *result, const char *reason,
                                              struct kh_err *err);
/* Back to open in the stage it was closed in (its stage's probability). */
KH_NODISCARD enum kh_status opportunity_reopen(const struct kh_ctx *ctx, int64_t id,
                                               struct kh_err *err);
/* One, with its lines and history; NOT_FOUND when absent or its customer not the actor's to see. */
KH_NODISCARD enum kh_status opportunity_get(const struct kh_ctx *ctx, int64_t id,
                                            struct opportunity *out, struct kh_err *err);
/* A page in close-date order; *next the cursor of the next page (NULL: none). */
KH_NODISCARD enum kh_status opportunity_list(const struct kh_ctx *ctx, const struct opp_filter *f,
                                             const struct list_page *page, struct opportunity **out,
                                             int *count, const char **next, struct kh_err *err);
/* The board: each active stage's open opportunities (owner_id, department_id of f apply). */
KH_NODISCARD enum kh_status opportunity_board(const struct kh_ctx *ctx, const struct opp_filter *f,
                                              struct opp_board_column **out, int *count,
                                              struct opp_sum *won, struct opp_sum *lost,
                                              struct kh_err *err);
KH_NODISCARD enum kh_status opportunity_funnel(const struct kh_ctx *ctx, const struct opp_filter *f,
                                               struct opp_funnel *out, struct kh_err *err);
/*
 * The forecast from month f->from to f->to (YYYY-MM, inclusive, at most
 * OPP_FORECAST_MONTHS; by default this month and the 5 after) by f->by
 * ("month", the default, "owner" or "department"); rows in month order,
 * then by id; months with nothing have no row.
 */
KH_NODISCARD enum kh_status opportunity_forecast(const struct kh_ctx *ctx,
                                                 const struct opp_filter *f,
                                                 struct opp_forecast_row **out, int *count,
                                                 struct kh_err *err);

#endif
