#include "app/ctx.h"

#include <string.h>

#include "core/arena.h"
#include "core/mem.h"

static const char *const scope_names[] = {"none", "own", "department", "all_nonsecret", "all"};
#define SCOPE_LEVELS ((int)(sizeof(scope_names) / sizeof(scope_names[0])))

bool kh_scope_parse(const char *s, enum kh_scope *out)
{
    for (int i = 0; i < SCOPE_LEVELS; i++) {
        if (strcmp(scope_names[i], s) == 0) {
            *out = (enum kh_scope)i;
            return true;
        }
    }
    return false;
}

const char *kh_scope_name(enum kh_scope s)
{
    return (int)s >= 0 && (int)s < SCOPE_LEVELS ? scope_names[s] : "none";
}

bool actor_can(const struct kh_actor *a, const struct kh_perm *p)
{
    int i = registry_perm_index(p);
    return (a->perms[i / 64] >> (i % 64)) & 1u;
}

enum kh_scope actor_scope(const struct kh_actor *a, const struct kh_scope_kind *k)
{
    return (enum kh_scope)a->scopes[registry_scope_index(k)];
}

bool ctx_can(const struct kh_ctx *ctx, const struct kh_perm *p)
{
    return actor_can(&ctx->actor, p);
}

enum kh_scope ctx_scope(const struct kh_ctx *ctx, const struct kh_scope_kind *k)
{
    return actor_scope(&ctx->actor, k);
}

void actor_grant(struct kh_actor *a, const struct kh_perm *p)
{
    int i = registry_perm_index(p);
    a->perms[i / 64] |= (uint64_t)1 << (i % 64);
}

void actor_set_scope(struct kh_actor *a, const struct kh_scope_kind *k, enum kh_scope level)
{
    a->scopes[registry_scope_index(k)] = (unsigned char)level;
}

void actor_grant_all(struct kh_actor *a)
{
    for (size_t i = 0; i < registry_perm_count(); i++)
        actor_grant(a, registry_perm_at(i));
    for (size_t i = 0; i < registry_scope_count(); i++)
        actor_set_scope(a, registry_scope_at(i), KH_SCOPE_ALL);
}

/* Calls fn for each space-separated word of list; returns the sum of its answers. */
static int each_word(const char *list, struct kh_actor *a,
                     int (*fn)(struct kh_actor *a, const char *word))
{
    int sum = 0;
    const char *s = list;
    while (s && *s) {
        while (*s == ' ')
            s++;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        char word[96];
        size_t n = (size_t)(e - s);
        if (n >= sizeof(word)) {
            sum++;
        } else if (n > 0) {
            memcpy(word, s, n);
            word[n] = '\0';
            sum += fn(a, word);
        }
        s = e;
    }
    return sum;
}

static int grant_word(struct kh_actor *a, const char *word)
{
    const struct kh_perm *p = registry_perm_find(word);
    if (!p)
        return 1;
    actor_grant(a, p);
    return 0;
}

static int scope_word(struct kh_actor *a, const char *word)
{
    char *colon = strchr(word, ':');
    if (!colon)
        return 1;
    *colon = '\0';
    const struct kh_scope_kind *k = registry_scope_find(word);
    enum kh_scope level = KH_SCOPE_NONE;
    if (!k || !kh_scope_parse(colon + 1, &level))
        return 1;
    actor_set_scope(a, k, level);
    return 0;
}

int actor_perms_parse(struct kh_actor *a, const char *names)
{
    return each_word(names, a, grant_word);
}

int actor_scopes_parse(struct kh_actor *a, const char *pairs)
{
    return each_word(pairs, a, scope_word);
}

/*
 * The lists of the roles a thread met last, with what they parse to: a
 * pure function of the two texts (the registry does not change while the
 * server runs), so a hit is the same answer without a registry look-up per
 * word. Texts longer than the buffers are parsed every time.
 */
#define ROLE_MEMO 4
struct role_memo {
    char scopes[256], perms[1024];
    uint64_t bits[KH_PERM_WORDS];
    unsigned char levels[KH_SCOPE_KINDS_MAX];
    bool used;
};
static _Thread_local struct role_memo role_memo[ROLE_MEMO];
static _Thread_local int role_memo_next;

void actor_role_parse(struct kh_actor *a, const char *scopes, const char *perms)
{
    scopes = scopes ? scopes : "";
    perms = perms ? perms : "";
    for (int i = 0; i < ROLE_MEMO; i++) {
        const struct role_memo *m = &role_memo[i];
        if (m->used && !strcmp(m->perms, perms) && !strcmp(m->scopes, scopes)) {
            memcpy(a->perms, m->bits, sizeof(a->perms));
            memcpy(a->scopes, m->levels, sizeof(a->scopes));
            return;
        }
    }
    memset(a->perms, 0, sizeof(a->perms));
    memset(a->scopes, 0, sizeof(a->scopes));
    actor_scopes_parse(a, scopes);
    actor_perms_parse(a, perms);
    if (strlen(scopes) >= sizeof(role_memo[0].scopes) ||
        strlen(perms) >= sizeof(role_memo[0].perms))
        return;
    struct role_memo *m = &role_memo[role_memo_next];
    role_memo_next = (role_memo_next + 1) % ROLE_MEMO;
    kh_strlcpy(m->scopes, scopes, sizeof(m->scopes));
    kh_strlcpy(m->perms, perms, sizeof(m->perms));
    memcpy(m->bits, a->perms, sizeof(m->bits));
    memcpy(m->levels, a->scopes, sizeof(m->levels));
    m->used = true;
}

const char *ctx_today(const struct kh_ctx *ctx)
{
    char *d = arena_alloc(ctx->arena, 16);
    time_format_date(ctx_tz(ctx), ctx_now(ctx), d, 16);
    return d;
}
