/* leuchtturm demo, the decisions: the closed call of 2025/I gets proposals, a board, ratings,
 * a meeting, decisions (one deviating from the scores, one amended, one with a recusal), the
 * letter to the demo sub-project and an issued decision record; the call in its deciding
 * phase gets rated proposals with conflicts, ready for meeting mode. Everything but the
 * calls' phases goes through the domain functions the pages use. The calls of the demo
 * already stand in their final phase, so each is put back into review for its ratings and
 * into deciding for its decisions, and the clock is set to when that happened. */
#include "cli/demo/decision.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/letter.h"
#include "domain/mail.h"
#include "domain/review.h"
#include "domain/seed.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define OFFICE_EMAIL "koordination@iq-demo.example"
#define HOUR 3600
#define DAY 86400

/* The board: the demo's four board accounts (demo_review.c makes three of them). */
static const char *const member_emails[] = {
    "gremium@iq-demo.example", "gremium-transfer@iq-demo.example",
    "gremium-netzwerk@iq-demo.example", "gremium-fachstelle@iq-demo.example"};
enum { FUNDER, TRANSFER, NETWORK, FACHSTELLE, NMEMBERS };

struct demo_proposal {
	const char *org, *title, *teaser;
};

/* A proposal's ratings by member (-1: no rating; the conflicted member has none). */
struct demo_scores {
	int score[NMEMBERS][5];
	const char *why[NMEMBERS];
};

#define NONE                                                                                       \
	{                                                                                          \
		-1, -1, -1, -1, -1                                                                 \
	}

static const struct demo_proposal closed_proposals[] = {
    {"Anerkennungsberatung Stuttgart", "Anerkennung in 100 Tagen: Fallmanagement mit der Kammer",
     "Eine feste Ansprechperson begleitet Ratsuchende vom ersten Gespräch bis zum Bescheid; "
     "mit der Kammer ist ein Zeitplan von 100 Tagen vereinbart."},
    {"Anerkennungslotsen Magdeburg", "Lotsen-Sprechstunde im Jobcenter",
     "Einmal pro Woche beraten Anerkennungslotsen direkt im Jobcenter."},
    {"Kompetenzfeststellung Frankfurt am Main", "Praxistag Kompetenzfeststellung",
     "Ein Tag in der Werkstatt zeigt, was Fachkräfte können, bevor die Unterlagen vollständig "
     "sind."},
    {"Berufsbezogene Sprachförderung Hannover", "Fachsprache Pflege kompakt",
     "Ein vierwöchiger Intensivkurs bereitet Pflegekräfte auf die Kenntnisprüfung vor."},
};

static const struct demo_scores closed_scores[] = {
    {{{3, 3, 3, 2, 3}, {3, 2, 3, 2, 2}, {2, 3, 2, 2, 3}, {3, 3, 2, 3, 2}},
     {"Klarer Zeitplan mit der Kammer, gut auf andere Kammerbezirke übertragbar",
      "Die Verbindlichkeit des Zeitplans ist neu", "Mit der Kammer dauerhaft vereinbart",
      "Eine Stelle Fallmanagement genügt"}},
    {{{1, 2, 1, 2, 1}, {2, 1, 1, 1, 2}, {1, 1, 2, 1, 1}, {2, 2, 1, 2, 1}},
     {"Nur an einem Standort erprobt", "Sprechstunden im Jobcenter gibt es vielerorts",
      "Finanzierung endet mit dem Projekt", "Die Wirkung ist noch nicht belegt"}},
    {{{3, 2, 2, 2, 2}, {2, 2, 3, 2, 2}, {2, 3, 2, 2, 2}, {3, 2, 2, 3, 2}},
     {"Gut dokumentiert und übertragbar", "Der Praxistag als Einstieg überzeugt",
      "Die Werkstätten tragen das Angebot mit", "Der Aufwand je Teilnehmenden ist gering"}},
    {{{3, 3, 2, 2, 3}, {2, 3, 3, 2, 2}, NONE, {3, 2, 2, 2, 2}},
     {"Auf andere Gesundheitsberufe übertragbar", "Kompakt und praxisnah", NULL,
      "Die Kosten sind klar ausgewiesen"}},
};

