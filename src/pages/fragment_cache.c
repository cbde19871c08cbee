/* A small, bounded, thread-safe keep of rendered HTML fragments: 32 slots, replaced round
 * robin, each shared by reference so the copy into a response runs outside the lock. */
#include "pages/fragment_cache.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 32

struct fragment {
	char *key, *token, *data;
	size_t len;
	int refs; /* the slot's one, and one per reader copying it; under lock */
};

static struct fragment *slots[SLOTS];
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
		free(f->data);
		free(f);
	}
}

bool
fragment_get(const char *key, const char *token, struct buf *out)
{
	struct fragment *f = NULL;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SLOTS && !f; i++)
		if (slots[i] && strcmp(slots[i]->key, key) == 0) {
			f = slots[i];
			f->refs++;
		}
	pthread_mutex_unlock(&lock);
	if (!f)
		return false;
	size_t tl = strlen(f->token);
	if (!tl || strcmp(f->token, token) == 0) {
		buf_append(out, f->data, f->len);
	} else {
		/* Another session of the same person: their own token in its place. */
		const char *p = f->data, *end = f->data + f->len, *hit;
		buf_grow(out, f->len);
		while ((hit = memmem(p, (size_t)(end - p), f->token, tl)) != NULL) {
			buf_append(out, p, (size_t)(hit - p));
			buf_puts(out, token);
			p = hit + tl;
		}
		buf_append(out, p, (size_t)(end - p));
	}
	release(f);
	return true;
}

void
fragment_put(const char *key, const char *token, const char *data, size_t len)
{
	if (len > FRAGMENT_MAX)
		return;
	struct fragment *f = xmalloc(sizeof *f);
	f->key = xstrdup(key);
	f->token = xstrdup(token ? token : "");
	f->data = xmalloc(len + 1);
	memcpy(f->data, data, len);
	f->data[len] = '\0';
	f->len = len;
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
