/* The board's ranking: per proposal and criterion mean, median, minimum, maximum and count,
 * "met" against the call's threshold, "all criteria met", the weighted total, and the
 * disagreement flag. The arithmetic (review_aggregate) needs no storage, for the tests.
 * The results are kept per proposal (rank_agg, 026_ranking_aggregates.sql): the writes that
 * change them compute them again in their transaction, the ranking reads them, and what is
 * missing one thread per call stores while the others wait for it (single flight). */
#include "domain/review.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdatomic.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Means are compared with the threshold with this tolerance, so 2.0 computed as 6/3 is met. */
#define EPS 1e-9

/* A rater's value for criterion i: the score of a leaf; for a parent the weighted mean of
 * its children's values (a plain mean when the weights sum to 0). NAN when anything is
 * missing. depth guards against a cyclic rubric. */
static double
rater_value(const struct criterion *crit, size_t ncrit, const int *row, size_t i, int depth)
{
	double sum = 0, wsum = 0, plain = 0;
	int children = 0;
	if (depth > 4)
		return NAN;
	for (size_t j = 0; j < ncrit; j++) {
		if (strcmp(crit[j].parent_key, crit[i].key) != 0 || j == i)
			continue;
		double v = rater_value(crit, ncrit, row, j, depth + 1);
		if (isnan(v))
			return NAN;
		sum += crit[j].weight * v;
		wsum += crit[j].weight;
		plain += v;
		children++;
	}
	if (!children)
		return row[i] < 0 ? NAN : (double)row[i];
	return wsum > 0 ? sum / wsum : plain / children;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void
review_aggregate(const struct criterion *crit, size_t ncrit, double threshold, const int *scores,
                 size_t nraters, struct review_rank_row *out)
{
	if (ncrit > REVIEW_MAX_CRITERIA)
		ncrit = REVIEW_MAX_CRITERIA;
	out->ncrit = ncrit;
	out->nratings = (int)nraters;
	out->all_met = false;
	out->disagree = false;
	out->total = 0;
	double *vals = xmalloc((nraters ? nraters : 1) * sizeof *vals);
	bool any_top = false, all_met = true, all_rated = true;
	for (size_t i = 0; i < ncrit; i++) {
		struct review_agg *g = &out->crit[i];
		memset(g, 0, sizeof *g);
		g->criterion_id = crit[i].id;
		g->key = crit[i].key;
		g->top = crit[i].parent_key[0] == '\0';
		g->leaf = true;
		for (size_t j = 0; j < ncrit; j++)
			if (j != i && strcmp(crit[j].parent_key, crit[i].key) == 0)
				g->leaf = false;
		size_t n = 0;
		for (size_t r = 0; r < nraters; r++) {
			double v = rater_value(crit, ncrit, scores + r * ncrit, i, 0);
			if (!isnan(v))
				vals[n++] = v;
		}
		g->n = (int)n;
		if (n) {
			qsort(vals, n, sizeof *vals, cmp_double);
			double sum = 0;
			for (size_t k = 0; k < n; k++)
				sum += vals[k];
			g->mean = sum / (double)n;
			g->median = n % 2 ? vals[n / 2] : (vals[n / 2 - 1] + vals[n / 2]) / 2;
			g->min = vals[0];
			g->max = vals[n - 1];
			g->met = g->mean >= threshold - EPS;
			g->disagree = g->max - g->min >= REVIEW_SPREAD - EPS;
		}
		out->disagree |= g->disagree;
		if (!g->top)
			continue;
		any_top = true;
		all_met &= g->met;
		if (n)
			out->total += crit[i].weight * g->mean;
		else
			all_rated = false;
	}
	out->all_met = any_top && all_met;
	if (!all_rated)
		out->total = 0;
	free(vals);
}

#define READABLE "('eligible', 'in_review', 'selected', 'not_selected', 'deferred', 'published')"

/* The proposals of the ranking with their stored aggregates (column 4 is 0 where none are
 * stored: an integer, not a truth value, the same in PostgreSQL). One statement, so a
 * row's aggregates are read whole. */
static const struct store_query q_rank_proposals = {
    "review_rank_proposals",
    "SELECT p.id, p.title, o.name, p.state, coalesce(a.proposal_id, 0), a.nratings, "
    "a.nabstain, a.total, a.all_met, a.disagree, a.crit FROM proposal p JOIN organisation o "
    "ON o.id = p.organisation_id LEFT JOIN rank_agg a ON a.proposal_id = p.id "
    "WHERE p.call_id = ?1 AND p.state IN " READABLE " AND NOT EXISTS "
    "(SELECT 1 FROM conflict_all x WHERE x.user_id = ?2 AND x.proposal_id = p.id) "
    "ORDER BY p.id LIMIT ?3"};
/* Submitted ratings of current members who are not conflicted, with their scores (none
 * for an abstention), grouped by proposal and rating: of the whole call, or of one
 * proposal. */
#define RANK_SCORES                                                                                \
	"SELECT r.proposal_id, r.id, r.abstain, coalesce(sc.criterion_id, 0), "                    \
	"coalesce(sc.score, -1) FROM review r JOIN proposal p ON p.id = r.proposal_id "            \
	"JOIN board_member m ON m.call_id = p.call_id AND m.user_id = r.user_id "                  \
	"LEFT JOIN review_score sc ON sc.review_id = r.id AND r.abstain = 0 "                      \
	"WHERE r.state = 'submitted' AND NOT EXISTS (SELECT 1 FROM conflict_all x WHERE "          \
	"x.user_id = r.user_id AND x.proposal_id = r.proposal_id) AND "
static const struct store_query q_rank_scores = {"review_rank_scores", RANK_SCORES
                                                 "p.call_id = ?1 ORDER BY r.proposal_id, r.id"};
static const struct store_query q_rank_scores_one = {"review_rank_scores_one", RANK_SCORES
                                                     "r.proposal_id = ?1 ORDER BY r.id"};
/* The call's ranked proposals whose aggregates are not stored. */
static const struct store_query q_rank_missing = {
    "review_rank_missing",
    "SELECT p.id FROM proposal p WHERE p.call_id = ?1 AND p.state IN " READABLE
    " AND NOT EXISTS (SELECT 1 FROM rank_agg a WHERE a.proposal_id = p.id) ORDER BY p.id"};
static const struct store_query q_rank_agg_put = {
    "review_rank_agg_put",
    "INSERT INTO rank_agg(proposal_id, call_id, nratings, nabstain, total, all_met, disagree, "
    "crit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (proposal_id) DO UPDATE SET "
    "call_id = excluded.call_id, nratings = excluded.nratings, nabstain = excluded.nabstain, "
    "total = excluded.total, all_met = excluded.all_met, disagree = excluded.disagree, "
    "crit = excluded.crit"};

/* Up to this many missing proposals are computed one by one (a point query each); more
 * with one pass over the call's scores. */
#define FEW_MISSING 16

static struct review_rank_row *
row_of(struct review_rank_row *rows, size_t n, int64_t proposal_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rows[mid].proposal_id < proposal_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rows[lo].proposal_id == proposal_id ? &rows[lo] : NULL;
}

/* Gathered ratings of one proposal: nraters rows of ncrit scores. */
struct gather {
	int *scores;
	size_t nraters, cap;
	int nabstain;
};

static void
flush(struct gather *g, const struct criterion *crit, size_t ncrit, double threshold,
      struct review_rank_row *row)
{
	if (row) {
		review_aggregate(crit, ncrit, threshold, g->scores, g->nraters, row);
		row->nabstain = g->nabstain;
	}
	g->nraters = 0;
	g->nabstain = 0;
}

/* Aggregates the ratings st yields (RANK_SCORES's columns, by proposal and rating) into the
 * rows (n, by proposal id) whose want is true; those without ratings are set to "none".
 * Done with st afterwards. */
static void
aggregate_from(struct stmt *st, const struct criterion *crit, size_t ncrit, double threshold,
               struct review_rank_row *rows, const bool *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (want[i]) {
			review_aggregate(crit, ncrit, threshold, NULL, 0, &rows[i]);
			rows[i].nabstain = 0;
		}
	struct gather g = {0};
	int64_t cur_p = 0, cur_r = 0;
	struct review_rank_row *cur_row = NULL;
	while (stmt_step(st) == STORE_ROW) {
		int64_t pid = stmt_int(st, 0), rid = stmt_int(st, 1);
		if (pid != cur_p) {
			if (cur_p)
				flush(&g, crit, ncrit, threshold, cur_row);
			cur_p = pid;
			cur_r = 0;
			cur_row = row_of(rows, n, pid);
			if (cur_row && !want[cur_row - rows])
				cur_row = NULL;
		}
		if (!cur_row)
			continue;
		if (rid != cur_r) {
			cur_r = rid;
			if (stmt_int(st, 2)) {
				g.nabstain++;
				continue;
			}
			if (g.nraters == g.cap) {
				g.cap = g.cap ? 2 * g.cap : 32;
				g.scores = xrealloc(g.scores, g.cap * ncrit * sizeof *g.scores + 1);
			}
			for (size_t k = 0; k < ncrit; k++)
				g.scores[g.nraters * ncrit + k] = -1;
			g.nraters++;
		}
		if (stmt_int(st, 2))
			continue;
		int64_t cid = stmt_int(st, 3);
		for (size_t k = 0; k < ncrit; k++)
			if (crit[k].id == cid)
				g.scores[(g.nraters - 1) * ncrit + k] = (int)stmt_int(st, 4);
	}
	stmt_done(st);
	if (cur_p)
		flush(&g, crit, ncrit, threshold, cur_row);
	free(g.scores);
}

/* Computes the aggregates of the rows (n, by proposal id) whose want is true from the
 * scores, in memory: point queries for a few, one pass over the call for more. */
static void
compute_rows(struct store *s, int64_t call_id, const struct criterion *crit, size_t ncrit,
             double threshold, struct review_rank_row *rows, const bool *want, size_t n)
{
	size_t nwant = 0;
	for (size_t i = 0; i < n; i++)
		nwant += want[i];
	if (nwant > FEW_MISSING) {
		struct stmt *st = store_stmt(s, &q_rank_scores);
		stmt_bind_int(st, 1, call_id);
		aggregate_from(st, crit, ncrit, threshold, rows, want, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!want[i])
			continue;
		struct stmt *st = store_stmt(s, &q_rank_scores_one);
		stmt_bind_int(st, 1, rows[i].proposal_id);
		aggregate_from(st, crit, ncrit, threshold, &rows[i], &want[i], 1);
	}
}

/* The criteria's aggregates as rank_agg.crit stores them (026_ranking_aggregates.sql):
 * doubles as hexadecimal floats (%a), which read back exactly and without the decimal
 * conversion's big-number arithmetic (a full call's ranking reads 2,400 of them). */
static void
encode_crit(const struct review_rank_row *row, struct buf *b)
{
	for (size_t i = 0; i < row->ncrit; i++) {
		const struct review_agg *g = &row->crit[i];
		buf_printf(b, "%lld %d %a %a %a %a %d %d;", (long long)g->criterion_id, g->n,
		           g->mean, g->median, g->min, g->max, g->met, g->disagree);
	}
}

/* The next number of a rank_agg.crit text at *p, past its separator (a space or ';');
 * false at anything else. */
static bool
next_int(const char **p, long long *v)
{
	char *end;
	errno = 0;
	*v = strtoll(*p, &end, 10);
	if (end == *p || errno || (*end != ' ' && *end != ';'))
		return false;
	*p = end + 1;
	return true;
}

static bool
next_double(const char **p, double *v)
{
	char *end;
	*v = strtod(*p, &end);
	if (end == *p || *end != ' ')
		return false;
	*p = end + 1;
	return true;
}

/* Reads rank_agg.crit into row, whose criteria are set up from the rubric; false when the
 * text does not fit the rubric (then the row counts as not stored). */
static bool
decode_crit(const char *text, struct review_rank_row *row)
{
	const char *p = text;
	for (size_t i = 0; i < row->ncrit; i++) {
		struct review_agg *g = &row->crit[i];
		long long cid, n, met, disagree;
		if (!next_int(&p, &cid) || cid != g->criterion_id || !next_int(&p, &n) ||
		    !next_double(&p, &g->mean) || !next_double(&p, &g->median) ||
		    !next_double(&p, &g->min) || !next_double(&p, &g->max) || !next_int(&p, &met) ||
		    !next_int(&p, &disagree) || p[-1] != ';')
			return false;
		g->n = (int)n;
		g->met = met != 0;
		g->disagree = disagree != 0;
	}
	return *p == '\0';
}

static int
put_row(struct store *s, int64_t call_id, const struct review_rank_row *row)
{
	struct buf b = BUF_INIT;
	encode_crit(row, &b);
	struct stmt *st = store_stmt(s, &q_rank_agg_put);
	stmt_bind_int(st, 1, row->proposal_id);
	stmt_bind_int(st, 2, call_id);
	stmt_bind_int(st, 3, row->nratings);
	stmt_bind_int(st, 4, row->nabstain);
	stmt_bind_double(st, 5, row->total);
	stmt_bind_int(st, 6, row->all_met);
	stmt_bind_int(st, 7, row->disagree);
	stmt_bind_text(st, 8, buf_str(&b));
	int rc = stmt_exec(st);
	buf_free(&b);
	return rc;
}

/* review_aggregates_settle; *stored receives how many rows it stored. */
static int
settle(struct store *s, int64_t call_id, size_t *stored)
{
	store_assert_tx(s);
	*stored = 0;
	struct arena a = {0};
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit = call_criteria(s, &a, call_id, crit, REVIEW_MAX_CRITERIA);
	struct review_settings set;
	review_settings_get(s, call_id, &set);
	size_t n = 0, cap = 0;
	struct review_rank_row *rows = NULL;
	struct stmt *st = store_stmt(s, &q_rank_missing);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		memset(&rows[n], 0, sizeof rows[n]);
		rows[n++].proposal_id = stmt_int(st, 0);
	}
	stmt_done(st);
	int rc = STORE_OK;
	if (n) {
		bool *want = xmalloc(n * sizeof *want);
		for (size_t i = 0; i < n; i++)
			want[i] = true;
		compute_rows(s, call_id, crit, ncrit, set.threshold, rows, want, n);
		for (size_t i = 0; i < n && rc == STORE_OK; i++)
			rc = put_row(s, call_id, &rows[i]);
		free(want);
		*stored = n;
	}
	free(rows);
	arena_free(&a);
	return rc;
}

