/* GET /vorschlag/:id/eingangsbestaetigung.pdf: the receipt of the proposal's latest
 * submitted version as a PDF, for its sub-project and the coordination office. */
#include "pages/submission_pages.h"
#include "pages/view_proposal.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/taxonomy.h"
#include "domain/user.h"
#include "export/receipt_pdf.h"
#include "http/server.h"
#include "util/buf.h"

#include <string.h>

/* The version's terms of one kind, joined by ", ", in r's language. */
static const char *
terms_of(struct request *r, const struct proposal *v, const char *kind)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < v->nterms; i++) {
		struct term t;
		if (taxonomy_find(r->store, &r->arena, v->term_ids[i], kind, &t))
			buf_printf(&b, "%s%s", b.len ? ", " : "", term_label(&t, r->lang));
	}
	const char *out = arena_strdup(&r->arena, b.len ? buf_str(&b) : "");
	buf_free(&b);
	return out;
}

/* The self-assessment in the rubric's order, under the criteria's names. */
static size_t
self_items(struct request *r, const struct proposal *v, struct receipt_item *out, size_t max)
{
	struct criterion crit[32];
	size_t nc = call_criteria(r->store, &r->arena, v->call_id, crit, 32), n = 0;
	for (size_t k = 0; k < nc; k++)
		for (size_t i = 0; i < v->nself && n < max; i++)
			if (strcmp(v->self[i].criterion_key, crit[k].key) == 0)
				out[n++] = (struct receipt_item){criterion_label(&crit[k], r->lang),
				                                 v->self[i].body};
	return n;
}

void
page_proposal_receipt(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	/* Board members who may read the proposal in review get no receipt: it is the
	 * sub-project's record of what it handed in. */
	if (access_may_read_receipt(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal."));
		return;
	}
	size_t nv;
	struct proposal_version *versions = proposal_versions(s, &r->arena, p.id, &nv);
	struct call c;
	if (!nv || !call_find(s, &r->arena, p.call_id, &c)) {
		http_error(r, 404, N_("This proposal has not been submitted yet."));
		return;
	}
	const struct proposal_version *last = &versions[nv - 1];
	struct proposal v = p;
	struct proposal_version_file *files;
	size_t nfiles;
	if (!proposal_version_read(&r->arena, last->content, &v, &files, &nfiles)) {
		http_fail_with(r, N_("The PDF could not be made."));
		return;
	}
	struct user by;
	struct term art;
	struct receipt_item self[PROPOSAL_MAX_SELF];
	struct receipt_pdf_meta m = {
	    .lang = r->lang,
	    .call_title = c.title,
	    .organisation_name = p.organisation_name,
	    .submitted_by = user_find_by_id(s, &r->arena, last->submitted_by, &by) ? by.name : "–",
	    .number = last->number,
	    .submitted_at = last->submitted_at,
	    .closes_at = c.closes_at,
	    .art = v.art_id && taxonomy_find(s, &r->arena, v.art_id, "art", &art)
	               ? term_label(&art, r->lang)
	               : "",
	    .terms = {{tr(r, "Fields of action"), terms_of(r, &v, "handlungsfeld")},
	              {tr(r, "Target groups"), terms_of(r, &v, "zielgruppe")},
	              {tr(r, "Addressees"), terms_of(r, &v, "adressat")},
	              {tr(r, "Federal states"), terms_of(r, &v, "bundesland")}},
	    .self = self,
	    .nself = self_items(r, &v, self, PROPOSAL_MAX_SELF),
	    .files = files,
	    .nfiles = nfiles,
	    .page_url = http_absolute_url(r, submit_url(r, p.id, "")),
	};
	struct pdf_doc *d = pdf_new(r->lang);
	receipt_pdf_build(d, &r->arena, &v, &m);
	struct buf body = BUF_INIT;
	if (pdf_render(d, &body) < 0) {
		http_fail_with(r, N_("The PDF could not be made."));
	} else {
		http_set_header(
		    r, "Content-Disposition",
		    arena_printf(&r->arena,
		                 "inline; filename=\"eingangsbestaetigung-%lld-v%lld.pdf\"",
		                 (long long)p.id, (long long)last->number));
		/* The proposal's content: never kept by a shared cache or the browser's. */
		http_set_header(r, "Cache-Control", "private, no-store");
		http_send(r, 200, "application/pdf", body.data, body.len);
	}
	buf_free(&body);
	pdf_free(d);
}
