/* The escaping HTML writer, the parsers of request text (parse.c) and CSRF tokens (csrf.c). */
#include "html/html.h"
#include "http/csrf.h"
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

struct writer {
	struct buf out;
	struct arena arena;
	struct html *h;
};

static int
setup_writer(void **state)
{
	struct writer *w = calloc(1, sizeof *w);
	w->h = html_new(&w->arena, &w->out);
	*state = w;
	return 0;
}

static int
teardown_writer(void **state)
{
	struct writer *w = *state;
	buf_free(&w->out);
	arena_free(&w->arena);
	free(w);
	return 0;
}

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

/* ---- the HTML writer ---- */

static void
test_text_escapes(void **state)
{
	struct writer *w = *state;
	html_text(w->h, "Tom & Jerry <b>\"hi\"</b> it's");
	assert_string_equal(buf_str(&w->out),
	                    "Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; it&#39;s");
}

static void
test_text_passes_plain_and_utf8(void **state)
{
	struct writer *w = *state;
	html_text(w->h, "Grüße aus Köln – 100 % sicher");
	html_text(w->h, NULL); /* nothing */
	html_text(w->h, "");
	assert_string_equal(buf_str(&w->out), "Grüße aus Köln – 100 % sicher");
}

static void
test_textn_stops_at_n(void **state)
{
	struct writer *w = *state;
	html_textn(w->h, "a<b>c", 3);
	assert_string_equal(buf_str(&w->out), "a&lt;b");
}

static void
test_attribute_escapes(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "a", "href", "/suche?q=a&b=\"c\"", "title", "<'x'>", NULL);
	assert_string_equal(
	    buf_str(&w->out),
	    "<a href=\"/suche?q=a&amp;b=&quot;c&quot;\" title=\"&lt;&#39;x&#39;&gt;\">");
}

static void
test_attribute_breakout_is_inert(void **state)
{
	struct writer *w = *state;
	html_void(w->h, "input", "value", "\" onfocus=\"alert(1)", NULL);
	assert_string_equal(buf_str(&w->out), "<input value=\"&quot; onfocus=&quot;alert(1)\">");
}

static void
test_null_attribute_omitted(void **state)
{
	struct writer *w = *state;
	html_void(w->h, "input", "type", "checkbox", "checked", NULL, "name", "x", NULL);
	assert_string_equal(buf_str(&w->out), "<input type=\"checkbox\" name=\"x\">");
}

static void
test_empty_attribute_bare(void **state)
{
	struct writer *w = *state;
	html_void(w->h, "input", "type", "checkbox", "checked", "", "name", "x", NULL);
	assert_string_equal(buf_str(&w->out), "<input type=\"checkbox\" checked name=\"x\">");
}

static void
test_void_not_pushed(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "p", NULL);
	html_void(w->h, "br", NULL);
	html_close(w->h, "p");
	assert_string_equal(buf_str(&w->out), "<p><br></p>");
	assert_int_equal(html_depth(w->h), 0);
	assert_false(html_broken(w->h));
}

static void
test_nested_elements(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "ul", "class", "list", NULL);
	html_open(w->h, "li", NULL);
	html_open(w->h, "a", "href", "/a?x=1&y=2", NULL);
	html_text(w->h, "A & B");
	html_close(w->h, "a");
	html_close(w->h, "li");
	assert_int_equal(html_depth(w->h), 1);
	html_close(w->h, "ul");
	assert_string_equal(buf_str(&w->out), "<ul class=\"list\"><li><a href=\"/a?x=1&amp;y=2\">"
	                                      "A &amp; B</a></li></ul>");
	assert_int_equal(html_depth(w->h), 0);
	assert_false(html_broken(w->h));
}

static void
test_close_mismatch_breaks(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "div", NULL);
	html_open(w->h, "p", NULL);
	html_close(w->h, "div");
	assert_true(html_broken(w->h));
	/* Nothing is written for the wrong close, and both elements stay open. */
	assert_string_equal(buf_str(&w->out), "<div><p>");
	assert_int_equal(html_depth(w->h), 2);
}