int
review_aggregates_settle(struct store *s, int64_t call_id)
{
	size_t stored;
	return settle(s, call_id, &stored);
}

static const struct store_query q_rank_call_of = {"review_rank_call_of",
                                                  "SELECT call_id FROM proposal WHERE id = ?1"};

int
review_aggregates_settle_proposal(struct store *s, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_rank_call_of);
	stmt_bind_int(st, 1, proposal_id);
	int64_t call_id = stmt_one_int(st);
	return call_id ? review_aggregates_settle(s, call_id) : STORE_OK;
}

/* ---- single flight ----
 * A ranking that finds aggregates missing outside a transaction stores them in one of its
 * own; while one thread of the process does that for a call, the others asking for the same
 * call wait for it (and then read what it stored) instead of computing the same again. */

#define FLIGHTS 8
static pthread_mutex_t flight_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flight_done = PTHREAD_COND_INITIALIZER;
static int64_t flights[FLIGHTS]; /* the calls being computed; 0 for a free slot */

/* How often a thread's own transaction stored missing aggregates. */
static atomic_int settle_runs;

struct settle_ctx {
	int64_t call_id;
	size_t stored;
};

static int
settle_tx(struct store *s, void *arg)
{
	struct settle_ctx *c = arg;
	return settle(s, c->call_id, &c->stored);
}

