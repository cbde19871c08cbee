/* HTTP integration tests of a practice's kept article (html/article.h): the body of
 * /praxis/SLUG is rendered once per change and kept per practice and language, for every
 * viewer (the page cache keeps whole pages for anonymous visitors only). It changes at once
 * when the practice is edited, unpublished, or a related practice changes, also when the
 * change comes from outside the server (as from another instance: here SQL on the
 * database); each language gets its own; the page around it (login bar, tokens) is the
 * viewer's. */
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

#define SLUG "anerkennungsberatung-im-betrieb"
#define PAGE "/praxis/" SLUG

/* The page holds these bytes (markup, as written). */
static bool
has(const char *html, const char *bytes)
{
	return html && strstr(html, bytes) != NULL;
}

/* A logged-in visitor: the page cache never answers them, the article keep does. */
static struct client *
member(bool english)
{
	if (english)
		return login_english(&server, DEMO_BOARD, DEMO_PASSWORD);
	struct client *c = client_new(&server);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	return c;
}

static char *
get_body(struct client *c, const char *path)
{
	struct resp r;
	assert_int_equal(http_get(c, path, &r), 200);
	char *body = strdup(r.body);
	resp_free(&r);
	return body;
}

static void
test_article_follows_edit(void **state)
{
	struct client *c = member(false);
	char *before = get_body(c, PAGE);
	assert_true(has(before, "<h1>Anerkennungsberatung im Betrieb</h1>"));
	free(before);
	/* Kept now; asked again it is the same. */
	char *again = get_body(c, PAGE);
	assert_true(has(again, "<h1>Anerkennungsberatung im Betrieb</h1>"));
	free(again);
	/* Changed in the database, as another instance would (the contact is not in the
	 * search's text, which the sqlite3 shell could not index). */
	char *was =
	    srv_sql_text(&server, "SELECT contact_name FROM practice WHERE slug = '" SLUG "'");
	assert_non_null(was);
	char *old = get_body(c, PAGE);
	assert_true(has(old, tstr("<dd>%s</dd>", was)));
	free(old);
	srv_sql_exec(&server,
	             "UPDATE practice SET contact_name = 'Zora Zebrafeld' WHERE slug = '" SLUG "'");
	char *after = get_body(c, PAGE);
	assert_true(has(after, "<dd>Zora Zebrafeld</dd>"));
	assert_false(has(after, tstr("<dd>%s</dd>", was)));
	free(after);
	srv_sql_exec(&server,
	             tstr("UPDATE practice SET contact_name = '%s' WHERE slug = '" SLUG "'", was));
	after = get_body(c, PAGE);
	assert_true(has(after, tstr("<dd>%s</dd>", was)));
	free(after);
	free(was);
	client_free(c);
}

static void
test_article_follows_unpublishing(void **state)
{
	struct client *c = member(false);
	free(get_body(c, PAGE));
	srv_practice_status(&server, SLUG, false);
	struct resp r;
	assert_int_equal(http_get(c, PAGE, &r), 404);
	assert_false(has(r.body, "<h1>Anerkennungsberatung im Betrieb</h1>"));
	resp_free(&r);
	srv_practice_status(&server, SLUG, true);
	free(get_body(c, PAGE));
	client_free(c);
}

/* The slug of the first related practice on the page. */
static char *
first_related(const char *body)
{
	char *section = str_between(body, "id=\"related-h\"", "</section>");
	assert_non_null(section);
	const char *at = strstr(section, "href=\"/praxis/");
	assert_non_null(at);
	at += strlen("href=\"/praxis/");
	char *slug = strndup(at, strcspn(at, "\""));
	free(section);
	return slug;
}

static void
test_article_follows_related_change(void **state)
{
	struct client *c = member(false);
	char *body = get_body(c, PAGE);
	char *other = first_related(body);
	free(body);
	/* Unpublished, it leaves the related practices at once. */
	srv_practice_status(&server, other, false);
	body = get_body(c, PAGE);
	char *section = str_between(body, "id=\"related-h\"", "</section>");
	assert_false(section && has(section, tstr("/praxis/%s\"", other)));
	free(section);
	free(body);
	srv_practice_status(&server, other, true);
	body = get_body(c, PAGE);
	assert_true(has(body, tstr("/praxis/%s\"", other)));
	free(body);
	free(other);
	client_free(c);
}

static void
test_article_per_language(void **state)
{
	struct client *de = member(false), *en = member(true);
	for (int round = 0; round < 2; round++) {
		char *b = get_body(de, PAGE);
		assert_true(has(b, ">Ähnliche Gute Praktiken</h2>"));
		assert_false(has(b, ">Related practices</h2>"));
		free(b);
		b = get_body(en, PAGE);
		assert_true(has(b, ">Related practices</h2>"));
		assert_false(has(b, ">Ähnliche Gute Praktiken</h2>"));
		free(b);
	}
	client_free(de);
	client_free(en);
}

/* The article a member's visit kept does not carry their page: an anonymous visitor's page
 * has no login bar of theirs and no token, the member's has their own token. */
static void
test_article_without_viewer(void **state)
{
	struct client *c = member(false);
	char *mine = get_body(c, PAGE);
	assert_true(has(mine, ">Abmelden<"));
	/* Their token, in the logout form. */
	const char *at = strstr(mine, "name=\"_csrf\" value=\"");
	assert_non_null(at);
	at += strlen("name=\"_csrf\" value=\"");
	char *token = strndup(at, strcspn(at, "\""));
	assert_true(strlen(token) >= 16);
	/* A change, so that the next anonymous page is made from the article kept now. */
	srv_sql_exec(&server,
	             "UPDATE practice SET contact_phone = contact_phone WHERE slug = '" SLUG "'");
	free(get_body(c, PAGE));
	struct client *anon = client_new(&server);
	char *theirs = get_body(anon, PAGE);
	assert_false(has(theirs, ">Abmelden<"));
	assert_false(has(theirs, token));
	assert_true(has(theirs, "<h1>Anerkennungsberatung im Betrieb</h1>"));
	free(theirs);
	free(token);
	free(mine);
	client_free(anon);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_article_follows_edit),
	    cmocka_unit_test(test_article_follows_unpublishing),
	    cmocka_unit_test(test_article_follows_related_change),
	    cmocka_unit_test(test_article_per_language),
	    cmocka_unit_test(test_article_without_viewer),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
