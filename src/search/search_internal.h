/* What the files of the search layer share among themselves (not for other layers): the
 * tokenizer as a function, the typo distance and the compound splitter, so that the unit
 * tests can check each rule by itself. */
#ifndef SEARCH_SEARCH_INTERNAL_H
#define SEARCH_SEARCH_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/search.h"
#include "util/buf.h"

/* Starts a query string that is an index term already (see tokenizer.c). */
#define SEARCH_RAW_MARK "\x1A"

/* A stemmer (with a memo of recent words when memo: worth it for many words), for one
 * thread at a time. */
struct search_stemmer;
struct search_stemmer *search_stemmer_new(bool memo);
void search_stemmer_free(struct search_stemmer *t);

/* The index terms of text[0..n) as the tokenizer makes them; with query, also the
 * alternative spellings of a word (umlauts typed as ae/oe/ue), alternative set. */
void search_tokens(struct search_stemmer *t, const char *text, size_t n, bool query,
                   void (*fn)(void *ctx, const char *term, size_t n, bool alternative), void *ctx);

/* The index terms of text[0..n) as an indexed document has them (no alternatives), each
 * with the bytes it spans in text (a gender form's mark and suffix included). */
void search_tokens_at(struct search_stemmer *t, const char *text, size_t n,
                      void (*fn)(void *ctx, const char *term, size_t n, size_t start, size_t end),
                      void *ctx);
/* Where the tokens of text[0..n) are, as search_tokens_at finds them, without stemming
 * them: one call of fn per token, with its start and end in text. */
void search_token_spans(const char *text, size_t n, void (*fn)(void *ctx, size_t start, size_t end),
                        void *ctx);

/* The optimal string alignment distance of a and b (insert, delete, substitute, swap of
 * neighbours), or max + 1 when it is more than max. */
int search_typo_distance(const char *a, size_t na, const char *b, size_t nb, int max);

/* The typos a query word of `letters` letters may have: 0 below 5, 1 from 5, 2 from 9. */
int search_typos_allowed(size_t letters);

/* A set of words (the dictionary the compound splitter checks parts against). */
struct search_words;
struct search_words *search_words_new(void);
void search_words_free(struct search_words *w);
/* Adds s[0..n) (no NUL inside) and returns its index (the order of first adding), or -1. */
long search_words_add(struct search_words *w, const char *s, size_t n);
/* The index of s[0..n), -1 when it is not in w (or w is NULL). */
long search_words_find(const struct search_words *w, const char *s, size_t n);
bool search_words_has(const struct search_words *w, const char *s, size_t n);
/* A copy of w that grows apart from it (the same indexes for the words they share). */
struct search_words *search_words_clone(const struct search_words *w);
size_t search_words_count(const struct search_words *w);
/* Word i, NUL-terminated; valid until the next search_words_add. */
const char *search_words_at(const struct search_words *w, size_t i);
size_t search_words_bytes(const struct search_words *w);

/* Splits the index term w (folded, stemmed) into the parts of a compound, checking each
 * against the words of a and b (b may be NULL) and allowing the linking elements (-s-,
 * -es-, -n-, -en-, -er-, -e-) between them: parts[i] gets the start and length of part i
 * (without its linking element). Returns the number of parts (at least 2), or 0 when w is
 * no compound of known words. A word made of a prefix and a known word ("Beinhalten" =
 * be + inhalten, "Verbraucher") is not split. */
#define SEARCH_MAX_PARTS 6
struct search_part {
	size_t start, len;
};
size_t search_split(struct search_stemmer *t, const struct search_words *a,
                    const struct search_words *b, const char *w, size_t n,
                    struct search_part parts[SEARCH_MAX_PARTS]);

/* The dictionary of German words (Debian's hunspell-de-de word list, folded, with the
 * stems of its words), loaded once; empty when the list is not installed. */
const struct search_words *search_dictionary(void);

/* ---- the vocabulary (vocab.c), as plan.c reads it ---- */

/* A compound of the vocabulary by one of its parts: the part's stem (key) and the term. */
struct search_vocab_part {
	uint32_t key; /* offset into parts_text */
	uint32_t term;
};

/* One way of writing a synonym: its text and its index terms joined by spaces. */
struct search_synonym {
	uint32_t group;
	char *text, *stems;
	size_t nstems;
};

