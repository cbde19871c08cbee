/* Collections (Themendossiers, issue 12): the coordination office's selection of published
 * practices for an audience (Adressat terms), with a Markdown introduction and a short note
 * per practice, in the office's order. Drafts are the office's; a published collection is
 * public with the practices of it that are published (the others are left out, and the
 * office is told). Rules and queries only. */
#ifndef DOMAIN_COLLECTION_H
#define DOMAIN_COLLECTION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "util/arena.h"

struct store;

#define COLLECTION_TITLE_MAX 200
#define COLLECTION_INTRO_MAX 20000
#define COLLECTION_NOTE_MAX 1000
#define COLLECTION_MAX_ITEMS 100
#define COLLECTION_MAX_AUDIENCE 32

struct collection_item {
	int64_t practice_id;
	const char *slug, *title, *teaser, *note;
	enum practice_status status;
	int64_t published_at, updated_at; /* the practice's */
};

struct collection {
	int64_t id;
	const char *slug, *title, *intro; /* intro: Markdown */
	bool published;
	int64_t published_at; /* 0: never published */
	int64_t created_at, updated_at;
	struct term *audience; /* Adressat terms, by position */
	size_t naudience;
	struct collection_item *items; /* every item, in order (also unpublished practices) */
	size_t nitems;
};

enum collection_code {
	COLLECTION_OK = 0,
	COLLECTION_ERROR = -1,       /* storage */
	COLLECTION_NOT_FOUND = -2,   /* no such collection */
	COLLECTION_EMPTY = -3,       /* no published practice in it: cannot be published */
	COLLECTION_WRONG_STATE = -4, /* already published / not published */
	COLLECTION_BAD_INPUT = -5,   /* unknown practice or term, a practice twice, too many */
};

/* What the office's form gives: practice ids in order, each with its note. */
struct collection_input {
	const char *title, *intro;
	const int64_t *audience; /* term ids of kind "adressat" */
	size_t naudience;
	const int64_t *practices;
	const char *const *notes; /* NULL entries count as "" */
	size_t nitems;
};

/* Creates a draft with this title (slug made from it, unique) and writes the audit event
 * "collection.create". Call in a transaction. Returns the new id, or -1. */
int64_t collection_create(struct store *s, int64_t actor, const char *title);
/* Replaces title, introduction, audience and items; audit event "collection.update". The
 * slug stays. COLLECTION_BAD_INPUT for an unknown practice or term or a practice twice.
 * Call in a transaction. */
enum collection_code collection_update(struct store *s, int64_t actor, int64_t id,
                                       const struct collection_input *in);
/* Publishes a draft (COLLECTION_EMPTY without a published practice in it) or takes a
 * published one offline; audit events "collection.publish" / "collection.unpublish". */
enum collection_code collection_publish(struct store *s, int64_t actor, int64_t id);
enum collection_code collection_unpublish(struct store *s, int64_t actor, int64_t id);

/* Loads a collection with its audience and all its items (strings in a). */
bool collection_find(struct store *s, struct arena *a, int64_t id, struct collection *out);
/* By slug; with published_only a draft is not found. */
bool collection_find_slug(struct store *s, struct arena *a, const char *slug, bool published_only,
                          struct collection *out);
/* How many of the items the public sees (their practice is published). */
size_t collection_public_count(const struct collection *c);

struct collection_row {
	int64_t id;
	const char *slug, *title;
	bool published;
	int64_t published_at, updated_at;
	size_t npublic; /* published practices in it */
};
/* Every collection (published_only: the published ones, newest publication first; else
 * newest change first), at most max; returns how many were written. */
size_t collection_list(struct store *s, struct arena *a, bool published_only,
                       struct collection_row *out, size_t max);
/* The published collections practice_id is in, by title, at most max. */
size_t collection_of_practice(struct store *s, struct arena *a, int64_t practice_id,
                              struct collection_row *out, size_t max);

#endif
