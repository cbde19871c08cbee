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

/* "label: value" as a line of its own (first) or after the line before. */
static void
meta_field(struct pdf_doc *d, bool first, const char *label, const char *value, const char *uri)
{
	if (!value || !*value)
		return;
	if (first)
		pdf_meta(d, label, value, uri);
	else
		pdf_meta_more(d, label, value, uri);
}

/* The practice's fields at the top: kind, organisation, terms, contact, dates, address;
 * short ones share a line, so the practice keeps to as few pages as it can. */
static void
meta_block(struct pdf_doc *d, struct arena *a, const struct practice *p,
           const struct practice_pdf_meta *m)
{
	static const char *const term_labels[PRACTICE_PDF_TERMS] = {
	    N_("Fields of action"), N_("Target groups"), N_("Addressees"), N_("Federal states")};
	enum lang lang = m->lang;
	const char *org = p->text[PX_ORGANISATION_NAME];
	if (*org && *p->text[PX_BUNDESLAND])
		org = arena_printf(a, "%s (%s)", org, p->text[PX_BUNDESLAND]);
	meta_text(d, lang, practice_fields[PX_ORGANISATION_NAME].label, org, NULL);
	bool line = false;
	if (p->art.id) {
		pdf_meta(d, i18n_get(lang, "Kind of practice"), term_label(&p->art, lang), NULL);
		line = true;
	}
	meta_field(d, !line, i18n_get(lang, practice_fields[PX_IN_USE_SINCE].label),
	           p->text[PX_IN_USE_SINCE], NULL);
	for (size_t i = 0; i < PRACTICE_PDF_TERMS; i++)
		meta_text(d, lang, term_labels[i], m->terms[i], NULL);
	/* The contact on one line: name, e-mail, telephone. */
	const char *email = p->text[PX_CONTACT_EMAIL];
	line = *p->text[PX_CONTACT_NAME] != '\0';
	meta_text(d, lang, practice_fields[PX_CONTACT_NAME].label, p->text[PX_CONTACT_NAME], NULL);
	meta_field(d, !line, i18n_get(lang, "E-mail"), email,
	           *email ? arena_printf(a, "mailto:%s", email) : NULL);
	line |= *email != '\0';
	meta_field(d, !line, i18n_get(lang, "Telephone"), p->text[PX_CONTACT_PHONE], NULL);
	/* The dates on one line. */
	pdf_meta(d, i18n_get(lang, "Updated"), berlin_date(a, lang, p->updated_at), NULL);
	if (p->published_at)
		pdf_meta_more(d, i18n_get(lang, "Published"), berlin_date(a, lang, p->published_at),
		              NULL);
	if (m->confirmed_at) {
		char *month = arena_alloc(a, 40);
		time_format_month_berlin(month, 40, m->confirmed_at, lang != LANG_EN);
		pdf_meta_more(d, i18n_get(lang, "Last confirmed"), month, NULL);
	}
	if (!m->in_use)
		pdf_meta(d, i18n_get(lang, "Status"), i18n_get(lang, "No longer in use"), NULL);
	pdf_meta(d, i18n_get(lang, "Web address"), m->page_url, m->page_url);
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
		/* On paper a link is its address: written out below its label. */
		for (size_t i = 0; i < nlinks; i++)
			if (!*links[i].label || strcmp(links[i].label, links[i].url) == 0)
				pdf_link(d, NULL, links[i].url);
			else
				pdf_address_item(d, links[i].label, NULL, links[i].url);
	}
	if (m->ndownloads) {
		pdf_heading(d, i18n_get(lang, "Downloads"));
		for (size_t i = 0; i < m->ndownloads; i++) {
			const struct practice_pdf_download *f = &m->downloads[i];
			pdf_address_item(d, f->title, arena_printf(a, "(%s)", f->detail), f->url);
		}
	}
	/* Transfer (issue 11): where a reader who wants to take it up says so. */
	pdf_rule(d);
	pdf_address(d, i18n_get(lang, "Interested in an adoption? Tell the practice here:"),
	            arena_printf(a, "%s/interesse", m->page_url));
}
