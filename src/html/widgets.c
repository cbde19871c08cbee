/* Form widgets. */
#include "html/widgets.h"
#include "html/layout.h"
#include "http/parse.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

void
widget_form_begin(struct request *r, struct html *h, const char *action)
{
	html_open(h, "form", "class", "form", "method", "post", "action", action, "novalidate", "",
	          NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
}

void
widget_form_begin_upload(struct request *r, struct html *h, const char *action)
{
	html_open(h, "form", "class", "form", "method", "post", "action", action, "enctype",
	          "multipart/form-data", "novalidate", "", NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
	/* The form this request was sent from, shown again (a full disk's page, a conflict,
	 * a refusal): the files kept after a full disk go with it again, so they are not lost
	 * to a second answer (http/kept_upload.h). */
	if (!r->path || strcmp(action, r->path) != 0)
		return;
	for (const struct upload *u = r->uploads; u; u = u->next) {
		if (!u->kept)
			continue;
		html_void(h, "input", "type", "hidden", "name", "_kept", "value", u->kept, NULL);
		html_elem(h, "p",
		          arena_printf(&r->arena,
		                       tr(r, "The file “%s” has arrived and is kept on the server: "
		                             "sending the form again submits it with the rest, you "
		                             "need not choose it again."),
		                       u->filename),
		          "class", "kept-file", NULL);
		r->kept_offered = true;
	}
}

static const char *
field_id(struct request *r, const char *name)
{
	return arena_printf(&r->arena, "f-%s", name);
}

void
widget_error_summary_with(struct request *r, struct html *h, const char *lead, size_t extra,
                          const char *const *keys, const char *const *msgids)
{
	if (!form_error_count(r) && !extra)
		return;
	html_open(h, "div", "class", "error-summary", "role", "alert", "tabindex", "-1", "id",
	          "error-summary", NULL);
	html_elem(h, "h2", tr(r, "Please check your entries"), NULL);
	if (lead)
		html_elem(h, "p", lead, NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < r->nfields; i++) {
		if (!r->fields[i].error)
			continue;
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, r->fields[i].error), "href",
		          arena_printf(&r->arena, "#%s", field_id(r, r->fields[i].name)), NULL);
		html_close(h, "li");
	}
	for (size_t i = 0; i < extra; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, msgids[i]), "href",
		          arena_printf(&r->arena, "#%s", field_id(r, keys[i])), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "div");
}

void
widget_error_summary(struct request *r, struct html *h)
{
	widget_error_summary_with(r, h, NULL, 0, NULL, NULL);
}

void
widget_errors(struct request *r, struct html *h, const char *error)
{
	if (!form_error_count(r)) {
		if (error)
			layout_notice(h, "error", error);
		return;
	}
	for (size_t i = 0; error && i < r->nfields; i++)
		if (r->fields[i].error && strcmp(tr(r, r->fields[i].error), error) == 0)
			error = NULL;
	widget_error_summary_with(r, h, error, 0, NULL, NULL);
}

const char *
widget_value(struct request *r, const char *name, const char *fallback)
{
	/* After a failed POST the form shows what was typed, never the stored value; other
	 * forms on the same page (keys not in this route's table) keep their stored values. */
	bool posted_here = false;
	for (size_t i = 0; i < r->nfields; i++)
		posted_here |= strcmp(r->fields[i].name, name) == 0;
	if (strcmp(r->method, "POST") == 0 && posted_here) {
		const char *typed = kv_get(&r->form, name);
		return typed ? typed : "";
	}
	return fallback ? fallback : "";
}

static const char *
describedby(struct request *r, const struct widget *w, const char *id, const char *error)
{
	struct buf b = BUF_INIT;
	if (w->hint)
		buf_printf(&b, "%s-hint", id);
	if (error)
		buf_printf(&b, "%s%s-error", b.len ? " " : "", id);
	if (w->maxlength && w->rows)
		buf_printf(&b, "%s%s-counter", b.len ? " " : "", id);
	const char *s = b.len ? arena_strdup(&r->arena, buf_str(&b)) : NULL;
	buf_free(&b);
	return s;
}

static const char *
field_error_of(struct request *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].error;
	return NULL;
}

static void
field_begin(struct request *r, struct html *h, const struct widget *w, const char *id,
            const char *error)
{
	html_open(h, "div", "class", error ? "field has-error" : "field", NULL);
	html_open(h, "label", "for", id, NULL);
	if (w->label_hidden)
		html_elem(h, "span", w->label, "class", "visually-hidden", NULL);
	else
		html_text(h, w->label);
	if (w->required) {
		html_text(h, " ");
		html_elem(h, "span", tr(r, "(required)"), "class", "req", NULL);
	}
	html_close(h, "label");
	if (w->hint)
		html_elem(h, "p", w->hint, "class", "hint", "id",
		          arena_printf(&r->arena, "%s-hint", id), NULL);
	if (error) {
		html_open(h, "p", "class", "field-error", "id",
		          arena_printf(&r->arena, "%s-error", id), NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, tr(r, error));
		html_close(h, "p");
	}
}

