/* The fixture and helpers shared by tests/http/test_http_review_{rating,conflict,ranking}.c: the
 * rating form of the review board. */
#ifndef REVIEW_FIXTURE_H
#define REVIEW_FIXTURE_H

#include "harness.h"
#include "review_setup.h"

/* The test call with an attachment of P1, file included (DATA/files/ab/cdef…). */
void prepare(struct srv *s, struct review_call *v);

/* The page on which a member rates proposal p. */
const char *rate_path(const struct review_call *v, long p);

/* A complete rating form: every one of the five rated criteria with score and text. */
const char *full_form(int score, const char *text, const char *action);

/* Rates proposal p through the form and expects the redirect back. */
void rate(struct client *c, const struct review_call *v, long p, int score, const char *text,
          const char *action);

/* How many reviews member u wrote on proposal p. */
long review_count(struct srv *s, long p, long u);

#endif
