/* Proposals: a sub-project's good-practice proposal for a call, from draft to decision.
 * States: draft → submitted → (returned ↔ resubmitted) → eligible | ineligible →
 * in_review → selected | not_selected | deferred → published; withdrawn before a
 * decision. Every submit stores an immutable version. */
#ifndef DOMAIN_PROPOSAL_H
#define DOMAIN_PROPOSAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/user.h"
#include "util/arena.h"

struct store;

enum proposal_state {
	PS_DRAFT,
	PS_SUBMITTED,
	PS_RETURNED,
	PS_RESUBMITTED,
	PS_ELIGIBLE,
	PS_INELIGIBLE,
	PS_IN_REVIEW,
	PS_SELECTED,
	PS_NOT_SELECTED,
	PS_DEFERRED,
	PS_PUBLISHED,
	PS_WITHDRAWN,
	PS_COUNT
};

/* The text fields, in the order of the form. */
enum proposal_text {
	PT_TITLE,
	PT_TEASER,
	PT_IN_USE_SINCE,
	PT_SITUATION,
	PT_IMPLEMENTATION,
	PT_RESOURCES,
	PT_RESULTS,
	PT_EXPERIENCE,
	PT_TRANSFER_REQUIREMENTS,
	PT_TRANSFER_EFFORT,
	PT_TRANSFER_MATERIALS,
	PT_LINKS,
	PT_CONTACT_NAME,
	PT_CONTACT_EMAIL,
	PT_CONTACT_PHONE,
	PT_COUNT
};

enum proposal_section {
	SEC_OVERVIEW,
	SEC_SITUATION,
	SEC_IMPLEMENTATION,
	SEC_RESULTS,
	SEC_EXPERIENCE,
	SEC_TRANSFER,
	SEC_SELF_ASSESSMENT,
	SEC_CONTACT,
	SEC_COUNT
};

struct proposal_field {
	const char *key;   /* column and form key: "title", "situation", … */
	const char *label; /* msgid */
	const char *hint;  /* msgid or NULL */
	int max;           /* characters */
	bool required;     /* for submitting (a draft may be incomplete) */
	bool markdown;     /* long text, rendered as Markdown */
	enum proposal_section section;
};

extern const struct proposal_field proposal_fields[PT_COUNT];
/* msgids of the section headings (Ausgangslage/Herausforderung, Umsetzung, …). */
extern const char *const proposal_section_titles[SEC_COUNT];
/* The multi-valued term kinds, each required (at least one) for submitting. */
extern const char *const proposal_term_kinds[]; /* NULL-terminated */
#define PROPOSAL_SELF_MAX 2000
#define PROPOSAL_MAX_TERMS 64
#define PROPOSAL_MAX_SELF 16

struct self_assessment {
	const char *criterion_key;
	const char *body;
};

struct proposal {
	int64_t id, call_id, organisation_id;
	const char *organisation_name;
	int64_t network_id; /* the organisation's parent (network or Fachstelle), 0 if none */
	enum proposal_state state;
	const char *text[PT_COUNT];
	int64_t art_id;
	int64_t term_ids[PROPOSAL_MAX_TERMS];
	size_t nterms;
	struct self_assessment self[PROPOSAL_MAX_SELF];
	size_t nself;
	int64_t revision;
	const char *state_reason;
	int64_t created_by, updated_by, created_at, updated_at, submitted_at;
	const char *updated_by_name;
};

const char *proposal_state_name(enum proposal_state s);  /* "draft", … */
int proposal_state_parse(const char *name);              /* -1 when unknown */
const char *proposal_state_label(enum proposal_state s); /* msgid */

/* Result codes of the changing operations. */
enum proposal_result {
	PROPOSAL_OK = 0,
	PROPOSAL_ERROR = -1,       /* storage error */
	PROPOSAL_CONFLICT = 1,     /* someone saved a newer revision meanwhile */
	PROPOSAL_NOT_EDITABLE = 2, /* the state does not allow this */
	PROPOSAL_BAD_TERM = 3,     /* an unknown or retired taxonomy id */
	PROPOSAL_DEADLINE = 4,     /* the call does not accept submissions now */
	PROPOSAL_INCOMPLETE = 5,   /* required fields missing (see proposal_missing) */
	PROPOSAL_TOO_LONG = 6,     /* a text over its limit */
};

/* Creates an empty draft for the organisation in the call (which must accept
 * submissions). Returns the id, or -PROPOSAL_* on refusal. */
int64_t proposal_create(struct store *s, const struct user *actor, int64_t call_id,
                        int64_t organisation_id);
bool proposal_find(struct store *s, struct arena *a, int64_t id, struct proposal *out);

/* Saves the editable content of p (texts, art, terms, self-assessment) if the stored
 * revision is still p->revision; the revision then grows by one. */
enum proposal_result proposal_save(struct store *s, int64_t actor, struct proposal *p);
/* Lists what is missing or wrong for a submit: field keys (text keys, "art", the term
 * kinds, "self_<criterion>", allocated in a) with msgids. Returns the count. */
