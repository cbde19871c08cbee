/* Typed form input (kcgi's kvalid_* idea): each route declares its keys with a validator;
 * the dispatcher validates before the handler runs, and invalid values are kept with a
 * message so the form can be shown again with everything the person typed. */
#ifndef HTTP_FORM_H
#define HTTP_FORM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

enum form_type {
	FORM_TEXT,     /* one line of text; max = characters */
	FORM_LONGTEXT, /* several lines (Markdown); max = characters */
	FORM_EMAIL,    /* an e-mail address */
	FORM_PASSWORD, /* a new password: at least 10 characters, max 200 */
	FORM_SECRET,   /* a password to check: any text up to 200 characters */
	FORM_INT,      /* a whole number in [min, max] */
	FORM_BOOL,     /* a checkbox: present or not */
	FORM_DATETIME, /* "YYYY-MM-DDTHH:MM" in Europe/Berlin, num = UTC seconds */
	FORM_CHOICE,   /* one of choices[] */
};

struct form_key {
	const char *name;
	enum form_type type;
	bool required;
	int64_t min, max;           /* FORM_INT bounds; max characters for text */
	const char *const *choices; /* FORM_CHOICE: NULL-terminated list */
};

/* Validates the request's form fields against keys (n of them) into r->fields. */
void form_validate(struct request *r, const struct form_key *keys, size_t n);

#endif