struct search_vocab {
	struct search_words *terms;      /* index terms, by index */
	uint32_t *docs;                  /* by term: practices that have it */
	uint32_t *by_first;              /* terms by first byte, then length */
	uint32_t first_start[257];       /* where each first byte's terms start in by_first */
	struct search_vocab_part *parts; /* by key */
	size_t nparts;
	struct buf parts_text;
	struct search_synonym *synonyms;
	size_t nsynonyms;
};

/* Counts n typo checks (search_work). */
void search_work_typo_checks(uint64_t n);
/* Notes the size of the vocabulary just made (search_work). */
void search_work_vocabulary(uint64_t terms);

/* Whether search_vocab_build copies the last vocabulary's splits where they hold (on by
 * default; the tests compare both). */
void search_vocab_reuse(bool on);

/* The terms that have the stem key as a part, fn(ctx, term) each. */
void search_vocab_parts(const struct search_vocab *v, const char *key, size_t n,
                        void (*fn)(void *ctx, uint32_t term), void *ctx);

/* Terms at most max typos from w (not w itself), the first letter kept (with swap, the
 * first two letters may also be swapped); fn(ctx, term, distance) each. */
void search_vocab_typos(const struct search_vocab *v, const char *w, size_t n, int max, bool swap,
                        void (*fn)(void *ctx, uint32_t term, int distance), void *ctx);

/* ---- the text index in memory (memindex.c), as index.c dispatches to it ---- */

/* Notes the catalog's generation (search_index_refresh): the index is built anew on its
 * next use when it is older. */
bool search_mem_refresh(struct store *s, int64_t generation, const char *instance);
/* Builds the index anew now, whatever its generation (for the tests and the bench). */
bool search_mem_rebuild(struct store *s);
/* For the tests: builds a snapshot whole and makes it current, keeping the updated one
 * it replaces aside; search_mem_swap_back makes that one current again (the whole build is
 * dropped). search_mem_updates(false) makes every refresh a whole build. */
bool search_mem_build_aside(struct store *s);
void search_mem_swap_back(void);
void search_mem_updates(bool on);
bool search_mem_match(struct store *s, enum search_match how, const char *match,
                      void (*fn)(void *ctx, int64_t id), void *ctx);
bool search_mem_match_upto(struct store *s, const char *match, size_t limit, bool *ranked,
                           void (*fn)(void *ctx, int64_t id), void *ctx);
const char *search_mem_snippet(struct store *s, struct arena *a, const char *match, int64_t id);
void search_mem_snippets(struct store *s, struct arena *a, const char *match, const int64_t *ids,
                         size_t n, const char **out);
bool search_mem_vocabulary(struct store *s, void (*fn)(void *ctx, const char *term, int64_t docs),
                           void *ctx);
int64_t search_mem_term_docs(struct store *s, const char *term);
bool search_mem_term_each(struct store *s, const char *term, int64_t limit,
                          void (*fn)(void *ctx, int64_t id), void *ctx);
bool search_mem_stats(struct store *s, struct search_index_stats *out);

/* ---- a snapshot of the memory index, read by related.c ----
 * A reference on the current snapshot (built first when needed, as every reader of the
 * memory index does; NULL when it cannot be built), its docs (numbered 0..ndocs-1 in id
 * order), the terms of a doc's field in order (fields as in 029_search_fields.sql: 0 title,
 * 1 teaser, 2 situation, 3 implementation, 4 results, ...), a term's text, in how many docs
 * it is, and those docs (ascending, at most limit). */
struct snapshot;
const struct snapshot *search_mem_acquire(struct store *s);
void search_mem_release(const struct snapshot *x);
size_t search_mem_ndocs(const struct snapshot *x);
long search_mem_doc(const struct snapshot *x, int64_t id); /* -1: not in it */
int64_t search_mem_doc_id(const struct snapshot *x, size_t doc);
void search_mem_field_terms(const struct snapshot *x, size_t doc, int field,
                            void (*fn)(void *ctx, uint32_t term), void *ctx);
const char *search_mem_term_text(const struct snapshot *x, uint32_t term);
size_t search_mem_term_ndocs(const struct snapshot *x, uint32_t term);
void search_mem_term_postings(const struct snapshot *x, uint32_t term, size_t limit,
                              void (*fn)(void *ctx, uint32_t doc), void *ctx);

#endif
