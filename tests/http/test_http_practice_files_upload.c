/* HTTP integration tests of a practice's image and downloads: the office uploads them on
 * the edit page (multipart, CSRF from the form), the public page shows them and serves the
 * same bytes with their headers, only while the practice is published and only current
 * files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "practice_files_fixture.h"

/* A JPEG with a frame header (320 wide, 240 high). */
static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00"
                           "\x00\xff\xc0\x00\x11\x08\x00\xf0\x01\x40\x03\x01\x22\x00\x02\x11"
                           "\x01\x03\x11\x01\xff\xd9";

/* ---- helpers ---- */

/* ---- tests ---- */

static void
test_upload_and_show(void **state)
{
	struct srv *s = *state;
	const char *slug;
	long id = published(s, &slug);
	struct client *c = logged_in(s, DEMO_ADMIN);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	assert_body_has(&r, "id=\"dateien\"");
	assert_body_has(&r, tstr("action=\"/admin/praxis/%ld/bild\"", id));
	assert_body_has(&r, tstr("action=\"/admin/praxis/%ld/downloads\"", id));
	assert_body_has(&r, "enctype=\"multipart/form-data\"");
	assert_body_has(&r, "accept=\".png,.jpg,.jpeg\"");
	resp_free(&r);

	upload(c, id, true, "Zwei Beraterinnen im Gespräch mit einer Klientin", "Beratung.png", png,
	       sizeof png - 1, &r);
	assert_redirect(&r, tstr("/admin/praxis/%ld#dateien", id));
	resp_free(&r);
	upload(c, id, false, "Leitfaden für Beratende", "Leitfaden.pdf", pdf, sizeof pdf - 1, &r);
	assert_redirect(&r, tstr("/admin/praxis/%ld#dateien", id));
	resp_free(&r);
	upload(c, id, false, "Foto der Broschüre", "Broschüre.jpg", jpeg, sizeof jpeg - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long img = file_id(s, id, "Beratung.png"), doc = file_id(s, id, "Leitfaden.pdf"),
	     photo = file_id(s, id, "Broschüre.jpg");
	assert_true(img > 0 && doc > 0 && photo > 0);
	assert_string_equal(
	    sql_value(s, tstr("SELECT kind || '|' || content_type || '|' || width || 'x' || height "
	                      "|| '|' || alt FROM practice_file WHERE id = %ld",
	                      img)),
	    "image|image/png|640x480|Zwei Beraterinnen im Gespräch mit einer Klientin");
	assert_int_equal(sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = "
	                                  "'practice:%ld' AND action = 'practice.file_add'",
	                                  id)),
	                 3);

	/* The office sees them on the edit page, with remove buttons. */
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	assert_body_has(&r, tstr("src=\"/admin/praxis/%ld/dateien/%ld\"", id, img));
	assert_body_has(&r, tstr("action=\"/admin/praxis/%ld/dateien/%ld/entfernen\"", id, doc));
	assert_true(html_has(r.body, "Leitfaden für Beratende"));
	resp_free(&r);

	/* The public page: the image with its text and size, the downloads with type and size. */
	struct client *web = client_new(s);
	client_header(web, "Accept-Language: en");
	assert_int_equal(http_get(web, tstr("/praxis/%s", slug), &r), 200);
	assert_body_has(&r, tstr("<img src=\"/praxis/%s/bild/%ld\" alt=\"Zwei Beraterinnen im "
	                         "Gespräch mit einer Klientin\" width=\"640\" height=\"480\">",
	                         slug, img));
	assert_body_has(&r, ">Downloads</h2>");
	assert_body_has(&r, tstr("href=\"/praxis/%s/download/%ld\"", slug, doc));
	assert_true(html_has(r.body, "Leitfaden für Beratende"));
	assert_body_has(&r, "(PDF, 1 kB)");
	assert_body_has(&r, "(JPEG, 1 kB)");
	resp_free(&r);

	/* The image: the same bytes, cacheable but revalidated every time (an unpublished
	 * practice must not live on in caches), with the SHA-256 as its ETag. */
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", slug, img), &r), 200);
	assert_int_equal(r.body_len, sizeof png - 1);
	assert_memory_equal(r.body, png, r.body_len);
	assert_string_equal(resp_header(&r, "Content-Type"), "image/png");
	assert_string_equal(resp_header(&r, "Cache-Control"), "public, no-cache");
	const char *sha =
	    sql_value(s, tstr("SELECT sha256 FROM practice_file WHERE id = %ld", img));
	assert_string_equal(resp_header(&r, "ETag"), tstr("\"%s\"", sha));
	resp_free(&r);
	struct req q = {.path = tstr("/praxis/%s/bild/%ld", slug, img),
	                .headers = (const char *const[]){tstr("If-None-Match: \"%s\"", sha), NULL}};
	assert_int_equal(http_request(web, &q, &r), 304);
	resp_free(&r);

	/* A download: the same bytes, as a file with its name. */
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, doc), &r), 200);
	assert_int_equal(r.body_len, sizeof pdf - 1);
	assert_memory_equal(r.body, pdf, r.body_len);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/pdf");
	assert_string_equal(resp_header(&r, "Cache-Control"), "public, no-cache");
	assert_non_null(resp_header(&r, "ETag"));
	assert_string_equal(
	    resp_header(&r, "Content-Disposition"),
	    "attachment; filename=\"Leitfaden.pdf\"; filename*=UTF-8''Leitfaden.pdf");
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, photo), &r), 200);
	assert_non_null(
	    strstr(resp_header(&r, "Content-Disposition"), "filename*=UTF-8''Brosch%C3%BCre.jpg"));
	resp_free(&r);
	/* Each at its own address only: an image is no download, nor the other way round,
	 * and a file belongs to its practice. */
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, img), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", slug, doc), &r), 404);
	resp_free(&r);
	const char *other = sql_value(
	    s,
	    tstr("SELECT slug FROM practice WHERE status = 'published' AND id <> %ld LIMIT 1", id));
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", other, doc), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/abc", slug), &r), 404);
	resp_free(&r);

	/* The API lists them at absolute addresses. */
	assert_int_equal(http_get(web, tstr("/api/v1/practices/%s", slug), &r), 200);
	assert_body_has(&r, tstr("\"url\":\"%s/praxis/%s/download/%ld\"", s->base, slug, doc));
	assert_body_has(&r, tstr("\"url\":\"%s/praxis/%s/bild/%ld\"", s->base, slug, img));
	assert_body_has(&r, "\"title\":\"Leitfaden für Beratende\"");
	resp_free(&r);
	client_free(web);
	client_free(c);
}

