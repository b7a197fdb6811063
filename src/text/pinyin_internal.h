#ifndef KH_TEXT_PINYIN_INTERNAL_H
#define KH_TEXT_PINYIN_INTERNAL_H

/*
 * Tables generated into pinyin_table.c by scripts/gen-pinyin.mjs. Only
 * pinyin.c reads them; everyone else uses pinyin.h.
 */

#include <stddef.h>
#include <stdint.h>

#define PINYIN__URO_FIRST 0x4E00u
#define PINYIN__URO_COUNT 0x5200u /* U+4E00..U+9FFF */
#define PINYIN__COMPAT_FIRST 0xF900u
#define PINYIN__COMPAT_COUNT 0x200u /* U+F900..U+FAFF */

struct pinyin__entry {
    uint32_t cp;
    uint16_t syllable;
};

/* Distinct syllables, sorted; [0] is "" (no reading). */
extern const size_t pinyin__syllable_count;
extern const char *const pinyin__syllables[];
/* Syllable index of U+4E00 + i (0: no reading). */
extern const uint16_t pinyin__uro[PINYIN__URO_COUNT];
/* Extension A characters that have a reading, sorted by cp. */
extern const size_t pinyin__ext_a_count;
extern const struct pinyin__entry pinyin__ext_a[];
/* Unified ideograph equivalent of U+F900 + i, or 0. */
extern const uint32_t pinyin__compat[PINYIN__COMPAT_COUNT];

#endif
