/* The ranking of a call for the coordination office: the proposals by weighted total with
 * the scores per criterion, sortable, kept in the response cache per viewer and review
 * generation; its CSV and XLSX export; and "ask one more member" where the raters
 * disagree. */
#include "domain/access.h"
#include "domain/review.h"
#include "domain/review_assign.h"
#include "export/table.h"
#include "html/cache.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROPOSALS 2000

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

/* ---- ask one more member ---- */

/* The requests for one more rating of call c, loaded once per ranking page. */
struct review_asks {
	const struct call *call;
	struct review_request *requests; /* by proposal */
	size_t n;
	bool open; /* ratings can still be given: the call is in review before its deadline */
};

static bool
ask_open(const struct call *c)
{
	return c->phase == PHASE_REVIEW && time_now() < c->review_until;
}

static void
asks_load(struct request *r, struct store *s, const struct call *c, struct review_asks *out)
{
	out->call = c;
	out->requests = review_requests(s, &r->arena, c->id, &out->n);
	out->open = ask_open(c);
}

static void
ask_cell(struct request *r, struct html *h, const struct review_asks *asks, int64_t proposal_id)
{
	bool any = false;
	for (size_t i = 0; i < asks->n; i++) {
		const struct review_request *q = &asks->requests[i];
		if (q->proposal_id != proposal_id)
			continue;
		html_open(h, "small", "class", "card-meta", NULL);
		html_void(h, "br", NULL);
		html_textf(h,
		           q->submitted ? tr(r, "Asked %s on %s: rated.")
		                        : tr(r, "Asked %s on %s: no rating yet."),
		           q->user_name, office_when(r, q->requested_at));
		html_close(h, "small");
		any = true;
	}
	if (!asks->open)
		return;
	widget_button_form(r, h,
	                   office_call_href(r, asks->call->id,
	                                    arena_printf(&r->arena, "/ranking/%lld/nachfragen",
	                                                 (long long)proposal_id)),
	                   any ? tr(r, "Ask another member") : tr(r, "Ask one more member"),
	                   "btn btn-secondary", NULL);
}

/* Asking one more member: who asks, about which proposal. */
struct ask_tx {
	int64_t actor, proposal_id;
};

static int
ask_body(struct store *s, void *arg)
{
	struct ask_tx *t = arg;
	return review_ask_extra(s, t->actor, t->proposal_id, NULL);
}