static const struct demo_proposal deciding_proposals[] = {
    {"Anerkennungsberatung Stuttgart", "Betriebliche Anerkennungslotsen",
     "Beschäftigte in Betrieben werden zu Lotsen geschult, die Kolleginnen und Kollegen zur "
     "Anerkennung beraten."},
    {"Betriebliche Integration im Hafen Bremen", "Hafen-Tandems: Einarbeitung im Betrieb",
     "Erfahrene Hafenbeschäftigte arbeiten neue Kolleginnen und Kollegen mit Fluchtgeschichte "
     "ein."},
    {"Berufsbezogene Sprachförderung Hannover", "Sprachpaten im Betrieb",
     "Sprachpatinnen im Betrieb üben mit neuen Beschäftigten die Sprache des Arbeitsplatzes."},
    {"Qualifizierung im Handwerk Leipzig", "Handwerk plus Sprache",
     "Eine Anpassungsqualifizierung im Handwerk mit integriertem Fachsprachunterricht."},
};

static const struct demo_scores deciding_scores[] = {
    {{{3, 3, 2, 3, 2}, {2, 3, 3, 2, 2}, {3, 2, 2, 2, 3}, {3, 3, 3, 2, 2}},
     {"Lotsen im Betrieb sind überall denkbar", "Beratung durch Kolleginnen ist neu",
      "Die Betriebe finanzieren die Schulung", "Geringe Kosten je Beratung"}},
    {{{2, 2, 1, 2, 1}, NONE, {1, 2, 1, 1, 2}, {2, 1, 2, 2, 1}},
     {"Auf andere Häfen übertragbar", NULL, "Stark vom einzelnen Betrieb abhängig",
      "Noch wenig Erfahrung mit der Wirkung"}},
    {{{3, 2, 3, 2, 2}, {3, 3, 2, 2, 3}, NONE, {1, 1, 2, 1, 1}},
     {"Gut übertragbar", "Sprachpaten sind ein guter Ansatz", NULL,
      "Die Dokumentation ist lückenhaft"}},
    {{{1, 2, 1, 1, 1}, {1, 1, 1, 2, 1}, {2, 1, 0, 1, 1}, {1, 1, 1, 1, 0}},
     {"Bisher nur eine Gruppe", "Ähnliche Angebote gibt es", "Keine Anschlussfinanzierung",
      "Hoher Aufwand"}},
};

#define NCLOSED (sizeof closed_proposals / sizeof closed_proposals[0])
#define NDECIDING (sizeof deciding_proposals / sizeof deciding_proposals[0])

static int64_t
add_proposal(struct store *s, int64_t call, int64_t author, const struct demo_proposal *d,
             int64_t at)
{
	struct seed_proposal p = {
	    .call_id = call,
	    .organisation_id = seed_organisation_id(s, d->org),
	    .author = author,
	    .at = at,
	    .title = d->title,
	    .teaser = d->teaser,
	    .in_use_since = "2021",
	    .situation = "Der Bedarf zeigte sich in der Beratung.",
	    .implementation = "Schritt für Schritt mit den Partnern umgesetzt.",
	    .results = "Die Ergebnisse sind dokumentiert.",
	    .experience = "Früh die Partner einbinden.",
	    .transfer_effort = "Drei Monate.",
	};
	int64_t id;
	if (!p.organisation_id)
		return -1;
	return seed_proposal_in_review(s, &p, &id) == 0 ? id : -1;
}

struct board {
	struct user office, who[NMEMBERS];
};

/* Proposals, board, ratings of one call, in its review phase (the clock just before the
 * deadline). ids gets the proposals. */
static int
seed_rated(struct store *s, struct arena *a, struct board *b, int64_t call,
           const struct demo_proposal *props, const struct demo_scores *sc, size_t n, int64_t *ids)
{
	struct call c;
	if (!call_find(s, a, call, &c) || seed_call_set_phase(s, call, "review") != 0)
		return -1;
	time_set_fake(c.review_until - 20 * DAY);
	for (size_t i = 0; i < NMEMBERS; i++)
		if (board_member_add(s, b->office.id, call, b->who[i].id, NULL) != BOARD_OK)
			return -1;
	for (size_t i = 0; i < n; i++)
		if ((ids[i] = add_proposal(s, call, b->office.id, &props[i], c.closes_at - DAY)) <=
		    0)
			return -1;
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, a, call, leaves, REVIEW_MAX_CRITERIA);
	time_set_fake(c.review_until - 3 * DAY);
	for (size_t i = 0; i < n; i++)
		for (size_t m = 0; m < NMEMBERS; m++) {
			if (sc[i].score[m][0] < 0)
				continue;
			struct review in;
			memset(&in, 0, sizeof in);
			int sum = 0;
			for (size_t k = 0; k < nl && k < 5; k++) {
				sum += sc[i].score[m][k];
				in.scores[in.nscores++] = (struct review_score){
				    leaves[k].id, sc[i].score[m][k],
				    arena_printf(a, "%s (%s).", sc[i].why[m],
				                 criterion_label(&leaves[k], LANG_DE))};
			}
			in.recommendation = sum >= 10 ? REC_SELECT : REC_DONT_SELECT;
			in.comment = "";
			struct review_problem pr[16];
			size_t npr;
			int rc = review_save(s, &b->who[m], ids[i], &in, true, pr, 16, &npr);
			if (rc != REVIEW_OK) {
				fprintf(stderr, "demo rating failed: %s\n",
				        review_result_message(rc));
				return -1;
			}
		}
	return 0;
}

