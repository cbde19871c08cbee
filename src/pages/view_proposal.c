/* The proposal as the sub-project, the office and the board see it: its content in the
 * form's sections, the question thread, the call's deadline box, and loading a proposal
 * the person may read. */
#include "pages/view_proposal.h"
#include "pages/view_office.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/review.h"
#include "domain/taxonomy.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
submit_url(struct request *r, int64_t id, const char *suffix)
{
	return arena_printf(&r->arena, "/vorschlag/%lld%s", (long long)id, suffix);
}

const char *
submit_when(struct request *r, int64_t t)
{
	char *out = arena_alloc(&r->arena, 40);
	time_format_berlin(out, 40, t, r->lang == LANG_DE);
	return out;
}

const char *
submit_time_left(struct request *r, int64_t closes)
{
	int64_t left = closes - time_now();
	if (left <= 0)
		return tr(r, "The deadline has passed.");
	return arena_printf(&r->arena, tr(r, "%s left"), office_span(r, left));
}

bool
submit_load(struct request *r, struct proposal *p)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	struct store *s = r->store;
	if (*end || id <= 0 || !proposal_find(s, &r->arena, id, p) ||
	    access_may_read_proposal(s, r->user, p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal, or you may not see it."));
		return false;
	}
	return true;
}
const char *
submit_self_text(const struct proposal *p, const char *key)
{
	for (size_t i = 0; i < p->nself; i++)
		if (strcmp(p->self[i].criterion_key, key) == 0)
			return p->self[i].body;
	return "";
}

const char *
submit_call_url(struct request *r, int64_t call_id)
{
	return arena_printf(&r->arena, "/einreichung/ausschreibung/%lld", (long long)call_id);
}

void
submit_call_box(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "Call"), NULL);
	html_open(h, "dd", NULL);
	html_text(h, c->title);
	/* The call's page (its criteria, requirements, whom to ask) while it is open. */
	if (c->phase == PHASE_OPEN && r->user && (r->user->roles & (ROLE_SUBMITTER | ROLE_ADMIN))) {
		html_text(h, " – ");
		html_elem(h, "a", tr(r, "Read the call"), "href", submit_call_url(r, c->id), NULL);
	}
	html_close(h, "dd");
	html_elem(h, "dt", tr(r, "Deadline"), NULL);
	html_open(h, "dd", NULL);
	html_textf(h, tr(r, "%s (Berlin time)"), submit_when(r, c->closes_at));
	html_text(h, " – ");
	/* Time left only while it counts: a call in review is over, whatever its date said. */
	html_elem(h, "strong",
	          c->phase > PHASE_OPEN ? tr(r, "The call is closed for submissions.")
	                                : submit_time_left(r, c->closes_at),
	          NULL);
	html_close(h, "dd");
	html_close(h, "dl");
}

static void
terms_of_kind(struct request *r, struct html *h, struct store *s, const struct proposal *p,
              const char *kind, const char *label)
{
	html_elem(h, "dt", label, NULL);
	html_open(h, "dd", NULL);
	size_t shown = 0;
	for (size_t i = 0; i < p->nterms; i++) {
		struct term t;
		if (!taxonomy_find(s, &r->arena, p->term_ids[i], kind, &t))
			continue;
		if (shown++)
			html_text(h, ", ");
		/* A term without a translation is German on an English page. */
		html_elem(h, "span", term_label(&t, r->lang), "lang", term_lang(&t, r->lang), NULL);
	}
	if (!shown)
		html_text(h, "–");
	html_close(h, "dd");
}

