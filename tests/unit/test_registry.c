/*
 * The capability registry, with a toy capability registered by this test's
 * own table of capabilities: this binary defines kh_capabilities itself, so
 * the linker takes it instead of src/app/capabilities.c. The toy declares a
 * route table, a scope kind, an audit action and more permissions than one
 * machine word holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "app/capabilities.h"
#include "app/ctx.h"
#include "audit/audit.h"
#include "customer/customer.h"
#include "http/http.h"
#include "http/router.h"

static const struct kh_perm toy_perm_use = {"toy.use", "使用玩具", "Use toys"};
static const struct kh_perm toy_many[70] = {
    {"toy.p0", "玩具权限0", "Toy permission 0"},    {"toy.p1", "玩具权限1", "Toy permission 1"},
    {"toy.p2", "玩具权限2", "Toy permission 2"},    {"toy.p3", "玩具权限3", "Toy permission 3"},
    {"toy.p4", "玩具权限4", "Toy permission 4"},    {"toy.p5", "玩具权限5", "Toy permission 5"},
    {"toy.p6", "玩具权限6", "Toy permission 6"},    {"toy.p7", "玩具权限7", "Toy permission 7"},
    {"toy.p8", "玩具权限8", "Toy permission 8"},    {"toy.p9", "玩具权限9", "Toy permission 9"},
    {"toy.p10", "玩具权限10", "Toy permission 10"}, {"toy.p11", "玩具权限11", "Toy permission 11"},
    {"toy.p12", "玩具权限12", "Toy permission 12"}, {"toy.p13", "玩具权限13", "Toy permission 13"},
    {"toy.p14", "玩具权限14", "Toy permission 14"}, {"toy.p15", "玩具权限15", "Toy permission 15"},
    {"toy.p16", "玩具权限16", "Toy permission 16"}, {"toy.p17", "玩具权限17", "Toy permission 17"},
    {"toy.p18", "玩具权限18", "Toy permission 18"}, {"toy.p19", "玩具权限19", "Toy permission 19"},
    {"toy.p20", "玩具权限20", "Toy permission 20"}, {"toy.p21", "玩具权限21", "Toy permission 21"},
    {"toy.p22", "玩具权限22", "Toy permission 22"}, {"toy.p23", "玩具权限23", "Toy permission 23"},
    {"toy.p24", "玩具权限24", "Toy permission 24"}, {"toy.p25", "玩具权限25", "Toy permission 25"},
    {"toy.p26", "玩具权限26", "Toy permission 26"}, {"toy.p27", "玩具权限27", "Toy permission 27"},
    {"toy.p28", "玩具权限28", "Toy permission 28"}, {"toy.p29", "玩具权限29", "Toy permission 29"},
    {"toy.p30", "玩具权限30", "Toy permission 30"}, {"toy.p31", "玩具权限31", "Toy permission 31"},
    {"toy.p32", "玩具权限32", "Toy permission 32"}, {"toy.p33", "玩具权限33", "Toy permission 33"},
    {"toy.p34", "玩具权限34", "Toy permission 34"}, {"toy.p35", "玩具权限35", "Toy permission 35"},
    {"toy.p36", "玩具权限36", "Toy permission 36"}, {"toy.p37", "玩具权限37", "Toy permission 37"},
    {"toy.p38", "玩具权限38", "Toy permission 38"}, {"toy.p39", "玩具权限39", "Toy permission 39"},
    {"toy.p40", "玩具权限40", "Toy permission 40"}, {"toy.p41", "玩具权限41", "Toy permission 41"},
    {"toy.p42", "玩具权限42", "Toy permission 42"}, {"toy.p43", "玩具权限43", "Toy permission 43"},
    {"toy.p44", "玩具权限44", "Toy permission 44"}, {"toy.p45", "玩具权限45", "Toy permission 45"},
    {"toy.p46", "玩具权限46", "Toy permission 46"}, {"toy.p47", "玩具权限47", "Toy permission 47"},
    {"toy.p48", "玩具权限48", "Toy permission 48"}, {"toy.p49", "玩具权限49", "Toy permission 49"},
    {"toy.p50", "玩具权限50", "Toy permission 50"}, {"toy.p51", "玩具权限51", "Toy permission 51"},
    {"toy.p52", "玩具权限52", "Toy permission 52"}, {"toy.p53", "玩具权限53", "Toy permission 53"},
    {"toy.p54", "玩具权限54", "Toy permission 54"}, {"toy.p55", "玩具权限55", "Toy permission 55"},
    {"toy.p56", "玩具权限56", "Toy permission 56"}, {"toy.p57", "玩具权限57", "Toy permission 57"},
    {"toy.p58", "玩具权限58", "Toy permission 58"}, {"toy.p59", "玩具权限59", "Toy permission 59"},
    {"toy.p60", "玩具权限60", "Toy permission 60"}, {"toy.p61", "玩具权限61", "Toy permission 61"},
    {"toy.p62", "玩具权限62", "Toy permission 62"}, {"toy.p63", "玩具权限63", "Toy permission 63"},
    {"toy.p64", "玩具权限64", "Toy permission 64"}, {"toy.p65", "玩具权限65", "Toy permission 65"},
    {"toy.p66", "玩具权限66", "Toy permission 66"}, {"toy.p67", "玩具权限67", "Toy permission 67"},
    {"toy.p68", "玩具权限68", "Toy permission 68"}, {"toy.p69", "玩具权限69", "Toy permission 69"},
};
static const struct kh_scope_kind toy_scope = {"toys", "玩具", "Toys"};
static const struct kh_audit_action toy_actions[] = {
    {"toy.play", "玩玩具", "Played with a toy"},
    {0},
};

static const struct kh_setting toy_setting_max = {
    "toy_max", 3, 1, 9, "个", "toys", "每人最多借用的玩具", "Toys one person may borrow"};

static void toy_handler(struct http_req *r)
{
    http_reply_ok(r);
}

static const struct route toy_routes[] = {
    {"GET", "/api/v1/toys", toy_handler, 0},
    {0},
};

static const struct capability toy_capability = {
    .name = "toys",
    .label_zh = "玩具",
    .label_en = "Toys",
    .routes = {toy_routes},
    .perms =
        (const struct kh_perm *const[]){
            &toy_perm_use, &toy_many[0],  &toy_many[1],  &toy_many[2],  &toy_many[3],
            &toy_many[4],  &toy_many[5],  &toy_many[6],  &toy_many[7],  &toy_many[8],
            &toy_many[9],  &toy_many[10], &toy_many[11], &toy_many[12], &toy_many[13],
            &toy_many[14], &toy_many[15], &toy_many[16], &toy_many[17], &toy_many[18],
            &toy_many[19], &toy_many[20], &toy_many[21], &toy_many[22], &toy_many[23],
            &toy_many[24], &toy_many[25], &toy_many[26], &toy_many[27], &toy_many[28],
            &toy_many[29], &toy_many[30], &toy_many[31], &toy_many[32], &toy_many[33],
            &toy_many[34], &toy_many[35], &toy_many[36], &toy_many[37], &toy_many[38],
            &toy_many[39], &toy_many[40], &toy_many[41], &toy_many[42], &toy_many[43],
            &toy_many[44], &toy_many[45], &toy_many[46], &toy_many[47], &toy_many[48],
            &toy_many[49], &toy_many[50], &toy_many[51], &toy_many[52], &toy_many[53],
            &toy_many[54], &toy_many[55], &toy_many[56], &toy_many[57], &toy_many[58],
            &toy_many[59], &toy_many[60], &toy_many[61], &toy_many[62], &toy_many[63],
            &toy_many[64], &toy_many[65], &toy_many[66], &toy_many[67], &toy_many[68],
            &toy_many[69], NULL},
    .scopes = (const struct kh_scope_kind *const[]){&toy_scope, NULL},
    .audit_actions = toy_actions,
    .settings = (const struct kh_setting *const[]){&toy_setting_max, NULL},
};

extern const struct capability customers_capability;
extern const struct capability audit_capability;

const struct capability *const kh_capabilities[] = {&customers_capability, &audit_capability,
                                                    &toy_capability, NULL};

static void a_registered_capability_declares_its_permissions(void **state)
{
    (void)state;
    assert_ptr_equal(registry_perm_find("toy.use"), &toy_perm_use);
    assert_ptr_equal(registry_perm_find("customer.create"), &customer_perm_create);
    assert_ptr_equal(registry_perm_find("toy.p69"), &toy_many[69]);
    assert_null(registry_perm_find("toy.nothing"));
    assert_null(registry_perm_find(NULL));
    assert_int_equal(registry_perm_count(), 11 + 1 + 1 + 70);
    /* Registration order: customers first, then audit, then the toy. */
    assert_ptr_equal(registry_perm_at(0), &customer_perm_create);
    assert_ptr_equal(registry_perm_at(12), &toy_perm_use);
}

