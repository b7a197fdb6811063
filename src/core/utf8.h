#ifndef KH_CORE_UTF8_H
#define KH_CORE_UTF8_H

/*
 * Strict UTF-8 decoding (RFC 3629): overlong forms, surrogates (U+D800..DFFF),
 * code points above U+10FFFF and truncated sequences are invalid. Nothing
 * here allocates; inputs are byte ranges, not NUL-terminated strings.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decode the code point at s[0..len). Returns the number of bytes consumed
 * (1..4) and stores the code point in *cp. An invalid, overlong, surrogate or
 * truncated sequence consumes exactly 1 byte and stores U+FFFD, so a caller
 * can always advance and resynchronise. len must be > 0 (returns 0 and
 * stores U+FFFD when it is 0).
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* True when s[0..len) is entirely valid UTF-8 (an empty range is valid). */
bool utf8_valid(const char *s, size_t len);

/*
 * The longest prefix of s[0..len) that does not end inside a character: len,
 * or less when the last 1..3 bytes begin a sequence that len cuts short.
 * For truncating text to a buffer without leaving half a character.
 */
size_t utf8_cut(const char *s, size_t len);

/* Number of code points in s[0..len); each invalid byte counts as one. */
size_t utf8_count(const char *s, size_t len);
/*
 * A form's text field: valid UTF-8 of at most max_chars characters; NULL
 * or "" passes unless required.
 */
bool utf8_text_ok(const char *s, size_t max_chars, bool required);

/*
 * Encode cp into out (room for 4 bytes). Returns the length (1..4); a
 * surrogate or a value above U+10FFFF is encoded as U+FFFD.
 */
size_t utf8_encode(uint32_t cp, char out[4]);

#endif
