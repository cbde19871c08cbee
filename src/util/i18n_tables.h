/* Private to i18n.c and its tests: the shape of the catalog tables po2c.py generates. */
#ifndef UTIL_I18N_TABLES_H
#define UTIL_I18N_TABLES_H
#include <stddef.h>

#define I18N_LANG_COUNT 2

/* One translated message. msgstr_plural is NULL for a message without plural forms. */
struct i18n_entry {
	const char *msgid;
	const char *msgstr;
	const char *msgstr_plural;
};

/* The translated messages of one language, sorted by msgid in strcmp order for bsearch. */
struct i18n_table {
	const struct i18n_entry *entries;
	size_t count;
};

/* Indexed by enum lang; defined in the generated i18n_catalog.c. */
extern const struct i18n_table i18n_tables[I18N_LANG_COUNT];

#endif
