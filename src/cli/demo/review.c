/* leuchtturm demo, the board review: the call in review gets proposals past the formal
 * check, a board with a member of every constituency, conflicts of every kind (automatic,
 * declared, set by the office) and ratings in every state (none, draft, submitted,
 * abstained), so newcomers see the visibility rule, the ranking and its disagreement flag
 * at once. Ratings and conflicts go through the domain functions the pages use. */
#include "cli/demo/review.h"
#include "domain/conflict.h"
#include "domain/review.h"
#include "domain/seed.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PASSWORD "Leuchtturm-Demo"
#define OFFICE_EMAIL "koordination@iq-demo.example"
#define FUNDER_EMAIL "gremium@iq-demo.example"

/* The board besides the funder's demo account (which demo.c creates). */
static const struct {
	const char *email, *name, *org, *constituency, *label;
} members[] = {
    {"gremium-transfer@iq-demo.example", "Miriam Okafor", "MUT IQ – Transferprojekt (ebb GmbH)",
     "transfer_project", "Beratungsgremium, Transferprojekt"},
    {"gremium-netzwerk@iq-demo.example", "Stefan Brandt", "IQ Netzwerk Niedersachsen", "network",
     "Beratungsgremium, Netzwerk"},
    {"gremium-fachstelle@iq-demo.example", "Dr. Lena Hoffmann",
     "IQ Fachstelle Interkulturelle Kompetenzentwicklung und Antidiskriminierung", "fachstelle",
     "Beratungsgremium, Fachstelle"},
};
enum { FUNDER, TRANSFER, NETWORK, FACHSTELLE, NMEMBERS };

/* The proposals to rate: sub-project, title, teaser, two sections, self-assessment. */
static const struct {
	const char *org, *title, *teaser, *situation, *implementation, *results;
	const char *self[5];
} proposals[] = {
    {"Mentoring für zugewanderte Ingenieurinnen Berlin",
     "Digitales Mentoring-Tandem für Ingenieurinnen",
     "Zugewanderte Ingenieurinnen treffen ihre Mentorinnen aus Berliner Unternehmen online; "
     "zwei Drittel finden binnen eines Jahres eine Stelle im Beruf.",
     "Viele Ingenieurinnen mit ausländischem Abschluss arbeiten weit unter ihrer "
     "Qualifikation. Präsenz-Mentoring scheiterte an Arbeitszeiten und Kinderbetreuung.",
     "Tandems aus Mentee und Mentorin treffen sich sechs Monate lang alle zwei Wochen per "
     "Video; dazu kommen vier Präsenzabende im Unternehmen.",
     "48 Tandems in drei Jahren, 31 Mentees in qualifikationsadäquater Beschäftigung.",
     {"Das Konzept lässt sich auf andere Berufe übertragen.",
      "Neu ist das rein digitale "
      "Kennenlernen.",
      "Zwei Unternehmen führen das Programm selbst weiter.",
      "Eine halbe Stelle Koordination genügt.", "Leitfaden und Vorlagen liegen vor."}},
    {"Qualifizierungsbegleitung Lausitz",
     "Blended Learning in der Anpassungsqualifizierung "
     "Elektrotechnik",
     "Theorie online im eigenen Takt, Praxis im Betrieb: eine Anpassungsqualifizierung, die "
     "neben der Arbeit gelingt.",
     "Die Anpassungsqualifizierung fand bisher nur in Cottbus statt; für viele war der Weg "
     "neben der Arbeit zu weit.",
     "Lernplattform mit Lernvideos und wöchentlicher Online-Sprechstunde; Praxisanteile im "
     "eigenen Betrieb mit einer Ansprechperson.",
     "27 von 30 Teilnehmenden erreichten die volle Gleichwertigkeit.",
     {"Auf andere Elektroberufe übertragbar.", "Kombination aus Plattform und Betrieb.",
      "Die Kammer übernimmt die Plattform.", "Weniger Fahrtkosten, gleiche Betreuung.",
      "Kurse lassen sich kopieren."}},
    {"Berufsbezogene Sprachförderung Hannover",
     "Videosprechstunde Berufssprache",
     "Kurze Video-Sprechstunden zu Fachsprache am Arbeitsplatz, gebucht über einen "
     "Online-Kalender.",
     "Beschäftigte hatten Fragen zur Fachsprache, aber keine Zeit für Kurse.",
     "Sprachcoaches bieten 20-minütige Termine per Video an, auch früh morgens und abends.",
     "Über 600 Sprechstunden im ersten Jahr, 90 Prozent würden sie weiterempfehlen.",
     {"Überall einsetzbar, wo es Coaches gibt.", "Ein niedrigschwelliges Format.",
      "Die Finanzierung ist nur bis zum Projektende gesichert.",
      "Geringer Aufwand je "
      "Termin.",
      "Terminvorlagen und Leitfaden vorhanden."}},
    {"Schulungsreihe Interkulturelle Kompetenz für Arbeitsverwaltungen",
     "E-Learning Interkulturelle Kompetenz für Jobcenter",
     "Ein modulares E-Learning, das Teams in Jobcentern gemeinsam durcharbeiten.",
     "Präsenzschulungen erreichten nur einzelne Beschäftigte, nicht ganze Teams.",
     "Sechs Module mit Fallbeispielen; jedes Team bespricht sie in seiner Dienstbesprechung.",
     "14 Jobcenter haben die Reihe abgeschlossen, die Rückmeldungen sind sehr gut.",
     {"Für alle Arbeitsverwaltungen geeignet.", "Teamlernen statt Einzelschulung.",
      "Die Module sind in die Fortbildung übernommen.",
      "Einmalige Erstellung, dann "
      "kaum Kosten.",
      "Frei verfügbar auf der Lernplattform."}},
    {"Interkulturelle Öffnung der Jobcenter Ruhrgebiet",
     "Digitale Lotsen im Jobcenter",
     "Lotsinnen helfen Ratsuchenden im Jobcenter, die digitalen Angebote zu nutzen.",
     "Online-Anträge überforderten viele Ratsuchende mit wenig Deutsch.",
     "Mehrsprachige Lotsinnen begleiten im Eingangsbereich und vereinbaren Folgetermine.",
     "Die Zahl fehlerhafter Anträge sank um ein Drittel.",
     {"In jedem Jobcenter möglich.", "Verbindet Sprache und Digitales.",
      "Zwei Stellen "
      "sind verstetigt.",
      "Kosten: zwei halbe Stellen.", "Schulungskonzept liegt vor."}},
};
#define NPROPOSALS (sizeof proposals / sizeof proposals[0])

