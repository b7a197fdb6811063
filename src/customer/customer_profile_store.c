/* Contacts, custom field definitions, templates and owners: their SQL. */
#include <stdio.h>
#include <string.h>

#include "audit/audit_store.h"
#include "core/mem.h"
#include "customer/customer_json.h"
#include "customer/customer_store.h"
#include "db/db.h"
#include "vault/vault.h"

#define CONTACT_COLS                                                                               \
    "id, customer_id, name, relation, position, is_decision_maker, mobile, email, birthday, "      \
    "interests, notes"

static void read_contact(struct db_stmt *s, struct arena *a, void *row)
{
    struct contact *c = row;
    c->id = db_col_int(s, 0);
    c->customer_id = db_col_int(s, 1);
    c->name = arena_strdup(a, db_col_text(s, 2));
    c->relation = arena_strdup(a, db_col_text(s, 3));
    c->position = arena_strdup(a, db_col_text(s, 4));
    c->is_decision_maker = db_col_int(s, 5) != 0;
    c->mobile = vault_unseal(a, "contacts.mobile", arena_strdup(a, db_col_text(s, 6)));
    c->email = arena_strdup(a, db_col_text(s, 7));
    c->birthday = vault_unseal(a, "contacts.birthday", arena_strdup(a, db_col_text(s, 8)));
    c->interests = vault_unseal(a, "contacts.interests", arena_strdup(a, db_col_text(s, 9)));
    c->notes = vault_unseal(a, "contacts.notes", arena_strdup(a, db_col_text(s, 10)));
}