/* A decision input: every member present, votes as given ("yyny": yes, no, abstain,
 * '-' none), the same feedback for every criterion. */
static void
input(struct store *s, struct arena *a, struct board *b, int64_t call, enum proposal_state outcome,
      const char *votes, const char *feedback, struct decision_input *in)
{
	memset(in, 0, sizeof *in);
	in->outcome = outcome;
	in->conditions = "";
	in->deviation_reason = "";
	in->amendment_reason = "";
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, a, call, leaves, REVIEW_MAX_CRITERIA);
	for (size_t k = 0; k < nl; k++)
		in->just[in->njust++] = (struct decision_text){leaves[k].id, feedback};
	for (size_t m = 0; m < NMEMBERS; m++) {
		enum decision_vote v = votes[m] == 'y'   ? VOTE_YES
		                       : votes[m] == 'n' ? VOTE_NO
		                       : votes[m] == 'a' ? VOTE_ABSTAIN
		                                         : VOTE_NONE;
		in->votes[in->nvotes++] =
		    (struct decision_ballot){.user_id = b->who[m].id, .present = true, .vote = v};
	}
}

static int
decide(struct store *s, struct board *b, int64_t pid, const struct decision_input *in, bool amend)
{
	struct decision_problem pr[16];
	size_t npr;
	int rc = amend ? decision_amend(s, &b->office, pid, in, pr, 16, &npr)
	               : decision_record(s, &b->office, pid, in, pr, 16, &npr);
	if (rc != DECISION_OK)
		fprintf(stderr, "demo decision failed: %s (%s)\n", decision_result_message(rc),
		        npr ? pr[0].field : "");
	return rc == DECISION_OK ? 0 : -1;
}

