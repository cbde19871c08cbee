/* Inter-rater agreement: Krippendorff's alpha (nominal, ordinal, interval, ratio) over a
 * units × coders matrix with missing values, and each coder's leniency (mean deviation
 * from the other coders). Pure arithmetic, no storage: decision.c feeds it the ratings. */
#ifndef DOMAIN_AGREEMENT_H
#define DOMAIN_AGREEMENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/call.h"
#include "domain/review.h"
#include "util/arena.h"

struct store;

/* A cell without a value (the coder did not rate the unit). Values are whole numbers
 * >= 0, as the rubric's scale levels are. */
#define AGREEMENT_MISSING (-1)

enum agreement_metric { AGREE_NOMINAL, AGREE_ORDINAL, AGREE_INTERVAL, AGREE_RATIO };

/* Why alpha could not be computed. */
enum agreement_undefined {
	AGREE_DEFINED = 0,
	AGREE_NO_PAIRS,     /* no unit has two values: nothing to compare */
	AGREE_NO_VARIATION, /* every value is the same: the expected disagreement is 0 */
};

struct agreement_alpha {
	enum agreement_undefined undefined; /* AGREE_DEFINED when alpha holds a value */
	double alpha;              /* 1 perfect agreement, 0 as by chance, < 0 worse than chance */
	size_t units;              /* units with at least two values (pairable) */
	size_t values;             /* n: the values in those units */
	double observed, expected; /* D_o and D_e */
};

/* Krippendorff's alpha for data: nunits rows of ncoders values each (row-major),
 * AGREEMENT_MISSING where a coder gave none. Units with fewer than two values are left
 * out, as the method prescribes. With the ordinal metric the distance of two values counts
 * the values found between them in the data (Krippendorff 2011, eq. for ordinal δ²).
 * Never returns NaN: out->undefined says when alpha has no value (out->alpha is 0 then). */
void agreement_alpha(const int *data, size_t nunits, size_t ncoders, enum agreement_metric metric,
                     struct agreement_alpha *out);

/* A coder's leniency: over the units this coder rated together with at least one other
 * coder, the mean of (own value − the mean of the others' values on that unit). Positive:
 * scores higher than the others; negative: stricter. units is 0 (and mean 0) when the
 * coder shares no unit with anyone. */
struct agreement_leniency {
	size_t units;
	double mean;     /* signed mean deviation */
	double mean_abs; /* mean absolute deviation */
};
/* Fills out[0..ncoders). */
void agreement_leniency(const int *data, size_t nunits, size_t ncoders,
                        struct agreement_leniency *out);

/* ---- over the ratings of a call ---- */

struct agreement_criterion {
	struct criterion crit;             /* a rated (leaf) criterion */
	struct agreement_alpha alpha;      /* ordinal, proposals × members */
	int64_t counts[REVIEW_MAX_LEVELS]; /* ratings per scale level (index as levels) */
	int64_t nratings;
};

struct agreement_member {
	int64_t user_id;
	const char *name, *constituency;
	struct agreement_leniency leniency; /* over every criterion and proposal */
	int64_t ratings;                    /* submitted scores counted */
};

struct agreement_report {
	struct agreement_criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit;
	struct scale_level levels[REVIEW_MAX_LEVELS];
	size_t nlevels;
	struct agreement_member *members; /* in a, the board's order */
	size_t nmembers;
	struct agreement_alpha overall; /* ordinal, all criteria pooled (unit: proposal × crit) */
	size_t nproposals;              /* proposals with at least one counted score */
};

/* The agreement statistics of a call's board: per rated criterion ordinal alpha over the
 * proposals (units) and members (coders), and the score distribution; per member the
 * leniency. Counted are the submitted, non-abstaining scores of current members who are
 * not conflicted on the proposal, as in the ranking. */
void agreement_for_call(struct store *s, struct arena *a, int64_t call_id,
                        struct agreement_report *out);

#endif
