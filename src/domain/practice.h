/* Good practices, the public catalog: records made from selected proposals, imported or
 * written by the coordination office; their terms, publication (published, unpublished,
 * archived), search with facets, related practices, slugs. Rules and queries only. */
#ifndef DOMAIN_PRACTICE_H
#define DOMAIN_PRACTICE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/taxonomy.h"
#include "util/arena.h"

struct store;

enum practice_status { PRACTICE_UNPUBLISHED, PRACTICE_PUBLISHED, PRACTICE_ARCHIVED };
const char *practice_status_name(enum practice_status s);  /* "published", … */
int practice_status_parse(const char *name);               /* -1 when unknown */
const char *practice_status_label(enum practice_status s); /* msgid */

/* The text fields: column, form key and import key are the same name. */
enum practice_text {
	PX_TITLE,
	PX_TEASER,
	PX_ORGANISATION_NAME,
	PX_ORGANISATION_KIND,
	PX_BUNDESLAND,
	PX_CONTACT_NAME,
	PX_CONTACT_EMAIL,
	PX_CONTACT_PHONE,
	PX_IN_USE_SINCE,
	PX_SITUATION,
	PX_IMPLEMENTATION,
	PX_RESULTS,
	PX_TRANSFER,
	PX_CRITERION_TRANSFERABLE,
	PX_CRITERION_INNOVATIVE,
	PX_CRITERION_SUSTAINABLE,
	PX_CRITERION_EFFICIENT,
	PX_LINKS,
	PX_COUNT
};

struct practice_field {
	const char *key;   /* "title", "situation", … */
	const char *label; /* msgid */
	const char *hint;  /* msgid or NULL */
	int max;           /* characters */
	bool required;     /* for publishing (a title is always required) */
	bool markdown;     /* long text, rendered as Markdown */
};
extern const struct practice_field practice_fields[PX_COUNT];
/* The sections and criteria in reading order (indexes into practice_fields). */
extern const enum practice_text practice_sections[4];
extern const enum practice_text practice_criteria[4];
/* The multi-valued term kinds of a practice, NULL-terminated. */
extern const char *const practice_term_kinds[];

#define PRACTICE_SLUG_MAX 80
#define PRACTICE_MAX_TERMS 64

struct practice {
	int64_t id;
	int64_t proposal_id; /* 0: not made from a proposal */
	const char *slug;
	const char *text[PX_COUNT];
	int64_t art_id; /* 0: none */
	struct term art;
	struct term terms[PRACTICE_MAX_TERMS]; /* ordered by kind, then position */
	size_t nterms;
	enum practice_status status;
	int64_t published_at; /* 0: never published */
	int64_t updated_at, created_at;
};

/* What the edit form and the import give. */
struct practice_input {
	const char *slug;           /* NULL or "": made from the title (new) or kept (update) */
	const char *text[PX_COUNT]; /* NULL counts as "" */
	int64_t art_id;             /* 0: none */
	const int64_t *term_ids;
	size_t nterms;
};

/* A problem with an input: the field (a text key, "slug", "art" or "terms") and a msgid. */
struct practice_problem {
	const char *field;
	const char *msgid;
};

/* What the practice functions answer (struct practice_result is a search's result). */
enum practice_code {
	PRACTICE_OK = 0,
	PRACTICE_ERROR = -1, /* storage error */
	PRACTICE_NOT_FOUND = -2,
	PRACTICE_INVALID = -3,     /* the input has problems (see practice_check) */
	PRACTICE_WRONG_STATE = -4, /* the status (or the proposal's state) does not allow it */
	PRACTICE_EXISTS = -5,      /* a practice was made from this proposal already */
	PRACTICE_INCOMPLETE = -6,  /* publishing needs the required fields */
};