int
review_aggregates_computations(void)
{
	return atomic_load(&settle_runs);
}

/* Has the call's missing aggregates stored: by this thread, or by the one that is doing it
 * already (waited for). When every slot is taken, computes without registering. */
static void
settle_once(struct store *s, int64_t call_id)
{
	int slot = -1;
	bool waited = false;
	pthread_mutex_lock(&flight_lock);
	for (;;) {
		bool busy = false;
		for (int i = 0; i < FLIGHTS; i++)
			busy |= flights[i] == call_id;
		if (!busy)
			break;
		waited = true;
		pthread_cond_wait(&flight_done, &flight_lock);
	}
	if (!waited)
		for (int i = 0; i < FLIGHTS && slot < 0; i++)
			if (!flights[i]) {
				flights[i] = call_id;
				slot = i;
			}
	pthread_mutex_unlock(&flight_lock);
	if (waited)
		return; /* the caller reads again; what is still missing it computes itself */
	struct settle_ctx c = {call_id, 0};
	if (store_tx(s, settle_tx, &c) == STORE_OK && c.stored)
		atomic_fetch_add(&settle_runs, 1);
	if (slot < 0)
		return;
	pthread_mutex_lock(&flight_lock);
	flights[slot] = 0;
	pthread_cond_broadcast(&flight_done);
	pthread_mutex_unlock(&flight_lock);
}

