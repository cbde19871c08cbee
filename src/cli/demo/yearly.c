/* The demo's yearly checks (issue 12), written through the domain: rounds as the
 * scheduler would have opened them (yearly_check_seed_round, no mail), answered by their
 * owners and reviewed by the office at their times. */
#include "cli/demo/yearly.h"
#include "domain/organisation.h"
#include "domain/practice.h"
#include "domain/user.h"
#include "domain/yearly_check.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <string.h>

#define DAY 86400

/* A round: the practice, how many days ago it was asked, the reminders sent, the answer
 * (YA_NONE: none) given how many days after the question, and whether the office
 * approved it. */
static const struct demo_round {
	const char *title;
	int asked_days_ago, reminders;
	enum yearly_answer answer;
	int answered_after;
	long people_reached;
	const char *text;
	bool approve;
} rounds[] = {
    /* Confirmed as it is, five months ago. */
    {"Qualifizierungsbegleitung in der Lausitz", 160, 0, YA_IN_USE, 9, 120,
     "Läuft weiter wie beschrieben; seit Frühjahr mit einem zweiten Standort in Cottbus.", true},
    /* Changed, confirmed two months ago. */
    {"Kompetenzfeststellung mit Arbeitsproben", 75, 1, YA_CHANGED, 30, 64,
     "Die Arbeitsproben gibt es jetzt auch für Lagerlogistik und Gastronomie.", true},
    /* Ended: confirmed as ended, marked "nicht mehr im Einsatz". */
    {"Netzwerkfrühstück Fachkräftesicherung", 200, 1, YA_ENDED, 35, -1,
     "Das Frühstück fand zuletzt im Herbst statt; die Kammer führt das Format nicht fort.", true},
    /* Answered three days ago: waits for the office. */
    {"Brückenkurs Lehramt", 20, 0, YA_CHANGED, 17, 38,
     "Der Kurs ist seit diesem Jahr auch für Fächer der Sekundarstufe II geöffnet.", false},
    /* Nobody answered, both reminders sent: on the office's task list. */
    {"Gründungsberatung für Migrantinnen", 100, 2, YA_NONE, 0, -1, "", false},
    /* Asked ten days ago: waits for its owner (the demo's sub-project account below). */
    {"Anerkennungslotsen", 10, 0, YA_NONE, 0, -1, "", false},
};

static int64_t
practice_id_of(struct store *s, struct arena *a, const char *title)
{
	char slug[PRACTICE_SLUG_MAX + 1];
	struct practice p;
	practice_slugify(title, slug);
	return practice_find_slug(s, a, slug, true, &p) ? p.id : 0;
}

static int64_t
owner_account(struct store *s, struct arena *a, const char *password)
{
	size_t n;
	struct organisation *orgs = organisation_list(s, a, &n);
	int64_t org = 0;
	for (size_t i = 0; i < n && !org; i++)
		if (strcmp(orgs[i].name, "Anerkennungslotsen Magdeburg") == 0)
			org = orgs[i].id;
	if (!org)
		return -1;
	return user_create(s, 0, DEMO_OWNER_EMAIL, "Jana Richter", password, ROLE_SUBMITTER, org);
}

int
demo_seed_yearly(struct store *s, int64_t office, const char *password)
{
	struct arena a = {0};
	int rc = -1;
	int64_t now = time_now();
	if (owner_account(s, &a, password) <= 0)
		goto out;
	for (size_t i = 0; i < sizeof rounds / sizeof rounds[0]; i++) {
		const struct demo_round *d = &rounds[i];
		int64_t practice = practice_id_of(s, &a, d->title);
		if (!practice)
			goto out;
		int64_t asked = now - (int64_t)d->asked_days_ago * DAY;
		int64_t id = yearly_check_seed_round(s, practice, asked, d->reminders);
		if (id <= 0)
			goto out;
		if (d->answer == YA_NONE)
			continue;
		struct yearly_input in = {d->answer, d->people_reached, d->text};
		if (yearly_check_answer_owner(s, 0, id, asked + (int64_t)d->answered_after * DAY,
		                              &in) != YEARLY_OK)
			goto out;
		if (d->approve && yearly_check_review(s, office, id, true) != YEARLY_OK)
			goto out;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}
