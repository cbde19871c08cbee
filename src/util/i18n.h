/* Translations from gettext .po catalogs (po/de.po, po/en.po), compiled into the binary
 * at build time. Message ids are English; the interface speaks German by default. Lookup
 * is per call, so each request of a threaded server can have its own language. */
#ifndef UTIL_I18N_H
#define UTIL_I18N_H

enum lang { LANG_DE = 0, LANG_EN = 1 };
#define LANG_DEFAULT LANG_DE

/* Marks a string for extraction without translating it (translated later with i18n_get). */
#define N_(s) (s)

/* The translation of msgid in lang; msgid itself when the catalog has none. Never NULL. */
const char *i18n_get(enum lang lang, const char *msgid) __attribute__((format_arg(2)));
/* Plural form: n == 1 picks msgid, otherwise msgid_plural (both languages use n != 1). */
const char *i18n_nget(enum lang lang, const char *msgid, const char *msgid_plural, long n)
    __attribute__((format_arg(2)));
/* "de" or "en". */
const char *i18n_code(enum lang lang);
/* Parses "de", "en", "en-GB"…; returns -1 for anything else. */
int i18n_parse(const char *code);
/* The best language for an Accept-Language header (q-values honoured); LANG_DEFAULT when
 * the header is NULL, malformed, or names neither language. */
enum lang i18n_from_accept_language(const char *header);

#endif
