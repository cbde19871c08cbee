/* The yearly transfer report's figures (issue 11): what the office approved as public in one
 * calendar year (UTC, as the quarters of /transfer count), per practice, per Land and per
 * kind of institution. Approved public snapshots of confirmed reports only: never a
 * reporter's contact. */
#include "domain/transfer.h"
#include "domain/transfer_internal.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#define YEAR_WHERE                                                                                 \
	"r.state = 'confirmed' AND r.public_at IS NOT NULL AND p.status = 'published' AND "        \
	"strftime('%Y', r.public_at, 'unixepoch') = ?1 "

static const struct store_query q_year_stage = {
    "transfer_year_stage", "SELECT count(*), coalesce(max(r.public_at), 0) FROM transfer_report r "
                           "JOIN practice p ON p.id = r.practice_id WHERE " YEAR_WHERE
                           "AND (?2 = '' OR r.public_stage = ?2)"};
static const struct store_query q_year_practices = {
    "transfer_year_practices",
    "SELECT p.slug, p.title, sum(r.public_stage = 'adopted'), sum(r.public_stage = "
    "'preparing'), sum(r.public_stage = 'interest'), count(DISTINCT CASE WHEN r.public_stage = "
    "'adopted' THEN r.public_bundesland END) FROM transfer_report r JOIN practice p ON p.id = "
    "r.practice_id WHERE " YEAR_WHERE "GROUP BY p.id ORDER BY sum(r.public_stage = 'adopted') "
    "DESC, p.title_sort, p.id"};
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

static int64_t
stage_count(struct store *s, const char *year, const char *stage, int64_t *last)
{
	struct stmt *st = store_stmt(s, &q_year_stage);
	stmt_bind_text(st, 1, year);
	stmt_bind_text(st, 2, stage);
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
	char y[8];
	snprintf(y, sizeof y, "%04d", year);
	stage_count(s, y, "", &out->last_at);
	out->adopted = stage_count(s, y, "adopted", NULL);
	out->preparing = stage_count(s, y, "preparing", NULL);
	out->interested = stage_count(s, y, "interest", NULL);
	out->given_up = stage_count(s, y, "given_up", NULL);

	struct stmt *st = store_stmt(s, &q_year_practices);
	stmt_bind_text(st, 1, y);
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
	stmt_bind_text(st, 1, y);
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
	stmt_bind_text(st, 1, y);
	cap = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct transfer_tally *t = ARENA_PUSH(a, out->lands, out->nlands, cap);
		t->key = arena_strdup(a, stmt_text(st, 0));
		t->label = arena_strdup(a, stmt_text(st, lang == LANG_EN ? 2 : 1));
		t->count = stmt_int(st, 3);
	}
	stmt_done(st);

	st = store_stmt(s, &q_year_kinds);
	stmt_bind_text(st, 1, y);
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
