/* The decision record (Entscheidungsprotokoll) of a call as an A4 PDF: the board with its
 * constituencies, the conflicts of interest and recusals, and per proposal in ranking order
 * the score table, the votes, the outcome with its reasons and the amendments. Made from
 * the database alone (its date is the data's latest change), so the same data gives the
 * same bytes; issuing it (src/pages/decision_record_page.c) records the SHA-256 of those
 * bytes in the audit log. */
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/review.h"
#include "export/decision_record.h"
#include "export/pdf.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "2,5" (German) or "2.5", at most two decimals. */
static const char *
number(struct arena *a, enum lang lang, double v)
{
	char *s = arena_printf(a, "%.2f", v);
	char *end = s + strlen(s) - 1;
	while (*end == '0')
		*end-- = '\0';
	if (*end == '.')
		*end = '\0';
	if (lang == LANG_DE)
		for (char *c = s; *c; c++)
			if (*c == '.')
				*c = ',';
	return s;
}

static const char *
when(struct arena *a, enum lang lang, int64_t t)
{
	if (!t)
		return "–";
	char out[40];
	time_format_berlin(out, sizeof out, t, lang == LANG_DE);
	return arena_strdup(a, out);
}

struct ctx {
	struct store *s;
	struct arena *a;
	struct pdf_doc *d;
	enum lang lang;
	const struct call *c;
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit;
	struct conflict *conflicts;
	size_t nconflicts;
};

static const char *
T(const struct ctx *x, const char *msgid)
{
	return i18n_get(x->lang, msgid);
}

/* "label: value" as a paragraph. (pdf_meta would set the label in bold, but it takes the
 * address of its block before adding it, which dangles when the block list grows: a
 * record has enough blocks to hit that. Reported; until pdf.c is fixed, a plain line.) */
static void
meta(const struct ctx *x, const char *label, const char *value)
{
	pdf_paragraph(x->d, arena_printf(x->a, "%s: %s", label, value ? value : ""));
}

static void
board(struct ctx *x, const struct meeting *m)
{
	size_t n;
	struct board_member *bm = review_members(x->s, x->a, x->c->id, &n);
	pdf_heading(x->d, i18n_get(x->lang, "Advisory board"));
	if (!n)
		pdf_paragraph(x->d, i18n_get(x->lang, "The board of this call has no members."));
	for (size_t i = 0; i < n; i++) {
		const char *at = !m->exists ? ""
		                 : decision_meeting_present(m, bm[i].user_id)
		                     ? i18n_get(x->lang, "present at the meeting")
		                     : i18n_get(x->lang, "not present at the meeting");
		pdf_bullet(x->d,
		           arena_printf(x->a, "%s (%s) – %s%s%s", bm[i].name,
		                        bm[i].organisation_name[0] ? bm[i].organisation_name : "–",
		                        T(x, board_constituency_label(bm[i].constituency)),
		                        at[0] ? " – " : "", at));
	}
}

static void
conflicts(struct ctx *x)
{
	pdf_heading(x->d, i18n_get(x->lang, "Conflicts of interest and recusals"));
	pdf_paragraph(x->d,
	              i18n_get(x->lang, "A member with a conflict of interest neither saw "
	                                "nor rated the proposal and is recused from its vote."));
	if (!x->nconflicts)
		pdf_paragraph(x->d, i18n_get(x->lang, "No conflicts of interest."));
	for (size_t i = 0; i < x->nconflicts; i++) {
		const struct conflict *k = &x->conflicts[i];
		pdf_bullet(x->d, arena_printf(x->a, "%s: %s – %s%s%s",
		                              k->proposal_title[0] ? k->proposal_title : "–",
		                              k->user_name, T(x, conflict_kind_label(k->kind)),
		                              k->reason[0] ? " – " : "", k->reason));
	}
}

