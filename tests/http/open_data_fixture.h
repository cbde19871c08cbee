/* The fixture and helpers shared by tests/http/test_http_open_data_*.c: one seeded server, the
 * practices, and checks of the answers. */
#ifndef OPEN_DATA_FIXTURE_H
#define OPEN_DATA_FIXTURE_H

#include "harness.h"

/* The group's server, started by group_setup. */
extern struct srv server;

/* An anonymous client of the group's server. */
extern struct client *web;

/* Two published practices (one with a formula-like title), one unpublished, one archived,
 * and one published that a test unpublishes. Slugs start with "od-" so they cannot meet
 * the demo data's. */
extern const char seed[];

/* What no public answer may ever contain. */
extern const char *const hidden[];

/* Fails if the answer contains anything of the unpublished or archived practices. */
void assert_hidden(struct resp *r);

/* Starts the server and seeds the practices through $LEUCHTTURM_SEED. */
int group_setup(void **state);

/* Stops the group's server. */
int group_teardown(void **state);

/* GETs path and asserts 200 with a Content-Type starting with type. */
void get_ok(const char *path, struct resp *r, const char *type);

/* Runs a tool on the body written to a file: argv holds "FILE" where the path goes. */
int tool_on_body(const struct resp *r, const char *const *args, char **output);

/* Asserts that xmllint accepts the body. */
void assert_well_formed_xml(const struct resp *r);

#endif
