/* German full-text search: the FTS5 tokenizer "leuchtturm_de" (case, umlaut and ß folding
 * plus the Snowball German stemmer) and the sanitiser that turns whatever a person types
 * into a safe FTS5 query. Only this folder and store/store_sqlite.c include sqlite3.h. */
#ifndef SEARCH_SEARCH_H
#define SEARCH_SEARCH_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

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
/* Folds a whole UTF-8 string (see search_fold_cp) into out; other characters are kept.
 * Used for the title's sort key. */
void search_fold(struct buf *out, const char *s);

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

#endif
