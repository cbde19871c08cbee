/* Shared by tests/http/test_http_open_data_*.c: one seeded server, the practices, and checks of the
 * answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "harness.h"
#include "open_data_fixture.h"

/* The group's server, started by group_setup. */
struct srv server;

/* An anonymous client of the group's server. */
struct client *web;

/* Two published practices (one with a formula-like title), one unpublished, one archived,
 * and one published that a test unpublishes. Slugs start with "od-" so they cannot meet
 * the demo data's. */
const char seed[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": ["
    "{\"slug\": \"od-mentoring\", \"title\": \"Mentoring für Ärztinnen & Ärzte\","
    " \"teaser\": \"Begleitung bis zur <Approbation>.\", \"art\": \"konzept\","
    " \"organisation_name\": \"IQ Netzwerk Hessen\", \"bundesland\": \"Hessen\","
    " \"contact_name\": \"Anna Beispiel\", \"contact_email\": \"anna@example.org\","
    " \"situation\": \"Viele **Ärztinnen** warten lange auf die Approbation.\","
    " \"implementation\": \"- Beratung\\n- Qualifizierung mit [Kursen](https://example.org/k)\","
    " \"results\": \"42 Approbationen\", \"transfer\": \"Leicht übertragbar.\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"links\": [{\"url\": \"https://example.org/mentoring\", \"label\": \"Projektseite\"}],"
    " \"handlungsfelder\": [\"anerkennungsberatung\"], \"zielgruppen\": [\"gesundheit\"],"
    " \"status\": \"published\", \"published_at\": \"2026-03-01\","
    " \"updated_at\": \"2026-05-02T10:00:00Z\"},"
    "{\"slug\": \"od-formel\", \"title\": \"=SUMME(1;2) Formelpraxis\", \"teaser\": \"Kurz\","
    " \"art\": \"produkt\", \"organisation_name\": \"Org\", \"situation\": \"a\","
    " \"implementation\": \"b\", \"results\": \"c\", \"transfer\": \"d\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"status\": \"published\", \"published_at\": \"2025-01-10\"},"
    "{\"slug\": \"od-bald-weg\", \"title\": \"Bald zurückgezogene Praxis\", \"teaser\": \"x\","
    " \"art\": \"massnahme\", \"organisation_name\": \"Org\", \"situation\": \"a\","
    " \"implementation\": \"b\", \"results\": \"c\", \"transfer\": \"d\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"status\": \"published\", \"published_at\": \"2025-06-01\"},"
    "{\"slug\": \"od-entwurf\", \"title\": \"Geheimer Entwurf Zebrafink\", \"teaser\": "
    "\"Zebrafink\","
    " \"status\": \"unpublished\"},"
    "{\"slug\": \"od-archiv\", \"title\": \"Archivierte Praxis Zebrafink\", \"teaser\": "
    "\"Zebrafink\","
    " \"art\": \"konzept\", \"organisation_name\": \"Org\", \"situation\": \"a\","
    " \"implementation\": \"b\", \"results\": \"c\", \"transfer\": \"d\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"status\": \"archived\", \"published_at\": \"2024-02-02\"}"
    "]}";

/* What no public answer may ever contain. */
const char *const hidden[] = {"od-entwurf", "Geheimer Entwurf", "od-archiv", "Archivierte Praxis"};

/* Fails if the answer contains anything of the unpublished or archived practices. */
void
assert_hidden(struct resp *r)
{
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		assert_body_lacks(r, hidden[i]);
}

/* Starts the server and seeds the practices through $LEUCHTTURM_SEED. */
int
group_setup(void **state)
{
	if (srv_start(&server) != 0)
		return -1;
	const char *path = tstr("%s/seed.json", server.dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(seed, f);
	fclose(f);
	const char *tool = getenv("LEUCHTTURM_SEED");
	const char *argv[] = {tool ? tool : "build/tests/http/seed_practices", server.db, path,
	                      NULL};
	char *out = NULL;
	int rc = run_cmd(argv, NULL, &out);
	if (rc != 0)
		fprintf(stderr, "seeding failed (%d): %s\n", rc, out ? out : "");
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

/* GETs path and asserts 200 with a Content-Type starting with type. */
void
get_ok(const char *path, struct resp *r, const char *type)
{
	long status = http_get(web, path, r);
	if (status != 200)
		resp_dump(r);
	assert_int_equal(status, 200);
	const char *ct = resp_header(r, "Content-Type");
	assert_non_null(ct);
	if (strncmp(ct, type, strlen(type)) != 0)
		fail_msg("%s: Content-Type %s, want %s", path, ct, type);
}

/* Runs a tool on the body written to a file: argv holds "FILE" where the path goes. */
int
tool_on_body(const struct resp *r, const char *const *args, char **output)
{
	char path[] = "/tmp/test-open-data-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r->body, r->body_len), (ssize_t)r->body_len);
	close(fd);
	const char *argv[16];
	size_t n = 0;
	for (; args[n] && n < 15; n++)
		argv[n] = strcmp(args[n], "FILE") == 0 ? path : args[n];
	argv[n] = NULL;
	int rc = run_cmd(argv, NULL, output);
	unlink(path);
	return rc;
}

/* Asserts that xmllint accepts the body. */
void
assert_well_formed_xml(const struct resp *r)
{
	char *out = NULL;
	int rc = tool_on_body(r, (const char *const[]){"xmllint", "--noout", "FILE", NULL}, &out);
	if (rc != 0)
		fail_msg("xmllint: %s", out ? out : "");
	free(out);
}
