#ifndef KH_TEXT_VALIDATE_H
#define KH_TEXT_VALIDATE_H

/*
 * Validators and normalisers for Chinese contact data: mobile and landline
 * numbers, e-mail addresses, resident ID numbers (GB 11643-1999) and unified
 * social credit codes (GB 32100-2015). Pure functions of their input: no
 * allocation except into the caller's buffer, no global state, thread-safe.
 * Validators take the value as stored; normalise first where a normaliser
 * exists (normalize_phone, normalize_upper). Fullwidth ASCII (U+FF01..U+FF5E,
 * as typed with a Chinese input method) is folded to ASCII by the normalisers.
 */

#include <stdbool.h>

#include "core/buf.h"
#include "core/str.h"

/*
 * Append the digits of s to out, dropping a leading 86 / 0086 country code
 * (written +86, 0086, 86, (+86) ...) when an 11-digit mainland mobile number
 * follows. Every other character is dropped.
 *   "+86 138-0013-8000" -> "13800138000"; "010-6552 9988" -> "01065529988"
 */
void normalize_phone(struct str s, struct buf *out);

/*
 * True for a mainland mobile number: after normalize_phone, 11 digits
 * matching 1[3-9]xxxxxxxxx. Besides digits only spaces, '-', '.', '(' ')'
 * and a leading '+' are allowed ("138 0013 8000", "+86-138-0013-8000").
 */
bool valid_cn_mobile(struct str s);

/*
 * True for a mainland mobile number or a phone number: a landline with area
 * code (0 + 2-3 digits, then 7-8 digits: 10-12 digits), a local number of 7-8
 * digits not starting with 0 or 1, or a 400/800 service number (10 digits);
 * optionally after +86 / 0086 (the area code's 0 then omitted), and
 * optionally followed by an extension of 1-6 digits introduced by '-', '#',
 * ',', 'x', "ext" or 转. Separators: spaces, '-', '.', '(' ')'.
 */
bool valid_phone_any(struct str s);

/*
 * The one stored form of a number valid_phone_any accepts, appended to out
 * (true); false, appending nothing, for anything else. Country codes,
 * separators and fullwidth digits go; an extension follows a '-':
 *   mainland mobile         "+86 137 0013 7000", "137-0013-7000" -> "13700137000"
 *   landline with area code "(010) 6552 9988", "+86 10 65529988" -> "010-65529988"
 *                           "0755.2345.678 转 801"               -> "0755-2345678-801"
 *   service or local number "400-800-1234" -> "4008001234", "6552 9988" -> "65529988"
 * The area code is 3 digits for 010 and 02x, 4 digits for every other 0xxx.
 */
bool phone_canonical(struct str s, struct buf *out);

/*
 * Pragmatic e-mail check: local@domain.tld, total length <= 254, local part
 * 1-64 characters of A-Z a-z 0-9 and !#$%&'*+/=?^_`{|}~.- with no leading,
 * trailing or doubled dot; domain of at least two dot-separated labels of
 * 1-63 letters, digits or inner '-'; the last label 2+ letters (or xn--...).
 * ASCII only, no spaces.
 */
bool valid_email(struct str s);

/*
 * The check character ('0'..'9' or 'X') of a resident ID number from its
 * first 17 characters (GB 11643-1999, ISO 7064 MOD 11-2), or '\0' when one of
 * them is not a digit.
 */
char id_card_check_char(const char first17[17]);

/*
 * True for an 18-character resident ID number: 17 digits then the check
 * character (x accepted for X); the first two digits a province code (11-15,
 * 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82); characters 7-14 a real date
 * YYYYMMDD in 1900..2100. No trimming: normalise with normalize_upper first.
 */
bool valid_id_card(struct str s);

/*
 * The check character of a unified social credit code from its first 17
 * characters (GB 32100-2015; alphabet 0-9 A-H J-N P-R T U W-Y, lowercase
 * accepted), or '\0' when one of them is outside the alphabet.
 */
char uscc_check_char(const char first17[17]);

/*
 * True for an 18-character unified social credit code: every character in
 * the alphabet (lowercase accepted), characters 3-8 digits (the
 * administrative division code), and a matching check character. No
 * trimming: normalise with normalize_upper first.
 */
bool valid_uscc(struct str s);

/*
 * Append s with surrounding whitespace trimmed, fullwidth ASCII folded and
 * ASCII letters upper-cased: the canonical key form of ID numbers and credit
 * codes. Other bytes are copied as they are.
 */
void normalize_upper(struct str s, struct buf *out);

/*
 * Append s with every space (ASCII blanks and U+3000) dropped, fullwidth
 * ASCII folded and ASCII letters upper-cased: the form in which two
 * spellings of one choice compare equal.
 *   "Ｔｒａｄｅ  press" -> "TRADEPRESS"; "高中 / 中专" -> "高中/中专"
 */
void normalize_compact(struct str s, struct buf *out);

/*
 * Masked forms (R-SEC-13), written NUL-terminated to out, which has room
 * for MASK_SIZE(s.len) bytes; the length written is returned. A phone in its stored form keeps
 * its area code, its extension and the last 4 digits of the number; a
 * mainland mobile keeps its first 3 and last 4 digits:
 *   "13800138000" -> "138****8000", "010-65529988" -> "010-****9988",
 *   "0755-2345678-801" -> "0755-***5678-801", "4008001234" -> "400***1234"
 * An ID number keeps its first 4 and last 4 characters:
 *   "11010519491231002X" -> "1101**********002X"
 * A value with bytes outside ASCII is masked whole ("****"); "" stays "".
 */
#define MASK_SIZE(len) ((len) > 4 ? (len) + 1 : 5)
size_t mask_phone(struct str s, char *out);
size_t mask_id_number(struct str s, char *out);
/* True when s holds the mask character '*' (a masked value sent back). */
bool is_masked(const char *s);

#endif
