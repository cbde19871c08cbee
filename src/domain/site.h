/* The operator's legal pages (Impressum, Datenschutzerklärung, Erklärung zur
 * Barrierefreiheit) as Markdown, and the feedback the accessibility statement's form
 * brings to the coordination office. */
#ifndef DOMAIN_SITE_H
#define DOMAIN_SITE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

/* The pages, by their slug (also their public address: "/impressum"). */
extern const char *const site_page_slugs[]; /* NULL-terminated */
/* The page's title (an English msgid), or NULL for a slug that is none of them. */
const char *site_page_title(const char *slug);

struct site_page {
	const char *slug, *body; /* Markdown */
	int64_t updated_at;      /* 0 while it is the seeded default */
	const char *updated_by;  /* the name of who changed it last, "" for none */
};

/* Fills p from the database (strings in a). Returns false for an unknown slug. */
bool site_page_get(struct store *s, struct arena *a, const char *slug, struct site_page *p);
/* Replaces the page's Markdown and writes the audit event "site_page.update" with the new
 * text's length and SHA-256 (the text itself stays in the page, not in the append-only
 * log). Call in a transaction. Returns 0, or -1 (unknown slug, storage error). */
int site_page_save(struct store *s, int64_t actor, const char *slug, const char *body);

/* At most this many messages per sending address within the window. */
#define SITE_FEEDBACK_MAX_PER_ADDRESS 5
#define SITE_FEEDBACK_WINDOW_SECONDS 3600

struct site_feedback {
	int64_t id, created_at;
	const char *name, *email, *page, *message;
};

enum site_feedback_result {
	SITE_FEEDBACK_OK = 0,
	SITE_FEEDBACK_ERROR = -1,
	SITE_FEEDBACK_FLOOD = 1, /* the address has sent the maximum within the window */
};

/* Stores a message from the accessibility feedback form, unless address (the sender's IP
 * address) has sent SITE_FEEDBACK_MAX_PER_ADDRESS within the window; tells every active
 * member of the coordination office by e-mail (through the outbox) and writes the audit
 * event "feedback.receive" (the id only: the message may hold personal data, which the
 * append-only log must not keep). Senders older than the window are forgotten here. Call
 * in a transaction. list_url (absolute) goes into the e-mail; *id gets the new id. */
enum site_feedback_result site_feedback_add(struct store *s, const char *address,
                                            const struct site_feedback *in, const char *list_url,
                                            int64_t *id);

/* The newest messages first, at most max (strings in a); *total gets how many there are. */
size_t site_feedback_list(struct store *s, struct arena *a, struct site_feedback *out, size_t max,
                          size_t offset, size_t *total);

#endif
