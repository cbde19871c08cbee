/* Calls, their phases and their default rubric and gates. */
#include "domain/call.h"
#include "domain/audit.h"
#include "domain/board_admin.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *const phase_names[] = {"preparing", "open", "review", "deciding", "closed"};

const char *
call_phase_name(enum call_phase p)
{
	return phase_names[p];
}

int
call_phase_parse(const char *name)
{
	for (int i = 0; i < 5; i++)
		if (name && strcmp(phase_names[i], name) == 0)
			return i;
	return -1;
}

const char *
call_phase_label(enum call_phase p)
{
	static const char *const labels[] = {N_("In preparation"), N_("Open for proposals"),
	                                     N_("In review"), N_("Deciding"), N_("Closed")};
	return labels[p];
}

const char *
call_check_dates(int64_t opens, int64_t closes, int64_t review_until, int64_t meeting)
{
	if (opens >= closes)
		return N_("The call must open before it closes.");
	if (closes > review_until)
		return N_("The review must end after the submission deadline.");
	if (review_until > meeting)
		return N_("The board meeting must be after the end of the review.");
	return NULL;
}

/* The programme's rubric: key, parent, labels, guidance (de, en). */
static const struct {
	const char *key, *parent, *de, *en, *gde, *gen;
} default_criteria[] = {
    {"transferable", "", "Transferfähig", "Transferable",
     "Dient als Vorbild für neue Projekte, lässt sich an andere Bedingungen anpassen und ohne "
     "zusätzlichen Aufwand in die Regelinstitutionen überführen.",
     "Serves as a model for new projects, adapts to other conditions and moves into the "
     "mainstream institutions without extra effort."},
    {"innovative", "", "Innovativ", "Innovative",
     "Beantwortet eine aktuelle Herausforderung mit einer neuen, kreativen Idee.",
     "Answers a current challenge with a new, creative idea."},
    {"sustainable", "", "Nachhaltig", "Sustainable",
     "Wirkt dauerhaft – in den Angebotsstrukturen und in den Effekten.",
     "Lasts – in its offer structures and in its effects."},
    {"efficient", "", "Effizient", "Efficient",
     "Effizient in der Erstellung und im Transfer (zwei Aspekte).",
     "Efficient to create and to transfer (two aspects)."},
    {"efficient_creation", "efficient", "Effizient in der Erstellung", "Efficient to create",
     "Der Aufwand an Personal, Zeit und Kosten steht in einem angemessenen Verhältnis zum "
     "Erfolg.",
     "The effort in staff, time and cost is in proportion to the success."},
    {"efficient_transfer", "efficient", "Effizient im Transfer", "Efficient to transfer",
     "Wer die Praxis übernimmt, spart Zeit oder Kosten.",
     "Whoever adopts the practice saves time or cost."},
};

static const struct {
	const char *de, *en;
} default_levels[] = {{"nicht erfüllt", "not met"},
                      {"ansatzweise erfüllt", "partly met"},
                      {"überwiegend erfüllt", "largely met"},
                      {"voll erfüllt", "fully met"}};

static const struct {
	const char *de, *en;
} default_gates[] = {
    {"In der Praxis erprobt", "Tested in practice"},
    {"Erfahrungen mit der Umsetzung dokumentiert", "Experience of implementation documented"},
    {"Erfolg nachgewiesen", "Evidence of success"},
    {"Passt zum Förderprogramm", "Fits the programme"},
};

static const struct store_query q_insert = {
    "call_insert",
    "INSERT INTO call(title, body, opens_at, closes_at, review_until, "
    "meeting_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id"};
static const struct store_query q_criterion = {
    "call_criterion_insert",
    "INSERT INTO criterion(call_id, key, parent_key, label_de, label_en, guidance_de, "
    "guidance_en, weight, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)"};
static const struct store_query q_level = {
    "call_level_insert",
    "INSERT INTO scale_level(call_id, level, label_de, label_en) VALUES (?1, ?2, ?3, ?4)"};
static const struct store_query q_gate = {
    "call_gate_insert",
    "INSERT INTO gate(call_id, position, label_de, label_en) VALUES (?1, ?2, ?3, ?4)"};