static void permissions_beyond_one_word_are_granted_by_name(void **state)
{
    (void)state;
    struct kh_actor a = {0};
    int unknown = actor_perms_parse(&a, "toy.p3  toy.p69 customer.update no.such audit.read");
    assert_int_equal(unknown, 1);
    assert_true(actor_can(&a, &toy_many[3]));
    assert_true(actor_can(&a, &toy_many[69]));
    assert_true(actor_can(&a, &customer_perm_update));
    assert_true(actor_can(&a, &audit_perm_read));
    assert_false(actor_can(&a, &toy_many[4]));
    assert_false(actor_can(&a, &toy_perm_use));
    assert_false(actor_can(&a, &customer_perm_create));
    struct kh_actor all = {0};
    actor_grant_all(&all);
    for (int i = 0; i < 70; i++)
        assert_true(actor_can(&all, &toy_many[i]));
    assert_int_equal(actor_scope(&all, &toy_scope), KH_SCOPE_ALL);
}

static void each_capability_has_its_own_scope(void **state)
{
    (void)state;
    struct kh_actor a = {.user_id = 5};
    assert_int_equal(actor_scopes_parse(&a, "customers:own toys:department"), 0);
    assert_int_equal(actor_scope(&a, &customer_scope_kind), KH_SCOPE_OWN);
    assert_int_equal(actor_scope(&a, &toy_scope), KH_SCOPE_DEPARTMENT);
    struct customer_scope cs = customer_scope_of(&a);
    assert_true(customer_scope_allows(&cs, 5, 0, 0));
    assert_false(customer_scope_allows(&cs, 6, 0, 0));
    /* Unknown kinds, unknown levels and malformed pairs are skipped and counted. */
    struct kh_actor b = {0};
    assert_int_equal(actor_scopes_parse(&b, "planets:all toys:everything customers toys:own"), 3);
    assert_int_equal(actor_scope(&b, &toy_scope), KH_SCOPE_OWN);
    assert_int_equal(actor_scope(&b, &customer_scope_kind), KH_SCOPE_NONE);
    assert_ptr_equal(registry_scope_find("toys"), &toy_scope);
    assert_null(registry_scope_find("tickets"));
}