void
widget_input(struct request *r, struct html *h, const struct widget *w)
{
	const char *id = w->id ? w->id : field_id(r, w->name);
	const char *error = field_error_of(r, w->name);
	bool secret = w->type && strcmp(w->type, "password") == 0;
	char maxlen[24] = "";
	if (w->maxlength)
		snprintf(maxlen, sizeof maxlen, "%ld", w->maxlength);
	field_begin(r, h, w, id, error);
	html_void(h, "input", "id", id, "name", w->name, "type", w->type ? w->type : "text",
	          "value", secret ? NULL : widget_value(r, w->name, w->value), "autocomplete",
	          w->autocomplete, "required", w->required ? "" : NULL, "maxlength",
	          w->maxlength ? maxlen : NULL, "aria-describedby", describedby(r, w, id, error),
	          "aria-invalid", error ? "true" : NULL, NULL);
	html_close(h, "div");
}

void
widget_textarea(struct request *r, struct html *h, const struct widget *w)
{
	const char *id = w->id ? w->id : field_id(r, w->name);
	const char *error = field_error_of(r, w->name);
	char maxlen[24] = "", rows[12];
	snprintf(rows, sizeof rows, "%d", w->rows ? w->rows : 6);
	if (w->maxlength)
		snprintf(maxlen, sizeof maxlen, "%ld", w->maxlength);
	field_begin(r, h, w, id, error);
	const char *value = widget_value(r, w->name, w->value);
	html_open(h, "textarea", "id", id, "name", w->name, "rows", rows, "required",
	          w->required ? "" : NULL, "data-maxlength", w->maxlength ? maxlen : NULL,
	          "aria-describedby", describedby(r, w, id, error), "aria-invalid",
	          error ? "true" : NULL, NULL);
	html_text(h, value);
	html_close(h, "textarea");
	if (w->maxlength) {
		/* The counter works without JavaScript too: it states the limit. */
		html_open(h, "p", "class", "counter", "id",
		          arena_printf(&r->arena, "%s-counter", id), "data-counter-for", id, NULL);
		html_textf(h, "%zu / %ld %s", str_utf8_len(value), w->maxlength,
		           tr(r, "characters"));
		html_close(h, "p");
	}
	html_close(h, "div");
}

void
widget_select(struct request *r, struct html *h, const struct widget *w, const char *const *options)
{
	const char *id = w->id ? w->id : field_id(r, w->name);
	const char *error = field_error_of(r, w->name);
	const char *value = widget_value(r, w->name, w->value);
	field_begin(r, h, w, id, error);
	html_open(h, "select", "id", id, "name", w->name, "aria-describedby",
	          describedby(r, w, id, error), "aria-invalid", error ? "true" : NULL, NULL);
	for (size_t i = 0; options[i]; i += 2)
		html_elem(h, "option", options[i + 1], "value", options[i], "selected",
		          strcmp(options[i], value) == 0 ? "" : NULL, NULL);
	html_close(h, "select");
	html_close(h, "div");
}

void
widget_checkbox(struct request *r, struct html *h, const char *name, const char *label,
                bool checked)
{
	const char *id = field_id(r, name);
	if (strcmp(r->method, "POST") == 0)
		checked = kv_get(&r->form, name) != NULL;
	html_open(h, "div", "class", "field field-checkbox", NULL);
	html_void(h, "input", "type", "checkbox", "id", id, "name", name, "value", "1", "checked",
	          checked ? "" : NULL, NULL);
	html_elem(h, "label", label, "for", id, NULL);
	html_close(h, "div");
}

void
widget_submit(struct html *h, const char *label)
{
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", label, "type", "submit", "class", "btn btn-primary", NULL);
	html_close(h, "div");
}

void
widget_table_begin(struct html *h, const char *caption, const char *const *heads, size_t n)
{
	/* Focusable, so a table wider than a phone can be scrolled with the keyboard. */
	html_open(h, "div", "class", "table-wrap", "tabindex", "0", "role",
	          caption ? "region" : NULL, "aria-label", caption, NULL);
	html_open(h, "table", "class", "table", NULL);
	if (caption)
		html_elem(h, "caption", caption, NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	for (size_t i = 0; i < n; i++)
		html_elem(h, "th", heads[i], "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
}

void
widget_table_end(struct html *h)
{
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

void
widget_button_form(struct request *r, struct html *h, const char *action, const char *label,
                   const char *cls, const char *confirm)
{
	html_open(h, "form", "class", "inline", "method", "post", "action", action, "data-confirm",
	          confirm, NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
	html_elem(h, "button", label, "type", "submit", "class", cls ? cls : "btn btn-secondary",
	          NULL);
	html_close(h, "form");
}