static void
scores(struct ctx *x, const struct review_rank_row *w)
{
	pdf_subheading(x->d, i18n_get(x->lang, "Scores"));
	if (!w->nratings) {
		pdf_paragraph(x->d, i18n_get(x->lang, "There are no submitted ratings of this "
		                                      "proposal."));
		return;
	}
	for (size_t i = 0; i < w->ncrit; i++) {
		const struct review_agg *g = &w->crit[i];
		const char *label = criterion_label(&x->crit[i], x->lang);
		if (!g->n) {
			pdf_bullet(x->d, arena_printf(x->a, "%s%s: –",
			                              x->crit[i].parent_key[0] ? "– " : "", label));
			continue;
		}
		pdf_bullet(
		    x->d,
		    arena_printf(x->a,
		                 i18n_get(x->lang, "%s%s: mean %s, median %s, range %s–%s, "
		                                   "%d ratings – %s"),
		                 x->crit[i].parent_key[0] ? "– " : "", label,
		                 number(x->a, x->lang, g->mean), number(x->a, x->lang, g->median),
		                 number(x->a, x->lang, g->min), number(x->a, x->lang, g->max), g->n,
		                 g->met ? i18n_get(x->lang, "met") : i18n_get(x->lang, "not met")));
	}
	pdf_paragraph(x->d,
	              arena_printf(x->a,
	                           i18n_get(x->lang, "All criteria met: %s. Weighted total: "
	                                             "%s. Ratings: %d, abstentions: %d."),
	                           w->all_met ? i18n_get(x->lang, "yes") : i18n_get(x->lang, "no"),
	                           number(x->a, x->lang, w->total), w->nratings, w->nabstain));
}

static void
votes(struct ctx *x, const struct decision_version *v)
{
	pdf_subheading(x->d, i18n_get(x->lang, "Votes"));
	pdf_paragraph(x->d,
	              arena_printf(x->a,
	                           i18n_get(x->lang, "Yes: %d, no: %d, abstentions: %d, "
	                                             "recused: %d, absent: %d."),
	                           v->counts[VOTE_YES], v->counts[VOTE_NO], v->counts[VOTE_ABSTAIN],
	                           v->counts[VOTE_RECUSED], v->counts[VOTE_ABSENT]));
	for (size_t i = 0; i < v->nvotes; i++)
		pdf_bullet(x->d, arena_printf(
		                     x->a, "%s (%s): %s", v->votes[i].name,
		                     v->votes[i].constituency[0]
		                         ? T(x, board_constituency_label(v->votes[i].constituency))
		                         : "–",
		                     T(x, decision_vote_label(v->votes[i].vote))));
}

static void
outcome(struct ctx *x, const struct decision *dec)
{
	const struct decision_version *v = decision_current(dec);
	votes(x, v);
	pdf_subheading(x->d, i18n_get(x->lang, "Outcome"));
	pdf_paragraph(x->d, arena_printf(x->a,
	                                 i18n_get(x->lang, "%s (version %lld, recorded on %s "
	                                                   "by %s)"),
	                                 T(x, proposal_state_label(v->outcome)),
	                                 (long long)v->number, when(x->a, x->lang, v->created_at),
	                                 v->created_by_name[0] ? v->created_by_name : "–"));
	if (v->outcome == PS_DEFERRED) {
		meta(x, i18n_get(x->lang, "Conditions"), v->conditions);
		meta(x, i18n_get(x->lang, "To be decided again in the call"),
		     v->target_call_title[0] ? v->target_call_title : "–");
	}
	pdf_paragraph(x->d, T(x, decision_scores_statement(v)));
	if (decision_deviates(v->outcome, v->all_met))
		meta(x, i18n_get(x->lang, "Reason for deviating from the scores"),
		     v->deviation_reason);
	pdf_paragraph(x->d, T(x, decision_votes_statement(v)));
	if (v->vote_reason[0])
		meta(x, i18n_get(x->lang, "Reason for deciding against the majority of the votes"),
		     v->vote_reason);
	pdf_subheading(x->d, i18n_get(x->lang, "Justification per criterion"));
	for (size_t k = 0; k < x->ncrit; k++)
		for (size_t i = 0; i < v->njust; i++)
			if (v->just[i].criterion_id == x->crit[k].id)
				meta(x, criterion_label(&x->crit[k], x->lang), v->just[i].body);
	if (dec->nversions > 1) {
		pdf_subheading(x->d, i18n_get(x->lang, "Amendments"));
		for (size_t i = 1; i < dec->nversions; i++) {
			const struct decision_version *w = &dec->versions[i];
			pdf_bullet(
			    x->d,
			    arena_printf(x->a,
			                 i18n_get(x->lang, "Version %lld of %s by %s: %s "
			                                   "(before: %s). Reason: %s"),
			                 (long long)w->number, when(x->a, x->lang, w->created_at),
			                 w->created_by_name[0] ? w->created_by_name : "–",
			                 T(x, proposal_state_label(w->outcome)),
			                 T(x, proposal_state_label(dec->versions[i - 1].outcome)),
			                 w->amendment_reason));
		}
	}
	meta(x, i18n_get(x->lang, "Checksum (SHA-256)"), v->record_hash);
}

