/* A collection's brochure (brochure_pdf.h), built from the practice PDF's pieces. */
#include "export/brochure_pdf.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#include <string.h>

void
brochure_pdf_build(struct pdf_doc *d, struct arena *a, const struct collection *c,
                   const struct brochure_meta *m, const struct brochure_chapter *ch, size_t n)
{
	enum lang lang = m->lang;
	/* The date is the data's own: the collection's or its newest practice's change. */
	int64_t date = c->updated_at;
	for (size_t i = 0; i < n; i++)
		if (ch[i].practice->updated_at > date)
			date = ch[i].practice->updated_at;
	pdf_set_info(d, c->title, "Leuchtturm", i18n_get(lang, "Collection"), date, m->site_url,
	             arena_printf(a, "%s – Leuchtturm", c->title));

	/* The cover. */
	pdf_title(d, c->title);
	pdf_lead(d, arena_printf(a, "%s · %s", i18n_get(lang, "Collection"),
	                         i18n_get(lang, "Good practices ready for transfer")));
	if (m->audience[0])
		pdf_meta(d, i18n_get(lang, "For"), m->audience, NULL);
	char when[64];
	time_format_berlin(when, sizeof when, date, lang == LANG_DE);
	when[10] = '\0';
	pdf_meta(d, i18n_get(lang, "As of"), when, NULL);
	pdf_meta(d, i18n_get(lang, "Number of practices"), arena_printf(a, "%zu", n), NULL);
	pdf_meta(d, i18n_get(lang, "Web address"), m->page_url, m->page_url);

	/* The introduction and the table of contents. */
	pdf_page_break(d);
	if (c->intro[0]) {
		pdf_heading(d, i18n_get(lang, "Introduction"));
		pdf_markdown(d, c->intro);
	}
	pdf_heading(d, i18n_get(lang, "Contents"));
	for (size_t i = 0; i < n; i++)
		pdf_toc_entry(d, arena_printf(a, "%zu. %s", i + 1, ch[i].practice->text[PX_TITLE]),
		              arena_printf(a, "praxis-%zu", i + 1));

	/* One chapter per practice. */
	for (size_t i = 0; i < n; i++) {
		pdf_chapter(d, arena_printf(a, "%zu. %s", i + 1, ch[i].practice->text[PX_TITLE]),
		            arena_printf(a, "praxis-%zu", i + 1));
		if (ch[i].note && ch[i].note[0])
			pdf_meta(d, i18n_get(lang, "Why in this collection"), ch[i].note, NULL);
		practice_pdf_body(d, a, ch[i].practice, &ch[i].meta);
	}
}
