#include "text/pinyin.h"

#include <stddef.h>

#include "text/pinyin_internal.h"

#define EXT_A_FIRST 0x3400u
#define EXT_A_LAST 0x4DBFu

struct surname_reading {
    uint32_t cp;
    const char *reading;
};

/* Polyphonic characters read differently as a surname, sorted by cp. */
static const struct surname_reading surnames[] = {
    {0x4E50, "yue"},   /* 乐 */
    {0x4EC7, "qiu"},   /* 仇 */
    {0x533A, "ou"},    /* 区 */
    {0x5355, "shan"},  /* 单 */
    {0x53EC, "shao"},  /* 召 */
    {0x5458, "yun"},   /* 员 */
    {0x5C09, "yu"},    /* 尉 */
    {0x66FE, "zeng"},  /* 曾 */
    {0x6734, "piao"},  /* 朴 */
    {0x67CF, "bai"},   /* 柏 */
    {0x67E5, "zha"},   /* 查 */
    {0x6C88, "shen"},  /* 沈 */
    {0x76D6, "ge"},    /* 盖 */
    {0x79CD, "chong"}, /* 种 */
    {0x79D8, "bi"},    /* 秘 */
    {0x7F2A, "miao"},  /* 缪 */
    {0x7FDF, "zhai"},  /* 翟 */
    {0x8584, "bo"},    /* 薄 */
    {0x884C, "xing"},  /* 行 */
    {0x8983, "qin"},   /* 覃 */
    {0x89E3, "xie"},   /* 解 */
    {0x8D32, "ben"},   /* 贲 */
    {0x91CD, "chong"}, /* 重 */
    {0x957F, "chang"}, /* 长 */
    {0x9ED1, "he"},    /* 黑 */
};

uint32_t pinyin_unify(uint32_t cp)
{
    if (cp >= PINYIN__COMPAT_FIRST && cp - PINYIN__COMPAT_FIRST < PINYIN__COMPAT_COUNT) {
        uint32_t u = pinyin__compat[cp - PINYIN__COMPAT_FIRST];
        if (u != 0)
            return u;
    }
    return cp;
}

static uint16_t pinyin_ext_a_index(uint32_t cp)
{
    size_t lo = 0;
    size_t hi = pinyin__ext_a_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pinyin__ext_a[mid].cp == cp)
            return pinyin__ext_a[mid].syllable;
        if (pinyin__ext_a[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

const char *pinyin_of(uint32_t cp)
{
    cp = pinyin_unify(cp);
    uint16_t idx = 0;
    if (cp >= PINYIN__URO_FIRST && cp - PINYIN__URO_FIRST < PINYIN__URO_COUNT)
        idx = pinyin__uro[cp - PINYIN__URO_FIRST];
    else if (cp >= EXT_A_FIRST && cp <= EXT_A_LAST)
        idx = pinyin_ext_a_index(cp);
    if (idx == 0 || idx >= pinyin__syllable_count)
        return NULL;
    return pinyin__syllables[idx];
}

const char *pinyin_of_surname(uint32_t cp)
{
    uint32_t u = pinyin_unify(cp);
    for (size_t i = 0; i < sizeof(surnames) / sizeof(surnames[0]); i++) {
        if (surnames[i].cp == u)
            return surnames[i].reading;
    }
    return pinyin_of(u);
}
