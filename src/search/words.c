/* The word rules of the search that need no index: sets of words, the German dictionary,
 * the compound splitter and the typo distance. */
#include "search/search.h"
#include "search/search_internal.h"
#include "util/log.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a set of words: open addressing over one string buffer ---- */

struct search_words {
	uint32_t *slots; /* index + 1 of a word, 0: empty */
	uint32_t *offs;  /* by index: where the word starts in text */
	size_t cap, n;
	struct buf text; /* each word followed by NUL */
};

static uint32_t
hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

struct search_words *
search_words_new(void)
{
	struct search_words *w = xcalloc(1, sizeof *w);
	w->cap = 1024;
	w->slots = xcalloc(w->cap, sizeof *w->slots);
	w->offs = xcalloc(w->cap / 2, sizeof *w->offs);
	w->text = (struct buf)BUF_INIT;
	return w;
}

void
search_words_free(struct search_words *w)
{
	if (!w)
		return;
	free(w->slots);
	free(w->offs);
	buf_free(&w->text);
	free(w);
}

static uint32_t *
slot_of(const struct search_words *w, const char *s, size_t n)
{
	size_t i = hash_bytes(s, n) & (w->cap - 1);
	for (;;) {
		uint32_t o = w->slots[i];
		if (!o)
			return &w->slots[i];
		const char *t = w->text.data + w->offs[o - 1];
		if (strncmp(t, s, n) == 0 && t[n] == '\0')
			return &w->slots[i];
		i = (i + 1) & (w->cap - 1);
	}
}

static void
grow(struct search_words *w)
{
	uint32_t *old = w->slots;
	size_t oldcap = w->cap;
	w->cap *= 2;
	w->slots = xcalloc(w->cap, sizeof *w->slots);
	w->offs = xrealloc(w->offs, w->cap / 2 * sizeof *w->offs);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i]) {
			const char *t = w->text.data + w->offs[old[i] - 1];
			*slot_of(w, t, strlen(t)) = old[i];
		}
	free(old);
}

long
search_words_add(struct search_words *w, const char *s, size_t n)
{
	if (n == 0 || memchr(s, '\0', n))
		return -1;
	if ((w->n + 1) * 2 > w->cap)
		grow(w);
	uint32_t *slot = slot_of(w, s, n);
	if (*slot)
		return (long)*slot - 1;
	w->offs[w->n] = (uint32_t)w->text.len;
	*slot = (uint32_t)++w->n;
	buf_append(&w->text, s, n);
	buf_putc(&w->text, '\0');
	return (long)w->n - 1;
}

long
search_words_find(const struct search_words *w, const char *s, size_t n)
{
	return w && n ? (long)*slot_of(w, s, n) - 1 : -1;
}

bool
search_words_has(const struct search_words *w, const char *s, size_t n)
{
	return search_words_find(w, s, n) >= 0;
}

struct search_words *
search_words_clone(const struct search_words *w)
{
	struct search_words *c = xcalloc(1, sizeof *c);
	c->cap = w->cap;
	c->n = w->n;
	c->slots = xmalloc(w->cap * sizeof *c->slots);
	memcpy(c->slots, w->slots, w->cap * sizeof *c->slots);
	c->offs = xmalloc(w->cap / 2 * sizeof *c->offs);
	memcpy(c->offs, w->offs, w->cap / 2 * sizeof *c->offs);
	c->text = (struct buf)BUF_INIT;
	buf_append(&c->text, w->text.data ? w->text.data : "", w->text.len);
	return c;
}

size_t
search_words_count(const struct search_words *w)
{
	return w ? w->n : 0;
}

const char *
search_words_at(const struct search_words *w, size_t i)
{
	return w->text.data + w->offs[i];
}

size_t
search_words_bytes(const struct search_words *w)
{
	return w ? w->cap * sizeof *w->slots + w->cap / 2 * sizeof *w->offs + w->text.cap : 0;
}

/* ---- the dictionary ---- */

/* Debian's hunspell-de-de (scripts/install-deps installs it). Its words carry affix flags
 * after '/'; the first line is the count. The environment variable
 * LEUCHTTURM_DICTIONARY names another list (one word a line), or "none". */
#define DICTIONARY_PATH "/usr/share/hunspell/de_DE.dic"

static struct search_words *dictionary;
static pthread_once_t dictionary_once = PTHREAD_ONCE_INIT;

struct add_ctx {
	struct search_words *w;
};

static void
add_term(void *ctx, const char *term, size_t n, bool alternative)
{
	struct add_ctx *c = ctx;
	search_words_add(c->w, term, n);
}

static void
load_dictionary(void)
{
	dictionary = search_words_new();
	const char *path = getenv("LEUCHTTURM_DICTIONARY");
	if (!path || !*path)
		path = DICTIONARY_PATH;
	if (strcmp(path, "none") == 0)
		return;
	FILE *f = fopen(path, "r");
	if (!f) {
		log_info("search: no dictionary at %s: compounds are split against the catalog's "
		         "own words only",
		         path);
		return;
	}
	struct search_stemmer *st = search_stemmer_new(true);
	struct add_ctx c = {dictionary};
	struct buf folded = BUF_INIT;
	char line[256];
	while (st && fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "/\t\r\n ");
		if (n < 3 || line[0] == '#')
			continue;
		line[n] = '\0';
		/* The word as written (folded) and its stem: modifiers of compounds appear as
		 * either ("Beratungs|stelle": beratung; "Sprach|kurs": sprach). */
		buf_reset(&folded);
		search_fold(&folded, line);
		search_words_add(dictionary, folded.data, folded.len);
		search_tokens(st, line, n, false, add_term, &c);
	}
	buf_free(&folded);
	search_stemmer_free(st);
	fclose(f);
}