size_t proposal_missing(struct store *s, struct arena *a, const struct proposal *p,
                        const char **keys, const char **msgids, size_t max);
/* Submits (draft → submitted, returned → resubmitted): checks the deadline and
 * completeness, stores a version, queues the receipt e-mail to the actor. */
enum proposal_result proposal_submit(struct store *s, const struct user *actor, int64_t id);
enum proposal_result proposal_withdraw(struct store *s, int64_t actor, int64_t id);

struct call;
/* Whether u may revise p, a submitted (or resubmitted) proposal, now: a submitter of its
 * organisation while its call c still accepts submissions (until the deadline). */
bool proposal_can_revise(const struct user *u, const struct proposal *p, const struct call *c,
                         int64_t now);
/* Replaces a submitted proposal's content with p's (texts, Art, terms, self-assessment; the
 * attachments stay) as a new version, if the stored revision is still p->revision and the
 * new content is complete; the state stays, submitted_at moves on, the receipt e-mail goes
 * to the actor and "proposal.revise" is audited. *number gets the version's number. Returns
 * PROPOSAL_NOT_EDITABLE (not submitted, or not the actor's), PROPOSAL_DEADLINE,
 * PROPOSAL_INCOMPLETE (see proposal_missing), PROPOSAL_CONFLICT, PROPOSAL_BAD_TERM,
 * PROPOSAL_TOO_LONG. Call in a transaction. */
enum proposal_result proposal_revise(struct store *s, const struct user *actor, struct proposal *p,
                                     int64_t *number);
/* The office's formal check: the outcome of submitted/resubmitted proposals. For
 * PS_RETURNED the reason is the message to the sub-project (also put in the thread);
 * PS_INELIGIBLE needs a reason. */
enum proposal_result proposal_decide_formal(struct store *s, const struct user *office, int64_t id,
                                            enum proposal_state outcome, const char *reason);

/* Carries a proposal deferred to a later call into that call, once: a new draft of the
 * same organisation with the content, terms, self-assessment and current attachments,
 * remembering where it came from. The actor must be a submitter of the organisation, and
 * the later call (the deferral's target) must accept submissions. Returns the new id, or
 * -PROPOSAL_NOT_EDITABLE (not deferred to a call, or carried already) or
 * -PROPOSAL_DEADLINE; -PROPOSAL_ERROR on a storage error. Audited on both proposals. */
int64_t proposal_carry_over(struct store *s, const struct user *actor, int64_t id,
                            int64_t target_call_id);
/* The proposal this one was carried into, 0 when none. */
int64_t proposal_carried_into(struct store *s, int64_t id);

/* The proposal's own edit rule: u is a submitter of p's organisation and p is a draft or
 * returned for revision. proposal_submit and attachment.c check it inside their
 * transactions; pages ask access_may_edit_proposal (access.h), which answers with it. */
bool proposal_can_edit(const struct user *u, const struct proposal *p);

struct proposal_summary {
	int64_t id, call_id, organisation_id;
	const char *title, *organisation_name, *call_title;
	enum proposal_state state;
	int64_t closes_at, updated_at, submitted_at, art_id;
};

/* Every proposal of the organisation, newest call first, in an array in a; *n gets their
 * number. The list functions below return every row the same way. */
struct proposal_summary *proposal_list_by_org(struct store *s, struct arena *a, int64_t org_id,
                                              size_t *n);
struct proposal_filter {
	int64_t call_id;
	int state;           /* -1: any */
	int64_t network_id;  /* 0: any */
	int64_t art_id;      /* 0: any */
	int64_t term_id;     /* a Handlungsfeld, 0: any */
	bool include_drafts; /* the office does not see drafts by default */
};
struct proposal_summary *proposal_list(struct store *s, struct arena *a,
                                       const struct proposal_filter *f, size_t *n);
/* Counts per state for a call (index by enum proposal_state). */
void proposal_count_states(struct store *s, int64_t call_id, int64_t counts[PS_COUNT]);

/* Versions: number 1, 2, … for each submit. content is the JSON snapshot. */
struct proposal_version {
	int64_t number, submitted_at, submitted_by;
	const char *content;
};
struct proposal_version *proposal_versions(struct store *s, struct arena *a, int64_t id, size_t *n);
/* A file as a version recorded it. */
struct proposal_version_file {
	const char *filename, *sha256;
	int64_t size;
};
/* Reads a version's snapshot into out (texts, Art, terms, self-assessment; the other fields
 * stay as out had them) and its files into *files (an array in a, *nfiles their number).
 * False when content is not a snapshot. */
bool proposal_version_read(struct arena *a, const char *content, struct proposal *out,
                           struct proposal_version_file **files, size_t *nfiles);

/* The question thread (Rückfrage) between office and sub-project. Notifies the other side
 * by e-mail. */
struct proposal_message {
	int64_t id, author_id, created_at;
	const char *author_name, *body;
	bool from_office;
};
int proposal_message_add(struct store *s, const struct user *author, int64_t id, bool from_office,
                         const char *body);
struct proposal_message *proposal_messages(struct store *s, struct arena *a, int64_t id, size_t *n);

#endif
