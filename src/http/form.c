/* Form validation against a route's key table. */
#include "http/form.h"
#include "http/parse.h"
#include "util/i18n.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *
check_text(struct field *f, const struct form_key *k)
{
	if (k->type == FORM_TEXT && strpbrk(f->value, "\r\n\t"))
		return N_("Please enter a single line.");
	if (k->max && (int64_t)str_utf8_len(f->value) > k->max)
		return N_("The text is too long.");
	return NULL;
}

static const char *
check_int(struct field *f, const struct form_key *k)
{
	char *end;
	errno = 0;
	long long v = strtoll(f->value, &end, 10);
	if (errno || *end || end == f->value)
		return N_("Please enter a whole number.");
	if (v < k->min || v > k->max)
		return N_("The number is out of range.");
	f->num = v;
	return NULL;
}

static const char *
check_value(struct field *f, const struct form_key *k)
{
	switch (k->type) {
	case FORM_TEXT:
	case FORM_LONGTEXT:
		return check_text(f, k);
	case FORM_EMAIL:
		return str_is_email(f->value) ? NULL : N_("Please enter a valid e-mail address.");
	case FORM_PASSWORD:
		if (str_utf8_len(f->value) < 10)
			return N_("The password must have at least 10 characters.");
		return str_utf8_len(f->value) > 200 ? N_("The password is too long.") : NULL;
	case FORM_SECRET:
		return str_utf8_len(f->value) > 200 ? N_("The password is too long.") : NULL;
	case FORM_INT:
		return check_int(f, k);
	case FORM_BOOL:
		f->num = 1;
		return NULL;
	case FORM_DATETIME:
		return time_parse_berlin(f->value, &f->num)
		           ? NULL
		           : N_("Please enter a date and time such as 2026-03-31 14:00.");
	case FORM_CHOICE:
		for (const char *const *c = k->choices; c && *c; c++)
			if (strcmp(*c, f->value) == 0)
				return NULL;
		return N_("Please choose one of the options.");
	}
	return NULL;
}

void
form_validate(struct request *r, const struct form_key *keys, size_t n)
{
	r->fields = arena_calloc(&r->arena, (n ? n : 1) * sizeof *r->fields);
	r->nfields = n;
	for (size_t i = 0; i < n; i++) {
		struct field *f = &r->fields[i];
		const struct form_key *k = &keys[i];
		const char *raw = kv_get(&r->form, k->name);
		f->name = k->name;
		/* Passwords are taken as typed; everything else loses stray outer spaces. */
		bool secret = k->type == FORM_PASSWORD || k->type == FORM_SECRET;
		char *v = arena_strdup(&r->arena, raw ? raw : "");
		f->value = secret ? v : str_trim(v);
		f->present = f->value[0] != '\0';
		if (!f->present) {
			if (k->required && k->type != FORM_BOOL)
				f->error = N_("This field is required.");
			continue;
		}
		f->error = check_value(f, k);
	}
}
