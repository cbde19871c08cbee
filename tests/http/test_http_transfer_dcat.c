/* HTTP integration tests of /dcat.ttl: the open data in DCAT-AP.de, read by a real RDF reader
 * (python3-rdflib): one catalog, the practices and the adoptions as datasets, every
 * distribution with its address (each answering), format, media type and licence; the
 * publisher, contact point and GovData contributor ID from the operator's settings
 * (LEUCHTTURM_DCAT_*), with defaults that never name the software as the publisher; the
 * reporters' contact never in it; revalidated by its ETag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "transfer_fixture.h"

/* Reads the Turtle file argv[1] with rdflib and prints what the test compares: the number
 * of catalogs and datasets, then per distribution (sorted) its path, format and whether it
 * has a licence, then "ok" when every required property is there. */
static const char *const check_py =
    "import sys, rdflib\n"
    "from urllib.parse import urlparse\n"
    "from rdflib.namespace import DCAT, DCTERMS, RDF\n"
    "g = rdflib.Graph()\n"
    "g.parse(sys.argv[1], format='turtle')\n"
    "cats = list(g.subjects(RDF.type, DCAT.Catalog))\n"
    "sets = list(g.subjects(RDF.type, DCAT.Dataset))\n"
    "print('catalogs', len(cats), 'datasets', len(sets))\n"
    "ok = len(cats) == 1 and set(g.objects(cats[0], DCAT.dataset)) == set(sets)\n"
    "for s in sets:\n"
    "    langs = {o.language for o in g.objects(s, DCTERMS.title)}\n"
    "    ok = ok and langs == {'de', 'en'} and g.value(s, DCTERMS.description) is not None\n"
    "    ok = ok and g.value(s, DCTERMS.publisher) is not None\n"
    "    ok = ok and g.value(s, DCAT.contactPoint) is not None\n"
    "    ok = ok and g.value(s, DCAT.distribution) is not None\n"
    "rows = []\n"
    "for d in g.subjects(RDF.type, DCAT.Distribution):\n"
    "    url = g.value(d, DCAT.accessURL)\n"
    "    fmt = str(g.value(d, DCTERMS['format'])).rsplit('/', 1)[-1]\n"
    "    lic = 'licence' if g.value(d, DCTERMS.license) is not None else 'none'\n"
    "    ok = ok and g.value(d, DCAT.mediaType) is not None\n"
    "    rows.append('%s %s %s' % (urlparse(str(url)).path, fmt, lic))\n"
    "for row in sorted(rows):\n"
    "    print(row)\n"
    "print('ok' if ok else 'incomplete')\n";

/* Prints who publishes the data (read with rdflib from argv[1]): the catalog's publisher's
 * name and homepage, the contact point's name, e-mail and address, each dataset's and the
 * catalog's contributor ID ("-" when none), and the licence attribution. */
static const char *const publisher_py =
    "import sys, rdflib\n"
    "from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF\n"
    "VCARD = rdflib.Namespace('http://www.w3.org/2006/vcard/ns#')\n"
    "DCATDE = rdflib.Namespace('http://dcat-ap.de/def/dcatde/')\n"
    "g = rdflib.Graph()\n"
    "g.parse(sys.argv[1], format='turtle')\n"
    "cat = next(g.subjects(RDF.type, DCAT.Catalog))\n"
    "pub = g.value(cat, DCTERMS.publisher)\n"
    "print('publisher', g.value(pub, FOAF.name), g.value(pub, FOAF.homepage))\n"
    "cp = g.value(cat, DCAT.contactPoint)\n"
    "print('contact', g.value(cp, VCARD.fn), g.value(cp, VCARD.hasEmail) or '-')\n"
    "ids = {str(g.value(s, DCATDE.contributorID) or '-') for s in [cat] + "
    "list(g.subjects(RDF.type, DCAT.Dataset))}\n"
    "print('contributor', ' '.join(sorted(ids)))\n"
    "by = {str(o) for o in g.objects(None, DCATDE.licenseAttributionByText)}\n"
    "print('attribution', ' '.join(sorted(by)))\n";

