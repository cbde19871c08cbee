/* The agreement statistics of one call: reads the counted scores and hands agreement.c a
 * proposals × members matrix per criterion. */
#include "domain/agreement.h"
#include "store/store.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* Submitted, non-abstaining scores of current members not conflicted on the proposal, of
 * proposals past the formal check and not withdrawn (as the ranking counts them). */
static const struct store_query q_scores = {
    "agreement_scores",
    "SELECT r.proposal_id, r.user_id, sc.criterion_id, sc.score FROM review r "
    "JOIN proposal p ON p.id = r.proposal_id "
    "JOIN board_member m ON m.call_id = p.call_id AND m.user_id = r.user_id "
    "JOIN review_score sc ON sc.review_id = r.id "
    "WHERE p.call_id = ?1 AND r.state = 'submitted' AND r.abstain = 0 AND sc.score IS NOT NULL "
    "AND p.state IN ('eligible', 'in_review', 'selected', 'not_selected', 'deferred', "
    "'published') AND NOT EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = r.user_id "
    "AND x.proposal_id = r.proposal_id) ORDER BY r.proposal_id, r.user_id"};

struct score_row {
	int64_t proposal_id, user_id, criterion_id;
	int score;
};

void
agreement_for_call(struct store *s, struct arena *a, int64_t call_id, struct agreement_report *out)
{
	memset(out, 0, sizeof *out);
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	out->ncrit = review_leaf_criteria(s, a, call_id, leaf, REVIEW_MAX_CRITERIA);
	for (size_t i = 0; i < out->ncrit; i++)
		out->crit[i].crit = leaf[i];
	out->nlevels = review_scale(s, a, call_id, out->levels, REVIEW_MAX_LEVELS);
	struct board_member *bm = review_members(s, a, call_id, &out->nmembers);
	out->members = arena_calloc(a, (out->nmembers + 1) * sizeof *out->members);
	for (size_t i = 0; i < out->nmembers; i++) {
		out->members[i].user_id = bm[i].user_id;
		out->members[i].name = bm[i].name;
		out->members[i].constituency = bm[i].constituency;
	}

	size_t n = 0, cap = 256;
	struct score_row *rows = xmalloc(cap * sizeof *rows);
	struct stmt *st = store_stmt(s, &q_scores);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap)
			rows = xrealloc(rows, (cap *= 2) * sizeof *rows);
		rows[n++] = (struct score_row){stmt_int(st, 0), stmt_int(st, 1), stmt_int(st, 2),
		                               (int)stmt_int(st, 3)};
	}
	stmt_done(st);

	/* Units: the proposals with a counted score, in id order (rows are sorted). */
	size_t nunits = 0;
	int64_t *units = xmalloc((n + 1) * sizeof *units);
	for (size_t i = 0; i < n; i++)
		if (!nunits || units[nunits - 1] != rows[i].proposal_id)
			units[nunits++] = rows[i].proposal_id;
	out->nproposals = nunits;
	size_t nc = out->nmembers, ncrit = out->ncrit;
	/* One matrix per criterion, and the pooled one (unit: proposal × criterion). */
	int *m = xmalloc((ncrit + 1) * (nunits + 1) * (nc + 1) * sizeof *m);
	size_t per = nunits * nc;
	for (size_t i = 0; i < (ncrit + 1) * (nunits + 1) * (nc + 1); i++)
		m[i] = AGREEMENT_MISSING;
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		while (units[u] != rows[i].proposal_id)
			u++;
		size_t c = 0, k = 0;
		while (c < nc && out->members[c].user_id != rows[i].user_id)
			c++;
		while (k < ncrit && out->crit[k].crit.id != rows[i].criterion_id)
			k++;
		if (c == nc || k == ncrit || rows[i].score < 0)
			continue;
		m[k * per + u * nc + c] = rows[i].score;
		out->crit[k].nratings++;
		out->members[c].ratings++;
		for (size_t l = 0; l < out->nlevels; l++)
			if (out->levels[l].level == rows[i].score)
				out->crit[k].counts[l]++;
	}
	for (size_t k = 0; k < ncrit; k++)
		agreement_alpha(m + k * per, nunits, nc, AGREE_ORDINAL, &out->crit[k].alpha);
	/* Pooled: the criteria's matrices one below the other are the proposal × criterion
	 * units. */
	agreement_alpha(m, nunits * ncrit, nc, AGREE_ORDINAL, &out->overall);
	struct agreement_leniency *len = xcalloc(nc + 1, sizeof *len);
	agreement_leniency(m, nunits * ncrit, nc, len);
	for (size_t c = 0; c < nc; c++)
		out->members[c].leniency = len[c];
	free(len);
	free(m);
	free(units);
	free(rows);
}
