/* The decision letters' templates of a call: per language and outcome the text in force
 * (the call's own or the default), editable, with the placeholders explained. */
#include "domain/decision.h"
#include "domain/letter.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/decision_pages.h"
#include "pages/view_office.h"
#include "pages/view_decision.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const char *const lang_choices[] = {"de", "en", NULL};
static const char *const outcome_choices[] = {"selected", "not_selected", "deferred", NULL};
static const char *const action_choices[] = {"save", "reset", NULL};

const struct form_key letter_template_keys[5] = {
    {"lang", FORM_CHOICE, true, 0, 0, lang_choices},
    {"outcome", FORM_CHOICE, true, 0, 0, outcome_choices},
    {"subject", FORM_TEXT, false, 0, LETTER_SUBJECT_MAX, NULL},
    {"body", FORM_LONGTEXT, false, 0, LETTER_BODY_MAX, NULL},
    {"action", FORM_CHOICE, false, 0, 0, action_choices},
};

/* Placeholders with what they stand for (msgids), in the order of letter_placeholders. */
static const char *const placeholder_help[] = {
    N_("the proposal's title"),
    N_("the sub-project"),
    N_("the call"),
    N_("the outcome (selected, not selected, deferred)"),
    N_("the justification per criterion, each under the criterion's name"),
    N_("a deferral's conditions"),
    N_("the call in which a deferred proposal is decided again"),
    N_("the day of the meeting"),
};

/* The templates of a call, or with call_id 0 the defaults every call starts from. */
static const char *
templates_base(struct request *r, int64_t call_id)
{
	return call_id ? office_call_href(r, call_id, "/briefvorlagen") : "/admin/briefvorlagen";
}

static const char *
templates_href(struct request *r, int64_t call_id, enum lang l, enum proposal_state o)
{
	return arena_printf(&r->arena, "%s?vorlage=%s-%s", templates_base(r, call_id),
	                    l == LANG_EN ? "en" : "de", proposal_state_name(o));
}

/* "de-selected" → language and outcome; false for anything else. */
static bool
parse_choice(const char *v, enum lang *l, enum proposal_state *o)
{
	if (!v || strlen(v) < 4 || v[2] != '-')
		return false;
	int lang = strncmp(v, "de", 2) == 0 ? LANG_DE : strncmp(v, "en", 2) == 0 ? LANG_EN : -1;
	int out = proposal_state_parse(v + 3);
	if (lang < 0 || out < 0 || !decision_outcome_valid((enum proposal_state)out))
		return false;
	*l = (enum lang)lang;
	*o = (enum proposal_state)out;
	return true;
}

static const enum proposal_state outcomes[] = {PS_SELECTED, PS_NOT_SELECTED, PS_DEFERRED};

static void
list_table(struct request *r, struct html *h, struct store *s, const struct call *c,
           enum lang cur_l, enum proposal_state cur_o)
{
	const char *heads[] = {tr(r, "Language"), tr(r, "Outcome"), tr(r, "Text"),
	                       tr(r, "Subject")};
	widget_table_begin(h, tr(r, "Templates"), heads, 4);
	for (int l = LANG_DE; l <= LANG_EN; l++)
		for (size_t k = 0; k < 3; k++) {
			struct letter_template t;
			if (!letter_template_get(s, &r->arena, c->id, (enum lang)l, outcomes[k],
			                         &t))
				continue;
			bool current = l == (int)cur_l && outcomes[k] == cur_o;
			html_open(h, "tr", NULL);
			html_elem(h, "td", l == LANG_EN ? tr(r, "English") : tr(r, "German"), NULL);
			html_open(h, "th", "scope", "row", NULL);
			html_elem(h, "a", tr(r, proposal_state_label(outcomes[k])), "href",
			          templates_href(r, c->id, (enum lang)l, outcomes[k]),
			          "aria-current", current ? "true" : NULL, NULL);
			html_close(h, "th");
			html_elem(h, "td",
			          c->id && t.own ? tr(r, "own for this call") : tr(r, "default"),
			          NULL);
			html_elem(h, "td", t.subject, NULL);
			html_close(h, "tr");
		}
	widget_table_end(h);
}

