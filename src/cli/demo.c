/* leuchtturm demo: a living system for newcomers: the organisations of the programme and
 * one account per role, whose credentials are printed. Safe to run again. */
#include "cli/commands.h"
#include "cli/config.h"
#include "domain/organisation.h"
#include "domain/user.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PASSWORD "Leuchtturm-Demo"

static const char *const bundeslaender[] = {
    "Baden-Württemberg", "Bayern",	"Berlin",	 "Brandenburg",
    "Bremen",		 "Hamburg",	"Hessen",	 "Mecklenburg-Vorpommern",
    "Niedersachsen",	 "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland",
    "Sachsen",		 "Sachsen-Anhalt", "Schleswig-Holstein", "Thüringen"};

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
	int64_t funder = org(s, "Bundesministerium für Arbeit und Soziales (BMAS)", "BMAS",
			     "funder", 0, "");
	int64_t transfer = org(s, "MUT IQ – Transferprojekt (ebb GmbH)", "MUT IQ",
			       "transfer_project", 0, "");
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

static void
print_credentials(void)
{
	printf("\nDemo accounts (password for all: %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++)
		printf("  %-32s %s\n", accounts[i].email, accounts[i].role_label);
}

int
cmd_demo(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2 || first < 0 || first != argc) {
		fprintf(first == -2 ? stdout : stderr,
			"Usage: leuchtturm demo [--data DIR]\n\nFills the database with demo "
			"content: the organisations of the IQ programme and one account per "
			"role. Does nothing when the demo accounts exist already.\n");
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
	int64_t ids[3];
	if (store_begin(s) != STORE_OK)
		goto out;
	if (seed_organisations(s, ids) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		int64_t id = user_create(s, 0, accounts[i].email, accounts[i].name, DEMO_PASSWORD,
					 accounts[i].roles, ids[i]);
		if (id <= 0 ||
		    (accounts[i].constituency[0] &&
		     user_set_organisation(s, 0, id, ids[i], accounts[i].constituency) != 0))
			goto fail;
	}
	if (store_commit(s) != STORE_OK)
		goto out;
	printf("demo data created in %s\n", c.db_path);
	print_credentials();
	rc = 0;
	goto out;
fail:
	store_rollback(s);
	fprintf(stderr, "could not create the demo data\n");
out:
	arena_free(&a);
	store_close(s);
	return rc;
}