static const char *const self_keys[5] = {"transferable", "innovative", "sustainable",
                                         "efficient_creation", "efficient_transfer"};

/* A rating: scores of the five rated criteria (-1 none), recommendation, or abstention. */
struct demo_rating {
	int member, proposal;
	bool submit;
	int scores[5];
	enum review_rec rec;
	const char *why;     /* justification prefix */
	const char *abstain; /* reason, or NULL */
};
static const struct demo_rating ratings[] = {
    {FUNDER, 0, true, {3, 3, 2, 2, 3}, REC_SELECT, "Überzeugend belegt", NULL},
    {FUNDER, 1, false, {2, 3, -1, -1, -1}, REC_NONE, "Erste Einschätzung", NULL},
    {TRANSFER, 1, true, {2, 3, 3, 1, 2}, REC_SELECT, "Gut übertragbar", NULL},
    {TRANSFER, 2, true, {1, 2, 1, 1, 2}, REC_DONT_SELECT, "Noch nicht verstetigt", NULL},
    {TRANSFER,
     4,
     true,
     {-1, -1, -1, -1, -1},
     REC_NONE,
     NULL,
     "Die Organisation von Jobcentern kenne ich zu wenig, um das zu beurteilen."},
    {NETWORK, 0, true, {1, 2, 2, 2, 1}, REC_DISCUSS, "Übertragbarkeit fraglich", NULL},
    {NETWORK, 3, true, {3, 3, 3, 2, 2}, REC_SELECT, "Vorbildlich", NULL},
    {NETWORK, 4, false, {2, -1, -1, -1, -1}, REC_NONE, "Entwurf", NULL},
    {FACHSTELLE, 0, true, {3, 2, 3, 2, 2}, REC_SELECT, "Sehr gut dokumentiert", NULL},
    {FACHSTELLE, 1, true, {2, 2, 2, 2, 2}, REC_DISCUSS, "Solide", NULL},
    {FACHSTELLE, 2, true, {2, 1, 2, 2, 1}, REC_DISCUSS, "Niedrigschwellig", NULL},
};

