/* The audit log's sentences and the names of its objects. */
#include "domain/audit_text.h"
#include "domain/site.h"
#include "store/store.h"
#include "util/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Entries with a detail_key come before the general entry of the same action. */
const struct audit_kind audit_kinds[] = {
    {"session.login", NULL, NULL, N_("{who} logged in")},
    {"session.logout", NULL, NULL, N_("{who} logged out")},
    {"user.create", NULL, NULL, N_("{who} created the account of {what}")},
    {"user.password", NULL, NULL, N_("{who} set a new password for {what}")},
    {"user.profile", NULL, NULL, N_("{who} changed the name or language of {what}")},
    {"user.roles", NULL, NULL, N_("{who} changed the roles of {what}")},
    {"user.activate", NULL, NULL, N_("{who} activated the account of {what}")},
    {"user.deactivate", NULL, NULL, N_("{who} deactivated the account of {what}")},
    {"user.organisation", NULL, NULL, N_("{who} changed the organisation of {what}")},
    {"user.reset_requested", NULL, NULL, N_("A password reset was requested for {what}")},
    {"user.data_exported", NULL, NULL, N_("{who} downloaded the data of {what}")},
    {"user.erased", NULL, NULL, N_("{who} erased the personal data of {what}")},
    {"log.retention", NULL, NULL,
     N_("The access log was moved aside for the day and logs past their retention removed")},
    {"retention.years", NULL, NULL,
     N_("{who} changed how long the contact data of proposals not selected is kept")},
    {"organisation.create", NULL, NULL, N_("{who} added the organisation “{what}”")},
    {"organisation.update", NULL, NULL, N_("{who} changed the organisation “{what}”")},
    {"term.create", NULL, NULL, N_("{who} added the term “{what}”")},
    {"term.rename", NULL, NULL, N_("{who} renamed the term “{what}”")},
    {"term.retire", NULL, NULL, N_("{who} retired the term “{what}”")},
    {"term.restore", NULL, NULL, N_("{who} brought back the term “{what}”")},
    {"term.delete", NULL, NULL, N_("{who} deleted the term “{what}”")},
    {"call.create", NULL, NULL, N_("{who} created the call “{what}”")},
    {"call.update", NULL, NULL, N_("{who} changed the call “{what}”")},
    {"call.phase", "to", "open", N_("{who} opened the call “{what}” for proposals")},
    {"call.phase", "to", "review", N_("{who} started the review of the call “{what}”")},
    {"call.phase", "to", "deciding", N_("{who} moved the call “{what}” to the decision")},
    {"call.phase", "to", "closed", N_("{who} closed the call “{what}”")},
    {"call.phase", NULL, NULL, N_("{who} changed the phase of the call “{what}”")},
    {"proposal.create", NULL, NULL, N_("{who} started the proposal “{what}”")},
    {"proposal.save", NULL, NULL, N_("{who} saved the proposal “{what}”")},
    {"proposal.personal_data_removed", NULL, NULL,
     N_("The contact data of the proposal “{what}” was removed after its retention period")},
    {"proposal.submit", NULL, NULL, N_("{who} submitted the proposal “{what}”")},
    {"proposal.resubmit", NULL, NULL, N_("{who} submitted the proposal “{what}” again")},
    {"proposal.withdraw", NULL, NULL, N_("{who} withdrew the proposal “{what}”")},
    {"proposal.formal_check", "outcome", "eligible",
     N_("{who} marked the proposal “{what}” as eligible")},
    {"proposal.formal_check", "outcome", "ineligible",
     N_("{who} marked the proposal “{what}” as not eligible")},
    {"proposal.formal_check", "outcome", "returned",
     N_("{who} returned the proposal “{what}” for revision")},
    {"proposal.formal_check", NULL, NULL, N_("{who} completed the formal check of “{what}”")},
    {"proposal.gate_check", NULL, NULL,
     N_("{who} checked formal criteria of the proposal “{what}”")},
    {"proposal.message", NULL, NULL, N_("{who} wrote a message on the proposal “{what}”")},
    {"proposal.carried_over", NULL, NULL,
     N_("{who} carried the proposal “{what}” over to a new call")},
    {"proposal.review_start", NULL, NULL, N_("The proposal “{what}” went into the review")},
    {"proposal.published", NULL, NULL,
     N_("{who} published the proposal “{what}” as a good practice")},
    {"attachment.add", NULL, NULL, N_("{who} attached a file to the proposal “{what}”")},
    {"attachment.remove", NULL, NULL, N_("{who} removed a file from the proposal “{what}”")},
    {"board.add", NULL, NULL, N_("{who} added a member to the board of the call “{what}”")},
    {"board.remove", NULL, NULL, N_("{who} removed a member from the board of the call “{what}”")},
    {"review.settings", NULL, NULL, N_("{who} changed the review settings of the call “{what}”")},
    {"review.assign", NULL, NULL, N_("{who} assigned a member to rate the proposal “{what}”")},
    {"review.unassign", NULL, NULL, N_("{who} took back an assignment of the proposal “{what}”")},
    {"review.auto_assign", NULL, NULL,
     N_("{who} assigned the proposals of the call “{what}” automatically")},
    {"review.ask", NULL, NULL, N_("{who} asked one more member to rate the proposal “{what}”")},
    {"review.remind", NULL, NULL,
     N_("{who} reminded a member of missing ratings in the call “{what}”")},
    {"review.save", NULL, NULL, N_("{who} saved a draft rating of the proposal “{what}”")},
    {"review.submit", NULL, NULL, N_("{who} submitted a rating of the proposal “{what}”")},
    {"rubric.update", NULL, NULL, N_("{who} changed the criteria of the call “{what}”")},
    {"conflict.declare", NULL, NULL,
     N_("{who} declared a conflict of interest on the proposal “{what}”")},
    {"conflict.set", NULL, NULL,
     N_("{who} recorded a conflict of interest on the proposal “{what}”")},
    {"conflict.remove", NULL, NULL,
     N_("{who} lifted a conflict of interest on the proposal “{what}”")},
    {"discussion.post", NULL, NULL,
     N_("{who} wrote in the board's discussion of the proposal “{what}”")},
    {"notification.settings", NULL, NULL, N_("{who} changed the e-mail notifications of {what}")},
    {"meeting.save", NULL, NULL, N_("{who} recorded the meeting of the call “{what}”")},
    {"decision.vote", NULL, NULL, N_("{who} recorded the votes on the proposal “{what}”")},
    {"decision.record", NULL, NULL, N_("{who} recorded the decision on the proposal “{what}”")},
    {"decision.amend", NULL, NULL, N_("{who} amended the decision on the proposal “{what}”")},
    {"decision.letter", NULL, NULL, N_("{who} sent the decision letter on the proposal “{what}”")},
    {"letter.template", NULL, NULL, N_("{who} changed a letter template of the call “{what}”")},
    {"protocol.issue", NULL, NULL, N_("{who} issued the decision record of the call “{what}”")},
    {"practice.create", NULL, NULL, N_("{who} created the good practice “{what}”")},
    {"practice.update", NULL, NULL, N_("{who} changed the good practice “{what}”")},
    {"practice.publish", NULL, NULL, N_("{who} published the good practice “{what}”")},
    {"practice.unpublish", NULL, NULL, N_("{who} took the good practice “{what}” offline")},
    {"practice.archive", NULL, NULL, N_("{who} archived the good practice “{what}”")},
    {"practice.import", NULL, NULL, N_("{who} imported the good practice “{what}”")},
    {"practice.file_add", NULL, NULL, N_("{who} added a file to the good practice “{what}”")},
    {"practice.file_remove", NULL, NULL,
     N_("{who} removed a file from the good practice “{what}”")},
    {"mail.sent", NULL, NULL, N_("The e-mail “{what}” was sent")},
    {"mail.failed", NULL, NULL, N_("The e-mail “{what}” could not be delivered")},
    {"site_page.update", NULL, NULL, N_("{who} changed the page “{what}”")},
    {"feedback.receive", NULL, NULL, N_("Feedback on accessibility arrived ({what})")},
    {"collection.create", NULL, NULL, N_("{who} created the collection “{what}”")},
    {"collection.update", NULL, NULL, N_("{who} changed the collection “{what}”")},
    {"collection.publish", NULL, NULL, N_("{who} published the collection “{what}”")},
    {"collection.unpublish", NULL, NULL, N_("{who} took the collection “{what}” offline")},
};
const size_t audit_kinds_count = sizeof audit_kinds / sizeof audit_kinds[0];

