#include "product/product_store.h"

#include <string.h>

#include "audit/audit_store.h"
#include "core/arena.h"
#include "db/db.h"

#define PRODUCT_COLS                                                                               \
    "SELECT p.id, p.code, p.name, p.model, p.category, p.unit, p.price_fen, p.warranty_months, "   \
    "p.active, p.created_by, coalesce(u.display_name, ''), p.created_at, p.updated_at FROM "       \
    "products p LEFT JOIN users u ON u.id = p.created_by "

static void read_product(struct db_stmt *s, struct arena *a, void *row)
{
    struct product *p = row;
    p->id = db_col_int(s, 0);
    const char **texts[] = {&p->code, &p->name, &p->model, &p->category, &p->unit};
    for (int i = 0; i < 5; i++)
        *texts[i] = arena_strdup(a, db_col_text(s, 1 + i));
    p->price_fen = db_col_int(s, 6);
    p->warranty_months = db_col_int(s, 7);
    p->active = db_col_int(s, 8) != 0;
    p->created_by = db_col_int(s, 9);
    p->created_by_name = arena_strdup(a, db_col_text(s, 10));
    p->created_at = db_col_int(s, 11);
    p->updated_at = db_col_int(s, 12);
}

static const char *detail_of(struct arena *a, const struct product *p)
{
    return arena_printf(a,
                        "code=%s name=%s model=%s category=%s unit=%s price_fen=%lld "
                        "warranty_months=%lld active=%d",
                        p->code, p->name, p->model, p->category, p->unit, (long long)p->price_fen,
                        (long long)p->warranty_months, p->active ? 1 : 0);
}

static void bind_fields(struct db_stmt *s, const struct product *p)
{
    db_bind_text(s, 2, p->code);
    db_bind_text(s, 3, p->name);
    db_bind_text(s, 4, p->model);
    db_bind_text(s, 5, p->category);
    db_bind_text(s, 6, p->unit);
    db_bind_int(s, 7, p->price_fen);
    db_bind_int(s, 8, p->warranty_months);
    db_bind_int(s, 9, p->active ? 1 : 0);
}

static enum kh_status code_taken(struct kh_err *err, const char *code)
{
    return kh_err_setf(err, KH_E_CONFLICT, "code", "产品编码 %s 已被其他产品使用",
                       "product code %s is taken by another product", code, code);
}

struct write_job {
    const struct kh_ctx *ctx;
    const struct product *p;
    const char *changed;
    int64_t id;
};

static enum kh_status insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO products (created_by, code, name, model, category, unit, price_fen, "
           "warranty_months, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
           "$8, $9, $10, $10) ON CONFLICT (code) DO NOTHING RETURNING id");
    db_bind_id(s, 1, j->ctx->actor.user_id);
    bind_fields(s, j->p);
    db_bind_int(s, 10, now);
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st)
        return st;
    if (!j->id)
        return code_taken(err, j->p->code);
    struct audit_event ev = {"product.create", "product", j->id, detail_of(j->ctx->arena, j->p)};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status product_store_insert(const struct kh_ctx *ctx, const struct product *p, int64_t *id,
                                    struct kh_err *err)
{
    struct write_job j = {ctx, p, NULL, 0};
    enum kh_status st = db_write(ctx->db, insert_fn, &j, err);
    *id = st ? 0 : j.id;
    return st;
}