static int
seed_rubric(struct store *s, int64_t id)
{
	for (size_t i = 0; i < sizeof default_criteria / sizeof default_criteria[0]; i++) {
		struct stmt *st = store_stmt(s, &q_criterion);
		stmt_bind_int(st, 1, id);
		stmt_bind_text(st, 2, default_criteria[i].key);
		stmt_bind_text(st, 3, default_criteria[i].parent);
		stmt_bind_text(st, 4, default_criteria[i].de);
		stmt_bind_text(st, 5, default_criteria[i].en);
		stmt_bind_text(st, 6, default_criteria[i].gde);
		stmt_bind_text(st, 7, default_criteria[i].gen);
		stmt_bind_int(st, 8, (int64_t)i + 1);
		if (stmt_exec(st) != STORE_OK)
			return -1;
	}
	for (size_t i = 0; i < 4; i++) {
		struct stmt *st = store_stmt(s, &q_level);
		stmt_bind_int(st, 1, id);
		stmt_bind_int(st, 2, (int64_t)i);
		stmt_bind_text(st, 3, default_levels[i].de);
		stmt_bind_text(st, 4, default_levels[i].en);
		if (stmt_exec(st) != STORE_OK)
			return -1;
	}
	for (size_t i = 0; i < sizeof default_gates / sizeof default_gates[0]; i++) {
		struct stmt *st = store_stmt(s, &q_gate);
		stmt_bind_int(st, 1, id);
		stmt_bind_int(st, 2, (int64_t)i + 1);
		stmt_bind_text(st, 3, default_gates[i].de);
		stmt_bind_text(st, 4, default_gates[i].en);
		if (stmt_exec(st) != STORE_OK)
			return -1;
	}
	return 0;
}

static json_t *
call_json(const char *title, int64_t opens, int64_t closes, int64_t review, int64_t meeting)
{
	return json_pack("{s:s,s:I,s:I,s:I,s:I}", "title", title, "opens_at", (json_int_t)opens,
	                 "closes_at", (json_int_t)closes, "review_until", (json_int_t)review,
	                 "meeting_at", (json_int_t)meeting);
}

static int
audit_call(struct store *s, int64_t actor, int64_t id, const char *action, json_t *details)
{
	char obj[32];
	snprintf(obj, sizeof obj, "call:%lld", (long long)id);
	return audit_log(s, actor, action, obj, details);
}

int64_t
call_create(struct store *s, int64_t actor, const char *title, const char *body, int64_t opens,
            int64_t closes, int64_t review_until, int64_t meeting)
{
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, title);
	stmt_bind_text(st, 2, body);
	stmt_bind_int(st, 3, opens);
	stmt_bind_int(st, 4, closes);
	stmt_bind_int(st, 5, review_until);
	stmt_bind_int(st, 6, meeting);
	stmt_bind_int(st, 7, time_now());
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		return -1;
	if (seed_rubric(s, id) != 0 ||
	    audit_call(s, actor, id, "call.create",
	               call_json(title, opens, closes, review_until, meeting)) != 0)
		return -1;
	return id;
}

static const struct store_query q_update = {
    "call_update", "UPDATE call SET title = ?2, body = ?3, opens_at = ?4, closes_at = ?5, "
                   "review_until = ?6, meeting_at = ?7, updated_at = ?8 WHERE id = ?1"};

int
call_update(struct store *s, int64_t actor, int64_t id, const char *title, const char *body,
            int64_t opens, int64_t closes, int64_t review_until, int64_t meeting)
{
	struct stmt *st = store_stmt(s, &q_update);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, title);
	stmt_bind_text(st, 3, body);
	stmt_bind_int(st, 4, opens);
	stmt_bind_int(st, 5, closes);
	stmt_bind_int(st, 6, review_until);
	stmt_bind_int(st, 7, meeting);
	stmt_bind_int(st, 8, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	return audit_call(s, actor, id, "call.update",
	                  call_json(title, opens, closes, review_until, meeting));
}

static const struct store_query q_phase = {
    "call_phase", "UPDATE call SET phase = ?3, updated_at = ?4 WHERE id = ?1 AND phase = ?2"};

static const struct store_query q_to_review = {
    "call_to_review", "UPDATE proposal SET state = 'in_review', updated_at = ?2, updated_by = "
                      "coalesce(nullif(?3, 0), updated_by) "
                      "WHERE call_id = ?1 AND state = 'eligible' RETURNING id"};

/* When the review starts, every eligible proposal of the call goes to the board, each
 * change audited. One statement, so no proposal is left behind whatever their number. */
static int
start_review(struct store *s, int64_t actor, int64_t call_id)
{
	struct stmt *st = store_stmt(s, &q_to_review);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, time_now());
	stmt_bind_int(st, 3, actor);
	/* The ids first: writing audit events while the UPDATE is still stepping would reset
	 * it (one statement per query). */
	struct buf ids = BUF_INIT;
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		int64_t id = stmt_int(st, 0);
		buf_append(&ids, &id, sizeof id);
	}
	stmt_done(st);
	if (rc != STORE_DONE) {
		buf_free(&ids);
		return -1;
	}
	for (size_t off = 0; off < ids.len; off += sizeof(int64_t)) {
		int64_t id;
		memcpy(&id, ids.data + off, sizeof id);
		char obj[40];
		snprintf(obj, sizeof obj, "proposal:%lld", (long long)id);
		if (audit_log(s, actor, "proposal.review_start", obj,
		              json_pack("{s:I}", "call", (json_int_t)call_id)) != 0) {
			buf_free(&ids);
			return -1;
		}
	}
	buf_free(&ids);
	/* The board hears of it by e-mail (issue #10, point 6). */
	return board_tell_review_start(s, actor, call_id);
}

