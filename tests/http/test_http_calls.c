/* HTTP integration tests for the coordination office's calls: who may see them, creating
 * and editing with dates entered in Berlin time (around the summer-time changes too), and
 * moving a call through its phases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* A client that asks for English; with an email, that account logged in (in English). */
static struct client *
as(struct srv *s, const char *email)
{
	if (email)
		return login_english(s, email, DEMO_PASSWORD);
	struct client *c = client_new(s);
	client_header(c, "Accept-Language: en");
	return c;
}

/* A create form; dates as typed into datetime-local inputs. */
static const char *
call_form(const char *title, const char *opens, const char *closes, const char *review,
          const char *meeting)
{
	return tstr("title=%s&body=%s&opens_at=%s&closes_at=%s&review_until=%s&meeting_at=%s",
	            tenc(title), tenc("Gesucht: **gute** Ansätze."), tenc(opens), tenc(closes),
	            tenc(review), tenc(meeting));
}

/* Creates a call through the form and returns its id. */
static long
create_call(struct srv *s, struct client *c, const char *title, const char *closes)
{
	struct resp r;
	assert_int_equal(http_get(c, "/admin/ausschreibungen/neu", &r), 200);
	resp_free(&r);
	http_post_csrf(
	    c, "/admin/ausschreibungen/neu",
	    call_form(title, "2026-02-01T09:00", closes, "2026-05-01T18:00", "2026-06-01T10:00"),
	    &r);
	assert_status(&r, 303);
	long id = 0;
	assert_int_equal(sscanf(resp_header(&r, "Location"), "/admin/ausschreibungen/%ld", &id), 1);
	resp_free(&r);
	return id;
}

/* ---- who may see what ---- */

static void
test_pages_by_role(void **state)
{
	struct srv *s = *state;
	long open = srv_first_call(s, "open"), resub = srv_first_proposal(s, "resubmitted");
	long term = srv_sql_long(s, "SELECT id FROM taxonomy_term WHERE key = 'konzept'");
	long org = srv_sql_long(s, "SELECT id FROM organisation ORDER BY id LIMIT 1");
	const char *paths[] = {
	    "/admin/ausschreibungen",
	    "/admin/ausschreibungen/neu",
	    tstr("/admin/ausschreibungen/%ld", open),
	    tstr("/admin/ausschreibungen/%ld/bearbeiten", open),
	    tstr("/admin/ausschreibungen/%ld/vorschlaege", open),
	    tstr("/admin/vorschlaege/%ld", resub),
	    tstr("/admin/vorschlaege/%ld/vergleich", resub),
	    "/admin/stammdaten",
	    tstr("/admin/stammdaten/begriffe/%ld", term),
	    "/admin/stammdaten/organisationen",
	    tstr("/admin/stammdaten/organisationen/%ld", org),
	};
	struct client *anon = as(s, NULL), *sub = as(s, DEMO_SUBMITTER), *board = as(s, DEMO_BOARD),
	              *admin = as(s, DEMO_ADMIN);
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct resp r;
		http_get(anon, paths[i], &r);
		assert_redirect(&r, tstr("/anmelden?next=%s", paths[i]));
		resp_free(&r);
		http_get(sub, paths[i], &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_get(board, paths[i], &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_get(admin, paths[i], &r);
		assert_status(&r, 200);
		assert_body_lacks(&r, "Untitled proposal");
		resp_free(&r);
	}
	/* The office's navigation leads there; others do not see the entries. */
	struct resp r;
	http_get(admin, "/start", &r);
	assert_body_has(&r, "href=\"/admin/ausschreibungen\"");
	assert_body_has(&r, "href=\"/admin/stammdaten\"");
	resp_free(&r);
	http_get(sub, "/start", &r);
	assert_body_lacks(&r, "href=\"/admin/ausschreibungen\"");
	resp_free(&r);

	/* The changing routes: a submitter's and a board member's valid forms are refused,
	 * and nothing changes. */
	long submitted = srv_first_proposal(s, "submitted");
	const struct {
		const char *path, *form;
	} posts[] = {
	    {tstr("/admin/ausschreibungen/%ld/phase", open), "phase=review"},
	    {tstr("/admin/ausschreibungen/%ld/bearbeiten", open),
	     call_form("Gekapert", "2026-02-01T09:00", "2026-03-01T09:00", "2026-04-01T09:00",
	               "2026-05-01T09:00")},
	    {"/admin/ausschreibungen/neu",
	     call_form("Gekapert", "2026-02-01T09:00", "2026-03-01T09:00", "2026-04-01T09:00",
	               "2026-05-01T09:00")},
	    {tstr("/admin/vorschlaege/%ld/entscheidung", submitted), "outcome=ineligible&reason=x"},
	    {tstr("/admin/vorschlaege/%ld/rueckfrage", submitted), "body=Hallo"},
	    {tstr("/admin/stammdaten/begriffe/%ld/ausmustern", term), ""},
	    {"/admin/stammdaten/begriffe", "kind=art&label_de=Gekapert"},
	};
	long events = srv_sql_long(s, "SELECT count(*) FROM audit_event");
	struct client *who[] = {sub, board};
	for (size_t w = 0; w < 2; w++)
		for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++) {
			http_get(who[w], "/start", &r); /* a page with a token */
			resp_free(&r);
			http_post_csrf(who[w], posts[i].path, posts[i].form, &r);
			assert_status(&r, 403);
			resp_free(&r);
		}
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event"), events);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM call WHERE title = 'Gekapert'"), 0);
	client_free(anon);
	client_free(sub);
	client_free(board);
	client_free(admin);
}

