/* Transfer (issue 11): interest in a published practice and its adoption elsewhere. A
 * person without an account asks through a form; the address is confirmed by a
 * single-use link before anything is forwarded (double opt-in); network and Fachstelle
 * staff report from their account. One report per organisation and practice, with its
 * stage, text and figures, updated or withdrawn through the reporter's private link;
 * moderated by the office, which approves the public snapshot. The scheduler asks six
 * months after an interest, once, whether it became an adoption, and deletes unconfirmed
 * requests after 30 days. The reporter's name and e-mail are never public. */
#ifndef DOMAIN_TRANSFER_H
#define DOMAIN_TRANSFER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/i18n.h"

struct store;
struct user;

enum transfer_stage { TS_INTEREST, TS_PREPARING, TS_ADOPTED, TS_GIVEN_UP, TS_COUNT };
const char *transfer_stage_name(enum transfer_stage st);  /* "interest", … */
int transfer_stage_parse(const char *name);               /* -1 when unknown */
const char *transfer_stage_label(enum transfer_stage st); /* msgid */
/* The form's choices: the stage names, NULL-terminated; the first form offers only the
 * first three (nobody reports "given up" before they began). */
extern const char *const transfer_stage_names[];
extern const char *const transfer_first_stage_names[];

/* The kinds of organisation: the Adressat terms' keys and "other" (msgid of its label). */
#define TRANSFER_KIND_OTHER "other"
extern const char *const transfer_kind_other_label;

#define TRANSFER_CONFIRM_SECONDS (7 * 24 * 3600) /* the confirmation link */
#define TRANSFER_UNCONFIRMED_DAYS 30             /* then an unconfirmed request is deleted */
#define TRANSFER_FOLLOWUP_DAYS 182               /* six months after an interest */
#define TRANSFER_MAX_PER_EMAIL 5                 /* forms per e-mail address per 15 minutes */
#define TRANSFER_MAX_PER_NETWORK 20              /* forms per network per 15 minutes */

enum transfer_code {
	TRANSFER_OK = 0,
	TRANSFER_ERROR = -1, /* storage */
	/* Apart from the store's codes (STORE_BUSY, STORE_CONSTRAINT), which store_tx passes
	 * through as well. */
	TRANSFER_NOT_FOUND = -12, /* no such report or practice */
	TRANSFER_INVALID = -13,   /* the input has problems (transfer_check) */
	TRANSFER_GONE = -14,      /* a link that is unknown, used up or expired */
	TRANSFER_EXISTS = -15,    /* this organisation has reported on the practice already */
	TRANSFER_WRONG_STATE = -16,
};

struct transfer_input {
	const char *reporter_name, *reporter_email; /* ignored for updates and staff */
	const char *organisation_name;
	const char *organisation_kind; /* an Adressat key or "other" */
	const char *bundesland;        /* a Bundesland key */
	bool name_public;
	enum transfer_stage stage;
	const char *message;     /* to the practice's contact (first form only) */
	const char *report_text; /* "what we adapted" */
	const char *since;       /* "" or "YYYY-MM" */
	int64_t people_reached;  /* -1: not given */
};

struct transfer_problem {
	const char *field; /* the form key */
	const char *msgid;
};

/* Checks an input: names and texts (lengths; no control characters; no HTML tags, as the
 * texts are plain), the e-mail address (first form only), the kind and Land (known terms),
 * the month. Writes at most max problems and returns how many there are. */
size_t transfer_check(struct store *s, const struct transfer_input *in, bool first,
                      struct transfer_problem *out, size_t max);

enum transfer_state { TR_UNCONFIRMED, TR_CONFIRMED, TR_WITHDRAWN };
enum transfer_moderation { TM_PENDING, TM_APPROVED, TM_REJECTED };

struct transfer_report {
	int64_t id, practice_id;
	const char *practice_slug, *practice_title;
	enum transfer_state state;
	const char *reporter_name, *reporter_email;
	int64_t reporter_user_id;
	const char *organisation_name, *organisation_kind, *bundesland;
	bool name_public;
	enum transfer_stage stage;
	const char *message, *report_text, *since;
	int64_t people_reached; /* -1: not given */
	enum transfer_moderation moderation;
	const char *reject_reason;
	/* The approved public snapshot (public_at 0: nothing public). */
	const char *public_stage, *public_text, *public_name, *public_kind, *public_bundesland;
	int64_t public_at;
	int64_t interest_at, followup_sent_at, confirmed_at, created_at, updated_at;
};

