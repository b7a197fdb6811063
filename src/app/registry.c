#include "app/registry.h"

#include <assert.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/capabilities.h"
#include "core/log.h"
#include "core/mem.h"
#include "app/customer_ref.h"
#include "app/holding.h"
#include "approval/approval.h"
#include "import/import.h"
#include "jobs/jobs.h"

/* An entry of a lookup index: the object and its number in registration order. */
struct entry {
    const void *ptr;
    const char *name;
    int index;
};

struct index {
    struct entry *by_ptr;  /* sorted by address */
    struct entry *by_name; /* sorted by name */
    const void **order;    /* registration order */
    size_t count;
};

static struct {
    struct index perms, scopes, actions, kinds, tasks, settings, approvals, holdings, refs, imports;
    const struct capability **setting_caps; /* by the settings' registration order */
    const struct capability *const *caps;
    size_t ncaps;
} reg;

static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct entry *)a)->ptr;
    uintptr_t y = (uintptr_t)((const struct entry *)b)->ptr;
    return x < y ? -1 : x > y;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void index_add(struct index *ix, const void *ptr, const char *name, size_t cap)
{
    if (ix->count == cap) {
        log_error("msg=\"too many registered names\" name=%s", name);
        abort();
    }
    ix->by_ptr[ix->count] = (struct entry){ptr, name, (int)ix->count};
    ix->order[ix->count] = ptr;
    ix->count++;
}

/* Sort both views; the same name or object registered twice is a programming error. */
static void index_seal(struct index *ix)
{
    memcpy(ix->by_name, ix->by_ptr, sizeof(struct entry) * ix->count);
    qsort(ix->by_ptr, ix->count, sizeof(struct entry), cmp_ptr);
    qsort(ix->by_name, ix->count, sizeof(struct entry), cmp_name);
    for (size_t i = 1; i < ix->count; i++) {
        if (strcmp(ix->by_name[i - 1].name, ix->by_name[i].name) == 0) {
            log_error("msg=\"registered twice\" name=%s", ix->by_name[i].name);
            abort();
        }
    }
}

static void index_init(struct index *ix, size_t cap)
{
    ix->by_ptr = kh_calloc(cap + 1, sizeof(struct entry));
    ix->by_name = kh_calloc(cap + 1, sizeof(struct entry));
    ix->order = kh_calloc(cap + 1, sizeof(void *));
    ix->count = 0;
}

static size_t count_actions(const struct capability *c)
{
    size_t n = 0;
    for (const struct kh_audit_action *a = c->audit_actions; a && a->action; a++)
        n++;
    return n;
}