/* Checks an input: lengths, single lines where wanted, the e-mail address, web addresses
 * (http/https only), the organisation kind, the slug (form, and unique apart from self_id,
 * 0 for a new practice), the Art and the terms (known, of the right kinds, not retired
 * unless the practice has them already). With publishing, the required fields too.
 * Writes at most max problems and returns how many there are. */
size_t practice_check(struct store *s, const struct practice_input *in, int64_t self_id,
                      bool publishing, struct practice_problem *out, size_t max);

/* Creates an unpublished practice (slug from in->slug or the title, made unique).
 * Audited. Returns the id, or PRACTICE_INVALID / PRACTICE_ERROR. Call in a transaction. */
int64_t practice_create(struct store *s, int64_t actor, const struct practice_input *in);
/* Replaces the fields and terms; updated_at moves on. The slug cannot change once the
 * practice has been published (bookmarks, feeds). Audited with the changed fields. Call in
 * a transaction. */
enum practice_code practice_update(struct store *s, int64_t actor, int64_t id,
                                   const struct practice_input *in);
/* Status changes, each audited with updated_at set: publish (from unpublished or
 * archived; needs the required fields: PRACTICE_INCOMPLETE; sets published_at the first
 * time), unpublish (from published or archived), archive (from published or
 * unpublished). PRACTICE_WRONG_STATE when the practice has that status already. */
enum practice_code practice_publish(struct store *s, int64_t actor, int64_t id);
/* What p lacks to be published, in the order of the form: the checks of practice_check
 * with publishing (title, summary, organisation, the four sections, the Art), then at least
 * one term of each kind (field "term"), the four criteria texts and the contact (name and
 * e-mail address). Writes at most max problems and returns how many there are. */
size_t practice_publish_missing(struct store *s, const struct practice *p,
                                struct practice_problem *out, size_t max);
/* The office's publishing: practice_publish once practice_publish_missing finds nothing
 * (PRACTICE_INCOMPLETE before). practice_publish itself asks only for the fields of
 * practice_check, as records made or imported before this rule need. Call in a
 * transaction. */
enum practice_code practice_publish_complete(struct store *s, int64_t actor, int64_t id);
enum practice_code practice_unpublish(struct store *s, int64_t actor, int64_t id);
enum practice_code practice_archive(struct store *s, int64_t actor, int64_t id);
/* Makes an unpublished practice from the public fields of a proposal in state 'selected'
 * (texts, Art, terms, organisation, contact, self-assessment as the criteria texts).
 * Returns the id, PRACTICE_NOT_FOUND, PRACTICE_WRONG_STATE (not selected),
 * PRACTICE_EXISTS (made already) or PRACTICE_ERROR. Audited. Call in a transaction. */
int64_t practice_create_from_proposal(struct store *s, int64_t actor, int64_t proposal_id);

/* For the import: creates a practice with its status and times as given (published_at 0
 * for a practice never published; updated_at 0 means published_at, or now). The input
 * must have passed practice_check. Audited as "practice.import". Call in a transaction. */
int64_t practice_create_imported(struct store *s, int64_t actor, const struct practice_input *in,
                                 enum practice_status status, int64_t published_at,
                                 int64_t updated_at);

bool practice_find(struct store *s, struct arena *a, int64_t id, struct practice *out);
/* By slug; with published_only, unpublished and archived practices are not found. */
bool practice_find_slug(struct store *s, struct arena *a, const char *slug, bool published_only,
                        struct practice *out);
/* The id of the practice made from a proposal, 0 if none. */
int64_t practice_of_proposal(struct store *s, int64_t proposal_id);

/* Proposals in state 'selected' that have no practice yet, newest first. */
struct practice_candidate {
	int64_t proposal_id;
	const char *title, *organisation_name;
};
struct practice_candidate *practice_candidates(struct store *s, struct arena *a, size_t *n);

/* The office's list: newest change first, optionally of one status (-1: all). */
struct practice_row {
	int64_t id;
	const char *slug, *title;
	enum practice_status status;
	int64_t published_at, updated_at;
};
size_t practice_admin_list(struct store *s, struct arena *a, int status, struct practice_row *out,
                           size_t max, size_t offset, size_t *total);

