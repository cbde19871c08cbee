/* The board review's test call in the database, for the HTTP tests of the review. */
#include "review_setup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

long
org_id(struct srv *s, const char *name)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM organisation WHERE name = '%s'", name));
	assert_true(id > 0);
	return id;
}

long
user_id(struct srv *s, const char *email)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
	assert_true(id > 0);
	return id;
}

struct client *
as(struct srv *s, const char *email)
{
	return login_english(s, email, DEMO_PASSWORD);
}

void
get_ok(struct client *c, const char *path)
{
	struct resp r;
	http_get(c, path, &r);
	assert_status(&r, 200);
	resp_free(&r);
}

static void
add_board_user(struct srv *s, const char *email, const char *name, long org,
               const char *constituency)
{
	char *out = NULL;
	int rc = srv_cli(s, DEMO_PASSWORD "\n", &out, "user", "add", email, "--name", name,
	                 "--role", "board", "--organisation", tstr("%ld", org), NULL);
	if (rc != 0)
		fail_msg("user add %s: %s", email, out ? out : "");
	free(out);
	srv_sql_exec(s, tstr("UPDATE user_account SET constituency = '%s' WHERE email = '%s'",
	                     constituency, email));
}

void
review_setup(struct srv *s, struct review_call *v, int review_days, int meeting_days)
{
	memset(v, 0, sizeof *v);
	long author = user_id(s, DEMO_SUBMITTER);
	srv_sql_exec(s, tstr("INSERT INTO call(title, body, opens_at, closes_at, review_until, "
	                     "meeting_at, phase, created_at, updated_at) VALUES ('Testrunde "
	                     "Gremium', '', " NOW " - 20 * %d, " NOW " - 10 * %d, " NOW
	                     " + %d * %d, " NOW " + %d * %d, 'preparing', " NOW ", " NOW ")",
	                     DAY, DAY, review_days, DAY, meeting_days, DAY));
	v->call = srv_sql_long(s, "SELECT max(id) FROM call");
	srv_sql_exec(
	    s, tstr("INSERT INTO criterion(call_id, key, parent_key, label_de, label_en, "
	            "guidance_de, guidance_en, weight, position) VALUES "
	            "(%ld, 'transferable', '', 'Transferfähig', 'Transferable', 'Vorbild', "
	            "'Serves as a model', 1, 1), "
	            "(%ld, 'innovative', '', 'Innovativ', 'Innovative', 'Neu', 'New idea', 1, 2), "
	            "(%ld, 'sustainable', '', 'Nachhaltig', 'Sustainable', 'Dauerhaft', "
	            "'Lasts', 1, 3), "
	            "(%ld, 'efficient', '', 'Effizient', 'Efficient', 'Zwei Aspekte', "
	            "'Two aspects', 1, 4), "
	            "(%ld, 'efficient_creation', 'efficient', 'Effizient in der Erstellung', "
	            "'Efficient to create', 'Aufwand', 'Effort in proportion', 1, 5), "
	            "(%ld, 'efficient_transfer', 'efficient', 'Effizient im Transfer', "
	            "'Efficient to transfer', 'Ersparnis', 'Saves time or cost', 1, 6)",
	            v->call, v->call, v->call, v->call, v->call, v->call));
	srv_sql_exec(s, tstr("INSERT INTO scale_level(call_id, level, label_de, label_en) VALUES "
	                     "(%ld, 0, 'nicht erfüllt', 'not met'), (%ld, 1, 'ansatzweise "
	                     "erfüllt', 'partly met'), (%ld, 2, 'überwiegend erfüllt', "
	                     "'largely met'), (%ld, 3, 'voll erfüllt', 'fully met')",
	                     v->call, v->call, v->call, v->call));
	srv_sql_exec(
	    s, tstr("INSERT INTO proposal(call_id, organisation_id, state, title, teaser, "
	            "created_by, updated_by, created_at, updated_at, submitted_at, title_sort) "
	            "VALUES (%ld, %ld, 'eligible', 'Lotsen Stuttgart', 'Anerkennung mit Lotsen.', "
	            "%ld, %ld, " NOW ", " NOW ", " NOW ", 'lotsen stuttgart'), "
	            "(%ld, %ld, 'in_review', 'Pflegebrücke München', 'Pflege mit Brücke.', "
	            "%ld, %ld, " NOW ", " NOW ", " NOW ", 'pflegebrucke munchen')",
	            v->call, org_id(s, "Anerkennungsberatung Stuttgart"), author, author, v->call,
	            org_id(s, "Brückenqualifizierung Pflege München"), author, author));
	v->p1 = srv_sql_long(s, "SELECT id FROM proposal WHERE title = 'Lotsen Stuttgart'");
	v->p2 = srv_sql_long(s, "SELECT id FROM proposal WHERE title = 'Pflegebrücke München'");
	srv_sql_exec(s, tstr("UPDATE call SET phase = 'review' WHERE id = %ld", v->call));

	add_board_user(s, NETWORK_MEMBER, "Bea Netz", org_id(s, "IQ Netzwerk Baden-Württemberg"),
	               "network");
	add_board_user(s, FACH_MEMBER, "Carl Fach", org_id(s, "IQ Fachstelle Einwanderung"),
	               "fachstelle");
	/* Logged in, people see their account's language: English here, for the messages. */
	srv_sql_exec(s, "UPDATE user_account SET locale = 'en'");
	v->a = user_id(s, DEMO_BOARD);
	v->b = user_id(s, NETWORK_MEMBER);
	v->c = user_id(s, FACH_MEMBER);

	/* The office puts them on the board. */
	struct client *admin = as(s, DEMO_ADMIN);
	const char *board = tstr("/admin/ausschreibungen/%ld/gremium", v->call);
	get_ok(admin, board);
	struct resp r;
	const long ids[] = {v->a, v->b, v->c};
	for (int i = 0; i < 3; i++) {
		http_post_csrf(admin, board, tstr("user=%ld", ids[i]), &r);
		assert_redirect(&r, board);
		resp_free(&r);
	}
	http_get(admin, board, &r);
	assert_status(&r, 200);
	assert_body_has(&r, DEMO_BOARD_NAME);
	assert_body_has(&r, "Bea Netz");
	assert_body_has(&r, "Carl Fach");
	assert_body_has(&r, "Specialist office (Fachstelle)");
	resp_free(&r);
	client_free(admin);
	/* Each was told by e-mail; taken here, so a test waiting for its own mail to one of
	 * them gets that one. */
	const char *told[] = {DEMO_BOARD, NETWORK_MEMBER, FACH_MEMBER};
	for (int i = 0; i < 3; i++) {
		char *mail = srv_wait_mail(s, told[i], 60000);
		assert_non_null(mail);
		assert_non_null(strstr(mail, "Testrunde Gremium"));
		free(mail);
	}
}
