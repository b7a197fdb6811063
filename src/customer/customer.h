#ifndef KH_CUSTOMER_CUSTOMER_H
#define KH_CUSTOMER_CUSTOMER_H

/*
 * The customer archive (R-ARC-*, R-OWN-1/2/5, R-SEC-1): records with their
 * classifications, contacts, custom profile values, duplicates refusal,
 * ownership and its history, field history, visibility and search.
 *
 * Visibility: customer_scope_of() is the one place that decides which
 * customers an actor may see; every list, read and change goes through it.
 */

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "app/list.h"
#include "core/err.h"

/* ---- permissions, scope and audit actions (registered in app/capabilities.c) ---- */

extern const struct kh_perm customer_perm_create;
extern const struct kh_perm customer_perm_update;
extern const struct kh_perm customer_perm_grade;
extern const struct kh_perm customer_perm_transfer;
extern const struct kh_perm customer_perm_archive;
extern const struct kh_perm customer_perm_profile_manage;
extern const struct kh_perm customer_perm_unmask;
extern const struct kh_perm customer_perm_merge;

#define CUSTOMER_MAX_TAGS 20
/* Which customers a role sees (R-SEC-1). */
extern const struct kh_scope_kind customer_scope_kind;
extern const struct kh_perm *const customer_perms[];
extern const struct kh_scope_kind *const customer_scopes[];
extern const struct kh_audit_action customer_audit_actions[];

/* ---- choices (struct kh_choice, app/list.h: value + zh-CN + English label), ending with {0} ----
 */

enum {
    KH_CHOICE_KINDS,
    KH_CHOICE_CATEGORIES,
    KH_CHOICE_GRADES,
    KH_CHOICE_VALUE_TIERS,
    KH_CHOICE_STAGES,
    KH_CHOICE_ACTIVITY,
    KH_CHOICE_SOURCES,
    KH_CHOICE_INDUSTRIES,
    KH_CHOICE_CREDIT,
    KH_CHOICE_GENDERS,
    KH_CHOICE_RELATIONS,
    KH_CHOICE_RETENTION,
    KH_CHOICE_CHANNELS,
    KH_CHOICE_SET_COUNT
};

/* Choice set i and its name in the API ("kinds", "grades", ...). */
const struct kh_choice *customer_choice_set(int i, const char **name);

/* ---- custom profile values ---- */

enum cv_kind { CV_NULL, CV_STRING, CV_NUMBER, CV_BOOL, CV_LIST };

struct custom_value {
    const char *key;
    enum cv_kind kind;
    const char *s;      /* CV_STRING */
    double n;           /* CV_NUMBER */
    bool b;             /* CV_BOOL */
    const char **items; /* CV_LIST of strings */
    int nitems;
};

struct custom_field {
    int64_t id;
    const char *key;
    const char *label_zh;
    const char *label_en;
    const char *type; /* text number date choice multi_choice bool phone money */
    const char **options;
    int noptions;
    bool required;
    const char *template_code;
    int position;
    bool retired;   /* hidden from forms and not required; values kept */
    bool sensitive; /* health or family details, a phone: kept out of the search index */
};

/* A change of a custom field: NULL / -1 leave a part unchanged. */
struct custom_field_change {
    const char *label_zh;
    const char *label_en;
    const char **options; /* choice fields only; NULL: unchanged */
    int noptions;
    int required;  /* -1, 0, 1 */
    int position;  /* -1, or the place among its template's fields */
    int retired;   /* -1, 0 (in use again), 1 (retired) */
    int sensitive; /* -1, 0, 1 (kept out of the search index; the index is rebuilt by a job) */
};

struct profile_template {
    const char *code;
    const char *name_zh;
    const char *name_en;
};

/* ---- the record ---- */

struct customer {
    int64_t id;
    const char *code;
    const char *kind, *name, *gender, *birthday;
    const char *mobile, *phone_office, *phone_home, *email;
    int province_code, city_code, district_code;
    const char *region_name;
    const char *address, *company, *company_address, *position;
    const char *id_number, *uscc, *credit_status;
    const char *category, *grade, *value_tier, *stage, *activity, *industry, *source;
    const char **tags;
    int ntags;
    const char *notes;
    int64_t owner_id, collector_id, branch_id, department_id, created_by;
    const char *owner_name, *collector_name, *branch_name;
    const char **templates;
    int ntemplates;
    struct custom_value *custom;
    int ncustom;
    bool archived;
    int secrecy; /* SECRECY_* (secrecy/secrecy.h) */
    /* Read through an access request's grant (R-SEC-3): the request and its end; 0 otherwise. */
    int64_t grant_request, grant_ends;
    /* Phones and ID number shown masked (R-SEC-13): the reader may not unmask. */
    bool masked;
    /* Read through a branch's sharing rule (R-OWN-6): its id on a single read, -1 in lists; 0 not.
     */
    int64_t shared_rule;
    /* The record this duplicate was merged into (R-ARC-8); 0: not merged. */
    int64_t merged_into;
    /* When it was archived, and when it falls due for destruction (R-SEC-7); 0: not. */
    int64_t archived_at, destroy_due_at;
    /*
     * R-ARC-10: the day the information was collected (YYYY-MM-DD), and
     * whether it was entered after the entry deadline (entry_deadline_working_days).
     */
    const char *collected_on;
    bool entry_late;
    const char *preferred_channel; /* "" or KH_CHOICE_CHANNELS (R-INT-6) */
    int64_t created_at, updated_at, version;
    struct contact *contacts; /* customer_get, and lists with_profile */
    int ncontacts;
};

