/* Translation lookup in the compiled-in catalogs, and choosing a language for a request. */
#include "util/i18n.h"
#include "util/i18n_tables.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The tables are indexed by enum lang; a new language needs a new row in both places. */
_Static_assert(LANG_DE == 0 && LANG_EN == 1 && I18N_LANG_COUNT == 2,
               "enum lang and the catalog tables disagree");

static const char *const lang_codes[I18N_LANG_COUNT] = {[LANG_DE] = "de", [LANG_EN] = "en"};

/* Marks the "*" range in Accept-Language, which stands for every language not named. */
#define WHO_STAR (-2)
/* q-values are kept in thousandths, the finest step RFC 9110 allows. */
#define Q_MAX 1000

/* ASCII only: the C library's ctype depends on the locale and is undefined for negative char
 * values, and the header is untrusted bytes. */
static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char
to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static enum lang
valid_lang(enum lang lang)
{
	/* The cast also catches negative values a caller may have forced into the enum. */
	return (unsigned)lang < I18N_LANG_COUNT ? lang : LANG_DEFAULT;
}

static int
compare_entry(const void *key, const void *elem)
{
	const struct i18n_entry *e = elem;
	return strcmp(key, e->msgid);
}

static const struct i18n_entry *
lookup(enum lang lang, const char *msgid)
{
	const struct i18n_table *t = &i18n_tables[valid_lang(lang)];
	/* An empty catalog has a NULL base, which bsearch must not be given even for 0 rows. */
	if (t->count == 0)
		return NULL;
	return bsearch(msgid, t->entries, t->count, sizeof t->entries[0], compare_entry);
}

const char *
i18n_get(enum lang lang, const char *msgid)
{
	if (!msgid)
		return "";
	const struct i18n_entry *e = lookup(lang, msgid);
	return e ? e->msgstr : msgid;
}

const char *
i18n_nget(enum lang lang, const char *msgid, const char *msgid_plural, long n)
{
	if (!msgid)
		return (n != 1 && msgid_plural) ? msgid_plural : "";
	if (!msgid_plural)
		msgid_plural = msgid;
	const struct i18n_entry *e = lookup(lang, msgid);
	/* An entry without plural forms cannot say "n things"; using its singular for every n
	 * would be wrong, so the untranslated pair is shown instead. */
	if (e && e->msgstr_plural)
		return n == 1 ? e->msgstr : e->msgstr_plural;
	return n == 1 ? msgid : msgid_plural;
}

const char *
i18n_code(enum lang lang)
{
	return lang_codes[valid_lang(lang)];
}

/* Which of our languages a primary subtag of length n names, case-insensitively; -1 if none. */
static int
lang_of_primary(const char *s, size_t n)
{
	if (n != 2)
		return -1;
	for (int l = 0; l < I18N_LANG_COUNT; l++)
		if (to_lower(s[0]) == lang_codes[l][0] && to_lower(s[1]) == lang_codes[l][1])
			return l;
	return -1;
}

/* Length of the language tag at s[0..n): 1*8ALPHA *("-" 1*8alphanum) as in RFC 9110;
 * 0 when there is none. '_' is taken as '-' because locale names ("en_GB") use it.
 * *primary gets the length of the first subtag. */
static size_t
tag_len(const char *s, size_t n, size_t *primary)
{
	size_t i = 0;
	while (i < n && is_alpha(s[i]))
		if (++i > 8)
			return 0;
	if (i == 0)
		return 0;
	*primary = i;
	while (i < n && (s[i] == '-' || s[i] == '_')) {
		size_t start = ++i;
		while (i < n && (is_alpha(s[i]) || is_digit(s[i])))
			if (++i - start > 8)
				return 0;
		if (i == start)
			return 0;
	}
	return i;
}

int
i18n_parse(const char *code)
{
	if (!code)
		return -1;
	size_t n = strlen(code), primary = 0;
	if (tag_len(code, n, &primary) != n || n == 0)
		return -1;
	return lang_of_primary(code, primary);
}

