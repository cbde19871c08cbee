/* The catalog's facet listing (practice_search.c: per-value bitsets, intersections,
 * popcounts) against a reference computed with plain loops over every practice: random
 * catalogs (Art, the four term kinds, years, some practices unpublished or archived),
 * random facet combinations (either value within a facet, every facet at once), and for
 * each the total, the pages, the page's practices (newest first) and every value's count
 * within the other facets' selection. */
#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <setjmp.h>
#include <cmocka.h>

/* The term facets, by the practice_facets order (PF_ART … PF_BUNDESLAND). */
#define TERM_FACETS (PF_BUNDESLAND + 1)
#define MAX_VALUES 32
#define MAX_PRACTICES 800
#define YEAR0 2018
#define NYEARS 9

/* The taxonomy's values of a facet. */
struct values {
	struct term *t;
	size_t n;
};

/* What the reference knows of a practice. */
struct model {
	int64_t id;
	bool published;
	int64_t published_at;
	int year;
	bool has[TERM_FACETS][MAX_VALUES]; /* by value index */
};

struct world {
	struct values v[TERM_FACETS];
	struct model *p;
	size_t n;
};

/* A small deterministic generator (the C library's rand is shared state). */
static uint64_t
next(uint64_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 7;
	*r ^= *r << 17;
	return *r;
}

static size_t
pick(uint64_t *r, size_t n)
{
	return (size_t)(next(r) % n);
}

static int
year_of(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_year + 1900;
}

/* A catalog of n practices, each with an Art and 0–3 values of each term kind (a facet's
 * commoner values more often, so that counts differ), published at distinct times over
 * NYEARS years; about one in eight left unpublished, unpublished again or archived. */
static void
make_catalog(struct fixture *f, struct world *w, size_t n, uint64_t *r)
{
	for (int i = 0; i < TERM_FACETS; i++) {
		w->v[i].t = taxonomy_list(f->s, &f->a, practice_facets[i].kind, false, &w->v[i].n);
		assert_true(w->v[i].n > 1 && w->v[i].n <= MAX_VALUES);
	}
	w->p = xcalloc(n, sizeof *w->p);
	w->n = n;
	int64_t span = (int64_t)NYEARS * 365 * 86400;
	int64_t start = 1514764800; /* 2018-01-01 */
	for (size_t k = 0; k < n; k++) {
		struct model *m = &w->p[k];
		int64_t terms[4 * 3 + 1];
		size_t nterms = 0;
		for (int i = 1; i < TERM_FACETS; i++) {
			size_t c = pick(r, 4);
			for (size_t j = 0; j < c; j++) {
				/* Skewed: the lower indices come up more often. */
				size_t a = pick(r, w->v[i].n), b = pick(r, w->v[i].n);
				size_t v = a < b ? a : b;
				if (m->has[i][v])
					continue;
				m->has[i][v] = true;
				terms[nterms++] = w->v[i].t[v].id;
			}
		}
		size_t art = pick(r, w->v[PF_ART].n);
		m->has[PF_ART][art] = true;
		struct practice_input in;
		char title[64];
		snprintf(title, sizeof title, "Praxis Nummer %zu", k);
		input(f, &in, title, "Ein Ansatz, der wirkt.", w->v[PF_ART].t[art].key, terms,
		      nterms);
		/* Distinct times (the newest-first order is then one order), unsorted by id. */
		m->published_at =
		    start + (int64_t)(next(r) % (uint64_t)span) / 1000 * 1000 + (int64_t)k;
		m->year = year_of(m->published_at);
		time_set_fake(m->published_at);
		size_t fate = pick(r, 16);
		m->id = create(f, &in, fate != 0);
		m->published = fate > 1;
		if (fate == 1)
			assert_int_equal(practice_unpublish(f->s, 7, m->id), PRACTICE_OK);
		else if (fate == 2) {
			assert_int_equal(practice_archive(f->s, 7, m->id), PRACTICE_OK);
			m->published = false;
		}
	}
	time_set_fake(T0);
}

