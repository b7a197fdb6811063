#ifndef KH_APP_REGISTRY_H
#define KH_APP_REGISTRY_H

/*
 * The table of capabilities and what it declares. A capability (customer
 * archive, import, audit, accounts ...) is its folder plus one entry in
 * src/app/capabilities.c: a struct capability naming its routes, named
 * permissions, scopes (which records of it a role sees), audit actions with
 * their zh-CN/English labels, background job kinds, periodic tasks, kinds
 * of approval request and the
 * numbers an administrator may change (settings). `kehu serve`
 * routes requests from it, roles and actors parse permission and scope
 * names through it, GET /api/v1/capabilities serves it to the web UI.
 *
 * The registry is built once, on first use, from constant tables, and never
 * changes afterwards: it is immutable configuration, safe to read from any
 * thread without locks.
 *
 * Permissions and scopes are objects, not bits: a capability defines
 *   const struct kh_perm customer_perm_create = {"customer.create", "新建客户", "Create
 * customers"}; declares it in its header, lists it in its registration, and checks it with
 *   ctx_can(ctx, &customer_perm_create)
 * A permission that no registered capability lists is a programming error:
 * ctx_can on it aborts (every test that reaches the check finds it).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct route;
struct job_kind;
struct job_task;
struct approval_kind;
struct holding_kind;
struct customer_ref_kind;
struct vault_table;
struct document_kind;
struct table_import;

/* A named permission ("customer.create"), granted to roles. */
struct kh_perm {
    const char *name;
    const char *label_zh;
    const char *label_en;
};

/*
 * A kind of record whose visibility a role's scope decides ("customers";
 * later "tickets", "complaints" ...). Each role has one level per kind:
 * none, own, department, all_nonsecret, all (enum kh_scope in app/ctx.h).
 */
struct kh_scope_kind {
    const char *name;
    const char *label_zh;
    const char *label_en;
};

/* An audit action ("customer.read") and how the audit log names it. */
struct kh_audit_action {
    const char *action;
    const char *label_zh;
    const char *label_en;
};

/*
 * A number of the capability's rules that an administrator may change
 * (settings/settings.h reads and writes it): how long a session lasts, how
 * many failed logins lock an account, how long a file is kept. The
 * default applies until it is changed; a value outside [min, max] is
 * refused. Like permissions, a setting is an object: read it with
 * settings_int(ctx, &account_setting_session_hours, ...).
 */
struct kh_setting {
    const char *key; /* "session_hours": its name in the settings table and the API */
    int64_t def, min, max;
    const char *unit_zh, *unit_en; /* "小时", "hours" */
    const char *label_zh, *label_en;
};

#define CAPABILITY_MAX_ROUTE_TABLES 4

struct capability {
    const char *name; /* "customers" */
    const char *label_zh;
    const char *label_en;
    /* Route tables ({0}-terminated each), NULL after the last. */
    const struct route *routes[CAPABILITY_MAX_ROUTE_TABLES];
    const struct kh_perm *const *perms;          /* NULL-terminated, may be NULL */
    const struct kh_scope_kind *const *scopes;   /* NULL-terminated, may be NULL */
    const struct kh_audit_action *audit_actions; /* {0}-terminated, may be NULL */
    const struct job_kind *const *job_kinds;     /* NULL-terminated, may be NULL */
    const struct job_task *const *tasks;         /* periodic tasks, NULL-terminated */
    const struct kh_setting *const *settings;    /* NULL-terminated, may be NULL */
    /* Kinds of approval request (approval/approval.h), NULL-terminated, may be NULL. */
    const struct approval_kind *const *approval_kinds;
    /* What a user holds and hands over when leaving (app/holding.h), NULL-terminated, may be NULL.
     */
    const struct holding_kind *const *holdings;
    /* What refers to a customer and moves with it on a merge (app/customer_ref.h), may be NULL. */
    const struct customer_ref_kind *const *customer_refs;
    /* Its tables with sealed columns (vault/vault.h), NULL-terminated, may be NULL. */
    const struct vault_table *const *sealed;
    /* The records files are attached to (documents/documents.h), NULL-terminated, may be NULL. */
    const struct document_kind *const *document_kinds;
    /*
     * Its imports of one kind of record per sheet row (import/import.h),
     * NULL-terminated, may be NULL: holding the right of one lets a user
     * upload a file (POST /api/v1/imports/files) for it.
     */
    const struct table_import *const *table_imports;
};

/* Upper bounds of the actor's permission bitset and scope array (checked at build). */
#define KH_PERM_WORDS 8 /* 512 permissions */
#define KH_SCOPE_KINDS_MAX 32

/* Every registered capability, in table order. */
const struct capability *const *registry_capabilities(size_t *count);

/* Index of a registered permission (aborts on an unregistered one). */
int registry_perm_index(const struct kh_perm *p);
/* A permission by name, or NULL. */
const struct kh_perm *registry_perm_find(const char *name);
size_t registry_perm_count(void);
/* Permission number i (0 <= i < registry_perm_count()), in registration order. */
const struct kh_perm *registry_perm_at(size_t i);

int registry_scope_index(const struct kh_scope_kind *k);
const struct kh_scope_kind *registry_scope_find(const char *name);
size_t registry_scope_count(void);
const struct kh_scope_kind *registry_scope_at(size_t i);

/* The registered audit action of that name, or NULL. */
const struct kh_audit_action *registry_audit_action(const char *action);

/* The registered job kind of that name, or NULL. */
const struct job_kind *registry_job_kind(const char *name);
/* The registered setting of that key, or NULL. */
const struct kh_setting *registry_setting_find(const char *key);
/* Aborts unless s is registered (a programming error). */
void registry_setting_check(const struct kh_setting *s);
size_t registry_setting_count(void);
/* Setting number i, in registration order; *cap is the capability that lists it. */
const struct kh_setting *registry_setting_at(size_t i, const struct capability **cap);

/* The registered approval kind of that name, or NULL; every one in registration order. */
const struct approval_kind *registry_approval_kind(const char *name);
const struct approval_kind *const *registry_approval_kinds(size_t *count);

/* Every registered holding kind (app/holding.h), in registration order. */
const struct holding_kind *const *registry_holding_kinds(size_t *count);
const struct holding_kind *registry_holding_kind(const char *name);
/* Every registered kind of reference to a customer (app/customer_ref.h), in registration order. */
const struct customer_ref_kind *const *registry_customer_refs(size_t *count);

/* Every registered table import (import/import.h), in registration order. */
const struct table_import *const *registry_table_imports(size_t *count);

/* The registered periodic task of that name, or NULL. */
const struct job_task *registry_task(const char *name);
/* Every registered periodic task, in registration order. */
const struct job_task *const *registry_tasks(size_t *count);

#endif