static void
help_list(struct request *r, struct html *h)
{
	html_elem(h, "h3", tr(r, "Placeholders"), NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	for (size_t i = 0; letter_placeholders[i]; i++) {
		html_open(h, "dt", NULL);
		html_open(h, "code", NULL);
		html_textf(h, "{%s}", letter_placeholders[i]);
		html_close(h, "code");
		html_close(h, "dt");
		html_elem(h, "dd", tr(r, placeholder_help[i]), NULL);
	}
	html_close(h, "dl");
}

static void
templates_page(struct request *r, struct store *s, const struct call *c, enum lang l,
               enum proposal_state o)
{
	struct letter_template t;
	bool have = letter_template_get(s, &r->arena, c->id, l, o, &t);
	const char *call_crumbs[] = {"/admin/ausschreibungen",
	                             tr(r, "Calls"),
	                             office_call_href(r, c->id, ""),
	                             c->title,
	                             office_call_href(r, c->id, "/sitzung"),
	                             tr(r, "Meeting mode"),
	                             NULL};
	const char *default_crumbs[] = {"/admin/ausschreibungen", tr(r, "Calls"), NULL};
	struct html *h =
	    office_begin(r, c->id ? tr(r, "Letter templates") : tr(r, "Default letter templates"),
	                 c->id ? call_crumbs : default_crumbs);
	widget_error_summary(r, h);
	html_elem(h, "p",
	          tr(r,
	             "The decision letter is made from the template of its language and outcome. "
	             "A call may have its own text; otherwise the default applies. The letter "
	             "never names the raters: the feedback is the justification per criterion "
	             "as recorded with the decision."),
	          NULL);
	list_table(r, h, s, c, l, o);
	html_open(h, "section", "class", "panel", "aria-labelledby", "edit-h", NULL);
	html_elem(h, "h2",
	          arena_printf(&r->arena, "%s – %s", tr(r, proposal_state_label(o)),
	                       l == LANG_EN ? tr(r, "English") : tr(r, "German")),
	          "id", "edit-h", NULL);
	if (c->id) {
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Edit the default templates of every call"), "href",
		          templates_base(r, 0), NULL);
		html_close(h, "p");
	}
	widget_form_begin(r, h, templates_base(r, c->id));
	html_void(h, "input", "type", "hidden", "name", "lang", "value", l == LANG_EN ? "en" : "de",
	          NULL);
	html_void(h, "input", "type", "hidden", "name", "outcome", "value", proposal_state_name(o),
	          NULL);
	widget_input(r, h,
	             &(struct widget){.name = "subject",
	                              .label = tr(r, "Subject"),
	                              .value = have ? t.subject : "",
	                              .required = true,
	                              .maxlength = LETTER_SUBJECT_MAX});
	widget_textarea(r, h,
	                &(struct widget){.name = "body",
	                                 .label = tr(r, "Text"),
	                                 .value = have ? t.body : "",
	                                 .required = true,
	                                 .maxlength = LETTER_BODY_MAX,
	                                 .rows = 16});
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", c->id ? tr(r, "Save for this call") : tr(r, "Save the default"),
	          "type", "submit", "name", "action", "value", "save", "class", "btn btn-primary",
	          NULL);
	if (c->id && have && t.own)
		html_elem(h, "button", tr(r, "Back to the default"), "type", "submit", "name",
		          "action", "value", "reset", "class", "btn btn-secondary", NULL);
	html_close(h, "div");
	html_close(h, "form");
	help_list(r, h);
	html_close(h, "section");
	layout_end(r, h);
}

static void
templates_show(struct request *r, struct store *s, const struct call *c)
{
	enum lang l = LANG_DE;
	enum proposal_state o = PS_SELECTED;
	parse_choice(http_query(r, "vorlage"), &l, &o);
	templates_page(r, s, c, l, o);
}

void
page_letter_templates(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		templates_show(r, s, &c);
}

/* The defaults behave as the templates of a call numbered 0 (letter.h). */
static const struct call *
defaults_call(struct request *r)
{
	struct call *c = arena_calloc(&r->arena, sizeof *c);
	c->title = tr(r, "Default letter templates");
	return c;
}

void
page_letter_defaults(struct request *r)
{
	templates_show(r, r->store, defaults_call(r));
}

struct template_tx {
	struct request *r;
	int64_t call_id;
	enum lang lang;
	enum proposal_state outcome;
	bool reset;
	const char *field, *problem; /* out: what letter_template_save refused */
};

static int
template_body(struct store *s, void *arg)
{
	struct template_tx *t = arg;
	int64_t actor = t->r->user->id;
	t->field = t->problem = NULL;
	if (t->reset)
		return letter_template_reset(s, actor, t->call_id, t->lang, t->outcome);
	return letter_template_save(s, actor, t->call_id, t->lang, t->outcome,
	                            form_value(t->r, "subject"), form_value(t->r, "body"),
	                            &t->field, &t->problem);
}

static void
templates_save(struct request *r, struct store *s, const struct call *cp)
{
	const struct call c = *cp;
	enum lang l = strcmp(form_value(r, "lang"), "en") == 0 ? LANG_EN : LANG_DE;
	int o = proposal_state_parse(form_value(r, "outcome"));
	if (o < 0 || !decision_outcome_valid((enum proposal_state)o)) {
		http_error(r, 422, N_("Please choose one of the options."));
		return;
	}
	if (form_error_count(r)) {
		r->resp.status = 422;
		templates_page(r, s, &c, l, (enum proposal_state)o);
		return;
	}
	bool reset = strcmp(form_value(r, "action"), "reset") == 0;
	struct template_tx t = {r, c.id, l, (enum proposal_state)o, reset, NULL, NULL};
	int rc = store_tx(s, template_body, &t);
	if (rc != DECISION_OK) {
		if (rc < 0)
			goto fail;
		form_set_error(r, t.field ? t.field : "subject",
		               t.problem ? t.problem : decision_result_message(rc));
		r->resp.status = 422;
		templates_page(r, s, &c, l, (enum proposal_state)o);
		return;
	}
	http_redirect(r, templates_href(r, c.id, l, (enum proposal_state)o),
	              reset ? N_("The default text applies again.")
	                    : N_("The template has been saved."));
	return;
fail:
	http_fail(r);
}

void
page_letter_template_save(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		templates_save(r, s, &c);
}

void
page_letter_default_save(struct request *r)
{
	templates_save(r, r->store, defaults_call(r));
}
