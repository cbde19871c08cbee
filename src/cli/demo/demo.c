/* leuchtturm demo: a living system for newcomers: the organisations of the programme, one
 * account per role (whose credentials are printed), a call in each phase and proposals in
 * each state of the formal check. Safe to run again. */
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/demo/review.h"
#include "domain/mail.h"
#include "cli/demo/decision.h"
#include "cli/demo/transfer.h"
#include "cli/demo/collections.h"
#include "cli/demo/yearly.h"
#include "domain/call.h"
#include "domain/formal_check.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/taxonomy.h"
#include "domain/user.h"
#include "export/decision_record.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define DEMO_PASSWORD "Leuchtturm-Demo"
#define DEMO_SUBMITTER_EMAIL "projekt@iq-demo.example"

static const char *const bundeslaender[] = {"Baden-Württemberg",
                                            "Bayern",
                                            "Berlin",
                                            "Brandenburg",
                                            "Bremen",
                                            "Hamburg",
                                            "Hessen",
                                            "Mecklenburg-Vorpommern",
                                            "Niedersachsen",
                                            "Nordrhein-Westfalen",
                                            "Rheinland-Pfalz",
                                            "Saarland",
                                            "Sachsen",
                                            "Sachsen-Anhalt",
                                            "Schleswig-Holstein",
                                            "Thüringen"};

static const char *const fachstellen[][2] = {
    {"IQ Fachstelle Anerkennung und Qualifizierung", "FS AQ"},
    {"IQ Fachstelle Einwanderung", "FS EW"},
    {"IQ Fachstelle Interkulturelle Kompetenzentwicklung und Antidiskriminierung", "FS IKA"},
    {"IQ Fachstelle Berufsbezogenes Deutsch", "FS BD"},
    {"IQ Fachstelle Migrantenökonomie", "FS MÖ"},
};

/* Sub-projects: name, network's Bundesland index (-1: under a Fachstelle, by index). */
static const struct {
	const char *name;
	int land;
	int fachstelle;
} teilprojekte[] = {
    {"Anerkennungsberatung Stuttgart", 0, -1},
    {"Brückenqualifizierung Pflege München", 1, -1},
    {"Mentoring für zugewanderte Ingenieurinnen Berlin", 2, -1},
    {"Qualifizierungsbegleitung Lausitz", 3, -1},
    {"Betriebliche Integration im Hafen Bremen", 4, -1},
    {"Netzwerk Lehrkräfte mit Migrationsgeschichte Hamburg", 5, -1},
    {"Kompetenzfeststellung Frankfurt am Main", 6, -1},
    {"Anpassungsqualifizierung Gesundheitsberufe Rostock", 7, -1},
    {"Berufsbezogene Sprachförderung Hannover", 8, -1},
    {"Interkulturelle Öffnung der Jobcenter Ruhrgebiet", 9, -1},
    {"Unternehmensservice Fachkräftesicherung Mainz", 10, -1},
    {"Gründungsberatung für Migrantinnen Saarbrücken", 11, -1},
    {"Qualifizierung im Handwerk Leipzig", 12, -1},
    {"Anerkennungslotsen Magdeburg", 13, -1},
    {"IT-Brückenkurs Kiel", 14, -1},
    {"Antidiskriminierungsberatung Erfurt", 15, -1},
    {"Online-Sprachcoaching für Pflegekräfte", -1, 3},
    {"Schulungsreihe Interkulturelle Kompetenz für Arbeitsverwaltungen", -1, 2},
};

static const struct {
	const char *email, *name, *role_label;
	unsigned roles;
	const char *constituency;
} accounts[] = {
    {"koordination@iq-demo.example", "Katrin Vogel", "Koordinierungsstelle (admin)", ROLE_ADMIN,
     ""},
    {"gremium@iq-demo.example", "Dr. Jonas Albrecht", "Beratungsgremium (board)", ROLE_BOARD,
     "funder"},
    {"projekt@iq-demo.example", "Aylin Demir", "Teilprojekt (submitter)", ROLE_SUBMITTER, ""},
};

static int64_t
org(struct store *s, const char *name, const char *short_name, const char *kind, int64_t parent,
    const char *land)
{
	return organisation_create(s, 0, name, short_name, kind, parent, land);
}