static enum kh_status update_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct write_job *j = arg;
    int64_t now = ctx_now(j->ctx), other = 0;
    struct db_stmt *s = db_prepare(c, "SELECT id FROM products WHERE code = $1 AND id <> $2");
    db_bind_text(s, 1, j->p->code);
    db_bind_int(s, 2, j->p->id);
    enum kh_status st = db_exec_int(s, &other, err);
    if (st)
        return st;
    if (other)
        return code_taken(err, j->p->code);
    s = db_prepare(c, "UPDATE products SET code = $2, name = $3, model = $4, category = $5, unit = "
                      "$6, price_fen = $7, warranty_months = $8, active = $9, updated_at = $10 "
                      "WHERE id = $1 RETURNING id");
    db_bind_int(s, 1, j->p->id);
    bind_fields(s, j->p);
    db_bind_int(s, 10, now);
    if ((st = db_exec_int(s, &j->id, err)))
        return st;
    if (!j->id)
        return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个产品", "no such product");
    const char *detail =
        arena_printf(j->ctx->arena, "changed=%s %s", j->changed, detail_of(j->ctx->arena, j->p));
    struct audit_event ev = {"product.update", "product", j->p->id, detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

enum kh_status product_store_update(const struct kh_ctx *ctx, const struct product *p,
                                    const char *changed, struct kh_err *err)
{
    struct write_job j = {ctx, p, changed, 0};
    return db_write(ctx->db, update_fn, &j, err);
}

static enum kh_status get_one(const struct kh_ctx *ctx, const char *where, int64_t id,
                              const char *code, struct product *out, bool *found,
                              struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, where);
    if (code)
        db_bind_text(s, 1, code);
    else
        db_bind_int(s, 1, id);
    enum db_step_result r = db_step(s, err);
    if (r == DB_ROW)
        read_product(s, ctx->arena, out);
    db_read_end(ctx->db, c);
    *found = r == DB_ROW;
    return r == DB_ERROR ? err->code : KH_OK;
}

enum kh_status product_store_get(const struct kh_ctx *ctx, int64_t id, struct product *out,
                                 struct kh_err *err)
{
    bool found = false;
    enum kh_status st = get_one(ctx, PRODUCT_COLS "WHERE p.id = $1", id, NULL, out, &found, err);
    if (st || found)
        return st;
    return kh_err_set(err, KH_E_NOT_FOUND, "id", "没有这个产品", "no such product");
}

enum kh_status product_store_by_code(const struct kh_ctx *ctx, const char *code,
                                     struct product *out, bool *found, struct kh_err *err)
{
    return get_one(ctx, PRODUCT_COLS "WHERE p.code = $1", 0, code, out, found, err);
}

/*
 * $1 active (2: all), $2 category ("" any), $3 an upper-case LIKE pattern
 * ("" any) on the code, name and model, $4 the code to start after, $5
 * the limit. Walks products_code (products_category with a category) in
 * code order from $4 and stops at the page.
 */
enum kh_status product_store_list(const struct kh_ctx *ctx, const struct product_filter *f,
                                  const char *pattern, const char *after, int limit,
                                  struct product **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, PRODUCT_COLS "WHERE ($1 = 2 OR p.active = $1) AND ($2 = '' OR p.category = $2) AND ($3 "
                        "= '' OR upper(p.code) LIKE $3 ESCAPE '\\' OR upper(p.name) LIKE $3 ESCAPE "
                        "'\\' OR upper(p.model) LIKE $3 ESCAPE '\\') AND p.code > $4 ORDER BY "
                        "p.code LIMIT $5");
    const char *state = f->state ? f->state : "active";
    db_bind_int(s, 1, !strcmp(state, "active") ? 1 : !strcmp(state, "inactive") ? 0 : 2);
    db_bind_text(s, 2, f->category ? f->category : "");
    db_bind_text(s, 3, pattern);
    db_bind_text(s, 4, after);
    db_bind_int(s, 5, limit);
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct product), read_product, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}

static void read_text(struct db_stmt *s, struct arena *a, void *row)
{
    *(const char **)row = arena_strdup(a, db_col_text(s, 0));
}

enum kh_status product_store_categories(const struct kh_ctx *ctx, const char ***out, int *count,
                                        struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, "SELECT DISTINCT category FROM products WHERE category <> "
                                      "'' ORDER BY category LIMIT $1");
    db_bind_int(s, 1, PRODUCT_CATEGORIES_MAX);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, ctx->arena, sizeof(char *), read_text, &rows, err);
    db_read_end(ctx->db, c);
    *out = st ? NULL : rows.items;
    *count = st ? 0 : rows.count;
    return st;
}
