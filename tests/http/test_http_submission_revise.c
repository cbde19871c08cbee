/* HTTP integration tests for the sub-project before and after submitting: the call's page,
 * messages that name their field, revising a submitted proposal until the deadline (a new
 * version the office sees), the PDF receipt (pdftotext, the same bytes twice, who may get
 * it), and a published proposal's link to its public page with the practice made from it:
 * its attachments carried into the downloads and publishing refused until complete. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "submission_fixture.h"

/* A submitter of another sub-project, logged in, in English. */

/* A value read from the database, kept until the test's strings are freed. */
static const char *
kept_text(struct srv *s, const char *sql)
{
	char *t = srv_sql_text(s, sql);
	const char *kept = tstr("%s", t);
	free(t);
	return kept;
}
static struct client *
other_submitter(struct srv *s)
{
	long other =
	    srv_sql_long(s, "SELECT id FROM organisation WHERE kind = 'teilprojekt' AND id "
	                    "!= (SELECT organisation_id FROM user_account WHERE email = "
	                    "'" DEMO_SUBMITTER "') ORDER BY id LIMIT 1");
	assert_int_equal(srv_cli(s, "ein langes Passwort\n", NULL, "user", "add",
	                         "fremd@iq-demo.example", "--name", "Fremde Person", "--role",
	                         "submitter", "--organisation", tstr("%ld", other), NULL),
	                 0);
	return english_login(s, "fremd@iq-demo.example", "ein langes Passwort");
}

static const char *
complete_form(struct srv *s, long revision, const char *title, const char *implementation)
{
	return proposal_form(
	    s, revision, "&action=submit",
	    &(const struct proposal_texts){
	        .title = title,
	        .teaser = "Kurz gesagt: Beratung, die wirkt.",
	        .situation = "Viele Abschlüsse werden nicht anerkannt.",
	        .implementation = implementation,
	        .resources = "Zwei Stellen, ein Jahr.",
	        .results = "120 Beratungen, 80 Anerkennungen.",
	        .experience = "Früh anfangen.",
	        .transfer_requirements = "Eine Beratungsstelle.",
	        .transfer_effort = "Drei Monate Einarbeitung.",
	        .contact_name = "Aylin Demir",
	        .contact_email = "projekt@iq-demo.example",
	        .self = {"Leitfaden liegt vor.", "Neu ist die aufsuchende Beratung.",
	                 "Seit 2022 finanziert.", "Aufwand angemessen.", "Spart Zeit."},
	    });
}

static long
versions_of(struct srv *s, long id)
{
	return srv_sql_long(
	    s, tstr("SELECT count(*) FROM proposal_version WHERE proposal_id = %ld", id));
}

/* A submitted proposal of the demo submitter, with the title given. */
static long
submitted(struct srv *s, struct client *c, const char *title)
{
	long id = new_draft(s, c);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               complete_form(s, revision_of(s, id), title, "In drei Schritten."), &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);
	assert_int_equal(versions_of(s, id), 1);
	return id;
}

/* ---- the call's page ---- */

