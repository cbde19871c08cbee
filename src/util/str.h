/* String helpers: UTF-8 checks and counting, hex, trimming, safe comparisons, hashing. */
#ifndef UTIL_STR_H
#define UTIL_STR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..n) is well-formed UTF-8 without NUL or C0 controls other than tab/CR/LF. */
bool str_utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string (what a person counts as characters). */
size_t str_utf8_len(const char *s);
/* Writes 2n hex digits and a NUL to out (size 2n+1). */
void str_hex(char *out, const unsigned char *in, size_t n);
bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* Trims ASCII white space in place; returns s. */
char *str_trim(char *s);
/* A local path that is safe as a redirect target: "/..." but not "//" or "/\\". */
bool str_is_local_path(const char *s);
/* A plausible e-mail address: one "@" with text before it and a dotted domain after it,
 * 3 to 254 bytes, no spaces, controls or the characters <>()[]\,;:". */
bool str_is_email(const char *s);
/* FNV-1a: folds n bytes into h, which starts as STR_HASH_SEED. Fast and not cryptographic:
 * for cache slots and ETags, never against someone choosing the input to collide. */
#define STR_HASH_SEED 0xcbf29ce484222325ULL
uint64_t str_hash(uint64_t h, const void *data, size_t n);

#endif