int
call_set_phase(struct store *s, int64_t actor, int64_t id, enum call_phase to)
{
	return call_set_phase_noting(s, actor, id, to, NULL);
}

int
call_set_phase_noting(struct store *s, int64_t actor, int64_t id, enum call_phase to, json_t *note)
{
	struct arena a = {0};
	struct call c;
	int rc = -1;
	if (!call_find(s, &a, id, &c))
		goto out;
	/* Forward one step at a time; an open call may go back to preparation. */
	if (!((int)to == (int)c.phase + 1 || (c.phase == PHASE_OPEN && to == PHASE_PREPARING))) {
		rc = 1;
		goto out;
	}
	struct stmt *st = store_stmt(s, &q_phase);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, call_phase_name(c.phase));
	stmt_bind_text(st, 3, call_phase_name(to));
	stmt_bind_int(st, 4, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		goto out;
	json_t *details =
	    json_pack("{s:s,s:s}", "from", call_phase_name(c.phase), "to", call_phase_name(to));
	if (note)
		json_object_update(details, note);
	rc = audit_call(s, actor, id, "call.phase", details);
	if (rc == 0 && to == PHASE_REVIEW)
		rc = start_review(s, actor, id);
out:
	json_decref(note);
	arena_free(&a);
	return rc;
}

#define CALL_COLUMNS "SELECT " CALL_COLUMNS_C " FROM call c "

static const struct store_query q_find = {"call_find", CALL_COLUMNS "WHERE id = ?1"};
static const struct store_query q_list = {"call_list",
                                          CALL_COLUMNS "ORDER BY closes_at DESC, id DESC"};

void
call_read_row(struct stmt *st, struct arena *a, struct call *c)
{
	c->id = stmt_int(st, 0);
	c->title = arena_strdup(a, stmt_text(st, 1));
	c->body = arena_strdup(a, stmt_text(st, 2));
	c->opens_at = stmt_int(st, 3);
	c->closes_at = stmt_int(st, 4);
	c->review_until = stmt_int(st, 5);
	c->meeting_at = stmt_int(st, 6);
	int p = call_phase_parse(stmt_text(st, 7));
	c->phase = p < 0 ? PHASE_CLOSED : (enum call_phase)p;
	c->created_at = stmt_int(st, 8);
	c->updated_at = stmt_int(st, 9);
}

bool
call_find(struct store *s, struct arena *a, int64_t id, struct call *out)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		call_read_row(st, a, out);
	stmt_done(st);
	return found;
}

struct call *
call_list(struct store *s, struct arena *a, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	struct call *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		call_read_row(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	return out;
}

bool
call_accepts_submissions(const struct call *c, int64_t now)
{
	return c->phase == PHASE_OPEN && now >= c->opens_at && now < c->closes_at;
}

static const struct store_query q_criteria = {
    "call_criteria", "SELECT id, key, parent_key, label_de, label_en, guidance_de, guidance_en, "
                     "weight, position FROM criterion WHERE call_id = ?1 ORDER BY position"};
static const struct store_query q_gates = {
    "call_gates",
    "SELECT id, label_de, label_en, position FROM gate WHERE call_id = ?1 ORDER BY position"};

size_t
call_criteria(struct store *s, struct arena *a, int64_t call_id, struct criterion *out, size_t max)
{
	struct stmt *st = store_stmt(s, &q_criteria);
	stmt_bind_int(st, 1, call_id);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		struct criterion *c = &out[n++];
		c->id = stmt_int(st, 0);
		c->key = arena_strdup(a, stmt_text(st, 1));
		c->parent_key = arena_strdup(a, stmt_text(st, 2));
		c->label_de = arena_strdup(a, stmt_text(st, 3));
		c->label_en = arena_strdup(a, stmt_text(st, 4));
		c->guidance_de = arena_strdup(a, stmt_text(st, 5));
		c->guidance_en = arena_strdup(a, stmt_text(st, 6));
		c->weight = stmt_double(st, 7);
		c->position = (int)stmt_int(st, 8);
	}
	stmt_done(st);
	return n;
}

struct gate *
call_gates(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_gates);
	stmt_bind_int(st, 1, call_id);
	struct gate *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct gate *g = ARENA_PUSH(a, out, *n, cap);
		g->id = stmt_int(st, 0);
		g->label_de = arena_strdup(a, stmt_text(st, 1));
		g->label_en = arena_strdup(a, stmt_text(st, 2));
		g->position = (int)stmt_int(st, 3);
	}
	stmt_done(st);
	return out;
}

const char *
criterion_label(const struct criterion *c, enum lang lang)
{
	return lang == LANG_EN ? c->label_en : c->label_de;
}

const char *
criterion_guidance(const struct criterion *c, enum lang lang)
{
	return lang == LANG_EN ? c->guidance_en : c->guidance_de;
}

const char *
gate_label(const struct gate *g, enum lang lang)
{
	return lang == LANG_EN ? g->label_en : g->label_de;
}
