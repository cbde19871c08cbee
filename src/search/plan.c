/* A search as the index is asked (search.h, search_plan_build): each word of the sanitised
 * query becomes a group of index terms, one tier after another — the word's stems (and
 * its umlaut spelling) and its synonyms; the compounds it is a part of, or its own parts
 * when it is a compound the index does not have; the index terms a typo or two away.
 * All terms go to FTS5 as raw terms (SEARCH_RAW_MARK), so they are not stemmed twice. */
#include "search/search.h"
#include "search/search_internal.h"
#include "util/mem.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 128      /* longer index terms are not expanded */
#define PARTS_PER_WORD 24 /* compounds a word finds as their part, the commonest */
#define TYPOS_PER_WORD 8  /* corrections of a word, the closest and commonest */
#define MAX_UNITS SEARCH_MAX_TERMS

struct unit {
	char *chunk;     /* as typed (one chunk of the sanitised query) */
	size_t nprimary; /* index terms of the chunk (more than one: a phrase) */
	char stem[WORD_MAX + 1];
	char alt[WORD_MAX + 1]; /* the umlaut spelling's stem, "" for none */
	/* An index term the word is an inflection of, where the stemmer cut them apart
	 * ("Kurse" → kurs, "Kurs" → kur): "" for none. */
	char inflected[WORD_MAX + 1];
	size_t letters;
	long synonym_group; /* -1: none */
	size_t span;        /* chunks a synonym of several words takes (1 otherwise) */
	bool exact_known;   /* the index has the stem (or its umlaut spelling) */
	bool part_known;    /* the stem is a part of compounds the index has */
	long best_typo;     /* term, -1: none */
	int best_distance;
	bool typo_of_word; /* best_typo is near the word as typed, not near its stem */
};

struct expansion {
	const struct search_vocab *v;
	struct buf *out;
	size_t *alternatives;
	const char *skip1, *skip2; /* already in the group */
	size_t added;
};

/* ---- reading the sanitised query back into chunks ---- */

static size_t
chunks_of(const char *match, char **out, size_t max)
{
	size_t n = 0;
	for (const char *p = match; p && *p && n < max;) {
		if (*p != '"') {
			p++;
			continue;
		}
		struct buf b = BUF_INIT;
		for (p++; *p; p++) {
			if (*p == '"') {
				if (p[1] == '"') {
					buf_putc(&b, '"');
					p++;
					continue;
				}
				p++;
				break;
			}
			buf_putc(&b, *p);
		}
		out[n++] = buf_detach(&b);
		buf_free(&b);
	}
	return n;
}

struct unit_ctx {
	struct unit *u;
};

static void
unit_term(void *ctx, const char *term, size_t n, bool alternative)
{
	struct unit *u = ((struct unit_ctx *)ctx)->u;
	if (n > WORD_MAX)
		return;
	if (alternative) {
		if (u->nprimary == 1 && !u->alt[0]) {
			memcpy(u->alt, term, n);
			u->alt[n] = '\0';
		}
		return;
	}
	if (u->nprimary++ == 0) {
		memcpy(u->stem, term, n);
		u->stem[n] = '\0';
	}
}

static size_t
letters_of(const char *s)
{
	size_t n = strlen(s), letters = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		i += search_utf8_next(s + i, n - i, &cp);
		letters += search_is_word_cp(cp);
	}
	return letters;
}

/* ---- writing the expression ---- */

