/* /dcat.ttl: the installation's open data described in DCAT-AP.de (Turtle), as the German
 * open-data portals (GovData and the Länder's portals) harvest it: a catalog with two
 * datasets, the good practices (the JSON API, CSV, XLSX, Atom and RSS) and the approved
 * transfer reports (the JSON list and its Atom feed), each distribution with its address,
 * format, media type and licence. Titles and descriptions in German and English. */
#include "pages/open_data.h"
#include "domain/practice.h"
#include "export/turtle.h"
#include "pages/view_selection.h"
#include "util/buf.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

#define DCAT_TYPE "text/turtle; charset=utf-8"
#define XSD_DATETIME "http://www.w3.org/2001/XMLSchema#dateTime"
#define EU_FILETYPE "http://publications.europa.eu/resource/authority/file-type/"
#define IANA "https://www.iana.org/assignments/media-types/"
/* DCAT-AP.de asks for a licence from its list; the operator may name another with
 * LEUCHTTURM_DCAT_LICENSE (an IRI of http://dcat-ap.de/def/licenses/). */
#define DEFAULT_LICENSE "http://dcat-ap.de/def/licenses/dl-by-de/2.0"

struct ttl {
	struct request *r;
	struct buf b;
	const char *self; /* the absolute address of /dcat.ttl, base of the nodes' IRIs */
	/* Who publishes the data, as the portals show it (publisher_settings). */
	const char *publisher, *publisher_url, *contact_email, *contributor_id;
};

static void
iri(struct ttl *t, const char *path)
{
	turtle_iri(&t->b, http_absolute_url(t->r, path));
}

static void
node(struct ttl *t, const char *fragment)
{
	turtle_iri(&t->b, arena_printf(&t->r->arena, "%s#%s", t->self, fragment));
}

/* "predicate "de"@de, "en"@en" for a msgid in both languages. */
static void
text_both(struct ttl *t, const char *predicate, const char *msgid)
{
	buf_printf(&t->b, "    %s ", predicate);
	turtle_literal(&t->b, i18n_get(LANG_DE, msgid), "de");
	buf_puts(&t->b, ", ");
	turtle_literal(&t->b, i18n_get(LANG_EN, msgid), "en");
	buf_puts(&t->b, " ;\n");
}

static void
link_to(struct ttl *t, const char *predicate, const char *path)
{
	buf_printf(&t->b, "    %s ", predicate);
	iri(t, path);
	buf_puts(&t->b, " ;\n");
}

static const char *
license(void)
{
	const char *l = getenv("LEUCHTTURM_DCAT_LICENSE");
	return l && strncmp(l, "http", 4) == 0 ? l : DEFAULT_LICENSE;
}

/* An environment variable's value when it is an http(s) IRI without white space, else NULL. */
static const char *
env_iri(const char *name)
{
	const char *v = getenv(name);
	if (!v || (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0))
		return NULL;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= ' ')
			return NULL;
	return v;
}

/* An environment variable's value as a short line of text (no control characters, at most
 * 200 bytes), else NULL. */
static const char *
env_text(const char *name)
{
	const char *v = getenv(name);
	if (!v || !*v || strlen(v) > 200)
		return NULL;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < ' ')
			return NULL;
	return v;
}

/* The operator's settings for the publisher (documented in README, "Transfer"):
 *   LEUCHTTURM_DCAT_PUBLISHER       its name; default "Koordinierungsstelle (HOST)", HOST
 *                                   the public address's host, so that a portal never
 *                                   shows the software's name as the publisher
 *   LEUCHTTURM_DCAT_PUBLISHER_URL   its web page; default the Impressum
 *   LEUCHTTURM_DCAT_CONTACT_EMAIL   an address for questions about the data; default none
 *                                   (the contact point is the Impressum)
 *   LEUCHTTURM_DCAT_CONTRIBUTOR_ID  dcatde:contributorID, the IRI GovData assigns a data
 *                                   provider (http://dcat-ap.de/def/contributors/…);
 *                                   default none, as only GovData can give it
 * A value that is not of its kind counts as unset. */
