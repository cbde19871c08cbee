/* German full-text search: the FTS5 tokenizer "leuchtturm_de" (case, umlaut and ß folding
 * plus the Snowball German stemmer) and the sanitiser that turns whatever a person types
 * into a safe FTS5 query, and the catalog's text index (index.c): the only code that
 * knows how the index is stored and queried. Only this folder and store/store_sqlite.c
 * include sqlite3.h. */
#ifndef SEARCH_SEARCH_H
#define SEARCH_SEARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct arena;
struct stmt;
struct store;

/* The tokenizer's name, as the migrations use it (tokenize = 'leuchtturm_de'). */
#define SEARCH_TOKENIZER "leuchtturm_de"

/* Registers the tokenizer with the store, so that every connection opened afterwards has
 * it (store_register_extension). Idempotent. It also runs by itself before main() (a
 * constructor in tokenizer.c, kept in every binary by the linker flag in meson.build), so
 * that any program opening a store can read and migrate the FTS5 tables. */
void search_register(void);

/* Folds one UTF-8 code point for searching and sorting: lower case, umlauts and other
 * Latin diacritics removed (Ä→a, é→e), ß and ẞ → "ss". Writes at most 4 bytes to out and
 * returns how many; letters outside Latin are lowered where simple and kept otherwise. */
size_t search_fold_cp(unsigned cp, char out[4]);
/* Folds a whole UTF-8 string (see search_fold_cp) into out; other characters are kept. */
void search_fold(struct buf *out, const char *s);
/* The key a name or title sorts by (malloc'd; s may be NULL): s folded as the search folds
 * it, so "Ärztinnen" sorts with "arzt" and before "Zukunft", and "Straße" with "strasse"
 * — which SQL's COLLATE NOCASE (ASCII only) does not do, and which then sorts the same on
 * every database. The domain stores it next to the name (the *_sort columns) on every
 * insert and update, and ORDER BY uses it with the id as the tie-break. */
char *search_sort_key(const char *s);
/* Binds search_sort_key(s) to parameter idx of st. */
void search_bind_sort_key(struct stmt *st, int idx, const char *s);

/* True for code points that belong to words (letters and digits); everything else
 * separates words. The tokenizer and the query sanitiser agree through this. */
bool search_is_word_cp(unsigned cp);
/* Decodes the UTF-8 sequence at s (n bytes left) into *cp; returns its length (1 for an
 * invalid byte, which is then U+FFFD). */
size_t search_utf8_next(const char *s, size_t n, unsigned *cp);

/* The index terms of text, as the tokenizer makes them (folded stems), one call of fn
 * each, in order. For code outside SQLite (e.g. finding a practice's most telling
 * terms). Returns the number of terms. */
size_t search_terms(const char *text, void (*fn)(void *ctx, const char *term, size_t n), void *ctx);

/* ---- the query sanitiser ---- */

#define SEARCH_MAX_CHARS 200 /* longer input is cut (at a word boundary where possible) */
#define SEARCH_MAX_TERMS 16  /* further words are dropped (counts as cut) */

struct search_query {
	const char *text;  /* the input as used after cutting: show this in the search box */
	const char *match; /* the FTS5 expression, or NULL when the input has no words */
	size_t nterms;     /* words in match */
	bool truncated;    /* the input was longer than the limits and was cut */
};

/* Turns input (any UTF-8 text, may be NULL) into an FTS5 expression in which every word is
 * a quoted string, so FTS5 syntax (quotes, *, -, ^, :, NEAR, AND, OR, NOT, brackets) is
 * taken as text; all words must occur (implicit AND). Strings are malloc'd into *q (free
 * with search_query_free). Never fails. */
void search_query_build(struct search_query *q, const char *input);
void search_query_free(struct search_query *q);

/* ---- the catalog's text index (index.c) ----
 * Every published practice is in it under its id (and no other: its vocabulary holds
 * only words the public may see), with its title, summary, sections, criteria, its
 * organisation's name and Bundesland and the labels of its terms, kept current by the
 * database itself as practices change. These are the only functions that query it; no
 * other code names its tables or its query language, so a storage driver that keeps the
 * index elsewhere provides these and the rest of the search works unchanged. */

enum search_match {
	SEARCH_MATCH_ANY,    /* in any field, in no particular order */
	SEARCH_MATCH_RANKED, /* in any field, best first (bm25 with field weights: title >
	                      * summary > sections > criteria > organisation > Bundesland and
	                      * terms) */
	SEARCH_MATCH_TITLE,  /* in the title */
	SEARCH_MATCH_TEASER, /* in the summary (teaser) */
};

/* Calls fn(ctx, id) for each practice whose text holds every word of match (a
 * search_query's match), as how says. Returns false on a storage error (fn may have been
 * called for some ids before). */
bool search_index_match(struct store *s, enum search_match how, const char *match,
                        void (*fn)(void *ctx, int64_t id), void *ctx);
/* As search_index_match with SEARCH_MATCH_RANKED when at most limit practices match, and
 * with SEARCH_MATCH_ANY otherwise (*ranked says which): for a caller that ranks only
 * narrow results, without asking the index twice. */
bool search_index_match_upto(struct store *s, const char *match, size_t limit, bool *ranked,
                             void (*fn)(void *ctx, int64_t id), void *ctx);
/* The passage of practice id that matches best, the matched words between the bytes
 * 0x01 and 0x02, cut with "…"; "" when it does not match. Allocated in a. */
const char *search_index_snippet(struct store *s, struct arena *a, const char *match, int64_t id);
/* The snippets of practices ids[0..n) for match, as search_index_snippet makes each, into
 * out[0..n): for a page of results, which reads match once and the texts together. */