static void
put_raw(struct buf *b, const char *term)
{
	buf_puts(b, "\"" SEARCH_RAW_MARK);
	for (const char *p = term; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

static void
put_quoted(struct buf *b, const char *text)
{
	buf_putc(b, '"');
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

static void
put_alternative(struct expansion *e, const char *term)
{
	if ((e->skip1 && strcmp(term, e->skip1) == 0) || (e->skip2 && strcmp(term, e->skip2) == 0))
		return;
	if (*e->alternatives >= SEARCH_MAX_ALTERNATIVES)
		return;
	(*e->alternatives)++;
	buf_puts(e->out, " OR ");
	put_raw(e->out, term);
	e->added++;
}

/* Terms by their number of practices, most first (parts and typos keep the commonest). */
struct candidate {
	uint32_t term;
	int distance;
	uint32_t docs; /* the term's practices, for the sort */
};

/* No shared context: requests plan at once in several threads (a static pointer to the
 * vocabulary, set and cleared around qsort, was cleared by one thread while another's
 * qsort read it, and the server crashed under concurrent searches with typos). */
static int
by_distance_then_docs(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (x->distance != y->distance)
		return x->distance - y->distance;
	if (x->docs != y->docs)
		return x->docs > y->docs ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

/* Sorts items[0..n) (terms of v), best first. */
static void
sort_candidates(const struct search_vocab *v, struct candidate *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		items[i].docs = v->docs[items[i].term];
	qsort(items, n, sizeof *items, by_distance_then_docs);
}

struct candidates {
	struct candidate *items;
	size_t n, cap;
};

static void
add_candidate(struct candidates *c, uint32_t term, int distance)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].term == term) {
			if (distance < c->items[i].distance)
				c->items[i].distance = distance;
			return;
		}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 32;
		c->items = xrealloc(c->items, c->cap * sizeof *c->items);
	}
	c->items[c->n++] = (struct candidate){term, distance};
}

static void
part_found(void *ctx, uint32_t term)
{
	add_candidate(ctx, term, 0);
}

static void
typo_found(void *ctx, uint32_t term, int distance)
{
	add_candidate(ctx, term, distance);
}

static void
put_candidates(struct expansion *e, struct candidates *c, size_t max)
{
	if (!c->n)
		return;
	sort_candidates(e->v, c->items, c->n);
	for (size_t i = 0; i < c->n && i < max; i++)
		put_alternative(e, search_words_at(e->v->terms, c->items[i].term));
}

/* Suffixes the German stemmer removes only where the word is long enough (in its region
 * R2): "Prüfung" stems to prufung, but "Fachsprachprüfung" to fachsprachpruf, whose part
 * is pruf. A word's part in a compound may so lack them. */
static const char *const long_suffixes[] = {"ung", "end", "heit", "keit", "lich", "isch"};

/* The compounds of v that have stem as a part, as it stands or without one of
 * long_suffixes; part_found(c, term) each. */
static void
stem_parts(const struct search_vocab *v, const char *stem, struct candidates *c)
{
	size_t n = strlen(stem);
	search_vocab_parts(v, stem, n, part_found, c);
	for (size_t i = 0; i < sizeof long_suffixes / sizeof *long_suffixes; i++) {
		size_t k = strlen(long_suffixes[i]);
		if (n >= k + 3 && memcmp(stem + n - k, long_suffixes[i], k) == 0)
			search_vocab_parts(v, stem, n - k, part_found, c);
	}
}

/* The compounds of the index that have u's stem as a part. */
static void
put_parts(struct expansion *e, const struct unit *u)
{
	struct candidates c = {0};
	stem_parts(e->v, u->stem, &c);
	if (u->alt[0])
		stem_parts(e->v, u->alt, &c);
	put_candidates(e, &c, PARTS_PER_WORD);
	free(c.items);
}

struct first_term {
	char term[WORD_MAX + 1];
	bool done;
};

static void
first_term(void *ctx, const char *term, size_t n, bool alternative)
{
	struct first_term *f = ctx;
	if (!f->done && n <= WORD_MAX) {
		memcpy(f->term, term, n);
		f->term[n] = '\0';
		f->done = true;
	}
}

/* A compound the index does not have, as its parts ("Sprachkursangebot" → all of
 * sprach, kur, angebot). */
static void
put_own_parts(struct expansion *e, struct search_stemmer *st, const struct unit *u)
{
	struct search_part parts[SEARCH_MAX_PARTS];
	size_t np =
	    search_split(st, search_dictionary(), e->v->terms, u->stem, strlen(u->stem), parts);
	if (np < 2 || *e->alternatives + np > SEARCH_MAX_ALTERNATIVES)
		return;
	buf_puts(e->out, " OR (");
	for (size_t k = 0; k < np; k++) {
		struct first_term f = {.done = false};
		search_tokens(st, u->stem + parts[k].start, parts[k].len, false, first_term, &f);
		if (k)
			buf_puts(e->out, " AND ");
		put_raw(e->out, f.done ? f.term : "");
		(*e->alternatives)++;
	}
	buf_putc(e->out, ')');
	e->added++;
}

