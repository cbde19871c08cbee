/* The fixture and helpers shared by tests/http/test_http_catalog_*.c: one server with the imported
 * practices. */
#ifndef CATALOG_FIXTURE_H
#define CATALOG_FIXTURE_H

#include "harness.h"

#define COMPLETE                                                                                   \
	" \"organisation_name\": \"IQ Testnetz\", \"implementation\": \"Umsetzung.\","             \
	" \"results\": \"Ergebnisse.\", \"transfer\": \"Transfer.\""

/* The group's server, started by group_setup. */
extern struct srv server;

/* An anonymous client of the group's server. */
extern struct client *web;

/* Slugs start with "cat-" so they cannot meet the demo's. The word "Zebrafink" is only in
 * practices nobody may see. */
extern const char seed[];

/* Writes json to a file in the server's folder and imports it with the command line; out takes its
 * output. */
int import_json(const char *json, char **out);

/* Starts the server and imports the seed. */
int group_setup(void **state);

/* Stops the group's server. */
int group_teardown(void **state);

/* GETs path and fails unless the status is want. */
void get_status(const char *path, long want, struct resp *r);

#endif