/*
 * Input for create and update: NULL strings and negative numbers mean "not
 * given" (update leaves the field as it is; create uses the default). Region
 * codes are "not given" only as CUSTOMER_CODE_UNSET: any other negative code
 * is a client's, and refused.
 */
#define CUSTOMER_CODE_UNSET INT64_MIN
struct customer_input {
    /*
     * Bulk create only (imports): a code to keep instead of numbering the
     * record; it must fit the numbering rule and be free. NULL: numbered.
     */
    const char *code;
    const char *kind, *name, *gender, *birthday;
    const char *mobile, *phone_office, *phone_home, *email;
    int64_t province_code, city_code, district_code; /* CUSTOMER_CODE_UNSET: not given */
    const char *address, *company, *company_address, *position;
    const char *id_number, *uscc, *credit_status;
    const char *category, *grade, *value_tier, *stage, *industry, *source;
    bool tags_set;
    const char **tags;
    int ntags;
    const char *notes;
    const char *collected_on, *preferred_channel;
    int64_t owner_id;  /* -1: not given */
    int64_t branch_id; /* -1: not given */
    /* create only: who collected the record (-1: the acting user); giving another needs what
     * giving an owner needs */
    int64_t collector_id;
    bool templates_set;
    const char **templates;
    int ntemplates;
    bool custom_set; /* merge: keys given replace, CV_NULL removes */
    struct custom_value *custom;
    int ncustom;
    int secrecy;     /* -1: not given */
    int64_t version; /* -1: no optimistic check */
};

void customer_input_init(struct customer_input *in);

struct contact {
    int64_t id;
    int64_t customer_id;
    const char *name, *relation, *position;
    bool is_decision_maker;
    const char *mobile, *email, *birthday, *interests, *notes;
};

/* The existing record a duplicate points at (R-ARC-8). */
struct customer_dup {
    int64_t id;
    char code[48];
    int64_t owner_id;
    char owner_name[128];
    char match[24]; /* phone, id_number, uscc, name_company */
};

/* ---- visibility ---- */

struct customer_scope {
    enum kh_scope scope;
    int64_t user_id;
    int64_t department_id;
    int clearance; /* the highest secrecy level read (R-SEC-2) */
};

struct customer_scope customer_scope_of(const struct kh_actor *actor);
bool customer_scope_allows(const struct customer_scope *s, int64_t owner_id, int64_t department_id,
                           int secrecy);
/*
 * A customer row visible to no one until its import is published (a
 * published or no import: visible), as SQL over the row aliased c.
 */
#define CUSTOMER_VISIBLE                                                                           \
    "(c.import_batch = 0 OR EXISTS (SELECT 1 FROM import_batches ib "                              \
    "WHERE ib.id = c.import_batch AND ib.state = 'published')) "

/*
 * The one scope filter as SQL, for every list of customers and of what is
 * attached to them (opportunities, orders ...): whether the customer row
 * aliased c is in the scope S (a parameter bound to customer_scope_param)
 * of user U in department D, with clearance CL (parameters too, as "$n"
 * literals). A department sees the customers of the people in it now (and
 * those of nobody tagged with it): the owner's current department decides,
 * so a move between departments takes the customers along without
 * rewriting them. Managers (the department scope) also read what another
 * branch shares with theirs (R-OWN-6); "department_reach" is their scope
 * without those, for what copies records (exports). CUSTOMER_VISIBLE holds.
 */
#define CUSTOMER_SCOPE_SQL(S, U, D, CL)                                                            \
    "(" S " = 'all' OR (" S " = 'own' AND c.owner_id = " U ") OR (" S " IN ('department', "        \
    "'department_reach') AND (c.owner_id = " U " OR c.owner_id IN (SELECT du.id FROM users du "    \
    "WHERE du.department_id = " D ") OR (c.owner_id IS NULL AND c.department_id = " D "))) OR "    \
    "(" S " = 'department' AND EXISTS (SELECT 1 FROM branch_shares bs JOIN users su ON su.id = " U \
    " WHERE bs.to_branch_id = su.branch_id AND bs.from_branch_id = c.branch_id AND "               \
    "bs.revoked_at = 0 AND (bs.grade = '' OR bs.grade = c.grade)))) AND c.secrecy <= " CL          \
    " AND " CUSTOMER_VISIBLE

/* What CUSTOMER_SCOPE_SQL's S is bound to ("none", "own", "department", "all"; reach: without
 * what other branches share). */
const char *customer_scope_param(const struct customer_scope *s, bool reach);

/*
 * The highest secrecy level the actor reads: their own clearance, else
 * their role's (a role that sees every customer: top secret; any other:
 * normal, so "all non-secret" means what it says).
 */
int customer_clearance(const struct kh_actor *actor);