/* The slug for a title: lower case ASCII letters, digits and hyphens, umlauts as ae, oe,
 * ue and ß as ss, at most PRACTICE_SLUG_MAX characters, cut at a hyphen where it can;
 * "praxis" when nothing is left. out has PRACTICE_SLUG_MAX + 1 bytes. */
void practice_slugify(const char *title, char *out);
/* True when slug has that form. */
bool practice_slug_valid(const char *slug);
/* The slug made unique against other practices (apart from self_id): base, base-2, … */
int practice_unique_slug(struct store *s, const char *base, int64_t self_id, char *out);

/* The links field parsed: one per line, "URL" or "URL label"; every link, an array in a,
 * with *n their number. */
struct practice_link {
	const char *url, *label; /* label: the URL when none was given */
};
struct practice_link *practice_links(struct arena *a, const char *links, size_t *n);

/* ---- the catalog: search, facets, related practices (practice_search.c) ---- */

enum practice_facet {
	PF_ART,
	PF_HANDLUNGSFELD,
	PF_ZIELGRUPPE,
	PF_ADRESSAT,
	PF_BUNDESLAND,
	PF_YEAR,
	/* "übernommen in": the Länder of the practice's approved public adoptions (transfer
	 * reports), by the Bundesland terms' keys; PRACTICE_ADOPTED_ANY ("ja") for anywhere. */
	PF_ADOPTED,
	PF_COUNT
};
#define PRACTICE_ADOPTED_ANY "ja"

struct practice_facet_def {
	const char *param; /* the URL parameter: "art", "feld", … */
	const char *kind;  /* the taxonomy kind; NULL for the year */
	const char *label; /* msgid */
};
extern const struct practice_facet_def practice_facets[PF_COUNT];

/* PRACTICE_SORT_ADOPTED: most public adoptions first (newest first among equals). */
enum practice_sort {
	PRACTICE_SORT_NEWEST,
	PRACTICE_SORT_RELEVANCE,
	PRACTICE_SORT_TITLE,
	PRACTICE_SORT_ADOPTED,
	PRACTICE_SORT_COUNT
};

#define PRACTICE_MAX_VALUES 16 /* filter values per facet */
#define PRACTICE_PER_PAGE 20
#define PRACTICE_CONFIRMED_DAYS 365 /* "in the last 12 months" */

struct practice_query {
	const char *text;                                  /* as typed; NULL or "" for none */
	const char *values[PF_COUNT][PRACTICE_MAX_VALUES]; /* term keys, or years */
	size_t nvalues[PF_COUNT];
	enum practice_sort sort; /* relevance without a text means newest */
	/* Only practices whose owners confirmed them still in use (yearly check, #12) within
	 * the last PRACTICE_CONFIRMED_DAYS ("in den letzten 12 Monaten bestätigt"); one no
	 * longer in use is not. */
	bool confirmed_recent;
	int64_t page;     /* from 1 */
	int64_t per_page; /* 0: PRACTICE_PER_PAGE */
};

struct practice_hit {
	int64_t id;
	const char *slug, *title, *teaser, *organisation_name;
	/* With a search: the best passage, the matches between the bytes 0x01 and 0x02 (the
	 * page escapes the text and turns them into <mark>); NULL without a search. */
	const char *snippet;
	struct term art; /* id 0: none */
	int64_t published_at, updated_at;
	int64_t adopted; /* approved public adoptions (0 in related practices) */
	/* The yearly check (#12): false when no longer in use; the last confirmation (0). */
	bool in_use;
	int64_t confirmed_at;
};

struct practice_facet_value {
	const char *value;       /* term key or year, as in the URL */
	const struct term *term; /* NULL for years */
	int64_t count;           /* practices for this value, given the other facets' filters */
	bool selected;
};