void search_index_snippets(struct store *s, struct arena *a, const char *match, const int64_t *ids,
                           size_t n, const char **out);
/* Calls fn(ctx, term, docs) for every index term with the number of practices that have
 * it, in no particular order. Returns false on a storage error. */
bool search_index_vocabulary(struct store *s, void (*fn)(void *ctx, const char *term, int64_t docs),
                             void *ctx);
/* In how many practices the index term (a folded stem, see search_terms) occurs. */
int64_t search_index_term_docs(struct store *s, const char *term);
/* Calls fn(ctx, id) for each practice in which the index term occurs, at most limit.
 * Returns false on a storage error. */
bool search_index_term_each(struct store *s, const char *term, int64_t limit,
                            void (*fn)(void *ctx, int64_t id), void *ctx);

/* Which index answers these functions for s: Leuchtturm's own index in memory
 * (memindex.c), built from the published practices read through the store and shared by
 * all threads, on every database; or SQLite's FTS5 tables (index.c) when the environment
 * says LEUCHTTURM_SEARCH_INDEX=fts5 and the database is SQLite. Both find, rank and cut
 * snippets alike. */
bool search_index_in_memory(struct store *s);
/* Tells the index the catalog's generation and instance (catalog_state) as the caller
 * has just read them: the memory index is made anew on its next use when it is older
 * (once, by one thread; the others that need it wait for it and then share it; a build
 * that fails leaves the previous index in use): updated with the practices changed since
 * (search_change), or built whole when there is no index of that instance yet, the
 * generation went back, or more than a quarter of the practices changed. FTS5's index is
 * kept by the database itself; with it the memory index, which serves related practices
 * there too, is told all the same (made only when first used). Cheap: call it whenever
 * the generation is read. */
bool search_index_refresh(struct store *s, int64_t generation, const char *instance);

/* The memory index's size, the time its last whole build took and, when it was updated
 * since (only the practices that changed read again), the time of the last update and how
 * many practices it read (for the bench and the metrics); false when s has no memory
 * index, or it has not been made yet (asking builds none). */
struct search_index_stats {
	size_t practices, terms, postings, tokens, bytes;
	double build_ms;
	double update_ms; /* 0: built whole */
	size_t updated;
};
bool search_index_stats(struct store *s, struct search_index_stats *out);

/* ---- related practices (related.c) ----
 * From the memory index on every driver (on SQLite beside FTS5's, which serves the
 * searches there), so that both give the same practices: the up to max published practices
 * that share most of practice id's telling words (its title, summary and first sections'
 * words, weighted by their rarity), best first, as ids into out. 0 when id is not
 * published, or on a storage error (related practices are a hint). The memory index
 * follows the generation last told by search_index_refresh. */
size_t search_related(struct store *s, int64_t id, int64_t *out, size_t max);

/* ---- what people mean (vocab.c, plan.c) ----
 * The index's vocabulary in memory: every index term with the number of practices that
 * have it, the compounds among them split into their parts (against Debian's
 * hunspell-de-de word list and the vocabulary itself), and the office's synonyms. Built
 * from the text index; read-only afterwards, so any number of threads may share it. */
struct search_vocab;

/* Loads the dictionary the compound splitter uses (about half a second, once a process)
 * in a thread of its own, so that the first search does not wait for all of it. */
void search_warm_up(void);

/* Reads the vocabulary of the text index and the synonyms. NULL on a storage error. */
struct search_vocab *search_vocab_build(struct store *s);
void search_vocab_free(struct search_vocab *v);
/* Terms, and the bytes the vocabulary holds (for the bench). */
size_t search_vocab_terms(const struct search_vocab *v);
size_t search_vocab_bytes(const struct search_vocab *v);
/* In how many practices the index term occurs (0 when v is NULL). */
int64_t search_vocab_term_docs(const struct search_vocab *v, const char *term);

/* How well a practice matched: the tiers a search orders by, best first. */
enum search_tier {
	SEARCH_TIER_EXACT, /* the words as typed, stemmed, or a synonym */
	SEARCH_TIER_PART,  /* ... or as a part of a compound (Kurs in Integrationskurs) */
	SEARCH_TIER_TYPO,  /* ... or with a typo corrected (Qualifzierung) */
	SEARCH_TIERS
};

/* A search as the index is asked: the sanitised input (as search_query), the FTS5
 * expressions of each tier (each finds what the one before finds, and more; tier[i] ==
 * tier[i - 1] when it adds nothing), and a corrected query to offer ("Meinten Sie …")
 * when a word is found only through a typo, or not at all. */
struct search_plan {
	const char *text;
	bool truncated;
	size_t nterms;
	const char *match[SEARCH_TIERS]; /* all NULL when the input has no words */
	const char *suggestion;          /* NULL: none */
};

/* Plans input (as search_query_build; v may be NULL: then every tier is the plain query).
 * Never fails; free with search_plan_free. The expansion is bounded: at most
 * SEARCH_MAX_ALTERNATIVES index terms in all, however many and long the words. */
#define SEARCH_MAX_ALTERNATIVES 160
void search_plan_build(struct search_plan *p, const struct search_vocab *v, const char *input);
void search_plan_free(struct search_plan *p);

/* What the plans cost, counted since the process started (for /metrics, and for the tests
 * of bad input: whatever a query says, the work it causes is bounded): searches planned,
 * their words (after the limits), the index terms the words were expanded to in all
 * tiers (at most SEARCH_MAX_ALTERNATIVES a tier), and the vocabulary's terms measured
 * against a word for typos (at most two scans of the vocabulary a word); and the terms of
 * the last vocabulary made. */
struct search_work {
	uint64_t plans, words, alternatives, typo_checks;
	uint64_t vocabulary;
};
void search_work_read(struct search_work *out);

#endif