/* ---- the list and one call ---- */

static void
test_list_shows_phases_dates_and_counts(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	struct resp r;
	assert_int_equal(http_get(c, "/admin/ausschreibungen", &r), 200);
	assert_body_has(&r, "Gute Praxis in der Anerkennungsberatung");
	const char *phases[] = {"In preparation", "Open for proposals", "In review", "Deciding",
	                        "Closed"};
	for (size_t i = 0; i < 5; i++)
		assert_body_has(&r, phases[i]);
	/* The open call's counts, as the demo leaves them. */
	char *row = str_between(r.body, "Gute Praxis in der Anerkennungsberatung", "</tr>");
	assert_non_null(row);
	assert_non_null(strstr(row, "Submitted: 1"));
	assert_non_null(strstr(row, "Eligible: 1"));
	assert_non_null(strstr(row, "Returned for revision: 1"));
	free(row);
	resp_free(&r);

	/* One call: Berlin times, the rubric and the gates read-only. */
	long open = srv_first_call(s, "open");
	assert_int_equal(http_get(c, tstr("/admin/ausschreibungen/%ld", open), &r), 200);
	assert_body_has(&r, " 23:59</dd>"); /* the demo's deadline, in Berlin time */
	assert_body_has(&r, "Submission closes in");
	assert_body_has(&r, "Transferable");
	assert_body_has(&r, "Efficient to transfer");
	assert_body_has(&r, "Tested in practice");
	assert_body_has(&r, "Fits the programme");
	assert_body_has(&r, "<h3>Worum es geht</h3>"); /* the call's text as Markdown */
	assert_body_has(&r, "Move to &quot;In review&quot;");
	assert_body_has(&r, "data-confirm=");
	resp_free(&r);
	client_free(c);
}

/* ---- creating and editing ---- */