/* ---- read grants (R-SEC-3): an approved access request's time-boxed reads ---- */

struct db_conn;
struct holding_kind;

struct customer_grant {
    int64_t request_id, customer_id;
    const char *code, *name;
    int secrecy;
    int64_t starts_at, ends_at;
};

/*
 * A customer named in an access request, whatever the requester sees: its
 * id from the id or the code given, its code and level. KH_E_VALIDATION on
 * field when there is no such customer; *visible when the actor already
 * reads it without a grant.
 */
KH_NODISCARD enum kh_status customer_grant_target(const struct kh_ctx *ctx, int64_t id,
                                                  const char *code, const char *field,
                                                  int64_t *id_out, const char **code_out,
                                                  int *secrecy, bool *visible, struct kh_err *err);
/* In the write that approves request_id: user_id reads ids[0 .. n) from now until ends. */
KH_NODISCARD enum kh_status customer_grants_add_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                   int64_t request_id, int64_t user_id,
                                                   const int64_t *ids, int n, int64_t ends,
                                                   struct kh_err *err);
/* The actor's grants in force now, soonest ending first. */
KH_NODISCARD enum kh_status customer_grants_mine(const struct kh_ctx *ctx,
                                                 struct customer_grant **out, int *count,
                                                 struct kh_err *err);

/*
 * "Who saw this" (issue 12 item 12): the record's audit trail (reads,
 * refused and granted reads with their request, changes), newest first, and
 * every grant of it. For the auditor and the GM (audit.read), the custodian
 * of the record's level, and managers who see the record (a department
 * scope or wider); anyone else: not found.
 */
/* The access request a read of the trail was made through (its detail "request=N"), or 0. */
int64_t customer_log_request(const char *detail);
/* Whether the actor may see who used customer id (as customer_access_log decides); NOT_FOUND if
 * not. */
KH_NODISCARD enum kh_status customer_access_log_check(const struct kh_ctx *ctx, int64_t id,
                                                      struct kh_err *err);
struct customer_grant_of {
    int64_t request_id, user_id;
    const char *user_name;
    int64_t starts_at, ends_at;
};
struct audit_page;
KH_NODISCARD enum kh_status customer_access_log(const struct kh_ctx *ctx, int64_t id,
                                                const char *cursor, int limit,
                                                struct audit_page *out,
                                                struct customer_grant_of **grants, int *ngrants,
                                                struct kh_err *err);

/* ---- operations (each checks permission and scope, each change audited) ---- */

/*
 * answer (may be NULL): the record as stored, for the answer to the
 * request, read in the create's own transaction, so a kept change is never
 * answered with an error (DECISIONS §46). The caller supplied the data a
 * moment ago and customer.create records it: the read adds no
 * "customer.read" entry.
 */
KH_NODISCARD enum kh_status customer_create(const struct kh_ctx *ctx,
                                            const struct customer_input *in, int64_t *id_out,
                                            struct customer *answer, struct kh_err *err);
/*
 * How another page names a customer it refers to (the audit log's targets):
 * its code and name when the acting user may see it (the customer scope),
 * else *visible is false and nothing is told, not even whether it exists.
 * Not audited as a read: it tells no more than the list shows the user.
 * code and name are in ctx->arena.
 */
KH_NODISCARD enum kh_status customer_describe(const struct kh_ctx *ctx, int64_t id, bool *visible,
                                              const char **code, const char **name,
                                              struct kh_err *err);
/*
 * A customer as the capabilities that attach records to it see it
 * (interactions, tasks). customer_open: the record if the actor may work on
 * it (write: in scope and clearance) or read it (also through a read grant
 * in force, audited as such); else NOT_FOUND, as every refusal answers, and
 * the refusal audited. Strings in ctx's arena.
 */
struct customer_brief {
    int64_t id, owner_id, department_id;
    int secrecy;
    const char *code, *name, *owner_name;
    bool archived;
};
KH_NODISCARD enum kh_status customer_open(const struct kh_ctx *ctx, int64_t id, bool write,
                                          struct customer_brief *out, struct kh_err *err);
/* The same, the customer named by its code (imports): NOT_FOUND when no such code, or not visible.
 */
KH_NODISCARD enum kh_status customer_open_code(const struct kh_ctx *ctx, const char *code,
                                               bool write, struct customer_brief *out,
                                               struct kh_err *err);
/* Whether user user_id (active) sees c by their role's scope and clearance: who may be given work
 * on it. */
KH_NODISCARD enum kh_status customer_user_sees(const struct kh_ctx *ctx,
                                               const struct customer_brief *c, int64_t user_id,
                                               bool *sees, struct kh_err *err);
/*
 * A random sample (callback lists, R-INT-5): up to n (1 .. 500) ids of the
 * customers f selects among those the actor sees, archived ones left out
 * unless f asks for them, further narrowed by what their interactions say
 * (by; every member zero: nothing). KH_E_VALIDATION "filter.q": a sample is
 * drawn from a segment's fields, not from a search.
 */
