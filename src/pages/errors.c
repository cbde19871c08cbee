/* Error pages (400, 403, 404, 405, 413, 429, 500 …) in the layout, with the reason. */
#include "domain/practice.h"
#include "domain/proposal.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/dispatch.h"
#include "pages/pages.h"
#include "util/str.h"

#include <string.h>

static const char *
title_for(int status)
{
	switch (status) {
	case 400:
		return N_("Bad request");
	case 403:
		return N_("Access denied");
	case 404:
		return N_("Page not found");
	case 405:
		return N_("Method not allowed");
	case 410:
		return N_("Link no longer valid");
	case 413:
		return N_("Request too large");
	case 422:
		return N_("Please check your entries");
	case 429:
		return N_("Too many attempts");
	case 431:
		return N_("Request address too long");
	case 501:
		return N_("Not supported");
	case 503:
		return N_("Server busy");
	default:
		return N_("Something went wrong");
	}
}

/* Labels of the common keys of other forms (their pages name them in widget calls). */
static const struct {
	const char *key, *label;
} other_labels[] = {
    {"email", N_("E-mail address")},
    {"name", N_("Name")},
    {"body", N_("Text")},
    {"subject", N_("Subject")},
    {"message", N_("Your message")},
    {"nachricht", N_("Your message")},
    {"reason", N_("Reason")},
    {"notes", N_("Notes")},
    {"organisation", N_("Organisation")},
    {"report_text", N_("What we adapted")},
    {"public_text", N_("Public text")},
    {"intro", N_("Introduction (Markdown)")},
    {"short_name", N_("Short name")},
    {"people_reached", N_("People reached so far")},
    {"since", N_("In use since (month)")},
    {"seite", N_("Where did you meet the barrier? (optional)")},
};

/* The label a form shows for key (translated), or the key itself where none is known. */
static const char *
field_label(struct request *r, const char *key)
{
	for (size_t i = 0; i < PT_COUNT; i++)
		if (strcmp(proposal_fields[i].key, key) == 0)
			return tr(r, proposal_fields[i].label);
	for (size_t i = 0; i < PX_COUNT; i++)
		if (practice_fields[i].key && strcmp(practice_fields[i].key, key) == 0)
			return tr(r, practice_fields[i].label);
	for (size_t i = 0; i < sizeof other_labels / sizeof *other_labels; i++)
		if (strcmp(other_labels[i].key, key) == 0)
			return tr(r, other_labels[i].label);
	return key;
}

/* The files of the form that did not arrive (the disk was full while they did), each
 * named with the reason and a field to choose it again; the kept ones go with the form
 * (widget_form_begin_upload). */
static void
kept_files(struct request *r, struct html *h)
{
	int n = 0;
	for (const struct upload *u = r->lost_uploads; u; u = u->next) {
		const char *id = arena_printf(&r->arena, "lost-%d", n++);
		struct widget w = {
		    .name = u->field,
		    .id = id,
		    .type = "file",
		    .label = arena_printf(&r->arena,
		                          tr(r, "The file “%s” was not saved: %s. Please "
		                                "choose it again:"),
		                          u->filename, tr(r, u->why)),
		};
		widget_input(r, h, &w);
	}
}

/* The form's fields as they were sent, each in a labelled box, in a form that sends them
 * to the same address again (with a fresh token): after a full disk nothing typed is lost
 * (issue #15, point 10), nor any file that arrived (kept_files). Passwords are not shown
 * again. */
static void
kept_form(struct request *r, struct html *h)
{
	html_elem(h, "h2", tr(r, "What you entered"), NULL);
	const char *type = http_header(r, "Content-Type");
	bool files =
	    r->uploads || r->lost_uploads || (type && str_starts(type, "multipart/form-data"));
	if (files)
		widget_form_begin_upload(r, h, r->path);
	else
		widget_form_begin(r, h, r->path);
	int n = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *f = &r->form.items[i];
		if (f->key[0] == '_' || strstr(f->key, "password") || strstr(f->key, "passwort"))
			continue;
		struct widget w = {.name = f->key,
		                   .id = arena_printf(&r->arena, "kept-%d", n++),
		                   .label = field_label(r, f->key),
		                   .value = f->value,
		                   .rows = 4};
		widget_textarea(r, h, &w);
	}
	kept_files(r, h);
	widget_submit(h, tr(r, "Send again"));
	html_close(h, "form");
}

void
page_error(struct request *r, int status, const char *reason)
{
	r->resp.status = status;
	/* A notice belongs to the page it was sent to: an error page neither shows it (a
	 * stale "Your comment has been added." above "Page not found") nor uses it up, so
	 * the next page shows it. */
	if (r->notice) {
		r->notice = NULL;
		const char *raw = http_cookie(r, COOKIE_FLASH);
		if (raw)
			http_set_cookie(r, COOKIE_FLASH, raw, -1);
	}
	struct html *h = layout_begin(r, tr(r, title_for(status)));
	if (reason)
		html_elem(h, "p", tr(r, reason), "class", "lead", NULL);
	if (r->keep_form && (r->form.n || r->uploads || r->lost_uploads))
		kept_form(r, h);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the home page"), "href", "/", NULL);
	html_close(h, "p");
	layout_end(r, h);
	r->resp.status = status;
}
