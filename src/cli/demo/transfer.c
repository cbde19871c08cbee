/* The demo's transfer (issue 11): interest in and adoptions of the demo practices in
 * several Länder and by several kinds of institution, approved by the office; one report
 * waiting for moderation, one withdrawn, one address not yet confirmed. */
#include "cli/demo/transfer.h"
#include "domain/practice.h"
#include "domain/seed.h"
#include "domain/transfer.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <string.h>

#define DAY 86400

static const struct {
	const char *slug, *organisation, *kind, *land, *stage, *text;
	int days_ago, name_public;
	const char *state; /* "approved", "pending", "withdrawn", "unconfirmed" */
} reports[] = {
    {"anerkennungsberatung-im-betrieb", "Jobcenter Kassel", "jobcenter", "he", "adopted",
     "Wir beraten nun auch in Betrieben des Landkreises; die Checkliste haben wir um "
     "kommunale Ansprechstellen ergänzt.",
     200, 1, "approved"},
    {"anerkennungsberatung-im-betrieb", "Agentur für Arbeit Leipzig", "arbeitsagenturen", "sn",
     "adopted", "Die Sprechstunden im Betrieb laufen seit dem Frühjahr im Arbeitgeberservice.", 150,
     0, "approved"},
    {"anerkennungsberatung-im-betrieb", "Bildungswerk Nord", "bildungstraeger", "sh", "adopted",
     "Übernommen für Pflegeeinrichtungen an der Westküste.", 90, 1, "approved"},
    {"anerkennungsberatung-im-betrieb", "Stadtverwaltung Mainz", "verwaltungen", "rp", "preparing",
     "Wir bereiten die Übernahme für das Welcome Center vor.", 40, 0, "approved"},
    {"brueckenqualifizierung-fuer-pflegefachkraefte-aus-drittstaaten", "Klinikverbund Hannover",
     "unternehmen", "ni", "adopted",
     "Die Brückenqualifizierung läuft mit zwölf Pflegefachkräften im zweiten Durchgang.", 120, 1,
     "approved"},
    {"brueckenqualifizierung-fuer-pflegefachkraefte-aus-drittstaaten", "Jobcenter Dortmund",
     "jobcenter", "nw", "interest", "", 20, 0, "approved"},
    {"mentoring-fuer-zugewanderte-ingenieurinnen", "Ingenieurkammer Bayern", "other", "by",
     "adopted", "Das Mentoring läuft nun auch in Nürnberg.", 60, 1, "pending"},
    {"mentoring-fuer-zugewanderte-ingenieurinnen", "Firma Beispiel GmbH", "unternehmen", "bw",
     "interest", "", 30, 0, "withdrawn"},
    {"qualifizierungsbegleitung-in-der-lausitz", "Bildungsträger Cottbus", "bildungstraeger", "bb",
     "interest", "", 2, 0, "unconfirmed"},
};

int
demo_seed_transfer(struct store *s, int64_t office)
{
	struct arena a = {0};
	int rc = -1;
	int64_t now = time_now();
	for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
		struct practice p;
		if (!practice_find_slug(s, &a, reports[i].slug, true, &p))
			continue;
		bool withdrawn = strcmp(reports[i].state, "withdrawn") == 0;
		bool unconfirmed = strcmp(reports[i].state, "unconfirmed") == 0;
		struct seed_transfer t = {
		    .practice_id = p.id,
		    .at = now - (int64_t)reports[i].days_ago * DAY,
		    .state = withdrawn     ? "withdrawn"
		             : unconfirmed ? "unconfirmed"
		                           : "confirmed",
		    .reporter_name = withdrawn ? "" : "Demo-Meldung",
		    .reporter_email = withdrawn ? "" : "transfer-demo@iq-demo.example",
		    .organisation = reports[i].organisation,
		    .kind = reports[i].kind,
		    .bundesland = reports[i].land,
		    .stage = reports[i].stage,
		    .text = reports[i].text,
		    .name_public = reports[i].name_public,
		};
		int64_t id = seed_transfer_report(s, &t);
		if (id < 0)
			goto out;
		if (strcmp(reports[i].state, "approved") == 0) {
			time_set_fake(t.at + DAY);
			int ok = transfer_approve(s, office, id, reports[i].text);
			time_set_fake(0);
			if (ok != TRANSFER_OK)
				goto out;
		}
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}