static void
test_call_page_for_submitters(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long call = open_call(s);
	const char *page = tstr("/einreichung/ausschreibung/%ld", call);
	struct resp r;

	/* Linked from the dashboard and the overview. */
	assert_int_equal(http_get(c, "/einreichung", &r), 200);
	assert_body_has(&r, tstr("href=\"%s\"", page));
	resp_free(&r);
	assert_int_equal(http_get(c, "/start", &r), 200);
	assert_body_has(&r, tstr("href=\"%s\"", page));
	resp_free(&r);

	assert_int_equal(http_get(c, page, &r), 200);
	assert_body_has(&r, kept_text(s, tstr("SELECT title FROM call WHERE id = %ld", call)));
	assert_body_has(&r, "Deadline");
	assert_body_has(&r, "Efficient to transfer"); /* a criterion below another */
	assert_body_has(&r, kept_text(s, tstr("SELECT guidance_en FROM criterion WHERE "
	                                      "call_id = %ld AND key = 'innovative'",
	                                      call)));
	assert_body_has(&r, "fully met");           /* the scale's descriptors */
	assert_body_has(&r, "Evidence of success"); /* a formal gate */
	assert_body_has(&r, "mailto:" DEMO_ADMIN);  /* whom to ask */
	assert_body_has(&r, "Start a new proposal");
	resp_free(&r);

	/* The new proposal's form links back to it. */
	long id = new_draft(s, c);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	assert_body_has(&r, tstr("href=\"%s\"", page));
	resp_free(&r);

	/* A call in preparation, or none, is not there; the office may read it; the board and
	 * the public may not. */
	long preparing =
	    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'preparing' ORDER BY id LIMIT 1");
	assert_int_equal(http_get(c, tstr("/einreichung/ausschreibung/%ld", preparing), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(c, "/einreichung/ausschreibung/abc", &r), 404);
	resp_free(&r);
	struct client *admin = client_new(s);
	assert_int_equal(login(admin, DEMO_ADMIN, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(admin, page, &r), 200);
	resp_free(&r);
	struct client *board = client_new(s);
	assert_int_equal(login(board, DEMO_BOARD, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(board, page, &r), 403);
	resp_free(&r);
	struct client *anon = client_new(s);
	http_get(anon, page, &r);
	assert_redirect(&r, tstr("/anmelden?next=%s", page));
	resp_free(&r);
	client_free(anon);
	client_free(board);
	client_free(admin);
	client_free(c);
}

/* ---- messages that name their field ---- */

static void
test_errors_name_their_field(void **state)
{
	struct srv *s = *state;
	/* In German, the account's default. */
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, "/einreichung", &r), 200);
	resp_free(&r);
	http_post_csrf(c, "/einreichung/neu", tstr("call_id=%ld", open_call(s)), &r);
	assert_status(&r, 303);
	long id = 0;
	assert_int_equal(sscanf(resp_header(&r, "Location"), "/vorschlag/%ld/bearbeiten", &id), 1);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	http_post_csrf(
	    c, tstr("/vorschlag/%ld/bearbeiten", id),
	    tstr("revision=%ld&action=submit&title=Nur%%20ein%%20Titel", revision_of(s, id)), &r);
	assert_status(&r, 422);
	/* In the summary, as a link to the field, and beside the field. */
	assert_body_has(&r, "href=\"#f-implementation\">Umsetzung: Dies ist ein Pflichtfeld.</a>");
	assert_body_has(&r, "</span> Umsetzung: Dies ist ein Pflichtfeld.</p>");
	assert_body_has(&r, "Art des Ansatzes: ");
	resp_free(&r);
	client_free(c);
}

/* ---- revising a submitted proposal ---- */

static void
test_revise_until_the_deadline(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = submitted(s, c, "Anerkennung schnell");
	const char *edit = tstr("/vorschlag/%ld/bearbeiten", id);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 200);
	assert_body_has(&r, "Revise proposal");
	assert_body_has(&r, "Receipt of version 1 (PDF)");
	resp_free(&r);
	assert_int_equal(http_get(c, edit, &r), 200);
	assert_body_has(&r, "Submit revised version");
	assert_body_lacks(&r, "name=\"file\"");
	resp_free(&r);

	/* Without the token: refused, nothing changes. */
	http_post_form(c, edit, complete_form(s, revision_of(s, id), "Ohne Token", "x"), &r);
	assert_status(&r, 403);
	resp_free(&r);

	/* Incomplete: the submitted version stays, the form names what is missing. */
	assert_int_equal(http_get(c, edit, &r), 200);
	resp_free(&r);
	http_post_csrf(c, edit, complete_form(s, revision_of(s, id), "Halb fertig", ""), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Implementation: This field is required.");
	assert_body_has(&r, "Halb fertig"); /* what was typed stays */
	resp_free(&r);
	assert_int_equal(versions_of(s, id), 1);
	assert_string_equal(kept_text(s, tstr("SELECT title FROM proposal WHERE id = %ld", id)),
	                    "Anerkennung schnell");

	/* Complete: version 2 at once, still submitted, audited, with a receipt that says so. */
	assert_int_equal(http_get(c, edit, &r), 200);
	resp_free(&r);
	http_post_csrf(
	    c, edit,
	    complete_form(s, revision_of(s, id), "Anerkennung sehr schnell", "In vier Schritten."),
	    &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);
	assert_int_equal(versions_of(s, id), 2);
	assert_string_equal(
	    kept_text(s, tstr("SELECT state || ' ' || title FROM proposal WHERE id = %ld", id)),
	    "submitted Anerkennung sehr schnell");
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'proposal.revise' AND object = 'proposal:%ld'",
	                                      id)),
	                 1);
	char *mail = NULL;
	for (int i = 0; i < 2; i++) { /* the first receipt, then the revision's */
		free(mail);
		mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
		assert_non_null(mail);
	}
	assert_non_null(strstr(mail, "(version 2)"));
	assert_non_null(strstr(mail, "replaces version 1"));
	free(mail);

	/* The office sees that it was revised, and what changed. */
	struct client *admin = english_login(s, DEMO_ADMIN, DEMO_PASSWORD);
	assert_int_equal(http_get(admin, tstr("/admin/vorschlaege/%ld", id), &r), 200);
	assert_body_has(&r, "Revised by the sub-project: version 2");
	assert_body_has(&r, tstr("/admin/vorschlaege/%ld/vergleich?a=1&amp;b=2", id));
	resp_free(&r);
	assert_int_equal(http_get(admin, tstr("/admin/vorschlaege/%ld/vergleich?a=1&b=2", id), &r),
	                 200);
	assert_body_has(&r, "Anerkennung sehr schnell");
	assert_body_has(&r, "In vier Schritten.");
	resp_free(&r);

	/* A revision from a form opened before the last one: refused, nothing overwritten. */
	assert_int_equal(http_get(c, edit, &r), 200);
	resp_free(&r);
	http_post_csrf(c, edit, complete_form(s, revision_of(s, id) - 1, "Veraltet", "x"), &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_int_equal(versions_of(s, id), 2);

	/* Another sub-project and the board cannot revise it. */
	struct client *other = other_submitter(s);
	assert_int_equal(http_get(other, edit, &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(other, "/einreichung", &r), 200);
	resp_free(&r);
	http_post_csrf(other, edit, complete_form(s, revision_of(s, id), "Fremd", "x"), &r);
	assert_status(&r, 404);
	resp_free(&r);
	struct client *board = client_new(s);
	assert_int_equal(login(board, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_post_csrf(board, edit, complete_form(s, revision_of(s, id), "Gremium", "x"), &r);
	assert_status(&r, 403);
	resp_free(&r);
	assert_int_equal(versions_of(s, id), 2);

	/* After the deadline: no revising, the version stays. */
	srv_sql(s,
	        tstr("UPDATE call SET closes_at = strftime('%%s', 'now') - 60 WHERE id = %ld",
	             open_call(s)),
	        NULL);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 200);
	assert_body_lacks(&r, "Revise proposal");
	resp_free(&r);
	http_get(c, edit, &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);
	http_post_csrf(c, edit, complete_form(s, revision_of(s, id), "Zu spät", "x"), &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_int_equal(versions_of(s, id), 2);
	client_free(board);
	client_free(other);
	client_free(admin);
	client_free(c);
}

/* ---- the PDF receipt ---- */

static char *
pdf_text(struct srv *s, const struct resp *r)
{
	const char *path = tstr("%s/receipt.pdf", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(argv, NULL, &out), 0);
	/* Lines wrap: compare without white space. */
	char *o = out;
	for (const char *p = out; *p; p++)
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != '\f')
			*o++ = *p;
	*o = '\0';
	return out;
}

static void
test_receipt_pdf(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = submitted(s, c, "Quittung bitte");
	const char *edit = tstr("/vorschlag/%ld/bearbeiten", id);
	const char *receipt = tstr("/vorschlag/%ld/eingangsbestaetigung.pdf", id);
	struct resp r;
	assert_int_equal(http_get(c, edit, &r), 200);
	resp_free(&r);
	http_post_csrf(c, edit,
	               complete_form(s, revision_of(s, id), "Quittung überarbeitet", "Neu."), &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);

	assert_int_equal(http_get(c, receipt, &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/pdf");
	assert_non_null(strstr(resp_header(&r, "Cache-Control"), "no-store"));
	char *text = pdf_text(s, &r);
	assert_non_null(strstr(text, "Receiptofyourproposal"));
	assert_non_null(strstr(text, "Quittungüberarbeitet"));
	assert_non_null(strstr(text, "Version:2"));
	assert_non_null(strstr(text, "replacesversion1"));
	assert_non_null(strstr(text, "Neu."));
	assert_non_null(strstr(text, "Efficienttotransfer")); /* the self-assessment */
	free(text);
	/* Deterministic: the same version, the same bytes. */
	struct resp again;
	assert_int_equal(http_get(c, receipt, &again), 200);
	assert_int_equal(again.body_len, r.body_len);
	assert_memory_equal(again.body, r.body, r.body_len);
	resp_free(&again);
	resp_free(&r);

	/* The office gets it; another sub-project and the public do not. */
	struct client *admin = client_new(s);
	assert_int_equal(login(admin, DEMO_ADMIN, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(admin, receipt, &r), 200);
	resp_free(&r);
	struct client *other = other_submitter(s);
	assert_int_equal(http_get(other, receipt, &r), 404);
	resp_free(&r);
	struct client *anon = client_new(s);
	http_get(anon, receipt, &r);
	assert_redirect(&r, tstr("/anmelden?next=%s", receipt));
	resp_free(&r);

	/* A board member who reads a proposal in review gets no receipt of it. */
	long review = srv_sql_long(s, "SELECT p.id FROM proposal p JOIN call c ON c.id = p.call_id "
	                              "WHERE c.phase = 'review' AND p.state = 'in_review' "
	                              "ORDER BY p.id LIMIT 1");
	srv_sql(s,
	        tstr("INSERT INTO proposal_version(proposal_id, number, content, submitted_by, "
	             "submitted_at) SELECT %ld, 1, '{}', 3, 1790000000 WHERE NOT EXISTS (SELECT 1 "
	             "FROM proposal_version WHERE proposal_id = %ld)",
	             review, review),
	        NULL);
	struct client *board = client_new(s);
	assert_int_equal(login(board, DEMO_BOARD, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(board, tstr("/vorschlag/%ld", review), &r), 200);
	resp_free(&r);
	assert_int_equal(
	    http_get(board, tstr("/vorschlag/%ld/eingangsbestaetigung.pdf", review), &r), 404);
	resp_free(&r);
	assert_int_equal(
	    http_get(admin, tstr("/vorschlag/%ld/eingangsbestaetigung.pdf", review), &r), 200);
	resp_free(&r);

	/* A draft has no receipt yet. */
	long draft = new_draft(s, c);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/eingangsbestaetigung.pdf", draft), &r),
	                 404);
	resp_free(&r);
	client_free(board);
	client_free(anon);
	client_free(other);
	client_free(admin);
	client_free(c);
}

/* ---- the practice made from a proposal ---- */

#define BOUNDARY "----LeuchtturmReviseBoundary7MA4YWxk"

static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

static long
upload(struct client *c, long id, const char *filename, struct resp *r)
{
	struct resp page;
	http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &page);
	resp_free(&page);
	const char *body = tstr("--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\""
	                        "\r\n\r\n%s\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
	                        "name=\"file\"; filename=\"%s\"\r\nContent-Type: "
	                        "application/pdf\r\n\r\n%s\r\n--" BOUNDARY "--\r\n",
	                        client_csrf(c), filename, pdf);
	struct req q = {.method = "POST",
	                .path = tstr("/vorschlag/%ld/anhaenge", id),
	                .body = body,
	                .content_type = "multipart/form-data; boundary=" BOUNDARY};
	return http_request(c, &q, r);
}

static void
test_practice_from_proposal_carries_files_and_publishes_when_complete(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	/* A file of the sub-project, given to its selected proposal (which can no longer be
	 * edited, so the row is copied; the file is content-addressed). */
	long draft = new_draft(s, c);
	struct resp r;
	assert_int_equal(upload(c, draft, "Leitfaden.pdf", &r), 303);
	resp_free(&r);
	long selected = srv_sql_long(
	    s, "SELECT p.id FROM proposal p WHERE p.state = 'selected' AND p.organisation_id = "
	       "(SELECT organisation_id FROM user_account WHERE email = '" DEMO_SUBMITTER "') "
	       "AND NOT EXISTS (SELECT 1 FROM practice x WHERE x.proposal_id = p.id) "
	       "ORDER BY p.id LIMIT 1");
	srv_sql(s,
	        tstr("INSERT INTO attachment(proposal_id, sha256, filename, content_type, size, "
	             "uploaded_by, uploaded_at) SELECT %ld, sha256, filename, content_type, size, "
	             "uploaded_by, uploaded_at FROM attachment WHERE proposal_id = %ld",
	             selected, draft),
	        NULL);

	struct client *admin = english_login(s, DEMO_ADMIN, DEMO_PASSWORD);
	assert_int_equal(http_get(admin, "/admin/praxis", &r), 200);
	assert_body_has(&r, "name=\"files\"");
	resp_free(&r);
	http_post_form(admin, "/admin/praxis/aus-vorschlag", tstr("proposal=%ld&files=1", selected),
	               &r);
	assert_status(&r, 403); /* no token */
	resp_free(&r);
	assert_int_equal(http_get(admin, "/admin/praxis", &r), 200);
	resp_free(&r);
	http_post_csrf(admin, "/admin/praxis/aus-vorschlag", tstr("proposal=%ld&files=1", selected),
	               &r);
	assert_status(&r, 303);
	long practice =
	    srv_sql_long(s, tstr("SELECT id FROM practice WHERE proposal_id = %ld", selected));
	assert_redirect(&r, tstr("/admin/praxis/%ld", practice));
	resp_free(&r);
	assert_string_equal(
	    kept_text(s, tstr("SELECT kind || ' ' || title FROM practice_file WHERE "
	                      "practice_id = %ld AND removed_at IS NULL",
	                      practice)),
	    "download Leitfaden.pdf");

	/* Publishing lists what is missing, with links, and refuses until it is complete. */
	const char *base = tstr("/admin/praxis/%ld", practice);
	assert_int_equal(http_get(admin, base, &r), 200);
	assert_body_has(&r, "href=\"#f-term\">Please choose at least one target group.</a>");
	assert_body_has(&r, "href=\"#f-criterion_innovative\">Innovative: This field is required.");
	resp_free(&r);
	const char *form =
	    tstr("title=%s&teaser=%s&art=%ld&organisation_name=%s&organisation_kind=teilprojekt"
	         "&situation=%s&implementation=%s&results=%s&transfer=%s&term=%ld&term=%ld&term=%ld"
	         "&term=%ld&criterion_transferable=T&criterion_innovative=I&criterion_sustainable=S"
	         "&criterion_efficient=E&contact_email=%s",
	         tenc("Anerkennung in 100 Tagen"), tenc("Begleitung bis zum Bescheid."),
	         term_id(s, "art", "instrument"), tenc("Anerkennungsberatung Stuttgart"),
	         tenc("Lange Wartezeiten."), tenc("Feste Ansprechperson."), tenc("Schneller."),
	         tenc("Übertragbar."), term_id(s, "handlungsfeld", "anerkennungsberatung"),
	         term_id(s, "zielgruppe", "gefluechtete"), term_id(s, "adressat", "jobcenter"),
	         term_id(s, "bundesland", "bw"), tenc("kontakt@example.org"));
	http_post_csrf(admin, base, form, &r); /* without a contact person */
	assert_redirect(&r, base);
	resp_free(&r);
	assert_int_equal(http_get(admin, base, &r), 200);
	assert_body_has(&r, "href=\"#f-contact_name\">Contact person: This field is required.</a>");
	assert_body_lacks(&r, "Please choose at least one target group.");
	resp_free(&r);
	http_post_csrf(admin, tstr("%s/veroeffentlichen", base), "", &r);
	assert_redirect(&r, base);
	resp_free(&r);
	assert_string_equal(
	    kept_text(s, tstr("SELECT status FROM practice WHERE id = %ld", practice)),
	    "unpublished");
	assert_int_equal(http_get(admin, base, &r), 200);
	assert_body_has(&r, "is not complete yet");
	resp_free(&r);
	http_post_csrf(admin, base, tstr("%s&contact_name=%s", form, tenc("Aylin Demir")), &r);
	assert_redirect(&r, base);
	resp_free(&r);
	assert_int_equal(http_get(admin, base, &r), 200);
	assert_body_has(&r, "Everything publishing needs is there.");
	resp_free(&r);
	http_post_csrf(admin, tstr("%s/veroeffentlichen", base), "", &r);
	assert_redirect(&r, base);
	resp_free(&r);
	assert_string_equal(
	    kept_text(s, tstr("SELECT status FROM practice WHERE id = %ld", practice)),
	    "published");

	/* The sub-project's proposal links to its public page. */
	const char *slug = kept_text(s, tstr("SELECT slug FROM practice WHERE id = %ld", practice));
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", selected), &r), 200);
	assert_body_has(&r, tstr("href=\"/praxis/%s\"", slug));
	resp_free(&r);
	client_free(admin);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_call_page_for_submitters, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_errors_name_their_field, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_revise_until_the_deadline, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_receipt_pdf, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_practice_from_proposal_carries_files_and_publishes_when_complete, srv_setup,
	        srv_teardown),
	};
	return cmocka_run_group_tests_name("http_submission_revise", tests, NULL, NULL);
}
