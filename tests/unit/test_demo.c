#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "demo/demo_data.h"

/* Independent re-implementations of the check characters, from the standards. */
static bool id_number_valid(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    if (strlen(s) != 18)
        return false;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        sum += (s[i] - '0') * w[i];
    }
    return s[17] == "10X98765432"[sum % 11];
}

static bool uscc_valid(const char *s)
{
    static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    if (strlen(s) != 18)
        return false;
    int sum = 0;
    for (int i = 0; i < 18; i++) {
        const char *p = strchr(alpha, s[i]);
        if (!p || s[i] == '\0')
            return false;
        if (i < 17)
            sum += (int)(p - alpha) * w[i];
    }
    int c = 31 - sum % 31;
    return s[17] == alpha[c == 31 ? 0 : c];
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void demo_same_seed_same_sequence(void **state)
{
    (void)state;
    struct demo_rng a, b, c;
    demo_rng_seed(&a, 42);
    demo_rng_seed(&b, 42);
    demo_rng_seed(&c, 43);
    bool differs = false;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = demo_rng_next(&a);
        assert_true(x == demo_rng_next(&b));
        differs |= x != demo_rng_next(&c);
    }
    assert_true(differs);

    /* Whole generated records repeat too. */
    struct buf x = BUF_INIT, y = BUF_INIT;
    demo_rng_seed(&a, 7);
    demo_rng_seed(&b, 7);
    for (int i = 0; i < 200; i++) {
        demo_person_name(&a, i % 2, &x);
        demo_company_name(&a, &x);
        demo_person_name(&b, i % 2, &y);
        demo_company_name(&b, &y);
    }
    assert_string_equal(buf_cstr(&x), buf_cstr(&y));
    buf_release(&x);
    buf_release(&y);

    /* Reference values pin the algorithm (xoshiro256** seeded by splitmix64). */
    demo_rng_seed(&a, 0);
    assert_true(a.s[0] == 0xe220a8397b1dcdafULL);
}

static void demo_below_is_in_range(void **state)
{
    (void)state;
    struct demo_rng r;
    demo_rng_seed(&r, 1);
    unsigned hist[6] = {0};
    for (int i = 0; i < 60000; i++) {
        uint32_t v = demo_rng_below(&r, 6);
        assert_true(v < 6);
        hist[v]++;
    }
    for (int i = 0; i < 6; i++)
        assert_true(hist[i] > 9000 && hist[i] < 11000);
    assert_int_equal(demo_rng_below(&r, 0), 0);
    assert_int_equal(demo_rng_below(&r, 1), 0);
}

/* Index of a surname's first character in a small tally, by its UTF-8 bytes. */
struct tally {
    char key[4];
    unsigned n;
};

static void tally_add(struct tally *t, size_t *len, size_t cap, const char *name)
{
    for (size_t i = 0; i < *len; i++) {
        if (memcmp(t[i].key, name, 3) == 0) {
            t[i].n++;
            return;
        }
    }
    assert_true(*len < cap);
    memcpy(t[*len].key, name, 3);
    t[*len].key[3] = '\0';
    t[*len].n = 1;
    (*len)++;
}

static void demo_names_are_realistic(void **state)
{
    (void)state;
    struct demo_rng r;
    demo_rng_seed(&r, 2024);
    static struct tally t[256];
    size_t len = 0;
    unsigned two = 0, wang_xiulan = 0, zhang_wei = 0;
    struct buf b = BUF_INIT;
    for (int i = 0; i < 10000; i++) {
        buf_reset(&b);
        demo_person_name(&r, i % 2 == 0, &b);
        const char *s = buf_cstr(&b);
        size_t n = utf8_chars(s);
        assert_true(n >= 2 && n <= 4);
        assert_int_equal(strlen(s), 3 * n); /* CJK only */
        two += n == 2;
        wang_xiulan += strcmp(s, "王秀兰") == 0;
        zhang_wei += strcmp(s, "张伟") == 0;
        tally_add(t, &len, 256, s);
    }
    buf_release(&b);
    size_t top = 0;
    for (size_t i = 1; i < len; i++) {
        if (t[i].n > t[top].n)
            top = i;
    }
    assert_true(strcmp(t[top].key, "王") == 0 || strcmp(t[top].key, "李") == 0);
    assert_true(len >= 80);                /* the long tail shows up */
    assert_true(two > 2000 && two < 4000); /* ~30 % two-character names */
    assert_true(wang_xiulan > 0);
    assert_true(zhang_wei > 0);
}