/* Creates the organisations; returns the ids that the demo accounts belong to. */
static int
seed_organisations(struct store *s, int64_t ids[3])
{
	int64_t funder =
	    org(s, "Bundesministerium für Arbeit und Soziales (BMAS)", "BMAS", "funder", 0, "");
	int64_t transfer =
	    org(s, "MUT IQ – Transferprojekt (ebb GmbH)", "MUT IQ", "transfer_project", 0, "");
	int64_t networks[16], fs[5];
	for (size_t i = 0; i < 16; i++) {
		char name[120];
		snprintf(name, sizeof name, "IQ Netzwerk %s", bundeslaender[i]);
		networks[i] = org(s, name, "", "network", 0, bundeslaender[i]);
	}
	for (size_t i = 0; i < 5; i++)
		fs[i] = org(s, fachstellen[i][0], fachstellen[i][1], "fachstelle", 0, "");
	int64_t first_tp = 0;
	for (size_t i = 0; i < sizeof teilprojekte / sizeof teilprojekte[0]; i++) {
		int land = teilprojekte[i].land;
		int64_t parent = land >= 0 ? networks[land] : fs[teilprojekte[i].fachstelle];
		int64_t id = org(s, teilprojekte[i].name, "", "teilprojekt", parent,
		                 land >= 0 ? bundeslaender[land] : "");
		if (!first_tp)
			first_tp = id;
		if (id < 0)
			return -1;
	}
	if (funder < 0 || transfer < 0)
		return -1;
	ids[0] = transfer;
	ids[1] = funder;
	ids[2] = first_tp;
	return 0;
}

/* ---- calls and proposals (issue 3) ---- */

/* Berlin wall time `days` from today at hour:minute, in UTC seconds. */
static int64_t
berlin_day(int days, int hour, int minute)
{
	int64_t t = time_now() + (int64_t)days * 86400;
	time_t local = (time_t)(t + time_berlin_offset(t));
	struct tm tm;
	gmtime_r(&local, &tm);
	char s[40];
	snprintf(s, sizeof s, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, hour, minute);
	int64_t utc = 0;
	/* The hours used below exist on every day, summer-time changes included. */
	if (!time_parse_berlin(s, &utc))
		utc = t;
	return utc;
}

static const struct {
	const char *title, *body;
	int opens, closes, review, meeting; /* days from today */
	enum call_phase phase;
} demo_calls[] = {
    {"Ausschreibungsrunde 2025/I: Fachkräfte gewinnen – Anerkennung beschleunigen",
     "Gesucht werden erprobte Ansätze, die Anerkennungsverfahren für ausländische "
     "Berufsabschlüsse verkürzen und Ratsuchende schneller in qualifikationsadäquate "
     "Beschäftigung bringen.\n\n"
     "Die Runde ist abgeschlossen; die ausgewählten Guten Praxen sind veröffentlicht.",
     -330, -280, -230, -215, PHASE_CLOSED},
    {"Ausschreibungsrunde 2025/II: Betriebe als Partner der Integration",
     "Diese Runde richtet sich an Teilprojekte, die gemeinsam mit Unternehmen und Betrieben "
     "Wege in Arbeit geöffnet haben: betriebliche Anpassungsqualifizierungen, Mentoring im "
     "Betrieb, Beratung von Personalverantwortlichen.\n\n"
     "Das Beratungsgremium tagt in Kürze und entscheidet über die Auswahl.",
     -200, -150, -30, 12, PHASE_DECIDING},
    {"Ausschreibungsrunde 2026/I: Digitale Wege in Beratung und Qualifizierung",
     "Gesucht sind digitale und hybride Formate, die sich in der Beratung und Qualifizierung "
     "bewährt haben – von der Online-Anerkennungsberatung bis zum Blended-Learning-Kurs für "
     "berufsbezogenes Deutsch.\n\n"
     "Die Einreichungsfrist ist abgelaufen; das Beratungsgremium bewertet die Vorschläge.",
     -120, -21, 28, 45, PHASE_REVIEW},
    {"Ausschreibungsrunde 2026/II: Gute Praxis in der Anerkennungsberatung",
     "### Worum es geht\n\n"
     "Die Anerkennungs- und Qualifizierungsberatung ist das Herzstück des Förderprogramms. "
     "In dieser Runde suchen wir Ansätze, die sich in der Beratung bewährt haben und die "
     "andere Beratungsstellen, Jobcenter und Arbeitsagenturen übernehmen können.\n\n"
     "### Wer einreichen kann\n\n"
     "* alle Teilprojekte der IQ Landesnetzwerke\n"
     "* Teilprojekte der IQ Fachstellen\n\n"
     "### Was wir erwarten\n\n"
     "Der Ansatz ist in der Praxis erprobt, die Erfahrungen mit der Umsetzung sind "
     "dokumentiert und der Erfolg lässt sich belegen. Bitte schätzen Sie Ihren Vorschlag "
     "selbst nach den vier Kriterien ein: transferfähig, innovativ, nachhaltig, effizient.",
     -14, 35, 80, 95, PHASE_OPEN},
    {"Ausschreibungsrunde 2027/I: Vielfalt und Antidiskriminierung in der Arbeitswelt",
     "In Vorbereitung: Ansätze der interkulturellen Kompetenzentwicklung und der "
     "Antidiskriminierungsarbeit in Arbeitsverwaltungen und Betrieben.",
     60, 120, 165, 180, PHASE_PREPARING},
};