#define CUSTOMER_SAMPLE_MAX 500
struct customer_filter;
struct customer_sample_by {
    int64_t not_since;    /* > 0: no interaction logged from then on (rarely contacted) */
    int max_satisfaction; /* > 0: the latest interaction rated from rated_since on (satisfaction
                             1-5) is rated at most this (low satisfaction) */
    int64_t rated_since;
    bool needs_service; /* the latest interaction says the customer needs further service */
};
KH_NODISCARD enum kh_status customer_sample(const struct kh_ctx *ctx,
                                            const struct customer_filter *f, int n,
                                            const struct customer_sample_by *by, int64_t **ids,
                                            int *count, struct kh_err *err);
/*
 * A walk through a segment (communication plans, R-INT-9): the active
 * customers f selects among those the actor sees (the list's one scope and
 * filters; f's archived, retention and q are not used: a segment is its
 * fields), after id `after` in id order, at most n (1 .. CUSTOMER_WALK_MAX):
 * their ids and owners (0: none) into out (caller storage of n rows).
 */
#define CUSTOMER_WALK_MAX 1000
struct customer_walk_row {
    int64_t id, owner_id;
};
KH_NODISCARD enum kh_status customer_walk(const struct kh_ctx *ctx, const struct customer_filter *f,
                                          int64_t after, int n, struct customer_walk_row *out,
                                          int *count, struct kh_err *err);
/* Audited read ("customer.read"); a refused read is audited too and answers NOT_FOUND. */
KH_NODISCARD enum kh_status customer_get(const struct kh_ctx *ctx, int64_t id, struct customer *out,
                                         struct kh_err *err);
/*
 * answer (may be NULL): the record as updated, with its contacts, read in
 * the update's transaction and audited there as a read (a PATCH without
 * changes must not become an unaudited way to read a record).
 * An owner's change to a key field of an A-grade customer (R-ARC-12) is
 * not made: it is submitted for the manager's confirmation, *pending gets
 * the approval request's id, and answer is left unfilled.
 */
KH_NODISCARD enum kh_status customer_update(const struct kh_ctx *ctx, int64_t id,
                                            const struct customer_input *in,
                                            struct customer *answer, int64_t *pending,
                                            struct kh_err *err);
/* The approval kind and setting of verified updates (R-ARC-12, customer_confirm.c). */
extern const struct approval_kind customer_approval_key_change;
extern const struct kh_setting customer_setting_confirm_a_grade;
extern const struct kh_setting customer_setting_entry_deadline;
KH_NODISCARD enum kh_status customer_set_archived(const struct kh_ctx *ctx, int64_t id,
                                                  bool archived, struct kh_err *err);
KH_NODISCARD enum kh_status customer_transfer(const struct kh_ctx *ctx, int64_t id,
                                              int64_t new_owner, const char *reason,
                                              struct kh_err *err);

/* A user as a possible owner of customers. */
struct owner_user {
    int64_t id, department_id, branch_id;
    const char *username, *name, *role;
    const char *scopes; /* the role's kind:level pairs ("customers:own") */
    bool active;
    int clearance; /* as kh_actor.clearance: 0 the role's, else level + 1 */
};

/* At most this many customers in one bulk transfer, or one question for targets. */
#define CUSTOMER_TRANSFER_MAX 200
/*
 * Transfer the customers ids[0..n) to new_owner in one transaction, or none
 * of them: the caller must hold customer.transfer and see every customer
 * (NOT_FOUND "ids" naming the first one they do not), the new owner must be
 * one customer_transfer accepts. A customer new_owner already owns is left
 * as it is (counted in *unchanged); duplicate ids count once. VALIDATION
 * "ids" for an empty list, more than CUSTOMER_TRANSFER_MAX ids or an id that
 * is not positive; VALIDATION "owner_id" when new_owner owns them all.
 */
KH_NODISCARD enum kh_status customer_transfer_many(const struct kh_ctx *ctx, const int64_t *ids,
                                                   int n, int64_t new_owner, const char *reason,
                                                   int *transferred, int *unchanged,
                                                   struct kh_err *err);
/*
 * The users customer_transfer_many would accept as the new owner of the
 * customers ids[0..n) (exactly: the same rule decides), by name. Same
 * refusals as customer_transfer_many for the caller and the ids.
 */
KH_NODISCARD enum kh_status customer_transfer_targets(const struct kh_ctx *ctx, const int64_t *ids,
                                                      int n, struct owner_user **out, int *count,
                                                      struct kh_err *err);

/*
 * A balanced distribution of unowned customers (R-OWN-3): the manager
 * (customer.transfer) names the customers (each seen, without an owner:
 * marketing's, old records, the pool's) and the people with an ability
 * weight each (1 .. 1000; 100 the usual, more for the able, less for new
 * staff still learning). Each customer goes to whom it leaves least loaded
 * per weight: (customers owned + given + 1) / weight, the lower load, then
 * the lower id breaking ties; so after it, owned / weight differs between
 * two people by at most one customer of the heavier weight. The manager
 * adjusts the proposal and confirms it in one step: customer_distribute,
 * all in one write or none. VALIDATION "ids" for a customer with an owner,
 * "members" for an empty team or a bad weight, "owner_id" as a transfer.
 */