/* Where the links in the e-mails point: the server's public origin ("https://x.org"),
 * set once at start-up (serve); "http://localhost" until then. */
void transfer_set_origin(const char *origin);

/* The network an address belongs to, for the rate limit: an IPv4 address's /24, an IPv6
 * address's /64 (so one host cannot rotate through its neighbours' addresses). */
void transfer_network(const char *addr, char *out, size_t n);
/* True when this e-mail address or this network has sent too many forms lately; counting
 * one more form (transfer_count_form) is separate so a refused form can count too. */
bool transfer_throttled(struct store *s, const char *email, const char *addr);
void transfer_count_form(struct store *s, const char *email, const char *addr);

/* The first form, without an account: an unconfirmed report of the published practice
 * and the e-mail with its confirmation link (valid TRANSFER_CONFIRM_SECONDS). Nothing is
 * forwarded yet. Audited without personal data. TRANSFER_NOT_FOUND for a practice that is
 * not published, TRANSFER_INVALID. Returns the report's id. Call in a transaction. */
int64_t transfer_request(struct store *s, int64_t practice_id, const struct transfer_input *in,
                         enum lang lang);
/* The report a valid confirmation link belongs to (0 when none); uses nothing up. */
int64_t transfer_confirm_check(struct store *s, const char *token);
/* Uses the link up: the report is confirmed, the practice's contact and the office get an
 * e-mail, the reporter one with the private link. TRANSFER_GONE (unknown, used or
 * expired), TRANSFER_EXISTS (the organisation reported on the practice already: nothing
 * changes). *id gets the report. Call in a transaction. */
int transfer_confirm(struct store *s, const char *token, int64_t *id);

/* Network or Fachstelle staff (access_may_report_transfer) report from their account:
 * confirmed at once with their name and e-mail, forwarded as a confirmed one, the private
 * link mailed to them. Returns the id, or TRANSFER_NOT_FOUND / TRANSFER_INVALID /
 * TRANSFER_EXISTS. Call in a transaction. */
int64_t transfer_report_staff(struct store *s, const struct user *u, int64_t practice_id,
                              const struct transfer_input *in);

/* The report of a valid private link (0 when none). */
int64_t transfer_manage_check(struct store *s, const char *token);
/* Updates the report of the private link (organisation, kind, Land, consent, stage, text,
 * figures); it waits for moderation again while the approved version stays public.
 * TRANSFER_GONE, TRANSFER_INVALID, TRANSFER_EXISTS (renamed onto another report). */
int transfer_update(struct store *s, const char *token, const struct transfer_input *in);
/* Withdraws it: no longer public, the reporter's contact data and the links removed. */
int transfer_withdraw(struct store *s, const char *token);

bool transfer_find(struct store *s, struct arena *a, int64_t id, struct transfer_report *out);

/* ---- moderation (the office: access_may_moderate_transfer) ---- */

/* Every confirmed report, those waiting for moderation first (newest first within), at
 * most max; *n their number. */
struct transfer_report *transfer_list(struct store *s, struct arena *a, bool pending_only,
                                      size_t *n);
/* Makes the report's current state the public snapshot with public_text (the office may
 * have edited the reporter's text). Audited. TRANSFER_WRONG_STATE unless confirmed. */
int transfer_approve(struct store *s, int64_t actor, int64_t id, const char *public_text);
/* Rejects the current state with a reason (required; TRANSFER_INVALID): it does not
 * become public (an earlier approved snapshot stays). Audited. */
int transfer_reject(struct store *s, int64_t actor, int64_t id, const char *reason);

/* ---- what the public sees (approved snapshots of confirmed reports only) ---- */

struct transfer_story {
	int64_t id;
	const char *practice_slug, *practice_title;
	const char *stage, *text, *name, *kind, *bundesland; /* name "" without consent */
	int64_t at;
};

