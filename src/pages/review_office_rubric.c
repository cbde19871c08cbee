/* The rubric of a call for the coordination office: criteria (labels, guidance, weights),
 * the scale's levels and the threshold; editable until the review starts, read-only after. */
#include "domain/conflict.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(RUBRIC_KEYS == 5 * REVIEW_MAX_CRITERIA + 2 * REVIEW_MAX_LEVELS + 1,
               "rubric_keys: five per criterion, two per level, the threshold");

#define CRITERION_KEYS(i)                                                                          \
	{"label_de_" #i, FORM_TEXT, false, 0, 200, NULL},                                          \
	    {"label_en_" #i, FORM_TEXT, false, 0, 200, NULL},                                      \
	    {"guidance_de_" #i, FORM_LONGTEXT, false, 0, REVIEW_TEXT_MAX, NULL},                   \
	    {"guidance_en_" #i, FORM_LONGTEXT, false, 0, REVIEW_TEXT_MAX, NULL},                   \
	{                                                                                          \
		"weight_" #i, FORM_TEXT, false, 0, 12, NULL                                        \
	}
#define LEVEL_KEYS(i)                                                                              \
	{"level_de_" #i, FORM_TEXT, false, 0, 200, NULL},                                          \
	{                                                                                          \
		"level_en_" #i, FORM_TEXT, false, 0, 200, NULL                                     \
	}

const struct form_key rubric_keys[RUBRIC_KEYS] = {
    CRITERION_KEYS(0),  CRITERION_KEYS(1),
    CRITERION_KEYS(2),  CRITERION_KEYS(3),
    CRITERION_KEYS(4),  CRITERION_KEYS(5),
    CRITERION_KEYS(6),  CRITERION_KEYS(7),
    CRITERION_KEYS(8),  CRITERION_KEYS(9),
    CRITERION_KEYS(10), CRITERION_KEYS(11),
    CRITERION_KEYS(12), CRITERION_KEYS(13),
    CRITERION_KEYS(14), CRITERION_KEYS(15),
    LEVEL_KEYS(0),      LEVEL_KEYS(1),
    LEVEL_KEYS(2),      LEVEL_KEYS(3),
    LEVEL_KEYS(4),      LEVEL_KEYS(5),
    LEVEL_KEYS(6),      LEVEL_KEYS(7),
    LEVEL_KEYS(8),      LEVEL_KEYS(9),
    LEVEL_KEYS(10),     {"threshold", FORM_TEXT, true, 0, 12, NULL},
};

/* "1.5" or "1,5" as a number; false for anything else. */
static bool
parse_decimal(const char *s, double *out)
{
	char buf[32];
	if (!s || !*s || strlen(s) >= sizeof buf)
		return false;
	strcpy(buf, s);
	for (char *c = buf; *c; c++)
		if (*c == ',')
			*c = '.';
	char *end;
	double v = strtod(buf, &end);
	if (*end || end == buf || v != v)
		return false;
	*out = v;
	return true;
}

static void
rubric_readonly(struct request *r, struct html *h, const struct criterion *crit, size_t n,
                const struct scale_level *lv, size_t nl, const struct review_settings *set)
{
	const char *heads[] = {tr(r, "Criterion"), tr(r, "Guidance"), tr(r, "Weight")};
	widget_table_begin(h, tr(r, "Criteria"), heads, 3);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th",
		          crit[i].parent_key[0]
		              ? arena_printf(&r->arena, "– %s", criterion_label(&crit[i], r->lang))
		              : criterion_label(&crit[i], r->lang),
		          "scope", "row", NULL);
		html_elem(h, "td", criterion_guidance(&crit[i], r->lang), NULL);
		html_elem(h, "td", review_number(r, crit[i].weight), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_elem(h, "h2", tr(r, "Scale"), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < nl; i++) {
		html_open(h, "li", NULL);
		html_textf(h, "%d – %s", lv[i].level, scale_level_label(&lv[i], r->lang));
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_open(h, "p", NULL);
	html_textf(h, tr(r, "A criterion is met when the mean of its ratings is at least %s."),
	           review_number(r, set->threshold));
	html_close(h, "p");
}

static const char *
key_i(struct request *r, const char *prefix, size_t i)
{
	return arena_printf(&r->arena, "%s_%zu", prefix, i);
}

/* The text field prefix_i of the rubric form: a required name (at most 200 characters)
 * or, long, an optional guidance of three rows. */
static void
rubric_text(struct request *r, struct html *h, const char *prefix, size_t i, const char *label,
            const char *value, bool long_text)
{
	struct widget w = {.name = key_i(r, prefix, i), .label = label, .value = value};
	if (long_text) {
		w.maxlength = REVIEW_TEXT_MAX;
		w.rows = 3;
		widget_textarea(r, h, &w);
	} else {
		w.required = true;
		w.maxlength = 200;
		widget_input(r, h, &w);
	}
}

static void
rubric_form(struct request *r, struct html *h, const struct call *c, const struct criterion *crit,
            size_t n, const struct scale_level *lv, size_t nl, const struct review_settings *set)
{
	widget_form_begin(r, h, office_call_href(r, c->id, "/rubrik"));
	for (size_t i = 0; i < n; i++) {
		html_open(h, "fieldset", "class", "panel", NULL);
		html_elem(h, "legend",
		          crit[i].parent_key[0]
		              ? arena_printf(&r->arena, tr(r, "Aspect \"%s\""), crit[i].key)
		              : arena_printf(&r->arena, tr(r, "Criterion \"%s\""), crit[i].key),
		          NULL);
		rubric_text(r, h, "label_de", i, tr(r, "Name (German)"), crit[i].label_de, false);
		rubric_text(r, h, "label_en", i, tr(r, "Name (English)"), crit[i].label_en, false);
		rubric_text(r, h, "guidance_de", i, tr(r, "Guidance (German)"), crit[i].guidance_de,
		            true);
		rubric_text(r, h, "guidance_en", i, tr(r, "Guidance (English)"),
		            crit[i].guidance_en, true);
		widget_input(r, h,
		             &(struct widget){.name = key_i(r, "weight", i),
		                              .label = tr(r, "Weight"),
		                              .hint = crit[i].parent_key[0]
		                                          ? tr(r, "Within its criterion.")
		                                          : tr(r, "In the weighted total."),
		                              .value = review_number(r, crit[i].weight),
		                              .required = true,
		                              .maxlength = 12});
		html_close(h, "fieldset");
	}
	html_open(h, "fieldset", "class", "panel", NULL);
	html_elem(h, "legend", tr(r, "Scale"), NULL);
	for (size_t i = 0; i < nl; i++) {
		rubric_text(r, h, "level_de", i,
		            arena_printf(&r->arena, tr(r, "Level %d (German)"), lv[i].level),
		            lv[i].label_de, false);
		rubric_text(r, h, "level_en", i,
		            arena_printf(&r->arena, tr(r, "Level %d (English)"), lv[i].level),
		            lv[i].label_en, false);
	}
	widget_input(
	    r, h,
	    &(struct widget){.name = "threshold",
	                     .label = tr(r, "Threshold"),
	                     .hint = tr(r, "A criterion is met when the mean of its ratings "
	                                   "is at least this."),
	                     .value = review_number(r, set->threshold),
	                     .required = true,
	                     .maxlength = 12});
	html_close(h, "fieldset");
	widget_submit(h, tr(r, "Save the rubric"));
	html_close(h, "form");
}

static void
rubric_page(struct request *r, struct store *s, const struct call *c)
{
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, &r->arena, c->id, crit, REVIEW_MAX_CRITERIA);
	struct scale_level lv[REVIEW_MAX_LEVELS];
	size_t nl = review_scale(s, &r->arena, c->id, lv, REVIEW_MAX_LEVELS);
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	struct html *h = review_begin(r, c, tr(r, "Rubric"));
	if (review_rubric_frozen(c)) {
		layout_notice(h, "warning", tr(r, review_result_message(REVIEW_FROZEN)));
		rubric_readonly(r, h, crit, n, lv, nl, &set);
	} else {
		html_elem(h, "p",
		          tr(r, "The rubric can be changed until the review starts; from then on "
		                "it is frozen for this call."),
		          NULL);
		widget_error_summary(r, h);
		rubric_form(r, h, c, crit, n, lv, nl, &set);
	}
	layout_end(r, h);
}

void
page_review_rubric(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		rubric_page(r, s, &c);
}

/* The form field of a rubric problem. */
static const char *
rubric_field(struct request *r, const struct review_problem *pr, const struct criterion *crit,
             size_t n, const struct scale_level *lv, size_t nl)
{
	if (pr->criterion_id) {
		for (size_t i = 0; i < n; i++)
			if (crit[i].id == pr->criterion_id)
				return key_i(r, pr->field, i);
	} else if (pr->level >= 0) {
		for (size_t i = 0; i < nl; i++)
			if (lv[i].level == pr->level)
				return key_i(
				    r, strcmp(pr->field, "label_en") == 0 ? "level_en" : "level_de",
				    i);
	}
	return "threshold";
}

struct rubric_tx {
	int64_t actor, call_id;
	const struct criterion *crit;
	size_t n;
	const struct scale_level *lv;
	size_t nl;
	double threshold;
	struct review_problem pr[64]; /* out */
	size_t npr;                   /* out */
};

static int
rubric_body(struct store *s, void *arg)
{
	struct rubric_tx *t = arg;
	t->npr = 0;
	return review_rubric_update(s, t->actor, t->call_id, t->crit, t->n, t->lv, t->nl,
	                            t->threshold, t->pr, 64, &t->npr);
}

void
page_review_rubric_update(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	if (review_rubric_frozen(&c)) {
		http_error(r, 409, review_result_message(REVIEW_FROZEN));
		return;
	}
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, &r->arena, c.id, crit, REVIEW_MAX_CRITERIA);
	struct scale_level lv[REVIEW_MAX_LEVELS];
	size_t nl = review_scale(s, &r->arena, c.id, lv, REVIEW_MAX_LEVELS);
	for (size_t i = 0; i < n; i++) {
		crit[i].label_de = form_value(r, key_i(r, "label_de", i));
		crit[i].label_en = form_value(r, key_i(r, "label_en", i));
		crit[i].guidance_de = form_value(r, key_i(r, "guidance_de", i));
		crit[i].guidance_en = form_value(r, key_i(r, "guidance_en", i));
		const char *wk = key_i(r, "weight", i);
		if (!parse_decimal(form_value(r, wk), &crit[i].weight) && !form_error(r, wk))
			form_set_error(r, wk, N_("Please enter a number such as 1 or 1.5."));
	}
	for (size_t i = 0; i < nl; i++) {
		lv[i].label_de = form_value(r, key_i(r, "level_de", i));
		lv[i].label_en = form_value(r, key_i(r, "level_en", i));
	}
	double threshold = 0;
	if (!parse_decimal(form_value(r, "threshold"), &threshold) && !form_error(r, "threshold"))
		form_set_error(r, "threshold", N_("Please enter a number such as 1 or 1.5."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		rubric_page(r, s, &c);
		return;
	}
	struct rubric_tx t = {.actor = r->user->id,
	                      .call_id = c.id,
	                      .crit = crit,
	                      .n = n,
	                      .lv = lv,
	                      .nl = nl,
	                      .threshold = threshold};
	int rc = store_tx(s, rubric_body, &t);
	const struct review_problem *pr = t.pr;
	size_t npr = t.npr;
	if (!review_change_answer(r, rc, office_call_href(r, c.id, "/rubrik"),
	                          N_("The rubric has been saved.")))
		return;
	if (rc == REVIEW_INVALID) {
		for (size_t i = 0; i < npr && i < 64; i++)
			form_set_error(r, rubric_field(r, &pr[i], crit, n, lv, nl), pr[i].msgid);
		r->resp.status = 422;
		rubric_page(r, s, &c);
	} else if (rc == REVIEW_FROZEN) {
		http_error(r, 409, review_result_message(rc));
	} else {
		http_fail(r);
	}
}