#define CUSTOMER_DISTRIBUTION_MEMBERS 100
struct distribution_member {
    int64_t user_id;
    int weight;
};
struct distribution_load {
    int64_t user_id;
    const char *name;
    int weight;
    int64_t before, given;
};
struct distribution_item {
    int64_t customer_id, user_id;
};
KH_NODISCARD enum kh_status
customer_distribution_propose(const struct kh_ctx *ctx, const int64_t *ids, int n,
                              const struct distribution_member *members, int nmembers,
                              struct distribution_item **items, struct distribution_load **loads,
                              struct kh_err *err);
KH_NODISCARD enum kh_status customer_distribute(const struct kh_ctx *ctx,
                                                const struct distribution_item *items, int n,
                                                const char *reason, int *transferred,
                                                struct kh_err *err);

/* SORT_NEWEST: by record id (newest first when descending); the default for searches. */
enum customer_sort { SORT_CREATED, SORT_UPDATED, SORT_NAME, SORT_CODE, SORT_GRADE, SORT_NEWEST };

/*
 * The customer list's filter. customer_list_spec (customer_filter.c) names
 * its keys, types and checks for every source: the query string of
 * GET /api/v1/customers, the export's "filter" object, `kehu export --key value`
 * (app/list.h parses all three).
 */
struct customer_filter {
    const char *q;
    const char *kind, *category, *grade, *value_tier, *stage, *industry, *source, *credit_status;
    const char *tag;
    int64_t owner_id, branch_id;
    int64_t province_code, city_code, district_code;
    int64_t created_from, created_to, updated_from, updated_to; /* 0: open */
    int archived;   /* 0 only active, 1 only archived, 2 all */
    int unowned;    /* 1: only customers without an owner (the pool, leads to distribute) */
    int entry_late; /* 1: only records entered after the entry deadline (R-ARC-10) */
    /* Only records in the actor's own reach, not those another branch shares (exports: R-OWN-6). */
    bool own_reach;
    enum customer_sort sort;
    bool desc;
    int limit;
    const char *cursor;
    /* "due": only archived customers due for destruction now (R-SEC-7); NULL: any. */
    const char *retention;
    int64_t destroy_due_by; /* set from retention by customer_list */
    bool with_total;        /* count the matches too (customer_page.total) */
    bool with_profile;      /* items carry their templates, custom values and contacts (exports) */
};

extern const struct list_spec customer_list_spec;

struct customer_page {
    struct customer *items;
    int count;
    const char *next_cursor; /* NULL on the last page */
    struct list_total total; /* when the filter asked with_total */
    /* A search while imported customers wait for the search index (they may be missing). */
    bool search_building;
};

/*
 * A page of the customers the actor may see that match f, in f's order,
 * after f->cursor (a next_cursor of the same order; another one is refused
 * as KH_E_INVALID "cursor"). KH_E_INVALID "limit" outside 1..200, "q" for
 * search text over 400 bytes or not UTF-8.
 */
KH_NODISCARD enum kh_status customer_list(const struct kh_ctx *ctx, const struct customer_filter *f,
                                          struct customer_page *out, struct kh_err *err);

/* The reason stored with a customer's first owner (shown in the reader's language). */
#define CUSTOMER_OWNER_CREATED "创建客户 / created"

struct owner_change {
    int64_t from_id, to_id, by_id;
    const char *from_name, *to_name, *by_name, *reason;
    int64_t at;
    bool created; /* the first owner, given when the customer was created (reason: none) */
};

struct field_change {
    const char *field, *old_value, *new_value;
    int64_t by_id;
    const char *by_name;
    int64_t at;
};

KH_NODISCARD enum kh_status customer_owner_history(const struct kh_ctx *ctx, int64_t id,
                                                   struct owner_change **out, int *count,
                                                   struct kh_err *err);
KH_NODISCARD enum kh_status customer_field_history(const struct kh_ctx *ctx, int64_t id,
                                                   struct field_change **out, int *count,
                                                   struct kh_err *err);

/* ---- merging duplicates (R-ARC-8, customer_merge.c) ---- */

struct customer_merge_input {
    int64_t duplicate_id; /* merged into the survivor, then archived */
    const char *reason;
    /* Fields whose value comes from the duplicate (customer_merge_field); the survivor's other
     * values stay, and its empty ones take the duplicate's. */
    const char **take;
    int ntake;
    int64_t version; /* the survivor's version the merger saw; -1: no check */
};

/* True for a field a merger may take from the duplicate ("region" names the three codes). */
bool customer_merge_field(const char *field);
/*
 * Merge the duplicate into customer id (needs customer.merge; both visible,
 * of one kind and one secrecy level, neither merged before): its contacts,
 * owner and field history, tags, templates, custom values the survivor
 * lacks and every record another capability keeps about it move to the
 * survivor, in one write audited as customer.merge (and customer.merged on
 * the duplicate). answer (may be NULL): the survivor as stored.
 */
KH_NODISCARD enum kh_status customer_merge(const struct kh_ctx *ctx, int64_t id,
                                           const struct customer_merge_input *mi,
                                           struct customer *answer, struct kh_err *err);

/* ---- masking (R-SEC-13, customer_mask.c) ---- */

