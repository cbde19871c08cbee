/* Krippendorff's alpha by way of the coincidence matrix, as in Krippendorff, "Computing
 * Krippendorff's Alpha-Reliability" (2011): every pair of values within a unit counts
 * 1/(m_u − 1) towards the matrix, the expected disagreement comes from its margins. */
#include "domain/agreement.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The values present in pairable units, sorted and distinct; returns how many. */
static size_t
distinct_values(const int *data, size_t nunits, size_t ncoders, int *vals)
{
	size_t n = 0;
	for (size_t u = 0; u < nunits; u++) {
		const int *row = data + u * ncoders;
		size_t m = 0;
		for (size_t c = 0; c < ncoders; c++)
			m += row[c] >= 0;
		if (m < 2)
			continue;
		for (size_t c = 0; c < ncoders; c++)
			if (row[c] >= 0)
				vals[n++] = row[c];
	}
	qsort(vals, n, sizeof *vals, cmp_int);
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		if (!d || vals[d - 1] != vals[i])
			vals[d++] = vals[i];
	return d;
}

static size_t
index_of(const int *vals, size_t nv, int v)
{
	size_t lo = 0, hi = nv;
	while (lo + 1 < hi) {
		size_t mid = (lo + hi) / 2;
		if (vals[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The squared distance of the c-th and k-th value (indices into vals). marg: n_g. */
static double
delta2(enum agreement_metric m, const int *vals, const double *marg, size_t c, size_t k)
{
	if (c == k)
		return 0;
	double a = vals[c], b = vals[k];
	switch (m) {
	case AGREE_NOMINAL:
		return 1;
	case AGREE_INTERVAL:
		return (a - b) * (a - b);
	case AGREE_RATIO:
		return a + b == 0 ? 0 : ((a - b) / (a + b)) * ((a - b) / (a + b));
	case AGREE_ORDINAL: {
		size_t lo = c < k ? c : k, hi = c < k ? k : c;
		double sum = 0;
		for (size_t g = lo; g <= hi; g++)
			sum += marg[g];
		double d = sum - (marg[lo] + marg[hi]) / 2;
		return d * d;
	}
	}
	return 0;
}

void
agreement_alpha(const int *data, size_t nunits, size_t ncoders, enum agreement_metric metric,
                struct agreement_alpha *out)
{
	memset(out, 0, sizeof *out);
	out->undefined = AGREE_NO_PAIRS;
	if (!nunits || ncoders < 2)
		return;
	int *vals = xmalloc(nunits * ncoders * sizeof *vals);
	size_t nv = distinct_values(data, nunits, ncoders, vals);
	double *o = xcalloc(nv * nv + 1, sizeof *o);
	double *marg = xcalloc(nv + 1, sizeof *marg);
	size_t *idx = xmalloc(ncoders * sizeof *idx);

	for (size_t u = 0; u < nunits; u++) {
		const int *row = data + u * ncoders;
		size_t m = 0;
		for (size_t c = 0; c < ncoders; c++)
			if (row[c] >= 0)
				idx[m++] = index_of(vals, nv, row[c]);
		if (m < 2)
			continue;
		out->units++;
		out->values += m;
		/* Every ordered pair of values from different coders, weighted 1/(m − 1). */
		double w = 1.0 / (double)(m - 1);
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++)
				if (i != j)
					o[idx[i] * nv + idx[j]] += w;
	}
	if (!out->units)
		goto done;
	double n = 0;
	for (size_t c = 0; c < nv; c++) {
		for (size_t k = 0; k < nv; k++)
			marg[c] += o[c * nv + k];
		n += marg[c];
	}
	double dob = 0, dex = 0;
	for (size_t c = 0; c < nv; c++)
		for (size_t k = 0; k < nv; k++) {
			double d = delta2(metric, vals, marg, c, k);
			dob += o[c * nv + k] * d;
			dex += marg[c] * marg[k] * d;
		}
	out->observed = dob / n;
	out->expected = n > 1 ? dex / (n * (n - 1)) : 0;
	/* One value throughout: agreement is perfect but says nothing, since chance would
	 * have produced it too; alpha is 0/0 and reported as undefined rather than NaN. */
	if (out->expected <= 0) {
		out->undefined = AGREE_NO_VARIATION;
		goto done;
	}
	out->undefined = AGREE_DEFINED;
	out->alpha = 1 - out->observed / out->expected;
done:
	free(idx);
	free(marg);
	free(o);
	free(vals);
}

void
agreement_leniency(const int *data, size_t nunits, size_t ncoders, struct agreement_leniency *out)
{
	memset(out, 0, ncoders * sizeof *out);
	double *sum = xcalloc(ncoders + 1, sizeof *sum),
	       *sum_abs = xcalloc(ncoders + 1, sizeof *sum_abs);
	for (size_t u = 0; u < nunits; u++) {
		const int *row = data + u * ncoders;
		double total = 0;
		size_t m = 0;
		for (size_t c = 0; c < ncoders; c++)
			if (row[c] >= 0) {
				total += row[c];
				m++;
			}
		if (m < 2)
			continue;
		for (size_t c = 0; c < ncoders; c++) {
			if (row[c] < 0)
				continue;
			double others = (total - row[c]) / (double)(m - 1);
			double d = row[c] - others;
			sum[c] += d;
			sum_abs[c] += d < 0 ? -d : d;
			out[c].units++;
		}
	}
	for (size_t c = 0; c < ncoders; c++)
		if (out[c].units) {
			out[c].mean = sum[c] / (double)out[c].units;
			out[c].mean_abs = sum_abs[c] / (double)out[c].units;
		}
	free(sum);
	free(sum_abs);
}