static void
test_close_nothing_open_breaks(void **state)
{
	struct writer *w = *state;
	html_close(w->h, "div");
	assert_true(html_broken(w->h));
	assert_string_equal(buf_str(&w->out), "");
	assert_int_equal(html_depth(w->h), 0);
}

static void
test_too_deep_breaks(void **state)
{
	struct writer *w = *state;
	for (int i = 0; i < 48; i++)
		html_open(w->h, "div", NULL);
	assert_false(html_broken(w->h));
	html_open(w->h, "div", NULL);
	assert_true(html_broken(w->h));
	assert_int_equal(html_depth(w->h), 48);
}

static void
test_close_to(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "body", NULL);
	html_open(w->h, "main", NULL);
	html_open(w->h, "section", NULL);
	html_open(w->h, "p", NULL);
	html_close_to(w->h, 1);
	assert_string_equal(buf_str(&w->out), "<body><main><section><p></p></section></main>");
	assert_int_equal(html_depth(w->h), 1);
	html_close_to(w->h, 0);
	assert_string_equal(buf_str(&w->out),
	                    "<body><main><section><p></p></section></main></body>");
	assert_int_equal(html_depth(w->h), 0);
	html_close_to(w->h, 0); /* nothing left: no-op */
	assert_false(html_broken(w->h));
}

static void
test_elem(void **state)
{
	struct writer *w = *state;
	html_elem(w->h, "td", "3 < 4 & 5 > 2", "class", "num", NULL);
	html_elem(w->h, "td", NULL, NULL);
	assert_string_equal(buf_str(&w->out),
	                    "<td class=\"num\">3 &lt; 4 &amp; 5 &gt; 2</td><td></td>");
	assert_int_equal(html_depth(w->h), 0);
}

static void
test_textf_escapes_output(void **state)
{
	struct writer *w = *state;
	html_textf(w->h, "%s hat %d Vorschläge & \"%s\"", "<script>", 3, "O'Neil");
	assert_string_equal(buf_str(&w->out),
	                    "&lt;script&gt; hat 3 Vorschläge &amp; &quot;O&#39;Neil&quot;");
}

static void
test_textf_empty(void **state)
{
	struct writer *w = *state;
	html_textf(w->h, "%s", "");
	assert_string_equal(buf_str(&w->out), "");
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

/* ---- CSRF ---- */

static const unsigned char KEY[32] = "0123456789abcdef0123456789abcdef";

static int
setup_csrf(void **state)
{
	csrf_set_secret(KEY, sizeof KEY);
	return 0;
}

/* HMAC-SHA-256 under KEY of purpose, a NUL, and value, as hex: computed here. */
static void
expected_mac(char out[65], const char *purpose, const char *value)
{
	unsigned char msg[256], digest[crypto_auth_hmacsha256_BYTES];
	size_t np = strlen(purpose) + 1, nv = strlen(value);
	memcpy(msg, purpose, np);
	memcpy(msg + np, value, nv);
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, KEY, sizeof KEY);
	crypto_auth_hmacsha256_update(&st, msg, np + nv);
	crypto_auth_hmacsha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static void
test_csrf_token_value(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1], want[65];
	csrf_token(tok, "session-abc");
	expected_mac(want, "csrf", "session-abc");
	assert_string_equal(tok, want);
}

static void
test_csrf_check_right(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	assert_true(csrf_check(tok, "session-abc"));
}

static void
test_csrf_check_wrong(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	for (size_t i = 0; i < CSRF_TOKEN_LEN; i += 21) {
		char bad[CSRF_TOKEN_LEN + 1];
		memcpy(bad, tok, sizeof bad);
		bad[i] = bad[i] == 'a' ? 'b' : 'a';
		assert_false(csrf_check(bad, "session-abc"));
	}
	assert_false(csrf_check("", "session-abc"));
	assert_false(csrf_check(NULL, "session-abc"));
}

static void
test_csrf_check_other_binding(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	assert_false(csrf_check(tok, "session-abd"));
	assert_false(csrf_check(tok, ""));
	assert_false(csrf_check(tok, NULL));
}

static void
test_csrf_check_wrong_length(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1], longer[CSRF_TOKEN_LEN + 2];
	csrf_token(tok, "session-abc");
	snprintf(longer, sizeof longer, "%s0", tok);
	assert_false(csrf_check(longer, "session-abc"));
	tok[CSRF_TOKEN_LEN - 1] = '\0';
	assert_false(csrf_check(tok, "session-abc"));
}