/*
 * Phones and ID numbers reach a user without customer.unmask masked
 * (138****8000) on every path: get, list and search, contacts, field
 * history, exports. A masked value sent back unchanged (an edit form, an
 * edited export) leaves the stored value as it is; any other masked value
 * is refused.
 */
bool customer_may_unmask(const struct kh_ctx *ctx);
/* The masked fields: a customer's, and a contact's (contact_id set). */
bool customer_mask_field(const char *field, bool contact);
/*
 * One field of one record in full, for a user who may read the record:
 * field is mobile, phone_office, phone_home or id_number, or with contact_id
 * a contact's mobile. Audited as "customer.unmask" (with the field), like a
 * read: the customer's "who saw this" lists it. *value in ctx's arena.
 */
KH_NODISCARD enum kh_status customer_reveal(const struct kh_ctx *ctx, int64_t id, const char *field,
                                            int64_t contact_id, const char **value,
                                            struct kh_err *err);

/* ---- contacts ---- */

KH_NODISCARD enum kh_status customer_contacts(const struct kh_ctx *ctx, int64_t customer_id,
                                              struct contact **out, int *count, struct kh_err *err);
/*
 * contact->id is ignored on create; on update, NULL fields are left
 * unchanged. saved (may be NULL): the contact as written, for the answer
 * (exactly the values stored: no read after the write).
 */
KH_NODISCARD enum kh_status customer_contact_save(const struct kh_ctx *ctx, int64_t customer_id,
                                                  int64_t contact_id, const struct contact *in,
                                                  int is_decision_maker, int64_t *id_out,
                                                  struct contact *saved, struct kh_err *err);
KH_NODISCARD enum kh_status customer_contact_delete(const struct kh_ctx *ctx, int64_t customer_id,
                                                    int64_t contact_id, struct kh_err *err);

/* ---- bulk creation (importers) ---- */

struct customer_bulk;  /* definitions loaded once for many records */
struct customer_new;   /* a validated record ready to store */
struct customer_batch; /* one write transaction */

/* Needs customer.create. Lives in ctx->arena. */
KH_NODISCARD enum kh_status customer_bulk_open(const struct kh_ctx *ctx, struct customer_bulk **out,
                                               struct kh_err *err);
/*
 * Validate in exactly as customer_create does (fields, custom values,
 * grade permission, owner) without writing; *out lives in row_ctx->arena.
 */
KH_NODISCARD enum kh_status customer_bulk_prepare(struct customer_bulk *bk,
                                                  const struct kh_ctx *row_ctx,
                                                  const struct customer_input *in,
                                                  struct customer_new **out, struct kh_err *err);
/* A load of at least this many search documents merges the index after it (seconds a million). */
#define CUSTOMER_BULK_OPTIMIZE_AFTER 10000
/* The record's normalised identifying keys as "kind:value" strings; returns how many. */
int customer_new_keys(const struct customer_new *n, const char **out, int cap, struct arena *a);
/* Read-only duplicate check (dry runs): KH_E_CONFLICT with hit and a message. */
KH_NODISCARD enum kh_status customer_bulk_find_duplicate(const struct kh_ctx *row_ctx,
                                                         const struct customer_new *n,
                                                         struct customer_dup *hit,
                                                         struct kh_err *err);
/* The conflict message for a duplicate (as customer_create gives it). */
enum kh_status customer_dup_error(const struct customer_dup *hit, struct kh_err *err);

typedef enum kh_status customer_batch_fn(struct customer_batch *b, void *arg, struct kh_err *err);
/*
 * Run fn in one write transaction on the writer thread: everything fn adds
 * commits together, or nothing does when fn fails. fn must not call other
 * writing functions (they would wait for this very transaction).
 */
KH_NODISCARD enum kh_status customer_bulk_run(struct customer_bulk *bk, customer_batch_fn *fn,
                                              void *arg, struct kh_err *err);
/*
 * Staged bulk creation, for an all-or-nothing import that must not hold the
 * writer for its whole file: after customer_bulk_stage, every record that
 * customer_bulk_run's batches insert is stored but seen by no read (not by
 * lists, search, get, exports) while each batch commits on its own, so
 * other writes and logins go on between batches. customer_bulk_publish
 * then makes them all visible in one short write, with one audit entry
 * (action, detail); customer_bulk_discard deletes them instead. job_id
 * names the job: staging again for the same job (a run after a restart)
 * discards what its earlier run left.
 */
KH_NODISCARD enum kh_status customer_bulk_stage(struct customer_bulk *bk, int64_t job_id,
                                                struct kh_err *err);
KH_NODISCARD enum kh_status customer_bulk_publish(struct customer_bulk *bk, const char *action,
                                                  const char *detail, struct kh_err *err);
KH_NODISCARD enum kh_status customer_bulk_discard(struct customer_bulk *bk, struct kh_err *err);
/*
 * Whether the staged import of job job_id was published already (*found):
 * a run of the job cut short after its publishing write (a kill, a lost
 * outcome) must report it, not import again. *rows: the customers it made
 * visible.
 */
KH_NODISCARD enum kh_status customer_bulk_published(const struct kh_ctx *ctx, int64_t job_id,
                                                    bool *found, int64_t *rows, struct kh_err *err);
