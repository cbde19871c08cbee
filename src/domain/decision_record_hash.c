/* The hash of each decision version (its canonical form, recorded in the audit chain) and
 * the re-check of every stored version against the chain (decision_verify). */
#include "domain/decision.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/str.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_text(const void *a, const void *b)
{
	int64_t x = ((const struct decision_text *)a)->criterion_id,
	        y = ((const struct decision_text *)b)->criterion_id;
	return (x > y) - (x < y);
}

static int
cmp_ballot(const void *a, const void *b)
{
	int64_t x = ((const struct decision_ballot *)a)->user_id,
	        y = ((const struct decision_ballot *)b)->user_id;
	return (x > y) - (x < y);
}

void
decision_record_hash(char out[65], int64_t proposal_id, const struct decision_version *v)
{
	struct decision_text just[REVIEW_MAX_CRITERIA];
	struct decision_ballot votes[DECISION_MAX_MEMBERS];
	memcpy(just, v->just, v->njust * sizeof *just);
	memcpy(votes, v->votes, v->nvotes * sizeof *votes);
	qsort(just, v->njust, sizeof *just, cmp_text);
	qsort(votes, v->nvotes, sizeof *votes, cmp_ballot);
	json_t *j = json_array(), *vt = json_array();
	for (size_t i = 0; i < v->njust; i++)
		json_array_append_new(
		    j, json_pack("[I,s]", (json_int_t)just[i].criterion_id, just[i].body));
	for (size_t i = 0; i < v->nvotes; i++)
		json_array_append_new(vt, json_pack("[I,s]", (json_int_t)votes[i].user_id,
		                                    decision_vote_name(votes[i].vote)));
	json_t *o =
	    json_pack("{s:I,s:I,s:s,s:s,s:I,s:b,s:s,s:s,s:I,s:I,s:o,s:o}", "proposal",
	              (json_int_t)proposal_id, "version", (json_int_t)v->number, "outcome",
	              proposal_state_name(v->outcome), "conditions", v->conditions, "target_call",
	              (json_int_t)v->target_call_id, "all_met", v->all_met, "deviation_reason",
	              v->deviation_reason, "amendment_reason", v->amendment_reason, "created_by",
	              (json_int_t)v->created_by, "created_at", (json_int_t)v->created_at,
	              "justifications", j, "votes", vt);
	/* Only where there is one: the versions made before the vote rule keep their hash. */
	if (v->vote_reason && v->vote_reason[0])
		json_object_set_new(o, "vote_reason", json_string(v->vote_reason));
	char *canon = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)canon, strlen(canon));
	str_hex(out, digest, sizeof digest);
	free(canon);
	json_decref(o);
}

/* ---- verification ---- */

static const struct store_query q_verify_versions = {
    "decision_verify_versions",
    "SELECT d.proposal_id, v.number, v.record_hash FROM decision_version v "
    "JOIN decision d ON d.id = v.decision_id ORDER BY d.proposal_id, v.number"};
static const struct store_query q_verify_events = {
    "decision_verify_events",
    "SELECT object, details FROM audit_event WHERE action IN ('decision.record', "
    "'decision.amend') ORDER BY seq"};

struct recorded {
	int64_t proposal_id, number;
	char hash[65];
	bool seen; /* a stored version answers to it */
};

static int
cmp_recorded(const void *a, const void *b)
{
	const struct recorded *x = a, *y = b;
	if (x->proposal_id != y->proposal_id)
		return (x->proposal_id > y->proposal_id) - (x->proposal_id < y->proposal_id);
	return (x->number > y->number) - (x->number < y->number);
}

/* The hashes the audit chain recorded for each version. */
static struct recorded *
recorded_hashes(struct store *s, size_t *n)
{
	size_t cap = 64;
	struct recorded *rec = xmalloc(cap * sizeof *rec);
	*n = 0;
	struct stmt *st = store_stmt(s, &q_verify_events);
	while (stmt_step(st) == STORE_ROW) {
		long long pid = 0;
		if (sscanf(stmt_text(st, 0), "proposal:%lld", &pid) != 1)
			continue;
		json_t *d = json_loads(stmt_text(st, 1), 0, NULL);
		json_int_t number = 0;
		const char *hash = NULL;
		if (d && json_unpack(d, "{s:I,s:s}", "version", &number, "record", &hash) == 0 &&
		    strlen(hash) == 64) {
			if (*n == cap)
				rec = xrealloc(rec, (cap *= 2) * sizeof *rec);
			rec[*n] = (struct recorded){pid, number, "", false};
			memcpy(rec[*n].hash, hash, 65);
			(*n)++;
		}
		json_decref(d);
	}
	stmt_done(st);
	qsort(rec, *n, sizeof *rec, cmp_recorded);
	return rec;
}

int64_t
decision_verify(struct store *s, int64_t *checked, int64_t *bad_proposal, int64_t *bad_version)
{
	size_t nrec;
	struct recorded *rec = recorded_hashes(s, &nrec);
	/* The stored versions, read first: decision_find below reuses statements. */
	size_t cap = 64, n = 0;
	struct recorded *ver = xmalloc(cap * sizeof *ver);
	struct stmt *st = store_stmt(s, &q_verify_versions);
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap)
			ver = xrealloc(ver, (cap *= 2) * sizeof *ver);
		ver[n] = (struct recorded){stmt_int(st, 0), stmt_int(st, 1), "", false};
		snprintf(ver[n].hash, sizeof ver[n].hash, "%s", stmt_text(st, 2));
		n++;
	}
	stmt_done(st);

	int64_t bad = 0, nchecked = 0;
	int64_t last_pid = 0;
	struct arena a = {0};
	struct decision d = {0};
	for (size_t i = 0; i < n; i++) {
		if (ver[i].proposal_id != last_pid) {
			arena_free(&a);
			decision_find(s, &a, ver[i].proposal_id, &d);
			last_pid = ver[i].proposal_id;
		}
		const struct decision_version *v = NULL;
		for (size_t k = 0; k < d.nversions; k++)
			if (d.versions[k].number == ver[i].number)
				v = &d.versions[k];
		char now[65] = "";
		if (v)
			decision_record_hash(now, ver[i].proposal_id, v);
		struct recorded *r = bsearch(&ver[i], rec, nrec, sizeof *rec, cmp_recorded);
		if (r)
			r->seen = true;
		bool ok = v && r && strcmp(now, r->hash) == 0 && strcmp(now, ver[i].hash) == 0;
		nchecked++;
		if (!ok && !bad++) {
			if (bad_proposal)
				*bad_proposal = ver[i].proposal_id;
			if (bad_version)
				*bad_version = ver[i].number;
		}
	}
	/* A version the chain knows of but the tables lost (deleted behind our back). */
	for (size_t i = 0; i < nrec; i++)
		if (!rec[i].seen && !bad++) {
			if (bad_proposal)
				*bad_proposal = rec[i].proposal_id;
			if (bad_version)
				*bad_version = rec[i].number;
		}
	arena_free(&a);
	free(ver);
	free(rec);
	if (checked)
		*checked = nchecked;
	return bad;
}