/* A query: for each facet, with some chance, 1–3 of its values (now and then one nobody
 * has); chosen[i][v] marks them (years by index). */
struct choice {
	bool active[PF_COUNT];
	bool chosen[PF_COUNT][MAX_VALUES];
	char years[NYEARS][8];
};

static void
make_query(const struct world *w, struct practice_query *q, struct choice *c, uint64_t *r)
{
	memset(q, 0, sizeof *q);
	memset(c, 0, sizeof *c);
	for (int i = 0; i < NYEARS; i++)
		snprintf(c->years[i], sizeof c->years[i], "%d", YEAR0 + i);
	for (int i = 0; i <= PF_YEAR; i++) {
		if (pick(r, 10) >= 4)
			continue;
		size_t nv = i == PF_YEAR ? NYEARS : w->v[i].n;
		size_t k = 1 + pick(r, 3);
		for (size_t j = 0; j < k; j++) {
			size_t v = pick(r, nv);
			if (c->chosen[i][v])
				continue;
			c->chosen[i][v] = true;
			q->values[i][q->nvalues[i]++] =
			    i == PF_YEAR ? c->years[v] : w->v[i].t[v].key;
		}
		c->active[i] = true;
	}
	q->page = 1;
}

/* Whether practice m passes facet i's filter (true when the facet has none). */
static bool
passes(const struct world *w, const struct model *m, const struct choice *c, int i)
{
	if (!c->active[i])
		return true;
	size_t nv = i == PF_YEAR ? NYEARS : w->v[i].n;
	for (size_t v = 0; v < nv; v++)
		if (c->chosen[i][v] && (i == PF_YEAR ? m->year == YEAR0 + (int)v : m->has[i][v]))
			return true;
	return false;
}

/* Passes every facet's filter but skip's (-1: every one). */
static bool
passes_all(const struct world *w, const struct model *m, const struct choice *c, int skip)
{
	if (!m->published)
		return false;
	for (int i = 0; i <= PF_YEAR; i++)
		if (i != skip && !passes(w, m, c, i))
			return false;
	return true;
}

static const struct practice_facet_value *
listed(const struct practice_result *res, int facet, const char *value)
{
	for (size_t k = 0; k < res->nfacets[facet]; k++)
		if (strcmp(res->facets[facet][k].value, value) == 0)
			return &res->facets[facet][k];
	return NULL;
}

static int
newest_first(const void *a, const void *b)
{
	const struct model *x = *(const struct model *const *)a,
	                   *y = *(const struct model *const *)b;
	if (x->published_at != y->published_at)
		return x->published_at > y->published_at ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id;
}

