/* The yearly transfer report's figures (issue 11): what the office approved as public in one
 * calendar year (UTC, as the quarters of /transfer count), per practice, per Land and per
 * kind of institution. Approved public snapshots of confirmed reports only: never a
 * reporter's contact. */
#include "domain/transfer.h"
#include "domain/transfer_internal.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* The year as a range of seconds, [?1, ?2): SQL both databases run (strftime is SQLite's),
 * and one an index on public_at can serve. */
#define YEAR_WHERE                                                                                 \
	"r.state = 'confirmed' AND r.public_at IS NOT NULL AND p.status = 'published' AND "        \
	"r.public_at >= ?1 AND r.public_at < ?2 "

static const struct store_query q_year_stage = {
    "transfer_year_stage", "SELECT count(*), coalesce(max(r.public_at), 0) FROM transfer_report r "
                           "JOIN practice p ON p.id = r.practice_id WHERE " YEAR_WHERE
                           "AND (?3 = '' OR r.public_stage = ?3)"};
static const struct store_query q_year_practices = {
    "transfer_year_practices",
    "SELECT p.slug, p.title, count(CASE WHEN r.public_stage = 'adopted' THEN 1 END), "
    "count(CASE WHEN r.public_stage = 'preparing' THEN 1 END), count(CASE WHEN r.public_stage = "
    "'interest' THEN 1 END), count(DISTINCT CASE WHEN r.public_stage = "
    "'adopted' THEN r.public_bundesland END) FROM transfer_report r JOIN practice p ON p.id = "
    "r.practice_id WHERE " YEAR_WHERE "GROUP BY p.id, p.slug, p.title, p.title_sort ORDER BY "
    "count(CASE WHEN r.public_stage = 'adopted' THEN 1 END) DESC, p.title_sort, p.id"};
static const struct store_query q_year_lands = {
    "transfer_year_lands",
    "SELECT t.key, t.label_de, t.label_en, (SELECT count(*) FROM transfer_report r JOIN "
    "practice p ON p.id = r.practice_id WHERE " YEAR_WHERE "AND r.public_stage = 'adopted' AND "
    "r.public_bundesland = t.key) FROM taxonomy_term t WHERE t.kind = 'bundesland' ORDER BY "
    "t.position, t.label_de"};
/* Which Länder each practice was adopted in, in the Bundesland terms' order. */
static const struct store_query q_year_practice_lands = {
    "transfer_year_practice_lands",
    "SELECT DISTINCT p.slug, t.position, t.label_de, t.label_en FROM transfer_report r JOIN "
    "practice p ON p.id = r.practice_id JOIN taxonomy_term t ON t.kind = 'bundesland' AND t.key "
    "= r.public_bundesland WHERE " YEAR_WHERE "AND r.public_stage = 'adopted' ORDER BY p.slug, "
    "t.position, t.label_de"};
static const struct store_query q_year_kinds = {
    "transfer_year_kinds",
    "SELECT r.public_kind, count(*) FROM transfer_report r JOIN practice p ON p.id = "
    "r.practice_id WHERE " YEAR_WHERE "AND r.public_stage = 'adopted' GROUP BY r.public_kind "
    "ORDER BY count(*) DESC, r.public_kind"};

/* The first second of the year and of the next (UTC). */
struct span {
	int64_t from, to;
};

static void
bind_span(struct stmt *st, const struct span *y)
{
	stmt_bind_int(st, 1, y->from);
	stmt_bind_int(st, 2, y->to);
}

static int64_t
stage_count(struct store *s, const struct span *year, const char *stage, int64_t *last)
{
	struct stmt *st = store_stmt(s, &q_year_stage);
	bind_span(st, year);
	stmt_bind_text(st, 3, stage);
	int64_t n = 0;
	if (stmt_step(st) == STORE_ROW) {
		n = stmt_int(st, 0);
		if (last && stmt_int(st, 1) > *last)
			*last = stmt_int(st, 1);
	}
	stmt_done(st);
	return n;
}

int
transfer_year(struct store *s, struct arena *a, int year, enum lang lang, struct transfer_year *out)
{
	memset(out, 0, sizeof *out);
	out->year = year;
	struct span y[1] = {{time_days_from_civil(year, 1, 1) * 86400,
	                     time_days_from_civil(year + 1, 1, 1) * 86400}};
	stage_count(s, y, "", &out->last_at);
	out->adopted = stage_count(s, y, "adopted", NULL);
	out->preparing = stage_count(s, y, "preparing", NULL);
	out->interested = stage_count(s, y, "interest", NULL);
	out->given_up = stage_count(s, y, "given_up", NULL);

	struct stmt *st = store_stmt(s, &q_year_practices);
	bind_span(st, y);
	size_t cap = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct transfer_year_practice *p =
		    ARENA_PUSH(a, out->practices, out->npractices, cap);
		p->slug = arena_strdup(a, stmt_text(st, 0));
		p->title = arena_strdup(a, stmt_text(st, 1));
		p->adopted = stmt_int(st, 2);
		p->preparing = stmt_int(st, 3);
		p->interested = stmt_int(st, 4);
		p->lands = stmt_int(st, 5);
	}
	stmt_done(st);

	st = store_stmt(s, &q_year_practice_lands);
	bind_span(st, y);
	for (size_t i = 0; i < out->npractices; i++)
		out->practices[i].adopted_in = "";
	while (stmt_step(st) == STORE_ROW) {
		const char *slug = stmt_text(st, 0);
		const char *label = stmt_text(st, lang == LANG_EN ? 3 : 2);
		for (size_t i = 0; i < out->npractices; i++) {
			struct transfer_year_practice *p = &out->practices[i];
			if (strcmp(p->slug, slug) != 0)
				continue;
			p->adopted_in = *p->adopted_in
			                    ? arena_printf(a, "%s, %s", p->adopted_in, label)
			                    : arena_strdup(a, label);
			break;
		}
	}
	stmt_done(st);

	st = store_stmt(s, &q_year_lands);
	bind_span(st, y);
	cap = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct transfer_tally *t = ARENA_PUSH(a, out->lands, out->nlands, cap);
		t->key = arena_strdup(a, stmt_text(st, 0));
		t->label = arena_strdup(a, stmt_text(st, lang == LANG_EN ? 2 : 1));
		t->count = stmt_int(st, 3);
	}
	stmt_done(st);

	st = store_stmt(s, &q_year_kinds);
	bind_span(st, y);
	cap = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct transfer_tally *t = ARENA_PUSH(a, out->kinds, out->nkinds, cap);
		t->key = arena_strdup(a, stmt_text(st, 0));
		t->count = stmt_int(st, 1);
	}
	stmt_done(st);
	for (size_t i = 0; i < out->nkinds; i++)
		out->kinds[i].label = transfer_kind_label(s, a, out->kinds[i].key, lang);
	return TRANSFER_OK;
}
