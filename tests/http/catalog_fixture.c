/* Shared by tests/http/test_http_catalog_*.c: one server with the imported practices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "catalog_fixture.h"

/* The group's server, started by group_setup. */
struct srv server;

/* An anonymous client of the group's server. */
struct client *web;

/* Slugs start with "cat-" so they cannot meet the demo's. The word "Zebrafink" is only in
 * practices nobody may see. */
const char seed[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": ["
    "{\"slug\": \"cat-markdown\", \"title\": \"Katalogtest Markdown Sicherheit\","
    " \"teaser\": \"Ein Test <b>ohne</b> HTML.\", \"art\": \"produkt\", " COMPLETE ","
    " \"situation\": \"# Überschrift\\n\\n[Klick](javascript:alert(1)) und "
    "<script>alert(2)</script> und [gut](https://example.org/gut) **fett**\","
    " \"criterion_transferable\": \"Übertragbar wie ein Zaunkönig.\","
    " \"handlungsfelder\": [\"gruendung\"], \"bundeslaender\": [\"sl\"],"
    " \"published_at\": \"2018-05-05\"},"
    "{\"slug\": \"cat-entwurf\", \"title\": \"Zebrafink Entwurf\", \"teaser\": \"Zebrafink\","
    " \"status\": \"unpublished\"},"
    "{\"slug\": \"cat-archiv\", \"title\": \"Zebrafink Archiv\", \"teaser\": \"Zebrafink\","
    " \"art\": \"konzept\", \"situation\": \"Zebrafink.\", " COMPLETE ","
    " \"status\": \"archived\", \"published_at\": \"2020-01-01\"}"
    "]}";

/* Writes json to a file in the server's folder and imports it with the command line; out takes its
 * output. */
int
import_json(const char *json, char **out)
{
	static int n;
	const char *path = tstr("%s/import-%d.json", server.dir, ++n);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(json, f);
	fclose(f);
	return srv_cli(&server, NULL, out, "import", path, NULL);
}

/* Starts the server and imports the seed. */
int
group_setup(void **state)
{
	if (srv_start(&server) != 0)
		return -1;
	char *out = NULL;
	int rc = import_json(seed, &out);
	if (rc != 0)
		fprintf(stderr, "import failed (%d): %s\n", rc, out ? out : "");
	free(out);
	web = client_new(&server);
	return rc == 0 ? 0 : -1;
}

/* Stops the group's server. */
int
group_teardown(void **state)
{
	client_free(web);
	return srv_stop(&server);
}

/* GETs path and fails unless the status is want. */
void
get_status(const char *path, long want, struct resp *r)
{
	long status = http_get(web, path, r);
	if (status != want) {
		resp_dump(r);
		fail_msg("GET %s: %ld, want %ld", path, status, want);
	}
}