void
page_review_ask(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	int64_t pid;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct proposal p;
	/* Not this call's, or the office member is conflicted on it: not there for them. */
	if (!office_param_id(r, 1, &pid) || !proposal_find(s, &r->arena, pid, &p) ||
	    p.call_id != c.id || access_may_request_rating(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal, or you may not see it."));
		return;
	}
	const char *back = office_call_href(r, c.id, "/ranking");
	struct ask_tx t = {r->user->id, pid};
	int rc = store_tx(s, ask_body, &t);
	if (review_change_answer(r, rc, back,
	                         N_("One more member has been asked for a rating by e-mail; the "
	                            "ranking names them.")))
		http_redirect_error(r, back,
		                    rc == REVIEW_NOT_FOUND
		                        ? N_("Nobody is left to ask: every other member has rated "
		                             "this proposal, is conflicted or was asked already.")
		                        : review_result_message(rc));
}

/* ---- the ranking ---- */

struct ranking {
	struct review_rank_row *rows;
	size_t n;
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit;
	const char *sort;
	bool desc;
};

static bool
sort_key_valid(const struct ranking *k, const char *key)
{
	static const char *const fixed[] = {
	    "total", "title", "organisation", "ratings", "met", "disagreement", NULL};
	for (size_t i = 0; fixed[i]; i++)
		if (strcmp(fixed[i], key) == 0)
			return true;
	for (size_t i = 0; i < k->ncrit; i++)
		if (strcmp(k->crit[i].key, key) == 0)
			return true;
	return false;
}

/* Loads the ranking for the office (what the viewer is conflicted on left out) in the order
 * of the query's sort and order parameters. */
static void
load_ranking(struct request *r, struct store *s, const struct call *c, struct ranking *k)
{
	k->rows = arena_alloc(&r->arena, MAX_PROPOSALS * sizeof *k->rows);
	k->n = review_ranking(s, &r->arena, r->user, c->id, k->rows, MAX_PROPOSALS, k->crit,
	                      &k->ncrit);
	const char *sort = http_query(r, "sort"), *order = http_query(r, "order");
	k->sort = sort && sort_key_valid(k, sort) ? sort : "total";
	bool text = strcmp(k->sort, "title") == 0 || strcmp(k->sort, "organisation") == 0;
	k->desc = order ? strcmp(order, "asc") != 0 : !text;
	review_ranking_sort(k->rows, k->n, k->sort, k->desc);
}

static const char *
crit_label(struct request *r, const struct criterion *c)
{
	return c->parent_key[0] ? arena_printf(&r->arena, "– %s", criterion_label(c, r->lang))
	                        : criterion_label(c, r->lang);
}

static void
sort_header(struct request *r, struct html *h, const struct call *c, const struct ranking *k,
            const char *key, const char *label)
{
	bool active = strcmp(k->sort, key) == 0;
	bool text = strcmp(key, "title") == 0 || strcmp(key, "organisation") == 0;
	/* A click on the active column turns its order round; others start at their natural
	 * order (best first for numbers, A–Z for text). */
	bool next_desc = active ? !k->desc : !text;
	html_open(h, "th", "scope", "col", "aria-sort",
	          active ? (k->desc ? "descending" : "ascending") : NULL, NULL);
	struct buf href = BUF_INIT;
	buf_printf(&href, "/admin/ausschreibungen/%lld/ranking?sort=", (long long)c->id);
	url_encode(&href, key);
	buf_printf(&href, "&order=%s", next_desc ? "desc" : "asc");
	html_elem(h, "a", label, "href", arena_strdup(&r->arena, buf_str(&href)), NULL);
	buf_free(&href);
	html_close(h, "th");
}

static void
criterion_cell(struct request *r, struct html *h, const struct review_agg *g)
{
	html_open(h, "td", NULL);
	if (!g->n) {
		html_text(h, "–");
		html_close(h, "td");
		return;
	}
	/* Compact, so the table fits a laptop's width: a mark for met or not (its words for
	 * screen readers), the figures in small lines below. */
	html_elem(h, "strong", review_number(r, g->mean), NULL);
	html_text(h, " ");
	html_open(h, "span", "class", g->met ? "mark-met" : "mark-unmet", NULL);
	html_elem(h, "span", g->met ? "✓" : "✗", "aria-hidden", "true", NULL);
	html_elem(h, "span", g->met ? tr(r, "met") : tr(r, "not met"), "class", "visually-hidden",
	          NULL);
	html_close(h, "span");
	html_open(h, "small", "class", "cell-meta", NULL);
	html_textf(h, tr(r, "median %s, %s–%s, %d ratings"), review_number(r, g->median),
	           review_number(r, g->min), review_number(r, g->max), g->n);
	if (g->disagree)
		html_elem(h, "strong", tr(r, "Raters disagree"), NULL);
	html_close(h, "small");
	html_close(h, "td");
}

/* ---- a row's figures, kept ----
 * A rating changes one proposal's aggregates, and with it the review's generation, so the
 * whole kept table below is made again on the next request: 400 rows of figures, 850 KB,
 * most of the 20–40 ms that first request took (issue 14, point 4). The cells of a row's
 * figures (per criterion, all met, total, ratings) depend only on those figures and the
 * language, so they are kept by themselves under exactly these, and a new table writes the
 * 399 unchanged rows' cells from here. The rank, title and organisation, and the
 * disagreement's cell with its form (the CSRF token, who was asked) are written anew. */

#define ROW_SLOTS 2048

struct row_slot {
	uint64_t hash;
	struct buf key;
	struct html_fragment *cells;
};

static struct row_slot row_slots[ROW_SLOTS];
static pthread_mutex_t row_lock = PTHREAD_MUTEX_INITIALIZER;

static void
key_int(struct buf *k, int64_t v)
{
	buf_append(k, &v, sizeof v);
}

static void
key_double(struct buf *k, double v)
{
	buf_append(k, &v, sizeof v);
}

/* Everything the cells of row w's figures are made of. */
static void
row_key(struct request *r, const struct review_rank_row *w, struct buf *k)
{
	buf_reset(k);
	const char *lang = i18n_code(r->lang);
	buf_append(k, lang, strlen(lang) + 1);
	key_int(k, (int64_t)w->ncrit);
	for (size_t i = 0; i < w->ncrit; i++) {
		const struct review_agg *g = &w->crit[i];
		key_int(k, g->n);
		key_double(k, g->mean);
		key_double(k, g->median);
		key_double(k, g->min);
		key_double(k, g->max);
		key_int(k, g->met);
		key_int(k, g->disagree);
	}
	key_int(k, w->nratings);
	key_int(k, w->nabstain);
	key_int(k, w->all_met);
	key_double(k, w->total);
}

/* Writes the cells kept under k through h; false when none are. */
static bool
row_cells_get(const struct buf *k, struct html *h)
{
	uint64_t hash = str_hash(STR_HASH_SEED, k->data, k->len);
	struct row_slot *slot = &row_slots[hash % ROW_SLOTS];
	bool hit = false;
	pthread_mutex_lock(&row_lock);
	if (slot->cells && slot->hash == hash && slot->key.len == k->len &&
	    memcmp(slot->key.data, k->data, k->len) == 0) {
		html_fragment_append(h, slot->cells, NULL, NULL);
		hit = true;
	}
	pthread_mutex_unlock(&row_lock);
	return hit;
}

/* Keeps cells under k (taken over), in place of what the slot held. */
static void
row_cells_put(const struct buf *k, struct html_fragment *cells)
{
	uint64_t hash = str_hash(STR_HASH_SEED, k->data, k->len);
	struct row_slot *slot = &row_slots[hash % ROW_SLOTS];
	pthread_mutex_lock(&row_lock);
	html_fragment_free(slot->cells);
	slot->cells = cells;
	slot->hash = hash;
	buf_reset(&slot->key);
	buf_append(&slot->key, k->data, k->len);
	pthread_mutex_unlock(&row_lock);
}

static void
row_cells(struct request *r, struct html *h, const struct review_rank_row *w)
{
	for (size_t j = 0; j < w->ncrit; j++)
		criterion_cell(r, h, &w->crit[j]);
	html_elem(h, "td", w->nratings ? (w->all_met ? tr(r, "yes") : tr(r, "no")) : "–", NULL);
	html_elem(h, "td", w->nratings ? review_number(r, w->total) : "–", NULL);
	html_open(h, "td", NULL);
	html_textf(h, "%d", w->nratings);
	if (w->nabstain) {
		html_text(h, " ");
		html_textf(h, trn(r, "(+%d abstention)", "(+%d abstentions)", w->nabstain),
		           w->nabstain);
	}
	html_close(h, "td");
}

/* The first column's header: the rank's order is the table's, so it has no column of its
 * own; the proposal and its organisation share one, each sortable. */
static void
proposal_header(struct request *r, struct html *h, const struct call *c, const struct ranking *k)
{
	static const char *const keys[] = {"title", "organisation"};
	const char *labels[] = {tr(r, "Proposal"), tr(r, "Organisation")};
	const char *sorted = NULL;
	for (int i = 0; i < 2; i++)
		if (strcmp(k->sort, keys[i]) == 0)
			sorted = k->desc ? "descending" : "ascending";
	html_open(h, "th", "scope", "col", "aria-sort", sorted, NULL);
	for (int i = 0; i < 2; i++) {
		bool active = strcmp(k->sort, keys[i]) == 0;
		const char *href =
		    arena_printf(&r->arena, "/admin/ausschreibungen/%lld/ranking?sort=%s&order=%s",
		                 (long long)c->id, keys[i], active && !k->desc ? "desc" : "asc");
		if (i)
			html_open(h, "small", "class", "cell-meta", NULL);
		html_elem(h, "a", labels[i], "href", href, NULL);
		if (i)
			html_close(h, "small");
	}
	html_close(h, "th");
}

static void
ranking_table(struct request *r, struct html *h, const struct call *c, const struct ranking *k,
              const struct review_asks *asks)
{
	html_open(h, "div", "class", "table-wrap", "tabindex", "0", NULL);
	html_open(h, "table", "class", "table table-compact table-sticky", NULL);
	html_open(h, "caption", NULL);
	html_textf(h, trn(r, "%zu proposal", "%zu proposals", (long)k->n), k->n);
	html_close(h, "caption");
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	proposal_header(r, h, c, k);
	for (size_t i = 0; i < k->ncrit; i++)
		sort_header(r, h, c, k, k->crit[i].key, crit_label(r, &k->crit[i]));
	sort_header(r, h, c, k, "met", tr(r, "All criteria met"));
	sort_header(r, h, c, k, "total", tr(r, "Weighted total"));
	sort_header(r, h, c, k, "ratings", tr(r, "Ratings"));
	sort_header(r, h, c, k, "disagreement", tr(r, "Disagreement"));
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	struct buf key = BUF_INIT;
	for (size_t i = 0; i < k->n; i++) {
		const struct review_rank_row *w = &k->rows[i];
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_textf(h, "%zu. ", i + 1);
		html_elem(
		    h, "a", w->title[0] ? w->title : tr(r, "(untitled)"), "href",
		    arena_printf(&r->arena, "/gremium/vorschlag/%lld", (long long)w->proposal_id),
		    NULL);
		html_elem(h, "small", w->organisation_name, "class", "cell-meta", NULL);
		html_close(h, "th");
		row_key(r, w, &key);
		if (!row_cells_get(&key, h)) {
			html_piece_begin(h);
			row_cells(r, h, w);
			struct html_fragment *cells = html_piece_take(h);
			if (cells)
				row_cells_put(&key, cells);
		}
		html_open(h, "td", NULL);
		if (w->disagree) {
			html_elem(h, "span", tr(r, "Raters disagree"), "class",
			          "badge badge-review", NULL);
			/* review_office_progress.c: who was asked, and "Ask one more member". */
			ask_cell(r, h, asks, w->proposal_id);
		} else
			html_text(h, "–");
		html_close(h, "td");
		html_close(h, "tr");
	}
	buf_free(&key);
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

/* The page below the review's navigation: the explanation, the downloads and the table.
 * It depends on the data (the review's generation), the call, the viewer (conflicts leave
 * proposals out), the sort and order asked for, the language, and whether "ask one more
 * member" is open (the call's phase and review deadline, review_office_progress.c) — nothing
 * else but the CSRF token of its forms, which fragment_get writes per request. */
static void
ranking_body(struct request *r, struct store *s, const struct call *c, struct html *h)
{
	struct ranking k;
	load_ranking(r, s, c, &k);
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	html_open(h, "p", NULL);
	html_textf(h,
	           tr(r, "Counted are the submitted ratings of the board's members who are not "
	                 "conflicted. A criterion is met when its mean is at least %s; the "
	                 "criterion with aspects takes the weighted mean of its aspects. Raters "
	                 "disagree where their scores on a criterion are %d or more levels apart."),
	           review_number(r, set.threshold), REVIEW_SPREAD);
	html_close(h, "p");
	html_open(h, "p", "class", "actions", NULL);
	struct buf q = BUF_INIT;
	buf_puts(&q, "?sort=");
	url_encode(&q, k.sort);
	buf_printf(&q, "&order=%s", k.desc ? "desc" : "asc");
	html_elem(
	    h, "a", tr(r, "Download as CSV"), "class", "btn btn-secondary", "href",
	    office_call_href(r, c->id, arena_printf(&r->arena, "/ranking.csv%s", buf_str(&q))),
	    NULL);
	html_elem(
	    h, "a", tr(r, "Download as Excel (XLSX)"), "class", "btn btn-secondary", "href",
	    office_call_href(r, c->id, arena_printf(&r->arena, "/ranking.xlsx%s", buf_str(&q))),
	    NULL);
	buf_free(&q);
	html_close(h, "p");
	if (!k.n)
		html_elem(h, "p", tr(r, "There are no proposals to rank in this call yet."),
		          "class", "muted", NULL);
	else {
		struct review_asks asks;
		asks_load(r, s, c, &asks);
		ranking_table(r, h, c, &k, &asks);
	}
}

/* The key ranking_body's output is kept under: everything it depends on (see there). The
 * generation is read before the ranking, so what is kept is at least that new. A missing
 * parameter and an empty one are told apart ("-" against "=" before the value). */
/* A sort name the ranking can mean: a fixed column or one of the call's criteria. */
static bool
sort_name_known(struct request *r, struct store *s, const struct call *c, const char *name)
{
	struct ranking k = {.ncrit = 0};
	k.ncrit = call_criteria(s, &r->arena, c->id, k.crit, sizeof k.crit / sizeof k.crit[0]);
	return sort_key_valid(&k, name);
}

static const char *
ranking_key(struct request *r, struct store *s, const struct call *c)
{
	int64_t generation;
	char instance[40];
	review_state(s, &generation, instance, sizeof instance);
	/* The order as load_ranking will understand it, so made-up values neither miss the
	 * cache nor fill it: a known sort key (or none), and asc, desc or the default. */
	const char *sort = http_query(r, "sort"), *order = http_query(r, "order");
	if (sort && !sort_name_known(r, s, c, sort))
		sort = NULL;
	const char *dir = !order ? "" : strcmp(order, "asc") == 0 ? "asc" : "desc";
	return arena_printf(&r->arena, "%s\n%lld\n%lld\n%lld\n%s\n%d%d\n%s\n%s", instance,
	                    (long long)generation, (long long)c->id, (long long)r->user->id,
	                    i18n_code(r->lang), (int)c->phase, time_now() < c->review_until,
	                    sort ? sort : "", dir);
}

/* A private, weak ETag over the page as sent: the bytes rendered per request (navigation,
 * token, notices) and, for the kept part between head and tail, its key and token, which
 * decide its bytes. So a 304 and the server's kept gzip form are never another page's. */
static void
ranking_etag(struct request *r, const char *key, const char *token, size_t head, size_t tail)
{
	const struct buf *b = http_body(r);
	uint64_t h = STR_HASH_SEED;
	h = str_hash(h, LEUCHTTURM_VERSION, strlen(LEUCHTTURM_VERSION) + 1);
	h = str_hash(h, b->data, head);
	h = str_hash(h, key, strlen(key) + 1);
	h = str_hash(h, token, strlen(token) + 1);
	h = str_hash(h, b->data + tail, b->len - tail);
	r->resp.etag = arena_printf(&r->arena, "W/\"%016llx\"", (unsigned long long)h);
	/* Kept by the browser for this person only, asked again each time (304 when unchanged). */
	http_set_header(r, "Cache-Control", "private, no-cache");
}

/* The ranking page. A full call's ranking (400 proposals) reads one row of stored
 * aggregates per proposal (domain/ranking.c) and writes 700 KB; the office reloads it
 * often while nothing changes, so the part below the navigation is kept (html/cache.c)
 * until the review's generation moves on, per viewer, and only the navigation with its
 * token is written anew. */
void
page_review_ranking(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct html *h = review_begin(r, &c, tr(r, "Ranking"));
	const char *key = ranking_key(r, s, &c), *token = http_csrf(r);
	size_t head = http_body(r)->len;
	if (!cache_get(key, token, h)) {
		html_fragment_begin(h);
		ranking_body(r, s, &c, h);
		struct html_fragment *f = html_fragment_take(h);
		if (f)
			cache_put(key, token, f);
	}
	size_t tail = http_body(r)->len;
	layout_end(r, h);
	if (r->resp.status == 200)
		ranking_etag(r, key, token, head, tail);
}

/* The export's numbers: "2.33" whatever the language (spreadsheets parse them). */
static const char *
num(struct request *r, double v)
{
	return arena_printf(&r->arena, "%.2f", v);
}

#define FIXED_BEFORE 4 /* rank, id, title, organisation */
#define PER_CRITERION 6
#define FIXED_AFTER 5 /* all met, total, ratings, abstentions, disagreement */

static void
ranking_table_export(struct request *r, const struct ranking *k, struct table *t)
{
	size_t ncols = FIXED_BEFORE + PER_CRITERION * k->ncrit + FIXED_AFTER;
	struct table_column *cols = arena_calloc(&r->arena, ncols * sizeof *cols);
	size_t c = 0;
	cols[c++] = (struct table_column){tr(r, "Rank"), TABLE_NUMBER, 6};
	cols[c++] = (struct table_column){tr(r, "Proposal no."), TABLE_NUMBER, 10};
	cols[c++] = (struct table_column){tr(r, "Proposal"), TABLE_TEXT, 40};
	cols[c++] = (struct table_column){tr(r, "Organisation"), TABLE_TEXT, 30};
	for (size_t i = 0; i < k->ncrit; i++) {
		const char *l = criterion_label(&k->crit[i], r->lang);
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: mean"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: median"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: minimum"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: maximum"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: ratings"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: met"), l),
		                                  TABLE_TEXT, 8};
	}
	cols[c++] = (struct table_column){tr(r, "All criteria met"), TABLE_TEXT, 10};
	cols[c++] = (struct table_column){tr(r, "Weighted total"), TABLE_NUMBER, 10};
	cols[c++] = (struct table_column){tr(r, "Ratings"), TABLE_NUMBER, 8};
	cols[c++] = (struct table_column){tr(r, "Abstentions"), TABLE_NUMBER, 8};
	cols[c++] = (struct table_column){tr(r, "Disagreement"), TABLE_TEXT, 12};
	table_init(t, cols, ncols);
	for (size_t i = 0; i < k->n; i++) {
		const struct review_rank_row *w = &k->rows[i];
		const char **cell = table_add_row(t);
		size_t j = 0;
		cell[j++] = arena_printf(&r->arena, "%zu", i + 1);
		cell[j++] = id_text(r, w->proposal_id);
		cell[j++] = w->title;
		cell[j++] = w->organisation_name;
		for (size_t x = 0; x < w->ncrit; x++) {
			const struct review_agg *g = &w->crit[x];
			cell[j++] = g->n ? num(r, g->mean) : NULL;
			cell[j++] = g->n ? num(r, g->median) : NULL;
			cell[j++] = g->n ? num(r, g->min) : NULL;
			cell[j++] = g->n ? num(r, g->max) : NULL;
			cell[j++] = arena_printf(&r->arena, "%d", g->n);
			cell[j++] = g->n ? (g->met ? tr(r, "yes") : tr(r, "no")) : NULL;
		}
		cell[j++] = w->nratings ? (w->all_met ? tr(r, "yes") : tr(r, "no")) : NULL;
		cell[j++] = w->nratings ? num(r, w->total) : NULL;
		cell[j++] = arena_printf(&r->arena, "%d", w->nratings);
		cell[j++] = arena_printf(&r->arena, "%d", w->nabstain);
		cell[j++] = w->disagree ? tr(r, "Raters disagree") : NULL;
	}
}

