/* The static copy's search index (search-index.json): each published practice's address
 * and the words a visitor may look for (title, summary, organisation, kind), newest
 * first. Small on purpose: assets/app.js fetches it when someone searches the copy. */
#include "cli/site.h"
#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "util/arena.h"

#include <jansson.h>
#include <stdlib.h>

int
site_search_index(struct store *s, struct buf *out)
{
	struct arena a = {0};
	struct practice_query q = {.sort = PRACTICE_SORT_NEWEST, .page = 1, .per_page = 100000};
	struct practice_result res;
	if (practice_search(s, &a, &q, &res) != PRACTICE_OK) {
		arena_free(&a);
		return -1;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < res.nhits; i++) {
		const struct practice_hit *h = &res.hits[i];
		const char *text =
		    arena_printf(&a, "%s %s %s %s", h->title, h->teaser, h->organisation_name,
		                 h->art.id ? term_label(&h->art, LANG_DE) : "");
		json_array_append_new(list, json_pack("{s:s, s:s}", "slug", h->slug, "text", text));
	}
	char *json = json_dumps(list, JSON_COMPACT);
	buf_puts(out, json);
	buf_putc(out, '\n');
	free(json);
	json_decref(list);
	arena_free(&a);
	return 0;
}