static bool
detail_is(const char *details, const char *key, const char *value)
{
	json_t *j = json_loads(details ? details : "{}", 0, NULL);
	const char *v = json_string_value(json_object_get(j, key));
	bool is = v && strcmp(v, value) == 0;
	json_decref(j);
	return is;
}

const char *
audit_sentence(const char *action, const char *details)
{
	for (size_t i = 0; i < audit_kinds_count; i++) {
		const struct audit_kind *k = &audit_kinds[i];
		if (strcmp(k->action, action) != 0)
			continue;
		if (!k->detail_key || detail_is(details, k->detail_key, k->detail_value))
			return k->sentence;
	}
	return N_("{who}: “{kind}” on {what}");
}

/* ---- objects ---- */

static const struct {
	const char *kind;
	bool german; /* what people wrote: German whatever the interface speaks */
	struct store_query q;
} names[] = {
    {"proposal", true, {"audit_name_proposal", "SELECT title FROM proposal WHERE id = ?1"}},
    {"call", true, {"audit_name_call", "SELECT title FROM call WHERE id = ?1"}},
    {"practice", true, {"audit_name_practice", "SELECT title FROM practice WHERE id = ?1"}},
    {"term", true, {"audit_name_term", "SELECT label_de FROM taxonomy_term WHERE id = ?1"}},
    {"organisation",
     false,
     {"audit_name_organisation", "SELECT name FROM organisation WHERE id = ?1"}},
    {"user", false, {"audit_name_user", "SELECT name FROM user_account WHERE id = ?1"}},
    {"outbox", false, {"audit_name_outbox", "SELECT subject FROM outbox WHERE id = ?1"}},
    {"collection", true, {"audit_name_collection", "SELECT title FROM collection WHERE id = ?1"}},
};

void
audit_object_describe(struct store *s, struct arena *a, const char *object,
                      struct audit_object *out)
{
	*out = (struct audit_object){.kind = arena_strdup(a, object), .name = "", .slug = ""};
	const char *colon = strchr(object, ':');
	if (!colon)
		return;
	out->kind = arena_strndup(a, object, (size_t)(colon - object));
	out->slug = arena_strdup(a, colon + 1);
	if (strcmp(out->kind, "site_page") == 0) {
		const char *title = site_page_title(colon + 1);
		out->name = title ? title : "";
		out->name_is_msgid = title != NULL;
		return;
	}
	char *end;
	long long id = strtoll(colon + 1, &end, 10);
	if (*end || id <= 0)
		return;
	out->id = id;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(names[i].kind, out->kind) != 0)
			continue;
		struct stmt *st = store_stmt(s, &names[i].q);
		stmt_bind_int(st, 1, id);
		if (stmt_step(st) == STORE_ROW)
			out->name = arena_strdup(a, stmt_text(st, 0));
		stmt_done(st);
		out->german = names[i].german && out->name[0];
		return;
	}
}
