#ifndef KH_DEMO_DEMO_DATA_H
#define KH_DEMO_DEMO_DATA_H

/*
 * Deterministic generators of realistic Chinese demo data: people's names,
 * company names, mobiles, streets, positions, e-mail domains, resident ID
 * numbers (GB 11643) and unified social credit codes (GB 32100).
 *
 * Everything is driven by a caller-owned struct demo_rng (xoshiro256**
 * seeded through splitmix64): the same seed gives the same data on every
 * platform. No global state; one rng per thread. Functions that write text
 * append UTF-8 to a caller's buf (they never reset it); the const char *
 * results point to static tables that live for the whole program.
 */

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

struct demo_rng {
    uint64_t s[4];
};

/* Seed the generator; any seed (0 included) gives a valid, distinct state. */
void demo_rng_seed(struct demo_rng *r, uint64_t seed);
/* Next 64 random bits (xoshiro256**). */
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n) without modulo bias; 0 when n is 0. */
uint32_t demo_rng_below(struct demo_rng *r, uint32_t n);

/*
 * A full name, surname first: 2 or 3 characters (4 with a two-character
 * surname such as 欧阳), surnames weighted by the 2020 national ranking,
 * given names from common single names (伟, 芳), common two-character names
 * (秀兰, 建国) and pairs of characters typical for the sex.
 */
void demo_person_name(struct demo_rng *r, bool female, struct buf *out);

/* E.g. "深圳市华信科技有限公司", "杭州永兴建材商行". */
void demo_company_name(struct demo_rng *r, struct buf *out);

/* An 11-digit mainland mobile number with a real carrier prefix (138, 186 ...). */
void demo_mobile(struct demo_rng *r, struct buf *out);

/* An industry such as "制造业", "批发和零售业" (GB/T 4754 sections). */
const char *demo_pick_industry(struct demo_rng *r);
/* A street name without number: "人民路", "解放大道". */
const char *demo_pick_street(struct demo_rng *r);
/* A street address: street name and a house number, e.g. "中山路128号". */
void demo_street_address(struct demo_rng *r, struct buf *out);
/* A job title: "总经理", "采购经理", "财务总监" ... */
const char *demo_pick_position(struct demo_rng *r);
/* An e-mail domain weighted by popularity: "qq.com", "163.com" ... */
const char *demo_pick_email_domain(struct demo_rng *r);

/*
 * An 18-character resident ID number (GB 11643-1999): the 6-digit
 * district_code, the birth date YYYYMMDD, a 3-digit sequence whose last
 * digit is odd for men and even for women, and the check character
 * (0-9 or X). The caller passes a real district and a valid date; they are
 * written as given, each field cut to its width (district_code modulo
 * 1,000,000 as unsigned, year modulo 10,000, ...), so the result is always
 * 17 digits and a check character.
 */
void demo_id_number(struct demo_rng *r, int district_code, int birth_year, int birth_month,
                    int birth_day, bool female, struct buf *out);

/*
 * An 18-character unified social credit code (GB 32100-2015) of a company
 * ("91"): the 6-digit district_code, a 9-character organisation code with
 * its own GB 11714 check character, and the GB 32100 check character.
 */
void demo_uscc(struct demo_rng *r, int district_code, struct buf *out);

#endif