struct practice_result {
	struct practice_hit *hits;
	size_t nhits;
	int64_t total; /* matches over all pages */
	int64_t pages; /* at least 1 */
	struct practice_facet_value *facets[PF_COUNT];
	size_t nfacets[PF_COUNT];
	/* Of the practices the other filters select, those confirmed within the last
	 * PRACTICE_CONFIRMED_DAYS (the count beside that filter). */
	int64_t confirmed_count;
	const char *text;    /* the search text as used (cut when too long); "" for none */
	bool text_truncated; /* it was cut */
	bool text_ignored;   /* there was text but no word in it ("*", "-") */
	bool sort_relevance; /* the hits are in order of relevance */
	/* A corrected search text to offer ("Meinten Sie …"), when a word of the text was
	 * found only through a typo or not at all; NULL otherwise. */
	const char *suggestion;
	/* Filter values that name no term (or no year): ignored, "param=value" each. */
	const char **unknown;
	size_t nunknown;
};

/* Runs a catalog query over the published practices. The page may lie past the end
 * (nhits is then 0 and pages says how many there are). Never fails on what people type;
 * returns PRACTICE_OK or PRACTICE_ERROR (storage). Relevance is the text index's ranking
 * (search_index_match), the title weighing most; a search with more than a few thousand matches is
 * ordered in tiers instead (title matches, then summary matches, then the rest; newest first in
 * each), which keeps it within a few milliseconds. Works on an in-memory index of the catalog
 * shared by all threads, rebuilt when the catalog changes (practice_search.c). */
int practice_search(struct store *s, struct arena *a, const struct practice_query *q,
                    struct practice_result *out);

/* Suggestions while typing text (the search form's list, GET /api/v1/suggestions): up to
 * max texts to search for, allocated in a — the titles of published practices that have a
 * word beginning with text (those beginning with it first), then the words of titles that
 * begin with text's last word, with the words before it, the commonest first. Case,
 * umlauts and ß are folded as the search folds them. None for less than two letters. */
#define PRACTICE_SUGGESTIONS 8
size_t practice_suggest(struct store *s, struct arena *a, const char *text, const char **out,
                        size_t max);

/* What the catalog's caching keys on (two index lookups): a generation that grows with every
 * change to a practice, its terms or the taxonomy (kept by triggers; exact where
 * updated_at's whole seconds are not), and the newest change (for Last-Modified). */
void practice_catalog_state(struct store *s, int64_t *generation, int64_t *last_change);

/* The catalog's index at start-up (issue 14, point 6): practice_catalog_warm_begin before
 * the server takes requests, then practice_catalog_warm_up(s) on a thread of its own builds
 * the index as the database is now and makes it current. Meanwhile a request that finds no
 * index waits for that build instead of making a second one beside it; one that finds the
 * catalog changed since builds its own as always, so no answer is from an older catalog.
 * s NULL (no connection): only ends the wait. practice_search_warm_up(s) then makes what
 * the first search needs (the text index, the vocabulary of typos and parts). */
void practice_catalog_warm_begin(void);
void practice_catalog_warm_up(struct store *s);
void practice_search_warm_up(struct store *s);

/* For /metrics: what the catalog's searches have cost since the process started (plans,
 * words, the index terms they were expanded to, typo checks: search.h, search_work) and
 * the search's index in memory (index false when there is none yet: then its fields are
 * 0; asking builds none). */
struct practice_search_metrics {
	uint64_t plans, words, alternatives, typo_checks, vocabulary;
	bool index;
	size_t practices, terms, bytes, updated;
	double build_ms, update_ms;
};
void practice_search_metrics(struct store *s, struct practice_search_metrics *out);

/* Up to max published practices most like practice id by their text (shared telling
 * words, weighted by how rare they are), best first; never the practice itself. */
size_t practice_related(struct store *s, struct arena *a, int64_t id, struct practice_hit *out,
                        size_t max);

#endif
