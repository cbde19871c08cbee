/* A good practice as an A4 PDF (practice_pdf.h): its fields, sections, criteria, links. */
#include "export/practice_pdf.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#include <string.h>

static void
meta_text(struct pdf_doc *d, enum lang lang, const char *label, const char *value, const char *uri)
{
	if (value && *value)
		pdf_meta(d, i18n_get(lang, label), value, uri);
}

/* "24.11.2026" (German) or "2026-11-24", the day in Berlin. */
static const char *
berlin_date(struct arena *a, enum lang lang, int64_t t)
{
	char *out = arena_alloc(a, 64);
	time_format_berlin(out, 64, t, lang == LANG_DE);
	out[10] = '\0'; /* both forms start with the date, ten characters long */
	return out;
}

/* The practice's fields at the top: kind, organisation, terms, contact, dates, address. */
static void
meta_block(struct pdf_doc *d, struct arena *a, const struct practice *p,
           const struct practice_pdf_meta *m)
{
	static const char *const term_labels[PRACTICE_PDF_TERMS] = {
	    N_("Fields of action"), N_("Target groups"), N_("Addressees"), N_("Federal states")};
	enum lang lang = m->lang;
	if (p->art.id)
		pdf_meta(d, i18n_get(lang, "Kind of practice"), term_label(&p->art, lang), NULL);
	const char *org = p->text[PX_ORGANISATION_NAME];
	if (*org && *p->text[PX_BUNDESLAND])
		org = arena_printf(a, "%s (%s)", org, p->text[PX_BUNDESLAND]);
	meta_text(d, lang, practice_fields[PX_ORGANISATION_NAME].label, org, NULL);
	for (size_t i = 0; i < PRACTICE_PDF_TERMS; i++)
		meta_text(d, lang, term_labels[i], m->terms[i], NULL);
	meta_text(d, lang, practice_fields[PX_IN_USE_SINCE].label, p->text[PX_IN_USE_SINCE], NULL);
	meta_text(d, lang, practice_fields[PX_CONTACT_NAME].label, p->text[PX_CONTACT_NAME], NULL);
	const char *email = p->text[PX_CONTACT_EMAIL];
	meta_text(d, lang, practice_fields[PX_CONTACT_EMAIL].label, email,
	          *email ? arena_printf(a, "mailto:%s", email) : NULL);
	meta_text(d, lang, practice_fields[PX_CONTACT_PHONE].label, p->text[PX_CONTACT_PHONE],
	          NULL);
	if (p->published_at)
		pdf_meta(d, i18n_get(lang, "Published"), berlin_date(a, lang, p->published_at),
		         NULL);
	pdf_meta(d, i18n_get(lang, "Updated"), berlin_date(a, lang, p->updated_at), NULL);
	if (m->confirmed_at) {
		char *month = arena_alloc(a, 40);
		time_format_month_berlin(month, 40, m->confirmed_at, lang != LANG_EN);
		pdf_meta(d, i18n_get(lang, "Last confirmed"), month, NULL);
	}
	if (!m->in_use)
		pdf_meta(d, i18n_get(lang, "Status"), i18n_get(lang, "No longer in use"), NULL);
	pdf_meta(d, i18n_get(lang, "Web address"), m->page_url, m->page_url);
	/* Transfer (issue 11): where a reader who wants to take it up reports their interest. */
	const char *interest = arena_printf(a, "%s/interesse", m->page_url);
	pdf_meta(d, i18n_get(lang, "Interest in adopting it"), interest, interest);
}

void
practice_pdf_build(struct pdf_doc *d, struct arena *a, const struct practice *p,
                   const struct practice_pdf_meta *m)
{
	pdf_set_info(d, p->text[PX_TITLE], p->text[PX_ORGANISATION_NAME], p->text[PX_TEASER],
	             p->updated_at, m->site_url,
	             arena_printf(a, "%s – Leuchtturm", i18n_get(m->lang, "Good practice")));
	pdf_title(d, p->text[PX_TITLE]);
	practice_pdf_body(d, a, p, m);
}

void
practice_pdf_body(struct pdf_doc *d, struct arena *a, const struct practice *p,
                  const struct practice_pdf_meta *m)
{
	enum lang lang = m->lang;
	if (*p->text[PX_TEASER])
		pdf_lead(d, p->text[PX_TEASER]);
	meta_block(d, a, p, m);

	for (size_t i = 0; i < 4; i++) {
		enum practice_text t = practice_sections[i];
		if (!*p->text[t])
			continue;
		pdf_heading(d, i18n_get(lang, practice_fields[t].label));
		pdf_markdown(d, p->text[t]);
	}
	bool criteria = false;
	for (size_t i = 0; i < 4; i++)
		criteria |= *p->text[practice_criteria[i]] != '\0';
	if (criteria) {
		pdf_heading(d, i18n_get(lang, "How it meets the criteria"));
		for (size_t i = 0; i < 4; i++) {
			enum practice_text t = practice_criteria[i];
			if (!*p->text[t])
				continue;
			pdf_subheading(d, i18n_get(lang, practice_fields[t].label));
			pdf_markdown(d, p->text[t]);
		}
	}
	size_t nlinks;
	struct practice_link *links = practice_links(a, p->text[PX_LINKS], &nlinks);
	if (nlinks) {
		pdf_heading(d, i18n_get(lang, "Links"));
		for (size_t i = 0; i < nlinks; i++)
			pdf_link(d, links[i].label, links[i].url);
	}
}
