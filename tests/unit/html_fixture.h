/* Shared by the unit tests of the HTML writer (test_html_*.c): a writer on a buffer of its
 * own, as the cmocka state of a test. */
#ifndef TESTS_UNIT_HTML_FIXTURE_H
#define TESTS_UNIT_HTML_FIXTURE_H
#include "html/html.h"
#include "util/arena.h"
#include "util/buf.h"

struct writer {
	struct buf out;
	struct arena arena;
	struct html *h;
};

/* cmocka setup: a new writer on an empty buffer. */
int setup_writer(void **state);
/* cmocka teardown: frees the writer, its buffer and arena. */
int teardown_writer(void **state);

#endif