/* Insert: KH_E_CONFLICT with hit on a duplicate (nothing written for it). */
KH_NODISCARD enum kh_status customer_batch_insert(struct customer_batch *b,
                                                  const struct kh_ctx *row_ctx,
                                                  struct customer_new *n, int64_t *id_out,
                                                  struct customer_dup *hit, struct kh_err *err);
/*
 * Update customer id, which must be visible to and owned by the actor, from
 * in; values equal to the stored ones store nothing (KH_OK).
 */
KH_NODISCARD enum kh_status customer_batch_update_own(struct customer_batch *b,
                                                      const struct kh_ctx *row_ctx, int64_t id,
                                                      const struct customer_input *in,
                                                      struct kh_err *err);
/* Add a contact to a customer of this batch (validated). */
KH_NODISCARD enum kh_status customer_batch_contact(struct customer_batch *b,
                                                   const struct kh_ctx *row_ctx,
                                                   int64_t customer_id, const struct contact *c,
                                                   struct kh_err *err);
/* Row savepoints: begin (0), keep (1), undo (2). */
KH_NODISCARD enum kh_status customer_batch_row(struct customer_batch *b, int what,
                                               struct kh_err *err);
/*
 * True when another write (a login, a save) waits for this batch: a batch
 * that may end at any row ends there, and the waiting write runs next.
 */
bool customer_batch_wanted(const struct customer_batch *b);
/* One audit entry for the batch (e.g. "customer.import", "rows=990 file=…"). */
KH_NODISCARD enum kh_status customer_batch_audit(struct customer_batch *b, const char *action,
                                                 const char *detail, struct kh_err *err);

/*
 * Validate a contact's fields (all non-NULL) as customer_contact_save does,
 * reporting every failing field (err->fields, in a) and bringing the phone
 * to its stored form (phone_canonical, copied into a).
 */
KH_NODISCARD enum kh_status customer_contact_check(struct arena *a, struct contact *c,
                                                   struct kh_err *err);

/*
 * Re-tokenize every customer's search row when the tokens' format changed
 * (setting search_reindex = 1, set by a migration). Called at start.
 */
KH_NODISCARD enum kh_status customer_search_upgrade(const struct kh_ctx *ctx, struct kh_err *err);

/*
 * Bring every customer's and contact's stored phones to their one form
 * (phone_canonical) once (setting phone_canonical = 1, set by a migration).
 * A value that is not a phone number keeps its text and is logged with its
 * row and field. Called at start.
 */
KH_NODISCARD enum kh_status customer_phone_upgrade(const struct kh_ctx *ctx, struct kh_err *err);

/* ---- profile definitions and numbering ---- */

KH_NODISCARD enum kh_status customer_fields(const struct kh_ctx *ctx, struct custom_field **out,
                                            int *count, struct kh_err *err);
KH_NODISCARD enum kh_status customer_field_create(const struct kh_ctx *ctx,
                                                  const struct custom_field *in, int64_t *id_out,
                                                  struct kh_err *err);
/*
 * Edit a custom field's labels, options, required flag and place, or retire
 * it (hidden from forms, no longer required, values kept) and bring it back.
 * The key, type and template stay. Needs profile.manage or settings.manage;
 * 404 for an unknown id; 422 naming the field at fault. Audited as
 * "settings.custom_field_update" with what changed. Marking a field
 * sensitive or not (a phone field always is) rebuilds the search index in a
 * job of customer_reindex_job_kind: *reindex_job gets its id, else 0.
 */
KH_NODISCARD enum kh_status customer_field_update(const struct kh_ctx *ctx, int64_t id,
                                                  const struct custom_field_change *in,
                                                  int64_t *reindex_job, struct kh_err *err);
/* Rebuild every customer's search document (progress: customers done of all). */
struct job_kind;
extern const struct job_kind customer_reindex_job_kind;

/*
 * Imports and the search index (DECISIONS §157): an import stores its
 * customers' search documents in a backlog, in the transactions that store
 * the customers, so they are in the archive (get, lists, filters,
 * duplicates) at its commit and in search once the backlog is moved into
 * the index. customer_search_catch_up moves every waiting document, in
 * short writes that yield to other writes; run (may be NULL) shows it as
 * the job's "indexing" phase with its progress, progress (may be NULL) is
 * called after each write with documents done of total. A server's stop
 * ends it early (KH_OK): what is left waits for the next. *moved: how many
 * this call moved; *empty: whether none waited at its last write. Once they are in, every customer
 * is found; customer_search_merge(moved) then merges the index after a large load (seconds per
 * million) so that searches stay fast.
 */
struct job_run;
KH_NODISCARD enum kh_status
customer_search_catch_up(const struct kh_ctx *ctx, struct job_run *run,
                         void (*progress)(void *arg, int64_t done, int64_t total), void *arg,
                         int64_t *moved, bool *empty, struct kh_err *err);
void customer_search_merge(const struct kh_ctx *ctx, int64_t moved);
/*
 * The job that moves what waits (an import whose `kehu import --no-wait`
 * returned at its commit, or whose own catch-up was cut short): queued each
 * minute while documents wait.
 */
