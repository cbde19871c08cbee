/* The page about the programme: what a good practice is, the criteria, the process.
 * Its prose is content, not interface text, so it is kept here per language rather than
 * in the message catalogs. */
#include "html/layout.h"
#include "pages/catalog_pages.h"

struct about_text {
	const char *title, *lead;
	const char *what_h, *what;
	const char *criteria_h;
	const char *criteria[5][2];
	const char *process_h;
	const char *steps[5];
};

static const struct about_text de = {
    "Über IQ Good Practice",
    "Das Förderprogramm „Integration durch Qualifizierung (IQ)“ unterstützt Menschen mit "
    "Migrationshintergrund auf dem Weg in qualifizierte Beschäftigung. Mit dem Format „IQ "
    "Good Practice“ werden die besten Ansätze seiner rund 380 Teilprojekte sichtbar und "
    "übertragbar.",
    "Was ist eine Gute Praxis?",
    "Eine Gute Praxis ist ein erprobtes Produkt, Instrument, Konzept, eine Maßnahme oder ein "
    "Veranstaltungsformat – ein „Leuchtturm“: Ein Handlungsbedarf wurde erkannt und mit einer "
    "praktischen Lösung beantwortet. Es gibt dokumentierte Erfahrungen mit der Umsetzung und "
    "nachweisbare Erfolge.",
    "Die Kriterien",
    {{"Transferfähig", "Dient als Vorbild für neue Projekte, lässt sich an andere "
                       "Bedingungen anpassen und ohne zusätzlichen Aufwand in die "
                       "Regelinstitutionen überführen."},
     {"Innovativ", "Beantwortet eine aktuelle Herausforderung mit einer neuen, kreativen Idee."},
     {"Nachhaltig", "Wirkt dauerhaft – in seinen Angebotsstrukturen und in seinen Effekten."},
     {"Effizient (Erstellung)", "Der Aufwand an Personal, Zeit und Kosten steht in einem "
                                "angemessenen Verhältnis zum Erfolg."},
     {"Effizient (Transfer)", "Wer die Praxis übernimmt, spart Zeit oder Kosten."}},
    "Der Weg zur Guten Praxis",
    {"Teilprojekte reichen in einer Ausschreibungsrunde Vorschläge ein.",
     "Die Koordinierungsstelle prüft die formalen Voraussetzungen.",
     "Ein Beratungsgremium aus BMAS, dem Transferprojekt MUT IQ/ebb sowie Vertretungen der "
     "Landesnetzwerke und Fachstellen bewertet die Vorschläge anhand der Kriterien.",
     "Das Gremium entscheidet fachlich begründet und nachvollziehbar.",
     "Die ausgewählten Guten Praktiken werden als Webseite, PDF und im RSS-Feed "
     "veröffentlicht."},
};

static const struct about_text en = {
    "About IQ Good Practice",
    "The federal programme \"Integration durch Qualifizierung (IQ)\" helps people with a "
    "migration history into skilled work. Its \"IQ Good Practice\" format makes the best "
    "approaches of its about 380 sub-projects visible and ready for transfer.",
    "What is a good practice?",
    "A good practice is a tested product, instrument, concept, measure or event format – a "
    "\"lighthouse\": a need for action was recognised and met with a practical solution, with "
    "documented experience of implementation and demonstrable success.",
    "The criteria",
    {{"Transferable", "Serves as a model for new projects, adapts to other conditions and "
                      "moves into the mainstream institutions without extra effort."},
     {"Innovative", "Answers a current challenge with a new, creative idea."},
     {"Sustainable", "Lasts – in its offer structures and in its effects."},
     {"Efficient (creation)", "The effort in staff, time and cost is in proportion to the "
                              "success."},
     {"Efficient (transfer)", "Whoever adopts the practice saves time or cost."}},
    "How a practice is selected",
    {"Sub-projects submit proposals in a call.",
     "The coordination office checks the formal requirements.",
     "An advisory board of the BMAS, the transfer project MUT IQ/ebb and representatives of "
     "the regional networks and Fachstellen rates the proposals against the criteria.",
     "The board decides on professional grounds and traceably.",
     "The selected good practices are published as a web page, a PDF and in an RSS feed."},
};

void
page_about(struct request *r)
{
	const struct about_text *t = r->lang == LANG_EN ? &en : &de;
	struct html *h = layout_begin(r, t->title);
	html_elem(h, "p", t->lead, "class", "lead", NULL);
	html_elem(h, "h2", t->what_h, NULL);
	html_elem(h, "p", t->what, NULL);
	html_elem(h, "h2", t->criteria_h, NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	for (size_t i = 0; i < 5; i++) {
		html_elem(h, "dt", t->criteria[i][0], NULL);
		html_elem(h, "dd", t->criteria[i][1], NULL);
	}
	html_close(h, "dl");
	html_elem(h, "h2", t->process_h, NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; i < 5; i++)
		html_elem(h, "li", t->steps[i], NULL);
	html_close(h, "ol");
	layout_end(r, h);
	/* The same for every anonymous reader of a language: let browsers and proxies
	 * revalidate cheaply. Logged-in pages carry the person's navigation: no tag. */
	if (!r->user)
		r->resp.etag = r->lang == LANG_EN ? "\"about-1-en\"" : "\"about-1-de\"";
}