/* Reads the ranking's proposals into out with their stored aggregates; missing[i] is set
 * for those without. Returns the number of rows. */
static size_t
read_rows(struct store *s, struct arena *a, const struct user *viewer, int64_t call_id,
          const struct criterion *crit, size_t ncrit, double threshold, struct review_rank_row *out,
          bool *missing, size_t max, size_t *nmissing)
{
	struct review_rank_row *tmpl = xmalloc(sizeof *tmpl);
	review_aggregate(crit, ncrit, threshold, NULL, 0, tmpl);
	struct stmt *st = store_stmt(s, &q_rank_proposals);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, viewer ? viewer->id : 0);
	stmt_bind_int(st, 3, (int64_t)max);
	size_t n = 0;
	*nmissing = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		struct review_rank_row *row = &out[n];
		memset(row, 0, sizeof *row);
		row->proposal_id = stmt_int(st, 0);
		row->title = arena_strdup(a, stmt_text(st, 1));
		row->organisation_name = arena_strdup(a, stmt_text(st, 2));
		int ps = proposal_state_parse(stmt_text(st, 3));
		row->state = ps < 0 ? PS_ELIGIBLE : (enum proposal_state)ps;
		/* The rubric's part of a row (keys, top, leaf), computed once. */
		row->ncrit = tmpl->ncrit;
		memcpy(row->crit, tmpl->crit, sizeof row->crit);
		bool stored = stmt_int(st, 4) != 0 && decode_crit(stmt_text(st, 10), row);
		if (stored) {
			row->nratings = (int)stmt_int(st, 5);
			row->nabstain = (int)stmt_int(st, 6);
			row->total = stmt_double(st, 7);
			row->all_met = stmt_int(st, 8) != 0;
			row->disagree = stmt_int(st, 9) != 0;
		}
		missing[n] = !stored;
		*nmissing += !stored;
		n++;
	}
	stmt_done(st);
	free(tmpl);
	return n;
}