extern const struct job_kind customer_search_backlog_kind;
extern const struct job_task customer_search_backlog_task;
KH_NODISCARD enum kh_status customer_templates(const struct kh_ctx *ctx,
                                               struct profile_template **out, int *count,
                                               struct kh_err *err);
KH_NODISCARD enum kh_status customer_template_create(const struct kh_ctx *ctx,
                                                     const struct profile_template *in,
                                                     struct kh_err *err);

/*
 * A template and its fields, for a template file (GET
 * /api/v1/profile-templates/:code/export): *fields point into ctx's arena,
 * in their order on the form. NOT_FOUND (field "code") for an unknown code.
 */
KH_NODISCARD enum kh_status customer_template_export(const struct kh_ctx *ctx, const char *code,
                                                     struct profile_template *t,
                                                     struct custom_field **fields, int *nfields,
                                                     struct kh_err *err);
/* At most this many fields in an imported template. */
#define CUSTOMER_TEMPLATE_FIELDS_MAX 200
/*
 * Create template t with its fields (their template_code is ignored) in one
 * transaction, audited once: all or nothing. Needs settings.manage or
 * profile.manage. VALIDATION names the field of the file ("code",
 * "fields[3].type"); CONFLICT "code" when the template code exists, and
 * "fields[i].key" when a field key is in use (keys are unique across
 * templates).
 */
KH_NODISCARD enum kh_status customer_template_import(const struct kh_ctx *ctx,
                                                     const struct profile_template *t,
                                                     const struct custom_field *fields, int nfields,
                                                     struct kh_err *err);

struct numbering_rule {
    char prefix[16];
    char date_part[16]; /* none yyyy yyyymm yyyymmdd */
    int digits;
    bool per_branch;
};

KH_NODISCARD enum kh_status customer_numbering_get(const struct kh_ctx *ctx,
                                                   struct numbering_rule *out, struct kh_err *err);
KH_NODISCARD enum kh_status customer_numbering_set(const struct kh_ctx *ctx,
                                                   const struct numbering_rule *in,
                                                   struct kh_err *err);
/* The code for sequence number seq, dated in zone tz (pure; exposed for tests). */
void customer_code_format(const struct kh_tz *tz, const struct numbering_rule *rule,
                          const char *branch_code, int64_t now, int64_t seq, char *out, size_t cap);
/*
 * Whether code is one the rule could have given a record of the branch
 * branch_code ("" without one): its prefix, branch part, a real date of the
 * rule's date part and at least rule->digits digits, as customer_code_format
 * writes them. On true, scope gets the sequence scope the code counts in and
 * *seq its number (pure; exposed for tests).
 */
bool customer_code_parse(const struct numbering_rule *rule, const char *branch_code,
                         const char *code, char *scope, size_t cap, int64_t *seq);
/* The sequence scope a code counts in ("KH|SH|202601"). */
void customer_code_scope(const struct kh_tz *tz, const struct numbering_rule *rule,
                         const char *branch_code, int64_t now, char *out, size_t cap);

/*
 * The content check of a backup (R-SEC-12): every customer record decodes
 * (text valid UTF-8, JSON columns parse). KH_E_INVALID (field "file")
 * naming the first record and column that do not. No permission: it runs
 * on a copy being verified, as the system.
 */
KH_NODISCARD enum kh_status customer_check_records(const struct kh_ctx *ctx, struct kh_err *err);

/* The customers a user owns, as a holding handed over when they leave (R-SEC-8). */
extern const struct holding_kind customer_holding;

/* ---- destruction (R-SEC-7; the retention capability decides when and who) ---- */

/* What the destruction register keeps of a destroyed customer: no personal data. */
struct customer_destroyed {
    const char *code, *category, *stage;
    int secrecy;
    int64_t archived_at;
};
/*
 * In the write of an approved destruction: wipe archived customer id —
 * its row, contacts, keys, owner and field history, tags, grants, search
 * document, what registered capabilities keep of it (customer_ref forget),
 * and its name from approval summaries (their secrets cleared). The
 * bytes are made unreadable from the files later (db_wipe_free, by the
 * retention capability's wipe job). KH_E_NOT_FOUND for no such customer,
 * KH_E_CONFLICT for one not archived. out: what the register keeps.
 */
KH_NODISCARD enum kh_status customer_destroy_on(struct db_conn *c, const struct kh_ctx *ctx,
                                                int64_t id, struct customer_destroyed *out,
                                                struct kh_err *err);
/*
 * A customer named in a destruction request, as its requester sees it:
 * KH_E_VALIDATION on field for one that does not exist or is out of the
 * requester's sight, or is not archived.
 */
KH_NODISCARD enum kh_status customer_destroy_target(const struct kh_ctx *ctx, int64_t id,
                                                    const char *field, struct customer *out,
                                                    struct kh_err *err);
/* After the retention rules changed, in their write: every archived customer's due date. */
KH_NODISCARD enum kh_status customer_retention_recompute_on(struct db_conn *c, struct kh_err *err);

/* Compact the search index (after destructions: the deleted documents' terms leave it). */
KH_NODISCARD enum kh_status customer_search_compact(const struct kh_ctx *ctx, struct kh_err *err);

#endif
