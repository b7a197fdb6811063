/* Bulk creation for importers: prepare many records, store them in one transaction. */
#include <stdlib.h>
#include <string.h>

#include "customer/customer_internal.h"
#include "customer/customer_json.h"

struct customer_bulk {
    const struct kh_ctx *ctx;
    struct customer_defs defs;
    struct owner_memo owner;
    int64_t import_batch; /* staged: the pending batch new records belong to */
    int64_t branch_id;    /* the branch whose code was looked up last */
    char branch_code[16];
};

struct customer_new {
    struct customer c;
    struct customer_key *keys;
    int nkeys;
    struct search_doc doc;
    const char *tags, *templates, *custom;
    const char *code_scope; /* a kept code's sequence scope, or NULL */
    int64_t code_seq;
};

struct customer_batch {
    struct customer_store_batch *sb;
    struct customer_bulk *bk;
};

enum kh_status customer_bulk_open(const struct kh_ctx *ctx, struct customer_bulk **out,
                                  struct kh_err *err)
{
    *out = NULL;
    if (!ctx_can(ctx, &customer_perm_create))
        return kh_err_set(err, KH_E_FORBIDDEN, "", "没有登记客户的权限",
                          "not allowed to create customers");
    struct customer_bulk *bk = arena_alloc(ctx->arena, sizeof(*bk));
    bk->ctx = ctx;
    bk->owner = (struct owner_memo){0};
    bk->import_batch = 0;
    enum kh_status st = customer__defs_load(ctx, &bk->defs, err);
    if (!st)
        *out = bk;
    return st;
}

/*
 * A code an import brings is kept when the rule could have given it to this
 * record (its branch's part included) and no record has it: a company
 * moving its archive keeps its codes.
 */
static enum kh_status check_code(struct customer_bulk *bk, const struct kh_ctx *row_ctx,
                                 const char *code, struct customer_new *n, struct kh_err *err)
{
    const struct numbering_rule *rule = &bk->defs.rule;
    bool taken = false;
    enum kh_status st = customer_store_code_taken(row_ctx, code, &taken, err);
    if (st)
        return st;
    if (taken)
        return kh_err_setf(err, KH_E_CONFLICT, "code", "编号 %s 已被其他客户使用",
                           "code %s is already taken by another customer", code, code);
    if (n->c.branch_id != bk->branch_id) {
        /* The reader thread alone prepares rows: the memo needs no lock. */
        st = customer_store_branch_code(row_ctx, n->c.branch_id, bk->branch_code,
                                        sizeof(bk->branch_code), err);
        if (st)
            return st;
        bk->branch_id = n->c.branch_id;
    }
    char scope[64];
    int64_t seq = 0;
    if (!customer_code_parse(rule, bk->branch_code, code, scope, sizeof(scope), &seq)) {
        char example[64];
        customer_code_format(ctx_tz(row_ctx), rule, bk->branch_code, ctx_now(row_ctx), 1, example,
                             sizeof(example));
        return kh_err_setf(err, KH_E_VALIDATION, "code", "编号「%s」不符合编号规则（应形如 %s）",
                           "code \"%s\" does not fit the numbering rule (expected like %s)", code,
                           example, code, example);
    }
    n->c.code = arena_strdup(row_ctx->arena, code);
    n->code_scope = arena_strdup(row_ctx->arena, scope);
    n->code_seq = seq;
    return KH_OK;
}

enum kh_status customer_bulk_prepare(struct customer_bulk *bk, const struct kh_ctx *row_ctx,
                                     const struct customer_input *in, struct customer_new **out,
                                     struct kh_err *err)
{
    *out = NULL;
    struct customer_new *n = arena_alloc(row_ctx->arena, sizeof(*n));
    enum kh_status st = customer__prepare_new(row_ctx, &bk->defs, &bk->owner, in, &n->c, err);
    if (st)
        return st;
    n->c.code = "";
    if (in->code && *in->code && (st = check_code(bk, row_ctx, in->code, n, err)))
        return st;
    customer__keys(row_ctx, &n->c, &n->keys, &n->nkeys);
    customer__search_doc(row_ctx, &n->c, &n->doc);
    struct arena *a = row_ctx->arena;
    n->tags = customer__arena_text(a, customer_json_strings_encode(n->c.tags, n->c.ntags));
    n->templates =
        customer__arena_text(a, customer_json_strings_encode(n->c.templates, n->c.ntemplates));
    n->custom = customer__arena_text(a, customer_json_custom_encode(n->c.custom, n->c.ncustom));
    *out = n;
    return KH_OK;
}

int customer_new_keys(const struct customer_new *n, const char **out, int cap, struct arena *a)
{
    int k = 0;
    for (int i = 0; i < n->nkeys && k < cap; i++)
        out[k++] = arena_printf(a, "%s:%s", n->keys[i].kind, n->keys[i].value);
    return k;
}

