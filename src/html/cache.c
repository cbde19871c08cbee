/* The response cache (html/cache.h): rendered HTML fragments kept in 32 slots, replaced round
 * robin, each shared by reference so the copy into a response runs outside the lock; and
 * whole pages for anonymous visitors, kept as the bytes sent. */
#include "html/cache.h"
#include "util/mem.h"
#include "util/str.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 32

struct fragment {
	char *key, *token;
	struct html_fragment *html;
	int refs; /* the slot's one, and one per reader copying it; under lock */
};

static struct fragment *slots[SLOTS];
/* Lookups that found what they asked for, and those that did not (for /metrics). */
static atomic_ullong fragment_hits, fragment_misses, page_hits, page_misses, doc_hits, doc_misses;

void
cache_stats(struct cache_stats *out)
{
	out->fragment_hits = atomic_load(&fragment_hits);
	out->fragment_misses = atomic_load(&fragment_misses);
	out->page_hits = atomic_load(&page_hits);
	out->page_misses = atomic_load(&page_misses);
	out->doc_hits = atomic_load(&doc_hits);
	out->doc_misses = atomic_load(&doc_misses);
}
static size_t next_slot;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void
release(struct fragment *f)
{
	pthread_mutex_lock(&lock);
	bool last = --f->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last) {
		free(f->key);
		free(f->token);
		html_fragment_free(f->html);
		free(f);
	}
}

bool
cache_get(const char *key, const char *token, struct html *h)
{
	struct fragment *f = NULL;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS && !f; i++)
		if (slots[i] && strcmp(slots[i]->key, key) == 0) {
			f = slots[i];
			f->refs++;
		}
	pthread_mutex_unlock(&lock);
	atomic_fetch_add(f ? &fragment_hits : &fragment_misses, 1);
	if (!f)
		return false;
	/* Another session of the same person: their own token in its place. */
	bool same = !*f->token || strcmp(f->token, token) == 0;
	html_fragment_append(h, f->html, same ? NULL : f->token, token);
	release(f);
	return true;
}

void
cache_put(const char *key, const char *token, struct html_fragment *html)
{
	if (html_fragment_size(html) > CACHE_FRAGMENT_MAX) {
		html_fragment_free(html);
		return;
	}
	struct fragment *f = xmalloc(sizeof *f);
	f->key = xstrdup(key);
	f->token = xstrdup(token ? token : "");
	f->html = html;
	f->refs = 1;
	pthread_mutex_lock(&lock);
	size_t at = SLOTS;
	for (size_t i = 0; i < SLOTS && at == SLOTS; i++)
		if (slots[i] && strcmp(slots[i]->key, key) == 0)
			at = i;
	if (at == SLOTS) {
		at = next_slot;
		next_slot = (next_slot + 1) % SLOTS;
	}
	struct fragment *old = slots[at];
	slots[at] = f;
	pthread_mutex_unlock(&lock);
	if (old)
		release(old);
}

/* ---- whole pages for anonymous visitors ---- */

/* The bytes of pages sent before, in slots chosen by the key's hash: a page for another
 * key in the same slot replaces it, so the keep stays bounded whatever the addresses. */
#define PAGE_SLOTS 512

struct kept_page {
	char *key;
	char *body;
	size_t len;
};

static struct kept_page kept[PAGE_SLOTS];
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
page_slot(const char *key)
{
	return (size_t)(str_hash(STR_HASH_SEED, key, strlen(key)) % PAGE_SLOTS);
}

bool
cache_page_send(struct request *r, const char *key)
{
	struct kept_page *k = &kept[page_slot(key)];
	bool hit = false;
	pthread_mutex_lock(&kept_lock);
	if (k->key && strcmp(k->key, key) == 0) {
		/* The bytes of a page sent before, whole (layout_end let it pass): a response
		 * replayed, not HTML put together here. */
		http_send(r, 200, "text/html; charset=utf-8", k->body, k->len);
		hit = true;
	}
	pthread_mutex_unlock(&kept_lock);
	atomic_fetch_add(hit ? &page_hits : &page_misses, 1);
	return hit;
}

void
cache_page_put(const char *key, const struct buf *page)
{
	if (page->len > CACHE_PAGE_MAX)
		return;
	char *k = xstrdup(key), *body = xmalloc(page->len + 1);
	memcpy(body, page->data, page->len);
	body[page->len] = '\0';
	struct kept_page *slot = &kept[page_slot(key)];
	pthread_mutex_lock(&kept_lock);
	char *old_key = slot->key, *old_body = slot->body;
	*slot = (struct kept_page){k, body, page->len};
	pthread_mutex_unlock(&kept_lock);
	free(old_key);
	free(old_body);
}

/* ---- documents for everyone ---- */

/* Few slots: a brochure is large and made in well under a second. */
#define DOC_SLOTS 16

static struct kept_page docs[DOC_SLOTS];
static pthread_mutex_t docs_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
doc_slot(const char *key)
{
	return (size_t)(str_hash(STR_HASH_SEED, key, strlen(key)) % DOC_SLOTS);
}

bool
cache_doc_send(struct request *r, const char *key, const char *type)
{
	struct kept_page *k = &docs[doc_slot(key)];
	bool hit = false;
	pthread_mutex_lock(&docs_lock);
	if (k->key && strcmp(k->key, key) == 0) {
		http_send(r, 200, type, k->body, k->len);
		hit = true;
	}
	pthread_mutex_unlock(&docs_lock);
	atomic_fetch_add(hit ? &doc_hits : &doc_misses, 1);
	return hit;
}

void
cache_doc_put(const char *key, const void *data, size_t len)
{
	if (len > CACHE_DOC_MAX)
		return;
	char *k = xstrdup(key), *body = xmalloc(len + 1);
	memcpy(body, data, len);
	body[len] = '\0';
	struct kept_page *slot = &docs[doc_slot(key)];
	pthread_mutex_lock(&docs_lock);
	char *old_key = slot->key, *old_body = slot->body;
	*slot = (struct kept_page){k, body, len};
	pthread_mutex_unlock(&docs_lock);
	free(old_key);
	free(old_body);
}
