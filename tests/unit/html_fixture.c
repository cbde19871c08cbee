/* The fixture of the HTML writer's tests (html_fixture.h). */
#include "html_fixture.h"
#include "html/html.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>

/* A new writer on an empty buffer. */
int
setup_writer(void **state)
{
	struct writer *w = calloc(1, sizeof *w);
	w->h = html_new(&w->arena, &w->out);
	*state = w;
	return 0;
}

/* Frees the writer, its buffer and arena. */
int
teardown_writer(void **state)
{
	struct writer *w = *state;
	buf_free(&w->out);
	arena_free(&w->arena);
	free(w);
	return 0;
}