/* Letters and digits only (not "Lehrer*innen", not two words). */
static bool
one_word(const char *w)
{
	for (const char *p = w; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p & 0x80)))
			return false;
	return *w != '\0';
}

static void
collect_typos(const struct search_vocab *v, struct unit *u, struct candidates *c)
{
	int max = search_typos_allowed(u->letters);
	/* The first letter stays for short words; long ones may have the first two swapped. */
	search_vocab_typos(v, u->stem, strlen(u->stem), max, max >= 2, typo_found, c);
	/* And the word as typed (folded): the stemmer may cut a misspelt word where it
	 * would not cut the right one ("Quereinstig" → quereinst, "Quereinstieg" →
	 * quereinstieg), which puts the stems more typos apart than the words are. */
	struct buf folded = BUF_INIT;
	search_fold(&folded, u->chunk);
	const char *w = buf_str(&folded);
	if (u->nprimary == 1 && folded.len <= WORD_MAX && strcmp(w, u->stem) != 0 && one_word(w))
		search_vocab_typos(v, w, folded.len, max, max >= 2, typo_found, c);
	buf_free(&folded);
	if (!c->n)
		return;
	sort_candidates(v, c->items, c->n);
	if (c->n) {
		u->best_typo = c->items[0].term;
		u->best_distance = c->items[0].distance;
		const char *t = search_words_at(v->terms, c->items[0].term);
		u->typo_of_word =
		    search_typo_distance(u->stem, strlen(u->stem), t, strlen(t), max) > max;
	}
}

/* The group of unit u (and the units its synonym spans) for tier. */
static void
put_unit(struct buf *out, const struct search_vocab *v, struct search_stemmer *st, struct unit *u,
         enum search_tier tier, size_t *alternatives)
{
	if (u->nprimary != 1 && u->synonym_group < 0) {
		put_quoted(out, u->chunk); /* a phrase ("E-Learning") */
		return;
	}
	struct expansion e = {v, out, alternatives, NULL, NULL, 0};
	buf_putc(out, '(');
	if (u->span == 1) {
		put_raw(out, u->stem);
		(*alternatives)++;
		if (u->alt[0]) {
			buf_puts(out, " OR ");
			put_raw(out, u->alt);
			(*alternatives)++;
		}
		if (u->inflected[0]) {
			buf_puts(out, " OR ");
			put_raw(out, u->inflected);
			(*alternatives)++;
		}
	} else {
		/* The words a synonym of several words takes, as the phrase typed. */
		put_quoted(out, u->chunk);
		(*alternatives)++;
	}
	for (size_t i = 0; v && u->synonym_group >= 0 && i < v->nsynonyms; i++) {
		const struct search_synonym *syn = &v->synonyms[i];
		if (syn->group != (uint32_t)u->synonym_group ||
		    *alternatives >= SEARCH_MAX_ALTERNATIVES)
			continue;
		buf_puts(out, " OR ");
		put_quoted(out, syn->text);
		(*alternatives)++;
	}
	if (v && u->span == 1 && tier >= SEARCH_TIER_PART) {
		e.skip1 = u->stem;
		e.skip2 = u->alt;
		put_parts(&e, u);
		if (!u->exact_known)
			put_own_parts(&e, st, u);
	}
	if (v && u->span == 1 && tier >= SEARCH_TIER_TYPO && search_typos_allowed(u->letters)) {
		struct candidates c = {0};
		collect_typos(v, u, &c);
		e.skip1 = u->inflected[0] ? u->inflected : u->stem;
		e.skip2 = u->alt;
		put_candidates(&e, &c, TYPOS_PER_WORD);
		free(c.items);
	}
	buf_putc(out, ')');
}

/* ---- synonyms of several words ---- */

/* Does the synonym's stems equal the stems of units[0..k)? */
static bool
synonym_matches(const struct search_synonym *syn, const struct unit *units, size_t n)
{
	if (syn->nstems > n)
		return false;
	const char *p = syn->stems;
	for (size_t k = 0; k < syn->nstems; k++) {
		if (units[k].nprimary != 1)
			return false;
		size_t len = strcspn(p, " ");
		bool same = (strlen(units[k].stem) == len && memcmp(units[k].stem, p, len) == 0) ||
		            (strlen(units[k].alt) == len && memcmp(units[k].alt, p, len) == 0);
		if (!same)
			return false;
		p += len;
		if (*p == ' ')
			p++;
	}
	return true;
}