static void
export_headers(struct request *r, const struct call *c, const char *ext)
{
	http_set_header(r, "Content-Disposition",
	                arena_printf(&r->arena, "attachment; filename=\"ranking-%lld.%s\"",
	                             (long long)c->id, ext));
	/* Confidential: never kept by a shared cache or the browser's. */
	http_set_header(r, "Cache-Control", "private, no-store");
}

void
page_review_ranking_csv(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct ranking k;
	load_ranking(r, s, &c, &k);
	struct table t;
	ranking_table_export(r, &k, &t);
	struct buf body = BUF_INIT;
	table_csv(&body, &t);
	export_headers(r, &c, "csv");
	http_send(r, 200, "text/csv; charset=utf-8; header=present", body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

void
page_review_ranking_xlsx(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct ranking k;
	load_ranking(r, s, &c, &k);
	struct table t;
	ranking_table_export(r, &k, &t);
	struct buf body = BUF_INIT;
	if (table_xlsx(&body, &t, tr(r, "Ranking"), c.updated_at ? c.updated_at : 1) != 0) {
		http_fail_with(r, N_("The spreadsheet could not be made."));
	} else {
		export_headers(r, &c, "xlsx");
		http_send(r, 200,
		          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		          body.data, body.len);
	}
	buf_free(&body);
	table_free(&t);
}
