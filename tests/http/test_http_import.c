/* `leuchtturm import FILE.json` against a running server: broken records are reported by
 * record number and field and nothing is imported; a good file is imported whole and its
 * published practices are on the catalog at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *
write_file(struct srv *s, const char *name, const char *content)
{
	const char *path = tstr("%s/%s", s->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	return path;
}

static const char *
practices(struct srv *s)
{
	char *out = NULL;
	assert_int_equal(srv_sql(s, "SELECT count(*) FROM practice", &out), 0);
	out[strcspn(out, "\n")] = '\0';
	const char *v = tstr("%s", out);
	free(out);
	return v;
}

#define assert_output_has(out, text)                                                               \
	do {                                                                                       \
		if (!strstr((out), (text)))                                                        \
			fail_msg("the output lacks \"%s\":\n%s", (text), (out));                   \
	} while (0)

static void
test_broken_records(void **state)
{
	struct srv *s = *state;
	const char *before = practices(s);
	const char *path = write_file(
	    s, "broken.json",
	    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": [\n"
	    "{\"title\": \"Gut und vollständig\", \"status\": \"unpublished\"},\n"
	    "{\"title\": \"Ohne Text\", \"art\": \"konzept\"},\n"
	    "{\"title\": \"Falsche Begriffe\", \"art\": \"rakete\", \"handlungsfelder\": "
	    "[\"mond\"], \"status\": \"unpublished\"},\n"
	    "{\"titel\": \"Tippfehler\", \"status\": \"unpublished\"},\n"
	    "{\"slug\": \"anerkennungslotsen\", \"title\": \"Schon vergeben\", \"status\": "
	    "\"unpublished\"},\n"
	    "{\"title\": \"Datum\", \"status\": \"unpublished\", \"published_at\": \"gestern\","
	    " \"contact_email\": \"keine adresse\"}\n"
	    "]}\n");
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 1);
	assert_output_has(out, "record 2, field \"teaser\"");
	assert_output_has(out, "record 2, field \"situation\"");
	assert_output_has(out, "record 3, field \"art\": unknown key \"rakete\"");
	assert_output_has(out, "record 3, field \"handlungsfelder\": unknown key \"mond\"");
	assert_output_has(out, "record 4, field \"titel\": unknown field");
	assert_output_has(out, "record 5, field \"slug\"");
	assert_output_has(out, "record 6, field \"published_at\"");
	assert_output_has(out, "nothing imported");
	assert_null(strstr(out, "record 1,"));
	free(out);
	/* Nothing half-imported: record 1 was fine, yet it is not there. */
	assert_string_equal(practices(s), before);
	struct client *web = client_new(s);
	struct resp r;
	assert_int_equal(http_get(web, "/praxis?q=vollst%C3%A4ndig", &r), 200);
	assert_body_lacks(&r, "Gut und vollständig");
	resp_free(&r);
	client_free(web);
}

static void
test_not_json(void **state)
{
	struct srv *s = *state;
	char *out = NULL;
	const char *path =
	    write_file(s, "syntax.json", "{\"practices\": [\n  {\"title\": \"x\",}\n]}");
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 1);
	assert_output_has(out, "not valid JSON");
	assert_output_has(out, "line 2");
	free(out);
	path = write_file(s, "list.json", "[{\"title\": \"x\"}]");
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 1);
	assert_output_has(out, "\"practices\"");
	free(out);
	assert_int_equal(
	    srv_cli(s, NULL, &out, "import", tstr("%s/gibt-es-nicht.json", s->dir), NULL), 1);
	free(out);
	assert_int_equal(srv_cli(s, NULL, &out, "import", NULL), 2);
	assert_output_has(out, "Usage: leuchtturm import");
	free(out);
}