/* GETs /dcat.ttl from s and runs the script on it; its output, malloc'd. */
static char *
read_dcat(struct srv *s, const char *script)
{
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/dcat.ttl", &r), 200);
	const char *path = tstr("%s/dcat-read.ttl", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(r.body, 1, r.body_len, f);
	fclose(f);
	resp_free(&r);
	client_free(c);
	const char *argv[] = {"/usr/bin/python3", "-c", script, path, NULL};
	char *out = NULL;
	if (run_cmd(argv, NULL, &out) != 0)
		fail_msg("rdflib could not read /dcat.ttl: %s", out ? out : "");
	return out;
}

static void
test_dcat(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/dcat.ttl", &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "text/turtle; charset=utf-8");
	assert_body_has(&r, "@prefix dcat: <http://www.w3.org/ns/dcat#>");
	/* Demo reporters' contact data never appears. */
	assert_body_lacks(&r, "@iq-demo.example");
	const char *etag = tstr("%s", resp_header(&r, "ETag"));
	const char *path = tstr("%s/dcat.ttl", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(r.body, 1, r.body_len, f);
	fclose(f);
	resp_free(&r);

	const char *argv[] = {"/usr/bin/python3", "-c", check_py, path, NULL};
	char *out = NULL;
	int rc = run_cmd(argv, NULL, &out);
	if (rc != 0)
		fail_msg("rdflib could not read /dcat.ttl (install python3-rdflib): %s",
		         out ? out : "");
	assert_string_equal(out, "catalogs 1 datasets 2\n"
	                         "/api/v1/practices JSON licence\n"
	                         "/api/v1/transfers JSON licence\n"
	                         "/export/practices.csv CSV licence\n"
	                         "/export/practices.xlsx XLSX licence\n"
	                         "/feed.atom ATOM licence\n"
	                         "/feed.rss RSS licence\n"
	                         "/transfer.atom ATOM licence\n"
	                         "ok\n");
	free(out);

	/* Every address it names answers. */
	static const char *const paths[] = {"/api/v1/practices",
	                                    "/api/v1/transfers",
	                                    "/export/practices.csv",
	                                    "/export/practices.xlsx",
	                                    "/feed.atom",
	                                    "/feed.rss",
	                                    "/transfer.atom",
	                                    "/praxis",
	                                    "/transfer",
	                                    "/impressum"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		http_get(c, paths[i], &r);
		assert_status(&r, 200);
		resp_free(&r);
	}

	/* Revalidated by its ETag. */
	const char *hdrs[] = {tstr("If-None-Match: %s", etag), NULL};
	struct req q = {.path = "/dcat.ttl", .headers = hdrs};
	http_request(c, &q, &r);
	assert_status(&r, 304);
	resp_free(&r);
	client_free(c);
}

/* Without settings: the coordination office of the public address publishes, its page is
 * the Impressum, there is no contributor ID and no e-mail; never the software's name. */
static void
test_publisher_defaults(void **state)
{
	struct srv *s = *state;
	char *out = read_dcat(s, publisher_py);
	const char *host = s->base + strlen("http://");
	assert_string_equal(out, tstr("publisher Koordinierungsstelle (%s) %s/impressum\n"
	                              "contact Koordinierungsstelle (%s) -\n"
	                              "contributor -\n"
	                              "attribution Koordinierungsstelle (%s)\n",
	                              host, s->base, host, host));
	free(out);
}

/* The operator's settings (LEUCHTTURM_DCAT_*) name the publisher, its page, an e-mail address
 * and GovData's contributor ID; values that are not of their kind count as unset. */
static void
test_publisher_settings(void **state)
{
	(void)state;
	setenv("LEUCHTTURM_DCAT_PUBLISHER", "Koordinierungsstelle IQ \"Gute Praxis\"", 1);
	setenv("LEUCHTTURM_DCAT_PUBLISHER_URL", "https://www.netzwerk-iq.de/impressum", 1);
	setenv("LEUCHTTURM_DCAT_CONTACT_EMAIL", "opendata@iq.example", 1);
	setenv("LEUCHTTURM_DCAT_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/bmas", 1);
	struct srv *s = calloc(1, sizeof *s);
	assert_int_equal(srv_start(s), 0);
	char *out = read_dcat(s, publisher_py);
	assert_string_equal(out, "publisher Koordinierungsstelle IQ \"Gute Praxis\" "
	                         "https://www.netzwerk-iq.de/impressum\n"
	                         "contact Koordinierungsstelle IQ \"Gute Praxis\" "
	                         "mailto:opendata@iq.example\n"
	                         "contributor http://dcat-ap.de/def/contributors/bmas\n"
	                         "attribution Koordinierungsstelle IQ \"Gute Praxis\"\n");
	free(out);
	/* Still complete DCAT-AP.de. */
	out = read_dcat(s, check_py);
	assert_non_null(strstr(out, "\nok\n"));
	free(out);
	srv_stop(s);
	free(s);

	/* Not an IRI, not an address: as unset. */
	setenv("LEUCHTTURM_DCAT_PUBLISHER_URL", "javascript:alert(1)", 1);
	setenv("LEUCHTTURM_DCAT_CONTACT_EMAIL", "kein-at-zeichen", 1);
	setenv("LEUCHTTURM_DCAT_CONTRIBUTOR_ID", "bmas", 1);
	s = calloc(1, sizeof *s);
	assert_int_equal(srv_start(s), 0);
	out = read_dcat(s, publisher_py);
	assert_string_equal(out, tstr("publisher Koordinierungsstelle IQ \"Gute Praxis\" "
	                              "%s/impressum\n"
	                              "contact Koordinierungsstelle IQ \"Gute Praxis\" -\n"
	                              "contributor -\n"
	                              "attribution Koordinierungsstelle IQ \"Gute Praxis\"\n",
	                              s->base));
	free(out);
	srv_stop(s);
	free(s);
	unsetenv("LEUCHTTURM_DCAT_PUBLISHER");
	unsetenv("LEUCHTTURM_DCAT_PUBLISHER_URL");
	unsetenv("LEUCHTTURM_DCAT_CONTACT_EMAIL");
	unsetenv("LEUCHTTURM_DCAT_CONTRIBUTOR_ID");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dcat),
	    cmocka_unit_test(test_publisher_defaults),
	    cmocka_unit_test(test_publisher_settings),
	};
	return cmocka_run_group_tests(tests, transfer_setup, transfer_teardown);
}