size_t
review_ranking(struct store *s, struct arena *a, const struct user *viewer, int64_t call_id,
               struct review_rank_row *out, size_t max, struct criterion *crit_out,
               size_t *ncrit_out)
{
	struct criterion crit_local[REVIEW_MAX_CRITERIA];
	struct criterion *crit = crit_out ? crit_out : crit_local;
	size_t ncrit = call_criteria(s, a, call_id, crit, REVIEW_MAX_CRITERIA);
	if (ncrit_out)
		*ncrit_out = ncrit;
	struct review_settings set;
	review_settings_get(s, call_id, &set);

	bool *missing = xmalloc((max ? max : 1) * sizeof *missing);
	size_t nmissing;
	size_t n = read_rows(s, a, viewer, call_id, crit, ncrit, set.threshold, out, missing, max,
	                     &nmissing);
	if (nmissing) {
		/* Store what is missing (in the caller's transaction, or once for all waiting
		 * threads), then read again; what is missing still (a change in between, a failed
		 * write) is computed here, in memory. */
		if (store_in_transaction(s))
			review_aggregates_settle(s, call_id);
		else
			settle_once(s, call_id);
		n = read_rows(s, a, viewer, call_id, crit, ncrit, set.threshold, out, missing, max,
		              &nmissing);
		if (nmissing)
			compute_rows(s, call_id, crit, ncrit, set.threshold, out, missing, n);
	}
	free(missing);
	review_ranking_sort(out, n, "total", true);
	return n;
}

