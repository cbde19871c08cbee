/* Form widgets: labelled fields with hints and errors tied to them (aria-describedby),
 * an error summary linking to each field, and forms that always carry the CSRF token. */
#ifndef HTML_WIDGETS_H
#define HTML_WIDGETS_H
#include <stdbool.h>

#include "html/html.h"
#include "http/request.h"

struct widget {
	const char *name;         /* form key */
	const char *id;           /* the field's id; NULL: "f-" and the name */
	const char *label;        /* translated */
	const char *hint;         /* translated, or NULL */
	const char *value;        /* current value, or NULL */
	const char *type;         /* input type: "text", "email", "password", … */
	const char *autocomplete; /* or NULL */
	bool required;
	bool label_hidden; /* the label's words for screen readers only: a heading says them */
	long maxlength;    /* characters, 0: none (shown with a counter for textareas) */
	int rows;          /* textarea rows */
};

/* <form class="form" method="post" action=…> with the hidden CSRF field. */
void widget_form_begin(struct request *r, struct html *h, const char *action);
/* The same for a form that also sends files (multipart/form-data). */
void widget_form_begin_upload(struct request *r, struct html *h, const char *action);
/* "Please check your entries" with a linked list of every field error; nothing if none. */
void widget_error_summary(struct request *r, struct html *h);
/* The same with a lead paragraph (translated, or NULL) and `extra` problems beyond the
 * route's field table: keys[i] names the field (linked as #f-KEY), msgids[i] the message. */
void widget_error_summary_with(struct request *r, struct html *h, const char *lead, size_t extra,
                               const char *const *keys, const char *const *msgids);
/* A page's error shown once: inside the error summary when fields have errors too (as its
 * first line, unless a field says the same), else as an error notice. error is translated,
 * or NULL. */
void widget_errors(struct request *r, struct html *h, const char *error);
/* A field's value as typed when the form is shown again, else fallback. */
const char *widget_value(struct request *r, const char *name, const char *fallback);
void widget_input(struct request *r, struct html *h, const struct widget *w);
void widget_textarea(struct request *r, struct html *h, const struct widget *w);
/* options: value/label pairs (labels translated), ending in NULL. */
void widget_select(struct request *r, struct html *h, const struct widget *w,
                   const char *const *options);
void widget_checkbox(struct request *r, struct html *h, const char *name, const char *label,
                     bool checked);
void widget_submit(struct html *h, const char *label);
/* Opens a data table: the scrolling wrapper, <table>, the caption (none when NULL), a
 * header row of n column headings (translated), and <tbody>. widget_table_end closes them
 * again. */
void widget_table_begin(struct html *h, const char *caption, const char *const *heads, size_t n);
void widget_table_end(struct html *h);
/* A POST button in a form of its own (for actions like "deactivate"). */
void widget_button_form(struct request *r, struct html *h, const char *action, const char *label,
                        const char *cls, const char *confirm);

#endif
