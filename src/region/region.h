#ifndef KH_REGION_REGION_H
#define KH_REGION_REGION_H

/*
 * Administrative divisions of mainland China (GB/T 2260 codes), three levels:
 * province (pp0000, e.g. 440000 广东省), prefecture-level unit (ppcc00,
 * 440300 深圳市) and county-level unit (ppccdd, 440305 南山区).
 *
 * The table is immutable, compiled in (src/region/region_data.c, generated
 * by scripts/gen-regions.mjs) and sorted by code; every function here is
 * pure and thread-safe. Names are UTF-8 and live for the whole program.
 *
 * The middle level always exists: municipalities have 110100 市辖区 (and
 * 500200 县 for 重庆), provinces' directly administered county-level cities
 * hang under 429000 省直辖县级行政区划 and similar. A few prefecture-level
 * cities (东莞, 中山, 儋州) have no county level at all; 嘉峪关 has one
 * district of its own name (620201).
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct region {
    int code;   /* 6-digit GB/T 2260 code */
    int parent; /* 0 for a province */
    const char *name;
};

/* Binary search by code. NULL if the code is unknown (including 0). */
const struct region *region_find(int code);

/*
 * The children of parent, in code order: provinces for parent 0, cities of
 * a province, districts of a city. Writes at most cap pointers to out (out
 * may be NULL when cap is 0) and returns the total number of children, so
 * a caller can size its array with a first call. Unknown parents and
 * districts have no children.
 */
size_t region_children(int parent, const struct region **out, size_t cap);

/*
 * Validate an address chain as entered in a form. Valid chains:
 *   0/0/0 (no address given);
 *   province/city/district with each code known, at its level, the city's
 *   parent the province and the district's parent the city;
 *   province/city/0 when that city has no county level (e.g. 东莞).
 * Anything else (province without a city, city without a province, ...)
 * returns KH_E_VALIDATION with err->field "province_code", "city_code" or
 * "district_code" naming the first wrong field and a zh/en message.
 * err may be NULL.
 */
KH_NODISCARD enum kh_status region_check(int province, int city, int district, struct kh_err *err);

/*
 * Append the full name of a code to out, province first:
 * 440305 → "广东省深圳市南山区", 110101 → "北京市东城区", 429004 → "湖北省仙桃市".
 * Placeholder middle levels (市辖区, 县, 省直辖县级行政区划, ...) are left out,
 * and so is a level named like the one above it (620201 → "甘肃省嘉峪关市").
 * Appends nothing for an unknown code.
 */
void region_full_name(int code, struct buf *out);
/* The same name as a string built once per code; "" for an unknown code. Thread-safe. */
const char *region_full_name_of(int code);

/* Iteration over the whole table in code order: region_at(i) for i < count. */
size_t region_count(void);
/* NULL when i >= region_count(). */
const struct region *region_at(size_t i);

/*
 * Internal to the region module: the generated table (sorted by code, codes
 * unique). Use the functions above instead.
 */
extern const struct region region__table[];
extern const size_t region__count;

#endif