/* Marks the units a synonym starts at, the longest first; merges the units a synonym of
 * several words takes into its first. Returns the new number of units. */
static size_t
find_synonyms(const struct search_vocab *v, struct unit *units, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n;) {
		const struct search_synonym *best = NULL;
		for (size_t k = 0; v && k < v->nsynonyms; k++)
			if (synonym_matches(&v->synonyms[k], units + i, n - i) &&
			    (!best || v->synonyms[k].nstems > best->nstems))
				best = &v->synonyms[k];
		struct unit u = units[i];
		if (best) {
			u.synonym_group = best->group;
			u.span = best->nstems;
			for (size_t k = 1; k < u.span; k++) {
				struct buf b = BUF_INIT;
				buf_puts(&b, u.chunk);
				buf_putc(&b, ' ');
				buf_puts(&b, units[i + k].chunk);
				free(u.chunk);
				free(units[i + k].chunk);
				u.chunk = buf_detach(&b);
				buf_free(&b);
			}
		}
		i += u.span;
		units[out++] = u;
	}
	return out;
}

/* ---- the suggestion ---- */

/* The correction of chunk whose stem is replaced by term: the rest of the word (the
 * ending the stemmer took) follows it, and a capital stays. */
static void
put_correction(struct buf *b, const struct unit *u, const char *term)
{
	struct buf folded = BUF_INIT;
	search_fold(&folded, u->chunk);
	size_t ns = strlen(u->stem);
	/* A correction of the whole word has no ending to keep. */
	const char *rest =
	    !u->typo_of_word && strncmp(folded.data, u->stem, ns) == 0 ? folded.data + ns : "";
	bool capital = u->chunk[0] >= 'A' && u->chunk[0] <= 'Z';
	size_t start = b->len;
	buf_puts(b, term);
	buf_puts(b, rest);
	if (capital && b->data[start] >= 'a' && b->data[start] <= 'z')
		b->data[start] = (char)(b->data[start] - 32);
	buf_free(&folded);
}

static char *
suggestion_of(const struct search_vocab *v, const struct unit *units, size_t n)
{
	struct buf b = BUF_INIT;
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		const struct unit *u = &units[i];
		if (b.len)
			buf_putc(&b, ' ');
		if (u->span == 1 && u->nprimary == 1 && !u->exact_known && !u->part_known &&
		    u->synonym_group < 0 && u->best_typo >= 0) {
			put_correction(&b, u, search_words_at(v->terms, (size_t)u->best_typo));
			changed = true;
		} else {
			buf_puts(&b, u->chunk);
		}
	}
	char *s = changed ? buf_detach(&b) : NULL;
	buf_free(&b);
	return s;
}

/* ---- the plan ---- */

static bool
has_parts(const struct search_vocab *v, const char *stem)
{
	struct candidates c = {0};
	stem_parts(v, stem, &c);
	free(c.items);
	return c.n > 0;
}

/* Endings of German inflection the stemmer may leave on one form and not on another
 * ("Kurs" → kur, "Kurse" → kurs); "" is the word itself. */
static const char *const endings[] = {"", "e", "s", "n", "en", "es", "er", "se", "em", "ern"};

/* The index term the word of u is an inflection of, when its stem is not that term: the
 * folded word with at most one ending removed, if the index has it (at least 4 letters
 * stay, or 3 before -e, -es, -se: "Kurse" → kur, but "Bein" is not "bei"). */
static void
find_inflected(const struct search_vocab *v, struct unit *u)
{
	struct buf folded = BUF_INIT;
	search_fold(&folded, u->chunk);
	for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
		size_t k = strlen(endings[i]), n = folded.len;
		size_t min = strchr(endings[i], 'e') && !strchr(endings[i], 'n') &&
		                     !strchr(endings[i], 'r') && !strchr(endings[i], 'm') && k
		                 ? 3
		                 : 4;
		if (n < k + min || n - k > WORD_MAX || strcmp(folded.data + n - k, endings[i]) != 0)
			continue;
		const char *base = folded.data;
		size_t nb = n - k;
		if ((nb == strlen(u->stem) && memcmp(base, u->stem, nb) == 0) ||
		    (nb == strlen(u->alt) && memcmp(base, u->alt, nb) == 0) ||
		    search_words_find(v->terms, base, nb) < 0)
			continue;
		memcpy(u->inflected, base, nb);
		u->inflected[nb] = '\0';
		break;
	}
	buf_free(&folded);
}

