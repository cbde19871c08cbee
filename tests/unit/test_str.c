/* Unit tests for the string helpers (util/str.h): UTF-8, hex, trimming, redirect paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "util/str.h"

/* Validates a string literal, counting its bytes with sizeof so embedded NULs count. */
#define VALID(lit) str_utf8_valid((lit), sizeof(lit) - 1)

/* ---- str_utf8_valid ---- */

static void
test_utf8_valid_accepts_empty_input(void **state)
{
	assert_true(str_utf8_valid("", 0));
	assert_true(str_utf8_valid(NULL, 0));
}

static void
test_utf8_valid_accepts_printable_ascii(void **state)
{
	assert_true(VALID("Leuchtturm 2026: Call for Proposals! ~{}[]"));
}

static void
test_utf8_valid_accepts_tab_cr_lf(void **state)
{
	assert_true(VALID("a\tb\r\nc\n"));
}

static void
test_utf8_valid_accepts_german_text(void **state)
{
	assert_true(VALID("Grüße aus Köln: Ärger, Öl, Übermaß, ß"));
}

static void
test_utf8_valid_accepts_boundaries_of_each_length(void **state)
{
	assert_true(VALID("\xc2\x80"));         /* U+0080, smallest two-byte */
	assert_true(VALID("\xdf\xbf"));         /* U+07FF, largest two-byte */
	assert_true(VALID("\xe0\xa0\x80"));     /* U+0800, smallest three-byte */
	assert_true(VALID("\xed\x9f\xbf"));     /* U+D7FF, just below the surrogates */
	assert_true(VALID("\xee\x80\x80"));     /* U+E000, just above the surrogates */
	assert_true(VALID("\xef\xbf\xbf"));     /* U+FFFF */
	assert_true(VALID("\xf0\x90\x80\x80")); /* U+10000, smallest four-byte */
	assert_true(VALID("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
}

static void
test_utf8_valid_accepts_euro_sign_and_emoji(void **state)
{
	assert_true(VALID("\xe2\x82\xac 5"));       /* € */
	assert_true(VALID("ok \xf0\x9f\x98\x80!")); /* 😀 */
}

static void
test_utf8_valid_refuses_overlong_two_byte_forms(void **state)
{
	assert_false(VALID("\xc0\xaf")); /* '/' */
	assert_false(VALID("\xc0\x80")); /* NUL, the "modified UTF-8" form */
	assert_false(VALID("\xc1\xbf")); /* U+007F */
}

static void
test_utf8_valid_refuses_overlong_three_byte_forms(void **state)
{
	assert_false(VALID("\xe0\x80\xaf")); /* '/' */
	assert_false(VALID("\xe0\x9f\xbf")); /* U+07FF */
}

static void
test_utf8_valid_refuses_overlong_four_byte_forms(void **state)
{
	assert_false(VALID("\xf0\x80\x80\xaf")); /* '/' */
	assert_false(VALID("\xf0\x8f\xbf\xbf")); /* U+FFFF */
}

static void
test_utf8_valid_refuses_surrogates(void **state)
{
	assert_false(VALID("\xed\xa0\x80"));             /* U+D800 */
	assert_false(VALID("\xed\xaf\xbf"));             /* U+DBFF */
	assert_false(VALID("\xed\xb0\x80"));             /* U+DC00 */
	assert_false(VALID("\xed\xbf\xbf"));             /* U+DFFF */
	assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair for U+1F600 */
}

static void
test_utf8_valid_refuses_code_points_above_10ffff(void **state)
{
	assert_false(VALID("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xf7\xbf\xbf\xbf"));
	assert_false(VALID("\xf8\x88\x80\x80\x80")); /* old five-byte form */
	assert_false(VALID("\xfc\x84\x80\x80\x80\x80"));
}

static void
test_utf8_valid_refuses_bytes_fe_and_ff(void **state)
{
	assert_false(VALID("\xfe"));
	assert_false(VALID("\xff"));
	assert_false(VALID("a\xff"
	                   "b"));
}

static void
test_utf8_valid_refuses_lone_continuation_bytes(void **state)
{
	assert_false(VALID("\x80"));
	assert_false(VALID("a\xbf"
	                   "b"));
	assert_false(VALID("\xc3\xbc\xbc")); /* ü followed by a stray continuation */
}

static void
test_utf8_valid_refuses_sequences_truncated_at_end(void **state)
{
	assert_false(VALID("abc\xc3"));
	assert_false(VALID("abc\xe2\x82"));
	assert_false(VALID("abc\xf0\x9f\x98"));
}

static void
test_utf8_valid_refuses_sequences_interrupted_by_ascii(void **state)
{
	assert_false(VALID("\xc3"
	                   "a"));
	assert_false(VALID("\xe2\x82"
	                   "a"));
	assert_false(VALID("\xf0\x9f\x98"
	                   "a"));
}

static void
test_utf8_valid_does_not_read_past_n(void **state)
{
	/* The length cuts an otherwise valid ü in half. */
	assert_false(str_utf8_valid("\xc3\xbc", 1));
	/* Bytes after n are not looked at. */
	assert_true(str_utf8_valid("ok\xff", 2));
}

static void
test_utf8_valid_refuses_nul(void **state)
{
	assert_false(VALID("a\0b"));
	assert_false(VALID("\0"));
}

static void
test_utf8_valid_refuses_c0_controls(void **state)
{
	assert_false(VALID("\x01"));
	assert_false(VALID("a\x08z")); /* backspace */
	assert_false(VALID("a\x0bz")); /* vertical tab */
	assert_false(VALID("a\x0cz")); /* form feed */
	assert_false(VALID("a\x1bz")); /* escape, starts terminal sequences */
	assert_false(VALID("a\x1fz"));
}

static void
test_utf8_valid_refuses_del(void **state)
{
	assert_false(VALID("a\x7f"));
}

/* ---- str_utf8_len ---- */

static void
test_utf8_len_of_empty_string_is_zero(void **state)
{
	assert_int_equal(str_utf8_len(""), 0);
}

static void
test_utf8_len_of_ascii_is_byte_count(void **state)
{
	assert_int_equal(str_utf8_len("Leuchtturm"), 10);
}

static void
test_utf8_len_counts_umlauts_once(void **state)
{
	assert_int_equal(str_utf8_len("ÄÖÜäöü"), 6); /* 12 bytes */
	assert_int_equal(str_utf8_len("Grüße"), 5);  /* 7 bytes */
}

static void
test_utf8_len_counts_sharp_s_once(void **state)
{
	assert_int_equal(str_utf8_len("ß"), 1);
	assert_int_equal(str_utf8_len("Straße"), 6);
}

static void
test_utf8_len_counts_emoji_once(void **state)
{
	assert_int_equal(str_utf8_len("\xf0\x9f\x98\x80"), 1); /* 😀 */
	assert_int_equal(str_utf8_len("a\xf0\x9f\x98\x80"
	                              "b"),
	                 3);                               /* a😀b */
	assert_int_equal(str_utf8_len("\xe2\x82\xac"), 1); /* € */
}

/* ---- str_hex ---- */

static void
test_hex_writes_two_lowercase_digits_per_byte(void **state)
{
	const unsigned char in[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
	char out[2 * sizeof in + 1];
	memset(out, '#', sizeof out);
	str_hex(out, in, sizeof in);
	assert_string_equal(out, "00017f80abff");
}

static void
test_hex_of_nothing_is_empty_string(void **state)
{
	char out[1] = {'#'};
	str_hex(out, (const unsigned char *)"", 0);
	assert_string_equal(out, "");
}

/* ---- str_eq, str_starts ---- */

static void
test_eq_compares_contents(void **state)
{
	char a[] = "abc";
	assert_true(str_eq(a, "abc"));
	assert_false(str_eq("abc", "abd"));
	assert_false(str_eq("abc", "ab"));
}

static void
test_eq_with_null_is_false(void **state)
{
	assert_false(str_eq(NULL, "a"));
	assert_false(str_eq("a", NULL));
	assert_false(str_eq(NULL, NULL));
}

static void
test_starts_matches_prefix(void **state)
{
	assert_true(str_starts("/admin/users", "/admin"));
	assert_true(str_starts("abc", ""));
	assert_false(str_starts("/adm", "/admin"));
	assert_false(str_starts(NULL, "/"));
}

/* ---- str_trim ---- */

static void
test_trim_removes_spaces_on_both_ends(void **state)
{
	char s[] = "   Leuchtturm  ";
	assert_string_equal(str_trim(s), "Leuchtturm");
}

static void
test_trim_removes_tab_cr_lf(void **state)
{
	char s[] = "\t\r\n x \r\n\t";
	assert_string_equal(str_trim(s), "x");
}

static void
test_trim_keeps_inner_white_space(void **state)
{
	char s[] = "  a  b\tc ";
	assert_string_equal(str_trim(s), "a  b\tc");
}

static void
test_trim_returns_its_argument(void **state)
{
	char s[] = "  moved";
	assert_ptr_equal(str_trim(s), s);
	assert_string_equal(s, "moved");
}

static void
test_trim_of_only_white_space_is_empty(void **state)
{
	char s[] = " \t\r\n ";
	assert_string_equal(str_trim(s), "");
}

static void
test_trim_of_empty_string_is_empty(void **state)
{
	char s[] = "";
	assert_string_equal(str_trim(s), "");
}

static void
test_trim_leaves_non_ascii_alone(void **state)
{
	char s[] = " ßü ";
	assert_string_equal(str_trim(s), "ßü");
}

/* ---- str_is_local_path ---- */

static void
test_local_path_accepts_absolute_path(void **state)
{
	assert_true(str_is_local_path("/a"));
	assert_true(str_is_local_path("/"));
	assert_true(str_is_local_path("/calls/3/proposals?page=2#top"));
}

static void
test_local_path_refuses_protocol_relative_url(void **state)
{
	assert_false(str_is_local_path("//evil.example"));
	assert_false(str_is_local_path("//"));
}

static void
test_local_path_refuses_backslash_after_slash(void **state)
{
	/* Browsers treat "\" like "/", so "/\evil" means "//evil". */
	assert_false(str_is_local_path("/\\evil"));
}

static void
test_local_path_refuses_backslash_anywhere(void **state)
{
	assert_false(str_is_local_path("/a\\b"));
}

static void
test_local_path_refuses_absolute_url(void **state)
{
	assert_false(str_is_local_path("http://x"));
	assert_false(str_is_local_path("https://evil.example/"));
	assert_false(str_is_local_path("javascript:alert(1)"));
}

static void
test_local_path_refuses_relative_path(void **state)
{
	assert_false(str_is_local_path("a/b"));
	assert_false(str_is_local_path("evil.example"));
}

static void
test_local_path_refuses_empty_and_null(void **state)
{
	assert_false(str_is_local_path(""));
	assert_false(str_is_local_path(NULL));
}

static void
test_local_path_refuses_cr_lf(void **state)
{
	/* Header splitting in a Location header. */
	assert_false(str_is_local_path("/a\r\nb"));
	assert_false(str_is_local_path("/a\nSet-Cookie: x=1"));
}

static void
test_local_path_refuses_tab_that_browsers_strip(void **state)
{
	/* Browsers drop tabs and newlines from URLs, which would turn this into "//evil". */
	assert_false(str_is_local_path("/\t/evil.example"));
	assert_false(str_is_local_path("/\n/evil.example"));
}

/* ---- str_is_email ---- */

static void
test_email_accepts_plain_addresses(void **state)
{
	assert_true(str_is_email("a@b.de"));
	assert_true(str_is_email("anna.schmidt+projekt@fachstelle.example.org"));
}

static void
test_email_refuses_malformed_addresses(void **state)
{
	assert_false(str_is_email(""));
	assert_false(str_is_email("@b.de"));
	assert_false(str_is_email("a@"));
	assert_false(str_is_email("a@b"));
	assert_false(str_is_email("a@b.de."));
	assert_false(str_is_email("a@b@c.de"));
	assert_false(str_is_email("a b@c.de"));
	assert_false(str_is_email("<a@b.de>"));
}

/* ---- str_hash ---- */

static void
test_hash_is_fnv1a(void **state)
{
	/* The published FNV-1a 64 values of "" and "a". */
	assert_true(str_hash(STR_HASH_SEED, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(str_hash(STR_HASH_SEED, "a", 1) == 0xaf63dc4c8601ec8cULL);
	/* Folding in parts gives the hash of the whole. */
	assert_true(str_hash(str_hash(STR_HASH_SEED, "ab", 2), "c", 1) ==
	            str_hash(STR_HASH_SEED, "abc", 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_valid_accepts_empty_input),
	    cmocka_unit_test(test_utf8_valid_accepts_printable_ascii),
	    cmocka_unit_test(test_utf8_valid_accepts_tab_cr_lf),
	    cmocka_unit_test(test_utf8_valid_accepts_german_text),
	    cmocka_unit_test(test_utf8_valid_accepts_boundaries_of_each_length),
	    cmocka_unit_test(test_utf8_valid_accepts_euro_sign_and_emoji),
	    cmocka_unit_test(test_utf8_valid_refuses_overlong_two_byte_forms),
	    cmocka_unit_test(test_utf8_valid_refuses_overlong_three_byte_forms),
	    cmocka_unit_test(test_utf8_valid_refuses_overlong_four_byte_forms),
	    cmocka_unit_test(test_utf8_valid_refuses_surrogates),
	    cmocka_unit_test(test_utf8_valid_refuses_code_points_above_10ffff),
	    cmocka_unit_test(test_utf8_valid_refuses_bytes_fe_and_ff),
	    cmocka_unit_test(test_utf8_valid_refuses_lone_continuation_bytes),
	    cmocka_unit_test(test_utf8_valid_refuses_sequences_truncated_at_end),
	    cmocka_unit_test(test_utf8_valid_refuses_sequences_interrupted_by_ascii),
	    cmocka_unit_test(test_utf8_valid_does_not_read_past_n),
	    cmocka_unit_test(test_utf8_valid_refuses_nul),
	    cmocka_unit_test(test_utf8_valid_refuses_c0_controls),
	    cmocka_unit_test(test_utf8_valid_refuses_del),
	    cmocka_unit_test(test_utf8_len_of_empty_string_is_zero),
	    cmocka_unit_test(test_utf8_len_of_ascii_is_byte_count),
	    cmocka_unit_test(test_utf8_len_counts_umlauts_once),
	    cmocka_unit_test(test_utf8_len_counts_sharp_s_once),
	    cmocka_unit_test(test_utf8_len_counts_emoji_once),
	    cmocka_unit_test(test_hex_writes_two_lowercase_digits_per_byte),
	    cmocka_unit_test(test_hex_of_nothing_is_empty_string),
	    cmocka_unit_test(test_eq_compares_contents),
	    cmocka_unit_test(test_eq_with_null_is_false),
	    cmocka_unit_test(test_starts_matches_prefix),
	    cmocka_unit_test(test_trim_removes_spaces_on_both_ends),
	    cmocka_unit_test(test_trim_removes_tab_cr_lf),
	    cmocka_unit_test(test_trim_keeps_inner_white_space),
	    cmocka_unit_test(test_trim_returns_its_argument),
	    cmocka_unit_test(test_trim_of_only_white_space_is_empty),
	    cmocka_unit_test(test_trim_of_empty_string_is_empty),
	    cmocka_unit_test(test_trim_leaves_non_ascii_alone),
	    cmocka_unit_test(test_local_path_accepts_absolute_path),
	    cmocka_unit_test(test_local_path_refuses_protocol_relative_url),
	    cmocka_unit_test(test_local_path_refuses_backslash_after_slash),
	    cmocka_unit_test(test_local_path_refuses_backslash_anywhere),
	    cmocka_unit_test(test_local_path_refuses_absolute_url),
	    cmocka_unit_test(test_local_path_refuses_relative_path),
	    cmocka_unit_test(test_local_path_refuses_empty_and_null),
	    cmocka_unit_test(test_local_path_refuses_cr_lf),
	    cmocka_unit_test(test_local_path_refuses_tab_that_browsers_strip),
	    cmocka_unit_test(test_email_accepts_plain_addresses),
	    cmocka_unit_test(test_email_refuses_malformed_addresses),
	    cmocka_unit_test(test_hash_is_fnv1a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