static void
test_create_refuses_inconsistent_dates_at_the_field(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	long calls = srv_sql_long(s, "SELECT count(*) FROM call");
	struct resp r;
	http_get(c, "/admin/ausschreibungen/neu", &r);
	resp_free(&r);
	const struct {
		const char *opens, *closes, *review, *meeting, *field, *message;
	} bad[] = {
	    {"2026-03-01T09:00", "2026-02-01T09:00", "2026-05-01T09:00", "2026-06-01T09:00",
	     "closes_at", "The call must open before it closes."},
	    {"2026-02-01T09:00", "2026-03-01T09:00", "2026-02-15T09:00", "2026-06-01T09:00",
	     "review_until", "The review must end after the submission deadline."},
	    {"2026-02-01T09:00", "2026-03-01T09:00", "2026-05-01T09:00", "2026-04-01T09:00",
	     "meeting_at", "The board meeting must be after the end of the review."},
	    {"2026-02-01T09:00", "morgen", "2026-05-01T09:00", "2026-06-01T09:00", "closes_at",
	     "Please enter a date and time such as"},
	    {"2026-02-01T09:00", "2026-02-30T09:00", "2026-05-01T09:00", "2026-06-01T09:00",
	     "closes_at", "Please enter a date and time such as"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_post_csrf(c, "/admin/ausschreibungen/neu",
		               call_form("Ausschreibungsrunde 2027/II", bad[i].opens, bad[i].closes,
		                         bad[i].review, bad[i].meeting),
		               &r);
		assert_status(&r, 422);
		assert_body_has(&r, "error-summary");
		assert_body_has(&r, tstr("href=\"#f-%s\"", bad[i].field));
		char *at = str_between(r.body, tstr("id=\"f-%s-error\"", bad[i].field), "</p>");
		assert_non_null(at);
		assert_non_null(strstr(at, bad[i].message));
		free(at);
		/* Everything typed is kept. */
		assert_body_has(&r, "value=\"Ausschreibungsrunde 2027/II\"");
		assert_body_has(&r, tstr("value=\"%s\"", bad[i].closes));
		resp_free(&r);
	}
	/* Missing fields. */
	http_post_csrf(c, "/admin/ausschreibungen/neu", "title=&opens_at=", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-title\"");
	assert_body_has(&r, "href=\"#f-meeting_at\"");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM call"), calls);
	client_free(c);
}

static void
test_deadline_around_the_summer_time_change(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	/* Spring: 03:30 on 29 March 2026 is summer time, 01:30 UTC. */
	long id = create_call(s, c, "Frist nach der Zeitumstellung", "2026-03-29T03:30");
	assert_int_equal(srv_sql_long(s, tstr("SELECT closes_at FROM call WHERE id = %ld", id)),
	                 1774747800);
	struct resp r;
	http_get(c, tstr("/admin/ausschreibungen/%ld", id), &r);
	assert_body_has(&r, "2026-03-29 03:30");
	resp_free(&r);
	http_get(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id), &r);
	assert_body_has(&r, "value=\"2026-03-29T03:30\"");
	resp_free(&r);
	/* German: the same instant in the German format. */
#define LOCALE(l) "UPDATE user_account SET locale = '" l "' WHERE email = '" DEMO_ADMIN "'"
	assert_int_equal(srv_sql(s, LOCALE("de"), NULL), 0);
	http_get(c, tstr("/admin/ausschreibungen/%ld", id), &r);
	assert_body_has(&r, "29.03.2026, 03:30");
	resp_free(&r);
	assert_int_equal(srv_sql(s, LOCALE("en"), NULL), 0);
#undef LOCALE

	/* 02:30 that night does not exist: refused at the field, nothing stored. */
	long calls = srv_sql_long(s, "SELECT count(*) FROM call");
	http_get(c, "/admin/ausschreibungen/neu", &r);
	resp_free(&r);
	http_post_csrf(c, "/admin/ausschreibungen/neu",
	               call_form("Frist in der Lücke", "2026-02-01T09:00", "2026-03-29T02:30",
	                         "2026-05-01T18:00", "2026-06-01T10:00"),
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-closes_at\"");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM call"), calls);

	/* Autumn: 02:30 on 25 October 2026 happens twice; it means the first (summer) one. */
	http_get(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id), &r);
	resp_free(&r);
	http_post_csrf(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id),
	               call_form("Frist in der doppelten Stunde", "2026-09-01T09:00",
	                         "2026-10-25T02:30", "2026-11-01T18:00", "2026-12-01T10:00"),
	               &r);
	assert_redirect(&r, tstr("/admin/ausschreibungen/%ld", id));
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT closes_at FROM call WHERE id = %ld", id)),
	                 1792888200);
	/* 03:30 that day is winter time again: 02:30 UTC. */
	http_get(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id), &r);
	resp_free(&r);
	http_post_csrf(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id),
	               call_form("Frist in der doppelten Stunde", "2026-09-01T09:00",
	                         "2026-10-25T03:30", "2026-11-01T18:00", "2026-12-01T10:00"),
	               &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT closes_at FROM call WHERE id = %ld", id)),
	                 1792895400);
	client_free(c);
}