static int
seed_closed(struct store *s, struct arena *a, struct board *b, int64_t call,
            demo_record_pdf record_pdf)
{
	int64_t ids[NCLOSED];
	struct call c;
	if (!call_find(s, a, call, &c) ||
	    seed_rated(s, a, b, call, closed_proposals, closed_scores, NCLOSED, ids) != 0)
		return -1;
	/* Frankfurt's Werkstatt partner is a member's former employer: set by the office. */
	if (conflict_set(s, b->office.id, ids[2], b->who[TRANSFER].id,
	                 "War bis 2024 im Vorstand des Werkstattträgers.") != 0)
		return -1;
	if (seed_call_set_phase(s, call, "deciding") != 0)
		return -1;
	time_set_fake(c.meeting_at + HOUR);
	int64_t present[NMEMBERS];
	for (size_t m = 0; m < NMEMBERS; m++)
		present[m] = b->who[m].id;
	if (decision_meeting_save(s, b->office.id, call, c.meeting_at,
	                          "Sitzung in Berlin, Protokoll: Koordinierungsstelle.", present,
	                          NMEMBERS) != DECISION_OK)
		return -1;
	struct decision_input in;
	time_set_fake(c.meeting_at + 2 * HOUR);
	input(s, a, b, call, PS_SELECTED, "yyyy",
	      "Das Gremium würdigt die verbindliche Zusammenarbeit mit der Kammer.", &in);
	if (decide(s, b, ids[0], &in, false) != 0)
		return -1;
	input(s, a, b, call, PS_NOT_SELECTED, "nnan",
	      "Der Ansatz ist noch an einem Standort erprobt; die Wirkung ist nicht belegt.", &in);
	if (decide(s, b, ids[1], &in, false) != 0)
		return -1;
	/* Every criterion met, and yet not selected: the deviation needs its reason. */
	input(s, a, b, call, PS_NOT_SELECTED, "n-nn",
	      "Gut dokumentiert; die Finanzierung über 2025 hinaus ist offen.", &in);
	in.deviation_reason = "Die Werkstätten haben ihre Mitwirkung ab 2026 noch nicht zugesagt; "
	                      "ohne sie ist der Praxistag nicht übertragbar.";
	if (decide(s, b, ids[2], &in, false) != 0)
		return -1;
	/* The network member is recused on Hannover's proposal (automatic conflict). */
	input(s, a, b, call, PS_SELECTED, "yy-y",
	      "Kompakt, praxisnah und auf andere Gesundheitsberufe übertragbar.", &in);
	if (decide(s, b, ids[3], &in, false) != 0)
		return -1;
	/* Letters: only the demo's own sub-project has an account to receive one. */
	time_set_fake(c.meeting_at + 3 * DAY);
	for (size_t i = 0; i < NCLOSED; i++) {
		int64_t n;
		int rc = letter_send(s, b->office.id, ids[i], &n);
		if (rc != DECISION_OK && rc != DECISION_NO_RECIPIENT)
			return -1;
	}
	/* Ten days later the Werkstätten commit for 2026: the decision becomes a deferral. */
	time_set_fake(c.meeting_at + 10 * DAY);
	input(s, a, b, call, PS_DEFERRED, "y-yy",
	      "Gut dokumentiert; die Finanzierung über 2025 hinaus ist offen.", &in);
	in.conditions = "Die schriftliche Zusage der Werkstätten für 2026 nachreichen.";
	in.target_call_id = seed_call_in_phase(s, "open");
	in.amendment_reason = "Die Werkstätten haben nach der Sitzung ihre Mitwirkung zugesagt; "
	                      "das Gremium hat im Umlaufverfahren zurückgestellt.";
	if (decide(s, b, ids[2], &in, true) != 0)
		return -1;
	if (seed_call_set_phase(s, call, "closed") != 0)
		return -1;
	/* The decision record, issued once all is decided. */
	time_set_fake(c.meeting_at + 11 * DAY);
	struct buf pdf = BUF_INIT;
	int pages = record_pdf(s, call, LANG_DE, &pdf);
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(digest, (const unsigned char *)pdf.data, pdf.len);
	str_hex(hex, digest, sizeof digest);
	int rc = pages > 0 ? decision_protocol_issue(s, b->office.id, call, LANG_DE, hex,
	                                             (int64_t)pdf.len, pages)
	                   : DECISION_ERROR;
	buf_free(&pdf);
	return rc == DECISION_OK ? 0 : -1;
}

static int
seed_deciding(struct store *s, struct arena *a, struct board *b, int64_t call)
{
	int64_t ids[NDECIDING];
	if (seed_rated(s, a, b, call, deciding_proposals, deciding_scores, NDECIDING, ids) != 0)
		return -1;
	/* Hannover's proposal: the network member is conflicted automatically. Bremen's: the
	 * transfer project's member declared a conflict. */
	if (conflict_declare(s, &b->who[TRANSFER], ids[1],
	                     "Ich habe die Hafen-Tandems als Beraterin begleitet.") != 0)
		return -1;
	return seed_call_set_phase(s, call, "deciding");
}

int
demo_seed_decision(struct store *s, demo_record_pdf record_pdf)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct board b;
	int rc = -1;
	int64_t closed = seed_call_in_phase(s, "closed"),
	        deciding = seed_call_in_phase(s, "deciding");
	if (!user_find_by_email(s, &a, OFFICE_EMAIL, &b.office))
		goto out;
	for (size_t m = 0; m < NMEMBERS; m++)
		if (!user_find_by_email(s, &a, member_emails[m], &b.who[m])) {
			fprintf(stderr, "demo decisions: no board account %s\n", member_emails[m]);
			goto out;
		}
	int64_t mail_before = mail_last_id(s);
	if (closed && seed_closed(s, &a, &b, closed, record_pdf) != 0)
		goto out;
	if (deciding && seed_deciding(s, &a, &b, deciding) != 0)
		goto out;
	/* The demo writes no e-mail: the letters stay readable in the application. */
	rc = mail_discard_after(s, mail_before);
out:
	time_set_fake(0);
	arena_free(&a);
	return rc;
}