void
submit_render_content(struct request *r, struct html *h, const struct proposal *p)
{
	struct store *s = r->store;
	html_open(h, "div", "id", "inhalt", NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	struct term art;
	html_elem(h, "dt", tr(r, "Kind of practice"), NULL);
	bool has_art = p->art_id && taxonomy_find(s, &r->arena, p->art_id, "art", &art);
	html_elem(h, "dd", has_art ? term_label(&art, r->lang) : "–", "lang",
	          has_art ? term_lang(&art, r->lang) : NULL, NULL);
	html_elem(h, "dt", tr(r, proposal_fields[PT_IN_USE_SINCE].label), NULL);
	html_elem(h, "dd", p->text[PT_IN_USE_SINCE][0] ? p->text[PT_IN_USE_SINCE] : "–", NULL);
	terms_of_kind(r, h, s, p, "handlungsfeld", tr(r, "Fields of action"));
	terms_of_kind(r, h, s, p, "zielgruppe", tr(r, "Target groups"));
	terms_of_kind(r, h, s, p, "adressat", tr(r, "Addressees"));
	terms_of_kind(r, h, s, p, "bundesland", tr(r, "Federal states"));
	html_close(h, "dl");
	/* The sub-project's texts are German, also on an English page (WCAG 3.1.2). */
	const char *de = layout_de(r);
	if (p->text[PT_TEASER][0])
		html_elem(h, "p", p->text[PT_TEASER], "class", "lead", "lang", de, NULL);
	for (int sec = SEC_SITUATION; sec < SEC_COUNT; sec++) {
		html_open(h, "section", "class", "panel", NULL);
		html_elem(h, "h2", tr(r, proposal_section_titles[sec]), NULL);
		if (sec == SEC_SELF_ASSESSMENT) {
			struct criterion crit[16];
			size_t n = review_leaf_criteria(s, &r->arena, p->call_id, crit, 16);
			for (size_t i = 0; i < n; i++) {
				html_elem(h, "h3", criterion_label(&crit[i], r->lang), NULL);
				const char *body = submit_self_text(p, crit[i].key);
				if (*body) {
					html_open(h, "div", "lang", de, NULL);
					html_markdown(h, body);
					html_close(h, "div");
				} else
					html_elem(h, "p", tr(r, "(not filled in yet)"), "class",
					          "muted", NULL);
			}
		}
		for (int i = 0; i < PT_COUNT; i++) {
			const struct proposal_field *f = &proposal_fields[i];
			if (f->section != (enum proposal_section)sec)
				continue;
			/* A field named as its section has the section's heading already. */
			if (strcmp(tr(r, f->label), tr(r, proposal_section_titles[sec])) != 0)
				html_elem(h, "h3", tr(r, f->label), NULL);
			if (!p->text[i][0])
				html_elem(h, "p", tr(r, "(not filled in yet)"), "class", "muted",
				          NULL);
			else if (f->markdown) {
				html_open(h, "div", "lang", de, NULL);
				html_markdown(h, p->text[i]);
				html_close(h, "div");
			} else
				html_elem(h, "p", p->text[i], "lang", de, NULL);
		}
		html_close(h, "section");
	}
	html_close(h, "div");
}

void
submit_render_thread(struct request *r, struct html *h, const struct proposal *p,
                     const char *action)
{
	size_t n;
	struct proposal_message *msgs = proposal_messages(r->store, &r->arena, p->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "thread-h", NULL);
	html_elem(h, "h2", tr(r, "Questions and answers"), "id", "thread-h", NULL);
	if (!n)
		html_elem(h, "p", tr(r, "No messages yet."), "class", "muted", NULL);
	html_open(h, "ol", "class", "thread", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_open(h, "p", "class", "card-meta", NULL);
		html_elem(h, "strong", msgs[i].author_name, NULL);
		html_textf(h, " (%s), %s",
		           msgs[i].from_office ? tr(r, "Coordination office")
		                               : tr(r, "Sub-project"),
		           submit_when(r, msgs[i].created_at));
		html_close(h, "p");
		html_markdown(h, msgs[i].body);
		html_close(h, "li");
	}
	html_close(h, "ol");
	widget_form_begin(r, h, action);
	widget_textarea(r, h,
	                &(struct widget){.name = "body",
	                                 .label = tr(r, "Your message"),
	                                 .required = true,
	                                 .maxlength = 4000,
	                                 .rows = 4});
	widget_submit(h, tr(r, "Send message"));
	html_close(h, "form");
	html_close(h, "section");
}