size_t
review_ranking_full(struct store *s, struct arena *a, const struct user *viewer, int64_t call_id,
                    struct review_rank_row *out, size_t max)
{
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit = call_criteria(s, a, call_id, crit, REVIEW_MAX_CRITERIA);
	struct review_settings set;
	review_settings_get(s, call_id, &set);
	bool *missing = xmalloc((max ? max : 1) * sizeof *missing);
	size_t nmissing;
	size_t n = read_rows(s, a, viewer, call_id, crit, ncrit, set.threshold, out, missing, max,
	                     &nmissing);
	for (size_t i = 0; i < n; i++)
		missing[i] = true;
	struct stmt *st = store_stmt(s, &q_rank_scores);
	stmt_bind_int(st, 1, call_id);
	aggregate_from(st, crit, ncrit, set.threshold, out, missing, n);
	free(missing);
	review_ranking_sort(out, n, "total", true);
	return n;
}

struct sort_ctx {
	const char *key;
	int crit; /* index of the criterion sorted by, -1 for the fixed keys */
	bool desc;
};

static int
cmp_num(double x, double y)
{
	return (x > y) - (x < y);
}

static int
cmp_rows(const void *pa, const void *pb, void *pc)
{
	const struct review_rank_row *a = pa, *b = pb;
	const struct sort_ctx *c = pc;
	int d = 0;
	if (c->crit >= 0) {
		const struct review_agg *x = &a->crit[c->crit], *y = &b->crit[c->crit];
		/* Unrated proposals go last in either direction. */
		if ((x->n > 0) != (y->n > 0))
			return x->n > 0 ? -1 : 1;
		d = cmp_num(x->mean, y->mean);
	} else if (strcmp(c->key, "title") == 0) {
		d = strcoll(a->title, b->title);
	} else if (strcmp(c->key, "organisation") == 0) {
		d = strcoll(a->organisation_name, b->organisation_name);
	} else if (strcmp(c->key, "ratings") == 0) {
		d = a->nratings - b->nratings;
	} else if (strcmp(c->key, "met") == 0) {
		d = (int)a->all_met - (int)b->all_met;
	} else if (strcmp(c->key, "disagreement") == 0) {
		d = (int)a->disagree - (int)b->disagree;
	} else {
		if ((a->nratings > 0) != (b->nratings > 0))
			return a->nratings > 0 ? -1 : 1;
		d = cmp_num(a->total, b->total);
	}
	if (c->desc)
		d = -d;
	if (!d)
		d = -cmp_num(a->total, b->total);
	if (!d)
		d = strcoll(a->title, b->title);
	if (!d)
		d = (a->proposal_id > b->proposal_id) - (a->proposal_id < b->proposal_id);
	return d;
}

void
review_ranking_sort(struct review_rank_row *rows, size_t n, const char *key, bool desc)
{
	struct sort_ctx c = {key ? key : "total", -1, desc};
	if (n && strcmp(c.key, "title") && strcmp(c.key, "organisation") &&
	    strcmp(c.key, "ratings") && strcmp(c.key, "met") && strcmp(c.key, "disagreement"))
		for (size_t i = 0; i < rows[0].ncrit; i++)
			if (strcmp(rows[0].crit[i].key, c.key) == 0)
				c.crit = (int)i;
	qsort_r(rows, n, sizeof *rows, cmp_rows, &c);
}

static const struct store_query q_review_state = {
    "review_state", "SELECT generation, instance FROM review_state WHERE id = 1"};

void
review_state(struct store *s, int64_t *generation, char *instance, size_t n)
{
	struct stmt *st = store_stmt(s, &q_review_state);
	bool ok = stmt_step(st) == STORE_ROW;
	*generation = ok ? stmt_int(st, 0) : 0;
	snprintf(instance, n, "%s", ok ? stmt_text(st, 1) : "");
	stmt_done(st);
}