const char *
open_data_publisher(struct request *r)
{
	const char *name = env_text("LEUCHTTURM_DCAT_PUBLISHER");
	if (name)
		return name;
	const char *home = http_absolute_url(r, "/");
	const char *host = strstr(home, "://");
	host = host ? host + 3 : home;
	size_t n = strcspn(host, "/");
	return arena_printf(&r->arena, "%s (%.*s)", i18n_get(LANG_DE, N_("Coordination office")),
	                    (int)n, host);
}

static void
publisher_settings(struct ttl *t)
{
	t->publisher = open_data_publisher(t->r);
	t->publisher_url = env_iri("LEUCHTTURM_DCAT_PUBLISHER_URL");
	if (!t->publisher_url)
		t->publisher_url = http_absolute_url(t->r, "/impressum");
	const char *mail = env_text("LEUCHTTURM_DCAT_CONTACT_EMAIL");
	t->contact_email = mail && strchr(mail, '@') && !strpbrk(mail, " <>\"\\") ? mail : NULL;
	t->contributor_id = env_iri("LEUCHTTURM_DCAT_CONTRIBUTOR_ID");
}

struct distribution {
	const char *id, *title, *path, *format, *media_type;
	bool download; /* a whole file (CSV, XLSX) rather than an access service */
};

static void
distribution(struct ttl *t, const struct distribution *d)
{
	node(t, d->id);
	buf_puts(&t->b, " a dcat:Distribution ;\n");
	text_both(t, "dct:title", d->title);
	link_to(t, "dcat:accessURL", d->path);
	if (d->download)
		link_to(t, "dcat:downloadURL", d->path);
	buf_puts(&t->b, "    dct:format ");
	turtle_iri(&t->b, arena_printf(&t->r->arena, EU_FILETYPE "%s", d->format));
	buf_puts(&t->b, " ;\n    dcat:mediaType ");
	turtle_iri(&t->b, arena_printf(&t->r->arena, IANA "%s", d->media_type));
	buf_puts(&t->b, " ;\n    dct:license ");
	turtle_iri(&t->b, license());
	buf_puts(&t->b, " ;\n    dcatde:licenseAttributionByText ");
	turtle_literal(&t->b, t->publisher, NULL);
	buf_puts(&t->b, " .\n\n");
}

static void
common(struct ttl *t, const char *modified)
{
	buf_puts(&t->b, "    dct:publisher ");
	node(t, "publisher");
	buf_puts(&t->b, " ;\n    dcat:contactPoint ");
	node(t, "contact");
	if (t->contributor_id) {
		buf_puts(&t->b, " ;\n    dcatde:contributorID ");
		turtle_iri(&t->b, t->contributor_id);
	}
	buf_puts(&t->b, " ;\n    dcat:theme <http://publications.europa.eu/resource/authority/"
	                "data-theme/SOCI>, <http://publications.europa.eu/resource/authority/"
	                "data-theme/EDUC> ;\n");
	buf_puts(&t->b, "    dct:language "
	                "<http://publications.europa.eu/resource/authority/language/DEU> ;\n");
	buf_puts(&t->b,
	         "    dct:accessRights "
	         "<http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;\n");
	buf_puts(&t->b, "    dct:modified ");
	turtle_typed(&t->b, modified, XSD_DATETIME);
	buf_puts(&t->b, " ;\n");
}

static void
dataset(struct ttl *t, const char *id, const char *title, const char *description,
        const char *landing, const char *modified, const char *const *keywords,
        const struct distribution *d, size_t n)
{
	node(t, id);
	buf_puts(&t->b, " a dcat:Dataset ;\n    dct:identifier ");
	turtle_literal(&t->b, arena_printf(&t->r->arena, "%s#%s", t->self, id), NULL);
	buf_puts(&t->b, " ;\n");
	text_both(t, "dct:title", title);
	text_both(t, "dct:description", description);
	for (size_t i = 0; keywords[i]; i++)
		text_both(t, "dcat:keyword", keywords[i]);
	common(t, modified);
	link_to(t, "dcat:landingPage", landing);
	buf_puts(&t->b, "    dcat:distribution ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(&t->b, ", ");
		node(t, d[i].id);
	}
	buf_puts(&t->b, " .\n\n");
	for (size_t i = 0; i < n; i++)
		distribution(t, &d[i]);
}