#define TRANSFER_LANDS 16
struct transfer_counts {
	int64_t adopted;                  /* institutions that adopted it */
	int64_t lands;                    /* Länder among them */
	int64_t preparing;                /* preparing an adoption */
	int64_t interested;               /* interested */
	int64_t per_land[TRANSFER_LANDS]; /* adoptions per Land, in the Bundesland terms' order */
	const char *land_key[TRANSFER_LANDS];
	const char *land_label[TRANSFER_LANDS];
};

/* The counts for one practice (practice_id > 0) or for all (0). */
int transfer_counts(struct store *s, struct arena *a, int64_t practice_id, enum lang lang,
                    struct transfer_counts *out);
/* The public stories, newest first: one practice's (practice_id > 0) or all; stage ""
 * for every stage or one stage name. At most max. */
struct transfer_story *transfer_stories(struct store *s, struct arena *a, int64_t practice_id,
                                        const char *stage, size_t max, size_t *n);

/* A count of adoptions under a key: a kind of institution, a quarter ("2026-Q1"), or a
 * practice (key its slug, label its title). */
struct transfer_tally {
	const char *key, *label;
	int64_t count;
};
/* Adoptions by kind (labels in lang), by quarter of approval (oldest first), and the most
 * adopted practices (most first, at most max). Each an array in a; *n their number. */
struct transfer_tally *transfer_by_kind(struct store *s, struct arena *a, enum lang lang,
                                        size_t *n);
struct transfer_tally *transfer_by_quarter(struct store *s, struct arena *a, size_t *n);
struct transfer_tally *transfer_most_adopted(struct store *s, struct arena *a, size_t max,
                                             size_t *n);

/* The label of a kind key ("jobcenter" → "Jobcenter"), of a Land key, in lang. */
const char *transfer_kind_label(struct store *s, struct arena *a, const char *kind, enum lang lang);
const char *transfer_land_label(struct store *s, struct arena *a, const char *key, enum lang lang);

/* ---- the sub-project behind practices ---- */

/* The confirmed reports on the practices made from proposals of organisation org, newest
 * first, without the reporters' contact (reporter_name, reporter_email and message are
 * ""). */
struct transfer_report *transfer_of_organisation(struct store *s, struct arena *a, int64_t org,
                                                 size_t *n);

/* ---- the yearly report for the funder (transfer_year.c) ---- */

struct transfer_year_practice {
	const char *slug, *title;
	int64_t adopted, preparing, interested, lands;
	const char *adopted_in; /* the Länder of its adoptions, "Hessen, Sachsen" ("" for none) */
};
struct transfer_year {
	int year;
	/* Public reports approved in the year, by their approved stage. */
	int64_t adopted, preparing, interested, given_up;
	int64_t last_at;                          /* the latest approval in it (0: none) */
	struct transfer_year_practice *practices; /* most adopted first */
	size_t npractices;
	struct transfer_tally *lands; /* adoptions per Bundesland term, in the terms' order */
	size_t nlands;
	struct transfer_tally *kinds; /* adoptions per kind of institution (labels in lang) */
	size_t nkinds;
};
/* The figures of the public reports the office approved in year (UTC). TRANSFER_OK. */
int transfer_year(struct store *s, struct arena *a, int year, enum lang lang,
                  struct transfer_year *out);

/* The confirmed reports the account user_id filed itself (transfer_report_staff), newest
 * first, with their moderation state; its own name and e-mail are the account's. */
struct transfer_report *transfer_filed_by(struct store *s, struct arena *a, int64_t user_id,
                                          size_t *n);

/* ---- the scheduler ---- */

/* Six months (TRANSFER_FOLLOWUP_DAYS) after an interest that is still an interest, asks
 * the reporter once whether it became an adoption (with a new private link). Each ask is
 * claimed in the database before its e-mail is queued, in one transaction, so a restart or
 * a second instance never asks twice. Returns the number asked, or -1. */
int transfer_send_followups(struct store *s, int64_t now);
/* Deletes unconfirmed requests older than TRANSFER_UNCONFIRMED_DAYS (their personal data).
 * Returns the number deleted, or -1. */
int transfer_purge_unconfirmed(struct store *s, int64_t now);

#endif