/* Creates a call in each phase. Returns the id of the open call, or -1. */
static int64_t
seed_calls(struct store *s)
{
	int64_t open_id = 0;
	for (size_t i = 0; i < sizeof demo_calls / sizeof demo_calls[0]; i++) {
		int64_t id = call_create(s, 0, demo_calls[i].title, demo_calls[i].body,
		                         berlin_day(demo_calls[i].opens, 9, 0),
		                         berlin_day(demo_calls[i].closes, 23, 59),
		                         berlin_day(demo_calls[i].review, 18, 0),
		                         berlin_day(demo_calls[i].meeting, 10, 0));
		if (id <= 0)
			return -1;
		for (int p = PHASE_OPEN; p <= (int)demo_calls[i].phase; p++)
			if (call_set_phase(s, 0, id, (enum call_phase)p) != 0)
				return -1;
		if (demo_calls[i].phase == PHASE_OPEN)
			open_id = id;
	}
	return open_id;
}

/* A proposal of the demo: its sub-project, the person who writes it, its content and the
 * state it ends in. Texts are in the order of enum proposal_text. */
struct demo_proposal {
	const char *org, *email, *name;
	enum proposal_state state;
	const char *text[PT_COUNT];
	const char *art, *terms[8]; /* "kind:key" */
	const char *self[5];        /* transferable, innovative, sustainable, efficient_… */
	const char *office;         /* the office's message or reason */
	const char *reply;          /* the sub-project's answer (resubmitted) */
	const char *revised;        /* the revised results (resubmitted) */
};

static const char *const self_keys[5] = {"transferable", "innovative", "sustainable",
                                         "efficient_creation", "efficient_transfer"};

