/* One violation of each rule that applies to a page; scripts/lint must report them all. */
#include "cli/commands.h"
#include <sqlite3.h>

static const char *q = "SELECT id FROM practice_fts WHERE practice_fts MATCH ?1";

void
planted_page(struct request *r)
{
	struct store *s = store_thread();
	store_begin(s);
	html_raw_trusted(h, "<b>");
	r->resp.body = 0;
	store_commit(s);
}

/* The writer's fields belong to src/html/html.c. */
struct html {
	int depth;
};