enum kh_status customer_store_contacts_on(struct db_conn *c, struct arena *a, int64_t customer_id,
                                          struct contact **out, int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_stmt *s =
        db_prepare(c, "SELECT " CONTACT_COLS " FROM contacts WHERE customer_id = $1 ORDER BY id");
    db_bind_int(s, 1, customer_id);
    struct db_rows rows;
    enum kh_status st = db_rows_collect(s, a, sizeof(struct contact), read_contact, &rows, err);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

enum kh_status customer_store_contacts(const struct kh_ctx *ctx, int64_t customer_id,
                                       struct contact **out, int *count, struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    enum kh_status st = customer_store_contacts_on(c, ctx->arena, customer_id, out, count, err);
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status customer_store_contact_get(const struct kh_ctx *ctx, int64_t customer_id,
                                          int64_t contact_id, struct contact *out,
                                          struct kh_err *err)
{
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT " CONTACT_COLS " FROM contacts WHERE customer_id = $1 AND id = $2");
    db_bind_int(s, 1, customer_id);
    db_bind_int(s, 2, contact_id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW)
        read_contact(s, ctx->arena, out);
    else
        st = r == DB_ERROR
                 ? err->code
                 : kh_err_set(err, KH_E_NOT_FOUND, "", "联系人不存在", "contact not found");
    db_read_end(ctx->db, c);
    return st;
}

struct contact_job {
    const struct kh_ctx *ctx;
    int64_t customer_id;
    const struct contact *c;
    int64_t id;
};

static enum kh_status contact_save_on(struct db_conn *c, struct contact_job *j, bool audit,
                                      struct kh_err *err)
{
    const struct contact *in = j->c;
    int64_t now = ctx_now(j->ctx);
    struct db_stmt *s;
    if (in->id) {
        s = db_prepare(c, "UPDATE contacts SET name = $3, relation = $4, position = $5, "
                          "is_decision_maker = $6, mobile = $7, email = $8, birthday = $9, "
                          "interests = $10, notes = $11, updated_at = $12 "
                          "WHERE id = $2 AND customer_id = $1");
        db_bind_int(s, 2, in->id);
    } else {
        s = db_prepare(c, "INSERT INTO contacts (customer_id, name, relation, position, "
                          "is_decision_maker, mobile, email, birthday, interests, notes, "
                          "created_at, updated_at) "
                          "VALUES ($1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
                          "RETURNING id");
    }
    db_bind_int(s, 1, j->customer_id);
    db_bind_text(s, 3, in->name);
    db_bind_text(s, 4, in->relation);
    db_bind_text(s, 5, in->position);
    db_bind_int(s, 6, in->is_decision_maker);
    db_bind_text(s, 7, vault_seal(j->ctx->arena, "contacts.mobile", in->mobile));
    db_bind_text(s, 8, in->email);
    db_bind_text(s, 9, vault_seal(j->ctx->arena, "contacts.birthday", in->birthday));
    db_bind_text(s, 10, vault_seal(j->ctx->arena, "contacts.interests", in->interests));
    db_bind_text(s, 11, vault_seal(j->ctx->arena, "contacts.notes", in->notes));
    db_bind_int(s, 12, now);
    int64_t id = in->id;
    enum kh_status st = in->id ? db_exec_stmt(s, err) : db_exec_int(s, &id, err);
    if (st)
        return st;
    j->id = id;
    if (!audit)
        return KH_OK;
    char detail[200];
    snprintf(detail, sizeof(detail), "contact=%lld", (long long)j->id);
    struct audit_event ev = {in->id ? "customer.contact_update" : "customer.contact_add",
                             "customer", j->customer_id, detail};
    return audit_store_append(c, &j->ctx->actor, now, &ev, err);
}

static enum kh_status contact_save_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    return contact_save_on(c, arg, true, err);
}

enum kh_status customer_store_batch_contact(struct customer_store_batch *b,
                                            const struct kh_ctx *row_ctx, int64_t customer_id,
                                            const struct contact *c, struct kh_err *err)
{
    struct contact_job j = {row_ctx, customer_id, c, 0};
    return contact_save_on(b->conn, &j, false, err);
}

enum kh_status customer_store_contact_save(const struct kh_ctx *ctx, int64_t customer_id,
                                           const struct contact *c, int64_t *id_out,
                                           struct kh_err *err)
{
    struct contact_job j = {ctx, customer_id, c, 0};
    enum kh_status st = db_write(ctx->db, contact_save_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

static enum kh_status contact_delete_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct contact_job *j = arg;
    struct db_stmt *s = db_prepare(c, "DELETE FROM contacts WHERE id = $2 AND customer_id = $1");
    db_bind_int(s, 1, j->customer_id);
    db_bind_int(s, 2, j->id);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "联系人不存在", "contact not found");
    char detail[64];
    snprintf(detail, sizeof(detail), "contact=%lld", (long long)j->id);
    struct audit_event ev = {"customer.contact_delete", "customer", j->customer_id, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_contact_delete(const struct kh_ctx *ctx, int64_t customer_id,
                                             int64_t contact_id, struct kh_err *err)
{
    struct contact_job j = {ctx, customer_id, NULL, contact_id};
    return db_write(ctx->db, contact_delete_fn, &j, err);
}

/* ---- custom fields and templates ---- */

void *customer_store_slot(const struct kh_ctx *ctx, const struct db_slot_key *key)
{
    return db_slot(ctx->db, key);
}

static void read_field(struct db_stmt *s, struct arena *a, void *row)
{
    struct custom_field *f = row;
    f->id = db_col_int(s, 0);
    f->key = arena_strdup(a, db_col_text(s, 1));
    f->label_zh = arena_strdup(a, db_col_text(s, 2));
    f->label_en = arena_strdup(a, db_col_text(s, 3));
    f->type = arena_strdup(a, db_col_text(s, 4));
    customer_json_strings_decode(a, db_col_text(s, 5), &f->options, &f->noptions);
    f->required = db_col_int(s, 6) != 0;
    f->template_code = arena_strdup(a, db_col_text(s, 7));
    f->position = (int)db_col_int(s, 8);
    f->retired = db_col_int(s, 9) != 0;
    f->sensitive = db_col_int(s, 10) != 0;
}

enum kh_status customer_store_fields(const struct kh_ctx *ctx, struct custom_field **out,
                                     int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, "SELECT f.id, f.key, f.label_zh, f.label_en, f.type, f.options, f.required, "
                      "f.template, f.position, f.retired, f.sensitive FROM custom_fields f "
                      "JOIN profile_templates t ON t.code = f.template "
                      "ORDER BY t.position, f.template, f.position, f.id");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct custom_field), read_field, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

struct def_job {
    const struct kh_ctx *ctx;
    const struct custom_field *f;
    const char *options;
    const struct profile_template *t;
    int64_t id;
};

struct field_update_job {
    const struct kh_ctx *ctx;
    int64_t id;
    const struct custom_field_change *in;
    const char *options; /* JSON, or NULL */
    const char *detail;
};

static enum kh_status field_update_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct field_update_job *j = arg;
    const struct custom_field_change *in = j->in;
    struct db_stmt *s =
        db_prepare(c, "UPDATE custom_fields SET label_zh = coalesce($2, label_zh), "
                      "label_en = coalesce($3, label_en), options = coalesce($4, options), "
                      "required = CASE WHEN $5 < 0 THEN required ELSE $5 END, "
                      "position = CASE WHEN $6 < 0 THEN position ELSE $6 END, "
                      "retired = CASE WHEN $7 < 0 THEN retired ELSE $7 END, "
                      "sensitive = CASE WHEN $8 < 0 THEN sensitive ELSE $8 END WHERE id = $1");
    db_bind_int(s, 1, j->id);
    db_bind_text(s, 2, in->label_zh);
    db_bind_text(s, 3, in->label_en);
    db_bind_text(s, 4, j->options);
    db_bind_int(s, 5, in->required);
    db_bind_int(s, 6, in->position);
    db_bind_int(s, 7, in->retired);
    db_bind_int(s, 8, in->sensitive);
    enum kh_status st = db_exec_stmt(s, err);
    if (st)
        return st;
    if (db_changes(c) == 0)
        return kh_err_set(err, KH_E_NOT_FOUND, "", "自定义字段不存在", "no such custom field");
    struct audit_event ev = {"settings.custom_field_update", "custom_field", j->id, j->detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_field_update(const struct kh_ctx *ctx, int64_t id,
                                           const struct custom_field_change *in,
                                           const char *options, const char *detail,
                                           struct kh_err *err)
{
    struct field_update_job j = {ctx, id, in, options, detail};
    return db_write(ctx->db, field_update_fn, &j, err);
}

static enum kh_status field_insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct def_job *j = arg;
    struct db_stmt *s = db_prepare(
        c,
        "INSERT INTO custom_fields (key, label_zh, label_en, type, options, required, template, "
        "position, sensitive) VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(position), "
        "0) + 1 FROM custom_fields WHERE template = $7), $8) RETURNING id");
    db_bind_text(s, 1, j->f->key);
    db_bind_text(s, 2, j->f->label_zh);
    db_bind_text(s, 3, j->f->label_en);
    db_bind_text(s, 4, j->f->type);
    db_bind_text(s, 5, j->options);
    db_bind_int(s, 6, j->f->required);
    db_bind_text(s, 7, j->f->template_code);
    db_bind_int(s, 8, j->f->sensitive || !strcmp(j->f->type, "phone"));
    enum kh_status st = db_exec_int(s, &j->id, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, "key", "字段键已存在", "field key already exists");
    if (st == KH_E_VALIDATION)
        return kh_err_set(err, KH_E_VALIDATION, "template", "模板不存在", "unknown template");
    if (st)
        return st;
    struct audit_event ev = {"settings.custom_field_create", "custom_field", j->id, j->f->key};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_field_insert(const struct kh_ctx *ctx, const struct custom_field *f,
                                           const char *options_json, int64_t *id_out,
                                           struct kh_err *err)
{
    struct def_job j = {.ctx = ctx, .f = f, .options = options_json};
    enum kh_status st = db_write(ctx->db, field_insert_fn, &j, err);
    *id_out = st ? 0 : j.id;
    return st;
}

static void read_template(struct db_stmt *s, struct arena *a, void *row)
{
    struct profile_template *t = row;
    t->code = arena_strdup(a, db_col_text(s, 0));
    t->name_zh = arena_strdup(a, db_col_text(s, 1));
    t->name_en = arena_strdup(a, db_col_text(s, 2));
}

enum kh_status customer_store_templates(const struct kh_ctx *ctx, struct profile_template **out,
                                        int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(
        c, "SELECT code, name_zh, name_en FROM profile_templates ORDER BY position, code");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct profile_template), read_template, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}

/* The template's own row, placed last; KH_E_CONFLICT when its code is taken. */
static enum kh_status template_row_insert(struct db_conn *c, const struct profile_template *t,
                                          struct kh_err *err)
{
    struct db_stmt *s = db_prepare(
        c, "INSERT INTO profile_templates (code, name_zh, name_en, position) VALUES ($1, $2, $3, "
           "(SELECT coalesce(max(position), 0) + 1 FROM profile_templates))");
    db_bind_text(s, 1, t->code);
    db_bind_text(s, 2, t->name_zh);
    db_bind_text(s, 3, t->name_en);
    return db_exec_stmt(s, err);
}

static enum kh_status template_insert_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct def_job *j = arg;
    enum kh_status st = template_row_insert(c, j->t, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, "code", "模板代码已存在",
                          "template code already exists");
    if (st)
        return st;
    struct audit_event ev = {"settings.template_create", "profile_template", 0, j->t->code};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_template_insert(const struct kh_ctx *ctx,
                                              const struct profile_template *t, struct kh_err *err)
{
    struct def_job j = {.ctx = ctx, .t = t};
    return db_write(ctx->db, template_insert_fn, &j, err);
}

struct import_job {
    const struct kh_ctx *ctx;
    const struct profile_template *t;
    const struct custom_field *fields;
    const char *const *options;
    int n;
    int bad;
};

static enum kh_status template_import_fn(struct db_conn *c, void *arg, struct kh_err *err)
{
    struct import_job *j = arg;
    enum kh_status st = template_row_insert(c, j->t, err);
    if (st == KH_E_CONFLICT)
        return kh_err_set(err, KH_E_CONFLICT, "code", "模板代码已存在，请换一个代码导入",
                          "template code already exists: import it under another code");
    for (int i = 0; !st && i < j->n; i++) {
        const struct custom_field *f = &j->fields[i];
        struct db_stmt *s =
            db_prepare(c, "INSERT INTO custom_fields (key, label_zh, label_en, type, options, "
                          "required, template, position, sensitive) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        db_bind_text(s, 1, f->key);
        db_bind_text(s, 2, f->label_zh);
        db_bind_text(s, 3, f->label_en);
        db_bind_text(s, 4, f->type);
        db_bind_text(s, 5, j->options[i]);
        db_bind_int(s, 6, f->required);
        db_bind_text(s, 7, j->t->code);
        db_bind_int(s, 8, i + 1);
        db_bind_int(s, 9, f->sensitive || !strcmp(f->type, "phone"));
        if ((st = db_exec_stmt(s, err)))
            j->bad = i;
        if (st == KH_E_CONFLICT)
            return kh_err_set(err, KH_E_CONFLICT, "key", "字段键已被其他模板使用",
                              "field key already used by another template");
    }
    if (st)
        return st;
    char detail[128];
    snprintf(detail, sizeof(detail), "%s fields=%d", j->t->code, j->n);
    struct audit_event ev = {"settings.template_import", "profile_template", 0, detail};
    return audit_store_append(c, &j->ctx->actor, ctx_now(j->ctx), &ev, err);
}

enum kh_status customer_store_template_import(const struct kh_ctx *ctx,
                                              const struct profile_template *t,
                                              const struct custom_field *fields,
                                              const char *const *options_json, int nfields,
                                              int *bad, struct kh_err *err)
{
    struct import_job j = {ctx, t, fields, options_json, nfields, -1};
    enum kh_status st = db_write(ctx->db, template_import_fn, &j, err);
    *bad = st ? j.bad : -1;
    return st;
}

/* ---- users as owners ---- */

#define OWNER_USER_SELECT                                                                          \
    "SELECT u.id, u.username, u.display_name, u.role, coalesce(u.department_id, 0), "              \
    "coalesce(u.branch_id, 0), u.active, coalesce(r.scopes, ''), coalesce(u.clearance + 1, 0) "    \
    "FROM users u "                                                                                \
    "LEFT JOIN roles r ON r.code = u.role "

static void read_owner_user(struct db_stmt *s, struct arena *a, void *row)
{
    struct owner_user *u = row;
    u->id = db_col_int(s, 0);
    u->username = arena_strdup(a, db_col_text(s, 1));
    u->name = arena_strdup(a, db_col_text(s, 2));
    u->role = arena_strdup(a, db_col_text(s, 3));
    u->department_id = db_col_int(s, 4);
    u->branch_id = db_col_int(s, 5);
    u->active = db_col_int(s, 6) != 0;
    u->scopes = arena_strdup(a, db_col_text(s, 7));
    u->clearance = (int)db_col_int(s, 8);
}

enum kh_status customer_store_user(const struct kh_ctx *ctx, int64_t user_id,
                                   struct owner_user *out, struct kh_err *err)
{
    memset(out, 0, sizeof(*out));
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s = db_prepare(c, OWNER_USER_SELECT "WHERE u.id = $1");
    db_bind_int(s, 1, user_id);
    enum db_step_result r = db_step(s, err);
    enum kh_status st = KH_OK;
    if (r == DB_ROW) {
        read_owner_user(s, ctx->arena, out);
    } else {
        st = r == DB_ERROR
                 ? err->code
                 : kh_err_set(err, KH_E_VALIDATION, "owner_id", "用户不存在", "unknown user");
    }
    db_read_end(ctx->db, c);
    return st;
}

enum kh_status customer_store_active_users(const struct kh_ctx *ctx, struct owner_user **out,
                                           int *count, struct kh_err *err)
{
    *out = NULL;
    *count = 0;
    struct db_conn *c = db_read_begin(ctx->db);
    struct db_stmt *s =
        db_prepare(c, OWNER_USER_SELECT "WHERE u.active = 1 ORDER BY u.display_name, u.id");
    struct db_rows rows;
    enum kh_status st =
        db_rows_collect(s, ctx->arena, sizeof(struct owner_user), read_owner_user, &rows, err);
    db_read_end(ctx->db, c);
    if (st)
        return st;
    *out = rows.items;
    *count = rows.count;
    return KH_OK;
}
