/* The findings of call_readiness in words, each with the link to where it is put right. */
#include "pages/view_readiness.h"
#include "domain/conflict.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "pages/view_office.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>

/* One point: its sentence and, where it can be put right, a link. */
struct point {
	const char *text, *href, *link;
};

static const char *
proposal_href(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/vorschlaege/%lld%s", (long long)id, rest);
}

/* "„Title“ (organisation)"; NULL when the viewer is conflicted on it, who sees no more of
 * it here than that it exists. */
static const char *
proposal_name(struct request *r, struct store *s, int64_t id)
{
	if (conflict_of(s, r->user->id, id) != CONFLICT_NONE)
		return NULL;
	struct proposal p;
	if (!proposal_find(s, &r->arena, id, &p))
		return "–";
	return arena_printf(&r->arena, tr(r, "\"%s\" (%s)"),
	                    p.text[PT_TITLE][0] ? p.text[PT_TITLE] : tr(r, "(untitled)"),
	                    p.organisation_name);
}

static const char *
criterion_name(struct request *r, struct store *s, int64_t call_id, int64_t id)
{
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, &r->arena, call_id, crit, REVIEW_MAX_CRITERIA);
	for (size_t i = 0; i < n; i++)
		if (crit[i].id == id) {
			const char *l = criterion_label(&crit[i], r->lang);
			return l[0] ? l : crit[i].key;
		}
	return "–";
}

static struct point
call_point(struct request *r, const struct call *c, const struct call_finding *f)
{
	struct arena *a = &r->arena;
	switch (f->kind) {
	case READY_DEADLINE_AHEAD:
		return (struct point){
		    arena_printf(a,
		                 tr(r, "The submission deadline has not passed yet: it is %s, in "
		                       "%s. Closing early needs a reason."),
		                 office_when(r, c->closes_at),
		                 office_span(r, c->closes_at - time_now())),
		    office_call_href(r, c->id, "/bearbeiten"), tr(r, "Change the dates")};
	case READY_CONSTITUENCIES:
		return (struct point){
		    arena_printf(a,
		                 trn(r,
		                     "The board represents %lld constituency; at least %lld are "
		                     "needed.",
		                     "The board represents %lld constituencies; at least %lld are "
		                     "needed.",
		                     (long)f->have),
		                 (long long)f->have, (long long)f->need),
		    office_call_href(r, c->id, "/gremium"), tr(r, "Board members")};
	case READY_NO_CRITERIA:
		return (struct point){tr(r, "The rubric has no criterion to rate."),
		                      office_call_href(r, c->id, "/rubrik"), tr(r, "Rubric")};
	case READY_SCALE:
		return (struct point){tr(r, "The rating scale needs at least two levels, each "
		                            "named in German and English."),
		                      office_call_href(r, c->id, "/rubrik"), tr(r, "Rubric")};
	case READY_RECORD_MISSING:
		return (struct point){
		    f->have ? tr(r, "The decisions have changed since the decision record was "
		                    "last issued: issue it again.")
		            : tr(r, "The decision record has not been issued."),
		    office_call_href(r, c->id, "/sitzung#protocol-h"), tr(r, "Decision record")};
	default:
		return (struct point){"–", NULL, NULL};
	}
}

static struct point
object_point(struct request *r, struct store *s, const struct call *c, const struct call_finding *f)
{
	struct arena *a = &r->arena;
	const char *name = NULL;
	switch (f->kind) {
	case READY_CRITERION:
		return (struct point){
		    arena_printf(a,
		                 tr(r,
		                    "Criterion \"%s\": its name or guidance is missing in German "
		                    "or English."),
		                 criterion_name(r, s, c->id, f->object_id)),
		    office_call_href(r, c->id, "/rubrik"), tr(r, "Rubric")};
	case READY_MEMBER_MISSING: {
		struct user u;
		const char *who = user_find_by_id(s, a, f->object_id, &u) ? u.name : "–";
		return (struct point){arena_printf(a,
		                                   trn(r, "%s: %lld rating missing.",
		                                       "%s: %lld ratings missing.", (long)f->have),
		                                   who, (long long)f->have),
		                      office_call_href(r, c->id, "/fortschritt"),
		                      tr(r, "Progress of the ratings")};
	}
	default:
		break;
	}
	name = proposal_name(r, s, f->object_id);
	if (!name)
		return (struct point){tr(r, "A proposal on which you have a conflict of interest "
		                            "(another member of the office can see to it)."),
		                      NULL, NULL};
	switch (f->kind) {
	case READY_UNCHECKED:
		return (struct point){
		    arena_printf(a, tr(r, "%s: the formal check is not finished."), name),
		    proposal_href(r, f->object_id, ""), tr(r, "Formal check")};
	case READY_FEW_RATINGS:
		return (struct point){
		    arena_printf(a,
		                 trn(r, "%s: %lld submitted rating; the call asks for %lld.",
		                     "%s: %lld submitted ratings; the call asks for %lld.",
		                     (long)f->have),
		                 name, (long long)f->have, (long long)f->need),
		    office_call_href(r, c->id, "/ranking"), tr(r, "Ranking")};
	case READY_UNDECIDED:
		return (struct point){
		    arena_printf(a, tr(r, "%s: no decision has been recorded."), name),
		    office_call_href(r, c->id,
		                     arena_printf(a, "/sitzung/%lld", (long long)f->object_id)),
		    tr(r, "Decide")};
	case READY_LETTER_UNSENT:
		return (struct point){
		    arena_printf(a, tr(r, "%s: the decision letter has not been sent."), name),
		    proposal_href(r, f->object_id, "/beschluss"), tr(r, "Decision and letter")};
	default:
		return (struct point){"–", NULL, NULL};
	}
}

void
readiness_list(struct request *r, struct html *h, struct store *s, const struct call *c,
               const struct call_finding *f, size_t n)
{
	html_open(h, "ul", "class", "readiness", NULL);
	for (size_t i = 0; i < n; i++) {
		bool about_call = f[i].kind == READY_DEADLINE_AHEAD ||
		                  f[i].kind == READY_CONSTITUENCIES ||
		                  f[i].kind == READY_NO_CRITERIA || f[i].kind == READY_SCALE ||
		                  f[i].kind == READY_RECORD_MISSING;
		struct point p =
		    about_call ? call_point(r, c, &f[i]) : object_point(r, s, c, &f[i]);
		html_open(h, "li", "data-kind", call_readiness_kind_name(f[i].kind), NULL);
		html_text(h, p.text);
		if (p.href) {
			html_text(h, " ");
			html_elem(h, "a", p.link, "href", p.href, NULL);
		}
		html_close(h, "li");
	}
	html_close(h, "ul");
}