static void
test_create_and_edit_are_audited(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	long id = create_call(s, c, "Ausschreibungsrunde 2027/II: Übergänge gestalten",
	                      "2026-03-01T23:59");
	char *row =
	    srv_sql_text(s, tstr("SELECT phase || '|' || body FROM call WHERE id = %ld", id));
	assert_string_equal(row, "preparing|Gesucht: **gute** Ansätze.");
	free(row);
	/* The default rubric and gates come with it. */
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM criterion WHERE call_id = %ld", id)), 6);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM gate WHERE call_id = %ld", id)),
	                 4);
	struct resp r;
	http_get(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id), &r);
	assert_body_has(&r, "value=\"2026-03-01T23:59\"");
	resp_free(&r);
	http_post_csrf(c, tstr("/admin/ausschreibungen/%ld/bearbeiten", id),
	               call_form("Ausschreibungsrunde 2027/II: Übergänge gestalten <neu>",
	                         "2026-02-01T09:00", "2026-03-15T23:59", "2026-05-01T18:00",
	                         "2026-06-01T10:00"),
	               &r);
	assert_redirect(&r, tstr("/admin/ausschreibungen/%ld", id));
	resp_free(&r);
	http_get(c, tstr("/admin/ausschreibungen/%ld", id), &r);
	assert_body_has(&r, "Your changes have been saved.");
	assert_body_has(&r, "Übergänge gestalten &lt;neu&gt;");
	resp_free(&r);
	const char *obj = tstr("call:%ld", id);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = '%s' "
	                         "AND action IN ('call.create', 'call.update')",
	                         obj)),
	    2);
	client_free(c);
}

/* ---- phases ---- */

static long
post_phase(struct client *c, long id, const char *phase, struct resp *r)
{
	struct resp p;
	http_get(c, tstr("/admin/ausschreibungen/%ld", id), &p);
	resp_free(&p);
	return http_post_csrf(c, tstr("/admin/ausschreibungen/%ld/phase", id),
	                      tstr("phase=%s", phase), r);
}

static char *
phase_of(struct srv *s, long id)
{
	return srv_sql_text(s, tstr("SELECT phase FROM call WHERE id = %ld", id));
}

static void
test_phases_move_forward_one_step(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	long id = create_call(s, c, "Phasenprobe", "2026-03-01T23:59");
	struct resp r;
	char *p;

	/* A skip is refused and changes nothing. */
	post_phase(c, id, "review", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "phases go forward one step at a time");
	resp_free(&r);
	assert_string_equal(p = phase_of(s, id), "preparing");
	free(p);

	/* The empty call has no board: moving it to review needs the override's reason (the
	 * guards themselves are tested in test_http_phase_guards.c). */
	const char *steps[] = {"open", "review&reason=Nur+die+Schrittfolge+wird+gepr%C3%BCft",
	                       "deciding", "closed"};
	const char *names[] = {"open", "review", "deciding", "closed"};
	for (size_t i = 0; i < 4; i++) {
		post_phase(c, id, steps[i], &r);
		assert_redirect(&r, tstr("/admin/ausschreibungen/%ld", id));
		resp_free(&r);
		assert_string_equal(p = phase_of(s, id), names[i]);
		free(p);
		if (i == 0) {
			/* Only an open call goes back to preparation … */
			post_phase(c, id, "preparing", &r);
			assert_status(&r, 303);
			resp_free(&r);
			post_phase(c, id, "open", &r);
			assert_status(&r, 303);
			resp_free(&r);
		}
		if (i == 1) {
			/* … a call in review does not. */
			post_phase(c, id, "open", &r);
			assert_status(&r, 409);
			resp_free(&r);
		}
	}
	/* Closed is the end; nonsense is refused. */
	post_phase(c, id, "closed", &r);
	assert_status(&r, 409);
	resp_free(&r);
	post_phase(c, id, "published", &r);
	assert_status(&r, 422);
	resp_free(&r);
	http_get(c, tstr("/admin/ausschreibungen/%ld", id), &r);
	assert_body_lacks(&r, "/phase\"");
	resp_free(&r);
	assert_string_equal(p = phase_of(s, id), "closed");
	free(p);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = "
	                                      "'call:%ld' AND action = 'call.phase'",
	                                      id)),
	                 6);
	client_free(c);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_pages_by_role),
	    T(test_list_shows_phases_dates_and_counts),
	    T(test_create_refuses_inconsistent_dates_at_the_field),
	    T(test_deadline_around_the_summer_time_change),
	    T(test_create_and_edit_are_audited),
	    T(test_phases_move_forward_one_step),
	};
#undef T
	return cmocka_run_group_tests_name("http_calls", tests, NULL, NULL);
}