/* A role's two lists parse to the same actor whether the thread's memo has them or not. */
static void a_role_parses_alike_from_the_memo(void **state)
{
    (void)state;
    const char *scopes = "customers:own toys:department", *perms = "toy.p3 customer.update";
    struct kh_actor fresh = {0}, a = {0}, b = {0};
    actor_scopes_parse(&fresh, scopes);
    actor_perms_parse(&fresh, perms);
    actor_grant_all(&a); /* whatever the actor held before goes */
    actor_role_parse(&a, scopes, perms);
    actor_role_parse(&b, scopes, perms); /* a hit */
    assert_memory_equal(a.perms, fresh.perms, sizeof(a.perms));
    assert_memory_equal(a.scopes, fresh.scopes, sizeof(a.scopes));
    assert_memory_equal(b.perms, fresh.perms, sizeof(b.perms));
    assert_memory_equal(b.scopes, fresh.scopes, sizeof(b.scopes));
    /* One word more or less is another role: never the memo's answer for the first. */
    struct kh_actor c = {0};
    actor_role_parse(&c, scopes, "toy.p3 customer.update audit.read");
    assert_true(actor_can(&c, &audit_perm_read));
    actor_role_parse(&c, scopes, "toy.p3");
    assert_false(actor_can(&c, &customer_perm_update));
    assert_false(actor_can(&c, &audit_perm_read));
    actor_role_parse(&c, "customers:all", "toy.p3");
    assert_int_equal(actor_scope(&c, &customer_scope_kind), KH_SCOPE_ALL);
    assert_int_equal(actor_scope(&c, &toy_scope), KH_SCOPE_NONE);
    /* More roles than the memo keeps, and a list too long for it, still parse right. */
    char longer[2048] = "toy.p3";
    for (int i = 0; i < 200; i++)
        strcat(longer, " toy.p69");
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 6; i++) {
            char list[64];
            snprintf(list, sizeof(list), "toy.p%d", 10 + i);
            struct kh_actor d = {0};
            actor_role_parse(&d, "", list);
            assert_true(actor_can(&d, &toy_many[10 + i]));
            assert_false(actor_can(&d, &toy_many[11 + i]));
        }
        struct kh_actor e = {0};
        actor_role_parse(&e, NULL, longer);
        assert_true(actor_can(&e, &toy_many[69]));
        assert_false(actor_can(&e, &toy_many[68]));
    }
}