static void
proposal_block(struct ctx *x, size_t rank, const struct review_rank_row *w)
{
	pdf_heading(x->d, arena_printf(x->a, "%zu. %s", rank,
	                               w->title[0] ? w->title : i18n_get(x->lang, "(untitled)")));
	meta(x, i18n_get(x->lang, "Sub-project"), w->organisation_name);
	meta(x, i18n_get(x->lang, "Proposal no."),
	     arena_printf(x->a, "%lld", (long long)w->proposal_id));
	struct conflict *mine = NULL;
	size_t nmine = 0;
	for (size_t i = 0; i < x->nconflicts; i++)
		if (x->conflicts[i].proposal_id == w->proposal_id) {
			if (!mine)
				mine = arena_alloc(x->a, x->nconflicts * sizeof *mine);
			mine[nmine++] = x->conflicts[i];
		}
	if (nmine) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < nmine; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", mine[i].user_name);
		meta(x, i18n_get(x->lang, "Recused"), buf_str(&b));
		buf_free(&b);
	}
	scores(x, w);
	struct decision dec;
	if (decision_find(x->s, x->a, w->proposal_id, &dec) && dec.nversions) {
		outcome(x, &dec);
	} else {
		pdf_subheading(x->d, i18n_get(x->lang, "Outcome"));
		pdf_paragraph(x->d, i18n_get(x->lang, "Not decided yet."));
	}
}

int
decision_protocol_pdf(struct store *s, int64_t call_id, enum lang lang, struct buf *out)
{
	struct arena a = {0};
	struct call c;
	int pages = -1;
	if (!call_find(s, &a, call_id, &c))
		goto done;
	struct pdf_doc *d = pdf_new(lang);
	struct ctx x = {.s = s, .a = &a, .d = d, .lang = lang, .c = &c};
	x.conflicts = conflict_list(s, &a, c.id, &x.nconflicts);
	int64_t counts[PS_COUNT];
	proposal_count_states(s, c.id, counts);
	size_t total = 0;
	for (int i = 0; i < PS_COUNT; i++)
		total += (size_t)counts[i];
	struct review_rank_row *rows = xmalloc((total + 1) * sizeof *rows);
	/* No viewer: the record counts every rating that is not conflicted. */
	size_t n = review_ranking(s, &a, NULL, c.id, rows, total, x.crit, &x.ncrit);
	struct meeting m;
	decision_meeting(s, &a, c.id, &m);
	size_t nd;
	decision_list(s, &a, c.id, &nd);

	int64_t as_of = decision_record_time(s, c.id);
	if (!as_of)
		as_of = c.updated_at;
	const char *title = arena_printf(&a, i18n_get(lang, "Decision record: %s"), c.title);
	pdf_set_info(d, title, i18n_get(lang, "Coordination office"), c.title, as_of, NULL,
	             c.title);
	pdf_title(d, title);
	meta(&x, i18n_get(lang, "Call"), c.title);
	meta(&x, i18n_get(lang, "Meeting"),
	     m.exists ? when(&a, lang, m.held_at) : i18n_get(lang, "not recorded yet"));
	if (m.exists && m.notes[0])
		meta(&x, i18n_get(lang, "Notes"), m.notes);
	meta(&x, i18n_get(lang, "Proposals decided"), arena_printf(&a, "%zu / %zu", nd, n));
	meta(&x, i18n_get(lang, "As of"), when(&a, lang, as_of));
	board(&x, &m);
	conflicts(&x);
	for (size_t i = 0; i < n; i++)
		proposal_block(&x, i + 1, &rows[i]);
	free(rows);
	pages = pdf_render(d, out);
	pdf_free(d);
done:
	arena_free(&a);
	return pages;
}