enum kh_status customer_bulk_find_duplicate(const struct kh_ctx *row_ctx,
                                            const struct customer_new *n, struct customer_dup *hit,
                                            struct kh_err *err)
{
    memset(hit, 0, sizeof(*hit));
    enum kh_status st = customer_store_find_key(row_ctx, n->keys, n->nkeys,
                                                customer_clearance(&row_ctx->actor), hit, err);
    if (st == KH_E_CONFLICT && hit->id)
        return customer_dup_error(hit, err);
    return st;
}

struct run_arg {
    struct customer_bulk *bk;
    customer_batch_fn *fn;
    void *arg;
};

static enum kh_status run_fn(struct customer_store_batch *sb, void *arg, struct kh_err *err)
{
    struct run_arg *ra = arg;
    struct customer_batch b = {sb, ra->bk};
    return ra->fn(&b, ra->arg, err);
}

enum kh_status customer_bulk_run(struct customer_bulk *bk, customer_batch_fn *fn, void *arg,
                                 struct kh_err *err)
{
    struct run_arg ra = {bk, fn, arg};
    return customer_store_batch_run(bk->ctx, bk->import_batch, run_fn, &ra, err);
}

enum kh_status customer_bulk_stage(struct customer_bulk *bk, int64_t job_id, struct kh_err *err)
{
    return customer_store_stage_open(bk->ctx, job_id, &bk->import_batch, err);
}

enum kh_status customer_bulk_publish(struct customer_bulk *bk, const char *action,
                                     const char *detail, struct kh_err *err)
{
    return customer_store_stage_publish(bk->ctx, bk->import_batch, action, detail, err);
}

enum kh_status customer_bulk_published(const struct kh_ctx *ctx, int64_t job_id, bool *found,
                                       int64_t *rows, struct kh_err *err)
{
    return customer_store_stage_published(ctx, job_id, found, rows, err);
}

enum kh_status customer_bulk_discard(struct customer_bulk *bk, struct kh_err *err)
{
    return bk->import_batch ? customer_store_stage_discard(bk->ctx, bk->import_batch, err) : KH_OK;
}

enum kh_status customer_batch_insert(struct customer_batch *b, const struct kh_ctx *row_ctx,
                                     struct customer_new *n, int64_t *id_out,
                                     struct customer_dup *hit, struct kh_err *err)
{
    struct customer_write w = {.c = &n->c,
                               .tags_json = n->tags,
                               .templates_json = n->templates,
                               .custom_json = n->custom,
                               .keys = n->keys,
                               .nkeys = n->nkeys,
                               .doc = &n->doc,
                               .rule = &b->bk->defs.rule,
                               .clearance = customer_clearance(&row_ctx->actor),
                               .code_scope = n->code_scope,
                               .code_seq = n->code_seq};
    enum kh_status st = customer_store_batch_insert(b->sb, row_ctx, &w, id_out, err);
    if (st == KH_E_CONFLICT && w.hit.id) {
        *hit = w.hit;
        return customer_dup_error(hit, err);
    }
    return st;
}

enum kh_status customer_batch_update_own(struct customer_batch *b, const struct kh_ctx *row_ctx,
                                         int64_t id, const struct customer_input *in,
                                         struct kh_err *err)
{
    struct customer_write w;
    enum kh_status st = customer__prepare_update(row_ctx, &b->bk->defs, id, in, true, &w, err);
    if (st || w.unchanged) /* a row that changes nothing stores nothing (no version, history) */
        return st;
    st = customer_store_batch_update(b->sb, row_ctx, &w, err);
    if (st == KH_E_CONFLICT && w.hit.id)
        st = customer_dup_error(&w.hit, err);
    return st;
}

enum kh_status customer_batch_contact(struct customer_batch *b, const struct kh_ctx *row_ctx,
                                      int64_t customer_id, const struct contact *c,
                                      struct kh_err *err)
{
    struct contact stored = *c;
    enum kh_status st = customer__validate_contact(row_ctx->arena, &stored, err);
    return st ? st : customer_store_batch_contact(b->sb, row_ctx, customer_id, &stored, err);
}

enum kh_status customer_batch_row(struct customer_batch *b, int what, struct kh_err *err)
{
    return customer_store_batch_mark(b->sb, what, err);
}

bool customer_batch_wanted(const struct customer_batch *b)
{
    return customer_store_batch_wanted(b->sb);
}

enum kh_status customer_batch_audit(struct customer_batch *b, const char *action,
                                    const char *detail, struct kh_err *err)
{
    return customer_store_batch_audit(b->sb, action, detail, err);
}

const char *customer__arena_text(struct arena *a, char *malloced)
{
    const char *s = arena_strdup(a, malloced);
    free(malloced);
    return s;
}