static int64_t
add_proposal(struct store *s, int64_t call, int64_t author, size_t i)
{
	struct seed_proposal p = {
	    .call_id = call,
	    .organisation_id = seed_organisation_id(s, proposals[i].org),
	    .author = author,
	    .at = time_now() - 30 * 86400,
	    .title = proposals[i].title,
	    .teaser = proposals[i].teaser,
	    .in_use_since = "2022",
	    .situation = proposals[i].situation,
	    .implementation = proposals[i].implementation,
	    .results = proposals[i].results,
	    .experience = "Früh mit den Betrieben sprechen.",
	    .transfer_effort = "Drei Monate Vorbereitung.",
	};
	int64_t id;
	if (!p.organisation_id || seed_proposal_in_review(s, &p, &id) != 0)
		return -1;
	for (size_t k = 0; k < 5; k++)
		if (seed_self_assessment(s, id, self_keys[k], proposals[i].self[k]) != 0)
			return -1;
	return id;
}

static int
rate(struct store *s, struct arena *a, const struct user *u, int64_t call, int64_t proposal,
     const struct demo_rating *d)
{
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t n = review_leaf_criteria(s, a, call, leaves, REVIEW_MAX_CRITERIA);
	struct review in;
	memset(&in, 0, sizeof in);
	for (size_t k = 0; k < n && k < 5; k++)
		in.scores[in.nscores++] = (struct review_score){
		    leaves[k].id, d->scores[k],
		    d->why && d->scores[k] >= 0
		        ? arena_printf(a, "%s (%s).", d->why, criterion_label(&leaves[k], LANG_DE))
		        : ""};
	in.recommendation = d->rec;
	in.comment = d->rec == REC_DISCUSS ? "Bitte in der Sitzung besprechen." : "";
	in.abstain = d->abstain != NULL;
	in.abstain_reason = d->abstain ? d->abstain : "";
	struct review_problem pr[16];
	size_t npr;
	int rc = review_save(s, u, proposal, &in, d->submit, pr, 16, &npr);
	if (rc != REVIEW_OK)
		fprintf(stderr, "demo rating of %s failed: %s\n", u->email,
		        review_result_message(rc));
	return rc == REVIEW_OK ? 0 : -1;
}

int
demo_seed_review(struct store *s)
{
	store_assert_tx(s);
	struct arena a = {0};
	int rc = -1;
	int64_t call = seed_call_in_phase(s, "review");
	if (!call) {
		rc = 0;
		goto out;
	}
	struct user office, who[NMEMBERS];
	if (!user_find_by_email(s, &a, OFFICE_EMAIL, &office) ||
	    !user_find_by_email(s, &a, FUNDER_EMAIL, &who[FUNDER]))
		goto out;
	for (size_t i = 0; i < NMEMBERS - 1; i++) {
		int64_t org = seed_organisation_id(s, members[i].org);
		int64_t id = user_create(s, 0, members[i].email, members[i].name, DEMO_PASSWORD,
		                         ROLE_BOARD, org);
		if (!org || id <= 0 ||
		    user_set_organisation(s, 0, id, org, members[i].constituency) != 0 ||
		    !user_find_by_id(s, &a, id, &who[i + 1]))
			goto out;
	}
	for (size_t i = 0; i < NMEMBERS; i++)
		if (board_member_add(s, office.id, call, who[i].id, NULL) != BOARD_OK)
			goto out;
	int64_t ids[NPROPOSALS];
	for (size_t i = 0; i < NPROPOSALS; i++)
		if ((ids[i] = add_proposal(s, call, office.id, i)) <= 0)
			goto out;
	/* Automatic: the network member on Hannover's proposal, the Fachstelle member on her
	 * Fachstelle's. Declared and set by the office: */
	if (conflict_declare(s, &who[TRANSFER], ids[0],
	                     "Ich habe das Mentoring-Konzept als Beraterin mitentwickelt.") != 0 ||
	    conflict_set(s, office.id, ids[1], who[NETWORK].id,
	                 "Wechselt zum Monatsende zum Träger dieses Teilprojekts.") != 0)
		goto out;
	for (size_t i = 0; i < sizeof ratings / sizeof ratings[0]; i++)
		if (rate(s, &a, &who[ratings[i].member], call, ids[ratings[i].proposal],
		         &ratings[i]) != 0)
			goto out;
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

size_t
demo_review_accounts(const char **emails, const char **labels, size_t max)
{
	size_t n = 0;
	for (; n < NMEMBERS - 1 && n < max; n++) {
		emails[n] = members[n].email;
		labels[n] = members[n].label;
	}
	return n;
}