static const struct demo_proposal demo_proposals[] = {
    {"Anerkennungsberatung Stuttgart",
     DEMO_SUBMITTER_EMAIL,
     NULL,
     PS_RETURNED,
     {"Anerkennungsberatung per Videosprechstunde",
      "Ratsuchende im ländlichen Raum erhalten die Erstberatung zur Anerkennung per Video – "
      "ohne lange Anfahrt und mit Dolmetschung bei Bedarf.",
      "2023",
      "Viele Ratsuchende im Landkreis brauchten für ein Beratungsgespräch in Stuttgart einen "
      "halben Tag. Termine wurden abgesagt, Anträge verzögerten sich um Monate.",
      "Wir haben eine datenschutzkonforme Videosprechstunde eingerichtet:\n\n"
      "1. Terminbuchung online oder telefonisch\n"
      "2. Vorab-Checkliste der Unterlagen per E-Mail\n"
      "3. Beratung per Video, bei Bedarf mit Dolmetscherin\n"
      "4. Nachbereitung und Weiterleitung an die zuständige Stelle",
      "Eine halbe Beraterstelle für den Aufbau (sechs Monate), Lizenzkosten von rund 600 Euro "
      "im Jahr, Schulung des Teams an zwei Tagen.",
      "Seit Beginn haben wir über 300 Beratungen per Video geführt. Die Wartezeit auf einen "
      "Termin sank deutlich.",
      "Wichtig ist ein kurzer Technik-Check vor dem ersten Termin. Dolmetschung per Video "
      "funktioniert gut, braucht aber klare Gesprächsregeln.",
      "Eine Beratungsstelle mit Anerkennungsexpertise, eine Videoplattform, die den "
      "Datenschutzanforderungen genügt, und geschulte Beraterinnen und Berater.",
      "Etwa zwei Monate für Einrichtung und Schulung.",
      "Checkliste für Ratsuchende, Gesprächsleitfaden, Datenschutzhinweise.",
      "https://www.netzwerk-iq.de", "Aylin Demir", "projekt@iq-demo.example", "0711 123456"},
     "art:instrument",
     {"handlungsfeld:anerkennungsberatung", "zielgruppe:auslaendische-abschluesse",
      "adressat:landesnetzwerke", "adressat:jobcenter", "bundesland:bw"},
     {"Andere Beratungsstellen können die Sprechstunde mit geringem Aufwand übernehmen.",
      "Verbindet Erstberatung, Dolmetschung und Unterlagen-Check in einem digitalen Termin.",
      "Die Sprechstunde ist fester Teil des Beratungsangebots.",
      "Aufbau mit einer halben Stelle in sechs Monaten.",
      "Wer übernimmt, spart die Entwicklung von Leitfaden und Checkliste."},
     "Vielen Dank für Ihren Vorschlag. Bitte ergänzen Sie im Abschnitt „Ergebnisse und "
     "Wirkung“ belastbare Zahlen: Wie lang war die Wartezeit vor und nach der Einführung, "
     "und wie viele Anträge wurden nach einer Videoberatung gestellt?",
     NULL,
     NULL},
    {"Anerkennungsberatung Stuttgart",
     DEMO_SUBMITTER_EMAIL,
     NULL,
     PS_DRAFT,
     {"Checkliste Berufsanerkennung in Leichter Sprache",
      "Eine Checkliste in Leichter Sprache hilft Ratsuchenden, ihre Unterlagen für das "
      "Anerkennungsverfahren vollständig zusammenzustellen.",
      "2024",
      "Viele Anträge bleiben liegen, weil Unterlagen fehlen. Die Merkblätter der Kammern sind "
      "für viele Ratsuchende schwer verständlich.",
      "", "", "", "", "", "", "", "", "Aylin Demir", "projekt@iq-demo.example", ""},
     "art:produkt",
     {"handlungsfeld:anerkennungsberatung", "bundesland:bw"},
     {NULL, NULL, NULL, NULL, NULL},
     NULL,
     NULL,
     NULL},
    {"Brückenqualifizierung Pflege München",
     "m.huber@iq-demo.example",
     "Maria Huber",
     PS_SUBMITTED,
     {"Praxisanleitung im Tandem: Brückenqualifizierung für Pflegefachkräfte",
      "Pflegefachkräfte mit ausländischem Abschluss lernen in festen Tandems mit erfahrenen "
      "Praxisanleitungen und bestehen die Kenntnisprüfung häufiger im ersten Anlauf.",
      "2021",
      "Die Kenntnisprüfung in der Pflege bestanden viele Teilnehmende erst im zweiten oder "
      "dritten Anlauf. In den Einrichtungen fehlte Zeit für eine strukturierte Anleitung.",
      "Jede Teilnehmerin bekommt eine feste Praxisanleitung als Tandempartnerin. Beide "
      "arbeiten nach einem gemeinsamen Lernplan mit wöchentlichen Reflexionsgesprächen. "
      "Die Einrichtungen erhalten dafür eine Freistellung von zwei Stunden pro Woche.",
      "Eine Koordinationsstelle (0,75 VZÄ), Schulung der Praxisanleitungen (zwei Tage), "
      "Freistellung in den Einrichtungen.",
      "Von 64 Teilnehmenden bestanden 52 die Kenntnisprüfung im ersten Anlauf (81 Prozent; "
      "vorher rund 55 Prozent). 47 arbeiten heute als Pflegefachkraft in der Einrichtung, "
      "in der sie ihr Tandem hatten.",
      "Die Tandems gelingen, wenn die Einrichtungsleitung die Freistellung mitträgt. Ein "
      "kurzer Leitfaden für das erste Gespräch hat Unsicherheiten auf beiden Seiten "
      "abgebaut.",
      "Kooperierende Pflegeeinrichtungen, Praxisanleitungen mit Zeit für das Tandem, eine "
      "koordinierende Stelle.",
      "Rund drei Monate Vorbereitung; danach etwa fünf Stunden Koordination pro Tandem und "
      "Monat.",
      "Lernplan, Gesprächsleitfaden, Schulungsunterlagen für Praxisanleitungen.", "", "Maria Huber",
      "m.huber@iq-demo.example", "089 765432"},
     "art:konzept",
     {"handlungsfeld:qualifizierung", "zielgruppe:gesundheit",
      "zielgruppe:auslaendische-abschluesse", "adressat:unternehmen", "adressat:bildungstraeger",
      "bundesland:by"},
     {"Das Tandem-Modell lässt sich auf andere Gesundheitsberufe übertragen.",
      "Die Anleitung wird vom Betrieb selbst getragen, nicht von außen ergänzt.",
      "Drei Einrichtungen haben die Tandems in ihre Einarbeitung übernommen.",
      "Der Aufwand liegt vor allem in der Koordination und ist überschaubar.",
      "Lernplan und Leitfaden sind sofort nutzbar."},
     NULL,
     NULL,
     NULL},
    {"Kompetenzfeststellung Frankfurt am Main",
     "t.berger@iq-demo.example",
     "Thomas Berger",
     PS_RESUBMITTED,
     {"Kompetenzcheck im Betrieb",
      "Zugewanderte zeigen ihre beruflichen Fähigkeiten an einem Arbeitstag im Betrieb; "
      "das Ergebnis fließt in den Bescheid über die Gleichwertigkeit ein.",
      "2022",
      "Wer seine Berufserfahrung nicht mit Dokumenten belegen kann, hatte kaum Chancen auf "
      "eine Anerkennung. Die Qualifikationsanalyse war vielen Betrieben unbekannt.",
      "Wir vermitteln Betriebe, die einen praktischen Kompetenzcheck nach den Vorgaben der "
      "Kammer anbieten, bereiten die Teilnehmenden vor und begleiten sie am Prüfungstag.",
      "Eine Beraterin (halbe Stelle), Fahrtkosten, Aufwandsentschädigung für Betriebe.",
      "Viele Teilnehmende haben so eine volle Anerkennung erreicht.",
      "Die Vorbereitung auf die Fachsprache am Arbeitsplatz ist entscheidend.",
      "Kontakt zur zuständigen Kammer und ein Netz von Betrieben.",
      "Etwa drei Monate Aufbau des Betriebsnetzes.",
      "Vorbereitungsmodul, Musterablauf für Betriebe.", "", "Thomas Berger",
      "t.berger@iq-demo.example", ""},
     "art:massnahme",
     {"handlungsfeld:anerkennungsberatung", "handlungsfeld:unternehmen", "zielgruppe:handwerk",
      "adressat:unternehmen", "adressat:verwaltungen", "bundesland:he"},
     {"Das Verfahren ist bundesweit geregelt; der Ablauf lässt sich überall nutzen.",
      "Betriebe werden selbst zum Ort der Kompetenzfeststellung.",
      "Das Betriebsnetz wächst und trägt sich über die Kammer weiter.",
      "Eine halbe Stelle betreut rund 40 Verfahren im Jahr.",
      "Der Musterablauf spart anderen Stellen die Entwicklungsarbeit."},
     "Bitte belegen Sie den Erfolg mit Zahlen: Wie viele Kompetenzchecks fanden statt, und "
     "wie viele endeten mit einer vollen oder teilweisen Gleichwertigkeit?",
     "Gern – wir haben die Zahlen aus unserer Dokumentation ergänzt.",
     "Von 2022 bis 2025 fanden 118 Kompetenzchecks in 37 Betrieben statt. 84 endeten mit "
     "voller, 21 mit teilweiser Gleichwertigkeit. 73 Teilnehmende arbeiten heute in ihrem "
     "Beruf."},
    {"Anerkennungslotsen Magdeburg",
     "s.krueger@iq-demo.example",
     "Sabine Krüger",
     PS_ELIGIBLE,
     {"Anerkennungslotsinnen und -lotsen in Jobcentern",
      "Geschulte Lotsinnen und Lotsen in den Jobcentern erkennen früh, wer einen "
      "ausländischen Abschluss mitbringt, und vermitteln in die Anerkennungsberatung.",
      "2020",
      "In den Jobcentern wurden ausländische Abschlüsse oft erst spät oder gar nicht erfasst. "
      "Viele Kundinnen und Kunden arbeiteten unter ihrer Qualifikation.",
      "Wir schulen in jedem Jobcenter zwei Lotsinnen oder Lotsen, stellen eine kurze "
      "Abfrage für das Erstgespräch bereit und vereinbaren einen festen Übergabeweg in die "
      "Beratung.",
      "Schulung an drei halben Tagen, Begleitung mit einer Viertelstelle, Materialien.",
      "In sieben Jobcentern sind 16 Lotsinnen und Lotsen tätig. Die Zahl der Verweise in die "
      "Anerkennungsberatung hat sich von 140 auf 410 im Jahr fast verdreifacht.",
      "Die Leitungen der Jobcenter müssen die Rolle ausdrücklich wollen; dann läuft es.",
      "Bereitschaft der Jobcenter-Leitung, eine Beratungsstelle als feste Partnerin.",
      "Etwa zehn Tage Schulung und Abstimmung je Jobcenter.",
      "Schulungskonzept, Abfragebogen, Übergabevereinbarung.", "", "Sabine Krüger",
      "s.krueger@iq-demo.example", "0391 445566"},
     "art:konzept",
     {"handlungsfeld:arbeitsverwaltung", "handlungsfeld:anerkennungsberatung",
      "zielgruppe:arbeitsmarktakteure", "adressat:jobcenter", "adressat:arbeitsagenturen",
      "bundesland:st"},
     {"Jedes Jobcenter kann die Rolle mit eigenem Personal besetzen.",
      "Die Anerkennung wird im Regelprozess des Jobcenters verankert.",
      "Die Lotsenrolle ist in den Geschäftsanweisungen festgeschrieben.",
      "Geringer Aufwand: drei halbe Schulungstage.", "Materialien liegen vollständig vor."},
     NULL,
     NULL,
     NULL},
    {"IT-Brückenkurs Kiel",
     "j.petersen@iq-demo.example",
     "Jan Petersen",
     PS_INELIGIBLE,
     {"IT-Brückenkurs mit Praxisphase",
      "Ein Brückenkurs für IT-Fachkräfte mit ausländischem Abschluss, mit einer "
      "Praxisphase in Kieler Unternehmen.",
      "2027",
      "IT-Fachkräfte aus dem Ausland finden trotz Fachkräftemangel schwer eine Stelle, weil "
      "Unternehmen ihre Abschlüsse nicht einschätzen können.",
      "Der Kurs ist geplant: acht Wochen Theorie, zwölf Wochen Praxis in Unternehmen.",
      "Zwei Dozentinnen, Räume, Koordination.", "Der erste Durchgang beginnt im Frühjahr 2027.",
      "Noch keine.", "Kooperierende Unternehmen.", "Noch offen.", "", "", "Jan Petersen",
      "j.petersen@iq-demo.example", ""},
     "art:massnahme",
     {"handlungsfeld:qualifizierung", "zielgruppe:akademiker", "adressat:unternehmen",
      "bundesland:sh"},
     {"Lässt sich auf andere Städte übertragen.", "Verbindet Theorie und Praxis.",
      "Soll verstetigt werden.", "Angemessen.", "Spart Entwicklungsarbeit."},
     "Der Kurs beginnt erst im Frühjahr 2027. Ein Vorschlag muss in der Praxis erprobt sein, "
     "und Erfahrungen mit der Umsetzung müssen vorliegen. Wir freuen uns auf eine "
     "Einreichung in einer späteren Runde.",
     NULL,
     NULL},
    {"Online-Sprachcoaching für Pflegekräfte",
     "e.yildiz@iq-demo.example",
     "Elif Yıldız",
     PS_WITHDRAWN,
     {"Sprachcoaching per App für die Pflege",
      "Kurze tägliche Übungen zur Fachsprache Pflege auf dem Smartphone, begleitet von "
      "einem wöchentlichen Online-Coaching.",
      "2023",
      "Pflegekräfte in Anpassungsqualifizierung haben im Schichtdienst kaum Zeit für "
      "Sprachkurse.",
      "Eine App mit Übungen aus dem Pflegealltag und ein Coaching am Abend.",
      "Eine Coachin, App-Lizenz.", "230 Nutzerinnen und Nutzer im ersten Jahr.",
      "Die Übungen müssen sehr kurz sein.", "Smartphone, WLAN in der Einrichtung.", "Gering.",
      "Übungssammlung.", "", "Elif Yıldız", "e.yildiz@iq-demo.example", ""},
     "art:instrument",
     {"handlungsfeld:deutsch", "zielgruppe:gesundheit", "adressat:bildungstraeger",
      "bundesland:be"},
     {"Für alle Pflegeberufe nutzbar.", "Lernen in Minuten statt in Kursen.",
      "Die App wird weiter gepflegt.", "Geringe Kosten.", "Übungen frei verfügbar."},
     NULL,
     NULL,
     NULL},
};