static void
test_good_file(void **state)
{
	struct srv *s = *state;
	const char *path = write_file(
	    s, "good.json",
	    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": [\n"
	    "{\"slug\": \"imp-kranich\", \"title\": \"Kranich-Kompass für Quereinsteiger\","
	    " \"teaser\": \"Ein Kompass.\", \"art\": \"instrument\", \"organisation_name\": \"IQ\","
	    " \"situation\": \"S\", \"implementation\": \"I\", \"results\": \"R\", \"transfer\": "
	    "\"T\", \"zielgruppen\": [\"handwerk\"], \"published_at\": \"2024-02-29\"},\n"
	    "{\"title\": \"Kranich-Entwurf\", \"status\": \"unpublished\"}\n"
	    "]}\n");
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 0);
	assert_output_has(out, "imported 2 practices");
	free(out);
	struct client *web = client_new(s);
	struct resp r;
	assert_int_equal(http_get(web, "/praxis?q=Kranich", &r), 200);
	assert_body_has(&r, "/praxis/imp-kranich\"");
	assert_body_lacks(&r, "Kranich-Entwurf");
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis/imp-kranich", &r), 200);
	assert_body_has(&r, "29.02.2024");
	resp_free(&r);
	client_free(web);
	/* The same file again: the slug is taken now, so nothing more. */
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 1);
	assert_output_has(out, "record 1, field \"slug\"");
	free(out);
	/* From standard input. */
	assert_int_equal(srv_cli(s,
	                         "{\"practices\": [{\"title\": \"Von stdin\", \"status\": "
	                         "\"unpublished\"}]}",
	                         &out, "import", "-", NULL),
	                 0);
	assert_output_has(out, "imported 1 practice from -");
	free(out);
}

/* The file is read a record at a time: many records, text with brackets and quotes inside
 * strings, a slug repeated within the file refused, and a slug one record asks for kept
 * for it even when an earlier record's title would make the same one. */
static void
test_record_at_a_time(void **state)
{
	struct srv *s = *state;
	int before = atoi(practices(s));
	char *text = NULL;
	size_t size = 0;
	FILE *b = open_memstream(&text, &size);
	assert_non_null(b);
	fputs("{\"practices\": [\n{\"title\": \"Kranich eins\", \"status\": "
	      "\"unpublished\"},\n{\"slug\": \"kranich-eins\", \"title\": "
	      "\"Klammern {[ \\\" ]} im Titel\", \"teaser\": \"Ein Kompass.\", "
	      "\"art\": \"instrument\", \"organisation_name\": \"IQ\", \"situation\": "
	      "\"S\", \"implementation\": \"I\", \"results\": \"R\", \"transfer\": "
	      "\"T\"}",
	      b);
	for (int i = 0; i < 1200; i++)
		fprintf(b, ",\n{\"title\": \"Reihe %d\", \"status\": \"unpublished\"}", i);
	fputs("\n], \"version\": 1}\n", b);
	fclose(b);
	const char *path = write_file(s, "many.json", text);
	free(text);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 0);
	assert_output_has(out, "imported 1202 practices");
	free(out);
	assert_int_equal(atoi(practices(s)), before + 1202);
	struct client *web = client_new(s);
	struct resp r;
	assert_int_equal(http_get(web, "/praxis/kranich-eins", &r), 200);
	assert_body_has(&r, "Klammern {[ &quot; ]} im Titel");
	resp_free(&r);
	client_free(web);

	/* A slug twice within one file: the second is refused, nothing imported. */
	path =
	    write_file(s, "twice.json",
	               "{\"practices\": [{\"slug\": \"doppelt\", \"title\": \"A\", \"status\": "
	               "\"unpublished\"}, {\"title\": \"B\", \"status\": \"unpublished\"}, "
	               "{\"slug\": \"doppelt\", \"title\": \"C\", \"status\": \"unpublished\"}]}");
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 1);
	assert_output_has(out, "record 3, field \"slug\": \"doppelt\" is used by record 1 already");
	free(out);
	assert_int_equal(atoi(practices(s)), before + 1202);
	/* Cut off in the middle of the list: not JSON, with the parser's position. */
	path = write_file(s, "cut.json", "{\"practices\": [{\"title\": \"A\"},\n{\"title\": ");
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 1);
	assert_output_has(out, "not valid JSON");
	assert_output_has(out, "line 2");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_broken_records, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_not_json, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_good_file, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_record_at_a_time, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