/* Skips optional white space (SP, HTAB) from s[i]; returns the new index. */
static size_t
skip_ows(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Parses a qvalue ("0" ["." 0*3DIGIT] / "1" ["." 0*3"0"]) into thousandths; returns its
 * length, 0 when malformed or above 1. */
static size_t
parse_qvalue(const char *s, size_t n, int *q)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return 0;
	int v = (s[0] - '0') * Q_MAX;
	size_t i = 1;
	if (i < n && s[i] == '.') {
		i++;
		for (int scale = Q_MAX / 10; scale > 0 && i < n && is_digit(s[i]); scale /= 10)
			v += (s[i++] - '0') * scale;
	}
	if (v > Q_MAX || (i < n && is_digit(s[i])))
		return 0;
	*q = v;
	return i;
}

/* One list element of Accept-Language: OWS range OWS [";" OWS "q=" qvalue] OWS.
 * *who gets the language index, WHO_STAR, or -1 for a language we do not have.
 * False for an empty or malformed element, which the caller skips. */
static bool
parse_element(const char *s, size_t n, int *who, int *q)
{
	size_t i = skip_ows(s, n, 0);
	if (i == n)
		return false;
	if (s[i] == '*') {
		*who = WHO_STAR;
		i++;
	} else {
		size_t primary = 0, len = tag_len(s + i, n - i, &primary);
		if (len == 0)
			return false;
		*who = lang_of_primary(s + i, primary);
		i += len;
	}
	*q = Q_MAX;
	i = skip_ows(s, n, i);
	if (i < n && s[i] == ';') {
		/* Space around "q" and "=" is not in the grammar but costs nothing to allow. */
		i = skip_ows(s, n, i + 1);
		if (i == n || to_lower(s[i]) != 'q')
			return false;
		i = skip_ows(s, n, i + 1);
		if (i == n || s[i] != '=')
			return false;
		i = skip_ows(s, n, i + 1);
		size_t len = parse_qvalue(s + i, n - i, q);
		if (len == 0)
			return false;
		i = skip_ows(s, n, i + len);
	}
	return i == n;
}

enum lang
i18n_from_accept_language(const char *header)
{
	if (!header)
		return LANG_DEFAULT;
	/* Best q and the list position where it was given, per language; -1 = not named. */
	int q[I18N_LANG_COUNT];
	size_t pos[I18N_LANG_COUNT] = {0};
	int star_q = -1;
	size_t star_pos = 0;
	for (int l = 0; l < I18N_LANG_COUNT; l++)
		q[l] = -1;

	/* One pass, no copy and no allocation: a long header costs linear time and nothing
	 * else (the HTTP layer bounds its size anyway). Malformed elements are skipped rather
	 * than spoiling the whole header, as a browser's list is rarely wrong everywhere. */
	const char *s = header;
	for (size_t elem = 0;; elem++) {
		size_t n = strcspn(s, ",");
		int who, qv;
		if (parse_element(s, n, &who, &qv)) {
			if (who == WHO_STAR && qv > star_q) {
				star_q = qv;
				star_pos = elem;
			} else if (who >= 0 && qv > q[who]) {
				q[who] = qv;
				pos[who] = elem;
			}
		}
		if (s[n] == '\0')
			break;
		s += n + 1;
	}

	/* Highest q wins; on equal q the one listed first (browsers list in order of
	 * preference); when even that ties ("*" alone) the default. q=0 means "not
	 * acceptable", so it never wins. */
	int best = -1, best_q = 0;
	size_t best_pos = 0;
	for (int l = 0; l < I18N_LANG_COUNT; l++) {
		int ql = q[l];
		size_t pl = pos[l];
		if (ql < 0) {
			ql = star_q;
			pl = star_pos;
		}
		if (ql <= 0)
			continue;
		if (best < 0 || ql > best_q || (ql == best_q && pl < best_pos) ||
		    (ql == best_q && pl == best_pos && l == LANG_DEFAULT)) {
			best = l;
			best_q = ql;
			best_pos = pl;
		}
	}
	return best < 0 ? LANG_DEFAULT : (enum lang)best;
}