static int64_t
org_by_name(struct store *s, struct arena *a, const char *name)
{
	size_t n;
	struct organisation *orgs = organisation_list(s, a, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(orgs[i].name, name) == 0)
			return orgs[i].id;
	return 0;
}

/* The writer of a demo proposal: the demo submitter, or a colleague of another
 * sub-project (without a password: the demo prints no credentials for them). */
static bool
demo_writer(struct store *s, struct arena *a, const struct demo_proposal *d, int64_t org,
            struct user *u)
{
	if (user_find_by_email(s, a, d->email, u))
		return true;
	int64_t id = user_create(s, 0, d->email, d->name, NULL, ROLE_SUBMITTER, org);
	return id > 0 && user_find_by_id(s, a, id, u);
}

static void
fill_proposal(struct store *s, struct arena *a, const struct demo_proposal *d, struct proposal *p)
{
	for (int i = 0; i < PT_COUNT; i++)
		p->text[i] = d->text[i] ? d->text[i] : "";
	struct term t;
	if (taxonomy_find_key(s, a, "art", d->art + strlen("art:"), &t))
		p->art_id = t.id;
	p->nterms = 0;
	for (size_t i = 0; i < 8 && d->terms[i]; i++) {
		const char *colon = strchr(d->terms[i], ':');
		char kind[32];
		snprintf(kind, sizeof kind, "%.*s", (int)(colon - d->terms[i]), d->terms[i]);
		if (taxonomy_find_key(s, a, kind, colon + 1, &t))
			p->term_ids[p->nterms++] = t.id;
	}
	p->nself = 0;
	for (size_t i = 0; i < 5; i++)
		if (d->self[i]) {
			p->self[p->nself].criterion_key = self_keys[i];
			p->self[p->nself].body = d->self[i];
			p->nself++;
		}
}