static size_t count_ptrs(const void *const *list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

static void add_capability(const struct capability *c)
{
    for (const struct kh_perm *const *p = c->perms; p && *p; p++)
        index_add(&reg.perms, *p, (*p)->name, (size_t)KH_PERM_WORDS * 64);
    for (const struct kh_scope_kind *const *k = c->scopes; k && *k; k++)
        index_add(&reg.scopes, *k, (*k)->name, KH_SCOPE_KINDS_MAX);
    for (const struct kh_audit_action *a = c->audit_actions; a && a->action; a++)
        index_add(&reg.actions, a, a->action, SIZE_MAX);
    for (const struct job_kind *const *k = c->job_kinds; k && *k; k++)
        index_add(&reg.kinds, *k, (*k)->name, SIZE_MAX);
    for (const struct job_task *const *t = c->tasks; t && *t; t++)
        index_add(&reg.tasks, *t, (*t)->name, SIZE_MAX);
    for (const struct approval_kind *const *k = c->approval_kinds; k && *k; k++)
        index_add(&reg.approvals, *k, (*k)->name, SIZE_MAX);
    for (const struct holding_kind *const *h = c->holdings; h && *h; h++)
        index_add(&reg.holdings, *h, (*h)->name, SIZE_MAX);
    for (const struct customer_ref_kind *const *r = c->customer_refs; r && *r; r++)
        index_add(&reg.refs, *r, (*r)->name, SIZE_MAX);
    for (const struct table_import *const *t = c->table_imports; t && *t; t++)
        index_add(&reg.imports, *t, (*t)->kind->name, SIZE_MAX);
    for (const struct kh_setting *const *s = c->settings; s && *s; s++) {
        if ((*s)->min > (*s)->max || (*s)->def < (*s)->min || (*s)->def > (*s)->max) {
            log_error("msg=\"setting default outside its range\" key=%s", (*s)->key);
            abort();
        }
        reg.setting_caps[reg.settings.count] = c;
        index_add(&reg.settings, *s, (*s)->key, SIZE_MAX);
    }
}

static void build(void)
{
    reg.caps = kh_capabilities;
    size_t nactions = 0, nkinds = 0, ntasks = 0, nsettings = 0, napprovals = 0, nholdings = 0,
           nrefs = 0, nimports = 0;
    for (; reg.caps[reg.ncaps]; reg.ncaps++) {
        const struct capability *c = reg.caps[reg.ncaps];
        nactions += count_actions(c);
        nkinds += count_ptrs((const void *const *)c->job_kinds);
        ntasks += count_ptrs((const void *const *)c->tasks);
        napprovals += count_ptrs((const void *const *)c->approval_kinds);
        nholdings += count_ptrs((const void *const *)c->holdings);
        nrefs += count_ptrs((const void *const *)c->customer_refs);
        nimports += count_ptrs((const void *const *)c->table_imports);
        nsettings += count_ptrs((const void *const *)c->settings);
    }
    index_init(&reg.perms, (size_t)KH_PERM_WORDS * 64);
    index_init(&reg.scopes, KH_SCOPE_KINDS_MAX);
    index_init(&reg.actions, nactions);
    index_init(&reg.kinds, nkinds);
    index_init(&reg.tasks, ntasks);
    index_init(&reg.approvals, napprovals);
    index_init(&reg.holdings, nholdings);
    index_init(&reg.refs, nrefs);
    index_init(&reg.imports, nimports);
    index_init(&reg.settings, nsettings);
    reg.setting_caps = kh_calloc(nsettings + 1, sizeof(*reg.setting_caps));
    for (size_t i = 0; i < reg.ncaps; i++)
        add_capability(reg.caps[i]);
    index_seal(&reg.perms);
    index_seal(&reg.scopes);
    index_seal(&reg.actions);
    index_seal(&reg.kinds);
    index_seal(&reg.tasks);
    index_seal(&reg.approvals);
    index_seal(&reg.holdings);
    index_seal(&reg.refs);
    index_seal(&reg.imports);
    index_seal(&reg.settings);
}

static void ensure(void)
{
    pthread_once(&reg_once, build);
}

static const struct entry *find_ptr(const struct index *ix, const void *ptr)
{
    struct entry key = {ptr, NULL, 0};
    return bsearch(&key, ix->by_ptr, ix->count, sizeof(struct entry), cmp_ptr);
}

static const struct entry *find_name(const struct index *ix, const char *name)
{
    struct entry key = {NULL, name, 0};
    return name ? bsearch(&key, ix->by_name, ix->count, sizeof(struct entry), cmp_name) : NULL;
}

static int index_of(const struct index *ix, const void *ptr, const char *what)
{
    const struct entry *e = find_ptr(ix, ptr);
    if (!e) {
        log_error("msg=\"unregistered %s\"", what);
        abort();
    }
    return e->index;
}

const struct capability *const *registry_capabilities(size_t *count)
{
    ensure();
    *count = reg.ncaps;
    return reg.caps;
}

int registry_perm_index(const struct kh_perm *p)
{
    ensure();
    return index_of(&reg.perms, p, "permission");
}

const struct kh_perm *registry_perm_find(const char *name)
{
    ensure();
    const struct entry *e = find_name(&reg.perms, name);
    return e ? e->ptr : NULL;
}

size_t registry_perm_count(void)
{
    ensure();
    return reg.perms.count;
}

const struct kh_perm *registry_perm_at(size_t i)
{
    ensure();
    assert(i < reg.perms.count);
    return reg.perms.order[i];
}

int registry_scope_index(const struct kh_scope_kind *k)
{
    ensure();
    return index_of(&reg.scopes, k, "scope kind");
}

const struct kh_scope_kind *registry_scope_find(const char *name)
{
    ensure();
    const struct entry *e = find_name(&reg.scopes, name);
    return e ? e->ptr : NULL;
}

size_t registry_scope_count(void)
{
    ensure();
    return reg.scopes.count;
}

const struct kh_scope_kind *registry_scope_at(size_t i)
{
    ensure();
    assert(i < reg.scopes.count);
    return reg.scopes.order[i];
}

const struct kh_audit_action *registry_audit_action(const char *action)
{
    ensure();
    const struct entry *e = find_name(&reg.actions, action);
    return e ? e->ptr : NULL;
}

const struct job_kind *registry_job_kind(const char *name)
{
    ensure();
    const struct entry *e = find_name(&reg.kinds, name);
    return e ? e->ptr : NULL;
}

const struct approval_kind *registry_approval_kind(const char *name)
{
    ensure();
    const struct entry *e = find_name(&reg.approvals, name);
    return e ? e->ptr : NULL;
}

const struct approval_kind *const *registry_approval_kinds(size_t *count)
{
    ensure();
    *count = reg.approvals.count;
    return (const struct approval_kind *const *)reg.approvals.order;
}

const struct holding_kind *const *registry_holding_kinds(size_t *count)
{
    ensure();
    *count = reg.holdings.count;
    return (const struct holding_kind *const *)reg.holdings.order;
}

const struct holding_kind *registry_holding_kind(const char *name)
{
    ensure();
    const struct entry *e = find_name(&reg.holdings, name);
    return e ? e->ptr : NULL;
}

const struct customer_ref_kind *const *registry_customer_refs(size_t *count)
{
    ensure();
    *count = reg.refs.count;
    return (const struct customer_ref_kind *const *)reg.refs.order;
}

const struct job_task *registry_task(const char *name)
{
    ensure();
    const struct entry *e = name ? find_name(&reg.tasks, name) : NULL;
    return e ? e->ptr : NULL;
}

const struct job_task *const *registry_tasks(size_t *count)
{
    ensure();
    *count = reg.tasks.count;
    return (const struct job_task *const *)reg.tasks.order;
}

const struct kh_setting *registry_setting_find(const char *key)
{
    ensure();
    const struct entry *e = find_name(&reg.settings, key);
    return e ? e->ptr : NULL;
}

void registry_setting_check(const struct kh_setting *s)
{
    ensure();
    (void)index_of(&reg.settings, s, "setting");
}

size_t registry_setting_count(void)
{
    ensure();
    return reg.settings.count;
}

const struct kh_setting *registry_setting_at(size_t i, const struct capability **cap)
{
    ensure();
    assert(i < reg.settings.count);
    if (cap)
        *cap = reg.setting_caps[i];
    return reg.settings.order[i];
}

const struct table_import *const *registry_table_imports(size_t *count)
{
    ensure();
    *count = reg.imports.count;
    return (const struct table_import *const *)reg.imports.order;
}