/* One query's answer against the loops. */
static void
check_query(struct fixture *f, const struct world *w, struct practice_query *q,
            const struct choice *c, uint64_t *r)
{
	/* The selection, newest first. */
	const struct model **sel = xcalloc(w->n + 1, sizeof *sel);
	size_t total = 0;
	for (size_t k = 0; k < w->n; k++)
		if (passes_all(w, &w->p[k], c, -1))
			sel[total++] = &w->p[k];
	qsort(sel, total, sizeof *sel, newest_first);
	int64_t per = 1 + (int64_t)pick(r, 25);
	int64_t pages = total ? ((int64_t)total + per - 1) / per : 1;
	q->per_page = per;
	q->page = 1 + (int64_t)pick(r, (size_t)pages + 1); /* now and then past the end */

	struct practice_result res;
	assert_int_equal(practice_search(f->s, &f->a, q, &res), PRACTICE_OK);
	assert_int_equal(res.nunknown, 0);
	assert_int_equal(res.total, (int64_t)total);
	assert_int_equal(res.pages, pages);
	size_t from = (size_t)((q->page - 1) * per);
	size_t expect = from >= total ? 0 : total - from < (size_t)per ? total - from : (size_t)per;
	assert_int_equal(res.nhits, expect);
	for (size_t k = 0; k < expect; k++)
		assert_int_equal(res.hits[k].id, sel[from + k]->id);
	free(sel);

	/* Every value's count within the other facets' filters; listed when it has some or
	 * was chosen, in the taxonomy's order. */
	for (int i = 0; i <= PF_YEAR; i++) {
		size_t nv = i == PF_YEAR ? NYEARS : w->v[i].n, shown = 0;
		for (size_t v = 0; v < nv; v++) {
			int64_t count = 0;
			for (size_t k = 0; k < w->n; k++) {
				const struct model *m = &w->p[k];
				bool has = i == PF_YEAR ? m->year == YEAR0 + (int)v : m->has[i][v];
				if (has && passes_all(w, m, c, i))
					count++;
			}
			const char *value = i == PF_YEAR ? c->years[v] : w->v[i].t[v].key;
			const struct practice_facet_value *got = listed(&res, i, value);
			if (count == 0 && !c->chosen[i][v]) {
				if (got)
					fail_msg("%s=%s listed with %lld, none expected",
					         practice_facets[i].param, value,
					         (long long)got->count);
				continue;
			}
			if (!got)
				fail_msg("%s=%s not listed (%lld expected)",
				         practice_facets[i].param, value, (long long)count);
			if (got->count != count)
				fail_msg("%s=%s: %lld, expected %lld", practice_facets[i].param,
				         value, (long long)got->count, (long long)count);
			assert_int_equal(got->selected, c->chosen[i][v]);
			shown++;
		}
		assert_int_equal(res.nfacets[i], shown);
	}
	/* No adoptions in these catalogs: nothing to list under "adopted in". */
	assert_int_equal(res.nfacets[PF_ADOPTED], 0);
}

static void
run_catalog(struct fixture *f, size_t n, uint64_t seed, int queries)
{
	uint64_t r = seed;
	struct world w;
	memset(&w, 0, sizeof w);
	make_catalog(f, &w, n, &r);
	for (int k = 0; k < queries; k++) {
		struct practice_query q;
		struct choice c;
		make_query(&w, &q, &c, &r);
		check_query(f, &w, &q, &c, &r);
	}
	free(w.p);
}

/* A catalog smaller than one word of a set, one of a few words, one of several dozen. */
TX_TEST(test_facets_small)
{
	run_catalog(*state, 40, 0x9e3779b97f4a7c15u, 150);
}

TX_TEST(test_facets_words)
{
	run_catalog(*state, 190, 0xd1b54a32d192ed03u, 150);
}

TX_TEST(test_facets_large)
{
	run_catalog(*state, MAX_PRACTICES, 0x2545f4914f6cdd1du, 150);
}

/* The index follows changes: a practice unpublished and another's terms changed between
 * two listings count as they are now. */
TX_TEST(test_facets_after_changes)
{
	struct fixture *f = *state;
	uint64_t r = 0x5851f42d4c957f2du;
	struct world w;
	memset(&w, 0, sizeof w);
	make_catalog(f, &w, 120, &r);
	for (int round = 0; round < 6; round++) {
		for (int k = 0; k < 20; k++) {
			struct practice_query q;
			struct choice c;
			make_query(&w, &q, &c, &r);
			check_query(f, &w, &q, &c, &r);
		}
		/* Unpublish one published practice; give another a new Art and no terms. */
		struct model *m = &w.p[pick(&r, w.n)];
		if (m->published) {
			assert_int_equal(practice_unpublish(f->s, 7, m->id), PRACTICE_OK);
			m->published = false;
		}
		m = &w.p[pick(&r, w.n)];
		struct practice p;
		assert_true(practice_find(f->s, &f->a, m->id, &p));
		size_t art = pick(&r, w.v[PF_ART].n);
		struct practice_input in;
		input(f, &in, p.text[PX_TITLE], "Neu gefasst.", w.v[PF_ART].t[art].key, NULL, 0);
		in.slug = p.slug;
		assert_int_equal(practice_update(f->s, 7, m->id, &in), PRACTICE_OK);
		memset(m->has, 0, sizeof m->has);
		m->has[PF_ART][art] = true;
	}
	free(w.p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_facets_small, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_facets_words, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_facets_large, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_facets_after_changes, practice_setup,
	                                    practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
