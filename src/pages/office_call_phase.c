/* A call's phase change: POST …/phase moves the call when nothing is missing for the next
 * phase; otherwise it changes nothing and shows what is not ready, each point with its link,
 * and a form to go ahead anyway with a reason (audited with the list). */
#include "domain/call_readiness.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/office_pages.h"
#include "pages/view_office.h"
#include "pages/view_readiness.h"
#include "store/store.h"
#include "util/timeutil.h"

static const char *const phase_choices[] = {"preparing", "open",   "review",
                                            "deciding",  "closed", NULL};

/* "override" marks the form of the page below: a blank reason there is an error at the
 * field, where the call's own button simply leads to the page. */
const struct form_key call_phase_keys[3] = {
    {"phase", FORM_CHOICE, true, 0, 0, phase_choices},
    {"reason", FORM_LONGTEXT, false, 0, CALL_REASON_MAX, NULL},
    {"override", FORM_BOOL, false, 0, 0, NULL},
};

/* The page that stands between the office and a phase the call is not ready for. error:
 * a msgid shown at the top (a refused step), or NULL. */
static void
check_page(struct request *r, struct store *s, const struct call *c, enum call_phase to,
           const char *error)
{
	const char *label = tr(r, call_phase_label(to));
	const char *crumbs[] = {"/admin/ausschreibungen", tr(r, "Calls"),
	                        office_call_href(r, c->id, ""), c->title, NULL};
	struct html *h = office_begin(
	    r, arena_printf(&r->arena, tr(r, "Move the call to the phase \"%s\"?"), label), crumbs);
	if (error) {
		layout_notice(h, "error", tr(r, error));
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Back to the call"), "href", office_call_href(r, c->id, ""),
		          NULL);
		html_close(h, "p");
		layout_end(r, h);
		return;
	}
	widget_error_summary(r, h);
	size_t n;
	struct call_finding *f = call_readiness(s, &r->arena, c, to, time_now(), &n);
	html_open(h, "section", "aria-labelledby", "missing-h", NULL);
	html_elem(h, "h2", tr(r, "What is not ready"), "id", "missing-h", NULL);
	if (!form_error_count(r))
		html_elem(h, "p",
		          arena_printf(&r->arena,
		                       tr(r, "The call is still in the phase \"%s\": nothing has "
		                             "been changed. Put these points right, or go ahead "
		                             "with a reason."),
		                       tr(r, call_phase_label(c->phase))),
		          NULL);
	readiness_list(r, h, s, c, f, n);
	html_close(h, "section");
	html_open(h, "section", "aria-labelledby", "override-h", NULL);
	html_elem(h, "h2", tr(r, "Go ahead anyway"), "id", "override-h", NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/phase"));
	html_void(h, "input", "type", "hidden", "name", "phase", "value", call_phase_name(to),
	          NULL);
	html_void(h, "input", "type", "hidden", "name", "override", "value", "1", NULL);
	widget_textarea(r, h,
	                &(struct widget){.name = "reason",
	                                 .label = tr(r, "Reason for going ahead"),
	                                 .hint = tr(r, "It goes into the audit log together "
	                                               "with the points above."),
	                                 .required = true,
	                                 .maxlength = CALL_REASON_MAX,
	                                 .rows = 4});
	widget_submit(h, arena_printf(&r->arena, tr(r, "Move to \"%s\" with this reason"), label));
	html_close(h, "form");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the call"), "href", office_call_href(r, c->id, ""), NULL);
	html_close(h, "p");
	html_close(h, "section");
	layout_end(r, h);
}

struct phase_tx {
	struct request *r;
	int64_t id;
	enum call_phase to;
	enum call_move_result rc;
};

static int
phase_body(struct store *s, void *arg)
{
	struct phase_tx *t = arg;
	t->rc = call_move_phase(s, t->r->user->id, t->id, t->to, form_value(t->r, "reason"));
	return t->rc == CALL_MOVE_OK ? STORE_OK : STORE_ERR;
}

void
page_call_phase(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	int to = call_phase_parse(form_value(r, "phase"));
	if (to < 0 || form_error(r, "reason")) {
		r->resp.status = 422;
		if (to < 0) {
			http_error(r, 422, N_("Please choose one of the options."));
			return;
		}
		check_page(r, s, &c, (enum call_phase)to, NULL);
		return;
	}
	struct phase_tx t = {r, c.id, (enum call_phase)to, CALL_MOVE_ERROR};
	if (store_tx(s, phase_body, &t) == STORE_OK) {
		http_redirect(r, office_call_href(r, c.id, ""),
		              N_("The phase of the call has been changed."));
		return;
	}
	/* Someone else may have changed the call meanwhile: show it as it is now. */
	call_find(s, &r->arena, c.id, &c);
	switch (t.rc) {
	case CALL_MOVE_STEP:
		r->resp.status = 409;
		check_page(r, s, &c, (enum call_phase)to,
		           N_("The call cannot move to that phase: phases go forward one step at "
		              "a time, and only an open call can go back to preparation."));
		return;
	case CALL_MOVE_NOT_READY:
		r->resp.status = 409;
		if (form_has(r, "override"))
			form_set_error(r, "reason",
			               N_("Please give the reason for going ahead although the "
			                  "points above are not ready."));
		check_page(r, s, &c, (enum call_phase)to, NULL);
		return;
	case CALL_MOVE_TOO_LONG:
		r->resp.status = 422;
		form_set_error(r, "reason", N_("This text is too long."));
		check_page(r, s, &c, (enum call_phase)to, NULL);
		return;
	default:
		http_fail(r);
	}
}
