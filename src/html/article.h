/* Rendered articles kept per practice (article.c): the session-independent body of a
 * practice's public page (its <article>: facts, sections, files, related practices,
 * adoptions, collections), one per practice and language, so that a visit that is not in
 * the page cache (html/cache.h: 512 pages for anonymous visitors only) writes it once per
 * change instead of asking the database and rendering again. A kept article is served only
 * under the stamp it was rendered with: the stamp names everything it depends on (the
 * catalog's generation and newest change as the database has them, so a change by another
 * instance counts too, and the program's version); the page around it (head, navigation,
 * login bar, notices, tokens) is written anew for every viewer. Bounded in bytes
 * (ARTICLE_CACHE_BYTES; the oldest kept leave first), thread-safe. */
#ifndef HTML_ARTICLE_H
#define HTML_ARTICLE_H

#include "html/html.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARTICLE_CACHE_BYTES (16u * 1024 * 1024)

/* Writes the article kept for practice id in language lang under stamp through h and
 * returns true; false (h unchanged) when none is kept under that stamp. */
bool article_cache_write(int64_t id, int lang, uint64_t stamp, struct html *h);

/* Keeps f (html_fragment_take) for practice id, language lang and stamp, and takes it over;
 * what was kept for the practice and language before is replaced. */
void article_cache_keep(int64_t id, int lang, uint64_t stamp, struct html_fragment *f);

/* For /metrics and the bench. */
struct article_cache_stats {
	unsigned long long hits, misses;
	size_t entries, bytes, limit;
};
void article_cache_stats(struct article_cache_stats *out);

#endif