/* The office's checklist: every gate met, except the first (tested in practice) for an
 * ineligible proposal and the third (evidence of success) for a returned one. */
static int
demo_checklist(struct store *s, struct arena *a, int64_t office, int64_t id,
               enum proposal_state outcome)
{
	size_t n;
	struct gate_check *g = formal_check_list(s, a, id, &n);
	struct gate_tick *t = arena_alloc(a, (n + 1) * sizeof *t);
	for (size_t i = 0; i < n; i++) {
		t[i].gate_id = g[i].gate.id;
		t[i].verdict = GATE_MET;
		t[i].note = "";
		if (outcome == PS_INELIGIBLE && i == 0) {
			t[i].verdict = GATE_NOT_MET;
			t[i].note = "Start erst 2027.";
		} else if (outcome == PS_RETURNED && i == 2) {
			t[i].verdict = GATE_NOT_MET;
			t[i].note = "Zahlen fehlen – nachgefragt.";
		}
	}
	return formal_check_save(s, office, id, t, n) == FORMAL_OK ? 0 : -1;
}

/* One proposal taken to its state through the same domain functions the pages use. */
static int
seed_proposal(struct store *s, int64_t call_id, const struct user *office,
              const struct demo_proposal *d)
{
	struct arena a = {0};
	struct user u;
	struct proposal p;
	int rc = -1;
	int64_t org = org_by_name(s, &a, d->org);
	if (!org || !demo_writer(s, &a, d, org, &u))
		goto out;
	int64_t id = proposal_create(s, &u, call_id, org);
	if (id <= 0 || !proposal_find(s, &a, id, &p))
		goto out;
	fill_proposal(s, &a, d, &p);
	if (proposal_save(s, u.id, &p) != PROPOSAL_OK)
		goto out;
	if (d->state == PS_DRAFT) {
		rc = 0;
		goto out;
	}
	if (proposal_submit(s, &u, id) != PROPOSAL_OK)
		goto out;
	switch (d->state) {
	case PS_SUBMITTED:
		rc = 0;
		goto out;
	case PS_WITHDRAWN:
		rc = proposal_withdraw(s, u.id, id);
		goto out;
	default:
		break;
	}
	enum proposal_state outcome = d->state == PS_RESUBMITTED ? PS_RETURNED : d->state;
	if (demo_checklist(s, &a, office->id, id, outcome) != 0 ||
	    formal_check_decide(s, office, id, outcome, d->office ? d->office : "") != FORMAL_OK)
		goto out;
	if (d->state != PS_RESUBMITTED) {
		rc = 0;
		goto out;
	}
	/* The sub-project answers, revises its results and submits again. */
	if (proposal_message_add(s, &u, id, false, d->reply) != 0 || !proposal_find(s, &a, id, &p))
		goto out;
	p.text[PT_RESULTS] = d->revised;
	if (proposal_save(s, u.id, &p) != PROPOSAL_OK || proposal_submit(s, &u, id) != PROPOSAL_OK)
		goto out;
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

/* Proposals in each state of the submission phase, in the open call. */
static int
demo_seed_proposals(struct store *s, int64_t call_id)
{
	struct arena a = {0};
	struct user office;
	int rc = -1;
	if (!user_find_by_email(s, &a, accounts[0].email, &office))
		goto out;
	/* The demo writes no e-mail: receipts and notifications of the seeding are dropped. */
	int64_t mail_before = mail_last_id(s);
	for (size_t i = 0; i < sizeof demo_proposals / sizeof demo_proposals[0]; i++)
		if (seed_proposal(s, call_id, &office, &demo_proposals[i]) != 0) {
			fprintf(stderr, "demo proposal \"%s\" failed\n",
			        demo_proposals[i].text[PT_TITLE]);
			goto out;
		}
	rc = mail_discard_after(s, mail_before);
out:
	arena_free(&a);
	return rc;
}

static void
print_credentials(void)
{
	printf("\nDemo accounts (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
		printf("  %-32s %s\n", accounts[i].email, accounts[i].role_label);
	const char *emails[16], *labels[16];
	size_t n = demo_review_accounts(emails, labels, 16);
	for (size_t i = 0; i < n; i++)
		printf("  %-32s %s\n", emails[i], labels[i]);
	printf("  %-32s %s\n", DEMO_OWNER_EMAIL, "Teilprojekt mit offenem Jahrescheck (submitter)");
}

/* Everything the demo writes, in one transaction: all of it or nothing. */
static int
seed_body(struct store *s, void *arg)
{
	(void)arg;
	int64_t ids[3];
	if (seed_organisations(s, ids) != 0)
		return STORE_ERR;
	int64_t open_call = seed_calls(s);
	if (open_call <= 0)
		return STORE_ERR;
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		int64_t id = user_create(s, 0, accounts[i].email, accounts[i].name, DEMO_PASSWORD,
		                         accounts[i].roles, ids[i]);
		if (id <= 0 ||
		    (accounts[i].constituency[0] &&
		     user_set_organisation(s, 0, id, ids[i], accounts[i].constituency) != 0))
			return STORE_ERR;
	}
	if (demo_seed_proposals(s, open_call) != 0 || demo_seed_practices(s) != 0 ||
	    demo_seed_review(s) != 0 || demo_seed_decision(s, decision_protocol_pdf) != 0)
		return STORE_ERR;
	struct arena a = {0};
	struct user office;
	bool found = user_find_by_email(s, &a, accounts[0].email, &office);
	arena_free(&a);
	if (!found || demo_seed_transfer(s, office.id) != 0)
		return STORE_ERR;
	if (demo_seed_collections(s, office.id) != 0 ||
	    demo_seed_yearly(s, office.id, DEMO_PASSWORD) != 0)
		return STORE_ERR;
	return STORE_OK;
}

int
cmd_demo(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2 || first < 0 || first != argc) {
		fprintf(first == -2 ? stdout : stderr,
		        "Usage: leuchtturm demo [--data DIR]\n\nFills the database with demo "
		        "content: the organisations of the IQ programme, one account per role, "
		        "a call in each phase and proposals in each state of the formal check. "
		        "Does nothing when the demo accounts exist already.\n");
		return first == -2 ? 0 : 2;
	}
	if (config_prepare(&c) != 0)
		return 1;
	struct store *s = cli_open_store(&c);
	if (!s)
		return 1;
	struct arena a = {0};
	struct user u;
	int rc = 1;
	if (user_find_by_email(s, &a, accounts[0].email, &u)) {
		printf("demo data present already\n");
		print_credentials();
		rc = 0;
		goto out;
	}
	if (store_tx(s, seed_body, NULL) != STORE_OK) {
		fprintf(stderr, "could not create the demo data\n");
		goto out;
	}
	printf("demo data created in %s\n", c.database ? "the PostgreSQL database" : c.db_path);
	print_credentials();
	rc = 0;
out:
	arena_free(&a);
	store_close(s);
	return rc;
}
