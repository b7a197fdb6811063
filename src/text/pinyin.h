#ifndef KH_TEXT_PINYIN_H
#define KH_TEXT_PINYIN_H

/*
 * Hanzi -> toneless lowercase pinyin ("zhang"), one reading per character:
 * the most common one. ü is written v ("lv", "nv"), as typed on a keyboard.
 * Data: the npm package pinyin-pro (MIT), generated into pinyin_table.c by
 * scripts/gen-pinyin.mjs. Covers U+4E00..U+9FFF, the readable part of
 * Extension A, and the compatibility ideographs U+F900..U+FAFF (through
 * their unified equivalents). Returned strings are static; never free them.
 * Thread-safe: only immutable tables are read.
 */

#include <stdint.h>

/* The reading of cp, or NULL when cp is not a CJK ideograph with a reading. */
const char *pinyin_of(uint32_t cp);

/*
 * Like pinyin_of, but for the characters whose reading as a surname differs
 * from their common reading (曾 zeng, 单 shan, 解 xie, 区 ou, 仇 qiu, 朴 piao,
 * 查 zha, 盖 ge, 乐 yue, 尉 yu, 缪 miao, 覃 qin, 种 chong, 翟 zhai, 秘 bi,
 * 召 shao, 长 chang, 重 chong, 行 xing, 柏 bai, 薄 bo, 贲 ben, 黑 he, 员 yun,
 * 沈 shen) returns the surname reading. Use it for the first character of a
 * person's name.
 */
const char *pinyin_of_surname(uint32_t cp);

/*
 * The unified ideograph equivalent of a CJK compatibility ideograph
 * (U+F900..U+FAFF, e.g. U+F9F4 -> U+6797 林); any other cp is returned as is.
 */
uint32_t pinyin_unify(uint32_t cp);

#endif