static void audit_actions_and_routes_come_from_the_registration(void **state)
{
    (void)state;
    const struct kh_audit_action *a = registry_audit_action("toy.play");
    assert_non_null(a);
    assert_string_equal(a->label_en, "Played with a toy");
    assert_non_null(registry_audit_action("customer.read"));
    assert_null(registry_audit_action("toy.break"));
    size_t n = 0;
    const struct capability *const *caps = registry_capabilities(&n);
    assert_int_equal(n, 3);
    assert_ptr_equal(caps[2]->routes[0], toy_routes);
    assert_string_equal(caps[2]->routes[0][0].pattern, "/api/v1/toys");
}

static void the_router_serves_a_registered_capability_s_routes(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    const char *params[HTTP_MAX_PARAMS];
    int nparams = 0;
    bool path_found = false;
    const struct route *rt =
        router_lookup("GET", "/api/v1/toys?x=1", false, &a, params, &nparams, &path_found);
    assert_non_null(rt);
    assert_true(rt->handler == toy_handler);
    /* The path exists with another method: 405, not 404. */
    assert_null(router_lookup("POST", "/api/v1/toys", false, &a, params, &nparams, &path_found));
    assert_true(path_found);
    /* A capability that is not in this binary's table has no routes here. */
    assert_null(router_lookup("GET", "/api/v1/backups", false, &a, params, &nparams, &path_found));
    assert_false(path_found);
    /* The customers capability is registered: its routes are served. */
    assert_non_null(
        router_lookup("GET", "/api/v1/customers/42", false, &a, params, &nparams, &path_found));
    assert_int_equal(nparams, 1);
    assert_string_equal(params[0], "42");
    arena_release(&a);
}

static void a_registered_capability_declares_its_settings(void **state)
{
    (void)state;
    assert_ptr_equal(registry_setting_find("toy_max"), &toy_setting_max);
    assert_null(
        registry_setting_find("session_hours")); /* the sessions capability is not in this table */
    assert_null(registry_setting_find(NULL));
    /* The customers capability's (registered first), then the toy's. */
    assert_int_equal(registry_setting_count(), 5);
    const struct capability *cap = NULL;
    assert_ptr_equal(registry_setting_at(0, &cap), &customer_setting_confirm_a_grade);
    assert_ptr_equal(cap, &customers_capability);
    assert_ptr_equal(registry_setting_at(4, &cap), &toy_setting_max);
    assert_ptr_equal(cap, &toy_capability);
    registry_setting_check(&toy_setting_max); /* registered: returns */
}

static void ctx_checks_the_acting_user(void **state)
{
    (void)state;
    struct kh_ctx ctx = {0};
    assert_false(ctx_can(&ctx, &toy_perm_use));
    actor_grant(&ctx.actor, &toy_perm_use);
    assert_true(ctx_can(&ctx, &toy_perm_use));
    actor_set_scope(&ctx.actor, &toy_scope, KH_SCOPE_ALL_NONSECRET);
    assert_int_equal(ctx_scope(&ctx, &toy_scope), KH_SCOPE_ALL_NONSECRET);
    enum kh_scope s = KH_SCOPE_NONE;
    assert_true(kh_scope_parse("department", &s));
    assert_int_equal(s, KH_SCOPE_DEPARTMENT);
    assert_false(kh_scope_parse("everything", &s));
    assert_string_equal(kh_scope_name(KH_SCOPE_ALL_NONSECRET), "all_nonsecret");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_registered_capability_declares_its_permissions),
        cmocka_unit_test(permissions_beyond_one_word_are_granted_by_name),
        cmocka_unit_test(each_capability_has_its_own_scope),
        cmocka_unit_test(a_role_parses_alike_from_the_memo),
        cmocka_unit_test(audit_actions_and_routes_come_from_the_registration),
        cmocka_unit_test(the_router_serves_a_registered_capability_s_routes),
        cmocka_unit_test(a_registered_capability_declares_its_settings),
        cmocka_unit_test(ctx_checks_the_acting_user),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
