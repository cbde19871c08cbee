/* Atom 1.0 (RFC 4287) and RSS 2.0 writers for a list of generic entries. */
#ifndef EXPORT_FEED_H
#define EXPORT_FEED_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct feed_entry {
	const char *id;                /* Atom id / RSS guid: a tag: URI or the canonical URL */
	const char *title;             /* plain text */
	const char *link;              /* absolute URL of the entry's page */
	const char *summary;           /* plain text; NULL or "" leaves it out */
	int64_t published;             /* UTC seconds; 0 when unknown (then updated is used) */
	int64_t updated;               /* UTC seconds */
	const char *const *categories; /* plain-text labels */
	size_t ncategories;
};

struct feed {
	const char *id;           /* the feed's own id: a tag: URI or its canonical URL */
	const char *title;        /* plain text */
	const char *subtitle;     /* plain text; may be NULL */
	const char *link;         /* absolute URL of the HTML page the feed follows */
	const char *self;         /* absolute URL of the feed itself (rel="self") */
	const char *author;       /* name of the publisher (Atom requires an author) */
	const char *lang;         /* "de", "en" */
	int64_t fallback_updated; /* the feed's updated when it has no entries */
	const struct feed_entry *entries;
	size_t nentries;
};

/* The feed-level updated time: the newest entry's updated (or published), else
 * f->fallback_updated. */
int64_t feed_updated(const struct feed *f);

/* Appends a complete Atom 1.0 document (UTF-8, RFC 3339 dates) to out. */
void feed_atom(struct buf *out, const struct feed *f);
/* Appends a complete RSS 2.0 document (RFC 822 dates, an atom:link rel="self") to out. */
void feed_rss(struct buf *out, const struct feed *f);

/* Escapes s for XML text and attribute values (& < > " '). Characters XML 1.0 does not
 * allow (C0 controls other than tab, LF, CR; invalid UTF-8) are dropped, so a stray
 * control character in the data cannot make the whole document unreadable. */
void feed_xml_escape(struct buf *b, const char *s);

#endif