const struct search_words *
search_dictionary(void)
{
	pthread_once(&dictionary_once, load_dictionary);
	return dictionary;
}

static void *
warm_up(void *unused)
{
	search_dictionary();
	return NULL;
}

void
search_warm_up(void)
{
	pthread_t t;
	if (pthread_create(&t, NULL, warm_up, NULL) == 0)
		pthread_detach(t);
}

/* ---- the compound splitter ---- */

#define MIN_MODIFIER 4 /* letters of a part before another */
#define MIN_HEAD 3     /* letters of the last part (Kurs → "kur") */
#define MAX_WORD 64

static const char *const fugen[] = {"", "s", "es", "n", "en", "er", "e"};

/* Prefixes that make words, not compounds: be+inhalten, ver+braucher. */
static const char *const prefixes[] = {"be",  "ge",   "ver",   "ent",   "er",   "zer",
                                       "emp", "miss", "unter", "ueber", "uber", "wider"};

static bool
known(struct search_stemmer *t, const struct search_words *a, const struct search_words *b,
      const char *s, size_t n)
{
	return search_words_has(a, s, n) || search_words_has(b, s, n);
}

struct first_term {
	char term[MAX_WORD * 2 + 8];
	size_t n;
};

static void
take_first(void *ctx, const char *term, size_t n, bool alternative)
{
	struct first_term *f = ctx;
	if (f->n == 0 && n < sizeof f->term) {
		memcpy(f->term, term, n);
		f->n = n;
	}
}

/* Is w a prefix and a known word (or the stem of one)? */
static bool
prefixed_word(struct search_stemmer *t, const struct search_words *a, const struct search_words *b,
              const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t k = strlen(prefixes[i]);
		if (k + 4 > n || memcmp(w, prefixes[i], k) != 0)
			continue;
		if (known(t, a, b, w + k, n - k))
			return true;
		struct first_term f = {.n = 0};
		search_tokens(t, w + k, n - k, false, take_first, &f);
		if (f.n && known(t, a, b, f.term, f.n))
			return true;
	}
	return false;
}

size_t
search_split(struct search_stemmer *t, const struct search_words *a, const struct search_words *b,
             const char *w, size_t n, struct search_part parts[SEARCH_MAX_PARTS])
{
	if (n < MIN_MODIFIER + MIN_HEAD || n > MAX_WORD)
		return 0;
	/* cost[i]: fewest parts that make w[i..n); end[i]: where the first of them ends,
	 * next[i]: where the one after it starts (after the linking element). */
	enum { INF = 1000 };
	int cost[MAX_WORD + 1];
	size_t end[MAX_WORD + 1], next[MAX_WORD + 1];
	cost[n] = 0;
	for (size_t i = n; i-- > 0;) {
		cost[i] = INF;
		if (i > 0 && n - i >= MIN_HEAD && known(t, a, b, w + i, n - i)) {
			cost[i] = 1;
			end[i] = next[i] = n;
			continue; /* a whole word is the best a tail can be */
		}
		/* Longer first parts first: ties keep the longer. */
		for (size_t j = n - MIN_HEAD; j >= i + MIN_MODIFIER; j--) {
			if (!known(t, a, b, w + i, j - i))
				continue;
			for (size_t f = 0; f < sizeof fugen / sizeof *fugen; f++) {
				size_t k = strlen(fugen[f]);
				if (j + k + MIN_HEAD > n || memcmp(w + j, fugen[f], k) != 0)
					continue;
				/* A tie on the same tail: the linking element apart
				 * ("integration|s|kurs", not "integrations|kurs"). */
				bool better =
				    cost[j + k] + 1 < cost[i] ||
				    (cost[j + k] + 1 == cost[i] && k > 0 && next[i] == j + k);
				if (better) {
					cost[i] = cost[j + k] + 1;
					end[i] = j;
					next[i] = j + k;
				}
			}
		}
	}
	if (cost[0] < 2 || cost[0] > SEARCH_MAX_PARTS || prefixed_word(t, a, b, w, n))
		return 0;
	size_t np = 0;
	for (size_t i = 0; i < n; i = next[i])
		parts[np++] = (struct search_part){i, end[i] - i};
	return np;
}

/* ---- typos ---- */

int
search_typos_allowed(size_t letters)
{
	return letters >= 9 ? 2 : letters >= 5 ? 1 : 0;
}

int
search_typo_distance(const char *a, size_t na, const char *b, size_t nb, int max)
{
	if (na > MAX_WORD || nb > MAX_WORD)
		return max + 1;
	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	/* Three rows of the optimal-string-alignment table; a row whose smallest value is
	 * over max ends the work. */
	int rows[3][MAX_WORD + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = (int)i;
		int lowest = cur[0];
		for (size_t j = 1; j <= nb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < lowest)
				lowest = v;
		}
		if (lowest > max)
			return max + 1;
		int *tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[nb] > max ? max + 1 : prev[nb];
}