static void
test_replace_and_remove(void **state)
{
	struct srv *s = *state;
	const char *slug;
	long id = published(s, &slug);
	struct client *c = logged_in(s, DEMO_ADMIN);
	struct client *web = client_new(s);
	struct resp r;
	upload(c, id, true, "Erstes Bild", "eins.png", png, sizeof png - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long first = file_id(s, id, "eins.png");
	/* Seen once, so the page is kept and has an ETag: a change must show at once. */
	assert_int_equal(http_get(web, tstr("/praxis/%s", slug), &r), 200);
	assert_body_has(&r, tstr("/praxis/%s/bild/%ld\"", slug, first));
	resp_free(&r);

	/* A new image replaces the old one, whose address is gone. */
	upload(c, id, true, "Zweites Bild", "zwei.jpg", jpeg, sizeof jpeg - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long second = file_id(s, id, "zwei.jpg");
	assert_int_equal(sql_long(s, tstr("SELECT count(*) FROM practice_file WHERE practice_id = "
	                                  "%ld AND kind = 'image' AND removed_at IS NULL",
	                                  id)),
	                 1);
	assert_int_equal(
	    sql_long(s, tstr("SELECT removed_at > 0 FROM practice_file WHERE id = %ld", first)), 1);
	assert_int_equal(http_get(web, tstr("/praxis/%s", slug), &r), 200);
	assert_body_lacks(&r, tstr("/praxis/%s/bild/%ld\"", slug, first));
	assert_body_has(&r, tstr("src=\"/praxis/%s/bild/%ld\" alt=\"Zweites Bild\" width=\"320\" "
	                         "height=\"240\"",
	                         slug, second));
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", slug, first), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", slug, second), &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "image/jpeg");
	resp_free(&r);

	/* A removed download: off the page, 404 at its address. */
	upload(c, id, false, "Bericht", "Bericht.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long doc = file_id(s, id, "Bericht.pdf");
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, doc), &r), 200);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	assert_int_equal(
	    http_post_csrf(c, tstr("/admin/praxis/%ld/dateien/%ld/entfernen", id, doc), "", &r),
	    303);
	assert_location(&r, tstr("/admin/praxis/%ld#dateien", id));
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, doc), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s", slug), &r), 200);
	assert_body_lacks(&r, tstr("/download/%ld\"", doc));
	assert_body_lacks(&r, ">Downloads</h2>");
	resp_free(&r);
	/* Removing it again: there is no such (current) file. */
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	assert_int_equal(
	    http_post_csrf(c, tstr("/admin/praxis/%ld/dateien/%ld/entfernen", id, doc), "", &r),
	    404);
	resp_free(&r);
	/* The image can be removed too. */
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	assert_int_equal(
	    http_post_csrf(c, tstr("/admin/praxis/%ld/dateien/%ld/entfernen", id, second), "", &r),
	    303);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s", slug), &r), 200);
	assert_body_lacks(&r, "/bild/");
	resp_free(&r);
	assert_string_equal(
	    sql_value(s, tstr("SELECT group_concat(action, ' ') FROM (SELECT action FROM "
	                      "audit_event WHERE object = 'practice:%ld' AND action LIKE "
	                      "'practice.file%%' ORDER BY seq) q",
	                      id)),
	    "practice.file_add practice.file_remove practice.file_add practice.file_add "
	    "practice.file_remove practice.file_remove");
	client_free(web);
	client_free(c);
}