static const struct distribution practices[] = {
    {"practices-json", N_("Good practices (JSON API)"), "/api/v1/practices", "JSON",
     "application/json", false},
    {"practices-csv", N_("Good practices (CSV)"), "/export/practices.csv", "CSV", "text/csv", true},
    {"practices-xlsx", N_("Good practices (XLSX)"), "/export/practices.xlsx", "XLSX",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true},
    {"practices-atom", N_("Good practices (Atom)"), "/feed.atom", "ATOM", "application/atom+xml",
     false},
    {"practices-rss", N_("Good practices (RSS)"), "/feed.rss", "RSS", "application/rss+xml", false},
};

static const struct distribution transfers[] = {
    {"transfers-json", N_("Adoptions (JSON API)"), "/api/v1/transfers", "JSON", "application/json",
     false},
    {"transfers-atom", N_("Adoptions (Atom)"), "/transfer.atom", "ATOM", "application/atom+xml",
     false},
};

void
page_dcat(struct request *r)
{
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	if (selection_fresh(r, "dcat")) {
		http_send(r, 200, DCAT_TYPE, "", 0);
		return;
	}
	int64_t generation = 0, last_change = 0;
	practice_catalog_state(r->store, &generation, &last_change);
	char modified[40];
	time_format_rfc3339(modified, sizeof modified, last_change ? last_change : time_now());
	struct ttl t = {r, BUF_INIT, http_absolute_url(r, "/dcat.ttl"), NULL, NULL, NULL, NULL};
	publisher_settings(&t);
	buf_puts(&t.b, "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
	               "@prefix dct: <http://purl.org/dc/terms/> .\n"
	               "@prefix dcatde: <http://dcat-ap.de/def/dcatde/> .\n"
	               "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
	               "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .\n\n");
	node(&t, "catalog");
	buf_puts(&t.b, " a dcat:Catalog ;\n");
	text_both(&t, "dct:title", N_("Good practices for transfer (Leuchtturm)"));
	text_both(&t, "dct:description",
	          N_("The published good practices of the programme and where they have been "
	             "adopted, as open data."));
	link_to(&t, "foaf:homepage", "/");
	common(&t, modified);
	buf_puts(&t.b, "    dcat:dataset ");
	node(&t, "practices");
	buf_puts(&t.b, ", ");
	node(&t, "transfers");
	buf_puts(&t.b, " .\n\n");

	node(&t, "publisher");
	buf_puts(&t.b, " a foaf:Agent ;\n    foaf:name ");
	turtle_literal(&t.b, t.publisher, NULL);
	buf_puts(&t.b, " ;\n    foaf:homepage ");
	turtle_iri(&t.b, t.publisher_url);
	buf_puts(&t.b, " .\n\n");
	node(&t, "contact");
	buf_puts(&t.b, " a vcard:Organization ;\n    vcard:fn ");
	turtle_literal(&t.b, t.publisher, NULL);
	if (t.contact_email) {
		buf_puts(&t.b, " ;\n    vcard:hasEmail ");
		turtle_iri(&t.b, arena_printf(&r->arena, "mailto:%s", t.contact_email));
	}
	buf_puts(&t.b, " ;\n");
	link_to(&t, "vcard:hasURL", "/impressum");
	t.b.len -= 2; /* the last " ;\n" becomes " .\n" */
	buf_puts(&t.b, ".\n\n");

	static const char *const practice_words[] = {N_("good practice"), N_("integration"),
	                                             N_("transfer"), NULL};
	static const char *const transfer_words[] = {N_("transfer"), N_("adoption"), NULL};
	dataset(&t, "practices", N_("Good practices"),
	        N_("Tested approaches for the integration of immigrants into work, ready for "
	           "transfer: title, summary, kind, fields of action, target groups, addressees, "
	           "federal states, contact and texts of every published practice."),
	        "/praxis", modified, practice_words, practices,
	        sizeof practices / sizeof practices[0]);
	dataset(&t, "transfers", N_("Adoptions of the good practices"),
	        N_("Where the good practices have been taken up, as the coordination office "
	           "approved it: the kind of institution, its federal state, the stage, the "
	           "approved text and the month. The reporters' names and e-mail addresses are "
	           "never part of it."),
	        "/transfer", modified, transfer_words, transfers,
	        sizeof transfers / sizeof transfers[0]);
	http_send_buf(r, 200, DCAT_TYPE, &t.b);
	buf_free(&t.b);
}
