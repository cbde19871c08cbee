/* The parsers of request text (parse.c): URL encoding and decoding, urlencoded forms,
 * cookies. */
#include "http/csrf.h"
#include "html/html.h"
#include "http/parse.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

static int
setup_arena(void **state)
{
	*state = calloc(1, sizeof(struct arena));
	return 0;
}

static int
teardown_arena(void **state)
{
	arena_free(*state);
	free(*state);
	return 0;
}

static void
test_url_encode(void **state)
{
	struct buf b = BUF_INIT;
	url_encode(&b, "a b&c=d/e?f#g+h%i");
	assert_string_equal(buf_str(&b), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i");
	buf_reset(&b);
	url_encode(&b, "AZaz09-_.~");
	assert_string_equal(buf_str(&b), "AZaz09-_.~");
	buf_reset(&b);
	url_encode(&b, "Köln\"<'");
	assert_string_equal(buf_str(&b), "K%C3%B6ln%22%3C%27");
	buf_reset(&b);
	url_encode(&b, "");
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

/* ---- URL decoding ---- */

static long
decode(char *out, const char *in, int plus)
{
	return parse_url_decode(out, in, strlen(in), plus);
}

static void
test_decode_percent(void **state)
{
	char out[64];
	assert_int_equal(decode(out, "a%41%2f%2F%7e", 0), 5);
	assert_string_equal(out, "aA//~");
	assert_int_equal(decode(out, "K%C3%B6ln", 0), 5);
	assert_string_equal(out, "Köln");
	assert_int_equal(decode(out, "", 0), 0);
	assert_string_equal(out, "");
}

static void
test_decode_plus(void **state)
{
	char out[64];
	assert_int_equal(decode(out, "a+b%2B", 1), 4);
	assert_string_equal(out, "a b+");
	assert_int_equal(decode(out, "a+b%2B", 0), 4);
	assert_string_equal(out, "a+b+");
}

static void
test_decode_respects_length(void **state)
{
	char out[64];
	assert_int_equal(parse_url_decode(out, "ab%41xyz", 5, 0), 3);
	assert_string_equal(out, "abA");
}

static void
test_decode_bad_escapes(void **state)
{
	char out[64];
	assert_int_equal(decode(out, "%zz", 0), -1);
	assert_int_equal(decode(out, "%4g", 0), -1);
	assert_int_equal(decode(out, "%g4", 0), -1);
	assert_int_equal(decode(out, "% 41", 0), -1);
	assert_int_equal(decode(out, "%+1", 1), -1);
}

static void
test_decode_truncated(void **state)
{
	char out[64];
	assert_int_equal(decode(out, "%4", 0), -1);
	assert_int_equal(decode(out, "abc%", 0), -1);
	assert_int_equal(decode(out, "%", 0), -1);
	/* A complete escape cut by the length. */
	assert_int_equal(parse_url_decode(out, "%41", 2, 0), -1);
}

static void
test_decode_refuses_nul_and_controls(void **state)
{
	char out[64];
	assert_int_equal(decode(out, "a%00b", 0), -1);
	assert_int_equal(decode(out, "%01", 0), -1);
	assert_int_equal(decode(out, "%1b[31m", 0), -1);
	assert_int_equal(decode(out, "%7F", 0), -1);
	/* Line breaks and tabs are text. */
	assert_int_equal(decode(out, "a%0D%0Ab%09", 0), 5);
	assert_string_equal(out, "a\r\nb\t");
}

static void
test_decode_refuses_invalid_utf8(void **state)
{
	char out[64];
	assert_int_equal(decode(out, "%FF", 0), -1);
	assert_int_equal(decode(out, "%C3", 0), -1);          /* lead byte alone */
	assert_int_equal(decode(out, "%C3%28", 0), -1);       /* bad continuation */
	assert_int_equal(decode(out, "%C0%AF", 0), -1);       /* overlong '/' */
	assert_int_equal(decode(out, "%ED%A0%80", 0), -1);    /* surrogate */
	assert_int_equal(decode(out, "%F4%90%80%80", 0), -1); /* past U+10FFFF */
	assert_int_equal(decode(out, "\xff", 0), -1);         /* raw, not escaped */
	assert_int_equal(decode(out, "%F0%9F%92%A1", 0), 4);  /* a light bulb is fine */
}

/* ---- urlencoded forms ---- */

static int
urlencoded(struct arena *a, const char *s, struct kvlist *list)
{
	memset(list, 0, sizeof *list);
	return parse_urlencoded(a, s, strlen(s), list);
}

static void
test_urlencoded_fields(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "name=Anna+M%C3%BCller&mail=a%40example.org", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].key, "name");
	assert_string_equal(l.items[0].value, "Anna Müller");
	assert_int_equal(l.items[0].len, 12);
	assert_string_equal(kv_get(&l, "mail"), "a@example.org");
	assert_null(kv_get(&l, "other"));
}

static void
test_urlencoded_empty_pairs_skipped(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "&a=1&&b=2&", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_int_equal(urlencoded(*state, "", &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(urlencoded(*state, "&&&", &l), 0);
	assert_int_equal(l.n, 0);
}

static void
test_urlencoded_key_without_value(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "flag&x=&y=1", &l), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "flag"), "");
	assert_string_equal(kv_get(&l, "x"), "");
	assert_int_equal(l.items[1].len, 0);
}

static void
test_urlencoded_value_keeps_equals(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "q=a=b&a+b=c", &l), 0);
	assert_string_equal(kv_get(&l, "q"), "a=b");
	assert_string_equal(kv_get(&l, "a b"), "c");
}