static void demo_ids_pass_their_checks(void **state)
{
    (void)state;
    /* The standard's own example. */
    assert_true(id_number_valid("11010519491231002X"));
    assert_false(id_number_valid("110105194912310021"));
    assert_true(uscc_valid("91350100M000100Y43"));
    assert_false(uscc_valid("91350100M000100Y44"));

    struct demo_rng r;
    demo_rng_seed(&r, 99);
    struct buf b = BUF_INIT;
    for (int i = 0; i < 2000; i++) {
        bool female = i % 2 == 0;
        buf_reset(&b);
        demo_id_number(&r, 440305, 1950 + i % 60, 1 + i % 12, 1 + i % 28, female, &b);
        const char *s = buf_cstr(&b);
        assert_true(id_number_valid(s));
        assert_memory_equal(s, "440305", 6);
        assert_int_equal((s[16] - '0') % 2, female ? 0 : 1);
        buf_reset(&b);
        demo_uscc(&r, 110101, &b);
        assert_true(uscc_valid(buf_cstr(&b)));
        assert_memory_equal(buf_cstr(&b), "91110101", 8);
    }
    buf_reset(&b);
    demo_id_number(&r, 110105, 1949, 12, 31, true, &b);
    assert_memory_equal(buf_cstr(&b), "11010519491231", 14);
    assert_true(id_number_valid(buf_cstr(&b)));
    buf_release(&b);
}

static void demo_mobiles_look_real(void **state)
{
    (void)state;
    struct demo_rng r;
    demo_rng_seed(&r, 5);
    struct buf b = BUF_INIT;
    for (int i = 0; i < 5000; i++) {
        buf_reset(&b);
        demo_mobile(&r, &b);
        const char *s = buf_cstr(&b);
        assert_int_equal(strlen(s), 11);
        assert_true(s[0] == '1' && s[1] >= '3' && s[1] <= '9');
        for (int k = 0; k < 11; k++)
            assert_true(s[k] >= '0' && s[k] <= '9');
    }
    buf_release(&b);
}

static void demo_pickers_give_text(void **state)
{
    (void)state;
    struct demo_rng r;
    demo_rng_seed(&r, 11);
    struct buf b = BUF_INIT;
    for (int i = 0; i < 500; i++) {
        assert_non_null(demo_pick_industry(&r));
        assert_non_null(demo_pick_position(&r));
        assert_non_null(strchr(demo_pick_email_domain(&r), '.'));
        const char *street = demo_pick_street(&r);
        assert_true(strlen(street) >= 6);
        buf_reset(&b);
        demo_street_address(&r, &b);
        const char *a = buf_cstr(&b);
        assert_true(strlen(a) > 3 && strcmp(a + strlen(a) - 3, "号") == 0);
        buf_reset(&b);
        demo_company_name(&r, &b);
        const char *c = buf_cstr(&b);
        size_t n = utf8_chars(c);
        assert_true(n >= 8 && n <= 20);
        assert_true(strstr(c, "公司") || strstr(c, "商行") || strstr(c, "经营部"));
    }
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(demo_same_seed_same_sequence),
        cmocka_unit_test(demo_below_is_in_range),
        cmocka_unit_test(demo_names_are_realistic),
        cmocka_unit_test(demo_ids_pass_their_checks),
        cmocka_unit_test(demo_mobiles_look_real),
        cmocka_unit_test(demo_pickers_give_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