static void
test_unpublished_is_404(void **state)
{
	struct srv *s = *state;
	struct client *c = logged_in(s, DEMO_ADMIN);
	struct client *web = client_new(s);
	struct resp r;
	/* A draft: its files are the office's only, also in the preview. */
	assert_int_equal(http_get(c, "/admin/praxis/neu", &r), 200);
	resp_free(&r);
	assert_int_equal(http_post_csrf(c, "/admin/praxis/neu", "title=Entwurf+mit+Bild", &r), 303);
	long draft = strtol(resp_header(&r, "Location") + strlen("/admin/praxis/"), NULL, 10);
	resp_free(&r);
	upload(c, draft, true, "Ein Bild", "entwurf.png", png, sizeof png - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	upload(c, draft, false, "Material", "material.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long img = file_id(s, draft, "entwurf.png"), doc = file_id(s, draft, "material.pdf");
	const char *dslug = sql_value(s, tstr("SELECT slug FROM practice WHERE id = %ld", draft));
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", dslug, img), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", dslug, doc), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld/vorschau", draft), &r), 200);
	assert_body_has(&r,
	                tstr("src=\"/admin/praxis/%ld/dateien/%ld\" alt=\"Ein Bild\"", draft, img));
	assert_body_has(&r, tstr("href=\"/admin/praxis/%ld/dateien/%ld\"", draft, doc));
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld/dateien/%ld", draft, img), &r), 200);
	assert_memory_equal(r.body, png, sizeof png - 1);
	assert_non_null(strstr(resp_header(&r, "Cache-Control"), "private"));
	resp_free(&r);
	/* Nobody else reaches the office's address. */
	assert_int_equal(http_get(web, tstr("/admin/praxis/%ld/dateien/%ld", draft, img), &r), 303);
	resp_free(&r);

	/* A published practice taken off the catalog: its files go with it. */
	const char *slug;
	long id = published(s, &slug);
	upload(c, id, true, "Bild", "bild.png", png, sizeof png - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	upload(c, id, false, "Leitfaden", "leitfaden.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long pimg = file_id(s, id, "bild.png"), pdoc = file_id(s, id, "leitfaden.pdf");
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", slug, pimg), &r), 200);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	assert_int_equal(http_post_csrf(c, tstr("/admin/praxis/%ld/zurueckziehen", id), "", &r),
	                 303);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/bild/%ld", slug, pimg), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, pdoc), &r), 404);
	resp_free(&r);
	/* Archived: the same. */
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	assert_int_equal(http_post_csrf(c, tstr("/admin/praxis/%ld/archivieren", id), "", &r), 303);
	resp_free(&r);
	assert_int_equal(http_get(web, tstr("/praxis/%s/download/%ld", slug, pdoc), &r), 404);
	resp_free(&r);
	client_free(web);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_upload_and_show, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_replace_and_remove, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_unpublished_is_404, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
