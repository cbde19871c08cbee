/* libFuzzer entry point for the parsers of untrusted request text: URL decoding, urlencoded
 * forms, Cookie and Accept-Language headers, UTF-8 validation and Berlin date-times.
 *
 * The whole input (NULs included) goes through the length-delimited parsers; then it is
 * cut at NUL bytes into up to eight pieces, each of which goes through every parser, so one
 * input can carry, say, a cookie header and a date at once. Each piece is copied into a
 * buffer of its exact size (the length-delimited parsers get no terminator), so
 * AddressSanitizer sees any read past its end. Besides crashes, the target checks what the
 * parsers promise (see the comments in parse.h, str.h, i18n.h, timeutil.h) and aborts when
 * a promise is broken. Build and run with tests/fuzz/run.sh. */
#include "http/parse.h"
#include "util/arena.h"
#include "util/i18n.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIECES 8

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_parse: broken promise: %s\n", what);
		abort();
	}
}

/* A malloc'd copy of exactly n bytes, NUL-terminated when asked (for the parsers of C
 * strings); without the NUL, any read past n is one past the allocation. */
static char *
copy(const uint8_t *p, size_t n, bool terminate)
{
	size_t size = n + (terminate ? 1 : 0);
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	if (n)
		memcpy(s, p, n);
	if (terminate)
		s[n] = '\0';
	return s;
}

static void
fuzz_url_decode(const char *in, size_t n)
{
	for (int plus = 0; plus <= 1; plus++) {
		char *out = malloc(n + 1);
		if (!out)
			abort();
		long len = parse_url_decode(out, in, n, plus);
		if (len >= 0) {
			check((size_t)len <= n, "url_decode: no longer than its input");
			check(out[len] == '\0', "url_decode: NUL-terminated");
			check(memchr(out, '\0', (size_t)len) == NULL, "url_decode: no NUL inside");
			check(str_utf8_valid(out, (size_t)len), "url_decode: valid UTF-8");
			/* Without '%' and '+' decoding is the identity. */
			if (!memchr(in, '%', n) && !memchr(in, '+', n))
				check((size_t)len == n && memcmp(out, in, n) == 0,
				      "url_decode: plain text unchanged");
		}
		free(out);
	}
}

static void
check_list(const struct kvlist *list, const char *what)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct kv *kv = &list->items[i];
		check(kv->key && kv->value, what);
		check(strlen(kv->value) == kv->len, what);
		check(kv_get(list, kv->key) != NULL, what);
	}
}

static void
fuzz_urlencoded(struct arena *a, const char *s, size_t n)
{
	struct kvlist list = {0};
	if (parse_urlencoded(a, s, n, &list) == 0) {
		check(list.n <= PARSE_MAX_FIELDS, "urlencoded: at most PARSE_MAX_FIELDS");
		check_list(&list, "urlencoded: well-formed fields");
		for (size_t i = 0; i < list.n; i++) {
			check(list.items[i].key[0] != '\0', "urlencoded: no empty key");
			check(str_utf8_valid(list.items[i].key, strlen(list.items[i].key)) &&
			          str_utf8_valid(list.items[i].value, list.items[i].len),
			      "urlencoded: valid UTF-8");
		}
	}
}

static void
fuzz_cookies(struct arena *a, const char *header)
{
	struct kvlist list = {0};
	int kept = parse_cookies(a, header, &list);
	check(kept >= 0 && (size_t)kept == list.n, "cookies: count matches the list");
	check(list.n <= 64, "cookies: at most 64");
	check_list(&list, "cookies: well-formed pairs");
	for (size_t i = 0; i < list.n; i++)
		check(list.items[i].key[0] != '\0' && !strpbrk(list.items[i].key, "=; \t") &&
		          !strpbrk(list.items[i].value, "; \t\""),
		      "cookies: names and values hold no separators");
}

static void
fuzz_language(const char *header)
{
	enum lang l = i18n_from_accept_language(header);
	check(l == LANG_DE || l == LANG_EN, "accept-language: one of our languages");
	int p = i18n_parse(header);
	check(p == -1 || p == LANG_DE || p == LANG_EN, "i18n_parse: -1 or a language");
	/* A tag we understand on its own is the choice when it is the whole header. */
	if (p >= 0)
		check(l == (enum lang)p, "accept-language: a lone tag wins");
}

static void
fuzz_time(const char *s)
{
	int64_t utc = 0;
	if (!time_parse_berlin(s, &utc))
		return;
	/* What was accepted is shown again exactly as typed (with 'T' between date and time):
	 * in the repeated autumn hour the earlier instant is picked, which formats the same. */
	char back[32];
	time_format_local_input(back, sizeof back, utc);
	char typed[17];
	memcpy(typed, s, 16);
	typed[16] = '\0';
	typed[10] = 'T';
	check(strcmp(back, typed) == 0, "time_parse_berlin: round trip");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Headers and forms are bounded by the HTTP layer; longer inputs only slow the search. */
	if (size > 1 << 16)
		return 0;
	struct arena a = {0};

	/* The whole input, NULs included, through the length-delimited parsers. libFuzzer's
	 * buffer has no terminator, so reading past size is caught. */
	fuzz_url_decode((const char *)data, size);
	fuzz_urlencoded(&a, (const char *)data, size);
	str_utf8_valid((const char *)data, size);

	/* Then each piece through every parser that takes a C string. */
	const uint8_t *p = data, *end = data + size;
	for (int i = 0; i < PIECES; i++) {
		const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if (nul || i > 0) { /* without a NUL the piece is the whole input, done above */
			char *exact = copy(p, n, false);
			fuzz_url_decode(exact, n);
			fuzz_urlencoded(&a, exact, n);
			free(exact);
		}
		char *s = copy(p, n, true);
		fuzz_cookies(&a, s);
		fuzz_language(s);
		fuzz_time(s);
		free(s);
		if (!nul)
			break;
		p = nul + 1;
	}

	arena_free(&a);
	return 0;
}
