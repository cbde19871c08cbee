/* Parsers for untrusted request text. Fuzzed by tests/fuzz/fuzz_parse.c. */
#include "http/parse.h"
#include "util/str.h"

#include <string.h>

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
parse_url_decode(char *out, const char *in, size_t n, int plus_is_space)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval(in[i + 1]), lo = hexval(in[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == '\0')
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	/* Form text may contain line breaks and tabs, nothing else below 0x20. */
	if (!str_utf8_valid(out, o))
		return -1;
	return (long)o;
}

void
kv_add(struct arena *a, struct kvlist *list, const char *key, const char *value, size_t len)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct kv *items = arena_alloc(a, cap * sizeof *items);
		if (list->n)
			memcpy(items, list->items, list->n * sizeof *items);
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = (struct kv){key, value, len};
}

const char *
kv_get(const struct kvlist *list, const char *key)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->items[i].key, key) == 0)
			return list->items[i].value;
	return NULL;
}

int
parse_urlencoded(struct arena *a, const char *s, size_t n, struct kvlist *list)
{
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && s[end] != '&')
			end++;
		if (end > i) {
			if (list->n >= PARSE_MAX_FIELDS)
				return -1;
			const char *eq = memchr(s + i, '=', end - i);
			size_t klen = eq ? (size_t)(eq - (s + i)) : end - i;
			size_t vlen = eq ? end - i - klen - 1 : 0;
			char *k = arena_alloc(a, klen + 1);
			char *v = arena_alloc(a, vlen + 1);
			long kl = parse_url_decode(k, s + i, klen, 1);
			long vl = parse_url_decode(v, eq ? eq + 1 : "", vlen, 1);
			if (kl <= 0 || vl < 0)
				return -1;
			kv_add(a, list, k, v, (size_t)vl);
		}
		i = end + 1;
	}
	return 0;
}

static int
cookie_name_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", c);
}

int
parse_cookies(struct arena *a, const char *h, struct kvlist *list)
{
	int kept = 0;
	while (h && *h) {
		while (*h == ' ' || *h == ';' || *h == '\t')
			h++;
		const char *start = h;
		while (*h && *h != ';')
			h++;
		const char *eq = memchr(start, '=', (size_t)(h - start));
		if (!eq || eq == start || list->n >= 64)
			continue;
		int ok = 1;
		for (const char *p = start; p < eq; p++)
			ok &= cookie_name_char((unsigned char)*p);
		const char *v = eq + 1, *vend = h;
		while (vend > v && (vend[-1] == ' ' || vend[-1] == '\t'))
			vend--;
		if (vend - v >= 2 && *v == '"' && vend[-1] == '"') {
			v++;
			vend--;
		}
		for (const char *p = v; p < vend; p++)
			ok &= (unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f && *p != '"' &&
			      *p != ',' && *p != '\\';
		if (!ok)
			continue;
		kv_add(a, list, arena_strndup(a, start, (size_t)(eq - start)),
		       arena_strndup(a, v, (size_t)(vend - v)), (size_t)(vend - v));
		kept++;
	}
	return kept;
}
