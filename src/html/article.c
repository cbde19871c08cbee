/* Rendered articles kept per practice and language (html/article.h): a hash table of
 * entries, each with the stamp it was rendered under, and a list in the order they were
 * kept, the oldest leaving first while the bytes are over the bound. Readers write the
 * kept bytes under the lock (a copy of some kilobytes). */
#include "html/article.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define BUCKETS 4096

struct entry {
	int64_t id;
	int lang;
	uint64_t stamp;
	struct html_fragment *html;
	size_t bytes;
	struct entry *next_in_bucket;
	struct entry *older, *newer; /* the order they were kept in */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *buckets[BUCKETS];
static struct entry *oldest, *newest;
static size_t entries, bytes;
static atomic_ullong hits, misses;

static size_t
bucket_of(int64_t id, int lang)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull ^ (uint64_t)lang;
	return (size_t)(h >> 52) % BUCKETS;
}

static struct entry **
find(int64_t id, int lang)
{
	struct entry **e = &buckets[bucket_of(id, lang)];
	while (*e && ((*e)->id != id || (*e)->lang != lang))
		e = &(*e)->next_in_bucket;
	return e;
}

/* Unlinks *at (from its bucket and the order) and frees it. Under lock. */
static void
drop(struct entry **at)
{
	struct entry *e = *at;
	*at = e->next_in_bucket;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	entries--;
	bytes -= e->bytes;
	html_fragment_free(e->html);
	free(e);
}

bool
article_cache_write(int64_t id, int lang, uint64_t stamp, struct html *h)
{
	pthread_mutex_lock(&lock);
	struct entry *e = *find(id, lang);
	bool found = e && e->stamp == stamp;
	if (found)
		html_fragment_append(h, e->html, NULL, NULL);
	pthread_mutex_unlock(&lock);
	atomic_fetch_add(found ? &hits : &misses, 1);
	return found;
}

void
article_cache_keep(int64_t id, int lang, uint64_t stamp, struct html_fragment *f)
{
	size_t size = html_fragment_size(f) + sizeof(struct entry);
	if (size > ARTICLE_CACHE_BYTES / 16) {
		html_fragment_free(f);
		return;
	}
	struct entry *e = xcalloc(1, sizeof *e);
	*e = (struct entry){.id = id, .lang = lang, .stamp = stamp, .html = f, .bytes = size};
	pthread_mutex_lock(&lock);
	struct entry **at = find(id, lang);
	if (*at)
		drop(at);
	while (oldest && bytes + size > ARTICLE_CACHE_BYTES)
		drop(find(oldest->id, oldest->lang));
	at = find(id, lang);
	*at = e;
	e->older = newest;
	if (newest)
		newest->newer = e;
	else
		oldest = e;
	newest = e;
	entries++;
	bytes += size;
	pthread_mutex_unlock(&lock);
}

void
article_cache_stats(struct article_cache_stats *out)
{
	pthread_mutex_lock(&lock);
	*out = (struct article_cache_stats){atomic_load(&hits), atomic_load(&misses), entries,
	                                    bytes, ARTICLE_CACHE_BYTES};
	pthread_mutex_unlock(&lock);
}