static void
test_csrf_other_secret(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	unsigned char other[32];
	memset(other, 7, sizeof other);
	csrf_set_secret(other, sizeof other);
	assert_false(csrf_check(tok, "session-abc"));
}

static void
test_signed_value(void **state)
{
	char signed_value[128], want[128], mac[65];
	csrf_sign(signed_value, sizeof signed_value, "lang", "en");
	expected_mac(mac, "lang", "en");
	snprintf(want, sizeof want, "en.%.32s", mac);
	assert_string_equal(signed_value, want);
	char out[16];
	assert_true(csrf_verify_signed(signed_value, "lang", out, sizeof out));
	assert_string_equal(out, "en");
}

static void
test_signed_value_with_dots(void **state)
{
	char signed_value[128], out[32];
	csrf_sign(signed_value, sizeof signed_value, "notice", "a.b.c");
	assert_true(csrf_verify_signed(signed_value, "notice", out, sizeof out));
	assert_string_equal(out, "a.b.c");
}

static void
test_signed_value_altered(void **state)
{
	char signed_value[128], bad[128], out[32];
	csrf_sign(signed_value, sizeof signed_value, "lang", "en");
	/* Another value under the same signature. */
	memcpy(bad, signed_value, sizeof bad);
	bad[0] = 'd';
	bad[1] = 'e';
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	/* One digit of the signature changed, first and last. */
	memcpy(bad, signed_value, sizeof bad);
	bad[3] = bad[3] == 'a' ? 'b' : 'a';
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	memcpy(bad, signed_value, sizeof bad);
	bad[34] = bad[34] == 'a' ? 'b' : 'a';
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	/* The right signature for another purpose. */
	assert_false(csrf_verify_signed(signed_value, "notice", out, sizeof out));
}

static void
test_signed_value_malformed(void **state)
{
	char signed_value[64], bad[128], out[32];
	csrf_sign(signed_value, sizeof signed_value, "lang", "en");
	assert_false(csrf_verify_signed(NULL, "lang", out, sizeof out));
	assert_false(csrf_verify_signed("", "lang", out, sizeof out));
	assert_false(csrf_verify_signed("en", "lang", out, sizeof out));
	snprintf(bad, sizeof bad, "%.*s", 34, signed_value); /* signature one short */
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	snprintf(bad, sizeof bad, "%s0", signed_value); /* one long */
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	/* The value would not fit the caller's buffer. */
	char tiny[2];
	assert_false(csrf_verify_signed(signed_value, "lang", tiny, sizeof tiny));
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	log_set_quiet(1);
#define W(name) cmocka_unit_test_setup_teardown(name, setup_writer, teardown_writer)
#define A(name) cmocka_unit_test_setup_teardown(name, setup_arena, teardown_arena)
#define C(name) cmocka_unit_test_setup(name, setup_csrf)
	const struct CMUnitTest tests[] = {
	    W(test_text_escapes),
	    W(test_text_passes_plain_and_utf8),
	    W(test_textn_stops_at_n),
	    W(test_attribute_escapes),
	    W(test_attribute_breakout_is_inert),
	    W(test_null_attribute_omitted),
	    W(test_empty_attribute_bare),
	    W(test_void_not_pushed),
	    W(test_nested_elements),
	    W(test_close_mismatch_breaks),
	    W(test_close_nothing_open_breaks),
	    W(test_too_deep_breaks),
	    W(test_close_to),
	    W(test_elem),
	    W(test_textf_escapes_output),
	    W(test_textf_empty),
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
	    C(test_csrf_token_value),
	    C(test_csrf_check_right),
	    C(test_csrf_check_wrong),
	    C(test_csrf_check_other_binding),
	    C(test_csrf_check_wrong_length),
	    C(test_csrf_other_secret),
	    C(test_signed_value),
	    C(test_signed_value_with_dots),
	    C(test_signed_value_altered),
	    C(test_signed_value_malformed),
	};
#undef W
#undef A
#undef C
	return cmocka_run_group_tests(tests, NULL, NULL);
}