static void
test_urlencoded_repeated_keys(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "tag=a&tag=b", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "tag"), "a"); /* the first wins */
	assert_string_equal(l.items[1].value, "b");
}

static void
test_urlencoded_empty_key(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "=x", &l), -1);
	assert_int_equal(urlencoded(*state, "a=1&=x", &l), -1);
	assert_int_equal(urlencoded(*state, "=", &l), -1);
}

static void
test_urlencoded_bad_escape(void **state)
{
	struct kvlist l;
	assert_int_equal(urlencoded(*state, "a=%zz", &l), -1);
	assert_int_equal(urlencoded(*state, "%zz=1", &l), -1);
	assert_int_equal(urlencoded(*state, "a=1&b=%4", &l), -1);
	assert_int_equal(urlencoded(*state, "a=%00", &l), -1);
	assert_int_equal(urlencoded(*state, "a=%C3%28", &l), -1);
}

static void
test_urlencoded_field_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct kvlist l;
	for (int i = 0; i < 512; i++)
		buf_puts(&b, "a=1&");
	assert_int_equal(urlencoded(*state, buf_str(&b), &l), 0);
	assert_int_equal(l.n, 512);
	/* Empty pairs do not count. */
	buf_puts(&b, "&&&");
	assert_int_equal(urlencoded(*state, buf_str(&b), &l), 0);
	assert_int_equal(l.n, 512);
	buf_puts(&b, "b");
	assert_int_equal(urlencoded(*state, buf_str(&b), &l), -1);
	buf_free(&b);
}

/* ---- cookies ---- */

static int
cookies(struct arena *a, const char *h, struct kvlist *list)
{
	memset(list, 0, sizeof *list);
	return parse_cookies(a, h, list);
}

static void
test_cookies_basic(void **state)
{
	struct kvlist l;
	assert_int_equal(cookies(*state, "sid=abc123; lang=de", &l), 2);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "sid"), "abc123");
	assert_string_equal(kv_get(&l, "lang"), "de");
	assert_int_equal(cookies(*state, "a=1;b=2", &l), 2);
	assert_string_equal(kv_get(&l, "b"), "2");
}

static void
test_cookies_quoted(void **state)
{
	struct kvlist l;
	assert_int_equal(cookies(*state, "a=\"quoted\"; b=\"\"", &l), 2);
	assert_string_equal(kv_get(&l, "a"), "quoted");
	assert_int_equal(l.items[0].len, 6);
	assert_string_equal(kv_get(&l, "b"), "");
}

static void
test_cookies_spaces(void **state)
{
	struct kvlist l;
	assert_int_equal(cookies(*state, "  a=1 ;\tb=2\t;  c=3  ", &l), 3);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "2");
	assert_string_equal(kv_get(&l, "c"), "3");
	assert_int_equal(l.items[2].len, 1);
	/* A space inside the value or the name spoils that pair only. */
	assert_int_equal(cookies(*state, "a=1 2; b c=3; d=4", &l), 1);
	assert_string_equal(kv_get(&l, "d"), "4");
}

static void
test_cookies_malformed_skipped(void **state)
{
	struct kvlist l;
	assert_int_equal(cookies(*state, "novalue; =x; ;; ok=1; also", &l), 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "ok"), "1");
	assert_int_equal(cookies(*state, "e=", &l), 1);
	assert_string_equal(kv_get(&l, "e"), "");
	assert_int_equal(cookies(*state, "", &l), 0);
	assert_int_equal(cookies(*state, NULL, &l), 0);
	assert_int_equal(cookies(*state, " ; ", &l), 0);
}

static void
test_cookies_bad_characters(void **state)
{
	struct kvlist l;
	assert_int_equal(cookies(*state,
	                         "a=x,y; b=x\"y; c=x\\y; d=\"open; e=caf\xc3\xa9; f=\x01; "
	                         "g(h)=1; i/j=2; k@l=3; ok=fine",
	                         &l),
	                 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "ok"), "fine");
}

static void
test_cookies_limit(void **state)
{
	struct buf b = BUF_INIT;
	struct kvlist l;
	for (int i = 0; i < 70; i++)
		buf_printf(&b, "c%d=%d; ", i, i);
	assert_int_equal(cookies(*state, buf_str(&b), &l), 64);
	assert_int_equal(l.n, 64);
	assert_string_equal(kv_get(&l, "c63"), "63");
	assert_null(kv_get(&l, "c64"));
	buf_free(&b);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	log_set_quiet(1);
#define A(name) cmocka_unit_test_setup_teardown(name, setup_arena, teardown_arena)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_encode),
	    cmocka_unit_test(test_decode_percent),
	    cmocka_unit_test(test_decode_plus),
	    cmocka_unit_test(test_decode_respects_length),
	    cmocka_unit_test(test_decode_bad_escapes),
	    cmocka_unit_test(test_decode_truncated),
	    cmocka_unit_test(test_decode_refuses_nul_and_controls),
	    cmocka_unit_test(test_decode_refuses_invalid_utf8),
	    A(test_urlencoded_fields),
	    A(test_urlencoded_empty_pairs_skipped),
	    A(test_urlencoded_key_without_value),
	    A(test_urlencoded_value_keeps_equals),
	    A(test_urlencoded_repeated_keys),
	    A(test_urlencoded_empty_key),
	    A(test_urlencoded_bad_escape),
	    A(test_urlencoded_field_limit),
	    A(test_cookies_basic),
	    A(test_cookies_quoted),
	    A(test_cookies_spaces),
	    A(test_cookies_malformed_skipped),
	    A(test_cookies_bad_characters),
	    A(test_cookies_limit),
	};
#undef A
	return cmocka_run_group_tests(tests, NULL, NULL);
}
