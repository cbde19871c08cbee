/* The receipt of a submitted proposal version as an A4 PDF (receipt_pdf.h). */
#include "export/receipt_pdf.h"
#include "util/timeutil.h"

#include <string.h>

static const char *
berlin(struct arena *a, enum lang lang, int64_t t)
{
	char *out = arena_alloc(a, 64);
	time_format_berlin(out, 64, t, lang == LANG_DE);
	return out;
}

static void
meta(struct pdf_doc *d, struct arena *a, const struct proposal *p, const struct receipt_pdf_meta *m)
{
	enum lang l = m->lang;
	pdf_meta(d, i18n_get(l, "Call"), m->call_title, NULL);
	pdf_meta(d, i18n_get(l, "Sub-project"), m->organisation_name, NULL);
	pdf_meta(d, i18n_get(l, "Version"), arena_printf(a, "%lld", (long long)m->number), NULL);
	pdf_meta(d, i18n_get(l, "Received"),
	         arena_printf(a, i18n_get(l, "%s (Berlin time)"), berlin(a, l, m->submitted_at)),
	         NULL);
	pdf_meta(d, i18n_get(l, "Submitted by"), m->submitted_by, NULL);
	pdf_meta(d, i18n_get(l, "Deadline"),
	         arena_printf(a, i18n_get(l, "%s (Berlin time)"), berlin(a, l, m->closes_at)),
	         NULL);
	pdf_meta(d, i18n_get(l, "Proposal"), m->page_url, m->page_url);
	(void)p;
}

void
receipt_pdf_build(struct pdf_doc *d, struct arena *a, const struct proposal *p,
                  const struct receipt_pdf_meta *m)
{
	enum lang l = m->lang;
	const char *title = p->text[PT_TITLE][0] ? p->text[PT_TITLE] : "–";
	/* The version's own time, so that the same version always gives the same bytes. */
	pdf_set_info(d, arena_printf(a, "%s: %s", i18n_get(l, "Receipt"), title),
	             m->organisation_name, m->call_title, m->submitted_at, NULL,
	             arena_printf(a, "%s – Leuchtturm", i18n_get(l, "Receipt")));
	pdf_title(d, i18n_get(l, "Receipt of your proposal"));
	pdf_lead(d, arena_printf(a,
	                         i18n_get(l, "The coordination office received the proposal "
	                                     "\"%s\" as version %lld on %s (Berlin time)."),
	                         title, (long long)m->number, berlin(a, l, m->submitted_at)));
	if (m->number > 1)
		pdf_paragraph(d, arena_printf(a,
		                              i18n_get(l, "This version replaces version %lld. The "
		                                          "coordination office sees what changed."),
		                              (long long)(m->number - 1)));
	meta(d, a, p, m);

	pdf_heading(d, i18n_get(l, "Overview"));
	if (m->art[0])
		pdf_meta(d, i18n_get(l, "Kind of practice"), m->art, NULL);
	for (size_t i = 0; i < 4; i++)
		if (m->terms[i].text && m->terms[i].text[0])
			pdf_meta(d, m->terms[i].label, m->terms[i].text, NULL);
	for (int i = 0; i < PT_COUNT; i++) {
		const struct proposal_field *f = &proposal_fields[i];
		if (!p->text[i][0])
			continue;
		if (f->markdown) {
			pdf_subheading(d, i18n_get(l, f->label));
			pdf_markdown(d, p->text[i]);
		} else {
			pdf_meta(d, i18n_get(l, f->label), p->text[i], NULL);
		}
	}
	if (m->nself) {
		pdf_heading(d, i18n_get(l, "Self-assessment"));
		for (size_t i = 0; i < m->nself; i++) {
			pdf_subheading(d, m->self[i].label);
			pdf_paragraph(d, m->self[i].text);
		}
	}
	if (m->nfiles) {
		pdf_heading(d, i18n_get(l, "Attachments"));
		for (size_t i = 0; i < m->nfiles; i++)
			pdf_bullet(d,
			           arena_printf(a, "%s (%lld bytes, SHA-256 %.12s…)",
			                        m->files[i].filename, (long long)m->files[i].size,
			                        m->files[i].sha256));
	}
}
