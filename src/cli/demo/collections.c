/* The demo's collections (issue 12): one for job centres and employment agencies, one for
 * businesses, both published, written through the domain like the office's form. */
#include "cli/demo/collections.h"
#include "domain/collection.h"
#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "store/store.h"

#include <stddef.h>

#define ITEMS_MAX 8

static const struct demo_collection {
	const char *title, *intro;
	const char *audience[3];
	struct {
		const char *title, *note;
	} items[ITEMS_MAX];
} collections[] = {
    {"Für Jobcenter: Anerkennung und Qualifizierung begleiten",
     "Fünf erprobte Ansätze für Teams in **Jobcentern und Arbeitsagenturen**, die "
     "Ratsuchende mit ausländischen Abschlüssen auf dem Weg in eine passende Arbeit "
     "begleiten.\n\n- kurze Wege zur Anerkennungsberatung\n- Kompetenzen sichtbar machen\n"
     "- Zusammenarbeit über Rechtskreise hinweg",
     {"jobcenter", "arbeitsagenturen", NULL},
     {{"Jobcenter-Sprechstunde Anerkennung", "Der schnellste Einstieg: eine feste Sprechstunde "
                                             "im Haus."},
      {"Rechtskreisübergreifende Fallkonferenz", "Wenn mehrere Stellen beteiligt sind."},
      {"Kompetenzfeststellung mit Arbeitsproben", "Zeigt, was jemand kann, auch ohne Papiere."},
      {"Qualifizierungsbegleitung in der Lausitz", "Begleitung bis zum Abschluss der "
                                                   "Anpassungsqualifizierung."},
      {"Bewerbungswerkstatt für geflüchtete Frauen", ""}}},
    {"Für Betriebe: internationale Fachkräfte gewinnen und halten",
     "Was kleine und mittlere **Unternehmen** selbst tun können – von der Anerkennung im "
     "Betrieb bis zur Einarbeitung.",
     {"unternehmen", NULL, NULL},
     {{"Anerkennungsberatung im Betrieb", "Beratung dort, wo die Beschäftigten arbeiten."},
      {"Praxistage Anerkennung für Personalverantwortliche", "Für Personalabteilungen."},
      {"Diversity-Check für kleine Betriebe", "Ein halber Tag, der viel klärt."},
      {"Betriebliche Integration im Hafen", ""}}},
};

static int
seed_one(struct store *s, int64_t office, const struct demo_collection *d)
{
	struct arena a = {0};
	int64_t ids[ITEMS_MAX], aud[3];
	const char *notes[ITEMS_MAX];
	size_t n = 0, naud = 0;
	int rc = -1;
	for (size_t i = 0; i < ITEMS_MAX && d->items[i].title; i++) {
		char slug[PRACTICE_SLUG_MAX + 1];
		struct practice p;
		practice_slugify(d->items[i].title, slug);
		if (!practice_find_slug(s, &a, slug, true, &p))
			goto done;
		ids[n] = p.id;
		notes[n++] = d->items[i].note;
	}
	for (size_t i = 0; i < 3 && d->audience[i]; i++) {
		struct term t;
		if (!taxonomy_find_key(s, &a, "adressat", d->audience[i], &t))
			goto done;
		aud[naud++] = t.id;
	}
	int64_t id = collection_create(s, office, d->title);
	struct collection_input in = {.title = d->title,
	                              .intro = d->intro,
	                              .audience = aud,
	                              .naudience = naud,
	                              .practices = ids,
	                              .notes = notes,
	                              .nitems = n};
	if (id > 0 && collection_update(s, office, id, &in) == COLLECTION_OK &&
	    collection_publish(s, office, id) == COLLECTION_OK)
		rc = 0;
done:
	arena_free(&a);
	return rc;
}

int
demo_seed_collections(struct store *s, int64_t office)
{
	for (size_t i = 0; i < sizeof collections / sizeof collections[0]; i++)
		if (seed_one(s, office, &collections[i]) != 0)
			return -1;
	return 0;
}