/* search_work's counters (relaxed: totals, no order among them). */
static _Atomic uint64_t work_plans, work_words, work_alternatives, work_typo_checks,
    work_vocabulary;

void
search_work_vocabulary(uint64_t terms)
{
	atomic_store_explicit(&work_vocabulary, terms, memory_order_relaxed);
}

void
search_work_typo_checks(uint64_t n)
{
	atomic_fetch_add_explicit(&work_typo_checks, n, memory_order_relaxed);
}

void
search_work_read(struct search_work *out)
{
	out->plans = atomic_load_explicit(&work_plans, memory_order_relaxed);
	out->words = atomic_load_explicit(&work_words, memory_order_relaxed);
	out->alternatives = atomic_load_explicit(&work_alternatives, memory_order_relaxed);
	out->typo_checks = atomic_load_explicit(&work_typo_checks, memory_order_relaxed);
	out->vocabulary = atomic_load_explicit(&work_vocabulary, memory_order_relaxed);
}

void
search_plan_build(struct search_plan *p, const struct search_vocab *v, const char *input)
{
	memset(p, 0, sizeof *p);
	struct search_query q;
	search_query_build(&q, input);
	p->text = xstrdup(q.text);
	p->truncated = q.truncated;
	p->nterms = q.nterms;
	if (!q.match) {
		search_query_free(&q);
		return;
	}
	char *chunks[MAX_UNITS];
	size_t n = chunks_of(q.match, chunks, MAX_UNITS);
	atomic_fetch_add_explicit(&work_plans, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&work_words, n, memory_order_relaxed);
	struct search_stemmer *st = search_stemmer_new(false);
	struct unit *units = xcalloc(n + 1, sizeof *units);
	for (size_t i = 0; i < n; i++) {
		struct unit *u = &units[i];
		u->chunk = chunks[i];
		u->synonym_group = -1;
		u->span = 1;
		u->best_typo = -1;
		u->typo_of_word = false;
		u->letters = letters_of(u->chunk);
		struct unit_ctx c = {u};
		if (st)
			search_tokens(st, u->chunk, strlen(u->chunk), true, unit_term, &c);
		if (v && u->nprimary == 1) {
			find_inflected(v, u);
			u->exact_known = u->inflected[0] ||
			                 search_vocab_term_docs(v, u->stem) > 0 ||
			                 (u->alt[0] && search_vocab_term_docs(v, u->alt) > 0);
			u->part_known =
			    has_parts(v, u->stem) || (u->alt[0] && has_parts(v, u->alt));
		}
	}
	if (!st || !v) {
		for (int t = 0; t < SEARCH_TIERS; t++)
			p->match[t] = xstrdup(q.match);
	} else {
		n = find_synonyms(v, units, n);
		char *tiers[SEARCH_TIERS];
		for (int t = 0; t < SEARCH_TIERS; t++) {
			struct buf b = BUF_INIT;
			size_t alternatives = 0;
			for (size_t i = 0; i < n; i++) {
				/* FTS5 has an implicit AND between phrases only, not groups. */
				if (i)
					buf_puts(&b, " AND ");
				put_unit(&b, v, st, &units[i], (enum search_tier)t, &alternatives);
			}
			tiers[t] = buf_detach(&b);
			buf_free(&b);
			atomic_fetch_add_explicit(&work_alternatives, alternatives,
			                          memory_order_relaxed);
		}
		for (int t = 0; t < SEARCH_TIERS; t++)
			p->match[t] = tiers[t];
		p->suggestion = suggestion_of(v, units, n);
	}
	for (size_t i = 0; i < n; i++)
		free(units[i].chunk);
	free(units);
	search_stemmer_free(st);
	search_query_free(&q);
}

void
search_plan_free(struct search_plan *p)
{
	free((char *)p->text);
	for (int t = 0; t < SEARCH_TIERS; t++)
		free((char *)p->match[t]);
	free((char *)p->suggestion);
	memset(p, 0, sizeof *p);
}
